//! The engine: the only place that knows the order of the stages.
//!
//! Built once (templates read, fonts parsed), then cheap per document.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use typst_layout::PagedDocument;

use crate::case::{Case, Municipality, parse_date};
use crate::context;
use crate::diagnostic::Diagnostic;
use crate::document::{DocumentKind, output_stem};
use crate::error::{Error, Result};
use crate::export;
use crate::template::{TemplateStore, Templates, TypstSource};
use crate::typeset::{self, Base};

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// PDF/A-2a + PDF/UA-1.
    Pdf,
    /// One PNG per page (a quick look).
    Png,
    /// The generated Typst source (for template authors).
    Typ,
}

/// One output file: a file name (no folder) and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// The file name, built from the case reference and document kind.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// Pages of the document the file belongs to (0 for Typst source).
    pub pages: usize,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// Number of pages of all documents (0 for `typ`).
    pub pages: usize,
}

/// What to render: the kind, the document date (overriding the case), and
/// for a sjekkliste the list's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    /// The document kind.
    pub kind: DocumentKind,
    /// The document date; overrides the date in the case.
    pub date: Option<NaiveDate>,
    /// The checklist (`ettervern`, …) for [`DocumentKind::Sjekkliste`].
    pub checklist: Option<&'a str>,
    /// For a følgebrev: render the enclosed plan or evaluation into the
    /// same PDF after each letter (one envelope, one file).
    pub with_enclosures: bool,
}

impl Request<'_> {
    /// A request for `kind`, dated as the case says.
    pub fn new(kind: DocumentKind) -> Self {
        Self {
            kind,
            date: None,
            checklist: None,
            with_enclosures: false,
        }
    }
}

/// The document engine.
#[derive(Debug)]
pub struct Engine {
    templates: Templates,
    base: Base,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// An engine with the templates and fonts embedded in the binary.
    pub fn new() -> Self {
        Self::from_store(TemplateStore::embedded())
    }

    /// An engine whose templates come from `dir` (fonts stay embedded).
    pub fn with_template_dir(dir: &Path) -> Result<Self> {
        Ok(Self::from_store(TemplateStore::from_dir(dir)?))
    }

    fn from_store(store: TemplateStore) -> Self {
        let store = Arc::new(store);
        Self {
            templates: Templates::new(Arc::clone(&store)),
            base: Base::new(store),
        }
    }

    /// The font families templates can use.
    pub fn font_families(&self) -> Vec<String> {
        self.base.font_families()
    }

    /// The document date: `--date` if given, else the date in the case's
    /// section for this document. Never the clock.
    pub fn document_date(
        case: &Case,
        kind: DocumentKind,
        overridden: Option<NaiveDate>,
    ) -> Result<NaiveDate> {
        if let Some(d) = overridden {
            return Ok(d);
        }
        let f = &case.file;
        let from_case = match kind {
            DocumentKind::Velkomstbrev => f.velkomstbrev.as_ref().and_then(|v| v.dato.as_ref()),
            DocumentKind::Tiltaksplan => f.tiltaksplan.as_ref().and_then(|v| v.dato.as_ref()),
            DocumentKind::Evaluering => f.evaluering.as_ref().and_then(|v| v.dato.as_ref()),
            DocumentKind::Folgebrev => f.folgebrev.as_ref().and_then(|v| v.dato.as_ref()),
            DocumentKind::Sjekkliste => None,
            DocumentKind::Askerguiden | DocumentKind::AskerguidenStatus => {
                f.askerguiden.as_ref().and_then(|v| v.dato.as_ref())
            }
            DocumentKind::Utflyttingsplan => {
                f.utflyttingsplan.as_ref().and_then(|v| v.dato.as_ref())
            }
            DocumentKind::Praksisavtale => f.arbeidspraksis.as_ref().and_then(|v| v.dato.as_ref()),
            DocumentKind::Praksisattest => f
                .arbeidspraksis
                .as_ref()
                .and_then(|v| v.attest.as_ref())
                .map(|a| &a.dato),
            DocumentKind::Samarbeidsavtale => {
                f.samarbeidsavtale.as_ref().and_then(|v| v.dato.as_ref())
            }
        };
        from_case.and_then(|d| parse_date(d)).ok_or_else(|| {
            Error::one(
                Diagnostic::new(format!("{kind} has no date"))
                    .in_file(case.source.clone())
                    .field(format!("{kind}.dato"))
                    .hint(format!(
                        "set `{kind}.dato` in the case file or pass --date YYYY-MM-DD"
                    )),
            )
        })
    }

    /// Generates the Typst source of every document of this kind, with the
    /// stem of its file name: one for most kinds, one per recipient for a
    /// følgebrev (`2025-1432-folgebrev-ungdom`, `…-verge`, `…-kopi-1`).
    pub fn sources(
        &self,
        case: &Case,
        muni: &Municipality,
        kind: DocumentKind,
        date: NaiveDate,
    ) -> Result<Vec<(String, TypstSource)>> {
        self.sources_for(
            case,
            muni,
            &Request {
                date: Some(date),
                ..Request::new(kind)
            },
            date,
        )
    }

    fn sources_for(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        date: NaiveDate,
    ) -> Result<Vec<(String, TypstSource)>> {
        let kind = req.kind;
        let checklist = self.checklist(req)?;
        let stem = output_stem(&case.file.saksnummer, kind);
        let extra = if req.with_enclosures && kind == DocumentKind::Folgebrev {
            self.enclosures(case, muni)?
        } else {
            Vec::new()
        };
        let files: Vec<String> = extra.iter().map(|(path, _)| path.clone()).collect();
        context::build_all(case, muni, kind, date, checklist)?
            .into_iter()
            .map(|(suffix, ctx)| {
                let name = match suffix {
                    Some(s) => format!("{stem}-{s}"),
                    None => stem.clone(),
                };
                let ctx = context::with_value(
                    &ctx,
                    "vedlegg_filer",
                    minijinja::Value::from(files.clone()),
                );
                let mut source = self.templates.render(&kind.template(), &ctx)?;
                source.extra.clone_from(&extra);
                Ok((name, source))
            })
            .collect()
    }

    /// The Typst sources of a følgebrev's enclosures that are documents of
    /// this case (`vedlegg[].dokument`), each dated as the case says, to be
    /// included after the letter: (`vedlegg-1.typ`, source), …
    fn enclosures(&self, case: &Case, muni: &Municipality) -> Result<Vec<(String, String)>> {
        let Some(fb) = &case.file.folgebrev else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (i, v) in fb.vedlegg.iter().enumerate() {
            let Some(doc) = &v.dokument else { continue };
            let kind = DocumentKind::from_name(doc)
                .ok_or_else(|| Error::Internal("validated enclosure kind".into()))?;
            let present = case.has_data_for(kind);
            if !present {
                return Err(Error::one(
                    Diagnostic::new(format!("the enclosed {kind} is not in the case"))
                        .in_file(case.source.clone())
                        .at(doc.loc)
                        .field(format!("folgebrev.vedlegg[{i}].dokument"))
                        .hint(format!(
                            "add the `{kind}:` section, or render without --med-vedlegg"
                        )),
                ));
            }
            let date = Self::document_date(case, kind, None)?;
            let ctx = context::build(case, muni, kind, date)?;
            let ctx = context::with_value(&ctx, "som_vedlegg", minijinja::Value::from(true));
            let text = self.templates.render(&kind.template(), &ctx)?.text;
            out.push((format!("vedlegg-{}.typ", out.len() + 1), text));
        }
        Ok(out)
    }

    /// Generates the Typst source of a document (for a følgebrev, the
    /// letter to the youth).
    pub fn source(
        &self,
        case: &Case,
        muni: &Municipality,
        kind: DocumentKind,
        date: NaiveDate,
    ) -> Result<TypstSource> {
        let (_, ctx) = context::build_all(case, muni, kind, date, None)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::Internal("no document to generate".into()))?;
        self.templates.render(&kind.template(), &ctx)
    }

    /// Lays out generated source.
    pub fn typeset(&self, source: &TypstSource, date: NaiveDate) -> Result<PagedDocument> {
        typeset::compile(&self.base, source, date)
    }

    /// Runs the whole pipeline for one document.
    pub fn render(
        &self,
        case: &Case,
        muni: &Municipality,
        kind: DocumentKind,
        date: Option<NaiveDate>,
        format: OutputFormat,
    ) -> Result<Rendered> {
        self.render_request(
            case,
            muni,
            &Request {
                date,
                ..Request::new(kind)
            },
            format,
        )
    }

    /// The checklist of a sjekkliste request, checked to exist in the
    /// template root.
    fn checklist<'r>(&self, req: &Request<'r>) -> Result<Option<&'r str>> {
        if req.kind != DocumentKind::Sjekkliste {
            return Ok(None);
        }
        let available: Vec<&str> = self
            .templates
            .store()
            .paths()
            .filter_map(|p| p.strip_prefix("sjekklister/")?.strip_suffix(".yaml"))
            .collect();
        match req.checklist {
            Some(name) if available.contains(&name) => Ok(Some(name)),
            other => Err(Error::one(
                Diagnostic::new(match other {
                    Some(name) => format!("unknown checklist `{name}`"),
                    None => "a sjekkliste needs the name of a checklist".to_owned(),
                })
                .in_file(format!("{}/sjekklister", self.templates.store().root_label))
                .hint(format!("choose one with --liste: {}", available.join(", "))),
            )),
        }
    }

    /// Generates and typesets every document of a request without
    /// exporting anything; returns how many documents were checked.
    pub fn check_request(&self, case: &Case, muni: &Municipality, req: &Request) -> Result<usize> {
        let date = Self::document_date(case, req.kind, req.date)?;
        let sources = self.sources_for(case, muni, req, date)?;
        for (_, source) in &sources {
            self.typeset(source, date)?;
            comemo::evict(10);
        }
        Ok(sources.len())
    }

    /// Runs the whole pipeline for the documents of a request.
    pub fn render_request(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        format: OutputFormat,
    ) -> Result<Rendered> {
        let date = Self::document_date(case, req.kind, req.date)?;
        let mut files = Vec::new();
        let mut total = 0;
        for (stem, source) in self.sources_for(case, muni, req, date)? {
            if format == OutputFormat::Typ {
                files.push(OutputFile {
                    name: format!("{stem}.typ"),
                    bytes: source.text.into_bytes(),
                    pages: 0,
                });
                continue;
            }
            let doc = self.typeset(&source, date)?;
            // Typst memoizes layout work across documents; drop what the
            // last few documents did not use, so memory stays flat over many
            // cases while consecutive letters of one template share work.
            comemo::evict(10);
            let pages = doc.pages().len();
            total += pages;
            match format {
                OutputFormat::Pdf => files.push(OutputFile {
                    name: format!("{stem}.pdf"),
                    bytes: export::pdf(&doc, &stem)?,
                    pages,
                }),
                OutputFormat::Png => {
                    for (i, bytes) in export::png(&doc, 96.0)?.into_iter().enumerate() {
                        files.push(OutputFile {
                            name: format!("{stem}-{}.png", i + 1),
                            bytes,
                            pages,
                        });
                    }
                }
                OutputFormat::Typ => unreachable!("handled above"),
            }
        }
        Ok(Rendered {
            files,
            pages: total,
        })
    }
}
