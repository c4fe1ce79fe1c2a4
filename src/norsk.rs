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

/// Joins names as Norwegian lists them: «a», «a og b», «a, b og c» (the
/// same in both målformer).
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

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

/// «hver tredje måned» (nynorsk «kvar tredje månad»): an interval in
/// months in words, as Språkrådet recommends for small ordinals in running
/// text («hver 3. måned» reads as a date).
pub fn every_nth_month(months: u32, malform: Malform) -> String {
    let nn = malform == Malform::Nynorsk;
    let (every, month) = if nn {
        ("kvar", "månad")
    } else {
        ("hver", "måned")
    };
    let ordinal = match months {
        1 => return format!("{every} {month}"),
        2 => "andre",
        3 => "tredje",
        4 => "fjerde",
        5 => "femte",
        6 => "sjette",
        7 if nn => "sjuande",
        7 => "sjuende",
        8 if nn => "åttande",
        8 => "åttende",
        9 if nn => "niande",
        9 => "niende",
        10 if nn => "tiande",
        10 => "tiende",
        11 => "ellevte",
        12 => "tolvte",
        n => return format!("{every} {n}. {month}"),
    };
    format!("{every} {ordinal} {month}")
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Whether `date` is a Norwegian public holiday (helligdag or høytidsdag,
/// helligdagsloven § 2 and the law of 26 April 1947): 1 January, Maundy
/// Thursday, Good Friday, Easter Sunday and Monday, 1 May, 17 May, Ascension
/// Day, Whit Sunday and Monday, 25 and 26 December.
pub fn is_public_holiday(date: NaiveDate) -> bool {
    if matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (5, 17) | (12, 25) | (12, 26)
    ) {
        return true;
    }
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    let offset = (date - easter).num_days();
    matches!(offset, -3 | -2 | 0 | 1 | 39 | 49 | 50)
}

/// Whether the office is open on `date`: not a Saturday, Sunday or public
/// holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
        && !is_public_holiday(date)
}

/// `date` if it is a working day, else the working day before it: a
/// deadline («senest», «innen») that falls on a weekend or a holiday moves
/// earlier, never later.
pub fn working_day_on_or_before(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    // At most a long Easter weekend plus a weekend: a few steps.
    while !is_working_day(d) {
        match d.pred_opt() {
            Some(p) => d = p,
            None => return date,
        }
    }
    d
}

/// `date` if it is a working day, else the next one: a deadline set by law
/// that ends on a weekend or a holiday runs to the next working day
/// (domstolloven § 149, applied to administrative deadlines).
pub fn working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_working_day(d) {
        match d.succ_opt() {
            Some(n) => d = n,
            None => return date,
        }
    }
    d
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

    /// Norwegian public holidays 2025–2028 as the calendar prints them
    /// (written out by hand, not computed).
    const HOLIDAYS: &[&str] = &[
        "2025-01-01",
        "2025-04-17",
        "2025-04-18",
        "2025-04-20",
        "2025-04-21",
        "2025-05-01",
        "2025-05-17",
        "2025-05-29",
        "2025-06-08",
        "2025-06-09",
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-02",
        "2026-04-03",
        "2026-04-05",
        "2026-04-06",
        "2026-05-01",
        "2026-05-14",
        "2026-05-17",
        "2026-05-24",
        "2026-05-25",
        "2026-12-25",
        "2026-12-26",
        "2027-01-01",
        "2027-03-25",
        "2027-03-26",
        "2027-03-28",
        "2027-03-29",
        "2027-05-01",
        "2027-05-06",
        "2027-05-16",
        "2027-05-17",
        "2027-12-25",
        "2027-12-26",
        "2028-01-01",
        "2028-04-13",
        "2028-04-14",
        "2028-04-16",
        "2028-04-17",
        "2028-05-01",
        "2028-05-17",
        "2028-05-25",
        "2028-06-04",
        "2028-06-05",
        "2028-12-25",
        "2028-12-26",
    ];

    #[test]
    fn public_holidays_match_the_calendar() {
        let listed: std::collections::HashSet<NaiveDate> =
            HOLIDAYS.iter().map(|d| parse_date(d).unwrap()).collect();
        let mut d = parse_date("2025-01-01").unwrap();
        while d.year() <= 2028 {
            assert_eq!(is_public_holiday(d), listed.contains(&d), "{d}");
            d = d.succ_opt().unwrap();
        }
        for (year, easter) in [
            (2024, "2024-03-31"),
            (2029, "2029-04-01"),
            (2030, "2030-04-21"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), parse_date(easter), "{year}");
        }
    }

    #[test]
    fn intervals_in_words() {
        assert_eq!(every_nth_month(3, Malform::Bokmal), "hver tredje måned");
        assert_eq!(every_nth_month(6, Malform::Nynorsk), "kvar sjette månad");
        assert_eq!(every_nth_month(1, Malform::Nynorsk), "kvar månad");
        assert_eq!(every_nth_month(7, Malform::Nynorsk), "kvar sjuande månad");
        assert_eq!(every_nth_month(24, Malform::Bokmal), "hver 24. måned");
    }

    #[test]
    fn deadlines_move_to_the_working_day_before() {
        for (date, moved) in [
            ("2027-08-14", "2027-08-13"), // a Saturday → Friday
            ("2027-08-15", "2027-08-13"), // a Sunday → Friday
            ("2026-04-06", "2026-04-01"), // Easter Monday → the Wednesday before Maundy Thursday
            ("2027-05-17", "2027-05-14"), // Whit Monday and 17 May → Friday
            ("2026-12-26", "2026-12-24"), // Boxing Day (a Saturday) → Christmas Eve, a Thursday
            ("2026-12-24", "2026-12-24"), // a working day stays
        ] {
            assert_eq!(
                working_day_on_or_before(parse_date(date).unwrap()),
                parse_date(moved).unwrap(),
                "{date}"
            );
        }
    }

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

/// An amount in kroner as written in a profile («210», «210,50»,
/// «1 234,50», «1234.5»), in øre; `None` for anything else (also for more
/// than two decimals, a negative amount or more than a billion kroner).
pub fn parse_kroner(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches("kr")
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if whole.is_empty()
        || whole.len() > 9
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let kr: i64 = whole.parse().ok()?;
    let ore: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(kr * 100 + ore)
}

/// An amount in øre in Norwegian format: «kr 1 234,50» (a no-break space
/// between the thousands, so the amount never breaks across lines).
pub fn format_kroner(ore: i64) -> String {
    let sign = if ore < 0 { "−" } else { "" };
    let ore = ore.unsigned_abs();
    let kr = (ore / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in kr.chars().enumerate() {
        if i > 0 && (kr.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("kr\u{a0}{sign}{grouped},{:02}", ore % 100)
}

#[cfg(test)]
mod kroner_tests {
    use super::*;

    #[test]
    fn amounts_are_read_and_written_the_norwegian_way() {
        assert_eq!(parse_kroner("210"), Some(21_000));
        assert_eq!(parse_kroner("210,5"), Some(21_050));
        assert_eq!(parse_kroner("1 234,50"), Some(123_450));
        assert_eq!(parse_kroner("kr 1234.05"), Some(123_405));
        assert_eq!(parse_kroner("12,345"), None);
        assert_eq!(parse_kroner("-5"), None);
        assert_eq!(parse_kroner("fem"), None);
        assert_eq!(format_kroner(123_450), "kr\u{a0}1\u{a0}234,50");
        assert_eq!(format_kroner(5), "kr\u{a0}0,05");
        assert_eq!(format_kroner(100_000_000), "kr\u{a0}1\u{a0}000\u{a0}000,00");
    }
}
