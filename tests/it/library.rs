//! The library as a front end other than the CLI would use it (a web app,
//! an HTTP service): cases from memory, results as bytes, problems as JSON
//! diagnostics; and the rules of the architecture that keep it so.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use saksdok::job::{CaseInput, Job, Profiles};
use saksdok::{Cancel, DocumentKind, Engine, OutputFormat, Request};

use crate::common::{case, engine, pdf_text, profile, read, root, saksdok, templates_with};

/// A velkomstbrev from case bytes called `sak.yaml`.
fn render_bytes(job: &Job, yaml: &str) -> saksdok::Result<saksdok::Rendered> {
    job.render(
        CaseInput::Bytes {
            name: "sak.yaml",
            bytes: yaml.as_bytes(),
        },
        &Request::new(DocumentKind::Velkomstbrev),
        OutputFormat::Pdf,
    )
}

fn asker_job() -> Job {
    let profile = read("samples/kommuner/asker.yaml");
    let muni = saksdok::case::parse_profile(profile.as_bytes(), "kommune.yaml").unwrap();
    Job::new(Engine::new(), Profiles::fixed(muni))
}

/// A server's request: YAML bytes in, PDF bytes out, the same bytes as the
/// CLI writes for the same case.
#[test]
fn a_case_from_memory_renders_to_the_same_bytes_as_from_its_file() {
    let job = asker_job();
    let yaml = read("samples/saker/asker-yonas.yaml");
    let req = Request::new(DocumentKind::Velkomstbrev);
    let from_memory = render_bytes(&job, &yaml).unwrap();
    assert_eq!(from_memory.files.len(), 1);
    assert_eq!(from_memory.files[0].name, "2025-1432-velkomstbrev.pdf");
    assert!(from_memory.files[0].bytes.starts_with(b"%PDF"));
    let path = root().join("samples/saker/asker-yonas.yaml");
    let from_file = job
        .render(CaseInput::File(&path), &req, OutputFormat::Pdf)
        .unwrap();
    assert_eq!(from_memory.files[0].bytes, from_file.files[0].bytes);
    assert!(
        from_memory.warnings.is_empty(),
        "{:?}",
        from_memory.warnings
    );
}

/// A bad case gives diagnostics a server returns as JSON: severity, code,
/// file, line, column, field, message and hint; nothing of the case's
/// content.
#[test]
fn problems_come_back_as_json_diagnostics() {
    let job = asker_job();
    let yaml = read("samples/saker/asker-yonas.yaml")
        .replace("  fodselsdato: 2009-06-15", "  fodseldato: 2009-06-15")
        .replace("duf: \"202412345610\"", "duf: \"202412345611\"");
    let err = render_bytes(&job, &yaml).unwrap_err();
    let json = serde_json::to_value(err.diagnostics()).unwrap();
    let first = &json[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-field");
    assert_eq!(first["file"], "sak.yaml");
    assert_eq!(first["field"], "ungdom.fodseldato");
    assert!(first["line"].as_u64().unwrap() > 1, "{first}");
    assert!(first["column"].is_u64(), "{first}");
    assert_eq!(first["hint"], "did you mean `fodselsdato`?");
    assert!(!json.to_string().contains("Yonas"), "{json}");

    // A value the checks refuse has its own code.
    let yaml = read("samples/saker/asker-yonas.yaml")
        .replace("duf: \"202412345610\"", "duf: \"202412345611\"");
    let err = job
        .check(
            CaseInput::Bytes {
                name: "sak.yaml",
                bytes: yaml.as_bytes(),
            },
            None,
            None,
            None,
        )
        .unwrap_err();
    let json = serde_json::to_value(err.diagnostics()).unwrap();
    assert_eq!(json[0]["code"], "invalid-number", "{json}");
    assert_eq!(json[0]["field"], "ungdom.duf", "{json}");
}

/// A case from memory that names no profile, given to a job without a
/// fixed profile, is refused with the field to fix.
#[test]
fn a_case_without_a_profile_is_refused_by_code() {
    let job = Job::new(Engine::new(), Profiles::per_case());
    let yaml = read("samples/saker/asker-yonas.yaml")
        .replace("kommuneprofil: ../kommuner/asker.yaml\n", "");
    let err = render_bytes(&job, &yaml).unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.code, saksdok::diagnostic::Code::NoProfile);
    assert_eq!(d.field.as_deref(), Some("kommuneprofil"));
    // Library hints name fields, never the CLI's flags.
    assert!(!d.hint.as_deref().unwrap_or_default().contains("--"), "{d}");
}

/// No library message names a CLI flag: every diagnostic the library gives
/// for a range of problems is free of `--`.
#[test]
fn library_hints_name_no_flags() {
    let c = case("samples/saker/alver-dawit.yaml");
    let m = profile("samples/kommuner/alver.yaml");
    let mut seen = 0;
    for kind in DocumentKind::ALL {
        let req = Request {
            checklist: Some("finnes-ikke"),
            with_enclosures: true,
            ..Request::new(*kind)
        };
        if let Err(e) = engine().generate(&c, &m, &req) {
            for d in e.diagnostics() {
                seen += 1;
                let words = format!("{} {}", d.message, d.hint.as_deref().unwrap_or_default());
                assert!(!words.contains("--"), "{d}");
            }
        }
    }
    assert!(seen >= 3, "only {seen} diagnostics");
}

/// The plan enclosed after a letter carries the document ID it has when it
/// is made on its own, so a printed page can be matched to either.
#[test]
fn the_enclosed_plan_has_the_same_document_id_as_the_plan_alone() {
    let c = case("samples/saker/asker-yonas.yaml");
    let m = profile("samples/kommuner/asker.yaml");
    let plan = engine()
        .render(&c, &m, DocumentKind::Tiltaksplan, None, OutputFormat::Pdf)
        .unwrap();
    let id = &plan.files[0].document_id;
    let req = Request {
        with_enclosures: true,
        ..Request::new(DocumentKind::Folgebrev)
    };
    let letters = engine()
        .render_request(&c, &m, &req, OutputFormat::Pdf)
        .unwrap();
    let text = crate::common::squash(&pdf_text(&letters.files[0].bytes));
    assert!(
        text.contains(&format!("Dok.-ID{id}")),
        "{id} not in\n{text}"
    );
}

/// A case without the section a document needs is told so, before any
/// question of the document's date.
#[test]
fn a_missing_section_is_named_before_a_missing_date() {
    let out = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        "samples/saker/alver-amina.yaml",
        "-d",
        "askerguiden-status",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("missing required section `askerguiden` for askerguiden-status")
            && stderr.contains("= field: askerguiden\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("has no date"), "{stderr}");
}

/// Typst's warnings are kept: the CLI shows them as warnings and the
/// document is still written; the samples give none.
#[test]
fn typst_warnings_are_kept_and_shown() {
    for (case_path, profile_path) in crate::common::SAMPLES {
        let (c, m) = (case(case_path), profile(profile_path));
        for kind in DocumentKind::ALL.iter().filter(|k| k.has_data(&c)) {
            if let Ok(r) = engine().render(&c, &m, *kind, None, OutputFormat::Pdf) {
                assert!(
                    r.warnings.is_empty(),
                    "{case_path} {kind}: {:?}",
                    r.warnings
                );
            }
        }
    }
    let hei = "Hei {{ ungdom.fornavn }}!";
    let dir = templates_with(
        |t| {
            t.replace(
                hei,
                &format!("{hei}\n#text(font: \"Ingen slik skrift\")[x]"),
            )
        },
        "velkomstbrev.typ",
    );
    let out = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        "samples/saker/asker-yonas.yaml",
        "-d",
        "velkomstbrev",
        "--templates",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: typesetting: unknown font family"),
        "{stderr}"
    );
    assert!(stderr.contains("velkomstbrev.typ"), "{stderr}");
    assert_eq!(crate::common::files_in(out.path()).len(), 1);
}

/// A cancelled request stops between stages: no document comes back.
#[test]
fn a_cancelled_request_stops_before_anything_is_exported() {
    let c = case("samples/saker/alver-amina.yaml");
    let m = profile("samples/kommuner/alver.yaml");
    let cancel = Cancel::new();
    cancel.cancel();
    let req = Request::new(DocumentKind::Folgebrev);
    let err = engine()
        .render_request_with(&c, &m, &req, OutputFormat::Pdf, &cancel)
        .unwrap_err();
    assert_eq!(
        err.diagnostics()[0].code,
        saksdok::diagnostic::Code::TimeLimit
    );
}

/// The time limit of a job stops a runaway document from memory too, and
/// the job answers at once.
#[test]
fn a_job_time_limit_answers_in_time() {
    let hei = "Hei {{ ungdom.fornavn }}!";
    let dir = templates_with(
        |t| {
            t.replace(
                hei,
                &format!("{hei}\n#for i in range(100000) {{ for j in range(100000) {{ }} }}"),
            )
        },
        "velkomstbrev.typ",
    );
    let profile = read("samples/kommuner/asker.yaml");
    let muni = saksdok::case::parse_profile(profile.as_bytes(), "kommune.yaml").unwrap();
    let job = Job::new(
        Engine::with_template_dir(dir.path()).unwrap(),
        Profiles::fixed(muni),
    )
    .with_time_limit(Duration::from_secs(1));
    let yaml = read("samples/saker/asker-yonas.yaml");
    let started = std::time::Instant::now();
    let err = render_bytes(&job, &yaml).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(30));
    let d = &err.diagnostics()[0];
    assert_eq!(d.code, saksdok::diagnostic::Code::TimeLimit);
    assert_eq!(d.file.as_deref(), Some("sak.yaml"));
}

/// The command line's kinds are the library's table: every kind is in
/// `--help` with its description, and aliases are accepted.
#[test]
fn the_command_line_offers_every_kind_of_the_table() {
    let o = saksdok(&["render", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    for kind in DocumentKind::ALL {
        assert!(help.contains(kind.name()), "{kind} not in --help");
        assert!(
            help.contains(kind.about()),
            "{kind}'s description not in --help"
        );
    }
    // The alias is accepted.
    let out = tempfile::tempdir().unwrap();
    let o = saksdok(&[
        "render",
        "samples/saker/alver-amina.yaml",
        "-d",
        "følgebrev",
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        "typ",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3);
}

/// The top-level modules of `src/` and the others each imports.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = root().join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in all {
        let rel = path.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        // `crate::x` in the library (also `$crate::x` in macros); the CLI
        // is a separate crate that reaches the library as `saksdok::x`.
        let prefix = if module == "cli" {
            "saksdok::"
        } else {
            "crate::"
        };
        for (i, _) in text.match_indices(prefix) {
            let name: String = text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

/// The architecture: no module of the library imports the CLI, no two
/// modules import each other through any path, and the leaves import no
/// stage.
#[test]
fn the_import_graph_has_no_circle_and_leaves_at_the_bottom() {
    let graph = import_graph();
    for (module, deps) in &graph {
        if module != "cli" {
            assert!(!deps.contains("cli"), "{module} imports the CLI");
        }
    }
    // Depth-first search for a cycle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[i..].join(" -> "));
        }
        path.push(m.to_owned());
        for d in graph.get(m).into_iter().flatten() {
            if graph.contains_key(d) {
                visit(d, graph, path, done);
            }
        }
        path.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
    let stages = [
        "case", "context", "kind", "template", "typeset", "export", "engine", "job",
    ];
    for leaf in [
        "assets",
        "norsk",
        "diagnostic",
        "error",
        "files",
        "deadlines",
    ] {
        let deps = &graph[leaf];
        for stage in stages {
            assert!(!deps.contains(stage), "the leaf {leaf} imports {stage}");
        }
    }
}

/// The crate docs and the README name every kind of the table, with the
/// section it needs.
#[test]
fn the_docs_list_every_kind() {
    let lib = read("src/lib.rs");
    let readme = read("README.md");
    for kind in DocumentKind::ALL {
        let row = format!("//! | `{}` |", kind.name());
        let line = lib
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("src/lib.rs does not list {kind}"));
        if let Some(section) = kind.section() {
            assert!(line.contains(&format!("`{}`", section.name)), "{line}");
        }
        assert!(
            readme.contains(&format!("`{}`", kind.name())),
            "README lacks {kind}"
        );
    }
}
