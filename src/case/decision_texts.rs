//! The legal text blocks of a decision letter (`vedtakstekster` in the
//! profile): the legal basis, the right to appeal, the appeal deadline, how
//! to appeal, the appeal body and the right to see the case documents
//! (forvaltningsloven § 27; domain.md §2.3, §2.9). They are versioned data,
//! not template text: laws get renumbered (a new forvaltningslov is on its
//! way), so each version says from which day it holds, and a decision uses
//! the version in force on its date.
//!
//! The appeal deadline runs from the day the letter reached the party
//! (fvl. § 29), so letters state the rule; a profile that wants an
//! estimated date too says how many days the post takes (`klagefrist_dato`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::check::Checker;
use super::located::{DateText, Located, Text};
use super::profile::Bilingual;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// As written in the profile.
pub(crate) mod raw {
    use super::*;
    use crate::case::profile::raw::Offer;

    /// The estimated appeal deadline, for profiles that want a date.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct EstimatedDeadline {
        /// Days from the letter's date to the day it is taken to reach the
        /// party (post: 3 to 5 working days; digital post: 0 or 1).
        pub postgang_dager: Located<u32>,
    }

    /// One version of the texts.
    #[derive(Debug, Clone, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    pub struct Version {
        /// The first day this version holds.
        #[schemars(with = "DateText")]
        pub gjelder_fra: Text,
        /// The legal basis of an aftercare decision («barnevernsloven § 3-6»).
        pub hjemmel_ettervern: Offer,
        /// That the party may appeal, and why (fvl. § 28).
        pub klagerett: Offer,
        /// The appeal deadline as a rule (fvl. § 29): «tre uker fra …».
        pub klagefrist: Offer,
        /// How to appeal: in writing, what to write, sent to the service
        /// (fvl. § 32), which forwards it.
        pub klage_fremgangsmaate: Offer,
        /// The appeal body («Statsforvalteren i Vestland»).
        pub klageinstans: Offer,
        /// The right to see the case documents (fvl. §§ 18 and 19).
        pub innsyn: Offer,
        /// Print an estimated last day for the appeal too; without it the
        /// letter states only the rule.
        #[serde(default)]
        pub klagefrist_dato: Option<EstimatedDeadline>,
    }
}

/// One version of the texts, checked.
#[derive(Debug, Clone)]
pub struct DecisionTexts {
    /// `gjelder_fra`.
    pub valid_from: NaiveDate,
    /// `hjemmel_ettervern`.
    pub aftercare_basis: Bilingual,
    /// `klagerett`.
    pub right_to_appeal: Bilingual,
    /// `klagefrist`.
    pub appeal_deadline: Bilingual,
    /// `klage_fremgangsmaate`.
    pub how_to_appeal: Bilingual,
    /// `klageinstans`.
    pub appeal_body: Bilingual,
    /// `innsyn`.
    pub access: Bilingual,
    /// `klagefrist_dato.postgang_dager`.
    pub post_days: Option<u32>,
}

impl DecisionTexts {
    /// The estimated last day to appeal a letter dated `date`, when the
    /// profile asks for one: the day it is taken to arrive + three weeks,
    /// moved to the next working day when it falls on a weekend or holiday.
    pub fn estimated_deadline(&self, date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let arrives = date.checked_add_days(chrono::Days::new(u64::from(self.post_days?)))?;
        let last = arrives.checked_add_days(chrono::Days::new(21))?;
        Some((arrives, crate::norsk::working_day_on_or_after(last)))
    }
}

/// Checks every version: dates, texts, and no two from the same day.
pub(crate) fn parse(c: &mut Checker, list: &[raw::Version]) -> Vec<DecisionTexts> {
    let f = "vedtakstekster";
    let both = |c: &mut Checker, o: &crate::case::profile::raw::Offer, field: &str| Bilingual {
        nb: c.text(&o.nb, &format!("{field}.nb")),
        nn: c.text(&o.nn, &format!("{field}.nn")),
    };
    let mut out: Vec<DecisionTexts> = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let q = format!("{f}[{i}]");
        let valid_from = c.date(&v.gjelder_fra, &format!("{q}.gjelder_fra"));
        if let Some(d) = valid_from
            && out.iter().any(|o| o.valid_from == d)
        {
            c.error(
                Code::Duplicate,
                &v.gjelder_fra,
                &format!("{q}.gjelder_fra"),
                "two versions of the decision texts hold from the same day",
                "each version has its own `gjelder_fra`; remove or redate one",
            );
        }
        let post_days = v.klagefrist_dato.as_ref().map(|e| e.postgang_dager.value);
        if let Some(e) = &v.klagefrist_dato
            && e.postgang_dager.value > 30
        {
            c.error(
                Code::Limit,
                &Text {
                    value: e.postgang_dager.value.to_string(),
                    loc: e.postgang_dager.loc,
                },
                &format!("{q}.klagefrist_dato.postgang_dager"),
                "more than 30 days of post",
                "the days a letter takes to arrive: a few working days by post, 0 or 1 by digital post",
            );
        }
        out.push(DecisionTexts {
            valid_from: valid_from.unwrap_or_default(),
            aftercare_basis: both(c, &v.hjemmel_ettervern, &format!("{q}.hjemmel_ettervern")),
            right_to_appeal: both(c, &v.klagerett, &format!("{q}.klagerett")),
            appeal_deadline: both(c, &v.klagefrist, &format!("{q}.klagefrist")),
            how_to_appeal: both(
                c,
                &v.klage_fremgangsmaate,
                &format!("{q}.klage_fremgangsmaate"),
            ),
            appeal_body: both(c, &v.klageinstans, &format!("{q}.klageinstans")),
            access: both(c, &v.innsyn, &format!("{q}.innsyn")),
            post_days,
        });
    }
    out
}

/// The version in force on `date`: the latest that holds from that day or
/// before. An error naming the profile when there is none.
pub(crate) fn in_force<'a>(
    versions: &'a [DecisionTexts],
    date: NaiveDate,
    profile: &str,
) -> Result<&'a DecisionTexts> {
    versions
        .iter()
        .filter(|v| v.valid_from <= date)
        .max_by_key(|v| v.valid_from)
        .ok_or_else(|| {
            let msg = if versions.is_empty() {
                "the profile has no decision texts (the legal basis and the appeal information)"
                    .to_owned()
            } else {
                format!(
                    "no version of the profile's decision texts holds on {}",
                    crate::norsk::date_long(date)
                )
            };
            Error::one(
                Diagnostic::error(Code::MissingProfileData, msg)
                    .in_file(profile)
                    .field("vedtakstekster")
                    .hint("add a version under `vedtakstekster:` with `gjelder_fra:` on or before the decision's date, and the texts hjemmel_ettervern, klagerett, klagefrist, klage_fremgangsmaate, klageinstans and innsyn in nb and nn"),
            )
        })
}
