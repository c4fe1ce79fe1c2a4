//! The export stage: PDF/A-2a + PDF/UA-1 (tagged, deterministic) and PNG
//! previews; the print file that joins finished PDFs (`printfile`); and
//! writing files atomically (`write`).

pub(crate) mod printfile;
mod stream_ends;
pub mod write;

use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::kind::DocumentKind;

/// One output file: a file name (no folder), its bytes, and what it is.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// The file name, built from the case reference and document kind.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// Pages of the document the file belongs to (0 for Typst source).
    pub pages: usize,
    /// The document kind.
    pub kind: DocumentKind,
    /// The recipient's role for a følgebrev (`ungdom`, `verge`, `kopi-1`)
    /// or the checklist's name; `None` for other kinds.
    pub role: Option<String>,
    /// The short document ID printed in every page's footer.
    pub document_id: String,
    /// Whether the letter is addressed to a person with a protected
    /// (confidential) address: posting it may need special handling.
    pub protected_recipient: bool,
}

/// Exports a document as PDF/A-2a and PDF/UA-1 at once.
///
/// `ident` must be stable for the same document (the case reference and
/// document kind); its hash becomes the PDF's identifier. The timestamp comes
/// from the document's own `set document(date: …)`, so the bytes depend only
/// on the input.
pub(crate) fn pdf(doc: &PagedDocument, ident: &str) -> Result<Vec<u8>> {
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| Error::Internal(format!("PDF standards: {}", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("saksdok {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let bytes = typst_pdf::pdf(doc, &options).map_err(|errors| {
        Error::Invalid(
            errors
                .iter()
                .map(|e| {
                    let mut d = Diagnostic::error(
                        Code::Export,
                        format!("PDF export failed: {}", e.message),
                    );
                    if let Some(h) = e.hints.first() {
                        d = d.hint(h.v.to_string());
                    }
                    d
                })
                .collect(),
        )
    })?;
    // A stream whose data ends in CR gets a CR LF marker before
    // `endstream`, so that no validator counts its length short.
    Ok(stream_ends::fix(&bytes).unwrap_or(bytes))
}

/// Renders every page as a PNG at `ppi` pixels per inch.
pub(crate) fn png(doc: &PagedDocument, ppi: f64) -> Result<Vec<Vec<u8>>> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(ppi / 72.0),
        render_bleed: false,
    };
    doc.pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &options)
                .encode_png()
                .map_err(|e| Error::Internal(format!("PNG encoding failed: {e}")))
        })
        .collect()
}
