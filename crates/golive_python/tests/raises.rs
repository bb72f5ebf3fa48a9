//! An exception the settings do not catch is a note; when what raised is
//! `os.environ[...]` or a settings library finding a required variable
//! unset, the note names the variable (`NoteKind::Uncaught {
//! missing_variable }`), so that the linter tells a variable production
//! must set from a bug of the settings without reading the message.

use golive_python::{DjangoVersion, Loader, NoteKind, ScenarioKind, evaluate};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The `missing_variable` of every uncaught-exception note of `settings_py`
/// in `scenario`, with the note's message.
fn uncaught(settings_py: &str, scenario: ScenarioKind) -> Vec<(Option<Rc<str>>, String)> {
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
        scenario,
        BTreeMap::new(),
    );
    r.notes
        .into_iter()
        .filter_map(|n| match n.kind {
            NoteKind::Uncaught { missing_variable } => Some((missing_variable, n.message)),
            _ => None,
        })
        .collect()
}

fn variable(settings_py: &str, scenario: ScenarioKind) -> Option<String> {
    let notes = uncaught(settings_py, scenario);
    assert_eq!(notes.len(), 1, "{notes:?}");
    notes[0].0.as_deref().map(str::to_string)
}

#[test]
fn a_required_variable_that_is_not_set_is_named() {
    for scenario in [ScenarioKind::Configured, ScenarioKind::Unset] {
        assert_eq!(
            variable(
                "import os\nif os.environ['FEATURE'] == '1':\n    A = 1\n",
                scenario
            )
            .as_deref(),
            Some("FEATURE")
        );
        assert_eq!(
            variable(
                "import environ\nenv = environ.Env()\nif env('FEATURE'):\n    A = 1\n",
                scenario
            )
            .as_deref(),
            Some("FEATURE")
        );
        assert_eq!(
            variable(
                "from decouple import config\nif config('FEATURE'):\n    A = 1\n",
                scenario
            )
            .as_deref(),
            Some("FEATURE")
        );
    }
}

#[test]
fn other_exceptions_name_no_variable_whatever_their_message_says() {
    // The message reads like golive's own, but the settings raise it.
    assert_eq!(
        variable(
            "raise ValueError('FEATURE is unset')\n",
            ScenarioKind::Configured
        ),
        None
    );
    assert_eq!(
        variable(
            "import os\nif int(os.environ.get('WORKERS', 'four')):\n    A = 1\n",
            ScenarioKind::Configured
        ),
        None
    );
}

#[test]
fn a_missing_variable_keeps_its_name_through_a_try_that_does_not_catch_it() {
    assert_eq!(
        variable(
            "import os\ntry:\n    os.environ['FEATURE']\nexcept ValueError:\n    pass\n",
            ScenarioKind::Configured
        )
        .as_deref(),
        Some("FEATURE")
    );
}
