//! Every parser of golive_infra on any input: no panic, ranges inside the
//! text, bounded time — Dockerfiles, compose (YAML), Procfiles, ini files
//! (systemd, uwsgi), supervisord programs, platform files (app.json,
//! heroku.yml, render.yaml), requirement and lock files, and command lines.

use golive_infra::{command, compose, dockerfile, ini, pins, platform, procfile, supervisor};
use proptest::prelude::*;

fn all(text: &str) {
    let len = text.len();
    let df = dockerfile::parse(text);
    for ins in df
        .preamble
        .iter()
        .chain(df.stages.iter().flat_map(|s| s.instructions.iter()))
    {
        assert!(usize::from(ins.range.end()) <= len);
        for pair in ins.env_pairs() {
            assert!(usize::from(pair.range.end()) <= len);
        }
        let _ = ins.command_line();
    }
    let _ = df.final_chain();
    if let Ok(c) = compose::parse(text) {
        for s in &c.services {
            assert!(usize::from(s.name_range.end()) <= len);
            for e in &s.environment {
                assert!(usize::from(e.range.end()) <= len);
            }
        }
    }
    for e in procfile::parse(text) {
        assert!(usize::from(e.range.end()) <= len);
        let _ = command::parse_command(&e.command);
    }
    for e in ini::parse(text) {
        assert!(usize::from(e.range.end()) <= len);
    }
    for line in text.lines() {
        let _ = command::parse_command(line);
    }
    let _ = supervisor::parse(text);
    for name in ["app.json", "heroku.yml", "render.yaml"] {
        let _ = platform::parse(name, text);
    }
}

/// The pin readers read files: each text as a requirements file, a
/// poetry.lock, a Pipfile.lock and a pyproject.toml in a project of its own.
fn pin_files(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "requirements.txt",
        "poetry.lock",
        "Pipfile.lock",
        "pyproject.toml",
    ] {
        let sub = dir.path().join(name.replace('.', "_"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), text).unwrap();
        if let Some(pin) = pins::find_django_pin(&sub) {
            assert!(pin.line >= 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn pin_files_of_any_text(text in "(Django|django|==|>=|<|,|\\[|\\]|\"|=| |\n|version|name|package|[0-9.]|\\\\|-r |#){0,60}") {
        pin_files(&text);
    }

    #[test]
    fn any_string(text in "\\PC{0,300}") {
        all(&text);
    }

    #[test]
    fn config_alphabet(text in "[a-zA-Z_ =:\\-\\[\\]{}\"'\\\\$#&;|\n0-9.]{0,300}") {
        all(&text);
    }

    #[test]
    fn compose_shaped(name in "[a-z]{1,8}", cmd in "[a-z \\-=:./0-9]{0,40}", port in "[0-9:.\\[\\]]{0,20}") {
        let text = format!("services:\n  {name}:\n    command: {cmd}\n    ports: [\"{port}\"]\n    environment:\n      - A={cmd}\n");
        all(&text);
    }
}

#[test]
fn pathological_inputs_are_fast() {
    let inputs = [
        "[".repeat(100_000),
        "{".repeat(100_000),
        "- ".repeat(50_000),
        "a: &x [*x]\n".to_string(),
        "x: &a [1,2,3,4,5,6,7,8,9]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nv: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n".to_string(),
        "RUN echo \\\n".repeat(50_000),
        "RUN <<EOF\n".to_string() + &"x\n".repeat(100_000),
        "sh -c \"".repeat(10_000),
        "\\".repeat(100_001),
    ];
    for text in inputs {
        let start = std::time::Instant::now();
        all(&text);
        assert!(
            start.elapsed().as_secs() < 10,
            "took {:?} on {:?}…",
            start.elapsed(),
            &text[..20.min(text.len())]
        );
    }
}
