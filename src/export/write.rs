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

    /// Writes all files, or none (see [`write_all_with`]), holding the
    /// folder's lock. Each file is flushed to disk before it is renamed
    /// into place.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Error> {
        let _lock = self.lock()?;
        write_all_with(&self.0, files, Durability::EachFile, None)
    }

    /// Takes the folder's lock: one saksdok run writes into a folder at a
    /// time. A second run is refused at once with a clear message (it does
    /// not wait: a batch can run for minutes). The lock is the hidden file
    /// `.saksdok.lock`, removed again when the lock is let go; the system
    /// lets go of it if the process dies.
    pub fn lock(&self) -> Result<DirLock, Error> {
        DirLock::take(&self.0)
    }
}

/// The lock file's name in an output folder.
pub const LOCK_FILE: &str = ".saksdok.lock";

/// A held output-folder lock ([`OutputDir::lock`]).
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
    file: Option<std::fs::File>,
}

impl DirLock {
    fn take(dir: &Path) -> Result<Self, Error> {
        let path = dir.join(LOCK_FILE);
        let fail = |why: String| {
            Error::one(
                Diagnostic::error(
                    Code::OutputFolder,
                    format!("unable to lock the output folder: {why}"),
                )
                .in_file(dir.display().to_string())
                .hint("check the folder's permissions; nothing was written"),
            )
        };
        // A lock file removed by the run that held it between our open and
        // our lock is not the folder's lock any more: open it again.
        for _ in 0..100 {
            // Never through a link: the lock is this folder's own file.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                return Err(fail(format!("{LOCK_FILE} is not a plain file; remove it")));
            }
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| fail(e.to_string()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::one(
                        Diagnostic::error(
                            Code::Busy,
                            "another saksdok run is writing to this output folder",
                        )
                        .in_file(dir.display().to_string())
                        .hint("wait until it has finished, or choose another folder; nothing was written"),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(fail(e.to_string())),
            }
            if same_inode(&file, &path) {
                return Ok(Self {
                    path,
                    file: Some(file),
                });
            }
        }
        Err(fail("the lock file keeps changing".into()))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Removed while still held, then let go (see `take`).
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        drop(self.file.take());
    }
}

#[cfg(unix)]
fn same_inode(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::File, _: &Path) -> bool {
    true
}

/// Writes all `files` into `dir`, or none, choosing when data reaches the
/// disk and where the temporary files are (`staging`, on the same file
/// system; default: `dir` itself).
///
/// The files of one call replace earlier files of the same names together:
/// every new file is written in full first; only then are they renamed into
/// place, each earlier file kept aside until all renames are done. If
/// anything fails, the earlier files are put back and the new ones removed,
/// so the folder is as it was.
pub fn write_all_with(
    dir: &Path,
    files: &[OutputFile],
    sync: Durability,
    staging: Option<&Path>,
) -> Result<(), Error> {
    write_all_inner(dir, files, sync, staging, &|a, b| std::fs::rename(a, b))
}

/// [`write_all_with`], with the rename that puts new files into place given
/// (a test makes it fail).
fn write_all_inner(
    dir: &Path,
    files: &[OutputFile],
    sync: Durability,
    staging: Option<&Path>,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), Error> {
    let stage_dir = staging.unwrap_or(dir);
    // A folder (or anything but a file) in a target's place can never be
    // replaced: refuse before writing anything.
    for f in files {
        let target = dir.join(&f.name);
        if let Ok(m) = std::fs::symlink_metadata(&target)
            && !m.is_file()
        {
            return Err(unchanged_error(
                &target,
                "a folder, link or device has the name of an output file",
            ));
        }
    }
    // 1. Every new file in full, under a temporary name.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for f in files {
        let target = dir.join(&f.name);
        let tmp = temp_path(stage_dir, &f.name);
        match write_new(&tmp, &f.bytes, sync) {
            Ok(()) => staged.push((tmp, target)),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                for (t, _) in &staged {
                    let _ = std::fs::remove_file(t);
                }
                return Err(unchanged_error(&target, &e.to_string()));
            }
        }
    }
    // 2. Earlier files of the same names kept aside (a second name for the
    //    same file, or moved where a file system has no hard links).
    let mut kept: Vec<Option<(PathBuf, bool)>> = Vec::with_capacity(staged.len());
    let undo = |staged: &[(PathBuf, PathBuf)], kept: &[Option<(PathBuf, bool)>], done: usize| {
        for (i, (tmp, target)) in staged.iter().enumerate() {
            match kept.get(i) {
                Some(Some((old, _))) if i < done => {
                    let _ = std::fs::rename(old, target);
                }
                Some(Some((old, moved))) => {
                    if *moved {
                        let _ = std::fs::rename(old, target);
                    } else {
                        let _ = std::fs::remove_file(old);
                    }
                }
                _ if i < done => {
                    let _ = std::fs::remove_file(target);
                }
                _ => {}
            }
            if i >= done {
                let _ = std::fs::remove_file(tmp);
            }
        }
    };
    for (_, target) in &staged {
        if std::fs::symlink_metadata(target).is_err() {
            kept.push(None);
            continue;
        }
        let old = temp_path(stage_dir, "earlier");
        let result = std::fs::hard_link(target, &old)
            .map(|()| false)
            .or_else(|_| std::fs::rename(target, &old).map(|()| true));
        match result {
            Ok(moved) => kept.push(Some((old, moved))),
            Err(e) => {
                undo(&staged, &kept, 0);
                return Err(unchanged_error(target, &e.to_string()));
            }
        }
    }
    // 3. The new files into place; on a failure, the earlier ones back.
    for (i, (tmp, target)) in staged.iter().enumerate() {
        if let Err(e) = rename(tmp, target) {
            undo(&staged, &kept, i);
            return Err(unchanged_error(target, &e.to_string()));
        }
    }
    for (old, _) in kept.into_iter().flatten() {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// Writes `bytes` to a new file at `path`, flushed to disk if `sync` says so.
fn write_new(path: &Path, bytes: &[u8], sync: Durability) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    if sync == Durability::EachFile {
        file.sync_all()?;
    }
    Ok(())
}

/// A write that failed and changed nothing.
fn unchanged_error(target: &Path, why: &str) -> Error {
    Error::one(
        Diagnostic::error(Code::Output, format!("unable to write output file: {why}"))
            .in_file(target.display().to_string())
            .hint(
                "check free disk space, permissions and what has this name; nothing was \
                 changed: earlier files of this request are as they were",
            ),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
            pages: 1,
            kind: crate::kind::DocumentKind::Folgebrev,
            role: None,
            document_id: String::new(),
            protected_recipient: false,
        }
    }

    fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    }

    /// The rename of the n-th new file (0-based) fails: everything before
    /// it is undone, the earlier files are back, nothing new or temporary
    /// is left.
    #[test]
    fn a_failed_rename_puts_every_earlier_file_back() {
        for failing in 0..3 {
            let dir = std::env::temp_dir().join(format!(
                "saksdok-write-test-{}-{failing}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir(&dir).unwrap();
            std::fs::write(dir.join("a.pdf"), b"old a").unwrap();
            std::fs::write(dir.join("c.pdf"), b"old c").unwrap();
            let before = listing(&dir);
            let calls = std::sync::atomic::AtomicUsize::new(0);
            let rename = |a: &Path, b: &Path| {
                if calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == failing {
                    Err(std::io::Error::other("injected"))
                } else {
                    std::fs::rename(a, b)
                }
            };
            let files = [
                file("a.pdf", b"new a"),
                file("b.pdf", b"new b"),
                file("c.pdf", b"new c"),
            ];
            let err = write_all_inner(&dir, &files, Durability::Later, None, &rename).unwrap_err();
            assert!(err.to_string().contains("as they were"), "{err}");
            assert_eq!(listing(&dir), before, "rename {failing} failed");
            // And without a failure, all three are new.
            write_all_with(&dir, &files, Durability::Later, None).unwrap();
            let after: Vec<(String, Vec<u8>)> = listing(&dir);
            assert_eq!(
                after,
                vec![
                    ("a.pdf".into(), b"new a".to_vec()),
                    ("b.pdf".into(), b"new b".to_vec()),
                    ("c.pdf".into(), b"new c".to_vec())
                ]
            );
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[test]
    fn a_folder_in_a_files_place_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("saksdok-write-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b.pdf")).unwrap();
        std::fs::write(dir.join("a.pdf"), b"old a").unwrap();
        let files = [file("a.pdf", b"new a"), file("b.pdf", b"new b")];
        assert!(write_all_with(&dir, &files, Durability::EachFile, None).is_err());
        assert_eq!(std::fs::read(dir.join("a.pdf")).unwrap(), b"old a");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_lock_on_a_folder_is_refused_until_the_first_is_let_go() {
        let dir = std::env::temp_dir().join(format!("saksdok-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        let out = OutputDir::prepare(&dir).unwrap();
        let first = out.lock().unwrap();
        let second = out.lock().unwrap_err();
        assert_eq!(second.diagnostics()[0].code, Code::Busy);
        drop(first);
        assert!(!dir.join(LOCK_FILE).exists(), "the lock file stays");
        drop(out.lock().unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
