//! Developer tasks. `cargo xtask docs` regenerates docs/rules.md from the
//! rules' doc comments, the table of docs/grade.md from the rule table and
//! the JSON Schemas of docs/schema/ from the report structs;
//! `cargo xtask docs --check` fails when any is stale.
//! `cargo xtask bench-eval DIR` times the settings evaluator alone.
//! `cargo xtask django-releases` regenerates golive's offline table of
//! Django releases and the CVEs they fixed.
//! `cargo xtask django-defaults` regenerates the table of Django's defaults
//! per series from `golive_python/src/django/global_defaults.py`.

mod django_releases;

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("docs") => docs(args.iter().any(|a| a == "--check")),
        Some("bench-eval") => bench_eval(args.get(1).context("usage: cargo xtask bench-eval DIR")?),
        Some("django-releases") => django_releases::run(args.get(1).map(String::as_str)),
        Some("django-defaults") => django_defaults(),
        _ => bail!(
            "usage: cargo xtask docs [--check] | bench-eval DIR | django-releases [SDIST.tar.gz] | django-defaults"
        ),
    }
}

fn django_defaults() -> Result<()> {
    let table = golive_python::defaults_table::generate().map_err(anyhow::Error::msg)?;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../golive_python/src/django/defaults_table.in");
    std::fs::write(&path, table).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn docs(check: bool) -> Result<()> {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let grade_path = docs.join("grade.md");
    let grade_current = std::fs::read_to_string(&grade_path)
        .with_context(|| format!("cannot read {}", grade_path.display()))?;
    let grade = golive_linter::grade_markdown(&grade_current)
        .context("docs/grade.md lost the markers around its generated table")?;
    let mut generated = vec![
        ("rules.md".to_string(), golive_linter::rules_markdown()),
        ("grade.md".to_string(), grade),
    ];
    std::fs::create_dir_all(docs.join("schema"))?;
    for (name, schema) in golive_report::json_schemas() {
        generated.push((format!("schema/{name}"), schema));
    }
    for (name, generated) in generated {
        let path = docs.join(&name);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if check {
            if current != generated {
                bail!("docs/{name} is stale: run `cargo xtask docs`");
            }
            println!("docs/{name} is up to date");
        } else if current != generated {
            std::fs::write(&path, generated)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

/// Parses and evaluates a project's settings module (both scenarios) many
/// times in-process and prints the median, separating golive's own work
/// from process start-up.
fn bench_eval(dir: &str) -> Result<()> {
    use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
    use golive_workspace::Workspace;
    use std::collections::BTreeMap;
    use std::time::Instant;

    let root = std::fs::canonicalize(dir)?;
    let ws = Workspace::load(&root, &golive_workspace::Options::default());
    let module = ws.discovery.module.clone().context("no settings module")?;
    let layout = ws.layout;
    let mut lines = 0;
    let mut samples = Vec::new();
    let mut one_scenario = Vec::new();
    for i in 0..200 {
        let start = Instant::now();
        let loader = Loader::new(root.clone(), layout.search_roots.clone());
        let configured = evaluate(
            &loader,
            &module,
            DjangoVersion::NEWEST_LTS,
            ScenarioKind::Configured,
            BTreeMap::new(),
        );
        let unset = evaluate(
            &loader,
            &module,
            DjangoVersion::NEWEST_LTS,
            ScenarioKind::Unset,
            BTreeMap::new(),
        );
        let elapsed = start.elapsed();
        if i == 0 {
            lines = loader
                .sources
                .borrow()
                .iter()
                .filter(|(_, f)| !f.path.starts_with('<'))
                .map(|(_, f)| f.text.lines().count())
                .sum();
            anyhow::ensure!(
                configured.module_file.is_some() && unset.module_file.is_some(),
                "module not evaluated"
            );
        }
        std::hint::black_box((configured, unset));
        samples.push(elapsed);
        // Evaluation alone: the files are parsed already.
        let start = Instant::now();
        let again = evaluate(
            &loader,
            &module,
            DjangoVersion::NEWEST_LTS,
            ScenarioKind::Configured,
            BTreeMap::new(),
        );
        one_scenario.push(start.elapsed());
        std::hint::black_box(again);
    }
    one_scenario.sort();
    samples.sort();
    let median = samples[samples.len() / 2];
    println!(
        "{module}: {lines} lines; parse + evaluate both scenarios: median {:.2} ms, min {:.2} ms; evaluate one scenario (parsed): median {:.2} ms, min {:.2} ms (200 runs)",
        median.as_secs_f64() * 1e3,
        samples[0].as_secs_f64() * 1e3,
        one_scenario[one_scenario.len() / 2].as_secs_f64() * 1e3,
        one_scenario[0].as_secs_f64() * 1e3
    );
    Ok(())
}
