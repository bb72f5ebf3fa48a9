//! One fixture pair per settings rule, as ruff keeps them: `CODE.py` is a
//! settings module that triggers the rule, `CODE_ok.py` the same module
//! fixed. The bad fixture must produce the rule (and its snapshot is what a
//! user sees), the good one must not. A rule without fixtures fails here.
//!
//! Rules about how settings modules relate need a package: a directory
//! `CODE/` (and `CODE_ok/`) holding `settings/*.py` is copied as
//! `proj/settings/` and audited as `proj.settings.production`.

use golive_linter::{Layer, Selection, SettingsAuditInput, all_rules, audit_settings};
use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
use golive_report::{AuditHeader, check_text};
use golive_source::Span;
use std::collections::BTreeMap;
use std::path::Path;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resources/test/fixtures/django"
    ))
}

/// Audits one fixture as `proj/settings.py` and renders the findings of
/// `code` as text.
fn audit(fixture: &Path, code: &str, version: DjangoVersion) -> (usize, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("proj")).unwrap();
    std::fs::write(dir.path().join("proj/__init__.py"), "").unwrap();
    let module = if fixture.is_dir() {
        let package = dir.path().join("proj/settings");
        std::fs::create_dir(&package).unwrap();
        for entry in std::fs::read_dir(fixture.join("settings")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), package.join(entry.file_name())).unwrap();
        }
        "proj.settings.production"
    } else {
        std::fs::copy(fixture, dir.path().join("proj/settings.py")).unwrap();
        "proj.settings"
    };
    let root = dir.path().canonicalize().unwrap();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    let configured = evaluate(
        &loader,
        module,
        version,
        ScenarioKind::Configured,
        BTreeMap::new(),
    );
    let unset = evaluate(
        &loader,
        module,
        version,
        ScenarioKind::Unset,
        BTreeMap::new(),
    );
    let module_span = Span::file_start(configured.module_file.expect("fixture evaluated"));
    let result = audit_settings(&SettingsAuditInput {
        configured: &configured,
        unset: &unset,
        version,
        module_span,
        base_dir: root,
        project: Default::default(),
    });
    let selection = Selection {
        select: vec![code.to_string()],
        ignore: Vec::new(),
    };
    let mut diags: Vec<_> = result
        .diagnostics
        .into_iter()
        .filter(|d| selection.enabled(d.rule))
        .collect();
    let sources = loader.sources.borrow();
    golive_linter::sort_diagnostics(&mut diags, &sources);
    let header = AuditHeader {
        django_version: version.to_string(),
        django_version_source: "fixture".into(),
        settings_module: Some(module.into()),
        settings_reason: "fixture".into(),
        environment: None,
        alternatives: Vec::new(),
    };
    (diags.len(), check_text(&diags, &sources, &header, false))
}

#[test]
fn every_settings_rule_fires_on_its_fixture_and_not_on_the_fix() {
    let mut missing = Vec::new();
    for rule in all_rules()
        .into_iter()
        .filter(|r| r.layer == Layer::Settings)
    {
        let (bad, good) = if fixture_dir().join(rule.code).is_dir() {
            (
                fixture_dir().join(rule.code),
                fixture_dir().join(format!("{}_ok", rule.code)),
            )
        } else {
            (
                fixture_dir().join(format!("{}.py", rule.code)),
                fixture_dir().join(format!("{}_ok.py", rule.code)),
            )
        };
        if !bad.exists() || !good.exists() {
            missing.push(rule.code);
            continue;
        }
        let version = rule
            .since_django
            .map_or(DjangoVersion::NEWEST_LTS, |(a, b)| DjangoVersion::new(a, b));
        let (n, text) = audit(&bad, rule.code, version);
        assert!(n > 0, "{} does not fire on {}", rule.code, bad.display());
        insta::assert_snapshot!(rule.code, text);
        let (n, text) = audit(&good, rule.code, version);
        assert_eq!(n, 0, "{} fires on the fixed fixture:\n{text}", rule.code);
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}
