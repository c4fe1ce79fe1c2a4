//! The whole job around the engine, for every front end: loading a case
//! from a path or from bytes, finding its municipality profile, the time
//! limit on a document, and batches of many cases ([`batch`]) with their
//! manifest and print file.
//!
//! A front end builds one [`Job`] (the engine, the profiles, the limit) and
//! calls it per case or per batch; it never runs the stages itself.
//!
//! ```no_run
//! use saksdok::job::{CaseInput, Job, Profiles};
//! use saksdok::{DocumentKind, Engine, OutputFormat, Request};
//!
//! let profile = std::fs::read("samples/kommuner/asker.yaml")?;
//! let job = Job::new(Engine::new(), Profiles::fixed(saksdok::case::parse_profile(&profile, "kommune.yaml")?));
//! let yaml = std::fs::read("samples/saker/asker-yonas.yaml")?;
//! match job.render(CaseInput::Bytes { name: "sak.yaml", bytes: &yaml }, &Request::new(DocumentKind::Velkomstbrev), OutputFormat::Pdf) {
//!     Ok(rendered) => println!("{} bytes", rendered.files[0].bytes.len()),
//!     Err(e) => println!("{}", serde_json::to_string(e.diagnostics())?),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **What a time limit stops, and what runs on.** Each case runs on a
//! thread of its own. When it takes longer than the limit, the job reports a
//! located error at once and cancels the work: the engine checks the
//! cancellation between the stages of a document and between the documents
//! of a case, so nothing more is exported, written or started for that case.
//! What cannot be interrupted is the one Typst layout (or minijinja render,
//! which its fuel bounds) in progress: Typst offers no way to stop a
//! compilation. That layout runs on, on its thread, until Typst finishes it
//! (its own limits end runaway `while` loops and recursion, not a long `for`
//! loop) or the process ends, and its result is dropped. In the CLI the
//! process ends with the command; a long-lived server that runs untrusted
//! templates should run documents in a child process it can kill.

pub mod batch;
mod deadlines;
mod manifest;
pub mod process;
mod stale;

pub use deadlines::{DeadlineRow, csv_field, deadline_rows};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::case::load::read_file;
use crate::case::{
    Agreement, Case, Municipality, load_case, load_profile, parse_agreement, parse_case,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::engine::{Cancel, Engine, OutputFormat, Rendered, Request};
use crate::error::{Error, Result};
use crate::kind::DocumentKind;

/// The time a case may take unless the job says otherwise.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Stack size of a thread that typesets: Typst's layout and PDF export
/// recurse deeply.
pub(crate) const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Where the municipality profile of each case comes from: one profile for
/// every case, or the one each case names in `kommuneprofil` (relative to
/// the case file), each read once.
///
/// A case file may only name a profile inside the profiles folder: the
/// folder given ([`Profiles::per_case_in`]), or else the folder `kommuner`
/// beside the case's own folder (`saker/../kommuner`, as the samples are
/// laid out). The path is resolved with every link followed before anything
/// is read, so `kommuneprofil: /etc/shadow`, `../../…` or a link out of the
/// folder are refused without opening the file.
#[derive(Debug, Default)]
pub struct Profiles {
    fixed: Option<Arc<Municipality>>,
    folder: Option<PathBuf>,
    loaded: Mutex<HashMap<PathBuf, Arc<Municipality>>>,
}

/// The profiles folder's name beside a case folder, when none is given.
pub const PROFILES_FOLDER: &str = "kommuner";

impl Profiles {
    /// Each case's own `kommuneprofil`, inside `kommuner/` beside the case's
    /// folder.
    pub fn per_case() -> Self {
        Self::default()
    }

    /// Each case's own `kommuneprofil`, which must be inside `folder`.
    pub fn per_case_in(folder: &Path) -> Self {
        Self {
            folder: Some(folder.to_path_buf()),
            ..Self::default()
        }
    }

    /// One profile for every case.
    pub fn fixed(muni: Municipality) -> Self {
        Self {
            fixed: Some(Arc::new(muni)),
            ..Self::default()
        }
    }

    /// One profile for every case, read from `path`.
    pub fn load_fixed(path: &Path) -> Result<Self> {
        Ok(Self::fixed(load_profile(path)?))
    }

    /// The profile of `case`, read from `case_path` (when the case comes from
    /// a file) and its `kommuneprofil`, unless one profile is fixed.
    pub fn for_case(&self, case_path: Option<&Path>, case: &Case) -> Result<Arc<Municipality>> {
        self.for_file(case_path, &case.source, case.profile_path.as_deref())
    }

    /// The profile a file (a case or an agreement, called `source` in
    /// messages) names in `kommuneprofil` (`rel`), unless one is fixed.
    pub fn for_file(
        &self,
        file_path: Option<&Path>,
        source: &str,
        rel: Option<&str>,
    ) -> Result<Arc<Municipality>> {
        if let Some(m) = &self.fixed {
            return Ok(Arc::clone(m));
        }
        let Some(rel) = rel else {
            return Err(Error::one(
                Diagnostic::error(Code::NoProfile, "no municipality profile for this file")
                    .in_file(source)
                    .field("kommuneprofil")
                    .hint(
                        "name the profile in the case file: kommuneprofil: ../kommuner/asker.yaml",
                    ),
            ));
        };
        let path = self.confined(file_path, rel, source)?;
        self.load(&path)
    }

    /// The profiles folder for a case at `case_path`.
    fn folder_for(&self, case_path: Option<&Path>) -> PathBuf {
        match &self.folder {
            Some(f) => f.clone(),
            None => case_path
                .and_then(Path::parent)
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                .join("..")
                .join(PROFILES_FOLDER),
        }
    }

    /// The profile a case names, if it resolves inside the profiles folder.
    fn confined(&self, case_path: Option<&Path>, rel: &str, source: &str) -> Result<PathBuf> {
        let folder = self.folder_for(case_path);
        let refuse = |why: &str| {
            Error::one(
                Diagnostic::error(
                    Code::NoProfile,
                    format!(
                        "the municipality profile is not in the profiles folder {}: {why}",
                        folder.display()
                    ),
                )
                .in_file(source)
                .field("kommuneprofil")
                .hint("name a profile in that folder, e.g. kommuneprofil: ../kommuner/asker.yaml"),
            )
        };
        let Ok(root) = std::fs::canonicalize(&folder) else {
            return Err(refuse("there is no such folder"));
        };
        // Resolved with every link followed; a file that does not exist is
        // reported as not found inside the folder.
        let path = profile_path(case_path, rel);
        match std::fs::canonicalize(&path) {
            Ok(real) if real.starts_with(&root) => Ok(real),
            Ok(_) => Err(refuse("the path leads out of it")),
            Err(_) => Err(refuse("no such file")),
        }
    }

    /// The profile at `path`, read once.
    fn load(&self, path: &Path) -> Result<Arc<Municipality>> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = loaded.get(path) {
            return Ok(Arc::clone(m));
        }
        let m = Arc::new(load_profile(path)?);
        loaded.insert(path.to_path_buf(), Arc::clone(&m));
        Ok(m)
    }

    /// Reads the profile a case header names, if it can be read (a batch
    /// does this before its workers start; a failure shows up per case).
    pub(crate) fn preload(&self, case_path: &Path, rel: &str) {
        if self.fixed.is_none()
            && let Ok(path) = self.confined(Some(case_path), rel, "")
        {
            let _ = self.load(&path);
        }
    }
}

/// A profile path relative to the case file's folder.
fn profile_path(case_path: Option<&Path>, rel: &str) -> PathBuf {
    case_path
        .and_then(Path::parent)
        .unwrap_or(Path::new("."))
        .join(rel)
}

/// A case to work on.
#[derive(Debug, Clone, Copy)]
pub enum CaseInput<'a> {
    /// A case file.
    File(&'a Path),
    /// A case file's bytes from elsewhere (a form, an HTTP request); `name`
    /// is what diagnostics call it.
    Bytes {
        /// The name in diagnostics.
        name: &'a str,
        /// The YAML.
        bytes: &'a [u8],
    },
    /// New bytes for the case file at `path`, not yet written (an edit
    /// being checked before it is saved): read from `bytes`, with
    /// `kommuneprofil` resolved from `path` as for the file itself, and
    /// called `name` in diagnostics.
    Draft {
        /// Where the file is or will be.
        path: &'a Path,
        /// The name in diagnostics.
        name: &'a str,
        /// The YAML.
        bytes: &'a [u8],
    },
}

impl CaseInput<'_> {
    /// What diagnostics call the case.
    pub fn label(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Bytes { name, .. } | Self::Draft { name, .. } => (*name).to_owned(),
        }
    }

    pub(crate) fn path(&self) -> Option<&Path> {
        match self {
            Self::File(p) => Some(p),
            Self::Bytes { .. } => None,
            Self::Draft { path, .. } => Some(path),
        }
    }
}

/// A request that can travel to another thread.
#[derive(Debug, Clone)]
struct OwnedRequest {
    kind: DocumentKind,
    date: Option<chrono::NaiveDate>,
    checklist: Option<String>,
    with_enclosures: bool,
    language: Option<String>,
}

impl OwnedRequest {
    fn of(req: &Request) -> Self {
        Self {
            kind: req.kind,
            date: req.date,
            checklist: req.checklist.map(str::to_owned),
            with_enclosures: req.with_enclosures,
            language: req.language.map(str::to_owned),
        }
    }

    fn get(&self) -> Request<'_> {
        Request {
            kind: self.kind,
            date: self.date,
            checklist: self.checklist.as_deref(),
            with_enclosures: self.with_enclosures,
            language: self.language.as_deref(),
        }
    }
}

/// The engine, the profiles and the time limit: everything a front end
/// needs to turn case files into documents.
#[derive(Debug)]
pub struct Job {
    engine: Arc<Engine>,
    profiles: Arc<Profiles>,
    time_limit: Duration,
}

impl Job {
    /// A job with the default time limit.
    pub fn new(engine: Engine, profiles: Profiles) -> Self {
        Self {
            engine: Arc::new(engine),
            profiles: Arc::new(profiles),
            time_limit: DEFAULT_TIME_LIMIT,
        }
    }

    /// The same job with another time limit per case.
    #[must_use]
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The time limit per case.
    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// Loads and checks a case and finds its profile.
    pub fn load(&self, input: CaseInput) -> Result<(Case, Arc<Municipality>)> {
        let case = match input {
            CaseInput::File(p) => load_case(p)?,
            CaseInput::Bytes { name, bytes } | CaseInput::Draft { name, bytes, .. } => {
                parse_case(bytes, name)?
            }
        };
        let muni = self.profiles.for_case(input.path(), &case)?;
        crate::case::check_with_profile(&case, &muni)?;
        Ok((case, muni))
    }

    /// The agreement in `input`, if it is an agreement file (`avtalenummer:`),
    /// with its profile; `None` for a case file.
    fn agreement(&self, input: CaseInput) -> Result<Option<(Agreement, Arc<Municipality>)>> {
        let bytes = match input {
            CaseInput::File(p) => std::borrow::Cow::Owned(read_file(p, &input.label())?),
            CaseInput::Bytes { bytes, .. } | CaseInput::Draft { bytes, .. } => {
                std::borrow::Cow::Borrowed(bytes)
            }
        };
        if !crate::case::is_agreement(&bytes) {
            return Ok(None);
        }
        let a = parse_agreement(&bytes, &input.label())?;
        let muni = self
            .profiles
            .for_file(input.path(), &a.source, a.profile_path.as_deref())?;
        Ok(Some((a, muni)))
    }

    /// Renders the documents of a request for one case (or, for a
    /// samarbeidsavtale, one agreement file), within the time limit.
    /// Nothing is written: the files come back in memory.
    pub fn render(
        &self,
        input: CaseInput,
        req: &Request,
        format: OutputFormat,
    ) -> Result<Rendered> {
        let (case, muni) = match self.load(input) {
            Ok(loaded) => loaded,
            // Not a case: an agreement file is read as one (only then).
            Err(e) => {
                let Some((a, muni)) = self.agreement(input)? else {
                    return Err(e);
                };
                agreement_kind_only(&a, &[req.kind])?;
                let engine = Arc::clone(&self.engine);
                let (date, kind) = (req.date, req.kind);
                return self.limited(&input.label(), move |cancel| {
                    engine.render_agreement_with(&a, &muni, kind, date, format, cancel)
                });
            }
        };
        let engine = Arc::clone(&self.engine);
        let req = OwnedRequest::of(req);
        self.limited(&input.label(), move |cancel| {
            engine.render_request_with(&case, &muni, &req.get(), format, cancel)
        })
    }

    /// Generates, typesets and exports (in memory, keeping nothing) the
    /// documents of `kinds` for one case, within the time limit; `None` checks every kind
    /// the case has data for. Returns Typst's warnings.
    pub fn check(
        &self,
        input: CaseInput,
        kinds: Option<&[DocumentKind]>,
        date: Option<chrono::NaiveDate>,
        checklist: Option<&str>,
    ) -> Result<Vec<Diagnostic>> {
        let (case, muni) = match self.load(input) {
            Ok(loaded) => loaded,
            Err(e) => {
                let Some((a, muni)) = self.agreement(input)? else {
                    return Err(e);
                };
                let kinds = kinds.map_or_else(|| a.kinds(), <[DocumentKind]>::to_vec);
                agreement_kind_only(&a, &kinds)?;
                let engine = Arc::clone(&self.engine);
                return self.limited(&input.label(), move |cancel| {
                    let mut warnings = Vec::new();
                    for kind in kinds {
                        warnings
                            .extend(engine.check_agreement_with(&a, &muni, kind, date, cancel)?);
                    }
                    Ok(warnings)
                });
            }
        };
        let kinds: Vec<DocumentKind> = match kinds {
            Some(k) => k.to_vec(),
            None => DocumentKind::ALL
                .iter()
                .copied()
                .filter(|k| k.has_data(&case))
                .collect(),
        };
        let engine = Arc::clone(&self.engine);
        let checklist = checklist.map(str::to_owned);
        self.limited(&input.label(), move |cancel| {
            let mut warnings = Vec::new();
            for kind in kinds {
                let req = Request {
                    kind,
                    date,
                    checklist: checklist.as_deref(),
                    with_enclosures: false,
                    language: None,
                };
                warnings.extend(engine.check_request_with(&case, &muni, &req, cancel)?);
            }
            Ok(warnings)
        })
    }

    /// Runs `work` on a thread of its own with a large stack and gives up
    /// after the time limit: the work is cancelled (see the module's notes
    /// on what runs on) and the case fails with a located error.
    fn limited<T: Send + 'static>(
        &self,
        label: &str,
        work: impl FnOnce(&Cancel) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let cancel = Cancel::new();
        let token = cancel.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("saksdok-render".into())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                let _ = tx.send(work(&token));
            })
            .map_err(|e| Error::Internal(format!("unable to start a thread: {e}")))?;
        match rx.recv_timeout(self.time_limit) {
            Ok(result) => result,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                cancel.cancel();
                Err(Error::one(time_limit_error(
                    "the document took longer than",
                    self.time_limit,
                    label,
                )))
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::Internal(
                "the typesetting thread stopped without a result".into(),
            )),
        }
    }
}

/// An agreement file makes agreement documents and nothing else.
fn agreement_kind_only(a: &Agreement, kinds: &[DocumentKind]) -> Result<()> {
    match kinds
        .iter()
        .find(|k| k.subject() != crate::kind::Subject::Agreement)
    {
        Some(k) => Err(Error::one(
            Diagnostic::error(
                Code::MissingSection,
                format!("this is an agreement file: it makes a samarbeidsavtale, its taushetserklaering or an intensjonsavtale, not a {k}"),
            )
            .in_file(a.source.clone())
            .at(a.reference_at)
            .field("avtalenummer")
            .hint("render it with --doc samarbeidsavtale, taushetserklaering or intensjonsavtale; a youth's documents come from their case file"),
        )),
        None => Ok(()),
    }
}

/// The error of a case stopped by the time limit.
pub(crate) fn time_limit_error(what: &str, limit: Duration, file: &str) -> Diagnostic {
    Diagnostic::error(
        Code::TimeLimit,
        format!("{what} {} s and was stopped", limit.as_secs()),
    )
    .in_file(file)
    .hint("look for a template loop that runs very long, or raise the limit if the document is just large")
}

/// Two file or folder names are the same on a case-insensitive file system
/// (network shares, Windows, macOS) when their keys are equal.
pub fn name_key(name: &str) -> String {
    name.chars().flat_map(char::to_lowercase).collect()
}

/// Claims one output name (the case reference as a file or folder name)
/// per case file: two case files whose references give the same name, as
/// a case-insensitive file system compares names, are refused together
/// before anything is written (`clash` says how). Cases without a readable
/// reference claim nothing here. Returns the claims, by [`name_key`].
pub(crate) fn claim_names(
    cases: &[PathBuf],
    references: &[Option<&str>],
    clash: &dyn Fn(&str, &Path, &Path) -> Diagnostic,
) -> Result<HashMap<String, PathBuf>> {
    let mut claimed: HashMap<String, PathBuf> = HashMap::new();
    let mut clashes = Vec::new();
    for (path, reference) in cases.iter().zip(references) {
        let Some(slug) = reference.map(crate::kind::reference_slug) else {
            continue;
        };
        let key = name_key(&slug);
        match claimed.get(&key) {
            // The same file named twice writes the same bytes twice.
            Some(first) if same_file(first, path) => {}
            Some(first) => clashes.push(clash(&slug, first, path)),
            None => {
                claimed.insert(key, path.clone());
            }
        }
    }
    if clashes.is_empty() {
        Ok(claimed)
    } else {
        Err(Error::Invalid(clashes))
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Refuses, before anything is rendered, case files whose references would
/// give the same file names (`render` of several cases into one folder).
pub fn refuse_name_clashes(cases: &[PathBuf]) -> Result<()> {
    let headers: Vec<_> = cases.iter().map(|p| crate::case::peek_case(p)).collect();
    let references: Vec<Option<&str>> = headers
        .iter()
        .map(|h| h.as_ref().and_then(|h| h.saksnummer.as_deref()))
        .collect();
    claim_names(cases, &references, &|slug, first, second| {
        Diagnostic::error(
            Code::Duplicate,
            format!(
                "two case files have case references that give the same file names ({slug}-…): {} and {}",
                first.display(),
                second.display()
            ),
        )
        .in_file(second.display().to_string())
        .field("saksnummer")
        .hint("file names ignore / and other signs, and upper and lower case; render them into different folders, or give each case its own saksnummer; nothing was written")
    })
    .map(|_| ())
}

/// Case files from paths, folders (their `.yaml` and `.yml` files, by name)
/// and glob patterns (`saker/*.yaml`): sorted per input, each file once.
pub fn case_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    case_files_and_skipped(inputs).map(|(files, _)| files)
}

/// Whether a name ends in `.yaml` or `.yml`, in any case (`B.YAML`).
fn yaml_named(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// What a folder entry is, when it is not a file to read.
fn not_a_file(p: &Path) -> Option<&'static str> {
    let m = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(_) if std::fs::symlink_metadata(p).is_ok() => return Some("a link that leads nowhere"),
        Err(_) => return Some("gone or unreadable"),
    };
    if m.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = m.file_type();
        if t.is_fifo() {
            return Some("a pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some(if m.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    })
}

/// [`case_files`], and a warning for every entry of a folder that was
/// skipped: a `.yaml` name that is not a file (a link that leads nowhere,
/// a pipe, a folder), and a count of the other entries that are not case
/// files.
pub fn case_files_and_skipped(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if input.is_dir() {
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let mut files: Vec<PathBuf> = Vec::new();
                    let mut others = 0usize;
                    let mut paths: Vec<PathBuf> =
                        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    paths.sort();
                    for p in paths {
                        let hidden = p
                            .file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with('.'));
                        match (yaml_named(&p), not_a_file(&p)) {
                            (true, None) => files.push(p),
                            (true, Some(what)) => skipped.push(
                                Diagnostic::warning(
                                    Code::Input,
                                    format!("skipped: the entry is {what}, not a case file"),
                                )
                                .in_file(p.display().to_string()),
                            ),
                            (false, _) if hidden => {}
                            (false, _) => others += 1,
                        }
                    }
                    if others > 0 {
                        skipped.push(
                            Diagnostic::warning(
                                Code::Input,
                                format!(
                                    "skipped {others} entr{} not named .yaml or .yml",
                                    if others == 1 { "y" } else { "ies" }
                                ),
                            )
                            .in_file(text.to_string()),
                        );
                    }
                    found.extend(files);
                }
                Err(e) => problems.push(
                    Diagnostic::error(Code::Input, format!("unable to read folder: {e}"))
                        .in_file(text.to_string()),
                ),
            }
        } else if input.exists() {
            found.push(input.clone());
        } else if text.contains(['*', '?', '[']) {
            match glob::glob(&text) {
                Ok(paths) => {
                    let mut files: Vec<PathBuf> = paths
                        .filter_map(std::result::Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    if files.is_empty() {
                        problems.push(
                            Diagnostic::error(Code::Input, "the pattern matches no case file")
                                .in_file(text.to_string()),
                        );
                    }
                    files.sort();
                    found.extend(files);
                }
                Err(e) => problems.push(
                    Diagnostic::error(Code::Input, format!("not a valid pattern: {e}"))
                        .in_file(text.to_string()),
                ),
            }
        } else {
            problems.push(
                Diagnostic::error(Code::Input, "no such case file or folder")
                    .in_file(text.to_string())
                    .hint("give case files, a folder of them, or a quoted pattern like \"saker/*.yaml\""),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    if found.is_empty() {
        return Err(Error::one(
            Diagnostic::error(Code::Input, "no case files to render")
                .hint("a folder is searched for .yaml and .yml files"),
        ));
    }
    Ok((found, skipped))
}
