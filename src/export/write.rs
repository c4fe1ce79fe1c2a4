//! Writing output files atomically: each file goes to a temporary file in
//! the target folder and is renamed into place, so a reader never sees a
//! half-written document and a failure leaves nothing behind.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::OutputFile;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;

/// An output folder that exists and is writable.
#[derive(Debug, Clone)]
pub struct OutputDir(PathBuf);

impl OutputDir {
    /// Checks the output folder before any work is done: it must exist (it
    /// is not created) and take new files.
    pub fn prepare(path: &Path) -> Result<Self, Error> {
        let label = path.display().to_string();
        let fail = |msg: &str, hint: &str| {
            Err(Error::one(
                Diagnostic::error(Code::OutputFolder, msg)
                    .in_file(label.clone())
                    .hint(hint),
            ))
        };
        match std::fs::metadata(path) {
            Err(_) => {
                return fail(
                    "output folder does not exist",
                    &format!("create it first: mkdir -p {label}"),
                );
            }
            Ok(m) if !m.is_dir() => {
                return fail("output path is a file, not a folder", "give a folder");
            }
            Ok(_) => {}
        }
        // Probe that we may create files here, the same way outputs are written.
        let probe = temp_path(path, "probe");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => {
                return fail(
                    &format!("output folder is not writable: {e}"),
                    "choose another folder or fix its permissions",
                );
            }
        }
        Ok(Self(path.to_path_buf()))
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes all files, or none: if one fails, those already written in
    /// this call are removed again. Each file is flushed to disk before it
    /// is renamed into place.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Error> {
        write_all_with(&self.0, files, Durability::EachFile, None)
    }
}

/// Writes all `files` into `dir`, or none, choosing when data reaches the
/// disk and where the temporary files are (`staging`, on the same file
/// system; default: `dir` itself).
pub fn write_all_with(
    dir: &Path,
    files: &[OutputFile],
    sync: Durability,
    staging: Option<&Path>,
) -> Result<(), Error> {
    let mut written: Vec<PathBuf> = Vec::new();
    for f in files {
        match write_atomic_with(dir, &f.name, &f.bytes, sync, staging) {
            Ok(p) => written.push(p),
            Err(e) => {
                for p in written {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
        }
    }
    Ok(())
}

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".saksdok-{name}.{}.{n}.tmp", std::process::id()))
}

/// Removes temporary files that an earlier saksdok left in `dir` when it was
/// killed mid-write (`.saksdok-….<pid>.<n>.tmp` of a process that no longer
/// runs). Only Linux can tell whether a process runs; elsewhere nothing is
/// removed.
pub fn sweep_stale(dir: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(".saksdok-")
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        // `<name>.<pid>.<n>`: the pid is the second field from the end.
        let pid = rest.rsplit('.').nth(1).and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != me
            && !process_runs(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` runs (Linux): it exists and is not a zombie.
fn process_runs(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// A file being written under a temporary name, renamed into place by
/// [`TempFile::persist`] and removed if dropped before that.
pub struct TempFile {
    tmp: PathBuf,
    target: PathBuf,
    file: Option<std::fs::File>,
}

impl TempFile {
    /// Creates `dir/.saksdok-name.….tmp` for `dir/name`.
    pub fn create(dir: &Path, name: &str) -> Result<Self, Error> {
        let tmp = temp_path(dir, name);
        let target = dir.join(name);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| write_error(&target, &e))?;
        Ok(Self {
            tmp,
            target,
            file: Some(file),
        })
    }

    /// A handle to write through.
    pub fn file(&self) -> Result<std::fs::File, Error> {
        self.file
            .as_ref()
            .ok_or_else(|| Error::Internal("temporary file already closed".into()))?
            .try_clone()
            .map_err(|e| write_error(&self.target, &e))
    }

    /// Flushes to disk and renames into place.
    pub fn persist(mut self) -> Result<PathBuf, Error> {
        let file = self
            .file
            .take()
            .ok_or_else(|| Error::Internal("temporary file already closed".into()))?;
        file.sync_all()
            .and_then(|()| std::fs::rename(&self.tmp, &self.target))
            .map_err(|e| write_error(&self.target, &e))?;
        Ok(self.target.clone())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

fn write_error(target: &Path, e: &std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(Code::Output, format!("unable to write output file: {e}"))
            .in_file(target.display().to_string())
            .hint("check free disk space and permissions; nothing was left behind"),
    )
}

/// When written files are flushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Before each rename (one file at a time).
    EachFile,
    /// Later, by the caller ([`sync_tree`]): a batch flushes everything
    /// once at the end instead of waiting for the disk after every letter.
    /// A killed process still leaves only whole files, as the rename comes
    /// after the last byte is written.
    Later,
}

/// Flushes everything written under `root` to disk: the whole file system
/// at once where the system's `sync --file-system` can do that (one call
/// instead of one per file), otherwise every file and folder under `root`
/// (two levels deep, as a batch writes them) one by one.
pub fn sync_tree(root: &Path) -> Result<(), Error> {
    let whole = cfg!(target_os = "linux")
        && std::process::Command::new("sync")
            .arg("--file-system")
            .arg(root)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if whole {
        return Ok(());
    }
    fn walk(dir: &Path, depth: usize) -> Result<(), Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| write_error(dir, &e))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                if depth > 0 {
                    walk(&p, depth - 1)?;
                }
            } else {
                std::fs::File::open(&p)
                    .and_then(|f| f.sync_all())
                    .map_err(|e| write_error(&p, &e))?;
            }
        }
        // Folders cannot be synced on every platform; the files were.
        let _ = std::fs::File::open(dir).and_then(|f| f.sync_all());
        Ok(())
    }
    walk(root, 1)
}

/// Writes `bytes` to `dir/name` through a temporary file (in `staging`, or
/// in `dir`) and a rename, flushing to disk before the rename or later, as
/// `sync` says.
pub fn write_atomic_with(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    sync: Durability,
    staging: Option<&Path>,
) -> Result<PathBuf, Error> {
    let target = dir.join(name);
    let tmp = temp_path(staging.unwrap_or(dir), name);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        if sync == Durability::EachFile {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&tmp, &target)
    })();
    result.map(|()| target.clone()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::one(
            Diagnostic::error(Code::Output, format!("unable to write output file: {e}"))
                .in_file(target.display().to_string())
                .hint("check free disk space and permissions; nothing was left behind"),
        )
    })
}
