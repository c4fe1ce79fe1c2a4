//! Letters of an earlier batch that this batch no longer makes.
//!
//! When a copy recipient is removed from a case, or a section the case had
//! is gone, re-running the batch makes fewer files for that case than the
//! last run did. The old files would stay beside the new ones, unlisted,
//! and could be printed and sent by mistake. So a batch reads the manifest
//! the last batch left in the folder and moves aside every file it listed
//! for a case this batch made without errors, of a kind this batch was
//! asked for, that this batch did not make again — into `_foreldet/`
//! (folder names of cases never contain `_`), keeping the case folder
//! below it. Only files that still have the checksum the manifest gave are
//! moved (anything changed since is someone's work, and stays); nothing is
//! deleted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use super::manifest::{MANIFEST, hex};
use crate::kind::DocumentKind;

/// The folder in the output folder that letters no longer made are moved to.
pub const STALE_DIR: &str = "_foreldet";

/// A file of the last batch, as its manifest lists it.
#[derive(Debug, Clone, serde::Deserialize)]
struct Listed {
    path: String,
    kind: String,
    sha256: String,
}

#[derive(Debug, serde::Deserialize)]
struct OldManifest {
    documents: Vec<Listed>,
}

/// The last batch's files, by case folder.
#[derive(Debug, Default)]
pub(crate) struct Earlier {
    by_folder: HashMap<String, Vec<Listed>>,
}

/// What became of an earlier batch's file that this batch did not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleFile {
    /// Moved from `from` to `to` (both relative to the output folder).
    Moved {
        /// Where it was.
        from: String,
        /// Where it is now.
        to: String,
    },
    /// Left where it is: it was changed after the earlier batch wrote it.
    Changed(String),
}

impl Earlier {
    /// Reads the manifest in `target`, if there is one that can be read. A
    /// manifest that is not saksdok's (or damaged) means no earlier files.
    pub(crate) fn read(target: &Path) -> Self {
        let Ok(bytes) = std::fs::read(target.join(MANIFEST)) else {
            return Self::default();
        };
        let Ok(old) = serde_json::from_slice::<OldManifest>(&bytes) else {
            return Self::default();
        };
        let mut by_folder: HashMap<String, Vec<Listed>> = HashMap::new();
        for doc in old.documents {
            // Only `folder/file` as a batch writes it: nothing that could
            // point elsewhere.
            let Some((folder, name)) = doc.path.split_once('/') else {
                continue;
            };
            let plain = |s: &str| {
                !s.is_empty()
                    && !s.starts_with('.')
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            };
            if plain(folder) && plain(name) {
                by_folder.entry(folder.to_owned()).or_default().push(doc);
            }
        }
        Self { by_folder }
    }

    /// Moves aside the files the last batch made in case folder `folder`
    /// (of the `kinds` asked for) that are not in `made`.
    pub(crate) fn sweep(
        &self,
        target: &Path,
        folder: &str,
        kinds: &[DocumentKind],
        made: &HashSet<&str>,
    ) -> Vec<StaleFile> {
        let Some(listed) = self.by_folder.get(folder) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for doc in listed {
            if made.contains(doc.path.as_str()) || !kinds.iter().any(|k| k.name() == doc.kind) {
                continue;
            }
            let from = target.join(&doc.path);
            let Ok(bytes) = std::fs::read(&from) else {
                continue;
            };
            if hex(&sha2::Sha256::digest(&bytes)) != doc.sha256 {
                out.push(StaleFile::Changed(doc.path.clone()));
                continue;
            }
            if let Some(to) = move_aside(target, &doc.path) {
                out.push(StaleFile::Moved {
                    from: doc.path.clone(),
                    to,
                });
            }
        }
        out
    }
}

/// Moves `target/rel` to `target/_foreldet/rel`, with `-2`, `-3`, … before
/// the extension if a file of that name is there already. Returns the new
/// path relative to `target`.
fn move_aside(target: &Path, rel: &str) -> Option<String> {
    let (folder, name) = rel.split_once('/')?;
    // Never through a link: the files stay in the output folder.
    for d in [target.join(STALE_DIR), target.join(STALE_DIR).join(folder)] {
        if std::fs::symlink_metadata(&d).is_ok_and(|m| !m.is_dir()) {
            return None;
        }
    }
    let dir = target.join(STALE_DIR).join(folder);
    std::fs::create_dir_all(&dir).ok()?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..1000 {
        let file = match (n, ext) {
            (1, _) => name.to_owned(),
            (_, "") => format!("{stem}-{n}"),
            _ => format!("{stem}-{n}.{ext}"),
        };
        let to: PathBuf = dir.join(&file);
        if std::fs::symlink_metadata(&to).is_ok() {
            continue;
        }
        return std::fs::rename(target.join(rel), &to)
            .ok()
            .map(|()| format!("{STALE_DIR}/{folder}/{file}"));
    }
    None
}
