//! The bosettingsplan's section (seed 000 attachment 1, «Rutinebeskrivelse
//! for bosetting i ulike typer bofellesskap»): who does what before, on and
//! after the arrival day. The steps, their offsets from the settlement date
//! and the responsible role are the municipality's routine per type of
//! housing (profile data, `bosetting_rutine`); the case names the type of
//! housing, who holds the roles the routine names beyond the case's own
//! særkontakt and caseworker, and which steps are done.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::Case;
use crate::case::check::Checker;
use crate::case::located::{DateText, Located, Text};
use crate::case::people::{People, Person, StaffId};
use crate::case::profile::{HousingType, Municipality, SettlementRoutine, SettlementStep};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// Who holds a role the routine names (`miljøterapeut`, `boleder`).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RoleHolder {
        /// The role, as the municipality's routine names it.
        pub rolle: Text,
        /// Staff id of who holds it for this youth.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub ansatt: Text,
    }

    /// A step of the routine that is done.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct DoneStep {
        /// The step's id in the routine (`rom_klart`).
        pub steg: Text,
        /// When it was done.
        #[schemars(with = "DateText")]
        pub dato: Text,
    }

    /// The settlement plan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Bosettingsplan {
        /// The plan's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The type of housing, as the profile's routine names it
        /// (`bofellesskap`, `bolig_med_oppfolging`, …).
        pub boligtype: Text,
        /// Who holds the routine's other roles for this youth.
        #[serde(default)]
        pub roller: Vec<RoleHolder>,
        /// The steps already done.
        #[serde(default)]
        pub utfort: Vec<DoneStep>,
    }
}

/// Who holds a role.
#[derive(Debug, Clone)]
pub struct RoleHolder {
    /// `rolle`.
    pub role: Located<String>,
    /// `ansatt`.
    pub staff: StaffId,
}

/// A step that is done.
#[derive(Debug, Clone)]
pub struct DoneStep {
    /// `steg`, with where it is written (checked against the routine when
    /// the document is made).
    pub step: Located<String>,
    /// `dato`.
    pub date: NaiveDate,
}

/// The settlement plan.
#[derive(Debug, Clone)]
pub struct Bosettingsplan {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `boligtype`, with where it is written.
    pub housing: Located<String>,
    /// `roller`.
    pub roles: Vec<RoleHolder>,
    /// `utfort`.
    pub done: Vec<DoneStep>,
}

/// The roles and done steps of a routine plan, at `p` (`bosettingsplan`,
/// `helseplan`).
pub(crate) fn roles_and_done(
    c: &mut Checker,
    people: &People,
    p: &str,
    roles: &[raw::RoleHolder],
    done: &[raw::DoneStep],
) -> (Vec<RoleHolder>, Vec<DoneStep>) {
    let roles = roles
        .iter()
        .enumerate()
        .map(|(i, r)| RoleHolder {
            role: located(c, &r.rolle, &format!("{p}.roller[{i}].rolle")),
            staff: people.staff(c, &r.ansatt, &format!("{p}.roller[{i}].ansatt")),
        })
        .collect();
    let done = done
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let step = located(c, &d.steg, &format!("{p}.utfort[{i}].steg"));
            let date = c.date(&d.dato, &format!("{p}.utfort[{i}].dato"))?;
            Some(DoneStep { step, date })
        })
        .collect();
    (roles, done)
}

/// Checks the section (what needs the profile, the type of housing and the
/// step ids, is checked when the document is made).
pub(crate) fn parse(c: &mut Checker, people: &People, b: &raw::Bosettingsplan) -> Bosettingsplan {
    let p = "bosettingsplan";
    let date = b
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let housing = located(c, &b.boligtype, &format!("{p}.boligtype"));
    let (roles, done) = roles_and_done(c, people, p, &b.roller, &b.utfort);
    Bosettingsplan {
        date,
        housing,
        roles,
        done,
    }
}

/// A checked text with where it was written.
fn located(c: &mut Checker, t: &Text, field: &str) -> Located<String> {
    Located {
        value: c.text(t, field),
        loc: t.loc,
    }
}

/// A step's date: the settlement date moved by the offsets, then the
/// working day on or before it (the arrival day itself as it is).
pub(crate) fn step_date(settled: NaiveDate, months: i32, days: i32) -> Result<NaiveDate> {
    let d = norsk::add_months(settled, months)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(i64::from(days))))
        .ok_or_else(|| Error::Internal("settlement step date out of range".into()))?;
    Ok(if months == 0 && days == 0 {
        d
    } else {
        norsk::working_day_on_or_before(d)
    })
}

/// The type of housing the case names, from the profile's routine.
pub(crate) fn housing<'m>(
    case: &Case,
    muni: &'m Municipality,
    plan: &Bosettingsplan,
) -> Result<(&'m SettlementRoutine, &'m HousingType)> {
    let routine = muni.settlement_routine.as_ref().ok_or_else(|| {
        Error::one(
            Diagnostic::error(
                Code::MissingProfileData,
                "the profile has no settlement routine",
            )
            .in_file(muni.source.clone())
            .field("bosetting_rutine")
            .hint("add `bosetting_rutine:` with `revidert:` and the `boligtyper:` and their steps"),
        )
    })?;
    let found = routine.housing.iter().find(|h| h.id == plan.housing.value);
    let Some(h) = found else {
        let ids: Vec<&str> = routine.housing.iter().map(|h| h.id.as_str()).collect();
        return Err(Error::one(
            Diagnostic::error(
                Code::UnknownValue,
                format!(
                    "the settlement routine of {} has no type of housing `{}`",
                    muni.source, plan.housing.value
                ),
            )
            .in_file(case.source.clone())
            .at(plan.housing.loc)
            .field("bosettingsplan.boligtype")
            .hint(format!("the profile has: {}", ids.join(", "))),
        ));
    };
    Ok((routine, h))
}

/// Who does a step: the case's særkontakt, caseworker, guardian or youth,
/// or the staff member the case names for the role.
pub(crate) fn who(
    case: &Case,
    profile: &str,
    nn: bool,
    roles: &[RoleHolder],
    step: &SettlementStep,
    section: &str,
) -> Result<(String, String)> {
    let staff = |id| {
        let s = case.staff(id);
        (s.name.clone(), s.title.clone())
    };
    match step.role.value.as_str() {
        "saerkontakt" | "særkontakt" => return Ok(staff(case.saerkontakt)),
        "saksbehandler" | "sakshandsamar" => return Ok(staff(case.caseworker)),
        "ungdom" | "ungdommen" => {
            return Ok((
                case.name_of(Person::Youth),
                if nn { "ungdomen" } else { "ungdommen" }.to_owned(),
            ));
        }
        "verge" | "verje" if case.guardian.is_some() => {
            return Ok((
                case.name_of(Person::Guardian),
                if nn { "verje" } else { "verge" }.to_owned(),
            ));
        }
        _ => {}
    }
    match roles.iter().find(|r| r.role.value == step.role.value) {
        Some(r) => Ok(staff(r.staff)),
        None => Err(Error::one(
            Diagnostic::error(
                Code::MissingField,
                format!(
                    "the routine in {profile} gives the step `{}` to the role `{}`, and the case names no one for it",
                    step.id, step.role.value
                ),
            )
            .in_file(case.source.clone())
            .field(format!("{section}.roller"))
            .hint(format!(
                "add `- {{ rolle: {}, ansatt: <staff id> }}` under `{section}.roller:`",
                step.role.value
            )),
        )),
    }
}

/// Checks what the case says against the profile's routine: the type of
/// housing exists, every step marked done is one of its steps, and someone
/// holds every role its steps name. Every problem, located in the case file.
pub(crate) fn validate(case: &Case, muni: &Municipality) -> Result<()> {
    let mut problems = Vec::new();
    if let Some(plan) = &case.bosettingsplan {
        let (_, housing) = housing(case, muni, plan)?;
        let what = format!("the routine for `{}` in {}", housing.id, muni.source);
        check_steps(
            case,
            muni,
            &housing.steps,
            &plan.roles,
            &plan.done,
            "bosettingsplan",
            &what,
            &mut problems,
        );
    }
    if let Some(plan) = &case.helseplan {
        let routine = health_routine(muni)?;
        let what = format!("the health routine in {}", muni.source);
        check_steps(
            case,
            muni,
            &routine.steps,
            &plan.roles,
            &plan.done,
            "helseplan",
            &what,
            &mut problems,
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The profile's health routine, or the error that it has none.
pub(crate) fn health_routine(muni: &Municipality) -> Result<&crate::case::profile::HealthRoutine> {
    muni.health_routine.as_ref().ok_or_else(|| {
        Error::one(
            Diagnostic::error(
                Code::MissingProfileData,
                "the profile has no health routine",
            )
            .in_file(muni.source.clone())
            .field("helse_rutine")
            .hint("add `helse_rutine:` with `revidert:`, `merking:`, `hjemmel:` and the `steg:`"),
        )
    })
}

/// Every step marked done is one of `steps`, and someone holds every role
/// they name.
#[allow(clippy::too_many_arguments)]
fn check_steps(
    case: &Case,
    muni: &Municipality,
    steps: &[SettlementStep],
    roles: &[RoleHolder],
    done: &[DoneStep],
    section: &str,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) {
    for d in done {
        if !steps.iter().any(|s| s.id == d.step.value) {
            let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
            problems.push(
                Diagnostic::error(
                    Code::UnknownValue,
                    format!("{what} has no step `{}`", d.step.value),
                )
                .in_file(case.source.clone())
                .at(d.step.loc)
                .field(format!("{section}.utfort"))
                .hint(format!("the steps are: {}", ids.join(", "))),
            );
        }
    }
    let mut roles_seen = Vec::new();
    for s in steps {
        if roles_seen.contains(&s.role.value) {
            continue;
        }
        roles_seen.push(s.role.value.clone());
        if let Err(e) = who(case, &muni.source, false, roles, s, section) {
            problems.extend(e.diagnostics().iter().cloned());
        }
    }
}
