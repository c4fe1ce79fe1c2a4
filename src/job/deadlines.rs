//! The deadlines of many cases as one list, sorted by date (what
//! `saksdok frister` prints and a case list shows).

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use super::Profiles;
use crate::case::load_case;
use crate::deadlines::DeadlineKind;
use crate::error::Error;
use crate::norsk;

/// A CSV field (RFC 4180) that a spreadsheet will not run: a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`, then
/// the field is quoted if it holds a comma, a quote or a line break.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One deadline of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineRow {
    /// The day.
    pub date: NaiveDate,
    /// The case reference.
    pub reference: String,
    /// The youth's name.
    pub name: String,
    /// What the deadline is.
    pub kind: DeadlineKind,
    /// Its description in the case's målform.
    pub label: &'static str,
    /// The weekday in the case's målform.
    pub weekday: &'static str,
}

/// The deadlines of `cases` from `from` on (every one with `None`), sorted
/// by date, case reference and kind, with the problems of the cases that
/// could not be read.
pub fn deadline_rows(
    cases: &[PathBuf],
    profiles: &Profiles,
    from: Option<NaiveDate>,
) -> (Vec<DeadlineRow>, Vec<Error>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for path in cases {
        let result = load_case(path).and_then(|case| {
            let muni = profiles.for_case(Some(path), &case)?;
            let malform = muni.malform;
            for d in case.deadlines(&muni) {
                if from.is_none_or(|f| d.kind.listed_from(d.date, f)) {
                    rows.push(DeadlineRow {
                        date: d.date,
                        reference: case.reference.clone(),
                        name: case.youth.name(),
                        kind: d.kind,
                        label: d.kind.label(malform),
                        weekday: norsk::weekday_name(d.date.weekday(), malform),
                    });
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    rows.sort_by(|x, y| (x.date, &x.reference, x.kind).cmp(&(y.date, &y.reference, y.kind)));
    (rows, errors)
}
