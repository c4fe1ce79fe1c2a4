//! What every request passes before it reaches a page: the `Host` header
//! must name the served address (a page on another site that rebinds its
//! DNS name to 127.0.0.1 is refused), the access token when one is set,
//! and for every request that changes something the CSRF token of this
//! process. Every response carries a strict Content-Security-Policy and is
//! not cached.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::App;

/// The cookie that carries the access token after the first visit.
pub const TOKEN_COOKIE: &str = "saksdok_token";

/// The header (sent by `app.js` with every htmx request) or form field
/// that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf";

/// The Content-Security-Policy: everything from the app itself, no inline
/// script or style, no frames, forms only to the app.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// 32 random bytes as hex, from the operating system.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // No randomness from the OS: fall back to the standard library's
        // per-process random hash keys (still unknown to another site).
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(chunk.as_ptr() as usize);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The hosts a request may name: the served address, and `localhost` with
/// its port when it is a loopback address.
fn host_allowed(app: &App, host: &str) -> bool {
    let addr = app.addr();
    let port = addr.port();
    let mut allowed = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        allowed.push(format!("localhost:{port}"));
        allowed.push(format!("127.0.0.1:{port}"));
        allowed.push(format!("[::1]:{port}"));
    }
    allowed.iter().any(|a| a.eq_ignore_ascii_case(host))
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A short page for a refused request: no detail of the request, no data.
pub fn refusal(status: StatusCode, why: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>{status}</title></head><body><main><h1>{}</h1><p>{why}</p></main></body></html>",
        status.canonical_reason().unwrap_or("Feil")
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The checks every request passes, and the headers every response gets.
pub async fn guard(State(app): State<Arc<App>>, req: Request<Body>, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(&app, host) {
        return secured(refusal(
            StatusCode::MISDIRECTED_REQUEST,
            "Adressen i forespørselen er ikke adressen saksdok svarer på.",
        ));
    }
    if let Some(token) = &app.config.token {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let from_cookie = cookie(headers, TOKEN_COOKIE);
        let from_query = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
        let ok = |t: Option<&str>| t.is_some_and(|t| same(t, token));
        if ok(from_query) && req.method() == Method::GET {
            // The token from the address printed at start: kept in a
            // cookie, and the address without it.
            let mut r = Redirect::to(req.uri().path()).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
            )) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            return secured(r);
        }
        if !ok(bearer) && !ok(from_cookie) {
            return secured(refusal(
                StatusCode::UNAUTHORIZED,
                "Denne saksdok-tjenesten krever tilgangsnøkkelen. Åpne adressen som ble skrevet ut da saksdok startet.",
            ));
        }
    }
    let req = if matches!(*req.method(), Method::GET | Method::HEAD) {
        req
    } else {
        match csrf_checked(&app, req).await {
            Ok(req) => req,
            Err(r) => return secured(r),
        }
    };
    secured(next.run(req).await)
}

/// Adds the security headers to a response.
pub fn secured(mut r: Response) -> Response {
    let h = r.headers_mut();
    for (k, v) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // `same-origin`: a browser then sends the app's own origin with a
        // form post (under `no-referrer` it sends `Origin: null`); no URL of
        // the app holds personal data, and none leaves it.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    // Nothing with case data is kept by the browser; the app's own static
    // files (which hold none) say so themselves.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// A request that changes something must come from the app's own pages:
/// its `Origin` (when sent) is the served address, and it carries this
/// process's CSRF token in the `X-CSRF-Token` header (htmx requests) or in
/// the form field `csrf` (a form posted without JavaScript). Another site
/// can do neither. The body of a form is read (within the size limit) to
/// find the field and handed on unchanged.
async fn csrf_checked(app: &App, req: Request<Body>) -> Result<Request<Body>, Response> {
    let forbidden = || {
        refusal(
            StatusCode::FORBIDDEN,
            "Forespørselen kom ikke fra saksdok sine egne sider.",
        )
    };
    let headers = req.headers();
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_none_or(|o| {
            o.strip_prefix("http://")
                .is_some_and(|h| host_allowed(app, h))
        });
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site" || v == "same-site");
    if !origin_ok || cross_site {
        return Err(forbidden());
    }
    if headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| same(t, &app.csrf))
    {
        return Ok(req);
    }
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return Err(forbidden());
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::MAX_BODY_BYTES).await else {
        return Err(refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Forespørselen er for stor.",
        ));
    };
    let ok = form_urlencoded::parse(&bytes).any(|(k, v)| k == CSRF_FIELD && same(&v, &app.csrf));
    if ok {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(forbidden())
    }
}
