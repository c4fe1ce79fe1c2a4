//! Deadline arithmetic (domain.md §4): the 18th birthday, the aftercare
//! dialogue at the latest, the last day aftercare may run, evaluation
//! intervals, and the names of deadlines in both målformer. A leaf over
//! `norsk`: date-only arithmetic, months clamp to month end. A case's own
//! list of deadlines is `Case::deadlines`.

use chrono::NaiveDate;

use crate::norsk::{self, Malform};

/// Months before the 18th birthday by which the aftercare dialogue must
/// have started, unless the municipality's profile says otherwise
/// (`ettervern_samtale_maaneder`; Alver's routine, seed 002: «senest et
/// halvt år»).
pub const AFTERCARE_DIALOGUE_MONTHS: u32 = 6;

/// Default evaluation interval of an ordinary plan (Q-0982: quarterly).
pub const DEFAULT_EVALUATION_MONTHS: u32 = 3;

/// Evaluation interval of a plan for an institution stay (half-yearly).
pub const INSTITUTION_EVALUATION_MONTHS: u32 = 6;

/// The age-based dates of a youth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeDates {
    /// The 18th birthday: guardianship ends, aftercare may start.
    pub attenarsdag: NaiveDate,
    /// The aftercare dialogue must have started by this day (18th birthday −
    /// the profile's months, 6 by default, moved to the working day before if that is a weekend or a
    /// holiday).
    pub ettervern_dialog: NaiveDate,
    /// The decision on aftercare must be made by this day: before the 18th
    /// birthday, so the working day before it.
    pub ettervern_vedtak: NaiveDate,
    /// The last day aftercare measures may run (the day before the 25th
    /// birthday, bvl. § 3-6).
    pub ettervern_siste_dag: NaiveDate,
}

/// Computes the age-based dates from a registered birth date, with the
/// aftercare dialogue `dialogue_months` before the 18th birthday.
pub fn age_dates(birth_date: NaiveDate, dialogue_months: u32) -> Option<AgeDates> {
    let attenarsdag = norsk::birthday(birth_date, 18)?;
    Some(AgeDates {
        attenarsdag,
        ettervern_dialog: norsk::working_day_on_or_before(norsk::add_months(
            attenarsdag,
            -i32::try_from(dialogue_months).ok()?,
        )?),
        ettervern_vedtak: norsk::working_day_on_or_before(attenarsdag.pred_opt()?),
        ettervern_siste_dag: norsk::birthday(birth_date, 25)?.pred_opt()?,
    })
}

/// The evaluation date `months` after the plan date: the working day on or
/// before it (an evaluation is due «innen» that day).
pub fn next_evaluation(plan_date: NaiveDate, months: u32) -> Option<NaiveDate> {
    norsk::add_months(plan_date, i32::try_from(months).ok()?).map(norsk::working_day_on_or_before)
}

/// What a deadline is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeadlineKind {
    /// Aftercare dialogue at the latest.
    EttervernDialog,
    /// Decision on aftercare at the latest.
    EttervernVedtak,
    /// 18th birthday (guardianship ends).
    Attenarsdag,
    /// Plan evaluation.
    Evaluering,
    /// Last day of aftercare.
    EttervernSisteDag,
    /// The youth declined aftercare: ask again within a year.
    EttervernNyttTilbud,
    /// The settlement routine is due for its yearly evaluation (listed
    /// until it is done, also after the day).
    RutineEvaluering,
    /// The health routine is due for its yearly evaluation (listed until
    /// it is done).
    HelseRutineEvaluering,
    /// The routine for cooperation with guardians is due for its yearly
    /// evaluation (listed until it is done).
    VergeRutineEvaluering,
    /// The særkontakt routine is due for its yearly evaluation (listed
    /// until it is done).
    SaerkontaktRutineEvaluering,
}

impl DeadlineKind {
    /// The label in the given målform.
    pub fn label(self, malform: Malform) -> &'static str {
        match (self, malform) {
            (Self::EttervernDialog, Malform::Bokmal) => "Samtale om ettervern senest",
            (Self::EttervernDialog, Malform::Nynorsk) => "Samtale om ettervern seinast",
            (Self::EttervernVedtak, Malform::Bokmal) => "Vedtak om ettervern senest",
            (Self::EttervernVedtak, Malform::Nynorsk) => "Vedtak om ettervern seinast",
            (Self::Attenarsdag, Malform::Bokmal) => "Fyller 18 år (vergemålet slutter)",
            (Self::Attenarsdag, Malform::Nynorsk) => "Fyller 18 år (verjemålet sluttar)",
            (Self::Evaluering, Malform::Bokmal) => "Evaluering av tiltaksplan",
            (Self::Evaluering, Malform::Nynorsk) => "Evaluering av tiltaksplan",
            (Self::EttervernSisteDag, Malform::Bokmal) => "Siste dag for ettervern",
            (Self::EttervernSisteDag, Malform::Nynorsk) => "Siste dag for ettervern",
            (Self::EttervernNyttTilbud, Malform::Bokmal) => {
                "Nytt tilbud om ettervern (tilbudet ble avslått)"
            }
            (Self::EttervernNyttTilbud, Malform::Nynorsk) => {
                "Nytt tilbod om ettervern (tilbodet vart avslått)"
            }
            (Self::RutineEvaluering, Malform::Bokmal) => "Rutinen for bosetting skal evalueres",
            (Self::RutineEvaluering, Malform::Nynorsk) => "Rutinen for busetjing skal evaluerast",
            (Self::HelseRutineEvaluering, Malform::Bokmal) => {
                "Rutinen for helseoppfølging skal evalueres"
            }
            (Self::HelseRutineEvaluering, Malform::Nynorsk) => {
                "Rutinen for helseoppfølging skal evaluerast"
            }
            (Self::VergeRutineEvaluering, Malform::Bokmal) => {
                "Rutinen for samarbeid med verger skal evalueres"
            }
            (Self::VergeRutineEvaluering, Malform::Nynorsk) => {
                "Rutinen for samarbeid med verjer skal evaluerast"
            }
            (Self::SaerkontaktRutineEvaluering, Malform::Bokmal) => {
                "Rutinen for særkontakter skal evalueres"
            }
            (Self::SaerkontaktRutineEvaluering, Malform::Nynorsk) => {
                "Rutinen for særkontaktar skal evaluerast"
            }
        }
    }

    /// A stable machine name (CSV).
    pub fn name(self) -> &'static str {
        match self {
            Self::EttervernDialog => "ettervern_dialog",
            Self::EttervernVedtak => "ettervern_vedtak",
            Self::Attenarsdag => "attenarsdag",
            Self::Evaluering => "evaluering",
            Self::EttervernSisteDag => "ettervern_siste_dag",
            Self::EttervernNyttTilbud => "ettervern_nytt_tilbud",
            Self::RutineEvaluering => "rutine_evaluering",
            Self::HelseRutineEvaluering => "helserutine_evaluering",
            Self::VergeRutineEvaluering => "vergerutine_evaluering",
            Self::SaerkontaktRutineEvaluering => "saerkontaktrutine_evaluering",
        }
    }

    /// Whether a deadline of this kind is listed from `from` on: when it
    /// is on or after that day, or (a routine to evaluate) until it is done.
    pub fn listed_from(self, date: NaiveDate, from: NaiveDate) -> bool {
        date >= from
            || matches!(
                self,
                Self::RutineEvaluering
                    | Self::HelseRutineEvaluering
                    | Self::VergeRutineEvaluering
                    | Self::SaerkontaktRutineEvaluering
            )
    }
}

/// One deadline of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The day.
    pub date: NaiveDate,
    /// What it is.
    pub kind: DeadlineKind,
}

#[cfg(test)]
mod tests {
    fn age_dates_6(b: NaiveDate) -> Option<AgeDates> {
        age_dates(b, AFTERCARE_DIALOGUE_MONTHS)
    }
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// domain.md §4: dob 2009-06-15 → 18 on 2027-06-15, dialogue by
    /// 2026-12-15, aftercare until 2034-06-14; plan 2026-11-23 → 2027-02-23.
    #[test]
    fn worked_example() {
        let a = age_dates_6(d(2009, 6, 15)).unwrap();
        assert_eq!(a.attenarsdag, d(2027, 6, 15));
        assert_eq!(a.ettervern_dialog, d(2026, 12, 15));
        assert_eq!(a.ettervern_siste_dag, d(2034, 6, 14));
        assert_eq!(next_evaluation(d(2026, 11, 23), 3), Some(d(2027, 2, 23)));
    }

    #[test]
    fn month_end_clamping() {
        // 18 on 31 August 2027: dialogue by 28 February 2027 (not 3 March),
        // a Sunday, so by Friday 26 February.
        let a = age_dates_6(d(2009, 8, 31)).unwrap();
        assert_eq!(a.ettervern_dialog, d(2027, 2, 26));
        // In a leap year it is the 29th.
        let a = age_dates_6(d(2010, 8, 31)).unwrap();
        assert_eq!(a.ettervern_dialog, d(2028, 2, 29));
        // A plan made on 31 May is evaluated on 31 August, one from
        // 30 November on 28 February (a Sunday in 2027: Friday the 26th).
        assert_eq!(next_evaluation(d(2026, 5, 31), 3), Some(d(2026, 8, 31)));
        assert_eq!(next_evaluation(d(2026, 11, 30), 3), Some(d(2027, 2, 26)));
        assert_eq!(next_evaluation(d(2026, 8, 31), 6), Some(d(2027, 2, 26)));
        assert_eq!(next_evaluation(d(2027, 11, 30), 3), Some(d(2028, 2, 29)));
    }

    #[test]
    fn leap_day_birthdays() {
        // Born 29 February 2008: 18 on 1 March 2026 (2026 is not a leap
        // year), so still a minor on 28 February.
        let a = age_dates_6(d(2008, 2, 29)).unwrap();
        assert_eq!(a.attenarsdag, d(2026, 3, 1));
        assert_eq!(a.ettervern_dialog, d(2025, 9, 1));
        // 25 on 1 March 2033: aftercare may run until 28 February 2033.
        assert_eq!(a.ettervern_siste_dag, d(2033, 2, 28));
        // Born 29 February 2012: 18 on 29 February 2030? 2030 is not a
        // leap year either: 1 March 2030.
        assert_eq!(
            age_dates_6(d(2012, 2, 29)).unwrap().attenarsdag,
            d(2030, 3, 1)
        );
    }
}
