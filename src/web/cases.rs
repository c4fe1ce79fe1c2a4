//! The case folder as the app sees it: each case file by an opaque id (a
//! hash of its file name, so no name or file name is ever in a URL), read
//! only from inside the folder, and loaded by the library with its
//! problems.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::App;
use crate::case::{Case, Municipality};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::job::CaseInput;
use crate::kind::{DocumentKind, Subject};

/// The opaque id of a case file: 16 hex digits of a SHA-256 of its name.
pub fn id_of(file_name: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(file_name.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The case files of the folder: regular `.yaml`/`.yml` files directly in
/// it whose real path is inside it (a link out of the folder is left out).
pub fn files(app: &App) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(&app.saker) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        })
        .filter(|p| inside(&app.saker, p))
        .collect();
    out.sort();
    out
}

/// Whether `p` is a regular file whose real path is inside `root`.
fn inside(root: &Path, p: &Path) -> bool {
    std::fs::canonicalize(p).is_ok_and(|real| real.starts_with(root) && real.is_file())
}

/// The case file with this id, if there is one in the folder.
pub fn find(app: &App, id: &str) -> Option<PathBuf> {
    if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    files(app).into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| id_of(n) == id)
    })
}

/// A diagnostic as a page shows it: the file by its name only.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: &'static str,
    pub line: Option<u32>,
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Self {
            severity: match d.severity {
                crate::diagnostic::Severity::Error => "error",
                crate::diagnostic::Severity::Warning => "warning",
            },
            line: d.loc.map(|l| l.line),
            field: d.field.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// The problems of an error, for a page.
pub fn problems(e: &Error) -> Vec<Problem> {
    e.diagnostics().iter().map(Problem::from).collect()
}

/// A document a case can make.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    /// The kind's name (in URLs).
    pub kind: &'static str,
    /// Its name for people.
    pub title: &'static str,
}

/// One row of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub file: String,
    pub reference: Option<String>,
    pub name: Option<String>,
    pub caseworker: Option<String>,
    pub problems: Vec<Problem>,
    /// The next deadline from today: the date (ISO, and as printed) and
    /// what it is.
    pub next_deadline: Option<(String, String, &'static str)>,
    pub documents: Vec<Doc>,
}

/// The documents `case` has data for, in the table's order.
pub fn documents(case: &Case) -> Vec<Doc> {
    DocumentKind::ALL
        .iter()
        .filter(|k| k.subject() == Subject::Case && k.has_data(case))
        .map(|k| Doc {
            kind: k.name(),
            title: k.title(),
        })
        .collect()
}

/// Loads a case file with the library: the case and its profile, or its
/// problems.
pub fn load(app: &App, path: &Path) -> Result<(Case, std::sync::Arc<Municipality>), Error> {
    app.job.load(CaseInput::File(path))
}

/// The list of every case file, valid or not.
pub fn list(app: &App, today: NaiveDate) -> Vec<Entry> {
    files(app)
        .into_iter()
        .map(|path| {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let mut entry = Entry {
                id: id_of(&file),
                file,
                reference: None,
                name: None,
                caseworker: None,
                problems: Vec::new(),
                next_deadline: None,
                documents: Vec::new(),
            };
            match load(app, &path) {
                Ok((case, muni)) => {
                    entry.reference = Some(case.reference.clone());
                    entry.name = Some(case.youth.name());
                    entry.caseworker = Some(case.staff(case.caseworker).name.clone());
                    entry.next_deadline = case
                        .deadlines(&muni)
                        .into_iter()
                        .find(|d| d.kind.listed_from(d.date, today))
                        .map(|d| {
                            (
                                d.date.format("%Y-%m-%d").to_string(),
                                crate::norsk::date_short(d.date),
                                d.kind.label(muni.malform),
                            )
                        });
                    entry.documents = documents(&case);
                }
                Err(e) => {
                    if let Some(h) = crate::case::peek_case(&path) {
                        entry.reference = h.saksnummer;
                    }
                    entry.problems = problems(&e);
                }
            }
            entry
        })
        .collect()
}

/// One upcoming deadline of one case, for the deadlines page.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineRow {
    pub id: String,
    /// ISO date.
    pub date: String,
    /// As printed («15.12.2026»).
    pub shown: String,
    pub reference: String,
    pub caseworker: String,
    pub label: &'static str,
}

/// Every deadline of the valid cases from `today`, sorted by caseworker,
/// date and case reference.
pub fn deadlines(app: &App, today: NaiveDate) -> Vec<DeadlineRow> {
    let mut rows = Vec::new();
    for path in files(app) {
        let Ok((case, muni)) = load(app, &path) else {
            continue;
        };
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        for d in case
            .deadlines(&muni)
            .into_iter()
            .filter(|d| d.kind.listed_from(d.date, today))
        {
            rows.push(DeadlineRow {
                id: id_of(file),
                date: d.date.format("%Y-%m-%d").to_string(),
                shown: crate::norsk::date_short(d.date),
                reference: case.reference.clone(),
                caseworker: case.staff(case.caseworker).name.clone(),
                label: d.kind.label(muni.malform),
            });
        }
    }
    rows.sort_by(|a, b| {
        (&a.caseworker, &a.date, &a.reference).cmp(&(&b.caseworker, &b.date, &b.reference))
    });
    rows
}

/// The deadlines as CSV (safe for spreadsheets): date, case, caseworker,
/// deadline.
pub fn deadlines_csv(rows: &[DeadlineRow]) -> String {
    let mut out = String::from("dato,saksnummer,saksbehandler,frist\r\n");
    for r in rows {
        let fields = [r.date.as_str(), &r.reference, &r.caseworker, r.label];
        let line: Vec<String> = fields.iter().map(|f| crate::job::csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// iCalendar text: `,`, `;` and `\` escaped, line breaks as `\n`.
fn ics_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The deadlines as an iCalendar file: one all-day event per deadline,
/// with only the deadline and the case reference (no name, no ID number).
/// `stamp` is the day it is made (the calendar's DTSTAMP).
pub fn deadlines_ics(rows: &[DeadlineRow], stamp: NaiveDate) -> String {
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//saksdok//frister//NO\r\nCALSCALE:GREGORIAN\r\n",
    );
    for r in rows {
        let day = r.date.replace('-', "");
        let uid = id_of(&format!("{}|{}|{}", r.reference, r.date, r.label));
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&format!("UID:{uid}@saksdok\r\n"));
        out.push_str(&format!("DTSTAMP:{}T000000Z\r\n", stamp.format("%Y%m%d")));
        out.push_str(&format!("DTSTART;VALUE=DATE:{day}\r\n"));
        out.push_str(&format!(
            "SUMMARY:{}\r\n",
            ics_text(&format!("{} – sak {}", r.label, r.reference))
        ));
        out.push_str("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The files a request for `kind` makes, as a page names them: one per
/// recipient for a følgebrev («Til ungdommen», «Kopi til vergen», «Kopi til
/// Fiktiv skole»), one unnamed file otherwise.
pub fn recipients(case: &Case, kind: &str, malform: crate::norsk::Malform) -> Vec<String> {
    if DocumentKind::from_name(kind) != Some(DocumentKind::Folgebrev) {
        return vec![String::new()];
    }
    let guardian = match malform {
        crate::norsk::Malform::Nynorsk => "verja",
        crate::norsk::Malform::Bokmal => "vergen",
    };
    let mut out = vec!["Til ungdommen".to_owned()];
    for c in case.folgebrev.iter().flat_map(|f| f.copies.iter()) {
        out.push(match &c.to {
            crate::case::sections::folgebrev::CopyTo::Guardian => format!("Kopi til {guardian}"),
            crate::case::sections::folgebrev::CopyTo::Outside { name, .. } => {
                format!("Kopi til {name}")
            }
        });
    }
    out
}
