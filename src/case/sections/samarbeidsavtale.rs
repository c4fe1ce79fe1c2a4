//! The samarbeidsavtale: a general cooperation agreement between the
//! municipality and a volunteer organisation (seeds 001, 004: Rotary,
//! mentor families, sports clubs). It is not about one youth, so it is its
//! own file (`samples/avtaler/`), not a section of a case file: no youth,
//! no case reference, no exemption marking, and it is signed by a leader.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::arbeidspraksis::{Contact, raw::Contact as RawContact};
use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Text, choice_schema};
use crate::diagnostic::Code;
use crate::error::Result;

/// As written in the agreement file.
pub(crate) mod raw {
    use super::*;
    use crate::case::sections::tiltaksplan::raw::Period;

    /// The volunteer party of a cooperation agreement.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Volunteer {
        /// Name of the organisation, club or family.
        pub navn: Text,
        /// Its organisation number, optional (9 digits, mod-11 checked).
        #[serde(default)]
        pub org_nr: Option<Text>,
        /// Its contact person.
        pub kontakt: RawContact,
    }

    /// Who pays for one thing (the «spleiselag»).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Cost {
        /// What («Treningsavgift og utstyr»).
        pub hva: Text,
        /// Who pays: `kommunen`, `aktor` or `delt` (shared).
        #[schemars(with = "super::Payer")]
        pub betaler: Text,
        /// How, optional («inntil 2 000 kr per ungdom i året»).
        #[serde(default)]
        pub merknad: Option<Text>,
    }

    /// The agreement itself.
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
        /// What the municipality does.
        pub kommunen_gjor: Vec<Text>,
        /// Who pays for what.
        pub kostnader: Vec<Cost>,
        /// Regular cooperation meetings («Samarbeidsmøte hver tredje måned»).
        pub moter: Text,
        /// How and when the cooperation is evaluated; the youths taking
        /// part are always asked (the document says so).
        pub evaluering: Text,
        /// The agreement's period.
        pub periode: Period,
        /// The notice either party gives to end it («tre måneder»).
        pub oppsigelse: Text,
        /// The municipality's contact person.
        pub kontakt_kommune: RawContact,
        /// The leader who signs for the municipality (name and title).
        pub leder: RawContact,
        /// The volunteers who work with the youths: each signs a
        /// confidentiality declaration (`taushetserklaering`). Optional;
        /// without names, one blank declaration is made.
        #[serde(default)]
        pub frivillige: Vec<Text>,
    }

    /// A letter of intent: what the municipality and an actor want to
    /// cooperate on, before a binding agreement.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Intensjonsavtale {
        /// The letter's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The actor (an organisation, a club, a business).
        pub aktor: Volunteer,
        /// The shared intent.
        pub formaal: Text,
        /// What the parties want to cooperate on.
        pub samarbeid_om: Vec<Text>,
        /// The next steps, with who and when.
        pub neste_steg: Vec<Text>,
        /// The municipality's contact person.
        pub kontakt_kommune: RawContact,
        /// The leader who signs for the municipality (name and title).
        pub leder: RawContact,
    }

    /// An agreement file.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(title = "saksdok agreement file")]
    pub struct AgreementFile {
        /// The municipality profile, relative to this file
        /// (`../kommuner/asker.yaml`); a profile given with the request
        /// overrides it.
        #[serde(default)]
        pub kommuneprofil: Option<Text>,
        /// The archive's reference of the agreement («2026/5012»): not a
        /// youth's case. Names the output file.
        pub avtalenummer: Text,
        /// A cooperation agreement (or, instead, `intensjonsavtale`).
        #[serde(default)]
        pub samarbeidsavtale: Option<Samarbeidsavtale>,
        /// A letter of intent (or, instead, `samarbeidsavtale`).
        #[serde(default)]
        pub intensjonsavtale: Option<Intensjonsavtale>,
    }
}

/// Who pays for one thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payer {
    /// `kommunen`.
    Municipality,
    /// `aktor`: the volunteer side.
    Actor,
    /// `delt`: shared.
    Shared,
}

impl Choice for Payer {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("kommunen", Self::Municipality),
        ("aktor", Self::Actor),
        ("delt", Self::Shared),
    ];
}

choice_schema!(
    Payer,
    "kommunen (the municipality), aktor (the volunteer side) or delt (shared)"
);

/// One line of the «spleiselag».
#[derive(Debug, Clone)]
pub struct Cost {
    /// `hva`.
    pub what: String,
    /// `betaler`.
    pub payer: Payer,
    /// `merknad`.
    pub note: Option<String>,
}

/// A cooperation agreement.
#[derive(Debug, Clone)]
pub struct Samarbeidsavtale {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `aktor.navn`: the volunteer actor.
    pub actor: String,
    /// `aktor.org_nr`.
    pub actor_org_nr: Option<String>,
    /// `aktor.kontakt`.
    pub actor_contact: Contact,
    /// `formaal`: the purpose.
    pub purpose: String,
    /// `aktor_gjor`: what the volunteer side does.
    pub actor_does: Vec<String>,
    /// `kommunen_gjor`: what the municipality does.
    pub service_does: Vec<String>,
    /// `kostnader`: who pays for what.
    pub costs: Vec<Cost>,
    /// `moter`: meetings.
    pub meetings: String,
    /// `evaluering`: how it is evaluated.
    pub evaluation: String,
    /// `periode.fra`.
    pub from: NaiveDate,
    /// `periode.til`.
    pub to: NaiveDate,
    /// `oppsigelse`: the notice to end it.
    pub notice: String,
    /// `kontakt_kommune`.
    pub service_contact: Contact,
    /// `leder`: who signs for the municipality.
    pub leader: Contact,
    /// `frivillige`: the volunteers who sign a confidentiality declaration.
    pub volunteers: Vec<String>,
}

/// A letter of intent.
#[derive(Debug, Clone)]
pub struct Intensjonsavtale {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `aktor.navn`.
    pub actor: String,
    /// `aktor.org_nr`.
    pub actor_org_nr: Option<String>,
    /// `aktor.kontakt`.
    pub actor_contact: Contact,
    /// `formaal`.
    pub purpose: String,
    /// `samarbeid_om`.
    pub topics: Vec<String>,
    /// `neste_steg`.
    pub next_steps: Vec<String>,
    /// `kontakt_kommune`.
    pub service_contact: Contact,
    /// `leder`.
    pub leader: Contact,
}

/// A checked agreement file.
#[derive(Debug, Clone)]
pub struct Agreement {
    /// The file name used in diagnostics.
    pub source: String,
    /// `kommuneprofil`.
    pub profile_path: Option<String>,
    /// `avtalenummer`: the archive reference; it names the output file.
    pub reference: String,
    /// Where `avtalenummer` is written (what marks the file as an agreement).
    pub reference_at: Option<crate::diagnostic::Loc>,
    /// `samarbeidsavtale`.
    pub agreement: Option<Samarbeidsavtale>,
    /// `intensjonsavtale`.
    pub intent: Option<Intensjonsavtale>,
}

impl Agreement {
    /// The kinds this file makes.
    pub fn kinds(&self) -> Vec<crate::DocumentKind> {
        use crate::DocumentKind as K;
        match (&self.agreement, &self.intent) {
            (Some(_), _) => vec![K::Samarbeidsavtale, K::Taushetserklaering],
            (None, _) => vec![K::Intensjonsavtale],
        }
    }

    /// The date the file gives its document.
    pub fn date(&self) -> Option<NaiveDate> {
        self.agreement
            .as_ref()
            .and_then(|a| a.date)
            .or(self.intent.as_ref().and_then(|i| i.date))
    }
}

fn contact(c: &mut Checker, k: &RawContact, field: &str, title_required: bool) -> Contact {
    let title = c.opt_text(k.tittel.as_ref(), &format!("{field}.tittel"));
    if title_required && k.tittel.is_none() {
        c.error(
            Code::MissingField,
            &k.navn,
            &format!("{field}.tittel"),
            "the leader who signs needs a title",
            "add `tittel:` (e.g. «leiar for barnevernstenesta» / «leder for barnevernstjenesten»)",
        );
    }
    Contact {
        name: c.text(&k.navn, &format!("{field}.navn")),
        title,
        phone: c.opt_text(k.telefon.as_ref(), &format!("{field}.telefon")),
    }
}

/// Checks an agreement file.
pub(crate) fn parse(f: &raw::AgreementFile, source: &str) -> Result<Agreement> {
    let mut c = Checker::new(source);
    let profile_path = c.opt_text(f.kommuneprofil.as_ref(), "kommuneprofil");
    let reference = c.text(&f.avtalenummer, "avtalenummer");
    if f.avtalenummer.chars().count() > crate::case::MAX_REFERENCE_CHARS
        || !f.avtalenummer.chars().any(|ch| ch.is_ascii_alphanumeric())
    {
        c.error(
            Code::Character,
            &f.avtalenummer,
            "avtalenummer",
            "the agreement's reference is too long or has no digit or letter A–Z",
            "write the archive's reference, such as 2026/5012; it names the output file",
        );
    }
    let agreement = f.samarbeidsavtale.as_ref().map(|a| cooperation(&mut c, a));
    let intent = f.intensjonsavtale.as_ref().map(|i| intention(&mut c, i));
    match (&f.samarbeidsavtale, &f.intensjonsavtale) {
        (None, None) => c.error(
            Code::MissingSection,
            &f.avtalenummer,
            "samarbeidsavtale",
            "the agreement file holds neither a samarbeidsavtale nor an intensjonsavtale",
            "add `samarbeidsavtale:` (a cooperation agreement) or `intensjonsavtale:` (a letter of intent)",
        ),
        (Some(_), Some(i)) => c.error(
            Code::Inconsistent,
            &i.formaal,
            "intensjonsavtale",
            "one agreement file holds one agreement",
            "put the letter of intent in a file of its own, with its own `avtalenummer`",
        ),
        _ => {}
    }
    c.finish(Agreement {
        source: source.to_owned(),
        profile_path,
        reference,
        reference_at: f.avtalenummer.loc,
        agreement,
        intent,
    })
}

/// Checks a cooperation agreement.
fn cooperation(c: &mut Checker, a: &raw::Samarbeidsavtale) -> Samarbeidsavtale {
    let p = "samarbeidsavtale";
    let date = a
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let actor = c.text(&a.aktor.navn, &format!("{p}.aktor.navn"));
    let actor_org_nr = org_nr(c, a.aktor.org_nr.as_ref(), &format!("{p}.aktor.org_nr"));
    let actor_contact = contact(c, &a.aktor.kontakt, &format!("{p}.aktor.kontakt"), false);
    let purpose = c.text(&a.formaal, &format!("{p}.formaal"));
    let actor_does = c.texts(&a.aktor_gjor, &format!("{p}.aktor_gjor"));
    let service_does = c.texts(&a.kommunen_gjor, &format!("{p}.kommunen_gjor"));
    let mut costs = Vec::new();
    for (i, k) in a.kostnader.iter().enumerate() {
        let field = format!("{p}.kostnader[{i}]");
        let payer = c.choice(
            &k.betaler,
            &format!("{field}.betaler"),
            "payer",
            "allowed values: kommunen, aktor, delt",
        );
        costs.push(Cost {
            what: c.text(&k.hva, &format!("{field}.hva")),
            payer: payer.unwrap_or(Payer::Shared),
            note: c.opt_text(k.merknad.as_ref(), &format!("{field}.merknad")),
        });
    }
    if a.kostnader.is_empty() {
        c.error(
            Code::MissingField,
            &a.formaal,
            &format!("{p}.kostnader"),
            "the agreement does not say who pays for what",
            "list the costs under `kostnader:` with `hva:` and `betaler: kommunen | aktor | delt`",
        );
    }
    let meetings = c.text(&a.moter, &format!("{p}.moter"));
    let evaluation = c.text(&a.evaluering, &format!("{p}.evaluering"));
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
    let notice = c.text(&a.oppsigelse, &format!("{p}.oppsigelse"));
    let service_contact = contact(
        c,
        &a.kontakt_kommune,
        &format!("{p}.kontakt_kommune"),
        false,
    );
    let leader = contact(c, &a.leder, &format!("{p}.leder"), true);
    let volunteers = c.texts(&a.frivillige, &format!("{p}.frivillige"));
    Samarbeidsavtale {
        date,
        actor,
        actor_org_nr,
        actor_contact,
        purpose,
        actor_does,
        service_does,
        costs,
        meetings,
        evaluation,
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
        notice,
        service_contact,
        leader,
        volunteers,
    }
}

/// The organisation number, checked.
fn org_nr(c: &mut Checker, o: Option<&Text>, field: &str) -> Option<String> {
    o.and_then(|o| match crate::case::ids::validate_org_nr(o) {
        Ok(bare) => Some(bare),
        Err(e) => {
            c.error(
                Code::InvalidNumber,
                o,
                field,
                format!("invalid organisasjonsnummer: {e}"),
                "copy the number from Brønnøysundregistrene",
            );
            None
        }
    })
}

/// Checks a letter of intent.
fn intention(c: &mut Checker, i: &raw::Intensjonsavtale) -> Intensjonsavtale {
    let p = "intensjonsavtale";
    let date = i
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let topics = c.texts(&i.samarbeid_om, &format!("{p}.samarbeid_om"));
    let next_steps = c.texts(&i.neste_steg, &format!("{p}.neste_steg"));
    for (empty, key, what) in [
        (
            topics.is_empty(),
            "samarbeid_om",
            "what the parties want to cooperate on",
        ),
        (next_steps.is_empty(), "neste_steg", "the next steps"),
    ] {
        if empty {
            c.error(
                Code::MissingField,
                &i.formaal,
                &format!("{p}.{key}"),
                format!("a letter of intent says {what}"),
                &format!("list them under `{key}:`"),
            );
        }
    }
    Intensjonsavtale {
        date,
        actor: c.text(&i.aktor.navn, &format!("{p}.aktor.navn")),
        actor_org_nr: org_nr(c, i.aktor.org_nr.as_ref(), &format!("{p}.aktor.org_nr")),
        actor_contact: contact(c, &i.aktor.kontakt, &format!("{p}.aktor.kontakt"), false),
        purpose: c.text(&i.formaal, &format!("{p}.formaal")),
        topics,
        next_steps,
        service_contact: contact(
            c,
            &i.kontakt_kommune,
            &format!("{p}.kontakt_kommune"),
            false,
        ),
        leader: contact(c, &i.leder, &format!("{p}.leder"), true),
    }
}
