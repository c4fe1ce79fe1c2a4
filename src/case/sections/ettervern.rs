//! The aftercare decision (bvl. § 3-6; domain.md §2.1, §3.6; seed 002
//! «Fatt eget vedtak på aktuelle tiltak»): an individual decision
//! (enkeltvedtak) that measures continue, are replaced or end after the
//! youth turns 18, with the facts, the youth's own view and consent, the
//! reasons and the appeal information forvaltningsloven § 27 requires (the
//! legal text blocks are versioned profile data, `vedtakstekster`). And the
//! declined offer (seed 002: «Avslått tilbud på ettervern skal føres i
//! journalbildet»), which `frister` follows up with a renewed offer within
//! a year.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{People, StaffId};
use crate::diagnostic::Code;

/// Months after a declined offer by which the service asks again
/// (regjeringen.no: «bør spørje om han eller ho har ombestemt seg innan
/// eitt år»).
pub const RENEWED_OFFER_MONTHS: i32 = 12;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// A measure the decision is about.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DecidedMeasure {
        /// The measure («Bolig med oppfølging»).
        pub tiltak: Text,
        /// How much or how often, optional («to samtaler i uken»).
        #[serde(default)]
        pub omfang: Option<Text>,
        /// First day (for measures that continue or start).
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub fra: Option<Text>,
        /// Last day: at the latest the day before the 25th birthday.
        #[schemars(with = "DateText")]
        pub til: Text,
    }

    /// The decision on aftercare.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Ettervernsvedtak {
        /// The decision's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Our reference; defaults to the case number.
        #[serde(default)]
        pub var_ref: Option<Text>,
        /// What is decided: `videreforing` (the measures continue),
        /// `erstatning` (they are replaced by others) or `opphor` (they end).
        #[schemars(with = "super::Decision")]
        pub beslutning: Text,
        /// The measures: those that continue or start, or those that end.
        pub tiltak: Vec<DecidedMeasure>,
        /// The id of the youth's signed consent form (`samtykker.skjema`);
        /// required unless the measures end.
        #[serde(default)]
        pub samtykke: Option<Text>,
        /// The facts of the case, in paragraphs.
        pub fakta: Vec<Text>,
        /// The youth's own view, in the caseworker's words.
        pub ungdommens_syn: Text,
        /// The reasons: the assessment, the youth's best interests.
        pub vurdering: Vec<Text>,
        /// Staff id of the leader who made the decision.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub vedtatt_av: Text,
    }

    /// A declined offer of aftercare.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DeclinedOffer {
        /// The day the youth said no.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// Where it is journalled, optional.
        #[serde(default)]
        pub journalpost: Option<Text>,
    }
}

/// What the decision says about the measures (bvl. § 3-6: «videreføres,
/// erstattes eller opphøre»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The measures continue after 18.
    Videreforing,
    /// They are replaced by other measures.
    Erstatning,
    /// They end.
    Opphor,
}

impl Choice for Decision {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("videreforing", Self::Videreforing),
        ("erstatning", Self::Erstatning),
        ("opphor", Self::Opphor),
    ];
}

choice_schema!(
    Decision,
    "videreforing (the measures continue), erstatning (replaced by other measures) or opphor (they end)"
);

/// A measure of the decision.
#[derive(Debug, Clone)]
pub struct Measure {
    /// `tiltak`.
    pub name: String,
    /// `omfang`.
    pub extent: Option<String>,
    /// `fra`.
    pub from: Option<NaiveDate>,
    /// `til`.
    pub until: NaiveDate,
}

/// The aftercare decision.
#[derive(Debug, Clone)]
pub struct Vedtak {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `var_ref`.
    pub our_ref: Option<String>,
    /// `beslutning`.
    pub decision: Decision,
    /// `tiltak`.
    pub measures: Vec<Measure>,
    /// `samtykke`: the consent form's id, where it was written.
    pub consent: Option<Located<String>>,
    /// `fakta`.
    pub facts: Vec<String>,
    /// `ungdommens_syn`.
    pub youth_view: String,
    /// `vurdering`.
    pub reasons: Vec<String>,
    /// `vedtatt_av`.
    pub decided_by: StaffId,
}

/// A declined offer.
#[derive(Debug, Clone)]
pub struct Declined {
    /// `dato`.
    pub date: NaiveDate,
    /// `journalpost`.
    pub journal: Option<String>,
}

impl Declined {
    /// The day by which the service asks again (a year after, the working
    /// day on or before).
    pub fn renewed_offer_due(&self) -> Option<NaiveDate> {
        crate::norsk::add_months(self.date, RENEWED_OFFER_MONTHS)
            .map(crate::norsk::working_day_on_or_before)
    }
}

/// Checks the decision; `last_day` is the day before the 25th birthday.
pub(crate) fn parse(
    c: &mut Checker,
    people: &People,
    v: &raw::Ettervernsvedtak,
    last_day: Option<NaiveDate>,
) -> Vedtak {
    let p = "ettervernsvedtak";
    let date = v
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let our_ref = c.opt_text(v.var_ref.as_ref(), &format!("{p}.var_ref"));
    let decision = c.choice::<Decision>(
        &v.beslutning,
        &format!("{p}.beslutning"),
        "decision",
        "write `videreforing`, `erstatning` or `opphor`",
    );
    if v.tiltak.is_empty() {
        c.error(
            Code::MissingField,
            &v.beslutning,
            &format!("{p}.tiltak"),
            "the decision names no measures",
            "list the measures under `tiltak:`, each with `tiltak` and `til` (and `fra` for those that continue or start)",
        );
    }
    let mut measures = Vec::new();
    for (i, m) in v.tiltak.iter().enumerate() {
        let q = format!("{p}.tiltak[{i}]");
        let name = c.text(&m.tiltak, &format!("{q}.tiltak"));
        let extent = c.opt_text(m.omfang.as_ref(), &format!("{q}.omfang"));
        let from = m.fra.as_ref().and_then(|t| c.date(t, &format!("{q}.fra")));
        let until = c.date(&m.til, &format!("{q}.til"));
        if m.fra.is_none() && decision.is_some_and(|d| d != Decision::Opphor) {
            c.error(
                Code::MissingField,
                &m.tiltak,
                &format!("{q}.fra"),
                "a measure that continues or starts needs its first day",
                "add `fra:` (often the 18th birthday)",
            );
        }
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            c.error(
                Code::DateOrder,
                &m.til,
                &format!("{q}.til"),
                "the measure ends before it starts",
                "`til` is the last day, on or after `fra`",
            );
        }
        if let (Some(u), Some(last)) = (until, last_day)
            && u > last
        {
            c.error(
                Code::DateOrder,
                &m.til,
                &format!("{q}.til"),
                format!(
                    "aftercare can run only until the day before the 25th birthday ({})",
                    crate::norsk::date_long(last)
                ),
                "bvl. § 3-6: measures can be given until the youth turns 25; end it on or before that day",
            );
        }
        measures.push(Measure {
            name,
            extent,
            from,
            until: until.unwrap_or_default(),
        });
    }
    let consent = v.samtykke.as_ref().map(|t| Located {
        value: c.text(t, &format!("{p}.samtykke")),
        loc: t.loc,
    });
    if v.samtykke.is_none() && decision.is_some_and(|d| d != Decision::Opphor) {
        c.error(
            Code::MissingField,
            &v.beslutning,
            &format!("{p}.samtykke"),
            "measures after 18 need the youth's consent",
            "bvl. § 3-6: measures continue «når ungdommen samtykker»; name the signed consent form (`samtykke: <id>` of `samtykker.skjema`)",
        );
    }
    let facts = c.texts(&v.fakta, &format!("{p}.fakta"));
    let reasons = c.texts(&v.vurdering, &format!("{p}.vurdering"));
    for (empty, key, what) in [
        (
            facts.is_empty(),
            "fakta",
            "the facts the decision builds on",
        ),
        (reasons.is_empty(), "vurdering", "the reasons for it"),
    ] {
        if empty {
            c.error(
                Code::MissingField,
                &v.beslutning,
                &format!("{p}.{key}"),
                format!("a decision states {what}"),
                "forvaltningsloven §§ 24–25: a decision gives its reasons (the rules, the facts and the main considerations); write them as paragraphs",
            );
        }
    }
    let youth_view = c.text(&v.ungdommens_syn, &format!("{p}.ungdommens_syn"));
    let decided_by = people.staff(c, &v.vedtatt_av, &format!("{p}.vedtatt_av"));
    Vedtak {
        date,
        our_ref,
        decision: decision.unwrap_or(Decision::Opphor),
        measures,
        consent,
        facts,
        youth_view,
        reasons,
        decided_by,
    }
}

/// Checks a declined offer.
pub(crate) fn parse_declined(c: &mut Checker, d: &raw::DeclinedOffer) -> Declined {
    let p = "ettervern_avslatt";
    Declined {
        date: c.date(&d.dato, &format!("{p}.dato")).unwrap_or_default(),
        journal: c.opt_text(d.journalpost.as_ref(), &format!("{p}.journalpost")),
    }
}

/// The checks between the decision and the consent forms: the form it
/// names exists, is a consent to aftercare and was signed on or before the
/// decision.
pub(crate) fn check_consent(
    c: &mut Checker,
    v: &Vedtak,
    forms: Option<&super::samtykke::Samtykker>,
    raw: &raw::Ettervernsvedtak,
) {
    let (Some(id), Some(t)) = (&v.consent, &raw.samtykke) else {
        return;
    };
    let field = "ettervernsvedtak.samtykke";
    let Some(form) = forms.and_then(|f| f.form(&id.value)) else {
        let known: Vec<&str> = forms
            .map(|f| f.forms.iter().map(|f| f.id.as_str()).collect())
            .unwrap_or_default();
        let hint = if known.is_empty() {
            "add the form under `samtykker.skjema` (with `gjelder: ettervern`), and `signert:` once it is signed".to_owned()
        } else {
            format!("known forms: {}", known.join(", "))
        };
        c.error(
            Code::UnknownReference,
            t,
            field,
            format!("no consent form {}", crate::diagnostic::shown(&id.value)),
            &hint,
        );
        return;
    };
    if form.subject != super::samtykke::Subject::Ettervern {
        c.error(
            Code::Inconsistent,
            t,
            field,
            "the form named is a consent to share information, not to aftercare",
            "name a form with `gjelder: ettervern`",
        );
    }
    match (&form.signed, v.date) {
        (None, _) => c.error(
            Code::Inconsistent,
            t,
            field,
            "the consent form is not signed",
            "a decision rests on a signed consent: record the day it was signed (`signert:` on the form)",
        ),
        (Some(s), Some(d)) if s.value > d => c.error(
            Code::DateOrder,
            t,
            field,
            "the consent is signed after the decision",
            "the youth consents first; check `signert` on the form and the decision's date",
        ),
        _ => {}
    }
}
