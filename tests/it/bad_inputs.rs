//! Rows of `shared/bad-inputs.md` that the foundation covers: each gives a
//! located error (snapshot of the rendered diagnostic), exit code 1, and no
//! output file.

use std::path::Path;

use crate::common::{
    Run, copy_dir, files_in, read, render_in_tmp, root, saksdok, templates_with, tree,
};

const SAMPLE: &str = "samples/saker/asker-yonas.yaml";
const PROFILE: &str = "samples/kommuner/asker.yaml";

/// Renders the velkomstbrev of `case` with `profile` (privacy-checked).
fn run(case: &str, profile: &str, extra: &[&str]) -> Run {
    render_in_tmp(case, profile, "velkomstbrev", extra)
}

/// G01: the privacy check that every failing run goes through
/// (`common::assert_private`) knows the samples' people and free text.
#[test]
fn g01_the_privacy_check_knows_the_samples_personal_data() {
    let data = crate::common::personal_data();
    for known in [
        "15860998987",
        "202412345610",
        "Tesfamariam",
        "Ingrid Haugland",
        "Sigrid Mjøs",
        "Fiktivveien 40",
        "900 00 040",
        "Spille fotball og",
        "Jeg vil bli",
        "Yonas bor i",
    ] {
        assert!(data.iter().any(|d| d == known), "{known} is not checked");
    }
    for sample in [
        "samples/saker/alver-amina.yaml",
        "samples/saker/alver-dawit.yaml",
    ] {
        let tree: serde_json::Value = serde_saphyr::from_str(&read(sample)).unwrap();
        let name = tree["ungdom"]["etternavn"].as_str().unwrap();
        assert!(data.iter().any(|d| d == name), "{sample}: {name}");
    }
}

/// The sample with `from` replaced by `to` (which must occur).
fn sample_replacing(from: &str, to: &str) -> String {
    let text = read(SAMPLE);
    assert!(text.contains(from), "sample has no {from:?}");
    text.replacen(from, to, 1)
}

/// Asserts a located failure: exit 1, no file, the file named, a line
/// number, and no panic; returns stderr for the snapshot.
fn assert_located_failure(run: &Run, file: &str) -> String {
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(run.files.is_empty(), "files were written: {:?}", run.files);
    assert!(
        run.stderr.contains(file),
        "stderr names no file: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr.clone()
}

fn check(name: &str, case: &str) {
    let r = run(case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    insta::assert_snapshot!(name, stderr);
}

#[test]
fn a02_malformed_yaml() {
    check(
        "a02_unclosed_quote",
        &sample_replacing("motested: Asker stasjon", "motested: \"Asker stasjon"),
    );
    check(
        "a02_bad_indentation",
        &sample_replacing("  fornavn: Yonas\n", "  fornavn: Yonas\n   etternavn: X\n"),
    );
    check(
        "a02_tab_indentation",
        &sample_replacing("  fornavn: Yonas", "\tfornavn: Yonas"),
    );
}

#[test]
fn a03_byte_order_mark_is_ignored() {
    let r = run(&format!("\u{feff}{}", read(SAMPLE)), &read(PROFILE), &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.files, ["2025-1432-velkomstbrev.pdf"]);
}

#[test]
fn b01_unknown_key_suggests_the_nearest() {
    let case = sample_replacing("fodselsdato:", "fodseldato:");
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    assert!(stderr.contains("did you mean `fodselsdato`?"), "{stderr}");
    assert!(stderr.contains("ungdom.fodseldato"), "{stderr}");
    insta::assert_snapshot!("b01_unknown_key", stderr);
}

#[test]
fn b02_missing_required_field() {
    // A field every case needs.
    check(
        "b02_missing_duf",
        &sample_replacing("  duf: \"202412345610\"\n", ""),
    );
    // A section the chosen document needs.
    let text = read(SAMPLE);
    let start = text.find("bosetting:").unwrap();
    let end = text.find("velkomstbrev:").unwrap();
    let case = format!("{}{}", &text[..start], &text[end..]);
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml");
    assert!(
        stderr.contains("`bosetting`") && stderr.contains("velkomstbrev"),
        "{stderr}"
    );
    insta::assert_snapshot!("b02_missing_section_for_document", stderr);
}

#[test]
fn b03_wrong_types() {
    check(
        "b03_list_for_text",
        &sample_replacing("motested: Asker stasjon", "motested: [Asker, stasjon]"),
    );
    check(
        "b03_map_for_date",
        &sample_replacing("fodselsdato: 2009-06-15", "fodselsdato: { dag: 15 }"),
    );
}

#[test]
fn b04_null_tilde_and_empty_are_missing() {
    for (name, value) in [
        ("b04_null", "null"),
        ("b04_tilde", "~"),
        ("b04_empty", ""),
        ("b04_empty_quotes", "\"\""),
    ] {
        let case = sample_replacing("  fornavn: Yonas", &format!("  fornavn: {value}"));
        let r = run(&case, &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
        assert!(!stderr.contains("\"null\""), "{stderr}");
        insta::assert_snapshot!(name, stderr);
    }
}

#[test]
fn c01_impossible_dates() {
    check(
        "c01_feb_30_iso",
        &sample_replacing("dato: 2026-12-07", "dato: 2026-02-30"),
    );
    check(
        "c01_feb_30_norwegian",
        &sample_replacing("dato: 2026-12-07", "dato: 30.02.2026"),
    );
    check(
        "c01_month_13",
        &sample_replacing("dato: 2026-12-07", "dato: 2026-13-01"),
    );
}

#[test]
fn c04_wrong_control_digits_are_not_echoed() {
    let case = sample_replacing(
        "fodselsnummer: \"15860998987\"",
        "fodselsnummer: \"15860998988\"",
    );
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    assert!(
        !stderr.contains("15860998988"),
        "the number was echoed: {stderr}"
    );
    insta::assert_snapshot!("c04_fnr_control_digits", stderr);
}

#[test]
fn c09_unknown_malform_lists_allowed_values() {
    let profile = read(PROFILE).replace("målform: nb", "målform: se");
    let r = run(&read(SAMPLE), &profile, &[]);
    let stderr = assert_located_failure(&r, "[TMP]/kommune.yaml:");
    assert!(stderr.contains("nb") && stderr.contains("nn"), "{stderr}");
    insta::assert_snapshot!("c09_malform", stderr);
}

/// A copy of the built-in templates with `edit` applied to one file, plus
/// extra files; returns the folder.
fn run_with_templates(dir: &Path) -> Run {
    run(
        &read(SAMPLE),
        &read(PROFILE),
        &["--templates", dir.to_str().unwrap()],
    )
}

fn normalise(stderr: &str, dir: &Path) -> String {
    stderr.replace(dir.to_str().unwrap(), "[TEMPLATES]")
}

#[test]
fn e01_template_uses_missing_variable() {
    let dir = templates_with(
        |t| t.replace("Hei {{ ungdom.fornavn }}!", "Hei {{ ungdom.kallenavn }}!"),
        "velkomstbrev.typ",
    );
    let r = run_with_templates(dir.path());
    let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ:"), dir.path());
    assert!(stderr.contains("`ungdom.kallenavn`"), "{stderr}");
    insta::assert_snapshot!("e01_missing_variable", stderr);
}

#[test]
fn e03_paths_out_of_the_template_root_are_refused() {
    // A Typst import with `../`.
    let dir = templates_with(
        |t| t.replacen("#import \"lib/brev.typ\"", "#import \"../brev.typ\"", 1),
        "velkomstbrev.typ",
    );
    let r = run_with_templates(dir.path());
    let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ"), dir.path());
    insta::assert_snapshot!("e03_typst_parent_path", stderr);

    // A minijinja include with `../` and with an absolute path.
    for (name, include) in [
        ("e03_jinja_parent_path", "../../etc/passwd"),
        ("e03_jinja_absolute_path", "/etc/passwd"),
    ] {
        let dir = templates_with(
            |t| {
                t.replacen(
                    "#import \"lib/brev.typ\": brev, tabell",
                    &format!(
                        "#import \"lib/brev.typ\": brev, tabell\n{{% include \"{include}\" %}}"
                    ),
                    1,
                )
            },
            "velkomstbrev.typ",
        );
        let r = run_with_templates(dir.path());
        let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ"), dir.path());
        assert!(!stderr.contains("root:"), "file content leaked: {stderr}");
        insta::assert_snapshot!(name, stderr);
    }

    // A symbolic link that leads out of the template root.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("templates"), dir.path());
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("lib/passwd.typ")).unwrap();
    let r = run_with_templates(dir.path());
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.files.is_empty());
    let stderr = normalise(&r.stderr, dir.path());
    assert!(stderr.contains("outside the template root"), "{stderr}");
    insta::assert_snapshot!("e03_symlink", stderr);
}

#[test]
fn e04_typst_cannot_read_outside_the_root_or_use_packages() {
    for (name, code) in [
        ("e04_read_absolute", "#read(\"/etc/passwd\")"),
        ("e04_read_parent", "#read(\"../../../etc/passwd\")"),
        ("e04_image_outside", "#image(\"/etc/hostname.png\")"),
        ("e04_import_outside", "#import \"/../x.typ\": *"),
        ("e04_preview_package", "#import \"@preview/cetz:0.3.0\": *"),
    ] {
        let dir = templates_with(
            |t| t.replacen("= {{ nbnn(", &format!("{code}\n\n= {{{{ nbnn("), 1),
            "velkomstbrev.typ",
        );
        let r = run_with_templates(dir.path());
        let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ"), dir.path());
        assert!(
            !stderr.contains("root:x:0"),
            "file content leaked: {stderr}"
        );
        insta::assert_snapshot!(name, stderr);
    }
}

#[test]
fn f01_bad_output_folder_fails_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let missing = dir.path().join("missing");
    for (name, out) in [
        ("f01_missing", missing.to_str().unwrap()),
        ("f01_file_not_folder", file.to_str().unwrap()),
        // Not writable, even for root.
        ("f01_not_writable", "/proc"),
    ] {
        let o = saksdok(&[
            "render",
            SAMPLE,
            "--doc",
            "velkomstbrev",
            "--kommune",
            PROFILE,
            "-o",
            out,
        ]);
        assert_eq!(o.status.code(), Some(1));
        let stderr =
            String::from_utf8_lossy(&o.stderr).replace(dir.path().to_str().unwrap(), "[TMP]");
        assert!(!missing.exists());
        insta::assert_snapshot!(name, stderr);
    }
    assert_eq!(files_in(dir.path()), ["a-file"]);
}

#[test]
fn e02_typst_error_in_template_maps_to_template_line() {
    let dir = templates_with(
        |t| t.replacen("= {{ nbnn(", "#finnes-ikke(1)\n\n= {{ nbnn(", 1),
        "velkomstbrev.typ",
    );
    let line = std::fs::read_to_string(dir.path().join("velkomstbrev.typ"))
        .unwrap()
        .lines()
        .position(|l| l == "#finnes-ikke(1)")
        .unwrap()
        + 1;
    let r = run_with_templates(dir.path());
    let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ:"), dir.path());
    assert!(
        stderr.contains(&format!("velkomstbrev.typ:{line}:")),
        "{stderr}"
    );
    insta::assert_snapshot!("e02_unknown_function", stderr);

    // An error inside the pure-Typst module points into that module.
    let dir = templates_with(
        |t| {
            t.replacen(
                "let t = etiketter.at(malform)",
                "let t = etiketter.at(malform) + 1",
                1,
            )
        },
        "lib/brev.typ",
    );
    let r = run_with_templates(dir.path());
    let stderr = normalise(&assert_located_failure(&r, "lib/brev.typ:"), dir.path());
    insta::assert_snapshot!("e02_error_in_module", stderr);
}

#[test]
fn b05_b06_numbers_are_read_as_text() {
    let case = sample_replacing("saksnummer: \"2025/1432\"", "saksnummer: 2025143").replacen(
        "    postnr: \"1337\"",
        "    postnr: 0137",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sak.yaml");
    std::fs::write(&path, case).unwrap();
    let c = saksdok::case::load_case(&path).unwrap();
    assert_eq!(c.reference, "2025143");
    assert_eq!(c.youth.address.postcode, "0137");
    let r = run(
        &std::fs::read_to_string(&path).unwrap(),
        &read(PROFILE),
        &[],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.files, ["2025143-velkomstbrev.pdf"]);
}

#[test]
fn d06_d08_characters_that_cannot_be_printed_are_located_errors() {
    for (name, value) in [
        ("d06_control_character", "\"Asker\\u0007stasjon\""),
        ("d06_line_separator", "\"Asker\\u2028stasjon\""),
        ("d08_emoji_without_glyph", "\"Asker stasjon \\U0001F600\""),
        ("d08_private_use", "\"Asker \\uE000\""),
        // An override that is not closed would turn the rest of the
        // paragraph around.
        (
            "d06_unclosed_direction_override",
            "\"Asker\\u202E stasjon\"",
        ),
    ] {
        let case = sample_replacing("motested: Asker stasjon", &format!("motested: {value}"));
        let r = run(&case, &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
        assert!(stderr.contains("velkomstbrev.motested"), "{stderr}");
        insta::assert_snapshot!(name, stderr);
    }
    // Joiners and direction marks need no glyph and are accepted.
    let case = sample_replacing(
        "motested: Asker stasjon",
        "motested: \"A\\u200Db \\u202Eabc\\u202C\"",
    );
    let r = run(&case, &read(PROFILE), &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // A closed override turns only its own text: the rest of the paragraph
    // reads as before.
    let (c, m) = (
        saksdok::case::parse_case(case.as_bytes(), "sak.yaml").unwrap(),
        crate::common::profile(PROFILE),
    );
    let out = crate::common::engine()
        .render(
            &c,
            &m,
            saksdok::DocumentKind::Velkomstbrev,
            None,
            saksdok::OutputFormat::Pdf,
        )
        .unwrap();
    let text = crate::common::squash(&crate::common::pdf_text(&out.files[0].bytes));
    assert!(text.contains("Desomtarimotdeg,erSigridMjøs"), "{text}");
}

#[test]
fn a05_two_documents_in_one_file() {
    let case = format!("{}---\n{}", read(SAMPLE), read(SAMPLE));
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    assert!(stderr.contains("more than one YAML document"), "{stderr}");
}

#[test]
fn a01_a04_a06_file_level_problems() {
    for (case, expected) in [
        (String::new(), "the file is empty"),
        ("# bare en kommentar\n".to_owned(), "the file is empty"),
        (
            read(SAMPLE).replacen("Yonas", "Yo\u{0}nas", 1),
            "NUL character",
        ),
        (
            read(SAMPLE).replacen(
                "saksnummer: \"2025/1432\"\n",
                "saksnummer: \"2025/1432\"\nsaksnummer: \"2025/1433\"\n",
                1,
            ),
            "duplicate mapping key: saksnummer",
        ),
    ] {
        let r = run(&case, &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml");
        assert!(stderr.contains(expected), "{stderr}");
    }
    // Invalid UTF-8 bytes: written raw, not through a String.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sak.yaml");
    let mut bytes = read(SAMPLE).into_bytes();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(&path, bytes).unwrap();
    let err = saksdok::case::load_case(&path).unwrap_err().to_string();
    assert!(
        err.contains("not valid UTF-8") && err.contains("sak.yaml:"),
        "{err}"
    );
}

/// Beyond the catalogue: inputs that are not regular files. A device would
/// be read forever and a named pipe without a writer would block; both are
/// located errors at once, like a folder, for the case, the profile and a
/// file in a template folder.
#[test]
fn inputs_that_are_not_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("sak.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let out = out.to_str().unwrap();
    let templates = dir.path().join("maler");
    std::fs::create_dir(&templates).unwrap();
    for f in ["velkomstbrev.typ", "lib/brev.typ"] {
        let to = templates.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join("templates").join(f), to).unwrap();
    }
    let pipe_in_templates = templates.join("lib/pipe.typ");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pipe_in_templates)
            .status()
            .unwrap()
            .success()
    );
    let templates = templates.to_str().unwrap();
    for (args, named, expected) in [
        (vec![fifo, "-k", PROFILE], fifo, "a device, pipe or socket"),
        (
            vec!["/dev/zero", "-k", PROFILE],
            "/dev/zero",
            "a device, pipe or socket",
        ),
        (vec![SAMPLE, "-k", fifo], fifo, "a device, pipe or socket"),
        (
            vec![SAMPLE, "-k", "/dev/urandom"],
            "/dev/urandom",
            "a device, pipe or socket",
        ),
        (vec![SAMPLE, "-k", "samples"], "samples", "a folder"),
        (
            vec![SAMPLE, "-k", PROFILE, "--templates", templates],
            "pipe.typ",
            "a device, pipe or socket, not a file",
        ),
    ] {
        let mut full = vec!["render"];
        full.extend(&args);
        full.extend(["-d", "velkomstbrev", "-o", out]);
        let o = crate::common::saksdok_or_hang(&full, 60);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named) && stderr.contains(expected),
            "{args:?}: {stderr}"
        );
        assert!(files_in(std::path::Path::new(out)).is_empty());
    }
}

/// Beyond the catalogue: Windows (CRLF) and old Mac (CR) line endings are
/// read like LF, and an error is still on the right line.
#[test]
fn crlf_and_cr_line_endings_are_read_with_their_lines() {
    for eol in ["\r\n", "\r"] {
        let case = read(SAMPLE).replace('\n', eol);
        let r = run(&case, &read(PROFILE), &[]);
        assert_eq!(r.code, Some(0), "{eol:?}: {}", r.stderr);
        let bad = case.replace("fodselsdato: 2009-06-15", "fodselsdato: 2009-06-31");
        let r = run(&bad, &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:13:");
        assert!(stderr.contains("ungdom.fodselsdato"), "{eol:?}: {stderr}");
    }
}

#[test]
fn c05_c07_c08_domain_checks() {
    for (from, to, expected) in [
        // C05: the date part of the fødselsnummer disagrees with the birth date.
        (
            "fodselsdato: 2009-06-15",
            "fodselsdato: 2009-06-16",
            "does not match ungdom.fodselsdato",
        ),
        // C07: DUF number of the wrong length, and with wrong check digits.
        ("duf: \"202412345610\"", "duf: \"2024123456\"", "12 digits"),
        (
            "duf: \"202412345610\"",
            "duf: \"202412345611\"",
            "control digits are wrong",
        ),
        // C08: a reference to a member of staff who is not in the case.
        (
            "mottas_av: [sm, hf]",
            "mottas_av: [sm, ukjent-id]",
            "`ukjent-id` is not a member of staff",
        ),
        ("saerkontakt: sm", "saerkontakt: ms", "did you mean `sm`?"),
        // The case reference names the output files: not too long, and with
        // something to name them by.
        (
            "saksnummer: \"2025/1432\"",
            "saksnummer: \"2025/14321432143214321432143214321432143214321432\"",
            "longer than 40 characters",
        ),
        (
            "saksnummer: \"2025/1432\"",
            "saksnummer: \"../..\"",
            "no digit or letter",
        ),
    ] {
        let r = run(&sample_replacing(from, to), &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
        assert!(stderr.contains(expected), "{to}: {stderr}");
    }
    // C07: an organisation number failing mod 11.
    let profile = read(PROFILE).replace("org_nr: \"310 004 561\"", "org_nr: \"310 004 562\"");
    let r = run(&read(SAMPLE), &profile, &[]);
    let stderr = assert_located_failure(&r, "[TMP]/kommune.yaml:");
    assert!(
        stderr.contains("org_nr") && stderr.contains("mod 11"),
        "{stderr}"
    );
}

#[test]
fn a07_deep_nesting_is_refused_without_overflow() {
    // 10,000 levels of flow nesting, and deep block nesting.
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let block: String = (1..=300)
        .map(|i| format!("{}a:\n", "  ".repeat(i)))
        .collect();
    for case in [
        sample_replacing("saksnummer: \"2025/1432\"", &format!("saksnummer: {flow}")),
        sample_replacing("verge:\n", &format!("verge:\n{block}")),
    ] {
        let r = run(&case, &read(PROFILE), &[]);
        assert_located_failure(&r, "[TMP]/sak.yaml:");
    }
}

#[test]
fn a08_alias_bomb_is_refused() {
    // Ten levels, each referring 120 times to the one before. The case
    // model has no field that takes nested lists, so the bomb is refused at
    // its first node, before any alias is replayed (serde-saphyr parses
    // straight into the typed model); the alias budget is the second line.
    let mut bomb = String::from("  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=9 {
        let refs = vec![format!("*l{}", i - 1); 120].join(", ");
        bomb.push_str(&format!("  l{i}: &l{i} [{refs}]\n"));
    }
    let case = sample_replacing(
        "  bakgrunn: >-",
        &format!("  bomb:\n{bomb}  ekstra: *l9\n  bakgrunn: >-"),
    );
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    insta::assert_snapshot!("a08_alias_bomb", stderr);
}

#[test]
fn a09_huge_file_huge_string_and_too_much_text_are_refused_with_the_limit() {
    let big_file = format!("{}#{}\n", read(SAMPLE), "x".repeat(50 * 1024 * 1024));
    let big_string = sample_replacing(
        "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
        &format!("  viktig_for_meg: \"{}\"", "y".repeat(10 * 1024 * 1024)),
    );
    for case in [big_file, big_string] {
        let r = run(&case, &read(PROFILE), &[]);
        let stderr = assert_located_failure(&r, "[TMP]/sak.yaml");
        assert!(stderr.contains("the limit is 1048576 bytes"), "{stderr}");
    }

    // Under the file limit, one value may hold 10,000 characters (here one
    // endless word, which is the costliest to lay out) ...
    let value = |n: usize| {
        sample_replacing(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: \"{}\"", "ø".repeat(n)),
        )
    };
    let r = render_in_tmp(&value(10_000), &read(PROFILE), "tiltaksplan", &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(&value(10_001), &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    insta::assert_snapshot!("a09_value_limit", stderr);

    // ... and the file 128 KiB of text in all: here twenty values of 9,000
    // characters, in the plan's measures.
    let measure = "    - { tekst: \"Samtale om ettervern med tolk\", maal: [g2], ansvarlig: hf, start: 2026-12-01, slutt: 2026-12-15 }\n";
    let long = measure.replace("Samtale om ettervern med tolk", &"x".repeat(9_000));
    let case = sample_replacing(measure, &long.repeat(20));
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    assert!(
        stderr.contains("more than 128 KiB of text") && stderr.contains("tiltaksplan.tiltak["),
        "{stderr}"
    );
}

#[test]
fn a10_tags_and_merge_keys() {
    // An application tag and a merge key are located errors.
    check(
        "a10_custom_tag",
        &sample_replacing(
            "saksnummer: \"2025/1432\"",
            "saksnummer: !sak \"2025/1432\"",
        ),
    );
    check(
        "a10_merge_key",
        &sample_replacing(
            "verge:\n  navn: Ingrid Haugland\n",
            "verge:\n  <<: {navn: Ingrid Haugland}\n",
        ),
    );
    // `!!binary` on a text field is not decoded: the text is read as written
    // (README, «Behaviour chosen for bad input»).
    let r = run(
        &sample_replacing("saksnummer: \"2025/1432\"", "saksnummer: !!binary aGVsbG8="),
        &read(PROFILE),
        &["--format", "typ"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.files, ["aGVsbG8-velkomstbrev.typ"]);
}

#[test]
fn b07_a_list_of_100000_items_is_refused_with_the_limit() {
    // One-letter items, so the list stays under the 128 KiB text limit.
    let items = vec!["g"; 100_000].join(",");
    let case = sample_replacing("maal: [g1]", &format!("maal: [{items}]"));
    assert!(
        case.len() < 1024 * 1024,
        "the list must fit under the size limit"
    );
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    insta::assert_snapshot!("b07_list_limit", stderr);

    // The limit is 500 items per list: 500 measures make a plan, 501 do not
    // (the sample has three).
    let measure = "    - { tekst: \"Samtale om ettervern med tolk\", maal: [g2], ansvarlig: hf, start: 2026-12-01, slutt: 2026-12-15 }\n";
    let case = sample_replacing(measure, &measure.repeat(498));
    let plan = render_in_tmp(&case, &read(PROFILE), "tiltaksplan", &[]);
    assert_eq!(plan.code, Some(0), "{}", plan.stderr);
    let case = sample_replacing(measure, &measure.repeat(499));
    let plan = render_in_tmp(&case, &read(PROFILE), "tiltaksplan", &[]);
    assert_eq!(plan.code, Some(1), "{}", plan.stderr);
    assert!(plan.files.is_empty());
    assert!(
        plan.stderr.contains("more than 500 items")
            && plan.stderr.contains("field: tiltaksplan.tiltak"),
        "{}",
        plan.stderr
    );

    // Lists within the limit that add up to more than 100,000 values are
    // refused by the file's value limit.
    let goals = vec!["g"; 500].join(",");
    let case = sample_replacing(
        measure,
        &measure
            .replace("maal: [g2]", &format!("maal: [{goals}]"))
            .repeat(200),
    );
    assert!(case.len() < 1024 * 1024);
    let r = run(&case, &read(PROFILE), &[]);
    let stderr = assert_located_failure(&r, "[TMP]/sak.yaml:");
    assert!(stderr.contains("more than 100000 values"), "{stderr}");
}

#[test]
fn f02_an_existing_output_file_is_replaced_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let render = |date: &str| {
        saksdok(&[
            "render",
            SAMPLE,
            "-d",
            "velkomstbrev",
            "--date",
            date,
            "-o",
            out,
            "-q",
        ])
    };
    assert!(render("2026-11-23").status.success());
    let first = std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap();
    assert!(render("2026-11-24").status.success());
    let second = std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap();
    assert_ne!(first, second, "the file was not replaced");
    assert_eq!(files_in(dir.path()), ["2025-1432-velkomstbrev.pdf"]);
}

/// Runs saksdok under a file-size limit (as a full disk would stop it) and
/// returns (exit code, stderr, files left in the output folder).
#[cfg(target_os = "linux")]
fn run_with_file_size_limit(args: &[&str], out: &Path) -> (Option<i32>, String, Vec<String>) {
    // `ulimit -f 16`: no file may grow past 16 KiB; SIGXFSZ is ignored so
    // the write fails with an error instead of killing the process.
    let mut script = String::from("trap '' XFSZ; ulimit -f 16; exec \"$0\"");
    for i in 0..args.len() {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_saksdok"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    let left: Vec<String> = tree(out).into_keys().collect();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        left,
    )
}

#[cfg(target_os = "linux")]
#[test]
fn f04_a_write_that_fails_midway_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (code, stderr, left) = run_with_file_size_limit(
        &[
            "render",
            SAMPLE,
            "-d",
            "velkomstbrev",
            "-o",
            out.to_str().unwrap(),
        ],
        out,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("unable to write output file"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(left.is_empty(), "left behind: {left:?}");

    // A batch: every case fails to write, nothing is left, the batch ends.
    let (code, stderr, left) = run_with_file_size_limit(
        &[
            "batch",
            "samples/saker",
            "-d",
            "velkomstbrev",
            "-q",
            "-o",
            out.to_str().unwrap(),
        ],
        out,
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let pdfs: Vec<&String> = left.iter().filter(|f| f.ends_with(".pdf")).collect();
    assert!(pdfs.is_empty(), "left behind: {left:?}");
    assert!(!left.iter().any(|f| f.contains(".saksdok-")), "{left:?}");
}

#[test]
fn f06_a_pipe_that_closes_early_is_no_panic() {
    use std::io::Read as _;
    for args in [
        vec![
            "render",
            SAMPLE,
            "-d",
            "velkomstbrev",
            "-o",
            "-",
            "-f",
            "typ",
        ],
        vec!["render", SAMPLE, "-d", "velkomstbrev", "-o", "-"],
        vec!["frister", SAMPLE, "--fra", "2020-01-01", "--alle"],
        vec!["--help"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
            .args(&args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe, like `| head -c 1`.
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        let _ = stdout.read(&mut one);
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        crate::common::assert_private(&stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
    }
}

#[test]
fn g01_errors_never_show_id_numbers_or_free_text() {
    const FNR: &str = "15860998987";
    const SECRET: &str = "Hemmelig-fritekst-om-ungdommen";
    let failing = [
        // A free-text field next to a broken date.
        sample_replacing(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: {SECRET}\n  dato_feil: 2026-13-40"),
        ),
        // Wrong control digits (the number itself is the secret).
        sample_replacing(FNR, "15860998988"),
        // The free text as a wrong type.
        sample_replacing(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: [{SECRET}]"),
        ),
        // Broken YAML inside the free text.
        sample_replacing(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: \"{SECRET}"),
        ),
        // A character no font has, inside the free text.
        sample_replacing(
            "  viktig_for_meg: Jeg vil bli bedre i norsk og få sommerjobb.",
            &format!("  viktig_for_meg: {SECRET} \u{1F600}"),
        ),
    ];
    for case in &failing {
        let r = run(case, &read(PROFILE), &[]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.files.is_empty());
        assert!(!r.stderr.contains(FNR), "ID number on stderr: {}", r.stderr);
        assert!(
            !r.stderr.contains("15860998988"),
            "ID number on stderr: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains(SECRET),
            "free text on stderr: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("Tesfamariam"),
            "a name on stderr: {}",
            r.stderr
        );
    }
}

#[test]
fn g02_no_temporary_files_remain_after_success_or_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken.yaml");
    std::fs::write(
        &broken,
        read(SAMPLE)
            .replace("2025/1432", "2025/9999")
            .replace("15860998987", "15860998988"),
    )
    .unwrap();
    for (args, ok) in [
        (vec!["render", SAMPLE, "-d", "velkomstbrev"], true),
        (
            vec![
                "render",
                broken.to_str().unwrap(),
                "-d",
                "velkomstbrev",
                "-k",
                PROFILE,
            ],
            false,
        ),
        (
            vec!["batch", "samples/saker", "-d", "folgebrev", "--print-file"],
            true,
        ),
    ] {
        let mut full = args.clone();
        full.extend(["-q", "-o", out.path().to_str().unwrap()]);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
            .args(&full)
            .current_dir(root())
            .env("TMPDIR", tmp.path())
            .output()
            .unwrap();
        crate::common::assert_private(&String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            o.status.success(),
            ok,
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let leftovers: Vec<String> = tree(out.path())
            .into_keys()
            .filter(|f| f.contains(".tmp") || f.contains(".saksdok-"))
            .collect();
        assert!(leftovers.is_empty(), "{args:?} left {leftovers:?}");
        let in_tmp: Vec<String> = tree(tmp.path())
            .into_keys()
            .filter(|f| !f.ends_with("broken.yaml"))
            .collect();
        assert!(
            in_tmp.is_empty(),
            "{args:?} left {in_tmp:?} in the temp folder"
        );
    }
}

#[test]
fn g03_file_names_hold_no_names_or_id_numbers() {
    let out = tempfile::tempdir().unwrap();
    // Every kind that takes its data from a case section.
    let kinds: Vec<&str> = saksdok::DocumentKind::ALL
        .iter()
        .filter(|k| k.section().is_some())
        .map(|k| k.name())
        .collect();
    let kinds = kinds.join(",");
    let o = saksdok(&[
        "batch",
        "samples/saker",
        "-q",
        "-o",
        out.path().to_str().unwrap(),
        "-d",
        &kinds,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names: Vec<String> = tree(out.path()).into_keys().collect();
    assert!(names.len() > 15, "{names:?}");
    let mut secrets: Vec<String> = Vec::new();
    for (case, _) in crate::common::SAMPLES {
        let c = crate::common::case(case);
        let y = &c.youth;
        secrets.push(y.given_name.to_lowercase());
        secrets.push(y.family_name.to_lowercase());
        secrets.push(y.birth_date.format("%d%m").to_string());
        if let Some(v) = &c.guardian {
            secrets.extend(v.name.to_lowercase().split(' ').map(str::to_owned));
        }
    }
    for name in &names {
        let lower = name.to_lowercase();
        for s in &secrets {
            assert!(!lower.contains(s.as_str()), "{name} contains {s}");
        }
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-./_".contains(c)),
            "{name}"
        );
    }
}

#[test]
fn e05_endless_templates_are_stopped_and_a_batch_goes_on() {
    let hei = "Hei {{ ungdom.fornavn }}!";
    for (name, edit) in [
        // minijinja: a loop without end stops when the fuel is spent.
        (
            "e05_minijinja_loop",
            format!(
                "{hei}\n{{% for i in range(100000) %}}{{% for j in range(100000) %}}{{% endfor %}}{{% endfor %}}"
            ),
        ),
        // Typst: a loop that never ends, and recursion without end.
        (
            "e05_typst_loop",
            format!("{hei}\n#let n = 0\n#while n >= 0 {{ n += 1 }}"),
        ),
        (
            "e05_typst_recursion",
            format!("{hei}\n#let f(n) = f(n + 1)\n#f(0)"),
        ),
    ] {
        let dir = templates_with(|t| t.replace(hei, &edit), "velkomstbrev.typ");
        let r = run_with_templates(dir.path());
        let stderr = normalise(&assert_located_failure(&r, "velkomstbrev.typ"), dir.path());
        insta::assert_snapshot!(name, stderr);

        // In a batch, every case fails the same way, and the batch ends.
        batch_with_broken_welcome_letter(dir.path(), &[]);
    }
}

/// Batches the samples' welcome letters and plans with the templates in
/// `templates` (and `extra` arguments), stopping the test if it hangs.
/// Asserts the two welcome letters failed and the plans were still written;
/// returns stderr and the output folder.
fn batch_with_broken_welcome_letter(
    templates: &Path,
    extra: &[&str],
) -> (String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "batch",
        "samples/saker",
        "-d",
        "velkomstbrev,tiltaksplan",
        "-q",
    ];
    args.extend(extra);
    args.extend([
        "--templates",
        templates.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    let o = crate::common::saksdok_or_hang(&args, 120);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2 failed"), "{stderr}");
    // The plans do not use the broken template and are written.
    assert!(
        out.path()
            .join("2024-0877/2024-0877-tiltaksplan.pdf")
            .exists()
    );
    assert!(
        !out.path()
            .join("2025-1432/2025-1432-velkomstbrev.pdf")
            .exists()
    );
    (stderr, out)
}

/// Templates whose welcome letter runs practically for ever: 10^10
/// iterations, under Typst's own limits on a single loop.
fn runaway_welcome_letter() -> tempfile::TempDir {
    let hei = "Hei {{ ungdom.fornavn }}!";
    templates_with(
        |t| {
            t.replace(
                hei,
                &format!("{hei}\n#for i in range(100000) {{ for j in range(100000) {{ }} }}"),
            )
        },
        "velkomstbrev.typ",
    )
}

#[test]
fn e05_a_runaway_document_is_stopped_by_the_batch_watchdog() {
    // Without a watchdog this would run for hours: the helper gives up after
    // two minutes.
    let dir = runaway_welcome_letter();
    let (stderr, out) = batch_with_broken_welcome_letter(dir.path(), &["--time-limit", "1"]);
    assert!(
        stderr.contains("took longer than 1 s and was stopped"),
        "{stderr}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["failed"].as_array().unwrap().len(), 2);
}

/// The same runaway template under `render` and `check`: the case fails
/// with a located message after `--time-limit`, nothing is written, and the
/// next case on the command line is still done.
#[test]
fn e05_render_and_check_stop_a_runaway_document_too() {
    let dir = runaway_welcome_letter();
    let templates = dir.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = crate::common::saksdok_or_hang(
        &[
            "render",
            SAMPLE,
            "samples/saker/alver-amina.yaml",
            "-d",
            "tiltaksplan",
            "--time-limit",
            "1",
            "--templates",
            templates,
            "-o",
            out.path().to_str().unwrap(),
        ],
        120,
    );
    // The plan template is not affected: both plans are written.
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(files_in(out.path()).len(), 2);
    let out = tempfile::tempdir().unwrap();
    for command in ["render", "check"] {
        let mut args = vec![command, SAMPLE, "samples/saker/alver-amina.yaml"];
        args.extend([
            "-d",
            "velkomstbrev",
            "--time-limit",
            "1",
            "--templates",
            templates,
        ]);
        if command == "render" {
            args.extend(["-o", out.path().to_str().unwrap()]);
        }
        let o = crate::common::saksdok_or_hang(&args, 120);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr
                .matches("the document took longer than 1 s and was stopped")
                .count(),
            2,
            "{stderr}"
        );
        assert!(
            stderr.contains(SAMPLE) && stderr.contains("alver-amina.yaml"),
            "{stderr}"
        );
        assert!(files_in(out.path()).is_empty());
    }
}

#[test]
fn e06_a_broken_image_and_an_svg_with_external_references_are_located_errors() {
    let hei = "Hei {{ ungdom.fornavn }}!";
    // The header of a PNG of 20,000 × 20,000 pixels: a file of about 1 MB
    // that would decode to 1.2 GB. The size is read from the header.
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    huge.extend(20_000u32.to_be_bytes());
    huge.extend(20_000u32.to_be_bytes());
    huge.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    for (file, bytes, expected) in [
        ("lib/logo.png", b"not a PNG at all".to_vec(), "failed to decode image"),
        (
            "lib/logo.png",
            huge,
            "is an image of 20000 × 20000 pixels; the limit is 25 megapixels",
        ),
        (
            "lib/logo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>"#
                .to_vec(),
            "failed to load linked image",
        ),
    ] {
        let dir = templates_with(
            |t| t.replace(hei, &format!("{hei}\n#image(\"{file}\", alt: \"Logo\")")),
            "velkomstbrev.typ",
        );
        std::fs::write(dir.path().join(file), bytes).unwrap();
        let r = run_with_templates(dir.path());
        let stderr = normalise(
            &assert_located_failure(&r, dir.path().to_str().unwrap()),
            dir.path(),
        );
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("root:"), "{stderr}");
    }
}

#[test]
fn checklist_files_are_read_by_the_case_loader_when_templates_load() {
    // The bundled checklists are all valid.
    saksdok::Engine::with_template_dir(&root().join("templates"))
        .unwrap_or_else(|e| panic!("the bundled checklists: {e}"));
    // A comma in an unquoted value cuts a point: a located error naming the
    // file, the line and the field, before any document is made.
    for (bad, field) in [
        (
            "  - tekst: { nb: «Bor hos», kommune er oppdatert, nn: «Bur hos» }\n    ansvarlig: { nb: a, nn: a }\n",
            "punkter[0].tekst",
        ),
        (
            "  - tekst: { nb: Ein punkt }\n    ansvarlig: { nb: a, nn: a }\n",
            "punkter[0].tekst.nn",
        ),
        (
            "  - tekst: { nb: \"\u{200b}\", nn: x }\n    ansvarlig: { nb: a, nn: a }\n",
            "punkter[0].tekst.nb",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("templates"), dir.path());
        std::fs::write(
            dir.path().join("sjekklister/ny.yaml"),
            format!("tittel: {{ nb: Ny, nn: Ny }}\npunkter:\n{bad}"),
        )
        .unwrap();
        let r = run_with_templates(dir.path());
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let err = normalise(&r.stderr, dir.path());
        assert!(err.contains("[TEMPLATES]/sjekklister/ny.yaml:"), "{err}");
        assert!(err.contains(field), "{field}: {err}");
        assert!(r.files.is_empty());
    }
}
