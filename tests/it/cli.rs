use std::path::PathBuf;
use std::process::Output;

use crate::common::{files_in, pdf_text, read, root, saksdok};

const SAMPLE: &str = "samples/saker/asker-yonas.yaml";
const PROFILE: &str = "samples/kommuner/asker.yaml";

/// `render` of the bokmål sample's velkomstbrev, plus `extra` arguments.
fn render_sample(extra: &[&str]) -> Output {
    let mut args = vec![
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
    ];
    args.extend_from_slice(extra);
    saksdok(&args)
}

/// A scratch folder with the sample case edited (`from` → `to`) as
/// `sak.yaml` and an empty `out/` folder.
struct Scratch {
    _dir: tempfile::TempDir,
    case: PathBuf,
    out: PathBuf,
}

impl Scratch {
    fn new(from: &str, to: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let text = read(SAMPLE);
        assert!(text.contains(from), "sample has no {from:?}");
        let case = dir.path().join("sak.yaml");
        std::fs::write(&case, text.replacen(from, to, 1)).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        Self {
            _dir: dir,
            case,
            out,
        }
    }

    fn case(&self) -> &str {
        self.case.to_str().unwrap()
    }

    fn out(&self) -> &str {
        self.out.to_str().unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_lists_subcommands_and_examples() {
    let o = saksdok(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    for needle in ["render", "check", "fonts", "Examples:", "Exit codes"] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    let o = saksdok(&["render", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    for needle in ["--doc", "--kommune", "--date", "--format", "velkomstbrev"] {
        assert!(help.contains(needle), "render --help lacks {needle}");
    }
}

#[test]
fn render_writes_a_pdf_named_after_the_case_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = render_sample(&["-o", out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["2025-1432-velkomstbrev.pdf"]);
    let bytes = std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // A second run replaces the file atomically and leaves no temporary file.
    assert_eq!(render_sample(&["-o", out]).status.code(), Some(0));
    assert_eq!(files_in(dir.path()), ["2025-1432-velkomstbrev.pdf"]);
    assert_eq!(
        std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap(),
        bytes
    );
}

#[test]
fn typ_format_prints_the_generated_source_to_stdout() {
    let o = render_sample(&["-o", "-", "--format", "typ"]);
    assert_eq!(o.status.code(), Some(0));
    let src = String::from_utf8_lossy(&o.stdout);
    assert!(src.starts_with("#import \"lib/brev.typ\""), "{src}");
    assert!(src.contains("#\"Yonas\";"));
}

#[test]
fn png_format_writes_one_file_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let o = render_sample(&["-o", dir.path().to_str().unwrap(), "-f", "png"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        files_in(dir.path()),
        [
            "2025-1432-velkomstbrev-1.png",
            "2025-1432-velkomstbrev-2.png"
        ]
    );
}

#[test]
fn check_writes_nothing_and_reports_ok() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args(["check", SAMPLE, "--kommune", PROFILE])
        .current_dir(root())
        .env("TMPDIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    crate::common::assert_private(&stderr(&o));
    assert!(stderr(&o).contains("ok samples/saker/asker-yonas.yaml"));
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn check_reports_a_broken_case_with_exit_1() {
    let s = Scratch::new("duf: \"202412345610\"", "duf: \"20241234561\"");
    let o = saksdok(&["check", s.case(), "--kommune", PROFILE]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("ungdom.duf") && err.contains("12 digits"),
        "{err}"
    );
    assert!(files_in(&s.out).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let o = saksdok(&["render", SAMPLE, "--doc", "nosuchdoc", "--kommune", PROFILE]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        render_sample(&["--date", "23.11.2026"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_missing_document_date_is_a_located_error() {
    let s = Scratch::new("  dato: 2026-11-23\n", "");
    let args = [
        "render",
        s.case(),
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        s.out(),
    ];
    let o = saksdok(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--date"));
    assert!(files_in(&s.out).is_empty());
    // With --date it renders.
    let mut with_date = args.to_vec();
    with_date.extend(["--date", "2026-11-23"]);
    assert_eq!(saksdok(&with_date).status.code(), Some(0));
}

#[test]
fn closed_stdout_does_not_panic() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args([
            "render",
            SAMPLE,
            "--doc",
            "velkomstbrev",
            "--kommune",
            PROFILE,
            "-o",
            "-",
        ])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    crate::common::assert_private(&stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn cases_name_their_own_profile_when_no_kommune_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        "samples/saker/asker-yonas.yaml",
        "samples/saker/alver-amina.yaml",
        "--doc",
        "velkomstbrev",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        files_in(dir.path()),
        ["2025-1432-velkomstbrev.pdf", "2026-0211-velkomstbrev.pdf"]
    );
    let nn = pdf_text(&std::fs::read(dir.path().join("2026-0211-velkomstbrev.pdf")).unwrap());
    assert!(
        nn.contains("Dykkar ref."),
        "the Alver case used its own (nynorsk) profile"
    );
}

#[test]
fn a_case_without_profile_and_no_kommune_is_a_located_error() {
    let s = Scratch::new("kommuneprofil: ../kommuner/asker.yaml\n", "");
    let o = saksdok(&["render", s.case(), "--doc", "velkomstbrev", "-o", s.out()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("kommuneprofil") && err.contains("--kommune"),
        "{err}"
    );
    assert!(files_in(&s.out).is_empty());
}

/// Every `saksdok …` command in the README runs as written (with `out`
/// pointed at a scratch folder).
#[test]
fn readme_examples_run() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut current = String::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let line = line.split(" #").next().unwrap().trim_end();
        if current.is_empty() && !line.starts_with("saksdok ") {
            continue;
        }
        if let Some(cont) = line.strip_suffix('\\') {
            current.push_str(cont);
            continue;
        }
        current.push_str(line);
        commands.push(std::mem::take(&mut current));
    }
    assert!(commands.len() >= 6, "found {commands:?}");
    let dir = tempfile::tempdir().unwrap();
    for command in &commands {
        let mut args: Vec<String> = Vec::new();
        let bench = command.starts_with("saksdok bench");
        for word in command.split_whitespace().skip(1) {
            if let Some(quoted) = word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
                // A quoted pattern is expanded by saksdok itself.
                args.push(quoted.to_owned());
            } else if bench && word.chars().all(|c| c.is_ascii_digit()) {
                // The benchmark's size: keep the test quick.
                args.push("20".to_owned());
            } else if word == "out" {
                args.push(dir.path().to_str().unwrap().to_owned());
            } else if word.contains('*') {
                let (folder, _) = word.rsplit_once('/').unwrap();
                let mut matches: Vec<String> = std::fs::read_dir(root().join(folder))
                    .unwrap()
                    .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
                    .filter(|p| p.ends_with(".yaml"))
                    .collect();
                matches.sort();
                args.extend(matches);
            } else {
                args.push(word.to_owned());
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if args.first() == Some(&"serve") {
            // The server runs until stopped: start it on a free port, read
            // the address it prints, stop it (its routes are tested in web.rs).
            let mut serve: Vec<&str> = Vec::new();
            let mut words = args.iter();
            while let Some(w) = words.next() {
                if *w == "--port" {
                    words.next();
                } else {
                    serve.push(w);
                }
            }
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
                .args(&serve)
                .args(["--port", "0"])
                .current_dir(root())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let mut line = String::new();
            std::io::BufRead::read_line(
                &mut std::io::BufReader::new(child.stdout.take().unwrap()),
                &mut line,
            )
            .unwrap();
            let _ = child.kill();
            let _ = child.wait();
            assert!(
                line.starts_with("saksdok serve: http://127.0.0.1:"),
                "`{command}`: {line:?}"
            );
            continue;
        }
        let o = saksdok(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "`{command}` failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// domain.md §4's worked example, as `frister --csv` prints it.
#[test]
fn frister_lists_the_worked_example_sorted_by_date() {
    let o = saksdok(&["frister", SAMPLE, "--fra", "2026-11-23", "--csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "dato,saksnummer,navn,frist,beskrivelse\n\
         2026-12-15,2025/1432,Yonas Tesfamariam,ettervern_dialog,Samtale om ettervern senest\n\
         2027-02-23,2025/1432,Yonas Tesfamariam,evaluering,Evaluering av tiltaksplan\n\
         2027-03-02,2025/1432,Yonas Tesfamariam,rutine_evaluering,Rutinen for bosetting skal evalueres\n\
         2027-03-02,2025/1432,Yonas Tesfamariam,helserutine_evaluering,Rutinen for helseoppfølging skal evalueres\n\
         2027-03-02,2025/1432,Yonas Tesfamariam,vergerutine_evaluering,Rutinen for samarbeid med verger skal evalueres\n\
         2027-03-02,2025/1432,Yonas Tesfamariam,saerkontaktrutine_evaluering,Rutinen for særkontakter skal evalueres\n\
         2027-06-14,2025/1432,Yonas Tesfamariam,ettervern_vedtak,Vedtak om ettervern senest\n\
         2027-06-15,2025/1432,Yonas Tesfamariam,attenarsdag,Fyller 18 år (vergemålet slutter)\n\
         2034-06-14,2025/1432,Yonas Tesfamariam,ettervern_siste_dag,Siste dag for ettervern\n"
    );
}

#[test]
fn frister_merges_many_cases_and_hides_past_dates_unless_asked() {
    let all = [
        "frister",
        "samples/saker/asker-yonas.yaml",
        "samples/saker/alver-amina.yaml",
        "samples/saker/alver-dawit.yaml",
        "--fra",
        "2026-11-23",
    ];
    let o = saksdok(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("Dato"), "{table}");
    // Sorted by date across cases; nynorsk labels for the Alver cases.
    let dates: Vec<chrono::NaiveDate> = lines[1..]
        .iter()
        .map(|l| {
            let d = l.split_whitespace().nth(1).unwrap();
            chrono::NaiveDate::parse_from_str(d, "%d.%m.%Y").unwrap()
        })
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{table}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("tysdag 23.02.2027") && l.contains("2024/0877")),
        "{table}"
    );
    assert!(table.contains("Samtale om ettervern seinast"), "{table}");
    // Dawit turned 18 on 10 March 2026: only shown with --alle.
    assert!(!table.contains("10.03.2026"), "{table}");
    let mut with_past = all.to_vec();
    with_past.push("--alle");
    let o = saksdok(&with_past);
    assert!(String::from_utf8_lossy(&o.stdout).contains("10.03.2026"));
}

/// Every `yaml` block in the README is valid YAML (the format documentation
/// must not teach broken syntax).
#[test]
fn readme_yaml_blocks_parse() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(blocks.len() >= 8, "found {} yaml blocks", blocks.len());
    for b in &blocks {
        let parsed: Result<serde::de::IgnoredAny, _> = serde_saphyr::from_str(b);
        assert!(
            parsed.is_ok(),
            "README yaml block does not parse: {:?}\n{b}",
            parsed.err()
        );
    }
}

#[test]
fn options_that_do_not_apply_to_the_kind_are_usage_errors() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    for args in [
        vec![
            "render",
            "samples/saker/alver-amina.yaml",
            "-d",
            "velkomstbrev",
            "--liste",
            "ettervern",
            "-o",
            o,
        ],
        vec![
            "render",
            "samples/saker/alver-amina.yaml",
            "-d",
            "tiltaksplan",
            "--med-vedlegg",
            "-o",
            o,
        ],
        vec![
            "batch",
            "samples/saker",
            "-d",
            "velkomstbrev",
            "--liste",
            "ettervern",
            "-o",
            o,
        ],
        vec![
            "batch",
            "samples/saker",
            "-d",
            "tiltaksplan",
            "--med-vedlegg",
            "-o",
            o,
        ],
        vec![
            "render",
            "samples/saker/alver-amina.yaml",
            "samples/saker/asker-yonas.yaml",
            "-d",
            "velkomstbrev",
            "-o",
            "-",
        ],
    ] {
        let r = saksdok(&args);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(
            std::fs::read_dir(out.path()).unwrap().next().is_none(),
            "{args:?} wrote files"
        );
        assert!(r.stdout.is_empty());
    }
    // A request of several files is refused on standard output, before
    // anything is written there.
    for (doc, format) in [("folgebrev", "pdf"), ("velkomstbrev", "png")] {
        let r = saksdok(&[
            "render",
            "samples/saker/alver-amina.yaml",
            "-d",
            doc,
            "--format",
            format,
            "-o",
            "-",
        ]);
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{doc}: {err}");
        assert!(err.contains("standard output takes one"), "{err}");
        assert!(r.stdout.is_empty(), "{doc}: something was written");
    }
}

#[test]
fn render_help_names_the_section_each_kind_needs() {
    let r = saksdok(&["render", "--help"]);
    let help = String::from_utf8_lossy(&r.stdout);
    for k in saksdok::DocumentKind::ALL {
        if let Some(s) = k.section() {
            assert!(
                help.contains(&format!("Needs `{}:`", s.name)),
                "{k}: {help}"
            );
        }
    }
}

/// The YAML blocks of the README, in order.
fn readme_yaml_blocks() -> Vec<String> {
    let readme = read("README.md");
    let mut blocks = Vec::new();
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```yaml\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").unwrap();
        blocks.push(body[..end].to_owned());
        rest = &body[end..];
    }
    blocks
}

#[test]
fn every_readme_example_parses_and_validates() {
    let blocks = readme_yaml_blocks();
    // The case file: the first block that names a saksnummer, then each
    // section block added to it in turn.
    let base_at = blocks
        .iter()
        .position(|b| b.contains("saksnummer:"))
        .unwrap();
    let base = &blocks[base_at];
    let profile = blocks.iter().find(|b| b.starts_with("kommune:")).unwrap();
    saksdok::case::parse_profile(profile.as_bytes(), "README.md (profile)")
        .unwrap_or_else(|e| panic!("the README's profile example: {e}"));
    saksdok::case::parse_case(base.as_bytes(), "README.md (case)")
        .unwrap_or_else(|e| panic!("the README's case example: {e}"));
    let mut sections = 0;
    let mut agreements = 0;
    for b in &blocks[base_at + 1..] {
        let first = b.lines().next().unwrap_or("");
        if b.contains("\navtalenummer:") {
            saksdok::case::parse_agreement(b.as_bytes(), "README.md (agreement)")
                .unwrap_or_else(|e| panic!("the README's agreement example: {e}"));
            agreements += 1;
            continue;
        }
        if b.starts_with("kommune:") || first.starts_with('#') || first.starts_with(' ') {
            continue;
        }
        let whole = format!("{base}\n{b}");
        saksdok::case::parse_case(whole.as_bytes(), "README.md")
            .unwrap_or_else(|e| panic!("the README's example `{first}` does not validate: {e}"));
        sections += 1;
    }
    assert!(sections >= 5, "only {sections} section examples found");
    assert_eq!(
        agreements, 2,
        "the agreement files' examples (samarbeidsavtale, intensjonsavtale)"
    );
}
