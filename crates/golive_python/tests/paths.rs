//! `pathlib.Path` and django-environ's `environ.Path` are different values
//! with different operators: pathlib joins with `/` and has `.parent`;
//! environ.Path climbs with `- n`, joins with `+` and when called, and
//! prints as `<Path:…>`. What CPython refuses raises here too. The same
//! cases run against CPython in the oracle (`tests/oracle/generate.py`,
//! `fixed_paths`).

use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
use std::collections::BTreeMap;

/// The settings of a one-module project, configured scenario, as
/// `NAME → repr`, and the reasons of those that are unknown.
fn settings(settings_py: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
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
    (
        r.settings
            .iter()
            .map(|(k, s)| (k.clone(), s.value.repr()))
            .collect(),
        r.settings
            .iter()
            .filter_map(|(k, s)| Some((k.clone(), s.value.first_unknown()?.to_string())))
            .collect(),
    )
}

/// `try: NAME = expr`, and `NAME = 'raised'` when it raises what CPython
/// would.
fn guarded(name: &str, expr: &str) -> String {
    format!(
        "try:\n    {name} = {expr}\nexcept (TypeError, AttributeError, ImproperlyConfigured) as e:\n    {name} = 'raised'\n"
    )
}

const HEADER: &str = "import environ\nfrom pathlib import Path\nfrom django.core.exceptions import ImproperlyConfigured\n";

fn run(cases: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut text = HEADER.to_string();
    for (name, expr) in cases {
        text.push_str(&guarded(name, expr));
    }
    settings(&text).0
}

#[test]
fn pathlib_paths_join_with_slash_and_refuse_environ_operators() {
    let s = run(&[
        ("DIV", "Path('/a') / 'b'"),
        ("RDIV", "'/a' / Path('b')"),
        ("PARENT", "Path('/a/b').parent"),
        ("MINUS", "Path('/x') - 1"),
        ("PLUS", "Path('/x') + 'y'"),
        ("CALL", "Path('/x')('y')"),
        ("STR", "str(Path('/a/b'))"),
        ("REPR", "repr(Path('/a/b'))"),
        ("EQ_STR", "Path('/a') == '/a'"),
    ]);
    assert_eq!(s["DIV"], "PosixPath('/a/b')");
    assert_eq!(s["RDIV"], "PosixPath('/a/b')");
    assert_eq!(s["PARENT"], "PosixPath('/a')");
    assert_eq!(s["MINUS"], "'raised'");
    assert_eq!(s["PLUS"], "'raised'");
    assert_eq!(s["CALL"], "'raised'");
    assert_eq!(s["STR"], "'/a/b'");
    assert_eq!(s["REPR"], "\"PosixPath('/a/b')\"");
    assert_eq!(s["EQ_STR"], "False");
}

#[test]
fn environ_paths_climb_join_and_call() {
    let s = run(&[
        ("MINUS", "environ.Path('/a/b/c') - 1"),
        ("MINUS_3", "environ.Path('/a/b/c') - 3"),
        ("MINUS_MANY", "environ.Path('/a/b/c') - 99"),
        ("MINUS_ZERO", "environ.Path('/a/b/c') - 0"),
        ("MINUS_SUFFIX", "environ.Path('/a/b/cc') - 'c'"),
        ("MINUS_OTHER", "environ.Path('/a/b') - 'x'"),
        ("PLUS", "environ.Path('/a') + 'x'"),
        ("PLUS_ABS", "environ.Path('/a') + '/x'"),
        ("RPLUS", "'x' + environ.Path('/a')"),
        ("CALL", "environ.Path('/a')('b')"),
        ("CALL_MANY", "environ.Path('/a')('b', 'c/../d')"),
        ("SUB_PATH", "environ.Path('/a').path('b')"),
        ("ROOT", "environ.Path('/a/b').root"),
        ("INVERT", "~environ.Path('/a/b')"),
        ("STR", "str(environ.Path('/a/b'))"),
        ("REPR", "repr(environ.Path('/a/b'))"),
        ("FSTRING", "f'{environ.Path(\"/a\")}'"),
        ("PERCENT_R", "'%r' % (environ.Path('/a'),)"),
        ("ARGS", "environ.Path('/a', 'b', 'c')"),
        ("IS_FILE", "environ.Path('/a/b/settings.py', is_file=True)"),
        ("EQ_STR", "environ.Path('/a') == '/a'"),
        ("EQ_PATHLIB", "environ.Path('/a') == Path('/a')"),
        ("INDEX", "environ.Path('/ab')[1]"),
        ("DIV", "environ.Path('/a') / 'b'"),
        ("PATHLIB_DIV", "Path('/a') / environ.Path('/b')"),
        ("PARENT", "environ.Path('/a/b').parent"),
        ("ISINSTANCE", "isinstance(environ.Path('/a'), Path)"),
    ]);
    assert_eq!(s["MINUS"], "<Path:/a/b>");
    assert_eq!(s["MINUS_3"], "<Path:/>");
    assert_eq!(s["MINUS_MANY"], "<Path:/>");
    assert_eq!(s["MINUS_ZERO"], "<Path:/a/b/c>");
    // rstrip('c') strips every trailing `c`.
    assert_eq!(s["MINUS_SUFFIX"], "<Path:/a/b>");
    assert_eq!(s["MINUS_OTHER"], "'raised'");
    assert_eq!(s["PLUS"], "<Path:/a/x>");
    assert_eq!(s["PLUS_ABS"], "<Path:/x>");
    assert_eq!(s["RPLUS"], "'raised'");
    assert_eq!(s["CALL"], "'/a/b'");
    assert_eq!(s["CALL_MANY"], "'/a/b/d'");
    assert_eq!(s["SUB_PATH"], "<Path:/a/b>");
    assert_eq!(s["ROOT"], "'/a/b'");
    assert_eq!(s["INVERT"], "<Path:/a>");
    assert_eq!(s["STR"], "'/a/b'");
    assert_eq!(s["REPR"], "'<Path:/a/b>'");
    assert_eq!(s["FSTRING"], "'/a'");
    assert_eq!(s["PERCENT_R"], "'<Path:/a>'");
    assert_eq!(s["ARGS"], "<Path:/a/b/c>");
    assert_eq!(s["IS_FILE"], "<Path:/a/b>");
    assert_eq!(s["EQ_STR"], "True");
    assert_eq!(s["EQ_PATHLIB"], "False");
    assert_eq!(s["INDEX"], "'a'");
    assert_eq!(s["DIV"], "'raised'");
    assert_eq!(s["PATHLIB_DIV"], "PosixPath('/b')");
    assert_eq!(s["PARENT"], "'raised'");
    assert_eq!(s["ISINSTANCE"], "False");
}

#[test]
fn a_relative_environ_path_depends_on_the_working_directory() {
    let (s, _) = settings(
        "import environ\nenv = environ.Env()\nA = environ.Path('media')\nB = environ.Path()\nC = env.path('MEDIA', default='media')\nD = env.path('MEDIA', default='/srv/media')\n",
    );
    assert_eq!(s["A"], "<unknown>");
    assert_eq!(s["B"], "<unknown>");
    assert_eq!(s["C"], "<unknown>");
    assert_eq!(s["D"], "<Path:/srv/media>");
}

#[test]
fn pathlib_minus_an_int_raises_as_cpython_does() {
    // Outside `try`, an assignment whose value raises leaves the name
    // unknown with the exception, as for any other TypeError.
    let (s, reasons) = settings("from pathlib import Path\nBASE = Path('/x') - 1\nB = 2\n");
    assert_eq!(s["BASE"], "<unknown>");
    assert_eq!(
        reasons["BASE"],
        "raises TypeError: unsupported operand type(s) for -: 'PosixPath' and 'int'"
    );
    assert_eq!(s["B"], "2");
}
