//! `saksdok bench`: renders N synthetic one-page letters through the whole
//! batch pipeline (YAML, validation, templates, Typst, PDF/A export,
//! hashing, atomic writes, manifest) and reports letters per second,
//! milliseconds per letter and peak memory.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use saksdok::synthetic;

use saksdok::export::write::OutputDir;
use saksdok::job::batch::{BatchOptions, worker_count};
use saksdok::job::{Job, Profiles};
use saksdok::{DocumentKind, Engine};

use super::ExitStatus;
use super::args::BenchArgs;

/// Runs the benchmark.
pub fn run(a: &BenchArgs) -> ExitStatus {
    let (dir, temporary) = match &a.dir {
        Some(d) => (d.clone(), false),
        None => (
            std::env::temp_dir().join(format!("saksdok-bench-{}", std::process::id())),
            true,
        ),
    };
    let cases = dir.join("saker");
    let out = dir.join("ut");
    let prepared = (|| -> std::io::Result<Vec<PathBuf>> {
        if out.exists() {
            std::fs::remove_dir_all(&out)?;
        }
        std::fs::create_dir_all(&out)?;
        synthetic::write_cases(&dir, a.antall)
    })();
    let inputs = match prepared {
        Ok(inputs) => inputs,
        Err(e) => {
            super::eprint(&format!(
                "error: unable to prepare the benchmark folder {}: {e}",
                dir.display()
            ));
            return ExitStatus::Error;
        }
    };
    let jobs = worker_count(a.jobs);
    let opts = BatchOptions {
        kinds: vec![DocumentKind::Folgebrev],
        jobs,
        ..BatchOptions::default()
    };
    let started = Instant::now();
    let job = Job::new(Engine::new(), Profiles::per_case());
    let status = match OutputDir::prepare(&out).and_then(|o| job.batch(inputs, &o, &opts, &|_| {}))
    {
        Ok(r) if r.failed.is_empty() && r.finish_error.is_none() => ExitStatus::Success,
        Ok(r) => {
            for f in &r.failed {
                for e in &f.errors {
                    super::report(e);
                }
            }
            ExitStatus::Failure
        }
        Err(e) => super::report(&e),
    };
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_rss_mib();
    let n = a.antall as f64;
    let mut o = std::io::stdout().lock();
    let _ = writeln!(
        o,
        "saksdok bench: {} one-page letters (følgebrev), {jobs} job{}",
        a.antall,
        if jobs == 1 { "" } else { "s" }
    );
    let _ = writeln!(o, "  wall time      {secs:.3} s");
    let _ = writeln!(o, "  letters/s      {:.0}", n / secs);
    let _ = writeln!(o, "  ms/letter      {:.3}", secs * 1000.0 / n);
    match peak {
        Some(p) => {
            let _ = writeln!(o, "  peak RSS       {p:.1} MiB");
        }
        None => {
            let _ = writeln!(o, "  peak RSS       (unknown on this system)");
        }
    }
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        let _ = writeln!(o, "  cases in       {}", cases.display());
        let _ = writeln!(o, "  output in      {}", out.display());
    }
    status
}

/// Peak resident memory of this process (Linux: `VmHWM`).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
