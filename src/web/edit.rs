//! The case page and everything that changes a case file: the form built
//! from the schema, the «advanced» YAML view, saving (atomic, checked by
//! the library, refused when someone else saved first), the history and
//! restoring, and a new case from a blank or from another case.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cases::{self, Problem};
use super::form::{self, Action, Context, Node};
use super::pages::{page, page_with_status};
use super::security::{CSRF_FIELD, refusal};
use super::store::{self, SaveError};
use super::{App, yaml};
use crate::job::CaseInput;

/// A form post as pairs, the CSRF field left out.
fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| k != CSRF_FIELD)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Takes the control fields (`_…`) out of a form post.
fn control(pairs: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let i = pairs.iter().position(|(k, _)| k == key)?;
    Some(pairs.remove(i).1)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// A problem as the case page lists it: with a link to its field when the
/// form has one.
#[derive(Debug, Serialize)]
struct Listed {
    #[serde(flatten)]
    problem: Problem,
    anchor: Option<String>,
    /// The field's label on the form.
    label: Option<String>,
}

/// A message at the top of the page, announced to screen readers.
#[derive(Debug, Serialize)]
struct Notice {
    /// `ok` or `feil`.
    kind: &'static str,
    text: String,
}

/// The documents the page offers: per kind, its files (one per recipient
/// for a følgebrev) and whether enclosures can be added.
#[derive(Debug, Serialize)]
struct DocEntry {
    kind: &'static str,
    title: &'static str,
    files: Vec<String>,
    encloses: bool,
}

/// Everything the case page shows.
#[derive(Debug, Serialize)]
struct CasePage {
    id: String,
    fil: String,
    /// Where the form is posted.
    action: String,
    /// The version of the file the form started from.
    versjon: String,
    saksnummer: Option<String>,
    navn: Option<String>,
    lang: &'static str,
    /// The form, or `None` when the file is not YAML the form can show.
    skjema: Option<Vec<Node>>,
    problemer: Vec<Listed>,
    melding: Option<Notice>,
    dokumenter: Vec<DocEntry>,
    sjekklister: Vec<String>,
    historikk: usize,
    /// A new case: the file name typed, and the case it started from.
    ny: Option<NewCase>,
}

#[derive(Debug, Serialize, Default)]
struct NewCase {
    filnavn: String,
    problem: Option<String>,
}

/// The staff of a case as choices («sm: Sigrid Mjøs, særkontakt»).
fn staff_of(value: &Value) -> Vec<(String, String)> {
    value
        .get("ansatte")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let id = s.get("id")?.as_str()?.to_owned();
                    let name = s.get("navn").and_then(Value::as_str).unwrap_or("");
                    let title = s.get("tittel").and_then(Value::as_str);
                    let label = match title {
                        Some(t) => format!("{name} ({t})"),
                        None => name.to_owned(),
                    };
                    Some((id, label))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The form of `value` with `problems`, the root's own fields gathered in a
/// group «Saken» first.
fn form_of(
    app: &App,
    value: &Value,
    problems: &[Problem],
    on_disk: Option<&HashMap<String, String>>,
    focus: Option<&str>,
) -> Vec<Node> {
    let ctx = Context {
        staff: staff_of(value),
        has_guardian: value.get("verge").is_some_and(|v| !v.is_null()),
        problems,
        on_disk,
        focus,
    };
    let nodes = app.forms.build(value, &ctx);
    let (fields, groups): (Vec<Node>, Vec<Node>) =
        nodes.into_iter().partition(|n| n.kind == "field");
    let mut out = vec![Node {
        kind: "group",
        name: String::new(),
        id: "f-saken".to_owned(),
        label: "Saken".to_owned(),
        present: true,
        children: fields,
        ..Node::default()
    }];
    out.extend(groups);
    out
}

/// The problems for the list at the top: linked to their field when the
/// form shows it.
fn listed(problems: Vec<Problem>, nodes: Option<&[Node]>) -> Vec<Listed> {
    let names = nodes.map(form::names).unwrap_or_default();
    problems
        .into_iter()
        .map(|p| {
            let label = p.field.as_deref().and_then(|f| names.get(f)).cloned();
            Listed {
                anchor: label.as_ref().and(p.field.as_deref()).map(form::html_id),
                label,
                problem: p,
            }
        })
        .collect()
}

/// The problems of case bytes meant for `path`, by the library (empty when
/// it is a valid case), with a missing field placed at that field.
fn check(app: &App, path: &Path, bytes: &[u8]) -> Vec<Problem> {
    let name = file_name(path);
    match app.job.load(CaseInput::Draft {
        path,
        name: &name,
        bytes,
    }) {
        Ok(_) => Vec::new(),
        Err(e) => cases::problems(&e)
            .into_iter()
            .map(|mut p| {
                // «missing field `fornavn`» at `ungdom` belongs beside
                // `ungdom.fornavn`.
                if let Some(missing) = p
                    .message
                    .split('`')
                    .nth(1)
                    .filter(|_| p.message.starts_with("missing field"))
                {
                    p.field = Some(match &p.field {
                        Some(f) if !f.is_empty() => format!("{f}.{missing}"),
                        _ => missing.to_owned(),
                    });
                }
                p
            })
            .collect(),
    }
}

/// The documents and checklists a valid case can make.
fn documents(app: &App, path: &Path, bytes: &[u8]) -> (Vec<DocEntry>, Vec<String>) {
    let name = file_name(path);
    let Ok((case, muni)) = app.job.load(CaseInput::Draft {
        path,
        name: &name,
        bytes,
    }) else {
        return (Vec::new(), Vec::new());
    };
    let docs = cases::documents(&case)
        .into_iter()
        .map(|d| {
            let kind = crate::kind::DocumentKind::from_name(d.kind);
            DocEntry {
                kind: d.kind,
                title: d.title,
                files: cases::recipients(&case, d.kind, muni.malform),
                encloses: kind.is_some_and(crate::kind::DocumentKind::can_enclose),
            }
        })
        .collect();
    (docs, app.job.engine().checklists())
}

/// The case page for `bytes` (the file, or what was typed).
#[allow(clippy::too_many_arguments)]
fn case_page(
    app: &App,
    id: &str,
    path: &Path,
    versjon: &str,
    value: Option<&Value>,
    problems: Vec<Problem>,
    melding: Option<Notice>,
    on_disk: Option<&HashMap<String, String>>,
    focus: Option<&str>,
    disk_bytes: &[u8],
) -> CasePage {
    let skjema = value.map(|v| form_of(app, v, &problems, on_disk, focus));
    let (dokumenter, sjekklister) = documents(app, path, disk_bytes);
    let lang = match value
        .and_then(|v| v.get("kommuneprofil"))
        .and_then(Value::as_str)
        .map(|_| app.job.load(CaseInput::File(path)))
    {
        Some(Ok((_, muni))) => muni.malform.code(),
        _ => "nb",
    };
    CasePage {
        id: id.to_owned(),
        fil: file_name(path),
        action: format!("/sak/{id}"),
        versjon: versjon.to_owned(),
        saksnummer: value
            .and_then(|v| v.get("saksnummer"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        navn: value.and_then(|v| v.get("ungdom")).map(|u| {
            [u.get("fornavn"), u.get("etternavn")]
                .iter()
                .filter_map(|x| x.and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ")
        }),
        lang,
        problemer: listed(problems, skjema.as_deref()),
        skjema,
        melding,
        dokumenter,
        sjekklister,
        historikk: store::versions(&app.saker, &file_name(path)).len(),
        ny: None,
    }
}

/// The YAML of a file as JSON for the form, if it is YAML at all.
fn as_value(bytes: &[u8]) -> Option<Value> {
    serde_saphyr::from_slice::<Value>(bytes)
        .ok()
        .filter(Value::is_object)
}

/// Runs `work` for the case `id` off the async threads: 404 when the
/// folder has no such case (or `work` finds nothing), 500 when it failed.
async fn on_case<F>(app: &Arc<App>, id: String, work: F) -> Response
where
    F: FnOnce(&App, &str, &Path) -> Option<Response> + Send + 'static,
{
    let a = Arc::clone(app);
    let done = tokio::task::spawn_blocking(move || {
        let path = cases::find(&a, &id)?;
        work(&a, &id, &path)
    })
    .await;
    match done {
        Ok(Some(r)) => r,
        Ok(None) => refusal(StatusCode::NOT_FOUND, "Saken finnes ikke."),
        Err(_) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Saken kunne ikke leses eller lagres.",
        ),
    }
}

#[derive(Deserialize)]
pub struct ShowQuery {
    lagret: Option<String>,
}

/// GET `/sak/{id}`: the form, the problems, the documents and the preview.
pub async fn show(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    on_case(&app, id, move |a, id, path| {
        let bytes = store::read(path).ok()?;
        let value = as_value(&bytes);
        let problems = check(a, path, &bytes);
        let melding = q.lagret.map(|_| Notice {
            kind: "ok",
            text: "Saken er lagret.".to_owned(),
        });
        let ctx = case_page(
            a,
            id,
            path,
            &store::version(&bytes),
            value.as_ref(),
            problems,
            melding,
            None,
            None,
            &bytes,
        );
        Some(page(a, "sak.html", ctx))
    })
    .await
}

/// POST `/sak/{id}`: a change of the form's shape (add or remove), or a
/// save. A save of an invalid case is refused (422) with the problems
/// beside the fields and everything typed kept; a save over a file someone
/// else changed is refused (409) with what they saved shown beside each
/// field that differs.
pub async fn post(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    on_case(&app, id, move |a, id, path| {
        Some(submit(a, id, path, &body))
    })
    .await
}

fn submit(app: &App, id: &str, path: &Path, body: &[u8]) -> Response {
    let mut fields = pairs(body);
    let versjon = control(&mut fields, "_versjon").unwrap_or_default();
    let handling = control(&mut fields, "_handling").unwrap_or_else(|| "lagre".to_owned());
    let disk = store::read(path).unwrap_or_default();
    let mut value = app.forms.parse(&fields);
    if let Some(action) = Action::parse(&handling) {
        app.forms.apply(&mut value, &action);
        let focus = match &action {
            Action::Add(p) => Some(added_path(&value, p)),
            Action::Remove(_) => None,
        };
        let ctx = case_page(
            app,
            id,
            path,
            &versjon,
            Some(&value),
            Vec::new(),
            None,
            None,
            focus.as_deref(),
            &disk,
        );
        return page(app, "sak.html", ctx);
    }
    let old = as_value(&disk).unwrap_or(Value::Null);
    let value = form::keep_order(value, &old);
    let text = yaml::to_yaml(&value, &yaml::header(&String::from_utf8_lossy(&disk)));
    save_and_answer(
        app,
        id,
        path,
        text.as_bytes(),
        &versjon,
        Some(&value),
        &disk,
    )
}

/// The path of what `Add(p)` just added: the new last item of a list, or
/// the group.
fn added_path(value: &Value, p: &str) -> String {
    let mut cur = Some(value);
    for key in p.split('.') {
        cur = cur.and_then(|c| {
            let (k, rest) = key.split_once('[').unwrap_or((key, ""));
            let mut v = c.get(k);
            for idx in rest.split('[') {
                if let Ok(i) = idx.trim_end_matches(']').parse::<usize>() {
                    v = v.and_then(|x| x.get(i));
                }
            }
            v
        });
    }
    match cur.and_then(Value::as_array) {
        Some(a) if !a.is_empty() => format!("{p}[{}]", a.len() - 1),
        _ => p.to_owned(),
    }
}

/// Checks `bytes` and saves them over the file at version `versjon`; the
/// answer is a redirect to the case page, or the page again with why not.
fn save_and_answer(
    app: &App,
    id: &str,
    path: &Path,
    bytes: &[u8],
    versjon: &str,
    value: Option<&Value>,
    disk: &[u8],
) -> Response {
    let problems = check(app, path, bytes);
    let errors = problems.iter().any(|p| p.severity == "error");
    if errors {
        let n = problems.iter().filter(|p| p.severity == "error").count();
        let melding = Notice {
            kind: "feil",
            text: format!(
                "Saken er ikke lagret: {n} feil må rettes først. Det du skrev er beholdt."
            ),
        };
        return answer(
            app,
            id,
            path,
            versjon,
            value,
            bytes,
            problems,
            melding,
            None,
            disk,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match store::save(app, path, bytes, Some(versjon)) {
        Ok(()) => Redirect::to(&format!("/sak/{id}?lagret=1")).into_response(),
        Err(SaveError::Conflict(current)) => {
            let theirs = as_value(&current).map(|v| form::flatten(&v));
            let melding = Notice {
                kind: "feil",
                text: "Saken er ikke lagret: noen andre har lagret den etter at du åpnet den. \
                       Det du skrev er beholdt; der den lagrede saken er annerledes, står det \
                       under feltet. Lagrer du nå, erstatter du deres versjon (den ligger i \
                       historikken)."
                    .to_owned(),
            };
            answer(
                app,
                id,
                path,
                &store::version(&current),
                value,
                bytes,
                problems,
                melding,
                theirs.as_ref(),
                &current,
                StatusCode::CONFLICT,
            )
        }
        Err(_) => {
            let melding = Notice {
                kind: "feil",
                text: "Saken kunne ikke skrives til disken. Ingenting er endret. Det du skrev er beholdt.".to_owned(),
            };
            answer(
                app,
                id,
                path,
                versjon,
                value,
                bytes,
                problems,
                melding,
                None,
                disk,
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        }
    }
}

/// The form page (or the YAML page when `value` is `None`) after a save
/// that did not happen.
#[allow(clippy::too_many_arguments)]
fn answer(
    app: &App,
    id: &str,
    path: &Path,
    versjon: &str,
    value: Option<&Value>,
    typed: &[u8],
    problems: Vec<Problem>,
    melding: Notice,
    on_disk: Option<&HashMap<String, String>>,
    disk: &[u8],
    status: StatusCode,
) -> Response {
    match value {
        Some(v) => {
            let ctx = case_page(
                app,
                id,
                path,
                versjon,
                Some(v),
                problems,
                Some(melding),
                on_disk,
                None,
                disk,
            );
            page_with_status(app, "sak.html", ctx, status)
        }
        None => {
            let ctx = yaml_page(app, id, path, versjon, typed, problems, Some(melding), disk);
            page_with_status(app, "yaml.html", ctx, status)
        }
    }
}

/// The «advanced» view: the file's text with its problems at their lines.
#[derive(Debug, Serialize)]
struct YamlPage {
    id: String,
    fil: String,
    versjon: String,
    tekst: String,
    problemer: Vec<Problem>,
    /// The lines with problems: number and text.
    linjer: Vec<(u32, String)>,
    melding: Option<Notice>,
    /// What is on disk now, after a refused save (to compare).
    paa_disk: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn yaml_page(
    app: &App,
    id: &str,
    path: &Path,
    versjon: &str,
    text: &[u8],
    problems: Vec<Problem>,
    melding: Option<Notice>,
    disk: &[u8],
) -> YamlPage {
    let _ = app;
    let tekst = String::from_utf8_lossy(text).into_owned();
    let lines: Vec<&str> = tekst.lines().collect();
    let mut linjer: Vec<(u32, String)> = problems
        .iter()
        .filter_map(|p| p.line)
        .filter_map(|l| Some((l, (*lines.get(l.checked_sub(1)? as usize)?).to_owned())))
        .collect();
    linjer.sort();
    linjer.dedup();
    YamlPage {
        id: id.to_owned(),
        fil: file_name(path),
        versjon: versjon.to_owned(),
        paa_disk: (disk != text && !disk.is_empty() && melding.is_some())
            .then(|| String::from_utf8_lossy(disk).into_owned()),
        tekst,
        problemer: problems,
        linjer,
        melding,
    }
}

/// GET `/sak/{id}/yaml`.
pub async fn yaml_show(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    on_case(&app, id, |a, id, path| {
        let bytes = store::read(path).ok()?;
        let problems = check(a, path, &bytes);
        let version = store::version(&bytes);
        let ctx = yaml_page(a, id, path, &version, &bytes, problems, None, &bytes);
        Some(page(a, "yaml.html", ctx))
    })
    .await
}

/// POST `/sak/{id}/yaml`: saves the text as typed (comments and all).
pub async fn yaml_post(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    on_case(&app, id, move |a, id, path| {
        let mut fields = pairs(&body);
        let versjon = control(&mut fields, "_versjon").unwrap_or_default();
        let text = control(&mut fields, "tekst")
            .unwrap_or_default()
            .replace("\r\n", "\n");
        let disk = store::read(path).unwrap_or_default();
        Some(save_and_answer(
            a,
            id,
            path,
            text.as_bytes(),
            &versjon,
            None,
            &disk,
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct VersionQuery {
    v: Option<String>,
}

/// GET `/sak/{id}/versjon?v=…`: empty while the file is still at `v`, a
/// notice when someone else has changed it (the page asks every few
/// seconds).
pub async fn version_check(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<VersionQuery>,
) -> Response {
    let Some(path) = cases::find(&app, &id) else {
        return refusal(StatusCode::NOT_FOUND, "Saken finnes ikke.");
    };
    let current = store::read(&path).map(|b| store::version(&b)).ok();
    if current.is_some() && current == q.v {
        return axum::response::Html(String::new()).into_response();
    }
    axum::response::Html(
        "<p class=\"melding feil\">Saksfilen er endret av noen andre etter at du åpnet den. \
         Lagrer du, får du se forskjellene først.</p>"
            .to_owned(),
    )
    .into_response()
}

/// The history page.
#[derive(Debug, Serialize)]
struct HistoryPage {
    id: String,
    fil: String,
    versjoner: Vec<store::Version>,
    /// One version's text, when asked for.
    vist: Option<(u32, String)>,
}

/// GET `/sak/{id}/historikk`.
pub async fn history(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    history_page(&app, &id, None)
}

/// GET `/sak/{id}/historikk/{n}`: one earlier version's text.
pub async fn history_version(
    State(app): State<Arc<App>>,
    UrlPath((id, n)): UrlPath<(String, u32)>,
) -> Response {
    history_page(&app, &id, Some(n))
}

fn history_page(app: &App, id: &str, n: Option<u32>) -> Response {
    let Some(path) = cases::find(app, id) else {
        return refusal(StatusCode::NOT_FOUND, "Saken finnes ikke.");
    };
    let fil = file_name(&path);
    let vist = match n {
        Some(n) => match store::version_bytes(&app.saker, &fil, n) {
            Some(b) => Some((n, String::from_utf8_lossy(&b).into_owned())),
            None => return refusal(StatusCode::NOT_FOUND, "Versjonen finnes ikke."),
        },
        None => None,
    };
    let ctx = HistoryPage {
        id: id.to_owned(),
        versjoner: store::versions(&app.saker, &fil),
        fil,
        vist,
    };
    page(app, "historikk.html", ctx)
}

/// POST `/sak/{id}/historikk/{n}`: makes version `n` the case file again;
/// the file it replaces goes into the history too, so a restore can be
/// undone.
pub async fn restore(
    State(app): State<Arc<App>>,
    UrlPath((id, n)): UrlPath<(String, u32)>,
) -> Response {
    let Some(path) = cases::find(&app, &id) else {
        return refusal(StatusCode::NOT_FOUND, "Saken finnes ikke.");
    };
    let fil = file_name(&path);
    let Some(old) = store::version_bytes(&app.saker, &fil, n) else {
        return refusal(StatusCode::NOT_FOUND, "Versjonen finnes ikke.");
    };
    let current = store::read(&path).unwrap_or_default();
    match store::save(&app, &path, &old, Some(&store::version(&current))) {
        Ok(()) => Redirect::to(&format!("/sak/{id}?lagret=1")).into_response(),
        Err(_) => refusal(
            StatusCode::CONFLICT,
            "Versjonen kunne ikke gjenopprettes: saksfilen ble endret i samme øyeblikk. Prøv igjen.",
        ),
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    mal: Option<String>,
}

/// What a new case starts from: a blank (the required fields, empty) or,
/// from another case, what is not about that youth: the profile, the
/// staff and their roles, and the settlement (the home is the same).
fn template(app: &App, from: Option<&str>) -> Value {
    let source = from
        .and_then(|id| cases::find(app, id))
        .and_then(|p| store::read(&p).ok())
        .and_then(|b| as_value(&b));
    let mut out = serde_json::Map::new();
    match source {
        Some(src) => {
            for key in [
                "kommuneprofil",
                "saksnummer",
                "ungdom",
                "ansatte",
                "saerkontakt",
                "saksbehandler",
                "bosetting",
            ] {
                let v = match key {
                    "saksnummer" => Value::String(String::new()),
                    "ungdom" => serde_json::json!({}),
                    "bosetting" => match src.get("bosetting") {
                        Some(b) => {
                            let mut b = b.clone();
                            if let Some(o) = b.as_object_mut() {
                                o.remove("dato");
                            }
                            b
                        }
                        None => continue,
                    },
                    k => match src.get(k) {
                        Some(v) => v.clone(),
                        None => continue,
                    },
                };
                out.insert(key.to_owned(), v);
            }
        }
        None => {
            if let Some(profile) = first_profile(app) {
                out.insert("kommuneprofil".to_owned(), Value::String(profile));
            }
            out.insert("ungdom".to_owned(), serde_json::json!({}));
            out.insert("ansatte".to_owned(), serde_json::json!([{}]));
        }
    }
    Value::Object(out)
}

/// The first profile of the profiles folder, as a path from the case
/// folder (`../kommuner/asker.yaml`).
fn first_profile(app: &App) -> Option<String> {
    let folder = std::fs::canonicalize(&app.config.kommuner).ok()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    relative(&app.saker, files.first()?)
}

/// `to` as a path relative to the folder `from` (both absolute).
fn relative(from: &Path, to: &Path) -> Option<String> {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

/// GET `/ny?mal=ID`: the form of a new case, from a blank or a case.
pub async fn new_case(State(app): State<Arc<App>>, Query(q): Query<NewQuery>) -> Response {
    let value = template(&app, q.mal.as_deref());
    new_page(
        &app,
        &value,
        NewCase::default(),
        Vec::new(),
        None,
        None,
        StatusCode::OK,
    )
}

fn new_page(
    app: &App,
    value: &Value,
    ny: NewCase,
    problems: Vec<Problem>,
    melding: Option<Notice>,
    focus: Option<&str>,
    status: StatusCode,
) -> Response {
    let skjema = form_of(app, value, &problems, None, focus);
    #[derive(Serialize)]
    struct Ctx {
        ny: NewCase,
        skjema: Vec<Node>,
        problemer: Vec<Listed>,
        melding: Option<Notice>,
        maler: Vec<(String, String)>,
        action: &'static str,
        versjon: &'static str,
    }
    let maler = cases::files(app)
        .iter()
        .map(|p| {
            let f = file_name(p);
            (cases::id_of(&f), f)
        })
        .collect();
    let ctx = Ctx {
        problemer: listed(problems, Some(&skjema)),
        ny,
        skjema,
        melding,
        maler,
        action: "/ny",
        versjon: "",
    };
    page_with_status(app, "ny.html", ctx, status)
}

/// POST `/ny`: a shape change, or the new case saved under the file name
/// typed, if the name is free and the case valid.
pub async fn new_post(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let a = Arc::clone(&app);
    tokio::task::spawn_blocking(move || new_submit(&a, &body))
        .await
        .unwrap_or_else(|_| {
            refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Saken kunne ikke lagres.",
            )
        })
}

fn new_submit(app: &App, body: &[u8]) -> Response {
    let mut fields = pairs(body);
    let _ = control(&mut fields, "_versjon");
    let handling = control(&mut fields, "_handling").unwrap_or_else(|| "lagre".to_owned());
    let raw_name = control(&mut fields, "_filnavn").unwrap_or_default();
    let name = raw_name.trim().to_lowercase();
    let name = if name.is_empty() || name.ends_with(".yaml") {
        name
    } else {
        format!("{name}.yaml")
    };
    let mut value = app.forms.parse(&fields);
    let mut ny = NewCase {
        filnavn: raw_name.trim().to_owned(),
        problem: None,
    };
    if let Some(action) = Action::parse(&handling) {
        app.forms.apply(&mut value, &action);
        let focus = match &action {
            Action::Add(p) => Some(added_path(&value, p)),
            Action::Remove(_) => None,
        };
        return new_page(
            app,
            &value,
            ny,
            Vec::new(),
            None,
            focus.as_deref(),
            StatusCode::OK,
        );
    }
    if !store::valid_new_name(&name) {
        ny.problem = Some(
            "Skriv et filnavn med små bokstaver, tall og bindestrek, for eksempel asker-ny-sak."
                .to_owned(),
        );
    }
    let path = app.saker.join(&name);
    let text = yaml::to_yaml(&value, "");
    let problems = if ny.problem.is_none() {
        check(app, &path, text.as_bytes())
    } else {
        Vec::new()
    };
    if ny.problem.is_some() || problems.iter().any(|p| p.severity == "error") {
        let melding = Notice {
            kind: "feil",
            text: "Saken er ikke opprettet: rett det som er merket. Det du skrev er beholdt."
                .to_owned(),
        };
        return new_page(
            app,
            &value,
            ny,
            problems,
            Some(melding),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match store::save(app, &path, text.as_bytes(), None) {
        Ok(()) => Redirect::to(&format!("/sak/{}?lagret=1", cases::id_of(&name))).into_response(),
        Err(e) => {
            ny.problem = Some(match e {
                SaveError::Exists => "Det finnes allerede en sak med dette filnavnet.".to_owned(),
                _ => "Saken kunne ikke skrives til disken.".to_owned(),
            });
            let melding = Notice {
                kind: "feil",
                text: "Saken er ikke opprettet. Det du skrev er beholdt.".to_owned(),
            };
            new_page(
                app,
                &value,
                ny,
                Vec::new(),
                Some(melding),
                None,
                StatusCode::CONFLICT,
            )
        }
    }
}
