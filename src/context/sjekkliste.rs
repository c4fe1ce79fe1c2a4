//! The sjekkliste's context: the case's names and the list to print; the
//! list's points are data in the template folder (`sjekklister/<liste>.yaml`),
//! read and checked by saksdok's loader, and handed to the template here.

use serde::Serialize;

use super::{Common, Input, value};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Point<'a> {
    tekst: &'a str,
    ansvarlig: &'a str,
}

#[derive(Serialize)]
struct List<'a> {
    tittel: &'a str,
    punkter: Vec<Point<'a>>,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The checklist's name.
    liste: &'a str,
    /// Its title and points in the document's målform.
    sjekkliste: List<'a>,
}

/// Builds the context.
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let liste = input
        .checklist
        .ok_or_else(|| Error::Internal("a sjekkliste without its list".into()))?;
    let data = input
        .checklist_data
        .ok_or_else(|| Error::Internal("a sjekkliste without its points".into()))?;
    let m = input.muni.malform;
    Ok(value(&Context {
        common: input.common(),
        liste,
        sjekkliste: List {
            tittel: data.title.get(m),
            punkter: data
                .points
                .iter()
                .map(|p| Point {
                    tekst: p.text.get(m),
                    ansvarlig: p.responsible.get(m),
                })
                .collect(),
        },
    }))
}
