use std::path::Path;

use serde_json::Value;
use sha2::Digest as _;

use crate::common::{root, saksdok, squash, tree};

fn pages_by_text(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).expect("PDF text extracts")
}

fn page_count(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
}

/// Runs a batch over the bundled samples into a fresh folder.
fn sample_batch(extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_owned();
    let mut args = vec![
        "batch",
        "samples/saker",
        "-d",
        "velkomstbrev,tiltaksplan,folgebrev",
        "-o",
        &out,
    ];
    args.extend_from_slice(extra);
    let output = saksdok(&args);
    (dir, output)
}

const EXPECTED: &[&str] = &[
    "2024-0877/2024-0877-tiltaksplan.pdf",
    "2025-1432/2025-1432-folgebrev-ungdom.pdf",
    "2025-1432/2025-1432-folgebrev-verge.pdf",
    "2025-1432/2025-1432-tiltaksplan.pdf",
    "2025-1432/2025-1432-velkomstbrev.pdf",
    "2026-0211/2026-0211-folgebrev-kopi-1.pdf",
    "2026-0211/2026-0211-folgebrev-ungdom.pdf",
    "2026-0211/2026-0211-folgebrev-verje.pdf",
    "2026-0211/2026-0211-tiltaksplan.pdf",
    "2026-0211/2026-0211-velkomstbrev.pdf",
    "manifest.json",
];

#[test]
fn batch_over_samples_writes_the_expected_files_and_a_true_manifest() {
    let (dir, out) = sample_batch(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = tree(dir.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, EXPECTED);

    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let docs = manifest["documents"].as_array().unwrap();
    assert_eq!(docs.len(), EXPECTED.len() - 1);
    for d in docs {
        let path = d["path"].as_str().unwrap();
        let bytes = &files[path];
        let sha = sha2::Sha256::digest(bytes);
        let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(d["sha256"].as_str().unwrap(), hex, "{path}");
        assert_eq!(d["bytes"].as_u64().unwrap() as usize, bytes.len(), "{path}");
        assert_eq!(
            d["pages"].as_u64().unwrap() as usize,
            page_count(bytes),
            "{path}"
        );
        let id = d["document_id"].as_str().unwrap();
        assert!(
            id.starts_with(&path.split('/').nth(1).unwrap().replace(".pdf", "-")),
            "{id}"
        );
        assert!(d["case"].as_str().unwrap().contains('/'));
    }
    // Print order: the case files in order (a folder by file name), then
    // the kinds as asked, then recipients.
    let order: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(order[5], "2024-0877/2024-0877-tiltaksplan.pdf");
    assert_eq!(
        &order[..3],
        [
            "2026-0211/2026-0211-velkomstbrev.pdf",
            "2026-0211/2026-0211-tiltaksplan.pdf",
            "2026-0211/2026-0211-folgebrev-ungdom.pdf"
        ]
    );
    // Dawit has only a plan: the other two kinds are skipped, not failed.
    assert_eq!(manifest["skipped"].as_array().unwrap().len(), 2);
    assert!(manifest["failed"].as_array().unwrap().is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("10 documents"), "{stderr}");
    // No names or ID numbers in what the batch prints.
    for secret in ["Yonas", "Amina", "Dawit", "15860998987", "Tesfamariam"] {
        assert!(!stderr.contains(secret), "{secret} in {stderr}");
    }

    // A second run gives the same manifest and the same bytes.
    let (again, out2) = sample_batch(&[]);
    assert!(out2.status.success());
    assert_eq!(tree(again.path()), files);
}

#[test]
fn one_and_two_workers_write_identical_bytes() {
    let (one, o1) = sample_batch(&["--jobs", "1", "--print-file", "--duplex"]);
    let (two, o2) = sample_batch(&["--jobs", "2", "--print-file", "--duplex"]);
    assert!(o1.status.success() && o2.status.success());
    let (a, b) = (tree(one.path()), tree(two.path()));
    assert!(a.contains_key("utskriftsfil.pdf"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between --jobs 1 and --jobs 2"
        );
    }
}

#[test]
fn the_document_id_is_on_every_page() {
    let (dir, out) = sample_batch(&["--med-vedlegg"]);
    assert!(out.status.success());
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let mut pages_checked = 0;
    for d in manifest["documents"].as_array().unwrap() {
        let id = d["document_id"].as_str().unwrap();
        let bytes = std::fs::read(dir.path().join(d["path"].as_str().unwrap())).unwrap();
        let pages = pages_by_text(&bytes);
        assert_eq!(pages.len(), d["pages"].as_u64().unwrap() as usize);
        for (i, text) in pages.iter().enumerate() {
            // An enclosed plan carries its own document's ID on its pages.
            assert!(
                squash(text).contains("Dok.-ID")
                    && (squash(text).contains(id)
                        || squash(text).contains(&id[..id.find("-folgebrev").unwrap_or(id.len())])),
                "page {} of {id} has no document ID:\n{text}",
                i + 1
            );
        }
        pages_checked += pages.len();
    }
    assert!(pages_checked >= 15, "{pages_checked}");
}

#[test]
fn the_print_file_keeps_each_letter_whole_and_numbered() {
    for duplex in [false, true] {
        let extra: &[&str] = if duplex {
            &["--print-file", "--duplex"]
        } else {
            &["--print-file"]
        };
        let (dir, out) = sample_batch(extra);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap())
                .unwrap();
        let print = std::fs::read(dir.path().join("utskriftsfil.pdf")).unwrap();
        let text = pages_by_text(&print);
        let docs = manifest["documents"].as_array().unwrap();
        let letter_pages: usize = docs
            .iter()
            .map(|d| d["pages"].as_u64().unwrap() as usize)
            .sum();
        let padding: usize = if duplex {
            docs.iter()
                .filter(|d| d["pages"].as_u64().unwrap() % 2 == 1)
                .count()
        } else {
            0
        };
        assert_eq!(text.len(), letter_pages + padding);
        assert_eq!(
            manifest["print_file"]["pages"].as_u64().unwrap() as usize,
            text.len()
        );
        assert!(padding > 0 || !duplex);
        for d in docs {
            let [first, last] = [0, 1].map(|i| d["print_file_pages"][i].as_u64().unwrap() as usize);
            let n = d["pages"].as_u64().unwrap() as usize;
            assert_eq!(last - first + 1, n);
            if duplex {
                assert_eq!(first % 2, 1, "{} starts on an even page", d["path"]);
            }
            let page = squash(&text[first - 1]);
            let id = d["document_id"].as_str().unwrap();
            assert!(page.contains(id), "page {first} lacks {id}");
            assert!(
                page.contains(&format!("Side1av{n}")),
                "page {first}: {page}"
            );
        }
    }
}

/// Copies the samples into a folder (cases and profiles, same layout).
fn copy_samples(dir: &Path) {
    for sub in ["saker", "kommuner"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for e in std::fs::read_dir(root().join("samples").join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_broken_case_is_reported_and_the_good_ones_are_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(dir.path());
    let broken = std::fs::read_to_string(root().join("samples/saker/alver-amina.yaml"))
        .unwrap()
        .replace("\"2026/0211\"", "\"2026/9999\"")
        .replace("  dato: 2026-12-14", "  dato: 2026-13-14");
    let line = broken
        .lines()
        .position(|l| l.contains("2026-13-14"))
        .unwrap()
        + 1;
    std::fs::write(dir.path().join("saker/broken.yaml"), broken).unwrap();
    let (out, out_dir) = welcome_letters_of_folder(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("broken.yaml:{line}:")), "{stderr}");
    assert!(stderr.contains("1 failed"), "{stderr}");
    let files: Vec<String> = tree(&out_dir).into_keys().collect();
    assert_eq!(
        files,
        [
            "2025-1432/2025-1432-velkomstbrev.pdf",
            "2026-0211/2026-0211-velkomstbrev.pdf",
            "manifest.json"
        ]
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let failed = manifest["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["file"].as_str().unwrap().ends_with("broken.yaml"));
}

/// Batches the welcome letters of the cases in `dir/saker` into `dir/ut`.
fn welcome_letters_of_folder(dir: &Path) -> (std::process::Output, std::path::PathBuf) {
    let out_dir = dir.join("ut");
    std::fs::create_dir(&out_dir).unwrap();
    let out = saksdok(&[
        "batch",
        dir.join("saker").to_str().unwrap(),
        "-d",
        "velkomstbrev",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    (out, out_dir)
}

#[test]
fn two_cases_with_one_output_folder_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(dir.path());
    std::fs::copy(
        dir.path().join("saker/asker-yonas.yaml"),
        dir.path().join("saker/yonas-kopi.yaml"),
    )
    .unwrap();
    let (out, out_dir) = welcome_letters_of_folder(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("asker-yonas.yaml") && stderr.contains("yonas-kopi.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("saksnummer"), "{stderr}");
    assert!(tree(&out_dir).is_empty(), "something was written");
}

#[test]
fn letters_to_protected_addresses_are_listed_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    copy_samples(dir.path());
    let path = dir.path().join("saker/alver-amina.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "verge:\n  navn: Per Olav Strand\n",
        "verge:\n  navn: Per Olav Strand\n  adressebeskyttelse: fortrolig\n",
    );
    std::fs::write(&path, text).unwrap();
    let out_dir = dir.path().join("ut");
    std::fs::create_dir(&out_dir).unwrap();
    let out = saksdok(&[
        "batch",
        path.to_str().unwrap(),
        "-d",
        "folgebrev",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 letter to a person with a protected address"),
        "{stderr}"
    );
    assert!(stderr.contains("2026-0211-folgebrev-verje.pdf"), "{stderr}");
    assert!(!stderr.contains("folgebrev-ungdom.pdf"), "{stderr}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    let flagged: Vec<&str> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["protected_address"].as_bool().unwrap())
        .map(|d| d["role"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["verje"]);
}

#[test]
fn synthetic_cases_are_valid_and_render_to_one_page() {
    let engine = crate::common::engine();
    let muni = saksdok::case::parse_profile(
        saksdok::synthetic::profile_yaml().as_bytes(),
        "kommune.yaml",
    )
    .unwrap();
    for i in [0, 1, 17, 999] {
        let case =
            saksdok::case::parse_case(saksdok::synthetic::case_yaml(i).as_bytes(), "sak.yaml")
                .unwrap_or_else(|e| panic!("synthetic case {i}: {e}"));
        let r = engine
            .render(
                &case,
                &muni,
                saksdok::DocumentKind::Folgebrev,
                None,
                saksdok::OutputFormat::Pdf,
            )
            .unwrap();
        assert_eq!(r.files.len(), 1);
        assert_eq!(r.pages, 1, "synthetic letter {i} is not one page");
    }
}

/// Writes `n` synthetic cases and their profile into `dir/saker`.
pub(crate) fn synthetic_cases(dir: &Path, n: usize) -> std::path::PathBuf {
    let cases = dir.join("saker");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::create_dir_all(dir.join("kommuner")).unwrap();
    std::fs::write(
        dir.join("kommuner/fiktiv.yaml"),
        saksdok::synthetic::profile_yaml(),
    )
    .unwrap();
    for i in 0..n {
        std::fs::write(
            cases.join(format!("sak-{i:05}.yaml")),
            saksdok::synthetic::case_yaml(i),
        )
        .unwrap();
    }
    cases
}

#[test]
fn a_killed_batch_leaves_only_whole_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = synthetic_cases(dir.path(), 400);
    let out = dir.path().join("ut");
    std::fs::create_dir(&out).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saksdok"))
        .args([
            "batch",
            cases.to_str().unwrap(),
            "-d",
            "folgebrev",
            "-q",
            "-o",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it is writing (a few case folders exist), or give up
    // waiting after 60 s.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&out).unwrap().count() < 20 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let files = tree(&out);
    let pdfs: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".pdf"))
        .collect();
    assert!(!pdfs.is_empty(), "killed before anything was written");
    assert!(
        !files.contains_key("manifest.json"),
        "the batch finished before it was killed; nothing was tested"
    );
    for (name, bytes) in &pdfs {
        assert!(
            bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"),
            "{name} is cut short"
        );
        lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // The next batch in the same folder removes what the killed one left.
    let again = saksdok(&[
        "batch",
        cases.join("sak-00000.yaml").to_str().unwrap(),
        "-d",
        "folgebrev",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(again.status.success());
    let leftovers: Vec<String> = tree(&out)
        .into_keys()
        .filter(|name| name.contains(".saksdok-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
