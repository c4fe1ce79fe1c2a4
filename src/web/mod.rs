//! `saksdok serve`: a local web app over the library, for office staff and
//! caseworkers who should not have to edit YAML in a terminal.
//!
//! | file | owns |
//! |---|---|
//! | `security.rs` | Host check, access token, CSRF token, security headers |
//! | `cases.rs` | the case folder: opaque ids, confined file access, the list |
//! | `pages.rs` | the routes, the list, documents, previews, deadlines |
//! | `edit.rs` | the case page: form, YAML view, saving, history, new case |
//! | `form.rs` | forms built from the JSON Schema of the case model |
//! | `yaml.rs` | writing a case from a form as readable YAML |
//! | `store.rs` | atomic saves with conflict check and history |
//! | `batch.rs` | batches in the background, with progress and downloads |
//! | `assets.rs` | CSS, JavaScript and htmx, embedded in the binary |
//!
//! The server calls the library ([`crate::job::Job`]) for every document;
//! it re-implements nothing. It listens on 127.0.0.1 unless told otherwise,
//! and another address needs an access token. URLs carry only opaque case
//! ids and document kinds, never a name or a file name; the server logs
//! nothing about requests.

mod assets;
mod batch;
mod cases;
mod edit;
mod form;
mod pages;
mod security;
mod store;
mod yaml;

pub use security::CSP;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::engine::Engine;
use crate::job::{Job, Profiles};

/// The largest request body accepted (a case file is at most 1 MiB).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How the server is started.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder of case files; nothing outside it is read or written.
    pub saker: PathBuf,
    /// The folder of municipality profiles.
    pub kommuner: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The access token every request must carry (required when `addr` is
    /// not a loopback address).
    pub token: Option<String>,
    /// Today's date: for the next deadline in the list and the date of a
    /// document dated when it is made. The library never reads the clock;
    /// the CLI passes its own.
    pub today: fn() -> chrono::NaiveDate,
    /// How batches start worker processes (`None`: worker threads only).
    pub workers: Option<crate::job::process::WorkerCommand>,
}

/// The running app: its configuration, the library's job, the page
/// templates and the CSRF token of this process.
pub struct App {
    config: Config,
    /// The folder of case files, with every link resolved.
    saker: PathBuf,
    job: Job,
    pages: minijinja::Environment<'static>,
    csrf: String,
    forms: form::Forms,
    /// One save at a time.
    saving: std::sync::Mutex<()>,
    previews: Previews,
    batches: batch::Runs,
}

/// The page images of the last few documents previewed, by case, kind and
/// file version.
#[derive(Default)]
struct Previews(std::sync::Mutex<Vec<(String, Arc<Vec<crate::export::OutputFile>>)>>);

impl Previews {
    const KEEP: usize = 8;

    fn get(&self, key: &str) -> Option<Arc<Vec<crate::export::OutputFile>>> {
        let list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| Arc::clone(v))
    }

    fn put(&self, key: String, files: Arc<Vec<crate::export::OutputFile>>) {
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.retain(|(k, _)| *k != key);
        list.insert(0, (key, files));
        list.truncate(Self::KEEP);
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Another address than loopback without a token.
    #[error(
        "{0} is reachable from other machines: give --token (or --token-file) so that every request must carry it"
    )]
    NeedsToken(SocketAddr),
    /// The case folder is missing.
    #[error("the case folder {0} does not exist or is not a folder")]
    NoCases(PathBuf),
    /// The token is too short to guard anything.
    #[error("the token is shorter than 16 characters")]
    WeakToken,
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl App {
    /// An app over `config`, checked: the case folder exists, a
    /// non-loopback address has a token.
    pub fn new(config: Config) -> Result<Self, StartError> {
        if !config.addr.ip().is_loopback() && config.token.is_none() {
            return Err(StartError::NeedsToken(config.addr));
        }
        if config
            .token
            .as_ref()
            .is_some_and(|t| t.chars().count() < 16)
        {
            return Err(StartError::WeakToken);
        }
        let saker = std::fs::canonicalize(&config.saker)
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| StartError::NoCases(config.saker.clone()))?;
        let job = Job::new(Engine::new(), Profiles::per_case_in(&config.kommuner));
        Ok(Self {
            saker,
            job,
            pages: pages::environment(),
            csrf: security::random_token(),
            forms: form::Forms::new(),
            saving: std::sync::Mutex::new(()),
            previews: Previews::default(),
            batches: batch::Runs::default(),
            config,
        })
    }

    /// The address the server answers for.
    pub fn addr(&self) -> SocketAddr {
        self.config.addr
    }
}

/// The routes of the app.
pub fn router(app: Arc<App>) -> axum::Router {
    pages::routes(app)
}

/// Binds, prints the address and serves until the process ends. Port 0
/// takes a free port (the address printed is the one bound).
pub fn run(mut config: Config) -> Result<(), StartError> {
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        return Err(StartError::NeedsToken(config.addr));
    }
    let listener = std::net::TcpListener::bind(config.addr)?;
    listener.set_nonblocking(true)?;
    config.addr = listener.local_addr()?;
    let app = Arc::new(App::new(config)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        println!("saksdok serve: http://{}/ (stop with Ctrl+C)", app.addr());
        axum::serve(listener, router(app)).await?;
        Ok(())
    })
}
