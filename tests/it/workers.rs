//! Batch workers as processes (`saksdok batch-worker`): the same files as
//! worker threads, byte for byte; failures located as before; the time
//! limit; a worker program that cannot run.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use saksdok::job::batch::BatchOptions;
use saksdok::job::process::WorkerCommand;
use saksdok::job::{Job, Profiles};
use saksdok::{DocumentKind, Engine};

use crate::common::tree;

/// Enough cases that a batch with two workers starts a process.
const CASES: usize = 2 * saksdok::job::process::PROCESS_MIN_CASES_PER_WORKER + 2;

/// `n` synthetic cases and their profile in `dir`, as paths in order.
fn synthetic(dir: &Path, n: usize) -> Vec<PathBuf> {
    let cases = crate::batch::synthetic_cases(dir, n);
    (0..n)
        .map(|i| cases.join(format!("sak-{i:05}.yaml")))
        .collect()
}

fn worker(args: &[&str]) -> WorkerCommand {
    WorkerCommand {
        program: PathBuf::from(env!("CARGO_BIN_EXE_saksdok")),
        args: std::iter::once("batch-worker")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect(),
    }
}

/// Runs a batch of the cases into a new folder; returns the folder's files
/// (without the lock, which is gone) and the report's failures.
fn run(
    job: &Job,
    cases: &[PathBuf],
    jobs: usize,
    workers: Option<WorkerCommand>,
    print_file: bool,
) -> (BTreeMap<String, Vec<u8>>, Vec<saksdok::job::batch::Failure>) {
    let out = tempfile::tempdir().unwrap();
    let opts = BatchOptions {
        kinds: vec![DocumentKind::Folgebrev],
        jobs,
        print_file,
        worker_processes: workers,
        ..BatchOptions::default()
    };
    let report = job
        .batch(
            cases.to_vec(),
            &saksdok::export::write::OutputDir::prepare(out.path()).unwrap(),
            &opts,
            &|_| {},
        )
        .unwrap();
    assert!(report.finish_error.is_none(), "{:?}", report.finish_error);
    (tree(out.path()), report.failed)
}

/// Whether `saksdok batch-worker` processes ran during `f`: counted from
/// /proc, as children of this test process.
fn worker_processes_seen(f: impl FnOnce() + Send) -> usize {
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let me = std::process::id().to_string();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let n = std::fs::read_dir("/proc")
                    .map(|d| {
                        d.filter_map(Result::ok)
                            .filter(|e| {
                                let stat = std::fs::read_to_string(e.path().join("stat"))
                                    .unwrap_or_default();
                                let cmd =
                                    std::fs::read(e.path().join("cmdline")).unwrap_or_default();
                                stat.split(") ").nth(1).and_then(|r| r.split(' ').nth(1))
                                    == Some(me.as_str())
                                    && cmd.windows(12).any(|w| w == b"batch-worker")
                            })
                            .count()
                    })
                    .unwrap_or(0);
                seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    seen.into_inner()
}

#[test]
fn worker_processes_write_the_same_bytes_as_threads() {
    let dir = tempfile::tempdir().unwrap();
    let cases = synthetic(dir.path(), CASES);
    let job = Job::new(Engine::new(), Profiles::per_case());
    let (threads, failed) = run(&job, &cases, 1, None, true);
    assert!(failed.is_empty());
    let mut procs = None;
    let seen =
        worker_processes_seen(|| procs = Some(run(&job, &cases, 2, Some(worker(&[])), true)));
    let (procs, failed) = procs.unwrap();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(seen >= 1, "no worker process ran: nothing was tested");
    assert_eq!(
        threads.keys().collect::<Vec<_>>(),
        procs.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        threads.len(),
        CASES + 2,
        "the PDFs, the manifest and the print file"
    );
    for (name, bytes) in &threads {
        assert!(
            bytes == &procs[name],
            "{name} differs between threads and processes"
        );
    }
}

#[test]
fn a_broken_case_in_a_worker_process_is_located_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = synthetic(dir.path(), CASES);
    // A misspelt field in two cases, wherever they land.
    for i in [3, CASES - 2] {
        let text = std::fs::read_to_string(&cases[i]).unwrap();
        std::fs::write(&cases[i], text.replace("  fodselsdato:", "  fodseldato:")).unwrap();
    }
    let job = Job::new(Engine::new(), Profiles::per_case());
    let (threads, failed_threads) = run(&job, &cases, 1, None, false);
    let (procs, failed) = run(&job, &cases, 2, Some(worker(&[])), false);
    assert_eq!(failed.len(), 2);
    for (f, t) in failed.iter().zip(&failed_threads) {
        assert_eq!(f.file, t.file);
        assert_eq!(
            f.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            t.errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        );
        let d = &f.errors[0].diagnostics()[0];
        assert_eq!(d.field.as_deref(), Some("ungdom.fodseldato"));
        assert_eq!(d.loc.map(|l| l.line), Some(7));
    }
    assert_eq!(threads, procs, "the same files, manifest included");
    assert_eq!(
        procs.keys().filter(|k| k.ends_with(".pdf")).count(),
        CASES - 2
    );
}

#[test]
fn a_worker_program_that_cannot_run_leaves_the_work_to_threads() {
    let dir = tempfile::tempdir().unwrap();
    let cases = synthetic(dir.path(), CASES);
    let job = Job::new(Engine::new(), Profiles::per_case());
    let broken = WorkerCommand {
        program: PathBuf::from(env!("CARGO_BIN_EXE_saksdok")),
        args: vec!["--version".into()],
    };
    let (files, failed) = run(&job, &cases, 2, Some(broken), false);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(files.keys().filter(|k| k.ends_with(".pdf")).count(), CASES);
    let missing = WorkerCommand {
        program: dir.path().join("no-such-program"),
        args: Vec::new(),
    };
    let (again, failed) = run(&job, &cases, 2, Some(missing), false);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(files, again);
}

#[test]
fn runaway_documents_in_worker_processes_are_stopped_and_their_cases_fail() {
    // The letters to four of the sixteen first names run practically for
    // ever (10^10 iterations): cases 4-7 and 20-23 of the synthetic ones,
    // spread over the thread and the process that `batch -j 2` runs. Run as
    // a command, so that the runaway work of an abandoned thread ends with
    // it.
    let templates = crate::common::templates_with(
        |t| {
            format!(
                "{t}\n{{% if \"Dawit\" in mottaker.navn or \"Amina\" in mottaker.navn or \"Omar\" in mottaker.navn or \"Lina\" in mottaker.navn %}}#for i in range(100000) {{ for j in range(100000) {{ }} }}{{% endif %}}\n"
            )
        },
        "folgebrev.typ",
    );
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), CASES);
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    let o = crate::common::saksdok_or_hang(
        &[
            "batch",
            dir.path().join("saker").to_str().unwrap(),
            "-d",
            "folgebrev",
            "-j",
            "2",
            "-q",
            "--time-limit",
            "1",
            "--templates",
            templates.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        120,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr
            .matches("took longer than 1 s and was stopped")
            .count(),
        8,
        "{stderr}"
    );
    let files = tree(&out);
    let pdfs: Vec<&String> = files.keys().filter(|k| k.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), CASES - 8, "{pdfs:?}");
    for i in [4, 5, 6, 7, 20, 21, 22, 23] {
        let folder = format!("2026-{:05}/", i + 1);
        assert!(!pdfs.iter().any(|p| p.starts_with(&folder)), "{folder}");
    }
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["failed"].as_array().unwrap().len(), 8);
}
