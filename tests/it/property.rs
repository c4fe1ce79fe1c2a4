//! Arbitrary Unicode in any text field of any document kind appears
//! verbatim in the document's text and changes nothing else. The fields are
//! found, not listed: every string of every sample case and profile is tried
//! with a marker, and a field counts for a kind when the kind prints it as
//! written. Runs 1,000 cases by default; `PROPTEST_CASES=100000 cargo test
//! property` for a long run. Also: the case and profile loaders never panic
//! on arbitrary bytes or on the samples with random edits (500 cases each by
//! default).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use proptest::prelude::*;
use saksdok::{Case, DocumentKind, Municipality, Request};
use serde_json::Value;
use typst_layout::PagedDocument;

use crate::common::{SAMPLES, engine, read, squash, strip_document_ids};

/// A document to render: a kind, and for a sjekkliste the list.
type Doc = (DocumentKind, Option<&'static str>);

/// Every kind of the table, a kind that needs a checklist once per list in
/// the templates.
fn documents() -> Vec<Doc> {
    static LISTS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        engine()
            .checklists()
            .into_iter()
            .map(|l| &*Box::leak(l.into_boxed_str()))
            .collect()
    });
    // Documents made from a case (the agreement file's text is tested in
    // `guide::every_text_of_an_agreement_is_printed_as_written`).
    DocumentKind::ALL
        .iter()
        .filter(|k| k.subject() == saksdok::Subject::Case)
        .flat_map(|k| {
            if k.needs_checklist() {
                lists.iter().map(|l| (*k, Some(*l))).collect::<Vec<Doc>>()
            } else {
                vec![(*k, None)]
            }
        })
        .collect()
}

/// The sample case and profile as trees (JSON values; JSON is YAML, so the
/// loaders read an edited tree back with all their checks).
#[derive(Clone)]
struct Trees {
    case: Value,
    profile: Value,
}

/// A sample, or a sample with an edit that takes the documents down a branch
/// the samples do not (protected addresses, an institution stay).
struct Variant {
    name: &'static str,
    sample: usize,
    edit: fn(&mut Trees),
}

const VARIANTS: &[Variant] = &[
    Variant {
        name: "asker-yonas",
        sample: 0,
        edit: |_| {},
    },
    Variant {
        name: "alver-amina",
        sample: 1,
        edit: |_| {},
    },
    Variant {
        name: "alver-dawit",
        sample: 2,
        edit: |_| {},
    },
    Variant {
        name: "alver-amina with protected addresses",
        sample: 1,
        edit: |t| {
            t.case["ungdom"]["adressebeskyttelse"] = "fortrolig".into();
            t.case["verge"]["adressebeskyttelse"] = "strengt_fortrolig".into();
        },
    },
    Variant {
        name: "alver-amina in an institution",
        sample: 1,
        edit: |t| {
            t.case["tiltaksplan"]["variant"] = "institusjon".into();
            t.case["tiltaksplan"]["institusjon"] =
                serde_json::json!({ "navn": "Fiktiv ungdomsheim" });
        },
    },
];

impl Trees {
    fn variant(v: &Variant) -> Self {
        let tree = |path: &str| -> Value {
            serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        let mut trees = Self {
            case: tree(SAMPLES[v.sample].0),
            profile: tree(SAMPLES[v.sample].1),
        };
        (v.edit)(&mut trees);
        trees
    }

    fn set(&mut self, field: &Field, value: &str) {
        let tree = if field.in_profile {
            &mut self.profile
        } else {
            &mut self.case
        };
        *tree.pointer_mut(&field.pointer).unwrap() = Value::String(value.to_owned());
    }

    fn load(&self) -> saksdok::Result<(Case, Municipality)> {
        let case = saksdok::case::parse_case(self.case.to_string().as_bytes(), "sak.yaml")?;
        let muni =
            saksdok::case::parse_profile(self.profile.to_string().as_bytes(), "kommune.yaml")?;
        saksdok::case::check_with_profile(&case, &muni)?;
        Ok((case, muni))
    }
}

/// A text field that a document prints as written.
#[derive(Debug, Clone)]
struct Field {
    /// Index into [`VARIANTS`].
    variant: usize,
    doc: Doc,
    in_profile: bool,
    /// JSON pointer into the case or the profile.
    pointer: String,
}

/// JSON pointers to every node of a tree but the root, with the node.
fn nodes(tree: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
        if !at.is_empty() {
            out.push((at.clone(), v));
        }
        match v {
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, format!("{at}/{i}"), out);
                }
            }
            Value::Object(o) => {
                for (k, v) in o {
                    walk(
                        v,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(tree, String::new(), &mut out);
    out
}

/// Pointers to every string in a tree.
fn strings(tree: &Value) -> Vec<String> {
    nodes(tree)
        .into_iter()
        .filter(|(_, v)| v.is_string())
        .map(|(at, _)| at)
        .collect()
}

/// The documents of a request, typeset.
fn typeset(
    case: &Case,
    muni: &Municipality,
    (kind, checklist): Doc,
) -> saksdok::Result<Vec<PagedDocument>> {
    let date = kind
        .document_date(case, None)
        .unwrap_or_else(|_| NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let req = Request {
        date: Some(date),
        checklist,
        ..Request::new(kind)
    };
    engine()
        .generate(case, muni, &req)?
        .1
        .iter()
        .map(|g| {
            let doc = engine().typeset(&g.source, date).map(|t| t.document);
            // Typst's memoized results grow with every document until they
            // are evicted (as `render` and `batch` do per document).
            comemo::evict(10);
            doc
        })
        .collect()
}

/// The text of a document in two parts: the body of every page, and the
/// distinct page headers and footers (page numbers and document IDs taken
/// out), so that a value that moves a page break compares equal.
#[derive(Debug, Clone, PartialEq)]
struct Text {
    body: String,
    furniture: Vec<String>,
}

impl Text {
    fn of(docs: &[PagedDocument]) -> Self {
        use typst::foundations::Content;
        use typst::introspection::{Location, Tag};
        use typst::layout::{Frame, FrameItem, GridCell};
        use typst::model::TableCell;
        use typst::pdf::ArtifactElem;
        /// What the PDF's structure tree makes an artifact: page headers and
        /// footers (typst-layout's `pages/run.rs`), and the table header rows
        /// repeated after a page break (typst-pdf's `tags/tree/build.rs`).
        /// `Some(true)` for a repeated row.
        fn artifact(elem: &Content) -> Option<bool> {
            if elem.is::<ArtifactElem>() {
                Some(false)
            } else if let Some(cell) = elem.to_packed::<TableCell>() {
                cell.is_repeated
                    .get(typst::foundations::StyleChain::default())
                    .then_some(true)
            } else if let Some(cell) = elem.to_packed::<GridCell>() {
                cell.is_repeated
                    .get(typst::foundations::StyleChain::default())
                    .then_some(true)
            } else {
                None
            }
        }
        /// Text in layout order: page headers and footers go to
        /// `marginals`, repeated table headers nowhere.
        fn walk(
            frame: &Frame,
            open: &mut Vec<(Location, bool)>,
            body: &mut String,
            marginals: &mut String,
        ) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(g) => walk(&g.frame, open, body, marginals),
                    FrameItem::Text(t) => match open.first() {
                        None => body.push_str(&t.text),
                        Some((_, false)) => marginals.push_str(&t.text),
                        Some((_, true)) => {}
                    },
                    FrameItem::Tag(Tag::Start(elem, _)) => {
                        if let (Some(repeated), Some(loc)) = (artifact(elem), elem.location()) {
                            open.push((loc, repeated));
                        }
                    }
                    FrameItem::Tag(Tag::End(loc, ..)) if open.last().map(|o| &o.0) == Some(loc) => {
                        open.pop();
                    }
                    _ => {}
                }
            }
        }
        let mut body = String::new();
        let mut furniture = Vec::new();
        for page in docs.iter().flat_map(|d| d.pages()) {
            let mut marginals = String::new();
            walk(&page.frame, &mut Vec::new(), &mut body, &mut marginals);
            let marginals = without_page_numbers(&strip_document_ids(&squash(&marginals)));
            if !furniture.contains(&marginals) {
                furniture.push(marginals);
            }
        }
        furniture.sort();
        Self {
            body: squash(&body),
            furniture,
        }
    }

    fn contains(&self, s: &str) -> bool {
        self.body.contains(s) || self.furniture.iter().any(|f| f.contains(s))
    }

    fn replace(&self, from: &str, to: &str) -> Self {
        let mut furniture: Vec<String> =
            self.furniture.iter().map(|f| f.replace(from, to)).collect();
        furniture.sort();
        furniture.dedup();
        Self {
            body: self.body.replace(from, to),
            furniture,
        }
    }
}

/// Squashed text with «Side 2 av 3» made «Sideav».
fn without_page_numbers(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("Side") {
        out.push_str(&rest[..i + 4]);
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[i + 4..];
        let n = digits(after);
        if n > 0 && after[n..].starts_with("av") {
            let tail = &after[n + 2..];
            out.push_str("av");
            rest = &tail[digits(tail)..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Where two texts part: the first differing stretch of body or furniture.
fn difference(actual: &Text, expected: &Text) -> String {
    let part = |a: &str, b: &str| -> Option<String> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        if at == a.len() && at == b.len() {
            return None;
        }
        let show = |v: &[char]| -> String {
            v[at.saturating_sub(40)..(at + 40).min(v.len())]
                .iter()
                .collect()
        };
        Some(format!(
            "actual:   {:?}\nexpected: {:?}",
            show(&a),
            show(&b)
        ))
    };
    part(&actual.body, &expected.body)
        .or_else(|| part(&actual.furniture.join("|"), &expected.furniture.join("|")))
        .unwrap_or_default()
}

fn marker(i: usize) -> String {
    format!("Qq{i:03}Qq")
}

/// Every (sample, document, field) where the document prints the field as
/// written: each string is tried alone with a marker (a field the loader
/// refuses with a marker, such as a date, is not free text), then all free
/// text fields get their own marker at once and each document is typeset.
/// A field whose marker appears upper- or lower-cased is left out (it is
/// printed transformed somewhere).
fn text_fields() -> &'static [Field] {
    static FIELDS: OnceLock<Vec<Field>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields = Vec::new();
        for (variant, v) in VARIANTS.iter().enumerate() {
            let trees = Trees::variant(v);
            let candidates: Vec<Field> = [false, true]
                .into_iter()
                .flat_map(|in_profile| {
                    let tree = if in_profile {
                        &trees.profile
                    } else {
                        &trees.case
                    };
                    strings(tree).into_iter().map(move |pointer| Field {
                        variant,
                        doc: (DocumentKind::Velkomstbrev, None),
                        in_profile,
                        pointer,
                    })
                })
                .filter(|f| {
                    let mut t = trees.clone();
                    t.set(f, &marker(0));
                    t.load().is_ok()
                })
                .collect();
            let mut marked = trees.clone();
            for (i, f) in candidates.iter().enumerate() {
                marked.set(f, &marker(i));
            }
            let (case, muni) = marked.load().unwrap_or_else(|e| panic!("{}: {e}", v.name));
            let (plain_case, plain_muni) = trees.load().unwrap();
            for doc in documents() {
                let Ok(docs) = typeset(&case, &muni, doc) else {
                    assert!(
                        typeset(&plain_case, &plain_muni, doc).is_err(),
                        "{doc:?} of {} fails only with markers",
                        v.name
                    );
                    continue;
                };
                let text = Text::of(&docs);
                for (i, f) in candidates.iter().enumerate() {
                    let m = marker(i);
                    if text.contains(&m)
                        && !text.contains(&m.to_uppercase())
                        && !text.contains(&m.to_lowercase())
                    {
                        fields.push(Field { doc, ..f.clone() });
                    }
                }
            }
        }
        fields
    })
}

/// The text of `field`'s document with `value` in the field.
fn document_text(field: &Field, value: &str) -> Text {
    try_document_text(field, value).unwrap_or_else(|e| panic!("{} = {value:?}: {e}", field.pointer))
}

/// The text of `field`'s document with `value` in the field, or the
/// loader's error if it refuses the value (a case reference without a
/// letter or digit, say).
fn try_document_text(field: &Field, value: &str) -> saksdok::Result<Text> {
    let mut trees = Trees::variant(&VARIANTS[field.variant]);
    trees.set(field, value);
    let (case, muni) = trees.load()?;
    let docs = typeset(&case, &muni, field.doc)
        .unwrap_or_else(|e| panic!("{:?} {} = {value:?}: {e}", field.doc, field.pointer));
    Ok(Text::of(&docs))
}

const MARKER: &str = "QQMARKERQQ";

fn baseline(i: usize) -> Text {
    static CACHE: Mutex<Option<HashMap<usize, Text>>> = Mutex::new(None);
    let mut guard = CACHE.lock().unwrap();
    let map = guard.get_or_insert_with(HashMap::new);
    map.entry(i)
        .or_insert_with(|| document_text(&text_fields()[i], MARKER))
        .clone()
}

/// Characters a case value may hold and a reader sees as written: those the
/// loader accepts (a bundled font has a glyph; no control or private-use
/// characters), less right-to-left characters and bidi formatting (laid out
/// in visual order, tested with names in their own scripts), invisible
/// characters and whitespace (collapsed by layout), and combining marks.
fn printable() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| {
                let cp = *c as u32;
                !c.is_control()
                    && !c.is_whitespace()
                    && !matches!(cp, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
                    && !matches!(cp, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x00AD | 0xFFF9..=0xFFFB | 0x061C | 0x034F)
                    && !matches!(cp, 0xE0000..=0xE007F | 0xFE00..=0xFE0F | 0xE000..=0xF8FF)
                    && saksdok::assets::has_glyph(*c)
                    && !extends_a_cluster(*c)
            })
            .collect()
    })
}

/// Whether `c` joins the character before it (a combining mark): Typst
/// 0.15 extracts some such clusters twice (typst/typst#8767), so values with
/// combining marks are tested one by one in
/// `combining_marks_in_names_come_out_verbatim`.
fn extends_a_cluster(c: char) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    format!("a{c}").graphemes(true).count() == 1
}

/// A character of a value: often one that means something to Typst,
/// minijinja, YAML or the PDF writer, otherwise any printable one.
fn value_char() -> impl Strategy<Value = char> {
    prop_oneof![
        1 => prop::sample::select(
            "#$*_`\\<>@[]{}/=~+-.,:;'\"%&|!?()^".chars().collect::<Vec<_>>()
        ),
        3 => prop::sample::select(printable()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_in_any_field_of_any_document_is_verbatim_and_local(
        field in 0..text_fields().len(),
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

        let f = &text_fields()[field];
        let text = match try_document_text(f, &value) {
            Ok(text) => text,
            Err(e) => {
                // Refused by a rule of the field: a located error naming it.
                let e = e.to_string();
                let path = f.pointer.split('/').skip(1).fold(String::new(), |p, seg| {
                    match seg.parse::<usize>() {
                        Ok(i) => format!("{p}[{i}]"),
                        Err(_) if p.is_empty() => seg.to_owned(),
                        Err(_) => format!("{p}.{seg}"),
                    }
                });
                prop_assert!(e.contains(".yaml:") && e.contains(&path), "{}", e);
                return Err(TestCaseError::reject("the loader refuses this value"));
            }
        };
        let expected = baseline(field).replace(MARKER, &squash(&value));
        prop_assert!(
            text == expected,
            "{}\n{:?} of {}: {}{} = {:?}",
            difference(&text, &expected),
            f.doc, VARIANTS[f.variant].name, if f.in_profile { "profile" } else { "case" }, f.pointer, value
        );
    }
}

/// Every document kind has text fields that the property test covers; the
/// list is found from the samples, so this catches a kind that drops out.
#[test]
fn every_document_kind_has_text_fields_under_test() {
    let fields = text_fields();
    if std::env::var_os("SAKSDOK_LIST_FIELDS").is_some() {
        for f in fields {
            eprintln!(
                "{:?} {} {}{}",
                f.doc,
                VARIANTS[f.variant].name,
                if f.in_profile { "profile" } else { "case" },
                f.pointer
            );
        }
    }
    for doc in documents() {
        let n = fields.iter().filter(|f| f.doc == doc).count();
        assert!(n >= 3, "{doc:?}: only {n} text fields found");
    }
    // Fields known to be printed as written.
    for (kind, pointer) in [
        (DocumentKind::Velkomstbrev, "/velkomstbrev/motested"),
        (DocumentKind::Tiltaksplan, "/ungdom/etternavn"),
        (DocumentKind::Folgebrev, "/verge/navn"),
    ] {
        assert!(
            fields
                .iter()
                .any(|f| f.doc.0 == kind && f.pointer == pointer),
            "{kind:?} {pointer} not found"
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

    /// YAML-shaped documents that are nearly right: one node of a sample
    /// case or profile (a field, a list, a whole section) replaced by an
    /// arbitrary tree of the right field names and wrong values. The loader
    /// gives an error that names the file, or a case; a case then goes
    /// through template generation for every document kind. Nothing panics.
    #[test]
    fn samples_with_a_node_replaced_never_panic(
        variant in 0..VARIANTS.len(),
        in_profile in any::<bool>(),
        node in any::<prop::sample::Index>(),
        value in yaml_tree(),
    ) {
        let mut trees = Trees::variant(&VARIANTS[variant]);
        let tree = if in_profile { &mut trees.profile } else { &mut trees.case };
        let nodes: Vec<String> = nodes(tree).into_iter().map(|(at, _)| at).collect();
        let at: &String = node.get(&nodes);
        *tree.pointer_mut(at).unwrap() = value;
        match trees.load() {
            Err(e) => {
                let file = if in_profile { "kommune.yaml" } else { "sak.yaml" };
                prop_assert!(e.to_string().contains(file), "{}", e);
            }
            Ok((case, muni)) => {
                for (kind, checklist) in documents() {
                    let req = Request { checklist, ..Request::new(kind) };
                    let _ = engine().generate(&case, &muni, &req);
                }
            }
        }
    }
}

/// Every field name of the samples.
fn field_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
                Value::Object(o) => {
                    for (k, v) in o {
                        out.push(k.clone());
                        walk(v, out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for v in VARIANTS {
            let t = Trees::variant(v);
            walk(&t.case, &mut out);
            walk(&t.profile, &mut out);
        }
        out.sort();
        out.dedup();
        out
    })
}

/// An arbitrary YAML tree: maps with the samples' field names (and a few
/// others), lists, and scalars that are often nearly right (a date that
/// does not exist, a known id, an enum value, an empty text).
fn yaml_tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        ".{0,30}".prop_map(Value::from),
        prop::sample::select(vec![
            "",
            " ",
            "2026-02-30",
            "2026-13-01",
            "2026-06-15",
            "15.06.2026",
            "31.12.1999",
            "~",
            "null",
            "0150",
            "15860998987",
            "202412345610",
            "ordinaer",
            "ettervern",
            "institusjon",
            "fortrolig",
            "strengt_fortrolig",
            "nb",
            "nn",
            "sm",
            "hf",
            "g1",
            "m1",
            "ungdom",
            "verge",
            "samtykke",
            "part",
            "lov",
            "ferdig",
            "oppnadd",
        ])
        .prop_map(Value::from),
    ];
    let key = prop_oneof![
        4 => prop::sample::select(field_names()),
        1 => "[a-z_]{1,12}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Names written with combining marks (as some keyboards and registers
/// produce them) come out as written, in a letter and a plan.
#[test]
fn combining_marks_in_names_come_out_verbatim() {
    let fields: Vec<usize> = text_fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.variant == 0
                && f.pointer == "/ungdom/etternavn"
                && matches!(
                    f.doc.0,
                    DocumentKind::Velkomstbrev | DocumentKind::Tiltaksplan
                )
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(fields.len(), 2);
    for value in [
        "Aa\u{30a}s",           // å decomposed
        "Me\u{301}ne\u{301}",   // é decomposed
        "Nguye\u{302}\u{303}n", // Vietnamese ễ decomposed
        "Tre\u{323}\u{302}n",   // ệ decomposed
        "Andri\u{306}",         // й decomposed (Latin base)
        "\u{418}\u{306}ван",    // Й decomposed
        "S\u{30c}imkus",        // Š decomposed
        "Ade\u{300}",           // è decomposed
    ] {
        for &i in &fields {
            let f = &text_fields()[i];
            let text = document_text(f, value);
            assert!(
                text == baseline(i).replace(MARKER, value),
                "{:?} {value:?}\n{}",
                f.doc,
                difference(&text, &baseline(i).replace(MARKER, value))
            );
        }
    }
}

/// Typst 0.15 extracts some letters with combining marks twice from its
/// layout and from the PDF («M̂» reads «M̂M̂»; typst/typst#8767, open). The
/// printed page is right; copied text and a screen reader repeat the letter.
/// When this fails after a Typst upgrade, the bug is fixed: let the property
/// test generate combining marks again (`extends_a_cluster`).
#[test]
fn typst_8767_is_still_there() {
    let i = text_fields()
        .iter()
        .position(|f| {
            f.variant == 0
                && f.doc.0 == DocumentKind::Velkomstbrev
                && f.pointer == "/velkomstbrev/motested"
        })
        .unwrap();
    let text = document_text(&text_fields()[i], "Xx M\u{302} Yy");
    assert!(text.body.contains("XxM\u{302}M\u{302}Yy"), "{}", text.body);
}
