//! One diagnostic type for every stage: YAML, validation, templates, Typst
//! and output. A diagnostic names the file, the line and column where there
//! is one, the field path and a hint; it never carries a source excerpt,
//! because the excerpt of a case file is personal data.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Loc {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    #[serde(rename = "column")]
    pub col: u32,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document cannot be made: nothing is written.
    Error,
    /// The document is made, but something in it deserves a look (a Typst
    /// warning, say).
    Warning,
}

/// What kind of problem a diagnostic reports. The codes are stable (they
/// serialise as the kebab-case names below): a front end matches on them, to
/// place a message beside its field or to add the hint that fits its own
/// controls (the CLI names its flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Code {
    /// A file cannot be read: missing, a folder or device, or an I/O error.
    Read,
    /// A safety limit is exceeded: file size, nesting, list items, text,
    /// values, anchors, image size.
    Limit,
    /// The file is not UTF-8 text, or holds a NUL character.
    Encoding,
    /// The file holds no data.
    Empty,
    /// The YAML cannot be read: quotes, tabs, indentation, several documents.
    Syntax,
    /// A key the format does not have (the hint names the nearest).
    UnknownField,
    /// A required field is absent, `null` or empty.
    MissingField,
    /// A value of the wrong type (a list where text belongs).
    WrongType,
    /// A key written twice.
    DuplicateKey,
    /// A YAML feature case files do not use: tags, merge keys.
    YamlFeature,
    /// A character that cannot be printed or archived: control, private-use,
    /// no glyph in the bundled fonts, an unclosed direction control; or a
    /// text longer than a value may be.
    Character,
    /// A date that does not exist or is not written as a date.
    InvalidDate,
    /// An ID number, DUF number, organisation number or postcode that fails
    /// its check.
    InvalidNumber,
    /// A value outside its fixed set (målform, plan variant, status, basis).
    UnknownValue,
    /// A reference that resolves to nothing: a staff id, a goal, a measure,
    /// the guardian.
    UnknownReference,
    /// Something that must be unique is not: an id, a chapter, a case
    /// reference in a batch.
    Duplicate,
    /// Dates in the wrong order or out of the range the law allows.
    DateOrder,
    /// Fields that do not fit together (both `ansvarlig` and
    /// `ansvarlig_tekst`; an aftercare plan without consent).
    Inconsistent,
    /// The case lacks the section a document needs.
    MissingSection,
    /// The document has no date: none in the case, none asked for.
    MissingDate,
    /// An enclosure to put after a letter is not in the case.
    MissingEnclosure,
    /// An evaluation leaves goals or measures of the plan unevaluated (a
    /// warning).
    NotEvaluated,
    /// A routine of the profile is more than a year old on the document
    /// date and is due for its yearly evaluation (a warning).
    RoutineDue,
    /// The municipality profile lacks what the document needs.
    MissingProfileData,
    /// No municipality profile is known for the case.
    NoProfile,
    /// The checklist asked for is not in the template folder.
    UnknownChecklist,
    /// A template cannot be rendered (minijinja): an undefined value, a
    /// syntax error, a loop that runs out of fuel.
    Template,
    /// Typst reports a problem in a template module.
    Typst,
    /// Typst reports a problem in the generated source of an entry template.
    TypstGenerated,
    /// The PDF export refuses the document.
    Export,
    /// A document took longer than the time limit.
    TimeLimit,
    /// The output folder is missing, not a folder, or not writable.
    OutputFolder,
    /// An output file cannot be written.
    Output,
    /// Another saksdok run is writing to the output folder.
    Busy,
    /// The inputs of a batch: no such file, folder or pattern.
    Input,
}

/// A problem the user can fix, with where it is and how to fix it.
/// Serialises as JSON for front ends other than the terminal:
///
/// ```json
/// {"severity":"error","code":"unknown-field","file":"sak.yaml","line":4,"column":3,
///  "field":"ungdom.fodseldato","message":"unknown field `fodseldato`",
///  "hint":"did you mean `fodselsdato`?"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// An error or a warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    /// The file the problem is in (case file, profile or template), as given.
    pub file: Option<String>,
    /// Where in the file, when known.
    #[serde(flatten)]
    pub loc: Option<Loc>,
    /// The field path in the YAML (`ungdom.fodselsdato`), when known.
    pub field: Option<String>,
    /// What is wrong, lower-case, without a trailing period.
    pub message: String,
    /// What would fix it, in terms of fields and values (never a front
    /// end's controls).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with only a code and a message.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            file: None,
            loc: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning with only a code and a message.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    /// Sets the file.
    #[must_use]
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Sets the file unless one is already set.
    #[must_use]
    pub fn in_file_if_unset(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_owned());
        }
        self
    }

    /// Sets the location.
    #[must_use]
    pub fn at(mut self, loc: Option<Loc>) -> Self {
        self.loc = loc;
        self
    }

    /// Sets the field path.
    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Sets the hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// Renders the diagnostic the way it is shown on stderr:
    ///
    /// ```text
    /// error: unknown field `fodseldato`
    ///   --> samples/saker/yonas.yaml:4:3
    ///   = field: ungdom.fodseldato
    ///   = hint: did you mean `fodselsdato`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Every part escaped: a key or file name with terminal escapes or a
        // line break cannot clear the screen or fake a line.
        let p = printable;
        write!(f, "{severity}: {}", p(&self.message))?;
        match (&self.file, self.loc) {
            (Some(file), Some(loc)) => write!(f, "\n  --> {}:{}:{}", p(file), loc.line, loc.col)?,
            (Some(file), None) => write!(f, "\n  --> {}", p(file))?,
            (None, Some(loc)) => write!(f, "\n  --> line {}:{}", loc.line, loc.col)?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, "\n  = field: {}", p(field))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", p(hint))?;
        }
        Ok(())
    }
}

/// Whether a character must not reach a terminal or a table as it is:
/// control characters (C0, DEL, C1, line breaks), the line and paragraph
/// separators, and the direction controls that reorder what follows.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061C}' | '\u{200E}' | '\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every unprintable character ([`is_unprintable`]) written as
/// `\u{…}`, for a terminal or a one-line table cell.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unprintable) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if is_unprintable(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Renders a list of diagnostics separated by blank lines.
pub fn render_all(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The closest candidate to `word` by edit distance, if it is close enough
/// to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = levenshtein(word, cand);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    let limit = (word.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Whether a value from a case file looks like an id or a field name
/// (`sm`, `kopi_til`, `tiltak-2`): short, lower-case letters, digits, `_`
/// and `-`, starting with a letter. Only such values are ever shown in a
/// message; names, free text and file contents never are.
pub fn looks_like_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_lowercase)
        && s.chars().count() <= 40
        && chars.all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A value from a case file as a message shows it: an id in backticks,
/// anything else as «the value written here».
pub fn shown(value: &str) -> String {
    if looks_like_id(value) {
        format!("`{value}`")
    } else {
        "the value written here".to_owned()
    }
}

/// «did you mean `best`?» for the candidate nearest to `word`, saying what
/// differs when the two may look alike (a Cyrillic letter, a zero-width
/// space, a letter written as two characters).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let best = nearest(word, candidates)?;
    let odd: Vec<String> = word
        .chars()
        .filter(|c| !c.is_ascii() && !best.contains(*c))
        .map(char_name)
        .collect();
    Some(if odd.is_empty() {
        format!("did you mean `{best}`?")
    } else {
        format!(
            "did you mean `{best}`? What is written holds {}, which `{best}` does not: retype it",
            odd.join(", ")
        )
    })
}

/// A character as a message names it: its code point, and its name for
/// the characters that look like others or do not show.
pub fn char_name(c: char) -> String {
    let name = match c {
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{0301}' => "COMBINING ACUTE ACCENT",
        '\u{0308}' => "COMBINING DIAERESIS",
        '\u{030A}' => "COMBINING RING ABOVE",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{0391}' => "GREEK CAPITAL LETTER ALPHA",
        '\u{03BF}' => "GREEK SMALL LETTER OMICRON",
        '\u{0430}' => "CYRILLIC SMALL LETTER A",
        '\u{0435}' => "CYRILLIC SMALL LETTER IE",
        '\u{043E}' => "CYRILLIC SMALL LETTER O",
        '\u{0440}' => "CYRILLIC SMALL LETTER ER",
        '\u{0441}' => "CYRILLIC SMALL LETTER ES",
        '\u{0445}' => "CYRILLIC SMALL LETTER HA",
        '\u{0456}' => "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("U+{:04X} {name}", u32::from(c))
    }
}

/// A message from a parser with every quoted value that is not an id
/// (`` `…` `` or `"…"`) replaced by `…`: a parser quotes what it could not
/// read, and that may be a name or a line of some other file.
pub fn redact_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest[start..].chars().next().unwrap_or('`');
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find(quote) {
            Some(end) => {
                let inner = &after[..end];
                out.push(quote);
                out.push_str(if looks_like_id(inner) { inner } else { "…" });
                out.push(quote);
                rest = &after[end + 1..];
            }
            None => {
                out.push(quote);
                out.push('…');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `msg` with every occurrence of each of `values` (case data; longest
/// first, two characters or more) replaced by `…`. Only whole occurrences
/// count: `id` is not taken out of «inside».
pub fn redact_values(msg: &str, values: &[String]) -> String {
    let mut values: Vec<&String> = values.iter().filter(|v| v.chars().count() >= 2).collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut out = msg.to_owned();
    for v in values {
        let mut from = 0;
        while let Some(pos) = out[from..].find(v.as_str()).map(|p| p + from) {
            let end = pos + v.len();
            let before = out[..pos].chars().next_back();
            let after = out[end..].chars().next();
            let joined = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let starts_word = v.chars().next().is_some_and(char::is_alphanumeric);
            let ends_word = v.chars().next_back().is_some_and(char::is_alphanumeric);
            if (starts_word && joined(before)) || (ends_word && joined(after)) {
                from = end;
                continue;
            }
            out.replace_range(pos..end, "…");
            from = pos + "…".len();
        }
    }
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_ids_and_never_free_text() {
        assert!(looks_like_id("sm") && looks_like_id("kopi_til") && looks_like_id("målform"));
        for free in [
            "Ingrid Haugland",
            "root:$6$abc",
            "kode 6 - bor hos tante",
            "",
            "Sm",
        ] {
            assert!(!looks_like_id(free), "{free}");
            assert_eq!(shown(free), "the value written here");
        }
        assert_eq!(
            redact_quoted("invalid type: string \"Ingrid Haugland\", expected one of `a`, `b`"),
            "invalid type: string \"…\", expected one of `a`, `b`"
        );
        assert_eq!(
            redact_quoted("unknown field `root:$6$x`"),
            "unknown field `…`"
        );
        assert_eq!(redact_quoted("cut `short"), "cut `…");
    }

    #[test]
    fn look_alike_suggestions_say_what_differs() {
        let hint = did_you_mean("s\u{430}ksnummer", ["saksnummer", "ungdom"]).unwrap();
        assert!(hint.contains("U+0430 CYRILLIC SMALL LETTER A"), "{hint}");
        let hint = did_you_mean("ma\u{30A}lform", ["målform"]).unwrap();
        assert!(hint.contains("U+030A"), "{hint}");
        let hint = did_you_mean("s\u{200B}m", ["sm", "sb"]).unwrap();
        assert!(hint.contains("ZERO WIDTH SPACE"), "{hint}");
        assert_eq!(
            did_you_mean("saksnumer", ["saksnummer"]).unwrap(),
            "did you mean `saksnummer`?"
        );
    }

    #[test]
    fn suggests_the_nearest_key() {
        let keys = ["fodselsdato", "fodselsnummer", "fornavn", "etternavn"];
        assert_eq!(nearest("fodseldato", keys), Some("fodselsdato"));
        assert_eq!(nearest("fornvan", keys), Some("fornavn"));
        assert_eq!(nearest("xyzzy", keys), None);
    }

    #[test]
    fn renders_file_line_field_and_hint() {
        let d = Diagnostic::error(Code::UnknownField, "unknown field `fodseldato`")
            .in_file("sak.yaml")
            .at(Some(Loc { line: 4, col: 3 }))
            .field("ungdom.fodseldato")
            .hint("did you mean `fodselsdato`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `fodseldato`\n  --> sak.yaml:4:3\n  = field: ungdom.fodseldato\n  = hint: did you mean `fodselsdato`?"
        );
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "severity": "error", "code": "unknown-field", "file": "sak.yaml",
                "line": 4, "column": 3, "field": "ungdom.fodseldato",
                "message": "unknown field `fodseldato`", "hint": "did you mean `fodselsdato`?"
            })
        );
    }
}
