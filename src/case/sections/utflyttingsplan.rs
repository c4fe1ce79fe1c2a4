//! The utflyttingsplan's section: the move-out plan from shared housing into
//! aftercare (domain.md §3.5, seed 000 attachment 6): the move, the
//! aftercare measures, a practical checklist, living skills and network.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Text, choice_schema};
use crate::case::people::{self, Address, People, Responsible};
use crate::case::profile::TimelineStep;
use crate::diagnostic::Code;
use crate::error::{Error, Result};
use crate::norsk;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;
    use crate::case::people::raw::Address;

    /// Something to do before or after moving, with who and its status.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ChecklistItem {
        /// What.
        pub punkt: Text,
        /// A person in the case (`ungdom`, `verge` or a staff id).
        #[serde(default)]
        #[schemars(extend("x-ref" = "person"))]
        pub ansvarlig: Option<Text>,
        /// Someone outside the case.
        #[serde(default)]
        pub ansvarlig_tekst: Option<Text>,
        /// `apen` (open), `ferdig` (done) or `ikke_aktuelt` (not relevant).
        #[schemars(with = "super::ItemStatus")]
        pub status: Text,
    }

    /// A living skill and how far the youth has come.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Skill {
        /// The skill («Lage enkel middag»).
        pub ferdighet: Text,
        /// `mestrer` (masters), `ovar` (practises) or `skal_lare` (to learn).
        #[schemars(with = "super::SkillStatus")]
        pub status: Text,
    }

    /// The planned move.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Move {
        /// The planned moving day.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// Kind of housing («hybel», «kommunal bolig»).
        pub boligtype: Text,
        /// The new address, when known.
        #[serde(default)]
        pub adresse: Option<Address>,
        /// Rent, as written («6 500 kr i måneden»), optional.
        #[serde(default)]
        pub husleie: Option<Text>,
        /// Deposit or guarantee («NAV-garanti»), optional.
        #[serde(default)]
        pub depositum: Option<Text>,
    }

    /// An aftercare measure after the move.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct AftercareMeasure {
        /// The measure.
        pub tiltak: Text,
        /// Extent («2 besøk i uken de første 3 månedene»), optional.
        #[serde(default)]
        pub omfang: Option<Text>,
        /// A person in the case responsible.
        #[serde(default)]
        pub ansvarlig: Option<Text>,
        /// Someone outside the case responsible.
        #[serde(default)]
        pub ansvarlig_tekst: Option<Text>,
    }

    /// The move-out plan from shared housing into aftercare.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Utflyttingsplan {
        /// The plan's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
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
        #[schemars(with = "Vec<DateText>")]
        pub evalueringsdatoer: Vec<Text>,
    }
}

/// The status of a checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    /// `apen`.
    Open,
    /// `ferdig`.
    Done,
    /// `ikke_aktuelt`.
    NotRelevant,
}

impl Choice for ItemStatus {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("apen", Self::Open),
        ("ferdig", Self::Done),
        ("ikke_aktuelt", Self::NotRelevant),
    ];
}

choice_schema!(
    ItemStatus,
    "apen (open), ferdig (done) or ikke_aktuelt (not relevant)"
);

/// How far the youth has come with a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkillStatus {
    /// `mestrer`.
    Masters,
    /// `ovar`.
    Practises,
    /// `skal_lare`.
    ToLearn,
}

impl Choice for SkillStatus {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("mestrer", Self::Masters),
        ("ovar", Self::Practises),
        ("skal_lare", Self::ToLearn),
    ];
}

choice_schema!(
    SkillStatus,
    "mestrer (masters), ovar (practises) or skal_lare (to learn)"
);

/// The planned move.
#[derive(Debug, Clone)]
pub struct Move {
    /// `dato`: the moving day.
    pub date: NaiveDate,
    /// `boligtype`.
    pub housing: String,
    /// `adresse`.
    pub address: Option<Address>,
    /// `husleie`.
    pub rent: Option<String>,
    /// `depositum`.
    pub deposit: Option<String>,
}

/// An aftercare measure.
#[derive(Debug, Clone)]
pub struct AftercareMeasure {
    /// `tiltak`.
    pub measure: String,
    /// `omfang`.
    pub extent: Option<String>,
    /// `ansvarlig` or `ansvarlig_tekst`.
    pub responsible: Responsible,
}

/// A checklist item.
#[derive(Debug, Clone)]
pub struct ChecklistItem {
    /// `punkt`.
    pub item: String,
    /// `ansvarlig` or `ansvarlig_tekst`, if given.
    pub responsible: Option<Responsible>,
    /// `status`.
    pub status: ItemStatus,
}

/// A living skill.
#[derive(Debug, Clone)]
pub struct Skill {
    /// `ferdighet`.
    pub skill: String,
    /// `status`.
    pub status: SkillStatus,
}

/// The move-out plan.
#[derive(Debug, Clone)]
pub struct Utflyttingsplan {
    /// `dato`.
    pub date: Option<NaiveDate>,
    /// `naavaerende_bolig`.
    pub current_home: String,
    /// `flytting`.
    pub moving: Move,
    /// `ettervernstiltak`.
    pub aftercare: Vec<AftercareMeasure>,
    /// `sjekkliste`.
    pub checklist: Vec<ChecklistItem>,
    /// `ferdigheter`.
    pub skills: Vec<Skill>,
    /// `nettverk`.
    pub network: Vec<String>,
    /// `evalueringsdatoer`.
    pub evaluation_dates: Vec<NaiveDate>,
}

impl Utflyttingsplan {
    /// A day `months` months and `days` days from the moving day: the
    /// working day on or before it (a step is done by that day; the moving
    /// day itself is as the case gives it).
    pub fn from_move(&self, months: i32, days: i32) -> Result<NaiveDate> {
        let d = norsk::add_months(self.moving.date, months)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(i64::from(days))))
            .ok_or_else(|| Error::Internal("timeline date out of range".into()))?;
        Ok(if months == 0 && days == 0 {
            d
        } else {
            norsk::working_day_on_or_before(d)
        })
    }

    /// The municipality's timeline steps with their dates.
    pub fn timeline<'s>(
        &self,
        steps: &'s [TimelineStep],
    ) -> Result<Vec<(&'s TimelineStep, NaiveDate)>> {
        steps
            .iter()
            .map(|s| Ok((s, self.from_move(s.months, s.days)?)))
            .collect()
    }

    /// The evaluation dates: as given, else the move + 3 months.
    pub fn evaluations(&self) -> Result<Vec<NaiveDate>> {
        if self.evaluation_dates.is_empty() {
            Ok(vec![self.from_move(3, 0)?])
        } else {
            Ok(self.evaluation_dates.clone())
        }
    }
}

/// Checks the section; `settled` is the settlement date, when valid.
pub(crate) fn parse(
    c: &mut Checker,
    people: &People,
    u: &raw::Utflyttingsplan,
    settled: Option<NaiveDate>,
) -> Utflyttingsplan {
    let p = "utflyttingsplan";
    let date = u
        .dato
        .as_ref()
        .and_then(|d| c.date(d, &format!("{p}.dato")));
    let current_home = c.text(&u.naavaerende_bolig, &format!("{p}.naavaerende_bolig"));
    let moving = c.date(&u.flytting.dato, &format!("{p}.flytting.dato"));
    if let (Some(m), Some(s)) = (moving, settled)
        && m < s
    {
        c.error(
            Code::DateOrder,
            &u.flytting.dato,
            &format!("{p}.flytting.dato"),
            "the move-out date is before the settlement date",
            "utflyttingsplan.flytting.dato must be after bosetting.dato",
        );
    }
    let housing = c.text(&u.flytting.boligtype, &format!("{p}.flytting.boligtype"));
    let address = u
        .flytting
        .adresse
        .as_ref()
        .map(|a| people::address(c, a, &format!("{p}.flytting.adresse")));
    let rent = c.opt_text(
        u.flytting.husleie.as_ref(),
        &format!("{p}.flytting.husleie"),
    );
    let deposit = c.opt_text(
        u.flytting.depositum.as_ref(),
        &format!("{p}.flytting.depositum"),
    );
    let aftercare = u
        .ettervernstiltak
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let field = format!("{p}.ettervernstiltak[{i}]");
            let measure = c.text(&m.tiltak, &format!("{field}.tiltak"));
            let extent = c.opt_text(m.omfang.as_ref(), &format!("{field}.omfang"));
            let responsible = people.responsible(
                c,
                m.ansvarlig.as_ref(),
                m.ansvarlig_tekst.as_ref(),
                &m.tiltak,
                &field,
                "no one is responsible",
            );
            AftercareMeasure {
                measure,
                extent,
                responsible,
            }
        })
        .collect();
    let checklist = u
        .sjekkliste
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = format!("{p}.sjekkliste[{i}]");
            let text = c.text(&item.punkt, &format!("{field}.punkt"));
            let responsible =
                (item.ansvarlig.is_some() || item.ansvarlig_tekst.is_some()).then(|| {
                    people.responsible(
                        c,
                        item.ansvarlig.as_ref(),
                        item.ansvarlig_tekst.as_ref(),
                        &item.punkt,
                        &field,
                        "no one is responsible",
                    )
                });
            let status = c.choice(
                &item.status,
                &format!("{field}.status"),
                "status",
                "allowed values: apen, ferdig, ikke_aktuelt",
            );
            ChecklistItem {
                item: text,
                responsible,
                status: status.unwrap_or(ItemStatus::Open),
            }
        })
        .collect();
    let skills = u
        .ferdigheter
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let field = format!("{p}.ferdigheter[{i}]");
            Skill {
                skill: c.text(&s.ferdighet, &format!("{field}.ferdighet")),
                status: c
                    .choice(
                        &s.status,
                        &format!("{field}.status"),
                        "status",
                        "allowed values: mestrer, ovar, skal_lare",
                    )
                    .unwrap_or(SkillStatus::ToLearn),
            }
        })
        .collect();
    let network = c.texts(&u.nettverk, &format!("{p}.nettverk"));
    let mut evaluation_dates = Vec::new();
    for (i, d) in u.evalueringsdatoer.iter().enumerate() {
        let field = format!("{p}.evalueringsdatoer[{i}]");
        let e = c.date(d, &field);
        if let (Some(e), Some(m)) = (e, moving)
            && e <= m
        {
            c.error(
                Code::DateOrder,
                d,
                &field,
                "the evaluation is not after the move",
                "utflyttingsplan.evalueringsdatoer must be after utflyttingsplan.flytting.dato",
            );
        }
        evaluation_dates.push(e.unwrap_or_default());
    }
    Utflyttingsplan {
        date,
        current_home,
        moving: Move {
            date: moving.unwrap_or_default(),
            housing,
            address,
            rent,
            deposit,
        },
        aftercare,
        checklist,
        skills,
        network,
        evaluation_dates,
    }
}
