//! Fixtures of the rules about the layers around Django — app servers
//! (`SRV`), containers (`DKR`), the repository (`REP`) and the seams
//! between layers (`XDP`) — as small projects: `CODE/` is a project tree
//! that triggers the rule, `CODE_ok/` the same project fixed. Each is
//! audited by the real binary, as a user runs it; the bad project's output
//! is the snapshot, and the fixed one must not produce the rule. A rule
//! with several ways to go wrong has further bad projects `CODE_2/`, ….

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golive_linter/resources/test/fixtures")
}

/// The layers with project fixtures and the directory holding them.
const LAYERS: &[(&str, &str)] = &[
    ("SRV", "server"),
    ("DKR", "container"),
    ("REP", "repository"),
    ("XDP", "cross"),
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        // Dotfiles are stored as `dot-env`, `dot-gitignore`, so that the
        // repository's own ignore rules do not apply to them.
        let name = entry.file_name().to_string_lossy().to_string();
        let target = to.join(
            name.strip_prefix("dot-")
                .map_or(name.clone(), |rest| format!(".{rest}")),
        );
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `golive check` on a copy of the fixture, selecting one rule.
fn check(fixture: &Path, code: &str) -> (usize, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(fixture, dir.path());
    let out = Command::cargo_bin("golive")
        .unwrap()
        .args(["check", "--no-color", "--select", code])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let count = text
        .lines()
        .filter(|l| l.contains(&format!("[{code}]")))
        .count();
    (count, text)
}

#[test]
fn every_project_rule_fires_on_its_fixture_and_not_on_the_fix() {
    let rules: serde_json::Value = serde_json::from_slice(
        &Command::cargo_bin("golive")
            .unwrap()
            .args(["rules", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut missing = Vec::new();
    let mut checked = 0;
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        let Some((_, dir)) = LAYERS.iter().find(|(prefix, _)| code.starts_with(prefix)) else {
            continue;
        };
        let bad = fixtures().join(dir).join(code);
        let good = fixtures().join(dir).join(format!("{code}_ok"));
        if !bad.is_dir() || !good.is_dir() {
            missing.push(code.to_string());
            continue;
        }
        let (n, text) = check(&bad, code);
        assert!(n > 0, "{code} does not fire on {}:\n{text}", bad.display());
        insta::assert_snapshot!(code, text);
        let (n, text) = check(&good, code);
        assert_eq!(n, 0, "{code} fires on {}:\n{text}", good.display());
        // Further bad cases: `CODE_2/`, `CODE_3/`, …
        for k in 2.. {
            let extra = fixtures().join(dir).join(format!("{code}_{k}"));
            if !extra.is_dir() {
                break;
            }
            let (n, text) = check(&extra, code);
            assert!(
                n > 0,
                "{code} does not fire on {}:\n{text}",
                extra.display()
            );
            insta::assert_snapshot!(format!("{code}_{k}"), text);
        }
        // Further good cases: `CODE_ok_2/`, …
        for k in 2.. {
            let extra = fixtures().join(dir).join(format!("{code}_ok_{k}"));
            if !extra.is_dir() {
                break;
            }
            let (n, text) = check(&extra, code);
            assert_eq!(n, 0, "{code} fires on {}:\n{text}", extra.display());
        }
        checked += 1;
    }
    assert!(
        missing.is_empty(),
        "rules without project fixtures: {missing:?}"
    );
    assert!(checked > 0);
}
