//! The referral's context: one letter per referral, to the service the
//! profile names, with the question, the background, the enclosures, the
//! basis for sharing and the contact person. A consent form of the case
//! named as the basis must still hold on the letter's date.

use serde::Serialize;

use super::{Addressee, Common, Input, Recipient, StaffCtx, iso, value};
use crate::case::sections::folgebrev::Basis;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Enclosure<'a> {
    tittel: &'a str,
    dato: String,
}

#[derive(Serialize)]
struct Grounds<'a> {
    /// `samtykke` or `lov`.
    art: &'static str,
    /// The journal reference or the provision.
    #[serde(rename = "ref")]
    reference: &'a str,
    /// For a consent form of the case: the day it was signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    signert: Option<String>,
}

#[derive(Serialize)]
struct Letter<'a> {
    sporsmal: &'a str,
    bakgrunn: &'a [String],
    vedlegg: Vec<Enclosure<'a>>,
    grunnlag: Grounds<'a>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    tilvisning: Letter<'a>,
    mottaker: Recipient,
    var_ref: &'a str,
    signatur: StaffCtx<'a>,
}

/// Builds the letter at `input.to`'s position.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let t = input.section(case.tilvisninger.as_ref(), "tilvisninger")?;
    let i = match input.to {
        Some(Addressee::Item(i)) => i,
        _ => 0,
    };
    let r = t
        .letters
        .get(i)
        .ok_or_else(|| Error::Internal("a referral that is not there".into()))?;
    // The load checks this (`check_with_profile`); a caller that did not
    // gets the same located error.
    let Some(service) = muni.service(&r.to.value) else {
        return Err(Error::Invalid(crate::case::sections::tilvisning::validate(
            case, muni,
        )));
    };
    let form = match &r.basis {
        Basis::Consent(id) => case.samtykker.as_ref().and_then(|s| s.form(id)),
        _ => None,
    };
    if let Some(f) = form
        && f.valid_until < date
    {
        return Err(Error::one(
            Diagnostic::error(
                Code::DateOrder,
                format!(
                    "the consent the referral rests on held until {}, before the letter's date",
                    crate::norsk::date_long(f.valid_until)
                ),
            )
            .in_file(case.source.clone())
            .at(r.consent_at.as_ref().and_then(|a| a.loc))
            .field(format!("tilvisninger.brev[{i}].samtykke_ref"))
            .hint(
                "ask for a new consent, or give the legal basis (`grunnlag: lov` with `hjemmel:`)",
            ),
        ));
    }
    let grunnlag = match &r.basis {
        Basis::Consent(reference) => Grounds {
            art: "samtykke",
            reference: form.and_then(|f| f.journal.as_deref()).unwrap_or(reference),
            signert: form.and_then(|f| f.signed.as_ref()).map(|s| iso(s.value)),
        },
        Basis::Law(h) => Grounds {
            art: "lov",
            reference: h,
            signert: None,
        },
        Basis::Party => {
            return Err(Error::Internal("a referral without a basis".into()));
        }
    };
    let ctx = Context {
        common: input.common(),
        tilvisning: Letter {
            sporsmal: &r.question,
            bakgrunn: &r.background,
            vedlegg: r
                .enclosures
                .iter()
                .map(|v| Enclosure {
                    tittel: &v.title,
                    dato: iso(v.date),
                })
                .collect(),
            grunnlag,
        },
        mottaker: Recipient {
            navn: service.name.clone(),
            rolle: String::new(),
            linjer: service.address.lines(muni.town_in_capitals),
        },
        var_ref: t.our_ref.as_deref().unwrap_or(&case.reference),
        signatur: case.staff(r.contact.unwrap_or(case.caseworker)).into(),
    };
    Ok(value(&ctx))
}
