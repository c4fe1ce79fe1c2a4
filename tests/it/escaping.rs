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
