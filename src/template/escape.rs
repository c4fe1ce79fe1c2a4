//! Typst escaping. Case data only ever reaches Typst as a string literal:
//! in markup as `#"…";` (the semicolon ends the embedded expression so the
//! next character is text again), in code as `"…"`. Inside a string literal
//! only `\`, `"` and control characters need escaping, so no value can
//! become markup or code.

use std::fmt::Write as _;

use minijinja::value::{Value, ValueKind};

/// Escapes `s` as the body of a Typst string literal (without the quotes).
pub fn string_body(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal: `"…"`.
pub fn string_literal(s: &str) -> String {
    format!("\"{}\"", string_body(s))
}

/// Words at least this long (in characters, without whitespace) may break
/// between any two characters.
pub const LONG_WORD: usize = 40;

/// A string embedded in Typst markup: `#"…";`.
///
/// A word longer than a line (a pasted URL or number, bad-inputs.md D07)
/// would run off the page, as Typst breaks lines only where the text allows.
/// Such a word is written as one box per character, `#box("a");#box("b");…`,
/// which lets the line break anywhere in it and still reads as one word. Each
/// box holds a string literal, so the data stays data. Non-ASCII characters
/// stay in the box of the character before them, so combining marks and
/// joined emoji are never split.
pub fn markup(s: &str) -> String {
    if !has_long_word(s) {
        return format!("#\"{}\";", string_body(s));
    }
    let mut out = String::new();
    let mut plain = String::new();
    for (is_word, part) in split_words(s) {
        if is_word && part.chars().count() >= LONG_WORD {
            if !plain.is_empty() {
                let _ = write!(out, "#\"{}\";", string_body(&plain));
                plain.clear();
            }
            for unit in units(part) {
                let _ = write!(out, "#box(\"{}\");", string_body(unit));
            }
        } else {
            plain.push_str(part);
        }
    }
    if !plain.is_empty() || out.is_empty() {
        let _ = write!(out, "#\"{}\";", string_body(&plain));
    }
    out
}

fn has_long_word(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run >= LONG_WORD {
                return true;
            }
        }
    }
    false
}

/// Splits into alternating runs of whitespace and non-whitespace: (is_word, run).
fn split_words(s: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let word = !c.is_whitespace();
        match current {
            Some(w) if w == word => {}
            Some(w) => {
                parts.push((w, &s[start..i]));
                start = i;
                current = Some(word);
            }
            None => current = Some(word),
        }
    }
    if let Some(w) = current {
        parts.push((w, &s[start..]));
    }
    parts
}

/// The units a long word is boxed in: each ASCII character on its own,
/// non-ASCII characters together with the character before them.
fn units(word: &str) -> Vec<&str> {
    let mut units = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if i > start && c.is_ascii() {
            units.push(&word[start..i]);
            start = i;
        }
    }
    if start < word.len() {
        units.push(&word[start..]);
    }
    units
}

/// Why a value cannot be turned into Typst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiteralError {
    /// The value is undefined or none: a missing field.
    Missing,
    /// The value has a kind with no Typst counterpart (functions, bytes…).
    Unsupported(String),
}

/// Converts a template value into a Typst code literal: strings become
/// string literals, numbers and booleans stay, `none` stays `none`, lists
/// become arrays and maps become dictionaries with string keys. Used by the
/// `typst` filter to hand structured data to the pure-Typst modules.
pub fn literal(value: &Value) -> Result<String, LiteralError> {
    Ok(match value.kind() {
        ValueKind::Undefined => return Err(LiteralError::Missing),
        ValueKind::None => "none".to_owned(),
        ValueKind::Bool => if value.is_true() { "true" } else { "false" }.to_owned(),
        ValueKind::Number => {
            if let Ok(i) = i64::try_from(value.clone()) {
                i.to_string()
            } else if let Ok(f) = f64::try_from(value.clone()) {
                if f.is_finite() {
                    format!("{f:?}")
                } else {
                    return Err(LiteralError::Unsupported("a non-finite number".into()));
                }
            } else {
                return Err(LiteralError::Unsupported("a number".into()));
            }
        }
        ValueKind::String => string_literal(value.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            let mut out = String::from("(");
            let iter = value
                .try_iter()
                .map_err(|_| LiteralError::Unsupported("a sequence".into()))?;
            for item in iter {
                out.push_str(&literal(&item)?);
                out.push_str(", ");
            }
            out.push(')');
            out
        }
        ValueKind::Map => {
            let mut out = String::from("(");
            let iter = value
                .try_iter()
                .map_err(|_| LiteralError::Unsupported("a map".into()))?;
            let mut any = false;
            for key in iter {
                let item = value
                    .get_item(&key)
                    .map_err(|_| LiteralError::Unsupported("a map".into()))?;
                let key = key.to_string();
                let _ = write!(out, "{}: {}, ", string_literal(&key), literal(&item)?);
                any = true;
            }
            if !any {
                out.push(':');
            }
            out.push(')');
            out
        }
        other => return Err(LiteralError::Unsupported(format!("{other:?}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literal_escapes_only_what_strings_need() {
        assert_eq!(string_literal(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string_literal("a\nb\tc\r"), r#""a\nb\tc\r""#);
        assert_eq!(string_literal("\u{1}\u{202e}"), "\"\\u{1}\u{202e}\"");
        assert_eq!(string_literal("x\u{2028}y"), "\"x\\u{2028}y\"");
    }

    #[test]
    fn long_words_become_one_box_per_character() {
        let url = format!("https://x.example/{}", "a".repeat(40));
        let m = markup(&format!("se {url} nå"));
        assert!(m.starts_with("#\"se \";#box(\"h\");#box(\"t\");"), "{m}");
        assert!(m.ends_with("#box(\"a\");#\" nå\";"), "{m}");
        assert_eq!(m.matches("#box(").count(), url.len());
        // Short words are untouched.
        assert_eq!(markup("kort ord"), "#\"kort ord\";");
        // Non-ASCII stays with the character before it; quotes stay escaped.
        let word = format!("{}e\u{301}\"", "b".repeat(40));
        let m = markup(&word);
        assert!(m.contains("#box(\"e\u{301}\");"), "{m}");
        assert!(m.ends_with("#box(\"\\\"\");"), "{m}");
        // It still parses as markup with no errors.
        let root = typst::syntax::parse(&m);
        assert!(root.errors_and_warnings().0.is_empty(), "{m}");
    }

    #[test]
    fn markup_form_ends_with_semicolon() {
        assert_eq!(markup("*fet*"), "#\"*fet*\";");
        assert_eq!(markup("\";"), "#\"\\\";\";");
    }

    /// Every Typst markup special character and line-start marker stays
    /// inside the literal: the parsed markup holds exactly one string
    /// expression and no other syntax.
    #[test]
    fn each_special_character_parses_as_one_string() {
        let specials = [
            "*",
            "_",
            "`",
            "$",
            "#",
            "@",
            "<",
            ">",
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            "\\",
            "~",
            "=",
            "-",
            "+",
            "/",
            "'",
            "\"",
            ";",
            "//",
            "/*",
            "*/",
            "= Overskrift",
            "- punkt",
            "+ punkt",
            "/ term: x",
            "1. liste",
            "15. juni",
            "<label>",
            "@ref",
            "$x^2$",
            "#let x = 1",
            "#{ while true {} }",
            "\"#",
            "\";",
            "```rust",
            "http://x//y",
            "a\nb",
            "\\u{41}",
        ];
        for s in specials {
            let src = format!("før {} etter", markup(s));
            let root = typst::syntax::parse(&src);
            assert!(
                root.errors_and_warnings().0.is_empty(),
                "{s:?} gave errors: {:?}",
                root.errors_and_warnings().0
            );
            let strings: Vec<_> = root
                .children()
                .filter(|n| n.kind() == typst::syntax::SyntaxKind::Str)
                .collect();
            assert_eq!(strings.len(), 1, "{s:?}: {src}");
            let kinds: Vec<_> = root.children().map(|n| n.kind()).collect();
            use typst::syntax::SyntaxKind as K;
            assert!(
                kinds
                    .iter()
                    .all(|k| matches!(k, K::Text | K::Space | K::Hash | K::Str | K::Semicolon)),
                "{s:?} produced {kinds:?}"
            );
        }
    }

    #[test]
    fn literals_of_structured_values() {
        let v = Value::from(minijinja::value::Serde(serde_json_like()));
        let lit = literal(&v).unwrap();
        assert_eq!(lit, r#"("a": "x\"", "b": (1, true, none, ), )"#);
        assert_eq!(literal(&Value::UNDEFINED), Err(LiteralError::Missing));
        assert_eq!(
            literal(&Value::from(minijinja::value::Serde(
                std::collections::BTreeMap::<String, i32>::new()
            )))
            .unwrap(),
            "(:)"
        );
    }

    fn serde_json_like() -> std::collections::BTreeMap<&'static str, Value> {
        let mut m = std::collections::BTreeMap::new();
        m.insert("a", Value::from("x\""));
        m.insert(
            "b",
            Value::from(vec![Value::from(1), Value::from(true), Value::from(())]),
        );
        m
    }
}
