//! The bosettingsplan's context: the municipality's steps for the type of
//! housing, dated from the settlement (never on a weekend or public
//! holiday: a step is done by the working day on or before its date; the
//! arrival day is the case's), sorted by date, each with the name and role
//! of who does it, whether it is done, and whether it is overdue on the
//! document date.

use serde::Serialize;

use super::{Common, Input, iso, value};
use crate::case::profile::SettlementStep;
use crate::case::sections::bosettingsplan::{
    DoneStep, RoleHolder, housing, step_date, validate, who,
};
use crate::error::Result;

#[derive(Serialize)]
pub(crate) struct Step<'a> {
    /// ISO date.
    dato: String,
    /// «4 uker før», «ankomstdagen», «1 uke etter».
    naar: String,
    hva: &'a str,
    /// Who, by name.
    ansvarlig: String,
    /// Their role («særkontakt»).
    rolle: String,
    /// When it was done (ISO), if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    utfort: Option<String>,
    /// Not done and its date is before the document date.
    pub(crate) forfalt: bool,
}

#[derive(Serialize)]
struct Plan<'a> {
    boligtype: &'a str,
    bolig: &'a str,
    bosettingsdato: String,
    steg: Vec<Step<'a>>,
    forfalte: usize,
    /// When the routine was last revised (ISO), and whether it is more
    /// than a year old on the document date.
    rutine_revidert: String,
    rutine_skal_evalueres: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    bo: Plan<'a>,
}

/// When a step is, relative to the arrival, in words.
pub(crate) fn when(months: i32, days: i32, nn: bool) -> String {
    // «før» and «etter» in both målformer.
    let side = |n: i32| if n < 0 { "før" } else { "etter" };
    let unit = |n: i32, one: &str, many: &str| {
        let n = n.abs();
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let (dag, dager, uke, uker, maaned, maaneder) = if nn {
        ("dag", "dagar", "veke", "veker", "månad", "månader")
    } else {
        ("dag", "dager", "uke", "uker", "måned", "måneder")
    };
    match (months, days) {
        (0, 0) => "ankomstdagen".to_owned(),
        (0, d) if d % 7 == 0 => format!("{} {}", unit(d / 7, uke, uker), side(d)),
        (0, d) => format!("{} {}", unit(d, dag, dager), side(d)),
        (m, 0) => format!("{} {}", unit(m, maaned, maaneder), side(m)),
        (m, d) => format!(
            "{} og {} {}",
            unit(m, maaned, maaneder),
            unit(d, dag, dager),
            side(m)
        ),
    }
}

/// The steps of a routine dated from the settlement `settled`, with who
/// does each, what is done, and what is overdue on the document date,
/// sorted by date.
pub(crate) fn dated_steps<'a>(
    input: &Input<'a>,
    settled: chrono::NaiveDate,
    steps: &'a [SettlementStep],
    roles: &[RoleHolder],
    done: &[DoneStep],
    section: &str,
) -> Result<Vec<Step<'a>>> {
    let (case, muni, nn) = (input.case, input.muni, input.nn());
    let mut out = Vec::new();
    for s in steps {
        let date = step_date(settled, s.months, s.days)?;
        let (ansvarlig, rolle) = who(case, &muni.source, nn, roles, s, section)?;
        let done = done.iter().find(|d| d.step.value == s.id);
        out.push((
            date,
            Step {
                dato: iso(date),
                naar: when(s.months, s.days, nn),
                hva: s.label.get(muni.malform),
                ansvarlig,
                rolle,
                utfort: done.map(|d| iso(d.date)),
                forfalt: done.is_none() && date < input.date,
            },
        ));
    }
    out.sort_by_key(|(d, _)| *d);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let plan = input.section(case.bosettingsplan.as_ref(), "bosettingsplan")?;
    let settlement = case
        .settlement
        .as_ref()
        .ok_or_else(|| super::missing_section(case, "bosetting", input.kind))?;
    let (routine, housing) = housing(case, muni, plan)?;
    validate(case, muni)?;
    let steg = dated_steps(
        input,
        settlement.date.value,
        &housing.steps,
        &plan.roles,
        &plan.done,
        "bosettingsplan",
    )?;
    let ctx = Context {
        common: input.common(),
        bo: Plan {
            boligtype: housing.name.get(muni.malform),
            bolig: &settlement.home.name,
            bosettingsdato: iso(settlement.date.value),
            forfalte: steg.iter().filter(|s| s.forfalt).count(),
            steg,
            rutine_revidert: iso(routine.revised),
            rutine_skal_evalueres: routine.review_due() < input.date,
        },
    };
    Ok(value(&ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn offsets_read_as_a_caseworker_says_them() {
        assert_eq!(when(0, -28, false), "4 uker før");
        assert_eq!(when(0, -28, true), "4 veker før");
        assert_eq!(when(0, 0, false), "ankomstdagen");
        assert_eq!(when(0, 1, false), "1 dag etter");
        assert_eq!(when(0, 7, true), "1 veke etter");
        assert_eq!(when(3, 0, false), "3 måneder etter");
        assert_eq!(when(1, 0, true), "1 månad etter");
    }

    #[test]
    fn step_dates_avoid_weekends_and_holidays() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Settled Monday 7 December 2026; 4 weeks before is Monday 9
        // November (a working day), 1 day before is Sunday 6 December → Friday 4.
        assert_eq!(step_date(d(2026, 12, 7), 0, -28).unwrap(), d(2026, 11, 9));
        assert_eq!(step_date(d(2026, 12, 7), 0, -1).unwrap(), d(2026, 12, 4));
        // 3 weeks after, 28 December, is a working day; 2 weeks and 4 days
        // after is Christmas Day (25th) → Thursday 24 December.
        assert_eq!(step_date(d(2026, 12, 7), 0, 18).unwrap(), d(2026, 12, 24));
        // The arrival day is as the case gives it, even a Saturday.
        assert_eq!(step_date(d(2026, 12, 5), 0, 0).unwrap(), d(2026, 12, 5));
    }
}
