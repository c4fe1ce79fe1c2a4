//! `saksdok bench`: the library's benchmark ([`saksdok::synthetic::bench`]):
//! N synthetic one-page letters through the whole batch pipeline; prints
//! letters per second, milliseconds per letter and peak memory.

use std::io::Write as _;

use saksdok::job::batch::worker_count;

use super::args::BenchArgs;
use super::{ExitStatus, eprint, report};

/// Runs the benchmark.
pub fn run(a: &BenchArgs) -> ExitStatus {
    let (dir, temporary) = match &a.dir {
        Some(d) => (d.clone(), false),
        None => match fresh_temp_dir() {
            Ok(d) => (d, true),
            Err(e) => {
                eprint(&format!("error: unable to make a temporary folder: {e}"));
                return ExitStatus::Error;
            }
        },
    };
    let jobs = worker_count(a.jobs);
    let result = saksdok::synthetic::bench(
        a.antall,
        jobs,
        super::worker_command(&super::args::Common {
            kommune: None,
            kommuner: None,
            date: None,
            templates: None,
            time_limit: 60,
        }),
        &dir,
    );
    let peak = peak_rss_mib();
    let status = match &result {
        Ok(r) if r.batch.failed.is_empty() && r.batch.finish_error.is_none() => ExitStatus::Success,
        Ok(r) => r
            .batch
            .failed
            .iter()
            .flat_map(|f| &f.errors)
            .chain(&r.batch.finish_error)
            .fold(ExitStatus::Failure, |s, e| s.and(report(e))),
        Err(e) => report(e),
    };
    if let Ok(r) = &result {
        let n = r.letters as f64;
        let secs = r.seconds;
        let mut o = std::io::stdout().lock();
        let plural = if jobs == 1 { "" } else { "s" };
        let _ = writeln!(
            o,
            "saksdok bench: {} one-page letters (følgebrev), {jobs} job{plural}",
            r.letters
        );
        let _ = writeln!(o, "  wall time      {secs:.3} s");
        let _ = writeln!(o, "  letters/s      {:.0}", n / secs);
        let _ = writeln!(o, "  ms/letter      {:.3}", secs * 1000.0 / n);
        let _ = match peak {
            Some(p) => writeln!(o, "  peak RSS       {p:.1} MiB"),
            None => writeln!(o, "  peak RSS       (unknown on this system)"),
        };
        if !temporary {
            let _ = writeln!(o, "  cases in       {}", dir.join("saker").display());
            let _ = writeln!(o, "  output in      {}", dir.join("ut").display());
        }
    }
    // Only a folder the benchmark made (and marked) is removed.
    if temporary && dir.join(saksdok::synthetic::BENCH_MARK).is_file() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    status
}

/// A new, empty folder under the system's temporary folder.
fn fresh_temp_dir() -> std::io::Result<std::path::PathBuf> {
    let base = std::env::temp_dir();
    let mut n = 0u32;
    loop {
        let dir = base.join(format!("saksdok-bench-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Peak resident memory of this process (Linux: `VmHWM`).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
