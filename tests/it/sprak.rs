//! The welcome letter in the youth's own language (issue 18): the
//! translated part after the Norwegian, from the catalogues in
//! `templates/sprak/`, with the case values inside the translated text, the
//! language on the structure (`/Lang`), right-to-left Arabic, the draft
//! marking on every page until the check is recorded, and the errors.

use saksdok::{DocumentKind, Engine, OutputFormat, Request};

use crate::common::{
    case, engine, profile, read, refused, render_in_tmp, saksdok, squash, templates_with,
};

const YONAS: &str = "samples/saker/asker-yonas.yaml";
const ASKER: &str = "samples/kommuner/asker.yaml";

/// The welcome letter with a translation into `code`, page by page.
fn pages_with(engine: &Engine, code: &str) -> Vec<String> {
    let req = Request {
        language: Some(code),
        ..Request::new(DocumentKind::Velkomstbrev)
    };
    let out = engine
        .render_request(&case(YONAS), &profile(ASKER), &req, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    pdf_extract::extract_text_from_mem_by_pages(&out.files[0].bytes).unwrap()
}

fn pages(code: &str) -> Vec<String> {
    pages_with(engine(), code)
}

fn has(text: &str, needle: &str) -> bool {
    squash(text).contains(&squash(needle))
}

/// Without the isolates Fluent puts around a variable (FSI, PDI).
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

#[test]
fn the_translation_follows_the_norwegian_with_the_case_values_inside() {
    let p = pages("en");
    assert_eq!(p.len(), 3, "two Norwegian pages and one translated");
    let translated = plain(&p[2]);
    for want in [
        "Brevet på engelsk. Den norske teksten foran er den som gjelder.",
        "Welcome to Asker!",
        "Hi Yonas!",
        "Your særkontakt is Sigrid Mjøs",
        "Your caseworker at the child welfare service is Henrik Fjell.",
        "You will live at Bofellesskapet Fiktivtunet, Fiktivveien 3, 1384 Asker.",
        // The date in English conventions.
        "You move here on Monday 7 December 2026.",
        "Your guardian is Ingrid Haugland.",
        // The interpreter notice (tolkeloven §§ 4 and 6).
        "the public services must use a qualified interpreter (the Interpreting Act, sections 4 and 6)",
        "Children must never be used as interpreters.",
        "The Norwegian text is the one that applies.",
    ] {
        assert!(has(&translated, want), "{want:?} missing:\n{translated}");
    }
    // The Norwegian letter is unchanged before it, and says nothing in English.
    assert!(has(&p[0], "Velkommen til Asker!"), "{}", p[0]);
    assert!(!has(&p[0], "Welcome"));
    let uk = plain(&pages("uk")[2]);
    for want in [
        "Привіт, Yonas!",
        "Твоя контактна особа — Sigrid Mjøs",
        "День твого переїзду — понеділок, 7 грудня 2026 року.",
        "Дітей ніколи не можна залучати як перекладачів.",
    ] {
        assert!(has(&uk, want), "{want:?} missing:\n{uk}");
    }
}

#[test]
fn arabic_is_right_to_left_in_logical_order_with_latin_names_inside() {
    let req = Request {
        language: Some("ar"),
        ..Request::new(DocumentKind::Velkomstbrev)
    };
    let out = engine()
        .render_request(&case(YONAS), &profile(ASKER), &req, OutputFormat::Pdf)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brev.pdf");
    std::fs::write(&pdf, &out.files[0].bytes).unwrap();
    // Poppler's reader, as a screen reader or a copy gets the text.
    let text = std::process::Command::new("pdftotext")
        .args(["-f", "3", "-l", "3"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let ar = plain(&String::from_utf8_lossy(&text.stdout))
        .replace(['\u{202a}', '\u{202b}', '\u{202c}'], "");
    // Logical order: the sentence reads from its first word, and the Latin
    // name inside it comes out whole.
    for want in [
        "نحن في خدمة رعاية الطفل في بلدية",
        "من نحن؟",
        "Sigrid Mjøs",
        "Henrik Fjell",
        "Bofellesskapet Fiktivtunet",
        "الشخص البالغ الذي يتابعك في حياتك اليومية",
    ] {
        assert!(has(&ar, want), "{want:?} missing:\n{ar}");
    }
    // The structure says which part is Arabic, for screen readers.
    let qdf = dir.path().join("qdf.pdf");
    let status = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert!(
        raw.matches("/Lang (ar)").count() >= 10,
        "too few /Lang (ar)"
    );
}

#[test]
fn an_unchecked_translation_is_marked_on_every_translated_page_until_the_check_is_recorded() {
    let p = pages("en");
    let mark = "Utkast – oversettelsen er ikke kontrollert";
    assert!(
        !has(&p[0], mark) && !has(&p[1], mark),
        "the Norwegian pages are not marked"
    );
    assert!(has(&p[2], mark), "{}", p[2]);
    assert!(has(&p[2], "Draft – this translation has not been checked."));
    // A long translation: every one of its pages is marked.
    let long = templates_with(
        |t| {
            t.replace(
                "slutt = We look forward to meeting you!",
                &format!("slutt = {}", "We look forward to meeting you! ".repeat(200)),
            )
        },
        "sprak/en.ftl",
    );
    let e = Engine::with_template_dir(long.path()).unwrap();
    let p = pages_with(&e, "en");
    assert!(p.len() >= 4, "{}", p.len());
    for page in &p[2..] {
        assert!(has(page, mark), "an unmarked translated page:\n{page}");
    }
    // The check recorded: no marking.
    let checked = templates_with(
        |t| {
            t.replace(
                "  - kode: en\n    navn: { nb: engelsk, nn: engelsk, eget: English }\n    retning: ltr\n    oversatt: { av: saksdok-utviklerne (første utkast), dato: 2026-12-02 }\n",
                "  - kode: en\n    navn: { nb: engelsk, nn: engelsk, eget: English }\n    retning: ltr\n    oversatt: { av: saksdok-utviklerne (første utkast), dato: 2026-12-02 }\n    kontrollert: { av: Fiktiv Leser, dato: 2026-12-03 }\n",
            )
        },
        "sprak/sprak.yaml",
    );
    let e = Engine::with_template_dir(checked.path()).unwrap();
    let p = pages_with(&e, "en");
    assert!(!has(&p[2], mark) && !has(&p[2], "Draft"), "{}", p[2]);
}

#[test]
fn a_catalogue_without_a_message_is_an_error_naming_the_language_and_the_id() {
    let dir = templates_with(
        |t| {
            t.replace("tolk-barn = Children must never be used as interpreters. You do not have to interpret for others either.\n", "")
        },
        "sprak/en.ftl",
    );
    let out = saksdok(&[
        "render",
        YONAS,
        "-d",
        "velkomstbrev",
        "--sprak",
        "en",
        "--templates",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sprak/en.ftl")
            && err.contains("the en catalogue lacks the message `tolk-barn`"),
        "{err}"
    );
    // An id the Norwegian source does not have, with its line.
    let dir = templates_with(|t| format!("{t}ekstra = Extra\n"), "sprak/en.ftl");
    let err = saksdok::Engine::with_template_dir(dir.path())
        .unwrap()
        .catalogue("en")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sprak/en.ftl:") && err.contains("`ekstra` is not in the Norwegian source"),
        "{err}"
    );
    // A character no bundled font has.
    let dir = templates_with(
        |t| t.replace("Hi { $fornavn }!", "Hi { $fornavn } 😀"),
        "sprak/en.ftl",
    );
    let err = saksdok::Engine::with_template_dir(dir.path())
        .unwrap()
        .catalogue("en")
        .unwrap_err()
        .to_string();
    assert!(err.contains("no bundled font can show U+1F600"), "{err}");
    // A language with no catalogue, and a kind without a translation.
    let err = refused(
        &read(YONAS),
        &read(ASKER),
        "velkomstbrev",
        &["--sprak", "xx"],
    );
    assert!(
        err.contains("no translation into `xx`") && err.contains("en, uk, ar"),
        "{err}"
    );
    let run = render_in_tmp(
        &read(YONAS),
        &read(ASKER),
        "tiltaksplan",
        &["--sprak", "en"],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("not yet to a tiltaksplan"),
        "{}",
        run.stderr
    );
}

#[test]
fn batch_refuses_unchecked_translations_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    let o = saksdok(&[
        "batch",
        "samples/saker",
        "-d",
        "velkomstbrev",
        "--sprak",
        "ar",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("has not been checked") && err.contains("--tillat-ukontrollert"),
        "{err}"
    );
    assert!(
        crate::common::files_in(&out).is_empty(),
        "nothing is written"
    );
    let o = saksdok(&[
        "batch",
        "samples/saker",
        "-d",
        "velkomstbrev",
        "--sprak",
        "ar",
        "--tillat-ukontrollert",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The translated page of the welcome letter in `code`, as poppler reads it
/// (in logical order, also right to left), without bidi marks.
fn translated_page(code: &str) -> String {
    translated_page_of(code, |_| {})
}

#[test]
fn every_language_renders_its_messages_with_the_case_values_verbatim() {
    for (code, heading, interpreter) in [
        ("en", "Who are we?", "Interpreter"),
        ("uk", "Хто ми?", "Перекладач"),
        ("ar", "من نحن؟", "حقوقك"),
        ("ti", "መን ኢና?", "ተርጓሚ"),
        ("prs", "ما کی هستیم؟", "ترجمان"),
        ("so", "Yaa nahay?", "Turjubaan"),
        ("ps", "موږ څوک یو؟", "ژباړونکی"),
    ] {
        let text = translated_page(code);
        for want in [
            heading,
            interpreter,
            "Yonas",
            "Sigrid Mjøs",
            "Henrik Fjell",
            "Ingrid Haugland",
        ] {
            assert!(has(&text, want), "{code}: {want:?} missing:\n{text}");
        }
    }
}

#[test]
fn egen_takes_each_youths_own_language_from_the_case() {
    let pages_of = |path: &str, profile_path: &str| {
        let req = Request {
            language: Some("egen"),
            ..Request::new(DocumentKind::Velkomstbrev)
        };
        let out = engine()
            .render_request(&case(path), &profile(profile_path), &req, OutputFormat::Pdf)
            .unwrap_or_else(|e| panic!("{e}"));
        pdf_extract::extract_text_from_mem_by_pages(&out.files[0].bytes).unwrap()
    };
    // Yonas speaks Tigrinya first (then English): the letter follows in Tigrinya.
    let p = pages_of(YONAS, ASKER);
    assert!(
        has(p.last().unwrap(), "Brevet på tigrinja."),
        "{}",
        p.last().unwrap()
    );
    // Amina's case says `fa` (dari): the Dari catalogue answers to it.
    let p = pages_of(
        "samples/saker/alver-amina.yaml",
        "samples/kommuner/alver.yaml",
    );
    assert!(
        has(p.last().unwrap(), "Brevet på dari."),
        "{}",
        p.last().unwrap()
    );
    // A language without a catalogue: the Norwegian letter alone.
    let amharic = crate::common::case_with(YONAS, |t| {
        t["ungdom"]["sprak"] = serde_json::json!([{ "kode": "am", "navn": "amharisk" }]);
    });
    let req = Request {
        language: Some("egen"),
        ..Request::new(DocumentKind::Velkomstbrev)
    };
    let out = engine()
        .render_request(&amharic, &profile(ASKER), &req, OutputFormat::Pdf)
        .unwrap();
    let p = pdf_extract::extract_text_from_mem_by_pages(&out.files[0].bytes).unwrap();
    assert_eq!(p.len(), 2, "no translated part");

    // In a batch, each case's unchecked language is refused without the flag.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "batch",
            "samples/saker",
            "-d",
            "velkomstbrev,tiltaksplan",
            "--sprak",
            "egen",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ];
        args.extend_from_slice(extra);
        saksdok(&args)
    };
    let o = run(&[]);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("(ti) has a translation that has not been checked")
            && err.contains("asker-yonas.yaml"),
        "{err}"
    );
    let o = run(&["--tillat-ukontrollert"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The plan is made as before: the language goes to the welcome letter only.
    assert!(out.join("2025-1432/2025-1432-tiltaksplan.pdf").exists());
}

/// The translated page of Yonas's letter with `edit` applied to the case.
fn translated_page_of(code: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let c = crate::common::case_with(YONAS, edit);
    let req = Request {
        language: Some(code),
        ..Request::new(DocumentKind::Velkomstbrev)
    };
    let out = engine()
        .render_request(&c, &profile(ASKER), &req, OutputFormat::Pdf)
        .unwrap_or_else(|e| panic!("{code}: {e}"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("brev.pdf");
    std::fs::write(&pdf, &out.files[0].bytes).unwrap();
    let n = pdf_extract::extract_text_from_mem_by_pages(&out.files[0].bytes)
        .unwrap()
        .len()
        .to_string();
    let text = std::process::Command::new("pdftotext")
        .args(["-f", &n, "-l", &n])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    plain(&String::from_utf8_lossy(&text.stdout)).replace(['\u{202a}', '\u{202b}', '\u{202c}'], "")
}

#[test]
fn hostile_and_mixed_script_values_come_out_verbatim_inside_the_translation() {
    // Typst markup, a right-to-left name with its own isolates, mixed
    // scripts: data is never code, and values keep their order.
    let edit = |t: &mut serde_json::Value| {
        t["ungdom"]["fornavn"] = "#set text(red) *Yo* $x$".into();
        t["ansatte"][0]["navn"] = "عمر الفاروق".into();
        t["ansatte"][1]["navn"] = "Ōlaf ‹Øvre› [Fjell]".into();
        t["bosetting"]["bofellesskap"]["navn"] = "Tun \u{2067}ሰላም\u{2069} <b>".into();
    };
    let en = translated_page_of("en", edit);
    for want in [
        "Hi #set text(red) *Yo* $x$!",
        "Your særkontakt is عمر الفاروق",
        "Ōlaf ‹Øvre› [Fjell]",
        "ሰላም",
    ] {
        assert!(has(&en, want), "{want:?} missing:\n{en}");
    }
    let ar = translated_page_of("ar", edit);
    // On the page the Latin name stands whole inside the Arabic sentence
    // (Fluent isolates it); poppler's own reordering of extracted text moves
    // a bracket that ends a right-to-left line, so the name is matched
    // without its last bracket there.
    for want in [
        "عمر الفاروق",
        "Ōlaf ‹Øvre› [Fjell",
        "#set text(red) *Yo* $x$",
        "ሰላም",
    ] {
        assert!(has(&ar, want), "ar: {want:?} missing:\n{ar}");
    }
}

#[test]
fn min_plan_has_a_summary_in_the_youths_language_with_the_goals_as_written() {
    let req = Request {
        language: Some("egen"),
        ..Request::new(DocumentKind::Tiltaksplan)
    };
    let out = engine()
        .render_request(
            &case("samples/saker/alver-dawit.yaml"),
            &profile("samples/kommuner/alver.yaml"),
            &req,
            OutputFormat::Pdf,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let p = pdf_extract::extract_text_from_mem_by_pages(&out.files[0].bytes).unwrap();
    let last = plain(p.last().unwrap());
    for want in [
        "Samandrag av planen på tigrinja. Den norske planen framfor er den som gjeld.",
        "መደብኩም ብቋንቋኹም",
        "ሰላም Dawit!",
        // The goals and measures as written in the plan, in Norwegian.
        "Dawit fullfører vg2 elektro.",
        "Oppfølging i bustaden (Eirik Instefjord)",
        "Eirik Instefjord",
        "Ola Lie",
        "ተርጓሚ",
    ] {
        assert!(has(&last, want), "{want:?} missing:\n{last}");
    }
    // The draft marking on the summary's pages only.
    let mark = "Utkast – omsetjinga er ikkje kontrollert";
    assert!(has(&last, mark), "{last}");
    for page in &p[..p.len() - 1] {
        assert!(!has(page, mark), "a Norwegian page is marked:\n{page}");
    }
    // An ordinary plan (not «min plan») has no summary.
    let run = render_in_tmp(
        &read(YONAS),
        &read(ASKER),
        "tiltaksplan",
        &["--sprak", "ti"],
    );
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("«min plan»"), "{}", run.stderr);
}
