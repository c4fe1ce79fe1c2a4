//! Many cases, many documents, in parallel, with a manifest and a print file.
//!
//! Three phases. First every case file's header is read to find its output
//! folder (the case reference), so that two cases writing to the same place
//! are refused before anything is written, and each municipality profile is
//! loaded once. Then plain `std::thread` workers (Typst's PDF export needs a
//! deep stack), each inside a one-thread rayon pool of its own, take cases
//! one by one from a shared counter, render, and write each document
//! atomically; a failing case is reported and the batch goes on. A watchdog
//! gives up on a document that takes longer than the time limit (its case
//! fails, the work is cancelled, a fresh worker takes over). Last, every
//! written file reaches the disk, then `manifest.json` and, if asked, the
//! print file are written, both atomically, in a fixed order, so the same
//! inputs give the same bytes whatever the number of workers.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use sha2::Digest as _;

use super::manifest::{self, DocRecord, FailureRecord, PrintSink, Records};
use super::process::{self, WorkerCommand};
use super::stale::Earlier;
pub use super::stale::{STALE_DIR, StaleFile};
use super::{CaseInput, Job, Profiles, WORKER_STACK, time_limit_error};
use crate::case::peek_case;
use crate::diagnostic::{Code, Diagnostic};
use crate::engine::{Cancel, Engine, OutputFormat, Request};
use crate::error::{Error, Result};
use crate::export::write::{self, Durability, OutputDir};
use crate::kind::{DocumentKind, reference_slug};

pub use super::manifest::{MANIFEST, PRINT_FILE};

/// What to make for every case of a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The kinds, in print order (a kind given twice is made once).
    pub kinds: Vec<DocumentKind>,
    /// The document date for every document; default: each case's dates.
    pub date: Option<NaiveDate>,
    /// The date of documents that have no date in the case (a checklist),
    /// unless `date` is given (the CLI gives today).
    pub undated: Option<NaiveDate>,
    /// The checklist, when a kind needs one.
    pub checklist: Option<String>,
    /// Put the enclosed plan or evaluation after each letter.
    pub with_enclosures: bool,
    /// Add a translation in this language where the kind has one.
    pub language: Option<String>,
    /// Allow a translation whose check is not recorded (it is marked as a
    /// draft on every page); without it such a batch is refused.
    pub allow_unchecked: bool,
    /// Worker threads (at least one).
    pub jobs: usize,
    /// Also write the print file.
    pub print_file: bool,
    /// A blank page after every document with an odd page count.
    pub duplex: bool,
    /// Run all workers but one as processes started with this command
    /// (see [`super::process`]); `None`: threads only. A batch with few
    /// cases per worker uses threads anyway.
    pub worker_processes: Option<WorkerCommand>,
}

/// A case has been done: what the progress display shows. Counts and
/// located errors only, never a name.
#[derive(Debug)]
pub struct CaseDone<'a> {
    /// Cases done so far.
    pub done: usize,
    /// Cases in the batch.
    pub total: usize,
    /// The case's errors (empty when it went well).
    pub errors: &'a [Error],
    /// Typst's warnings about its documents.
    pub warnings: &'a [Diagnostic],
}

/// A case that failed, with its messages.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The case file.
    pub file: String,
    /// Its errors, as shown.
    pub errors: Vec<Error>,
}

/// What a batch did.
#[derive(Debug, Default)]
pub struct BatchReport {
    /// Documents written.
    pub documents: usize,
    /// Their pages.
    pub pages: usize,
    /// Cases with at least one document written.
    pub cases_written: usize,
    /// Documents skipped because the case lacks their section
    /// (`2025-1432: utflyttingsplan`).
    pub skipped: Vec<String>,
    /// Cases that failed.
    pub failed: Vec<Failure>,
    /// Paths (relative to the output folder) of letters to a person with a
    /// protected address: they may need posting by the routine for
    /// protected addresses.
    pub protected: Vec<String>,
    /// The print file's pages, when one was written.
    pub print_file_pages: Option<usize>,
    /// Files of the last batch in this folder that this batch no longer
    /// makes: moved aside, or left because they were changed.
    pub stale: Vec<StaleFile>,
    /// A failure after the documents were written (the manifest or the
    /// print file could not be made).
    pub finish_error: Option<Error>,
}

/// The number of workers: as asked, or one per core.
pub fn worker_count(jobs: Option<u16>) -> usize {
    jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    )
}

/// What became of one case.
pub(crate) struct Outcome {
    pub index: usize,
    /// The case's folder, once the case was read.
    pub folder: Option<String>,
    pub docs: Vec<DocRecord>,
    /// The documents' bytes, beside `docs`, when a print file is made.
    pub pdfs: Vec<Vec<u8>>,
    pub skipped: Vec<String>,
    pub errors: Vec<Error>,
    pub warnings: Vec<Diagnostic>,
}

impl Outcome {
    fn failed(index: usize, error: Error) -> Self {
        Self {
            index,
            folder: None,
            docs: Vec::new(),
            pdfs: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            errors: vec![error],
        }
    }
}

/// What the workers tell the batch.
pub(crate) enum Event {
    /// A case is done.
    Outcome(Outcome),
    /// A worker process ended: the cases it had been handed are not done.
    Ended {
        /// Those cases, the one it was working on first.
        in_flight: Vec<usize>,
        /// The watchdog killed it.
        timed_out: bool,
        /// It said something before it ended. One that never did cannot
        /// run at all (a wrong program, say): its cases are done by others,
        /// and no more processes are started.
        started: bool,
        /// Why its messages ended, when not at the end of its output.
        why: Option<std::io::Error>,
    },
}

/// What a worker tells whoever watches it while it does a case: a thread
/// tells the batch's watchdog directly, a process over its pipes.
pub(crate) trait Hooks {
    /// A document of case `index` is being rendered; `cancel` stops it.
    fn working(&self, index: usize, cancel: &Cancel);
    /// The documents are made: may they be written? `false` when the worker
    /// has been given up on.
    fn may_write(&self) -> bool;
    /// Claims the case folder with `key` for the case file at `path`;
    /// returns the other case file that has it.
    fn claim(&self, key: String, path: &Path) -> Result<Option<PathBuf>>;
}

impl Job {
    /// Renders every requested document for every case into `out`, in
    /// parallel, and writes the manifest and, if asked, the print file.
    /// `progress` hears of every case as it is done.
    pub fn batch(
        &self,
        cases: Vec<PathBuf>,
        out: &OutputDir,
        opts: &BatchOptions,
        progress: &(dyn Fn(CaseDone) + Sync),
    ) -> Result<BatchReport> {
        let target = out.path().to_path_buf();
        // One run at a time in a folder: held until the manifest is written.
        let _lock = out.lock()?;
        // Leftovers of a batch that was killed: never a finished document, so
        // they go before anything else is written.
        write::sweep_stale(&target);
        let kinds: Vec<DocumentKind> = {
            let mut seen = HashSet::new();
            opts.kinds
                .iter()
                .copied()
                .filter(|k| seen.insert(*k))
                .collect()
        };
        if let Some(kind) = kinds.iter().find(|k| k.needs_checklist())
            && opts.checklist.is_none()
        {
            return Err(Error::one(
                Diagnostic::error(
                    Code::UnknownChecklist,
                    format!("a {kind} needs the name of a checklist"),
                )
                .hint(format!(
                    "choose one: {}",
                    self.engine.checklists().join(", ")
                )),
            ));
        }
        if let Some(code) = opts
            .language
            .as_ref()
            .filter(|c| c.as_str() != crate::i18n::OWN)
        {
            let catalogue = self.engine.catalogue(code)?;
            if catalogue.language.checked.is_none() && !opts.allow_unchecked {
                return Err(Error::one(
                    Diagnostic::error(
                        Code::Input,
                        format!(
                            "the translation into {} ({code}) has not been checked",
                            catalogue.language.name_nb
                        ),
                    )
                    .in_file(catalogue.meta_file())
                    .field("sprak")
                    .hint("a batch sends what it makes: record the check (`kontrollert: { av, dato }`) once someone who reads the language has read it, or give --tillat-ukontrollert to make drafts (marked on every page)"),
                ));
            }
        }
        let jobs = opts.jobs.max(1);

        // Phase 1: headers, output folders, profiles.
        let headers = parallel_map(&cases, jobs, |p| peek_case(p));
        let references: Vec<Option<&str>> = headers
            .iter()
            .map(|h| h.as_ref().and_then(|h| h.saksnummer.as_deref()))
            .collect();
        let claimed = super::claim_names(&cases, &references, &|slug, first, second| {
            clash(&target, slug, first, second)
        })?;
        for (path, header) in cases.iter().zip(&headers) {
            if let Some(rel) = header.as_ref().and_then(|h| h.kommuneprofil.as_deref()) {
                self.profiles.preload(path, rel);
            }
        }
        drop(headers);

        // Phase 2: render in parallel. Outcomes arrive in any order; they are
        // put back in the order of the case files and streamed to a records
        // file, so memory does not grow with the batch.
        let limit = self.time_limit;
        let shared = Arc::new(Shared {
            engine: Arc::clone(&self.engine),
            profiles: Arc::clone(&self.profiles),
            kinds,
            checklist: opts.checklist.clone(),
            date: opts.date,
            undated: opts.undated,
            with_enclosures: opts.with_enclosures,
            language: opts.language.clone(),
            allow_unchecked: opts.allow_unchecked,
            print_file: opts.print_file,
            target: target.clone(),
            claimed: Mutex::new(claimed),
            cases,
            next: AtomicUsize::new(0),
            retry: Mutex::new(Vec::new()),
        });
        let cases = &shared.cases;
        let earlier = Earlier::read(&target);
        let mut records = Records::create(&target)?;
        let mut print = opts
            .print_file
            .then(|| PrintSink::new(&target, opts.duplex));
        let mut tally = Tally::default();
        let mut record_error = None;
        let (tx, rx) = mpsc::channel::<Event>();
        let workers = jobs.min(cases.len().max(1));
        // Worker processes: every worker but one, which stays a thread of
        // this process (its caches are warm, and it keeps the batch going
        // if a process cannot be started).
        let mut command = opts
            .worker_processes
            .as_ref()
            .filter(|_| {
                workers >= 2 && cases.len() >= process::PROCESS_MIN_CASES_PER_WORKER * workers
            })
            .filter(|_| cases.iter().all(|p| p.to_str().is_some()) && target.to_str().is_some());
        let setup = command.map(|_| shared.setup());
        let mut procs: Vec<process::Worker> = Vec::new();
        let mut watches: Vec<Arc<Mutex<Watch>>> = Vec::new();
        for n in 0..workers {
            if n > 0
                && let (Some(cmd), Some(setup)) = (command, &setup)
                && let Ok(p) = process::Worker::spawn(cmd, &shared, setup, &tx)
            {
                procs.push(p);
                continue;
            }
            watches.push(spawn_worker(&shared, &tx)?);
        }
        let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut next_out = 0;
        let mut received = 0;
        let total = cases.len();
        let mut take = |outcome: Outcome, tally: &mut Tally, records: &mut Records| {
            let print = &mut print;
            received += 1;
            progress(CaseDone {
                done: received,
                total,
                errors: &outcome.errors,
                warnings: &outcome.warnings,
            });
            waiting.insert(outcome.index, outcome);
            while let Some(o) = waiting.remove(&next_out) {
                next_out += 1;
                if let Err(e) =
                    tally.add(o, cases, records, print, (&earlier, &target, &shared.kinds))
                {
                    record_error.get_or_insert(e);
                }
            }
        };
        let over_limit = |case: usize| {
            Error::one(time_limit_error(
                "a document of this case took longer than",
                limit,
                &cases[case].display().to_string(),
            ))
        };
        // Workers that are stuck are given up on, not waited for: count the
        // outcomes instead of waiting for every sender to hang up.
        let mut outcomes = 0;
        while outcomes < total {
            match rx.recv_timeout(WATCH_TICK) {
                Ok(Event::Outcome(outcome)) => {
                    outcomes += 1;
                    take(outcome, &mut tally, &mut records);
                }
                Ok(Event::Ended {
                    in_flight,
                    timed_out,
                    started,
                    why,
                }) => {
                    // The case it was on fails; the others it had been
                    // handed go to the next free worker.
                    let mut in_flight = in_flight.into_iter();
                    if !started && !timed_out {
                        command = None;
                    } else if let Some(case) = in_flight.next() {
                        let error = if timed_out {
                            over_limit(case)
                        } else {
                            Error::Internal(format!(
                                "a batch worker process ended before it finished this case ({}): {}",
                                cases[case].display(),
                                why.map_or_else(|| "no reason given".to_owned(), |e| e.to_string())
                            ))
                        };
                        outcomes += 1;
                        take(Outcome::failed(case, error), &mut tally, &mut records);
                    }
                    for case in in_flight {
                        shared.retry(case);
                    }
                    // A new worker in its place while cases are left.
                    if shared.has_more() {
                        let replaced = match (command, &setup) {
                            (Some(cmd), Some(setup)) => {
                                process::Worker::spawn(cmd, &shared, setup, &tx)
                                    .map(|p| procs.push(p))
                            }
                            _ => Err(Error::Internal(String::new())),
                        };
                        if replaced.is_err() {
                            watches.push(spawn_worker(&shared, &tx)?);
                        }
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            for p in &mut procs {
                p.watch(limit);
            }
            // The watchdog: a document that takes longer than the limit fails
            // its case, its work is cancelled, and a fresh worker takes the
            // stuck one's place. The stuck thread writes nothing more.
            for watch in &mut watches {
                let timed_out = {
                    let mut w = watch.lock().unwrap_or_else(|e| e.into_inner());
                    match &*w {
                        Watch::Working {
                            case,
                            since,
                            cancel,
                        } if since.elapsed() > limit => {
                            cancel.cancel();
                            let case = *case;
                            *w = Watch::Abandoned;
                            Some(case)
                        }
                        _ => None,
                    }
                };
                if let Some(case) = timed_out {
                    outcomes += 1;
                    take(
                        Outcome::failed(case, over_limit(case)),
                        &mut tally,
                        &mut records,
                    );
                    *watch = spawn_worker(&shared, &tx)?;
                }
            }
        }
        drop(tx);
        for p in procs {
            p.finish();
        }
        if let Some(e) = record_error {
            return Err(e);
        }

        // Phase 3: everything written reaches the disk; then the print file
        // and the manifest, streamed from the records in case order.
        write::sync_tree(&target)?;
        let failed: Vec<FailureRecord> = tally
            .failed
            .iter()
            .map(|f| FailureRecord {
                file: f.file.clone(),
                errors: f.errors.iter().map(ToString::to_string).collect(),
            })
            .collect();
        let finished = match tally.print_error.take() {
            Some(e) => Err(e),
            None => manifest::finish(
                &target,
                records,
                (tally.documents, &tally.skipped, &failed, &tally.stale),
                print,
            ),
        };
        let (print_file_pages, finish_error) = match finished {
            Ok(pages) => (pages, None),
            Err(e) => (None, Some(e)),
        };
        Ok(BatchReport {
            documents: tally.documents,
            pages: tally.pages,
            cases_written: tally.cases_written,
            skipped: tally.skipped,
            failed: tally.failed,
            protected: tally.protected,
            print_file_pages,
            stale: tally.stale,
            finish_error,
        })
    }
}

/// What the batch has done so far, without the documents themselves (those
/// are in the records file).
#[derive(Default)]
struct Tally {
    documents: usize,
    pages: usize,
    cases_written: usize,
    skipped: Vec<String>,
    failed: Vec<Failure>,
    protected: Vec<String>,
    stale: Vec<StaleFile>,
    /// The print file could not be made.
    print_error: Option<Error>,
}

impl Tally {
    fn add(
        &mut self,
        o: Outcome,
        cases: &[PathBuf],
        records: &mut Records,
        print: &mut Option<PrintSink>,
        (earlier, target, kinds): (&Earlier, &Path, &[DocumentKind]),
    ) -> Result<()> {
        if o.errors.is_empty()
            && let Some(folder) = &o.folder
        {
            let made: HashSet<&str> = o.docs.iter().map(|d| d.path.as_str()).collect();
            self.stale
                .extend(earlier.sweep(target, folder, kinds, &made));
        }
        if !o.docs.is_empty() {
            self.cases_written += 1;
        }
        let mut pdfs = o.pdfs.into_iter();
        for mut d in o.docs {
            self.documents += 1;
            self.pages += d.pages;
            if d.protected_address {
                self.protected.push(d.path.clone());
            }
            if let (Some(sink), Some(pdf)) = (print.as_mut(), pdfs.next())
                && let Err(e) = sink.append(&mut d, &pdf)
            {
                // No print file then; the error ends the batch's finish.
                *print = None;
                self.print_error.get_or_insert(e);
            }
            records.push(&d)?;
        }
        self.skipped.extend(o.skipped);
        if !o.errors.is_empty() {
            self.failed.push(Failure {
                file: cases[o.index].display().to_string(),
                errors: o.errors,
            });
        }
        Ok(())
    }
}

/// What every worker shares: built once, owned here, so a worker that is
/// given up on can be left running.
pub(crate) struct Shared {
    engine: Arc<Engine>,
    profiles: Arc<Profiles>,
    kinds: Vec<DocumentKind>,
    checklist: Option<String>,
    date: Option<NaiveDate>,
    undated: Option<NaiveDate>,
    with_enclosures: bool,
    language: Option<String>,
    allow_unchecked: bool,
    print_file: bool,
    target: PathBuf,
    claimed: Mutex<HashMap<String, PathBuf>>,
    pub(crate) cases: Vec<PathBuf>,
    next: AtomicUsize,
    /// Cases handed to a worker process that ended before it did them.
    retry: Mutex<Vec<usize>>,
}

impl Shared {
    /// The next case nobody has taken.
    pub(crate) fn next_case(&self) -> Option<usize> {
        if let Some(i) = self.retry.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Some(i);
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        (i < self.cases.len()).then_some(i)
    }

    /// Gives a case back, for the next worker to take.
    pub(crate) fn retry(&self, index: usize) {
        self.retry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(index);
    }

    /// Whether cases are left that nobody has taken.
    pub(crate) fn has_more(&self) -> bool {
        !self
            .retry
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
            || self.next.load(Ordering::Relaxed) < self.cases.len()
    }

    /// Claims the case folder with `key` for the case file at `path`;
    /// returns the other case file that has it.
    pub(crate) fn claim(&self, key: String, path: &Path) -> Option<PathBuf> {
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        match claimed.get(&key) {
            Some(other) if other != path => Some(other.clone()),
            Some(_) => None,
            None => {
                claimed.insert(key, path.to_path_buf());
                None
            }
        }
    }

    /// What a worker process is told when it starts.
    pub(crate) fn setup(&self) -> process::Setup {
        process::Setup {
            kinds: self.kinds.iter().map(|k| k.name().to_owned()).collect(),
            checklist: self.checklist.clone(),
            date: self.date.map(|d| d.to_string()),
            undated: self.undated.map(|d| d.to_string()),
            with_enclosures: self.with_enclosures,
            language: self.language.clone(),
            allow_unchecked: self.allow_unchecked,
            print_file: self.print_file,
            target: self.target.clone(),
        }
    }

    /// What a worker process works with: its own job, the batch's setup.
    /// Cases come one at a time; folder claims go to the batch.
    pub(crate) fn for_worker(job: &Job, setup: process::Setup) -> Result<Self> {
        let bad = |what: &str| Error::Internal(format!("batch worker process: {what}"));
        let date = |d: Option<String>| {
            d.map(|d| {
                d.parse::<NaiveDate>()
                    .map_err(|_| bad("a date that is no date"))
            })
            .transpose()
        };
        let kinds = setup
            .kinds
            .iter()
            .map(|k| DocumentKind::from_name(k).ok_or_else(|| bad("an unknown kind")))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            engine: Arc::clone(&job.engine),
            profiles: Arc::clone(&job.profiles),
            kinds,
            checklist: setup.checklist,
            date: date(setup.date)?,
            undated: date(setup.undated)?,
            with_enclosures: setup.with_enclosures,
            language: setup.language,
            allow_unchecked: setup.allow_unchecked,
            print_file: setup.print_file,
            target: setup.target,
            claimed: Mutex::new(HashMap::new()),
            cases: Vec::new(),
            next: AtomicUsize::new(0),
            retry: Mutex::new(Vec::new()),
        })
    }
}

/// A worker thread's hooks: the watchdog's view of it, and the claims.
struct ThreadHooks<'a> {
    watch: &'a Mutex<Watch>,
    shared: &'a Shared,
}

impl Hooks for ThreadHooks<'_> {
    fn working(&self, index: usize, cancel: &Cancel) {
        *self.watch.lock().unwrap_or_else(|e| e.into_inner()) = Watch::Working {
            case: index,
            since: Instant::now(),
            cancel: cancel.clone(),
        };
    }

    fn may_write(&self) -> bool {
        let mut state = self.watch.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(*state, Watch::Abandoned) {
            return false;
        }
        *state = Watch::Writing;
        true
    }

    fn claim(&self, key: String, path: &Path) -> Result<Option<PathBuf>> {
        Ok(self.shared.claim(key, path))
    }
}

/// What a worker is doing, as the watchdog sees it.
#[derive(Debug, Clone)]
enum Watch {
    /// Between cases.
    Idle,
    /// Rendering a document of case `case` since `since`.
    Working {
        case: usize,
        since: Instant,
        cancel: Cancel,
    },
    /// Writing finished documents: not interrupted.
    Writing,
    /// Given up on by the watchdog: writes and sends nothing more.
    Abandoned,
}

/// How often the main thread looks at the workers.
const WATCH_TICK: Duration = Duration::from_millis(200);

/// Starts a worker thread that takes cases until there are none left or it
/// is abandoned.
fn spawn_worker(shared: &Arc<Shared>, tx: &mpsc::Sender<Event>) -> Result<Arc<Mutex<Watch>>> {
    let watch = Arc::new(Mutex::new(Watch::Idle));
    let (shared, tx, w) = (Arc::clone(shared), tx.clone(), Arc::clone(&watch));
    std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let work = || {
                let hooks = ThreadHooks {
                    watch: &w,
                    shared: &shared,
                };
                while let Some(i) = shared.next_case() {
                    let outcome = shared.process(i, &shared.cases[i], &hooks);
                    let mut state = w.lock().unwrap_or_else(|e| e.into_inner());
                    if matches!(*state, Watch::Abandoned) {
                        break;
                    }
                    *state = Watch::Idle;
                    drop(state);
                    if tx.send(Event::Outcome(outcome)).is_err() {
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
        .map_err(|e| {
            Error::Internal(format!(
                "unable to start a worker thread: {e} (try fewer workers with -j)"
            ))
        })?;
    Ok(watch)
}

impl Shared {
    /// Loads one case and renders every requested document of it. Stops
    /// without writing when the watchdog has given up on this worker.
    pub(crate) fn process(&self, index: usize, path: &Path, hooks: &dyn Hooks) -> Outcome {
        let mut out = Outcome {
            index,
            folder: None,
            docs: Vec::new(),
            pdfs: Vec::new(),
            skipped: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let case = match crate::case::load_case(path) {
            Ok(c) => c,
            Err(e) => {
                out.errors.push(e);
                return out;
            }
        };
        let slug = reference_slug(&case.reference);
        // A case whose header could not be read in phase 1 claims its folder
        // now; one that clashes with another case is refused.
        match hooks.claim(super::name_key(&slug), path) {
            Ok(None) => {}
            Ok(Some(other)) => {
                out.errors
                    .push(Error::one(clash(&self.target, &slug, &other, path)));
                return out;
            }
            Err(e) => {
                out.errors.push(e);
                return out;
            }
        }
        let muni = match self
            .profiles
            .for_case(CaseInput::File(path).path(), &case)
            .and_then(|m| crate::case::check_with_profile(&case, &m).map(|()| m))
        {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(e);
                return out;
            }
        };
        // `--sprak egen`: each youth's own language, when it has a
        // catalogue; an unchecked one only with --tillat-ukontrollert.
        if self.language.as_deref() == Some(crate::i18n::OWN)
            && self
                .kinds
                .iter()
                .any(|k| crate::i18n::translatable(*k, &case))
            && !self.allow_unchecked
        {
            let unchecked = self
                .engine
                .own_language(&case)
                .and_then(|l| l.map(|code| self.engine.catalogue(&code)).transpose());
            match unchecked {
                Ok(Some(cat)) if cat.language.checked.is_none() => {
                    out.errors.push(Error::one(
                        Diagnostic::error(
                            Code::Input,
                            format!(
                                "the youth's language ({}) has a translation that has not been checked",
                                cat.language.code
                            ),
                        )
                        .in_file(path.display().to_string())
                        .field("ungdom.sprak")
                        .hint("record the check in sprak/sprak.yaml once someone who reads the language has read it, or give --tillat-ukontrollert to make drafts"),
                    ));
                    return out;
                }
                Err(e) => {
                    out.errors.push(e);
                    return out;
                }
                _ => {}
            }
        }
        let dir = self.target.join(&slug);
        out.folder = Some(slug.clone());
        for &kind in &self.kinds {
            if !kind.applies_to(&case) {
                out.skipped.push(format!("{slug}: {kind}"));
                continue;
            }
            let request = Request {
                kind,
                date: self
                    .date
                    .or(self.undated.filter(|_| kind.needs_asked_date())),
                checklist: self.checklist.as_deref(),
                with_enclosures: self.with_enclosures,
                // The welcome letter and «min plan» have a translation.
                language: self
                    .language
                    .as_deref()
                    .filter(|_| crate::i18n::translatable(kind, &case)),
            };
            let cancel = Cancel::new();
            hooks.working(index, &cancel);
            let rendered =
                self.engine
                    .render_request_with(&case, &muni, &request, OutputFormat::Pdf, &cancel);
            if !hooks.may_write() {
                return out;
            }
            let result = rendered.and_then(|rendered| {
                refuse_redirect(&dir)?;
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::one(
                        Diagnostic::error(
                            Code::Output,
                            format!("unable to create the case folder: {e}"),
                        )
                        .in_file(dir.display().to_string()),
                    )
                })?;
                // Temporary files go to the output folder itself, so a
                // killed batch leaves them in one place, where the next
                // batch sweeps them away.
                write::write_all_with(
                    &dir,
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
                        let sha256 = manifest::hex(&sha2::Sha256::digest(&f.bytes));
                        let bytes = f.bytes.len();
                        if self.print_file {
                            out.pdfs.push(f.bytes);
                        }
                        out.docs.push(DocRecord {
                            path: format!("{slug}/{}", f.name),
                            case: case.reference.clone(),
                            kind: f.kind.name().to_owned(),
                            role: f.role,
                            document_id: f.document_id,
                            pages: f.pages,
                            bytes,
                            sha256,
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

/// A case folder that is a link (or anything but a folder) would send the
/// case's letters somewhere else: refused.
fn refuse_redirect(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if !m.is_dir() => Err(Error::one(
            Diagnostic::error(
                Code::OutputFolder,
                if m.file_type().is_symlink() {
                    "the case's folder in the output folder is a link to somewhere else"
                } else {
                    "the case's folder in the output folder is a file, not a folder"
                },
            )
            .in_file(dir.display().to_string())
            .hint("remove it (or choose another output folder): a batch writes only into folders of its own; nothing was written for this case"),
        )),
        _ => Ok(()),
    }
}

fn clash(target: &Path, slug: &str, first: &Path, second: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Duplicate,
        format!(
            "two case files have the same case reference and would write to the same folder {}: {} and {}",
            target.join(slug).display(),
            first.display(),
            second.display()
        ),
    )
    .in_file(second.display().to_string())
    .field("saksnummer")
    .hint("each case needs its own saksnummer (folder names ignore / and other signs, and upper and lower case); nothing was written")
}

/// Applies `f` to every item on `jobs` threads, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(jobs.max(1)).max(1);
    std::thread::scope(|s| {
        // A chunk whose thread cannot be started is done on this one.
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| {
                std::thread::Builder::new()
                    .spawn_scoped(s, || c.iter().map(&f).collect::<Vec<R>>())
                    .map_err(|_| c)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h {
                Ok(h) => h.join().unwrap_or_default(),
                Err(c) => c.iter().map(&f).collect(),
            })
            .collect()
    })
}
