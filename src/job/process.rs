//! Batch workers as processes: the same binary started again as a worker
//! ([`WorkerCommand`]), which builds the same [`Job`] and serves cases over
//! its standard input and output ([`serve_worker`]).
//!
//! Why: Typst memoizes its work in caches that are global to a process,
//! behind locks. Two worker threads in one process share them, and each
//! thread's clean-up after a document (`comemo::evict`) also clears what the
//! other thread is using, so a second thread added about a third of a core
//! (measured: `bench/RESULTS.md`). A worker process has caches of its own.
//! The batch itself (the output folder's lock, the folder claims, the
//! records, the manifest and the print file) stays in one process.
//!
//! The wire: frames of one tag byte, a little-endian `u32` length and the
//! payload. `J` frames carry one JSON message; an outcome is followed by one
//! `B` frame per PDF when the batch makes a print file. Never a name or a
//! case value goes anywhere but these pipes.
//!
//! The parent hands each worker two cases ahead, and the next one as each
//! is done. A worker says when it starts a document and asks before it
//! writes, so the time limit works as for threads: a worker past the limit
//! is killed before it writes anything, its case fails, and the cases it
//! had been handed go to the next free worker. A worker that dies fails
//! only the case it was on.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::Job;
use super::batch::{Event, Hooks, Outcome, Shared};
use super::manifest::DocRecord;
use crate::diagnostic::Diagnostic;
use crate::engine::Cancel;
use crate::error::{Error, Result};

/// How to start a worker process: a program that, given these arguments,
/// builds the same job as the batch's (the same templates, profiles and
/// time limit) and calls [`serve_worker`]. The `saksdok` binary is its own
/// worker: `saksdok batch-worker` with the batch's template and profile
/// options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
}

/// A batch uses worker processes only when it has at least this many cases
/// per worker: starting a process (and warming its caches) costs about what
/// a dozen letters do.
pub const PROCESS_MIN_CASES_PER_WORKER: usize = 12;

/// What a worker is told once, when it starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Setup {
    pub kinds: Vec<String>,
    pub checklist: Option<String>,
    pub date: Option<String>,
    pub undated: Option<String>,
    pub with_enclosures: bool,
    pub language: Option<String>,
    pub allow_unchecked: bool,
    pub print_file: bool,
    pub target: PathBuf,
}

/// From the batch to a worker.
#[derive(Debug, Serialize, Deserialize)]
enum ToWorker {
    Setup(Setup),
    /// Do this case.
    Case {
        index: usize,
        path: PathBuf,
    },
    /// The answer to a claim: the other case file that has the folder.
    Claimed {
        other: Option<PathBuf>,
    },
    /// The answer to a request to write.
    MayWrite {
        yes: bool,
    },
}

/// From a worker to the batch.
#[derive(Debug, Serialize, Deserialize)]
enum FromWorker {
    /// A document of this case is being rendered (the time limit runs).
    Working { index: usize },
    /// May the finished documents be written?
    Writing,
    /// May this case have the folder with this key?
    Claim { key: String, path: PathBuf },
    /// The case is done; `pdfs` blob frames follow.
    Done(Box<WireOutcome>),
}

#[derive(Debug, Serialize, Deserialize)]
struct WireOutcome {
    index: usize,
    folder: Option<String>,
    docs: Vec<DocRecord>,
    pdfs: usize,
    skipped: Vec<String>,
    errors: Vec<Error>,
    warnings: Vec<Diagnostic>,
}

const JSON: u8 = b'J';
const BLOB: u8 = b'B';

fn write_frame(w: &mut impl Write, tag: u8, payload: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| std::io::Error::other("a frame larger than 4 GiB"))?;
    w.write_all(&[tag])?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(payload)
}

/// The next frame, or `None` at the end of the stream.
fn read_frame(r: &mut impl Read) -> std::io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    match r.read_exact(&mut head[..1]) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    r.read_exact(&mut head[1..])?;
    let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    Ok(Some((head[0], payload)))
}

fn send<T: Serialize>(w: &mut impl Write, msg: &T) -> std::io::Result<()> {
    let json = serde_json::to_vec(msg).map_err(std::io::Error::other)?;
    write_frame(w, JSON, &json)?;
    w.flush()
}

fn receive<T: for<'de> Deserialize<'de>>(r: &mut impl Read) -> std::io::Result<Option<T>> {
    match read_frame(r)? {
        None => Ok(None),
        Some((JSON, payload)) => serde_json::from_slice(&payload)
            .map(Some)
            .map_err(std::io::Error::other),
        Some(_) => Err(std::io::Error::other(
            "a data frame where a message belongs",
        )),
    }
}

fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("batch worker process: {what}: {e}"))
}

// ---------------------------------------------------------------- worker side

/// Serves a batch's cases as a worker process, over standard input and
/// output, with `job` (built as the batch's own). Returns when the batch
/// closes the input. Nothing but the wire goes to standard output.
pub fn serve_worker(job: &Job) -> Result<()> {
    // Typst needs a deep stack and hands work to rayon: the cases run on a
    // thread like a batch's worker thread, in a one-thread pool.
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(super::WORKER_STACK)
            .spawn_scoped(scope, || {
                let work = || {
                    let link = Link {
                        input: std::cell::RefCell::new(BufReader::new(std::io::stdin().lock())),
                        output: std::cell::RefCell::new(BufWriter::new(std::io::stdout().lock())),
                        queued: std::cell::RefCell::new(VecDeque::new()),
                    };
                    let setup = match link.receive()? {
                        Some(ToWorker::Setup(s)) => s,
                        Some(_) => {
                            return Err(internal(
                                "starting",
                                "the first message was not the setup",
                            ));
                        }
                        None => return Ok(()),
                    };
                    link.serve(&Shared::for_worker(job, setup)?)
                };
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .stack_size(super::WORKER_STACK)
                    .build()
                {
                    Ok(pool) => pool.install(work),
                    Err(_) => work(),
                }
            })
            .map_err(|e| internal("starting a thread", e))?;
        handle
            .join()
            .map_err(|_| internal("working", "the worker thread panicked"))?
    })
}

/// The worker's end of the pipes.
struct Link<R: Read, W: Write> {
    input: std::cell::RefCell<R>,
    output: std::cell::RefCell<W>,
    /// Cases handed over while the worker waited for an answer.
    queued: std::cell::RefCell<VecDeque<(usize, PathBuf)>>,
}

impl<R: Read, W: Write> Link<R, W> {
    fn serve(&self, shared: &Shared) -> Result<()> {
        loop {
            let next = self.queued.borrow_mut().pop_front();
            let (index, path) = match next {
                Some(c) => c,
                None => match self.receive()? {
                    None => return Ok(()),
                    Some(ToWorker::Case { index, path }) => (index, path),
                    Some(_) => return Err(internal("reading", "an answer nobody asked for")),
                },
            };
            let outcome = shared.process(index, &path, self);
            self.done(outcome)
                .map_err(|e| internal("sending an outcome", e))?;
        }
    }

    fn receive(&self) -> Result<Option<ToWorker>> {
        receive(&mut *self.input.borrow_mut()).map_err(|e| internal("reading", e))
    }

    fn send(&self, msg: &FromWorker) -> Result<()> {
        send(&mut *self.output.borrow_mut(), msg).map_err(|e| internal("writing", e))
    }

    /// The batch's answer to a question, keeping cases that come first.
    fn answer(&self) -> Result<ToWorker> {
        loop {
            match self.receive()? {
                Some(ToWorker::Case { index, path }) => {
                    self.queued.borrow_mut().push_back((index, path));
                }
                Some(answer) => return Ok(answer),
                None => return Err(internal("reading", "the batch went away")),
            }
        }
    }

    fn done(&self, o: Outcome) -> std::io::Result<()> {
        let mut out = self.output.borrow_mut();
        let wire = WireOutcome {
            index: o.index,
            folder: o.folder,
            docs: o.docs,
            pdfs: o.pdfs.len(),
            skipped: o.skipped,
            errors: o.errors,
            warnings: o.warnings,
        };
        let json =
            serde_json::to_vec(&FromWorker::Done(Box::new(wire))).map_err(std::io::Error::other)?;
        write_frame(&mut *out, JSON, &json)?;
        for pdf in &o.pdfs {
            write_frame(&mut *out, BLOB, pdf)?;
        }
        out.flush()
    }
}

impl<R: Read, W: Write> Hooks for Link<R, W> {
    fn working(&self, index: usize, _cancel: &Cancel) {
        // A batch that is gone shows up at the next question.
        let _ = self.send(&FromWorker::Working { index });
    }

    fn may_write(&self) -> bool {
        self.send(&FromWorker::Writing).is_ok()
            && matches!(self.answer(), Ok(ToWorker::MayWrite { yes: true }))
    }

    fn claim(&self, key: String, path: &Path) -> Result<Option<PathBuf>> {
        self.send(&FromWorker::Claim {
            key,
            path: path.to_path_buf(),
        })?;
        match self.answer()? {
            ToWorker::Claimed { other } => Ok(other),
            _ => Err(internal("claiming a folder", "an answer to something else")),
        }
    }
}

// ---------------------------------------------------------------- batch side

/// A worker process as the batch sees it.
pub(crate) struct Worker {
    child: Child,
    state: Arc<Mutex<State>>,
}

/// What the batch knows of one worker process; shared by its reader thread
/// and the watchdog.
struct State {
    /// Cases handed to it, the one it works on first.
    queue: VecDeque<usize>,
    /// Since when it has been rendering a document of the first case.
    since: Option<Instant>,
    /// The watchdog killed it.
    timed_out: bool,
    /// It has said something: it runs.
    started: bool,
    /// Its input; `None` once closed (no cases left for it).
    stdin: Option<BufWriter<ChildStdin>>,
}

impl Worker {
    /// Starts a worker process, sets it up and hands it its first cases.
    pub(crate) fn spawn(
        cmd: &WorkerCommand,
        shared: &Arc<Shared>,
        setup: &Setup,
        tx: &mpsc::Sender<Event>,
    ) -> Result<Self> {
        let mut child = Command::new(&cmd.program)
            .args(&cmd.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| internal("starting", e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(internal("starting", "no pipes"));
        };
        let mut stdin = BufWriter::new(stdin);
        if let Err(e) = send(&mut stdin, &ToWorker::Setup(setup.clone())) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(internal("starting", e));
        }
        let state = Arc::new(Mutex::new(State {
            queue: VecDeque::new(),
            since: None,
            timed_out: false,
            started: false,
            stdin: Some(stdin),
        }));
        // Two cases ahead, so the worker never waits for the next.
        for _ in 0..2 {
            hand_next(shared, &state);
        }
        let (shared, st, tx) = (Arc::clone(shared), Arc::clone(&state), tx.clone());
        let reader = std::thread::Builder::new().spawn(move || {
            let ended = read_worker(&shared, &st, BufReader::new(stdout), &tx);
            let mut s = lock(&st);
            s.stdin = None;
            let in_flight: Vec<usize> = s.queue.drain(..).collect();
            let _ = tx.send(Event::Ended {
                in_flight,
                timed_out: s.timed_out,
                started: s.started,
                why: ended.err(),
            });
        });
        if let Err(e) = reader {
            let _ = child.kill();
            let _ = child.wait();
            return Err(internal("starting a reader", e));
        }
        Ok(Self { child, state })
    }

    /// Kills the worker if it has been rendering one document for longer
    /// than `limit`; its reader then reports it ended.
    pub(crate) fn watch(&mut self, limit: Duration) {
        let mut s = lock(&self.state);
        if !s.timed_out && s.since.is_some_and(|t| t.elapsed() > limit) {
            s.timed_out = true;
            drop(s);
            let _ = self.child.kill();
        }
    }

    /// Closes the worker's input and waits for it to end; kills it if it
    /// still works (only a worker past the time limit can).
    pub(crate) fn finish(mut self) {
        let timed_out = {
            let mut s = lock(&self.state);
            s.stdin = None;
            s.timed_out
        };
        if timed_out {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// Hands the worker the next case, if there is one; closes its input when
/// there is none and it has nothing left to do.
fn hand_next(shared: &Shared, state: &Mutex<State>) {
    let mut s = lock(state);
    let Some(stdin) = s.stdin.as_mut() else {
        return;
    };
    match shared.next_case() {
        Some(index) => {
            let msg = ToWorker::Case {
                index,
                path: shared.cases[index].clone(),
            };
            if send(stdin, &msg).is_ok() {
                s.queue.push_back(index);
            } else {
                // The worker is gone: the case goes to another.
                shared.retry(index);
                s.stdin = None;
            }
        }
        None if s.queue.is_empty() => s.stdin = None,
        None => {}
    }
}

/// Reads a worker's messages until it ends: answers its questions, and
/// passes its outcomes on.
fn read_worker(
    shared: &Shared,
    state: &Mutex<State>,
    mut from: impl Read,
    tx: &mpsc::Sender<Event>,
) -> std::io::Result<()> {
    let answer = |msg: ToWorker| -> std::io::Result<()> {
        let mut s = lock(state);
        match s.stdin.as_mut() {
            Some(w) => send(w, &msg),
            None => Err(std::io::Error::other("the worker's input is closed")),
        }
    };
    loop {
        let Some(msg) = receive::<FromWorker>(&mut from)? else {
            return Ok(());
        };
        lock(state).started = true;
        match msg {
            FromWorker::Working { index } => {
                let mut s = lock(state);
                if s.queue.front() == Some(&index) {
                    s.since = Some(Instant::now());
                }
            }
            FromWorker::Writing => {
                let yes = {
                    let mut s = lock(state);
                    s.since = None;
                    !s.timed_out
                };
                answer(ToWorker::MayWrite { yes })?;
            }
            FromWorker::Claim { key, path } => {
                let other = shared.claim(key, &path);
                answer(ToWorker::Claimed { other })?;
            }
            FromWorker::Done(wire) => {
                let mut pdfs = Vec::with_capacity(wire.pdfs);
                for _ in 0..wire.pdfs {
                    match read_frame(&mut from)? {
                        Some((BLOB, bytes)) => pdfs.push(bytes),
                        _ => return Err(std::io::Error::other("a PDF frame is missing")),
                    }
                }
                {
                    let mut s = lock(state);
                    if s.queue.front() == Some(&wire.index) {
                        s.queue.pop_front();
                    }
                    s.since = None;
                }
                hand_next(shared, state);
                let outcome = Outcome {
                    index: wire.index,
                    folder: wire.folder,
                    docs: wire.docs,
                    pdfs,
                    skipped: wire.skipped,
                    errors: wire.errors,
                    warnings: wire.warnings,
                };
                if tx.send(Event::Outcome(outcome)).is_err() {
                    return Ok(());
                }
            }
        }
    }
}
