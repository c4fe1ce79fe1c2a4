//! Batches from the browser: the library's batch on a thread of its own,
//! its progress shown live (the page asks for it every second), then the
//! print file, a zip of the documents and the manifest to download, and
//! the cases that failed with their located errors. The output of a run
//! is kept in the hidden folder `.utskrift/<run>` inside the case folder
//! (the same disk and permissions as the case files); the last few runs
//! are kept, older ones removed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::App;
use super::cases::{self, Problem};
use super::pages::{page, page_with_status};
use super::security::{self, refusal};
use crate::export::write::OutputDir;
use crate::job::batch::{BatchOptions, MANIFEST, PRINT_FILE};
use crate::kind::{DocumentKind, Subject};

/// The hidden folder of batch output inside the case folder.
pub const OUTPUT: &str = ".utskrift";

/// How many runs are kept.
const KEEP: usize = 5;

/// The runs of this process, by id.
#[derive(Default)]
pub struct Runs(Mutex<Vec<(String, Arc<Run>)>>);

/// One batch run.
pub struct Run {
    dir: PathBuf,
    state: Mutex<Progress>,
}

/// What the status shows: counts and located errors, never a name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub finished: bool,
    pub documents: usize,
    pub pages: usize,
    pub print_pages: Option<usize>,
    pub failed: Vec<Failed>,
    pub skipped: Vec<String>,
    /// A failure of the whole run (the print file could not be written).
    pub error: Option<String>,
}

/// A case that failed.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    pub file: String,
    pub id: String,
    pub problems: Vec<Problem>,
}

impl Runs {
    fn get(&self, id: &str) -> Option<Arc<Run>> {
        let runs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        runs.iter()
            .find(|(k, _)| k == id)
            .map(|(_, r)| Arc::clone(r))
    }

    /// Adds a run; the oldest beyond `KEEP` go, with their files.
    fn add(&self, id: String, run: Arc<Run>) {
        let mut runs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        runs.insert(0, (id, run));
        while runs.len() > KEEP {
            if let Some((_, old)) = runs.pop() {
                let _ = std::fs::remove_dir_all(&old.dir);
            }
        }
    }
}

/// A form post's values of `key`, in order.
fn all(body: &[u8], key: &str) -> Vec<String> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// The kinds a batch from the browser can make (case documents that need
/// no checklist), for the list page.
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    DocumentKind::ALL
        .iter()
        .filter(|k| k.subject() == Subject::Case && !k.needs_checklist())
        .map(|k| (k.name(), k.title()))
        .collect()
}

/// POST `/batch`: starts a run of the chosen cases and kinds.
pub async fn start(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let ids = all(&body, "sak");
    let names = all(&body, "dokument");
    let duplex = all(&body, "tosidig").iter().any(|v| v == "1");
    let with_enclosures = all(&body, "vedlegg").iter().any(|v| v == "1");
    let cases: Vec<PathBuf> = ids.iter().filter_map(|id| cases::find(&app, id)).collect();
    let kinds: Vec<DocumentKind> = names
        .iter()
        .filter_map(|n| DocumentKind::from_name(n))
        .filter(|k| kinds().iter().any(|(n, _)| *n == k.name()))
        .collect();
    if cases.is_empty() || kinds.is_empty() || cases.len() != ids.len() {
        #[derive(Serialize)]
        struct Ctx {
            feil: &'static str,
        }
        return page_with_status(
            &app,
            "batch.html",
            Ctx {
                feil: "Velg minst én sak og minst ett dokument i listen over saker, og start på nytt.",
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let id = security::random_token()[..16].to_owned();
    let dir = app.saker.join(OUTPUT).join(&id);
    if std::fs::create_dir_all(&dir).is_err() {
        return refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Mappen for utskriften kunne ikke lages.",
        );
    }
    let run = Arc::new(Run {
        dir: dir.clone(),
        state: Mutex::new(Progress {
            total: cases.len(),
            ..Progress::default()
        }),
    });
    app.batches.add(id.clone(), Arc::clone(&run));
    let opts = BatchOptions {
        kinds,
        undated: Some((app.config.today)()),
        with_enclosures,
        jobs: crate::job::batch::worker_count(None),
        print_file: true,
        duplex,
        worker_processes: app.config.workers.clone(),
        ..BatchOptions::default()
    };
    let a = Arc::clone(&app);
    std::thread::spawn(move || work(&a, &run, cases, &opts));
    Redirect::to(&format!("/batch/{id}")).into_response()
}

fn work(app: &App, run: &Run, cases: Vec<PathBuf>, opts: &BatchOptions) {
    let set = |f: &dyn Fn(&mut Progress)| {
        let mut s = run.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s);
    };
    let out = match OutputDir::prepare(&run.dir) {
        Ok(o) => o,
        Err(_) => {
            set(&|s| {
                s.finished = true;
                s.error = Some("Mappen for utskriften kan ikke skrives til.".to_owned());
            });
            return;
        }
    };
    let report = app.job.batch(cases, &out, opts, &|done| {
        set(&|s| {
            s.done = done.done;
            s.total = done.total;
        });
    });
    set(&|s| {
        s.finished = true;
        match &report {
            Ok(r) => {
                s.done = s.total;
                s.documents = r.documents;
                s.pages = r.pages;
                s.print_pages = r.print_file_pages;
                s.skipped = r.skipped.clone();
                s.failed = r
                    .failed
                    .iter()
                    .map(|f| {
                        let file = Path::new(&f.file)
                            .file_name()
                            .and_then(|n| n.to_str())
                            .unwrap_or_default()
                            .to_owned();
                        Failed {
                            id: cases::id_of(&file),
                            file,
                            problems: f.errors.iter().flat_map(cases::problems).collect(),
                        }
                    })
                    .collect();
                if r.finish_error.is_some() {
                    s.error = Some("Utskriftsfilen eller manifestet kunne ikke lages.".to_owned());
                }
            }
            Err(e) => {
                s.error = Some(
                    cases::problems(e)
                        .first()
                        .map_or_else(|| "Kjøringen feilet.".to_owned(), |p| p.message.clone()),
                );
            }
        }
    });
}

#[derive(Serialize)]
struct StatusCtx {
    run: String,
    #[serde(flatten)]
    state: Progress,
}

/// GET `/batch/{run}`: the run's page.
pub async fn show(State(app): State<Arc<App>>, UrlPath(run): UrlPath<String>) -> Response {
    let Some(r) = app.batches.get(&run) else {
        return refusal(StatusCode::NOT_FOUND, "Kjøringen finnes ikke (lenger).");
    };
    let state = r.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
    page(&app, "batch.html", StatusCtx { run, state })
}

/// GET `/batch/{run}/status`: the progress fragment.
pub async fn status(State(app): State<Arc<App>>, UrlPath(run): UrlPath<String>) -> Response {
    let Some(r) = app.batches.get(&run) else {
        return refusal(StatusCode::NOT_FOUND, "Kjøringen finnes ikke (lenger).");
    };
    let state = r.state.lock().unwrap_or_else(|e| e.into_inner()).clone();
    page(&app, "batch-status.html", StatusCtx { run, state })
}

/// GET `/batch/{run}/fil/{name}`: `utskriftsfil.pdf`, `manifest.json` or
/// `dokumenter.zip` (every PDF of the run).
pub async fn download(
    State(app): State<Arc<App>>,
    UrlPath((run, name)): UrlPath<(String, String)>,
) -> Response {
    let Some(r) = app.batches.get(&run) else {
        return refusal(StatusCode::NOT_FOUND, "Kjøringen finnes ikke (lenger).");
    };
    if !r.state.lock().unwrap_or_else(|e| e.into_inner()).finished {
        return refusal(StatusCode::CONFLICT, "Kjøringen er ikke ferdig ennå.");
    }
    let dir = r.dir.clone();
    let (bytes, mime) = match name.as_str() {
        PRINT_FILE => (std::fs::read(dir.join(PRINT_FILE)).ok(), "application/pdf"),
        MANIFEST => (std::fs::read(dir.join(MANIFEST)).ok(), "application/json"),
        "dokumenter.zip" => (
            tokio::task::spawn_blocking(move || zip_of(&dir))
                .await
                .ok()
                .flatten(),
            "application/zip",
        ),
        _ => (None, ""),
    };
    match bytes {
        Some(b) => (
            [
                (header::CONTENT_TYPE, mime.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            b,
        )
            .into_response(),
        None => refusal(StatusCode::NOT_FOUND, "Filen finnes ikke."),
    }
}

/// Every PDF of a run's folder (the print file and the manifest left out),
/// by its path in the folder, stored uncompressed (PDFs are compressed).
fn zip_of(dir: &Path) -> Option<Vec<u8>> {
    let mut files = Vec::new();
    collect_pdfs(dir, dir, &mut files, 0);
    files.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for rel in files {
        let bytes = std::fs::read(dir.join(&rel)).ok()?;
        zip.start_file(rel.replace('\\', "/"), options).ok()?;
        zip.write_all(&bytes).ok()?;
    }
    zip.finish().ok().map(std::io::Cursor::into_inner)
}

fn collect_pdfs(root: &Path, dir: &Path, out: &mut Vec<String>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() && depth < 2 {
            collect_pdfs(root, &p, out, depth + 1);
        } else if meta.is_file()
            && p.extension().is_some_and(|x| x == "pdf")
            && p.file_name().is_some_and(|n| n != PRINT_FILE)
            && let Ok(rel) = p.strip_prefix(root)
        {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}
