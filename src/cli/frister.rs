//! `saksdok frister`: the upcoming deadlines of many cases as one table.

use saksdok::job::deadline_rows;
use saksdok::norsk;

use super::args::FristerArgs;
use super::{ExitStatus, report};

/// A table cell on one line: line breaks and terminal escapes shown, not
/// obeyed.
fn cell(s: &str) -> String {
    saksdok::diagnostic::printable(s).into_owned()
}

pub fn run(a: &FristerArgs) -> ExitStatus {
    // The CLI may read the clock; the library never does.
    let from = a.fra.unwrap_or_else(super::today);
    let profiles = match super::profiles(a.kommune.as_deref(), a.kommuner.as_deref()) {
        Ok(p) => p,
        Err(e) => return report(&e),
    };
    let (rows, errors) = deadline_rows(&a.cases, &profiles, (!a.alle).then_some(from));
    let status = errors
        .iter()
        .fold(ExitStatus::Success, |s, e| s.and(report(e)));
    let mut lines = Vec::new();
    if a.csv {
        lines.push("dato,saksnummer,navn,frist,beskrivelse".to_owned());
        for r in &rows {
            lines.push(format!(
                "{},{},{},{},{}",
                r.date.format("%Y-%m-%d"),
                saksdok::job::csv_field(&r.reference),
                saksdok::job::csv_field(&r.name),
                r.kind.name(),
                saksdok::job::csv_field(r.label)
            ));
        }
    } else {
        let head = ["Dato", "Saksnummer", "Navn", "Frist"];
        let cells: Vec<[String; 4]> = rows
            .iter()
            .map(|r| {
                [
                    format!("{} {}", r.weekday, norsk::date_short(r.date)),
                    cell(&r.reference),
                    cell(&r.name),
                    r.label.to_owned(),
                ]
            })
            .collect();
        let width = |i: usize| {
            cells
                .iter()
                .map(|c| c[i].chars().count())
                .chain([head[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths = [width(0), width(1), width(2)];
        let fmt = |c: [&str; 4]| {
            let pad = |s: &str, w: usize| {
                format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
            };
            format!(
                "{}  {}  {}  {}",
                pad(c[0], widths[0]),
                pad(c[1], widths[1]),
                pad(c[2], widths[2]),
                c[3]
            )
        };
        lines.push(fmt(head));
        for c in &cells {
            lines.push(fmt([&c[0], &c[1], &c[2], &c[3]]));
        }
        if rows.is_empty() {
            lines.push(format!("(ingen frister fra {})", norsk::date_short(from)));
        }
    }
    status.and(super::to_stdout(|out| {
        for line in lines {
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }))
}
