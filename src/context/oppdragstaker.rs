//! The assignee's documents: the approval (godkjenning), the contract
//! (oppdragsavtale) and the pay notice for the office staff
//! (lønnsmelding), one per besøkshjem or oppdragstaker. Amounts are
//! computed here from the profile's rate and printed in Norwegian format
//! («kr 1 234,50»). The pay notice names the case by its number only: the
//! payroll office does not need the youth's name.

use serde::Serialize;

use super::{Addressee, Common, Input, StaffCtx, iso, value};
use crate::case::sections::oppdragstaker::{Assignee, Check};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk::format_kroner;

#[derive(Serialize)]
struct Person<'a> {
    id: &'a str,
    /// The kind, named in the document's målform («besøkshjem»).
    type_navn: &'static str,
    /// `besokshjem`, `stottekontakt`, …
    #[serde(rename = "type")]
    kind: &'static str,
    navn: &'a str,
    adresse: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telefon: Option<&'a str>,
}

#[derive(Serialize)]
struct CheckCtx<'a> {
    navn: &'static str,
    dato: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    merknad: Option<&'a str>,
}

#[derive(Serialize)]
struct ApprovalCtx<'a> {
    dato: String,
    kontroller: Vec<CheckCtx<'a>>,
    konklusjon: &'a str,
    godkjent_av: StaffCtx<'a>,
}

#[derive(Serialize)]
struct ContractCtx<'a> {
    dato: String,
    vedtak_ref: &'a str,
    vedtak_dato: String,
    fra: String,
    til: String,
    oppgaver: &'a [String],
    sats_navn: &'a str,
    /// The unit, singular and plural («time», «timer»).
    enhet: &'static str,
    enheter: &'static str,
    antall: u32,
    honorar: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    utgifter: Option<String>,
    honorar_maaned: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    utgifter_maaned: Option<String>,
    veiledning: &'a str,
    kontakt: StaffCtx<'a>,
    oppsigelse_maaneder: u32,
}

#[derive(Serialize)]
struct Payroll {
    fodselsnummer: String,
    kontonummer: String,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    oppdragstaker: Person<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    godkjenning: Option<ApprovalCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avtale: Option<ContractCtx<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lonn: Option<Payroll>,
}

/// Which document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Doc {
    Approval,
    Contract,
    PayNotice,
}

fn assignee<'a>(input: &Input<'a>) -> Result<(usize, &'a Assignee)> {
    let i = match input.to {
        Some(Addressee::Item(i)) => i,
        _ => 0,
    };
    let a = input
        .case
        .assignees
        .get(i)
        .ok_or_else(|| super::missing_section(input.case, "oppdragstakere", input.kind))?;
    Ok((i, a))
}

fn check<'a>(navn: &'static str, k: &'a Check) -> CheckCtx<'a> {
    CheckCtx {
        navn,
        dato: iso(k.date),
        merknad: k.note.as_deref(),
    }
}

fn build(input: &Input, doc: Doc) -> Result<minijinja::Value> {
    let (case, muni) = (input.case, input.muni);
    let nn = input.nn();
    let (i, a) = assignee(input)?;
    let kind_name = crate::case::check::Choice::name(a.kind);
    let godkjenning = match (&a.approval, doc) {
        (Some(g), Doc::Approval) => Some(ApprovalCtx {
            dato: iso(g.date),
            kontroller: [
                Some(check("Politiattest", &g.police)),
                Some(check(
                    if nn { "Referansar" } else { "Referanser" },
                    &g.references,
                )),
                Some(check("Intervju", &g.interview)),
                g.home_visit
                    .as_ref()
                    .map(|h| check(if nn { "Heimebesøk" } else { "Hjemmebesøk" }, h)),
            ]
            .into_iter()
            .flatten()
            .collect(),
            konklusjon: &g.conclusion,
            godkjent_av: case.staff(g.approved_by).into(),
        }),
        (None, Doc::Approval) => {
            return Err(super::missing_section(
                case,
                &format!("oppdragstakere[{i}].godkjenning"),
                input.kind,
            ));
        }
        _ => None,
    };
    let avtale = match (&a.contract, doc) {
        (Some(k), Doc::Contract | Doc::PayNotice) => {
            let Some(rate) = muni.rate(&k.rate.value) else {
                return Err(Error::Invalid(
                    crate::case::sections::oppdragstaker::validate(case, muni),
                ));
            };
            let (enhet, enheter) = rate.unit.words(muni.malform);
            let units = i64::from(k.units);
            Some(ContractCtx {
                dato: iso(k.date),
                vedtak_ref: &k.decision.0,
                vedtak_dato: iso(k.decision.1),
                fra: iso(k.from),
                til: iso(k.until),
                oppgaver: &k.tasks,
                sats_navn: rate.name.get(muni.malform),
                enhet,
                enheter,
                antall: k.units,
                honorar: format_kroner(rate.fee),
                utgifter: rate.expenses.map(format_kroner),
                honorar_maaned: format_kroner(rate.fee * units),
                utgifter_maaned: rate.expenses.map(|e| format_kroner(e * units)),
                veiledning: &k.supervision,
                kontakt: case.staff(k.contact.unwrap_or(case.caseworker)).into(),
                oppsigelse_maaneder: k.notice_months,
            })
        }
        (None, Doc::Contract | Doc::PayNotice) => {
            return Err(super::missing_section(
                case,
                &format!("oppdragstakere[{i}].avtale"),
                input.kind,
            ));
        }
        _ => None,
    };
    let lonn = if doc == Doc::PayNotice {
        let missing = |field: &str, what: &str| {
            Error::one(
                Diagnostic::error(
                    Code::MissingField,
                    format!("the pay notice needs the assignee's {what}"),
                )
                .in_file(case.source.clone())
                .field(format!("oppdragstakere[{i}].{field}"))
                .hint(format!(
                    "add `{field}:` to the assignee; payroll cannot pay without it"
                )),
            )
        };
        Some(Payroll {
            fodselsnummer: a
                .national_id
                .clone()
                .ok_or_else(|| missing("fodselsnummer", "fødselsnummer"))?,
            kontonummer: a
                .account
                .as_deref()
                .map(crate::case::ids::format_account_number)
                .ok_or_else(|| missing("kontonummer", "bank account"))?,
        })
    } else {
        None
    };
    let ctx = Context {
        common: input.common(),
        oppdragstaker: Person {
            id: &a.id,
            type_navn: a.kind.label(nn),
            kind: kind_name,
            navn: &a.name,
            adresse: a.address.lines(false),
            telefon: a.phone.as_deref(),
        },
        godkjenning,
        avtale,
        lonn,
    };
    Ok(value(&ctx))
}

/// The approval document.
pub(crate) fn approval(input: &Input) -> Result<minijinja::Value> {
    build(input, Doc::Approval)
}

/// The contract.
pub(crate) fn contract(input: &Input) -> Result<minijinja::Value> {
    build(input, Doc::Contract)
}

/// The pay notice.
pub(crate) fn pay_notice(input: &Input) -> Result<minijinja::Value> {
    build(input, Doc::PayNotice)
}
