//! Reading YAML with limits: only regular files, at most 1 MiB, 32 levels,
//! 100,000 values, 128 KiB of text, 500 items per list; no tags or merge
//! keys. Every failure is a located diagnostic that never echoes the file's
//! content.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{MAX_DEPTH, MAX_FILE_BYTES, MAX_LIST_ITEMS, MAX_NODES, MAX_TEXT_BYTES};
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::error::{Error, Result};

pub(crate) fn read_file(path: &Path, name: &str) -> Result<Vec<u8>> {
    use crate::files::{ReadProblem, read_limited};
    read_limited(path, MAX_FILE_BYTES as u64).map_err(|p| {
        Error::one(match p {
            ReadProblem::NotAFile(what) => {
                Diagnostic::error(Code::Read, format!("expected a YAML file but found {what}"))
                    .in_file(name)
                    .hint("give the path of a case file or municipality profile (.yaml)")
            }
            ReadProblem::TooLarge(len) => too_large(name, len),
            ReadProblem::Io(e) => {
                Diagnostic::error(Code::Read, format!("unable to read file: {e}")).in_file(name)
            }
        })
    })
}

fn too_large(name: &str, len: u64) -> Diagnostic {
    Diagnostic::error(
        Code::Limit,
        format!("file is too large ({len} bytes; the limit is {MAX_FILE_BYTES} bytes)"),
    )
    .in_file(name)
    .hint("a case file holds one case; split it or remove pasted documents")
}

/// Deserialises YAML bytes into `T`, turning every failure into a located
/// diagnostic without echoing the file's content.
pub(crate) fn parse_yaml<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Result<T> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::one(too_large(name, bytes.len() as u64)));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let loc = loc_of_offset(&bytes[..e.valid_up_to()]);
        Error::one(
            Diagnostic::error(Code::Encoding, "file is not valid UTF-8 text")
                .in_file(name)
                .at(Some(loc))
                .hint("save the file as UTF-8"),
        )
    })?;
    if let Some(pos) = text.find('\0') {
        return Err(Error::one(
            Diagnostic::error(Code::Encoding, "file contains a NUL character")
                .in_file(name)
                .at(Some(loc_of_offset(&bytes[..pos])))
                .hint("remove the control character; case files are plain text"),
        ));
    }
    let body = text.trim_start_matches('\u{feff}');
    // Lines end in LF, CRLF or (old Mac files) a lone CR, as in YAML.
    if body
        .split(['\n', '\r'])
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Error::one(
            Diagnostic::error(Code::Empty, "the file is empty: it holds no YAML data")
                .in_file(name)
                .hint("start from one of the files in samples/"),
        ));
    }
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // YAML features a case file has no use for are refused with a location
    // rather than quietly changing what a value means (bad-inputs.md A10):
    // application tags (`!tag`), tags on field names and merge keys (`<<`).
    // A `!!binary` tag on a text field does not decode it: the text is read
    // as written.
    options.reject_unsupported_tags = true;
    options.reject_tagged_field_names = true;
    options.ignore_binary_tag_for_string = true;
    options.merge_keys = serde_saphyr::MergeKeyPolicy::Error;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_depth = MAX_DEPTH;
        budget.max_reader_input_bytes = Some(MAX_FILE_BYTES);
        budget.max_aliases = 1_000;
        budget.max_anchors = 1_000;
        budget.max_nodes = MAX_NODES;
        budget.max_total_scalar_bytes = MAX_TEXT_BYTES;
        budget.max_documents = 1;
    }
    let deserialize = |options: serde_saphyr::Options| {
        let mut track = serde_path_to_error::Track::new();
        let result = serde_saphyr::with_deserializer_from_str_with_options(body, options, |de| {
            T::deserialize(serde_path_to_error::Deserializer::new(de, &mut track))
        });
        result.map_err(|e| {
            Error::one(yaml_diagnostic(
                &e,
                &clean_path(&track.path().to_string()),
                name,
            ))
        })
    };
    let value = deserialize(options.clone())?;
    // Then no list may be too long. A list of n items takes n `-` (block
    // style) or n - 1 `,` (flow style), so a file with fewer of those cannot
    // hold one, and only other files are walked once more to measure them.
    if body.bytes().filter(|b| matches!(b, b'-' | b',')).count() >= MAX_LIST_ITEMS {
        let mut track = serde_path_to_error::Track::new();
        serde_saphyr::with_deserializer_from_str_with_options(body, options, |de| {
            <ListLengths as serde::Deserialize>::deserialize(
                serde_path_to_error::Deserializer::new(de, &mut track),
            )
        })
        .map_err(|e| {
            Error::one(yaml_diagnostic(
                &e,
                &clean_path(&track.path().to_string()),
                name,
            ))
        })?;
    }
    Ok(value)
}

/// Any YAML document, walked to refuse a list longer than
/// [`MAX_LIST_ITEMS`] where it starts to be too long.
struct ListLengths;

impl<'de> serde::Deserialize<'de> for ListLengths {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(ListLengths)
    }
}

impl<'de> serde::de::Visitor<'de> for ListLengths {
    type Value = ListLengths;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_i128<E>(self, _: i128) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_u128<E>(self, _: u128) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_none<E>(self) -> std::result::Result<Self, E> {
        Ok(self)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Self, D::Error> {
        <ListLengths as serde::Deserialize>::deserialize(d)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self, D::Error> {
        <ListLengths as serde::Deserialize>::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self, A::Error> {
        let mut n = 0;
        while seq.next_element::<ListLengths>()?.is_some() {
            n += 1;
            if n > MAX_LIST_ITEMS {
                return Err(serde::de::Error::custom(LIST_TOO_LONG));
            }
        }
        Ok(self)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self, A::Error> {
        while map.next_entry::<ListLengths, ListLengths>()?.is_some() {}
        Ok(self)
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<Self, A::Error> {
        use serde::de::VariantAccess;
        let (ListLengths, variant) = data.variant::<ListLengths>()?;
        variant.newtype_variant::<ListLengths>()
    }
}

const LIST_TOO_LONG: &str = "list too long";

/// Drops serde artefacts from a field path: the `value` segment of a
/// located value and the `?` of an unknown position.
fn clean_path(path: &str) -> String {
    path.split('.')
        .filter(|seg| !seg.is_empty() && *seg != "?" && *seg != "value")
        .collect::<Vec<_>>()
        .join(".")
}

/// A field path as a message shows it: field names and list positions;
/// a segment that is neither (a free-text key) becomes `…`.
fn shown_path(path: &str) -> String {
    path.split('.')
        .map(|seg| {
            let name = seg.split('[').next().unwrap_or(seg);
            let index_ok = seg[name.len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '[' || c == ']');
            if (name.is_empty() || crate::diagnostic::looks_like_id(name)) && index_ok {
                seg
            } else {
                "…"
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Line and column of the end of `prefix`; a line ends in LF, CRLF or CR.
fn loc_of_offset(prefix: &[u8]) -> Loc {
    let ends =
        |i: usize| prefix[i] == b'\n' || (prefix[i] == b'\r' && prefix.get(i + 1) != Some(&b'\n'));
    let line = (0..prefix.len()).filter(|&i| ends(i)).count() + 1;
    let last = (0..prefix.len())
        .rev()
        .find(|&i| ends(i))
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&prefix[last..]).chars().count() + 1;
    Loc {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

/// Strips serde-saphyr's `error: line N column M: ` prefix and trailing
/// location suffixes, leaving only the message.
fn bare_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw);
    let mut msg = first.strip_prefix("error: ").unwrap_or(first);
    if msg.starts_with("line ")
        && let Some(idx) = msg.find(": ")
    {
        msg = &msg[idx + 2..];
    }
    if let Some(idx) = msg.find(" at line ") {
        msg = &msg[..idx];
    }
    msg.trim().to_owned()
}

fn yaml_diagnostic(e: &serde_saphyr::Error, path: &str, name: &str) -> Diagnostic {
    let loc = e.location().map(|l| Loc {
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        col: u32::try_from(l.column()).unwrap_or(u32::MAX),
    });
    // The parser's own message may quote what it read (a name, a line of
    // another file): only ids are kept.
    let msg = bare_message(&e.to_string());
    let field = (!path.is_empty() && path != "." && path != "?").then(|| shown_path(path));
    let mut diag = Diagnostic::error(Code::Syntax, crate::diagnostic::redact_quoted(&msg))
        .in_file(name)
        .at(loc);

    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty() && *s != "there are no fields")
            .collect();
        diag.code = Code::UnknownField;
        diag.message = if crate::diagnostic::looks_like_id(key) {
            format!("unknown field `{key}`")
        } else {
            "unknown field (its name is not shown: it is not written like a field name)".to_owned()
        };
        diag.hint = Some(
            match crate::diagnostic::did_you_mean(key, expected.iter().copied()) {
                Some(best) => best,
                None if expected.is_empty() => "this section takes no fields".to_owned(),
                None => format!("valid fields here: {}", expected.join(", ")),
            },
        );
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        diag.code = Code::MissingField;
        diag.message = format!("missing required field `{key}`");
        diag.hint = Some(format!("add `{key}:` with a value"));
        let full = match field.as_deref() {
            Some(p) => format!("{p}.{key}"),
            None => key.to_owned(),
        };
        return diag.field(full);
    } else if msg.contains("null into") {
        diag.code = Code::MissingField;
        diag.message = "required field has no value".to_owned();
        diag.hint = Some("write a value; `null`, `~` and an empty value count as missing".into());
    } else if msg.contains("expected string scalar") || msg.contains("expected a string") {
        diag.code = Code::WrongType;
        diag.message = "wrong type: expected text".to_owned();
        diag.hint = Some("write a single text value, not a list or a section".into());
    } else if msg.contains("duplicate mapping key") {
        diag.code = Code::DuplicateKey;
        diag.message = crate::diagnostic::redact_quoted(
            &msg.replace(", set DuplicateKeyPolicy in Options if acceptable", ""),
        );
        diag.hint = Some("each key may appear once; remove one of them".into());
    } else if msg.contains("quote") || msg.contains("quoted scalar") {
        diag.hint =
            Some("a quote is missing or extra: check this line and the lines above it".into());
    } else if msg.contains("unexpected end of input") {
        diag.hint = Some("the file ends before the case is complete".into());
    } else if msg.contains("unsupported tag") || msg.to_lowercase().contains("tagged") {
        diag.code = Code::YamlFeature;
        diag.hint = Some("case files use plain values: remove the `!tag`".into());
    } else if msg.contains("merge key") {
        diag.code = Code::YamlFeature;
        diag.message = "YAML merge keys (`<<`) are not used in case files".to_owned();
        diag.hint = Some("write the fields out in full".into());
    } else if msg.contains("tab") {
        diag.hint = Some("indent with spaces, not tabs".into());
    } else if msg.starts_with("budget breached: Documents") {
        diag.message = "the file holds more than one YAML document".to_owned();
        diag.hint = Some("one case per file: remove the `---` line and what follows".into());
    } else if msg.starts_with("budget breached: Depth") {
        diag.code = Code::Limit;
        diag.message = format!("the data is nested more than {MAX_DEPTH} levels deep");
        diag.hint = Some("case files are shallow; check the indentation and brackets".into());
    } else if msg.starts_with("budget breached: Aliases")
        || msg.starts_with("budget breached: Anchors")
    {
        diag.code = Code::Limit;
        diag.message = "the file uses too many YAML anchors or aliases".to_owned();
        diag.hint = Some("write the values out instead of using `&anchor` and `*alias`".into());
    } else if msg.starts_with("budget breached: ScalarBytes") {
        diag.code = Code::Limit;
        diag.message = format!(
            "the file holds more than {} KiB of text",
            MAX_TEXT_BYTES / 1024
        );
        diag.hint =
            Some("a case holds a few pages of text at most; check for pasted documents".into());
    } else if msg.starts_with(LIST_TOO_LONG) {
        diag.code = Code::Limit;
        diag.message = format!("this list holds more than {MAX_LIST_ITEMS} items");
        diag.hint = Some("a case has tens of measures, goals or recipients, not hundreds; check for a runaway list".into());
    } else if msg.starts_with("budget breached: Nodes")
        || msg.starts_with("budget breached: Sequence")
    {
        diag.code = Code::Limit;
        diag.message =
            format!("the file holds more than {MAX_NODES} values (fields and list items)");
        diag.hint = Some("a case has tens of measures, not thousands; split the data or check for a runaway list".into());
    } else if msg.starts_with("budget breached") {
        diag.code = Code::Limit;
        diag.message = "the file exceeds a safety limit for case files".to_owned();
        diag.hint = Some(format!(
            "case files are small and shallow (at most {MAX_DEPTH} levels, {MAX_FILE_BYTES} bytes)"
        ));
    } else if msg.contains("budget") || msg.contains("depth") || msg.contains("limit") {
        diag.code = Code::Limit;
        diag.hint = Some(format!(
            "case files are small and shallow (at most {MAX_DEPTH} levels, {MAX_FILE_BYTES} bytes)"
        ));
    }
    match field {
        Some(f) => diag.field(f),
        None => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lf_crlf_and_cr_line_ends() {
        for text in ["a\nb\nxy", "a\r\nb\r\nxy", "a\rb\rxy"] {
            let loc = loc_of_offset(text.as_bytes());
            assert_eq!((loc.line, loc.col), (3, 3), "{text:?}");
        }
    }

    /// A flow list and a block list of 501 items are refused where they
    /// are; 500 are fine.
    #[test]
    fn lists_longer_than_the_limit_are_refused() {
        let sample = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/saker/asker-yonas.yaml"
        ))
        .unwrap();
        let flow = |n: usize| {
            sample.replace(
                "aktiviteter: [Fotball i Fiktiv IL to ganger i uken]",
                &format!("aktiviteter: [{}]", vec!["Sjakk"; n].join(", ")),
            )
        };
        let block = |n: usize| {
            sample.replace(
                "aktiviteter: [Fotball i Fiktiv IL to ganger i uken]",
                &format!("aktiviteter:\n{}", "      - Sjakk\n".repeat(n)),
            )
        };
        for make in [&flow as &dyn Fn(usize) -> String, &block] {
            assert!(super::super::parse_case(make(MAX_LIST_ITEMS).as_bytes(), "sak.yaml").is_ok());
            let err = super::super::parse_case(make(MAX_LIST_ITEMS + 1).as_bytes(), "sak.yaml")
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("more than 500 items")
                    && err.contains("ungdom.fritid.aktiviteter")
                    && err.contains("sak.yaml:"),
                "{err}"
            );
        }
    }

    #[test]
    fn strips_location_prefix() {
        assert_eq!(
            bare_message("error: line 4 column 3: unknown field `x`, expected a"),
            "unknown field `x`, expected a"
        );
        assert_eq!(
            bare_message("unexpected end of input at line 1, column 1"),
            "unexpected end of input"
        );
    }

    #[test]
    fn paths_lose_serde_artefacts() {
        assert_eq!(clean_path("ungdom.fornavn.value"), "ungdom.fornavn");
        assert_eq!(clean_path("ungdom.?"), "ungdom");
        assert_eq!(clean_path("."), "");
    }

    #[test]
    fn offsets_become_line_and_column() {
        assert_eq!(loc_of_offset(b"ab\ncd"), Loc { line: 2, col: 3 });
        assert_eq!(loc_of_offset(b""), Loc { line: 1, col: 1 });
    }
}
