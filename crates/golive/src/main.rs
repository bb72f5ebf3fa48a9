//! The `golive` command line: parses flags, runs one command, maps the
//! outcome to an exit code (0 clean, 1 findings, 2 golive could not run).

mod args;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    // Recursion is bounded by golive's own limits (bracket nesting,
    // expression and call depth) and large files are parsed on a stack of
    // their own, so the work runs on the main thread.
    let outcome = std::panic::catch_unwind(move || commands::run(cli)).unwrap_or_else(|_| {
        Err(anyhow::anyhow!(
            "internal error: golive crashed; please report this with the input that caused it"
        ))
    });
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            anstream::eprintln!("golive: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
