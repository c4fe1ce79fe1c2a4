//! Domain filters and functions available in every template.
//!
//! | name | example | result |
//! |---|---|---|
//! | `dato` | `{{ "2026-06-15" \| dato }}` | `15. juni 2026` |
//! | `dato_kort` | `{{ d \| dato_kort }}` | `15.06.2026` |
//! | `dato_ukedag` | `{{ d \| dato_ukedag }}` | `mandag 15. juni 2026` (nynorsk: `måndag …`) |
//! | `typst` | `{{ mottaker \| typst }}` | a Typst literal: `("navn": "…", )` (code context) |
//! | `nbnn(nb, nn)` | `{{ nbnn("Velkommen", "Velkomen") }}` | the text of the document's målform |

use minijinja::value::Value;
use minijinja::{Error, ErrorKind, State};

use super::escape::{self, LiteralError};
use crate::norsk::{self, Malform, parse_date};

fn date_arg(value: &str) -> Result<chrono::NaiveDate, Error> {
    parse_date(value).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            "not a date (expected YYYY-MM-DD or DD.MM.YYYY)",
        )
    })
}

fn malform(state: &State) -> Result<Malform, Error> {
    let v = state
        .lookup("malform")
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "the context has no `malform`"))?;
    v.as_str()
        .and_then(Malform::from_code)
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "`malform` must be nb or nn"))
}

/// `15. juni 2026`.
pub fn dato(value: &str) -> Result<String, Error> {
    Ok(norsk::date_long(date_arg(value)?))
}

/// `15.06.2026`.
pub fn dato_kort(value: &str) -> Result<String, Error> {
    Ok(norsk::date_short(date_arg(value)?))
}

/// `mandag 15. juni 2026` in the document's målform.
pub fn dato_ukedag(state: &State, value: &str) -> Result<String, Error> {
    Ok(norsk::date_with_weekday(date_arg(value)?, malform(state)?))
}

/// Picks the bokmål or nynorsk text according to the document's målform.
pub fn nbnn(state: &State, nb: &str, nn: &str) -> Result<String, Error> {
    Ok(match malform(state)? {
        Malform::Bokmal => nb.to_owned(),
        Malform::Nynorsk => nn.to_owned(),
    })
}

/// Turns a value into a Typst code literal (marked safe: it is escaped).
pub fn typst(value: &Value) -> Result<Value, Error> {
    match escape::literal(value) {
        Ok(lit) => Ok(Value::from_safe_string(lit)),
        Err(LiteralError::Missing) => Err(Error::new(
            ErrorKind::UndefinedError,
            "the value is undefined",
        )),
        Err(LiteralError::Unsupported(what)) => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("cannot pass {what} to Typst"),
        )),
    }
}
