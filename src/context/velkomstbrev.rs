//! The velkomstbrev's context: the letter to the youth, with a copy to the
//! guardian unless the case says otherwise.

use serde::Serialize;

use super::{Common, Input, Recipient, StaffCtx, iso, party_recipient, value};
use crate::case::people::Person;
use crate::error::Result;

#[derive(Serialize)]
struct FirstWeeksCtx<'a> {
    hva: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ansvarlig: Option<&'a str>,
}

/// The section as the template reads it.
#[derive(Serialize)]
struct VelkomstbrevCtx<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    var_ref: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deres_ref: Option<&'a str>,
    ankomst: &'a str,
    motested: &'a str,
    /// Staff ids (look them up in `ansatte`).
    mottas_av: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rom: Option<&'a str>,
    ta_med: &'a [String],
    forste_uker: Vec<FirstWeeksCtx<'a>>,
    husregler_vedlagt: bool,
    vedlegg: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    signatur: Option<&'a str>,
    kopi_til_verge: bool,
}

#[derive(Serialize)]
struct Copy<'a> {
    navn: &'a str,
    rolle: &'static str,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    velkomstbrev: VelkomstbrevCtx<'a>,
    mottaker: Recipient,
    kopi_til: Vec<Copy<'a>>,
    var_ref: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deres_ref: Option<&'a str>,
    signatur: StaffCtx<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oversettelse: Option<super::oversettelse::Translation<'a>>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let case = input.case;
    let v = input.section(case.velkomstbrev.as_ref(), "velkomstbrev")?;
    input.section(case.settlement.as_ref(), "bosetting")?;
    let id = |s| case.staff(s).id.as_str();
    let oversettelse = match &case.settlement {
        Some(b) if input.translation.is_some() => {
            let code = input.translation.map_or("", |c| c.language.code.as_str());
            let mut args = super::oversettelse::common_args(input);
            args.insert("bosted", b.home.name.clone());
            args.insert("adresse", b.home.address.lines(false).join(", "));
            args.insert("flyttedag", crate::i18n::date_in(code, b.date.value, true));
            args.insert("ankomst", v.arrival.clone());
            args.insert("motested", v.meeting_place.clone());
            super::oversettelse::translation(input, &args, super::oversettelse::letter_messages)?
        }
        _ => None,
    };
    let ctx = Context {
        common: input.common(),
        velkomstbrev: VelkomstbrevCtx {
            dato: v.date.map(iso),
            var_ref: v.our_ref.as_deref(),
            deres_ref: v.their_ref.as_deref(),
            ankomst: &v.arrival,
            motested: &v.meeting_place,
            mottas_av: v.met_by.iter().map(|s| id(*s)).collect(),
            rom: v.room.as_deref(),
            ta_med: &v.bring,
            forste_uker: v
                .first_weeks
                .iter()
                .map(|i| FirstWeeksCtx {
                    hva: &i.what,
                    dato: i.date.map(iso),
                    ansvarlig: i.responsible.map(id),
                })
                .collect(),
            husregler_vedlagt: v.house_rules_enclosed,
            vedlegg: &v.enclosures,
            signatur: v.signer.map(id),
            kopi_til_verge: v.copy_to_guardian,
        },
        mottaker: party_recipient(case, input.muni, Person::Youth)?,
        kopi_til: case
            .guardian
            .iter()
            .filter(|_| v.copy_to_guardian)
            .map(|g| Copy {
                navn: &g.name,
                rolle: "verge",
            })
            .collect(),
        var_ref: v.our_ref.as_deref().unwrap_or(&case.reference),
        deres_ref: v.their_ref.as_deref(),
        signatur: case.staff(v.signer.unwrap_or(case.saerkontakt)).into(),
        oversettelse,
    };
    Ok(value(&ctx))
}
