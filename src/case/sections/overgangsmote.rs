//! The transition meeting (seed 002, «Overgangsmøte med saksbehandler
//! mottak/undersøkelse, saksbehandler tiltak og klient»): the intake
//! caseworker invites and leads it, the measures caseworker writes the
//! minutes. The agenda is the routine's a–c (presenting the new caseworker
//! and the roles ahead; going through the investigation report with the
//! client; the process ahead: goals of change, form of measure, further
//! contact), and the minutes say what was said per point and the actions
//! agreed, each with who and by when.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::Checker;
use crate::case::located::{DateText, Text};
use crate::case::people::{People, Person, Responsible, StaffId};
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// What was said per agenda point.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Points {
        /// a) The new caseworker and the roles and responsibilities ahead.
        pub presentasjon: Text,
        /// b) The investigation report, gone through with the client.
        pub undersokelsesrapport: Text,
        /// c) The process ahead: goals of change, form of measure, contact.
        pub prosess: Text,
    }

    /// An action agreed at the meeting.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Action {
        /// What is to be done.
        pub hva: Text,
        /// A person in the case: a staff id, `ungdom` or `verge`.
        #[serde(default)]
        #[schemars(extend("x-ref" = "person"))]
        pub ansvarlig: Option<Text>,
        /// Someone outside the case («PPT»), instead of `ansvarlig`.
        #[serde(default)]
        pub ansvarlig_tekst: Option<Text>,
        /// By when.
        #[schemars(with = "DateText")]
        pub frist: Text,
    }

    /// The minutes, written after the meeting.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Minutes {
        /// The minutes' date: on or after the meeting.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// Invited people who did not come, optional.
        #[serde(default)]
        #[schemars(extend("x-ref" = "person"))]
        pub forfall: Vec<Text>,
        /// What was said per agenda point.
        pub punkter: Points,
        /// Actions agreed.
        #[serde(default)]
        pub avtalt: Vec<Action>,
    }

    /// The transition meeting.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Overgangsmote {
        /// The invitation's date; a date asked for with the request
        /// overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The day of the meeting.
        #[schemars(with = "DateText")]
        pub motedato: Text,
        /// The time («kl. 10.00–11.30»).
        pub tid: Text,
        /// Where.
        pub sted: Text,
        /// Staff id of the intake (mottak/undersøkelse) caseworker, who
        /// invites and leads the meeting.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub innkalt_av: Text,
        /// Staff id of the measures caseworker, who takes over and writes
        /// the minutes.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub ny_saksbehandler: Text,
        /// Who is invited: staff ids, `ungdom`, `verge`.
        #[schemars(extend("x-ref" = "person"))]
        pub deltakere: Vec<Text>,
        /// Others invited («tolk», «miljøterapeut i bufellesskapet»).
        #[serde(default)]
        pub andre_deltakere: Vec<Text>,
        /// The minutes, once the meeting is held.
        #[serde(default)]
        pub referat: Option<Minutes>,
    }
}

/// An action agreed.
#[derive(Debug, Clone)]
pub struct Action {
    /// `hva`.
    pub what: String,
    /// `ansvarlig` or `ansvarlig_tekst`.
    pub responsible: Responsible,
    /// `frist`.
    pub due: NaiveDate,
}

/// The minutes.
#[derive(Debug, Clone)]
pub struct Minutes {
    /// `dato`.
    pub date: NaiveDate,
    /// `forfall`.
    pub absent: Vec<Person>,
    /// `punkter.presentasjon`.
    pub presentation: String,
    /// `punkter.undersokelsesrapport`.
    pub report: String,
    /// `punkter.prosess`.
    pub process: String,
    /// `avtalt`, by date.
    pub actions: Vec<Action>,
}

/// The transition meeting.
#[derive(Debug, Clone)]
pub struct Overgangsmote {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `motedato`.
    pub meeting: NaiveDate,
    /// `tid`.
    pub time: String,
    /// `sted`.
    pub place: String,
    /// `innkalt_av`.
    pub invited_by: StaffId,
    /// `ny_saksbehandler`.
    pub new_caseworker: StaffId,
    /// `deltakere`.
    pub participants: Vec<Person>,
    /// `andre_deltakere`.
    pub others: Vec<String>,
    /// `referat`.
    pub minutes: Option<Minutes>,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, m: &raw::Overgangsmote) -> Overgangsmote {
    let p = "overgangsmote";
    let date = m
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let meeting = c.date(&m.motedato, &format!("{p}.motedato"));
    if let (Some(d), Some(mt)) = (date, meeting)
        && mt < d
    {
        c.error(
            Code::DateOrder,
            &m.motedato,
            &format!("{p}.motedato"),
            "the meeting is before the invitation",
            "the invitation is sent before the meeting: check `dato` and `motedato`",
        );
    }
    let time = c.text(&m.tid, &format!("{p}.tid"));
    let place = c.text(&m.sted, &format!("{p}.sted"));
    let invited_by = people.staff(c, &m.innkalt_av, &format!("{p}.innkalt_av"));
    let new_caseworker = people.staff(c, &m.ny_saksbehandler, &format!("{p}.ny_saksbehandler"));
    if m.innkalt_av.value == m.ny_saksbehandler.value {
        c.error(
            Code::Inconsistent,
            &m.ny_saksbehandler,
            &format!("{p}.ny_saksbehandler"),
            "the caseworker who invites and the one who takes over are the same person",
            "the transition meeting hands the case from the intake caseworker (`innkalt_av`) to the measures caseworker (`ny_saksbehandler`)",
        );
    }
    let participants: Vec<Person> = m
        .deltakere
        .iter()
        .enumerate()
        .map(|(i, t)| people.person(c, t, &format!("{p}.deltakere[{i}]")))
        .collect();
    if !m.deltakere.iter().any(|t| t.value == "ungdom") {
        c.error(
            Code::MissingField,
            &m.motedato,
            &format!("{p}.deltakere"),
            "the youth is not among the participants",
            "the routine's meeting is with the client: add `ungdom` to `deltakere`",
        );
    }
    let others = c.texts(&m.andre_deltakere, &format!("{p}.andre_deltakere"));
    let minutes = m.referat.as_ref().map(|r| {
        let q = format!("{p}.referat");
        let rdate = c.date(&r.dato, &format!("{q}.dato"));
        if let (Some(rd), Some(mt)) = (rdate, meeting)
            && rd < mt
        {
            c.error(
                Code::DateOrder,
                &r.dato,
                &format!("{q}.dato"),
                "the minutes are dated before the meeting",
                "the minutes are written on or after `motedato`",
            );
        }
        let absent = r
            .forfall
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let who = people.person(c, t, &format!("{q}.forfall[{i}]"));
                if !m.deltakere.iter().any(|d| d.value == t.value) {
                    c.error(
                        Code::Inconsistent,
                        t,
                        &format!("{q}.forfall[{i}]"),
                        "someone who was not invited is listed as absent",
                        "`forfall` lists invited participants (`deltakere`) who did not come",
                    );
                }
                who
            })
            .collect();
        let mut actions: Vec<Action> = r
            .avtalt
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let f = format!("{q}.avtalt[{i}]");
                let what = c.text(&a.hva, &format!("{f}.hva"));
                let responsible = people.responsible(
                    c,
                    a.ansvarlig.as_ref(),
                    a.ansvarlig_tekst.as_ref(),
                    &a.hva,
                    &f,
                    "an agreed action needs someone responsible",
                );
                let due = c.date(&a.frist, &format!("{f}.frist"))?;
                if meeting.is_some_and(|mt| due < mt) {
                    c.error(
                        Code::DateOrder,
                        &a.frist,
                        &format!("{f}.frist"),
                        "an action agreed at the meeting is due before it",
                        "the deadline is on or after `motedato`",
                    );
                }
                Some(Action {
                    what,
                    responsible,
                    due,
                })
            })
            .collect();
        actions.sort_by_key(|a| a.due);
        Minutes {
            date: rdate.unwrap_or_default(),
            absent,
            presentation: c.text(
                &r.punkter.presentasjon,
                &format!("{q}.punkter.presentasjon"),
            ),
            report: c.text(
                &r.punkter.undersokelsesrapport,
                &format!("{q}.punkter.undersokelsesrapport"),
            ),
            process: c.text(&r.punkter.prosess, &format!("{q}.punkter.prosess")),
            actions,
        }
    });
    Overgangsmote {
        date,
        meeting: meeting.unwrap_or_default(),
        time,
        place,
        invited_by,
        new_caseworker,
        participants,
        others,
        minutes,
    }
}
