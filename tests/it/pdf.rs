use crate::common::{case, engine, pdf_text, profile, squash};
use saksdok::{DocumentKind, OutputFormat};

fn render_pdf(case_path: &str, profile_path: &str) -> Vec<u8> {
    let out = engine()
        .render(
            &case(case_path),
            &profile(profile_path),
            DocumentKind::Velkomstbrev,
            None,
            OutputFormat::Pdf,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.files.len(), 1);
    out.files.into_iter().next().unwrap().bytes
}

fn assert_contains(text: &str, needle: &str) {
    assert!(
        squash(text).contains(&squash(needle)),
        "PDF text lacks {needle:?}:\n{text}"
    );
}

fn assert_lacks(text: &str, needle: &str) {
    assert!(
        !squash(text).contains(&squash(needle)),
        "PDF text should not contain {needle:?}"
    );
}

#[test]
fn bokmal_letter_holds_names_dates_and_bokmal_labels() {
    let text = pdf_text(&render_pdf(
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    ));
    for needle in [
        "Velkommen til Asker!",
        "Yonas Tesfamariam",
        "Hei Yonas!",
        "Særkontakten din er Sigrid Mjøs",
        "Henrik Fjell",
        "mandag 7. desember 2026",
        "4. januar 2027",
        "23.11.2026",
        "2025/1432-5",
        "Deres ref.",
        "Saksbehandler",
        "Med hilsen",
        "Unntatt offentlighet",
        "offl. § 13 jf. bvl. § 13-1",
        "1337 SANDVIKA",
        "Kopi til",
        "Ingrid Haugland (verge)",
        "Side 1 av 2",
        "Side 2 av 2",
        "Org.nr. 310 004 561",
    ] {
        assert_contains(&text, needle);
    }
    for nynorsk in ["Dykkar ref.", "Med helsing", "Sakshandsamar", "måndag"] {
        assert_lacks(&text, nynorsk);
    }
    // The national ID number and the DUF number are never printed.
    assert_lacks(&text, "15860998987");
    assert_lacks(&text, "202412345610");
}

#[test]
fn nynorsk_letter_holds_names_dates_and_nynorsk_labels() {
    let text = pdf_text(&render_pdf(
        "samples/saker/alver-amina.yaml",
        "samples/kommuner/alver.yaml",
    ));
    for needle in [
        "Velkomen til Alver!",
        "Amina Rahimi",
        "Særkontakten din er Kari Vikøy",
        "Ola Lie",
        "måndag 11. januar 2027",
        "14.12.2026",
        "Dykkar ref.",
        "Sakshandsamar",
        "Med helsing",
        "elektronisk godkjend og har difor ingen handskrivne signaturar",
        "Unnateke offentlegheit",
        "Per Olav Strand (verje)",
    ] {
        assert_contains(&text, needle);
    }
    for bokmal in ["Deres ref.", "Med hilsen", "Saksbehandler", "mandag"] {
        assert_lacks(&text, bokmal);
    }
    assert_lacks(&text, "41831050010");
}

/// The same case in the other municipality's målform switches every label.
#[test]
fn malform_follows_the_profile_not_the_case() {
    let text = pdf_text(&render_pdf(
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/alver.yaml",
    ));
    assert_contains(&text, "Velkomen til Alver!");
    assert_contains(&text, "Dykkar ref.");
    assert_contains(&text, "måndag 7. desember 2026");
    assert_lacks(&text, "Deres ref.");
}

#[test]
fn two_renders_are_byte_identical() {
    let a = render_pdf(
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    );
    let b = render_pdf(
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    );
    assert!(a == b, "PDF bytes differ between two renders");
    // A fresh engine gives the same bytes too.
    let fresh = saksdok::Engine::new()
        .render(
            &case("samples/saker/asker-yonas.yaml"),
            &profile("samples/kommuner/asker.yaml"),
            DocumentKind::Velkomstbrev,
            None,
            OutputFormat::Pdf,
        )
        .unwrap();
    assert!(fresh.files[0].bytes == a, "a fresh engine gave other bytes");
}

#[test]
fn pdf_declares_pdfa_2a_pdfua_1_title_and_language() {
    for (case_path, profile_path, lang) in [
        (
            "samples/saker/asker-yonas.yaml",
            "samples/kommuner/asker.yaml",
            "nb",
        ),
        (
            "samples/saker/alver-amina.yaml",
            "samples/kommuner/alver.yaml",
            "nn",
        ),
    ] {
        let bytes = render_pdf(case_path, profile_path);
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.starts_with("%PDF-1.7"), "PDF/A-2 is PDF 1.7");
        assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A part");
        assert!(
            raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
            "PDF/A level a"
        );
        assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1");
        assert!(raw.contains("Velkomstbrev"), "document title");
        assert!(
            raw.contains(&format!("/Lang({lang})")),
            "catalog language {lang}"
        );
        assert!(
            raw.contains(&format!("<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li>")),
            "XMP language {lang}"
        );
        assert!(raw.contains("/StructTreeRoot"), "tagged");
        assert!(raw.trim_end().ends_with("%%EOF"));
    }
}

#[test]
fn document_date_comes_from_the_flag_when_given() {
    let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    let out = engine()
        .render(
            &case("samples/saker/asker-yonas.yaml"),
            &profile("samples/kommuner/asker.yaml"),
            DocumentKind::Velkomstbrev,
            Some(date),
            OutputFormat::Pdf,
        )
        .unwrap();
    let text = pdf_text(&out.files[0].bytes);
    assert_contains(&text, "05.01.2027");
    assert_lacks(&text, "23.11.2026");
}

#[test]
fn png_preview_has_one_image_per_page() {
    let out = engine()
        .render(
            &case("samples/saker/alver-amina.yaml"),
            &profile("samples/kommuner/alver.yaml"),
            DocumentKind::Velkomstbrev,
            None,
            OutputFormat::Png,
        )
        .unwrap();
    assert_eq!(out.files.len(), out.pages);
    assert!(out.pages >= 1);
    for (i, f) in out.files.iter().enumerate() {
        assert_eq!(f.name, format!("2026-0211-velkomstbrev-{}.png", i + 1));
        assert_eq!(&f.bytes[..8], b"\x89PNG\r\n\x1a\n");
    }
}
