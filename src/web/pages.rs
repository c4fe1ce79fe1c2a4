//! The routes and their pages. Pages are minijinja templates with HTML
//! auto-escaping (`src/web/templates/*.html`, embedded); documents come
//! from the library's `Job`, on a blocking thread with the job's time limit.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::security::{self, refusal};
use super::{App, assets, cases};
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
        .route("/sak/{id}", get(case_page))
        .route("/frister", get(deadlines_page))
        .route("/frister.csv", get(deadlines_csv))
        .route("/frister.ics", get(deadlines_ics))
        .route("/sak/{id}/pdf/{kind}/{n}", get(pdf))
        .route("/sak/{id}/side/{kind}/{n}", get(page_image))
        .route("/static/{name}", get(assets::serve))
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
fn page(app: &App, name: &str, ctx: impl Serialize) -> Response {
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
        Ok(html) => Html(html).into_response(),
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
    }
    let gyldige = entries.iter().filter(|e| e.problems.is_empty()).count();
    page(
        &app,
        "liste.html",
        Ctx {
            saker: entries,
            gyldige,
        },
    )
}

async fn case_page(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(path) = cases::find(&app, &id) else {
        return not_found().await;
    };
    let a = Arc::clone(&app);
    let loaded = tokio::task::spawn_blocking(move || {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        (file, cases::load(&a, &path))
    })
    .await;
    let Ok((file, loaded)) = loaded else {
        return refusal(StatusCode::INTERNAL_SERVER_ERROR, "Saken kunne ikke leses.");
    };
    #[derive(Serialize)]
    struct Ctx {
        id: String,
        fil: String,
        saksnummer: Option<String>,
        navn: Option<String>,
        lang: &'static str,
        problemer: Vec<cases::Problem>,
        dokumenter: Vec<cases::Doc>,
        sjekklister: Vec<String>,
    }
    let mut ctx = Ctx {
        id,
        fil: file,
        saksnummer: None,
        navn: None,
        lang: "nb",
        problemer: Vec::new(),
        dokumenter: Vec::new(),
        sjekklister: Vec::new(),
    };
    match loaded {
        Ok((case, muni)) => {
            ctx.saksnummer = Some(case.reference.clone());
            ctx.navn = Some(case.youth.name());
            ctx.lang = muni.malform.code();
            ctx.dokumenter = cases::documents(&case);
            ctx.sjekklister = app.job.engine().checklists();
        }
        Err(e) => ctx.problemer = cases::problems(&e),
    }
    page(&app, "sak.html", ctx)
}

/// Renders `kind` for the case `id` in `format`; the files in memory.
async fn render(
    app: &Arc<App>,
    id: &str,
    kind: &str,
    format: OutputFormat,
) -> Result<Vec<crate::export::OutputFile>, Response> {
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
    let result = tokio::task::spawn_blocking(move || {
        let req = Request {
            date: kind.needs_asked_date().then(a.config.today),
            checklist: checklist.as_deref(),
            ..Request::new(kind)
        };
        a.job.render(CaseInput::File(&path), &req, format)
    })
    .await
    .map_err(|_| {
        refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Dokumentet kunne ikke lages.",
        )
    })?;
    result.map(|r| r.files).map_err(|_| {
        refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Dokumentet kan ikke lages av saken slik den er nå: se problemene på sakens side.",
        )
    })
}

async fn pdf(
    State(app): State<Arc<App>>,
    UrlPath((id, kind, n)): UrlPath<(String, String, usize)>,
) -> Response {
    match render(&app, &id, &kind, OutputFormat::Pdf).await {
        Ok(files) => match files.into_iter().nth(n) {
            Some(f) => (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}\"", f.name),
                    ),
                ],
                f.bytes,
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
    match render(&app, &id, &kind, OutputFormat::Png).await {
        Ok(files) => match files.into_iter().nth(n) {
            Some(f) => ([(header::CONTENT_TYPE, "image/png")], f.bytes).into_response(),
            None => not_found().await,
        },
        Err(r) => r,
    }
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
