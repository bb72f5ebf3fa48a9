//! The console examples of the README and of `docs/` are run against the real binary.
//!
//! Every ```console (or ```trycmd) block of README.md and docs/deployment-model.md is a
//! test case: each `$ golive …` line runs the `golive` built by cargo, with the repository
//! root as working directory, and its output must match the lines below it (`...` on a
//! line of its own skips any number of lines, `[..]` any text within a line). Shell
//! snippets that must not run (installation, the test suite, CI configuration) use
//! another language tag (```sh, ```yaml). After a deliberate change of the output,
//! `TRYCMD=overwrite cargo test -p golive --test readme` rewrites the blocks; review the
//! diff and keep the `...` elisions.
//!
//! A figure the code knows is checked too: the rule count the README states.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/golive is two levels below the repository root")
        .to_path_buf()
}

/// The markdown files whose examples are checked. A file listed here without a console
/// block would check nothing, so the test requires at least one in each.
const DOCUMENTS: &[&str] = &["README.md", "docs/deployment-model.md"];

#[test]
fn console_examples_match_the_binary() {
    let root = repo_root();
    // trycmd runs commands in the test process's working directory when a case has no
    // `<name>.in` directory; the examples' paths are relative to the repository root.
    std::env::set_current_dir(&root).expect("the repository root is a directory");
    for doc in DOCUMENTS {
        let text = std::fs::read_to_string(root.join(doc)).expect("the document exists");
        assert!(
            text.contains("```console"),
            "{doc} has no console example: remove it from DOCUMENTS"
        );
    }
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("golive", trycmd::cargo::cargo_bin!("golive"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    for doc in DOCUMENTS {
        cases.case(doc);
    }
    cases.run();
}

#[test]
fn readme_rule_count_is_the_registry_s() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_golive"))
        .args(["rules", "--format", "json"])
        .output()
        .expect("golive runs");
    assert!(out.status.success());
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let count = rules.as_array().expect("an array of rules").len();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let stated = format!("{count} rules today");
    assert!(
        readme.contains(&stated),
        "README.md must say \"{stated}\" (the number of rules `golive rules` lists)"
    );
}
