//! `saksdok serve`, in process: every route, the Host check, the access
//! token, CSRF, path traversal, and documents from the library.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use saksdok::web::{App, Config, StartError};
use tower::ServiceExt as _;

use crate::common::{copy_dir, root};

const HOST: &str = "127.0.0.1:8080";

/// A copy of the samples (cases and profiles) in a fresh folder.
fn samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["saker", "kommuner"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        copy_dir(&root().join("samples").join(sub), &dir.path().join(sub));
    }
    dir
}

fn config(dir: &Path, addr: &str, token: Option<&str>) -> Config {
    Config {
        saker: dir.join("saker"),
        kommuner: dir.join("kommuner"),
        addr: addr.parse().unwrap(),
        token: token.map(str::to_owned),
        today: || chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    /// The body as text, with the `/` that HTML escaping writes as `&#x2f;`.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).replace("&#x2f;", "/")
    }
}

fn send(app: &Arc<App>, req: Request<Body>) -> Reply {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = saksdok::web::router(Arc::clone(app))
            .oneshot(req)
            .await
            .unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        let body = axum::body::to_bytes(r.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    })
}

fn get(app: &Arc<App>, uri: &str) -> Reply {
    send(
        app,
        Request::get(uri)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap(),
    )
}

/// The links of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_case_list_shows_every_case_valid_or_not_with_opaque_links() {
    let dir = samples();
    std::fs::write(
        dir.path().join("saker/oppdiktet-feil.yaml"),
        "kommuneprofil: ../kommuner/asker.yaml\nsaksnummer: 2026/9999\nungdom: { fornavn: Testa }\n",
    )
    .unwrap();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    let r = get(&app, "/");
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    for want in [
        "<html lang=\"nb\">",
        "2025/1432",
        "Yonas Tesfamariam",
        "Henrik Fjell",
        // The next deadline from the day the app is given (2026-11-23).
        "<time datetime=\"2026-12-15\">15.12.2026</time>: Samtale om ettervern senest",
        "Gyldig",
        "2026/9999",
        "problem",
        "Velkomstbrev",
    ] {
        assert!(html.contains(want), "{want:?} missing:\n{html}");
    }
    // Security headers on every response.
    assert_eq!(
        r.headers[header::CONTENT_SECURITY_POLICY],
        saksdok::web::CSP
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    // No name or file name in any link: opaque ids and static files only.
    let links = hrefs(&html);
    assert!(
        links.iter().filter(|l| l.starts_with("/sak/")).count() >= 4,
        "{links:?}"
    );
    for l in &links {
        let ok = l == "/"
            || l == "/frister"
            || l.starts_with("/static/")
            || (l.starts_with("/sak/")
                && l[5..].len() == 16
                && l[5..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(ok, "link {l:?}");
        assert!(!l.contains("yonas") && !l.contains("yaml"), "{l}");
    }
    // Every static file the page names is served from the binary.
    for l in links.iter().filter(|l| l.starts_with("/static/")) {
        assert_eq!(get(&app, l).status, StatusCode::OK, "{l}");
    }
    assert!(html.contains("/static/htmx-2.0.6.min.js"));
    assert_eq!(
        get(&app, "/static/htmx-2.0.6.min.js").status,
        StatusCode::OK
    );
}

#[test]
fn a_case_page_offers_its_documents_and_the_pdf_comes_from_the_library() {
    let dir = samples();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    let list = get(&app, "/").text();
    // The row of 2025/1432 links to its page.
    let row = list
        .split("<tr>")
        .find(|r| r.contains("2025/1432"))
        .unwrap();
    let link = hrefs(row)
        .into_iter()
        .find(|l| l.starts_with("/sak/"))
        .unwrap();
    let page = get(&app, &link);
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("Sak 2025/1432") && html.contains("Velkomstbrev"),
        "{html}"
    );
    let pdf = get(&app, &format!("{link}/pdf/velkomstbrev/0"));
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF"));
    let disposition = pdf.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"2025-1432-velkomstbrev.pdf\""
    );
    let text = crate::common::pdf_text(&pdf.body);
    assert!(
        crate::common::squash(&text).contains(&crate::common::squash("Velkommen til")),
        "{text}"
    );
    let png = get(&app, &format!("{link}/side/velkomstbrev/0"));
    assert_eq!(png.status, StatusCode::OK);
    assert_eq!(png.headers[header::CONTENT_TYPE], "image/png");
    assert!(png.body.starts_with(b"\x89PNG"));
    // A checklist, named in the path.
    let list = get(&app, &format!("{link}/pdf/sjekkliste:ettervern/0"));
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    // A kind the case has no data for, or that does not exist.
    assert_eq!(
        get(&app, &format!("{link}/pdf/evaluering/0")).status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        get(&app, &format!("{link}/pdf/tull/0")).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("{link}/pdf/samarbeidsavtale/0")).status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn requests_for_another_host_are_refused() {
    let dir = samples();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    for host in [
        "evil.example:8080",
        "127.0.0.1:9999",
        "",
        "localhost.evil.example:8080",
    ] {
        let r = send(
            &app,
            Request::get("/")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        );
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(!r.text().contains("2025/1432"));
    }
    for host in ["localhost:8080", "127.0.0.1:8080"] {
        let r = send(
            &app,
            Request::get("/")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        );
        assert_eq!(r.status, StatusCode::OK, "{host}");
    }
}

#[test]
fn another_address_needs_a_token_and_every_request_carries_it() {
    let dir = samples();
    assert!(matches!(
        App::new(config(dir.path(), "0.0.0.0:8080", None)),
        Err(StartError::NeedsToken(_))
    ));
    assert!(matches!(
        App::new(config(dir.path(), HOST, Some("kort"))),
        Err(StartError::WeakToken)
    ));
    let token = "oppdiktet-tilgangsnokkel-123";
    let app = Arc::new(App::new(config(dir.path(), HOST, Some(token))).unwrap());
    let r = get(&app, "/");
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(!r.text().contains("2025/1432"));
    assert_eq!(
        get(&app, "/?token=feil-nokkel-som-er-lang").status,
        StatusCode::UNAUTHORIZED
    );
    // The address printed at start: the token becomes a cookie.
    let r = get(&app, &format!("/?token={token}"));
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/");
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let with = |name: &str, value: String| {
        send(
            &app,
            Request::get("/")
                .header(header::HOST, HOST)
                .header(name, value)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let pair = cookie.split(';').next().unwrap().to_owned();
    assert_eq!(with("cookie", pair).status, StatusCode::OK);
    assert_eq!(
        with("authorization", format!("Bearer {token}")).status,
        StatusCode::OK
    );
}

#[test]
fn a_request_that_changes_something_needs_the_csrf_token() {
    let dir = samples();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    let page = get(&app, "/").text();
    let csrf = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(csrf.len(), 64);
    let post = |headers: &[(&str, &str)], body: &str| {
        let mut b = Request::post("/").header(header::HOST, HOST);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        send(&app, b.body(Body::from(body.to_owned())).unwrap()).status
    };
    // Forged: no token, a wrong one, another origin, a form without it.
    assert_eq!(post(&[], ""), StatusCode::FORBIDDEN);
    assert_eq!(post(&[("x-csrf-token", "0000")], ""), StatusCode::FORBIDDEN);
    assert_eq!(
        post(
            &[("x-csrf-token", &csrf), ("origin", "http://evil.example")],
            ""
        ),
        StatusCode::FORBIDDEN
    );
    let form = [("content-type", "application/x-www-form-urlencoded")];
    assert_eq!(post(&form, "a=b"), StatusCode::FORBIDDEN);
    // With the token (header, or form field) the request passes the guard
    // (and meets the route: `/` takes no POST).
    assert_eq!(
        post(&[("x-csrf-token", &csrf)], ""),
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        post(&form, &format!("a=b&csrf={csrf}")),
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[test]
fn no_path_from_a_request_leaves_the_case_folder() {
    let dir = samples();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("samples/saker/asker-yonas.yaml"),
        outside.path().join("hemmelig.yaml"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("hemmelig.yaml"),
        dir.path().join("saker/lenke.yaml"),
    )
    .unwrap();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    // The link out of the folder is not listed.
    let list = get(&app, "/").text();
    assert_eq!(list.matches("2025/1432").count(), 1, "{list}");
    for uri in [
        "/sak/..%2f..%2fetc%2fpasswd",
        "/sak/../../etc/passwd",
        "/sak/%2e%2e/kommuner/asker.yaml",
        "/sak/asker-yonas.yaml",
        "/sak/0123456789abcdef",
        "/static/..%2fmod.rs",
        "/static/../../Cargo.toml",
    ] {
        let r = get(&app, uri);
        assert!(
            r.status == StatusCode::NOT_FOUND || r.status == StatusCode::BAD_REQUEST,
            "{uri}: {}",
            r.status
        );
        assert!(!r.text().contains("Tesfamariam"), "{uri}");
    }
}

#[test]
fn the_command_refuses_an_open_address_without_a_token() {
    let o = crate::common::saksdok(&["serve", "--bind", "0.0.0.0", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--token"), "{stderr}");
    let o = crate::common::saksdok(&["serve", "--saker", "finnes/ikke", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
}

#[test]
fn deadlines_by_caseworker_as_a_page_a_csv_and_a_calendar_without_names() {
    let dir = samples();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    let page = get(&app, "/frister");
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for want in [
        "<h2>Henrik Fjell</h2>",
        "<h2>Ola Lie</h2>",
        "<time datetime=\"2026-12-15\">15.12.2026</time>",
        "Samtale om ettervern senest",
        "/frister.ics",
    ] {
        assert!(html.contains(want), "{want:?}:\n{html}");
    }
    // Every case link is an opaque id.
    assert!(
        hrefs(&html)
            .iter()
            .any(|l| l.starts_with("/sak/") && l.len() == 21)
    );
    let csv = get(&app, "/frister.csv");
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let csv = csv.text();
    assert!(
        csv.starts_with("dato,saksnummer,saksbehandler,frist\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2026-12-15,2025/1432,Henrik Fjell,Samtale om ettervern senest\r\n"),
        "{csv}"
    );
    let ics = get(&app, "/frister.ics");
    assert_eq!(
        ics.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    let ics = ics.text();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && ics.ends_with("END:VCALENDAR\r\n")
    );
    assert!(
        ics.contains(
            "DTSTART;VALUE=DATE:20261215\r\nSUMMARY:Samtale om ettervern senest – sak 2025/1432\r\n"
        ),
        "{ics}"
    );
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), csv.lines().count() - 1);
    // Only the case reference: no name, no ID number.
    for private in ["Yonas", "Tesfamariam", "Amina", "Rahimi", "Dawit", "Henrik"] {
        assert!(!ics.contains(private), "{private} in the calendar");
    }
    // A new deadline in a case shows up in the calendar.
    let case = dir.path().join("saker/asker-yonas.yaml");
    let yaml = std::fs::read_to_string(&case).unwrap();
    assert!(yaml.contains("\ntiltaksplan:\n"));
    let with_date = yaml.replacen(
        "\ntiltaksplan:\n",
        "\ntiltaksplan:\n  evalueringsdatoer: [2027-03-19]\n",
        1,
    );
    std::fs::write(&case, with_date).unwrap();
    let ics = get(&app, "/frister.ics").text();
    assert!(ics.contains("DTSTART;VALUE=DATE:20270319"), "{ics}");
}
