//! bad-inputs.md section D: text that tries to become Typst markup or code,
//! or Jinja syntax, comes out in the PDF's text exactly as written and
//! changes nothing else.

use crate::common::{FIELDS, engine, pdf_text, sample_with, squash, strip_footers};
use saksdok::{DocumentKind, OutputFormat};

const MARKER: &str = "QQMARKERQQ";

pub const HOSTILE: &[&str] = &[
    // D01: Typst markup.
    "*bold*",
    "_emph_",
    "`raw`",
    "= Heading",
    "- item",
    "+ item",
    "/ term: x",
    "<label>",
    "@ref",
    "$x^2$",
    "a ~ b",
    "back\\slash",
    "15. juni",
    // D02: Typst code.
    "#read(\"/etc/passwd\")",
    "#set page(width: 1pt)",
    "#show: none",
    "#import \"@preview/x:0.1.0\"",
    "#let x = 1",
    "#{ while true {} }",
    // D03: comment starters.
    "// rest",
    "/* rest",
    // D04: closing delimiters.
    "]",
    "}",
    ")",
    "\"",
    "\";",
    "\"#",
    "#",
    // D05: Jinja syntax in data.
    "{{ 7*7 }}",
    "{% raw %}",
    "{# x #}",
];

fn pdf_text_with(field: &crate::common::Field, value: &str) -> (String, usize) {
    let (c, m) = sample_with(field, value);
    let out = engine()
        .render(&c, &m, DocumentKind::Velkomstbrev, None, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{} = {value:?}: {e}", field.name));
    (pdf_text(&out.files[0].bytes), out.pages)
}

#[test]
fn hostile_text_comes_out_verbatim_and_changes_nothing_else() {
    // Two fields are enough to keep this quick: one in the body, one in a
    // Typst argument (the reference line); the property test covers all.
    let fields: Vec<_> = FIELDS
        .iter()
        .filter(|f| matches!(f.name, "velkomstbrev.motested" | "velkomstbrev.var_ref"))
        .collect();
    for field in fields {
        let (baseline, base_pages) = pdf_text_with(field, MARKER);
        assert!(squash(&baseline).contains(MARKER));
        for value in HOSTILE {
            let (text, pages) = pdf_text_with(field, value);
            assert_eq!(
                pages, base_pages,
                "{} = {value:?} changed the page count",
                field.name
            );
            assert_eq!(
                strip_footers(&squash(&text)),
                strip_footers(&squash(&baseline).replace(MARKER, &squash(value))),
                "{} = {value:?} did not come out verbatim",
                field.name
            );
        }
    }
}

/// Names in the youths' own scripts are shaped with the bundled fonts and
/// export under PDF/A (which refuses glyphs missing from every font).
#[test]
fn names_in_other_scripts_render() {
    let field = FIELDS
        .iter()
        .find(|f| f.name == "velkomstbrev.motested")
        .unwrap();
    for value in [
        "ዮናስ ተስፋማርያም",
        "آمنه رحیمی",
        "ملالۍ ځدراڼ",
        "Олена Коваленко",
        "Xasan Cabdi Maxamed",
    ] {
        let (c, m) = sample_with(field, value);
        let out = engine()
            .render(&c, &m, DocumentKind::Velkomstbrev, None, OutputFormat::Pdf)
            .unwrap_or_else(|e| panic!("{value}: {e}"));
        assert!(!out.files[0].bytes.is_empty());
    }
}

/// The right edge of the rightmost text on each page, and the page width.
fn text_extents(doc: &typst_layout::PagedDocument) -> Vec<(f64, f64)> {
    use typst::layout::{Frame, FrameItem, Point};
    fn walk(frame: &Frame, offset: Point, right: &mut f64) {
        for (pos, item) in frame.items() {
            let at = offset + *pos;
            match item {
                FrameItem::Group(g) => walk(&g.frame, at, right),
                FrameItem::Text(t) => *right = right.max((at.x + t.width()).to_pt()),
                _ => {}
            }
        }
    }
    doc.pages()
        .iter()
        .map(|p| {
            let mut right = 0.0;
            walk(&p.frame, Point::zero(), &mut right);
            (right, p.frame.width().to_pt())
        })
        .collect()
}

#[test]
fn d07_a_very_long_word_wraps_inside_the_page() {
    let word = format!("https://eksempel.example/{}", "a".repeat(500));
    let mut overflowing = Vec::new();
    let mut check = |what: &str, doc: &typst_layout::PagedDocument| {
        let text: String = saksdok::typeset::page_texts(doc).concat();
        assert!(squash(&text).contains(&word), "{what} lost the word");
        for (right, width) in text_extents(doc) {
            if right > width {
                overflowing.push(format!(
                    "{what}: text to {right:.0} pt on a {width:.0} pt page"
                ));
            }
        }
    };
    // Every text field of the letter: in its body, header and footer.
    for field in FIELDS {
        let name = field.name;
        let (c, m) = sample_with(field, &word);
        let kind = DocumentKind::Velkomstbrev;
        let (date, src) = crate::common::source(&c, &m, kind);
        check(name, &engine().typeset(&src, date).unwrap().document);
    }
    // A plan: free text and a table cell (a measure's description).
    let yaml = crate::common::read("samples/saker/asker-yonas.yaml")
        .replace(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: \"{word}\""),
        )
        .replace("Samtale om ettervern med tolk", &word);
    let c = saksdok::case::parse_case(yaml.as_bytes(), "sak.yaml").unwrap();
    let m = crate::common::profile("samples/kommuner/asker.yaml");
    let kind = DocumentKind::Tiltaksplan;
    let (date, src) = crate::common::source(&c, &m, kind);
    let doc = engine().typeset(&src, date).unwrap().document;
    let text = squash(&saksdok::typeset::page_texts(&doc).concat());
    // The table cell may continue on the next page, after the repeated
    // header row, so count the parts.
    assert!(text.contains(&word), "the plan lost the free text");
    assert_eq!(text.matches("https://eksempel.example/").count(), 2);
    assert!(
        text.matches('a').count() >= 1000,
        "the plan lost part of a long word"
    );
    check("tiltaksplan", &doc);
    assert!(overflowing.is_empty(), "{overflowing:#?}");
}
