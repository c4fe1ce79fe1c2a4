//! The vergesamarbeid's section (seed 000 attachment 3, «Rutinebeskrivelse
//! for samarbeid med verger»): a document for the guardian about the
//! division of tasks between the guardian and the child-welfare service.
//! The task lists are the municipality's routine (profile data,
//! `verge_samarbeid`); the case gives the people (the guardian, the
//! særkontakt, the caseworker) and the planned meetings.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Text};

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// A planned meeting with the guardian.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Meeting {
        /// When.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// What it is about («Første møte: roller og oppgaver»).
        pub tema: Text,
    }

    /// The cooperation with the guardian.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Vergesamarbeid {
        /// The document's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The planned meetings with the guardian.
        #[serde(default)]
        pub moter: Vec<Meeting>,
    }
}

/// A planned meeting.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// `dato`.
    pub date: NaiveDate,
    /// `tema`.
    pub topic: String,
}

/// The cooperation with the guardian.
#[derive(Debug, Clone)]
pub struct Vergesamarbeid {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `moter`, by date.
    pub meetings: Vec<Meeting>,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, v: &raw::Vergesamarbeid) -> Vergesamarbeid {
    let p = "vergesamarbeid";
    let date = v
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let mut meetings: Vec<Meeting> = v
        .moter
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let date = c.date(&m.dato, &format!("{p}.moter[{i}].dato"))?;
            Some(Meeting {
                date,
                topic: c.text(&m.tema, &format!("{p}.moter[{i}].tema")),
            })
        })
        .collect();
    meetings.sort_by_key(|m| m.date);
    Vergesamarbeid { date, meetings }
}
