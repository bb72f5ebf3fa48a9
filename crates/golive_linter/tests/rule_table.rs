//! The rule table is the one place a rule is registered: these tests fail
//! when a rule file declares a rule the table lacks (it would fire but have
//! no docs and could not be selected), when the table is out of code order,
//! when a sibling line has no checker above it, and when the generated
//! docs are stale.

use golive_linter::{Layer, RULES, all_rules, checked_by, grade_markdown};
use std::collections::BTreeSet;
use std::path::Path;

/// Every rule code declared in the sources under `src/rules/`.
fn declared_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let code =
        regex::Regex::new(r#"(?:code: |, )"((?:DJS|GLV|NGX|SRV|DKR|REP|XDP|WEB)\d{3})""#).unwrap();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for c in code.captures_iter(&text) {
                    codes.insert(c[1].to_string());
                }
            }
        }
    }
    codes
}

#[test]
fn every_declared_rule_has_a_line_in_the_table() {
    let declared = declared_codes();
    let registered: BTreeSet<String> = all_rules().iter().map(|r| r.code.to_string()).collect();
    let unregistered: Vec<_> = declared.difference(&registered).collect();
    assert!(
        unregistered.is_empty(),
        "rules declared but missing from the rule table (registry.rs): {unregistered:?}"
    );
    // The other way round cannot happen (the table names each rule's static),
    // but a code in a doc comment the scan above missed would show here.
    assert_eq!(declared, registered);
}

#[test]
fn the_table_is_in_code_order_without_duplicates() {
    let codes: Vec<&str> = all_rules().iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "the rule table must list each code once, in code order"
    );
}

#[test]
fn sibling_rules_follow_the_rule_whose_check_reports_them() {
    let mut previous = None;
    for r in RULES {
        let by = checked_by(r.rule);
        if by == "sibling" {
            assert!(
                matches!(
                    previous,
                    Some("settings" | "deployment" | "probe" | "sibling")
                ),
                "{} is a sibling but the line above it has no checker",
                r.rule.code
            );
        }
        previous = Some(by);
    }
}

#[test]
fn layers_are_the_code_prefixes_and_only_web_rules_are_graded() {
    for r in RULES {
        assert_eq!(r.rule.layer, Layer::of_code(r.rule.code));
        assert_eq!(
            r.grade.is_some(),
            r.rule.layer == Layer::Live
                && checked_by(r.rule) == "probe"
                && !["WEB015", "WEB021"].contains(&r.rule.code),
            "{}: probe rules carry a grade modifier (WEB015 makes the grade F, WEB021 leaves the site ungraded), others none",
            r.rule.code
        );
    }
}

#[test]
fn docs_grade_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/grade.md");
    let current = std::fs::read_to_string(path).unwrap();
    let generated = grade_markdown(&current).expect("docs/grade.md keeps its table markers");
    assert!(
        current == generated,
        "docs/grade.md is stale: run `cargo xtask docs`"
    );
}
