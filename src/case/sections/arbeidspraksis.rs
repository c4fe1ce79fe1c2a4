//! The arbeidspraksis section: paid work practice (seed 004), three months
//! at a local employer, with a reference letter (attest) after a
//! successful period.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::case::people::{self, Address, People, StaffId};
use crate::diagnostic::Code;
use crate::norsk;

/// Months a work practice lasts unless its end is given.
pub const PRACTICE_MONTHS: i32 = 3;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::people::raw::Address;

    /// A contact person outside the case.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contact {
        /// Name.
        pub navn: Text,
        /// Title or role, optional.
        #[serde(default)]
        pub tittel: Option<Text>,
        /// Phone, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
    }

    /// A workplace.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Workplace {
        /// Name of the employer.
        pub navn: Text,
        /// Address.
        pub adresse: Address,
    }

    /// The reference letter after work practice.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Reference {
        /// The letter's date; must be on or after the last day.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// The employer's assessment.
        pub vurdering: Text,
        /// Who signs for the employer.
        pub underskriver: Contact,
    }

    /// Paid work practice (seed 004).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Arbeidspraksis {
        /// The agreement's date; a date asked for with the request overrides
        /// it for the agreement.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The workplace.
        pub arbeidsplass: Workplace,
        /// The contact person at the employer.
        pub kontakt_arbeidsgiver: Contact,
        /// Staff id of the contact person in the municipality.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub kontakt_kommune: Text,
        /// First day.
        #[schemars(with = "DateText")]
        pub start: Text,
        /// Last day; default: start + 3 months.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub slutt: Option<Text>,
        /// Working hours («tirsdag og torsdag kl. 15–19»).
        pub arbeidstid: Text,
        /// Tasks.
        pub oppgaver: Vec<Text>,
        /// Who solves problems, and how; optional.
        #[serde(default)]
        pub problemer: Option<Text>,
        /// The reference letter, once the period is over.
        #[serde(default)]
        pub attest: Option<Reference>,
    }
}

/// A contact person outside the case.
#[derive(Debug, Clone)]
pub struct Contact {
    /// `navn`.
    pub name: String,
    /// `tittel`.
    pub title: Option<String>,
    /// `telefon`.
    pub phone: Option<String>,
}

/// The reference letter (attest).
#[derive(Debug, Clone)]
pub struct Reference {
    /// `dato`: on or after the last day.
    pub date: NaiveDate,
    /// `vurdering`: the employer's assessment.
    pub assessment: String,
    /// `underskriver`: who signs for the employer.
    pub signer: Contact,
}

/// Work practice.
#[derive(Debug, Clone)]
pub struct Arbeidspraksis {
    /// `dato`: the agreement's date.
    pub date: Option<NaiveDate>,
    /// `arbeidsplass.navn`.
    pub workplace: String,
    /// `arbeidsplass.adresse`.
    pub workplace_address: Address,
    /// `kontakt_arbeidsgiver`.
    pub employer_contact: Contact,
    /// `kontakt_kommune`.
    pub municipality_contact: StaffId,
    /// `start`: the first day.
    pub start: NaiveDate,
    /// `slutt`: the last day, if given.
    pub end: Option<NaiveDate>,
    /// `arbeidstid`.
    pub hours: String,
    /// `oppgaver`.
    pub tasks: Vec<String>,
    /// `problemer`: who solves problems, and how.
    pub problems: Option<String>,
    /// `attest`.
    pub reference: Option<Reference>,
}

impl Arbeidspraksis {
    /// The last day: as given, else the start + three months.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.end
            .or_else(|| norsk::add_months(self.start, PRACTICE_MONTHS))
    }
}

fn contact(c: &mut Checker, k: &raw::Contact, field: &str) -> Contact {
    Contact {
        name: c.text(&k.navn, &format!("{field}.navn")),
        title: c.opt_text(k.tittel.as_ref(), &format!("{field}.tittel")),
        phone: c.opt_text(k.telefon.as_ref(), &format!("{field}.telefon")),
    }
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, w: &raw::Arbeidspraksis) -> Arbeidspraksis {
    let p = "arbeidspraksis";
    let date = w
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let workplace = c.text(&w.arbeidsplass.navn, &format!("{p}.arbeidsplass.navn"));
    let workplace_address = people::address(
        c,
        &w.arbeidsplass.adresse,
        &format!("{p}.arbeidsplass.adresse"),
    );
    let employer_contact = contact(
        c,
        &w.kontakt_arbeidsgiver,
        &format!("{p}.kontakt_arbeidsgiver"),
    );
    let signer = w
        .attest
        .as_ref()
        .map(|a| contact(c, &a.underskriver, &format!("{p}.attest.underskriver")));
    let municipality_contact = people.staff(c, &w.kontakt_kommune, &format!("{p}.kontakt_kommune"));
    let start = c.date(&w.start, &format!("{p}.start"));
    let end = w
        .slutt
        .as_ref()
        .and_then(|e| c.date(e, &format!("{p}.slutt")));
    if let (Some(s), Some(e), Some(t)) = (start, end, &w.slutt)
        && e < s
    {
        c.error(
            Code::DateOrder,
            t,
            &format!("{p}.slutt"),
            "the practice ends before it starts",
            "arbeidspraksis.slutt must be on or after arbeidspraksis.start",
        );
    }
    let hours = c.text(&w.arbeidstid, &format!("{p}.arbeidstid"));
    let tasks = c.texts(&w.oppgaver, &format!("{p}.oppgaver"));
    let problems = c.opt_text(w.problemer.as_ref(), &format!("{p}.problemer"));
    let reference = w.attest.as_ref().zip(signer).map(|(a, signer)| {
        let assessment = c.text(&a.vurdering, &format!("{p}.attest.vurdering"));
        let last = end.or_else(|| start.and_then(|s| norsk::add_months(s, PRACTICE_MONTHS)));
        let d = c.date(&a.dato, &format!("{p}.attest.dato"));
        if let (Some(d), Some(last)) = (d, last)
            && d < last
        {
            c.error(
                Code::DateOrder,
                &a.dato,
                &format!("{p}.attest.dato"),
                format!(
                    "a reference letter dated before the practice has ended (last day {})",
                    norsk::date_long(last)
                ),
                "write the attest after the last day (arbeidspraksis.slutt, or start + 3 months)",
            );
        }
        Reference {
            date: d.unwrap_or_default(),
            assessment,
            signer,
        }
    });
    Arbeidspraksis {
        date,
        workplace,
        workplace_address,
        employer_contact,
        municipality_contact,
        start: start.unwrap_or_default(),
        end,
        hours,
        tasks,
        problems,
        reference,
    }
}
