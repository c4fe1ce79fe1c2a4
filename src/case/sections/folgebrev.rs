//! The følgebrev's section: the cover letter that sends a plan or an
//! evaluation to the parties, one letter per recipient (domain.md §3.3,
//! §12.3, seed 002), and the basis for every copy.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::Case;
use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{self, Address, People, StaffId};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::people::raw::Address;

    /// What a følgebrev refers to.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct RefersTo {
        /// The meeting the letter follows, optional.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub motedato: Option<Text>,
        /// The decision's reference, optional.
        #[serde(default)]
        pub vedtak_ref: Option<Text>,
        /// The decision's date (required with `vedtak_ref`).
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub vedtak_dato: Option<Text>,
    }

    /// An enclosure of a følgebrev.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Enclosure {
        /// Its title («Tiltaksplan»).
        pub tittel: Text,
        /// Its date.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// The document of this case it is (`tiltaksplan` or `evaluering`),
        /// so that it can be put into the letter's PDF after the letter.
        #[serde(default)]
        #[schemars(with = "Option<super::EnclosedDocument>")]
        pub dokument: Option<Text>,
    }

    /// A copy recipient of a følgebrev: a party of the case (`person: verge`)
    /// or someone outside it (`navn` and `adresse`), always with the basis for
    /// sharing (`grunnlag`).
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct CopyRecipient {
        /// A person in the case: `verge`.
        #[serde(default)]
        pub person: Option<Text>,
        /// Name of a recipient outside the case (school, GP, NAV office).
        #[serde(default)]
        pub navn: Option<Text>,
        /// Their postal address.
        #[serde(default)]
        pub adresse: Option<Address>,
        /// The basis for sending confidential information: `part` (a party in
        /// the case), `samtykke` (consent, with `samtykke_ref`) or `lov` (a legal
        /// provision, with `hjemmel`).
        #[serde(default)]
        #[schemars(with = "Option<super::BasisName>")]
        pub grunnlag: Option<Text>,
        /// Where the consent is journalled.
        #[serde(default)]
        pub samtykke_ref: Option<Text>,
        /// The legal provision.
        #[serde(default)]
        pub hjemmel: Option<Text>,
        /// What the basis covers, for a recipient outside the case: per
        /// enclosed document, the parts the recipient may see
        /// (`tiltaksplan: [maal, tiltak]`, or `[alt]` for the whole). Only
        /// those parts are sent; an enclosed document the basis does not
        /// cover is an error.
        #[serde(default)]
        pub omfang: Option<Scope>,
    }

    /// What a copy's basis covers, per document.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Scope {
        /// Parts of the plan: deltakere, bakgrunn, ungdommens_ord, maal,
        /// tiltak, andre_tjenester, ansvarsgruppe, fritid, oppfolging,
        /// ettervern, evaluering, or alt.
        #[serde(default)]
        pub tiltaksplan: Option<Vec<Text>>,
        /// Parts of the evaluation: deltakere, maal, fungerer,
        /// ungdommens_ord, tiltak, evaluering, or alt.
        #[serde(default)]
        pub evaluering: Option<Vec<Text>>,
    }

    /// A følgebrev: the cover letter that sends a plan or an evaluation to
    /// the parties, one letter per recipient.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Folgebrev {
        /// Letter date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Our reference; defaults to the case number.
        #[serde(default)]
        pub var_ref: Option<Text>,
        /// The subject line («Oversending av tiltaksplan»).
        pub emne: Text,
        /// The meeting and/or decision the letter refers to.
        #[serde(default)]
        pub viser_til: Option<RefersTo>,
        /// The enclosures.
        pub vedlegg: Vec<Enclosure>,
        /// The next evaluation; default: from the plan, when there is one.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub neste_evaluering: Option<Text>,
        /// Extra paragraphs, optional.
        #[serde(default)]
        pub avsnitt: Vec<Text>,
        /// Copy recipients; each gets their own letter.
        #[serde(default)]
        pub kopi_til: Vec<CopyRecipient>,
        /// Staff id of who signs; defaults to the caseworker.
        #[serde(default)]
        #[schemars(extend("x-ref" = "ansatt"))]
        pub signatur: Option<Text>,
    }
}

/// A document of the case that can be enclosed after a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnclosedDocument {
    /// `tiltaksplan`.
    Tiltaksplan,
    /// `evaluering`.
    Evaluering,
}

impl Choice for EnclosedDocument {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("tiltaksplan", Self::Tiltaksplan),
        ("evaluering", Self::Evaluering),
    ];
}

choice_schema!(
    EnclosedDocument,
    "A document of this case: tiltaksplan or evaluering."
);

/// The names of `grunnlag`, for the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BasisName {
    Part,
    Samtykke,
    Lov,
}

impl Choice for BasisName {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("part", Self::Part),
        ("samtykke", Self::Samtykke),
        ("lov", Self::Lov),
    ];
}

choice_schema!(
    BasisName,
    "part (a party in the case), samtykke (consent, with samtykke_ref) or lov (a legal provision, with hjemmel)"
);

/// What the letter refers to.
#[derive(Debug, Clone, Default)]
pub struct RefersTo {
    /// `motedato`: the meeting the letter follows.
    pub meeting: Option<NaiveDate>,
    /// `vedtak_ref` with `vedtak_dato`: the decision.
    pub decision: Option<(String, NaiveDate)>,
}

/// An enclosure.
#[derive(Debug, Clone)]
pub struct Enclosure {
    /// `tittel`.
    pub title: String,
    /// `dato`.
    pub date: NaiveDate,
    /// `dokument`: the document of this case it is.
    pub document: Option<Located<EnclosedDocument>>,
}

/// The recorded basis for sending a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// `part`: the recipient is a party in the case.
    Party,
    /// `samtykke`: consent, journalled at the reference.
    Consent(String),
    /// `lov`: a legal provision.
    Law(String),
}

/// The parts of a plan a copy's basis can cover, with their names in the
/// letter (bokmål, nynorsk). The title block (name, date of birth, case
/// number, period, the plan's date) is in every excerpt; the decision line
/// goes with `bakgrunn`; signatures are never in an excerpt.
pub const PLAN_PARTS: &[(&str, &str, &str)] = &[
    ("deltakere", "deltakere", "deltakarar"),
    ("bakgrunn", "bakgrunn og vedtak", "bakgrunn og vedtak"),
    (
        "ungdommens_ord",
        "«Dette er viktig for meg»",
        "«Dette er viktig for meg»",
    ),
    ("maal", "mål", "mål"),
    ("tiltak", "tiltak", "tiltak"),
    (
        "andre_tjenester",
        "andre tjenesters tiltak",
        "andre tenester sine tiltak",
    ),
    ("ansvarsgruppe", "ansvarsgruppe", "ansvarsgruppe"),
    ("fritid", "fritid og nettverk", "fritid og nettverk"),
    (
        "oppfolging",
        "oppfølging under oppholdet",
        "oppfølging under opphaldet",
    ),
    ("ettervern", "ettervern og 18 år", "ettervern og 18 år"),
    ("evaluering", "evaluering", "evaluering"),
];

/// The parts of an evaluation a copy's basis can cover.
pub const EVALUATION_PARTS: &[(&str, &str, &str)] = &[
    ("deltakere", "deltakere", "deltakarar"),
    ("maal", "mål", "mål"),
    ("fungerer", "hva som fungerer", "kva som fungerer"),
    ("ungdommens_ord", "«Dette sier jeg»", "«Dette seier eg»"),
    ("tiltak", "tiltakene videre", "tiltaka vidare"),
    ("evaluering", "neste evaluering", "neste evaluering"),
];

impl EnclosedDocument {
    /// The parts a copy's basis can cover, in the document's order.
    pub fn parts(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            Self::Tiltaksplan => PLAN_PARTS,
            Self::Evaluering => EVALUATION_PARTS,
        }
    }

    /// The key in the case file.
    pub fn key(self) -> &'static str {
        match self {
            Self::Tiltaksplan => "tiltaksplan",
            Self::Evaluering => "evaluering",
        }
    }
}

/// The parts of one document a copy may see, in the document's order
/// (every part for `alt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The part keys (`maal`, `tiltak`).
    pub parts: Vec<&'static str>,
    /// Whether that is every part (`alt`): then it is not an excerpt.
    pub whole: bool,
}

impl Excerpt {
    /// The parts' names in the letter, joined («mål og tiltak»).
    pub fn names(&self, doc: EnclosedDocument, nynorsk: bool) -> String {
        let names: Vec<&str> = doc
            .parts()
            .iter()
            .filter(|(k, ..)| self.parts.contains(k))
            .map(|(_, nb, nn)| if nynorsk { *nn } else { *nb })
            .collect();
        crate::norsk::join_and(&names)
    }
}

/// What a copy's basis covers (`omfang`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `tiltaksplan`.
    pub plan: Option<Excerpt>,
    /// `evaluering`.
    pub evaluation: Option<Excerpt>,
}

impl Scope {
    /// What it covers of `doc`.
    pub fn of(&self, doc: EnclosedDocument) -> Option<&Excerpt> {
        match doc {
            EnclosedDocument::Tiltaksplan => self.plan.as_ref(),
            EnclosedDocument::Evaluering => self.evaluation.as_ref(),
        }
    }
}

/// Who a copy goes to.
#[derive(Debug, Clone)]
pub enum CopyTo {
    /// `person: verge`.
    Guardian,
    /// `navn` and `adresse`: someone outside the case.
    Outside {
        /// `navn`.
        name: String,
        /// `adresse`.
        address: Address,
    },
}

/// A copy recipient.
#[derive(Debug, Clone)]
pub struct CopyRecipient {
    /// Who.
    pub to: CopyTo,
    /// `grunnlag`.
    pub basis: Basis,
    /// `omfang`: what the basis covers (recipients outside the case).
    pub scope: Option<Scope>,
}

/// The cover letter's data.
#[derive(Debug, Clone)]
pub struct Folgebrev {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `var_ref`.
    pub our_ref: Option<String>,
    /// `emne`: the subject line.
    pub subject: String,
    /// `viser_til`.
    pub refers_to: RefersTo,
    /// `vedlegg`.
    pub enclosures: Vec<Enclosure>,
    /// `neste_evaluering`.
    pub next_evaluation: Option<Located<NaiveDate>>,
    /// `avsnitt`: extra paragraphs.
    pub paragraphs: Vec<String>,
    /// `kopi_til`: each gets their own letter.
    pub copies: Vec<CopyRecipient>,
    /// `signatur`: who signs (default: the caseworker).
    pub signer: Option<StaffId>,
}

impl Folgebrev {
    /// The next evaluation the letter names, for a letter dated `date`: as
    /// given (it must be after the letter), else the plan's first evaluation
    /// after the letter, else the letter date + the plan's interval; none
    /// without a plan.
    pub fn next_evaluation_on(&self, case: &Case, date: NaiveDate) -> Result<Option<NaiveDate>> {
        if let Some(n) = &self.next_evaluation {
            if n.value <= date {
                return Err(Error::one(
                    Diagnostic::error(Code::DateOrder, "the next evaluation is not after the letter date")
                        .in_file(case.source.clone())
                        .at(n.loc)
                        .field("folgebrev.neste_evaluering")
                        .hint("folgebrev.neste_evaluering must be after the letter date (folgebrev.dato, or the document date asked for)"),
                ));
            }
            return Ok(Some(n.value));
        }
        let Some(plan) = &case.tiltaksplan else {
            return Ok(None);
        };
        Ok(case
            .evaluation_deadlines()
            .into_iter()
            .find(|d| d.kind == crate::deadlines::DeadlineKind::Evaluering && d.date > date)
            .map(|d| d.date)
            .or_else(|| crate::deadlines::next_evaluation(date, plan.interval())))
    }
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, fb: &raw::Folgebrev) -> Folgebrev {
    let p = "folgebrev";
    let date = fb
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let our_ref = c.opt_text(fb.var_ref.as_ref(), &format!("{p}.var_ref"));
    let subject = c.text(&fb.emne, &format!("{p}.emne"));
    let mut refers_to = RefersTo::default();
    if let Some(v) = &fb.viser_til {
        refers_to.meeting = v
            .motedato
            .as_ref()
            .and_then(|d| c.date(d, &format!("{p}.viser_til.motedato")));
        let reference = c.opt_text(v.vedtak_ref.as_ref(), &format!("{p}.viser_til.vedtak_ref"));
        match (&v.vedtak_ref, &v.vedtak_dato) {
            (_, Some(d)) => {
                let when = c.date(d, &format!("{p}.viser_til.vedtak_dato"));
                refers_to.decision = reference.zip(when);
            }
            (Some(r), None) => c.error(
                Code::MissingField,
                r,
                &format!("{p}.viser_til.vedtak_dato"),
                "a decision is referred to without its date",
                "add `vedtak_dato:`",
            ),
            (None, None) => {}
        }
    }
    if fb.vedlegg.is_empty() {
        c.error(
            Code::MissingField,
            &fb.emne,
            &format!("{p}.vedlegg"),
            "a følgebrev sends something: the list of enclosures is empty",
            "list what is enclosed under `vedlegg:`",
        );
    }
    let mut enclosures = Vec::new();
    for (i, v) in fb.vedlegg.iter().enumerate() {
        let title = c.text(&v.tittel, &format!("{p}.vedlegg[{i}].tittel"));
        let date = c.date(&v.dato, &format!("{p}.vedlegg[{i}].dato"));
        let document = v.dokument.as_ref().and_then(|d| {
            let doc = EnclosedDocument::from_name(d.as_str());
            if doc.is_none() {
                c.error(
                    Code::UnknownValue,
                    d,
                    &format!("{p}.vedlegg[{i}].dokument"),
                    format!("{} cannot be enclosed", crate::diagnostic::shown(&d.value)),
                    "allowed values: tiltaksplan, evaluering",
                );
            }
            doc.map(|value| Located { value, loc: d.loc })
        });
        enclosures.push(Enclosure {
            title,
            date: date.unwrap_or_default(),
            document,
        });
    }
    let next_evaluation = fb.neste_evaluering.as_ref().map(|d| {
        let value = c
            .date(d, &format!("{p}.neste_evaluering"))
            .unwrap_or_default();
        Located { value, loc: d.loc }
    });
    let paragraphs = c.texts(&fb.avsnitt, &format!("{p}.avsnitt"));
    let copies = fb
        .kopi_til
        .iter()
        .enumerate()
        .map(|(i, k)| copy_recipient(c, people, fb, k, &format!("{p}.kopi_til[{i}]")))
        .collect();
    let signer = fb
        .signatur
        .as_ref()
        .map(|s| people.staff(c, s, &format!("{p}.signatur")));
    Folgebrev {
        date,
        our_ref,
        subject,
        refers_to,
        enclosures,
        next_evaluation,
        paragraphs,
        copies,
        signer,
    }
}

/// Checks one copy recipient: who, and the basis for sending them
/// confidential information.
fn copy_recipient(
    c: &mut Checker,
    people: &People,
    fb: &raw::Folgebrev,
    k: &raw::CopyRecipient,
    field: &str,
) -> CopyRecipient {
    let anchor = k
        .person
        .as_ref()
        .or(k.navn.as_ref())
        .or(k.grunnlag.as_ref())
        .unwrap_or(&fb.emne);
    let err = |c: &mut Checker, code: Code, sub: &str, msg: String, hint: &str| {
        c.error(code, anchor, &format!("{field}{sub}"), msg, hint);
    };
    let mut to = CopyTo::Guardian;
    match (&k.person, &k.navn) {
        (Some(pers), None) => match pers.as_str() {
            "verge" if people.has_guardian() => {}
            "verge" => err(
                c,
                Code::UnknownReference,
                ".person",
                "`verge` is named, but the case has no guardian".into(),
                "add a `verge:` section or remove the copy",
            ),
            "ungdom" => err(
                c,
                Code::Inconsistent,
                ".person",
                "the youth is the main addressee, not a copy recipient".into(),
                "remove this entry",
            ),
            other => err(
                c,
                Code::UnknownReference,
                ".person",
                format!(
                    "{} is not a party of the case",
                    crate::diagnostic::shown(other)
                ),
                "use `person: verge`, or `navn:` and `adresse:` for someone outside the case",
            ),
        },
        (None, Some(n)) => {
            let name = c.text(n, &format!("{field}.navn"));
            let address = match &k.adresse {
                Some(a) => people::address(c, a, &format!("{field}.adresse")),
                None => {
                    err(
                        c,
                        Code::MissingField,
                        ".adresse",
                        "a copy recipient outside the case needs a postal address".into(),
                        "add `adresse:`",
                    );
                    Address {
                        line1: String::new(),
                        line2: None,
                        postcode: String::new(),
                        town: String::new(),
                    }
                }
            };
            to = CopyTo::Outside { name, address };
        }
        (Some(_), Some(_)) => err(
            c,
            Code::Inconsistent,
            "",
            "give either `person` or `navn`, not both".into(),
            "`person: verge` for the guardian, `navn:` for anyone else",
        ),
        (None, None) => err(
            c,
            Code::MissingField,
            "",
            "the copy recipient has neither `person` nor `navn`".into(),
            "add `person: verge` or `navn:` with `adresse:`",
        ),
    }
    let outside = k.navn.is_some();
    let consent_ref = || {
        k.samtykke_ref
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default()
    };
    let provision = || {
        k.hjemmel
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default()
    };
    let basis = match k.grunnlag.as_ref().map(|g| g.as_str()) {
        None if outside => {
            err(
                c,
                Code::MissingField,
                ".grunnlag",
                "a copy to someone outside the parties needs a recorded basis".into(),
                "add `grunnlag: samtykke` with `samtykke_ref:`, or `grunnlag: lov` with `hjemmel:` (confidentiality, bvl. § 13-1)",
            );
            Basis::Party
        }
        None | Some("part") if !outside => Basis::Party,
        None => Basis::Party,
        Some("part") => {
            err(
                c,
                Code::Inconsistent,
                ".grunnlag",
                "someone outside the case is not a party".into(),
                "use `grunnlag: samtykke` with `samtykke_ref:` or `grunnlag: lov` with `hjemmel:`",
            );
            Basis::Party
        }
        Some("samtykke") if k.samtykke_ref.is_none() => {
            err(
                c,
                Code::MissingField,
                ".samtykke_ref",
                "consent is given as the basis without a reference".into(),
                "add `samtykke_ref:` naming where the consent is journalled",
            );
            Basis::Consent(String::new())
        }
        Some("lov") if k.hjemmel.is_none() => {
            err(
                c,
                Code::MissingField,
                ".hjemmel",
                "a legal basis is given without the provision".into(),
                "add `hjemmel:` (e.g. the section of the act)",
            );
            Basis::Law(String::new())
        }
        Some("samtykke") => Basis::Consent(consent_ref()),
        Some("lov") => Basis::Law(provision()),
        Some(other) => {
            err(
                c,
                Code::UnknownValue,
                ".grunnlag",
                format!("unknown basis: {}", crate::diagnostic::shown(other)),
                "allowed values: part, samtykke, lov",
            );
            Basis::Party
        }
    };
    c.opt_text(k.samtykke_ref.as_ref(), &format!("{field}.samtykke_ref"));
    c.opt_text(k.hjemmel.as_ref(), &format!("{field}.hjemmel"));
    let scope = copy_scope(c, fb, k, field, anchor, outside, &basis);
    CopyRecipient { to, basis, scope }
}

/// How the basis is named in a message (by its kind, not its value, which
/// the file shows at the line given).
fn basis_name(basis: &Basis) -> &'static str {
    match basis {
        Basis::Party => "the party's right (grunnlag: part)",
        Basis::Consent(_) => "the consent (grunnlag: samtykke)",
        Basis::Law(_) => "the legal basis (grunnlag: lov)",
    }
}

/// Checks `omfang`: only for recipients outside the case, only known parts,
/// and every document the letter encloses covered.
fn copy_scope(
    c: &mut Checker,
    fb: &raw::Folgebrev,
    k: &raw::CopyRecipient,
    field: &str,
    anchor: &Text,
    outside: bool,
    basis: &Basis,
) -> Option<Scope> {
    let Some(raw_scope) = &k.omfang else {
        if outside {
            // Every document the letter encloses needs the basis to say
            // what of it this recipient may see.
            if let Some(doc) = fb
                .vedlegg
                .iter()
                .filter_map(|v| v.dokument.as_ref())
                .find_map(|d| EnclosedDocument::from_name(d.as_str()))
            {
                c.error(
                    Code::MissingField,
                    k.grunnlag.as_ref().unwrap_or(anchor),
                    &format!("{field}.omfang"),
                    format!(
                        "{} does not say which parts of the enclosed {} it covers",
                        basis_name(basis),
                        doc.key()
                    ),
                    &format!(
                        "add `omfang: {{ {}: [maal, tiltak] }}` (or `[alt]`) to this copy: only those parts are sent",
                        doc.key()
                    ),
                );
            }
        }
        return None;
    };
    if !outside {
        c.error(
            Code::Inconsistent,
            anchor,
            &format!("{field}.omfang"),
            "a party gets the whole document: `omfang` is for copies outside the case",
            "remove `omfang:` from this copy",
        );
        return None;
    }
    let mut parse = |list: &Option<Vec<Text>>, doc: EnclosedDocument| -> Option<Excerpt> {
        let list = list.as_ref()?;
        let known = doc.parts();
        let f = format!("{field}.omfang.{}", doc.key());
        if list.is_empty() {
            c.error(
                Code::MissingField,
                anchor,
                &f,
                "the list of parts is empty",
                "name the parts the basis covers, or remove the entry",
            );
        }
        let mut whole = false;
        let mut parts = Vec::new();
        for (i, t) in list.iter().enumerate() {
            if t.as_str() == "alt" {
                whole = true;
            } else if let Some((key, ..)) = known.iter().find(|(key, ..)| *key == t.as_str()) {
                parts.push(*key);
            } else {
                let names: Vec<&str> = known.iter().map(|(key, ..)| *key).collect();
                c.error(
                    Code::UnknownValue,
                    t,
                    &format!("{f}[{i}]"),
                    format!(
                        "{} is not a part of the {}",
                        crate::diagnostic::shown(&t.value),
                        doc.key()
                    ),
                    &format!("parts: {}, or alt", names.join(", ")),
                );
            }
        }
        if whole {
            parts = known.iter().map(|(key, ..)| *key).collect();
        }
        // In the document's order, each once.
        parts.sort_by_key(|p| known.iter().position(|(key, ..)| key == p));
        parts.dedup();
        Some(Excerpt { parts, whole })
    };
    let scope = Scope {
        plan: parse(&raw_scope.tiltaksplan, EnclosedDocument::Tiltaksplan),
        evaluation: parse(&raw_scope.evaluering, EnclosedDocument::Evaluering),
    };
    for (j, v) in fb.vedlegg.iter().enumerate() {
        let Some(d) = &v.dokument else { continue };
        let Some(doc) = EnclosedDocument::from_name(d.as_str()) else {
            continue;
        };
        if scope.of(doc).is_none() {
            c.error(
                Code::Inconsistent,
                d,
                &format!("{p}.vedlegg[{j}].dokument", p = "folgebrev"),
                format!(
                    "{} for {field} does not cover the enclosed {}",
                    basis_name(basis),
                    doc.key()
                ),
                &format!(
                    "add `{}:` with the parts it covers to {field}.omfang, or send this copy in a letter without the {}",
                    doc.key(),
                    doc.key()
                ),
            );
        }
    }
    Some(scope)
}
