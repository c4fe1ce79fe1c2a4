//! The utflyttingsplan's context: the move, the municipality's timeline
//! dated from the move, the checklist and skills in the document's
//! målform, and the signatures.

use serde::Serialize;

use super::{Common, Input, PersonCtx, iso, person, value};
use crate::case::people::{Person, Responsible};
use crate::case::sections::utflyttingsplan::{ItemStatus, SkillStatus};
use crate::error::Result;

#[derive(Serialize)]
struct Aftercare<'a> {
    ansvarlig: String,
    omfang: &'a str,
    tiltak: &'a str,
}

#[derive(Serialize)]
struct Step<'a> {
    dato: String,
    hva: &'a str,
    /// «T−6 mnd.», «T», «T+7 dager».
    naar: String,
}

#[derive(Serialize)]
struct Item<'a> {
    ansvarlig: String,
    punkt: &'a str,
    status: &'static str,
}

#[derive(Serialize)]
struct Skill<'a> {
    ferdighet: &'a str,
    status: &'static str,
}

/// The youth's age-based dates, from the same computation as the plan and
/// `frister`.
#[derive(Serialize)]
struct Ages {
    attenarsdag: String,
    ettervern_dialog: String,
    ettervern_vedtak: String,
    ettervern_siste_dag: String,
}

#[derive(Serialize)]
struct Ut<'a> {
    alder: Option<Ages>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adresse: Option<String>,
    boligtype: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    depositum: Option<&'a str>,
    ettervernstiltak: Vec<Aftercare<'a>>,
    evalueringsdatoer: Vec<String>,
    ferdigheter: Vec<Skill<'a>>,
    flyttedato: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    husleie: Option<&'a str>,
    naavaerende_bolig: &'a str,
    nettverk: &'a [String],
    sjekkliste: Vec<Item<'a>>,
    tidslinje: Vec<Step<'a>>,
    underskrifter: Vec<PersonCtx>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    ut: Ut<'a>,
}

/// When a step is, relative to the move («T−6 mnd.»).
fn when(months: i32, days: i32, nn: bool) -> String {
    let (mnd, dager) = if nn {
        ("md.", "dagar")
    } else {
        ("mnd.", "dager")
    };
    match (months, days) {
        (0, 0) => "T".to_owned(),
        (0, d) => format!("T{d:+} {dager}"),
        (m, 0) => format!("T{m:+} {mnd}"),
        (m, d) => format!("T{m:+} {mnd} {d:+} {dager}"),
    }
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let nn = input.nn();
    let u = input.section(case.utflyttingsplan.as_ref(), "utflyttingsplan")?;
    let responsible = |r: Option<&Responsible>| match r {
        Some(Responsible::Person(p)) => case.name_of(*p),
        Some(Responsible::Other(t)) => t.clone(),
        None => "–".to_owned(),
    };
    let item_status = |s: ItemStatus| match (s, nn) {
        (ItemStatus::Open, false) => "åpen",
        (ItemStatus::Open, true) => "open",
        (ItemStatus::Done, _) => "ferdig",
        (ItemStatus::NotRelevant, false) => "ikke aktuelt",
        (ItemStatus::NotRelevant, true) => "ikkje aktuelt",
    };
    let skill_status = |s: SkillStatus| match (s, nn) {
        (SkillStatus::Masters, false) => "mestrer",
        (SkillStatus::Masters, true) => "meistrar",
        (SkillStatus::Practises, _) => "øver",
        (SkillStatus::ToLearn, _) => "skal lære",
    };
    let ctx = Context {
        common: input.common(),
        ut: Ut {
            alder: crate::deadlines::age_dates(
                case.youth.birth_date.value,
                muni.aftercare_dialogue_months,
            )
            .map(|a| Ages {
                attenarsdag: iso(a.attenarsdag),
                ettervern_dialog: iso(a.ettervern_dialog),
                ettervern_vedtak: iso(a.ettervern_vedtak),
                ettervern_siste_dag: iso(a.ettervern_siste_dag),
            }),
            naavaerende_bolig: &u.current_home,
            flyttedato: iso(u.moving.date),
            boligtype: &u.moving.housing,
            adresse: u.moving.address.as_ref().map(|a| a.lines(false).join(", ")),
            husleie: u.moving.rent.as_deref(),
            depositum: u.moving.deposit.as_deref(),
            ettervernstiltak: u
                .aftercare
                .iter()
                .map(|m| Aftercare {
                    tiltak: &m.measure,
                    omfang: m.extent.as_deref().unwrap_or("–"),
                    ansvarlig: responsible(Some(&m.responsible)),
                })
                .collect(),
            tidslinje: u
                .timeline(&muni.move_timeline)?
                .into_iter()
                .map(|(step, date)| Step {
                    naar: when(step.months, step.days, nn),
                    hva: step.label.get(muni.malform),
                    dato: iso(date),
                })
                .collect(),
            sjekkliste: u
                .checklist
                .iter()
                .map(|i| Item {
                    punkt: &i.item,
                    ansvarlig: responsible(i.responsible.as_ref()),
                    status: item_status(i.status),
                })
                .collect(),
            ferdigheter: u
                .skills
                .iter()
                .map(|s| Skill {
                    ferdighet: &s.skill,
                    status: skill_status(s.status),
                })
                .collect(),
            nettverk: &u.network,
            evalueringsdatoer: u.evaluations()?.into_iter().map(iso).collect(),
            underskrifter: vec![
                person(case, muni, Person::Youth),
                person(case, muni, Person::Staff(case.saerkontakt)),
                person(case, muni, Person::Staff(case.caseworker)),
            ],
        },
    };
    Ok(value(&ctx))
}
