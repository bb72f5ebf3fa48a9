//! Developer tasks. `cargo xtask docs` regenerates docs/rules.md from the
//! rules' doc comments; `cargo xtask docs --check` fails when it is stale.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("docs") => docs(args.iter().any(|a| a == "--check")),
        _ => bail!("usage: cargo xtask docs [--check]"),
    }
}

fn docs(check: bool) -> Result<()> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let generated = golive_linter::rules_markdown();
    if check {
        let current = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if current != generated {
            bail!("docs/rules.md is stale: run `cargo xtask docs`");
        }
        println!("docs/rules.md is up to date");
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().expect("docs dir"))?;
    std::fs::write(&path, generated)?;
    println!("wrote {}", path.display());
    Ok(())
}
