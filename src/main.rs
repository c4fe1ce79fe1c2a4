//! The `saksdok` command. All work happens in [`cli::run`]; the exit code
//! is a value: 0 every document written, 1 a problem in the user's data or
//! templates, 2 a usage or internal error.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run().into()
}
