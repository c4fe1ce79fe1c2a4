//! The engine: the only place that knows the order of the stages for one
//! request (section and date, the documents of the request, context,
//! template, typesetting, export). Built once (templates read and parsed,
//! fonts shared), then cheap per document. Loading files, profiles, time
//! limits and batches are the job's (`src/job/`).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use crate::assets::TemplateStore;
use crate::case::people::Person;
use crate::case::{Agreement, Case, Municipality};
use crate::context::{Addressee, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::export::{self, OutputFile};
use crate::kind::{DocumentKind, Part, PartsInput, output_stem};
use crate::template::{Templates, TypstSource};
use crate::typeset::{self, Base, Typeset};

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

/// One document of a request, generated but not yet typeset.
#[derive(Debug, Clone)]
pub struct Generated {
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

/// A rendered request.
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
    /// The checklist (`ettervern`, …) for a sjekkliste.
    pub checklist: Option<&'a str>,
    /// For a følgebrev: render the enclosed plan or evaluation into the
    /// same PDF after each letter (one envelope, one file).
    pub with_enclosures: bool,
    /// The language to add a translation in (`en`, `ar`, …; a catalogue
    /// of the template folder's `sprak/`), for kinds that have one.
    pub language: Option<&'a str>,
}

impl Request<'_> {
    /// A request for `kind`, dated as the case says.
    pub fn new(kind: DocumentKind) -> Self {
        Self {
            kind,
            date: None,
            checklist: None,
            with_enclosures: false,
            language: None,
        }
    }
}

/// Tells work in progress to stop. The engine checks it between the stages
/// of a document and between the documents of a request; the Typst layout
/// of one document, once started, runs to its end (Typst has no way to
/// interrupt it), and its result is then dropped.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A token that nobody has cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the work to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the work was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::one(Diagnostic::error(
                Code::TimeLimit,
                "the document was stopped before it was finished",
            )))
        } else {
            Ok(())
        }
    }
}

/// A kind's context with what the engine adds to every document: the
/// enclosures' files (`vedlegg_filer`), the document ID (`dokument_id`, over
/// everything else) and whether the document is enclosed after a letter
/// (`som_vedlegg`).
fn envelope(
    context: &minijinja::Value,
    files: &[String],
    id: Option<&str>,
    enclosed: bool,
) -> minijinja::Value {
    use minijinja::Value;
    let mut map: std::collections::BTreeMap<String, Value> = std::collections::BTreeMap::new();
    if let Ok(keys) = context.try_iter() {
        for k in keys {
            if let Ok(v) = context.get_item(&k) {
                map.insert(k.to_string(), v);
            }
        }
    }
    map.insert("vedlegg_filer".into(), Value::from(files.to_vec()));
    if let Some(id) = id {
        map.insert("dokument_id".into(), Value::from(id));
    }
    if enclosed {
        map.insert("som_vedlegg".into(), Value::from(true));
    }
    Value::from_pairs(map)
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
    /// Its checklists are read and checked now, each problem located.
    pub fn with_template_dir(dir: &Path) -> Result<Self> {
        let engine = Self::from_store(TemplateStore::from_dir(dir)?);
        let mut problems = Vec::new();
        for name in engine.checklists() {
            if let Err(e) = engine.checklist(&name) {
                problems.extend(e.diagnostics().iter().cloned());
            }
        }
        if problems.is_empty() {
            Ok(engine)
        } else {
            Err(Error::Invalid(problems))
        }
    }

    /// The checklist `name` of the template folder, read and checked.
    pub(crate) fn checklist(&self, name: &str) -> Result<crate::case::checklist::Checklist> {
        let store = self.templates.store();
        let path = format!("sjekklister/{name}.yaml");
        let bytes = store
            .get(&path)
            .ok_or_else(|| Error::Internal(format!("no checklist {name}")))?;
        crate::case::checklist::parse_checklist(bytes, &format!("{}/{path}", store.root_label))
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

    /// The youth's own language among the template folder's catalogues
    /// (the first of `ungdom.sprak` that has one).
    pub fn own_language(&self, case: &Case) -> Result<Option<String>> {
        crate::i18n::own_language(self.templates.store(), case)
    }

    /// The translation catalogue of `code` in the template folder
    /// (`sprak/<code>.ftl`), read and checked against the Norwegian source.
    pub fn catalogue(&self, code: &str) -> Result<crate::i18n::Catalogue> {
        crate::i18n::catalogue(self.templates.store(), code)
    }

    /// The checklists in the template folder (`sjekklister/<name>.yaml`).
    pub fn checklists(&self) -> Vec<String> {
        crate::kind::checklists(self.templates.store())
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The font families templates can use.
    pub fn font_families(&self) -> Vec<String> {
        self.base.font_families()
    }

    /// Generates the Typst source of every document of a request: one for
    /// most kinds, one per recipient for a følgebrev
    /// (`2025-1432-folgebrev-ungdom`, `…-verge`, `…-kopi-1`), with the
    /// document date to typeset them with.
    pub fn generate(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
    ) -> Result<(NaiveDate, Vec<Generated>)> {
        let kind = req.kind;
        kind.check_section(case)?;
        let date = kind.document_date(case, req.date)?;
        let parts = kind.parts(&PartsInput {
            case,
            nynorsk: muni.malform == crate::norsk::Malform::Nynorsk,
            checklist: req.checklist,
            store: self.templates.store(),
        })?;
        let files: Vec<String> = if req.with_enclosures {
            (1..=kind.enclosures(case).len())
                .map(|i| format!("vedlegg-{i}.typ"))
                .collect()
        } else {
            Vec::new()
        };
        let stem = output_stem(&case.reference, kind);
        let checklist = match req.checklist {
            Some(name) if kind.needs_checklist() => Some(self.checklist(name)?),
            _ => None,
        };
        let own;
        let language = match req.language {
            Some(crate::i18n::OWN) => {
                own = crate::i18n::own_language(self.templates.store(), case)?;
                own.as_deref()
            }
            other => other,
        };
        let catalogue = match language {
            Some(code) if crate::i18n::translatable(kind, case) => Some(self.catalogue(code)?),
            Some(_) if req.language == Some(crate::i18n::OWN) => None,
            Some(_) => {
                return Err(Error::one(
                    Diagnostic::error(
                        Code::Input,
                        format!(
                            "a translation can be added to a velkomstbrev and a «min plan», not yet to a {kind} of this case"
                        ),
                    )
                    .hint("give --sprak with --doc velkomstbrev, or with --doc tiltaksplan for a plan of variant ettervern or institusjon"),
                ));
            }
            None => None,
        };
        let mut out = Vec::new();
        for part in parts {
            let Part { role, to } = part;
            let name = match &role {
                Some(s) => format!("{stem}-{s}"),
                None => stem.clone(),
            };
            let input = Input {
                case,
                muni,
                kind: kind.name(),
                date,
                to,
                checklist: req.checklist,
                checklist_data: checklist.as_ref(),
                excerpt: None,
                translation: catalogue.as_ref(),
            };
            let (document_id, mut source) = self.source_of(kind, &input, &name, &files, false)?;
            if req.with_enclosures {
                // Per letter: a copy outside the case gets only what its
                // basis covers.
                source.extra = self.enclosures(case, muni, kind, to)?;
            }
            let protected_recipient = match to {
                Some(Addressee::Youth) => case.is_protected(Person::Youth),
                Some(Addressee::Guardian) => case.is_protected(Person::Guardian),
                Some(Addressee::Copy(_) | Addressee::Item(_)) | None => false,
            };
            out.push(Generated {
                stem: name,
                role,
                document_id,
                protected_recipient,
                source,
            });
        }
        Ok((date, out))
    }

    /// One document's context, document ID and generated source.
    fn source_of(
        &self,
        kind: DocumentKind,
        input: &Input,
        stem: &str,
        files: &[String],
        enclosed: bool,
    ) -> Result<(String, TypstSource)> {
        let context = kind.build(input)?;
        // A document for outside readers never shows the case reference,
        // not even in its ID: the ID starts at the kind's name.
        let id_stem = if kind.for_outside_readers() {
            stem.strip_prefix(&format!(
                "{}-",
                crate::kind::reference_slug(&input.case.reference)
            ))
            .unwrap_or(stem)
        } else {
            stem
        };
        self.source_from(kind, &context, id_stem, files, enclosed)
    }

    /// The document ID and generated source of a context.
    fn source_from(
        &self,
        kind: DocumentKind,
        context: &minijinja::Value,
        id_stem: &str,
        files: &[String],
        enclosed: bool,
    ) -> Result<(String, TypstSource)> {
        let json = serde_json::to_vec(&envelope(context, files, None, false))
            .map_err(|e| Error::Internal(format!("hashing the template context: {e}")))?;
        let id = document_id(id_stem, &self.templates_digest, kind.template(), &json);
        let ctx = envelope(context, files, Some(&id), enclosed);
        let source = self.templates.render(kind.template(), &ctx)?;
        Ok((id, source))
    }

    /// The Typst sources of the documents of this case that a letter
    /// encloses (`vedlegg[].dokument`), each dated as the case says and with
    /// the document ID it has when it is made on its own, to be included
    /// after the letter: (`vedlegg-1.typ`, source), …
    fn enclosures(
        &self,
        case: &Case,
        muni: &Municipality,
        kind: DocumentKind,
        to: Option<Addressee>,
    ) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for enclosed in kind.enclosures(case) {
            let inner = enclosed.kind;
            if !inner.has_data(case) {
                return Err(Error::one(
                    Diagnostic::error(
                        Code::MissingEnclosure,
                        format!("the enclosed {inner} is not in the case"),
                    )
                    .in_file(case.source.clone())
                    .at(enclosed.loc)
                    .field(enclosed.field)
                    .hint(format!("add the `{inner}:` section")),
                ));
            }
            let input = Input {
                case,
                muni,
                kind: inner.name(),
                date: inner.document_date(case, None)?,
                to: None,
                checklist: None,
                checklist_data: None,
                excerpt: crate::kind::excerpt_for(case, to, inner),
                translation: None,
            };
            let stem = output_stem(&case.reference, inner);
            let (_, source) = self.source_of(inner, &input, &stem, &[], true)?;
            out.push((format!("vedlegg-{}.typ", out.len() + 1), source.text));
        }
        Ok(out)
    }

    /// Lays out generated source. Typst memoizes across calls; a caller
    /// that typesets many documents lets go of old work now and then, as
    /// [`Engine::render_request`] and [`Engine::check_request`] do after each
    /// document, or memory grows.
    pub fn typeset(&self, source: &TypstSource, date: NaiveDate) -> Result<Typeset> {
        typeset::compile(&self.base, source, date)
    }

    /// Generates, typesets and exports every document of a request in
    /// memory, keeping nothing, so that it fails where `render` would;
    /// returns Typst's warnings.
    pub fn check_request(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
    ) -> Result<Vec<Diagnostic>> {
        self.check_request_with(case, muni, req, &Cancel::new())
    }

    /// As [`Engine::check_request`], stopping between stages when `cancel`
    /// says so.
    pub fn check_request_with(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        cancel: &Cancel,
    ) -> Result<Vec<Diagnostic>> {
        let (date, generated) = self.generate(case, muni, req)?;
        let mut warnings = req.kind.notes(case, muni, date);
        for g in &generated {
            cancel.check()?;
            let typeset = self.typeset(&g.source, date)?;
            // The export too (in memory, thrown away): what it would refuse,
            // `check` refuses.
            cancel.check()?;
            export::pdf(&typeset.document, "check")?;
            warnings.extend(typeset.warnings);
            typeset::after_document();
        }
        Ok(warnings)
    }

    /// Runs the whole pipeline for `kind`, dated `date` or as the case says.
    pub fn render(
        &self,
        case: &Case,
        muni: &Municipality,
        kind: DocumentKind,
        date: Option<NaiveDate>,
        format: OutputFormat,
    ) -> Result<Rendered> {
        let req = Request {
            date,
            ..Request::new(kind)
        };
        self.render_request(case, muni, &req, format)
    }

    /// Runs the whole pipeline for the documents of a request.
    pub fn render_request(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        format: OutputFormat,
    ) -> Result<Rendered> {
        self.render_request_with(case, muni, req, format, &Cancel::new())
    }

    /// As [`Engine::render_request`], stopping between stages when `cancel`
    /// says so.
    pub fn render_request_with(
        &self,
        case: &Case,
        muni: &Municipality,
        req: &Request,
        format: OutputFormat,
        cancel: &Cancel,
    ) -> Result<Rendered> {
        let (date, generated) = self.generate(case, muni, req)?;
        self.finish(
            req.kind,
            date,
            generated,
            req.kind.notes(case, muni, date),
            format,
            cancel,
        )
    }

    /// Typesets and exports generated documents.
    fn finish(
        &self,
        kind: DocumentKind,
        date: NaiveDate,
        generated: Vec<Generated>,
        mut warnings: Vec<Diagnostic>,
        format: OutputFormat,
        cancel: &Cancel,
    ) -> Result<Rendered> {
        let mut files = Vec::new();
        let mut total = 0;
        for g in generated {
            cancel.check()?;
            let Generated {
                stem,
                role,
                document_id,
                protected_recipient,
                source,
            } = g;
            let file = |name: String, bytes: Vec<u8>, pages: usize| OutputFile {
                name,
                bytes,
                pages,
                kind,
                role: role.clone(),
                document_id: document_id.clone(),
                protected_recipient,
            };
            if format == OutputFormat::Typ {
                files.push(file(format!("{stem}.typ"), source.text.into_bytes(), 0));
                continue;
            }
            let typeset = self.typeset(&source, date)?;
            // Typst memoizes layout work across documents; drop what the
            // last few documents did not use, so memory stays flat over many
            // cases while consecutive letters of one template share work.
            typeset::after_document();
            cancel.check()?;
            warnings.extend(typeset.warnings);
            let doc = typeset.document;
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

    /// Generates the documents of `kind` from an agreement file: its
    /// samarbeidsavtale, one taushetserklæring per volunteer it names (a
    /// blank one when it names none), or its intensjonsavtale; dated `date`
    /// or as the agreement says.
    pub fn generate_agreement(
        &self,
        agreement: &Agreement,
        muni: &Municipality,
        kind: DocumentKind,
        date: Option<NaiveDate>,
    ) -> Result<(NaiveDate, Vec<Generated>)> {
        let (section, field) = match kind {
            DocumentKind::Intensjonsavtale => ("intensjonsavtale", "intensjonsavtale.dato"),
            _ => ("samarbeidsavtale", "samarbeidsavtale.dato"),
        };
        let missing = || {
            Error::one(
                Diagnostic::error(
                    Code::MissingSection,
                    format!("a {kind} needs `{section}:` in the agreement file"),
                )
                .in_file(agreement.source.clone())
                .at(agreement.reference_at)
                .field(section)
                .hint("a samarbeidsavtale and its taushetserklaering come from a `samarbeidsavtale:` file, an intensjonsavtale from an `intensjonsavtale:` file"),
            )
        };
        let date = date.or(agreement.date()).ok_or_else(|| {
            Error::one(
                Diagnostic::error(Code::MissingDate, format!("the {section} has no date"))
                    .in_file(agreement.source.clone())
                    .field(field)
                    .hint(format!(
                        "set `{field}` in the agreement file, or give the date with the request"
                    )),
            )
        })?;
        let stem = output_stem(&agreement.reference, kind);
        let mut parts: Vec<(Option<String>, minijinja::Value)> = Vec::new();
        match kind {
            DocumentKind::Samarbeidsavtale => {
                let s = agreement.agreement.as_ref().ok_or_else(missing)?;
                parts.push((
                    None,
                    crate::context::samarbeidsavtale::build(agreement, s, muni, date),
                ));
            }
            DocumentKind::Taushetserklaering => {
                let s = agreement.agreement.as_ref().ok_or_else(missing)?;
                if s.volunteers.is_empty() {
                    parts.push((
                        None,
                        crate::context::samarbeidsavtale::declaration(
                            agreement, s, muni, date, None,
                        ),
                    ));
                }
                for (i, v) in s.volunteers.iter().enumerate() {
                    parts.push((
                        Some(format!("frivillig-{}", i + 1)),
                        crate::context::samarbeidsavtale::declaration(
                            agreement,
                            s,
                            muni,
                            date,
                            Some(v),
                        ),
                    ));
                }
            }
            DocumentKind::Intensjonsavtale => {
                let i = agreement.intent.as_ref().ok_or_else(missing)?;
                parts.push((
                    None,
                    crate::context::samarbeidsavtale::intent(agreement, i, muni, date),
                ));
            }
            _ => return Err(missing()),
        }
        let mut out = Vec::new();
        for (role, context) in parts {
            let name = match &role {
                Some(r) => format!("{stem}-{r}"),
                None => stem.clone(),
            };
            let (document_id, source) = self.source_from(kind, &context, &name, &[], false)?;
            out.push(Generated {
                stem: name,
                role,
                document_id,
                protected_recipient: false,
                source,
            });
        }
        Ok((date, out))
    }

    /// Generates, typesets and exports the documents of `kind` of an
    /// agreement file.
    pub fn render_agreement_with(
        &self,
        agreement: &Agreement,
        muni: &Municipality,
        kind: DocumentKind,
        date: Option<NaiveDate>,
        format: OutputFormat,
        cancel: &Cancel,
    ) -> Result<Rendered> {
        let (date, generated) = self.generate_agreement(agreement, muni, kind, date)?;
        self.finish(kind, date, generated, Vec::new(), format, cancel)
    }

    /// As [`Engine::render_agreement_with`], in memory, keeping nothing;
    /// returns Typst's warnings.
    pub fn check_agreement_with(
        &self,
        agreement: &Agreement,
        muni: &Municipality,
        kind: DocumentKind,
        date: Option<NaiveDate>,
        cancel: &Cancel,
    ) -> Result<Vec<Diagnostic>> {
        let (date, generated) = self.generate_agreement(agreement, muni, kind, date)?;
        let mut warnings = Vec::new();
        for g in generated {
            cancel.check()?;
            let typeset = self.typeset(&g.source, date)?;
            cancel.check()?;
            export::pdf(&typeset.document, "check")?;
            warnings.extend(typeset.warnings);
        }
        typeset::after_document();
        Ok(warnings)
    }
}
