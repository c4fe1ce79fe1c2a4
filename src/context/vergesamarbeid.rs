//! The vergesamarbeid's context: the routine's task lists in the document's
//! målform, the planned meetings, and the day guardianship ends (the 18th
//! birthday, from the same computation as `frister`).

use serde::Serialize;

use super::{Common, Input, iso, value};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Meeting<'a> {
    dato: String,
    tema: &'a str,
}

#[derive(Serialize)]
struct Cooperation<'a> {
    verge_oppgaver: Vec<&'a str>,
    tjenesten_oppgaver: Vec<&'a str>,
    moter: Vec<Meeting<'a>>,
    attenarsdag: Option<String>,
    rutine_revidert: String,
    rutine_skal_evalueres: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    samarbeid: Cooperation<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let v = input.section(case.vergesamarbeid.as_ref(), "vergesamarbeid")?;
    if case.guardian.is_none() {
        return Err(super::missing_section(case, "verge", input.kind));
    }
    let routine = muni.guardian_routine.as_ref().ok_or_else(|| {
        Error::one(
            Diagnostic::error(
                Code::MissingProfileData,
                "the profile has no routine for cooperation with guardians",
            )
            .in_file(muni.source.clone())
            .field("verge_rutine")
            .hint("add `verge_rutine:` with `revidert:`, `verge:` (the guardian's tasks) and `tjenesten:` (the service's)"),
        )
    })?;
    let ctx = Context {
        common: input.common(),
        samarbeid: Cooperation {
            verge_oppgaver: routine
                .guardian
                .iter()
                .map(|t| t.get(muni.malform))
                .collect(),
            tjenesten_oppgaver: routine
                .service
                .iter()
                .map(|t| t.get(muni.malform))
                .collect(),
            moter: v
                .meetings
                .iter()
                .map(|m| Meeting {
                    dato: iso(m.date),
                    tema: &m.topic,
                })
                .collect(),
            attenarsdag: crate::deadlines::age_dates(
                case.youth.birth_date.value,
                muni.aftercare_dialogue_months,
            )
            .map(|a| iso(a.attenarsdag)),
            rutine_revidert: iso(routine.revised),
            rutine_skal_evalueres: routine.review_due() < input.date,
        },
    };
    Ok(value(&ctx))
}
