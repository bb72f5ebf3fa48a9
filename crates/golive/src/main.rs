//! The `golive` command line: parses flags, runs one command, maps the
//! outcome to an exit code (0 clean, 1 findings, 2 golive could not run).

mod args;
mod commands;
mod config;
mod project;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    // Deeply nested input recurses deeply in the parser and evaluator; a
    // large stack turns pathological files into findings, not crashes.
    let handle = std::thread::Builder::new().stack_size(512 * 1024 * 1024).spawn(move || commands::run(cli));
    let outcome = match handle.map(|h| h.join()) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err(anyhow::anyhow!("internal error: golive crashed; please report this with the input that caused it")),
        Err(e) => Err(anyhow::anyhow!("cannot start: {e}")),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            anstream::eprintln!("golive: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
