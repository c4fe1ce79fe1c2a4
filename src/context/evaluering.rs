//! The evaluering's context: goal by goal, measure by measure, with the
//! plan's goals and measures named.

use serde::Serialize;

use super::{Common, Input, PersonCtx, iso, person, value};
use crate::case::check::Choice;
use crate::case::people::Person;
use crate::case::sections::evaluering::{Conclusion, GoalState};
use crate::error::Result;

#[derive(Serialize)]
struct GoalStatus<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    kommentar: Option<&'a str>,
    nr: usize,
    status: &'static str,
    tekst: &'a str,
}

#[derive(Serialize)]
struct MeasureConclusion<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    hyppighet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kommentar: Option<&'a str>,
    konklusjon: &'static str,
    nr: u32,
    tekst: &'a str,
}

#[derive(Serialize)]
struct NewGoal<'a> {
    frist: String,
    tekst: &'a str,
}

#[derive(Serialize)]
struct Ev<'a> {
    deltakere: Vec<PersonCtx>,
    /// The leader who approves it (the plan's).
    godkjent_av: PersonCtx,
    /// When the leader approved it; absent for a draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    godkjent_dato: Option<String>,
    fra: String,
    fungerer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fungerer_mindre: Option<&'a str>,
    maal: Vec<GoalStatus<'a>>,
    neste: String,
    nye_maal: Vec<NewGoal<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_dato: Option<String>,
    til: String,
    tiltak: Vec<MeasureConclusion<'a>>,
    /// Numbers of the plan's goals this evaluation says nothing about.
    maal_uten_vurdering: Vec<usize>,
    /// Numbers of the plan's measures it says nothing about.
    tiltak_uten_vurdering: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolk: Option<&'a str>,
    underskrifter: Vec<PersonCtx>,
    ungdommens_syn: &'a str,
    variant: &'static str,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    ev: Ev<'a>,
    #[serde(flatten)]
    parts: super::Parts<'a>,
}

/// The status in the document's målform.
fn status(s: GoalState, nn: bool) -> &'static str {
    match (s, nn) {
        (GoalState::Reached, _) => "oppnådd",
        (GoalState::PartlyReached, _) => "delvis oppnådd",
        (GoalState::NotReached, false) => "ikke oppnådd",
        (GoalState::NotReached, true) => "ikkje oppnådd",
    }
}

/// The conclusion in the document's målform.
fn conclusion(c: Conclusion, nn: bool) -> &'static str {
    match (c, nn) {
        (Conclusion::Continue, false) => "videreføre",
        (Conclusion::Continue, true) => "vidareføre",
        (Conclusion::Change, _) => "endre",
        (Conclusion::End, _) => "avslutte",
    }
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let nn = input.nn();
    let ev = input.section(case.evaluering.as_ref(), "evaluering")?;
    let plan = input.section(case.tiltaksplan.as_ref(), "tiltaksplan")?;
    let next = ev.next_on(case, plan, date)?;
    let ctx = Context {
        common: input.common(),
        ev: Ev {
            variant: plan.variant.value.name(),
            plan_dato: plan.date.as_ref().map(|d| iso(d.value)),
            godkjent_av: person(case, muni, plan.approved_by),
            godkjent_dato: ev.approved_on.map(iso),
            fra: iso(plan.from),
            til: iso(plan.to.value),
            deltakere: ev
                .participants
                .iter()
                .map(|p| person(case, muni, *p))
                .collect(),
            tolk: ev.interpreter.as_deref(),
            maal: ev
                .goals
                .iter()
                .map(|g| GoalStatus {
                    nr: g.goal + 1,
                    tekst: plan.goals.get(g.goal).map_or("", |pg| &pg.text),
                    status: status(g.status, nn),
                    kommentar: g.comment.as_deref(),
                })
                .collect(),
            fungerer: &ev.works,
            fungerer_mindre: ev.works_less.as_deref(),
            ungdommens_syn: &ev.youth_view,
            tiltak: ev
                .measures
                .iter()
                .map(|m| MeasureConclusion {
                    nr: m.measure,
                    tekst: usize::try_from(m.measure)
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| plan.measures.get(i))
                        .map_or("", |t| &t.text),
                    konklusjon: conclusion(m.conclusion, nn),
                    kommentar: m.comment.as_deref(),
                    hyppighet: m.frequency.as_deref(),
                })
                .collect(),
            nye_maal: ev
                .new_goals
                .iter()
                .map(|g| NewGoal {
                    tekst: &g.text,
                    frist: iso(g.deadline),
                })
                .collect(),
            neste: iso(next),
            maal_uten_vurdering: ev.goals_left_out(plan),
            tiltak_uten_vurdering: ev.measures_left_out(plan),
            // The youth, a guardian who took part, and the caseworker.
            underskrifter: std::iter::once(Person::Youth)
                .chain(
                    ev.participants
                        .iter()
                        .copied()
                        .filter(|p| *p == Person::Guardian),
                )
                .chain([Person::Staff(case.caseworker)])
                .map(|p| person(case, muni, p))
                .collect(),
        },
        parts: input.parts(crate::case::sections::folgebrev::EnclosedDocument::Evaluering),
    };
    Ok(value(&ctx))
}
