//! The Askerguiden's context, for the protocol to sign and the særkontakt's
//! status sheet: the profile's ten chapter titles with each chapter's
//! progress, and the counts.

use serde::Serialize;

use super::{Common, Input, iso, value};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};

#[derive(Serialize)]
struct Chapter<'a> {
    /// Signed by both.
    ferdig: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    gerica: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gjennomgatt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kommentar: Option<&'a str>,
    nr: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    signert_dato: Option<String>,
    signert_saerkontakt: bool,
    signert_ungdom: bool,
    tittel: &'a str,
}

#[derive(Serialize)]
struct Guide<'a> {
    dokumentert: usize,
    ferdige: usize,
    gjenstaende: usize,
    kapitler: Vec<Chapter<'a>>,
    /// Chapters done (signed by both) but not yet documented in the journal.
    udokumentert: Vec<u32>,
    utdelt: String,
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    guide: Guide<'a>,
}

/// Builds the context (the same for the protocol and the status sheet).
pub(crate) fn build(input: &Input) -> Result<minijinja::Value> {
    let g = input.section(input.case.askerguiden.as_ref(), "askerguiden")?;
    let titles = &input.muni.guide_chapters;
    if titles.is_empty() {
        return Err(Error::one(
            Diagnostic::error(
                Code::MissingProfileData,
                "the profile lists no Askerguiden chapters",
            )
            .in_file(input.muni.source.clone())
            .field("askerguiden_kapitler")
            .hint("add `askerguiden_kapitler:` with the ten chapter titles in order"),
        ));
    }
    let kapitler: Vec<Chapter> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let nr = u32::try_from(i + 1).unwrap_or(0);
            let ch = g.chapter(nr);
            Chapter {
                nr,
                tittel: title,
                ferdig: ch.is_some_and(|k| k.done()),
                signert_ungdom: ch.is_some_and(|k| k.signed_by_youth),
                signert_saerkontakt: ch.is_some_and(|k| k.signed_by_key_worker),
                gjennomgatt: ch.and_then(|k| k.reviewed).map(iso),
                signert_dato: ch.and_then(|k| k.signed_on).map(iso),
                gerica: ch.and_then(|k| k.journalled).map(iso),
                kommentar: ch.and_then(|k| k.comment.as_deref()),
            }
        })
        .collect();
    let done = kapitler.iter().filter(|k| k.ferdig).count();
    let documented = kapitler.iter().filter(|k| k.gerica.is_some()).count();
    let undocumented = kapitler
        .iter()
        .filter(|k| k.ferdig && k.gerica.is_none())
        .map(|k| k.nr)
        .collect();
    let ctx = Context {
        common: input.common(),
        guide: Guide {
            utdelt: iso(g.handed_out),
            gjenstaende: kapitler.len() - done,
            ferdige: done,
            dokumentert: documented,
            udokumentert: undocumented,
            kapitler,
        },
    };
    Ok(value(&ctx))
}
