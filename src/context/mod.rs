//! The context stage: what a template sees. One file per document kind
//! builds a serializable context struct from the typed case and profile;
//! this module has what every kind shares: the municipality, the youth, the
//! guardian, the staff, the settlement, and how people and recipients are
//! named. Pure: no clock, no files.
//!
//! The shapes (and so the keys templates use) are the template API; see the
//! README's «Writing templates». A protected address never enters a
//! context, so no template can print it.

pub(crate) mod askerguiden;
pub(crate) mod bosettingsplan;
pub(crate) mod ettervern;
pub(crate) mod evaluering;
pub(crate) mod folgebrev;
pub(crate) mod frivillig;
pub(crate) mod helseplan;
pub(crate) mod oppdrag;
pub(crate) mod oppdragstaker;
pub(crate) mod overgangsmote;
pub(crate) mod oversettelse;
pub(crate) mod praksis;
pub(crate) mod samarbeidsavtale;
pub(crate) mod samtykke;
pub(crate) mod sjekkliste;
pub(crate) mod tiltaksplan;
pub(crate) mod tilvisning;
pub(crate) mod utflyttingsplan;
pub(crate) mod velkomstbrev;
pub(crate) mod vergesamarbeid;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use minijinja::Value;
use serde::Serialize;

use crate::case::people::{Address, Person, Staff};
use crate::case::sections::arbeidspraksis::Contact;
use crate::case::{Case, Municipality};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk::{self, Malform};

/// Who a document is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressee {
    /// The youth.
    Youth,
    /// The guardian.
    Guardian,
    /// A copy recipient outside the case: the position in the følgebrev's
    /// copies.
    Copy(usize),
    /// One item of the section's list, a document of its own (a consent
    /// form): its position.
    Item(usize),
}

/// What a context builder gets: the case, the profile, the document date
/// and, per document, who it is for.
pub(crate) struct Input<'a> {
    pub case: &'a Case,
    pub muni: &'a Municipality,
    /// The kind's name (`dokumentart` in the context).
    pub kind: &'static str,
    /// The document date: asked for, or from the case.
    pub date: NaiveDate,
    /// Who this document is addressed to.
    pub to: Option<Addressee>,
    /// The checklist of a sjekkliste.
    pub checklist: Option<&'a str>,
    /// Its points, read and checked from the template folder.
    pub checklist_data: Option<&'a crate::case::checklist::Checklist>,
    /// For a plan or evaluation enclosed in a copy to someone outside the
    /// case: the parts the copy's basis covers, and who it is for.
    pub excerpt: Option<(&'a crate::case::sections::folgebrev::Excerpt, &'a str)>,
    /// The catalogue of a translation to add, when one is asked for.
    pub translation: Option<&'a crate::i18n::Catalogue>,
}

impl<'a> Input<'a> {
    /// The section a document needs, or the error naming it.
    pub(crate) fn section<T>(&self, section: Option<&'a T>, name: &str) -> Result<&'a T> {
        section.ok_or_else(|| missing_section(self.case, name, self.kind))
    }

    /// Whether the document is in nynorsk.
    pub(crate) fn nn(&self) -> bool {
        self.muni.malform == Malform::Nynorsk
    }

    /// The context of every document: see [`Common`].
    pub(crate) fn common(&self) -> Common<'a> {
        Common::new(self)
    }
}

/// Which parts of an enclosed plan or evaluation a document shows
/// (`deler.maal`, …: all true but in an excerpt), and for an excerpt who it
/// is for and what it holds (`utdrag`).
#[derive(Serialize)]
pub(crate) struct Parts<'a> {
    deler: BTreeMap<&'static str, bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    utdrag: Option<ExcerptCtx<'a>>,
}

#[derive(Serialize)]
struct ExcerptCtx<'a> {
    /// The copy recipient it is for.
    til: &'a str,
    /// The parts it holds, named and joined («mål og tiltak»).
    deler: String,
}

impl<'a> Input<'a> {
    /// The parts of `doc` this document shows.
    pub(crate) fn parts(
        &self,
        doc: crate::case::sections::folgebrev::EnclosedDocument,
    ) -> Parts<'a> {
        let deler = doc
            .parts()
            .iter()
            .map(|(key, ..)| {
                (
                    *key,
                    self.excerpt.is_none_or(|(e, _)| e.parts.contains(key)),
                )
            })
            .collect();
        Parts {
            deler,
            utdrag: self.excerpt.map(|(e, to)| ExcerptCtx {
                til: to,
                deler: e.names(doc, self.nn()),
            }),
        }
    }
}

/// The error for a section the document needs and the case lacks.
pub(crate) fn missing_section(case: &Case, field: &str, kind: &str) -> Error {
    Error::one(
        Diagnostic::error(
            Code::MissingSection,
            format!("missing required section `{field}` for {kind}"),
        )
        .in_file(case.source.clone())
        .field(field)
        .hint(format!(
            "{kind} needs `{field}:`; see samples/saker/ for an example"
        )),
    )
}

/// A date as templates receive it: `2026-06-15` (the `dato` filters format it).
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The municipality's short name: «Asker kommune» → «Asker».
pub fn short_name(kommune: &str) -> &str {
    kommune
        .strip_suffix(" kommune")
        .or_else(|| kommune.strip_suffix("\u{a0}kommune"))
        .unwrap_or(kommune)
}

/// A postal address as written.
#[derive(Serialize)]
pub(crate) struct AddressCtx<'a> {
    linje1: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    linje2: Option<&'a str>,
    postnr: &'a str,
    poststed: &'a str,
}

impl<'a> From<&'a Address> for AddressCtx<'a> {
    fn from(a: &'a Address) -> Self {
        Self {
            linje1: &a.line1,
            linje2: a.line2.as_deref(),
            postnr: &a.postcode,
            poststed: &a.town,
        }
    }
}

/// A member of staff.
#[derive(Serialize)]
pub(crate) struct StaffCtx<'a> {
    id: &'a str,
    navn: &'a str,
    tittel: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    epost: Option<&'a str>,
}

impl<'a> From<&'a Staff> for StaffCtx<'a> {
    fn from(s: &'a Staff) -> Self {
        Self {
            id: &s.id,
            navn: &s.name,
            tittel: &s.title,
            telefon: s.phone.as_deref(),
            epost: s.email.as_deref(),
        }
    }
}

/// A contact person outside the case (an employer, a volunteer).
#[derive(Serialize)]
pub(crate) struct ContactCtx<'a> {
    navn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tittel: Option<&'a str>,
}

impl<'a> From<&'a Contact> for ContactCtx<'a> {
    fn from(c: &'a Contact) -> Self {
        Self {
            navn: &c.name,
            tittel: c.title.as_deref(),
            telefon: c.phone.as_deref(),
        }
    }
}

/// A person as a plan names them: name and role in the document's målform.
#[derive(Serialize)]
pub(crate) struct PersonCtx {
    pub navn: String,
    pub rolle: String,
}

/// A person of the case (`ungdom`, `verge` or staff) by name and role.
pub(crate) fn person(case: &Case, muni: &Municipality, who: Person) -> PersonCtx {
    let rolle = match who {
        Person::Youth => "ungdom".to_owned(),
        Person::Guardian if muni.malform == Malform::Nynorsk => "verje".to_owned(),
        Person::Guardian => "verge".to_owned(),
        Person::Staff(id) => case.staff(id).title.clone(),
    };
    PersonCtx {
        navn: case.name_of(who),
        rolle,
    }
}

/// A recipient of a letter, as the address block prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    /// Name on the first line.
    pub navn: String,
    /// The role in the case (`ungdom`, `verge`; empty for others).
    pub rolle: String,
    /// The address lines under the name; the last line is «postnr POSTSTED».
    pub linjer: Vec<String>,
}

/// The address block of a party (the youth or the guardian). A protected
/// address (fortrolig / strengt fortrolig) is never printed: the letter goes
/// to the profile's delivery address for such cases instead.
pub(crate) fn party_recipient(case: &Case, muni: &Municipality, who: Person) -> Result<Recipient> {
    let caps = muni.town_in_capitals;
    let (navn, address, role) = match (who, &case.guardian) {
        (Person::Guardian, Some(g)) => (g.name.clone(), &g.address, "verge"),
        _ => (case.youth.name(), &case.youth.address, "ungdom"),
    };
    let party = if role == "verge" {
        Person::Guardian
    } else {
        Person::Youth
    };
    let linjer = if case.is_protected(party) {
        let delivery = muni.protected_delivery.as_ref().ok_or_else(|| {
            Error::one(
                Diagnostic::error(Code::MissingProfileData, format!(
                    "{role} has a protected address, and the profile gives no delivery address for such letters"
                ))
                .in_file(muni.source.clone())
                .field("adresse_ved_adressebeskyttelse")
                .hint("add `adresse_ved_adressebeskyttelse:` to the profile (the service forwards the letter); the protected address is never printed"),
            )
        })?;
        delivery.lines(caps)
    } else {
        address.lines(caps)
    };
    Ok(Recipient {
        navn,
        rolle: role.to_owned(),
        linjer,
    })
}

/// The municipality as letterheads and footers print it.
#[derive(Serialize)]
pub(crate) struct Kommune<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    avdeling: Option<&'a str>,
    besoksadresse: Vec<String>,
    enhet: &'a str,
    epost: &'a str,
    faste_tilbud: Vec<&'a str>,
    hjemmel: &'a str,
    kortnavn: &'a str,
    merking: &'a str,
    navn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nettside: Option<&'a str>,
    nodnumre: Vec<PhoneCtx<'a>>,
    org_nr: String,
    postadresse: Vec<String>,
    telefon: &'a str,
}

impl<'a> Kommune<'a> {
    pub(crate) fn of(muni: &'a Municipality) -> Self {
        Self {
            navn: &muni.name,
            kortnavn: short_name(&muni.name),
            enhet: &muni.unit,
            avdeling: muni.department.as_deref(),
            postadresse: muni.postal_address.lines(false),
            besoksadresse: muni.visiting_address.lines(false),
            telefon: &muni.phone,
            epost: &muni.email,
            nettside: muni.website.as_deref(),
            org_nr: crate::case::ids::format_org_nr(&muni.org_nr),
            merking: &muni.confidentiality_marking,
            hjemmel: &muni.confidentiality_basis,
            nodnumre: muni
                .emergency_numbers
                .iter()
                .map(|n| PhoneCtx {
                    nummer: &n.number,
                    tjeneste: &n.service,
                })
                .collect(),
            faste_tilbud: muni
                .standing_offers
                .iter()
                .map(|o| o.get(muni.malform))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct PhoneCtx<'a> {
    nummer: &'a str,
    tjeneste: &'a str,
}

#[derive(Serialize)]
struct LanguageCtx<'a> {
    kode: &'a str,
    navn: &'a str,
    tolk: bool,
}

#[derive(Serialize)]
struct LeisureCtx<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    onsker: Option<&'a str>,
    aktiviteter: &'a [String],
    kontakter: &'a [String],
}

/// The youth.
#[derive(Serialize)]
pub(crate) struct Ungdom<'a> {
    /// Absent when the address is protected.
    #[serde(skip_serializing_if = "Option::is_none")]
    adresse: Option<Vec<String>>,
    alder: i32,
    etternavn: &'a str,
    fodselsdato: String,
    fornavn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fritid: Option<LeisureCtx<'a>>,
    navn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    navn_originalskrift: Option<&'a str>,
    sprak: Vec<LanguageCtx<'a>>,
    tolk: bool,
}

/// The guardian.
#[derive(Serialize)]
pub(crate) struct Verge<'a> {
    navn: &'a str,
    /// Absent when the address is protected.
    #[serde(skip_serializing_if = "Option::is_none")]
    adresse: Option<AddressCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    epost: Option<&'a str>,
}

/// The settlement.
#[derive(Serialize)]
pub(crate) struct Bosetting<'a> {
    adresse: Vec<String>,
    dato: String,
    navn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
}

/// What every document's context holds.
#[derive(Serialize)]
pub(crate) struct Common<'a> {
    #[serde(flatten)]
    head: Head<'a>,
    saksnummer: &'a str,
    ungdom: Ungdom<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verge: Option<Verge<'a>>,
    /// Staff by id.
    ansatte: BTreeMap<&'a str, StaffCtx<'a>>,
    saerkontakt: StaffCtx<'a>,
    saksbehandler: StaffCtx<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bosetting: Option<Bosetting<'a>>,
}

/// What every document's context has, from a case or not: the målform,
/// the date, the kind and the municipality.
#[derive(Serialize)]
pub(crate) struct Head<'a> {
    /// `nb` or `nn`.
    malform: &'static str,
    /// Whether the document is in nynorsk.
    nn: bool,
    /// The document date.
    dato: String,
    /// The document date as (year, month, day), for Typst's `datetime`.
    dato_ymd: [i64; 3],
    /// The kind's name.
    dokumentart: &'static str,
    kommune: Kommune<'a>,
}

impl<'a> Head<'a> {
    pub(crate) fn new(muni: &'a Municipality, date: NaiveDate, kind: &'static str) -> Self {
        Self {
            malform: muni.malform.code(),
            nn: muni.malform == Malform::Nynorsk,
            dato: iso(date),
            dato_ymd: [
                i64::from(date.year()),
                i64::from(date.month()),
                i64::from(date.day()),
            ],
            dokumentart: kind,
            kommune: Kommune::of(muni),
        }
    }
}

impl<'a> Common<'a> {
    /// The same, with another exemption marking and legal basis in the
    /// page header (a health plan's, instead of the profile's general one).
    pub(crate) fn with_marking(mut self, marking: &'a str, basis: &'a str) -> Self {
        self.head.kommune.merking = marking;
        self.head.kommune.hjemmel = basis;
        self
    }

    fn new(input: &Input<'a>) -> Self {
        let (case, muni, date) = (input.case, input.muni, input.date);
        let y = &case.youth;
        let ungdom = Ungdom {
            fornavn: &y.given_name,
            etternavn: &y.family_name,
            navn: y.name(),
            navn_originalskrift: y.original_script.as_deref(),
            fodselsdato: iso(y.birth_date.value),
            alder: norsk::age_on(y.birth_date.value, date),
            sprak: y
                .languages
                .iter()
                .map(|l| LanguageCtx {
                    kode: &l.code,
                    navn: &l.name,
                    tolk: l.interpreter,
                })
                .collect(),
            tolk: y.languages.iter().any(|l| l.interpreter),
            adresse: (!y.protection.is_protected()).then(|| y.address.lines(muni.town_in_capitals)),
            fritid: y.leisure.as_ref().map(|l| LeisureCtx {
                onsker: l.wishes.as_deref(),
                aktiviteter: &l.activities,
                kontakter: &l.contacts,
            }),
        };
        let verge = case.guardian.as_ref().map(|g| Verge {
            navn: &g.name,
            adresse: (!g.protection.is_protected()).then(|| AddressCtx::from(&g.address)),
            telefon: g.phone.as_deref(),
            epost: g.email.as_deref(),
        });
        let bosetting = case.settlement.as_ref().map(|b| Bosetting {
            dato: iso(b.date.value),
            navn: &b.home.name,
            adresse: b.home.address.lines(false),
            telefon: b.home.phone.as_deref(),
        });
        Self {
            head: Head::new(muni, date, input.kind),
            saksnummer: &case.reference,
            ungdom,
            verge,
            ansatte: case
                .staff
                .iter()
                .map(|s| (s.id.as_str(), StaffCtx::from(s)))
                .collect(),
            saerkontakt: case.staff(case.saerkontakt).into(),
            saksbehandler: case.staff(case.caseworker).into(),
            bosetting,
        }
    }
}

/// A context struct as the value templates see.
pub(crate) fn value(ctx: &impl Serialize) -> Value {
    Value::from(minijinja::value::Serde(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(short_name("Asker kommune"), "Asker");
        assert_eq!(short_name("Alver kommune"), "Alver");
        assert_eq!(short_name("Oslo"), "Oslo");
    }
}
