//! The command-line interface: parses arguments, calls the library
//! ([`saksdok::job`]), prints diagnostics (with the flags that fix them) and
//! maps outcomes to exit codes. Nothing here is public API. The clock is
//! read only here.

mod args;
mod batch;
mod bench;
mod frister;
mod schema;

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use clap::Parser as _;
use saksdok::diagnostic::Code;
use saksdok::export::write::OutputDir;
use saksdok::job::{CaseInput, Job, Profiles};
use saksdok::{Diagnostic, DocumentKind, Engine, Error, Request};

use args::{Cli, Command};

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

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        match s {
            ExitStatus::Success => Self::SUCCESS,
            ExitStatus::Failure => Self::from(1),
            ExitStatus::Error => Self::from(2),
        }
    }
}

impl ExitStatus {
    /// The worse of two outcomes.
    fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::Error, _) | (_, Self::Error) => Self::Error,
            (Self::Failure, _) | (_, Self::Failure) => Self::Failure,
            _ => Self::Success,
        }
    }
}

/// Writes to stderr, ignoring a closed pipe. Each line is escaped
/// ([`saksdok::diagnostic::printable`]): a file name or value with terminal
/// escapes is shown, not obeyed.
pub(crate) fn eprint(msg: &str) {
    let text: Vec<_> = msg
        .split('\n')
        .map(saksdok::diagnostic::printable)
        .collect();
    let _ = writeln!(std::io::stderr(), "{}", text.join("\n"));
}

/// Writes to standard output with `write`, then flushes: a failure (a full
/// disk, a closed pipe) is an error, never a silent success.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> ExitStatus {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(e) => report(&Error::one(
            Diagnostic::error(
                Code::Output,
                format!("unable to write to standard output: {e}"),
            )
            .in_file("<stdout>")
            .hint("the output is incomplete; check free disk space, or what reads the output"),
        )),
    }
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

/// Prints an error; its exit status.
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
        Command::Journalnotat(a) => journal(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Serve(a) => serve(&a),
        Command::BatchWorker(a) => {
            match job(&a.common).and_then(|j| saksdok::job::process::serve_worker(&j)) {
                Ok(()) => ExitStatus::Success,
                Err(e) => report(&e),
            }
        }
        Command::Kinds => to_stdout(|out| {
            for k in DocumentKind::ALL {
                let section = k.section().map_or("-", |s| s.name);
                writeln!(out, "{}\t{section}\t{}", k.name(), k.about())?;
            }
            Ok(())
        }),
        Command::Fonts(a) => match engine(a.templates.as_deref()) {
            Ok(engine) => to_stdout(|out| {
                for family in engine.font_families() {
                    writeln!(out, "{}", saksdok::diagnostic::printable(&family))?;
                }
                Ok(())
            }),
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

/// The job the options describe: templates, profile and time limit.
/// How a batch starts its worker processes: this program as
/// `batch-worker`, with the options that make the same job.
pub(crate) fn worker_command(
    common: &args::Common,
) -> Option<saksdok::job::process::WorkerCommand> {
    let program = std::env::current_exe().ok()?;
    let mut args: Vec<std::ffi::OsString> = vec!["batch-worker".into()];
    let mut pair = |flag: &str, value: Option<&Path>| {
        if let Some(v) = value {
            args.push(flag.into());
            args.push(v.as_os_str().to_owned());
        }
    };
    pair("--kommune", common.kommune.as_deref());
    pair("--kommuner", common.kommuner.as_deref());
    pair("--templates", common.templates.as_deref());
    args.push("--time-limit".into());
    args.push(common.time_limit.to_string().into());
    Some(saksdok::job::process::WorkerCommand { program, args })
}

pub(crate) fn job(common: &args::Common) -> Result<Job, Error> {
    let engine = engine(common.templates.as_deref())?;
    let profiles = profiles(common.kommune.as_deref(), common.kommuner.as_deref())?;
    Ok(Job::new(engine, profiles)
        .with_time_limit(Duration::from_secs(u64::from(common.time_limit))))
}

/// The profiles: one for every case (`--kommune`), or each case's own,
/// inside `--kommuner` or the default folder.
pub(crate) fn profiles(kommune: Option<&Path>, kommuner: Option<&Path>) -> Result<Profiles, Error> {
    Ok(match (kommune, kommuner) {
        (Some(p), _) => Profiles::load_fixed(p)?,
        (None, Some(dir)) => Profiles::per_case_in(dir),
        (None, None) => Profiles::per_case(),
    })
}

/// The document date to ask for. A kind with no date in the case (a
/// checklist) is dated today unless `--date` is given; the library itself
/// never reads the clock.
pub(crate) fn request_date(
    kind: DocumentKind,
    date: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    match date {
        None if kind.needs_asked_date() => Some(today()),
        d => d,
    }
}

/// Today, from the system clock: the one place saksdok reads it.
#[allow(clippy::disallowed_methods)]
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where `render` writes: a folder, or standard output.
enum Target {
    Dir(OutputDir),
    Stdout,
}

/// Options that do not apply to the kind asked for are usage errors, not
/// silently ignored.
pub(crate) fn usage_error(msg: &str) -> ExitStatus {
    eprint(&format!("error: {msg}"));
    ExitStatus::Error
}

fn render(a: &args::RenderArgs) -> ExitStatus {
    if a.liste.is_some() && !a.doc.needs_checklist() {
        return usage_error(&format!(
            "--liste names a checklist, and {} is not one (use --doc sjekkliste)",
            a.doc
        ));
    }
    if a.med_vedlegg && !a.doc.can_enclose() {
        return usage_error(&format!(
            "--med-vedlegg puts the enclosed plan after a cover letter, and {} encloses nothing (use --doc folgebrev)",
            a.doc
        ));
    }
    if a.output.as_os_str() == "-" && a.cases.len() > 1 {
        return usage_error(
            "-o - writes one file to standard output; give one case, or an output folder",
        );
    }
    let target = if a.output.as_os_str() == "-" {
        Target::Stdout
    } else {
        match OutputDir::prepare(&a.output) {
            Ok(d) => Target::Dir(d),
            Err(e) => return report(&e),
        }
    };
    let job = match job(&a.common) {
        Ok(j) => j,
        Err(e) => return report(&e),
    };
    let request = Request {
        kind: a.doc,
        date: request_date(a.doc, a.common.date),
        checklist: a.liste.as_deref(),
        with_enclosures: a.med_vedlegg,
        language: a.sprak.as_deref(),
    };
    if matches!(target, Target::Dir(_))
        && let Err(e) = saksdok::job::refuse_name_clashes(&a.cases)
    {
        return report(&e);
    }
    let mut status = ExitStatus::Success;
    for path in &a.cases {
        let result = job
            .render(CaseInput::File(path), &request, a.format.into())
            .and_then(|rendered| {
                match &target {
                    Target::Dir(d) => d.write_all(&rendered.files)?,
                    Target::Stdout if rendered.files.len() > 1 => {
                        return Err(Error::one(
                            Diagnostic::error(
                                Code::Output,
                                format!(
                                    "this request makes {} files, and standard output takes one",
                                    rendered.files.len()
                                ),
                            )
                            .in_file("<stdout>")
                            .hint("write them into a folder with -o DIR; nothing was written"),
                        ));
                    }
                    Target::Stdout => {
                        let mut out = std::io::stdout().lock();
                        rendered
                            .files
                            .iter()
                            .try_for_each(|f| out.write_all(&f.bytes))
                            .and_then(|()| out.flush())
                            .map_err(|e| {
                                Error::one(
                                    Diagnostic::error(
                                        Code::Output,
                                        format!("unable to write to standard output: {e}"),
                                    )
                                    .in_file("<stdout>")
                                    .hint("the output is incomplete; check free disk space, or what reads the output"),
                                )
                            })?;
                    }
                }
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
                        let shown = match &target {
                            Target::Dir(d) => d.path().join(&f.name).display().to_string(),
                            Target::Stdout => "<stdout>".to_owned(),
                        };
                        eprint(&format!("wrote {shown}{pages}"));
                    }
                }
            }
            Err(e) => status = status.and(report(&e)),
        }
    }
    status
}

fn check(a: &args::CheckArgs) -> ExitStatus {
    let job = match job(&a.common) {
        Ok(j) => j,
        Err(e) => return report(&e),
    };
    // Only kinds whose section is present unless asked for one.
    let kinds = a.doc.map(|d| vec![d]);
    let date = a
        .doc
        .and_then(|d| request_date(d, a.common.date))
        .or(a.common.date);
    let mut status = ExitStatus::Success;
    for path in &a.cases {
        match job.check(
            CaseInput::File(path),
            kinds.as_deref(),
            date,
            a.liste.as_deref(),
        ) {
            Ok(warnings) => {
                warn(&warnings);
                if !a.quiet {
                    eprint(&format!("ok {}", path.display()));
                }
            }
            Err(e) => status = status.and(report(&e)),
        }
    }
    status
}

/// `saksdok journalnotat`: the journal note of every signed Askerguiden
/// chapter (or the one asked for), separated by a blank line.
fn journal(a: &args::JournalArgs) -> ExitStatus {
    use saksdok::diagnostic::{Code, Diagnostic};
    let profiles = match profiles(a.kommune.as_deref(), a.kommuner.as_deref()) {
        Ok(p) => p,
        Err(e) => return report(&e),
    };
    let loaded = saksdok::case::load_case(&a.case).and_then(|case| {
        let muni = profiles.for_case(Some(&a.case), &case)?;
        Ok((case, muni))
    });
    let (case, muni) = match loaded {
        Ok(x) => x,
        Err(e) => return report(&e),
    };
    let missing = |msg: String, hint: &str| {
        report(&saksdok::Error::one(
            Diagnostic::error(Code::MissingSection, msg)
                .in_file(a.case.display().to_string())
                .field("askerguiden.kapitler")
                .hint(hint),
        ))
    };
    let Some(guide) = &case.askerguiden else {
        return missing(
            "the case has no `askerguiden` section".to_owned(),
            "add `askerguiden:` with `utdelt:` and the chapters gone through",
        );
    };
    let signed: Vec<_> = guide
        .chapters
        .iter()
        .filter(|k| k.signed_by_youth || k.signed_by_key_worker)
        .filter(|k| a.kapittel.is_none_or(|n| k.nr == n))
        .collect();
    if signed.is_empty() {
        return missing(
            match a.kapittel {
                Some(n) => format!("chapter {n} is not signed"),
                None => "no chapter is signed yet".to_owned(),
            },
            "a note is written when the youth and the særkontakt have signed the chapter (`signert_ungdom`, `signert_saerkontakt`, `signert_dato`)",
        );
    }
    to_stdout(|out| {
        for (i, k) in signed.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{}",
                saksdok::case::sections::askerguiden::journal_note(&case, &muni, k)
            )?;
        }
        Ok(())
    })
}

/// `saksdok serve`.
fn serve(a: &args::ServeArgs) -> ExitStatus {
    let token = match (&a.token, &a.token_file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(f)) => match std::fs::read_to_string(f) {
            Ok(s) => s.lines().next().map(|l| l.trim().to_owned()),
            Err(e) => {
                return usage_error(&format!(
                    "unable to read the token file {}: {e}",
                    f.display()
                ));
            }
        },
        (None, None) => None,
    };
    let kommuner = a.kommuner.clone().unwrap_or_else(|| {
        a.saker
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(saksdok::job::PROFILES_FOLDER)
    });
    let workers = worker_command(&args::Common {
        kommune: None,
        kommuner: Some(kommuner.clone()),
        date: None,
        templates: None,
        time_limit: 60,
    });
    let config = saksdok::web::Config {
        workers,
        saker: a.saker.clone(),
        kommuner,
        addr: std::net::SocketAddr::new(a.bind, a.port),
        token,
        today,
    };
    match saksdok::web::run(config) {
        Ok(()) => ExitStatus::Success,
        Err(e) => usage_error(&e.to_string()),
    }
}
