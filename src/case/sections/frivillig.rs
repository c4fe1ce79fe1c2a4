//! The agreement with a volunteer for one youth (seed 001: «venne- eller
//! besøksfamilier til ungdommer som bor på hybel eller mentorfamilie»;
//! seed 004: mentors): who, what they do together, how often they meet,
//! confidentiality, the police certificate where the profile requires one,
//! whom to call when something is hard, and how to end it.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{People, StaffId};
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// The agreement.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Frivilligavtale {
        /// The agreement's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// `mentor`, `venn` (a friend) or `besoksfamilie` (a visiting family).
        #[serde(rename = "type")]
        #[schemars(with = "super::Role")]
        pub kind: Text,
        /// The volunteer or the family («Kari og Per Fiktivsen»).
        pub navn: Text,
        /// Phone, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
        /// The organisation the volunteer comes through, optional
        /// («Fiktiv Rotary klubb»).
        #[serde(default)]
        pub organisasjon: Option<Text>,
        /// What they do together.
        pub aktiviteter: Vec<Text>,
        /// How often they meet («annenhver uke»).
        pub kontakt: Text,
        /// First day.
        #[schemars(with = "DateText")]
        pub fra: Text,
        /// Last day, optional.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub til: Option<Text>,
        /// The day the volunteer showed a police certificate; required when
        /// the profile asks volunteers for one (`politiattest_frivillige`).
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub politiattest: Option<Text>,
        /// Staff id of the contact person; default the særkontakt.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub kontaktperson: Option<Text>,
    }
}

/// The volunteer's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A mentor.
    Mentor,
    /// A friend.
    Venn,
    /// A visiting family.
    Besoksfamilie,
}

impl Choice for Role {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("mentor", Self::Mentor),
        ("venn", Self::Venn),
        ("besoksfamilie", Self::Besoksfamilie),
    ];
}

choice_schema!(
    Role,
    "mentor, venn (a friend) or besoksfamilie (a visiting family)"
);

impl Role {
    /// Its name in a målform.
    pub fn label(self, nn: bool) -> &'static str {
        match (self, nn) {
            (Self::Mentor, _) => "mentor",
            (Self::Venn, false) => "venn",
            (Self::Venn, true) => "ven",
            (Self::Besoksfamilie, _) => "besøksfamilie",
        }
    }
}

/// The agreement.
#[derive(Debug, Clone)]
pub struct Frivilligavtale {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `type`.
    pub role: Role,
    /// `navn`.
    pub name: String,
    /// `telefon`.
    pub phone: Option<String>,
    /// `organisasjon`.
    pub organisation: Option<String>,
    /// `aktiviteter`.
    pub activities: Vec<String>,
    /// `kontakt`.
    pub contact_frequency: String,
    /// `fra`.
    pub from: NaiveDate,
    /// `til`.
    pub until: Option<NaiveDate>,
    /// `politiattest`, where it was written.
    pub police: Option<Located<NaiveDate>>,
    /// Where `fra` was written (a missing police certificate points here).
    pub from_at: Option<crate::diagnostic::Loc>,
    /// `kontaktperson`.
    pub contact: Option<StaffId>,
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, f: &raw::Frivilligavtale) -> Frivilligavtale {
    let p = "frivilligavtale";
    let date = f
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let role = c
        .choice::<Role>(
            &f.kind,
            &format!("{p}.type"),
            "volunteer role",
            "write mentor, venn or besoksfamilie",
        )
        .unwrap_or(Role::Mentor);
    let activities = c.texts(&f.aktiviteter, &format!("{p}.aktiviteter"));
    if activities.is_empty() {
        c.error(
            Code::MissingField,
            &f.navn,
            &format!("{p}.aktiviteter"),
            "the agreement says what they do together",
            "list it under `aktiviteter:`",
        );
    }
    let from = c.date(&f.fra, &format!("{p}.fra"));
    let until = f.til.as_ref().and_then(|t| c.date(t, &format!("{p}.til")));
    if let (Some(fr), Some(u), Some(t)) = (from, until, &f.til)
        && u < fr
    {
        c.error(
            Code::DateOrder,
            t,
            &format!("{p}.til"),
            "the agreement ends before it starts",
            "`til` is the last day, on or after `fra`",
        );
    }
    let police = f
        .politiattest
        .as_ref()
        .map(|t| c.located_date(t, &format!("{p}.politiattest")));
    if let (Some(pa), Some(fr), Some(t)) = (&police, from, &f.politiattest)
        && pa.value > fr
    {
        c.error(
            Code::DateOrder,
            t,
            &format!("{p}.politiattest"),
            "the police certificate is shown after the volunteer has started",
            "the certificate is shown before the first day (`fra`)",
        );
    }
    Frivilligavtale {
        date,
        role,
        name: c.text(&f.navn, &format!("{p}.navn")),
        phone: c.opt_text(f.telefon.as_ref(), &format!("{p}.telefon")),
        organisation: c.opt_text(f.organisasjon.as_ref(), &format!("{p}.organisasjon")),
        activities,
        contact_frequency: c.text(&f.kontakt, &format!("{p}.kontakt")),
        from: from.unwrap_or_default(),
        until,
        police,
        from_at: f.fra.loc,
        contact: f
            .kontaktperson
            .as_ref()
            .map(|t| people.staff(c, t, &format!("{p}.kontaktperson"))),
    }
}

/// The check that needs the profile: a police certificate where the
/// municipality asks volunteers for one.
pub(crate) fn validate(
    case: &crate::case::Case,
    muni: &crate::case::Municipality,
) -> Vec<crate::Diagnostic> {
    match &case.frivilligavtale {
        Some(f) if muni.police_certificate && f.police.is_none() => vec![
            crate::Diagnostic::error(
                Code::MissingField,
                "the municipality asks volunteers for a police certificate, and none is recorded",
            )
            .in_file(case.source.clone())
            .at(f.from_at)
            .field("frivilligavtale.politiattest")
            .hint(format!(
                "record the day it was shown (`politiattest: <dato>`); the profile {} sets `politiattest_frivillige: true`",
                muni.source
            )),
        ],
        _ => Vec::new(),
    }
}
