//! The engine: the only place that knows the order of the stages.
//!
//! Built once (templates read, fonts parsed), then cheap per document.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::assets::TemplateStore;
use crate::case::{Case, Municipality, parse_date};
use crate::context;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{DocumentKind, output_stem};
use crate::error::{Error, Result};
use crate::export;
use crate::template::{Templates, TypstSource};
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

/// One document of a request, generated but not yet typeset.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The file stem: case reference, kind and role.
    pub stem: String,
    /// The recipient's role or checklist name (see [`OutputFile::role`]).
    pub role: Option<String>,
    /// The document ID (see [`document_id`]).
    pub document_id: String,
    /// See [`OutputFile::protected_recipient`].
    pub protected_recipient: bool,
    /// The generated Typst source.
    pub source: TypstSource,
}

/// The short ID printed on every page of a document, so that a printed and
/// signed page can be matched to its file: the file stem (case reference,
/// kind, role) and the first 8 hex digits of a SHA-256 over everything the
/// document is made from (saksdok's version, the templates, the entry
/// template's name and the whole template context). Same inputs, same ID.
pub fn document_id(stem: &str, templates_digest: &[u8; 32], template: &str, ctx: &[u8]) -> String {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0]);
    h.update(templates_digest);
    h.update(template.as_bytes());
    h.update([0]);
    h.update(ctx);
    let digest = h.finalize();
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}")
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// Number of pages of all documents (0 for `typ`).
    pub pages: usize,
    /// Typst's warnings about the documents.
    pub warnings: Vec<Diagnostic>,
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
    /// SHA-256 over every file of the template store (path and bytes), part
    /// of each document ID.
    templates_digest: [u8; 32],
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
        use sha2::Digest as _;
        let mut h = sha2::Sha256::new();
        let mut paths: Vec<&str> = store.paths().collect();
        paths.sort_unstable();
        for p in paths {
            h.update(p.as_bytes());
            h.update([0]);
            if let Some(bytes) = store.get(p) {
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes[..]);
            }
        }
        let templates_digest = h.finalize().into();
        let store = Arc::new(store);
        Self {
            templates: Templates::new(Arc::clone(&store)),
            base: Base::new(store),
            templates_digest,
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
                Diagnostic::error(Code::MissingDate, format!("{kind} has no date"))
                    .in_file(case.source.clone())
                    .field(format!("{kind}.dato"))
                    .hint(format!("set `{kind}.dato` in the case file")),
            )
        })
    }

    /// Generates the Typst source of every document of a request, with the
    /// stem of its file name: one for most kinds, one per recipient for a
    /// følgebrev (`2025-1432-folgebrev-ungdom`, `…-verge`, `…-kopi-1`).
    /// Typeset them with [`Engine::document_date`] of the same request.
    pub fn sources(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
    ) -> Result<Vec<(String, TypstSource)>> {
        let date = Self::document_date(case, req.kind, req.date)?;
        Ok(self
            .sources_for(case, muni, req, date)?
            .into_iter()
            .map(|p| (p.stem, p.source))
            .collect())
    }

    fn sources_for(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        date: NaiveDate,
    ) -> Result<Vec<Planned>> {
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
                let name = match &suffix {
                    Some(s) => format!("{stem}-{s}"),
                    None => stem.clone(),
                };
                let ctx = context::with_value(
                    &ctx,
                    "vedlegg_filer",
                    minijinja::Value::from(files.clone()),
                );
                let ctx = self.with_document_id(&ctx, &name, kind)?;
                let document_id = ctx
                    .get_attr("dokument_id")
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let mut source = self.templates.render(&kind.template(), &ctx)?;
                source.extra.clone_from(&extra);
                let protected_recipient = match (kind, suffix.as_deref()) {
                    (DocumentKind::Folgebrev, Some(role @ ("ungdom" | "verge"))) => {
                        case.has_protected_address(role)
                    }
                    (DocumentKind::Velkomstbrev, _) => case.has_protected_address("ungdom"),
                    _ => false,
                };
                Ok(Planned {
                    stem: name,
                    role: suffix,
                    document_id,
                    protected_recipient,
                    source,
                })
            })
            .collect()
    }

    /// `ctx` with `dokument_id` set: the document ID over the context as it
    /// is before the ID is added.
    fn with_document_id(
        &self,
        ctx: &minijinja::Value,
        stem: &str,
        kind: DocumentKind,
    ) -> Result<minijinja::Value> {
        let json = serde_json::to_vec(ctx)
            .map_err(|e| Error::Internal(format!("hashing the template context: {e}")))?;
        let id = document_id(stem, &self.templates_digest, &kind.template(), &json);
        Ok(context::with_value(
            ctx,
            "dokument_id",
            minijinja::Value::from(id),
        ))
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
                    Diagnostic::error(
                        Code::MissingEnclosure,
                        format!("the enclosed {kind} is not in the case"),
                    )
                    .in_file(case.source.clone())
                    .at(doc.loc)
                    .field(format!("folgebrev.vedlegg[{i}].dokument"))
                    .hint(format!("add the `{kind}:` section")),
                ));
            }
            let date = Self::document_date(case, kind, None)?;
            let ctx = context::build(case, muni, kind, date)?;
            // The enclosure carries its own document's ID: the same as when
            // it is rendered on its own from the same inputs.
            let ctx =
                self.with_document_id(&ctx, &output_stem(&case.file.saksnummer, kind), kind)?;
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
        let req = Request {
            date: Some(date),
            ..Request::new(kind)
        };
        self.sources_for(case, muni, &req, date)?
            .into_iter()
            .next()
            .map(|p| p.source)
            .ok_or_else(|| Error::Internal("no document to generate".into()))
    }

    /// Lays out generated source. Typst memoizes across calls; a caller
    /// that typesets many documents calls `comemo::evict(10)` after each, as
    /// [`Engine::render_request`] and `check_request` do, or memory grows.
    pub fn typeset(&self, source: &TypstSource, date: NaiveDate) -> Result<typeset::Typeset> {
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
                Diagnostic::error(
                    Code::UnknownChecklist,
                    match other {
                        Some(name) => format!("unknown checklist `{name}`"),
                        None => "a sjekkliste needs the name of a checklist".to_owned(),
                    },
                )
                .in_file(format!("{}/sjekklister", self.templates.store().root_label))
                .hint(format!("choose one: {}", available.join(", "))),
            )),
        }
    }

    /// Generates and typesets every document of a request without
    /// exporting anything; returns how many documents were checked.
    pub fn check_request(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
    ) -> Result<Vec<Diagnostic>> {
        let date = Self::document_date(case, req.kind, req.date)?;
        let sources = self.sources_for(case, muni, req, date)?;
        let mut warnings = Vec::new();
        for planned in &sources {
            warnings.extend(self.typeset(&planned.source, date)?.warnings);
            comemo::evict(10);
        }
        Ok(warnings)
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
        let mut warnings = Vec::new();
        for planned in self.sources_for(case, muni, req, date)? {
            let Planned {
                stem,
                role,
                document_id,
                protected_recipient,
                source,
            } = planned;
            let file = |name: String, bytes: Vec<u8>, pages: usize| OutputFile {
                name,
                bytes,
                pages,
                kind: req.kind,
                role: role.clone(),
                document_id: document_id.clone(),
                protected_recipient,
            };
            if format == OutputFormat::Typ {
                files.push(file(format!("{stem}.typ"), source.text.into_bytes(), 0));
                continue;
            }
            let typeset = self.typeset(&source, date)?;
            warnings.extend(typeset.warnings);
            let doc = typeset.document;
            // Typst memoizes layout work across documents; drop what the
            // last few documents did not use, so memory stays flat over many
            // cases while consecutive letters of one template share work.
            comemo::evict(10);
            let pages = doc.pages().len();
            total += pages;
            match format {
                OutputFormat::Pdf => {
                    files.push(file(
                        format!("{stem}.pdf"),
                        export::pdf(&doc, &stem)?,
                        pages,
                    ));
                }
                OutputFormat::Png => {
                    for (i, bytes) in export::png(&doc, 96.0)?.into_iter().enumerate() {
                        files.push(file(format!("{stem}-{}.png", i + 1), bytes, pages));
                    }
                }
                OutputFormat::Typ => unreachable!("handled above"),
            }
        }
        Ok(Rendered {
            files,
            pages: total,
            warnings,
        })
    }
}
