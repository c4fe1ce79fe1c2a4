use crate::common::{files_in, saksdok};

const SAMPLE: &str = "samples/saker/asker-yonas.yaml";
const PROFILE: &str = "samples/kommuner/asker.yaml";

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
    let o = saksdok(&[
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(files_in(dir.path()), ["2025-1432-velkomstbrev.pdf"]);
    let bytes = std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // A second run replaces the file atomically and leaves no temporary file.
    let o = saksdok(&[
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(files_in(dir.path()), ["2025-1432-velkomstbrev.pdf"]);
    assert_eq!(
        std::fs::read(dir.path().join("2025-1432-velkomstbrev.pdf")).unwrap(),
        bytes
    );
}

#[test]
fn typ_format_prints_the_generated_source_to_stdout() {
    let o = saksdok(&[
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        "-",
        "--format",
        "typ",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let src = String::from_utf8_lossy(&o.stdout);
    assert!(src.starts_with("#import \"lib/brev.typ\""), "{src}");
    assert!(src.contains("#\"Yonas\";"));
}

#[test]
fn png_format_writes_one_file_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        dir.path().to_str().unwrap(),
        "-f",
        "png",
    ]);
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
        .current_dir(crate::common::root())
        .env("TMPDIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("ok samples/saker/asker-yonas.yaml"));
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn check_reports_a_broken_case_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("sak.yaml");
    let text = std::fs::read_to_string(crate::common::root().join(SAMPLE)).unwrap();
    std::fs::write(
        &case,
        text.replace("duf: \"202412345610\"", "duf: \"20241234561\""),
    )
    .unwrap();
    let o = saksdok(&["check", case.to_str().unwrap(), "--kommune", PROFILE]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("ungdom.duf") && stderr.contains("12 digits"),
        "{stderr}"
    );
    assert_eq!(files_in(dir.path()), ["sak.yaml"]);
}

#[test]
fn usage_errors_exit_2() {
    let o = saksdok(&["render", SAMPLE, "--doc", "nosuchdoc", "--kommune", PROFILE]);
    assert_eq!(o.status.code(), Some(2));
    let o = saksdok(&[
        "render",
        SAMPLE,
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "--date",
        "23.11.2026",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_document_date_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("sak.yaml");
    let text = std::fs::read_to_string(crate::common::root().join(SAMPLE)).unwrap();
    std::fs::write(&case, text.replace("  dato: 2026-11-23\n", "")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let args = [
        "render",
        case.to_str().unwrap(),
        "--doc",
        "velkomstbrev",
        "--kommune",
        PROFILE,
        "-o",
        out.to_str().unwrap(),
    ];
    let o = saksdok(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--date"));
    assert!(files_in(&out).is_empty());
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
        .current_dir(crate::common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
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
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        files_in(dir.path()),
        ["2025-1432-velkomstbrev.pdf", "2026-0211-velkomstbrev.pdf"]
    );
    let nn = crate::common::pdf_text(
        &std::fs::read(dir.path().join("2026-0211-velkomstbrev.pdf")).unwrap(),
    );
    assert!(
        nn.contains("Dykkar ref."),
        "the Alver case used its own (nynorsk) profile"
    );
}

#[test]
fn a_case_without_profile_and_no_kommune_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("sak.yaml");
    let text = std::fs::read_to_string(crate::common::root().join(SAMPLE)).unwrap();
    std::fs::write(
        &case,
        text.replace("kommuneprofil: ../kommuner/asker.yaml\n", ""),
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let o = saksdok(&[
        "render",
        case.to_str().unwrap(),
        "--doc",
        "velkomstbrev",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("kommuneprofil") && stderr.contains("--kommune"),
        "{stderr}"
    );
    assert!(files_in(&out).is_empty());
}

/// Every `saksdok …` command in the README runs as written (with `out`
/// pointed at a scratch folder).
#[test]
fn readme_examples_run() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
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
        for word in command.split_whitespace().skip(1) {
            if word == "out" {
                args.push(dir.path().to_str().unwrap().to_owned());
            } else if word.contains('*') {
                let (folder, _) = word.rsplit_once('/').unwrap();
                let mut matches: Vec<String> =
                    std::fs::read_dir(crate::common::root().join(folder))
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
        let o = saksdok(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "`{command}` failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
