//! The typesetting stage: a sandboxed Typst [`World`] over the template
//! store and the embedded fonts, compilation, and the mapping of Typst's
//! diagnostics back to template files.

mod world;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use typst::diag::SourceDiagnostic;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

pub use world::DocWorld;

use crate::diagnostic::{Diagnostic, Loc};
use crate::error::{Error, Result};
use crate::template::{TemplateStore, TypstSource};

/// What every document shares: the standard library, the fonts and the
/// template store. Built once per [`crate::Engine`].
pub struct Base {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    store: Arc<TemplateStore>,
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Base")
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

impl Base {
    /// Parses the embedded fonts and wraps the store.
    pub fn new(store: Arc<TemplateStore>) -> Self {
        let fonts: Vec<Font> = crate::embedded::FONTS
            .iter()
            .flat_map(|(_, bytes)| Font::iter(Bytes::new(*bytes)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            store,
        }
    }

    /// The font families available to templates, sorted.
    pub fn font_families(&self) -> Vec<String> {
        let mut names: Vec<String> = self.book.families().map(|(n, _)| n.to_owned()).collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Compiles generated Typst source into a laid-out document.
///
/// `today` is what Typst's `datetime.today()` returns: the document date,
/// never the clock.
pub fn compile(base: &Base, source: &TypstSource, today: NaiveDate) -> Result<PagedDocument> {
    let world = DocWorld::new(base, source, today);
    let warned = typst::compile::<PagedDocument>(&world);
    match warned.output {
        Ok(doc) => Ok(doc),
        Err(errors) => Err(Error::Invalid(
            errors
                .iter()
                .map(|e| map_diagnostic(&world, source, e))
                .collect(),
        )),
    }
}

/// Turns a Typst diagnostic into ours, pointing into the template root when
/// the error is in a template module, and into the generated source of the
/// entry template otherwise.
pub(crate) fn map_diagnostic(
    world: &DocWorld,
    source: &TypstSource,
    e: &SourceDiagnostic,
) -> Diagnostic {
    let mut diag = Diagnostic::new(format!("typesetting failed: {}", e.message));
    let root = &world.base().store.root_label;
    if let Some(id) = e.span.id() {
        let vpath = id.vpath().get_without_slash().to_owned();
        let loc = world.span_loc(e.span);
        if id == world.main_id() {
            diag = diag
                .in_file(format!("{root}/{} (generated Typst)", source.template))
                .at(loc)
                .hint(format!(
                    "the line is in the generated source; see it with `saksdok render … --format typ` and find the matching line in `{}`",
                    source.template
                ));
        } else {
            diag = diag.in_file(format!("{root}/{vpath}")).at(loc);
        }
    }
    if let Some(h) = e.hints.first() {
        diag.hint = Some(h.v.to_string());
    }
    diag
}

pub(crate) fn loc_from(line0: usize, col0: usize) -> Loc {
    Loc {
        line: u32::try_from(line0 + 1).unwrap_or(u32::MAX),
        col: u32::try_from(col0 + 1).unwrap_or(u32::MAX),
    }
}

/// The text of every page, in layout order (used by tests and `check`).
pub fn page_texts(doc: &PagedDocument) -> Vec<String> {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => out.push_str(&t.text),
                _ => {}
            }
        }
    }
    doc.pages()
        .iter()
        .map(|p| {
            let mut s = String::new();
            walk(&p.frame, &mut s);
            s
        })
        .collect()
}

/// A Typst `datetime` for a date (used for `set document(date: …)`).
pub fn typst_date(d: NaiveDate) -> Option<typst::foundations::Datetime> {
    typst::foundations::Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}
