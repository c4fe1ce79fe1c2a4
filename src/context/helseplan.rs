//! The helseplan's context: the municipality's health routine dated from
//! the settlement (as the bosettingsplan's steps), with who books what,
//! what is done, what is overdue, and the health plan's own exemption
//! marking and legal basis in the page header.

use serde::Serialize;

use super::bosettingsplan::{Step, dated_steps};
use super::{Common, Input, iso, value};
use crate::case::sections::bosettingsplan::{health_routine, validate};
use crate::error::Result;

#[derive(Serialize)]
struct Plan<'a> {
    bosettingsdato: String,
    steg: Vec<Step<'a>>,
    forfalte: usize,
    merking: &'a str,
    hjemmel: &'a str,
    rutine_revidert: String,
    rutine_skal_evalueres: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    helse: Plan<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let plan = input.section(case.helseplan.as_ref(), "helseplan")?;
    let settlement = case
        .settlement
        .as_ref()
        .ok_or_else(|| super::missing_section(case, "bosetting", input.kind))?;
    let routine = health_routine(muni)?;
    validate(case, muni)?;
    let steg = dated_steps(
        input,
        settlement.date.value,
        &routine.steps,
        &plan.roles,
        &plan.done,
        "helseplan",
    )?;
    let ctx = Context {
        common: input
            .common()
            .with_marking(&routine.marking, &routine.basis),
        helse: Plan {
            bosettingsdato: iso(settlement.date.value),
            forfalte: steg.iter().filter(|s| s.forfalt).count(),
            steg,
            merking: &routine.marking,
            hjemmel: &routine.basis,
            rutine_revidert: iso(routine.revised),
            rutine_skal_evalueres: routine.review_due() < input.date,
        },
    };
    Ok(value(&ctx))
}
