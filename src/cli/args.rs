//! Command-line arguments. The doc comments are the `--help` text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use saksdok::DocumentKind;

const EXAMPLES: &str = "\
Examples:
  Render the welcome letter of a case as PDF into out/:
    saksdok render samples/saker/asker-yonas.yaml --doc velkomstbrev \\
      --kommune samples/kommuner/asker.yaml -o out

  Look at the pages as PNG images, or at the generated Typst source:
    saksdok render samples/saker/alver-amina.yaml --doc velkomstbrev \\
      --kommune samples/kommuner/alver.yaml -o out --format png
    saksdok render samples/saker/alver-amina.yaml --doc velkomstbrev \\
      --kommune samples/kommuner/alver.yaml -o - --format typ

  Check a case file without writing anything:
    saksdok check samples/saker/asker-yonas.yaml --kommune samples/kommuner/asker.yaml

Exit codes: 0 every document written, 1 a problem in the case data, profile,
templates or output folder (the message names file, line, field and a fix),
2 a usage or internal error.";

/// Document generation for child-welfare services: case YAML → PDF/A.
#[derive(Debug, Parser)]
#[command(name = "saksdok", version, about, after_long_help = EXAMPLES, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a document for one or more case files.
    Render(RenderArgs),
    /// Render documents for many cases at once, in parallel, with a manifest
    /// and an optional print file.
    Batch(BatchArgs),
    /// Measure speed and memory: render N synthetic one-page letters as a batch.
    Bench(BenchArgs),
    /// Validate case files (and typeset their documents) without writing anything.
    Check(CheckArgs),
    /// List the upcoming deadlines of one or many cases, sorted by date.
    Frister(FristerArgs),
    /// List the font families templates can use (all embedded in the binary).
    Fonts(FontsArgs),
    /// Print the JSON Schema of the case file or the municipality profile.
    Schema(SchemaArgs),
    /// List the document kinds: name, the case section each needs, and what it is.
    Kinds,
    /// Print the journal note of each signed Askerguiden chapter, to paste
    /// into the journal system's protocol template.
    Journalnotat(JournalArgs),
    /// Start the web app: the case list, documents and previews in a browser.
    Serve(ServeArgs),
    /// A batch's worker process (started by `batch`, `bench` and `serve`
    /// themselves, talking over standard input and output).
    #[command(hide = true)]
    BatchWorker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder of case files (read and written only inside it).
    #[arg(long, value_name = "DIR", default_value = "samples/saker")]
    pub saker: PathBuf,
    /// The folder of municipality profiles (default: `kommuner/` beside the
    /// case folder).
    #[arg(long, value_name = "DIR")]
    pub kommuner: Option<PathBuf>,
    /// The port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on. Anything but 127.0.0.1 / ::1 needs a token.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// An access token every request must carry (at least 16 characters).
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// A file holding the access token (its first line).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct JournalArgs {
    /// The case file.
    #[arg(value_name = "CASE.yaml")]
    pub case: PathBuf,
    /// Only this chapter (1–10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub kapittel: Option<u32>,
    /// The municipality profile; default: the profile the case names.
    #[arg(long, short = 'k', value_name = "PROFILE.yaml")]
    pub kommune: Option<PathBuf>,
    /// The folder the profile the case names must be in (default:
    /// `kommuner/` beside the case's folder).
    #[arg(long, value_name = "DIR", conflicts_with = "kommune")]
    pub kommuner: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum)]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// A case file (`samples/saker/*.yaml`).
    Case,
    /// A municipality profile (`samples/kommuner/*.yaml`).
    Profile,
    /// An agreement file (`samples/avtaler/*.yaml`).
    Agreement,
}

#[derive(Debug, Args)]
pub struct FristerArgs {
    /// Case file(s) (YAML).
    #[arg(required = true, value_name = "CASE.yaml")]
    pub cases: Vec<PathBuf>,
    /// The municipality profile (for bokmål or nynorsk labels); default: the
    /// profile each case names.
    #[arg(long, short = 'k', value_name = "PROFILE.yaml")]
    pub kommune: Option<PathBuf>,
    /// The folder the profiles that case files name must be in (default:
    /// `kommuner/` beside the cases' folder).
    #[arg(long, value_name = "DIR", conflicts_with = "kommune")]
    pub kommuner: Option<PathBuf>,
    /// List deadlines from this day on (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub fra: Option<NaiveDate>,
    /// Also list deadlines that have passed.
    #[arg(long)]
    pub alle: bool,
    /// Write CSV (comma-separated, with a header line) instead of a table.
    #[arg(long)]
    pub csv: bool,
}

/// Options shared by `render`, `check` and `batch`.
#[derive(Debug, Args)]
pub struct Common {
    /// The municipality profile (YAML): letterhead, addresses, målform.
    /// Default: the profile each case file names in `kommuneprofil`.
    #[arg(long, short = 'k', value_name = "PROFILE.yaml")]
    pub kommune: Option<PathBuf>,
    /// The folder the profiles that case files name must be in (default:
    /// `kommuner/` beside the cases' folder).
    #[arg(long, value_name = "DIR", conflicts_with = "kommune")]
    pub kommuner: Option<PathBuf>,
    /// The document date (YYYY-MM-DD); overrides the dates in the case files.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Use templates from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The most seconds the documents of one case may take; a case that
    /// takes longer (a runaway template) fails, nothing is written for it,
    /// and the other cases go on.
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub time_limit: u32,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Case file(s) (YAML).
    #[arg(required = true, value_name = "CASE.yaml")]
    pub cases: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// The document to produce.
    #[arg(long, short = 'd', value_parser = kind_parser())]
    pub doc: DocumentKind,
    /// The checklist for `--doc sjekkliste`: ettervern, plassering,
    /// avslutning, or any list in the template folder's `sjekklister/`.
    #[arg(long, value_name = "LISTE")]
    pub liste: Option<String>,
    /// For `--doc folgebrev`: render the enclosed plan or evaluation
    /// (`vedlegg[].dokument`) into each letter's PDF, after the letter.
    #[arg(long)]
    pub med_vedlegg: bool,
    /// For `--doc velkomstbrev`: add the letter in this language after the
    /// Norwegian (a catalogue of the template folder's `sprak/`: en, uk, ar,
    /// ti, prs, ps, so; `egen`: the youth's own language from `ungdom.sprak`).
    /// An unchecked translation is marked as a draft on every page.
    #[arg(long, value_name = "SPRÅK")]
    pub sprak: Option<String>,
    /// Output folder (must exist), or `-` for standard output.
    #[arg(long, short = 'o', default_value = ".", value_name = "DIR")]
    pub output: PathBuf,
    /// Output format: pdf (PDF/A-2a + PDF/UA-1), png (one image per page),
    /// typ (the generated Typst source).
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Pdf)]
    pub format: FormatArg,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Case files, folders (every .yaml and .yml file in them) or quoted
    /// glob patterns such as "saker/*.yaml".
    #[arg(required = true, value_name = "CASES")]
    pub inputs: Vec<PathBuf>,
    /// The documents to render for every case: repeat the option or separate
    /// kinds with commas (`-d velkomstbrev,folgebrev`). A case without the
    /// section a document needs is skipped for that document.
    #[arg(long, short = 'd', value_parser = kind_parser(), value_delimiter = ',', required = true)]
    pub doc: Vec<DocumentKind>,
    #[command(flatten)]
    pub common: Common,
    /// The checklist for `--doc sjekkliste`.
    #[arg(long, value_name = "LISTE")]
    pub liste: Option<String>,
    /// For følgebrev: put the enclosed plan or evaluation after each letter.
    #[arg(long)]
    pub med_vedlegg: bool,
    /// Add the welcome letter in this language after the Norwegian (a
    /// catalogue of the template folder's `sprak/`; `egen`: each youth's own
    /// language from `ungdom.sprak`, when it has a catalogue).
    #[arg(long, value_name = "SPRÅK")]
    pub sprak: Option<String>,
    /// Make translations whose check is not recorded (marked as drafts on
    /// every page); without it the batch refuses them.
    #[arg(long)]
    pub tillat_ukontrollert: bool,
    /// Output folder (must exist). Each case gets a folder named after its
    /// reference; `manifest.json` is written beside them.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Also write `utskriftsfil.pdf`: every document in print order (by
    /// case, then recipient), for the office printer.
    #[arg(long)]
    pub print_file: bool,
    /// For double-sided printing: a blank page after every document with an
    /// odd page count, so each document starts on a new sheet.
    #[arg(long, requires = "print_file")]
    pub duplex: bool,
    /// Print nothing but errors and the summary's failures.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Number of synthetic letters (one fictional case each).
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub antall: usize,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Keep the synthetic cases and the letters in this folder (default: a
    /// temporary folder, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Case file(s) (YAML).
    #[arg(required = true, value_name = "CASE.yaml")]
    pub cases: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// Check only this document (default: every document the case has data for).
    #[arg(long, short = 'd', value_parser = kind_parser())]
    pub doc: Option<DocumentKind>,
    /// The checklist for `--doc sjekkliste`.
    #[arg(long, value_name = "LISTE")]
    pub liste: Option<String>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct FontsArgs {
    /// Use templates from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `--doc`: the kinds and their help come from the library's table of
/// document kinds; aliases are accepted too.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = DocumentKind> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser as _};
    PossibleValuesParser::new(DocumentKind::ALL.iter().map(|k| {
        let needs = match k.section() {
            Some(s) => format!(" Needs `{}:` in the case file.", s.name),
            None => String::new(),
        };
        PossibleValue::new(k.name())
            .help(format!("{}{needs}", k.about()))
            .aliases(k.aliases().iter().copied())
    }))
    .try_map(|name| {
        DocumentKind::from_name(&name).ok_or_else(|| format!("`{name}` is not a document kind"))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Png,
    Typ,
}

impl From<FormatArg> for saksdok::OutputFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pdf => saksdok::OutputFormat::Pdf,
            FormatArg::Png => saksdok::OutputFormat::Png,
            FormatArg::Typ => saksdok::OutputFormat::Typ,
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23"))
}
