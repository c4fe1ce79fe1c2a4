//! The checker every parse of a case file or profile writes to: it collects
//! all problems of a file (the user sees every one at once) and has the
//! checks shared by every section: text, characters, dates, addresses,
//! values from a fixed set.

use chrono::NaiveDate;

use super::located::{Located, Text};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::norsk::parse_date;

/// The first explicit direction control of `text` that is not matched: an
/// embedding or override (U+202A, U+202B, U+202D, U+202E) not closed by
/// U+202C, an isolate (U+2066–U+2068) not closed by U+2069, or a closer
/// with nothing open. Such a character would act beyond the value, on the
/// rest of its paragraph.
fn unbalanced_direction(text: &str) -> Option<char> {
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}' | '\u{2067}'
            | '\u{2068}' => open.push(c),
            '\u{202C}' => match open.last() {
                Some('\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}') => {
                    open.pop();
                }
                _ => return Some(c),
            },
            '\u{2069}' => {
                // Closes the innermost isolate and any embedding inside it.
                match open
                    .iter()
                    .rposition(|o| matches!(o, '\u{2066}' | '\u{2067}' | '\u{2068}'))
                {
                    Some(isolate) => open.truncate(isolate),
                    None => return Some(c),
                }
            }
            _ => {}
        }
    }
    open.first().copied()
}

/// Characters that are never drawn (whitespace, joiners, direction and
/// variation marks) and so need no glyph.
fn is_default_ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c as u32,
            0x00AD
                | 0x034F
                | 0x061C
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xE0000..=0xE0FFF
        )
}

/// Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of
/// every plane): the PDF export refuses U+FFFE (krilla's text check refuses
/// U+0000, U+FEFF and U+FFFE), and none of them is text.
fn is_noncharacter(cp: u32) -> bool {
    (0xFDD0..=0xFDEF).contains(&cp) || (cp & 0xFFFE) == 0xFFFE
}

/// Whether a character shows on the page: not whitespace, not a control,
/// not a character that is never drawn, not a combining mark on its own,
/// not a blank «filler» letter.
fn is_visible(c: char) -> bool {
    !c.is_control()
        && !is_default_ignorable(c)
        && !matches!(
            c as u32,
            0x0300..=0x036F
                | 0x1AB0..=0x1AFF
                | 0x1DC0..=0x1DFF
                | 0x20D0..=0x20FF
                | 0xFE20..=0xFE2F
                | 0x115F
                | 0x1160
                | 0x2800
                | 0x3164
                | 0xFFA0
        )
}

/// Fields written on one line: names, references, address lines, numbers,
/// titles. A line break in one would split an address block, a letterhead
/// or a row of the deadline table. (Paragraphs, assessments and the
/// youth's own words may have line breaks.)
fn is_one_line_field(field: &str) -> bool {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    matches!(
        last,
        "fornavn"
            | "etternavn"
            | "navn"
            | "navn_originalskrift"
            | "saksnummer"
            | "linje1"
            | "linje2"
            | "postnr"
            | "poststed"
            | "telefon"
            | "epost"
            | "tittel"
            | "emne"
            | "var_ref"
            | "vedtak_ref"
            | "referanse"
            | "samtykke_ref"
            | "ref"
            | "id"
            | "kode"
            | "kommune"
            | "kortnavn"
            | "enhet"
            | "org_nr"
            | "fodselsnummer"
            | "d_nummer"
            | "duf"
    )
}

/// Collects diagnostics for one file.
pub(crate) struct Checker<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
}

/// A value written as one of a fixed set of names (a plan variant, a
/// status). The names are what the case file says.
pub(crate) trait Choice: Sized + Copy + 'static {
    /// Every value with its name(s) in the case file.
    const NAMES: &'static [(&'static str, Self)];

    /// The value for a name.
    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// The (first) name of a value.
    fn name(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::NAMES
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(n, _)| n)
    }
}

impl<'a> Checker<'a> {
    pub(crate) fn new(file: &'a str) -> Self {
        Self {
            file,
            diags: Vec::new(),
        }
    }

    /// Records a problem at `t`.
    pub(crate) fn error(
        &mut self,
        code: Code,
        t: &Text,
        field: &str,
        msg: impl Into<String>,
        hint: &str,
    ) {
        let mut d = Diagnostic::error(code, msg)
            .in_file(self.file)
            .at(t.loc)
            .field(field);
        if !hint.is_empty() {
            d = d.hint(hint);
        }
        self.diags.push(d);
    }

    /// Checks a text field (something visible in it, printable characters,
    /// one line where the field is a one-line field) and returns it.
    pub(crate) fn text(&mut self, t: &Text, field: &str) -> String {
        if t.trim().is_empty() {
            self.error(
                Code::MissingField,
                t,
                field,
                "required field is empty",
                "write a value; an empty text counts as missing",
            );
        } else if !t.chars().any(is_visible) {
            self.error(
                Code::MissingField,
                t,
                field,
                "required field has no visible characters",
                "it holds only invisible characters (zero-width spaces, joiners, soft hyphens or the like); write a value",
            );
        }
        if is_one_line_field(field) && t.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            self.error(
                Code::Character,
                t,
                field,
                "a line break in a one-line field",
                "names, references, address lines and numbers are written on one line; a break would split an address or a table row",
            );
        }
        self.chars(t, field);
        t.value.clone()
    }

    /// Checks a short name that becomes part of a file name (`what`, such
    /// as «a form's id»): lowercase letters a–z, digits and hyphens, at most
    /// 30 characters. `example` is one in the message's hint.
    pub(crate) fn short_id(&mut self, t: &Text, field: &str, what: &str, example: &str) -> String {
        let id = self.text(t, field);
        let shape_ok = id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !id.is_empty() && (!shape_ok || id.chars().count() > 30) {
            self.error(
                Code::Character,
                t,
                field,
                format!("{what} is a short name of lowercase letters a–z, digits and hyphens"),
                &format!("write a short name such as `{example}`: it names the file"),
            );
        }
        id
    }

    /// Checks an optional text field.
    pub(crate) fn opt_text(&mut self, t: Option<&Text>, field: &str) -> Option<String> {
        t.map(|t| self.text(t, field))
    }

    /// Checks every text of a list (`field[0]`, `field[1]`, …).
    pub(crate) fn texts(&mut self, list: &[Text], field: &str) -> Vec<String> {
        list.iter()
            .enumerate()
            .map(|(i, t)| self.text(t, &format!("{field}[{i}]")))
            .collect()
    }

    /// Checks the characters of a text: no control characters, no
    /// private-use characters (PDF/A forbids them), and every visible
    /// character must have a glyph in the bundled fonts, so a missing glyph
    /// is reported here, with its field, rather than by the PDF export.
    pub(crate) fn chars(&mut self, t: &Text, field: &str) {
        let max = super::MAX_VALUE_CHARS;
        if t.chars().nth(max).is_some() {
            self.error(
                Code::Limit,
                t,
                field,
                format!("text is longer than {max} characters"),
                "shorten it; a field holds at most about three pages of text",
            );
            return;
        }
        for c in t.chars() {
            let cp = c as u32;
            let problem = if (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{2028}' | '\u{2029}')
            {
                Some((
                    format!("text contains the control character U+{cp:04X}"),
                    "remove it; only ordinary characters, tabs and line breaks are allowed",
                ))
            } else if cp == 0xFEFF || is_noncharacter(cp) {
                Some((
                    format!(
                        "text contains {}, which a PDF/A document cannot hold",
                        crate::diagnostic::char_name(c)
                    ),
                    "remove it: it does not show, and it often comes along when text is copied from another program",
                ))
            } else if matches!(cp, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) {
                Some((
                    format!("text contains the private-use character U+{cp:04X}"),
                    "private-use characters cannot be archived as PDF/A; write the text with standard characters",
                ))
            } else if !is_default_ignorable(c) && !crate::assets::has_glyph(c) {
                Some((
                    format!("no bundled font can show the character U+{cp:04X} ({c})"),
                    "the fonts cover Norwegian, Latin, Cyrillic, Arabic-script and Ethiopic text; replace or transliterate the character",
                ))
            } else {
                None
            };
            if let Some((msg, hint)) = problem {
                self.error(Code::Character, t, field, msg, hint);
                return;
            }
        }
        if let Some(c) = unbalanced_direction(t) {
            self.error(
                Code::Character,
                t,
                field,
                format!(
                    "text has a direction control U+{:04X} without its pair",
                    c as u32
                ),
                "an invisible direction character that is not closed in the same text would turn the rest of the paragraph around; remove it (right-to-left names need none), or close U+202A–U+202E with U+202C and U+2066–U+2068 with U+2069",
            );
        }
    }

    /// Checks a date; `None` when it is not one (the problem is recorded).
    pub(crate) fn date(&mut self, t: &Text, field: &str) -> Option<NaiveDate> {
        self.chars(t, field);
        let d = parse_date(t);
        if d.is_none() && crate::norsk::is_date_shaped(t) {
            let years = crate::norsk::YEARS;
            self.error(
                Code::InvalidDate,
                t,
                field,
                format!("the year is outside {}–{}", years.start(), years.end()),
                "check the year: case dates lie between 1900 and 2100",
            );
        } else if d.is_none() {
            self.error(
                Code::InvalidDate,
                t,
                field,
                "not a valid date",
                "write the date as YYYY-MM-DD (2026-06-15) or DD.MM.YYYY (15.06.2026), and check that the day exists",
            );
        }
        d
    }

    /// A checked date with where it was written (the default date when it
    /// is not a date: the problem is recorded and the case is refused).
    pub(crate) fn located_date(&mut self, t: &Text, field: &str) -> Located<NaiveDate> {
        Located {
            value: self.date(t, field).unwrap_or_default(),
            loc: t.loc,
        }
    }

    /// A value from a fixed set; `None` (and a problem recorded) for any
    /// other text. `what` names the kind of value in the message
    /// («unknown status `x`»).
    pub(crate) fn choice<E: Choice>(
        &mut self,
        t: &Text,
        field: &str,
        what: &str,
        hint: &str,
    ) -> Option<E> {
        let value = E::from_name(t.as_str());
        if value.is_none() {
            self.error(
                Code::UnknownValue,
                t,
                field,
                format!("unknown {what}: {}", crate::diagnostic::shown(&t.value)),
                hint,
            );
        }
        value
    }

    /// A leader's approval date (`godkjent_dato`) of a document dated
    /// `dated`: a date, not before the document's own (`what`: «plan»,
    /// «evaluation», for the message).
    pub(crate) fn approval_date(
        &mut self,
        t: Option<&Text>,
        field: &str,
        dated: Option<NaiveDate>,
        (the, a): (&str, &str),
    ) -> Option<NaiveDate> {
        let t = t?;
        let d = self.date(t, field)?;
        if dated.is_some_and(|dated| d < dated) {
            self.error(
                Code::DateOrder,
                t,
                field,
                format!("the {the} is approved before it is dated"),
                &format!("a leader approves {a} on or after its date"),
            );
        }
        Some(d)
    }

    /// Returns `value` if no problem was recorded, else every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        if self.diags.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.diags))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_must_be_balanced() {
        for ok in [
            "Asker stasjon",
            "a\u{202E}bc\u{202C}d",
            "\u{2067}\u{202B}x\u{2069}",
            "\u{200F}\u{200E}",
        ] {
            assert_eq!(unbalanced_direction(ok), None, "{ok:?}");
        }
        for (bad, c) in [
            ("Asker\u{202E} stasjon", '\u{202E}'),
            ("x\u{202C}", '\u{202C}'),
            ("\u{2069}", '\u{2069}'),
            ("\u{2068}abc", '\u{2068}'),
            ("\u{202A}\u{2069}", '\u{2069}'),
        ] {
            assert_eq!(unbalanced_direction(bad), Some(c), "{bad:?}");
        }
    }
}
