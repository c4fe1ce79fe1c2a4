//! Hostile probing beyond the catalogue (issue 13): nothing lost, nothing
//! leaked, no misleading success.

use std::path::{Path, PathBuf};

use crate::common::{saksdok, tree};

/// The samples' `saker/` and `kommuner/` copied into a fresh folder, with
/// an empty `ut/`.
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["saker", "kommuner"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(crate::common::root().join("samples").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("ut")).unwrap();
    dir
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A case file with one line replaced.
fn edit_case(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn bench_refuses_a_folder_it_did_not_make_and_reuses_its_own() {
    let dir = samples_copy();
    let before = tree(dir.path());
    let r = saksdok(&["bench", "-n", "2", "-j", "1", "--dir", p(dir.path())]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("did not make"), "{}", stderr(&r));
    assert_eq!(
        tree(dir.path()),
        before,
        "the benchmark changed a folder it did not make"
    );

    // A new folder is made and marked; the next run may replace its files.
    let own = dir.path().join("bench");
    for _ in 0..2 {
        let r = saksdok(&["bench", "-n", "2", "-j", "1", "--dir", p(&own)]);
        assert!(r.status.success(), "{}", stderr(&r));
    }
    assert!(own.join("ut/manifest.json").is_file());
    // A file of the user's beside them is left alone.
    std::fs::write(own.join("notat.txt"), "mine").unwrap();
    let r = saksdok(&["bench", "-n", "2", "-j", "1", "--dir", p(&own)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(
        std::fs::read_to_string(own.join("notat.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_failed_rerender_keeps_every_earlier_letter() {
    let dir = samples_copy();
    let case = dir.path().join("saker/alver-amina.yaml");
    let out = dir.path().join("ut");
    let render = || saksdok(&["render", p(&case), "-d", "folgebrev", "-o", p(&out), "-q"]);
    assert!(render().status.success());
    let before = tree(&out);
    assert_eq!(before.len(), 3, "{:?}", before.keys());
    // Every one of the three names in turn made un-writable.
    for name in before.keys() {
        std::fs::remove_file(out.join(name)).unwrap();
        std::fs::create_dir(out.join(name)).unwrap();
        std::fs::write(out.join(name).join("x"), "x").unwrap();
        let r = render();
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(stderr(&r).contains("nothing was changed"), "{}", stderr(&r));
        let now = tree(&out);
        for (other, bytes) in &before {
            if other != name {
                assert_eq!(
                    now.get(other),
                    Some(bytes),
                    "{other} changed when {name} failed"
                );
            }
        }
        std::fs::remove_dir_all(out.join(name)).unwrap();
        std::fs::write(out.join(name), &before[name]).unwrap();
    }
}

#[test]
fn render_refuses_cases_whose_references_give_the_same_file_names() {
    for (a, b) in [
        ("2025/1432", "2025-1432"),
        ("2025/1432", "2025/1432/"),
        ("2025/1432", "2025/\u{202e}1432"),
        ("AB/1432", "ab-1432"),
    ] {
        let dir = samples_copy();
        let first = dir.path().join("saker/asker-yonas.yaml");
        let second: PathBuf = dir.path().join("saker/kopi.yaml");
        std::fs::copy(&first, &second).unwrap();
        edit_case(
            &first,
            "saksnummer: \"2025/1432\"",
            &format!("saksnummer: \"{a}\""),
        );
        edit_case(
            &second,
            "saksnummer: \"2025/1432\"",
            &format!("saksnummer: \"{b}\""),
        );
        let out = dir.path().join("ut");
        let r = saksdok(&[
            "render",
            p(&first),
            p(&second),
            "-d",
            "velkomstbrev",
            "-o",
            p(&out),
        ]);
        assert_eq!(r.status.code(), Some(1), "{a} / {b}: {}", stderr(&r));
        assert!(stderr(&r).contains("same file names"), "{}", stderr(&r));
        assert!(!stderr(&r).contains("wrote"), "{}", stderr(&r));
        assert!(tree(&out).is_empty(), "{a} / {b}: {:?}", tree(&out).keys());
        // And batch, which makes one folder per case.
        let r = saksdok(&[
            "batch",
            p(&first),
            p(&second),
            "-d",
            "velkomstbrev",
            "-o",
            p(&out),
        ]);
        assert_eq!(r.status.code(), Some(1), "{a} / {b}: {}", stderr(&r));
        assert!(tree(&out).is_empty(), "{a} / {b}: {:?}", tree(&out).keys());
    }
}

#[test]
fn a_second_run_into_a_folder_in_use_is_refused() {
    let dir = samples_copy();
    let out = dir.path().join("ut");
    let held = saksdok::export::write::OutputDir::prepare(&out).unwrap();
    let lock = held.lock().unwrap();
    let saker = dir.path().join("saker");
    let case = saker.join("asker-yonas.yaml");
    for args in [
        vec![
            "batch",
            p(&saker),
            "-d",
            "velkomstbrev",
            "--print-file",
            "-o",
            p(&out),
        ],
        vec!["render", p(&case), "-d", "velkomstbrev", "-o", p(&out)],
    ] {
        let r = saksdok(&args);
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(
            stderr(&r).contains("another saksdok run is writing"),
            "{}",
            stderr(&r)
        );
    }
    let files: Vec<String> = tree(&out).into_keys().collect();
    assert_eq!(files, [".saksdok.lock"]);
    drop(lock);
    let r = saksdok(&[
        "batch",
        p(&saker),
        "-d",
        "velkomstbrev",
        "--print-file",
        "-o",
        p(&out),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(!out.join(".saksdok.lock").exists());
}

#[test]
fn a_rerun_moves_aside_letters_it_no_longer_makes() {
    let dir = samples_copy();
    let out = dir.path().join("ut");
    let case = dir.path().join("saker/alver-amina.yaml");
    let original = std::fs::read_to_string(&case).unwrap();
    // The same case without the school as a copy recipient.
    let cut = original
        .find("    - navn: Fiktiv vidaregåande skule")
        .unwrap();
    let last = "      omfang: { tiltaksplan: [maal, tiltak] }";
    let end = cut
        + original[cut..].find(last).unwrap()
        + original[cut..][original[cut..].find(last).unwrap()..]
            .find('\n')
            .unwrap()
        + 1;
    let without_school = format!("{}{}", &original[..cut], &original[end..]);
    let batch = || saksdok(&["batch", p(&case), "-d", "folgebrev", "-o", p(&out)]);

    assert!(batch().status.success());
    let first: Vec<String> = tree(&out)
        .into_keys()
        .filter(|k| k.ends_with(".pdf"))
        .collect();
    assert_eq!(first.len(), 3, "{first:?}");
    let copy = first.iter().find(|k| k.contains("kopi")).unwrap().clone();

    // A letter changed since the batch made it is someone's work: it stays.
    let mut signed = std::fs::read(out.join(&copy)).unwrap();
    signed.extend_from_slice(b"% signed\n");
    std::fs::write(out.join(&copy), &signed).unwrap();
    std::fs::write(&case, &without_school).unwrap();
    let r = batch();
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(stderr(&r).contains("left in place"), "{}", stderr(&r));
    assert_eq!(std::fs::read(out.join(&copy)).unwrap(), signed);

    // One it made and nobody changed is moved aside, and the manifest says so.
    std::fs::write(&case, &original).unwrap();
    assert!(batch().status.success());
    std::fs::write(&case, &without_school).unwrap();
    let r = batch();
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(stderr(&r).contains("moved aside"), "{}", stderr(&r));
    let now = tree(&out);
    assert!(
        !now.contains_key(&copy),
        "the stale copy letter is still beside the new ones"
    );
    let moved = format!("_foreldet/{copy}");
    assert!(now.contains_key(&moved), "{:?}", now.keys());
    let manifest: serde_json::Value = serde_json::from_slice(&now["manifest.json"]).unwrap();
    assert_eq!(manifest["moved_aside"][0]["from"], copy.as_str());
    assert_eq!(manifest["moved_aside"][0]["to"], moved.as_str());
    assert_eq!(manifest["documents"].as_array().unwrap().len(), 2);

    // A batch of another kind does not touch the følgebrev.
    let r = saksdok(&["batch", p(&case), "-d", "tiltaksplan", "-o", p(&out)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(!stderr(&r).contains("moved aside"), "{}", stderr(&r));
    for f in first.iter().filter(|f| **f != copy) {
        assert!(
            out.join(f).is_file(),
            "{f} was moved by a tiltaksplan batch"
        );
    }
}

/// A file that is no profile and no case, with a line that must never be
/// shown.
const SECRET: &str = "root:$6$HEMMELIG-Ab12cd:19000:0:99999:7:::\nHemmelig Person: x\n";

fn assert_no_secret(what: &str, text: &str) {
    for s in [
        "HEMMELIG",
        "Hemmelig",
        "$6$",
        "Ingrid Haugland",
        "bor hos tante",
    ] {
        assert!(!text.contains(s), "{what} shows `{s}`:\n{text}");
    }
}

#[test]
fn a_case_file_cannot_make_saksdok_read_or_show_another_file() {
    let dir = samples_copy();
    let secret = dir.path().join("hemmelig.txt");
    std::fs::write(&secret, SECRET).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("kommuner/lenke.yaml")).unwrap();
    let case = dir.path().join("saker/asker-yonas.yaml");
    let out = dir.path().join("ut");
    let original = std::fs::read_to_string(&case).unwrap();
    for named in [
        "../hemmelig.txt".to_owned(),
        secret.display().to_string(),
        "../kommuner/../hemmelig.txt".to_owned(),
        "../kommuner/lenke.yaml".to_owned(),
        "/etc/passwd".to_owned(),
    ] {
        std::fs::write(
            &case,
            original.replace(
                "kommuneprofil: ../kommuner/asker.yaml",
                &format!("kommuneprofil: \"{named}\""),
            ),
        )
        .unwrap();
        for cmd in ["render", "batch"] {
            let r = saksdok(&[cmd, p(&case), "-d", "velkomstbrev", "-o", p(&out)]);
            assert_eq!(r.status.code(), Some(1), "{named}: {}", stderr(&r));
            assert!(
                stderr(&r).contains("profiles folder"),
                "{named}: {}",
                stderr(&r)
            );
            assert_no_secret(named.as_str(), &stderr(&r));
            if let Ok(m) = std::fs::read_to_string(out.join("manifest.json")) {
                assert_no_secret("manifest.json", &m);
            }
        }
        // The same profile is fine from a folder given with --kommuner that
        // holds it, except a link out of it.
    }
    // A case file that is a link to the secret: its content is never shown.
    let link = dir.path().join("saker/lenke.yaml");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    for cmd in ["render", "batch", "check"] {
        let mut args = vec![cmd, p(&link)];
        if cmd != "check" {
            args.extend(["-d", "velkomstbrev", "-o", p(&out)]);
        }
        let r = saksdok(&args);
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(stderr(&r).contains("lenke.yaml"), "{}", stderr(&r));
        assert_no_secret(cmd, &stderr(&r));
    }
    // --kommuner moves the folder: the samples' own profile is then outside.
    std::fs::write(&case, &original).unwrap();
    let elsewhere = dir.path().join("andre");
    std::fs::create_dir(&elsewhere).unwrap();
    let r = saksdok(&["check", p(&case), "--kommuner", p(&elsewhere)]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    let r = saksdok(&[
        "check",
        p(&case),
        "--kommuner",
        p(&dir.path().join("kommuner")),
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
}

#[test]
fn messages_name_fields_and_allowed_values_never_what_was_written() {
    let dir = samples_copy();
    let case = dir.path().join("saker/asker-yonas.yaml");
    let out = dir.path().join("ut");
    let original = std::fs::read_to_string(&case).unwrap();
    for (from, to) in [
        ("saerkontakt: sm", "saerkontakt: Ingrid Haugland"),
        (
            "saerkontakt: sm",
            "saerkontakt: \"Hemmelig, bor hos tante\"",
        ),
        (
            "  fornavn: Yonas\n",
            "  fornavn: Yonas\n  adressebeskyttelse: kode 6 - bor hos tante i Asker\n",
        ),
        (
            "  fornavn: Yonas\n",
            "  fornavn: Yonas\n  Ingrid Haugland: verge\n",
        ),
        (
            "  fornavn: Yonas\n",
            "  fornavn: Yonas\n  \"Hemmelig Person, bor hos tante\": 1\n",
        ),
        ("  fornavn: Yonas\n", "  fornavn: [Hemmelig Person]\n"),
        (
            "  fodselsdato: 2009-06-15",
            "  fodselsdato: Hemmelig Person",
        ),
        (
            "saksnummer: \"2025/1432\"",
            "saksnummer: \"2025/1432\"\nsaksnummer: \"Hemmelig\"",
        ),
    ] {
        std::fs::write(&case, original.replacen(from, to, 1)).unwrap();
        for cmd in ["check", "batch"] {
            let mut args = vec![cmd, p(&case)];
            if cmd == "batch" {
                args.extend(["-d", "velkomstbrev", "-o", p(&out)]);
            }
            let r = saksdok(&args);
            assert_eq!(r.status.code(), Some(1), "{to}: {}", stderr(&r));
            assert!(
                stderr(&r).contains("asker-yonas.yaml:"),
                "{to}: {}",
                stderr(&r)
            );
            assert_no_secret(to, &stderr(&r));
            if let Ok(m) = std::fs::read_to_string(out.join("manifest.json")) {
                assert_no_secret("manifest.json", &m);
            }
        }
    }
}

#[test]
fn template_errors_point_at_the_template_line_without_the_values() {
    for (name, line) in [
        (
            "assert.eq",
            "#assert.eq({{ ungdom.fornavn|typst }}, \"Ingen\")",
        ),
        (
            "custom message",
            "#assert(false, message: \"feil for \" + {{ ungdom.etternavn|typst }})",
        ),
        (
            "panic",
            "#panic({{ ungdom.fornavn|typst }}, {{ verge.navn|typst }})",
        ),
        (
            "minijinja",
            "{{ ungdom.fornavn | int }}{{ ungdom.fornavn * 2 }}",
        ),
    ] {
        let dir = crate::common::templates_with(
            // The bokmål branch only (the sample is bokmål), so the line is
            // one of a kind and can be found again.
            |t| {
                t.replace(
                    "{% else %}\nHei {{ ungdom.fornavn }}!",
                    &format!("{{% else %}}\n{line}"),
                )
            },
            "velkomstbrev.typ",
        );
        let r = saksdok(&[
            "render",
            "samples/saker/asker-yonas.yaml",
            "-d",
            "velkomstbrev",
            "--templates",
            p(dir.path()),
            "-o",
            "-",
        ]);
        let err = stderr(&r);
        assert_eq!(r.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains("velkomstbrev.typ:"),
            "{name}: not located: {err}"
        );
        for value in ["Yonas", "Tesfamariam", "Ingrid"] {
            assert!(!err.contains(value), "{name}: `{value}` shown: {err}");
        }
    }
}

/// The Yonas sample with `from` replaced by `to`, in a copy of the samples.
fn yonas_with(from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = samples_copy();
    let case = dir.path().join("saker/asker-yonas.yaml");
    edit_case(&case, from, to);
    (dir, case)
}

#[test]
fn a_full_standard_output_is_an_error() {
    for args in [
        vec![
            "render",
            "samples/saker/asker-yonas.yaml",
            "-d",
            "velkomstbrev",
            "-o",
            "-",
        ],
        vec!["frister", "samples/saker/asker-yonas.yaml", "--alle"],
        vec![
            "frister",
            "samples/saker/asker-yonas.yaml",
            "--alle",
            "--csv",
        ],
        vec!["kinds"],
        vec!["schema", "case"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
            .args(&args)
            .current_dir(crate::common::root())
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&r);
        assert_eq!(r.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("standard output"), "{args:?}: {err}");
        assert!(!err.contains("wrote"), "{args:?}: {err}");
    }
}

#[test]
fn check_refuses_what_the_export_refuses_and_invisible_names() {
    for (value, expect) in [
        ("Yo\u{feff}nas", "U+FEFF"),
        ("Yo\u{fdd0}nas", "U+FDD0"),
        ("\u{200b}", "no visible characters"),
        ("\u{2060}\u{200b}", "no visible characters"),
        ("\u{ad}", "no visible characters"),
        ("\u{34f}", "no visible characters"),
        ("\u{e0041}\u{e0042}", "no visible characters"),
        ("\u{3164}", "no visible characters"),
    ] {
        let (dir, case) = yonas_with("fornavn: Yonas", &format!("fornavn: \"{value}\""));
        let out = dir.path().join("ut");
        for cmd in ["check", "render"] {
            let mut args = vec![cmd, p(&case)];
            if cmd == "render" {
                args.extend(["-d", "velkomstbrev", "-o", p(&out)]);
            }
            let r = saksdok(&args);
            let err = stderr(&r);
            assert_eq!(r.status.code(), Some(1), "{value:?}: {err}");
            assert!(err.contains(expect), "{value:?}: {err}");
            assert!(err.contains("ungdom.fornavn"), "{value:?}: {err}");
            assert!(err.contains("asker-yonas.yaml:"), "{value:?}: {err}");
        }
        assert!(tree(&out).is_empty());
    }
}

#[test]
fn dates_have_four_digit_years_in_range() {
    for (date, expect) in [
        ("9999-12-31", "1900–2100"),
        ("1899-12-31", "1900–2100"),
        ("\"-001-06-15\"", "not a valid date"),
        ("\"+2009-6-15\"", "not a valid date"),
        ("\"2009-6-15\"", "not a valid date"),
        ("\"15.6.2009\"", "not a valid date"),
    ] {
        let (_dir, case) = yonas_with("fodselsdato: 2009-06-15", &format!("fodselsdato: {date}"));
        for cmd in ["check", "frister"] {
            let r = saksdok(&[cmd, p(&case), "--alle"][..if cmd == "check" { 2 } else { 3 }]);
            let err = stderr(&r);
            assert_eq!(r.status.code(), Some(1), "{date}: {err}");
            assert!(err.contains(expect), "{date}: {err}");
            assert!(err.contains("ungdom.fodselsdato"), "{date}: {err}");
            assert!(!String::from_utf8_lossy(&r.stdout).contains('+'), "{date}");
        }
    }
    // A plan dated 9999 is refused at its field, not in a template.
    let (_dir, case) = yonas_with("fodselsdato: 2009-06-15", "fodselsdato: 2009-06-15");
    let text = std::fs::read_to_string(&case).unwrap();
    let plan_date = text
        .lines()
        .find(|l| l.trim_start().starts_with("dato: 20"))
        .unwrap()
        .to_owned();
    std::fs::write(&case, text.replacen(&plan_date, "  dato: 9999-01-01", 1)).unwrap();
    let r = saksdok(&["check", p(&case)]);
    assert_eq!(r.status.code(), Some(1));
    assert!(stderr(&r).contains("1900–2100"), "{}", stderr(&r));
    assert!(!stderr(&r).contains("template"), "{}", stderr(&r));
}

#[test]
fn spreadsheet_formulas_in_the_csv_are_neutralised() {
    for formula in [
        "=HYPERLINK(\"http://x.example\",\"klikk\")",
        "+1+1",
        "-1+1",
        "@SUM(A1)",
    ] {
        let quoted = formula.replace('"', "\\\"");
        let (_dir, case) = yonas_with("fornavn: Yonas", &format!("fornavn: \"{quoted}\""));
        let r = saksdok(&["frister", p(&case), "--alle", "--csv"]);
        assert!(r.status.success(), "{}", stderr(&r));
        let csv = String::from_utf8_lossy(&r.stdout).into_owned();
        for line in csv.lines().skip(1) {
            for cell in line.split(',') {
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "{formula}: a live formula cell in {line}"
                );
            }
        }
        assert!(csv.contains("'"), "{csv}");
    }
}

#[test]
fn terminal_escapes_are_shown_not_obeyed() {
    for key in ["\\e[2J\\e[Hok", "\\u009b31m", "a\\nok saker/x.yaml"] {
        let (_dir, case) = yonas_with(
            "  fornavn: Yonas\n",
            &format!("  fornavn: Yonas\n  \"{key}\": 1\n"),
        );
        let r = saksdok(&["check", p(&case)]);
        let err = stderr(&r);
        assert_eq!(r.status.code(), Some(1), "{err}");
        assert!(
            !err.chars().any(|c| c == '\u{1b}' || c == '\u{9b}'),
            "{key}: raw escape on stderr: {err:?}"
        );
        assert!(
            !err.lines().any(|l| l.starts_with("ok")),
            "{key}: a forged line: {err}"
        );
    }
    // A line break in a name would forge a row of the deadline table.
    let (_dir, case) = yonas_with(
        "fornavn: Yonas",
        "fornavn: \"Yonas\\n15.01.2027 2099/1 Falsk\"",
    );
    for cmd in ["check", "frister"] {
        let r = saksdok(&[cmd, p(&case)]);
        assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
        assert!(
            stderr(&r).contains("line break in a one-line field"),
            "{}",
            stderr(&r)
        );
        assert!(!String::from_utf8_lossy(&r.stdout).contains("Falsk"));
    }
}

#[test]
fn a_worker_that_cannot_start_is_an_error_not_a_panic() {
    // Little address space and many workers with large stacks: starting
    // them fails part way.
    let r = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v 4000000; exec '{}' bench -n 256 -j 256",
            env!("CARGO_BIN_EXE_saksdok")
        ))
        .output()
        .unwrap();
    let err = stderr(&r);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(err.contains("unable to start a worker thread"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_batch_folder_takes_any_case_of_extension_and_says_what_it_skipped() {
    let dir = samples_copy();
    let saker = dir.path().join("saker");
    std::fs::rename(saker.join("asker-yonas.yaml"), saker.join("B.YAML")).unwrap();
    std::fs::rename(saker.join("alver-amina.yaml"), saker.join("g.Yaml")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("borte.yaml"), saker.join("dangling.yaml")).unwrap();
    let fifo = saker.join("fifo.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(saker.join("notat.txt"), "x").unwrap();
    let out = dir.path().join("ut");
    let r = crate::common::saksdok_or_hang(
        &["batch", p(&saker), "-d", "velkomstbrev", "-o", p(&out)],
        60,
    );
    let err = stderr(&r);
    assert!(r.status.success(), "{err}");
    assert!(err.contains("batch: 3/3 cases"), "{err}");
    assert!(
        err.contains("written for 2 cases") && err.contains("1 skipped"),
        "{err}"
    );
    assert!(
        err.contains("dangling.yaml") && err.contains("leads nowhere"),
        "{err}"
    );
    assert!(err.contains("fifo.yaml") && err.contains("pipe"), "{err}");
    assert!(
        err.contains("skipped 1 entry not named .yaml or .yml"),
        "{err}"
    );
}

#[test]
fn a_case_folder_that_is_a_link_does_not_redirect_the_batch() {
    let dir = samples_copy();
    let out = dir.path().join("ut");
    let elsewhere = dir.path().join("andre");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("2025-1432")).unwrap();
    let r = saksdok(&[
        "batch",
        "samples/saker/asker-yonas.yaml",
        "-d",
        "velkomstbrev",
        "-o",
        p(&out),
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("is a link"), "{}", stderr(&r));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_template_folder_has_a_total_size_limit_and_no_folder_loops() {
    let copy = || {
        let dir = tempfile::tempdir().unwrap();
        crate::common::copy_dir(&crate::common::root().join("templates"), dir.path());
        dir
    };
    let dir = copy();
    // Nine files of 8 MiB each: every one under the per-file limit.
    for i in 0..9 {
        std::fs::write(
            dir.path().join(format!("stor-{i}.bin")),
            vec![b'x'; 8 * 1024 * 1024],
        )
        .unwrap();
    }
    let r = saksdok(&["fonts", "--templates", p(dir.path())]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
    assert!(stderr(&r).contains("more than 64 MiB"), "{}", stderr(&r));

    let dir = copy();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("lib/rundt")).unwrap();
    let r = crate::common::saksdok_or_hang(&["fonts", "--templates", p(dir.path())], 60);
    assert!(r.status.success(), "{}", stderr(&r));
}
