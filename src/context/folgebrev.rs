//! The følgebrev's context: one letter per recipient. `mottaker` is who
//! this letter goes to; everything else is the same in every letter.

use serde::Serialize;

use super::{Addressee, Common, Input, Recipient, StaffCtx, iso, party_recipient, value};
use crate::case::people::Person;
use crate::case::sections::folgebrev::{Basis, CopyTo, EnclosedDocument};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Enclosure<'a> {
    dato: String,
    tittel: &'a str,
    /// For a copy outside the case whose basis covers only parts of the
    /// document: those parts, named («mål og tiltak»).
    #[serde(skip_serializing_if = "Option::is_none")]
    utdrag: Option<String>,
}

#[derive(Serialize)]
struct Brev<'a> {
    avsnitt: &'a [String],
    emne: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    motedato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    neste_evaluering: Option<String>,
    /// When the letter sends the plan to sign: the day to send it back by
    /// (the letter's date + 14 days, the working day on or before).
    #[serde(skip_serializing_if = "Option::is_none")]
    retur_frist: Option<String>,
    vedlegg: Vec<Enclosure<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vedtak_dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vedtak_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct Copy<'a> {
    navn: std::borrow::Cow<'a, str>,
    /// `verge` for the guardian, none for others.
    rolle: Option<&'static str>,
}

/// How a copy to someone outside the parties may be sent.
#[derive(Serialize)]
struct CopyBasis<'a> {
    /// `samtykke` or `lov`.
    art: &'static str,
    /// The consent's journal reference or the legal provision.
    #[serde(rename = "ref")]
    reference: &'a str,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    brev: Brev<'a>,
    /// Every other recipient of this letter's set, never the addressee.
    kopi_til: Vec<Copy<'a>>,
    /// Who this letter speaks to: `ungdom` (as «du»), `verge` or `kopi`
    /// (both in the third person, naming the youth).
    mottaker_er: &'static str,
    /// For a copy to someone outside the parties: the basis it is sent on.
    #[serde(skip_serializing_if = "Option::is_none")]
    kopi_grunnlag: Option<CopyBasis<'a>>,
    var_ref: &'a str,
    signatur: StaffCtx<'a>,
    nn_verge: &'static str,
    mottaker: Recipient,
}

/// Days the parties have to sign the plan and send it back.
const RETURN_DAYS: u64 = 14;

/// The «Kopi til» list of the letter to `to`: the youth (unless the letter
/// is to the youth) and every copy recipient but the addressee.
fn copy_list<'a>(
    case: &'a crate::case::Case,
    fb: &'a crate::case::sections::folgebrev::Folgebrev,
    to: Option<Addressee>,
) -> Vec<Copy<'a>> {
    let mut list = Vec::new();
    if !matches!(to, Some(Addressee::Youth) | None) {
        list.push(Copy {
            navn: case.youth.name().into(),
            rolle: Some("ungdom"),
        });
    }
    for (i, k) in fb.copies.iter().enumerate() {
        let own = match (&k.to, to) {
            (CopyTo::Guardian, Some(Addressee::Guardian)) => true,
            (CopyTo::Outside { .. }, Some(Addressee::Copy(j))) => i == j,
            _ => false,
        };
        if own {
            continue;
        }
        match &k.to {
            CopyTo::Guardian => {
                if let Some(g) = case.guardian.as_ref() {
                    list.push(Copy {
                        navn: g.name.as_str().into(),
                        rolle: Some("verge"),
                    });
                }
            }
            CopyTo::Outside { name, .. } => list.push(Copy {
                navn: name.as_str().into(),
                rolle: None,
            }),
        }
    }
    list
}

/// The parts of an enclosure a copy outside the case gets, when its basis
/// covers only some.
fn excerpt_of(
    fb: &crate::case::sections::folgebrev::Folgebrev,
    to: Option<Addressee>,
    v: &crate::case::sections::folgebrev::Enclosure,
    nn: bool,
) -> Option<String> {
    let Some(Addressee::Copy(i)) = to else {
        return None;
    };
    let doc = v.document.as_ref()?.value;
    let excerpt = fb.copies.get(i)?.scope.as_ref()?.of(doc)?;
    (!excerpt.whole).then(|| excerpt.names(doc, nn))
}

/// Builds the context of the letter to `input.to`.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let fb = input.section(case.folgebrev.as_ref(), "folgebrev")?;
    let next = fb.next_evaluation_on(case, date)?;
    // A plan is sent only once the leader has approved it (seed 002: «Skal
    // godkjennes av leder»).
    for v in &fb.enclosures {
        let Some(d) = &v.document else { continue };
        let (draft, what, field) = match d.value {
            EnclosedDocument::Tiltaksplan => (
                case.tiltaksplan
                    .as_ref()
                    .is_some_and(|p| p.approved_on.is_none()),
                "a plan",
                "tiltaksplan.godkjent_dato",
            ),
            EnclosedDocument::Evaluering => (
                case.evaluering
                    .as_ref()
                    .is_some_and(|e| e.approved_on.is_none()),
                "an evaluation",
                "evaluering.godkjent_dato",
            ),
        };
        if draft {
            return Err(Error::one(
                crate::Diagnostic::error(
                    crate::diagnostic::Code::Inconsistent,
                    format!("the letter sends {what} the leader has not approved"),
                )
                .in_file(case.source.clone())
                .at(d.loc)
                .field("folgebrev.vedlegg")
                .hint(format!(
                    "record the approval in `{field}` first (it is a draft until then)"
                )),
            ));
        }
    }
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
        Some(Addressee::Youth | Addressee::Item(_)) | None => {
            party_recipient(case, muni, Person::Youth)?
        }
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
                    utdrag: excerpt_of(fb, input.to, v, input.nn()),
                })
                .collect(),
            neste_evaluering: next.map(iso),
            retur_frist: fb
                .enclosures
                .iter()
                .any(|v| {
                    v.document.as_ref().is_some_and(|d| {
                        d.value == crate::case::sections::folgebrev::EnclosedDocument::Tiltaksplan
                    })
                })
                .then(|| {
                    iso(crate::norsk::working_day_on_or_before(
                        date + chrono::Days::new(RETURN_DAYS),
                    ))
                }),
            avsnitt: &fb.paragraphs,
        },
        kopi_til: copy_list(case, fb, input.to),
        mottaker_er: match input.to {
            Some(Addressee::Guardian) => "verge",
            Some(Addressee::Copy(_)) => "kopi",
            Some(Addressee::Youth | Addressee::Item(_)) | None => "ungdom",
        },
        kopi_grunnlag: match input.to {
            Some(Addressee::Copy(i)) => fb.copies.get(i).and_then(|k| match &k.basis {
                Basis::Consent(r) => Some(CopyBasis {
                    art: "samtykke",
                    reference: r,
                }),
                Basis::Law(h) => Some(CopyBasis {
                    art: "lov",
                    reference: h,
                }),
                Basis::Party => None,
            }),
            _ => None,
        },
        var_ref: fb.our_ref.as_deref().unwrap_or(&case.reference),
        signatur: case.staff(fb.signer.unwrap_or(case.caseworker)).into(),
        nn_verge: if input.nn() { "verje" } else { "verge" },
        mottaker,
    };
    Ok(value(&ctx))
}
