//! The volunteer agreement's context: the volunteer, what they do with the
//! youth, how often, the police certificate when the profile asks for one,
//! and the contact person (the særkontakt unless another is named).

use serde::Serialize;

use super::{Common, Input, StaffCtx, iso, value};
use crate::error::Result;

#[derive(Serialize)]
struct Agreement<'a> {
    /// The role, named in the document's målform («mentor»).
    type_navn: &'static str,
    navn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisasjon: Option<&'a str>,
    aktiviteter: &'a [String],
    kontakt: &'a str,
    fra: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    til: Option<String>,
    /// The day a police certificate was shown, when the profile asks for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    politiattest: Option<String>,
    kontaktperson: StaffCtx<'a>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    avtale: Agreement<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let f = input.section(case.frivilligavtale.as_ref(), "frivilligavtale")?;
    let ctx = Context {
        common: input.common(),
        avtale: Agreement {
            type_navn: f.role.label(input.nn()),
            navn: &f.name,
            telefon: f.phone.as_deref(),
            organisasjon: f.organisation.as_deref(),
            aktiviteter: &f.activities,
            kontakt: &f.contact_frequency,
            fra: iso(f.from),
            til: f.until.map(iso),
            politiattest: f
                .police
                .as_ref()
                .filter(|_| muni.police_certificate)
                .map(|p| iso(p.value)),
            kontaktperson: case.staff(f.contact.unwrap_or(case.saerkontakt)).into(),
        },
    };
    Ok(value(&ctx))
}
