//! Checklists (`sjekklister/<name>.yaml` in a template folder): read by
//! saksdok's own loader, with the same located errors as case files, when
//! the templates are loaded, so a point cut short by a comma in an unquoted
//! value (`{ nb: «Bor hos», oppholdskommune … }`) is an error, not a
//! shorter point on paper. The checked points reach the template as data.

use super::check::Checker;
use super::load::parse_yaml;
use super::profile::Bilingual;
use crate::error::{Error, Result};

mod raw {
    use serde::Deserialize;

    use crate::case::located::Text;

    /// A text in both målformer.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Both {
        pub nb: Text,
        pub nn: Text,
    }

    /// One point.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Point {
        pub tekst: Both,
        pub ansvarlig: Both,
    }

    /// The file.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Checklist {
        pub tittel: Both,
        pub punkter: Vec<Point>,
    }
}

/// One point of a checklist.
#[derive(Debug, Clone)]
pub struct Point {
    /// `tekst`.
    pub text: Bilingual,
    /// `ansvarlig`: the role responsible.
    pub responsible: Bilingual,
}

/// A checked checklist.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// `tittel`.
    pub title: Bilingual,
    /// `punkter`.
    pub points: Vec<Point>,
}

/// Parses and checks a checklist file; `name` is what messages call it.
pub(crate) fn parse_checklist(bytes: &[u8], name: &str) -> Result<Checklist> {
    let raw: raw::Checklist = parse_yaml(bytes, name)?;
    let mut c = Checker::new(name);
    let both = |c: &mut Checker, b: &raw::Both, field: &str| Bilingual {
        nb: c.text(&b.nb, &format!("{field}.nb")),
        nn: c.text(&b.nn, &format!("{field}.nn")),
    };
    let title = both(&mut c, &raw.tittel, "tittel");
    if raw.punkter.is_empty() {
        return Err(Error::one(
            crate::Diagnostic::error(
                crate::diagnostic::Code::MissingField,
                "a checklist needs points",
            )
            .in_file(name)
            .field("punkter")
            .hint(
                "list the points under `punkter:`, each with `tekst` and `ansvarlig` in nb and nn",
            ),
        ));
    }
    let points = raw
        .punkter
        .iter()
        .enumerate()
        .map(|(i, p)| Point {
            text: both(&mut c, &p.tekst, &format!("punkter[{i}].tekst")),
            responsible: both(&mut c, &p.ansvarlig, &format!("punkter[{i}].ansvarlig")),
        })
        .collect();
    c.finish(Checklist { title, points })
}
