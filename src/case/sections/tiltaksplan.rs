//! The tiltaksplan's section: the measure plan of a voluntary measure, or
//! «min plan» for an institution stay or for aftercare (domain.md §3.2,
//! seed 002). Its rules, including those that depend on the document date,
//! live here.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::case::Case;
use crate::case::check::{Checker, Choice};
use crate::case::located::{DateText, Located, Text, choice_schema};
use crate::case::people::{People, Person, Responsible};
use crate::deadlines::{self, AgeDates};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk;

/// As written in the case file.
pub(crate) mod raw {
    use super::*;

    /// The decision (vedtak) a plan is made under.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Vedtak {
        /// The decision's reference («2025/1432-3»).
        #[serde(rename = "ref")]
        pub referanse: Text,
        /// The decision's date.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// Legal basis («bvl. § 3-1»).
        pub hjemmel: Text,
        /// The measure decided («Bolig med oppfølging (bofellesskap)»).
        pub tiltak: Text,
    }

    /// A period.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Period {
        /// First day.
        #[schemars(with = "DateText")]
        pub fra: Text,
        /// Last day.
        #[schemars(with = "DateText")]
        pub til: Text,
    }

    /// A goal of a plan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Goal {
        /// Short id measures refer to (`m1`).
        pub id: Text,
        /// The goal, measurable, in plain words.
        pub tekst: Text,
        /// When it should be reached.
        #[schemars(with = "DateText")]
        pub frist: Text,
    }

    /// A measure of a plan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Measure {
        /// What is done.
        pub tekst: Text,
        /// Ids of the goals it serves.
        #[serde(default)]
        pub maal: Vec<Text>,
        /// Who is responsible: a staff id, `ungdom` or `verge`.
        #[serde(default)]
        #[schemars(extend("x-ref" = "person"))]
        pub ansvarlig: Option<Text>,
        /// Who is responsible, when it is someone outside the case (an
        /// organisation or service).
        #[serde(default)]
        pub ansvarlig_tekst: Option<Text>,
        /// Extent or frequency («2 x uke»).
        #[serde(default)]
        pub omfang: Option<Text>,
        /// Start date.
        #[schemars(with = "DateText")]
        pub start: Text,
        /// End date, optional.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub slutt: Option<Text>,
    }

    /// A measure another service is responsible for.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct OtherService {
        /// The service («Fiktiv videregående skole»).
        pub tjeneste: Text,
        /// What it does.
        pub tiltak: Text,
        /// Contact person or role, optional.
        #[serde(default)]
        pub kontakt: Option<Text>,
    }

    /// The cooperation group (ansvarsgruppe) around the youth.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct ResponsibilityGroup {
        /// Members (names with role or service).
        pub deltakere: Vec<Text>,
        /// How often it meets.
        pub moter: Text,
    }

    /// Written consent, required for an aftercare plan.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Consent {
        /// When the youth consented in writing.
        #[schemars(with = "DateText")]
        pub dato: Text,
        /// Where the consent is journalled, optional.
        #[serde(default, alias = "ref")]
        pub referanse: Option<Text>,
    }

    /// The institution of an institution stay.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Institution {
        /// Name of the institution.
        pub navn: Text,
        /// Contact at the institution, optional.
        #[serde(default)]
        pub kontakt: Option<Text>,
    }

    /// A tiltaksplan (measure plan) or «min plan».
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Tiltaksplan {
        /// `ordinaer` (hjelpetiltak), `institusjon` («min plan» for an
        /// institution stay) or `ettervern` («min plan» for aftercare, 18–25).
        #[schemars(with = "super::Variant")]
        pub variant: Text,
        /// The plan's date; a date asked for with the request overrides it.
        #[serde(default)]
        #[schemars(with = "Option<DateText>")]
        pub dato: Option<Text>,
        /// The plan period.
        pub periode: Period,
        /// The decision the plan belongs to.
        pub vedtak: Vedtak,
        /// Months between evaluations (default 3; 6 for an institution stay).
        #[serde(default)]
        pub evaluering_intervall_mnd: Option<u32>,
        /// Evaluation dates; default: the plan date + the interval.
        #[serde(default)]
        #[schemars(with = "Vec<DateText>")]
        pub evalueringsdatoer: Vec<Text>,
        /// Who made the plan: `ungdom`, `verge` or staff ids.
        #[schemars(extend("x-ref" = "person"))]
        pub deltakere: Vec<Text>,
        /// The interpreter's language, when an interpreter took part.
        #[serde(default)]
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
        #[serde(default)]
        pub ansvarsgruppe: Option<ResponsibilityGroup>,
        /// Written consent (required for aftercare).
        #[serde(default)]
        pub samtykke: Option<Consent>,
        /// The institution (required for an institution stay).
        #[serde(default)]
        pub institusjon: Option<Institution>,
        /// Staff id of the leader who approves the plan.
        #[schemars(extend("x-ref" = "ansatt"))]
        pub godkjent_av: Text,
        /// The day the leader approved the plan; without it the plan is a
        /// draft («UTKAST» on every page) and cannot be sent.
        #[serde(default)]
        pub godkjent_dato: Option<Text>,
    }
}

/// The plan's variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// `ordinaer`: a plan for a voluntary measure (hjelpetiltak).
    Ordinaer,
    /// `institusjon`: «min plan» for an institution stay.
    Institusjon,
    /// `ettervern`: «min plan» for aftercare, 18–25.
    Ettervern,
}

impl Choice for Variant {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("ordinaer", Self::Ordinaer),
        ("institusjon", Self::Institusjon),
        ("ettervern", Self::Ettervern),
    ];
}

choice_schema!(
    Variant,
    "ordinaer (hjelpetiltak), institusjon («min plan» for an institution stay) or ettervern («min plan» for aftercare)"
);

/// The decision (vedtak) a plan is made under.
#[derive(Debug, Clone)]
pub struct Decision {
    /// `ref`.
    pub reference: String,
    /// `dato`.
    pub date: NaiveDate,
    /// `hjemmel`: «bvl. § 3-1».
    pub legal_basis: String,
    /// `tiltak`: the measure decided.
    pub measure: String,
}

/// A goal.
#[derive(Debug, Clone)]
pub struct Goal {
    /// `id`.
    pub id: String,
    /// `tekst`.
    pub text: String,
    /// `frist`.
    pub deadline: NaiveDate,
}

/// A measure.
#[derive(Debug, Clone)]
pub struct Measure {
    /// `tekst`.
    pub text: String,
    /// `maal`: the goals it serves, by position in the plan's goals.
    pub goals: Vec<usize>,
    /// `ansvarlig` or `ansvarlig_tekst`.
    pub responsible: Responsible,
    /// `omfang`.
    pub extent: Option<String>,
    /// `start`.
    pub start: NaiveDate,
    /// `slutt`.
    pub end: Option<NaiveDate>,
}

/// A measure of another service.
#[derive(Debug, Clone)]
pub struct OtherService {
    /// `tjeneste`.
    pub service: String,
    /// `tiltak`.
    pub measure: String,
    /// `kontakt`.
    pub contact: Option<String>,
}

/// The cooperation group (ansvarsgruppe).
#[derive(Debug, Clone)]
pub struct ResponsibilityGroup {
    /// `deltakere`.
    pub members: Vec<String>,
    /// `moter`: how often it meets.
    pub meetings: String,
}

/// Written consent.
#[derive(Debug, Clone)]
pub struct Consent {
    /// `dato`.
    pub date: NaiveDate,
    /// `referanse`: where it is journalled.
    pub reference: Option<String>,
}

/// The institution of an institution stay.
#[derive(Debug, Clone)]
pub struct Institution {
    /// `navn`.
    pub name: String,
    /// `kontakt`.
    pub contact: Option<String>,
}

/// A measure plan.
#[derive(Debug, Clone)]
pub struct Tiltaksplan {
    /// `variant`.
    pub variant: Located<Variant>,
    /// `dato`: the plan date.
    pub date: Option<Located<NaiveDate>>,
    /// `periode.fra`.
    pub from: NaiveDate,
    /// `periode.til`.
    pub to: Located<NaiveDate>,
    /// `vedtak`.
    pub decision: Decision,
    /// `evaluering_intervall_mnd`.
    pub interval_months: Option<u32>,
    /// `evalueringsdatoer`.
    pub evaluation_dates: Vec<Located<NaiveDate>>,
    /// `deltakere`: who made the plan.
    pub participants: Vec<Person>,
    /// `tolk`: the interpreter's language.
    pub interpreter: Option<String>,
    /// `andre_deltakere`.
    pub other_participants: Vec<String>,
    /// `bakgrunn`.
    pub background: String,
    /// `viktig_for_meg`: the youth's own words.
    pub important_to_me: String,
    /// `maal`.
    pub goals: Vec<Goal>,
    /// `tiltak`.
    pub measures: Vec<Measure>,
    /// `andre_tjenester`.
    pub other_services: Vec<OtherService>,
    /// `ansvarsgruppe`.
    pub group: Option<ResponsibilityGroup>,
    /// `samtykke`.
    pub consent: Option<Consent>,
    /// `institusjon`.
    pub institution: Option<Institution>,
    /// `godkjent_av`: the leader who approves the plan.
    pub approved_by: Person,
    /// `godkjent_dato`: when the leader approved it; `None` for a draft.
    pub approved_on: Option<NaiveDate>,
}

impl Tiltaksplan {
    /// Months between evaluations: as given, else 6 for an institution stay
    /// and 3 otherwise.
    pub fn interval(&self) -> u32 {
        self.interval_months
            .unwrap_or(if self.variant.value == Variant::Institusjon {
                deadlines::INSTITUTION_EVALUATION_MONTHS
            } else {
                deadlines::DEFAULT_EVALUATION_MONTHS
            })
    }

    /// The evaluation dates of a plan made on `date`: as given, else
    /// `date` + the interval.
    pub fn evaluations_on(&self, date: NaiveDate) -> Vec<NaiveDate> {
        if self.evaluation_dates.is_empty() {
            deadlines::next_evaluation(date, self.interval())
                .into_iter()
                .collect()
        } else {
            self.evaluation_dates.iter().map(|d| d.value).collect()
        }
    }

    /// The rules that depend on the plan's date (the date in the case or
    /// the one asked for): the youth is born, evaluations come after it,
    /// aftercare ends the day before the 25th birthday.
    pub fn check_on(&self, case: &Case, date: NaiveDate, age: &AgeDates) -> Result<()> {
        let error = |loc, field: &str, msg: &str, hint: &str| {
            Diagnostic::error(Code::DateOrder, msg)
                .in_file(case.source.clone())
                .at(loc)
                .field(field)
                .hint(hint)
        };
        let birth = &case.youth.birth_date;
        let mut diags = Vec::new();
        if birth.value > date {
            diags.push(error(
                birth.loc,
                "ungdom.fodselsdato",
                "the birth date is after the plan date",
                "check ungdom.fodselsdato and tiltaksplan.dato",
            ));
        }
        for (i, e) in self.evaluation_dates.iter().enumerate() {
            if e.value <= date {
                diags.push(error(
                    e.loc,
                    &format!("tiltaksplan.evalueringsdatoer[{i}]"),
                    "the evaluation date is not after the plan date",
                    "an evaluation comes after the plan date (tiltaksplan.dato, or the document date asked for); check both dates",
                ));
            }
        }
        let aftercare = self.variant.value == Variant::Ettervern;
        if aftercare && self.to.value > age.ettervern_siste_dag {
            diags.push(error(
                self.to.loc,
                "tiltaksplan.periode.til",
                &format!(
                    "aftercare cannot run past {} (the day before the 25th birthday)",
                    norsk::date_long(age.ettervern_siste_dag)
                ),
                "bvl. § 3-6: measures may run until the youth turns 25; shorten the plan period",
            ));
        }
        if aftercare && date > age.ettervern_siste_dag {
            diags.push(error(
                birth.loc,
                "ungdom.fodselsdato",
                "the youth is 25 or older on the plan date: aftercare has ended",
                "bvl. § 3-6: aftercare measures end when the youth turns 25",
            ));
        }
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(diags))
        }
    }
}

/// Checks the section.
pub(crate) fn parse(c: &mut Checker, people: &People, plan: &raw::Tiltaksplan) -> Tiltaksplan {
    let p = "tiltaksplan";
    let variant = c.choice(
        &plan.variant,
        &format!("{p}.variant"),
        "plan variant",
        "allowed values: ordinaer (hjelpetiltak), institusjon («min plan» for an institution stay), ettervern («min plan» for aftercare)",
    );
    let plan_date = plan.dato.as_ref().and_then(|d| {
        c.date(d, &format!("{p}.dato")).map(|v| Located {
            value: v,
            loc: d.loc,
        })
    });
    let from = c.date(&plan.periode.fra, &format!("{p}.periode.fra"));
    let to = c.date(&plan.periode.til, &format!("{p}.periode.til"));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        c.error(
            Code::DateOrder,
            &plan.periode.til,
            &format!("{p}.periode.til"),
            "the plan period ends before it starts",
            "tiltaksplan.periode.til must be on or after tiltaksplan.periode.fra",
        );
    }
    let v = &plan.vedtak;
    let decision = Decision {
        reference: c.text(&v.referanse, &format!("{p}.vedtak.ref")),
        date: c
            .date(&v.dato, &format!("{p}.vedtak.dato"))
            .unwrap_or_default(),
        legal_basis: c.text(&v.hjemmel, &format!("{p}.vedtak.hjemmel")),
        measure: c.text(&v.tiltak, &format!("{p}.vedtak.tiltak")),
    };
    if let Some(n) = plan.evaluering_intervall_mnd
        && !(1..=24).contains(&n)
    {
        c.error(
            Code::UnknownValue,
            &plan.variant,
            &format!("{p}.evaluering_intervall_mnd"),
            format!("an evaluation interval of {n} months is not allowed"),
            "give a number of months from 1 to 24 (default 3; 6 for an institution stay)",
        );
    }
    let mut evaluation_dates = Vec::new();
    for (i, d) in plan.evalueringsdatoer.iter().enumerate() {
        let field = format!("{p}.evalueringsdatoer[{i}]");
        let e = c.date(d, &field);
        if let (Some(e), Some(pd)) = (e, &plan_date)
            && e <= pd.value
        {
            c.error(
                Code::DateOrder,
                d,
                &field,
                "the evaluation date is not after the plan date",
                "an evaluation comes after tiltaksplan.dato; check both dates",
            );
        }
        evaluation_dates.push(Located {
            value: e.unwrap_or_default(),
            loc: d.loc,
        });
    }
    let participants = plan
        .deltakere
        .iter()
        .enumerate()
        .map(|(i, t)| people.person(c, t, &format!("{p}.deltakere[{i}]")))
        .collect();
    let interpreter = c.opt_text(plan.tolk.as_ref(), &format!("{p}.tolk"));
    let other_participants = c.texts(&plan.andre_deltakere, &format!("{p}.andre_deltakere"));
    let background = c.text(&plan.bakgrunn, &format!("{p}.bakgrunn"));
    let important_to_me = c.text(&plan.viktig_for_meg, &format!("{p}.viktig_for_meg"));
    let mut goal_ids: Vec<&str> = Vec::new();
    let mut goals = Vec::new();
    for (i, g) in plan.maal.iter().enumerate() {
        let field = format!("{p}.maal[{i}]");
        let id = c.text(&g.id, &format!("{field}.id"));
        if goal_ids.contains(&g.id.as_str()) {
            c.error(
                Code::Duplicate,
                &g.id,
                &format!("{field}.id"),
                format!(
                    "goal id {} is used twice",
                    crate::diagnostic::shown(&g.id.value)
                ),
                "give each goal its own id",
            );
        }
        goal_ids.push(&g.id);
        goals.push(Goal {
            id,
            text: c.text(&g.tekst, &format!("{field}.tekst")),
            deadline: c
                .date(&g.frist, &format!("{field}.frist"))
                .unwrap_or_default(),
        });
    }
    let mut measures = Vec::new();
    for (i, m) in plan.tiltak.iter().enumerate() {
        let field = format!("{p}.tiltak[{i}]");
        let text = c.text(&m.tekst, &format!("{field}.tekst"));
        let mut served = Vec::new();
        for (j, g) in m.maal.iter().enumerate() {
            match goal_ids.iter().position(|id| *id == g.as_str()) {
                Some(k) => served.push(k),
                None => c.error(
                    Code::UnknownReference,
                    g,
                    &format!("{field}.maal[{j}]"),
                    format!(
                        "{} is not a goal of this plan",
                        crate::diagnostic::shown(&g.value)
                    ),
                    &format!("goal ids: {}", goal_ids.join(", ")),
                ),
            }
        }
        let responsible = people.responsible(
            c,
            m.ansvarlig.as_ref(),
            m.ansvarlig_tekst.as_ref(),
            &m.tekst,
            &field,
            "the measure has no one responsible",
        );
        let extent = c.opt_text(m.omfang.as_ref(), &format!("{field}.omfang"));
        let start = c.date(&m.start, &format!("{field}.start"));
        let mut end = None;
        if let Some(t) = &m.slutt {
            end = c.date(t, &format!("{field}.slutt"));
            if let (Some(e), Some(s)) = (end, start)
                && e < s
            {
                c.error(
                    Code::DateOrder,
                    t,
                    &format!("{field}.slutt"),
                    "the measure ends before it starts",
                    &format!("{field}.slutt must be on or after {field}.start"),
                );
            }
        }
        measures.push(Measure {
            text,
            goals: served,
            responsible,
            extent,
            start: start.unwrap_or_default(),
            end,
        });
    }
    let other_services = plan
        .andre_tjenester
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let field = format!("{p}.andre_tjenester[{i}]");
            OtherService {
                service: c.text(&o.tjeneste, &format!("{field}.tjeneste")),
                measure: c.text(&o.tiltak, &format!("{field}.tiltak")),
                contact: c.opt_text(o.kontakt.as_ref(), &format!("{field}.kontakt")),
            }
        })
        .collect();
    let group = plan.ansvarsgruppe.as_ref().map(|g| ResponsibilityGroup {
        members: c.texts(&g.deltakere, &format!("{p}.ansvarsgruppe.deltakere")),
        meetings: c.text(&g.moter, &format!("{p}.ansvarsgruppe.moter")),
    });
    let consent = match (&plan.samtykke, variant) {
        (Some(s), _) => Some(Consent {
            date: c
                .date(&s.dato, &format!("{p}.samtykke.dato"))
                .unwrap_or_default(),
            reference: c.opt_text(s.referanse.as_ref(), &format!("{p}.samtykke.referanse")),
        }),
        (None, Some(Variant::Ettervern)) => {
            c.error(
                Code::MissingField,
                &plan.variant,
                &format!("{p}.samtykke"),
                "an aftercare plan needs the youth's written consent",
                "add `samtykke: { dato: YYYY-MM-DD }` (bvl. § 3-6: aftercare needs consent)",
            );
            None
        }
        (None, _) => None,
    };
    let institution = match (&plan.institusjon, variant) {
        (Some(i), _) => Some(Institution {
            name: c.text(&i.navn, &format!("{p}.institusjon.navn")),
            contact: c.opt_text(i.kontakt.as_ref(), &format!("{p}.institusjon.kontakt")),
        }),
        (None, Some(Variant::Institusjon)) => {
            c.error(
                Code::MissingField,
                &plan.variant,
                &format!("{p}.institusjon"),
                "a plan for an institution stay needs the institution",
                "add `institusjon: { navn: … }`",
            );
            None
        }
        (None, _) => None,
    };
    let approved_by = people.person(c, &plan.godkjent_av, &format!("{p}.godkjent_av"));
    let approved_on = c.approval_date(
        plan.godkjent_dato.as_ref(),
        &format!("{p}.godkjent_dato"),
        plan_date.as_ref().map(|d| d.value),
        ("plan", "a plan"),
    );
    Tiltaksplan {
        variant: Located {
            value: variant.unwrap_or(Variant::Ordinaer),
            loc: plan.variant.loc,
        },
        date: plan_date,
        from: from.unwrap_or_default(),
        to: Located {
            value: to.unwrap_or_default(),
            loc: plan.periode.til.loc,
        },
        decision,
        interval_months: plan.evaluering_intervall_mnd,
        evaluation_dates,
        participants,
        interpreter,
        other_participants,
        background,
        important_to_me,
        goals,
        measures,
        other_services,
        group,
        consent,
        institution,
        approved_by,
        approved_on,
    }
}
