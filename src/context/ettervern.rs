//! The aftercare decision's context: the decision, the measures, the facts,
//! the youth's view and consent, the reasons, and the legal text blocks of
//! the profile's version in force on the decision's date. A letter to the
//! youth; a copy, marked as one, to the guardian while there is one.

use serde::Serialize;

use super::{Addressee, Common, Input, Recipient, StaffCtx, iso, party_recipient, value};
use crate::case::decision_texts;
use crate::case::people::Person;
use crate::case::sections::ettervern::Decision;
use crate::case::sections::tiltaksplan::Variant;
use crate::error::Result;

#[derive(Serialize)]
struct Measure<'a> {
    tiltak: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    omfang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fra: Option<String>,
    til: String,
}

#[derive(Serialize)]
struct Plan {
    dato: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    neste_evaluering: Option<String>,
}

#[derive(Serialize)]
struct Estimated {
    /// The day the letter is taken to arrive.
    mottatt: String,
    /// The last day to appeal, counted from it.
    frist: String,
}

#[derive(Serialize)]
struct Declined<'a> {
    dato: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    nytt_tilbud: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    journalpost: Option<&'a str>,
}

#[derive(Serialize)]
struct Texts<'a> {
    hjemmel: &'a str,
    klagerett: &'a str,
    klagefrist: &'a str,
    klage_fremgangsmaate: &'a str,
    klageinstans: &'a str,
    innsyn: &'a str,
    gjelder_fra: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    beregnet_klagefrist: Option<Estimated>,
}

#[derive(Serialize)]
struct Vedtak<'a> {
    /// `videreforing`, `erstatning` or `opphor`.
    beslutning: &'static str,
    tiltak: Vec<Measure<'a>>,
    fakta: &'a [String],
    ungdommens_syn: &'a str,
    vurdering: &'a [String],
    /// The day the youth signed the consent form.
    #[serde(skip_serializing_if = "Option::is_none")]
    samtykke_signert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tiltaksplan: Option<Plan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avslatt: Option<Declined<'a>>,
    /// The day before the 25th birthday.
    siste_dag: Option<String>,
    tekster: Texts<'a>,
}

#[derive(Serialize)]
struct Copy {
    navn: String,
    rolle: Option<&'static str>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    vedtak: Vedtak<'a>,
    mottaker: Recipient,
    /// This letter is the guardian's copy.
    kopi: bool,
    kopi_til: Vec<Copy>,
    var_ref: &'a str,
    signatur: StaffCtx<'a>,
}

/// Builds the context of the letter to `input.to`.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let v = input.section(case.ettervernsvedtak.as_ref(), "ettervernsvedtak")?;
    let texts = decision_texts::in_force(&muni.decision_texts, date, &muni.source)?;
    let m = muni.malform;
    let guardian_copy = matches!(input.to, Some(Addressee::Guardian));
    let mottaker = party_recipient(
        case,
        muni,
        if guardian_copy {
            Person::Guardian
        } else {
            Person::Youth
        },
    )?;
    let kopi_til = match (&case.guardian, guardian_copy) {
        (Some(_), true) => vec![Copy {
            navn: case.youth.name(),
            rolle: Some("ungdom"),
        }],
        (Some(g), false) => vec![Copy {
            navn: g.name.clone(),
            rolle: Some("verge"),
        }],
        (None, _) => Vec::new(),
    };
    let consent = v
        .consent
        .as_ref()
        .and_then(|id| case.samtykker.as_ref()?.form(&id.value));
    // Only an aftercare plan («min plan» for ettervern) made by the
    // decision's date counts; else the letter says one will be made.
    let plan = case.tiltaksplan.as_ref().and_then(|p| {
        let d = p.date.as_ref()?.value;
        (d <= date && p.variant.value == Variant::Ettervern).then_some(())?;
        Some(Plan {
            dato: iso(d),
            neste_evaluering: case
                .evaluation_deadlines()
                .into_iter()
                .map(|e| e.date)
                .find(|e| *e >= date)
                .map(iso),
        })
    });
    let ctx = Context {
        common: input.common(),
        vedtak: Vedtak {
            beslutning: match v.decision {
                Decision::Videreforing => "videreforing",
                Decision::Erstatning => "erstatning",
                Decision::Opphor => "opphor",
            },
            tiltak: v
                .measures
                .iter()
                .map(|t| Measure {
                    tiltak: &t.name,
                    omfang: t.extent.as_deref(),
                    fra: t.from.map(iso),
                    til: iso(t.until),
                })
                .collect(),
            fakta: &v.facts,
            ungdommens_syn: &v.youth_view,
            vurdering: &v.reasons,
            samtykke_signert: consent
                .and_then(|f| f.signed.as_ref())
                .map(|s| iso(s.value)),
            tiltaksplan: plan,
            avslatt: case.ettervern_avslatt.as_ref().map(|d| Declined {
                dato: iso(d.date),
                nytt_tilbud: case.renewed_aftercare_offer().map(iso),
                journalpost: d.journal.as_deref(),
            }),
            siste_dag: crate::deadlines::age_dates(case.youth.birth_date.value, 6)
                .map(|a| iso(a.ettervern_siste_dag)),
            tekster: Texts {
                hjemmel: texts.aftercare_basis.get(m),
                klagerett: texts.right_to_appeal.get(m),
                klagefrist: texts.appeal_deadline.get(m),
                klage_fremgangsmaate: texts.how_to_appeal.get(m),
                klageinstans: texts.appeal_body.get(m),
                innsyn: texts.access.get(m),
                gjelder_fra: iso(texts.valid_from),
                beregnet_klagefrist: texts.estimated_deadline(date).map(|(a, f)| Estimated {
                    mottatt: iso(a),
                    frist: iso(f),
                }),
            },
        },
        mottaker,
        kopi: guardian_copy,
        kopi_til,
        var_ref: v.our_ref.as_deref().unwrap_or(&case.reference),
        signatur: case.staff(v.decided_by).into(),
    };
    Ok(value(&ctx))
}
