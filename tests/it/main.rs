//! The single integration test binary; one module per area.

/// Bad inputs from bad-inputs.md: located error, exit 1, no file.
mod bad_inputs;
/// `saksdok batch`: manifest, print file, parallel determinism, failures.
mod batch;
/// The bosettingsplan: the routine per type of housing, dated from the settlement.
mod bosettingsplan;
/// The command line: help, formats, check, exit codes.
mod cli;
/// Shared helpers: samples, one engine, running the binary.
mod common;
/// Hostile text (bad-inputs.md section D) comes out verbatim.
mod escaping;
/// Snapshots of the generated Typst source for every sample, bokmål and nynorsk.
mod generate;
/// The Askerguiden protocol and status.
mod guide;
/// Hostile probing beyond the catalogue: data loss, disclosure, injection.
mod hostile;
/// Følgebrev: one letter per party, copies, protected addresses.
mod letters;
/// The library as a front end other than the CLI uses it: in-memory input,
/// JSON diagnostics, the kind table, the architecture's rules.
mod library;
/// Rendered PDFs: text content, labels per målform, determinism, metadata.
mod pdf;
/// Tiltaksplan and «min plan»: variants, dates, long tables, bad plan data.
mod plan;
/// Property test: arbitrary Unicode in any text field changes only itself.
mod property;
/// The JSON Schemas: up to date, and the samples valid against them.
mod schema;
/// The welcome letter in the youth's own language.
mod sprak;
/// The measures routine's documents: the transition meeting.
mod tiltak;
/// The aftercare decision and the consent forms.
mod vedtak;
/// `saksdok serve`: routes, Host check, token, CSRF, confinement.
mod web;
/// Batch workers as processes: the same bytes, located failures, time limit.
mod workers;
