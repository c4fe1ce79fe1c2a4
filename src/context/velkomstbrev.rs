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

/// The letter in the youth's language, after the Norwegian.
#[derive(Serialize)]
struct Translation<'a> {
    /// The language code, for Typst's `lang`.
    kode: &'a str,
    /// `rtl` or `ltr`.
    retning: &'static str,
    /// The language's Norwegian name in the document's målform.
    navn: &'a str,
    /// Its name in itself.
    eget_navn: &'a str,
    /// No check of the translation is recorded: every page is marked.
    ukontrollert: bool,
    /// Every message, formatted with the case's values.
    meldinger: std::collections::BTreeMap<String, String>,
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
    oversettelse: Option<Translation<'a>>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let case = input.case;
    let v = input.section(case.velkomstbrev.as_ref(), "velkomstbrev")?;
    input.section(case.settlement.as_ref(), "bosetting")?;
    let id = |s| case.staff(s).id.as_str();
    let oversettelse = match (input.translation, &case.settlement) {
        (Some(cat), Some(b)) => {
            let l = &cat.language;
            let mut args = std::collections::BTreeMap::new();
            args.insert("fornavn", case.youth.given_name.clone());
            args.insert("sted", super::short_name(&input.muni.name).to_owned());
            args.insert("saerkontakt", case.staff(case.saerkontakt).name.clone());
            args.insert("saksbehandler", case.staff(case.caseworker).name.clone());
            args.insert("bosted", b.home.name.clone());
            args.insert("adresse", b.home.address.lines(false).join(", "));
            args.insert(
                "flyttedag",
                crate::i18n::date_in(&l.code, b.date.value, true),
            );
            args.insert("ankomst", v.arrival.clone());
            args.insert("motested", v.meeting_place.clone());
            args.insert(
                "verge",
                case.guardian
                    .as_ref()
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            );
            Some(Translation {
                kode: &l.code,
                retning: if l.rtl { "rtl" } else { "ltr" },
                navn: if input.nn() { &l.name_nn } else { &l.name_nb },
                eget_navn: &l.own_name,
                ukontrollert: l.checked.is_none(),
                meldinger: cat.messages(&args)?,
            })
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
