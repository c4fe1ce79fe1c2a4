//! The export stage: PDF/A-2a + PDF/UA-1 (tagged, deterministic) and PNG
//! previews.

use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

/// Exports a document as PDF/A-2a and PDF/UA-1 at once.
///
/// `ident` must be stable for the same document (the case reference and
/// document kind); its hash becomes the PDF's identifier. The timestamp comes
/// from the document's own `set document(date: …)`, so the bytes depend only
/// on the input.
pub fn pdf(doc: &PagedDocument, ident: &str) -> Result<Vec<u8>> {
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
    typst_pdf::pdf(doc, &options).map_err(|errors| {
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
    })
}

/// Renders every page as a PNG at `ppi` pixels per inch.
pub fn png(doc: &PagedDocument, ppi: f64) -> Result<Vec<Vec<u8>>> {
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
