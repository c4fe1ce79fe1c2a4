//! The consent form's context: one form of `samtykker.skjema` (the one at
//! the document's position), in the youth's words («Jeg samtykker …»),
//! with the contact person to withdraw it with, and a line for the
//! guardian's signature too while the youth is under 18 and has one.

use serde::Serialize;

use super::{Addressee, Common, Input, StaffCtx, iso, value};
use crate::case::sections::samtykke::Subject;
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Form<'a> {
    id: &'a str,
    /// `ettervern` or `informasjon`.
    gjelder: &'static str,
    tiltak: &'a [String],
    mottakere: &'a [String],
    opplysninger: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    formal: Option<&'a str>,
    gyldig_til: String,
    /// The guardian signs too.
    verge_signerer: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    samtykke: Form<'a>,
    kontakt: StaffCtx<'a>,
}

/// Builds the context of the form at `input.to`'s position.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let case = input.case;
    let s = input.section(case.samtykker.as_ref(), "samtykker")?;
    let i = match input.to {
        Some(Addressee::Item(i)) => i,
        _ => 0,
    };
    let f = s
        .forms
        .get(i)
        .ok_or_else(|| Error::Internal("a consent form that is not there".into()))?;
    let minor = crate::norsk::age_on(case.youth.birth_date.value, input.date) < 18;
    let ctx = Context {
        common: input.common(),
        samtykke: Form {
            id: &f.id,
            gjelder: match f.subject {
                Subject::Ettervern => "ettervern",
                Subject::Informasjon => "informasjon",
            },
            tiltak: &f.measures,
            mottakere: &f.recipients,
            opplysninger: &f.information,
            formal: f.purpose.as_deref(),
            gyldig_til: iso(f.valid_until),
            verge_signerer: minor && case.guardian.is_some(),
        },
        kontakt: case.staff(case.caseworker).into(),
    };
    Ok(value(&ctx))
}
