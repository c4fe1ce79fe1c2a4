//! The case file and the municipality profile: loading YAML with limits,
//! checking every value, and the typed [`Case`] and [`Municipality`] that
//! later stages use.
//!
//! | file | owns |
//! |---|---|
//! | `load.rs` | reading YAML with limits, located YAML errors |
//! | `check.rs` | the checks every section shares (text, dates, fixed values) |
//! | `people.rs` | the youth, guardian, staff, addresses, settlement |
//! | `profile.rs` | the municipality profile |
//! | `sections/` | one file per document section, with its rules |
//! | `ids.rs` | fødselsnummer, D-nummer, DUF, org.nr |
//!
//! Each part is written (`raw`, Norwegian keys, unknown keys refused, every
//! leaf located), then parsed once into its type: dates as `NaiveDate`,
//! variants and statuses as enums, references to people resolved. All
//! problems of a file are collected, so the user sees every one at once.

pub(crate) mod check;
pub(crate) mod checklist;
pub mod decision_texts;
pub mod ids;
pub(crate) mod load;
pub mod located;
pub mod people;
pub mod profile;
pub mod sections;

use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use self::check::Checker;
use self::located::Text;
use self::people::{Guardian, People, Person, Settlement, Staff, StaffId, Youth};
use self::sections::{
    arbeidspraksis, askerguiden, bosettingsplan, ettervern, evaluering, folgebrev, frivillig,
    helseplan, oppdrag, oppdragstaker, overgangsmote, samarbeidsavtale, samtykke, tiltaksplan,
    tilvisning, utflyttingsplan, velkomstbrev, vergesamarbeid,
};
use crate::deadlines::{Deadline, DeadlineKind, age_dates};
use crate::diagnostic::Code;
use crate::error::Result;

pub use self::profile::Municipality;
pub use crate::norsk::parse_date;

/// Largest YAML file accepted (case files are a few kilobytes).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Largest nesting depth accepted in a YAML file.
pub const MAX_DEPTH: usize = 32;

/// The most YAML nodes (fields, list items, values) a case file may hold.
pub const MAX_NODES: usize = 100_000;

/// The most text a file may hold, summed over every value and key (a case
/// holds a few kilobytes). Bounds the length of every document made from
/// it, also when the text is one endless word that must be broken anywhere.
pub const MAX_TEXT_BYTES: usize = 128 * 1024;

/// The most characters one value may hold (about three pages of text).
pub const MAX_VALUE_CHARS: usize = 10_000;

/// The most items one list may hold (a plan has tens of measures). Bounds
/// the length of a document, and so its time and memory: a plan with this
/// many measures is about 22 pages.
pub const MAX_LIST_ITEMS: usize = 500;

/// The longest case reference accepted; it becomes part of file names.
pub const MAX_REFERENCE_CHARS: usize = 40;

/// A case file as written in YAML: one youth, the people around them and
/// the sections of the documents that can be made for them.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "saksdok case file")]
pub(crate) struct CaseFile {
    /// The municipality profile this case belongs to, as a path relative to
    /// the case file (`../kommuner/asker.yaml`); a profile given with the
    /// request overrides it.
    #[serde(default)]
    pub kommuneprofil: Option<Text>,
    /// The case number in the case system («2025/1432»); also names output files.
    pub saksnummer: Text,
    /// The youth.
    pub ungdom: people::raw::Youth,
    /// The guardian, while the youth is a minor.
    #[serde(default)]
    pub verge: Option<people::raw::Guardian>,
    /// Staff referred to by id.
    pub ansatte: Vec<people::raw::Staff>,
    /// Staff id of the særkontakt.
    #[schemars(extend("x-ref" = "ansatt"))]
    pub saerkontakt: Text,
    /// Staff id of the caseworker.
    #[schemars(extend("x-ref" = "ansatt"))]
    pub saksbehandler: Text,
    /// The settlement; required by the welcome letter.
    #[serde(default)]
    pub bosetting: Option<people::raw::Settlement>,
    /// The settlement plan: the municipality's routine for the type of
    /// housing, dated from the settlement.
    #[serde(default)]
    pub bosettingsplan: Option<bosettingsplan::raw::Bosettingsplan>,
    /// The health follow-up plan: the municipality's routine, dated from
    /// the settlement.
    #[serde(default)]
    pub helseplan: Option<helseplan::raw::Helseplan>,
    /// The cooperation with the guardian: tasks, contacts, meetings.
    #[serde(default)]
    pub vergesamarbeid: Option<vergesamarbeid::raw::Vergesamarbeid>,
    /// The særkontakt's assignment for this youth.
    #[serde(default)]
    pub oppdragsbeskrivelse: Option<oppdrag::raw::Oppdrag>,
    /// The transition meeting from intake to measures: the invitation
    /// and the minutes.
    #[serde(default)]
    pub overgangsmote: Option<overgangsmote::raw::Overgangsmote>,
    /// The welcome letter's data.
    #[serde(default)]
    pub velkomstbrev: Option<velkomstbrev::raw::Velkomstbrev>,
    /// The measure plan's data.
    #[serde(default)]
    pub tiltaksplan: Option<tiltaksplan::raw::Tiltaksplan>,
    /// The evaluation of the plan.
    #[serde(default)]
    pub evaluering: Option<evaluering::raw::Evaluering>,
    /// The cover letter to the parties.
    #[serde(default)]
    pub folgebrev: Option<folgebrev::raw::Folgebrev>,
    /// The Askerguiden protocol's data.
    #[serde(default)]
    pub askerguiden: Option<askerguiden::raw::Askerguiden>,
    /// The move-out plan's data.
    #[serde(default)]
    pub utflyttingsplan: Option<utflyttingsplan::raw::Utflyttingsplan>,
    /// Work practice: the agreement and the reference letter.
    #[serde(default)]
    pub arbeidspraksis: Option<arbeidspraksis::raw::Arbeidspraksis>,
    /// The youth's consent forms: to aftercare, to sharing information.
    #[serde(default)]
    pub samtykker: Option<samtykke::raw::ConsentForms>,
    /// The agreement with a mentor, a friend or a visiting family.
    #[serde(default)]
    pub frivilligavtale: Option<frivillig::raw::Frivilligavtale>,
    /// Besøkshjem and oppdragstakere: their approval, contract and pay
    /// notice.
    #[serde(default)]
    pub oppdragstakere: Vec<oppdragstaker::raw::Assignee>,
    /// Referrals to other services, one letter each.
    #[serde(default)]
    pub tilvisninger: Option<tilvisning::raw::Referrals>,
    /// The decision on aftercare (bvl. § 3-6).
    #[serde(default)]
    pub ettervernsvedtak: Option<ettervern::raw::Ettervernsvedtak>,
    /// A declined offer of aftercare: `frister` lists the renewed offer
    /// within a year.
    #[serde(default)]
    pub ettervern_avslatt: Option<ettervern::raw::DeclinedOffer>,
    /// Not part of a case: an agreement with a volunteer organisation is
    /// its own file. Read only to say so.
    #[serde(default)]
    #[schemars(skip)]
    pub samarbeidsavtale: Option<located::Located<serde::de::IgnoredAny>>,
}

/// A checked case: every date parses, every ID number checks out, every
/// reference to a person resolves.
#[derive(Debug, Clone)]
pub struct Case {
    /// The file name used in diagnostics.
    pub source: String,
    /// `kommuneprofil`: the profile's path relative to the case file.
    pub profile_path: Option<String>,
    /// `saksnummer`: the case reference; it names the output files.
    pub reference: String,
    /// `ungdom`.
    pub youth: Youth,
    /// `verge`.
    pub guardian: Option<Guardian>,
    /// `ansatte`.
    pub staff: Vec<Staff>,
    /// `saerkontakt`.
    pub saerkontakt: StaffId,
    /// `saksbehandler`: the caseworker.
    pub caseworker: StaffId,
    /// `bosetting`.
    pub settlement: Option<Settlement>,
    /// `overgangsmote`.
    pub overgangsmote: Option<overgangsmote::Overgangsmote>,
    /// `velkomstbrev`.
    pub velkomstbrev: Option<velkomstbrev::Velkomstbrev>,
    /// `tiltaksplan`.
    pub tiltaksplan: Option<tiltaksplan::Tiltaksplan>,
    /// `evaluering` (only with a plan).
    pub evaluering: Option<evaluering::Evaluering>,
    /// `folgebrev`.
    pub folgebrev: Option<folgebrev::Folgebrev>,
    /// `askerguiden`.
    pub askerguiden: Option<askerguiden::Askerguiden>,
    /// `utflyttingsplan`.
    pub utflyttingsplan: Option<utflyttingsplan::Utflyttingsplan>,
    /// `bosettingsplan`.
    pub bosettingsplan: Option<bosettingsplan::Bosettingsplan>,
    /// `helseplan`.
    pub helseplan: Option<helseplan::Helseplan>,
    /// `vergesamarbeid`.
    pub vergesamarbeid: Option<vergesamarbeid::Vergesamarbeid>,
    /// `oppdragsbeskrivelse`.
    pub oppdragsbeskrivelse: Option<oppdrag::Oppdrag>,
    /// `arbeidspraksis`.
    pub arbeidspraksis: Option<arbeidspraksis::Arbeidspraksis>,
    /// `samtykker`.
    pub samtykker: Option<samtykke::Samtykker>,
    /// `frivilligavtale`.
    pub frivilligavtale: Option<frivillig::Frivilligavtale>,
    /// `oppdragstakere`.
    pub assignees: Vec<oppdragstaker::Assignee>,
    /// `tilvisninger`.
    pub tilvisninger: Option<tilvisning::Tilvisninger>,
    /// `ettervernsvedtak`.
    pub ettervernsvedtak: Option<ettervern::Vedtak>,
    /// `ettervern_avslatt`.
    pub ettervern_avslatt: Option<ettervern::Declined>,
}

impl Case {
    /// A member of staff.
    pub fn staff(&self, id: StaffId) -> &Staff {
        &self.staff[id.0]
    }

    /// The name of a person in the case.
    pub fn name_of(&self, person: Person) -> String {
        match person {
            Person::Youth => self.youth.name(),
            Person::Guardian => self
                .guardian
                .as_ref()
                .map(|g| g.name.clone())
                .unwrap_or_default(),
            Person::Staff(id) => self.staff(id).name.clone(),
        }
    }

    /// Every deadline of the case, sorted by date: the age-based dates (with
    /// the municipality's rule for the aftercare dialogue) and the plan's
    /// evaluation dates (given in the plan, or the plan date + the interval
    /// when none are given).
    pub fn deadlines(&self, muni: &Municipality) -> Vec<Deadline> {
        let mut out = self.evaluation_deadlines();
        if let Some(a) = age_dates(self.youth.birth_date.value, muni.aftercare_dialogue_months) {
            out.push(Deadline {
                date: a.ettervern_dialog,
                kind: DeadlineKind::EttervernDialog,
            });
            out.push(Deadline {
                date: a.ettervern_vedtak,
                kind: DeadlineKind::EttervernVedtak,
            });
            out.push(Deadline {
                date: a.attenarsdag,
                kind: DeadlineKind::Attenarsdag,
            });
            out.push(Deadline {
                date: a.ettervern_siste_dag,
                kind: DeadlineKind::EttervernSisteDag,
            });
        }
        if let Some(date) = self.renewed_aftercare_offer() {
            out.push(Deadline {
                date,
                kind: DeadlineKind::EttervernNyttTilbud,
            });
        }
        if let (Some(_), Some(r)) = (&self.bosettingsplan, &muni.settlement_routine) {
            out.push(Deadline {
                date: r.review_due(),
                kind: DeadlineKind::RutineEvaluering,
            });
        }
        if let (Some(_), Some(r)) = (&self.helseplan, &muni.health_routine) {
            out.push(Deadline {
                date: r.review_due(),
                kind: DeadlineKind::HelseRutineEvaluering,
            });
        }
        if let (Some(_), Some(r)) = (&self.vergesamarbeid, &muni.guardian_routine) {
            out.push(Deadline {
                date: r.review_due(),
                kind: DeadlineKind::VergeRutineEvaluering,
            });
        }
        if let (Some(_), Some(r)) = (&self.oppdragsbeskrivelse, &muni.assignment_routine) {
            out.push(Deadline {
                date: r.review_due(),
                kind: DeadlineKind::SaerkontaktRutineEvaluering,
            });
        }
        out.sort_by_key(|d| (d.date, d.kind));
        out
    }

    /// After a declined offer of aftercare, the day by which the service
    /// asks again; `None` when no offer was declined, when a later decision
    /// gives measures after all, or when the day is after the last day of
    /// aftercare.
    pub fn renewed_aftercare_offer(&self) -> Option<NaiveDate> {
        let declined = self.ettervern_avslatt.as_ref()?;
        let accepted_later = self.ettervernsvedtak.as_ref().is_some_and(|v| {
            v.decision != ettervern::Decision::Opphor && v.date.is_some_and(|d| d >= declined.date)
        });
        let due = declined.renewed_offer_due()?;
        let last = age_dates(self.youth.birth_date.value, 6)?.ettervern_siste_dag;
        (!accepted_later && due <= last).then_some(due)
    }

    /// The plan's evaluation dates, sorted.
    pub fn evaluation_deadlines(&self) -> Vec<Deadline> {
        let Some(plan) = &self.tiltaksplan else {
            return Vec::new();
        };
        let dates = match &plan.date {
            Some(d) => plan.evaluations_on(d.value),
            None => plan.evaluation_dates.iter().map(|d| d.value).collect(),
        };
        let mut out: Vec<Deadline> = dates
            .into_iter()
            .map(|date| Deadline {
                date,
                kind: DeadlineKind::Evaluering,
            })
            .collect();
        out.sort_by_key(|d| d.date);
        out
    }

    /// Whether a party's address is protected (fortrolig / strengt
    /// fortrolig): it is never printed.
    pub fn is_protected(&self, party: Person) -> bool {
        match party {
            Person::Youth => self.youth.protection.is_protected(),
            Person::Guardian => self
                .guardian
                .as_ref()
                .is_some_and(|g| g.protection.is_protected()),
            Person::Staff(_) => false,
        }
    }
}

/// Reads and checks a case file.
pub fn load_case(path: &Path) -> Result<Case> {
    let name = path.display().to_string();
    let bytes = load::read_file(path, &name)?;
    parse_case(&bytes, &name)
}

/// Parses and checks case-file bytes; `name` is used in diagnostics.
pub fn parse_case(bytes: &[u8], name: &str) -> Result<Case> {
    // Parsed once; only a file that is no case is asked whether it is an
    // agreement, so a valid case costs nothing more.
    let raw: CaseFile = match load::parse_yaml(bytes, name) {
        Ok(raw) => raw,
        Err(_) if is_agreement(bytes) => return Err(not_a_case(name)),
        Err(e) => return Err(e),
    };
    parse(&raw, name)
}

/// The error for an agreement file given as a case.
fn not_a_case(name: &str) -> crate::error::Error {
    crate::error::Error::one(
            crate::diagnostic::Diagnostic::error(
                Code::Input,
                "this is an agreement file (a samarbeidsavtale), not a youth's case",
            )
            .in_file(name)
            .field("avtalenummer")
            .hint("make its document with `saksdok render FILE --doc samarbeidsavtale`; batches and frister take case files"),
    )
}

/// What a batch needs to know of a case before rendering anything: its
/// reference (which names its output folder) and the profile it names.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct CaseHeader {
    /// `saksnummer`, if present and a string.
    #[serde(default)]
    pub saksnummer: Option<String>,
    /// `kommuneprofil`, if present.
    #[serde(default)]
    pub kommuneprofil: Option<String>,
}

/// Reads only the header of a case file. `None` when the file cannot be read
/// or parsed; the full load reports why, with a location.
pub fn peek_case(path: &Path) -> Option<CaseHeader> {
    let name = path.display().to_string();
    let bytes = load::read_file(path, &name).ok()?;
    load::parse_yaml::<CaseHeader>(&bytes, &name).ok()
}

pub use self::sections::samarbeidsavtale::Agreement;

/// Reads and checks an agreement file (a samarbeidsavtale).
pub fn load_agreement(path: &Path) -> Result<Agreement> {
    let name = path.display().to_string();
    let bytes = load::read_file(path, &name)?;
    parse_agreement(&bytes, &name)
}

/// Parses and checks agreement-file bytes; `name` is used in diagnostics.
pub fn parse_agreement(bytes: &[u8], name: &str) -> Result<Agreement> {
    let raw: samarbeidsavtale::raw::AgreementFile = load::parse_yaml(bytes, name)?;
    samarbeidsavtale::parse(&raw, name)
}

/// Whether YAML bytes are an agreement file rather than a case file: it
/// has `avtalenummer` at the top. `false` when the bytes do not parse (the
/// case loader then says why).
pub fn is_agreement(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Header {
        #[serde(default)]
        avtalenummer: Option<serde::de::IgnoredAny>,
    }
    load::parse_yaml::<Header>(bytes, "").is_ok_and(|h| h.avtalenummer.is_some())
}

/// The JSON Schema of an agreement file.
pub fn agreement_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(samarbeidsavtale::raw::AgreementFile))
        .unwrap_or_default()
}

/// Reads and checks a municipality profile.
pub fn load_profile(path: &Path) -> Result<Municipality> {
    let name = path.display().to_string();
    let bytes = load::read_file(path, &name)?;
    parse_profile(&bytes, &name)
}

/// Parses and checks profile bytes; `name` is used in diagnostics.
pub fn parse_profile(bytes: &[u8], name: &str) -> Result<Municipality> {
    let raw: profile::raw::Profile = load::parse_yaml(bytes, name)?;
    profile::parse(raw, name)
}

/// Checks what a case names in its profile (the settlement routine's type of
/// housing, its steps and roles; the services referrals go to; the rates of
/// assignment contracts): the checks
/// that need both files. Every
/// front end's load runs it after the profile is read.
pub fn check_with_profile(case: &Case, muni: &Municipality) -> Result<()> {
    let mut problems = match bosettingsplan::validate(case, muni) {
        Ok(()) => Vec::new(),
        Err(crate::error::Error::Invalid(d)) => d,
        Err(e) => return Err(e),
    };
    problems.extend(tilvisning::validate(case, muni));
    problems.extend(oppdragstaker::validate(case, muni));
    problems.extend(frivillig::validate(case, muni));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(crate::error::Error::Invalid(problems))
    }
}

/// The error for a value of the case that names an entry of a profile
/// list (`key`: `tjenester`, `oppdragssatser`) the profile does not have:
/// located in the case, with the closest name or the list in the hint.
pub(crate) fn unknown_in_profile(
    case: &Case,
    muni: &Municipality,
    value: &located::Located<String>,
    field: String,
    (what, key, fields): (&str, &str, &str),
    ids: &[&str],
) -> crate::Diagnostic {
    let hint = if ids.is_empty() {
        format!(
            "the profile {} lists no {what}s: add them under `{key}:` with {fields}",
            muni.source
        )
    } else {
        match crate::diagnostic::did_you_mean(&value.value, ids.iter().copied()) {
            Some(best) => format!("{best} The {what}s are `{key}` in {}", muni.source),
            None => format!("the {what}s in {}: {}", muni.source, ids.join(", ")),
        }
    };
    crate::Diagnostic::error(
        Code::UnknownReference,
        format!(
            "{} is not a {what} in the profile",
            crate::diagnostic::shown(&value.value)
        ),
    )
    .in_file(case.source.clone())
    .at(value.loc)
    .field(field)
    .hint(hint)
}

/// The JSON Schema of the case file (what the loader accepts, with every
/// field's description), for editors and forms.
pub fn case_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(CaseFile)).unwrap_or_default()
}

/// The JSON Schema of the municipality profile.
pub fn profile_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(profile::raw::Profile)).unwrap_or_default()
}

/// Checks a case file, every section in the order of the file format.
fn parse(f: &CaseFile, source: &str) -> Result<Case> {
    let mut c = Checker::new(source);
    let profile_path = c.opt_text(f.kommuneprofil.as_ref(), "kommuneprofil");
    let reference = c.text(&f.saksnummer, "saksnummer");
    // The reference names the output files and folders.
    if f.saksnummer.chars().count() > MAX_REFERENCE_CHARS {
        c.error(
            Code::Limit,
            &f.saksnummer,
            "saksnummer",
            format!("the case reference is longer than {MAX_REFERENCE_CHARS} characters"),
            "write the archive's case number, such as 2025/1432",
        );
    } else if !f.saksnummer.chars().any(|ch| ch.is_ascii_alphanumeric()) {
        c.error(
            Code::Character,
            &f.saksnummer,
            "saksnummer",
            "the case reference has no digit or letter A–Z",
            "write the archive's case number, such as 2025/1432; it names the output files",
        );
    }
    let mut youth = people::youth(&mut c, &f.ungdom);
    let mut guardian = f.verge.as_ref().map(|v| people::guardian(&mut c, v));
    let staff = people::staff(&mut c, &f.ansatte);
    let people = People::new(&f.ansatte, f.verge.is_some());
    let saerkontakt = people.staff(&mut c, &f.saerkontakt, "saerkontakt");
    let caseworker = people.staff(&mut c, &f.saksbehandler, "saksbehandler");
    let settlement = f.bosetting.as_ref().map(|b| people::settlement(&mut c, b));
    let overgangsmote = f
        .overgangsmote
        .as_ref()
        .map(|m| overgangsmote::parse(&mut c, &people, m));
    let velkomstbrev = f
        .velkomstbrev
        .as_ref()
        .map(|v| velkomstbrev::parse(&mut c, &people, v));
    let tiltaksplan = f
        .tiltaksplan
        .as_ref()
        .map(|p| tiltaksplan::parse(&mut c, &people, p));
    let evaluering = match (&tiltaksplan, &f.evaluering) {
        (Some(plan), Some(ev)) => Some(evaluering::parse(&mut c, &people, plan, ev)),
        (None, Some(ev)) => {
            c.error(
                Code::MissingSection,
                &ev.fungerer,
                "evaluering",
                "an evaluation needs the plan it evaluates",
                "add the `tiltaksplan:` section the evaluation refers to",
            );
            None
        }
        (_, None) => None,
    };
    youth.protection = people::protection(
        &mut c,
        f.ungdom.adressebeskyttelse.as_ref(),
        "ungdom.adressebeskyttelse",
    );
    if let (Some(g), Some(v)) = (guardian.as_mut(), &f.verge) {
        g.protection = people::protection(
            &mut c,
            v.adressebeskyttelse.as_ref(),
            "verge.adressebeskyttelse",
        );
    }
    let askerguiden = f
        .askerguiden
        .as_ref()
        .map(|g| askerguiden::parse(&mut c, g));
    if let Some(a) = &f.samarbeidsavtale {
        c.error(
            Code::UnknownField,
            &Text {
                value: String::new(),
                loc: a.loc,
            },
            "samarbeidsavtale",
            "a samarbeidsavtale is an agreement with an organisation, not part of a youth's case",
            "put it in a file of its own with `avtalenummer:` and `samarbeidsavtale:` (see samples/avtaler/), and render that file with --doc samarbeidsavtale",
        );
    }
    let arbeidspraksis = f
        .arbeidspraksis
        .as_ref()
        .map(|w| arbeidspraksis::parse(&mut c, &people, w));
    let settled = f.bosetting.as_ref().and_then(|b| parse_date(&b.dato));
    let utflyttingsplan = f
        .utflyttingsplan
        .as_ref()
        .map(|u| utflyttingsplan::parse(&mut c, &people, u, settled));
    let folgebrev = f
        .folgebrev
        .as_ref()
        .map(|fb| folgebrev::parse(&mut c, &people, fb));
    let bosettingsplan = f.bosettingsplan.as_ref().map(|b| {
        if f.bosetting.is_none() {
            c.error(
                Code::MissingField,
                &b.boligtype,
                "bosettingsplan",
                "a bosettingsplan is dated from the settlement, and the case has no `bosetting`",
                "add `bosetting:` with `dato:` (the moving-in day) and `bofellesskap:`",
            );
        }
        bosettingsplan::parse(&mut c, &people, b)
    });
    let helseplan = f.helseplan.as_ref().map(|h| {
        if f.bosetting.is_none() {
            c.error(
                Code::MissingField,
                h.dato.as_ref().unwrap_or(&f.saksnummer),
                "helseplan",
                "a helseplan is dated from the settlement, and the case has no `bosetting`",
                "add `bosetting:` with `dato:` (the moving-in day) and `bofellesskap:`",
            );
        }
        helseplan::parse(&mut c, &people, h)
    });
    let vergesamarbeid = f.vergesamarbeid.as_ref().map(|v| {
        if f.verge.is_none() {
            c.error(
                Code::MissingField,
                v.dato.as_ref().unwrap_or(&f.saksnummer),
                "vergesamarbeid",
                "the document on cooperation with the guardian needs a guardian, and the case has no `verge`",
                "add `verge:` with the guardian's name and address, or leave out `vergesamarbeid`",
            );
        }
        vergesamarbeid::parse(&mut c, v)
    });
    let oppdragsbeskrivelse = f
        .oppdragsbeskrivelse
        .as_ref()
        .map(|o| oppdrag::parse(&mut c, o));
    let last_aftercare_day = parse_date(&f.ungdom.fodselsdato)
        .and_then(|d| age_dates(d, 6))
        .map(|a| a.ettervern_siste_dag);
    let samtykker = f
        .samtykker
        .as_ref()
        .map(|s| samtykke::parse(&mut c, s, last_aftercare_day));
    let frivilligavtale = f
        .frivilligavtale
        .as_ref()
        .map(|v| frivillig::parse(&mut c, &people, v));
    let assignees = oppdragstaker::parse(&mut c, &people, &f.oppdragstakere);
    let tilvisninger = f.tilvisninger.as_ref().map(|t| {
        let parsed = tilvisning::parse(&mut c, &people, t);
        for (i, r) in parsed.letters.iter().enumerate() {
            if let Some(at) = &r.consent_at {
                let field = format!("tilvisninger.brev[{i}].samtykke_ref");
                tilvisning::check_consent_ref(&mut c, at, &field, samtykker.as_ref());
            }
        }
        parsed
    });
    // A følgebrev's copy sent on consent may name a consent form too.
    for (i, k) in f
        .folgebrev
        .iter()
        .flat_map(|fb| fb.kopi_til.iter())
        .enumerate()
    {
        if let (Some(g), Some(r)) = (&k.grunnlag, &k.samtykke_ref)
            && g.value == "samtykke"
        {
            let at = located::Located {
                value: r.value.clone(),
                loc: r.loc,
            };
            let field = format!("folgebrev.kopi_til[{i}].samtykke_ref");
            tilvisning::check_consent_ref(&mut c, &at, &field, samtykker.as_ref());
        }
    }
    let ettervernsvedtak = f.ettervernsvedtak.as_ref().map(|v| {
        let parsed = ettervern::parse(&mut c, &people, v, last_aftercare_day);
        ettervern::check_consent(&mut c, &parsed, samtykker.as_ref(), v);
        parsed
    });
    let ettervern_avslatt = f
        .ettervern_avslatt
        .as_ref()
        .map(|d| ettervern::parse_declined(&mut c, d));
    c.finish(Case {
        source: source.to_owned(),
        profile_path,
        reference,
        youth,
        guardian,
        staff,
        saerkontakt,
        caseworker,
        settlement,
        overgangsmote,
        velkomstbrev,
        tiltaksplan,
        evaluering,
        folgebrev,
        askerguiden,
        utflyttingsplan,
        arbeidspraksis,
        samtykker,
        frivilligavtale,
        assignees,
        tilvisninger,
        ettervernsvedtak,
        ettervern_avslatt,
        bosettingsplan,
        helseplan,
        vergesamarbeid,
        oppdragsbeskrivelse,
    })
}
