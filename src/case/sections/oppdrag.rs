//! The særkontakt's assignment (seed 000 attachments 4 and 5,
//! «Rutinebeskrivelse for samarbeid med særkontakter i bofellesskap» and
//! «… særkontakter ved ettervern»): the tasks for one youth, how often to
//! be in contact, where to document, the Askerguiden follow-up and whom to
//! contact. The tasks are the municipality's routine per variant (profile
//! data, `saerkontakt_rutine`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Text, choice_schema};

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// The særkontakt's assignment for this youth.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Oppdrag {
        /// The document's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// `bofellesskap` (the youth lives in shared housing) or `ettervern`
        /// (aftercare, after moving out).
        #[schemars(with = "super::AssignmentVariant")]
        pub variant: Text,
    }
}

/// Which routine the assignment follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentVariant {
    /// `bofellesskap`.
    SharedHousing,
    /// `ettervern`.
    Aftercare,
}

impl Choice for AssignmentVariant {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("bofellesskap", Self::SharedHousing),
        ("ettervern", Self::Aftercare),
    ];
}

choice_schema!(
    AssignmentVariant,
    "bofellesskap (the youth lives in shared housing) or ettervern (aftercare)"
);

/// The særkontakt's assignment.
#[derive(Debug, Clone)]
pub struct Oppdrag {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `variant`.
    pub variant: AssignmentVariant,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, o: &raw::Oppdrag) -> Oppdrag {
    let p = "oppdragsbeskrivelse";
    let date = o
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let variant = c
        .choice(
            &o.variant,
            &format!("{p}.variant"),
            "assignment variant",
            "allowed values: bofellesskap, ettervern",
        )
        .unwrap_or(AssignmentVariant::SharedHousing);
    Oppdrag { date, variant }
}
