//! The command-line interface. Nothing here is public API.

mod args;
mod batch;
mod bench;
mod frister;
mod output;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser as _;
use saksdok::case::{load_case, load_profile};
use saksdok::diagnostic::Code;
use saksdok::{Diagnostic, Engine, Error, Municipality};

use args::{Cli, Command, DocArg};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every document was produced (exit 0).
    Success,
    /// A problem in the user's data, templates or output folder (exit 1).
    Failure,
    /// A usage or internal error (exit 2).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> Self {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Writes to stderr, ignoring a closed pipe.
pub(crate) fn eprint(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// The CLI's own part of a hint: the flag that fixes the problem, where
/// there is one. The library's hints name fields and values only.
fn flag_hint(code: Code) -> Option<&'static str> {
    match code {
        Code::MissingDate => Some(" or pass --date YYYY-MM-DD"),
        Code::MissingEnclosure => Some(", or render without --med-vedlegg"),
        Code::UnknownChecklist => Some(" (with --liste)"),
        Code::TypstGenerated => Some("; see it with `saksdok render … --format typ`"),
        Code::NoProfile => Some(", or pass --kommune PROFILE.yaml"),
        Code::TimeLimit => Some(" (--time-limit SECS)"),
        _ => None,
    }
}

/// A diagnostic as the terminal shows it: with the flag hint added.
pub(crate) fn show(d: &Diagnostic) -> String {
    match (flag_hint(d.code), &d.hint) {
        // Typst's own hint replaces ours; it needs no flag.
        (Some(_), Some(hint))
            if d.code == Code::TypstGenerated && !hint.contains("generated source") =>
        {
            d.to_string()
        }
        (Some(extra), Some(hint)) => {
            let mut d = d.clone();
            d.hint = Some(format!("{hint}{extra}"));
            d.to_string()
        }
        _ => d.to_string(),
    }
}

/// An error as the terminal shows it.
pub(crate) fn show_error(err: &Error) -> String {
    match err {
        Error::Invalid(diags) => diags.iter().map(show).collect::<Vec<_>>().join("\n\n"),
        Error::Internal(_) => err.to_string(),
    }
}

/// Prints warnings (Typst's, say) to stderr.
pub(crate) fn warn(warnings: &[Diagnostic]) {
    for w in warnings {
        eprint(&show(w));
    }
}

pub(crate) fn report(err: &Error) -> ExitStatus {
    eprint(&show_error(err));
    match err {
        Error::Invalid(_) => ExitStatus::Failure,
        Error::Internal(_) => ExitStatus::Error,
    }
}

/// Parses the arguments and runs the subcommand.
pub fn run() -> ExitStatus {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            };
        }
    };
    match cli.command {
        Command::Render(a) => render(&a),
        Command::Check(a) => check(&a),
        Command::Batch(a) => batch::run(&a),
        Command::Bench(a) => bench::run(&a),
        Command::Frister(a) => frister::run(&a),
        Command::Fonts(a) => match engine(a.templates.as_deref()) {
            Ok(engine) => {
                let mut out = std::io::stdout().lock();
                for family in engine.font_families() {
                    if writeln!(out, "{family}").is_err() {
                        break;
                    }
                }
                ExitStatus::Success
            }
            Err(e) => report(&e),
        },
    }
}

pub(crate) fn engine(templates: Option<&Path>) -> Result<Engine, Error> {
    match templates {
        Some(dir) => Engine::with_template_dir(dir),
        None => Ok(Engine::new()),
    }
}

fn render(a: &args::RenderArgs) -> ExitStatus {
    let target = match output::Target::prepare(&a.output) {
        Ok(t) => t,
        Err(e) => return report(&e),
    };
    let engine = match engine(a.common.templates.as_deref()) {
        Ok(e) => Arc::new(e),
        Err(e) => return report(&e),
    };
    let mut profiles = match Profiles::new(a.common.kommune.as_deref()) {
        Ok(p) => p,
        Err(e) => return report(&e),
    };
    let mut status = ExitStatus::Success;
    for path in &a.cases {
        let result = load_case(path).and_then(|case| {
            let muni = profiles.for_case(path, &case)?.clone();
            let kind: saksdok::DocumentKind = a.doc.into();
            let date = request_date(kind, a.common.date);
            let (liste, with_enclosures, format) = (a.liste.clone(), a.med_vedlegg, a.format);
            let engine = Arc::clone(&engine);
            let rendered = within_time_limit(a.common.time_limit, path, move || {
                let request = saksdok::Request {
                    kind,
                    date,
                    checklist: liste.as_deref(),
                    with_enclosures,
                };
                engine.render_request(&case, &muni, &request, format.into())
            })?;
            target.write_all(&rendered.files)?;
            Ok(rendered)
        });
        match result {
            Ok(rendered) => {
                warn(&rendered.warnings);
                if !a.quiet {
                    for f in &rendered.files {
                        let pages = match (f.name.ends_with(".pdf"), f.pages) {
                            (true, 1) => " (1 page)".to_owned(),
                            (true, p) => format!(" ({p} pages)"),
                            _ => String::new(),
                        };
                        eprint(&format!("wrote {}{pages}", target.display(&f.name)));
                    }
                }
            }
            Err(e) => {
                let s = report(&e);
                if s == ExitStatus::Error || status == ExitStatus::Success {
                    status = s;
                }
            }
        }
    }
    status
}

fn check(a: &args::CheckArgs) -> ExitStatus {
    let engine = match engine(a.common.templates.as_deref()) {
        Ok(e) => Arc::new(e),
        Err(e) => return report(&e),
    };
    let mut profiles = match Profiles::new(a.common.kommune.as_deref()) {
        Ok(p) => p,
        Err(e) => return report(&e),
    };
    let kinds: Vec<saksdok::DocumentKind> = match a.doc {
        Some(d) => vec![d.into()],
        None => DocArg::all().map(Into::into).collect(),
    };
    let mut status = ExitStatus::Success;
    for path in &a.cases {
        let result = load_case(path).and_then(|case| {
            let muni = profiles.for_case(path, &case)?.clone();
            // Only check kinds whose section is present unless asked for one.
            let kinds: Vec<_> = kinds
                .iter()
                .copied()
                .filter(|&kind| a.doc.is_some() || kind.has_data(&case))
                .collect();
            let (date, liste) = (a.common.date, a.liste.clone());
            let engine = Arc::clone(&engine);
            within_time_limit(a.common.time_limit, path, move || {
                let mut warnings = Vec::new();
                for kind in kinds {
                    let request = saksdok::Request {
                        kind,
                        date: request_date(kind, date),
                        checklist: liste.as_deref(),
                        with_enclosures: false,
                    };
                    warnings.extend(engine.check_request(&case, &muni, &request)?);
                }
                Ok(warnings)
            })
        });
        match result {
            Ok(warnings) => {
                warn(&warnings);
                if !a.quiet {
                    eprint(&format!("ok {}", path.display()));
                }
            }
            Err(e) => {
                let s = report(&e);
                if s == ExitStatus::Error || status == ExitStatus::Success {
                    status = s;
                }
            }
        }
    }
    status
}

/// Runs `work` (the typesetting of one case) on its own thread with a large
/// stack, and gives up after `secs` seconds: Typst bounds loops and
/// recursion but not time, so a runaway template fails its case instead of
/// hanging the command. A stopped thread never writes anything (writing
/// happens here, after the result is in); it ends with the process.
fn within_time_limit<T: Send + 'static>(
    secs: u32,
    case: &Path,
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("saksdok-render".into())
        .stack_size(batch::WORKER_STACK)
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|e| Error::Internal(format!("unable to start a thread: {e}")))?;
    match rx.recv_timeout(std::time::Duration::from_secs(u64::from(secs))) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Error::one(
            Diagnostic::error(saksdok::diagnostic::Code::TimeLimit, format!(
                "the document took longer than {secs} s and was stopped"
            ))
            .in_file(case.display().to_string())
            .hint("look for a template loop that runs very long, or raise the limit if the document is just large"),
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::Internal(
            "the typesetting thread stopped without a result".into(),
        )),
    }
}

/// The document date to ask for. A checklist has no date of its own in the
/// case, so the CLI dates it today unless `--date` is given; the library
/// itself never reads the clock.
pub(crate) fn request_date(
    kind: saksdok::DocumentKind,
    date: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    match date {
        None if kind.needs_asked_date() => Some(chrono::Local::now().date_naive()),
        d => d,
    }
}

/// Municipality profiles, each read once per run: the one given with
/// `--kommune`, or the one each case names in `kommuneprofil` (relative to
/// the case file).
pub(crate) struct Profiles {
    forced: Option<PathBuf>,
    loaded: HashMap<PathBuf, Municipality>,
}

impl Profiles {
    /// Reads the `--kommune` profile, if any, before any case is touched.
    pub(crate) fn new(forced: Option<&Path>) -> Result<Self, Error> {
        let mut loaded = HashMap::new();
        if let Some(p) = forced {
            loaded.insert(p.to_path_buf(), load_profile(p)?);
        }
        Ok(Self {
            forced: forced.map(Path::to_path_buf),
            loaded,
        })
    }

    pub(crate) fn for_case(
        &mut self,
        case_path: &Path,
        case: &saksdok::Case,
    ) -> Result<&Municipality, Error> {
        let path = match (&self.forced, &case.profile_path) {
            (Some(p), _) => p.clone(),
            (None, Some(rel)) => case_path
                .parent()
                .unwrap_or(Path::new("."))
                .join(rel.as_str()),
            (None, None) => {
                return Err(Error::one(
                    Diagnostic::error(
                        saksdok::diagnostic::Code::NoProfile,
                        "no municipality profile for this case",
                    )
                    .in_file(case.source.clone())
                    .field("kommuneprofil")
                    .hint(
                        "name the profile in the case file: kommuneprofil: ../kommuner/asker.yaml",
                    ),
                ));
            }
        };
        if !self.loaded.contains_key(&path) {
            let muni = load_profile(&path)?;
            self.loaded.insert(path.clone(), muni);
        }
        Ok(&self.loaded[&path])
    }
}
