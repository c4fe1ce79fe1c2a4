//! The sjekkliste's context: the case's names and the list to print; the
//! list's points are data in the template folder (`sjekklister/<liste>.yaml`).

use serde::Serialize;

use super::{Common, Input, value};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The checklist's name.
    liste: &'a str,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let liste = input
        .checklist
        .ok_or_else(|| Error::Internal("a sjekkliste without its list".into()))?;
    Ok(value(&Context {
        common: input.common(),
        liste,
    }))
}
