//! The template stage: a minijinja environment over the template root
//! whose every `{{ value }}` in a `.typ` template is escaped as a Typst
//! string literal, undefined values are errors, and runaway templates run
//! out of fuel.

pub(crate) mod escape;
pub(crate) mod filters;

use std::sync::Arc;

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};

use crate::assets::TemplateStore;
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::error::{Error, Result};

/// Fuel for one template render (minijinja instructions). Real templates use
/// a few thousand; a loop over a huge list or an endless recursion stops here.
pub const TEMPLATE_FUEL: u64 = 2_000_000;

/// The generated Typst source of one document.
#[derive(Debug, Clone)]
pub struct TypstSource {
    /// The entry template it was generated from (`velkomstbrev.typ`).
    pub template: String,
    /// The Typst markup.
    pub text: String,
    /// Further generated files the markup includes (an enclosed plan after
    /// a letter), as (path relative to the template root, Typst markup).
    pub extra: Vec<(String, String)>,
}

/// The minijinja environment, built once.
pub(crate) struct Templates {
    env: Environment<'static>,
    store: Arc<TemplateStore>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("root", &self.store.root_label)
            .finish()
    }
}

/// Whether a template name may be loaded: relative, no `..`, no backslash.
fn is_safe_name(name: &str) -> bool {
    !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && name
            .split('/')
            .all(|seg| !seg.is_empty() && seg != ".." && seg != ".")
}

impl Templates {
    /// Builds the environment over `store`.
    pub(crate) fn new(store: Arc<TemplateStore>) -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_fuel(Some(TEMPLATE_FUEL));
        // Debug info would put variable values (personal data) into errors.
        env.set_debug(false);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ") {
                AutoEscape::Custom("typst".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if value.is_safe() {
                return out.write_str(value.as_str().unwrap_or_default()).map_err(minijinja::Error::from);
            }
            match value.kind() {
                ValueKind::Undefined => {
                    return Err(minijinja::Error::new(
                        ErrorKind::UndefinedError,
                        "undefined value printed",
                    ));
                }
                ValueKind::None => {
                    return Err(minijinja::Error::new(
                        ErrorKind::UndefinedError,
                        "none value printed: the field has no value",
                    ));
                }
                ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => {
                    return Err(minijinja::Error::new(
                        ErrorKind::InvalidOperation,
                        "a list or map cannot be printed; loop over it or use the `typst` filter in code",
                    ));
                }
                _ => {}
            }
            let text = value.to_string();
            match state.auto_escape() {
                AutoEscape::Custom(name) if name == "typst" => out.write_str(&escape::markup(&text)),
                _ => out.write_str(&text),
            }
            .map_err(minijinja::Error::from)
        });
        let loader_store = Arc::clone(&store);
        env.set_loader(move |name| {
            if !is_safe_name(name) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("template path `{name}` leaves the template root"),
                ));
            }
            match loader_store.get(name) {
                None => Ok(None),
                Some(bytes) => std::str::from_utf8(bytes)
                    .map(|s| Some(s.to_owned()))
                    .map_err(|_| {
                        minijinja::Error::new(ErrorKind::InvalidOperation, "template is not UTF-8")
                    }),
            }
        });
        env.add_filter("dato", filters::dato);
        env.add_filter("dato_kort", filters::dato_kort);
        env.add_filter("dato_ukedag", filters::dato_ukedag);
        env.add_filter("typst", filters::typst);
        env.add_function("nbnn", filters::nbnn);
        Self { env, store }
    }

    /// The store the environment loads from.
    pub(crate) fn store(&self) -> &Arc<TemplateStore> {
        &self.store
    }

    /// Finds the `{{ … }}` expression on a template line that is undefined
    /// in `ctx`, to name it in the error (minijinja's own message does not,
    /// and its debug mode would print case data). Only template text is
    /// shown, never a value. Expressions inside loops refer to loop
    /// variables and cannot be checked this way; then nothing is named.
    fn undefined_on_line(&self, name: &str, line: Option<usize>, ctx: &Value) -> Option<String> {
        let source = std::str::from_utf8(self.store.get(name)?).ok()?;
        let text = source.lines().nth(line?.checked_sub(1)?)?;
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let end = after.find("}}")?;
            let expr = after[..end]
                .trim()
                .trim_start_matches('-')
                .trim_end_matches('-')
                .trim();
            rest = &after[end + 2..];
            let Ok(compiled) = self.env.compile_expression(expr) else {
                continue;
            };
            match compiled.eval(ctx) {
                Ok(v) if !v.is_undefined() => {}
                _ => return Some(expr.to_owned()),
            }
        }
        None
    }

    /// Renders entry template `name` with `ctx` into Typst source.
    pub(crate) fn render(&self, name: &str, ctx: &Value) -> Result<TypstSource> {
        let root = &self.store.root_label;
        let located = |e: &minijinja::Error| -> Diagnostic {
            let file = format!("{root}/{}", e.name().unwrap_or(name));
            let loc = e.line().map(|line| Loc {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                col: 1,
            });
            let detail = e
                .detail()
                .map(str::to_owned)
                .unwrap_or_else(|| e.kind().to_string());
            let (message, hint) = match e.kind() {
                ErrorKind::UndefinedError => (
                    format!("template uses a value that is not there: {detail}"),
                    "check the variable's spelling, or guard an optional field with `{% if … is defined %}`",
                ),
                ErrorKind::OutOfFuel => (
                    "template ran too long and was stopped".to_owned(),
                    "look for a loop that never ends or a macro that calls itself",
                ),
                ErrorKind::TemplateNotFound => (
                    format!("template not found: {detail}"),
                    "templates are looked up relative to the template root",
                ),
                ErrorKind::SyntaxError => (format!("template syntax error: {detail}"), ""),
                _ => (format!("template error: {detail}"), ""),
            };
            let d = Diagnostic::error(Code::Template, message)
                .in_file(file)
                .at(loc);
            if hint.is_empty() { d } else { d.hint(hint) }
        };
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| Error::one(located(&e)))?;
        let text = tmpl.render(ctx).map_err(|e| {
            let mut d = located(&e);
            // A filter or test may quote the value it failed on.
            let mut values = Vec::new();
            collect_strings(ctx, &mut values, 0);
            d.message = crate::diagnostic::redact_values(&d.message, &values);
            if e.kind() == ErrorKind::UndefinedError
                && let Some(culprit) =
                    self.undefined_on_line(e.name().unwrap_or(name), e.line(), ctx)
            {
                d.message = format!("template uses `{culprit}`, which is not defined here");
            }
            Error::one(d)
        })?;
        Ok(TypstSource {
            template: name.to_owned(),
            text,
            extra: Vec::new(),
        })
    }
}

/// Every text value in a template context (the case's data), to take out
/// of messages.
fn collect_strings(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    if let Some(s) = v.as_str() {
        out.push(s.to_owned());
        return;
    }
    if let Ok(items) = v.try_iter() {
        for item in items {
            if v.kind() == minijinja::value::ValueKind::Map {
                if let Ok(inner) = v.get_item(&item) {
                    collect_strings(&inner, out, depth + 1);
                }
            } else {
                collect_strings(&item, out, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert!(is_safe_name("lib/brev.typ"));
        assert!(!is_safe_name("../x.typ"));
        assert!(!is_safe_name("/etc/passwd"));
        assert!(!is_safe_name("lib/../../x"));
        assert!(!is_safe_name("C:x"));
    }
}
