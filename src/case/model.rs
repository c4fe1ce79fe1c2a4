//! The case file and the municipality profile as they are written in YAML.
//!
//! The structs mirror the YAML one to one (Norwegian keys, unknown keys
//! rejected). Every leaf keeps its location so that validation can point at
//! it. Domain words: *ungdom* (the youth), *verge* (guardian appointed for an
//! unaccompanied minor), *særkontakt* (the youth's key worker in the shared
//! housing), *saksbehandler* (caseworker), *bofellesskap* (staffed shared
//! housing), *velkomstbrev* (welcome letter), *målform* (bokmål or nynorsk).

use serde::{Deserialize, Serialize};

use super::located::Text;

/// A postal address; `postnr` keeps its leading zero.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number, or «Postboks 4».
    pub linje1: Text,
    /// Optional second line (c/o, building, floor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linje2: Option<Text>,
    /// Four-digit postcode, as text.
    pub postnr: Text,
    /// Post town.
    pub poststed: Text,
}

/// The confidentiality marking printed on every document, with its legal
/// reference as data (laws get renumbered).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Confidentiality {
    /// «Unntatt offentlighet» / «Unnateke offentlegheit».
    pub merking: Text,
    /// «offl. § 13 jf. bvl. § 13-1».
    pub hjemmel: Text,
}

/// An emergency or service phone number listed in letters.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneNumber {
    /// The number as dialled («113», «116 117»).
    pub nummer: Text,
    /// What it is for («Ambulanse»).
    pub tjeneste: Text,
}

/// A municipality profile: letterhead, addresses and legal wording.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// «Asker kommune».
    pub kommune: Text,
    /// «Barnevernstjenesten».
    pub enhet: Text,
    /// Optional sub-unit shown under the unit in the letterhead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avdeling: Option<Text>,
    /// `nb` or `nn`.
    #[serde(rename = "målform", alias = "malform")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse_ved_adressebeskyttelse: Option<Address>,
    /// The move-out timeline: steps relative to the move date. Default:
    /// T−6 months dialogue, T−3 housing search, T−1 contract and economy,
    /// the move, T+1 week visit, T+3 months evaluation.
    #[serde(default)]
    pub utflytting_tidslinje: Vec<TimelineStep>,
    /// Standing offers for the youths (homework help, trips, work
    /// practice), listed in the welcome letter.
    #[serde(default)]
    pub faste_tilbud: Vec<Offer>,
    /// The municipality's pay for work practice («120 kr per time»);
    /// required for a praksisavtale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub praksis_lonn: Option<Text>,
    /// The titles of the Askerguiden's ten chapters, in order (data, so a
    /// municipality can rename them); required for the protocol.
    #[serde(default)]
    pub askerguiden_kapitler: Vec<Text>,
}

fn default_true() -> bool {
    true
}

/// A language the youth speaks.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Leisure {
    /// «Hva vil du?»: what the youth wants to do, in their own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onsker: Option<Text>,
    /// Activities the youth takes part in.
    #[serde(default)]
    pub aktiviteter: Vec<Text>,
    /// People and groups in the youth's network (friends, mentors, clubs).
    #[serde(default)]
    pub kontakter: Vec<Text>,
}

/// A standing offer of the municipality, in both målformer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// In bokmål.
    pub nb: Text,
    /// In nynorsk.
    pub nn: Text,
}

/// The youth the case is about.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Youth {
    /// Given name(s) as registered.
    pub fornavn: Text,
    /// Family name as registered.
    pub etternavn: Text,
    /// The name in the youth's own script, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navn_originalskrift: Option<Text>,
    /// Registered date of birth (`2009-06-15` or `15.06.2009`).
    pub fodselsdato: Text,
    /// Fødselsnummer, optional (never printed in letters).
    #[serde(default, skip_serializing)]
    pub fodselsnummer: Option<Text>,
    /// D-nummer, optional (never printed in letters).
    #[serde(default, skip_serializing)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fritid: Option<Leisure>,
    /// Address protection from the population register: `fortrolig` or
    /// `strengt_fortrolig`. A protected address is never printed; letters
    /// go to the profile's `adresse_ved_adressebeskyttelse`.
    #[serde(default, skip_serializing)]
    pub adressebeskyttelse: Option<Text>,
}

/// The guardian (verge) appointed for the minor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guardian {
    /// Full name.
    pub navn: Text,
    /// Postal address.
    pub adresse: Address,
    /// Phone, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<Text>,
    /// E-mail, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epost: Option<Text>,
    /// Address protection, as for the youth.
    #[serde(default, skip_serializing)]
    pub adressebeskyttelse: Option<Text>,
}

/// A member of staff referred to by `id` elsewhere in the case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    /// Short id used for references (`sm`, `hf`).
    pub id: Text,
    /// Full name.
    pub navn: Text,
    /// Title as printed under the signature («særkontakt»).
    pub tittel: Text,
    /// Phone, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<Text>,
    /// E-mail, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epost: Option<Text>,
}

/// A staffed shared home (bofellesskap).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Home {
    /// Name of the home.
    pub navn: Text,
    /// Address of the home.
    pub adresse: Address,
    /// Phone to the staff on duty, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<Text>,
}

/// The settlement in the municipality.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settlement {
    /// Settlement (moving-in) date.
    pub dato: Text,
    /// The home the youth moves into.
    pub bofellesskap: Home,
}

/// One item of the first weeks' checklist in the welcome letter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FirstWeeksItem {
    /// What happens.
    pub hva: Text,
    /// When, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// Staff id of who is responsible, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig: Option<Text>,
}

/// The welcome letter's own data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Velkomstbrev {
    /// Letter date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// Our reference; defaults to the case number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub var_ref: Option<Text>,
    /// The recipient's reference, optional.
    #[serde(default, alias = "dykkar_ref", skip_serializing_if = "Option::is_none")]
    pub deres_ref: Option<Text>,
    /// Arrival time on moving day («kl. 12.00»).
    pub ankomst: Text,
    /// Where the youth is met («Asker stasjon»).
    pub motested: Text,
    /// Staff ids of who meets the youth.
    pub mottas_av: Vec<Text>,
    /// The youth's room, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rom: Option<Text>,
    /// What to bring, optional list.
    #[serde(default)]
    pub ta_med: Vec<Text>,
    /// The first weeks' checklist.
    #[serde(default)]
    pub forste_uker: Vec<FirstWeeksItem>,
    /// Whether the house rules are enclosed.
    #[serde(default)]
    pub husregler_vedlagt: bool,
    /// Further enclosures.
    #[serde(default)]
    pub vedlegg: Vec<Text>,
    /// Staff id of who signs; defaults to the særkontakt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatur: Option<Text>,
    /// Send a copy to the guardian (default true when there is one).
    #[serde(default = "default_true")]
    pub kopi_til_verge: bool,
}

/// The decision (vedtak) a plan is made under.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vedtak {
    /// The decision's reference («2025/1432-3»).
    #[serde(rename = "ref")]
    pub referanse: Text,
    /// The decision's date.
    pub dato: Text,
    /// Legal basis («bvl. § 3-1»).
    pub hjemmel: Text,
    /// The measure decided («Bolig med oppfølging (bofellesskap)»).
    pub tiltak: Text,
}

/// A plan period.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub fra: Text,
    /// Last day.
    pub til: Text,
}

/// A goal of a plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Short id measures refer to (`m1`).
    pub id: Text,
    /// The goal, measurable, in plain words.
    pub tekst: Text,
    /// When it should be reached.
    pub frist: Text,
}

/// A measure of a plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// What is done.
    pub tekst: Text,
    /// Ids of the goals it serves.
    #[serde(default)]
    pub maal: Vec<Text>,
    /// Who is responsible: a staff id, `ungdom` or `verge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig: Option<Text>,
    /// Who is responsible, when it is someone outside the case (an
    /// organisation or service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig_tekst: Option<Text>,
    /// Extent or frequency («2 x uke»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omfang: Option<Text>,
    /// Start date.
    pub start: Text,
    /// End date, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slutt: Option<Text>,
}

/// A measure another service is responsible for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OtherService {
    /// The service («Fiktiv videregående skole»).
    pub tjeneste: Text,
    /// What it does.
    pub tiltak: Text,
    /// Contact person or role, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontakt: Option<Text>,
}

/// The cooperation group (ansvarsgruppe) around the youth.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityGroup {
    /// Members (names with role or service).
    pub deltakere: Vec<Text>,
    /// How often it meets.
    pub moter: Text,
}

/// Written consent, required for an aftercare plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// When the youth consented in writing.
    pub dato: Text,
    /// Where the consent is journalled, optional.
    #[serde(default, alias = "ref", skip_serializing_if = "Option::is_none")]
    pub referanse: Option<Text>,
}

/// The institution of an institution stay.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Name of the institution.
    pub navn: Text,
    /// Contact at the institution, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontakt: Option<Text>,
}

/// A tiltaksplan (measure plan) or «min plan».
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tiltaksplan {
    /// `ordinaer` (hjelpetiltak), `institusjon` («min plan» for an
    /// institution stay) or `ettervern` («min plan» for aftercare, 18–25).
    pub variant: Text,
    /// The plan's date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// The plan period.
    pub periode: Period,
    /// The decision the plan belongs to.
    pub vedtak: Vedtak,
    /// Months between evaluations (default 3; 6 for an institution stay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluering_intervall_mnd: Option<u32>,
    /// Evaluation dates; default: the plan date + the interval.
    #[serde(default)]
    pub evalueringsdatoer: Vec<Text>,
    /// Who made the plan: `ungdom`, `verge` or staff ids.
    pub deltakere: Vec<Text>,
    /// The interpreter's language, when an interpreter took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolk: Option<Text>,
    /// Other participants, as written.
    #[serde(default)]
    pub andre_deltakere: Vec<Text>,
    /// Short background: only what the plan needs.
    pub bakgrunn: Text,
    /// «Dette er viktig for meg»: the youth's own words.
    pub viktig_for_meg: Text,
    /// The goals.
    pub maal: Vec<Goal>,
    /// The measures.
    pub tiltak: Vec<Measure>,
    /// Other services' measures.
    #[serde(default)]
    pub andre_tjenester: Vec<OtherService>,
    /// The ansvarsgruppe, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarsgruppe: Option<ResponsibilityGroup>,
    /// Written consent (required for aftercare).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samtykke: Option<Consent>,
    /// The institution (required for an institution stay).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institusjon: Option<Institution>,
    /// Staff id of the leader who approves the plan.
    pub godkjent_av: Text,
}

/// The status of one goal at an evaluation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalStatus {
    /// The goal's id in the plan.
    pub maal: Text,
    /// `oppnadd`, `delvis_oppnadd` or `ikke_oppnadd` (also `ikkje_oppnadd`).
    pub status: Text,
    /// What was seen, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<Text>,
}

/// The conclusion about one measure at an evaluation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureConclusion {
    /// The measure's number in the plan (1 for the first).
    pub tiltak: u32,
    /// `viderefore` (continue), `endre` (change) or `avslutte` (end).
    pub konklusjon: Text,
    /// Why or how, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<Text>,
}

/// A new goal set at an evaluation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewGoal {
    /// The goal.
    pub tekst: Text,
    /// When it should be reached.
    pub frist: Text,
}

/// The evaluation of the case's tiltaksplan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluering {
    /// The evaluation's date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// Who took part: `ungdom`, `verge` or staff ids.
    pub deltakere: Vec<Text>,
    /// The interpreter's language, when an interpreter took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolk: Option<Text>,
    /// Goal by goal status.
    pub maal: Vec<GoalStatus>,
    /// What works well.
    pub fungerer: Text,
    /// What works less well, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fungerer_mindre: Option<Text>,
    /// The youth's view, in their own words.
    pub ungdommens_syn: Text,
    /// A conclusion per measure.
    pub tiltak: Vec<MeasureConclusion>,
    /// New goals, optional.
    #[serde(default)]
    pub nye_maal: Vec<NewGoal>,
    /// The next evaluation; default: this evaluation's date + the plan's interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neste_evaluering: Option<Text>,
}

/// What a følgebrev refers to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RefersTo {
    /// The meeting the letter follows, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motedato: Option<Text>,
    /// The decision's reference, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vedtak_ref: Option<Text>,
    /// The decision's date (required with `vedtak_ref`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vedtak_dato: Option<Text>,
}

/// An enclosure of a følgebrev.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Enclosure {
    /// Its title («Tiltaksplan»).
    pub tittel: Text,
    /// Its date.
    pub dato: Text,
    /// The document of this case it is (`tiltaksplan` or `evaluering`), so
    /// `--med-vedlegg` can render it into the letter's PDF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dokument: Option<Text>,
}

/// A copy recipient of a følgebrev: a party of the case (`person: verge`)
/// or someone outside it (`navn` and `adresse`), always with the basis for
/// sharing (`grunnlag`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CopyRecipient {
    /// A person in the case: `verge` (or `ungdom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Text>,
    /// Name of a recipient outside the case (school, GP, NAV office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navn: Option<Text>,
    /// Their postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Address>,
    /// The basis for sending confidential information: `part` (a party in
    /// the case), `samtykke` (consent, with `samtykke_ref`) or `lov` (a legal
    /// provision, with `hjemmel`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grunnlag: Option<Text>,
    /// Where the consent is journalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samtykke_ref: Option<Text>,
    /// The legal provision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hjemmel: Option<Text>,
}

/// A følgebrev: the cover letter that sends a plan or an evaluation to
/// the parties, one letter per recipient.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Folgebrev {
    /// Letter date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// Our reference; defaults to the case number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub var_ref: Option<Text>,
    /// The subject line («Oversending av tiltaksplan»).
    pub emne: Text,
    /// The meeting and/or decision the letter refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viser_til: Option<RefersTo>,
    /// The enclosures.
    pub vedlegg: Vec<Enclosure>,
    /// The next evaluation; default: from the plan, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neste_evaluering: Option<Text>,
    /// Extra paragraphs, optional.
    #[serde(default)]
    pub avsnitt: Vec<Text>,
    /// Copy recipients; each gets their own letter.
    #[serde(default)]
    pub kopi_til: Vec<CopyRecipient>,
    /// Staff id of who signs; defaults to the caseworker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatur: Option<Text>,
}

/// The progress of one Askerguiden chapter. The program never signs: a
/// signature is recorded here after it was made on paper.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuideChapter {
    /// Chapter number, 1–10.
    pub nr: u32,
    /// When the chapter was gone through, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gjennomgatt: Option<Text>,
    /// The youth signed the paper protocol.
    #[serde(default)]
    pub signert_ungdom: bool,
    /// The særkontakt signed the paper protocol.
    #[serde(default)]
    pub signert_saerkontakt: bool,
    /// The day it was signed on paper (required when signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signert_dato: Option<Text>,
    /// When the chapter was documented in the journal (Gerica).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gerica: Option<Text>,
    /// A short comment, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<Text>,
}

/// The Askerguiden: the 10-chapter guide whose protocol the youth and the
/// særkontakt sign chapter by chapter.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Askerguiden {
    /// Print date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// When the booklet was handed out.
    pub utdelt: Text,
    /// Progress per chapter (chapters not listed have not been started).
    #[serde(default)]
    pub kapitler: Vec<GuideChapter>,
}

/// A step of the move-out timeline, relative to the move date.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

/// Something to do before or after moving, with who and its status.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// What.
    pub punkt: Text,
    /// A person in the case (`ungdom`, `verge` or a staff id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig: Option<Text>,
    /// Someone outside the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig_tekst: Option<Text>,
    /// `apen` (open), `ferdig` (done) or `ikke_aktuelt` (not relevant).
    pub status: Text,
}

/// A living skill and how far the youth has come.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// The skill («Lage enkel middag»).
    pub ferdighet: Text,
    /// `mestrer` (masters), `ovar` (practises) or `skal_lare` (to learn).
    pub status: Text,
}

/// The planned move.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// The planned moving day.
    pub dato: Text,
    /// Kind of housing («hybel», «kommunal bolig»).
    pub boligtype: Text,
    /// The new address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adresse: Option<Address>,
    /// Rent, as written («6 500 kr i måneden»), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub husleie: Option<Text>,
    /// Deposit or guarantee («NAV-garanti»), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depositum: Option<Text>,
}

/// An aftercare measure after the move.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AftercareMeasure {
    /// The measure.
    pub tiltak: Text,
    /// Extent («2 besøk i uken de første 3 månedene»), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omfang: Option<Text>,
    /// A person in the case responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig: Option<Text>,
    /// Someone outside the case responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ansvarlig_tekst: Option<Text>,
}

/// The move-out plan from shared housing into aftercare.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Utflyttingsplan {
    /// The plan's date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// Where the youth lives now.
    pub naavaerende_bolig: Text,
    /// The move.
    pub flytting: Move,
    /// Aftercare measures after the move.
    #[serde(default)]
    pub ettervernstiltak: Vec<AftercareMeasure>,
    /// Practical checklist.
    #[serde(default)]
    pub sjekkliste: Vec<ChecklistItem>,
    /// Living skills.
    #[serde(default)]
    pub ferdigheter: Vec<Skill>,
    /// Network and leisure: friends, volunteers, clubs.
    #[serde(default)]
    pub nettverk: Vec<Text>,
    /// Evaluation dates; default: the move date + 3 months.
    #[serde(default)]
    pub evalueringsdatoer: Vec<Text>,
}

/// A contact person outside the case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    pub navn: Text,
    /// Title or role, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tittel: Option<Text>,
    /// Phone, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telefon: Option<Text>,
}

/// A workplace.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Workplace {
    /// Name of the employer.
    pub navn: Text,
    /// Address.
    pub adresse: Address,
}

/// Paid work practice (seed 004): three months at a local employer, with a
/// reference letter (attest) after a successful period.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Arbeidspraksis {
    /// The agreement's date; `--date` overrides it for the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dato: Option<Text>,
    /// The workplace.
    pub arbeidsplass: Workplace,
    /// The contact person at the employer.
    pub kontakt_arbeidsgiver: Contact,
    /// Staff id of the contact person in the municipality.
    pub kontakt_kommune: Text,
    /// First day.
    pub start: Text,
    /// Last day; default: start + 3 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slutt: Option<Text>,
    /// Working hours («tirsdag og torsdag kl. 15–19»).
    pub arbeidstid: Text,
    /// Tasks.
    pub oppgaver: Vec<Text>,
    /// Who solves problems, and how; optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problemer: Option<Text>,
    /// The reference letter, once the period is over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attest: Option<Reference>,
}

/// The reference letter after work practice.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The letter's date; must be on or after the last day.
    pub dato: Text,
    /// The employer's assessment.
    pub vurdering: Text,
    /// Who signs for the employer.
    pub underskriver: Contact,
}

/// The volunteer party of a cooperation agreement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Volunteer {
    /// Name of the organisation, club or family.
    pub navn: Text,
    /// Its contact person.
    pub kontakt: Contact,
}

/// A cooperation agreement between the child-welfare service and a
/// volunteer actor (seeds 001, 004: Rotary, mentor families, sports clubs).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Samarbeidsavtale {
    /// The agreement's date; `--date` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// A case file: one youth, the people around them and the data of each
/// document kind that can be produced for them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// The municipality profile this case belongs to, as a path relative to
    /// the case file (`../kommuner/asker.yaml`); `--kommune` overrides it.
    #[serde(default, skip_serializing)]
    pub kommuneprofil: Option<Text>,
    /// The case number in the case system («2025/1432»); also names output files.
    pub saksnummer: Text,
    /// The youth.
    pub ungdom: Youth,
    /// The guardian, while the youth is a minor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verge: Option<Guardian>,
    /// Staff referred to by id.
    pub ansatte: Vec<Staff>,
    /// Staff id of the særkontakt.
    pub saerkontakt: Text,
    /// Staff id of the caseworker.
    pub saksbehandler: Text,
    /// The settlement; required by the welcome letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bosetting: Option<Settlement>,
    /// The welcome letter's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub velkomstbrev: Option<Velkomstbrev>,
    /// The measure plan's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiltaksplan: Option<Tiltaksplan>,
    /// The evaluation of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluering: Option<Evaluering>,
    /// The cover letter to the parties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folgebrev: Option<Folgebrev>,
    /// The Askerguiden protocol's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub askerguiden: Option<Askerguiden>,
    /// The move-out plan's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utflyttingsplan: Option<Utflyttingsplan>,
    /// Work practice: the agreement and the reference letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arbeidspraksis: Option<Arbeidspraksis>,
    /// A cooperation agreement with a volunteer actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samarbeidsavtale: Option<Samarbeidsavtale>,
}
