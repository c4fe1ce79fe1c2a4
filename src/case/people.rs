//! The core of every case: the youth, the guardian, the staff, addresses and
//! the settlement, as written (`raw`) and parsed. Domain words: *ungdom*
//! (the youth), *verge* (guardian appointed for an unaccompanied minor),
//! *særkontakt* (the youth's key worker in the shared housing),
//! *saksbehandler* (caseworker), *bofellesskap* (staffed shared housing).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::check::{Checker, Choice};
use super::ids::{self, NationalIdError};
use super::located::{Located, Text};
use crate::diagnostic::Code;

/// The case file's structs as written in YAML (Norwegian keys, unknown keys
/// rejected, every leaf located).
pub(crate) mod raw {
    use super::*;

    /// A postal address; `postnr` keeps its leading zero.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Address {
        /// Street and number, or «Postboks 4».
        pub linje1: Text,
        /// Optional second line (c/o, building, floor).
        #[serde(default)]
        pub linje2: Option<Text>,
        /// Four-digit postcode, as text: `"0150"`.
        pub postnr: Text,
        /// Post town.
        pub poststed: Text,
    }

    /// A language the youth speaks.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Language {
        /// ISO 639 code (`ti`, `fa`, `ar`, `prs`…).
        pub kode: Text,
        /// Name in Norwegian («tigrinja»).
        pub navn: Text,
        /// Whether an interpreter is needed.
        #[serde(default)]
        pub tolk: bool,
    }

    /// Leisure and network of the youth.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Leisure {
        /// «Hva vil du?»: what the youth wants to do, in their own words.
        #[serde(default)]
        pub onsker: Option<Text>,
        /// Activities the youth takes part in.
        #[serde(default)]
        pub aktiviteter: Vec<Text>,
        /// People and groups in the youth's network (friends, mentors, clubs).
        #[serde(default)]
        pub kontakter: Vec<Text>,
    }

    /// The youth the case is about.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Youth {
        /// Given name(s) as registered.
        pub fornavn: Text,
        /// Family name as registered.
        pub etternavn: Text,
        /// The name in the youth's own script, optional.
        #[serde(default)]
        pub navn_originalskrift: Option<Text>,
        /// Registered date of birth (`2009-06-15` or `15.06.2009`).
        #[schemars(with = "crate::case::located::DateText")]
        pub fodselsdato: Text,
        /// Fødselsnummer, optional (never printed in letters).
        #[serde(default)]
        pub fodselsnummer: Option<Text>,
        /// D-nummer, optional (never printed in letters).
        #[serde(default)]
        pub d_nummer: Option<Text>,
        /// UDI's DUF number (12 digits).
        pub duf: Text,
        /// Languages the youth speaks.
        #[serde(default)]
        pub sprak: Vec<Language>,
        /// Where letters reach the youth now (reception centre, care centre).
        pub adresse: Address,
        /// Leisure and network (seed 001): what the youth wants to do,
        /// activities and contacts.
        #[serde(default)]
        pub fritid: Option<Leisure>,
        /// Address protection from the population register: `ingen`,
        /// `fortrolig` or `strengt_fortrolig`. A protected address is never
        /// printed; letters go to the profile's
        /// `adresse_ved_adressebeskyttelse`.
        #[serde(default)]
        #[schemars(with = "Option<super::Protection>")]
        pub adressebeskyttelse: Option<Text>,
    }

    /// The guardian (verge) appointed for the minor.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Guardian {
        /// Full name.
        pub navn: Text,
        /// Postal address.
        pub adresse: Address,
        /// Phone, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
        /// E-mail, optional.
        #[serde(default)]
        pub epost: Option<Text>,
        /// Address protection, as for the youth.
        #[serde(default)]
        #[schemars(with = "Option<super::Protection>")]
        pub adressebeskyttelse: Option<Text>,
    }

    /// A member of staff referred to by `id` elsewhere in the case.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Staff {
        /// Short id used for references (`sm`, `hf`).
        pub id: Text,
        /// Full name.
        pub navn: Text,
        /// Title as printed under the signature («særkontakt»).
        pub tittel: Text,
        /// Phone, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
        /// E-mail, optional.
        #[serde(default)]
        pub epost: Option<Text>,
    }

    /// A staffed shared home (bofellesskap).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Home {
        /// Name of the home.
        pub navn: Text,
        /// Address of the home.
        pub adresse: Address,
        /// Phone to the staff on duty, optional.
        #[serde(default)]
        pub telefon: Option<Text>,
    }

    /// The settlement in the municipality.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Settlement {
        /// Settlement (moving-in) date.
        #[schemars(with = "crate::case::located::DateText")]
        pub dato: Text,
        /// The home the youth moves into.
        pub bofellesskap: Home,
    }
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `linje1`: street and number, or «Postboks 4».
    pub line1: String,
    /// `linje2`: c/o, building, floor.
    pub line2: Option<String>,
    /// `postnr`: four digits.
    pub postcode: String,
    /// `poststed`.
    pub town: String,
}

impl Address {
    /// The address as lines, postcode and post town on the last line; the
    /// town in capitals when `capitals` («1384 ASKER», as address blocks
    /// print it).
    pub fn lines(&self, capitals: bool) -> Vec<String> {
        let mut lines = vec![self.line1.clone()];
        if let Some(l2) = &self.line2 {
            lines.push(l2.clone());
        }
        let town = if capitals {
            self.town.to_uppercase()
        } else {
            self.town.clone()
        };
        lines.push(format!("{} {}", self.postcode, town));
        lines
    }
}

/// Address protection from the population register (adressebeskyttelse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protection {
    /// `ingen`: the address may be printed.
    #[default]
    None,
    /// `fortrolig`.
    Fortrolig,
    /// `strengt_fortrolig`.
    StrengtFortrolig,
}

impl Choice for Protection {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("ingen", Self::None),
        ("fortrolig", Self::Fortrolig),
        ("strengt_fortrolig", Self::StrengtFortrolig),
    ];
}

crate::case::located::choice_schema!(
    Protection,
    "Address protection from the population register."
);

impl Protection {
    /// Whether the address must never be printed.
    pub fn is_protected(self) -> bool {
        self != Self::None
    }
}

/// A language the youth speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// `kode`: ISO 639.
    pub code: String,
    /// `navn`: the name in Norwegian.
    pub name: String,
    /// `tolk`: an interpreter is needed.
    pub interpreter: bool,
}

/// Leisure and network of the youth (seed 001).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leisure {
    /// `onsker`: «Hva vil du?», in the youth's own words.
    pub wishes: Option<String>,
    /// `aktiviteter`.
    pub activities: Vec<String>,
    /// `kontakter`.
    pub contacts: Vec<String>,
}

/// The youth the case is about.
#[derive(Debug, Clone)]
pub struct Youth {
    /// `fornavn`.
    pub given_name: String,
    /// `etternavn`.
    pub family_name: String,
    /// `navn_originalskrift`: the name in the youth's own script.
    pub original_script: Option<String>,
    /// `fodselsdato`: the registered date of birth.
    pub birth_date: Located<NaiveDate>,
    /// `duf`: UDI's DUF number.
    pub duf: String,
    /// `sprak`.
    pub languages: Vec<Language>,
    /// `adresse`: where letters reach the youth now.
    pub address: Address,
    /// `fritid`.
    pub leisure: Option<Leisure>,
    /// `adressebeskyttelse`.
    pub protection: Protection,
}

impl Youth {
    /// «Fornavn Etternavn».
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// The guardian (verge).
#[derive(Debug, Clone)]
pub struct Guardian {
    /// `navn`.
    pub name: String,
    /// `adresse`.
    pub address: Address,
    /// `telefon`.
    pub phone: Option<String>,
    /// `epost`.
    pub email: Option<String>,
    /// `adressebeskyttelse`.
    pub protection: Protection,
}

/// A member of staff.
#[derive(Debug, Clone)]
pub struct Staff {
    /// `id`: the short id other fields refer to.
    pub id: String,
    /// `navn`.
    pub name: String,
    /// `tittel`: as printed under the signature.
    pub title: String,
    /// `telefon`.
    pub phone: Option<String>,
    /// `epost`.
    pub email: Option<String>,
}

/// A member of staff of the case, by position in `ansatte`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffId(pub(crate) usize);

/// A person in the case: the youth, the guardian or a member of staff
/// (`ungdom`, `verge` or a staff id in the case file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// `ungdom`.
    Youth,
    /// `verge`.
    Guardian,
    /// A staff id.
    Staff(StaffId),
}

/// Who is responsible for something: a person in the case (`ansvarlig`) or
/// someone outside it, as written (`ansvarlig_tekst`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Responsible {
    /// `ansvarlig`.
    Person(Person),
    /// `ansvarlig_tekst`.
    Other(String),
}

/// A staffed shared home (bofellesskap).
#[derive(Debug, Clone)]
pub struct Home {
    /// `navn`.
    pub name: String,
    /// `adresse`.
    pub address: Address,
    /// `telefon`: the staff on duty.
    pub phone: Option<String>,
}

/// The settlement in the municipality (bosetting).
#[derive(Debug, Clone)]
pub struct Settlement {
    /// `dato`: the moving-in day.
    pub date: Located<NaiveDate>,
    /// `bofellesskap`.
    pub home: Home,
}

/// The people of a case, for resolving references while parsing.
pub(crate) struct People<'a> {
    staff_ids: Vec<&'a str>,
    has_guardian: bool,
}

impl<'a> People<'a> {
    pub(crate) fn new(staff: &'a [raw::Staff], has_guardian: bool) -> Self {
        Self {
            staff_ids: staff.iter().map(|s| s.id.as_str()).collect(),
            has_guardian,
        }
    }

    /// Whether the case has a guardian.
    pub(crate) fn has_guardian(&self) -> bool {
        self.has_guardian
    }

    /// A staff id (`saerkontakt: sm`); a default id and a recorded problem
    /// when it names nobody.
    pub(crate) fn staff(&self, c: &mut Checker, t: &Text, field: &str) -> StaffId {
        if let Some(i) = self.staff_ids.iter().position(|id| *id == t.as_str()) {
            return StaffId(i);
        }
        let hint = match crate::diagnostic::did_you_mean(t, self.staff_ids.iter().copied()) {
            Some(best) => format!("{best} Staff ids are listed under `ansatte`"),
            None => format!("known staff ids: {}", self.staff_ids.join(", ")),
        };
        c.error(
            Code::UnknownReference,
            t,
            field,
            format!(
                "{} is not a member of staff in this case",
                crate::diagnostic::shown(&t.value)
            ),
            &hint,
        );
        StaffId::default()
    }

    /// A person in the case: `ungdom`, `verge` (if there is one) or a staff id.
    pub(crate) fn person(&self, c: &mut Checker, t: &Text, field: &str) -> Person {
        match t.as_str() {
            "ungdom" => Person::Youth,
            "verge" if self.has_guardian => Person::Guardian,
            "verge" => {
                c.error(
                    Code::UnknownReference,
                    t,
                    field,
                    "`verge` is named, but the case has no guardian",
                    "add a `verge:` section or remove the reference",
                );
                Person::Guardian
            }
            _ => Person::Staff(self.staff(c, t, field)),
        }
    }

    /// `ansvarlig` (a person in the case) or `ansvarlig_tekst` (anyone
    /// else), exactly one of them. `none` says what to report when neither
    /// is given, anchored at `anchor`.
    pub(crate) fn responsible(
        &self,
        c: &mut Checker,
        person: Option<&Text>,
        other: Option<&Text>,
        anchor: &Text,
        field: &str,
        none: &str,
    ) -> Responsible {
        match (person, other) {
            (Some(a), None) => {
                Responsible::Person(self.person(c, a, &format!("{field}.ansvarlig")))
            }
            (None, Some(t)) => Responsible::Other(c.text(t, &format!("{field}.ansvarlig_tekst"))),
            (Some(a), Some(_)) => {
                c.error(
                    Code::Inconsistent,
                    a,
                    &format!("{field}.ansvarlig"),
                    "both `ansvarlig` and `ansvarlig_tekst` are given",
                    "use `ansvarlig` for a person in the case, `ansvarlig_tekst` for anyone else",
                );
                Responsible::Other(String::new())
            }
            (None, None) => {
                c.error(
                    Code::MissingField,
                    anchor,
                    field,
                    none,
                    "add `ansvarlig: <staff id, ungdom or verge>` or `ansvarlig_tekst: <service>`",
                );
                Responsible::Other(String::new())
            }
        }
    }
}

/// Checks an address.
pub(crate) fn address(c: &mut Checker, a: &raw::Address, field: &str) -> Address {
    let line1 = c.text(&a.linje1, &format!("{field}.linje1"));
    let line2 = c.opt_text(a.linje2.as_ref(), &format!("{field}.linje2"));
    let town = c.text(&a.poststed, &format!("{field}.poststed"));
    if !(a.postnr.len() == 4 && a.postnr.bytes().all(|b| b.is_ascii_digit())) {
        c.error(
            Code::InvalidNumber,
            &a.postnr,
            &format!("{field}.postnr"),
            "a postnummer is four digits",
            "quote it to keep a leading zero: postnr: \"0150\"",
        );
    }
    Address {
        line1,
        line2,
        postcode: a.postnr.value.clone(),
        town,
    }
}

/// Checks the youth.
pub(crate) fn youth(c: &mut Checker, y: &raw::Youth) -> Youth {
    let given_name = c.text(&y.fornavn, "ungdom.fornavn");
    let family_name = c.text(&y.etternavn, "ungdom.etternavn");
    let original_script = c.opt_text(y.navn_originalskrift.as_ref(), "ungdom.navn_originalskrift");
    let birth_date = c.date(&y.fodselsdato, "ungdom.fodselsdato");
    for (key, value) in [
        ("fodselsnummer", &y.fodselsnummer),
        ("d_nummer", &y.d_nummer),
    ] {
        let Some(value) = value else { continue };
        national_id(c, key, value, birth_date);
    }
    if let Err(e) = ids::validate_duf(&y.duf) {
        c.error(
            Code::InvalidNumber,
            &y.duf,
            "ungdom.duf",
            format!("invalid DUF number: {e}"),
            "a DUF number is 12 digits: the year of registration, a 6-digit serial number and 2 control digits; copy it from the UDI letter",
        );
    }
    let languages = y
        .sprak
        .iter()
        .enumerate()
        .map(|(i, l)| Language {
            code: c.text(&l.kode, &format!("ungdom.sprak[{i}].kode")),
            name: c.text(&l.navn, &format!("ungdom.sprak[{i}].navn")),
            interpreter: l.tolk,
        })
        .collect();
    let address = address(c, &y.adresse, "ungdom.adresse");
    let leisure = y.fritid.as_ref().map(|l| Leisure {
        wishes: c.opt_text(l.onsker.as_ref(), "ungdom.fritid.onsker"),
        activities: c.texts(&l.aktiviteter, "ungdom.fritid.aktiviteter"),
        contacts: c.texts(&l.kontakter, "ungdom.fritid.kontakter"),
    });
    Youth {
        given_name,
        family_name,
        original_script,
        birth_date: Located {
            value: birth_date.unwrap_or_default(),
            loc: y.fodselsdato.loc,
        },
        duf: y.duf.value.clone(),
        languages,
        address,
        leisure,
        // Checked with the guardian's, after the plan (see `case::parse`).
        protection: Protection::None,
    }
}

/// Checks a fødselsnummer or D-nummer: control digits, the date part
/// against the birth date, and the right field for the number.
fn national_id(c: &mut Checker, key: &str, value: &Text, birth_date: Option<NaiveDate>) {
    let field = format!("ungdom.{key}");
    match ids::validate_national_id(value) {
        Err(e) => {
            let hint = match e {
                NationalIdError::Checksum => {
                    "check the number against the case system; it may have a typing error"
                }
                _ => "an ID number is 11 digits with no spaces",
            };
            c.error(
                Code::InvalidNumber,
                value,
                &field,
                format!("invalid {key}: {e}"),
                hint,
            );
        }
        Ok(id) => {
            if let Some(dob) = birth_date {
                use chrono::Datelike;
                let yy = u32::try_from(dob.year().rem_euclid(100)).unwrap_or(0);
                if (id.day, id.month, id.year2) != (dob.day(), dob.month(), yy) {
                    c.error(
                        Code::Inconsistent,
                        value,
                        &field,
                        format!("the date part of {key} does not match ungdom.fodselsdato"),
                        "one of the two is wrong; an age assessment may have changed both",
                    );
                }
            }
            let expected_d = key == "d_nummer";
            let is_d = value
                .as_bytes()
                .first()
                .is_some_and(|b| (b'4'..=b'7').contains(b));
            if expected_d != is_d {
                c.error(
                    Code::Inconsistent,
                    value,
                    &field,
                    if expected_d {
                        "this is a fødselsnummer, not a D-nummer"
                    } else {
                        "this is a D-nummer, not a fødselsnummer"
                    },
                    "move it to the other field",
                );
            }
        }
    }
}

/// Checks the guardian (the address protection is checked later, with the
/// youth's).
pub(crate) fn guardian(c: &mut Checker, v: &raw::Guardian) -> Guardian {
    Guardian {
        name: c.text(&v.navn, "verge.navn"),
        address: address(c, &v.adresse, "verge.adresse"),
        phone: c.opt_text(v.telefon.as_ref(), "verge.telefon"),
        email: c.opt_text(v.epost.as_ref(), "verge.epost"),
        protection: Protection::None,
    }
}

/// Checks the staff list: every id once.
pub(crate) fn staff(c: &mut Checker, list: &[raw::Staff]) -> Vec<Staff> {
    let mut seen: Vec<&str> = Vec::new();
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let id = c.text(&s.id, &format!("ansatte[{i}].id"));
            if seen.contains(&s.id.as_str()) {
                c.error(
                    Code::Duplicate,
                    &s.id,
                    &format!("ansatte[{i}].id"),
                    format!(
                        "staff id {} is used twice",
                        crate::diagnostic::shown(&s.id.value)
                    ),
                    "give each member of staff their own id",
                );
            }
            seen.push(&s.id);
            Staff {
                id,
                name: c.text(&s.navn, &format!("ansatte[{i}].navn")),
                title: c.text(&s.tittel, &format!("ansatte[{i}].tittel")),
                phone: c.opt_text(s.telefon.as_ref(), &format!("ansatte[{i}].telefon")),
                email: c.opt_text(s.epost.as_ref(), &format!("ansatte[{i}].epost")),
            }
        })
        .collect()
}

/// Checks the settlement.
pub(crate) fn settlement(c: &mut Checker, b: &raw::Settlement) -> Settlement {
    Settlement {
        date: c.located_date(&b.dato, "bosetting.dato"),
        home: Home {
            name: c.text(&b.bofellesskap.navn, "bosetting.bofellesskap.navn"),
            address: address(c, &b.bofellesskap.adresse, "bosetting.bofellesskap.adresse"),
            phone: c.opt_text(
                b.bofellesskap.telefon.as_ref(),
                "bosetting.bofellesskap.telefon",
            ),
        },
    }
}

/// Checks an address protection value.
pub(crate) fn protection(c: &mut Checker, t: Option<&Text>, field: &str) -> Protection {
    t.and_then(|t| {
        c.choice(
            t,
            field,
            "address protection",
            "allowed values: ingen, fortrolig, strengt_fortrolig",
        )
    })
    .unwrap_or_default()
}
