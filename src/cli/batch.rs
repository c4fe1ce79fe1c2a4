//! `saksdok batch`: the library's batch ([`saksdok::job::batch`]) with a
//! progress display and a closing summary on stderr.

use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use saksdok::diagnostic::Code;
use saksdok::export::write::OutputDir;
use saksdok::job::batch::{
    BatchOptions, BatchReport, CaseDone, PRINT_FILE, StaleFile, worker_count,
};
use saksdok::job::case_files_and_skipped;
use saksdok::{Diagnostic, DocumentKind, Error};

use super::args::BatchArgs;
use super::{ExitStatus, eprint, report};

/// Runs `saksdok batch`.
pub fn run(a: &BatchArgs) -> ExitStatus {
    let started = Instant::now();
    if a.output.as_os_str() == "-" {
        return report(&Error::one(
            Diagnostic::error(
                Code::OutputFolder,
                "a batch writes many files and needs an output folder",
            )
            .in_file("-o -")
            .hint("give a folder: -o out"),
        ));
    }
    if a.liste.is_some() && !a.doc.iter().any(|k| k.needs_checklist()) {
        return super::usage_error(
            "--liste names a checklist, and no document asked for is one (add sjekkliste to -d)",
        );
    }
    if a.med_vedlegg && !a.doc.iter().any(|k| k.can_enclose()) {
        return super::usage_error(
            "--med-vedlegg puts the enclosed plan after a cover letter, and no document asked for encloses anything (add folgebrev to -d)",
        );
    }
    let out = match OutputDir::prepare(&a.output) {
        Ok(d) => d,
        Err(e) => return report(&e),
    };
    let cases = match case_files_and_skipped(&a.inputs) {
        Ok((cases, skipped)) => {
            super::warn(&skipped);
            cases
        }
        Err(e) => return report(&e),
    };
    let job = match super::job(&a.common) {
        Ok(j) => j,
        Err(e) => return report(&e),
    };
    let opts = BatchOptions {
        kinds: a.doc.clone(),
        date: a.common.date,
        undated: a
            .doc
            .iter()
            .any(|k: &DocumentKind| k.needs_asked_date())
            .then(super::today),
        checklist: a.liste.clone(),
        with_enclosures: a.med_vedlegg,
        language: a.sprak.clone(),
        allow_unchecked: a.tillat_ukontrollert,
        jobs: worker_count(a.jobs),
        print_file: a.print_file,
        duplex: a.duplex,
        worker_processes: super::worker_command(&a.common),
    };
    let progress = Progress::new(cases.len(), a.quiet);
    let result = job.batch(cases, &out, &opts, &|done| progress.case_done(&done));
    progress.finish();
    let r = match result {
        Ok(r) => r,
        Err(e) => return report(&e),
    };
    let mut status = if r.failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    };
    if let Some(e) = &r.finish_error {
        status = report(e);
    }
    summary(&r, out.path(), started, a.quiet, a.duplex);
    status
}

/// The closing summary on stderr: counts, time, and the letters that need
/// special handling because their recipient has a protected address.
fn summary(t: &BatchReport, target: &Path, started: Instant, quiet: bool, duplex: bool) {
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
    // Files moved aside are always told of: the user may look for them.
    for s in &t.stale {
        match s {
            StaleFile::Moved { from, to } => eprint(&format!(
                "moved aside (an earlier batch made it, this one does not): {} -> {}",
                target.join(from).display(),
                target.join(to).display()
            )),
            StaleFile::Changed(p) => eprint(&format!(
                "left in place (an earlier batch made it, this one does not, and it was changed since): {}",
                target.join(p).display()
            )),
        }
    }
    if quiet && t.failed.is_empty() {
        return;
    }
    if let Some(pages) = t.print_file_pages {
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

    fn case_done(&self, o: &CaseDone) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let errors = || {
            for e in o.errors {
                eprint(&super::show_error(e));
            }
            super::warn(o.warnings);
        };
        let any = !o.errors.is_empty() || !o.warnings.is_empty();
        match &self.bar {
            Some(bar) => {
                if any {
                    bar.suspend(errors);
                }
                bar.inc(1);
            }
            None => {
                if any {
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
