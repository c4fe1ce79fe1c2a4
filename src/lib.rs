//! saksdok turns a youth's case file (YAML) and a municipality profile into
//! archivable, accessible PDF documents for a Norwegian child-welfare
//! service: welcome letters, plans, cover letters and protocols.
//!
//! The stages, in order, each owned by one module:
//!
//! | stage | module | produces |
//! |---|---|---|
//! | load | [`case`] (`model`) | the case file and profile as written, unknown keys rejected |
//! | validate | [`case`] (`validate`, `ids`) | [`Case`], [`Municipality`]: dates, ID numbers, references checked |
//! | context | [`context`] | the template context with derived values |
//! | template | [`template`] | Typst source; every value escaped as a string literal |
//! | typeset | [`typeset`] | the laid-out document, in a sandboxed Typst world |
//! | export | [`export`] | PDF/A-2a + PDF/UA-1, or PNG |
//!
//! Only [`Engine`] calls them in sequence. Every error is a [`Diagnostic`]
//! naming file, line, field and a hint.
//!
//! ```no_run
//! use saksdok::{Engine, DocumentKind, OutputFormat};
//! let engine = Engine::new();
//! let case = saksdok::case::load_case("samples/saker/asker-yonas.yaml".as_ref())?;
//! let muni = saksdok::case::load_profile("samples/kommuner/asker.yaml".as_ref())?;
//! let out = engine.render(&case, &muni, DocumentKind::Velkomstbrev, None, OutputFormat::Pdf)?;
//! # Ok::<(), saksdok::Error>(())
//! ```

pub mod assets;
pub mod case;
pub mod context;
pub mod deadlines;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod export;
mod files;
pub mod norsk;
pub mod printfile;
pub mod synthetic;
pub mod template;
pub mod typeset;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use case::{Case, Municipality};
pub use diagnostic::Diagnostic;
pub use document::DocumentKind;
pub use engine::{Engine, OutputFormat, Rendered, Request};
pub use error::{Error, Result};
