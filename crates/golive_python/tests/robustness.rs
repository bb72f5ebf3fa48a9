//! Hostile and broken input: the evaluator and the parsers never panic and
//! always finish (the step budget bounds loops; nesting limits bound
//! recursion). Property tests feed arbitrary bytes and random settings-like
//! programs; the named tests pin the classic pathological cases.

use golive_python::{
    DjangoVersion, Loader, NoteKind, ScenarioKind, ScenarioResult, dotenv, evaluate, urls,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Evaluates `files` (path → bytes) as a project, on a thread with the
/// same large stack the binary uses.
fn run(
    files: Vec<(String, Vec<u8>)>,
    module: &str,
    check: impl FnOnce(ScenarioResult, ScenarioResult) + Send + 'static,
) {
    let module = module.to_string();
    std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            for (path, bytes) in &files {
                let p = dir.path().join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, bytes).unwrap();
            }
            let root = dir.path().canonicalize().unwrap();
            let loader = Loader::new(root.clone(), vec![root]);
            let mut env = BTreeMap::new();
            env.insert("DJANGO_DEBUG".to_string(), "1".to_string());
            let a = evaluate(
                &loader,
                &module,
                DjangoVersion::NEWEST_LTS,
                ScenarioKind::Configured,
                env,
            );
            let b = evaluate(
                &loader,
                &module,
                DjangoVersion::NEWEST_LTS,
                ScenarioKind::Unset,
                BTreeMap::new(),
            );
            check(a, b);
        })
        .unwrap()
        .join()
        .expect("evaluation must not panic");
}

fn single(source: &[u8], check: impl FnOnce(ScenarioResult, ScenarioResult) + Send + 'static) {
    run(
        vec![
            ("proj/__init__.py".into(), Vec::new()),
            ("proj/settings.py".into(), source.to_vec()),
        ],
        "proj.settings",
        check,
    )
}

fn has_note(r: &ScenarioResult, kind: fn(&NoteKind) -> bool) -> bool {
    r.notes.iter().any(|n| kind(&n.kind))
}

#[test]
fn an_endless_loop_exhausts_the_budget() {
    single(
        b"DEBUG = True\nwhile True:\n    pass\nSECRET_KEY = 'x'\n",
        |r, _| {
            assert!(has_note(&r, |k| matches!(k, NoteKind::Budget)));
            assert!(r.get("DEBUG").is_some_and(|s| !s.is_default));
        },
    );
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let src = format!(
        "X = {}1{}\nDEBUG = False\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    single(src.as_bytes(), |r, _| {
        assert!(has_note(&r, |k| matches!(k, NoteKind::SyntaxError)));
    });
}

#[test]
fn long_expression_chains_stay_bounded() {
    let src = format!(
        "X = {}1\nY = {}\nDEBUG = False\n",
        "1 + ".repeat(50_000),
        "not ".repeat(20_000) + "True"
    );
    single(src.as_bytes(), |r, _| {
        assert!(r.get("DEBUG").is_some());
    });
}

#[test]
fn huge_literals_become_unknown() {
    single(
        b"A = 'a' * 10**12\nB = [0] * 10**9\nC = 10**400\nD = list(range(10**9))\nDEBUG = False\n",
        |r, _| {
            for name in ["A", "B", "D"] {
                assert!(
                    r.get(name).is_some_and(|s| s.value.is_unknown()),
                    "{name} should be unknown"
                );
            }
        },
    );
}

#[test]
fn recursion_is_bounded() {
    single(
        b"def f(n):\n    return f(n + 1)\nX = f(0)\nDEBUG = False\n",
        |r, _| {
            assert!(r.get("X").is_some_and(|s| s.value.is_unknown()));
        },
    );
}

#[test]
fn import_cycles_are_reported() {
    let files = vec![
        ("proj/__init__.py".into(), Vec::new()),
        ("proj/settings/__init__.py".into(), Vec::new()),
        (
            "proj/settings/base.py".into(),
            b"from .production import *\nA = 1\n".to_vec(),
        ),
        (
            "proj/settings/production.py".into(),
            b"from .base import *\nDEBUG = False\n".to_vec(),
        ),
    ];
    run(files, "proj.settings.production", |r, _| {
        assert!(has_note(&r, |k| matches!(k, NoteKind::ImportCycle)));
        assert!(r.get("A").is_some_and(|s| !s.is_default));
    });
}

#[test]
fn invalid_utf8_and_binary_files() {
    single(b"DEBUG = True\nNAME = '\xff\xfe caf\xe9'\n", |r, _| {
        assert!(
            has_note(&r, |k| matches!(k, NoteKind::SyntaxError)),
            "lossy decoding is reported"
        );
        assert!(r.get("DEBUG").is_some_and(|s| !s.is_default));
    });
    single(b"\x00\x01\x02binary", |r, _| {
        assert!(r.module_file.is_none(), "a binary file is not evaluated");
    });
}

/// Statements settings modules are made of, combined at random.
fn statement() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECRET_KEY",
        "MIDDLEWARE",
        "X",
        "_y",
        "DATABASES",
    ]);
    let var = prop::sample::select(vec!["DJANGO_DEBUG", "HOSTS", "KEY", "MISSING"]);
    let expr = prop_oneof![
        Just("True".to_string()),
        Just("[1, 'a', None, (2, 3)]".to_string()),
        Just("{'default': {'ENGINE': 'x', 'PASSWORD': 'p'}}".to_string()),
        var.clone()
            .prop_map(|v| format!("os.environ.get('{v}', 'False') == 'True'")),
        var.clone().prop_map(|v| format!("os.environ['{v}']")),
        var.clone()
            .prop_map(|v| format!("os.getenv('{v}', 'a,b').split(',')")),
        var.clone()
            .prop_map(|v| format!("int(os.environ.get('{v}', '3')) * 2")),
        var.clone().prop_map(|v| format!(
            "[x.strip() for x in os.environ.get('{v}', '').split(',') if x]"
        )),
        Just("f'{X}-{_y}'".to_string()),
        Just("X if _y else None".to_string()),
        Just("len(MIDDLEWARE) + 1".to_string()),
        Just("sorted({3, 1, 2})".to_string()),
        Just("'%s/%d' % ('a', 1)".to_string()),
        Just("unknown_call(1)".to_string()),
        Just("Path(__file__).resolve().parent / 'x'".to_string()),
    ];
    prop_oneof![
        (name.clone(), expr.clone()).prop_map(|(n, e)| format!("{n} = {e}")),
        (name.clone(), expr.clone())
            .prop_map(|(n, e)| format!("if {e}:\n    {n} = 1\nelse:\n    {n} = 2")),
        (name.clone(), expr.clone())
            .prop_map(|(n, e)| format!("try:\n    {n} = {e}\nexcept KeyError:\n    {n} = None")),
        name.clone().prop_map(|n| format!("{n} += [1]")),
        name.clone().prop_map(|n| format!("{n}.append(1)")),
        name.clone().prop_map(|n| format!("{n}['k'] = 1")),
        name.clone().prop_map(|n| format!("del {n}")),
        (name.clone(), expr.clone()).prop_map(|(n, e)| format!("for _i in {e}:\n    {n} = _i")),
        Just("def g(a, b=2, *c, **d):\n    return a".to_string()),
        Just("from .missing import *".to_string()),
        Just(
            "import environ\nenv = environ.Env()\nQ = env.bool('DJANGO_DEBUG', default=True)"
                .to_string()
        ),
        Just("while X:\n    X = X - 1".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_settings_programs_never_panic(stmts in prop::collection::vec(statement(), 1..25)) {
        let src = format!("import os\nfrom pathlib import Path\nX = 3\n_y = 0\nMIDDLEWARE = []\n{}\n", stmts.join("\n"));
        single(src.as_bytes(), |a, b| {
            for r in [a, b] {
                for s in r.settings.values() {
                    if let Some(reason) = s.value.first_unknown() {
                        assert!(!reason.is_empty());
                    }
                }
            }
        });
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        single(&bytes, |_, _| {});
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\n\t]{0,400}") {
        single(text.as_bytes(), |_, _| {});
    }

    #[test]
    fn env_file_parsers_never_panic(text in "\\PC{0,300}") {
        for d in [dotenv::Dialect::PythonDotenv, dotenv::Dialect::DjangoEnviron, dotenv::Dialect::Decouple] {
            let bindings = dotenv::parse(&text, d);
            let _ = dotenv::interpolate(&bindings, &BTreeMap::new());
        }
    }

    #[test]
    fn url_parser_never_panics(text in "\\PC{0,120}") {
        if let Ok(u) = urls::urlsplit(&text) {
            let _ = (u.hostname(), u.port(), u.username(), u.password());
        }
        let _ = urls::parse_qs(&text);
        let _ = urls::unquote(&text);
    }
}
