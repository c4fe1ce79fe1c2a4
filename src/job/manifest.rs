//! The batch's records and its two summary files: `manifest.json` (every
//! document with its checksum, then the print file, the skipped documents
//! and the failed cases) and, if asked, the print file. Records go to a
//! temporary file as cases finish, so memory does not grow with the batch;
//! both files are streamed from it at the end, in case order.

use std::io::{Seek as _, Write as _};
use std::path::Path;

use serde::Serialize;
use sha2::Digest as _;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::export::printfile::{Placement, PrintFile};
use crate::export::write::TempFile;

/// The print file's name in the output folder.
pub const PRINT_FILE: &str = "utskriftsfil.pdf";
/// The manifest's name in the output folder.
pub const MANIFEST: &str = "manifest.json";

/// One document in the manifest.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct DocRecord {
    /// Path relative to the output folder.
    pub path: String,
    /// The case reference (saksnummer) as written in the case.
    pub case: String,
    pub kind: String,
    pub role: Option<String>,
    pub document_id: String,
    pub pages: usize,
    pub bytes: usize,
    pub sha256: String,
    /// Addressed to a person with a protected address.
    pub protected_address: bool,
    /// First and last page in the print file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub print_file_pages: Option<[usize; 2]>,
}

#[derive(Debug, Serialize)]
struct PrintFileRecord {
    path: &'static str,
    pages: usize,
    bytes: u64,
    sha256: String,
    duplex: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct FailureRecord {
    pub file: String,
    pub errors: Vec<String>,
}

/// The document records of a running batch, one JSON line each, in a
/// temporary file in the output folder (removed when done).
pub(crate) struct Records {
    file: TempFile,
    writer: std::io::BufWriter<std::fs::File>,
}

impl Records {
    pub(crate) fn create(target: &Path) -> Result<Self, Error> {
        let file = TempFile::create(target, "records")?;
        let writer = std::io::BufWriter::new(file.file()?);
        Ok(Self { file, writer })
    }

    pub(crate) fn push(&mut self, d: &DocRecord) -> Result<(), Error> {
        serde_json::to_writer(&mut self.writer, d)
            .map_err(|e| Error::Internal(format!("manifest record: {e}")))?;
        self.writer.write_all(b"\n").map_err(|e| records_error(&e))
    }

    /// The records back, in the order they were pushed.
    fn read(self) -> Result<(TempFile, impl Iterator<Item = Result<DocRecord, Error>>), Error> {
        let Self { file, writer } = self;
        let mut f = writer.into_inner().map_err(|e| records_error(e.error()))?;
        f.seek(std::io::SeekFrom::Start(0))
            .map_err(|e| records_error(&e))?;
        let lines = std::io::BufRead::lines(std::io::BufReader::new(f)).map(|line| {
            let line = line.map_err(|e| records_error(&e))?;
            serde_json::from_str::<DocRecord>(&line)
                .map_err(|e| Error::Internal(format!("manifest record: {e}")))
        });
        Ok((file, lines))
    }
}

fn records_error(e: &std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(
            Code::Output,
            format!("unable to keep the batch's records: {e}"),
        )
        .hint("check free disk space in the output folder"),
    )
}

/// Writes the print file (if asked) and `manifest.json`, streaming the
/// records. Returns the print file's page count.
pub(crate) fn finish(
    target: &Path,
    records: Records,
    (documents, skipped, failed): (usize, &[String], &[FailureRecord]),
    print_file: bool,
    duplex: bool,
) -> Result<Option<usize>, Error> {
    let (records_file, docs) = records.read()?;
    let manifest = TempFile::create(target, MANIFEST)?;
    let mut out = std::io::BufWriter::new(manifest.file()?);
    let io = |e: std::io::Error| records_error(&e);
    write!(
        out,
        "{{\n  \"saksdok\": \"{}\",\n  \"documents\": [",
        env!("CARGO_PKG_VERSION")
    )
    .map_err(io)?;
    let mut print = if print_file && documents > 0 {
        let tmp = TempFile::create(target, PRINT_FILE)?;
        let writer = std::io::BufWriter::new(tmp.file()?);
        Some((tmp, PrintFile::new(writer, "Utskriftsfil", duplex)?))
    } else {
        None
    };
    for (i, doc) in docs.enumerate() {
        let mut doc = doc?;
        if let Some((_, pf)) = print.as_mut() {
            let path = target.join(&doc.path);
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::one(
                    Diagnostic::error(
                        Code::Output,
                        format!("unable to read a document for the print file: {e}"),
                    )
                    .in_file(path.display().to_string()),
                )
            })?;
            let Placement {
                first_page,
                last_page,
                ..
            } = pf.append(&bytes, &doc.document_id, &path.display().to_string())?;
            doc.print_file_pages = Some([first_page, last_page]);
        }
        let json = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(out, "{sep}{}", indent(&json, 4)).map_err(io)?;
    }
    drop(records_file);
    let print_record = match print {
        Some((tmp, pf)) => {
            let (writer, pages) = pf.finish()?;
            writer.into_inner().map_err(|e| records_error(e.error()))?;
            let path = tmp.persist()?;
            let (bytes, sha256) = file_digest(&path)?;
            Some(PrintFileRecord {
                path: PRINT_FILE,
                pages,
                bytes,
                sha256,
                duplex,
            })
        }
        None => None,
    };
    let tail = Tail {
        print_file: print_record.as_ref(),
        skipped,
        failed,
    };
    let tail = serde_json::to_string_pretty(&tail)
        .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
    // `tail` is an object; splice its members after the documents.
    let members = tail
        .trim()
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or_default()
        .trim_end();
    let close = if documents == 0 { "]" } else { "\n  ]" };
    write!(out, "{close},{members}\n}}\n").map_err(io)?;
    out.flush().map_err(io)?;
    drop(out);
    manifest.persist()?;
    Ok(print_record.map(|p| p.pages))
}

/// The manifest's members after the documents.
#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    print_file: Option<&'a PrintFileRecord>,
    skipped: &'a [String],
    failed: &'a [FailureRecord],
}

fn indent(json: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    json.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Size and SHA-256 of a file, read in pieces.
fn file_digest(path: &Path) -> Result<(u64, String), Error> {
    let fail = |e: std::io::Error| {
        Error::one(
            Diagnostic::error(
                Code::Output,
                format!("unable to read back a written file: {e}"),
            )
            .in_file(path.display().to_string()),
        )
    };
    let mut f = std::fs::File::open(path).map_err(fail)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = std::io::Read::read(&mut f, &mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        len += n as u64;
    }
    Ok((len, hex(&h.finalize())))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
