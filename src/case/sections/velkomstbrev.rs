//! The velkomstbrev's section: the welcome letter to a youth about to be
//! settled (domain.md §3.1, seed 000).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::case::people::{People, StaffId};

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// One item of the first weeks' checklist in the welcome letter.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct FirstWeeksItem {
        /// What happens.
        pub hva: Text,
        /// When, optional.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Staff id of who is responsible, optional.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub ansvarlig: Option<Text>,
    }

    /// The welcome letter's own data.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Velkomstbrev {
        /// Letter date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Our reference; defaults to the case number.
        #[serde(default)]
        pub var_ref: Option<Text>,
        /// The recipient's reference, optional.
        #[serde(default, alias = "dykkar_ref")]
        pub deres_ref: Option<Text>,
        /// Arrival time on moving day («kl. 12.00»).
        pub ankomst: Text,
        /// Where the youth is met («Asker stasjon»).
        pub motested: Text,
        /// Staff ids of who meets the youth.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub mottas_av: Vec<Text>,
        /// The youth's room, optional.
        #[serde(default)]
        pub rom: Option<Text>,
        /// What to bring, optional list.
        #[serde(default)]
        pub ta_med: Vec<Text>,
        /// The first weeks' checklist.
        #[serde(default)]
        pub forste_uker: Vec<FirstWeeksItem>,
        /// Whether the house rules are enclosed.
        #[serde(default)]
        pub husregler_vedlagt: bool,
        /// Further enclosures.
        #[serde(default)]
        pub vedlegg: Vec<Text>,
        /// Staff id of who signs; defaults to the særkontakt.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub signatur: Option<Text>,
        /// Send a copy to the guardian (default true when there is one).
        #[serde(default = "default_true")]
        pub kopi_til_verge: bool,
    }

    fn default_true() -> bool {
        true
    }
}

/// One item of the first weeks.
#[derive(Debug, Clone)]
pub struct FirstWeeksItem {
    /// `hva`.
    pub what: String,
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `ansvarlig`: a staff id.
    pub responsible: Option<StaffId>,
}

/// The welcome letter's data.
#[derive(Debug, Clone)]
pub struct Velkomstbrev {
    /// `dato`: the letter date.
    pub date: Option<NaiveDate>,
    /// `var_ref`: our reference (default: the case reference).
    pub our_ref: Option<String>,
    /// `deres_ref`: the recipient's reference.
    pub their_ref: Option<String>,
    /// `ankomst`: arrival time on moving day.
    pub arrival: String,
    /// `motested`: where the youth is met.
    pub meeting_place: String,
    /// `mottas_av`: who meets the youth.
    pub met_by: Vec<StaffId>,
    /// `rom`.
    pub room: Option<String>,
    /// `ta_med`: what to bring.
    pub bring: Vec<String>,
    /// `forste_uker`: the first weeks.
    pub first_weeks: Vec<FirstWeeksItem>,
    /// `husregler_vedlagt`: the house rules are enclosed.
    pub house_rules_enclosed: bool,
    /// `vedlegg`: further enclosures.
    pub enclosures: Vec<String>,
    /// `signatur`: who signs (default: the særkontakt).
    pub signer: Option<StaffId>,
    /// `kopi_til_verge`: a copy goes to the guardian.
    pub copy_to_guardian: bool,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, v: &raw::Velkomstbrev) -> Velkomstbrev {
    let p = "velkomstbrev";
    let date = v
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let our_ref = c.opt_text(v.var_ref.as_ref(), &format!("{p}.var_ref"));
    let their_ref = c.opt_text(v.deres_ref.as_ref(), &format!("{p}.deres_ref"));
    let arrival = c.text(&v.ankomst, &format!("{p}.ankomst"));
    let meeting_place = c.text(&v.motested, &format!("{p}.motested"));
    let met_by = v
        .mottas_av
        .iter()
        .enumerate()
        .map(|(i, m)| people.staff(c, m, &format!("{p}.mottas_av[{i}]")))
        .collect();
    let room = c.opt_text(v.rom.as_ref(), &format!("{p}.rom"));
    let bring = c.texts(&v.ta_med, &format!("{p}.ta_med"));
    let first_weeks = v
        .forste_uker
        .iter()
        .enumerate()
        .map(|(i, item)| FirstWeeksItem {
            what: c.text(&item.hva, &format!("{p}.forste_uker[{i}].hva")),
            date: item
                .dato
                .as_ref()
                .and_then(|d| c.date(d, &format!("{p}.forste_uker[{i}].dato"))),
            responsible: item
                .ansvarlig
                .as_ref()
                .map(|a| people.staff(c, a, &format!("{p}.forste_uker[{i}].ansvarlig"))),
        })
        .collect();
    let enclosures = c.texts(&v.vedlegg, &format!("{p}.vedlegg"));
    let signer = v
        .signatur
        .as_ref()
        .map(|s| people.staff(c, s, &format!("{p}.signatur")));
    Velkomstbrev {
        date,
        our_ref,
        their_ref,
        arrival,
        meeting_place,
        met_by,
        room,
        bring,
        first_weeks,
        house_rules_enclosed: v.husregler_vedlagt,
        enclosures,
        signer,
        copy_to_guardian: v.kopi_til_verge,
    }
}
