//! The oppdragsbeskrivelse's context: the routine's tasks for the variant,
//! how often to be in contact, the journal system, the Askerguiden's
//! progress for this youth, and whom to contact.

use serde::Serialize;

use super::{Common, Input, iso, value};
use crate::case::sections::oppdrag::AssignmentVariant;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Guide {
    ferdige: usize,
    dokumentert: usize,
}

#[derive(Serialize)]
struct Assignment<'a> {
    ettervern: bool,
    kontakt: &'a str,
    oppgaver: Vec<&'a str>,
    journalsystem: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    askerguiden: Option<Guide>,
    rutine_revidert: String,
    rutine_skal_evalueres: bool,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    oppdrag: Assignment<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let o = input.section(case.oppdragsbeskrivelse.as_ref(), "oppdragsbeskrivelse")?;
    let routine = muni.assignment_routine.as_ref().ok_or_else(|| {
        Error::one(
            Diagnostic::error(Code::MissingProfileData, "the profile has no særkontakt routine")
                .in_file(muni.source.clone())
                .field("saerkontakt_rutine")
                .hint("add `saerkontakt_rutine:` with `revidert:`, `journalsystem:`, `bofellesskap:` and `ettervern:`"),
        )
    })?;
    let tasks = match o.variant {
        AssignmentVariant::SharedHousing => &routine.shared_housing,
        AssignmentVariant::Aftercare => &routine.aftercare,
    };
    let ctx = Context {
        common: input.common(),
        oppdrag: Assignment {
            ettervern: o.variant == AssignmentVariant::Aftercare,
            kontakt: tasks.contact.get(muni.malform),
            oppgaver: tasks.tasks.iter().map(|t| t.get(muni.malform)).collect(),
            journalsystem: &routine.journal_system,
            askerguiden: case.askerguiden.as_ref().map(|g| Guide {
                ferdige: g.chapters.iter().filter(|k| k.done()).count(),
                dokumentert: g.chapters.iter().filter(|k| k.journalled.is_some()).count(),
            }),
            rutine_revidert: iso(routine.revised),
            rutine_skal_evalueres: routine.review_due() < input.date,
        },
    };
    Ok(value(&ctx))
}
