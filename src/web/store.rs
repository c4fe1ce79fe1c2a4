//! Saving case files: atomically (a temporary file renamed into place),
//! only when the file on disk is still the version the editor started from
//! (its hash), and with the version it replaces kept in the case's history
//! (`.historikk/<file>/000001.yaml`, … inside the case folder), so nothing
//! saved is ever lost. One save at a time per app.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::App;
use crate::export::write::TempFile;

/// The folder of earlier versions inside the case folder (hidden, so the
/// batch and the case list do not see it).
pub const HISTORY: &str = ".historikk";

/// The largest case file the app reads (as the library).
const MAX_FILE: u64 = 1024 * 1024;

/// The version of a file's bytes: 16 hex digits of their SHA-256.
pub fn version(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a case file of the folder (at most 1 MiB, a regular file).
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::files::read_limited(path, MAX_FILE).map_err(|e| match e {
        crate::files::ReadProblem::Io(e) => e,
        _ => std::io::Error::other("not a case file"),
    })
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// The file was changed since the editor read it: what it holds now.
    Conflict(Vec<u8>),
    /// A file with that name exists already (a new case).
    Exists,
    /// Writing failed; nothing was changed.
    Io,
}

/// Writes `bytes` as the case file `path` (inside the folder) if the file
/// is still at `expected` (its version when the editor read it; `None`
/// for a new file, which must not exist), keeping the version it replaces.
pub fn save(app: &App, path: &Path, bytes: &[u8], expected: Option<&str>) -> Result<(), SaveError> {
    let _one = app.saving.lock().unwrap_or_else(|e| e.into_inner());
    let dir = path.parent().ok_or(SaveError::Io)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(SaveError::Io)?;
    match expected {
        None => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(SaveError::Exists);
            }
        }
        Some(expected) => {
            let current = read(path).map_err(|_| SaveError::Io)?;
            if version(&current) != expected {
                return Err(SaveError::Conflict(current));
            }
            if current == bytes {
                return Ok(());
            }
            keep(&app.saker, name, path, &current)?;
        }
    }
    let tmp = TempFile::create(dir, name).map_err(|_| SaveError::Io)?;
    let mut file = tmp.file().map_err(|_| SaveError::Io)?;
    file.write_all(bytes).map_err(|_| SaveError::Io)?;
    drop(file);
    tmp.persist().map_err(|_| SaveError::Io)?;
    Ok(())
}

/// The history folder of a case file.
fn history_dir(saker: &Path, name: &str) -> PathBuf {
    saker.join(HISTORY).join(name)
}

/// Puts `current` (the bytes of `path`) into the history as the next
/// version, with the file's time.
fn keep(saker: &Path, name: &str, path: &Path, current: &[u8]) -> Result<(), SaveError> {
    let dir = history_dir(saker, name);
    std::fs::create_dir_all(&dir).map_err(|_| SaveError::Io)?;
    // The history folder must be a real folder inside the case folder.
    let real = std::fs::canonicalize(&dir).map_err(|_| SaveError::Io)?;
    if !real.starts_with(saker) {
        return Err(SaveError::Io);
    }
    let next = versions(saker, name).first().map_or(1, |v| v.n + 1);
    let target = format!("{next:06}.yaml");
    let tmp = TempFile::create(&real, &target).map_err(|_| SaveError::Io)?;
    let file = tmp.file().map_err(|_| SaveError::Io)?;
    (&file).write_all(current).map_err(|_| SaveError::Io)?;
    if let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) {
        let _ = file.set_modified(modified);
    }
    drop(file);
    tmp.persist().map_err(|_| SaveError::Io)?;
    Ok(())
}

/// An earlier version of a case file.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// Its number (1 is the oldest).
    pub n: u32,
    /// When it was saved, as shown («02.12.2026 kl. 14.32»).
    pub saved: String,
    pub bytes: u64,
}

/// The earlier versions of a case file, newest first.
pub fn versions(saker: &Path, name: &str) -> Vec<Version> {
    let Ok(entries) = std::fs::read_dir(history_dir(saker, name)) else {
        return Vec::new();
    };
    let mut out: Vec<Version> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name();
            let n: u32 = file.to_str()?.strip_suffix(".yaml")?.parse().ok()?;
            let meta = e.metadata().ok().filter(std::fs::Metadata::is_file)?;
            let saved = meta
                .modified()
                .ok()
                .map(|t| {
                    chrono::DateTime::<chrono::Local>::from(t)
                        .format("%d.%m.%Y kl. %H.%M")
                        .to_string()
                })
                .unwrap_or_default();
            Some(Version {
                n,
                saved,
                bytes: meta.len(),
            })
        })
        .collect();
    out.sort_by_key(|v| std::cmp::Reverse(v.n));
    out
}

/// The bytes of version `n` of a case file.
pub fn version_bytes(saker: &Path, name: &str, n: u32) -> Option<Vec<u8>> {
    read(&history_dir(saker, name).join(format!("{n:06}.yaml"))).ok()
}

/// Whether `name` can be the file name of a new case: lower-case letters,
/// digits and hyphens, ending in `.yaml`.
pub fn valid_new_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".yaml") else {
        return false;
    };
    (1..=60).contains(&stem.len())
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !stem.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_names_are_plain() {
        assert!(valid_new_name("asker-ny.yaml"));
        for bad in [
            "../x.yaml",
            "x.yml",
            ".yaml",
            "-x.yaml",
            "a/b.yaml",
            "Stor.yaml",
            ".historikk.yaml",
            "x",
        ] {
            assert!(!valid_new_name(bad), "{bad}");
        }
    }
}
