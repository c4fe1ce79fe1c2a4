//! Arbitrary Unicode in any text field appears verbatim in the document's
//! text and changes nothing else. Runs 1,000 cases by default;
//! `PROPTEST_CASES=100000 cargo test property` for a long run.

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
