//! Arbitrary Unicode in any text field appears verbatim in the document's
//! text and changes nothing else. Runs 1,000 cases by default;
//! `PROPTEST_CASES=100000 cargo test property` for a long run. Also: the
//! case and profile loaders never panic on arbitrary bytes or on the samples
//! with random edits (500 cases each by default).

use std::collections::HashMap;
use std::sync::Mutex;

use proptest::prelude::*;
use saksdok::{DocumentKind, Engine};

use crate::common::{FIELDS, engine, sample_with, squash, strip_footers};

const MARKER: &str = "QQMARKERQQ";

fn document_text(field: usize, value: &str) -> (String, usize) {
    let (c, m) = sample_with(&FIELDS[field], value);
    let kind = DocumentKind::Velkomstbrev;
    let date = Engine::document_date(&c, kind, None).unwrap();
    let src = engine().source(&c, &m, kind, date).unwrap();
    let doc = engine()
        .typeset(&src, date)
        .unwrap_or_else(|e| panic!("{} = {value:?}: {e}", FIELDS[field].name));
    let pages = saksdok::typeset::page_texts(&doc);
    (pages.concat(), pages.len())
}

fn baseline(field: usize) -> (String, usize) {
    static CACHE: Mutex<Option<HashMap<usize, (String, usize)>>> = Mutex::new(None);
    let mut guard = CACHE.lock().unwrap();
    let map = guard.get_or_insert_with(HashMap::new);
    map.entry(field)
        .or_insert_with(|| document_text(field, MARKER))
        .clone()
}

/// Characters a case value may hold: anything but control characters
/// (rejected by validation, tested there), right-to-left characters and
/// bidi formatting (laid out in visual order, tested with names in their
/// own scripts), and whitespace (collapsed by layout).
fn value_char() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("printable, left-to-right", |c| {
        let cp = *c as u32;
        !c.is_control()
            && !c.is_whitespace()
            && !matches!(cp, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
            && !matches!(cp, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x00AD | 0xFFF9..=0xFFFB | 0x061C)
            && !matches!(cp, 0xE0000..=0xE007F)
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_in_any_field_is_verbatim_and_local(
        field in 0..FIELDS.len(),
        chars in proptest::collection::vec(value_char(), 1..24),
        words in proptest::collection::vec(1usize..6, 0..3),
    ) {
        // Put a few spaces into the value: words of the given lengths.
        let mut value = String::new();
        let mut it = chars.into_iter().peekable();
        for w in words {
            for _ in 0..w { if let Some(c) = it.next() { value.push(c); } }
            value.push(' ');
        }
        value.extend(it);
        let value = value.trim().to_owned();
        prop_assume!(!value.is_empty());

        let (base, base_pages) = baseline(field);
        let (text, pages) = document_text(field, &value);
        prop_assert_eq!(pages, base_pages, "page count changed");
        prop_assert_eq!(
            strip_footers(&squash(&text)),
            strip_footers(&squash(&base).replace(MARKER, &squash(&value))),
            "field {} = {:?}", FIELDS[field].name, value
        );
    }
}

/// Cases for the loader fuzz tests: 500 by default, `PROPTEST_CASES` for more.
fn loader_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500)
}

/// One edit of a text: insert, delete or replace a character somewhere.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Characters that matter to YAML, and any character at all.
    let ch = prop_oneof![
        prop::sample::select(vec![
            ':', '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', '>', '#', '"', '\'', '\n', ' ',
            '\t', '%', '@', '`', '?', '<', '\u{feff}', '\0',
        ]),
        any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(p, c)| Edit::Insert(p, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), ch).prop_map(|(p, c)| Edit::Replace(p, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match *e {
            Edit::Insert(p, c) => chars.insert(p % (chars.len() + 1), c),
            Edit::Delete(p) if !chars.is_empty() => {
                chars.remove(p % n);
            }
            Edit::Replace(p, c) if !chars.is_empty() => chars[p % n] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: loader_cases(), ..ProptestConfig::default() })]

    /// Arbitrary bytes into the case and profile loaders: an error or a
    /// case, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = saksdok::case::parse_case(&bytes, "sak.yaml");
        let _ = saksdok::case::parse_profile(&bytes, "kommune.yaml");
    }

    /// YAML-shaped documents: the sample case and profile with up to 12
    /// random edits (structure characters, anchors, tags, any character).
    /// An error names the file; nothing panics.
    #[test]
    fn edited_samples_never_panic_the_loader(edits in prop::collection::vec(edit(), 1..12)) {
        let case = apply(&crate::common::read("samples/saker/alver-amina.yaml"), &edits);
        if let Err(e) = saksdok::case::parse_case(case.as_bytes(), "sak.yaml") {
            prop_assert!(e.to_string().contains("sak.yaml"), "{}", e);
        }
        let profile = apply(&crate::common::read("samples/kommuner/asker.yaml"), &edits);
        if let Err(e) = saksdok::case::parse_profile(profile.as_bytes(), "kommune.yaml") {
            prop_assert!(e.to_string().contains("kommune.yaml"), "{}", e);
        }
    }
}
