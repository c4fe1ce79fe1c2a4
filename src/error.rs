//! The library's error type.

use crate::diagnostic::{Diagnostic, render_all};

/// Everything that can go wrong while producing a document.
#[derive(Debug, Clone, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum Error {
    /// Problems in the user's case data, profile, templates or output folder
    /// that the user can fix (exit code 1).
    #[error("{}", render_all(.0))]
    Invalid(Vec<Diagnostic>),
    /// A bug or an environment failure the user cannot fix by editing input
    /// (exit code 2).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// A user-fixable error with a single diagnostic.
    pub fn one(diag: Diagnostic) -> Self {
        Self::Invalid(vec![diag])
    }

    /// The diagnostics of a user-fixable error (empty for internal errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Self::Invalid(d) => d,
            Self::Internal(_) => &[],
        }
    }
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
