//! The Askerguiden's section: the ten-chapter integration guide whose
//! protocol the youth and the særkontakt sign chapter by chapter (seed 000,
//! attachment 8). The program never signs: a signature is recorded here
//! after it was made on paper.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::diagnostic::Code;

/// Chapters of the Askerguiden.
pub const GUIDE_CHAPTERS: usize = 10;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// The progress of one Askerguiden chapter.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct GuideChapter {
        /// Chapter number, 1–10.
        #[schemars(range(min = 1, max = 10))]
        pub nr: u32,
        /// When the chapter was gone through, optional.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub gjennomgatt: Option<Text>,
        /// The youth signed the paper protocol.
        #[serde(default)]
        pub signert_ungdom: bool,
        /// The særkontakt signed the paper protocol.
        #[serde(default)]
        pub signert_saerkontakt: bool,
        /// The day it was signed on paper (required when signed).
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub signert_dato: Option<Text>,
        /// When the chapter was documented in the journal (Gerica).
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub gerica: Option<Text>,
        /// A short comment, optional.
        #[serde(default)]
        pub kommentar: Option<Text>,
    }

    /// The Askerguiden: the 10-chapter guide whose protocol the youth and
    /// the særkontakt sign chapter by chapter.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Askerguiden {
        /// Print date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// When the booklet was handed out.
        #[schemars(with = "DateText")]
        pub utdelt: Text,
        /// Progress per chapter (chapters not listed have not been started).
        #[serde(default)]
        pub kapitler: Vec<GuideChapter>,
    }
}

/// The progress of one chapter.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// `nr`: 1–10.
    pub nr: u32,
    /// `gjennomgatt`: when it was gone through.
    pub reviewed: Option<NaiveDate>,
    /// `signert_ungdom`: the youth signed on paper.
    pub signed_by_youth: bool,
    /// `signert_saerkontakt`: the særkontakt signed on paper.
    pub signed_by_key_worker: bool,
    /// `signert_dato`: the day it was signed on paper.
    pub signed_on: Option<NaiveDate>,
    /// `gerica`: when it was documented in the journal.
    pub journalled: Option<NaiveDate>,
    /// `kommentar`.
    pub comment: Option<String>,
}

impl Chapter {
    /// Done: signed by both.
    pub fn done(&self) -> bool {
        self.signed_by_youth && self.signed_by_key_worker
    }
}

/// The Askerguiden's progress.
#[derive(Debug, Clone)]
pub struct Askerguiden {
    /// `dato`: the print date.
    pub date: Option<NaiveDate>,
    /// `utdelt`: when the booklet was handed out.
    pub handed_out: NaiveDate,
    /// `kapitler`: the chapters started.
    pub chapters: Vec<Chapter>,
}

impl Askerguiden {
    /// The progress of chapter `nr`, if it was started.
    pub fn chapter(&self, nr: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|k| k.nr == nr)
    }
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, g: &raw::Askerguiden) -> Askerguiden {
    let p = "askerguiden";
    let date = g
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let handed_out = c.date(&g.utdelt, &format!("{p}.utdelt"));
    let mut seen: Vec<u32> = Vec::new();
    let mut chapters = Vec::new();
    for (i, k) in g.kapitler.iter().enumerate() {
        let field = format!("{p}.kapitler[{i}]");
        // Anchor messages at the first located value of the chapter.
        let anchor = k
            .gjennomgatt
            .as_ref()
            .or(k.signert_dato.as_ref())
            .or(k.gerica.as_ref())
            .or(k.kommentar.as_ref())
            .unwrap_or(&g.utdelt);
        let err = |c: &mut Checker, code: Code, sub: &str, msg: String, hint: &str| {
            c.error(code, anchor, &format!("{field}{sub}"), msg, hint);
        };
        if !(1..=GUIDE_CHAPTERS as u32).contains(&k.nr) {
            err(
                c,
                Code::UnknownReference,
                ".nr",
                format!("there is no chapter {}", k.nr),
                "chapters are numbered 1 to 10",
            );
        } else if seen.contains(&k.nr) {
            err(
                c,
                Code::Duplicate,
                ".nr",
                format!("chapter {} is listed twice", k.nr),
                "list each chapter once",
            );
        }
        seen.push(k.nr);
        let reviewed = k
            .gjennomgatt
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.gjennomgatt")));
        let signed = k
            .signert_dato
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.signert_dato")));
        let journalled = k
            .gerica
            .as_ref()
            .and_then(|d| c.date(d, &format!("{field}.gerica")));
        if (k.signert_ungdom || k.signert_saerkontakt) && k.signert_dato.is_none() {
            err(
                c,
                Code::MissingField,
                ".signert_dato",
                format!(
                    "chapter {} is marked signed without the date it was signed",
                    k.nr
                ),
                "add `signert_dato:` from the paper protocol; the program never makes up a signature",
            );
        }
        if let (Some(s), Some(r)) = (signed, reviewed)
            && s < r
        {
            err(
                c,
                Code::DateOrder,
                ".signert_dato",
                format!("chapter {} is signed before it was gone through", k.nr),
                &format!("{field}.signert_dato must be on or after {field}.gjennomgatt"),
            );
        }
        if let (Some(gd), Some(r)) = (journalled, reviewed)
            && gd < r
        {
            err(
                c,
                Code::DateOrder,
                ".gerica",
                format!(
                    "chapter {} is documented in the journal before it was gone through",
                    k.nr
                ),
                &format!("{field}.gerica must be on or after {field}.gjennomgatt"),
            );
        }
        if let (Some(r), Some(h)) = (reviewed, handed_out)
            && r < h
        {
            err(
                c,
                Code::DateOrder,
                ".gjennomgatt",
                format!(
                    "chapter {} is gone through before the booklet was handed out",
                    k.nr
                ),
                "check askerguiden.utdelt and the chapter's date",
            );
        }
        let comment = c.opt_text(k.kommentar.as_ref(), &format!("{field}.kommentar"));
        chapters.push(Chapter {
            nr: k.nr,
            reviewed,
            signed_by_youth: k.signert_ungdom,
            signed_by_key_worker: k.signert_saerkontakt,
            signed_on: signed,
            journalled,
            comment,
        });
    }
    Askerguiden {
        date,
        handed_out: handed_out.unwrap_or_default(),
        chapters,
    }
}

/// The journal note of one signed chapter, in the profile's målform: what
/// the særkontakt pastes into the journal system's protocol template
/// («Særkontakten skal dokumentere i mal for protokoll i Gerica for hvert
/// kapittel som gjennomgås», seed 000). Plain text, one fact per line.
pub fn journal_note(
    case: &crate::case::Case,
    muni: &crate::case::Municipality,
    chapter: &Chapter,
) -> String {
    let nn = muni.nynorsk();
    let title = muni
        .guide_chapters
        .get((chapter.nr as usize).wrapping_sub(1))
        .map(String::as_str)
        .unwrap_or_default();
    let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let key_worker = case.staff(case.saerkontakt);
    let mut lines = vec![format!("Askerguiden – kapittel {}: {title}", chapter.nr)];
    lines.push(format!("Ungdom: {}", case.youth.name()));
    if let Some(d) = chapter.reviewed {
        lines.push(format!("Gjennomgått: {}", date(d)));
    }
    let who = match (chapter.signed_by_youth, chapter.signed_by_key_worker, nn) {
        (true, true, false) => "ungdommen og særkontakten",
        (true, true, true) => "ungdomen og særkontakten",
        (true, false, false) => "ungdommen",
        (true, false, true) => "ungdomen",
        (false, true, _) => "særkontakten",
        (false, false, _) => "",
    };
    if !who.is_empty() {
        let on = chapter
            .signed_on
            .map(|d| format!(" {}", date(d)))
            .unwrap_or_default();
        lines.push(if nn {
            format!("Signert av {who}{on}, på papir i protokollen bak i heftet.")
        } else {
            format!("Signert av {who}{on}, på papir i protokollen bakerst i heftet.")
        });
    }
    lines.push(format!("Særkontakt: {}", key_worker.name));
    if let Some(c) = &chapter.comment {
        lines.push(format!("Kommentar: {c}"));
    }
    lines.join("\n")
}
