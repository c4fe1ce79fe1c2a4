//! The samarbeidsavtale's section: a cooperation agreement between the
//! child-welfare service and a volunteer actor (seeds 001, 004: Rotary,
//! mentor families, sports clubs).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::arbeidspraksis::{Contact, raw::Contact as RawContact};
use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::case::people::{People, StaffId};
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::sections::tiltaksplan::raw::Period;

    /// The volunteer party of a cooperation agreement.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Volunteer {
        /// Name of the organisation, club or family.
        pub navn: Text,
        /// Its contact person.
        pub kontakt: RawContact,
    }

    /// A cooperation agreement with a volunteer actor.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Samarbeidsavtale {
        /// The agreement's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The volunteer actor.
        pub aktor: Volunteer,
        /// The purpose.
        pub formaal: Text,
        /// What the volunteer side does.
        pub aktor_gjor: Vec<Text>,
        /// What the child-welfare service does.
        pub kommunen_gjor: Vec<Text>,
        /// Staff id of the service's contact person.
        pub kontakt_kommune: Text,
        /// Meetings («Oppstartsmøte, deretter hver tredje måned»).
        pub moter: Text,
        /// The agreement's period.
        pub periode: Period,
        /// Name the youth in the agreement (a mentor for this youth); default
        /// false: an agreement about an activity names nobody.
        #[serde(default)]
        pub gjelder_ungdom: bool,
    }
}

/// A cooperation agreement.
#[derive(Debug, Clone)]
pub struct Samarbeidsavtale {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `aktor.navn`: the volunteer actor.
    pub actor: String,
    /// `aktor.kontakt`.
    pub actor_contact: Contact,
    /// `formaal`: the purpose.
    pub purpose: String,
    /// `aktor_gjor`: what the volunteer side does.
    pub actor_does: Vec<String>,
    /// `kommunen_gjor`: what the service does.
    pub service_does: Vec<String>,
    /// `kontakt_kommune`.
    pub service_contact: StaffId,
    /// `moter`: meetings.
    pub meetings: String,
    /// `periode.fra`.
    pub from: NaiveDate,
    /// `periode.til`.
    pub to: NaiveDate,
    /// `gjelder_ungdom`: the agreement names the youth.
    pub names_youth: bool,
}

/// Checks the section.
pub(crate) fn parse(
    c: &mut Checker,
    people: &People,
    a: &raw::Samarbeidsavtale,
) -> Samarbeidsavtale {
    let p = "samarbeidsavtale";
    let date = a
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let actor = c.text(&a.aktor.navn, &format!("{p}.aktor.navn"));
    let k = &a.aktor.kontakt;
    let actor_contact = Contact {
        name: c.text(&k.navn, &format!("{p}.aktor.kontakt.navn")),
        title: c.opt_text(k.tittel.as_ref(), &format!("{p}.aktor.kontakt.tittel")),
        phone: c.opt_text(k.telefon.as_ref(), &format!("{p}.aktor.kontakt.telefon")),
    };
    let purpose = c.text(&a.formaal, &format!("{p}.formaal"));
    let actor_does = c.texts(&a.aktor_gjor, &format!("{p}.aktor_gjor"));
    let service_does = c.texts(&a.kommunen_gjor, &format!("{p}.kommunen_gjor"));
    let service_contact = people.staff(c, &a.kontakt_kommune, &format!("{p}.kontakt_kommune"));
    let meetings = c.text(&a.moter, &format!("{p}.moter"));
    let from = c.date(&a.periode.fra, &format!("{p}.periode.fra"));
    let to = c.date(&a.periode.til, &format!("{p}.periode.til"));
    if let (Some(fr), Some(t)) = (from, to)
        && t < fr
    {
        c.error(
            Code::DateOrder,
            &a.periode.til,
            &format!("{p}.periode.til"),
            "the agreement ends before it starts",
            "samarbeidsavtale.periode.til must be on or after samarbeidsavtale.periode.fra",
        );
    }
    Samarbeidsavtale {
        date,
        actor,
        actor_contact,
        purpose,
        actor_does,
        service_does,
        service_contact,
        meetings,
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
        names_youth: a.gjelder_ungdom,
    }
}
