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

/// The static files hold no case data and change only with the binary: a
/// browser may keep them for an hour.
const STATIC_CACHE: &str = "private, max-age=3600";

/// `GET /static/{name}`.
pub async fn serve(UrlPath(name): UrlPath<String>) -> Response {
    match FILES.iter().find(|(n, ..)| *n == name) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, STATIC_CACHE),
            ],
            *body,
        )
            .into_response(),
        None => super::security::refusal(StatusCode::NOT_FOUND, "Filen finnes ikke."),
    }
}

/// `GET /static/fonts/{name}`: the scripts a browser may lack (Ethiopic for
/// Tigrinya names, Arabic script for Dari, Pashto and Arabic), from the
/// fonts the documents use.
pub async fn font(UrlPath(name): UrlPath<String>) -> Response {
    const SERVED: [&str; 2] = [
        "NotoSansEthiopic-Regular.ttf",
        "NotoNaskhArabic-Regular.ttf",
    ];
    match crate::embedded::FONTS
        .iter()
        .find(|(n, _)| *n == name && SERVED.contains(n))
    {
        Some((_, body)) => (
            [
                (header::CONTENT_TYPE, "font/ttf"),
                (header::CACHE_CONTROL, STATIC_CACHE),
            ],
            *body,
        )
            .into_response(),
        None => super::security::refusal(StatusCode::NOT_FOUND, "Filen finnes ikke."),
    }
}
