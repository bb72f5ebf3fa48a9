//! Undecided `if`s: both branches run and their outcomes merge. A fork
//! copies only the names its branches can change, so these pin the ways a
//! branch can change a name without assigning it — through a function it
//! calls, a list it passes, a method of a helper's class — and what the
//! merged value says.

use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
use std::collections::BTreeMap;

/// The settings of `files` (path → source), configured scenario, as
/// `NAME → repr`.
fn settings(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
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
    r.settings
        .iter()
        .map(|(k, s)| (k.clone(), s.value.repr()))
        .collect()
}

fn project(settings_py: &str) -> BTreeMap<String, String> {
    settings(&[("proj/__init__.py", ""), ("proj/settings.py", settings_py)])
}

/// `os.path.exists` of a path outside the project: golive cannot know.
const UNDECIDED: &str = "os.path.exists('/etc/shop/enabled')";

#[test]
fn a_list_passed_to_a_function_that_appends_is_merged() {
    let s = project(&format!(
        "import os\nAPPS = ['a']\ndef add(apps, name):\n    apps.append(name)\nif {UNDECIDED}:\n    add(APPS, 'b')\nOTHER = ['x']\n"
    ));
    assert_eq!(s["APPS"], "['a', <unknown>]");
    assert_eq!(s["OTHER"], "['x']");
}

#[test]
fn a_function_that_appends_to_a_global_is_merged() {
    let s = project(&format!(
        "import os\nAPPS = ['a']\ndef enable():\n    APPS.append('debug')\nif {UNDECIDED}:\n    enable()\n"
    ));
    assert_eq!(s["APPS"], "['a', <unknown>]");
}

#[test]
fn a_global_statement_makes_the_fork_copy_everything() {
    let s = project(&format!(
        "import os\nLEVEL = 1\ndef raise_level():\n    global LEVEL\n    LEVEL = 2\nif {UNDECIDED}:\n    raise_level()\n"
    ));
    assert_eq!(s["LEVEL"], "<unknown>");
}

#[test]
fn an_insert_in_one_branch_keeps_what_both_share() {
    let s = project(&format!(
        "import os\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'b']\nif {UNDECIDED}:\n    MIDDLEWARE.insert(0, 'debug')\n"
    ));
    assert_eq!(
        s["MIDDLEWARE"],
        "[<unknown>, 'django.middleware.security.SecurityMiddleware', 'b']"
    );
}

#[test]
fn a_method_of_a_helper_class_that_mutates_what_it_receives_is_merged() {
    let s = settings(&[
        ("proj/__init__.py", ""),
        (
            "proj/helpers.py",
            "class Registry:\n    def register(self, apps, name):\n        apps.append(name)\n",
        ),
        (
            "proj/settings.py",
            &format!(
                "import os\nfrom proj.helpers import Registry\nreg = Registry()\nAPPS = ['a']\nif {UNDECIDED}:\n    reg.register(APPS, 'b')\n"
            ),
        ),
    ]);
    assert_eq!(s["APPS"], "['a', <unknown>]");
}

#[test]
fn names_neither_branch_touches_keep_their_value() {
    let s = project(&format!(
        "import os\nA = {{'k': [1, 2]}}\nB = 'x'\nif {UNDECIDED}:\n    B = 'y'\nelse:\n    B = 'z'\n"
    ));
    assert_eq!(s["A"], "{'k': [1, 2]}");
    assert_eq!(s["B"], "<unknown>");
}
