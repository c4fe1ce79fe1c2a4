//! The følgebrev's context: one letter per recipient. `mottaker` is who
//! this letter goes to; everything else is the same in every letter.

use serde::Serialize;

use super::{Addressee, Common, Input, Recipient, StaffCtx, iso, party_recipient, value};
use crate::case::people::Person;
use crate::case::sections::folgebrev::CopyTo;
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Enclosure<'a> {
    dato: String,
    tittel: &'a str,
}

#[derive(Serialize)]
struct Brev<'a> {
    avsnitt: &'a [String],
    emne: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    motedato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    neste_evaluering: Option<String>,
    vedlegg: Vec<Enclosure<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vedtak_dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vedtak_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct Copy<'a> {
    navn: &'a str,
    /// `verge` for the guardian, none for others.
    rolle: Option<&'static str>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    brev: Brev<'a>,
    kopi_til: Vec<Copy<'a>>,
    var_ref: &'a str,
    signatur: StaffCtx<'a>,
    nn_verge: &'static str,
    mottaker: Recipient,
}

/// Builds the context of the letter to `input.to`.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let fb = input.section(case.folgebrev.as_ref(), "folgebrev")?;
    let next = fb.next_evaluation_on(case, date)?;
    let mottaker = match input.to {
        Some(Addressee::Guardian) => party_recipient(case, muni, Person::Guardian)?,
        Some(Addressee::Copy(i)) => match fb.copies.get(i).map(|k| &k.to) {
            Some(CopyTo::Outside { name, address }) => Recipient {
                navn: name.clone(),
                rolle: String::new(),
                linjer: address.lines(muni.town_in_capitals),
            },
            _ => return Err(Error::Internal("a copy recipient that is not there".into())),
        },
        Some(Addressee::Youth) | None => party_recipient(case, muni, Person::Youth)?,
    };
    let ctx = Context {
        common: input.common(),
        brev: Brev {
            emne: &fb.subject,
            motedato: fb.refers_to.meeting.map(iso),
            vedtak_ref: fb.refers_to.decision.as_ref().map(|(r, _)| r.as_str()),
            vedtak_dato: fb.refers_to.decision.as_ref().map(|(_, d)| iso(*d)),
            vedlegg: fb
                .enclosures
                .iter()
                .map(|v| Enclosure {
                    tittel: &v.title,
                    dato: iso(v.date),
                })
                .collect(),
            neste_evaluering: next.map(iso),
            avsnitt: &fb.paragraphs,
        },
        kopi_til: fb
            .copies
            .iter()
            .filter_map(|k| match &k.to {
                CopyTo::Guardian => case.guardian.as_ref().map(|g| Copy {
                    navn: &g.name,
                    rolle: Some("verge"),
                }),
                CopyTo::Outside { name, .. } => Some(Copy {
                    navn: name,
                    rolle: None,
                }),
            })
            .collect(),
        var_ref: fb.our_ref.as_deref().unwrap_or(&case.reference),
        signatur: case.staff(fb.signer.unwrap_or(case.caseworker)).into(),
        nn_verge: if input.nn() { "verje" } else { "verge" },
        mottaker,
    };
    Ok(value(&ctx))
}
