//! Writes a case (as JSON from a form) as a YAML case file a person can
//! read: block mappings and lists, plain scalars where YAML reads them
//! back as the same text, JSON-style double quotes otherwise (a valid YAML
//! double-quoted scalar), and literal blocks for text of several lines.
//! The comment lines at the top of the file it replaces are kept.

use serde_json::Value;

/// The YAML of `value`, after `header` (comment lines, each ending in a
/// line break).
pub fn to_yaml(value: &Value, header: &str) -> String {
    let mut out = String::from(header);
    match value {
        Value::Object(m) if !m.is_empty() => {
            // A blank line before each section (a key with a block under it).
            for (i, (k, v)) in m.iter().enumerate() {
                let block = matches!(v, Value::Object(o) if !o.is_empty())
                    || matches!(v, Value::Array(a) if !a.is_empty());
                if block && i > 0 {
                    out.push('\n');
                }
                out.push_str(&key(k));
                out.push(':');
                value_after_key(v, 0, &mut out);
            }
        }
        other => {
            out.push_str(&scalar(other, 0));
            out.push('\n');
        }
    }
    out
}

/// The comment lines (and blank lines) at the top of a file.
pub fn header(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('#') || (t.is_empty() && !out.is_empty()) {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            break;
        }
    }
    // At most one blank line after the comments.
    while out.ends_with("\n\n\n") {
        out.pop();
    }
    out
}

fn indent(n: usize, out: &mut String) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn mapping(m: &serde_json::Map<String, Value>, level: usize, out: &mut String) {
    for (k, v) in m {
        indent(level, out);
        out.push_str(&key(k));
        out.push(':');
        value_after_key(v, level, out);
    }
}

/// A value after `key:` (or after `- `, `level` being the item's indent).
fn value_after_key(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(m, level + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(a, level + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other, level + 2));
            out.push('\n');
        }
    }
}

fn sequence(a: &[Value], level: usize, out: &mut String) {
    for v in a {
        indent(level, out);
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                // The first key on the dash's line, the rest below it.
                let mut first = true;
                for (k, v) in m {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(level + 2, out);
                    }
                    out.push_str(&key(k));
                    out.push(':');
                    value_after_key(v, level + 2, out);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                sequence(inner, level + 2, out);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, level + 2));
                out.push('\n');
            }
        }
    }
}

fn key(k: &str) -> String {
    let simple = k.chars().next().is_some_and(char::is_alphabetic)
        && k.chars().all(|c| c.is_alphanumeric() || c == '_');
    if simple || plain_ok(k) {
        k.to_owned()
    } else {
        quoted(k)
    }
}

/// A scalar; `level` is the indent of a literal block's lines.
fn scalar(v: &Value, level: usize) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s, level),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

fn string(s: &str, level: usize) -> String {
    if plain_ok(s) {
        return s.to_owned();
    }
    if literal_ok(s) {
        let mut out = String::from(if s.ends_with('\n') { "|" } else { "|-" });
        for line in s.trim_end_matches('\n').split('\n') {
            out.push('\n');
            if !line.is_empty() {
                for _ in 0..level {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
        return out;
    }
    quoted(s)
}

/// A JSON string, which is a YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Whether text of several lines can be a literal block: no tabs or other
/// control characters, no line starting with a space (the block's indent
/// would change), no trailing spaces, at most one final line break.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.split('\n')
            .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
        && !s.starts_with('\n')
}

/// Whether YAML reads `s` written plain as the same string: it starts with
/// a letter or is an ISO date, holds only letters, digits, spaces and
/// harmless punctuation, has no `: ` or ` #`, does not end in a space and
/// is no word YAML reads as something else (`true`, `null`, `no`, …).
fn plain_ok(s: &str) -> bool {
    let iso_date = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if iso_date {
        return true;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || s.ends_with(' ') || s.contains(": ") || s.contains(" #") {
        return false;
    }
    let reserved = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    if reserved.contains(&s.to_lowercase().as_str()) {
        return false;
    }
    s.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | ',' | '-' | '(' | ')' | '/' | '«' | '»' | '–' | '\'' | '’' | '§'
            )
    }) && !s.ends_with(':')
        && !s.contains("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(v: &Value) -> Value {
        let text = to_yaml(v, "# header\n");
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let v = serde_json::json!({
            "saksnummer": "2025/1432",
            "postnr": "0150",
            "ja": "yes",
            "kolon": "a: b",
            "hash": "a #b",
            "tall": 3,
            "sann": true,
            "dato": "2026-06-15",
            "datotekst": "15.06.2026",
            "linjer": "første linje\nandre linje",
            "linjer_slutt": "en\nto\n",
            "innrykk": " innrykket\nlinje",
            "tom": "",
            "typst": "#set page(width: 1pt) $x$ [a] {b} \\ *c* _d_ <e> @f",
            "tab": "a\tb",
            "liste": ["en", {"id": "g1", "tekst": "Mål", "under": [1, 2]}, ["x"]],
            "tom_liste": [],
            "tomt_objekt": {},
            "ukjent_skrift": "ዮናስ ተስፋማርያም",
            "«sitat»": "«x»"
        });
        assert_eq!(round_trip(&v), v);
    }

    #[test]
    fn header_keeps_the_leading_comments() {
        let text = "# a\n# b\n\nkey: 1\n# not this\n";
        assert_eq!(header(text), "# a\n# b\n\n");
        assert_eq!(header("key: 1\n"), "");
    }
}
