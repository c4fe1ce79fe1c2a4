//! The municipality profile: letterhead, addresses, legal wording and the
//! municipality's routines as data (the move-out timeline, the Askerguiden's
//! chapter titles, the pay for work practice).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::check::{Checker, Choice};
use super::ids;
use super::located::{Located, Text};
use super::people::{self, Address};
use super::sections::askerguiden::GUIDE_CHAPTERS;
use crate::diagnostic::Code;
use crate::error::Result;
use crate::norsk::Malform;

/// The profile as written in YAML.
pub(crate) mod raw {
    use super::*;
    use crate::case::people::raw::Address;

    /// The confidentiality marking printed on every document, with its legal
    /// reference as data (laws get renumbered).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Confidentiality {
        /// «Unntatt offentlighet» / «Unnateke offentlegheit».
        pub merking: Text,
        /// «offl. § 13 jf. bvl. § 13-1».
        pub hjemmel: Text,
    }

    /// An emergency or service phone number listed in letters.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct PhoneNumber {
        /// The number as dialled («113», «116 117»).
        pub nummer: Text,
        /// What it is for («Ambulanse»).
        pub tjeneste: Text,
    }

    /// A service the child-welfare service refers to (familievernet, PPT,
    /// BUP, Bufetat, …).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Service {
        /// A short name a referral names it by (`ppt`, `bup`).
        pub id: Text,
        /// Its name on the letter («PPT Nordhordland»).
        pub navn: Text,
        /// Its postal address.
        pub adresse: crate::case::people::raw::Address,
    }

    /// A pay rate for assignments (besøkshjem, støttekontakt, …).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Rate {
        /// A short name an assignment contract names it by.
        pub id: Text,
        /// Its name in bokmål («Støttekontakt, timesats»).
        pub nb: Text,
        /// Its name in nynorsk.
        pub nn: Text,
        /// What the rate is per: `time` (hour), `dogn` (day and night) or
        /// `maaned` (month).
        #[schemars(with = "super::RateUnit")]
        pub enhet: Text,
        /// The fee per unit in kroner («210,00»).
        pub honorar: Text,
        /// Expenses covered per unit in kroner, optional.
        #[serde(default)]
        pub utgifter: Option<Text>,
    }

    /// A text in both målformer.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Offer {
        /// In bokmål.
        pub nb: Text,
        /// In nynorsk.
        pub nn: Text,
    }

    /// A step of the move-out timeline, relative to the move date.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct TimelineStep {
        /// The step in bokmål.
        pub nb: Text,
        /// The step in nynorsk.
        pub nn: Text,
        /// Months from the move date (negative: before).
        #[serde(default)]
        pub maaneder: i32,
        /// Days from the move date, added after the months.
        #[serde(default)]
        pub dager: i32,
    }

    /// A step of the settlement routine, relative to the settlement date.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct SettlementStep {
        /// A short id, for `bosettingsplan.utfort[].steg` (`rom_klart`).
        pub id: Text,
        /// What is done, in bokmål.
        pub nb: Text,
        /// What is done, in nynorsk.
        pub nn: Text,
        /// Months from the settlement date (negative: before).
        #[serde(default)]
        pub maaneder: i32,
        /// Days from the settlement date, added after the months.
        #[serde(default)]
        pub dager: i32,
        /// Who does it: `saerkontakt`, `saksbehandler`, `verge`, `ungdom`,
        /// or another role the case names in `bosettingsplan.roller`
        /// (`miljoterapeut`, `boleder`).
        pub rolle: Text,
    }

    /// A type of housing with its settlement steps.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct HousingType {
        /// The id a case names in `bosettingsplan.boligtype`.
        pub id: Text,
        /// Its name in bokmål.
        pub nb: Text,
        /// Its name in nynorsk.
        pub nn: Text,
        /// The steps, in any order (the plan sorts them by date).
        pub steg: Vec<SettlementStep>,
    }

    /// The settlement routine (seed 000 attachment 1), per type of housing.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct SettlementRoutine {
        /// When the routine was last revised (it is evaluated at least once
        /// a year, seed 000).
        #[schemars(with = "crate::case::located::DateText")]
        pub revidert: Text,
        /// The types of housing.
        pub boligtyper: Vec<HousingType>,
    }

    /// The health follow-up routine (seed 000 attachment 2): what is booked
    /// and by whom, from the settlement date, and how the plan is marked.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct HealthRoutine {
        /// When the routine was last revised.
        #[schemars(with = "crate::case::located::DateText")]
        pub revidert: Text,
        /// The exemption marking of the health plan («Unntatt offentlighet»).
        pub merking: Text,
        /// Its legal basis («offl. § 13 jf. fvl. § 13 første ledd nr. 1»).
        pub hjemmel: Text,
        /// The steps (first health check, tuberculosis screening, …).
        pub steg: Vec<SettlementStep>,
    }

    /// The routine for cooperation with guardians (seed 000 attachment 3):
    /// who does what.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct GuardianRoutine {
        /// When the routine was last revised.
        #[schemars(with = "crate::case::located::DateText")]
        pub revidert: Text,
        /// What the guardian decides, signs and does.
        pub verge: Vec<Offer>,
        /// What the child-welfare service does.
        pub tjenesten: Vec<Offer>,
    }

    /// The særkontakt's tasks in one variant of the routine.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AssignmentTasks {
        /// How often the særkontakt is in contact with the youth.
        pub kontakt: Offer,
        /// The tasks.
        pub oppgaver: Vec<Offer>,
    }

    /// The særkontakt routine (seed 000 attachments 4 and 5).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AssignmentRoutine {
        /// When the routine was last revised.
        #[schemars(with = "crate::case::located::DateText")]
        pub revidert: Text,
        /// The journal system the særkontakt documents in («Gerica»).
        pub journalsystem: Text,
        /// For a youth in shared housing.
        pub bofellesskap: AssignmentTasks,
        /// For a youth in aftercare.
        pub ettervern: AssignmentTasks,
    }

    /// A municipality profile: letterhead, addresses and legal wording.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Profile {
        /// «Asker kommune».
        pub kommune: Text,
        /// «Barnevernstjenesten».
        pub enhet: Text,
        /// Optional sub-unit shown under the unit in the letterhead.
        #[serde(default)]
        pub avdeling: Option<Text>,
        /// `nb` (bokmål) or `nn` (nynorsk): labels, dates and text follow it.
        #[serde(rename = "målform", alias = "malform")]
        #[schemars(with = "Malform")]
        pub malform: Text,
        /// Organisation number (9 digits, mod-11 checked).
        pub org_nr: Text,
        /// Postal address.
        pub postadresse: Address,
        /// Visiting address.
        pub besoksadresse: Address,
        /// Switchboard phone.
        pub telefon: Text,
        /// Official e-mail.
        pub epost: Text,
        /// Web site, optional.
        #[serde(default)]
        pub nettside: Option<Text>,
        /// The confidentiality marking.
        pub taushetsplikt: Confidentiality,
        /// Post town in capitals in address blocks («1384 ASKER»); default true.
        #[serde(default = "default_true")]
        pub poststed_versaler: bool,
        /// Phone numbers listed in letters (emergency, child-welfare on call).
        #[serde(default)]
        pub nodnumre: Vec<PhoneNumber>,
        /// Where letters to a person with a protected address are sent (the
        /// service forwards them); required when such a person gets a letter.
        #[serde(default)]
        pub adresse_ved_adressebeskyttelse: Option<Address>,
        /// The move-out timeline: steps relative to the move date. Default:
        /// T−6 months a talk about the move, T−3 housing search, T−1 contract and economy,
        /// the move, T+1 week visit, T+3 months evaluation.
        #[serde(default)]
        pub utflytting_tidslinje: Vec<TimelineStep>,
        /// Standing offers for the youths (homework help, trips, work
        /// practice), listed in the welcome letter.
        #[serde(default)]
        pub faste_tilbud: Vec<Offer>,
        /// The municipality's pay for work practice («120 kr per time»);
        /// required for a praksisavtale.
        #[serde(default)]
        pub praksis_lonn: Option<Text>,
        /// The titles of the Askerguiden's ten chapters, in order (data, so a
        /// municipality can rename them); required for the protocol.
        #[serde(default)]
        pub askerguiden_kapitler: Vec<Text>,
        /// How many months before the 18th birthday the aftercare dialogue
        /// must be held at the latest (the municipality's own rule; the law
        /// and Alver's routine say at least six). Default 6; 1 to 24.
        #[serde(default)]
        pub ettervern_samtale_maaneder: Option<Located<u32>>,
        /// Whether the municipality requires a police certificate
        /// (politiattest) of volunteers who work with the youths; a
        /// samarbeidsavtale then says so. Default false.
        #[serde(default)]
        pub politiattest_frivillige: bool,
        /// The settlement routine per type of housing; required for a
        /// bosettingsplan.
        #[serde(default)]
        pub bosetting_rutine: Option<SettlementRoutine>,
        /// The health follow-up routine; required for a helseplan.
        #[serde(default)]
        pub helse_rutine: Option<HealthRoutine>,
        /// The routine for cooperation with guardians; required for a
        /// vergesamarbeid.
        #[serde(default)]
        pub verge_rutine: Option<GuardianRoutine>,
        /// The særkontakt routine; required for an oppdragsbeskrivelse.
        #[serde(default)]
        pub saerkontakt_rutine: Option<AssignmentRoutine>,
        /// The legal text blocks of decision letters, in versions: a
        /// decision uses the one in force on its date. Required for an
        /// ettervernsvedtak.
        #[serde(default)]
        pub vedtakstekster: Vec<crate::case::decision_texts::raw::Version>,
        /// The services a referral (tilvisning) can go to, with their
        /// addresses.
        #[serde(default)]
        pub tjenester: Vec<Service>,
        /// The pay and expense rates of assignments (oppdragsavtale,
        /// lønnsmelding).
        #[serde(default)]
        pub oppdragssatser: Vec<Rate>,
    }

    fn default_true() -> bool {
        true
    }
}

impl Choice for Malform {
    const NAMES: &'static [(&'static str, Self)] = &[("nb", Self::Bokmal), ("nn", Self::Nynorsk)];
}

super::located::choice_schema!(
    Malform,
    "The written standard: nb (bokmål) or nn (nynorsk)."
);

/// A text in both målformer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    /// In bokmål.
    pub nb: String,
    /// In nynorsk.
    pub nn: String,
}

impl Bilingual {
    /// The text in `malform`.
    pub fn get(&self, malform: Malform) -> &str {
        match malform {
            Malform::Bokmal => &self.nb,
            Malform::Nynorsk => &self.nn,
        }
    }
}

/// An emergency or service phone number.
#[derive(Debug, Clone)]
pub struct PhoneNumber {
    /// `nummer`.
    pub number: String,
    /// `tjeneste`.
    pub service: String,
}

/// A step of the move-out timeline.
#[derive(Debug, Clone)]
pub struct TimelineStep {
    /// The step's name.
    pub label: Bilingual,
    /// Months from the move date (negative: before).
    pub months: i32,
    /// Days from the move date, added after the months.
    pub days: i32,
}

/// The default move-out timeline (domain.md §3.5): (bokmål, nynorsk,
/// months, days) relative to the move date.
const DEFAULT_TIMELINE: &[(&str, &str, i32, i32)] = &[
    // The aftercare dialogue has its own date, from the 18th birthday
    // (the plan's «Ettervern og 18 år»); this step is about the move.
    ("Samtale om flyttingen", "Samtale om flyttinga", -6, 0),
    ("Lete etter bolig", "Leite etter bustad", -3, 0),
    (
        "Leiekontrakt, depositum og budsjett klart",
        "Leigekontrakt, depositum og budsjett klart",
        -1,
        0,
    ),
    ("Flyttedag", "Flyttedag", 0, 0),
    (
        "Oppfølgingsbesøk i ny bolig",
        "Oppfølgingsbesøk i ny bustad",
        0,
        7,
    ),
    ("Evaluering av planen", "Evaluering av planen", 3, 0),
];

/// A step of the settlement routine.
#[derive(Debug, Clone)]
pub struct SettlementStep {
    /// `id`.
    pub id: String,
    /// What is done.
    pub label: Bilingual,
    /// Months from the settlement date (negative: before).
    pub months: i32,
    /// Days from the settlement date, added after the months.
    pub days: i32,
    /// `rolle`, with where the profile says it.
    pub role: Located<String>,
}

/// A type of housing with its steps.
#[derive(Debug, Clone)]
pub struct HousingType {
    /// `id`.
    pub id: String,
    /// Its name.
    pub name: Bilingual,
    /// `steg`.
    pub steps: Vec<SettlementStep>,
}

/// The settlement routine.
#[derive(Debug, Clone)]
pub struct SettlementRoutine {
    /// `revidert`.
    pub revised: NaiveDate,
    /// Where `revidert` is written.
    pub revised_at: Option<crate::diagnostic::Loc>,
    /// `boligtyper`.
    pub housing: Vec<HousingType>,
}

impl SettlementRoutine {
    /// The day the routine is due for its yearly evaluation.
    pub fn review_due(&self) -> NaiveDate {
        crate::norsk::add_months(self.revised, 12).unwrap_or(self.revised)
    }
}

/// The health follow-up routine.
#[derive(Debug, Clone)]
pub struct HealthRoutine {
    /// `revidert`.
    pub revised: NaiveDate,
    /// Where `revidert` is written.
    pub revised_at: Option<crate::diagnostic::Loc>,
    /// `merking`.
    pub marking: String,
    /// `hjemmel`.
    pub basis: String,
    /// `steg`.
    pub steps: Vec<SettlementStep>,
}

impl HealthRoutine {
    /// The day the routine is due for its yearly evaluation.
    pub fn review_due(&self) -> NaiveDate {
        crate::norsk::add_months(self.revised, 12).unwrap_or(self.revised)
    }
}

/// The routine for cooperation with guardians.
#[derive(Debug, Clone)]
pub struct GuardianRoutine {
    /// `revidert`.
    pub revised: NaiveDate,
    /// Where `revidert` is written.
    pub revised_at: Option<crate::diagnostic::Loc>,
    /// `verge`: the guardian's tasks.
    pub guardian: Vec<Bilingual>,
    /// `tjenesten`: the service's tasks.
    pub service: Vec<Bilingual>,
}

impl GuardianRoutine {
    /// The day the routine is due for its yearly evaluation.
    pub fn review_due(&self) -> NaiveDate {
        crate::norsk::add_months(self.revised, 12).unwrap_or(self.revised)
    }
}

/// The særkontakt's tasks in one variant.
#[derive(Debug, Clone)]
pub struct AssignmentTasks {
    /// `kontakt`: how often.
    pub contact: Bilingual,
    /// `oppgaver`.
    pub tasks: Vec<Bilingual>,
}

/// The særkontakt routine.
#[derive(Debug, Clone)]
pub struct AssignmentRoutine {
    /// `revidert`.
    pub revised: NaiveDate,
    /// Where `revidert` is written.
    pub revised_at: Option<crate::diagnostic::Loc>,
    /// `journalsystem`.
    pub journal_system: String,
    /// `bofellesskap`.
    pub shared_housing: AssignmentTasks,
    /// `ettervern`.
    pub aftercare: AssignmentTasks,
}

impl AssignmentRoutine {
    /// The day the routine is due for its yearly evaluation.
    pub fn review_due(&self) -> NaiveDate {
        crate::norsk::add_months(self.revised, 12).unwrap_or(self.revised)
    }
}

/// A validated municipality profile.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// The file name used in diagnostics.
    pub source: String,
    /// `kommune`: «Asker kommune».
    pub name: String,
    /// `enhet`: «Barnevernstjenesten».
    pub unit: String,
    /// `avdeling`.
    pub department: Option<String>,
    /// `målform`: the written standard of every document.
    pub malform: Malform,
    /// `org_nr`, as bare digits.
    pub org_nr: String,
    /// `postadresse`.
    pub postal_address: Address,
    /// `besoksadresse`.
    pub visiting_address: Address,
    /// `telefon`.
    pub phone: String,
    /// `epost`.
    pub email: String,
    /// `nettside`.
    pub website: Option<String>,
    /// `taushetsplikt.merking`: «Unntatt offentlighet».
    pub confidentiality_marking: String,
    /// `taushetsplikt.hjemmel`: «offl. § 13 jf. bvl. § 13-1».
    pub confidentiality_basis: String,
    /// `poststed_versaler`: post towns in capitals in address blocks.
    pub town_in_capitals: bool,
    /// `nodnumre`.
    pub emergency_numbers: Vec<PhoneNumber>,
    /// `adresse_ved_adressebeskyttelse`: where letters to a person with a
    /// protected address go.
    pub protected_delivery: Option<Address>,
    /// `utflytting_tidslinje`, or the default timeline.
    pub move_timeline: Vec<TimelineStep>,
    /// `faste_tilbud`.
    pub standing_offers: Vec<Bilingual>,
    /// `praksis_lonn`.
    pub practice_pay: Option<String>,
    /// `askerguiden_kapitler`: none, or the ten titles in order.
    pub guide_chapters: Vec<String>,
    /// `ettervern_samtale_maaneder`: the aftercare dialogue is held at the
    /// latest this many months before the 18th birthday.
    pub aftercare_dialogue_months: u32,
    /// `politiattest_frivillige`: volunteers with the youths show a police
    /// certificate.
    pub police_certificate: bool,
    /// `bosetting_rutine`.
    pub settlement_routine: Option<SettlementRoutine>,
    /// `helse_rutine`.
    pub health_routine: Option<HealthRoutine>,
    /// `verge_rutine`.
    pub guardian_routine: Option<GuardianRoutine>,
    /// `saerkontakt_rutine`.
    pub assignment_routine: Option<AssignmentRoutine>,
    /// `vedtakstekster`: every version, as written.
    pub decision_texts: Vec<crate::case::decision_texts::DecisionTexts>,
    /// `tjenester`: where referrals go.
    pub services: Vec<Service>,
    /// `oppdragssatser`: the rates of assignments.
    pub rates: Vec<Rate>,
}

/// What a rate is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateUnit {
    /// An hour.
    Time,
    /// A day and night (døgn).
    Dogn,
    /// A month.
    Maaned,
}

impl Choice for RateUnit {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("time", Self::Time),
        ("dogn", Self::Dogn),
        ("maaned", Self::Maaned),
    ];
}

super::located::choice_schema!(
    RateUnit,
    "time (hour), dogn (day and night) or maaned (month)"
);

impl RateUnit {
    /// The unit, singular and plural, in a målform («time», «timar»).
    pub fn words(self, malform: Malform) -> (&'static str, &'static str) {
        match (self, malform) {
            (Self::Time, Malform::Bokmal) => ("time", "timer"),
            (Self::Time, Malform::Nynorsk) => ("time", "timar"),
            (Self::Dogn, _) => ("døgn", "døgn"),
            (Self::Maaned, Malform::Bokmal) => ("måned", "måneder"),
            (Self::Maaned, Malform::Nynorsk) => ("månad", "månader"),
        }
    }
}

/// A rate of assignments.
#[derive(Debug, Clone)]
pub struct Rate {
    /// `id`.
    pub id: String,
    /// `nb`, `nn`.
    pub name: Bilingual,
    /// `enhet`.
    pub unit: RateUnit,
    /// `honorar`, in øre.
    pub fee: i64,
    /// `utgifter`, in øre.
    pub expenses: Option<i64>,
}

impl Municipality {
    /// The rate with an id.
    pub fn rate(&self, id: &str) -> Option<&Rate> {
        self.rates.iter().find(|r| r.id == id)
    }
}

/// A service referrals go to.
#[derive(Debug, Clone)]
pub struct Service {
    /// `id`.
    pub id: String,
    /// `navn`.
    pub name: String,
    /// `adresse`.
    pub address: Address,
}

impl Municipality {
    /// The service with an id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }
}

impl Municipality {
    /// Whether the profile is in nynorsk.
    pub fn nynorsk(&self) -> bool {
        self.malform == Malform::Nynorsk
    }
}

/// Validates a profile.
pub(crate) fn parse(p: raw::Profile, source: &str) -> Result<Municipality> {
    let mut c = Checker::new(source);
    let name = c.text(&p.kommune, "kommune");
    let unit = c.text(&p.enhet, "enhet");
    let department = c.opt_text(p.avdeling.as_ref(), "avdeling");
    let malform = c
        .choice(
            &p.malform,
            "målform",
            "målform",
            "allowed values: nb (bokmål), nn (nynorsk)",
        )
        .unwrap_or(Malform::Bokmal);
    let org_nr = match ids::validate_org_nr(&p.org_nr) {
        Ok(bare) => bare,
        Err(e) => {
            c.error(
                Code::InvalidNumber,
                &p.org_nr,
                "org_nr",
                format!("invalid organisasjonsnummer: {e}"),
                "copy the number from Brønnøysundregistrene",
            );
            String::new()
        }
    };
    let postal_address = people::address(&mut c, &p.postadresse, "postadresse");
    let visiting_address = people::address(&mut c, &p.besoksadresse, "besoksadresse");
    let phone = c.text(&p.telefon, "telefon");
    let email = c.text(&p.epost, "epost");
    let website = c.opt_text(p.nettside.as_ref(), "nettside");
    let confidentiality_marking = c.text(&p.taushetsplikt.merking, "taushetsplikt.merking");
    let confidentiality_basis = c.text(&p.taushetsplikt.hjemmel, "taushetsplikt.hjemmel");
    let protected_delivery = p
        .adresse_ved_adressebeskyttelse
        .as_ref()
        .map(|a| people::address(&mut c, a, "adresse_ved_adressebeskyttelse"));
    let practice_pay = c.opt_text(p.praksis_lonn.as_ref(), "praksis_lonn");
    let bilingual = |c: &mut Checker, nb: &Text, nn: &Text, field: &str| Bilingual {
        nb: c.text(nb, &format!("{field}.nb")),
        nn: c.text(nn, &format!("{field}.nn")),
    };
    let standing_offers = p
        .faste_tilbud
        .iter()
        .enumerate()
        .map(|(i, o)| bilingual(&mut c, &o.nb, &o.nn, &format!("faste_tilbud[{i}]")))
        .collect();
    let mut move_timeline: Vec<TimelineStep> = p
        .utflytting_tidslinje
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // Offsets of ten years at most: a plan's dates stay in range.
            for (name, value, max) in [("maaneder", s.maaneder, 120), ("dager", s.dager, 3660)] {
                if value.abs() > max {
                    c.error(
                        Code::DateOrder,
                        &s.nb,
                        &format!("utflytting_tidslinje[{i}].{name}"),
                        format!("the step is more than {max} {name} from the move"),
                        "a move-out step lies within ten years of the move",
                    );
                }
            }
            TimelineStep {
                label: bilingual(&mut c, &s.nb, &s.nn, &format!("utflytting_tidslinje[{i}]")),
                months: s.maaneder,
                days: s.dager,
            }
        })
        .collect();
    if move_timeline.is_empty() {
        move_timeline = DEFAULT_TIMELINE
            .iter()
            .map(|(nb, nn, months, days)| TimelineStep {
                label: Bilingual {
                    nb: (*nb).to_owned(),
                    nn: (*nn).to_owned(),
                },
                months: *months,
                days: *days,
            })
            .collect();
    }
    let aftercare_dialogue_months = match &p.ettervern_samtale_maaneder {
        None => crate::deadlines::AFTERCARE_DIALOGUE_MONTHS,
        Some(m) if (1..=24).contains(&m.value) => m.value,
        Some(m) => {
            c.error(
                Code::Limit,
                &Text { value: String::new(), loc: m.loc },
                "ettervern_samtale_maaneder",
                format!("{} months before the 18th birthday is outside 1–24", m.value),
                "the aftercare dialogue is held at least six months before the youth turns 18: write a number of months from 1 to 24",
            );
            crate::deadlines::AFTERCARE_DIALOGUE_MONTHS
        }
    };
    let guide_chapters = c.texts(&p.askerguiden_kapitler, "askerguiden_kapitler");
    if !p.askerguiden_kapitler.is_empty() && p.askerguiden_kapitler.len() != GUIDE_CHAPTERS {
        c.error(
            Code::Inconsistent,
            &p.askerguiden_kapitler[0],
            "askerguiden_kapitler",
            format!(
                "the Askerguiden has {GUIDE_CHAPTERS} chapters, the profile lists {}",
                p.askerguiden_kapitler.len()
            ),
            "list the ten chapter titles in order",
        );
    }
    let emergency_numbers = p
        .nodnumre
        .iter()
        .enumerate()
        .map(|(i, n)| PhoneNumber {
            number: c.text(&n.nummer, &format!("nodnumre[{i}].nummer")),
            service: c.text(&n.tjeneste, &format!("nodnumre[{i}].tjeneste")),
        })
        .collect();
    let settlement_routine = p
        .bosetting_rutine
        .as_ref()
        .map(|r| settlement_routine(&mut c, r));
    let guardian_routine = p.verge_rutine.as_ref().map(|r| GuardianRoutine {
        revised: c
            .date(&r.revidert, "verge_rutine.revidert")
            .unwrap_or_default(),
        revised_at: r.revidert.loc,
        guardian: r
            .verge
            .iter()
            .enumerate()
            .map(|(i, o)| bilingual(&mut c, &o.nb, &o.nn, &format!("verge_rutine.verge[{i}]")))
            .collect(),
        service: r
            .tjenesten
            .iter()
            .enumerate()
            .map(|(i, o)| {
                bilingual(
                    &mut c,
                    &o.nb,
                    &o.nn,
                    &format!("verge_rutine.tjenesten[{i}]"),
                )
            })
            .collect(),
    });
    let tasks = |c: &mut Checker, t: &raw::AssignmentTasks, f: &str| AssignmentTasks {
        contact: bilingual(c, &t.kontakt.nb, &t.kontakt.nn, &format!("{f}.kontakt")),
        tasks: t
            .oppgaver
            .iter()
            .enumerate()
            .map(|(i, o)| bilingual(c, &o.nb, &o.nn, &format!("{f}.oppgaver[{i}]")))
            .collect(),
    };
    let assignment_routine = p.saerkontakt_rutine.as_ref().map(|r| AssignmentRoutine {
        revised: c
            .date(&r.revidert, "saerkontakt_rutine.revidert")
            .unwrap_or_default(),
        revised_at: r.revidert.loc,
        journal_system: c.text(&r.journalsystem, "saerkontakt_rutine.journalsystem"),
        shared_housing: tasks(&mut c, &r.bofellesskap, "saerkontakt_rutine.bofellesskap"),
        aftercare: tasks(&mut c, &r.ettervern, "saerkontakt_rutine.ettervern"),
    });
    let health_routine = p.helse_rutine.as_ref().map(|r| HealthRoutine {
        revised: c
            .date(&r.revidert, "helse_rutine.revidert")
            .unwrap_or_default(),
        revised_at: r.revidert.loc,
        marking: c.text(&r.merking, "helse_rutine.merking"),
        basis: c.text(&r.hjemmel, "helse_rutine.hjemmel"),
        steps: routine_steps(&mut c, &r.steg, "helse_rutine"),
    });
    let decision_texts = crate::case::decision_texts::parse(&mut c, &p.vedtakstekster);
    let mut services: Vec<Service> = Vec::new();
    for (i, t) in p.tjenester.iter().enumerate() {
        let f = format!("tjenester[{i}]");
        let id = c.short_id(&t.id, &format!("{f}.id"), "a service's id", "ppt");
        if services.iter().any(|s| s.id == id) {
            c.error(
                Code::Duplicate,
                &t.id,
                &format!("{f}.id"),
                format!("two services have the id `{id}`"),
                "give every service its own id",
            );
        }
        services.push(Service {
            id,
            name: c.text(&t.navn, &format!("{f}.navn")),
            address: people::address(&mut c, &t.adresse, &format!("{f}.adresse")),
        });
    }
    let mut rates: Vec<Rate> = Vec::new();
    for (i, r) in p.oppdragssatser.iter().enumerate() {
        let f = format!("oppdragssatser[{i}]");
        let id = c.text(&r.id, &format!("{f}.id"));
        if rates.iter().any(|o| o.id == id) {
            c.error(
                Code::Duplicate,
                &r.id,
                &format!("{f}.id"),
                format!("two rates have the id `{id}`"),
                "give every rate its own id",
            );
        }
        let name = bilingual(&mut c, &r.nb, &r.nn, &f);
        let unit = c.choice(
            &r.enhet,
            &format!("{f}.enhet"),
            "unit",
            "write `time`, `dogn` or `maaned`",
        );
        let amount = |c: &mut Checker, t: &Text, field: &str| {
            c.chars(t, field);
            let v = crate::norsk::parse_kroner(t);
            if v.is_none() {
                c.error(
                    Code::InvalidNumber,
                    t,
                    field,
                    "not an amount in kroner",
                    "write it as 210 or 210,50 (kroner, at most two decimals)",
                );
            }
            v.unwrap_or_default()
        };
        let fee = amount(&mut c, &r.honorar, &format!("{f}.honorar"));
        let expenses = r
            .utgifter
            .as_ref()
            .map(|t| amount(&mut c, t, &format!("{f}.utgifter")));
        rates.push(Rate {
            id,
            name,
            unit: unit.unwrap_or(RateUnit::Time),
            fee,
            expenses,
        });
    }
    c.finish(Municipality {
        source: source.to_owned(),
        name,
        unit,
        department,
        malform,
        org_nr,
        postal_address,
        visiting_address,
        phone,
        email,
        website,
        confidentiality_marking,
        confidentiality_basis,
        town_in_capitals: p.poststed_versaler,
        emergency_numbers,
        protected_delivery,
        move_timeline,
        standing_offers,
        practice_pay,
        guide_chapters,
        aftercare_dialogue_months,
        police_certificate: p.politiattest_frivillige,
        settlement_routine,
        health_routine,
        guardian_routine,
        assignment_routine,
        decision_texts,
        services,
        rates,
    })
}

/// Checks the settlement routine: a revision date, unique ids, offsets
/// within ten years.
fn settlement_routine(c: &mut Checker, r: &raw::SettlementRoutine) -> SettlementRoutine {
    let f = "bosetting_rutine";
    let revised = c
        .date(&r.revidert, &format!("{f}.revidert"))
        .unwrap_or_default();
    let mut housing_ids = std::collections::HashSet::new();
    let housing = r
        .boligtyper
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let hf = format!("{f}.boligtyper[{i}]");
            let id = c.text(&h.id, &format!("{hf}.id"));
            if !housing_ids.insert(id.clone()) {
                c.error(
                    Code::Inconsistent,
                    &h.id,
                    &format!("{hf}.id"),
                    format!("the housing type `{id}` is listed twice"),
                    "give every type of housing its own id",
                );
            }
            let steps = routine_steps(c, &h.steg, &hf);
            HousingType {
                id,
                name: Bilingual {
                    nb: c.text(&h.nb, &format!("{hf}.nb")),
                    nn: c.text(&h.nn, &format!("{hf}.nn")),
                },
                steps,
            }
        })
        .collect();
    SettlementRoutine {
        revised,
        revised_at: r.revidert.loc,
        housing,
    }
}

/// The steps of a routine at `field`: unique ids, offsets within ten years.
fn routine_steps(
    c: &mut Checker,
    steps: &[raw::SettlementStep],
    field: &str,
) -> Vec<SettlementStep> {
    let mut step_ids = std::collections::HashSet::new();
    steps
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let sf = format!("{field}.steg[{j}]");
            let id = c.text(&s.id, &format!("{sf}.id"));
            if !step_ids.insert(id.clone()) {
                c.error(
                    Code::Inconsistent,
                    &s.id,
                    &format!("{sf}.id"),
                    format!("the step id `{id}` is used twice in this routine"),
                    "give every step its own id",
                );
            }
            for (name, value, max) in [("maaneder", s.maaneder, 120), ("dager", s.dager, 3660)] {
                if value.abs() > max {
                    c.error(
                        Code::DateOrder,
                        &s.id,
                        &format!("{sf}.{name}"),
                        format!("the step is more than {max} {name} from the settlement"),
                        "a routine's step lies within ten years of the settlement",
                    );
                }
            }
            SettlementStep {
                id,
                label: Bilingual {
                    nb: c.text(&s.nb, &format!("{sf}.nb")),
                    nn: c.text(&s.nn, &format!("{sf}.nn")),
                },
                months: s.maaneder,
                days: s.dager,
                role: Located {
                    value: c.text(&s.rolle, &format!("{sf}.rolle")),
                    loc: s.rolle.loc,
                },
            }
        })
        .collect()
}
