//! `saksdok schema case|profile|agreement`: the JSON Schema of a file format, derived
//! from the library's model. The repository keeps a copy in `schema/`.

use super::ExitStatus;
use super::args::{SchemaArgs, SchemaOf};

pub fn run(a: &SchemaArgs) -> ExitStatus {
    let schema = match a.of {
        SchemaOf::Case => saksdok::case::case_schema(),
        SchemaOf::Profile => saksdok::case::profile_schema(),
        SchemaOf::Agreement => saksdok::case::agreement_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    super::to_stdout(|out| writeln!(out, "{text}"))
}
