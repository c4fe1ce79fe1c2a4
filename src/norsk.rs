//! Norwegian conventions that are not data: målform, dates as they are
//! written (`2026-06-15` or `15.06.2026`) and in words, weekday names in
//! bokmål and nynorsk, and month arithmetic. A leaf: it uses only chrono.
//!
//! Dates are formatted here in Rust rather than in Typst because Typst's
//! `datetime.display()` does not localise month names.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::Serialize;

/// The written standard of a document: bokmål or nynorsk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Malform {
    /// Bokmål (`nb`).
    #[serde(rename = "nb")]
    Bokmal,
    /// Nynorsk (`nn`).
    #[serde(rename = "nn")]
    Nynorsk,
}

impl Malform {
    /// Parses the language code used in profiles (`nb` or `nn`).
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "nb" => Some(Self::Bokmal),
            "nn" => Some(Self::Nynorsk),
            _ => None,
        }
    }

    /// The ISO 639-1 code, also used as Typst's `text(lang: …)`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Bokmal => "nb",
            Self::Nynorsk => "nn",
        }
    }
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// The lower-case month name (identical in bokmål and nynorsk).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// The lower-case weekday name in the given målform.
pub fn weekday_name(day: Weekday, malform: Malform) -> &'static str {
    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    match (day, malform) {
        (Mon, Malform::Bokmal) => "mandag",
        (Mon, Malform::Nynorsk) => "måndag",
        (Tue, Malform::Bokmal) => "tirsdag",
        (Tue, Malform::Nynorsk) => "tysdag",
        (Wed, _) => "onsdag",
        (Thu, _) => "torsdag",
        (Fri, _) => "fredag",
        (Sat, Malform::Bokmal) => "lørdag",
        (Sat, Malform::Nynorsk) => "laurdag",
        (Sun, _) => "søndag",
    }
}

/// `15. juni 2026`: day without leading zero, full stop, lower-case month.
pub fn date_long(date: NaiveDate) -> String {
    format!(
        "{}. {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// `mandag 15. juni 2026` / nynorsk `måndag 15. juni 2026`.
pub fn date_with_weekday(date: NaiveDate, malform: Malform) -> String {
    format!(
        "{} {}",
        weekday_name(date.weekday(), malform),
        date_long(date)
    )
}

/// `15.06.2026`.
pub fn date_short(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// The years a date in a case file or profile may have. Nobody saksdok
/// writes about was born before 1900, and no plan runs past 2100; a date
/// outside is a typing error (`9999-12-31`, `+2009-6-15`), and keeping to
/// it means no date arithmetic in saksdok can overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses a date written as `2026-06-15` or `15.06.2026`: exactly these
/// shapes (two-digit day and month, four-digit year, no sign), a day that
/// exists, a year in [`YEARS`].
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    date_shape(s.trim()).filter(|d| YEARS.contains(&d.year()))
}

/// Whether `s` is written as a date (either shape, a day that exists),
/// whatever its year: to tell «not a date» from «a year out of range».
pub fn is_date_shaped(s: &str) -> bool {
    date_shape(s.trim()).is_some()
}

fn date_shape(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() != 10 {
        return None;
    }
    let (y, m, d) = if b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10)
    {
        (&s[0..4], &s[5..7], &s[8..10])
    } else if b[2] == b'.' && b[5] == b'.' && digits(0..2) && digits(3..5) && digits(6..10) {
        (&s[6..10], &s[3..5], &s[0..2])
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Adds (or with a negative `n`, subtracts) calendar months, clamping to
/// the month's end: 31 August − 6 months = 28/29 February.
pub fn add_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    let m = Months::new(n.unsigned_abs());
    if n >= 0 {
        date.checked_add_months(m)
    } else {
        date.checked_sub_months(m)
    }
}

/// The day a person born on `dob` turns `years` old. A 29 February birth
/// turns a year older on 1 March in non-leap years (domain.md §4 leaves the
/// rule open; this is the reading of "fylt N år" that never makes a minor an
/// adult early).
pub fn birthday(dob: NaiveDate, years: i32) -> Option<NaiveDate> {
    let year = dob.year().checked_add(years)?;
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// Whole years between `dob` and `on`.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_notations() {
        let d = NaiveDate::from_ymd_opt(2026, 6, 15);
        assert_eq!(parse_date("2026-06-15"), d);
        assert_eq!(parse_date("15.06.2026"), d);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("30.02.2026"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-6-15"), None);
        assert_eq!(parse_date("i morgen"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates() {
        assert_eq!(date_long(d(2026, 6, 15)), "15. juni 2026");
        assert_eq!(date_long(d(2026, 11, 3)), "3. november 2026");
        assert_eq!(date_short(d(2026, 11, 3)), "03.11.2026");
    }

    #[test]
    fn weekdays_follow_malform() {
        assert_eq!(
            date_with_weekday(d(2026, 11, 23), Malform::Bokmal),
            "mandag 23. november 2026"
        );
        assert_eq!(
            date_with_weekday(d(2026, 11, 23), Malform::Nynorsk),
            "måndag 23. november 2026"
        );
        assert_eq!(weekday_name(Weekday::Tue, Malform::Nynorsk), "tysdag");
        assert_eq!(weekday_name(Weekday::Sat, Malform::Nynorsk), "laurdag");
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(add_months(d(2026, 8, 31), -6), Some(d(2026, 2, 28)));
        assert_eq!(add_months(d(2027, 8, 31), -6), Some(d(2027, 2, 28)));
        assert_eq!(add_months(d(2028, 8, 31), -6), Some(d(2028, 2, 29)));
        assert_eq!(add_months(d(2026, 11, 23), 3), Some(d(2027, 2, 23)));
    }

    #[test]
    fn worked_example_from_domain_brief() {
        let dob = d(2009, 6, 15);
        let eighteen = birthday(dob, 18).unwrap();
        assert_eq!(eighteen, d(2027, 6, 15));
        assert_eq!(add_months(eighteen, -6), Some(d(2026, 12, 15)));
        assert_eq!(age_on(dob, d(2026, 11, 23)), 17);
        assert_eq!(age_on(dob, d(2027, 6, 15)), 18);
    }

    #[test]
    fn leap_day_birthday_moves_to_first_of_march() {
        assert_eq!(birthday(d(2008, 2, 29), 18), Some(d(2026, 3, 1)));
        assert_eq!(birthday(d(2008, 2, 29), 16), Some(d(2024, 2, 29)));
    }
}
