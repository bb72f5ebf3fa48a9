//! Writes golive cannot follow make settings unknown, never Django's
//! defaults: a loop over a value golive does not know that writes through
//! `globals()` or `setattr()` may set any setting.

use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
use std::collections::BTreeMap;

/// The settings of `proj/settings.py`, configured scenario, as
/// `NAME → repr` (Django's defaults included).
fn project(settings_py: &str) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("proj")).unwrap();
    std::fs::write(dir.path().join("proj/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("proj/settings.py"), settings_py).unwrap();
    let root = dir.path().canonicalize().unwrap();
    let loader = Loader::new(root.clone(), vec![root]);
    let r = evaluate(
        &loader,
        "proj.settings",
        DjangoVersion::NEWEST_LTS,
        ScenarioKind::Configured,
        BTreeMap::new(),
    );
    r.settings
        .iter()
        .map(|(k, s)| (k.clone(), s.value.repr()))
        .collect()
}

#[test]
fn globals_written_in_a_loop_over_an_unknown_mapping_opens_the_namespace() {
    let s = project(
        "import json\nDEBUG = False\nfor k, v in json.load(open('/etc/app.json')).items():\n    globals()[k] = v\n",
    );
    assert_eq!(
        s["MIDDLEWARE"], "<unknown>",
        "a default the loop may have replaced"
    );
    assert_eq!(
        s["DEBUG"], "<unknown>",
        "assigned before the loop, which may replace it"
    );
}

#[test]
fn setattr_in_a_loop_over_an_unknown_value_opens_the_namespace() {
    let s = project(
        "import sys, json\nfor k in json.load(open('/etc/app.json')):\n    setattr(sys.modules[__name__], k, 1)\n",
    );
    assert_eq!(s["SECURE_HSTS_SECONDS"], "<unknown>");
}

#[test]
fn globals_written_in_a_loop_over_a_known_mapping_is_followed() {
    let s = project("for k, v in {'SECURE_HSTS_SECONDS': 60}.items():\n    globals()[k] = v\n");
    assert_eq!(s["SECURE_HSTS_SECONDS"], "60");
    assert_eq!(
        s["MIDDLEWARE"], "[]",
        "nothing wrote MIDDLEWARE: Django's default"
    );
}

#[test]
fn a_loop_over_an_unknown_value_that_only_assigns_names_keeps_the_defaults() {
    let s = project("import json\nfor k in json.load(open('/etc/app.json')):\n    X = k\n");
    assert_eq!(s["MIDDLEWARE"], "[]");
}

#[test]
fn a_chain_of_imports_deeper_than_python_follows_is_unknown_not_a_crash() {
    // 3,000 modules, each star-importing the next; the last sets DEBUG.
    // CPython's recursion limit stops such a chain; golive stops following
    // it at 100 and leaves what lies beyond unknown (it ran out of stack a
    // few thousand deep).
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("proj");
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::write(proj.join("__init__.py"), "").unwrap();
    std::fs::write(proj.join("settings.py"), "from proj.c0 import *\n").unwrap();
    for n in 0..3000 {
        let body = if n == 2999 {
            "DEBUG = True\n".to_string()
        } else {
            format!("from proj.c{} import *\n", n + 1)
        };
        std::fs::write(proj.join(format!("c{n}.py")), body).unwrap();
    }
    let root = dir.path().canonicalize().unwrap();
    let loader = Loader::new(root.clone(), vec![root]);
    let r = evaluate(
        &loader,
        "proj.settings",
        DjangoVersion::NEWEST_LTS,
        ScenarioKind::Configured,
        BTreeMap::new(),
    );
    assert_eq!(r.settings["DEBUG"].value.repr(), "<unknown>");
    let notes: Vec<_> = r
        .notes
        .iter()
        .filter(|n| n.message.contains("imports deep"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", r.notes);
    assert!(
        notes[0].message.contains("`proj.c99`"),
        "{}",
        notes[0].message
    );
}

#[test]
fn a_lambda_nested_twenty_thousand_deep_is_unknown_not_a_crash() {
    let s = project(&format!(
        "DEBUG = False\nX = {}1\nY = (lambda: 2)()\n",
        "lambda: ".repeat(20_000)
    ));
    assert_eq!(s["X"], "<unknown>");
    assert_eq!(s["Y"], "2", "an ordinary lambda is still evaluated");
    assert_eq!(s["DEBUG"], "False");
}
