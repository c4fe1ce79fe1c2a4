//! The consent forms the youth signs (seed 002: «Det skal i hovedsak
//! foreligge skriftlig samtykke»): consent to aftercare measures (bvl.
//! § 3-6: measures after 18 continue «når ungdommen samtykker»), and
//! consent to share information with named services, the basis a
//! følgebrev's copy or a referral refers to. One document per form, each
//! with its scope, its period and how to withdraw it. A form signed on
//! paper is recorded with `signert`; an aftercare decision names the form
//! it rests on.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// One consent form.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ConsentForm {
        /// A short name for the form (`ettervern`, `helse`): it names the
        /// file, and an aftercare decision refers to it.
        pub id: Text,
        /// What it is consent to: `ettervern` (aftercare measures) or
        /// `informasjon` (sharing information with named services).
        #[schemars(with = "super::Subject")]
        pub gjelder: Text,
        /// For `ettervern`: the measures the youth consents to.
        #[serde(default)]
        pub tiltak: Vec<Text>,
        /// For `informasjon`: who may get the information («Fastlegen,
        /// Alver legesenter»).
        #[serde(default)]
        pub mottakere: Vec<Text>,
        /// For `informasjon`: what information may be shared.
        #[serde(default)]
        pub opplysninger: Vec<Text>,
        /// For `informasjon`: why it is shared.
        #[serde(default)]
        pub formal: Option<Text>,
        /// The last day the consent holds.
        #[schemars(with = "DateText")]
        pub gyldig_til: Text,
        /// The day the youth signed the form on paper, once signed.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub signert: Option<Text>,
        /// Where the signed form is journalled, optional.
        #[serde(default)]
        pub journalpost: Option<Text>,
    }

    /// The consent forms of the case.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ConsentForms {
        /// The forms' date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The forms, one document each.
        pub skjema: Vec<ConsentForm>,
    }
}

/// What a consent is to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Aftercare measures after 18.
    Ettervern,
    /// Sharing information with named services.
    Informasjon,
}

impl Choice for Subject {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("ettervern", Self::Ettervern),
        ("informasjon", Self::Informasjon),
    ];
}

choice_schema!(
    Subject,
    "ettervern (aftercare measures) or informasjon (sharing information with named services)"
);

/// One consent form.
#[derive(Debug, Clone)]
pub struct Form {
    /// `id`.
    pub id: String,
    /// `gjelder`.
    pub subject: Subject,
    /// `tiltak` (aftercare).
    pub measures: Vec<String>,
    /// `mottakere` (information).
    pub recipients: Vec<String>,
    /// `opplysninger` (information).
    pub information: Vec<String>,
    /// `formal` (information).
    pub purpose: Option<String>,
    /// `gyldig_til`.
    pub valid_until: NaiveDate,
    /// `signert`, with where it was written.
    pub signed: Option<Located<NaiveDate>>,
    /// `journalpost`.
    pub journal: Option<String>,
}

/// The consent forms.
#[derive(Debug, Clone)]
pub struct Samtykker {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `skjema`.
    pub forms: Vec<Form>,
}

impl Samtykker {
    /// The form with an id.
    pub fn form(&self, id: &str) -> Option<&Form> {
        self.forms.iter().find(|f| f.id == id)
    }
}

/// Checks the section; `last_aftercare_day` is the day before the youth's
/// 25th birthday (no consent to aftercare holds after it).
pub(crate) fn parse(
    c: &mut Checker,
    s: &raw::ConsentForms,
    last_aftercare_day: Option<NaiveDate>,
) -> Samtykker {
    let p = "samtykker";
    let date = s
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let mut forms = Vec::new();
    for (i, f) in s.skjema.iter().enumerate() {
        let q = format!("{p}.skjema[{i}]");
        let id = c.short_id(&f.id, &format!("{q}.id"), "a form's id", "ettervern");
        if s.skjema[..i].iter().any(|g| g.id.value == f.id.value) {
            c.error(
                Code::Duplicate,
                &f.id,
                &format!("{q}.id"),
                format!("two forms have the id `{id}`"),
                "give every form its own id",
            );
        }
        let subject = c.choice::<Subject>(
            &f.gjelder,
            &format!("{q}.gjelder"),
            "consent",
            "write `ettervern` (aftercare measures) or `informasjon` (sharing information)",
        );
        let measures = c.texts(&f.tiltak, &format!("{q}.tiltak"));
        let recipients = c.texts(&f.mottakere, &format!("{q}.mottakere"));
        let information = c.texts(&f.opplysninger, &format!("{q}.opplysninger"));
        let purpose = c.opt_text(f.formal.as_ref(), &format!("{q}.formal"));
        match subject {
            Some(Subject::Ettervern) => {
                if measures.is_empty() {
                    c.error(
                        Code::MissingField,
                        &f.gjelder,
                        &format!("{q}.tiltak"),
                        "a consent to aftercare names the measures",
                        "list them under `tiltak:`; the youth consents to what the form says",
                    );
                }
                for (t, key) in [
                    (f.mottakere.first(), "mottakere"),
                    (f.opplysninger.first(), "opplysninger"),
                    (f.formal.as_ref(), "formal"),
                ] {
                    if let Some(t) = t {
                        c.error(
                            Code::Inconsistent,
                            t,
                            &format!("{q}.{key}"),
                            format!("`{key}` belongs to a consent to share information"),
                            "a consent to aftercare lists `tiltak`; make a form with `gjelder: informasjon` for sharing",
                        );
                    }
                }
            }
            Some(Subject::Informasjon) => {
                for (empty, key, what) in [
                    (
                        recipients.is_empty(),
                        "mottakere",
                        "who may get the information",
                    ),
                    (information.is_empty(), "opplysninger", "what may be shared"),
                    (purpose.is_none(), "formal", "why it is shared"),
                ] {
                    if empty {
                        c.error(
                            Code::MissingField,
                            &f.gjelder,
                            &format!("{q}.{key}"),
                            format!("a consent to share information says {what}"),
                            &format!("add `{key}:`; a consent holds only for what it names"),
                        );
                    }
                }
                if let Some(t) = f.tiltak.first() {
                    c.error(
                        Code::Inconsistent,
                        t,
                        &format!("{q}.tiltak"),
                        "`tiltak` belongs to a consent to aftercare",
                        "a consent to share information lists `mottakere`, `opplysninger` and `formal`",
                    );
                }
            }
            None => {}
        }
        let valid_until = c.date(&f.gyldig_til, &format!("{q}.gyldig_til"));
        if let (Some(d), Some(until)) = (date, valid_until)
            && until < d
        {
            c.error(
                Code::DateOrder,
                &f.gyldig_til,
                &format!("{q}.gyldig_til"),
                "the consent ends before the form is dated",
                "gyldig_til is the last day the consent holds, after samtykker.dato",
            );
        }
        if let (Some(Subject::Ettervern), Some(until), Some(last)) =
            (subject, valid_until, last_aftercare_day)
            && until > last
        {
            c.error(
                Code::DateOrder,
                &f.gyldig_til,
                &format!("{q}.gyldig_til"),
                format!(
                    "aftercare can run only until the day before the 25th birthday ({})",
                    crate::norsk::date_long(last)
                ),
                "bvl. § 3-6: measures can be given until the youth turns 25; end the consent on or before that day",
            );
        }
        let signed = f
            .signert
            .as_ref()
            .map(|t| c.located_date(t, &format!("{q}.signert")));
        if let (Some(s), Some(until), Some(t)) = (&signed, valid_until, &f.signert)
            && s.value > until
        {
            c.error(
                Code::DateOrder,
                t,
                &format!("{q}.signert"),
                "the form is signed after the consent has ended",
                "check `signert` and `gyldig_til`",
            );
        }
        let journal = c.opt_text(f.journalpost.as_ref(), &format!("{q}.journalpost"));
        forms.push(Form {
            id,
            subject: subject.unwrap_or(Subject::Informasjon),
            measures,
            recipients,
            information,
            purpose,
            valid_until: valid_until.unwrap_or_default(),
            signed,
            journal,
        });
    }
    if s.skjema.is_empty()
        && let Some(t) = &s.dato
    {
        c.error(
            Code::MissingField,
            t,
            &format!("{p}.skjema"),
            "no consent forms",
            "list the forms under `skjema:`, each with `id`, `gjelder` and `gyldig_til`",
        );
    }
    Samtykker { date, forms }
}
