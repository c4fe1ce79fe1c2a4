//! The transition meeting's context, for the invitation (a letter to the
//! youth, and one to the guardian, from the intake caseworker) and the
//! minutes (a document written by the measures caseworker).

use serde::Serialize;

use super::{
    Addressee, Common, Input, PersonCtx, Recipient, StaffCtx, iso, missing_section,
    party_recipient, person, value,
};
use crate::case::people::{Person, Responsible};
use crate::error::Result;

#[derive(Serialize)]
struct Action<'a> {
    hva: &'a str,
    ansvarlig: String,
    frist: String,
}

#[derive(Serialize)]
struct Minutes<'a> {
    dato: String,
    forfall: Vec<PersonCtx>,
    presentasjon: &'a str,
    undersokelsesrapport: &'a str,
    prosess: &'a str,
    avtalt: Vec<Action<'a>>,
}

#[derive(Serialize)]
struct Meeting<'a> {
    motedato: String,
    tid: &'a str,
    sted: &'a str,
    innkalt_av: StaffCtx<'a>,
    ny_saksbehandler: StaffCtx<'a>,
    deltakere: Vec<PersonCtx>,
    andre_deltakere: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    referat: Option<Minutes<'a>>,
}

#[derive(Serialize)]
struct Letter<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    mote: Meeting<'a>,
    /// `ungdom` or `verge`: who this invitation speaks to.
    mottaker_er: &'static str,
    mottaker: Recipient,
}

#[derive(Serialize)]
struct Doc<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    mote: Meeting<'a>,
}

fn meeting<'a>(input: &Input<'a>, with_minutes: bool) -> Result<Meeting<'a>> {
    let (case, muni) = (input.case, input.muni);
    let m = input.section(case.overgangsmote.as_ref(), "overgangsmote")?;
    let referat = match (&m.minutes, with_minutes) {
        (Some(r), true) => Some(Minutes {
            dato: iso(r.date),
            forfall: r.absent.iter().map(|p| person(case, muni, *p)).collect(),
            presentasjon: &r.presentation,
            undersokelsesrapport: &r.report,
            prosess: &r.process,
            avtalt: r
                .actions
                .iter()
                .map(|a| Action {
                    hva: &a.what,
                    ansvarlig: match &a.responsible {
                        Responsible::Person(p) => case.name_of(*p),
                        Responsible::Other(t) => t.clone(),
                    },
                    frist: iso(a.due),
                })
                .collect(),
        }),
        (None, true) => {
            return Err(missing_section(case, "overgangsmote.referat", input.kind));
        }
        _ => None,
    };
    Ok(Meeting {
        motedato: iso(m.meeting),
        tid: &m.time,
        sted: &m.place,
        innkalt_av: case.staff(m.invited_by).into(),
        ny_saksbehandler: case.staff(m.new_caseworker).into(),
        deltakere: m
            .participants
            .iter()
            .map(|p| person(case, muni, *p))
            .collect(),
        andre_deltakere: &m.others,
        referat,
    })
}

/// The invitation to `input.to` (the youth, or the guardian): each gets
/// a letter of their own, not a copy; the letter lists who is invited.
pub(crate) fn invitation(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let to_guardian = matches!(input.to, Some(Addressee::Guardian));
    let mottaker = party_recipient(
        case,
        muni,
        if to_guardian {
            Person::Guardian
        } else {
            Person::Youth
        },
    )?;
    let ctx = Letter {
        common: input.common(),
        mote: meeting(input, false)?,
        mottaker_er: if to_guardian { "verge" } else { "ungdom" },
        mottaker,
    };
    Ok(value(&ctx))
}

/// The minutes.
pub(crate) fn minutes(input: &Input) -> Result<minijinja::Value> {
    let ctx = Doc {
        common: input.common(),
        mote: meeting(input, true)?,
    };
    Ok(value(&ctx))
}
