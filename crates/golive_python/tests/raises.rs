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

#[test]
fn a_raise_because_a_variable_is_unset_names_that_variable() {
    // How projects declare a variable required, directly or in a helper.
    let direct = "import os\nfrom django.core.exceptions import ImproperlyConfigured\n\
                  DOMAIN = os.environ.get('SITE_DOMAIN')\nif not DOMAIN:\n    \
                  raise ImproperlyConfigured('SITE_DOMAIN has to be configured!')\n";
    let helper = "import os\n\
                  def required(name):\n    value = os.environ.get(name)\n    \
                  if not value:\n        raise RuntimeError(name + ' is required')\n    \
                  return value\n\
                  DOMAIN = required('SITE_DOMAIN')\n";
    for settings in [direct, helper] {
        for scenario in [ScenarioKind::Configured, ScenarioKind::Unset] {
            assert_eq!(
                variable(settings, scenario).as_deref(),
                Some("SITE_DOMAIN"),
                "{settings}"
            );
        }
    }
}

#[test]
fn an_assignment_that_raises_is_noted_and_the_rest_still_evaluated() {
    // Python stops importing at line 2; golive notes it and goes on.
    let settings = "import os\nCONN_MAX_AGE = int(os.environ.get('CONN_MAX_AGE', '10 minutes'))\n\
                    X = [1][0]\n";
    let notes = uncaught(settings, ScenarioKind::Configured);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, None);
    assert!(
        notes[0]
            .1
            .starts_with("ValueError: invalid literal for int()"),
        "{notes:?}"
    );
}

#[test]
fn values_of_installed_packages_golive_does_not_model_never_raise_a_type_error() {
    // `SEP` could be a str, an int or anything: Python's TypeError for a
    // wrong type cannot be concluded.
    let settings = "import os\nfrom somepkg.constants import SEP, N\n\
                    A = os.environ.get('A', '').split(SEP)\nB = [1, 2][N]\nC = {'a': 1}[SEP]\n\
                    D = SEP in 'abc'\nE = -N\nF = 'a'.startswith(SEP)\nG = 'a'.replace(SEP, 'b')\n";
    assert_eq!(uncaught(settings, ScenarioKind::Configured), vec![]);
}
