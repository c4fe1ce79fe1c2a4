//! The samarbeidsavtale's context: the agreement with a volunteer actor and
//! its two signatures.

use serde::Serialize;

use super::{Common, ContactCtx, Input, PersonCtx, StaffCtx, iso, value};
use crate::error::Result;

#[derive(Serialize)]
struct Avtale<'a> {
    aktor: &'a str,
    aktor_gjor: &'a [String],
    formaal: &'a str,
    fra: String,
    gjelder_ungdom: bool,
    kommunen_gjor: &'a [String],
    kontakt: ContactCtx<'a>,
    kontakt_kommune: StaffCtx<'a>,
    moter: &'a str,
    til: String,
    underskrifter: Vec<PersonCtx>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    avtale: Avtale<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let a = input.section(case.samarbeidsavtale.as_ref(), "samarbeidsavtale")?;
    let contact = case.staff(a.service_contact);
    let ctx = Context {
        common: input.common(),
        avtale: Avtale {
            aktor: &a.actor,
            kontakt: (&a.actor_contact).into(),
            formaal: &a.purpose,
            aktor_gjor: &a.actor_does,
            kommunen_gjor: &a.service_does,
            kontakt_kommune: contact.into(),
            moter: &a.meetings,
            fra: iso(a.from),
            til: iso(a.to),
            gjelder_ungdom: a.names_youth,
            underskrifter: vec![
                PersonCtx {
                    navn: contact.name.clone(),
                    rolle: format!("for {}", muni.unit.to_lowercase()),
                },
                PersonCtx {
                    navn: a.actor_contact.name.clone(),
                    rolle: format!("for {}", a.actor),
                },
            ],
        },
    };
    Ok(value(&ctx))
}
