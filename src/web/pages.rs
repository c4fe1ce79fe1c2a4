//! The routes and their pages. Pages are minijinja templates with HTML
//! auto-escaping (`src/web/templates/*.html`, embedded); documents come
//! from the library's `Job`, on a blocking thread with the job's time limit.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::security::{self, refusal};
use super::{App, assets, batch, cases, edit};
use crate::engine::{OutputFormat, Request};
use crate::job::CaseInput;
use crate::kind::{DocumentKind, Subject};

/// The page templates, auto-escaped as HTML.
pub fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    for (name, source) in [
        ("base.html", include_str!("templates/base.html")),
        ("liste.html", include_str!("templates/liste.html")),
        ("sak.html", include_str!("templates/sak.html")),
        ("frister.html", include_str!("templates/frister.html")),
        ("skjema.html", include_str!("templates/skjema.html")),
        (
            "feilsammendrag.html",
            include_str!("templates/feilsammendrag.html"),
        ),
        ("yaml.html", include_str!("templates/yaml.html")),
        ("historikk.html", include_str!("templates/historikk.html")),
        ("ny.html", include_str!("templates/ny.html")),
        (
            "forhandsvisning.html",
            include_str!("templates/forhandsvisning.html"),
        ),
        ("batch.html", include_str!("templates/batch.html")),
        (
            "batch-status.html",
            include_str!("templates/batch-status.html"),
        ),
    ] {
        // The templates are part of the binary and tested; a syntax error
        // is a bug caught by the route tests.
        let _ = env.add_template(name, source);
    }
    env
}

/// Every route, behind the security guard.
pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(list))
        .route("/sak/{id}", get(edit::show).post(edit::post))
        .route("/sak/{id}/yaml", get(edit::yaml_show).post(edit::yaml_post))
        .route("/sak/{id}/versjon", get(edit::version_check))
        .route("/sak/{id}/historikk", get(edit::history))
        .route(
            "/sak/{id}/historikk/{n}",
            get(edit::history_version).post(edit::restore),
        )
        .route("/sak/{id}/forhandsvisning/{kind}", get(preview))
        .route("/ny", get(edit::new_case).post(edit::new_post))
        .route("/batch", axum::routing::post(batch::start))
        .route("/batch/{run}", get(batch::show))
        .route("/batch/{run}/status", get(batch::status))
        .route("/batch/{run}/fil/{name}", get(batch::download))
        .route("/frister", get(deadlines_page))
        .route("/frister.csv", get(deadlines_csv))
        .route("/frister.ics", get(deadlines_ics))
        .route("/sak/{id}/pdf/{kind}/{n}", get(pdf))
        .route("/sak/{id}/side/{kind}/{n}", get(page_image))
        .route("/static/{name}", get(assets::serve))
        .route("/static/fonts/{name}", get(assets::font))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(super::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            security::guard,
        ))
        .with_state(app)
}

async fn not_found() -> Response {
    refusal(StatusCode::NOT_FOUND, "Siden finnes ikke.")
}

/// The page `name` with `ctx`, or a plain error page (no detail).
pub fn page(app: &App, name: &str, ctx: impl Serialize) -> Response {
    page_with_status(app, name, ctx, StatusCode::OK)
}

/// The page `name` with `ctx` and `status`.
pub fn page_with_status(
    app: &App,
    name: &str,
    ctx: impl Serialize,
    status: StatusCode,
) -> Response {
    #[derive(Serialize)]
    struct Frame<'a, T> {
        #[serde(flatten)]
        ctx: T,
        csrf: &'a str,
    }
    let rendered = app.pages.get_template(name).and_then(|t| {
        t.render(minijinja::Value::from(minijinja::value::Serde(Frame {
            ctx,
            csrf: &app.csrf,
        })))
    });
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Siden kunne ikke lages. Prøv igjen, eller bruk kommandolinjen.",
        ),
    }
}

async fn list(State(app): State<Arc<App>>) -> Response {
    let a = Arc::clone(&app);
    let Ok(entries) =
        tokio::task::spawn_blocking(move || cases::list(&a, (a.config.today)())).await
    else {
        return refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Listen kunne ikke lages.",
        );
    };
    #[derive(Serialize)]
    struct Ctx {
        saker: Vec<cases::Entry>,
        gyldige: usize,
        dokumenttyper: Vec<(&'static str, &'static str)>,
    }
    let gyldige = entries.iter().filter(|e| e.problems.is_empty()).count();
    page(
        &app,
        "liste.html",
        Ctx {
            saker: entries,
            gyldige,
            dokumenttyper: batch::kinds(),
        },
    )
}

/// Query of a document download.
#[derive(Debug, serde::Deserialize)]
pub struct DocQuery {
    /// `1`: with the enclosed plan or evaluation after the letter.
    vedlegg: Option<String>,
}

/// Renders `kind` for the case `id` in `format`; the files in memory. Page
/// images are kept for the file's version, so that a preview's pages do
/// not each typeset the document again.
async fn render(
    app: &Arc<App>,
    id: &str,
    kind: &str,
    format: OutputFormat,
    with_enclosures: bool,
) -> Result<Arc<Vec<crate::export::OutputFile>>, Response> {
    let path =
        cases::find(app, id).ok_or_else(|| refusal(StatusCode::NOT_FOUND, "Saken finnes ikke."))?;
    // A checklist is `sjekkliste:<name>`.
    let (kind_name, checklist) = match kind.split_once(':') {
        Some((k, l)) => (k, Some(l.to_owned())),
        None => (kind, None),
    };
    let kind = DocumentKind::from_name(kind_name)
        .filter(|k| k.subject() == Subject::Case)
        .ok_or_else(|| refusal(StatusCode::NOT_FOUND, "Dokumentet finnes ikke."))?;
    let a = Arc::clone(app);
    let key = format!(
        "{id}|{}|{}",
        kind.name(),
        checklist.as_deref().unwrap_or("")
    );
    let result = tokio::task::spawn_blocking(move || {
        let bytes = super::store::read(&path).map_err(|_| None)?;
        let version = super::store::version(&bytes);
        let cache_key = format!("{key}|{version}");
        if format == OutputFormat::Png
            && let Some(files) = a.previews.get(&cache_key)
        {
            return Ok(files);
        }
        let req = Request {
            date: kind.needs_asked_date().then(a.config.today),
            checklist: checklist.as_deref(),
            with_enclosures: with_enclosures && kind.can_enclose(),
            ..Request::new(kind)
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let files = a
            .job
            .render(
                CaseInput::Draft {
                    path: &path,
                    name: &name,
                    bytes: &bytes,
                },
                &req,
                format,
            )
            .map(|r| Arc::new(r.files))
            .map_err(Some)?;
        if format == OutputFormat::Png {
            a.previews.put(cache_key, Arc::clone(&files));
        }
        Ok(files)
    })
    .await
    .map_err(|_| {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Dokumentet kunne ikke lages.",
        )
    })?;
    result.map_err(|e: Option<crate::error::Error>| match e {
        None => refusal(StatusCode::NOT_FOUND, "Saken finnes ikke."),
        Some(_) => refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Dokumentet kan ikke lages av saken slik den er nå: se problemene på sakens side.",
        ),
    })
}

async fn pdf(
    State(app): State<Arc<App>>,
    UrlPath((id, kind, n)): UrlPath<(String, String, usize)>,
    Query(q): Query<DocQuery>,
) -> Response {
    let with = q.vedlegg.as_deref() == Some("1");
    match render(&app, &id, &kind, OutputFormat::Pdf, with).await {
        Ok(files) => match files.get(n) {
            Some(f) => (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}\"", f.name),
                    ),
                ],
                f.bytes.clone(),
            )
                .into_response(),
            None => not_found().await,
        },
        Err(r) => r,
    }
}

async fn page_image(
    State(app): State<Arc<App>>,
    UrlPath((id, kind, n)): UrlPath<(String, String, usize)>,
) -> Response {
    match render(&app, &id, &kind, OutputFormat::Png, false).await {
        Ok(files) => match files.get(n) {
            Some(f) => ([(header::CONTENT_TYPE, "image/png")], f.bytes.clone()).into_response(),
            None => not_found().await,
        },
        Err(r) => r,
    }
}

/// GET `/sak/{id}/forhandsvisning/{kind}`: the pages of a document as
/// images (an HTML fragment the case page puts beside the form).
async fn preview(
    State(app): State<Arc<App>>,
    UrlPath((id, kind)): UrlPath<(String, String)>,
) -> Response {
    #[derive(Serialize)]
    struct Ctx {
        id: String,
        kind: String,
        title: &'static str,
        sider: Vec<usize>,
        feil: bool,
    }
    let title = DocumentKind::from_name(kind.split(':').next().unwrap_or(""))
        .map_or("dokumentet", DocumentKind::title);
    let (sider, feil) = match render(&app, &id, &kind, OutputFormat::Png, false).await {
        Ok(files) => ((0..files.len()).collect(), false),
        Err(_) => (Vec::new(), true),
    };
    page(
        &app,
        "forhandsvisning.html",
        Ctx {
            id,
            kind,
            title,
            sider,
            feil,
        },
    )
}

/// The deadlines of every valid case from today, off the async threads.
async fn deadline_rows(app: &Arc<App>) -> Option<Vec<cases::DeadlineRow>> {
    let a = Arc::clone(app);
    tokio::task::spawn_blocking(move || cases::deadlines(&a, (a.config.today)()))
        .await
        .ok()
}

async fn deadlines_page(State(app): State<Arc<App>>) -> Response {
    let Some(rows) = deadline_rows(&app).await else {
        return refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fristene kunne ikke leses.",
        );
    };
    #[derive(Serialize)]
    struct Group {
        saksbehandler: String,
        frister: Vec<cases::DeadlineRow>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g.saksbehandler == r.caseworker => g.frister.push(r),
            _ => groups.push(Group {
                saksbehandler: r.caseworker.clone(),
                frister: vec![r],
            }),
        }
    }
    #[derive(Serialize)]
    struct Ctx {
        grupper: Vec<Group>,
    }
    page(&app, "frister.html", Ctx { grupper: groups })
}

async fn deadlines_csv(State(app): State<Arc<App>>) -> Response {
    match deadline_rows(&app).await {
        Some(rows) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"frister.csv\"",
                ),
            ],
            cases::deadlines_csv(&rows),
        )
            .into_response(),
        None => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fristene kunne ikke leses.",
        ),
    }
}

async fn deadlines_ics(State(app): State<Arc<App>>) -> Response {
    match deadline_rows(&app).await {
        Some(rows) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"frister.ics\"",
                ),
            ],
            cases::deadlines_ics(&rows, (app.config.today)()),
        )
            .into_response(),
        None => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fristene kunne ikke leses.",
        ),
    }
}
