//! The batch's records and its two summary files: `manifest.json` (every
//! document with its checksum, then the print file, the skipped documents
//! and the failed cases) and, if asked, the print file. Records go to a
//! temporary file as cases finish, so memory does not grow with the batch;
//! both files are streamed from it at the end, in case order.

use std::io::{Seek as _, Write as _};
use std::path::Path;

use serde::Serialize;
use sha2::Digest as _;

use super::stale::StaleFile;
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

/// The print file of a running batch: documents are appended from memory,
/// in case order, as the batch finishes them (never read back from disk,
/// where another program may have changed them). Started with the first
/// document; a batch without documents has no print file.
pub(crate) struct PrintSink {
    target: std::path::PathBuf,
    duplex: bool,
    file: Option<(TempFile, PrintFile<std::io::BufWriter<std::fs::File>>)>,
}

impl PrintSink {
    pub(crate) fn new(target: &Path, duplex: bool) -> Self {
        Self {
            target: target.to_path_buf(),
            duplex,
            file: None,
        }
    }

    /// Appends one finished document and notes its pages in `doc`.
    pub(crate) fn append(&mut self, doc: &mut DocRecord, pdf: &[u8]) -> Result<(), Error> {
        let (_, pf) = match &mut self.file {
            Some(f) => f,
            None => {
                let tmp = TempFile::create(&self.target, PRINT_FILE)?;
                let writer = std::io::BufWriter::new(tmp.file()?);
                let pf = PrintFile::new(writer, "Utskriftsfil", self.duplex)?;
                self.file.insert((tmp, pf))
            }
        };
        let name = self.target.join(&doc.path).display().to_string();
        let Placement {
            first_page,
            last_page,
            ..
        } = pf.append(pdf, &doc.document_id, &name)?;
        doc.print_file_pages = Some([first_page, last_page]);
        Ok(())
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

/// Finishes the print file (if one was started) and writes `manifest.json`,
/// streaming the records. Returns the print file's page count.
pub(crate) fn finish(
    target: &Path,
    records: Records,
    (documents, skipped, failed, stale): (usize, &[String], &[FailureRecord], &[StaleFile]),
    print: Option<PrintSink>,
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
    let duplex = print.as_ref().is_some_and(|p| p.duplex);
    for (i, doc) in docs.enumerate() {
        let doc = doc?;
        let json = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(out, "{sep}{}", indent(&json, 4)).map_err(io)?;
    }
    drop(records_file);
    let print_record = match print.and_then(|p| p.file) {
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
    let moved_aside: Vec<MovedRecord> = stale
        .iter()
        .filter_map(|s| match s {
            StaleFile::Moved { from, to } => Some(MovedRecord { from, to }),
            StaleFile::Changed(_) => None,
        })
        .collect();
    let left_changed: Vec<&str> = stale
        .iter()
        .filter_map(|s| match s {
            StaleFile::Changed(p) => Some(p.as_str()),
            StaleFile::Moved { .. } => None,
        })
        .collect();
    let tail = Tail {
        print_file: print_record.as_ref(),
        skipped,
        failed,
        moved_aside: &moved_aside,
        left_changed: &left_changed,
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
    /// Files of the last batch this one no longer makes, moved aside.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    moved_aside: &'a [MovedRecord<'a>],
    /// Such files left in place because they were changed since.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    left_changed: &'a [&'a str],
}

#[derive(Serialize)]
struct MovedRecord<'a> {
    from: &'a str,
    to: &'a str,
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
