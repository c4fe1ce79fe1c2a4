//! The tiltaksplan's context: the plan, or «min plan», with its computed
//! dates (evaluations, the 18th birthday and the aftercare deadlines).

use serde::Serialize;

use super::{Common, Input, PersonCtx, iso, person, value};
use crate::case::check::Choice;
use crate::case::people::{Person, Responsible};
use crate::case::sections::tiltaksplan::Variant;
use crate::deadlines;
use crate::error::{Error, Result};
use crate::norsk;

#[derive(Serialize)]
struct Vedtak<'a> {
    #[serde(rename = "ref")]
    referanse: &'a str,
    dato: String,
    hjemmel: &'a str,
    tiltak: &'a str,
}

#[derive(Serialize)]
struct Goal<'a> {
    frist: String,
    nr: usize,
    tekst: &'a str,
}

#[derive(Serialize)]
struct Measure<'a> {
    ansvarlig: String,
    /// Goal numbers, «1, 2».
    maal: String,
    omfang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    slutt: Option<String>,
    start: String,
    tekst: &'a str,
}

#[derive(Serialize)]
struct OtherService<'a> {
    tjeneste: &'a str,
    tiltak: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kontakt: Option<&'a str>,
}

#[derive(Serialize)]
struct Group<'a> {
    deltakere: &'a [String],
    moter: &'a str,
}

#[derive(Serialize)]
struct Institution<'a> {
    navn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kontakt: Option<&'a str>,
}

#[derive(Serialize)]
struct Plan<'a> {
    andre_deltakere: &'a [String],
    andre_tjenester: Vec<OtherService<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ansvarsgruppe: Option<Group<'a>>,
    bakgrunn: &'a str,
    deltakere: Vec<PersonCtx>,
    evalueringsdatoer: Vec<String>,
    fra: String,
    godkjent_av: PersonCtx,
    /// When the leader approved the plan; absent for a draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    godkjent_dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    institusjon: Option<Institution<'a>>,
    intervall: u32,
    /// «hver tredje måned» / «kvar tredje månad»: the interval in words.
    intervall_tekst: String,
    maal: Vec<Goal<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    samtykke_dato: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    samtykke_ref: Option<&'a str>,
    til: String,
    tiltak: Vec<Measure<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolk: Option<&'a str>,
    underskrifter: Vec<PersonCtx>,
    variant: &'static str,
    vedtak: Vedtak<'a>,
    vedtak_dato: String,
    viktig_for_meg: &'a str,
}

#[derive(Serialize)]
struct Frister {
    attenarsdag: String,
    ettervern_dialog: String,
    ettervern_vedtak: String,
    ettervern_siste_dag: String,
    /// The plan runs up to the 18th birthday: it gets the transition section.
    overgang: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    plan: Plan<'a>,
    frister: Frister,
    #[serde(flatten)]
    parts: super::Parts<'a>,
    /// The «min plan» summary in the youth's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    oversettelse: Option<super::oversettelse::Translation<'a>>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni, date) = (input.case, input.muni, input.date);
    let plan = input.section(case.tiltaksplan.as_ref(), "tiltaksplan")?;
    let age = deadlines::age_dates(case.youth.birth_date.value, muni.aftercare_dialogue_months)
        .ok_or_else(|| Error::Internal("birth date out of range".into()))?;
    plan.check_on(case, date, &age)?;
    let variant = plan.variant.value;
    let responsible = |r: &Responsible| match r {
        Responsible::Person(p) => case.name_of(*p),
        Responsible::Other(t) => t.clone(),
    };
    let mut signatures = vec![person(case, muni, Person::Youth)];
    if variant != Variant::Ettervern && plan.participants.contains(&Person::Guardian) {
        signatures.push(person(case, muni, Person::Guardian));
    }
    signatures.push(person(case, muni, Person::Staff(case.caseworker)));
    let oversettelse = match input.translation {
        // Not in an excerpt for a copy recipient: the summary is the youth's.
        Some(cat) if input.excerpt.is_none() => {
            let code = cat.language.code.as_str();
            let mut args = super::oversettelse::common_args(input);
            args.insert("fra", crate::i18n::date_in(code, plan.from, false));
            args.insert("til", crate::i18n::date_in(code, plan.to.value, false));
            args.insert(
                "evaluering",
                plan.evaluations_on(date)
                    .first()
                    .map(|d| crate::i18n::date_in(code, *d, false))
                    .unwrap_or_default(),
            );
            super::oversettelse::translation(input, &args, super::oversettelse::plan_messages)?
        }
        _ => None,
    };
    let ctx = Context {
        common: input.common(),
        plan: Plan {
            variant: variant.name(),
            fra: iso(plan.from),
            til: iso(plan.to.value),
            vedtak: Vedtak {
                referanse: &plan.decision.reference,
                dato: iso(plan.decision.date),
                hjemmel: &plan.decision.legal_basis,
                tiltak: &plan.decision.measure,
            },
            vedtak_dato: iso(plan.decision.date),
            intervall: plan.interval(),
            intervall_tekst: crate::norsk::every_nth_month(plan.interval(), input.muni.malform),
            evalueringsdatoer: plan.evaluations_on(date).into_iter().map(iso).collect(),
            deltakere: plan
                .participants
                .iter()
                .map(|p| person(case, muni, *p))
                .collect(),
            tolk: plan.interpreter.as_deref(),
            andre_deltakere: &plan.other_participants,
            bakgrunn: &plan.background,
            viktig_for_meg: &plan.important_to_me,
            maal: plan
                .goals
                .iter()
                .enumerate()
                .map(|(i, g)| Goal {
                    nr: i + 1,
                    tekst: &g.text,
                    frist: iso(g.deadline),
                })
                .collect(),
            tiltak: plan
                .measures
                .iter()
                .map(|m| Measure {
                    tekst: &m.text,
                    maal: m
                        .goals
                        .iter()
                        .map(|g| (g + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    ansvarlig: responsible(&m.responsible),
                    omfang: m.extent.as_deref().unwrap_or("–"),
                    start: iso(m.start),
                    slutt: m.end.map(iso),
                })
                .collect(),
            andre_tjenester: plan
                .other_services
                .iter()
                .map(|o| OtherService {
                    tjeneste: &o.service,
                    tiltak: &o.measure,
                    kontakt: o.contact.as_deref(),
                })
                .collect(),
            ansvarsgruppe: plan.group.as_ref().map(|g| Group {
                deltakere: &g.members,
                moter: &g.meetings,
            }),
            samtykke_dato: plan.consent.as_ref().map(|s| iso(s.date)),
            samtykke_ref: plan.consent.as_ref().and_then(|s| s.reference.as_deref()),
            institusjon: plan.institution.as_ref().map(|i| Institution {
                navn: &i.name,
                kontakt: i.contact.as_deref(),
            }),
            godkjent_av: person(case, muni, plan.approved_by),
            godkjent_dato: plan.approved_on.map(iso),
            underskrifter: signatures,
        },
        // The transition section belongs in a plan that runs up to the 18th
        // birthday: the youth turns 18 within a year of the plan date
        // (domain.md §3.2 makes it mandatory from 17½), or the plan's period
        // holds the dialogue deadline or the birthday.
        frister: Frister {
            attenarsdag: iso(age.attenarsdag),
            ettervern_dialog: iso(age.ettervern_dialog),
            ettervern_vedtak: iso(age.ettervern_vedtak),
            ettervern_siste_dag: iso(age.ettervern_siste_dag),
            // Also when the plan's period holds the dialogue deadline or
            // the 18th birthday.
            overgang: date < age.attenarsdag
                && (norsk::add_months(date, 12).is_some_and(|d| d >= age.attenarsdag)
                    || (plan.from..=plan.to.value).contains(&age.ettervern_dialog)
                    || (plan.from..=plan.to.value).contains(&age.attenarsdag)),
        },
        parts: input.parts(crate::case::sections::folgebrev::EnclosedDocument::Tiltaksplan),
        oversettelse,
    };
    Ok(value(&ctx))
}
