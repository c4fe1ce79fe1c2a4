use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use saksdok::{Case, Engine, Municipality};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One engine for the whole test binary (fonts are parsed once).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// Sample case files with the profile they belong to.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    ),
    (
        "samples/saker/alver-amina.yaml",
        "samples/kommuner/alver.yaml",
    ),
    (
        "samples/saker/alver-dawit.yaml",
        "samples/kommuner/alver.yaml",
    ),
];

pub const PROFILES: &[&str] = &["samples/kommuner/asker.yaml", "samples/kommuner/alver.yaml"];

pub fn case(path: &str) -> Case {
    saksdok::case::load_case(&root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn profile(path: &str) -> Municipality {
    saksdok::case::load_profile(&root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// Runs the binary with `args` in the crate root. Every run, whatever it
/// does and however it ends, is checked for privacy (G01): stderr holds no
/// personal data of the samples and no ID number.
pub fn saksdok(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run saksdok");
    assert_private(&String::from_utf8_lossy(&output.stderr));
    // A batch's manifest is as private as its messages.
    if let Some(i) = args.iter().position(|a| *a == "-o" || *a == "--output")
        && let Some(dir) = args.get(i + 1)
        && let Ok(manifest) = std::fs::read_to_string(root().join(dir).join("manifest.json"))
    {
        // Checksums are long runs of hex digits, not ID numbers.
        let without_checksums: String = manifest
            .lines()
            .filter(|l| !l.trim_start().starts_with("\"sha256\""))
            .collect::<Vec<_>>()
            .join("\n");
        assert_private(&without_checksums);
    }
    output
}

/// Runs the binary like [`saksdok`], but kills it and fails the test if it
/// has not finished after `secs` seconds (for inputs that could hang).
pub fn saksdok_or_hang(args: &[&str], secs: u64) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run saksdok");
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > secs {
            child.kill().unwrap();
            panic!("saksdok {args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_private(&String::from_utf8_lossy(&output.stderr));
    output
}

/// Text of a PDF as a reader extracts it.
pub fn pdf_text(bytes: &[u8]) -> String {
    // A word hyphenated at a line end (table cells hyphenate) comes out of
    // pdf-extract as «Leksehjelptilbu -» + line break + «det»: joined again.
    pdf_extract::extract_text_from_mem(bytes)
        .expect("PDF text extracts")
        .replace(" -\n", "")
}

/// Removes all whitespace and soft hyphens, so comparisons ignore line
/// breaks, spacing and where table cells hyphenate a long word (Typst puts
/// a soft hyphen into the text layer at a hyphenation break).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// Files in a folder (none expected after a failure).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A sample case or profile as a tree (JSON is YAML, so the loaders read an
/// edited tree back with all their checks).
pub fn tree_of(path: &str) -> serde_json::Value {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The case at `path`, edited as a tree and loaded again.
pub fn case_with(path: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Case {
    let mut tree = tree_of(path);
    edit(&mut tree);
    saksdok::case::parse_case(tree.to_string().as_bytes(), path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The profile at `path`, edited as a tree and loaded again.
pub fn profile_with(path: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Municipality {
    let mut tree = tree_of(path);
    edit(&mut tree);
    saksdok::case::parse_profile(tree.to_string().as_bytes(), path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A text field of the velkomstbrev's data that hostile text can be put in.
pub struct Field {
    pub name: &'static str,
    /// In the profile rather than the case.
    pub in_profile: bool,
    /// JSON pointer into the case or the profile.
    pub pointer: &'static str,
}

const fn case_field(name: &'static str, pointer: &'static str) -> Field {
    Field {
        name,
        in_profile: false,
        pointer,
    }
}

/// Text fields that are printed verbatim (not upper- or lower-cased).
pub const FIELDS: &[Field] = &[
    case_field("ungdom.etternavn", "/ungdom/etternavn"),
    case_field("verge.navn", "/verge/navn"),
    case_field("ansatte[0].navn", "/ansatte/0/navn"),
    case_field("ansatte[1].tittel", "/ansatte/1/tittel"),
    case_field(
        "bosetting.bofellesskap.navn",
        "/bosetting/bofellesskap/navn",
    ),
    case_field(
        "bosetting.bofellesskap.adresse.linje1",
        "/bosetting/bofellesskap/adresse/linje1",
    ),
    case_field("velkomstbrev.motested", "/velkomstbrev/motested"),
    case_field("velkomstbrev.ankomst", "/velkomstbrev/ankomst"),
    case_field("velkomstbrev.var_ref", "/velkomstbrev/var_ref"),
    case_field(
        "velkomstbrev.forste_uker[0].hva",
        "/velkomstbrev/forste_uker/0/hva",
    ),
    case_field("velkomstbrev.ta_med[1]", "/velkomstbrev/ta_med/1"),
    case_field("velkomstbrev.vedlegg[0]", "/velkomstbrev/vedlegg/0"),
    Field {
        name: "kommune.telefon",
        in_profile: true,
        pointer: "/telefon",
    },
    Field {
        name: "kommune.taushetsplikt.hjemmel",
        in_profile: true,
        pointer: "/taushetsplikt/hjemmel",
    },
];

/// The bokmål sample with `value` put into `field`. Values the loader
/// checks (characters, length) go through its checks like any case file.
pub fn sample_with(field: &Field, value: &str) -> (Case, Municipality) {
    let set = |tree: &mut serde_json::Value| {
        *tree.pointer_mut(field.pointer).unwrap() = serde_json::Value::String(value.to_owned());
    };
    let (case, profile) = (
        "samples/saker/asker-yonas.yaml",
        "samples/kommuner/asker.yaml",
    );
    if field.in_profile {
        (crate::common::case(case), profile_with(profile, set))
    } else {
        (case_with(case, set), crate::common::profile(profile))
    }
}

/// Removes the page footers (from «Postadresse» to «Side x av y», and the
/// «Dok.-ID …» line, whose hash changes with every input) from squashed
/// text, so a value that moves a page break compares equal.
pub fn strip_footers(squashed: &str) -> String {
    let squashed = strip_document_ids(squashed);
    let mut out = String::new();
    let mut rest = squashed.as_str();
    while let Some(start) = rest.find("Postadresse") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(side) = after.find("Side") else {
            rest = after;
            break;
        };
        let tail = &after[side + 4..];
        let digits = |s: &str| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .map(char::len_utf8)
                .sum::<usize>()
        };
        let n = digits(tail);
        let tail = &tail[n..];
        let tail = tail.strip_prefix("av").unwrap_or(tail);
        let m = digits(tail);
        rest = &tail[m..];
    }
    out.push_str(rest);
    out
}

/// Removes every «Dok.-ID <stem>-<8 hex>» from squashed text.
pub fn strip_document_ids(squashed: &str) -> String {
    const LABEL: &str = "Dok.-ID";
    let mut out = String::new();
    let mut rest = squashed;
    while let Some(start) = rest.find(LABEL) {
        out.push_str(&rest[..start]);
        let after = &rest[start + LABEL.len()..];
        let bytes = after.as_bytes();
        // The hash: the first '-' followed by 8 hex digits and no further '-'.
        let end = (0..bytes.len())
            .find(|&i| {
                bytes[i] == b'-'
                    && bytes.len() >= i + 9
                    && bytes[i + 1..i + 9].iter().all(u8::is_ascii_hexdigit)
                    && bytes.get(i + 9) != Some(&b'-')
            })
            .map_or(after.len(), |i| i + 9);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every file under `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// What a run of the binary left behind.
pub struct Run {
    pub code: Option<i32>,
    /// stderr, with the temporary folder shown as `[TMP]`.
    pub stderr: String,
    /// Files in the output folder.
    pub files: Vec<String>,
}

/// Writes `case` and `profile` into a fresh folder as `sak.yaml` and
/// `kommune.yaml`, renders `doc` into `out/` there (with `extra` arguments),
/// and reports what happened (privacy-checked by [`saksdok`]).
pub fn render_in_tmp(case: &str, profile: &str, doc: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let case_path = dir.path().join("sak.yaml");
    let profile_path = dir.path().join("kommune.yaml");
    std::fs::write(&case_path, case).unwrap();
    std::fs::write(&profile_path, profile).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut args = vec![
        "render",
        case_path.to_str().unwrap(),
        "--doc",
        doc,
        "--kommune",
        profile_path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = saksdok(&args);
    let stderr =
        String::from_utf8_lossy(&output.stderr).replace(dir.path().to_str().unwrap(), "[TMP]");
    Run {
        code: output.status.code(),
        stderr,
        files: files_in(&out),
    }
}

/// A refused document: `render_in_tmp` must exit with 1, write nothing,
/// not panic, and name `sak.yaml` or `kommune.yaml` with a line (or the
/// template folder); returns stderr for the caller's own checks.
pub fn refused(case: &str, profile: &str, doc: &str, extra: &[&str]) -> String {
    let run = render_in_tmp(case, profile, doc, extra);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(run.files.is_empty(), "files were written: {:?}", run.files);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        ["sak.yaml:", "kommune.yaml", "templates"]
            .iter()
            .any(|f| run.stderr.contains(f)),
        "stderr names no file: {}",
        run.stderr
    );
    run.stderr
}

/// Personal data in the sample cases: names, ID numbers, addresses, phone
/// numbers, and free text (every three words in a row of a value that is
/// not a legal reference).
pub fn personal_data() -> &'static [String] {
    static DATA: OnceLock<Vec<String>> = OnceLock::new();
    DATA.get_or_init(|| {
        fn walk(key: &str, v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => {
                    let personal = matches!(
                        key,
                        "fornavn"
                            | "etternavn"
                            | "navn"
                            | "navn_originalskrift"
                            | "fodselsnummer"
                            | "dnummer"
                            | "duf"
                            | "linje1"
                            | "linje2"
                            | "telefon"
                    );
                    // A legal reference (`hjemmel: bvl. § 3-6`) is not personal.
                    let free_text = key != "hjemmel" && s.split_whitespace().count() >= 3;
                    if personal {
                        out.push(s.trim().to_owned());
                    }
                    if free_text {
                        // Every three words in a row, so a part of the text
                        // counts too.
                        let words: Vec<&str> = s.split_whitespace().collect();
                        out.extend(words.windows(3).map(|w| w.join(" ")));
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| walk(key, v, out)),
                serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| walk(k, v, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (case, _) in SAMPLES {
            let tree: serde_json::Value = serde_saphyr::from_str(&read(case)).unwrap();
            walk("", &tree, &mut out);
        }
        out.sort();
        out.dedup();
        out
    })
}

/// G01: `stderr` holds no personal data of the samples and no number that
/// could be an ID number (11 digits or more in a row).
pub fn assert_private(stderr: &str) {
    for secret in personal_data() {
        assert!(
            !stderr.contains(secret.as_str()),
            "personal data `{secret}` on stderr:\n{stderr}"
        );
    }
    let mut digits = 0;
    for c in stderr.chars() {
        digits = if c.is_ascii_digit() { digits + 1 } else { 0 };
        assert!(digits < 11, "an ID number on stderr:\n{stderr}");
    }
}

/// The date and generated Typst source of the first document of a request
/// for `kind` dated as the case says (for a følgebrev, the youth's letter).
pub fn source(
    case: &Case,
    muni: &Municipality,
    kind: saksdok::DocumentKind,
) -> (chrono::NaiveDate, saksdok::template::TypstSource) {
    let (date, mut docs) = engine()
        .generate(case, muni, &saksdok::Request::new(kind))
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
    (date, docs.remove(0).source)
}

/// A copy of the templates with one file edited.
pub fn templates_with(edit: impl Fn(&str) -> String, file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("templates"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "edit changed nothing");
    std::fs::write(&path, edited).unwrap();
    dir
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
