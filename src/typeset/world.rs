//! The sandboxed Typst world: the generated source, the template store and
//! the embedded fonts, nothing else. No file system, no network, no
//! packages, no clock.

use chrono::NaiveDate;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{DiagSpan, FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::{Base, loc_from, typst_date};
use crate::diagnostic::Loc;
use crate::template::TypstSource;

/// The world one document is compiled in. Cheap to create: everything heavy
/// lives in the shared [`Base`].
pub(crate) struct DocWorld<'a> {
    base: &'a Base,
    main: Source,
    extra: Vec<Source>,
    today: Option<Datetime>,
}

impl<'a> DocWorld<'a> {
    /// Creates the world for one generated source. The main file's id is the
    /// entry template's path, so the same few ids are reused for every
    /// document (file ids are interned and capped per process).
    pub fn new(base: &'a Base, source: &TypstSource, today: NaiveDate) -> Self {
        // Template names come from `DocumentKind` and are plain file names.
        let vpath = VirtualPath::new(format!("/{}", source.template))
            .or_else(|_| VirtualPath::new("/main.typ"))
            .expect("a plain file name is a valid virtual path");
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        // Generated enclosures get fixed paths (`/vedlegg-1.typ`, …), so
        // their ids are interned once, not per document.
        let extra = source
            .extra
            .iter()
            .filter_map(|(path, text)| {
                let vpath = VirtualPath::new(format!("/{path}")).ok()?;
                let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
                Some(Source::new(id, text.clone()))
            })
            .collect();
        Self {
            base,
            main: Source::new(id, source.text.clone()),
            extra,
            today: typst_date(today),
        }
    }

    /// The shared base.
    pub fn base(&self) -> &Base {
        self.base
    }

    /// The id of the generated main source.
    pub fn main_id(&self) -> FileId {
        self.main.id()
    }

    /// Line and column of a span, if it points into a known source.
    pub fn span_loc(&self, span: DiagSpan) -> Option<Loc> {
        use typst::WorldExt;
        let id = span.id()?;
        let range = self.range(span)?;
        let source = self.source(id).ok()?;
        let lines = source.lines();
        let line = lines.byte_to_line(range.start)?;
        let col = lines.byte_to_column(range.start)?;
        Some(loc_from(line, col))
    }

    fn lookup(&self, id: FileId) -> FileResult<&[u8]> {
        let rooted = id.get();
        match rooted.root() {
            VirtualRoot::Package(spec) => Err(FileError::Other(Some(
                format!(
                    "packages are not available: saksdok renders offline and only from its template root (tried to import {spec}); copy what you need into the template folder"
                )
                .into(),
            ))),
            VirtualRoot::Project => {
                let rel = rooted.vpath().get_without_slash();
                self.base.store.get(rel).map(|b| &b[..]).ok_or_else(|| {
                    FileError::Other(Some(
                        format!(
                            "`/{rel}` is not in the template root; Typst may only read files inside the template folder"
                        )
                        .into(),
                    ))
                })
            }
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if let Some(s) = self.extra.iter().find(|s| s.id() == id) {
            return Ok(s.clone());
        }
        let bytes = self.lookup(id)?;
        if let Some(source) = self.base.sources.get(id.vpath().get_without_slash()) {
            return Ok(source.clone());
        }
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        if let Some(s) = self.extra.iter().find(|s| s.id() == id) {
            return Ok(Bytes::from_string(s.text().to_owned()));
        }
        self.lookup(id)?;
        self.base
            .files
            .get(id.vpath().get_without_slash())
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
