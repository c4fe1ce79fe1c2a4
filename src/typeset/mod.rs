//! The typesetting stage: a sandboxed Typst `World` over the template
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

pub(crate) use world::DocWorld;

use crate::assets::{TemplateStore, embedded_fonts};
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::error::{Error, Result};
use crate::template::TypstSource;

/// What every document shares: the standard library, the fonts and the
/// template store. Built once per [`crate::Engine`].
pub(crate) struct Base {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    store: Arc<TemplateStore>,
    /// Every file of the store, read once: parsed sources for `.typ` files
    /// (so a module is not parsed again for every document) and bytes for
    /// all files. Keyed by path relative to the root.
    sources: std::collections::HashMap<String, typst::syntax::Source>,
    files: std::collections::HashMap<String, Bytes>,
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Base")
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

impl Base {
    /// Wraps the store; the embedded fonts are shared by every engine.
    pub(crate) fn new(store: Arc<TemplateStore>) -> Self {
        use typst::syntax::{RootedPath, Source, VirtualPath, VirtualRoot};
        let fonts: Vec<Font> = embedded_fonts().to_vec();
        let book = FontBook::from_fonts(&fonts);
        let mut sources = std::collections::HashMap::new();
        let mut files = std::collections::HashMap::new();
        for path in store.paths() {
            let Some(bytes) = store.get(path) else {
                continue;
            };
            files.insert(path.to_owned(), Bytes::new(bytes.to_vec()));
            if path.ends_with(".typ")
                && let Ok(text) = std::str::from_utf8(bytes)
                && let Ok(vpath) = VirtualPath::new(format!("/{path}"))
            {
                let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
                sources.insert(path.to_owned(), Source::new(id, text.to_owned()));
            }
        }
        Self {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            store,
            sources,
            files,
        }
    }

    /// The font families available to templates, sorted.
    pub(crate) fn font_families(&self) -> Vec<String> {
        let mut names: Vec<String> = self.book.families().map(|(n, _)| n.to_owned()).collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Lets go of Typst's memoized work that recent documents did not use, so
/// that memory stays flat over many documents while consecutive documents
/// share work: called after every document. Every fourth call evicts what
/// the last three evictions did not use (about the last twelve documents),
/// which keeps as much as `comemo::evict(10)` after every document at a
/// quarter of the cost (each eviction walks every cache).
pub(crate) fn after_document() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static DOCUMENTS: AtomicUsize = AtomicUsize::new(0);
    if DOCUMENTS.fetch_add(1, Ordering::Relaxed) % 4 == 3 {
        comemo::evict(3);
    }
}

/// A laid-out document and the warnings Typst gave while making it.
pub struct Typeset {
    /// The document.
    pub document: PagedDocument,
    /// Typst's warnings, as diagnostics of severity warning.
    pub warnings: Vec<Diagnostic>,
}

/// Compiles generated Typst source into a laid-out document.
///
/// `today` is what Typst's `datetime.today()` returns: the document date,
/// never the clock.
pub(crate) fn compile(base: &Base, source: &TypstSource, today: NaiveDate) -> Result<Typeset> {
    let world = DocWorld::new(base, source, today);
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings = warned
        .warnings
        .iter()
        .map(|w| map_diagnostic(&world, source, w))
        .collect();
    match warned.output {
        Ok(document) => Ok(Typeset { document, warnings }),
        Err(errors) => Err(Error::Invalid(
            errors
                .iter()
                .map(|e| map_diagnostic(&world, source, e))
                .collect(),
        )),
    }
}

/// Turns a Typst diagnostic into ours, pointing into the template root when
/// the problem is in a template module, and into the generated source of the
/// entry template otherwise.
pub(crate) fn map_diagnostic(
    world: &DocWorld,
    source: &TypstSource,
    e: &SourceDiagnostic,
) -> Diagnostic {
    let mut diag = match e.severity {
        typst::diag::Severity::Error => {
            Diagnostic::error(Code::Typst, format!("typesetting failed: {}", e.message))
        }
        typst::diag::Severity::Warning => {
            Diagnostic::warning(Code::Typst, format!("typesetting: {}", e.message))
        }
    };
    let root = &world.base().store.root_label;
    if let Some(id) = e.span.id() {
        let vpath = id.vpath().get_without_slash().to_owned();
        let loc = world.span_loc(e.span);
        if id == world.main_id() {
            diag.code = Code::TypstGenerated;
            let template = world
                .base()
                .store
                .get(&source.template)
                .and_then(|b| std::str::from_utf8(b).ok());
            let mapped = loc
                .zip(template)
                .and_then(|(loc, t)| template_line(t, &source.text, loc.line));
            diag = match mapped {
                Some(line) => diag
                    .in_file(format!("{root}/{}", source.template))
                    .at(Some(Loc { line, col: 1 }))
                    .hint(format!(
                        "line {} of the generated source",
                        loc.map_or(0, |l| l.line)
                    )),
                None => diag
                    .in_file(format!("{root}/{} (generated Typst)", source.template))
                    .at(loc)
                    .hint(format!(
                        "the line is in the generated source; find the matching line in `{}`",
                        source.template
                    )),
            };
        } else {
            diag = diag.in_file(format!("{root}/{vpath}")).at(loc);
        }
    }
    if let Some(h) = e.hints.first() {
        diag.hint = Some(h.v.to_string());
    }
    // Typst quotes values in its messages (`assert.eq`, `panic`, a custom
    // assertion message): the case's values are taken out, leaving the
    // template's own text.
    let template = world
        .base()
        .store
        .get(&source.template)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let data = data_literals(&source.text, template);
    diag.message = crate::diagnostic::redact_values(&diag.message, &data);
    diag.hint = diag
        .hint
        .map(|h| crate::diagnostic::redact_values(&h, &data));
    diag
}

/// The string literals of the generated source that are not in the
/// template: the case's values (data enters Typst only as string literals).
fn data_literals(generated: &str, template: &str) -> Vec<String> {
    let own: std::collections::HashSet<String> = string_literals(template).into_iter().collect();
    let mut data: Vec<String> = string_literals(generated)
        .into_iter()
        .filter(|l| !own.contains(l))
        .collect();
    data.sort();
    data.dedup();
    data
}

/// Every `"…"` literal in Typst source, unescaped.
fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut lit = String::new();
        while let Some(d) = chars.next() {
            match d {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some('r') => lit.push('\r'),
                    Some('u') => {
                        let code: String = chars
                            .by_ref()
                            .skip_while(|c| *c == '{')
                            .take_while(|c| *c != '}')
                            .collect();
                        if let Some(ch) =
                            u32::from_str_radix(&code, 16).ok().and_then(char::from_u32)
                        {
                            lit.push(ch);
                        }
                    }
                    Some(other) => lit.push(other),
                    None => break,
                },
                other => lit.push(other),
            }
        }
        // Each line of a value, too: messages may quote one line.
        out.extend(
            lit.lines()
                .filter(|l| l.trim().chars().count() >= 2)
                .map(|l| l.trim().to_owned()),
        );
        out.push(lit);
    }
    out
}

/// The line's shape with data taken out: string literals (where case data
/// lives in generated source) and `{{ … }}` become a placeholder, block tags
/// and comments vanish, whitespace is dropped.
fn skeleton(line: &str, template: bool) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if template && c == '{' && matches!(chars.peek(), Some('{' | '%' | '#')) {
            let open = chars.next().unwrap_or('{');
            let close = if open == '{' { '}' } else { open };
            let mut prev = ' ';
            for d in chars.by_ref() {
                if prev == close && d == '}' {
                    break;
                }
                prev = d;
            }
            if open == '{' {
                out.push('\u{0}');
            }
            continue;
        }
        if c == '"' {
            // A string literal, possibly `#"…";` in markup.
            if out.ends_with('#') {
                out.pop();
            }
            let mut escaped = false;
            for d in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == '"' {
                    break;
                }
            }
            if chars.peek() == Some(&';') {
                chars.next();
            }
            out.push('\u{0}');
            continue;
        }
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    // Adjacent placeholders are one value split differently by the two sides.
    while out.contains("\u{0}\u{0}") {
        out = out.replace("\u{0}\u{0}", "\u{0}");
    }
    out
}

/// Maps a line of generated source back to the template line with the same
/// shape, if exactly one template line has it.
pub(crate) fn template_line(template: &str, generated: &str, line: u32) -> Option<u32> {
    let gen_line = generated
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let wanted = skeleton(gen_line, false);
    if wanted.is_empty() || wanted == "\u{0}" {
        return None;
    }
    let mut hits = template
        .lines()
        .enumerate()
        .filter(|(_, l)| skeleton(l, true) == wanted)
        .map(|(i, _)| i + 1);
    let first = hits.next()?;
    if hits.next().is_some() {
        return None;
    }
    u32::try_from(first).ok()
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
pub(crate) fn typst_date(d: NaiveDate) -> Option<typst::foundations::Datetime> {
    typst::foundations::Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_lines_map_back_to_template_lines() {
        let template = "#import \"lib/brev.typ\": brev\n\nHei {{ navn }}!\n#foo({{ x|typst }})\n{% if a %}\nHei {{ navn }}!\n{% endif %}\n#bar()\n";
        let generated =
            "#import \"lib/brev.typ\": brev\n\nHei #\"Yonas \\\"Y\\\"\";!\n#foo(\"x\")\n#bar()\n";
        assert_eq!(template_line(template, generated, 1), Some(1));
        // Two template lines have this shape: no guess.
        assert_eq!(template_line(template, generated, 3), None);
        assert_eq!(template_line(template, generated, 4), Some(4));
        assert_eq!(template_line(template, generated, 5), Some(8));
        assert_eq!(template_line(template, generated, 2), None);
    }
}
