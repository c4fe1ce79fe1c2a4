//! The work-practice context (seed 004), for the agreement
//! (`praksisavtale`) and the reference letter after it (`praksisattest`).

use serde::Serialize;

use super::{Common, ContactCtx, Input, PersonCtx, StaffCtx, iso, missing_section, person, value};
use crate::case::people::Person;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// Which of the two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    Agreement,
    Reference,
}

#[derive(Serialize)]
struct Attest<'a> {
    underskriver: ContactCtx<'a>,
    vurdering: &'a str,
}

#[derive(Serialize)]
struct Praksis<'a> {
    adresse: String,
    arbeidsplass: &'a str,
    arbeidstid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attest: Option<Attest<'a>>,
    kontakt_arbeidsgiver: ContactCtx<'a>,
    kontakt_kommune: StaffCtx<'a>,
    /// The agreement only.
    #[serde(skip_serializing_if = "Option::is_none")]
    lonn: Option<&'a str>,
    oppgaver: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    problemer: Option<&'a str>,
    slutt: String,
    start: String,
    /// The end is the default three months after the start.
    tre_maaneder: bool,
    /// The agreement only.
    #[serde(skip_serializing_if = "Option::is_none")]
    underskrifter: Option<Vec<PersonCtx>>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    praksis: Praksis<'a>,
}

/// Builds the praksisavtale's context.
pub(crate) fn agreement(input: &Input) -> Result<minijinja::Value> {
    build(input, Document::Agreement)
}

/// Builds the praksisattest's context.
pub(crate) fn reference(input: &Input) -> Result<minijinja::Value> {
    build(input, Document::Reference)
}

fn build(input: &Input, doc: Document) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let w = input.section(case.arbeidspraksis.as_ref(), "arbeidspraksis")?;
    let end = w
        .last_day()
        .ok_or_else(|| Error::Internal("date out of range".into()))?;
    let (lonn, underskrifter) = if doc == Document::Agreement {
        let pay = muni.practice_pay.as_deref().ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    Code::MissingProfileData,
                    "the profile gives no pay rate for work practice",
                )
                .in_file(muni.source.clone())
                .field("praksis_lonn")
                .hint("add `praksis_lonn:` (e.g. «120 kr per time») to the municipality profile"),
            )
        })?;
        let employer = PersonCtx {
            navn: w.employer_contact.name.clone(),
            rolle: if input.nn() {
                "arbeidsgjevar"
            } else {
                "arbeidsgiver"
            }
            .to_owned(),
        };
        let signatures = vec![
            person(case, muni, Person::Youth),
            employer,
            person(case, muni, Person::Staff(w.municipality_contact)),
        ];
        (Some(pay), Some(signatures))
    } else {
        (None, None)
    };
    let attest = w.reference.as_ref().map(|a| Attest {
        vurdering: &a.assessment,
        underskriver: (&a.signer).into(),
    });
    if doc == Document::Reference && attest.is_none() {
        return Err(missing_section(case, "arbeidspraksis.attest", input.kind));
    }
    let ctx = Context {
        common: input.common(),
        praksis: Praksis {
            arbeidsplass: &w.workplace,
            adresse: w.workplace_address.lines(false).join(", "),
            kontakt_arbeidsgiver: (&w.employer_contact).into(),
            kontakt_kommune: case.staff(w.municipality_contact).into(),
            start: iso(w.start),
            slutt: iso(end),
            tre_maaneder: w.end.is_none(),
            arbeidstid: &w.hours,
            oppgaver: &w.tasks,
            problemer: w.problems.as_deref(),
            lonn,
            underskrifter,
            attest,
        },
    };
    Ok(value(&ctx))
}
