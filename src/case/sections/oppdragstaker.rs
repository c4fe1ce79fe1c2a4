//! Besøkshjem and oppdragstakere (seed 002, «Iverksettelse besøkshjem» and
//! «Iverksettelse oppdragstakere»: støttefamilie, støttekontakt,
//! fritidskontakt, tilsynsfører): the approval document after the approval
//! process (b–c: «Gjennomfør godkjenningsprosess … Skriv
//! godkjenningsdokument», except for the municipality's own employees and
//! bought services, «UNNTAK»), and the contract with its pay notice
//! (e: «Skrive arbeidskontrakt/lønnsmelding i hht. vedtak», the pay notice
//! for the office staff). One document per person; the rates are the
//! profile's `oppdragssatser`.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{self, Address, People, StaffId};
use crate::diagnostic::Code;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::people::raw::Address;

    /// One check of the approval process.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Check {
        /// When it was done.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// What it showed, optional («Ingen merknader»).
        #[serde(default)]
        pub merknad: Option<Text>,
    }

    /// The checks of the approval process.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Checks {
        /// The police certificate (politiattest) was seen.
        pub politiattest: Check,
        /// References were taken.
        pub referanser: Check,
        /// The interview.
        pub intervju: Check,
        /// The home visit; required for a besøkshjem and a støttefamilie.
        #[serde(default)]
        pub hjemmebesok: Option<Check>,
    }

    /// The approval.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Approval {
        /// The day of the approval: on or after every check.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// What was checked, with dates.
        pub kontroller: Checks,
        /// The conclusion, in the caseworker's words.
        pub konklusjon: Text,
        /// Staff id of the leader who approved.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub godkjent_av: Text,
    }

    /// The decision an assignment follows.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Decision {
        /// Its reference.
        #[serde(rename = "ref")]
        pub reference: Text,
        /// Its date.
        #[schemars(with = "DateText")]
        pub dato: Text,
    }

    /// The contract.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Contract {
        /// The contract's date.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// The decision it follows.
        pub vedtak: Decision,
        /// First day.
        #[schemars(with = "DateText")]
        pub fra: Text,
        /// Last day.
        #[schemars(with = "DateText")]
        pub til: Text,
        /// What the assignment is («Samvær med Yonas annenhver helg»).
        pub oppgaver: Vec<Text>,
        /// The rate, by its id in the profile's `oppdragssatser`.
        pub sats: Text,
        /// Units (hours, days, months) per month.
        pub antall_per_maaned: Located<u32>,
        /// How the assignee is supervised («Veiledning hver tredje måned»).
        pub veiledning: Text,
        /// Staff id of the contact person; default the caseworker.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub kontaktperson: Option<Text>,
        /// Months' notice to end the contract; default 1.
        #[serde(default)]
        pub oppsigelse_maaneder: Option<Located<u32>>,
    }

    /// A besøkshjem or an oppdragstaker.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Assignee {
        /// A short name (`besokshjem-lie`): it names the files.
        pub id: Text,
        /// `besokshjem`, `stottefamilie`, `stottekontakt`, `fritidskontakt`
        /// or `tilsynsforer`.
        #[serde(rename = "type")]
        #[schemars(with = "super::Kind")]
        pub kind: Text,
        /// `privat` (default), `kommunalt_ansatt` (the municipality's own
        /// employee) or `kjopt_tjeneste` (a bought service): the last two
        /// are not approved (seed 002: «UNNTAK»).
        #[serde(default)]
        #[schemars(with = "Option<super::Affiliation>")]
        pub tilknytning: Option<Text>,
        /// Name (a family: «Kari og Per Fiktivsen»).
        pub navn: Text,
        /// Postal address.
        pub adresse: Address,
        /// Phone, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
        /// Fødselsnummer, for payroll (the lønnsmelding needs it).
        #[serde(default)]
        pub fodselsnummer: Option<Text>,
        /// Bank account, for payroll (the lønnsmelding needs it).
        #[serde(default)]
        pub kontonummer: Option<Text>,
        /// The approval.
        #[serde(default)]
        pub godkjenning: Option<Approval>,
        /// The contract.
        #[serde(default)]
        pub avtale: Option<Contract>,
    }
}

/// What kind of assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Besøkshjem.
    Besokshjem,
    /// Støttefamilie.
    Stottefamilie,
    /// Støttekontakt.
    Stottekontakt,
    /// Fritidskontakt.
    Fritidskontakt,
    /// Tilsynsfører.
    Tilsynsforer,
}

impl Choice for Kind {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("besokshjem", Self::Besokshjem),
        ("stottefamilie", Self::Stottefamilie),
        ("stottekontakt", Self::Stottekontakt),
        ("fritidskontakt", Self::Fritidskontakt),
        ("tilsynsforer", Self::Tilsynsforer),
    ];
}

choice_schema!(
    Kind,
    "besokshjem, stottefamilie, stottekontakt, fritidskontakt or tilsynsforer"
);

impl Kind {
    /// Its name in a målform.
    pub fn label(self, nn: bool) -> &'static str {
        match (self, nn) {
            (Self::Besokshjem, false) => "besøkshjem",
            (Self::Besokshjem, true) => "besøksheim",
            (Self::Stottefamilie, _) => "støttefamilie",
            (Self::Stottekontakt, _) => "støttekontakt",
            (Self::Fritidskontakt, _) => "fritidskontakt",
            (Self::Tilsynsforer, false) => "tilsynsfører",
            (Self::Tilsynsforer, true) => "tilsynsførar",
        }
    }

    /// Whether the approval includes a home visit.
    pub fn needs_home_visit(self) -> bool {
        matches!(self, Self::Besokshjem | Self::Stottefamilie)
    }
}

/// How the assignee is tied to the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Affiliation {
    /// A private person: approved before the assignment.
    Privat,
    /// The municipality's own employee: not approved.
    KommunaltAnsatt,
    /// A bought service (a private company): not approved.
    KjoptTjeneste,
}

impl Choice for Affiliation {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("privat", Self::Privat),
        ("kommunalt_ansatt", Self::KommunaltAnsatt),
        ("kjopt_tjeneste", Self::KjoptTjeneste),
    ];
}

choice_schema!(
    Affiliation,
    "privat (default), kommunalt_ansatt or kjopt_tjeneste (the last two are not approved)"
);

/// A check of the approval process.
#[derive(Debug, Clone)]
pub struct Check {
    /// `dato`.
    pub date: NaiveDate,
    /// `merknad`.
    pub note: Option<String>,
}

/// The approval.
#[derive(Debug, Clone)]
pub struct Approval {
    /// `dato`.
    pub date: NaiveDate,
    /// `kontroller.politiattest`.
    pub police: Check,
    /// `kontroller.referanser`.
    pub references: Check,
    /// `kontroller.intervju`.
    pub interview: Check,
    /// `kontroller.hjemmebesok`.
    pub home_visit: Option<Check>,
    /// `konklusjon`.
    pub conclusion: String,
    /// `godkjent_av`.
    pub approved_by: StaffId,
}

/// The contract.
#[derive(Debug, Clone)]
pub struct Contract {
    /// `dato`.
    pub date: NaiveDate,
    /// `vedtak`.
    pub decision: (String, NaiveDate),
    /// `fra`.
    pub from: NaiveDate,
    /// `til`.
    pub until: NaiveDate,
    /// `oppgaver`.
    pub tasks: Vec<String>,
    /// `sats`, where it was written.
    pub rate: Located<String>,
    /// `antall_per_maaned`.
    pub units: u32,
    /// `veiledning`.
    pub supervision: String,
    /// `kontaktperson`.
    pub contact: Option<StaffId>,
    /// `oppsigelse_maaneder`.
    pub notice_months: u32,
}

/// A besøkshjem or an oppdragstaker.
#[derive(Debug, Clone)]
pub struct Assignee {
    /// `id`.
    pub id: String,
    /// `type`.
    pub kind: Kind,
    /// `tilknytning`.
    pub affiliation: Affiliation,
    /// `navn`.
    pub name: String,
    /// `adresse`.
    pub address: Address,
    /// `telefon`.
    pub phone: Option<String>,
    /// `fodselsnummer`.
    pub national_id: Option<String>,
    /// `kontonummer`, bare digits.
    pub account: Option<String>,
    /// `godkjenning`.
    pub approval: Option<Approval>,
    /// `avtale`.
    pub contract: Option<Contract>,
}

fn check(c: &mut Checker, k: &raw::Check, field: &str) -> Option<Check> {
    Some(Check {
        date: c.date(&k.dato, &format!("{field}.dato"))?,
        note: c.opt_text(k.merknad.as_ref(), &format!("{field}.merknad")),
    })
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, list: &[raw::Assignee]) -> Vec<Assignee> {
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let q = format!("oppdragstakere[{i}]");
        let id = c.short_id(&a.id, &format!("{q}.id"), "an id", "besokshjem-lie");
        if list[..i].iter().any(|o| o.id.value == a.id.value) {
            c.error(
                Code::Duplicate,
                &a.id,
                &format!("{q}.id"),
                format!("two assignees have the id `{id}`"),
                "give every one their own id",
            );
        }
        let kind = c
            .choice::<Kind>(
                &a.kind,
                &format!("{q}.type"),
                "kind of assignment",
                "write besokshjem, stottefamilie, stottekontakt, fritidskontakt or tilsynsforer",
            )
            .unwrap_or(Kind::Stottekontakt);
        let affiliation = a
            .tilknytning
            .as_ref()
            .and_then(|t| {
                c.choice::<Affiliation>(
                    t,
                    &format!("{q}.tilknytning"),
                    "affiliation",
                    "write privat, kommunalt_ansatt or kjopt_tjeneste",
                )
            })
            .unwrap_or(Affiliation::Privat);
        let name = c.text(&a.navn, &format!("{q}.navn"));
        let address = people::address(c, &a.adresse, &format!("{q}.adresse"));
        let phone = c.opt_text(a.telefon.as_ref(), &format!("{q}.telefon"));
        let national_id = a.fodselsnummer.as_ref().and_then(|t| {
            match crate::case::ids::validate_national_id(t) {
                Ok(_) => Some(t.value.clone()),
                Err(e) => {
                    c.error(
                        Code::InvalidNumber,
                        t,
                        &format!("{q}.fodselsnummer"),
                        format!("invalid fodselsnummer: {e}"),
                        "an ID number is 11 digits with no spaces; check it against the payroll system",
                    );
                    None
                }
            }
        });
        let account = a.kontonummer.as_ref().and_then(|t| {
            match crate::case::ids::validate_account_number(t) {
                Ok(bare) => Some(bare),
                Err(e) => {
                    c.error(
                        Code::InvalidNumber,
                        t,
                        &format!("{q}.kontonummer"),
                        format!("invalid kontonummer: {e}"),
                        "a Norwegian account number is 11 digits (1234 56 78903)",
                    );
                    None
                }
            }
        });
        let approval = a.godkjenning.as_ref().and_then(|g| {
            let f = format!("{q}.godkjenning");
            if affiliation != Affiliation::Privat {
                c.error(
                    Code::Inconsistent,
                    &g.konklusjon,
                    &f,
                    "the municipality's own employees and bought services are not approved as assignees",
                    "seed 002: «UNNTAK: ansatt i kommunens eget tjenesteapparat og ved bestilling av tiltak»; remove `godkjenning`, or set `tilknytning: privat`",
                );
            }
            let date = c.date(&g.dato, &format!("{f}.dato"));
            let k = &g.kontroller;
            let police = check(c, &k.politiattest, &format!("{f}.kontroller.politiattest"));
            let references = check(c, &k.referanser, &format!("{f}.kontroller.referanser"));
            let interview = check(c, &k.intervju, &format!("{f}.kontroller.intervju"));
            let home_visit = k
                .hjemmebesok
                .as_ref()
                .and_then(|h| check(c, h, &format!("{f}.kontroller.hjemmebesok")));
            if kind.needs_home_visit() && k.hjemmebesok.is_none() {
                c.error(
                    Code::MissingField,
                    &g.dato,
                    &format!("{f}.kontroller.hjemmebesok"),
                    format!("a {} is approved after a home visit", kind.label(false)),
                    "add `hjemmebesok: { dato: … }` under `kontroller`",
                );
            }
            for (name, t, d) in [
                ("politiattest", &k.politiattest.dato, &police),
                ("referanser", &k.referanser.dato, &references),
                ("intervju", &k.intervju.dato, &interview),
            ]
            .into_iter()
            .chain(k.hjemmebesok.as_ref().map(|h| ("hjemmebesok", &h.dato, &home_visit)))
            {
                if let (Some(d), Some(date)) = (d, date)
                    && d.date > date
                {
                    c.error(
                        Code::DateOrder,
                        t,
                        &format!("{f}.kontroller.{name}.dato"),
                        "a check is dated after the approval",
                        "the approval comes after every check",
                    );
                }
            }
            let conclusion = c.text(&g.konklusjon, &format!("{f}.konklusjon"));
            let approved_by = people.staff(c, &g.godkjent_av, &format!("{f}.godkjent_av"));
            Some(Approval {
                date: date?,
                police: police?,
                references: references?,
                interview: interview?,
                home_visit,
                conclusion,
                approved_by,
            })
        });
        let contract = a.avtale.as_ref().and_then(|k| {
            let f = format!("{q}.avtale");
            let date = c.date(&k.dato, &format!("{f}.dato"));
            let dref = c.text(&k.vedtak.reference, &format!("{f}.vedtak.ref"));
            let ddate = c.date(&k.vedtak.dato, &format!("{f}.vedtak.dato"));
            let from = c.date(&k.fra, &format!("{f}.fra"));
            let until = c.date(&k.til, &format!("{f}.til"));
            if let (Some(fr), Some(u)) = (from, until)
                && u < fr
            {
                c.error(
                    Code::DateOrder,
                    &k.til,
                    &format!("{f}.til"),
                    "the contract ends before it starts",
                    "`til` is the last day, on or after `fra`",
                );
            }
            if let (Some(d), Some(dd)) = (date, ddate)
                && d < dd
            {
                c.error(
                    Code::DateOrder,
                    &k.dato,
                    &format!("{f}.dato"),
                    "the contract is dated before the decision it follows",
                    "seed 002: the contract is written «i hht. vedtak», after the decision",
                );
            }
            if affiliation == Affiliation::Privat
                && a.godkjenning.is_none()
            {
                c.error(
                    Code::MissingField,
                    &k.dato,
                    &format!("{q}.godkjenning"),
                    "a contract with a private assignee needs the approval first",
                    "record the approval process under `godkjenning:` (seed 002, b–c), or set `tilknytning` for an employee or a bought service",
                );
            }
            let tasks = c.texts(&k.oppgaver, &format!("{f}.oppgaver"));
            if tasks.is_empty() {
                c.error(
                    Code::MissingField,
                    &k.dato,
                    &format!("{f}.oppgaver"),
                    "the contract says what the assignment is",
                    "list the tasks under `oppgaver:`",
                );
            }
            let rate = Located {
                value: c.text(&k.sats, &format!("{f}.sats")),
                loc: k.sats.loc,
            };
            let units = k.antall_per_maaned.value;
            if units == 0 || units > 744 {
                c.error(
                    Code::InvalidNumber,
                    &Text {
                        value: units.to_string(),
                        loc: k.antall_per_maaned.loc,
                    },
                    &format!("{f}.antall_per_maaned"),
                    "units per month are 1 to 744",
                    "the hours, days or months the rate is paid for each month",
                );
            }
            let supervision = c.text(&k.veiledning, &format!("{f}.veiledning"));
            let contact = k
                .kontaktperson
                .as_ref()
                .map(|t| people.staff(c, t, &format!("{f}.kontaktperson")));
            let notice_months = k.oppsigelse_maaneder.as_ref().map_or(1, |m| m.value);
            Some(Contract {
                date: date?,
                decision: (dref, ddate?),
                from: from?,
                until: until?,
                tasks,
                rate,
                units,
                supervision,
                contact,
                notice_months,
            })
        });
        out.push(Assignee {
            id,
            kind,
            affiliation,
            name,
            address,
            phone,
            national_id,
            account,
            approval,
            contract,
        });
    }
    out
}

/// The checks that need the profile: every contract names a rate of the
/// profile's `oppdragssatser`.
pub(crate) fn validate(
    case: &crate::case::Case,
    muni: &crate::case::Municipality,
) -> Vec<crate::Diagnostic> {
    let ids: Vec<&str> = muni.rates.iter().map(|r| r.id.as_str()).collect();
    case.assignees
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, a.contract.as_ref()?)))
        .filter(|(_, k)| muni.rate(&k.rate.value).is_none())
        .map(|(i, k)| {
            crate::case::unknown_in_profile(
                case,
                muni,
                &k.rate,
                format!("oppdragstakere[{i}].avtale.sats"),
                (
                    "rate",
                    "oppdragssatser",
                    "`id`, `nb`, `nn`, `enhet` and `honorar`",
                ),
                &ids,
            )
        })
        .collect()
}
