//! Translations into the youth's own language (issue 18): message
//! catalogues in Project Fluent's format, one per language, in the template
//! folder (`sprak/<code>.ftl`), beside the Norwegian source of the same
//! messages (`sprak/nb.ftl`), and what is known of each translation
//! (`sprak/sprak.yaml`: who translated it and when, and whether someone who
//! reads the language has checked it).
//!
//! A catalogue must have every message id of the Norwegian source and no
//! other; a missing id is an error naming the language and the id, never a
//! silent fallback. Case values are Fluent variables (`{ $fornavn }`):
//! Fluent puts them between Unicode isolates (FSI … PDI), so a Latin name
//! inside an Arabic sentence keeps its order, and the result is escaped by
//! the template like any other value. Every character of a catalogue must
//! have a glyph in the bundled fonts.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::Deserialize;

use crate::assets::TemplateStore;
use crate::case::located::Text;
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::error::{Error, Result};

/// The catalogue every other must match: the Norwegian source.
pub const SOURCE: &str = "nb";

/// The metadata file.
const META: &str = "sprak/sprak.yaml";

mod raw {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Names {
        pub nb: Text,
        pub nn: Text,
        /// In the language itself.
        pub eget: Text,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Who {
        pub av: Text,
        pub dato: Text,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Language {
        pub kode: Text,
        pub navn: Names,
        /// `ltr` or `rtl`.
        pub retning: Text,
        pub oversatt: Who,
        #[serde(default)]
        pub kontrollert: Option<Who>,
        /// Other codes a case may give for the language (`fa` for Dari).
        #[serde(default)]
        pub andre_koder: Vec<Text>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Meta {
        pub sprak: Vec<Language>,
    }
}

/// A language a document can be translated into.
#[derive(Debug, Clone)]
pub struct Language {
    /// `kode`: the language code (`en`, `ar`, `ti`, …).
    pub code: String,
    /// `navn.nb`, `navn.nn`: its Norwegian name.
    pub name_nb: String,
    /// `navn.nn`.
    pub name_nn: String,
    /// `navn.eget`: its name in itself.
    pub own_name: String,
    /// `retning: rtl`.
    pub rtl: bool,
    /// `oversatt`: who translated it, and when.
    pub translated: (String, NaiveDate),
    /// `kontrollert`: who checked it, and when; `None` while unchecked.
    pub checked: Option<(String, NaiveDate)>,
    /// `andre_koder`: other codes for it in case files.
    pub other_codes: Vec<String>,
}

impl Language {
    /// Whether a case's language code (`ungdom.sprak[].kode`) is this one.
    pub fn answers_to(&self, code: &str) -> bool {
        self.code == code || self.other_codes.iter().any(|c| c == code)
    }
}

/// A checked catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// What is known of the language and the translation.
    pub language: Language,
    /// The file's text (parsed again for each document: small, and a
    /// Fluent bundle cannot be shared between threads).
    source: String,
    /// Its file name, for messages.
    file: String,
}

fn located(file: &str, loc: Option<Loc>, field: &str, msg: String, hint: &str) -> Diagnostic {
    Diagnostic::error(Code::Input, msg)
        .in_file(file)
        .at(loc)
        .field(field)
        .hint(hint)
}

/// The line and column of a byte offset.
fn loc_of(text: &str, offset: usize) -> Loc {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Loc {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

/// Every language of the metadata file, checked.
pub(crate) fn languages(store: &TemplateStore) -> Result<Vec<Language>> {
    let file = format!("{}/{META}", store.root_label);
    let bytes = store.get(META).ok_or_else(|| {
        Error::one(
            Diagnostic::error(Code::Input, "the template folder has no list of languages")
                .in_file(file.clone())
                .hint("add sprak/sprak.yaml (see the bundled templates)"),
        )
    })?;
    let meta: raw::Meta = crate::case::load::parse_yaml(bytes, &file)?;
    let mut c = crate::case::check::Checker::new(&file);
    let mut out = Vec::new();
    for (i, l) in meta.sprak.iter().enumerate() {
        let f = format!("sprak[{i}]");
        let rtl = match l.retning.as_str() {
            "rtl" => true,
            "ltr" => false,
            _ => {
                c.error(
                    Code::UnknownValue,
                    &l.retning,
                    &format!("{f}.retning"),
                    "unknown direction",
                    "write ltr (left to right) or rtl (right to left: Arabic, Dari, Pashto)",
                );
                false
            }
        };
        let who = |c: &mut crate::case::check::Checker, w: &raw::Who, field: &str| {
            (
                c.text(&w.av, &format!("{field}.av")),
                c.date(&w.dato, &format!("{field}.dato"))
                    .unwrap_or_default(),
            )
        };
        out.push(Language {
            code: c.short_id(&l.kode, &format!("{f}.kode"), "a language code", "ti"),
            name_nb: c.text(&l.navn.nb, &format!("{f}.navn.nb")),
            name_nn: c.text(&l.navn.nn, &format!("{f}.navn.nn")),
            own_name: c.text(&l.navn.eget, &format!("{f}.navn.eget")),
            rtl,
            translated: who(&mut c, &l.oversatt, &format!("{f}.oversatt")),
            checked: l
                .kontrollert
                .as_ref()
                .map(|w| who(&mut c, w, &format!("{f}.kontrollert"))),
            other_codes: c.texts(&l.andre_koder, &format!("{f}.andre_koder")),
        });
    }
    c.finish(out)
}

/// Whether a document of `kind` for `case` can have a translated part:
/// the welcome letter, and «min plan» (a plan for aftercare or an
/// institution stay).
pub fn translatable(kind: crate::DocumentKind, case: &crate::Case) -> bool {
    use crate::case::sections::tiltaksplan::Variant;
    match kind {
        crate::DocumentKind::Velkomstbrev => true,
        crate::DocumentKind::Tiltaksplan => case
            .tiltaksplan
            .as_ref()
            .is_some_and(|p| p.variant.value != Variant::Ordinaer),
        _ => false,
    }
}

/// The word `--sprak` takes for «the youth's own language».
pub const OWN: &str = "egen";

/// The catalogue language of a case's youth: the first of `ungdom.sprak`
/// that has a catalogue; `None` when none has.
pub(crate) fn own_language(store: &TemplateStore, case: &crate::Case) -> Result<Option<String>> {
    let langs = languages(store)?;
    Ok(case.youth.languages.iter().find_map(|l| {
        langs
            .iter()
            .find(|c| c.answers_to(&l.code))
            .map(|c| c.code.clone())
    }))
}

/// The message ids of a catalogue's text, in order, with where each is.
fn message_ids(text: &str, file: &str) -> Result<Vec<(String, Loc)>> {
    let resource = match FluentResource::try_new(text.to_owned()) {
        Ok(r) => r,
        Err((_, errors)) => {
            return Err(Error::Invalid(
                errors
                    .iter()
                    .map(|e| {
                        located(
                            file,
                            Some(loc_of(text, e.pos.start)),
                            "",
                            format!("not a Fluent message: {}", e.kind),
                            "a message is `id = text`; a variable is `{ $name }`",
                        )
                    })
                    .collect(),
            ));
        }
    };
    let mut ids = Vec::new();
    let mut at = 0;
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let id = m.id.name.to_owned();
            let pos = text[at..].find(&format!("{id} =")).map_or(at, |p| p + at);
            at = pos;
            ids.push((id, loc_of(text, pos)));
        }
    }
    Ok(ids)
}

/// The catalogue of `code`, checked against the Norwegian source: every id
/// there and no other, every character in a bundled font.
pub(crate) fn catalogue(store: &TemplateStore, code: &str) -> Result<Catalogue> {
    let langs = languages(store)?;
    let Some(language) = langs.iter().find(|l| l.code == code).cloned() else {
        let known: Vec<&str> = langs.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::one(
            Diagnostic::error(
                Code::UnknownValue,
                format!("no translation into {}", crate::diagnostic::shown(code)),
            )
            .in_file(format!("{}/{META}", store.root_label))
            .field("sprak")
            .hint(format!(
                "the languages with a catalogue: {}",
                known.join(", ")
            )),
        ));
    };
    let read = |code: &str| -> Result<(String, String)> {
        let path = format!("sprak/{code}.ftl");
        let file = format!("{}/{path}", store.root_label);
        let bytes = store.get(&path).ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    Code::Input,
                    format!("the catalogue for `{code}` is missing"),
                )
                .in_file(file.clone())
                .hint("every language listed in sprak/sprak.yaml has its sprak/<code>.ftl"),
            )
        })?;
        let text = std::str::from_utf8(bytes)
            .map_err(|_| {
                Error::one(
                    Diagnostic::error(Code::Encoding, "the catalogue is not UTF-8")
                        .in_file(file.clone()),
                )
            })?
            .to_owned();
        Ok((text, file))
    };
    let (source_text, source_file) = read(SOURCE)?;
    let (text, file) = read(code)?;
    let reference = message_ids(&source_text, &source_file)?;
    let ids = message_ids(&text, &file)?;
    let mut problems = Vec::new();
    for (id, _) in &reference {
        if !ids.iter().any(|(i, _)| i == id) {
            problems.push(located(
                &file,
                None,
                id,
                format!("the {code} catalogue lacks the message `{id}`"),
                &format!("translate `{id}` from {source_file}; a missing message is never left out or shown in Norwegian"),
            ));
        }
    }
    for (id, loc) in &ids {
        if !reference.iter().any(|(i, _)| i == id) {
            problems.push(located(
                &file,
                Some(*loc),
                id,
                format!("the message `{id}` is not in the Norwegian source"),
                &format!("the ids are those of {source_file}: rename or remove it"),
            ));
        }
    }
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(ch) = line
            .chars()
            .find(|&ch| !ch.is_control() && !is_ignorable(ch) && !crate::assets::has_glyph(ch))
        {
            problems.push(located(
                &file,
                Some(Loc {
                    line: u32::try_from(n + 1).unwrap_or(u32::MAX),
                    col: 1,
                }),
                "",
                format!(
                    "no bundled font can show U+{:04X} ({ch}) in the {code} catalogue",
                    ch as u32
                ),
                "write the text with characters of the bundled fonts (Latin, Cyrillic, Arabic script, Ethiopic)",
            ));
        }
    }
    if problems.is_empty() {
        Ok(Catalogue {
            language,
            source: text,
            file,
        })
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Characters with no glyph of their own (direction marks, joiners).
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

impl Catalogue {
    /// The metadata file that records the translation and its check.
    pub fn meta_file(&self) -> String {
        self.file
            .replace(&format!("{}.ftl", self.language.code), "sprak.yaml")
    }

    /// The messages a document uses (`wanted` by id), formatted with
    /// `args` (the case values), by id.
    pub(crate) fn messages(
        &self,
        args: &BTreeMap<&str, String>,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, String>> {
        let resource = FluentResource::try_new(self.source.clone())
            .map_err(|_| Error::Internal("a checked catalogue no longer parses".into()))?;
        let lang: unic_langid::LanguageIdentifier = self
            .language
            .code
            .parse()
            .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
        let mut bundle = FluentBundle::new(vec![lang]);
        bundle
            .add_resource(resource)
            .map_err(|_| Error::Internal("a catalogue with a message twice".into()))?;
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(v.as_str()));
        }
        let ids = message_ids(&self.source, &self.file)?;
        let mut out = BTreeMap::new();
        let mut problems = Vec::new();
        for (id, loc) in ids.into_iter().filter(|(id, _)| wanted(id)) {
            let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            if let Some(e) = errors.first() {
                problems.push(located(
                    &self.file,
                    Some(loc),
                    &id,
                    format!("the message `{id}` cannot be made: {e}"),
                    &format!(
                        "the variables a message can use: {}",
                        args.keys()
                            .map(|k| format!("${k}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            out.insert(id, text.into_owned());
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// How a language writes a date: its month and weekday names (Gregorian
/// calendar, Monday first), a comma after the weekday, and a word after the
/// year.
struct DateNames {
    months: [&'static str; 12],
    weekdays: [&'static str; 7],
    comma: bool,
    after_year: &'static str,
}

/// The date names of the languages with a catalogue.
fn date_names(code: &str) -> Option<DateNames> {
    let (months, weekdays, comma, after_year) = match code {
        "en" => (
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ],
            false,
            "",
        ),
        "uk" => (
            [
                "січня",
                "лютого",
                "березня",
                "квітня",
                "травня",
                "червня",
                "липня",
                "серпня",
                "вересня",
                "жовтня",
                "листопада",
                "грудня",
            ],
            [
                "понеділок",
                "вівторок",
                "середа",
                "четвер",
                "п’ятниця",
                "субота",
                "неділя",
            ],
            true,
            " року",
        ),
        "ar" => (
            [
                "يناير",
                "فبراير",
                "مارس",
                "أبريل",
                "مايو",
                "يونيو",
                "يوليو",
                "أغسطس",
                "سبتمبر",
                "أكتوبر",
                "نوفمبر",
                "ديسمبر",
            ],
            [
                "الاثنين",
                "الثلاثاء",
                "الأربعاء",
                "الخميس",
                "الجمعة",
                "السبت",
                "الأحد",
            ],
            false,
            "",
        ),
        "ti" => (
            [
                "ጥሪ",
                "ለካቲት",
                "መጋቢት",
                "ሚያዝያ",
                "ግንቦት",
                "ሰነ",
                "ሓምለ",
                "ነሓሰ",
                "መስከረም",
                "ጥቅምቲ",
                "ሕዳር",
                "ታሕሳስ",
            ],
            ["ሰኑይ", "ሰሉስ", "ረቡዕ", "ሓሙስ", "ዓርቢ", "ቀዳም", "ሰንበት"],
            false,
            "",
        ),
        "prs" => (
            [
                "جنوری",
                "فبروری",
                "مارچ",
                "اپریل",
                "می",
                "جون",
                "جولای",
                "آگست",
                "سپتمبر",
                "اکتوبر",
                "نومبر",
                "دسمبر",
            ],
            [
                "دوشنبه",
                "سه‌شنبه",
                "چهارشنبه",
                "پنجشنبه",
                "جمعه",
                "شنبه",
                "یکشنبه",
            ],
            false,
            "",
        ),
        "ps" => (
            [
                "جنوري",
                "فبروري",
                "مارچ",
                "اپرېل",
                "مۍ",
                "جون",
                "جولای",
                "اګست",
                "سپتمبر",
                "اکتوبر",
                "نومبر",
                "ډسمبر",
            ],
            [
                "دوشنبه",
                "سه‌شنبه",
                "چهارشنبه",
                "پنجشنبه",
                "جمعه",
                "شنبه",
                "یکشنبه",
            ],
            false,
            "",
        ),
        "so" => (
            [
                "Janaayo",
                "Febraayo",
                "Maarso",
                "Abriil",
                "May",
                "Juun",
                "Luuliyo",
                "Agoosto",
                "Sebtembar",
                "Oktoobar",
                "Nofembar",
                "Desembar",
            ],
            [
                "Isniin", "Talaado", "Arbaco", "Khamiis", "Jimco", "Sabti", "Axad",
            ],
            true,
            "",
        ),
        _ => return None,
    };
    Some(DateNames {
        months,
        weekdays,
        comma,
        after_year,
    })
}

/// A date in a language's own way of writing it, with the weekday when
/// `weekday`. Languages without names here get ISO dates.
pub fn date_in(code: &str, date: NaiveDate, weekday: bool) -> String {
    let Some(n) = date_names(code) else {
        return date.format("%Y-%m-%d").to_string();
    };
    let day = format!(
        "{} {} {}{}",
        date.day(),
        n.months[date.month0() as usize],
        date.year(),
        n.after_year
    );
    if weekday {
        let w = n.weekdays[date.weekday().num_days_from_monday() as usize];
        format!("{w}{} {day}", if n.comma { "," } else { "" })
    } else {
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_has_every_message_of_the_norwegian_source_and_a_glyph_for_every_character() {
        let store = TemplateStore::embedded();
        let langs = languages(&store).unwrap();
        assert!(langs.len() >= 7, "{langs:?}");
        for l in &langs {
            if let Err(e) = catalogue(&store, &l.code) {
                panic!("{}: {e}", l.code);
            }
        }
    }

    #[test]
    fn dates_in_the_languages_own_conventions() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(date_in("en", d, true), "Monday 7 December 2026");
        assert_eq!(date_in("uk", d, false), "7 грудня 2026 року");
        assert_eq!(date_in("ar", d, true), "الاثنين 7 ديسمبر 2026");
        assert_eq!(date_in("ti", d, true), "ሰኑይ 7 ታሕሳስ 2026");
        assert_eq!(date_in("prs", d, false), "7 دسمبر 2026");
        assert_eq!(date_in("so", d, true), "Isniin, 7 Desembar 2026");
        assert_eq!(date_in("ps", d, false), "7 ډسمبر 2026");
        assert_eq!(date_in("xx", d, false), "2026-12-07");
    }
}
