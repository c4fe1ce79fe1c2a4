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
        workers: None,
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
            || l == "/ny"
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
    assert_eq!(list.matches(">2025/1432</a>").count(), 1, "{list}");
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

/// HTML text with the entities minijinja writes decoded.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The fields a browser would post from the first `<form method="post">`
/// of a page: inputs with their values, text areas with their text, and
/// the selected choice of each select (the submit buttons left out).
fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("<form method=\"post\"").expect("a form");
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = tag.find(&key)? + key.len();
        Some(unescape(&tag[i..i + tag[i..].find('"')?]))
    };
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[..=end];
        if tag.starts_with("<input") {
            if let Some(name) = attr(tag, "name") {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").unwrap();
            out.push((attr(tag, "name").unwrap(), unescape(&rest[end + 1..close])));
        } else if tag.starts_with("<select") {
            let close = rest.find("</select>").unwrap();
            let body = &rest[end + 1..close];
            let selected = body
                .split("<option")
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((attr(tag, "name").unwrap(), selected));
        }
        rest = &rest[1..];
    }
    out
}

/// The CSRF token of a page.
fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"csrf-token\" content=\"").unwrap() + 27;
    html[i..i + 64].to_owned()
}

fn post_form(app: &Arc<App>, uri: &str, csrf: &str, fields: &[(String, String)]) -> Reply {
    let mut body = form_urlencoded::Serializer::new(String::new());
    body.append_pair("csrf", csrf);
    for (k, v) in fields {
        body.append_pair(k, v);
    }
    send(
        app,
        Request::post(uri)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .body(Body::from(body.finish()))
            .unwrap(),
    )
}

/// `fields` with `name` set to `value`, and the save button.
fn with(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf")
        .map(|(k, v)| {
            (
                k.clone(),
                if k == name {
                    value.to_owned()
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    assert!(
        out.iter().any(|(k, _)| k == name),
        "{name} is not on the form"
    );
    out.push(("_handling".into(), "lagre".into()));
    out
}

/// The app over a copy of the samples, and the id of Yonas's case.
fn yonas() -> (tempfile::TempDir, Arc<App>, String, std::path::PathBuf) {
    let dir = samples();
    let app = Arc::new(App::new(config(dir.path(), HOST, None)).unwrap());
    let list = get(&app, "/").text();
    let i = list.find(">2025/1432</a>").unwrap();
    let id = list[..i].rsplit("/sak/").next().unwrap()[..16].to_owned();
    let file = dir.path().join("saker/asker-yonas.yaml");
    (dir, app, id, file)
}

#[test]
fn a_save_of_an_invalid_case_is_refused_with_the_problem_beside_its_field_and_the_file_unchanged() {
    let (_dir, app, id, file) = yonas();
    let before = std::fs::read(&file).unwrap();
    let page = get(&app, &format!("/sak/{id}")).text();
    let fields = form_fields(&page);
    let r = post_form(
        &app,
        &format!("/sak/{id}"),
        &csrf_of(&page),
        &with(&fields, "tiltaksplan.periode.til", "2020-01-01"),
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    // Beside the field, tied to it for screen readers, and in the summary
    // with a link to it.
    let input = html
        .split("<input id=\"f-tiltaksplan-periode-til\"")
        .nth(1)
        .unwrap();
    let input = &input[..input.find('>').unwrap()];
    assert!(input.contains("value=\"2020-01-01\""), "{input}");
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(input.contains("aria-describedby=\"f-tiltaksplan-periode-til-feil\""));
    assert!(html.contains("id=\"f-tiltaksplan-periode-til-feil\""));
    assert!(html.contains("the plan period ends before it starts"));
    assert!(html.contains("href=\"#f-tiltaksplan-periode-til\""));
    assert!(html.contains("role=\"alert\""));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_valid_save_is_atomic_kept_in_the_history_and_can_be_restored() {
    let (dir, app, id, file) = yonas();
    let original = std::fs::read(&file).unwrap();
    let page = get(&app, &format!("/sak/{id}")).text();
    let r = post_form(
        &app,
        &format!("/sak/{id}"),
        &csrf_of(&page),
        &with(&form_fields(&page), "ungdom.fornavn", "Yohannes"),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("fornavn: Yohannes"), "{saved}");
    // The schema comment at the top is kept; the file is a valid case.
    assert!(saved.starts_with("# yaml-language-server: $schema="));
    saksdok::case::parse_case(saved.as_bytes(), "sak.yaml").unwrap();
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("saker"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    // The version it replaced is in the history, byte for byte.
    let kept = dir
        .path()
        .join("saker/.historikk/asker-yonas.yaml/000001.yaml");
    assert_eq!(std::fs::read(&kept).unwrap(), original);
    let history = get(&app, &format!("/sak/{id}/historikk")).text();
    assert!(
        history.contains(&format!("/sak/{id}/historikk/1")),
        "{history}"
    );
    assert!(
        get(&app, &format!("/sak/{id}/historikk/1"))
            .text()
            .contains("fornavn: Yonas")
    );
    assert_eq!(
        get(&app, &format!("/sak/{id}/historikk/9")).status,
        StatusCode::NOT_FOUND
    );
    // Restoring brings the original back, and keeps the edited one.
    let r = post_form(
        &app,
        &format!("/sak/{id}/historikk/1"),
        &csrf_of(&history),
        &[],
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read(&file).unwrap(), original);
    let second = dir
        .path()
        .join("saker/.historikk/asker-yonas.yaml/000002.yaml");
    assert_eq!(std::fs::read_to_string(second).unwrap(), saved);
    // The history folder is not a case.
    assert_eq!(
        get(&app, "/").text().matches("class=\"ok\">Gyldig").count(),
        3
    );
}

#[test]
fn the_second_of_two_saves_is_refused_and_keeps_what_was_typed_beside_what_was_saved() {
    let (_dir, app, id, file) = yonas();
    let page = get(&app, &format!("/sak/{id}")).text();
    let fields = form_fields(&page);
    let csrf = csrf_of(&page);
    let first = post_form(
        &app,
        &format!("/sak/{id}"),
        &csrf,
        &with(&fields, "ungdom.etternavn", "Andersen"),
    );
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let after_first = std::fs::read(&file).unwrap();
    // The second editor started from the same version.
    let second = post_form(
        &app,
        &format!("/sak/{id}"),
        &csrf,
        &with(&fields, "ungdom.etternavn", "Berg"),
    );
    assert_eq!(second.status, StatusCode::CONFLICT);
    let html = second.text();
    assert!(html.contains("noen andre har lagret den"), "{html}");
    assert!(html.contains("value=\"Berg\""));
    assert!(html.contains("id=\"f-ungdom-etternavn-disk\""));
    assert!(html.contains("Lagret av noen andre: «Andersen»"));
    assert_eq!(std::fs::read(&file).unwrap(), after_first);
    // The page notices a change on disk.
    let old = fields
        .iter()
        .find(|(k, _)| k == "_versjon")
        .unwrap()
        .1
        .clone();
    assert!(
        get(&app, &format!("/sak/{id}/versjon?v={old}"))
            .text()
            .contains("endret av noen andre")
    );
    let now = html.split("name=\"_versjon\" value=\"").nth(1).unwrap()[..16].to_owned();
    assert_eq!(get(&app, &format!("/sak/{id}/versjon?v={now}")).text(), "");
    // Saving again from the refused page (which now carries the new
    // version) is the person's choice, and goes through.
    let again = post_form(
        &app,
        &format!("/sak/{id}"),
        &csrf,
        &with(&form_fields(&html), "ungdom.etternavn", "Berg"),
    );
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("etternavn: Berg")
    );
}

#[test]
fn the_form_grows_and_shrinks_lists_and_sections_without_saving() {
    let (_dir, app, id, file) = yonas();
    let before = std::fs::read(&file).unwrap();
    let page = get(&app, &format!("/sak/{id}")).text();
    let csrf = csrf_of(&page);
    let mut fields: Vec<(String, String)> = form_fields(&page)
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .map(|(k, v)| {
            if k == "ungdom.fornavn" {
                (k, "Typed".into())
            } else {
                (k, v)
            }
        })
        .collect();
    let goals = fields
        .iter()
        .filter(|(k, _)| k.starts_with("tiltaksplan.maal[") && k.ends_with("].tekst"))
        .count();
    fields.push(("_handling".into(), "legg_til:tiltaksplan.maal".into()));
    let r = post_form(&app, &format!("/sak/{id}"), &csrf, &fields);
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    let new = format!("tiltaksplan.maal[{goals}].tekst");
    assert!(html.contains(&format!("name=\"{new}\"")), "{new}");
    // The new item's first field has focus, and what was typed is kept.
    assert!(html.contains(&format!(
        "name=\"tiltaksplan.maal[{goals}].id\" type=\"text\" value=\"\" lang=\"nb\" autofocus"
    )));
    assert!(html.contains("value=\"Typed\""));
    // Removing the first goal and the whole evaluation-less section.
    let mut fields = form_fields(&html);
    fields.retain(|(k, _)| k != "csrf");
    fields.push(("_handling".into(), "fjern:tiltaksplan.maal[0]".into()));
    let html = post_form(&app, &format!("/sak/{id}"), &csrf, &fields).text();
    assert!(!html.contains(&format!("name=\"{new}\"")));
    let mut fields = form_fields(&html);
    fields.retain(|(k, _)| k != "csrf");
    fields.push(("_handling".into(), "fjern:arbeidspraksis".into()));
    let html = post_form(&app, &format!("/sak/{id}"), &csrf, &fields).text();
    assert!(html.contains("value=\"legg_til:arbeidspraksis\""));
    assert!(!html.contains("name=\"arbeidspraksis.arbeidstid\""));
    // Nothing of this was saved.
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn hostile_text_in_every_free_text_field_is_escaped_on_the_page_and_saved_verbatim() {
    let (_dir, app, id, file) = yonas();
    let page = get(&app, &format!("/sak/{id}")).text();
    let hostile = "<script>alert(1)</script> #set page(width: 1pt) {{ x }} \" ' & ]] $x$ \\";
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut changed = Vec::new();
    let raw = page.clone();
    for (k, v) in form_fields(&page) {
        // The text areas are the free-text fields (no format to check).
        let is_text = raw.contains(&format!("<textarea id=\"{}\" name=\"{k}\"", html_id(&k)));
        if is_text && !v.is_empty() {
            changed.push(k.clone());
            fields.push((k, format!("{v} {hostile}")));
        } else if k != "csrf" {
            fields.push((k, v));
        }
    }
    assert!(changed.len() >= 10, "{changed:?}");
    fields.push(("_handling".into(), "lagre".into()));
    let r = post_form(&app, &format!("/sak/{id}"), &csrf_of(&page), &fields);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let saved: serde_json::Value =
        serde_saphyr::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let again = get(&app, &format!("/sak/{id}")).text();
    assert!(!again.contains("<script>alert"), "unescaped");
    let back = form_fields(&again);
    for k in &changed {
        let v = &back.iter().find(|(n, _)| n == k).unwrap().1;
        assert!(v.ends_with(hostile), "{k}: {v}");
    }
    assert!(saved.to_string().contains("alert(1)"));
    // The documents are still made from it.
    let pdf = get(&app, &format!("/sak/{id}/pdf/tiltaksplan/0"));
    assert_eq!(pdf.status, StatusCode::OK);
}

fn html_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

#[test]
fn the_yaml_view_saves_only_a_valid_case_and_shows_problems_at_their_lines() {
    let (_dir, app, id, file) = yonas();
    let page = get(&app, &format!("/sak/{id}/yaml")).text();
    let fields = form_fields(&page);
    let text = fields.iter().find(|(k, _)| k == "tekst").unwrap().1.clone();
    assert_eq!(text.as_bytes(), std::fs::read(&file).unwrap());
    let bad = text.replace("saksnummer:", "saksnumer:");
    let line = bad
        .lines()
        .position(|l| l.starts_with("saksnumer:"))
        .unwrap()
        + 1;
    let mut post: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf" && k != "tekst")
        .cloned()
        .collect();
    post.push(("tekst".into(), bad.clone()));
    let r = post_form(&app, &format!("/sak/{id}/yaml"), &csrf_of(&page), &post);
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(
        html.contains(&format!("<strong>Linje {line}</strong>")),
        "{html}"
    );
    assert!(html.contains("saksnumer"));
    assert_eq!(std::fs::read(&file).unwrap(), text.as_bytes());
    // A comment added by hand is kept by a save from this view.
    let good = text.replacen("ungdom:", "# Merknad skrevet for hånd\nungdom:", 1);
    let mut post: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf" && k != "tekst")
        .cloned()
        .collect();
    post.push(("tekst".into(), good.clone()));
    let r = post_form(&app, &format!("/sak/{id}/yaml"), &csrf_of(&page), &post);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), good);
}

#[test]
fn a_new_case_needs_a_plain_free_file_name_and_valid_data() {
    let (dir, app, id, _file) = yonas();
    let page = get(&app, &format!("/ny?mal={id}")).text();
    let fields = form_fields(&page);
    // The template brings the staff, not the youth.
    assert!(fields.contains(&("saerkontakt".into(), "sm".into())));
    assert!(fields.contains(&("ungdom.fornavn".into(), String::new())));
    let csrf = csrf_of(&page);
    // The youth's address is a section of its own: added first.
    let mut add: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf")
        .cloned()
        .collect();
    add.push(("_handling".into(), "legg_til:ungdom.adresse".into()));
    let page = post_form(&app, "/ny", &csrf, &add).text();
    let fields = form_fields(&page);
    let mut filled: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf")
        .map(|(k, v)| {
            let v = match k.as_str() {
                "saksnummer" => "2026/0999",
                "ungdom.fornavn" => "Testa",
                "ungdom.etternavn" => "Testesen",
                "ungdom.fodselsdato" => "2010-01-01",
                "ungdom.duf" => "202412345610",
                "ungdom.adresse.linje1" => "Fiktivveien 1",
                "ungdom.adresse.postnr" => "1384",
                "ungdom.adresse.poststed" => "Asker",
                "bosetting.dato" => "2027-01-11",
                _ => v.as_str(),
            };
            (k.clone(), v.to_owned())
        })
        .collect();
    filled.push(("_handling".into(), "lagre".into()));
    let saker = dir.path().join("saker");
    let count = || std::fs::read_dir(&saker).unwrap().count();
    let before = count();
    for bad in [
        "../ut",
        "/etc/x",
        "Stor Bokstav",
        "a/b",
        ".skjult",
        "asker-yonas",
    ] {
        let mut f = filled.clone();
        f.retain(|(k, _)| k != "_filnavn");
        f.push(("_filnavn".into(), bad.into()));
        let r = post_form(&app, "/ny", &csrf, &f);
        assert!(
            r.status == StatusCode::UNPROCESSABLE_ENTITY || r.status == StatusCode::CONFLICT,
            "{bad}: {}",
            r.status
        );
        assert!(
            r.text().contains("id=\"f-filnavn-feil\""),
            "{bad}: {}",
            r.text().split("feilsammendrag").nth(1).unwrap_or("")
        );
        assert_eq!(count(), before, "{bad}");
    }
    assert!(!dir.path().join("ut.yaml").exists());
    let mut f = filled.clone();
    f.retain(|(k, _)| k != "_filnavn");
    f.push(("_filnavn".into(), "asker-testa".into()));
    let r = post_form(&app, "/ny", &csrf, &f);
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let made = std::fs::read(saker.join("asker-testa.yaml")).unwrap();
    let case = saksdok::case::parse_case(&made, "asker-testa.yaml").unwrap();
    assert_eq!(case.youth.name(), "Testa Testesen");
    assert!(get(&app, "/").text().contains(">2026/0999</a>"));
}

#[test]
fn a_batch_runs_in_the_background_and_offers_the_print_file_a_zip_and_the_manifest() {
    let (_dir, app, _id, _file) = yonas();
    let list = get(&app, "/").text();
    let csrf = csrf_of(&list);
    let ids: Vec<(String, String)> = form_fields(&list)
        .into_iter()
        .filter(|(k, _)| k == "sak")
        .collect();
    assert_eq!(ids.len(), 3);
    // Nothing chosen: refused.
    let r = post_form(&app, "/batch", &csrf, &ids);
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A case id that is not in the folder: refused.
    let r = post_form(
        &app,
        "/batch",
        &csrf,
        &[
            ("sak".into(), "0123456789abcdef".into()),
            ("dokument".into(), "velkomstbrev".into()),
        ],
    );
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = ids.clone();
    f.push(("dokument".into(), "velkomstbrev".into()));
    f.push(("dokument".into(), "tiltaksplan".into()));
    f.push(("tosidig".into(), "1".into()));
    let r = post_form(&app, "/batch", &csrf, &f);
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let run = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(get(&app, &run).text().contains("<progress"));
    // Wait for it (the status is what the page asks for every second).
    let status = finished(&app, &run);
    assert!(status.contains("Ferdig: 5 dokumenter"), "{status}");
    assert!(
        !status.contains("hx-trigger"),
        "a finished run stops asking"
    );
    let print = get(&app, &format!("{run}/fil/utskriftsfil.pdf"));
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.body.starts_with(b"%PDF"));
    let zip = get(&app, &format!("{run}/fil/dokumenter.zip"));
    assert!(zip.body.starts_with(b"PK"));
    let pdfs = zip.body.windows(4).filter(|w| w == b".pdf").count();
    assert!(pdfs >= 5, "{pdfs}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&get(&app, &format!("{run}/fil/manifest.json")).body).unwrap();
    assert!(manifest.to_string().contains("velkomstbrev"));
    for bad in [
        "../../saker/asker-yonas.yaml",
        "..%2fmanifest.json",
        "annet.pdf",
    ] {
        assert_eq!(
            get(&app, &format!("{run}/fil/{bad}")).status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    assert_eq!(
        get(&app, "/batch/0123456789abcdef").status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn the_preview_shows_every_page_and_a_folgebrev_comes_per_recipient_with_or_without_enclosures() {
    let (_dir, app, id, _file) = yonas();
    let page = get(&app, &format!("/sak/{id}")).text();
    assert!(page.contains("Kopi til vergen"), "{page}");
    let preview = get(&app, &format!("/sak/{id}/forhandsvisning/velkomstbrev")).text();
    let images = preview.matches("<img ").count();
    assert!(images >= 1, "{preview}");
    assert!(preview.contains(&format!("Velkomstbrev: {images} sid")));
    for n in 0..images {
        let png = get(&app, &format!("/sak/{id}/side/velkomstbrev/{n}"));
        assert!(png.body.starts_with(b"\x89PNG"), "{n}");
    }
    let pages = |b: &[u8]| lopdf::Document::load_mem(b).unwrap().get_pages().len();
    let youth = get(&app, &format!("/sak/{id}/pdf/folgebrev/0"));
    let guardian = get(&app, &format!("/sak/{id}/pdf/folgebrev/1"));
    assert_eq!(guardian.status, StatusCode::OK);
    assert!(
        guardian.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("verge")
    );
    let with = get(&app, &format!("/sak/{id}/pdf/folgebrev/1?vedlegg=1"));
    assert!(pages(&with.body) > pages(&guardian.body));
    assert_ne!(youth.body, guardian.body);
    assert_eq!(
        get(&app, &format!("/sak/{id}/pdf/folgebrev/7")).status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_case_that_fails_in_a_batch_is_listed_with_its_located_errors() {
    let (dir, app, id, file) = yonas();
    let list = get(&app, "/").text();
    // Someone breaks the file after the list was shown.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("fodselsdato: 2009-06-15", "fodselsdato: 2009-02-30"),
    )
    .unwrap();
    let f = [
        ("sak".to_owned(), id.clone()),
        ("dokument".to_owned(), "velkomstbrev".to_owned()),
    ];
    let r = post_form(&app, "/batch", &csrf_of(&list), &f);
    let run = r.headers[header::LOCATION].to_str().unwrap().to_owned();
    let status = finished(&app, &run);
    assert!(status.contains("1 sak feilet"), "{status}");
    assert!(
        status.contains(&format!("href=\"/sak/{id}\">asker-yonas.yaml</a>")),
        "{status}"
    );
    assert!(status.contains("ungdom.fodselsdato"), "{status}");
    assert!(status.contains("linje "), "{status}");
    // Nothing to download but the answer that there is nothing.
    assert!(!status.contains("utskriftsfil.pdf"));
    drop(dir);
}

/// The status of the batch run at `run` once it has finished (asked for as
/// the page does, at most for two minutes).
fn finished(app: &Arc<App>, run: &str) -> String {
    let mut status = String::new();
    for _ in 0..1200 {
        status = get(app, &format!("{run}/status")).text();
        if status.contains("Ferdig:") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    status
}
