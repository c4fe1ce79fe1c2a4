//! Leaves every stage may use: the template store (the files of a template
//! root, read once) and the embedded fonts with their glyph coverage.

mod fonts;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

pub(crate) use fonts::embedded_fonts;
pub use fonts::has_glyph;

/// Largest template or asset file accepted in a template root.
pub const MAX_TEMPLATE_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Largest template root, all files together (the bundled one is about
/// 100 KiB; a letterhead logo or two fit many times over).
pub const MAX_TEMPLATE_ROOT_BYTES: u64 = 64 * 1024 * 1024;

/// Most files a template root may hold.
pub const MAX_TEMPLATE_FILES: usize = 2_000;

/// The files of a template root, read once: minijinja templates, pure-Typst
/// modules and assets. Typst and minijinja are served from this map only.
#[derive(Debug, Clone)]
pub(crate) struct TemplateStore {
    /// How the root is named in diagnostics (`templates` or the folder given).
    pub root_label: String,
    files: BTreeMap<String, Arc<[u8]>>,
}

impl TemplateStore {
    /// The templates embedded in the binary at build time.
    pub fn embedded() -> Self {
        let files = crate::embedded::TEMPLATES
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), Arc::<[u8]>::from(*bytes)))
            .collect();
        Self {
            root_label: "templates".to_owned(),
            files,
        }
    }

    /// Reads every file under `dir`. Symbolic links that lead outside the
    /// folder are refused: the template root is a sandbox.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let label = dir.display().to_string();
        let fail =
            |msg: String| Error::one(Diagnostic::error(Code::Read, msg).in_file(label.clone()));
        let root = dir
            .canonicalize()
            .map_err(|e| fail(format!("unable to open template folder: {e}")))?;
        if !root.is_dir() {
            return Err(fail("the template root is not a folder".to_owned()));
        }
        let mut files = BTreeMap::new();
        let mut total: u64 = 0;
        let mut seen_dirs = std::collections::HashSet::new();
        seen_dirs.insert(root.clone());
        let limit = |what: String| {
            Error::one(
                Diagnostic::error(Code::Limit, what)
                    .in_file(label.clone())
                    .hint("a template folder holds templates, modules and a few images; move other files out"),
            )
        };
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d)
                .map_err(|e| fail(format!("unable to read template folder: {e}")))?;
            for entry in entries {
                let entry =
                    entry.map_err(|e| fail(format!("unable to read template folder: {e}")))?;
                let path = entry.path();
                let real = path
                    .canonicalize()
                    .map_err(|e| fail(format!("unable to resolve `{}`: {e}", path.display())))?;
                if !real.starts_with(&root) {
                    return Err(Error::one(
                        Diagnostic::error(Code::Read, format!(
                            "`{}` is a link to a file outside the template root",
                            path.display()
                        ))
                        .in_file(label.clone())
                        .hint("templates may only use files inside their own folder; copy the file in"),
                    ));
                }
                if real.is_dir() {
                    // A link to a folder already read (or to a parent) would
                    // be read again and again.
                    if seen_dirs.insert(real) {
                        stack.push(path);
                    }
                    continue;
                }
                if files.len() >= MAX_TEMPLATE_FILES {
                    return Err(limit(format!(
                        "the template folder holds more than {MAX_TEMPLATE_FILES} files"
                    )));
                }
                let bytes =
                    crate::files::read_limited(&real, MAX_TEMPLATE_FILE_BYTES).map_err(|p| {
                        use crate::files::ReadProblem;
                        fail(match p {
                            ReadProblem::NotAFile(what) => {
                                format!("`{}` is {what}, not a file", path.display())
                            }
                            ReadProblem::TooLarge(_) => format!(
                                "`{}` is larger than {MAX_TEMPLATE_FILE_BYTES} bytes",
                                path.display()
                            ),
                            ReadProblem::Io(e) => {
                                format!("unable to read `{}`: {e}", path.display())
                            }
                        })
                    })?;
                total += bytes.len() as u64;
                if total > MAX_TEMPLATE_ROOT_BYTES {
                    return Err(limit(format!(
                        "the template folder holds more than {} MiB",
                        MAX_TEMPLATE_ROOT_BYTES / 1024 / 1024
                    )));
                }
                check_image(&bytes).map_err(|msg| fail(format!("`{}` {msg}", path.display())))?;
                let rel = path
                    .strip_prefix(&root)
                    .map_err(|_| fail("path outside the root".to_owned()))?
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, Arc::from(bytes));
            }
        }
        Ok(Self {
            root_label: label,
            files,
        })
    }

    /// The bytes of a file by its path relative to the root (`lib/brev.typ`).
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path)
    }

    /// Paths of all files, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// The most pixels a raster image in a template folder may have: 25
/// megapixels, more than a full A4 page at 300 dpi. Typst decodes an image
/// whole, so a small file of huge dimensions (a PNG of 20,000 × 20,000
/// pixels is 1 MB and decodes to 1.2 GB) would exhaust memory.
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// Refuses a raster image (PNG, JPEG, GIF, WebP, …, whatever its name)
/// larger than [`MAX_IMAGE_PIXELS`]; other files pass.
fn check_image(bytes: &[u8]) -> std::result::Result<(), String> {
    if imagesize::image_type(bytes).is_err() {
        return Ok(());
    }
    let Ok(size) = imagesize::blob_size(bytes) else {
        return Ok(());
    };
    let pixels = size.width as u64 * size.height as u64;
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "is an image of {} × {} pixels; the limit is {} megapixels: scale it down",
            size.width,
            size.height,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(())
}
