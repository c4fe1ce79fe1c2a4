//! One diagnostic type for every stage: YAML, validation, templates, Typst
//! and output. A diagnostic names the file, the line and column where there
//! is one, the field path and a hint; it never carries a source excerpt,
//! because the excerpt of a case file is personal data.

use std::fmt;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub col: u32,
}

/// A problem the user can fix, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in (case file, profile or template), as given.
    pub file: Option<String>,
    /// Where in the file, when known.
    pub loc: Option<Loc>,
    /// The field path in the YAML (`ungdom.fodselsdato`), when known.
    pub field: Option<String>,
    /// What is wrong, lower-case, without a trailing period.
    pub message: String,
    /// What would fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Creates a diagnostic with only a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            file: None,
            loc: None,
            field: None,
            message: message.into(),
            hint: None,
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
        write!(f, "error: {}", self.message)?;
        match (&self.file, self.loc) {
            (Some(file), Some(loc)) => write!(f, "\n  --> {file}:{}:{}", loc.line, loc.col)?,
            (Some(file), None) => write!(f, "\n  --> {file}")?,
            (None, Some(loc)) => write!(f, "\n  --> line {}:{}", loc.line, loc.col)?,
            (None, None) => {}
        }
        if let Some(field) = &self.field {
            write!(f, "\n  = field: {field}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
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
    fn suggests_the_nearest_key() {
        let keys = ["fodselsdato", "fodselsnummer", "fornavn", "etternavn"];
        assert_eq!(nearest("fodseldato", keys), Some("fodselsdato"));
        assert_eq!(nearest("fornvan", keys), Some("fornavn"));
        assert_eq!(nearest("xyzzy", keys), None);
    }

    #[test]
    fn renders_file_line_field_and_hint() {
        let d = Diagnostic::new("unknown field `fodseldato`")
            .in_file("sak.yaml")
            .at(Some(Loc { line: 4, col: 3 }))
            .field("ungdom.fodseldato")
            .hint("did you mean `fodselsdato`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `fodseldato`\n  --> sak.yaml:4:3\n  = field: ungdom.fodseldato\n  = hint: did you mean `fodselsdato`?"
        );
    }
}
