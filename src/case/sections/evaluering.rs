//! The evaluering's section: the evaluation of the case's tiltaksplan, goal
//! by goal and measure by measure (domain.md §3.2, seed 002).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::tiltaksplan::Tiltaksplan;
use crate::case::Case;
use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{People, Person};
use crate::diagnostic::Loc;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// The status of one goal at an evaluation.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct GoalStatus {
        /// The goal's id in the plan.
        pub maal: Text,
        /// `oppnadd`, `delvis_oppnadd` or `ikke_oppnadd` (also `ikkje_oppnadd`).
        #[schemars(with = "super::GoalState")]
        pub status: Text,
        /// What was seen, optional.
        #[serde(default)]
        pub kommentar: Option<Text>,
    }

    /// The conclusion about one measure at an evaluation.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct MeasureConclusion {
        /// The measure's number in the plan (1 for the first).
        pub tiltak: u32,
        /// `viderefore` (continue), `endre` (change) or `avslutte` (end).
        #[schemars(with = "super::Conclusion")]
        pub konklusjon: Text,
        /// Why or how, optional.
        #[serde(default)]
        pub kommentar: Option<Text>,
        /// How often the measure has been given («hyppighet», seed 002:
        /// «2 ganger i uka»), optional.
        #[serde(default)]
        pub hyppighet: Option<Text>,
    }

    /// A new goal set at an evaluation.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct NewGoal {
        /// The goal.
        pub tekst: Text,
        /// When it should be reached.
        #[schemars(with = "DateText")]
        pub frist: Text,
    }

    /// The evaluation of the case's tiltaksplan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Evaluering {
        /// The evaluation's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// Who took part: `ungdom`, `verge` or staff ids.
        #[schemars(extend("x-ref" = "person"))]
        pub deltakere: Vec<Text>,
        /// The interpreter's language, when an interpreter took part.
        #[serde(default)]
        pub tolk: Option<Text>,
        /// Goal by goal status.
        pub maal: Vec<GoalStatus>,
        /// What works well.
        pub fungerer: Text,
        /// What works less well, optional.
        #[serde(default)]
        pub fungerer_mindre: Option<Text>,
        /// The youth's view, in their own words.
        pub ungdommens_syn: Text,
        /// A conclusion per measure.
        pub tiltak: Vec<MeasureConclusion>,
        /// New goals, optional.
        #[serde(default)]
        pub nye_maal: Vec<NewGoal>,
        /// The next evaluation; default: this evaluation's date + the plan's interval.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub neste_evaluering: Option<Text>,
        /// The day the leader who approves the plan (`tiltaksplan.godkjent_av`)
        /// approved the evaluation; without it the evaluation is a draft
        /// («UTKAST» on every page) and cannot be sent.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub godkjent_dato: Option<Text>,
    }
}

/// How far a goal is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalState {
    /// `oppnadd`.
    Reached,
    /// `delvis_oppnadd`.
    PartlyReached,
    /// `ikke_oppnadd` (nynorsk: `ikkje_oppnadd`).
    NotReached,
}

impl Choice for GoalState {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("oppnadd", Self::Reached),
        ("delvis_oppnadd", Self::PartlyReached),
        ("ikke_oppnadd", Self::NotReached),
        ("ikkje_oppnadd", Self::NotReached),
    ];
}

choice_schema!(
    GoalState,
    "oppnadd, delvis_oppnadd or ikke_oppnadd (nynorsk: ikkje_oppnadd)"
);

/// What becomes of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conclusion {
    /// `viderefore`: continue it.
    Continue,
    /// `endre`: change it.
    Change,
    /// `avslutte`: end it.
    End,
}

impl Choice for Conclusion {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("viderefore", Self::Continue),
        ("endre", Self::Change),
        ("avslutte", Self::End),
    ];
}

choice_schema!(
    Conclusion,
    "viderefore (continue), endre (change) or avslutte (end)"
);

/// The status of one goal of the plan.
#[derive(Debug, Clone)]
pub struct GoalStatus {
    /// `maal`: the goal, by position in the plan's goals.
    pub goal: usize,
    /// `status`.
    pub status: GoalState,
    /// `kommentar`.
    pub comment: Option<String>,
}

/// The conclusion about one measure of the plan.
#[derive(Debug, Clone)]
pub struct MeasureConclusion {
    /// `tiltak`: the measure's number in the plan (1 for the first).
    pub measure: u32,
    /// `konklusjon`.
    pub conclusion: Conclusion,
    /// `kommentar`.
    pub comment: Option<String>,
    /// `hyppighet`: how often it was given.
    pub frequency: Option<String>,
}

/// A new goal.
#[derive(Debug, Clone)]
pub struct NewGoal {
    /// `tekst`.
    pub text: String,
    /// `frist`.
    pub deadline: NaiveDate,
}

/// The evaluation of the plan.
#[derive(Debug, Clone)]
pub struct Evaluering {
    /// `dato`.
    pub date: Option<Located<NaiveDate>>,
    /// `deltakere`.
    pub participants: Vec<Person>,
    /// `tolk`.
    pub interpreter: Option<String>,
    /// `maal`.
    pub goals: Vec<GoalStatus>,
    /// `fungerer`: what works well.
    pub works: String,
    /// `fungerer_mindre`: what works less well.
    pub works_less: Option<String>,
    /// `ungdommens_syn`: the youth's view.
    pub youth_view: String,
    /// `tiltak`.
    pub measures: Vec<MeasureConclusion>,
    /// `nye_maal`.
    pub new_goals: Vec<NewGoal>,
    /// `neste_evaluering`.
    pub next: Option<Located<NaiveDate>>,
    /// `godkjent_dato`: when the leader approved it; `None` for a draft.
    pub approved_on: Option<NaiveDate>,
    /// Where the goals (`maal`) and the measures (`tiltak`) are written,
    /// for the warning about those left out.
    pub goals_at: Option<Loc>,
    pub measures_at: Option<Loc>,
}

impl Evaluering {
    /// The numbers (from 1) of the plan's goals this evaluation says nothing
    /// about.
    pub fn goals_left_out(&self, plan: &Tiltaksplan) -> Vec<usize> {
        (0..plan.goals.len())
            .filter(|i| !self.goals.iter().any(|g| g.goal == *i))
            .map(|i| i + 1)
            .collect()
    }

    /// The numbers (from 1) of the plan's measures this evaluation says
    /// nothing about.
    pub fn measures_left_out(&self, plan: &Tiltaksplan) -> Vec<usize> {
        (1..=plan.measures.len())
            .filter(|n| {
                !self
                    .measures
                    .iter()
                    .any(|m| usize::try_from(m.measure).ok() == Some(*n))
            })
            .collect()
    }

    /// A warning per kind of item left out: the document says so too, but
    /// whoever makes it should know before it is sent.
    pub fn warnings(&self, case: &Case, plan: &Tiltaksplan) -> Vec<Diagnostic> {
        let list = |ns: &[usize]| {
            ns.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        for (left, what, field, at, hint) in [
            (
                self.goals_left_out(plan),
                "goal",
                "evaluering.maal",
                self.goals_at,
                "add an entry to evaluering.maal for each goal of the plan, or leave it and the document says it was not evaluated",
            ),
            (
                self.measures_left_out(plan),
                "measure",
                "evaluering.tiltak",
                self.measures_at,
                "add an entry to evaluering.tiltak for each measure of the plan, or leave it and the document says it was not evaluated",
            ),
        ] {
            if !left.is_empty() {
                out.push(
                    Diagnostic::warning(
                        Code::NotEvaluated,
                        format!(
                            "the evaluation says nothing about {what}{} {} of the plan",
                            if left.len() == 1 { "" } else { "s" },
                            list(&left)
                        ),
                    )
                    .in_file(case.source.clone())
                    .at(at)
                    .field(field)
                    .hint(hint),
                );
            }
        }
        out
    }

    /// The next evaluation of an evaluation made on `date`, after the rules
    /// that depend on that date: the evaluation comes after the plan, the
    /// next one after this one. Default: `date` + the plan's interval.
    pub fn next_on(&self, case: &Case, plan: &Tiltaksplan, date: NaiveDate) -> Result<NaiveDate> {
        let error = |loc, field: &str, msg: &str, hint: &str| {
            Error::one(
                Diagnostic::error(Code::DateOrder, msg)
                    .in_file(case.source.clone())
                    .at(loc)
                    .field(field)
                    .hint(hint),
            )
        };
        if let Some(pd) = &plan.date
            && date <= pd.value
        {
            let at = self.date.as_ref().unwrap_or(pd);
            return Err(error(
                at.loc,
                "evaluering.dato",
                "the evaluation is not after the plan date",
                "the evaluation date (evaluering.dato, or the document date asked for) must be after tiltaksplan.dato",
            ));
        }
        match &self.next {
            Some(n) if n.value <= date => Err(error(
                n.loc,
                "evaluering.neste_evaluering",
                "the next evaluation is not after this one",
                "evaluering.neste_evaluering must be after the evaluation date (evaluering.dato, or the document date asked for)",
            )),
            Some(n) => Ok(n.value),
            None => crate::deadlines::next_evaluation(date, plan.interval())
                .ok_or_else(|| Error::Internal("date out of range".into())),
        }
    }
}

/// Checks the section against the plan it evaluates.
pub(crate) fn parse(
    c: &mut Checker,
    people: &People,
    plan: &Tiltaksplan,
    ev: &raw::Evaluering,
) -> Evaluering {
    let p = "evaluering";
    let mut date = None;
    if let Some(d) = &ev.dato {
        let e = c.date(d, &format!("{p}.dato"));
        if let (Some(e), Some(pd)) = (e, &plan.date)
            && e <= pd.value
        {
            c.error(
                Code::DateOrder,
                d,
                &format!("{p}.dato"),
                "the evaluation is not after the plan date",
                "evaluering.dato must be after tiltaksplan.dato",
            );
        }
        date = Some(Located {
            value: e.unwrap_or_default(),
            loc: d.loc,
        });
    }
    let participants = ev
        .deltakere
        .iter()
        .enumerate()
        .map(|(i, t)| people.person(c, t, &format!("{p}.deltakere[{i}]")))
        .collect();
    let interpreter = c.opt_text(ev.tolk.as_ref(), &format!("{p}.tolk"));
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.as_str()).collect();
    let mut goals = Vec::new();
    for (i, g) in ev.maal.iter().enumerate() {
        let field = format!("{p}.maal[{i}]");
        let goal = goal_ids.iter().position(|id| *id == g.maal.as_str());
        if goal.is_none() {
            c.error(
                Code::UnknownReference,
                &g.maal,
                &format!("{field}.maal"),
                format!(
                    "{} is not a goal of the plan",
                    crate::diagnostic::shown(&g.maal.value)
                ),
                &format!("goal ids: {}", goal_ids.join(", ")),
            );
        }
        let status = c.choice(
            &g.status,
            &format!("{field}.status"),
            "status",
            "allowed values: oppnadd, delvis_oppnadd, ikke_oppnadd (nynorsk: ikkje_oppnadd)",
        );
        goals.push(GoalStatus {
            goal: goal.unwrap_or_default(),
            status: status.unwrap_or(GoalState::NotReached),
            comment: c.opt_text(g.kommentar.as_ref(), &format!("{field}.kommentar")),
        });
    }
    let works = c.text(&ev.fungerer, &format!("{p}.fungerer"));
    let works_less = c.opt_text(ev.fungerer_mindre.as_ref(), &format!("{p}.fungerer_mindre"));
    let youth_view = c.text(&ev.ungdommens_syn, &format!("{p}.ungdommens_syn"));
    let mut measures = Vec::new();
    for (i, m) in ev.tiltak.iter().enumerate() {
        let field = format!("{p}.tiltak[{i}]");
        if m.tiltak == 0 || m.tiltak as usize > plan.measures.len() {
            c.error(
                Code::UnknownReference,
                &m.konklusjon,
                &format!("{field}.tiltak"),
                format!("the plan has no measure number {}", m.tiltak),
                &format!(
                    "measures are numbered 1 to {} in the order of tiltaksplan.tiltak",
                    plan.measures.len()
                ),
            );
        }
        let conclusion = c.choice(
            &m.konklusjon,
            &format!("{field}.konklusjon"),
            "conclusion",
            "allowed values: viderefore, endre, avslutte",
        );
        measures.push(MeasureConclusion {
            measure: m.tiltak,
            conclusion: conclusion.unwrap_or(Conclusion::End),
            comment: c.opt_text(m.kommentar.as_ref(), &format!("{field}.kommentar")),
            frequency: c.opt_text(m.hyppighet.as_ref(), &format!("{field}.hyppighet")),
        });
    }
    let new_goals = ev
        .nye_maal
        .iter()
        .enumerate()
        .map(|(i, g)| NewGoal {
            text: c.text(&g.tekst, &format!("{p}.nye_maal[{i}].tekst")),
            deadline: c
                .date(&g.frist, &format!("{p}.nye_maal[{i}].frist"))
                .unwrap_or_default(),
        })
        .collect();
    let mut next = None;
    if let Some(n) = &ev.neste_evaluering {
        let n2 = c.date(n, &format!("{p}.neste_evaluering"));
        let this = ev.dato.as_ref().and_then(|d| crate::norsk::parse_date(d));
        if let (Some(n2), Some(t)) = (n2, this)
            && n2 <= t
        {
            c.error(
                Code::DateOrder,
                n,
                &format!("{p}.neste_evaluering"),
                "the next evaluation is not after this one",
                "evaluering.neste_evaluering must be after evaluering.dato",
            );
        }
        next = Some(Located {
            value: n2.unwrap_or_default(),
            loc: n.loc,
        });
    }
    let approved_on = c.approval_date(
        ev.godkjent_dato.as_ref(),
        &format!("{p}.godkjent_dato"),
        date.as_ref().map(|d| d.value),
        ("evaluation", "an evaluation"),
    );
    Evaluering {
        approved_on,
        goals_at: ev.maal.first().map_or(ev.fungerer.loc, |g| g.maal.loc),
        measures_at: ev
            .tiltak
            .first()
            .map_or(ev.fungerer.loc, |m| m.konklusjon.loc),
        date,
        participants,
        interpreter,
        goals,
        works,
        works_less,
        youth_view,
        measures,
        new_goals,
        next,
    }
}
