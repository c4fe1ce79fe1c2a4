//! The samarbeidsavtale's context: the agreement between the municipality
//! and a volunteer organisation, from an agreement file (not a case): the
//! municipality, the agreement and its two signatures, the leader's and
//! the organisation's.

use chrono::NaiveDate;
use serde::Serialize;

use super::{ContactCtx, Head, Input, PersonCtx, iso, value};
use crate::case::Municipality;
use crate::case::sections::samarbeidsavtale::{
    Agreement, Intensjonsavtale, Payer, Samarbeidsavtale,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Cost<'a> {
    hva: &'a str,
    /// `kommunen`, `aktor` or `delt`.
    betaler: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    merknad: Option<&'a str>,
}

#[derive(Serialize)]
struct Avtale<'a> {
    aktor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    aktor_org_nr: Option<String>,
    aktor_gjor: &'a [String],
    evaluering: &'a str,
    formaal: &'a str,
    fra: String,
    kommunen_gjor: &'a [String],
    kontakt: ContactCtx<'a>,
    kontakt_kommune: ContactCtx<'a>,
    kostnader: Vec<Cost<'a>>,
    moter: &'a str,
    oppsigelse: &'a str,
    /// The municipality requires a police certificate of volunteers.
    politiattest: bool,
    til: String,
    underskrifter: Vec<PersonCtx>,
    /// The volunteers named in the file: their rows of the declaration form.
    frivillige: &'a [String],
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    /// The archive's reference of the agreement.
    avtalenummer: &'a str,
    avtale: Avtale<'a>,
}

/// The error when a samarbeidsavtale is asked of a youth's case.
pub(crate) fn not_a_case_kind(case: &crate::case::Case) -> Error {
    Error::one(
        Diagnostic::error(
            Code::MissingSection,
            "a samarbeidsavtale is made from an agreement file, not from a youth's case",
        )
        .in_file(case.source.clone())
        .hint("give the agreement's own file (with `avtalenummer:` and `samarbeidsavtale:`; see samples/avtaler/)"),
    )
}

/// A kind's builder over a case: a samarbeidsavtale has none.
pub(crate) fn from_case(input: &Input) -> Result<minijinja::Value> {
    Err(not_a_case_kind(input.case))
}

/// Builds the context of a cooperation agreement dated `date`.
pub(crate) fn build(
    a: &Agreement,
    s: &Samarbeidsavtale,
    muni: &Municipality,
    date: NaiveDate,
) -> minijinja::Value {
    let leader_title = s.leader.title.clone().unwrap_or_default();
    let ctx = Context {
        head: Head::new(muni, date, "samarbeidsavtale"),
        avtalenummer: &a.reference,
        avtale: Avtale {
            aktor: &s.actor,
            aktor_org_nr: s
                .actor_org_nr
                .as_deref()
                .map(crate::case::ids::format_org_nr),
            kontakt: (&s.actor_contact).into(),
            kontakt_kommune: (&s.service_contact).into(),
            formaal: &s.purpose,
            aktor_gjor: &s.actor_does,
            kommunen_gjor: &s.service_does,
            kostnader: s
                .costs
                .iter()
                .map(|c| Cost {
                    hva: &c.what,
                    betaler: match c.payer {
                        Payer::Municipality => "kommunen",
                        Payer::Actor => "aktor",
                        Payer::Shared => "delt",
                    },
                    merknad: c.note.as_deref(),
                })
                .collect(),
            moter: &s.meetings,
            evaluering: &s.evaluation,
            oppsigelse: &s.notice,
            politiattest: muni.police_certificate,
            fra: iso(s.from),
            til: iso(s.to),
            frivillige: &s.volunteers,
            underskrifter: vec![
                PersonCtx {
                    navn: s.leader.name.clone(),
                    rolle: format!("{leader_title}, {}", muni.name),
                },
                PersonCtx {
                    navn: s.actor_contact.name.clone(),
                    rolle: match &s.actor_contact.title {
                        Some(t) => format!("{t}, {}", s.actor),
                        None => s.actor.clone(),
                    },
                },
            ],
        },
    };
    value(&ctx)
}

#[derive(Serialize)]
struct Declaration<'a> {
    aktor: &'a str,
    /// The volunteer's name; none for a blank form.
    #[serde(skip_serializing_if = "Option::is_none")]
    frivillig: Option<&'a str>,
    kontakt_kommune: ContactCtx<'a>,
    /// The municipality requires a police certificate of volunteers.
    politiattest: bool,
}

#[derive(Serialize)]
struct DeclarationContext<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    avtalenummer: &'a str,
    erklaering: Declaration<'a>,
}

/// The confidentiality declaration of one volunteer of the cooperation
/// agreement (or a blank one, `volunteer` none).
pub(crate) fn declaration(
    a: &Agreement,
    s: &Samarbeidsavtale,
    muni: &Municipality,
    date: NaiveDate,
    volunteer: Option<&str>,
) -> minijinja::Value {
    value(&DeclarationContext {
        head: Head::new(muni, date, "taushetserklaering"),
        avtalenummer: &a.reference,
        erklaering: Declaration {
            aktor: &s.actor,
            frivillig: volunteer,
            kontakt_kommune: (&s.service_contact).into(),
            politiattest: muni.police_certificate,
        },
    })
}

#[derive(Serialize)]
struct Intent<'a> {
    aktor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    aktor_org_nr: Option<String>,
    kontakt: ContactCtx<'a>,
    kontakt_kommune: ContactCtx<'a>,
    formaal: &'a str,
    samarbeid_om: &'a [String],
    neste_steg: &'a [String],
    underskrifter: Vec<PersonCtx>,
}

#[derive(Serialize)]
struct IntentContext<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    avtalenummer: &'a str,
    intensjon: Intent<'a>,
}

/// The letter of intent.
pub(crate) fn intent(
    a: &Agreement,
    i: &Intensjonsavtale,
    muni: &Municipality,
    date: NaiveDate,
) -> minijinja::Value {
    let leader_title = i.leader.title.clone().unwrap_or_default();
    value(&IntentContext {
        head: Head::new(muni, date, "intensjonsavtale"),
        avtalenummer: &a.reference,
        intensjon: Intent {
            aktor: &i.actor,
            aktor_org_nr: i
                .actor_org_nr
                .as_deref()
                .map(crate::case::ids::format_org_nr),
            kontakt: (&i.actor_contact).into(),
            kontakt_kommune: (&i.service_contact).into(),
            formaal: &i.purpose,
            samarbeid_om: &i.topics,
            neste_steg: &i.next_steps,
            underskrifter: vec![
                PersonCtx {
                    navn: i.leader.name.clone(),
                    rolle: format!("{leader_title}, {}", muni.name),
                },
                PersonCtx {
                    navn: i.actor_contact.name.clone(),
                    rolle: match &i.actor_contact.title {
                        Some(t) => format!("{t}, {}", i.actor),
                        None => i.actor.clone(),
                    },
                },
            ],
        },
    })
}
