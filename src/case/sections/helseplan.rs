//! The helseplan's section (seed 000 attachment 2, «Rutinebeskrivelse for
//! helseoppfølging TEM»): the health follow-up of a newly settled youth.
//! What is booked, by whom and by when is the municipality's routine
//! (profile data, `helse_rutine`), dated from the settlement; the case
//! names who holds the routine's other roles and what was done, when, and
//! a short note (`merknad`: «Vaksiner startet», never a diagnosis: the
//! plan is a work list, the health record is elsewhere).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::bosettingsplan::{DoneStep, RoleHolder, roles_and_done};
use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::case::people::People;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::sections::bosettingsplan::raw::{DoneStep, RoleHolder};

    /// The health follow-up plan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Helseplan {
        /// The plan's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Who holds the routine's other roles for this youth
        /// (`helsesykepleier`).
        #[serde(default)]
        pub roller: Vec<RoleHolder>,
        /// The steps already done.
        #[serde(default)]
        pub utfort: Vec<DoneStep>,
    }
}

/// The health follow-up plan.
#[derive(Debug, Clone)]
pub struct Helseplan {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `roller`.
    pub roles: Vec<RoleHolder>,
    /// `utfort`.
    pub done: Vec<DoneStep>,
}

/// Checks the section (the steps and roles against the profile's routine
/// when the profile is known).
pub(crate) fn parse(c: &mut Checker, people: &People, h: &raw::Helseplan) -> Helseplan {
    let p = "helseplan";
    let date = h
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let (roles, done) = roles_and_done(c, people, p, &h.roller, &h.utfort);
    Helseplan { date, roles, done }
}
