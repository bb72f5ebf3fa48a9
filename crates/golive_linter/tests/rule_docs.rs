//! Conventions every rule follows, enforced (clippy and ruff do the same):
//! documented sections, kebab-case names, unique codes, and a
//! `docs/rules.md` that matches the doc comments.

use golive_linter::{all_rules, rules_markdown};
use std::collections::HashSet;

#[test]
fn every_rule_is_documented_in_the_house_style() {
    for rule in all_rules() {
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(
                rule.doc.contains(section),
                "{} ({}) lacks `{section}` in its doc comment",
                rule.code,
                rule.name
            );
        }
        assert!(
            rule.doc.contains("Use instead"),
            "{} lacks a `Use instead` part",
            rule.code
        );
        assert!(
            !rule.summary().is_empty(),
            "{} has no summary sentence",
            rule.code
        );
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: name `{}` is not kebab-case",
            rule.code,
            rule.name
        );
    }
}

#[test]
fn codes_names_and_django_ids_are_unique() {
    let rules = all_rules();
    let codes: HashSet<_> = rules.iter().map(|r| r.code).collect();
    let names: HashSet<_> = rules.iter().map(|r| r.name).collect();
    let ids: Vec<_> = rules.iter().filter_map(|r| r.django_id).collect();
    let unique_ids: HashSet<_> = ids.iter().collect();
    assert_eq!(codes.len(), rules.len());
    assert_eq!(names.len(), rules.len());
    assert_eq!(unique_ids.len(), ids.len());
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == rules_markdown(),
        "docs/rules.md is stale: run `cargo xtask docs`"
    );
}
