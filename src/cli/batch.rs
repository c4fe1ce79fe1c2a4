//! `saksdok batch`: many cases, many documents, in parallel.
//!
//! Three phases. First every case file's header is read to find its output
//! folder (the case reference), so that two cases writing to the same place
//! are refused before anything is written, and each municipality profile is
//! loaded once. Then plain `std::thread` workers (Typst's PDF export needs a
//! deep stack) take cases one by one from a shared counter, render, and
//! write each document atomically; a failing case is reported and the batch
//! goes on. Last, the main thread writes `manifest.json` and, if asked, the
//! print file, both atomically, in a fixed order, so the same inputs give the
//! same bytes whatever the number of workers.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use saksdok::case::{load_case, load_profile, peek_case};
use saksdok::document::reference_slug;
use saksdok::printfile::{Placement, PrintFile};
use saksdok::{Diagnostic, DocumentKind, Engine, Error, Municipality, OutputFormat, Request};
use serde::Serialize;
use sha2::Digest as _;

use super::args::BatchArgs;
use super::output::{self, Durability, Target};
use super::{ExitStatus, eprint, report};

/// The print file's name in the output folder.
pub const PRINT_FILE: &str = "utskriftsfil.pdf";
/// The manifest's name in the output folder.
pub const MANIFEST: &str = "manifest.json";
/// Stack size of a worker thread: Typst's layout and PDF export recurse deeply.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// One document in the manifest.
#[derive(Debug, Clone, Serialize)]
struct DocRecord {
    /// Path relative to the output folder.
    path: String,
    /// The case reference (saksnummer) as written in the case.
    case: String,
    kind: &'static str,
    role: Option<String>,
    document_id: String,
    pages: usize,
    bytes: usize,
    sha256: String,
    /// Addressed to a person with a protected address.
    protected_address: bool,
    /// First and last page in the print file.
    #[serde(skip_serializing_if = "Option::is_none")]
    print_file_pages: Option<[usize; 2]>,
}

#[derive(Debug, Serialize)]
struct PrintFileRecord {
    path: &'static str,
    pages: usize,
    bytes: u64,
    sha256: String,
    duplex: bool,
}

#[derive(Debug, Serialize)]
struct FailureRecord {
    file: String,
    errors: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Manifest {
    saksdok: &'static str,
    documents: Vec<DocRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    print_file: Option<PrintFileRecord>,
    skipped: Vec<String>,
    failed: Vec<FailureRecord>,
}

/// What became of one case.
struct Outcome {
    index: usize,
    slug: Option<String>,
    docs: Vec<DocRecord>,
    skipped: Vec<String>,
    errors: Vec<Error>,
}

/// Runs `saksdok batch`.
pub fn run(a: &BatchArgs) -> ExitStatus {
    let started = Instant::now();
    let target = match Target::prepare(&a.output) {
        Ok(Target::Dir(d)) => d,
        Ok(Target::Stdout) => {
            return report(&Error::one(
                Diagnostic::new("a batch writes many files and needs an output folder")
                    .in_file("-o -")
                    .hint("give a folder: -o out"),
            ));
        }
        Err(e) => return report(&e),
    };
    let cases = match expand_inputs(&a.inputs) {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let engine = match super::engine(a.templates.as_deref()) {
        Ok(e) => e,
        Err(e) => return report(&e),
    };
    let forced = match &a.kommune {
        Some(p) => match load_profile(p) {
            Ok(m) => Some(m),
            Err(e) => return report(&e),
        },
        None => None,
    };
    let kinds: Vec<DocumentKind> = {
        let mut seen = HashSet::new();
        a.doc
            .iter()
            .map(|&d| DocumentKind::from(d))
            .filter(|k| seen.insert(*k))
            .collect()
    };
    if kinds.contains(&DocumentKind::Sjekkliste) && a.liste.is_none() {
        return report(&Error::one(
            Diagnostic::new("a sjekkliste needs the name of a checklist")
                .hint("add --liste ettervern (or plassering, avslutning)"),
        ));
    }
    let jobs = a.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );

    // Phase 1: headers, output folders, profiles.
    let headers = parallel_map(&cases, jobs, |p| peek_case(p));
    let mut claimed: HashMap<String, PathBuf> = HashMap::new();
    let mut clashes = Vec::new();
    for (path, header) in cases.iter().zip(&headers) {
        let Some(slug) = header
            .as_ref()
            .and_then(|h| h.saksnummer.as_deref())
            .map(reference_slug)
        else {
            continue;
        };
        if let Some(first) = claimed.get(&slug) {
            clashes.push(clash(&target, &slug, first, path));
        } else {
            claimed.insert(slug, path.clone());
        }
    }
    if !clashes.is_empty() {
        return report(&Error::Invalid(clashes));
    }
    let mut profiles: HashMap<PathBuf, Municipality> = HashMap::new();
    if forced.is_none() {
        for (path, header) in cases.iter().zip(&headers) {
            if let Some(rel) = header.as_ref().and_then(|h| h.kommuneprofil.as_deref()) {
                let p = profile_path(path, rel);
                if !profiles.contains_key(&p)
                    && let Ok(m) = load_profile(&p)
                {
                    profiles.insert(p, m);
                }
            }
        }
    }
    drop(headers);

    // Phase 2: render in parallel.
    let quiet = a.quiet;
    let progress = Progress::new(cases.len(), quiet);
    let claimed = Mutex::new(claimed);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Outcome>();
    let shared = Shared {
        engine: &engine,
        forced: forced.as_ref(),
        profiles: &profiles,
        kinds: &kinds,
        args: a,
        target: &target,
        claimed: &claimed,
    };
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(cases.len());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(cases.len().max(1)) {
            let tx = tx.clone();
            let (shared, cases, next) = (&shared, &cases, &next);
            std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, move || {
                    let work = || {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= cases.len() {
                                break;
                            }
                            if tx.send(shared.process(i, &cases[i])).is_err() {
                                break;
                            }
                        }
                    };
                    // Typst and its PDF writer hand work to rayon. In a
                    // one-thread pool of the worker's own, that work runs on
                    // the worker itself instead of being passed between
                    // threads that all wait on each other: each worker keeps
                    // one core busy.
                    match rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .stack_size(WORKER_STACK)
                        .build()
                    {
                        Ok(pool) => pool.install(work),
                        Err(_) => work(),
                    }
                })
                .expect("spawning a worker thread");
        }
        drop(tx);
        for outcome in rx {
            progress.case_done(&outcome, &cases[outcome.index]);
            outcomes.push(outcome);
        }
    });
    progress.finish();

    // Phase 3: everything written reaches the disk, then the manifest and
    // the print file are written, in a fixed order.
    outcomes.sort_by(|x, y| (&x.slug, x.index).cmp(&(&y.slug, y.index)));
    let mut documents: Vec<DocRecord> = Vec::new();
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    for o in outcomes {
        documents.extend(o.docs);
        skipped.extend(o.skipped);
        if !o.errors.is_empty() {
            failed.push(FailureRecord {
                file: cases[o.index].display().to_string(),
                errors: o.errors.iter().map(ToString::to_string).collect(),
            });
        }
    }
    failed.sort_by(|x, y| x.file.cmp(&y.file));
    let written: Vec<PathBuf> = documents.iter().map(|d| target.join(&d.path)).collect();
    if let Err(e) = output::sync_paths(&target, written.iter().map(PathBuf::as_path)) {
        return report(&e);
    }
    drop(written);
    let mut status = if failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    };
    let print_file = if a.print_file && !documents.is_empty() {
        match write_print_file(&target, &mut documents, a.duplex) {
            Ok(r) => Some(r),
            Err(e) => {
                status = report(&e);
                None
            }
        }
    } else {
        None
    };
    let manifest = Manifest {
        saksdok: env!("CARGO_PKG_VERSION"),
        documents,
        print_file,
        skipped,
        failed,
    };
    let json = match serde_json::to_vec_pretty(&manifest) {
        Ok(mut j) => {
            j.push(b'\n');
            j
        }
        Err(e) => return report(&Error::Internal(format!("manifest: {e}"))),
    };
    if let Err(e) = output::write_atomic(&target, MANIFEST, &json) {
        status = report(&e);
    }
    summary(&manifest, &target, started, quiet);
    status
}

/// What every worker shares.
struct Shared<'a> {
    engine: &'a Engine,
    forced: Option<&'a Municipality>,
    profiles: &'a HashMap<PathBuf, Municipality>,
    kinds: &'a [DocumentKind],
    args: &'a BatchArgs,
    target: &'a Path,
    claimed: &'a Mutex<HashMap<String, PathBuf>>,
}

impl Shared<'_> {
    /// Loads one case and renders every requested document of it.
    fn process(&self, index: usize, path: &Path) -> Outcome {
        let mut out = Outcome {
            index,
            slug: None,
            docs: Vec::new(),
            skipped: Vec::new(),
            errors: Vec::new(),
        };
        let case = match load_case(path) {
            Ok(c) => c,
            Err(e) => {
                out.errors.push(e);
                return out;
            }
        };
        let slug = reference_slug(&case.file.saksnummer);
        out.slug = Some(slug.clone());
        // A case whose header could not be read in phase 1 claims its folder
        // now; one that clashes with another case is refused.
        {
            let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
            match claimed.get(&slug) {
                Some(other) if other != path => {
                    out.errors
                        .push(Error::one(clash(self.target, &slug, other, path)));
                    return out;
                }
                Some(_) => {}
                None => {
                    claimed.insert(slug.clone(), path.to_path_buf());
                }
            }
        }
        let loaded;
        let muni = match (self.forced, &case.file.kommuneprofil) {
            (Some(m), _) => m,
            (None, Some(rel)) => {
                let p = profile_path(path, rel);
                match self.profiles.get(&p) {
                    Some(m) => m,
                    None => match load_profile(&p) {
                        Ok(m) => {
                            loaded = m;
                            &loaded
                        }
                        Err(e) => {
                            out.errors.push(e);
                            return out;
                        }
                    },
                }
            }
            (None, None) => {
                out.errors.push(Error::one(
                    Diagnostic::new("no municipality profile for this case")
                        .in_file(case.source.clone())
                        .field("kommuneprofil")
                        .hint("pass --kommune PROFILE.yaml, or name the profile in the case file"),
                ));
                return out;
            }
        };
        let dir = self.target.join(&slug);
        for &kind in self.kinds {
            if kind != DocumentKind::Sjekkliste && !case.has_data_for(kind) {
                out.skipped.push(format!("{slug}: {kind}"));
                continue;
            }
            let request = Request {
                kind,
                date: super::request_date(kind, self.args.date),
                checklist: self.args.liste.as_deref(),
                with_enclosures: self.args.med_vedlegg,
            };
            let result = self
                .engine
                .render_request(&case, muni, &request, OutputFormat::Pdf)
                .and_then(|rendered| {
                    std::fs::create_dir_all(&dir).map_err(|e| {
                        Error::one(
                            Diagnostic::new(format!("unable to create the case folder: {e}"))
                                .in_file(dir.display().to_string()),
                        )
                    })?;
                    Target::Dir(dir.clone()).write_all_with(&rendered.files, Durability::Later)?;
                    Ok(rendered)
                });
            match result {
                Ok(rendered) => {
                    for f in rendered.files {
                        out.docs.push(DocRecord {
                            path: format!("{slug}/{}", f.name),
                            case: case.file.saksnummer.to_string(),
                            kind: f.kind.name(),
                            role: f.role,
                            document_id: f.document_id,
                            pages: f.pages,
                            bytes: f.bytes.len(),
                            sha256: hex(&sha2::Sha256::digest(&f.bytes)),
                            protected_address: f.protected_recipient,
                            print_file_pages: None,
                        });
                    }
                }
                Err(e) => out.errors.push(e),
            }
        }
        out
    }
}

fn clash(target: &Path, slug: &str, first: &Path, second: &Path) -> Diagnostic {
    Diagnostic::new(format!(
        "two case files have the same case reference and would write to the same folder {}: {} and {}",
        target.join(slug).display(),
        first.display(),
        second.display()
    ))
    .in_file(second.display().to_string())
    .field("saksnummer")
    .hint("each case needs its own saksnummer; nothing was written")
}

fn profile_path(case_path: &Path, rel: &str) -> PathBuf {
    case_path.parent().unwrap_or(Path::new(".")).join(rel)
}

/// Case files from paths, folders and glob patterns: sorted, each once.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let mut files: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.is_file()
                                && matches!(
                                    p.extension().and_then(|e| e.to_str()),
                                    Some("yaml" | "yml")
                                )
                        })
                        .collect();
                    files.sort();
                    found.extend(files);
                }
                Err(e) => problems.push(
                    Diagnostic::new(format!("unable to read folder: {e}"))
                        .in_file(text.to_string()),
                ),
            }
        } else if input.exists() {
            found.push(input.clone());
        } else if text.contains(['*', '?', '[']) {
            match glob::glob(&text) {
                Ok(paths) => {
                    let mut files: Vec<PathBuf> = paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    if files.is_empty() {
                        problems.push(
                            Diagnostic::new("the pattern matches no case file")
                                .in_file(text.to_string()),
                        );
                    }
                    files.sort();
                    found.extend(files);
                }
                Err(e) => problems.push(
                    Diagnostic::new(format!("not a valid pattern: {e}")).in_file(text.to_string()),
                ),
            }
        } else {
            problems.push(
                Diagnostic::new("no such case file or folder")
                    .in_file(text.to_string())
                    .hint("give case files, a folder of them, or a quoted pattern like \"saker/*.yaml\""),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut seen = HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    if found.is_empty() {
        return Err(Error::one(
            Diagnostic::new("no case files to render")
                .hint("a folder is searched for .yaml and .yml files"),
        ));
    }
    Ok(found)
}

/// Applies `f` to every item on `jobs` threads, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(jobs.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Joins every document into the print file, in manifest order, and records
/// where each one landed.
fn write_print_file(
    target: &Path,
    documents: &mut [DocRecord],
    duplex: bool,
) -> Result<PrintFileRecord, Error> {
    let tmp = output::TempFile::create(target, PRINT_FILE)?;
    let writer = std::io::BufWriter::new(tmp.file()?);
    let mut pf = PrintFile::new(writer, "Utskriftsfil", duplex)?;
    for doc in documents.iter_mut() {
        let path = target.join(&doc.path);
        let bytes = std::fs::read(&path).map_err(|e| {
            Error::one(
                Diagnostic::new(format!("unable to read a document for the print file: {e}"))
                    .in_file(path.display().to_string()),
            )
        })?;
        let Placement {
            first_page,
            last_page,
            ..
        } = pf.append(&bytes, &doc.document_id, &path.display().to_string())?;
        doc.print_file_pages = Some([first_page, last_page]);
    }
    let (writer, pages) = pf.finish()?;
    writer.into_inner().map_err(|e| {
        Error::one(Diagnostic::new(format!(
            "unable to write the print file: {e}"
        )))
    })?;
    let path = tmp.persist()?;
    let bytes = std::fs::read(&path).map_err(|e| {
        Error::one(Diagnostic::new(format!(
            "unable to read the print file: {e}"
        )))
    })?;
    Ok(PrintFileRecord {
        path: PRINT_FILE,
        pages,
        bytes: bytes.len() as u64,
        sha256: hex(&sha2::Sha256::digest(&bytes)),
        duplex,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The closing summary on stderr: counts, time, and the letters that need
/// special handling because their recipient has a protected address.
fn summary(m: &Manifest, target: &Path, started: Instant, quiet: bool) {
    let secs = started.elapsed().as_secs_f64();
    let docs = m.documents.len();
    let pages: usize = m.documents.iter().map(|d| d.pages).sum();
    let cases: HashSet<&str> = m.documents.iter().map(|d| d.case.as_str()).collect();
    let mut line = format!(
        "batch: {docs} document{} ({pages} pages) written for {} case{}, {} failed, {} skipped, in {secs:.2} s",
        if docs == 1 { "" } else { "s" },
        cases.len(),
        if cases.len() == 1 { "" } else { "s" },
        m.failed.len(),
        m.skipped.len(),
    );
    if secs > 0.0 && docs > 0 {
        line.push_str(&format!(" ({:.0} documents/s)", docs as f64 / secs));
    }
    eprint(&line);
    if quiet && m.failed.is_empty() {
        return;
    }
    if let Some(pf) = &m.print_file {
        eprint(&format!(
            "print file: {} ({} pages{})",
            target.join(pf.path).display(),
            pf.pages,
            if pf.duplex { ", duplex" } else { "" }
        ));
    }
    let protected: Vec<&DocRecord> = m.documents.iter().filter(|d| d.protected_address).collect();
    if !protected.is_empty() {
        eprint(&format!(
            "{} letter{} to a person with a protected address (post by the routine for protected addresses):",
            protected.len(),
            if protected.len() == 1 { "" } else { "s" }
        ));
        let mut by_case: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for d in protected {
            by_case.entry(&d.case).or_default().push(&d.path);
        }
        for paths in by_case.values() {
            for p in paths {
                eprint(&format!("  {}", target.join(p).display()));
            }
        }
    }
    for f in &m.failed {
        eprint(&format!("failed: {}", f.file));
    }
}

/// Progress on stderr: a bar on a terminal, a line per tenth of the batch
/// otherwise, nothing with `--quiet`. Only counts, never names.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    total: usize,
    done: AtomicUsize,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} cases  {per_sec}  eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            plain: !quiet && !terminal,
            total,
            done: AtomicUsize::new(0),
        }
    }

    fn case_done(&self, o: &Outcome, path: &Path) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let errors = || {
            for e in &o.errors {
                eprint(&e.to_string());
            }
        };
        match &self.bar {
            Some(bar) => {
                if !o.errors.is_empty() {
                    bar.suspend(errors);
                }
                bar.inc(1);
            }
            None => {
                if !o.errors.is_empty() {
                    errors();
                    let _ = path;
                }
                let step = (self.total / 10).max(1);
                if self.plain && (done.is_multiple_of(step) || done == self.total) {
                    eprint(&format!("batch: {done}/{} cases", self.total));
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
