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
use std::io::{IsTerminal as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use saksdok::case::{load_case, load_profile, peek_case};
use saksdok::printfile::{Placement, PrintFile};
use saksdok::reference_slug;
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
pub(crate) const WORKER_STACK: usize = 64 * 1024 * 1024;

/// One document in the manifest.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct DocRecord {
    /// Path relative to the output folder.
    path: String,
    /// The case reference (saksnummer) as written in the case.
    case: String,
    kind: String,
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

/// What became of one case.
struct Outcome {
    index: usize,
    docs: Vec<DocRecord>,
    skipped: Vec<String>,
    errors: Vec<Error>,
    warnings: Vec<Diagnostic>,
}

/// Runs `saksdok batch`.
pub fn run(a: &BatchArgs) -> ExitStatus {
    let started = Instant::now();
    let target = match Target::prepare(&a.output) {
        Ok(Target::Dir(d)) => d,
        Ok(Target::Stdout) => {
            return report(&Error::one(
                Diagnostic::error(
                    saksdok::diagnostic::Code::Output,
                    "a batch writes many files and needs an output folder",
                )
                .in_file("-o -")
                .hint("give a folder: -o out"),
            ));
        }
        Err(e) => return report(&e),
    };
    // Leftovers of a batch that was killed: never a finished document, so
    // they go before anything else is written.
    output::sweep_stale(&target);
    let cases = match expand_inputs(&a.inputs) {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let engine = match super::engine(a.common.templates.as_deref()) {
        Ok(e) => e,
        Err(e) => return report(&e),
    };
    let forced = match &a.common.kommune {
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
            Diagnostic::error(
                saksdok::diagnostic::Code::UnknownChecklist,
                "a sjekkliste needs the name of a checklist",
            )
            .hint("add --liste ettervern (or plassering, avslutning)"),
        ));
    }
    let jobs = worker_count(a.jobs);

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

    // Phase 2: render in parallel. Outcomes arrive in any order; they are
    // put back in the order of the case files and streamed to a records
    // file, so memory does not grow with the batch.
    let quiet = a.quiet;
    let progress = Progress::new(cases.len(), quiet);
    let limit = Duration::from_secs(u64::from(a.common.time_limit));
    let shared = Arc::new(Shared {
        engine,
        forced,
        profiles,
        kinds,
        liste: a.liste.clone(),
        date: a.common.date,
        med_vedlegg: a.med_vedlegg,
        target: target.clone(),
        claimed: Mutex::new(claimed),
        cases,
        next: AtomicUsize::new(0),
    });
    let cases = &shared.cases;
    let mut records = match Records::create(&target) {
        Ok(r) => r,
        Err(e) => return report(&e),
    };
    let mut tally = Tally::default();
    let mut record_error = None;
    let (tx, rx) = mpsc::channel::<Outcome>();
    let mut watches: Vec<Arc<Mutex<Watch>>> = (0..jobs.min(cases.len().max(1)))
        .map(|_| spawn_worker(&shared, &tx))
        .collect();
    let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next_out = 0;
    let mut received = 0;
    let mut take = |outcome: Outcome, tally: &mut Tally, records: &mut Records| {
        progress.case_done(&outcome);
        waiting.insert(outcome.index, outcome);
        while let Some(o) = waiting.remove(&next_out) {
            next_out += 1;
            if let Err(e) = tally.add(o, cases, records) {
                record_error.get_or_insert(e);
            }
        }
    };
    // Workers that are stuck are given up on, not waited for: count the
    // outcomes instead of waiting for every sender to hang up.
    while received < cases.len() {
        match rx.recv_timeout(WATCH_TICK) {
            Ok(outcome) => {
                received += 1;
                take(outcome, &mut tally, &mut records);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        // The watchdog: a document that takes longer than the limit fails
        // its case, and a fresh worker takes the stuck one's place. The stuck
        // thread is left to finish on its own; it writes nothing more.
        for watch in &mut watches {
            let timed_out = {
                let mut w = watch.lock().unwrap_or_else(|e| e.into_inner());
                match *w {
                    Watch::Working { case, since } if since.elapsed() > limit => {
                        *w = Watch::Abandoned;
                        Some(case)
                    }
                    _ => None,
                }
            };
            if let Some(case) = timed_out {
                received += 1;
                take(
                    Outcome {
                        index: case,
                        docs: Vec::new(),
                        skipped: Vec::new(),
                        warnings: Vec::new(),
                        errors: vec![Error::one(
                            Diagnostic::error(saksdok::diagnostic::Code::TimeLimit, format!(
                                "a document of this case took longer than {} s and was stopped",
                                limit.as_secs()
                            ))
                            .in_file(cases[case].display().to_string())
                            .hint("look for a template loop that runs very long, or raise the limit if the document is just large"),
                        )],
                    },
                    &mut tally,
                    &mut records,
                );
                *watch = spawn_worker(&shared, &tx);
            }
        }
    }
    drop(tx);
    progress.finish();
    if let Some(e) = record_error {
        return report(&e);
    }

    // Phase 3: everything written reaches the disk; then the print file and
    // the manifest, streamed from the records in case order.
    if let Err(e) = output::sync_tree(&target) {
        return report(&e);
    }
    let mut status = if tally.failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    };
    match finish(&target, records, &tally, a.print_file, a.duplex) {
        Ok(print_pages) => summary(&tally, print_pages, &target, started, quiet, a.duplex),
        Err(e) => {
            status = report(&e);
            summary(&tally, None, &target, started, quiet, a.duplex);
        }
    }
    status
}

/// What the batch has done so far, without the documents themselves (those
/// are in the records file).
#[derive(Default)]
struct Tally {
    documents: usize,
    pages: usize,
    cases_written: usize,
    skipped: Vec<String>,
    failed: Vec<FailureRecord>,
    /// Output paths of letters to a person with a protected address.
    protected: Vec<String>,
}

impl Tally {
    fn add(&mut self, o: Outcome, cases: &[PathBuf], records: &mut Records) -> Result<(), Error> {
        if !o.docs.is_empty() {
            self.cases_written += 1;
        }
        for d in &o.docs {
            self.documents += 1;
            self.pages += d.pages;
            if d.protected_address {
                self.protected.push(d.path.clone());
            }
            records.push(d)?;
        }
        self.skipped.extend(o.skipped);
        if !o.errors.is_empty() {
            self.failed.push(FailureRecord {
                file: cases[o.index].display().to_string(),
                errors: o.errors.iter().map(ToString::to_string).collect(),
            });
        }
        Ok(())
    }
}

/// The document records of a running batch, one JSON line each, in a
/// temporary file in the output folder (removed when done).
struct Records {
    file: output::TempFile,
    writer: std::io::BufWriter<std::fs::File>,
}

impl Records {
    fn create(target: &Path) -> Result<Self, Error> {
        let file = output::TempFile::create(target, "records")?;
        let writer = std::io::BufWriter::new(file.file()?);
        Ok(Self { file, writer })
    }

    fn push(&mut self, d: &DocRecord) -> Result<(), Error> {
        serde_json::to_writer(&mut self.writer, d)
            .map_err(|e| Error::Internal(format!("manifest record: {e}")))?;
        self.writer.write_all(b"\n").map_err(|e| records_error(&e))
    }

    /// The records back, in the order they were pushed.
    fn read(
        self,
    ) -> Result<
        (
            output::TempFile,
            impl Iterator<Item = Result<DocRecord, Error>>,
        ),
        Error,
    > {
        let Self { file, writer } = self;
        let mut f = writer.into_inner().map_err(|e| records_error(e.error()))?;
        f.seek(std::io::SeekFrom::Start(0))
            .map_err(|e| records_error(&e))?;
        let lines = std::io::BufRead::lines(std::io::BufReader::new(f)).map(|line| {
            let line = line.map_err(|e| records_error(&e))?;
            serde_json::from_str::<DocRecord>(&line)
                .map_err(|e| Error::Internal(format!("manifest record: {e}")))
        });
        Ok((file, lines))
    }
}

fn records_error(e: &std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(
            saksdok::diagnostic::Code::Output,
            format!("unable to keep the batch's records: {e}"),
        )
        .hint("check free disk space in the output folder"),
    )
}

/// Writes the print file (if asked) and `manifest.json`, streaming the
/// records. Returns the print file's page count.
fn finish(
    target: &Path,
    records: Records,
    tally: &Tally,
    print_file: bool,
    duplex: bool,
) -> Result<Option<usize>, Error> {
    let (records_file, docs) = records.read()?;
    let manifest = output::TempFile::create(target, MANIFEST)?;
    let mut out = std::io::BufWriter::new(manifest.file()?);
    let io = |e: std::io::Error| records_error(&e);
    write!(
        out,
        "{{\n  \"saksdok\": \"{}\",\n  \"documents\": [",
        env!("CARGO_PKG_VERSION")
    )
    .map_err(io)?;
    let mut print = if print_file && tally.documents > 0 {
        let tmp = output::TempFile::create(target, PRINT_FILE)?;
        let writer = std::io::BufWriter::new(tmp.file()?);
        Some((tmp, PrintFile::new(writer, "Utskriftsfil", duplex)?))
    } else {
        None
    };
    for (i, doc) in docs.enumerate() {
        let mut doc = doc?;
        if let Some((_, pf)) = print.as_mut() {
            let path = target.join(&doc.path);
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::one(
                    Diagnostic::error(
                        saksdok::diagnostic::Code::Output,
                        format!("unable to read a document for the print file: {e}"),
                    )
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
        let json = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(out, "{sep}{}", indent(&json, 4)).map_err(io)?;
    }
    drop(records_file);
    let print_record = match print {
        Some((tmp, pf)) => {
            let (writer, pages) = pf.finish()?;
            writer.into_inner().map_err(|e| records_error(e.error()))?;
            let path = tmp.persist()?;
            let (bytes, sha256) = file_digest(&path)?;
            Some(PrintFileRecord {
                path: PRINT_FILE,
                pages,
                bytes,
                sha256,
                duplex,
            })
        }
        None => None,
    };
    let tail = Tail {
        print_file: print_record.as_ref(),
        skipped: &tally.skipped,
        failed: &tally.failed,
    };
    let tail = serde_json::to_string_pretty(&tail)
        .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
    // `tail` is an object; splice its members after the documents.
    let members = tail
        .trim()
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or_default()
        .trim_end();
    let close = if tally.documents == 0 { "]" } else { "\n  ]" };
    write!(out, "{close},{members}\n}}\n").map_err(io)?;
    out.flush().map_err(io)?;
    drop(out);
    manifest.persist()?;
    Ok(print_record.map(|p| p.pages))
}

/// The manifest's members after the documents.
#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    print_file: Option<&'a PrintFileRecord>,
    skipped: &'a [String],
    failed: &'a [FailureRecord],
}

fn indent(json: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    json.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Size and SHA-256 of a file, read in pieces.
fn file_digest(path: &Path) -> Result<(u64, String), Error> {
    let fail = |e: std::io::Error| {
        Error::one(
            Diagnostic::error(
                saksdok::diagnostic::Code::Output,
                format!("unable to read back a written file: {e}"),
            )
            .in_file(path.display().to_string()),
        )
    };
    let mut f = std::fs::File::open(path).map_err(fail)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = std::io::Read::read(&mut f, &mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        len += n as u64;
    }
    Ok((len, hex(&h.finalize())))
}

/// The number of workers: `--jobs`, or one per core.
pub fn worker_count(jobs: Option<u16>) -> usize {
    jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    )
}

/// What every worker shares: built once, owned here, so a worker that is
/// given up on can be left running.
struct Shared {
    engine: Engine,
    forced: Option<Municipality>,
    profiles: HashMap<PathBuf, Municipality>,
    kinds: Vec<DocumentKind>,
    liste: Option<String>,
    date: Option<chrono::NaiveDate>,
    med_vedlegg: bool,
    target: PathBuf,
    claimed: Mutex<HashMap<String, PathBuf>>,
    cases: Vec<PathBuf>,
    next: AtomicUsize,
}

/// What a worker is doing, as the watchdog sees it.
#[derive(Debug, Clone, Copy)]
enum Watch {
    /// Between cases.
    Idle,
    /// Rendering a document of case `case` since `since`.
    Working { case: usize, since: Instant },
    /// Writing finished documents: not interrupted.
    Writing,
    /// Given up on by the watchdog: writes and sends nothing more.
    Abandoned,
}

/// How often the main thread looks at the workers.
const WATCH_TICK: Duration = Duration::from_millis(200);

/// Starts a worker thread that takes cases until there are none left or it
/// is abandoned.
fn spawn_worker(shared: &Arc<Shared>, tx: &mpsc::Sender<Outcome>) -> Arc<Mutex<Watch>> {
    let watch = Arc::new(Mutex::new(Watch::Idle));
    let (shared, tx, w) = (Arc::clone(shared), tx.clone(), Arc::clone(&watch));
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let work = || {
                loop {
                    let i = shared.next.fetch_add(1, Ordering::Relaxed);
                    if i >= shared.cases.len() {
                        break;
                    }
                    let outcome = shared.process(i, &shared.cases[i], &w);
                    let mut state = w.lock().unwrap_or_else(|e| e.into_inner());
                    if matches!(*state, Watch::Abandoned) {
                        break;
                    }
                    *state = Watch::Idle;
                    drop(state);
                    if tx.send(outcome).is_err() {
                        break;
                    }
                }
            };
            // Typst and its PDF writer hand work to rayon. In a one-thread
            // pool of the worker's own, that work runs on the worker itself
            // instead of being passed between threads that all wait on each
            // other: each worker keeps one core busy.
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
    watch
}

impl Shared {
    /// Loads one case and renders every requested document of it. Stops
    /// without writing when the watchdog has given up on this worker.
    fn process(&self, index: usize, path: &Path, watch: &Mutex<Watch>) -> Outcome {
        let mut out = Outcome {
            index,
            docs: Vec::new(),
            skipped: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let case = match load_case(path) {
            Ok(c) => c,
            Err(e) => {
                out.errors.push(e);
                return out;
            }
        };
        let slug = reference_slug(&case.reference);
        // A case whose header could not be read in phase 1 claims its folder
        // now; one that clashes with another case is refused.
        {
            let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
            match claimed.get(&slug) {
                Some(other) if other != path => {
                    out.errors
                        .push(Error::one(clash(&self.target, &slug, other, path)));
                    return out;
                }
                Some(_) => {}
                None => {
                    claimed.insert(slug.clone(), path.to_path_buf());
                }
            }
        }
        let loaded;
        let muni = match (self.forced.as_ref(), &case.profile_path) {
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
                return out;
            }
        };
        let dir = self.target.join(&slug);
        for &kind in &self.kinds {
            if !kind.applies_to(&case) {
                out.skipped.push(format!("{slug}: {kind}"));
                continue;
            }
            let request = Request {
                kind,
                date: super::request_date(kind, self.date),
                checklist: self.liste.as_deref(),
                with_enclosures: self.med_vedlegg,
            };
            *watch.lock().unwrap_or_else(|e| e.into_inner()) = Watch::Working {
                case: index,
                since: Instant::now(),
            };
            let rendered = self
                .engine
                .render_request(&case, muni, &request, OutputFormat::Pdf);
            {
                let mut state = watch.lock().unwrap_or_else(|e| e.into_inner());
                if matches!(*state, Watch::Abandoned) {
                    return out;
                }
                *state = Watch::Writing;
            }
            let result = rendered.and_then(|rendered| {
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::one(
                        Diagnostic::error(
                            saksdok::diagnostic::Code::Output,
                            format!("unable to create the case folder: {e}"),
                        )
                        .in_file(dir.display().to_string()),
                    )
                })?;
                // Temporary files go to the output folder itself, so a
                // killed batch leaves them in one place, where the next
                // batch sweeps them away.
                Target::Dir(dir.clone()).write_all_with(
                    &rendered.files,
                    Durability::Later,
                    Some(&self.target),
                )?;
                Ok(rendered)
            });
            match result {
                Ok(rendered) => {
                    out.warnings.extend(rendered.warnings);
                    for f in rendered.files {
                        out.docs.push(DocRecord {
                            path: format!("{slug}/{}", f.name),
                            case: case.reference.clone(),
                            kind: f.kind.name().to_owned(),
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
    Diagnostic::error(saksdok::diagnostic::Code::Duplicate, format!(
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
                    Diagnostic::error(
                        saksdok::diagnostic::Code::Input,
                        format!("unable to read folder: {e}"),
                    )
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
                            Diagnostic::error(
                                saksdok::diagnostic::Code::Input,
                                "the pattern matches no case file",
                            )
                            .in_file(text.to_string()),
                        );
                    }
                    files.sort();
                    found.extend(files);
                }
                Err(e) => problems.push(
                    Diagnostic::error(
                        saksdok::diagnostic::Code::Input,
                        format!("not a valid pattern: {e}"),
                    )
                    .in_file(text.to_string()),
                ),
            }
        } else {
            problems.push(
                Diagnostic::error(
                    saksdok::diagnostic::Code::Input,
                    "no such case file or folder",
                )
                .in_file(text.to_string())
                .hint(
                    "give case files, a folder of them, or a quoted pattern like \"saker/*.yaml\"",
                ),
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
            Diagnostic::error(saksdok::diagnostic::Code::Input, "no case files to render")
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The closing summary on stderr: counts, time, and the letters that need
/// special handling because their recipient has a protected address.
fn summary(
    t: &Tally,
    print_pages: Option<usize>,
    target: &Path,
    started: Instant,
    quiet: bool,
    duplex: bool,
) {
    let secs = started.elapsed().as_secs_f64();
    let docs = t.documents;
    let mut line = format!(
        "batch: {docs} document{} ({} pages) written for {} case{}, {} failed, {} skipped, in {secs:.2} s",
        if docs == 1 { "" } else { "s" },
        t.pages,
        t.cases_written,
        if t.cases_written == 1 { "" } else { "s" },
        t.failed.len(),
        t.skipped.len(),
    );
    if secs > 0.0 && docs > 0 {
        line.push_str(&format!(" ({:.0} documents/s)", docs as f64 / secs));
    }
    eprint(&line);
    if quiet && t.failed.is_empty() {
        return;
    }
    if let Some(pages) = print_pages {
        eprint(&format!(
            "print file: {} ({pages} pages{})",
            target.join(PRINT_FILE).display(),
            if duplex { ", duplex" } else { "" }
        ));
    }
    if !t.protected.is_empty() {
        eprint(&format!(
            "{} letter{} to a person with a protected address (post by the routine for protected addresses):",
            t.protected.len(),
            if t.protected.len() == 1 { "" } else { "s" }
        ));
        for p in &t.protected {
            eprint(&format!("  {}", target.join(p).display()));
        }
    }
    for f in &t.failed {
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

    fn case_done(&self, o: &Outcome) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let errors = || {
            for e in &o.errors {
                eprint(&super::show_error(e));
            }
            super::warn(&o.warnings);
        };
        match &self.bar {
            Some(bar) => {
                if !o.errors.is_empty() || !o.warnings.is_empty() {
                    bar.suspend(errors);
                }
                bar.inc(1);
            }
            None => {
                if !o.errors.is_empty() || !o.warnings.is_empty() {
                    errors();
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
