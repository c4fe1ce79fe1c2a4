//! Synthetic, fictional cases for benchmarks and load tests: a municipality
//! profile and any number of case files, each asking for a one-page
//! følgebrev to the youth. Names are drawn from short lists of invented
//! names, addresses are «Fiktiv…», and national ID numbers are synthetic test
//! numbers (month + 80), so nothing here can be a real person.

use chrono::{Days, NaiveDate};

use crate::case::ids::{synthetic_duf, synthetic_national_id};

const FIRST: &[&str] = &[
    "Amir", "Sara", "Yonas", "Hewan", "Dawit", "Amina", "Omar", "Lina", "Samir", "Noor", "Tesfay",
    "Meron", "Farid", "Zahra", "Bilal", "Ayan",
];
const LAST: &[&str] = &[
    "Fiktivsen",
    "Testesen",
    "Prøvesen",
    "Eksempel",
    "Oppdiktet",
    "Modellsen",
    "Skissesen",
    "Utkastet",
];

/// The file that marks a folder as made by the benchmark: only such a
/// folder (or an empty or new one) is written into, and only what the
/// benchmark made in it is replaced.
pub const BENCH_MARK: &str = ".saksdok-bench";

/// Makes `dir` the benchmark's own: creates it if it does not exist, and
/// marks it if it is empty. A folder that holds anything else and no mark
/// is refused, so pointing `--dir` at real case files cannot destroy them.
pub fn claim_dir(dir: &std::path::Path) -> crate::Result<()> {
    let refuse = |msg: String, hint: &str| {
        crate::Error::one(
            crate::Diagnostic::error(crate::diagnostic::Code::OutputFolder, msg)
                .in_file(dir.display().to_string())
                .hint(hint),
        )
    };
    let io = |e: std::io::Error| {
        refuse(
            format!("unable to prepare the benchmark folder: {e}"),
            "choose another folder",
        )
    };
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        Err(e) => return Err(io(e)),
        Ok(m) if !m.is_dir() => {
            return Err(refuse(
                "the benchmark folder is not a folder".into(),
                "give a new or empty folder",
            ));
        }
        Ok(_) if dir.join(BENCH_MARK).is_file() => return Ok(()),
        Ok(_) => {
            let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
            if !empty {
                return Err(refuse(
                    "the benchmark folder holds files the benchmark did not make; nothing was changed"
                        .into(),
                    "give a new or empty folder: the benchmark replaces its saker/, kommuner/ and ut/",
                ));
            }
        }
    }
    std::fs::write(
        dir.join(BENCH_MARK),
        "made by saksdok bench: saker/, kommuner/ and ut/ here are replaced by the next run\n",
    )
    .map_err(io)
}

/// Writes `n` synthetic cases into `dir/saker/` (`sak-00001.yaml`, …) and
/// their profile as `dir/kommuner/fiktiv.yaml`, replacing earlier ones;
/// returns the case files in order. `dir` must have been claimed
/// ([`claim_dir`]).
pub fn write_cases(dir: &std::path::Path, n: usize) -> std::io::Result<Vec<std::path::PathBuf>> {
    let cases = dir.join("saker");
    let profiles = dir.join("kommuner");
    for d in [&cases, &profiles] {
        if d.exists() {
            std::fs::remove_dir_all(d)?;
        }
        std::fs::create_dir_all(d)?;
    }
    std::fs::write(profiles.join("fiktiv.yaml"), profile_yaml())?;
    (0..n)
        .map(|i| {
            let path = cases.join(format!("sak-{:05}.yaml", i + 1));
            std::fs::write(&path, case_yaml(i))?;
            Ok(path)
        })
        .collect()
}

/// The profile the synthetic cases name (`kommuneprofil:
/// ../kommuner/fiktiv.yaml`, in the profiles folder beside their folder).
pub fn profile_yaml() -> String {
    "\
# FICTIONAL municipality profile for benchmarks (bokmål).
kommune: Fiktiv kommune
enhet: Barneverntjenesten
målform: nb
org_nr: \"310004561\"
postadresse: { linje1: Postboks 1, postnr: \"1300\", poststed: Fiktivby }
besoksadresse: { linje1: Fiktivveien 1, postnr: \"1300\", poststed: Fiktivby }
telefon: 00 00 00 00
epost: post@fiktiv.example
taushetsplikt:
  merking: Unntatt offentlighet
  hjemmel: offl. § 13 jf. bvl. § 13-1
"
    .to_owned()
}

/// The case reference of synthetic case `i`: «2026/00001», …
pub fn reference(i: usize) -> String {
    format!("2026/{:05}", i + 1)
}

/// Synthetic case `i` (0-based), naming `../kommuner/fiktiv.yaml`.
pub fn case_yaml(i: usize) -> String {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let birth = NaiveDate::from_ymd_opt(2009, 1, 1)
        .and_then(|d| d.checked_add_days(Days::new((i % 1400) as u64)))
        .unwrap_or_default();
    let id = synthetic_national_id(birth, i as u32);
    let duf = synthetic_duf(2025, i as u32);
    let reference = reference(i);
    let street = 1 + i % 200;
    format!(
        "\
# FICTIONAL synthetic case for benchmarks; the ID number is a synthetic test number.
kommuneprofil: ../kommuner/fiktiv.yaml
saksnummer: \"{reference}\"
ungdom:
  fornavn: {first}
  etternavn: {last}
  fodselsdato: {birth}
  fodselsnummer: \"{id}\"
  duf: \"{duf}\"
  adresse: {{ linje1: Fiktivveien {street}, postnr: \"1300\", poststed: Fiktivby }}
ansatte:
  - {{ id: sb, navn: Kari Saksbehandlersen, tittel: saksbehandler, telefon: 900 00 000 }}
  - {{ id: sk, navn: Per Kontaktsen, tittel: særkontakt, telefon: 900 00 001 }}
saksbehandler: sb
saerkontakt: sk
folgebrev:
  dato: 2026-11-23
  var_ref: {reference}-2
  emne: Oversending av tiltaksplan
  viser_til: {{ motedato: 2026-11-16, vedtak_ref: {reference}-1, vedtak_dato: 2026-10-01 }}
  vedlegg:
    - {{ tittel: Tiltaksplan, dato: 2026-11-16 }}
  avsnitt:
    - Planen ble laget sammen med deg i møtet. Ta kontakt hvis du har spørsmål.
"
    )
}

/// What [`bench()`] measured.
#[derive(Debug)]
pub struct BenchReport {
    /// Letters rendered.
    pub letters: usize,
    /// Workers.
    pub jobs: usize,
    /// Wall time of the batch, from the first case read to the manifest.
    pub seconds: f64,
    /// The batch itself, for its failures.
    pub batch: crate::job::batch::BatchReport,
}

/// Renders `n` synthetic one-page letters (a følgebrev to the youth for
/// each fictional case) through the whole batch pipeline — YAML, checks,
/// templates, Typst, PDF/A export, hashing, atomic writes, manifest — with
/// `jobs` workers. `dir` must be new, empty or an earlier benchmark's
/// ([`claim_dir`]); the cases go to `dir/saker/`, the letters to `dir/ut/`
/// (both replaced).
pub fn bench(
    n: usize,
    jobs: usize,
    workers: Option<crate::job::process::WorkerCommand>,
    dir: &std::path::Path,
) -> crate::Result<BenchReport> {
    use crate::export::write::OutputDir;
    use crate::job::batch::BatchOptions;
    use crate::job::{Job, Profiles};
    claim_dir(dir)?;
    let out = dir.join("ut");
    let prepared = (|| -> std::io::Result<Vec<std::path::PathBuf>> {
        if out.exists() {
            std::fs::remove_dir_all(&out)?;
        }
        std::fs::create_dir_all(&out)?;
        write_cases(dir, n)
    })();
    let inputs = prepared.map_err(|e| {
        crate::Error::one(
            crate::Diagnostic::error(
                crate::diagnostic::Code::Output,
                format!("unable to prepare the benchmark folder: {e}"),
            )
            .in_file(dir.display().to_string()),
        )
    })?;
    let opts = BatchOptions {
        kinds: vec![crate::DocumentKind::Folgebrev],
        jobs,
        worker_processes: workers,
        ..BatchOptions::default()
    };
    let started = std::time::Instant::now();
    let job = Job::new(crate::Engine::new(), Profiles::per_case());
    let batch = job.batch(inputs, &OutputDir::prepare(&out)?, &opts, &|_| {})?;
    Ok(BenchReport {
        letters: n,
        jobs,
        seconds: started.elapsed().as_secs_f64(),
        batch,
    })
}
