//! saksdok turns a youth's case file (YAML) and a municipality profile into
//! archivable, accessible PDF documents for a Norwegian child-welfare
//! service: welcome letters, plans, cover letters and protocols.
//!
//! The stages, in order, each owned by one module:
//!
//! | stage | module | produces |
//! |---|---|---|
//! | load and check | [`case`] | [`Case`], [`Municipality`]: typed sections, dates, ID numbers and references checked |
//! | context | `context` (one file per kind) | the serializable template context with derived values |
//! | template | [`template`] | Typst source; every value escaped as a string literal |
//! | typeset | [`typeset`] | the laid-out document, in a sandboxed Typst world |
//! | export | [`export`] | PDF/A-2a + PDF/UA-1, or PNG; the print file |
//!
//! [`Engine`] runs the stages for one request; [`job`] owns the whole job
//! around it: loading from a path or from bytes, finding the profile, the
//! time limit, parallel batches with their manifest and print file. Every
//! problem is a [`Diagnostic`] (severity, code, file, line, field, hint),
//! serializable for front ends other than the terminal.
//!
//! The document kinds, and everything each one needs (case section, date,
//! recipients, template, context builder), are one table: [`DocumentKind`]
//! in `src/kind.rs`, with its section in `src/case/sections/` and its
//! context in `src/context/`:
//!
//! | kind | what | section |
//! |---|---|---|
//! | `bosettingsplan` | who does what before, on and after the arrival day | `bosettingsplan` (and `bosetting`) |
//! | `helseplan` | the health follow-up of a newly settled youth | `helseplan` (and `bosetting`) |
//! | `vergesamarbeid` | the division of tasks between the guardian and the service | `vergesamarbeid` (and `verge`) |
//! | `oppdragsbeskrivelse` | the særkontakt's assignment for one youth | `oppdragsbeskrivelse` |
//! | `overgangsmote-innkalling` | the invitation to the transition meeting from intake to measures | `overgangsmote` |
//! | `overgangsmote-referat` | the minutes of the transition meeting | `overgangsmote.referat` |
//! | `velkomstbrev` | the welcome letter to a youth about to be settled | `velkomstbrev` (and `bosetting`) |
//! | `tiltaksplan` | the measure plan, or «min plan» (institution stay, aftercare) | `tiltaksplan` |
//! | `evaluering` | the evaluation of the plan | `evaluering` |
//! | `folgebrev` | the cover letter that sends a plan, one letter per party | `folgebrev` |
//! | `godkjenning` | the approval of a besøkshjem or oppdragstaker | `oppdragstakere` (with `godkjenning`) |
//! | `oppdragsavtale` | the contract with a besøkshjem or oppdragstaker | `oppdragstakere` (with `avtale`) |
//! | `lonnsmelding` | the pay notice for the office staff | `oppdragstakere` (with `avtale`) |
//! | `tilvisning` | a referral to another service, one letter per referral | `tilvisninger` |
//! | `ettervernsvedtak` | the decision on aftercare, with reasons and the appeal information | `ettervernsvedtak` (and `samtykker`) |
//! | `samtykke` | the consent forms the youth signs, one per form | `samtykker` |
//! | `sjekkliste` | a printable checklist of the template folder's `sjekklister/` | none |
//! | `askerguiden` | the Askerguiden protocol, signed chapter by chapter | `askerguiden` |
//! | `askerguiden-status` | the særkontakt's overview of the Askerguiden | `askerguiden` |
//! | `utflyttingsplan` | the move-out plan into aftercare | `utflyttingsplan` |
//! | `praksisavtale` | the work-practice agreement | `arbeidspraksis` |
//! | `praksisattest` | the reference letter after the work practice | `arbeidspraksis.attest` |
//! | `frivilligavtale` | the agreement with a mentor, friend or visiting family for one youth | `frivilligavtale` |
//! | `taushetserklaering` | the confidentiality declaration each volunteer of a samarbeidsavtale signs | `samarbeidsavtale` (agreement file) |
//! | `intensjonsavtale` | a letter of intent with an actor | `intensjonsavtale` (agreement file) |
//! | `samarbeidsavtale` | a cooperation agreement with a volunteer actor | `samarbeidsavtale` |
//!
//! Leaves every stage may use:
//! [`assets`] (templates and fonts), [`norsk`] (målform and dates),
//! [`deadlines`] (deadline arithmetic), [`diagnostic`].
//!
//! ```no_run
//! use saksdok::{DocumentKind, Engine, OutputFormat, Request};
//! let engine = Engine::new();
//! let case = saksdok::case::load_case("samples/saker/asker-yonas.yaml".as_ref())?;
//! let muni = saksdok::case::load_profile("samples/kommuner/asker.yaml".as_ref())?;
//! let out = engine.render_request(&case, &muni, &Request::new(DocumentKind::Velkomstbrev), OutputFormat::Pdf)?;
//! # Ok::<(), saksdok::Error>(())
//! ```

pub mod assets;
pub mod case;
mod context;
pub mod deadlines;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod export;
mod files;
pub mod i18n;
pub mod job;
mod kind;
pub mod norsk;
pub mod synthetic;
pub mod template;
pub mod typeset;
pub mod web;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use case::{Case, Municipality};
pub use context::Addressee;
pub use diagnostic::Diagnostic;
pub use engine::{Cancel, Engine, OutputFormat, Rendered, Request};
pub use error::{Error, Result};
pub use export::OutputFile;
pub use kind::{DateRule, DocumentKind, Part, Section, Subject, output_stem, reference_slug};
