//! The app's static files, embedded in the binary: it works with no
//! network at all.

use axum::extract::Path as UrlPath;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// (name, content type, bytes).
const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("static/app.js"),
    ),
    (
        "htmx-2.0.6.min.js",
        "text/javascript; charset=utf-8",
        include_str!("static/htmx-2.0.6.min.js"),
    ),
];

/// `GET /static/{name}`.
pub async fn serve(UrlPath(name): UrlPath<String>) -> Response {
    match FILES.iter().find(|(n, ..)| *n == name) {
        Some((_, kind, body)) => ([(header::CONTENT_TYPE, *kind)], *body).into_response(),
        None => super::security::refusal(StatusCode::NOT_FOUND, "Filen finnes ikke."),
    }
}
