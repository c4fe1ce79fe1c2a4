//! The translated part of a document (issue 18): the catalogue's messages
//! formatted with the document's values, and what the template needs to
//! set them (the language, its direction, whether the check is recorded).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Input;
use crate::error::Result;

/// The part in the youth's language, after the Norwegian.
#[derive(Serialize)]
pub(crate) struct Translation<'a> {
    /// The language code, for Typst's `lang`.
    kode: &'a str,
    /// `rtl` or `ltr`.
    retning: &'static str,
    /// The language's Norwegian name in the document's målform.
    navn: &'a str,
    /// Its name in itself.
    eget_navn: &'a str,
    /// No check of the translation is recorded: every page is marked.
    ukontrollert: bool,
    /// Every message, formatted with the document's values.
    meldinger: BTreeMap<String, String>,
}

/// The values every translated part can use: the youth's first name, the
/// municipality's short name, the særkontakt and the caseworker.
pub(crate) fn common_args(input: &Input) -> BTreeMap<&'static str, String> {
    let case = input.case;
    let mut args = BTreeMap::new();
    args.insert("fornavn", case.youth.given_name.clone());
    args.insert("sted", super::short_name(&input.muni.name).to_owned());
    args.insert("saerkontakt", case.staff(case.saerkontakt).name.clone());
    args.insert("saksbehandler", case.staff(case.caseworker).name.clone());
    args.insert(
        "verge",
        case.guardian
            .as_ref()
            .map(|g| g.name.clone())
            .unwrap_or_default(),
    );
    args
}

/// The translated part, when the request asks for one.
pub(crate) fn translation<'a>(
    input: &Input<'a>,
    args: &BTreeMap<&'static str, String>,
    wanted: impl Fn(&str) -> bool,
) -> Result<Option<Translation<'a>>> {
    let Some(cat) = input.translation else {
        return Ok(None);
    };
    let l = &cat.language;
    Ok(Some(Translation {
        kode: &l.code,
        retning: if l.rtl { "rtl" } else { "ltr" },
        navn: if input.nn() { &l.name_nn } else { &l.name_nb },
        eget_navn: &l.own_name,
        ukontrollert: l.checked.is_none(),
        meldinger: cat.messages(args, wanted)?,
    }))
}

/// The messages of the welcome letter: all but the plan's.
pub(crate) fn letter_messages(id: &str) -> bool {
    !id.starts_with("plan-")
}

/// The messages of the «min plan» summary: the plan's own, the greeting,
/// the rights (but the guardian's), the interpreter notice and the draft
/// marking.
pub(crate) fn plan_messages(id: &str) -> bool {
    id.starts_with("plan-")
        || id.starts_with("tolk-")
        || (id.starts_with("rett-") && id != "rett-verge")
        || matches!(id, "hei" | "utkast")
}
