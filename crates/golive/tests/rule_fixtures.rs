//! One data-driven harness for the rules of every layer, over the same
//! `golive::load` + `golive::audit` the command line runs. Fixtures live
//! beside the rules (`crates/golive_linter/resources/test/fixtures/`), as
//! ruff keeps them:
//!
//! - settings (`django/`): `CODE.py` is a settings module that triggers the
//!   rule, `CODE_ok.py` the same module fixed; rules about how modules
//!   relate use a package `CODE/settings/*.py` (audited as
//!   `proj.settings.production`);
//! - nginx (`nginx/`): `CODE.conf`, `CODE_ok.conf` and `CODE_fp.conf` (a
//!   lookalike that must stay silent), audited as `deploy/nginx/`;
//! - app servers, containers, repository, cross-layer (`server/`,
//!   `container/`, `repository/`, `cross/`) and golive's own diagnostics
//!   (`golive/`): small project trees `CODE/` and `CODE_ok/`, with further
//!   cases `CODE_2/`, `CODE_ok_2/`, …;
//! - live rules (`web/`): recordings, replayed by `probe_fixtures.rs`.
//!
//! A bad fixture must produce its rule (the findings of that rule are the
//! snapshot). A good fixture must produce none, must not leave the rule's
//! check undecided by an unknown value — a fixture silent only because
//! golive could not tell proves nothing — unless one of its files says
//! `golive-fixture: undecidable` and why, and must be free of golive's own
//! diagnostics (GLV), which would mean the fixture is broken (a fixture
//! of the layers around Django that holds no settings module at all may
//! say that it found none). A fixture
//! gives the production environment with `golive-fixture: env NAME=value`
//! lines (what `--env` says on the command line).

use golive::{Policy, ProjectOptions};
use golive_linter::{Layer, RuleMeta, all_rules};
use golive_python::ScenarioKind;
use golive_report::check_text;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golive_linter/resources/test/fixtures")
}

/// The fixture directory of a layer.
fn layer_dir(layer: Layer) -> Option<&'static str> {
    Some(match layer {
        Layer::Settings => "django",
        Layer::Nginx => "nginx",
        Layer::AppServer => "server",
        Layer::Container => "container",
        Layer::Repository => "repository",
        Layer::CrossLayer => "cross",
        Layer::Golive => "golive",
        Layer::Live => return None,
    })
}

/// Copies a fixture tree; dotfiles are stored as `dot-env`, `dot-gitignore`
/// so that the repository's own ignore rules do not apply to them, and
/// symlinks stay symlinks (a fixture may point outside the project).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        let target = to.join(
            name.strip_prefix("dot-")
                .map_or(name.clone(), |rest| format!(".{rest}")),
        );
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every text of a fixture, for its `golive-fixture:` declarations.
fn fixture_text(path: &Path) -> String {
    if path.is_file() {
        return std::fs::read_to_string(path).unwrap_or_default();
    }
    let mut out = String::new();
    for entry in std::fs::read_dir(path).unwrap() {
        let p = entry.unwrap().path();
        if !p.is_symlink() {
            out.push_str(&fixture_text(&p));
        }
    }
    out
}

/// A fixture laid out as a project in a temporary directory, with the
/// options that audit it.
fn materialize(rule: &RuleMeta, fixture: &Path, dir: &Path) -> ProjectOptions {
    let mut options = ProjectOptions {
        path: dir.to_path_buf(),
        ..Default::default()
    };
    match rule.layer {
        Layer::Settings => {
            std::fs::create_dir(dir.join("proj")).unwrap();
            std::fs::write(dir.join("proj/__init__.py"), "").unwrap();
            if fixture.is_dir() {
                copy_dir(&fixture.join("settings"), &dir.join("proj/settings"));
                options.settings = Some("proj.settings.production".into());
            } else {
                std::fs::copy(fixture, dir.join("proj/settings.py")).unwrap();
                options.settings = Some("proj.settings".into());
            }
            let (major, minor) = rule.since_django.unwrap_or((5, 2));
            options.django_version = Some(format!("{major}.{minor}"));
        }
        Layer::Nginx => {
            let nginx = dir.join("deploy/nginx");
            std::fs::create_dir_all(&nginx).unwrap();
            let text = std::fs::read_to_string(fixture).unwrap();
            let main = text.lines().any(|l| l.trim_start().starts_with("events"));
            let name = if main { "nginx.conf" } else { "shop.conf" };
            std::fs::write(nginx.join(name), &text).unwrap();
            copy_dir(&fixtures().join("nginx/shared"), &nginx);
        }
        _ => copy_dir(fixture, dir),
    }
    // `golive-fixture: env NAME=value`: what production sets, as `--env`
    // tells golive.
    for line in fixture_text(fixture).lines() {
        if let Some((_, kv)) = line.split_once("golive-fixture: env ") {
            options.env.push(kv.trim().to_string());
        }
    }
    options
}

/// Whether a project tree holds a settings module (`settings.py`,
/// `settings/*.py`).
fn has_settings_file(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() && !p.is_symlink() {
            name == "settings" || has_settings_file(&p)
        } else {
            name == "settings.py"
        }
    })
}

/// What auditing one fixture found.
struct Outcome {
    /// Findings of the rule under test, as the user sees them.
    count: usize,
    text: String,
    /// golive's own diagnostics (GLV), as `CODE: message`.
    golive_errors: Vec<String>,
    /// Whether the check that reports the rule could not decide.
    blocked: Vec<String>,
}

fn audit(rule: &'static RuleMeta, fixture: &Path) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let options = materialize(rule, fixture, &root);
    let project = golive::load(&options)
        .unwrap_or_else(|e| panic!("{}: golive cannot load it: {e}", fixture.display()));
    let report = golive::audit(&project, &Policy::default());
    let sources = project.ws.loader.sources.borrow();
    let (mine, others): (Vec<_>, Vec<_>) = report
        .diagnostics
        .into_iter()
        .partition(|d| d.rule.code == rule.code);
    // A fixture of the layers around Django may be the deployment alone
    // (nginx files, a Dockerfile and compose file): that golive finds no
    // settings module there is the fixture's scope, not a broken fixture.
    let deployment_only = rule.layer != Layer::Settings && !has_settings_file(&root);
    let golive_errors = others
        .iter()
        .filter(|d| d.rule.layer == Layer::Golive)
        .filter(|d| !(deployment_only && d.rule.code == "GLV001"))
        .map(|d| format!("{}: {}", d.rule.code, d.message))
        .collect();
    let checker = golive_linter::checker_of(rule);
    let blocked = report
        .blocked
        .iter()
        // The configured scenario is production as declared; in the unset
        // one a check stays undecided when a required variable is missing,
        // which is right (Django would not start) and proves nothing.
        .filter(|b| std::ptr::eq(b.check, checker) && b.scenario == ScenarioKind::Configured)
        .map(|b| {
            format!(
                "[{}] {}: {}",
                b.scenario.as_str(),
                b.blocked.setting,
                b.blocked.reason
            )
        })
        .collect();
    Outcome {
        count: mine.len(),
        text: check_text(&mine, &sources, &project.header, false),
        golive_errors,
        blocked,
    }
}

/// The fixtures of a rule: bad ones (named for the snapshot) and good ones.
fn fixtures_of(rule: &RuleMeta) -> (Vec<(String, PathBuf)>, Vec<PathBuf>) {
    let Some(dir) = layer_dir(rule.layer) else {
        return (Vec::new(), Vec::new());
    };
    let dir = fixtures().join(dir);
    let code = rule.code;
    let mut bad = Vec::new();
    let mut good = Vec::new();
    match rule.layer {
        Layer::Settings => {
            for suffix in ["", ".py"] {
                let b = dir.join(format!("{code}{suffix}"));
                if b.exists() && (suffix == ".py" || b.is_dir()) {
                    bad.push((code.to_string(), b));
                    good.push(dir.join(format!("{code}_ok{suffix}")));
                }
            }
        }
        Layer::Nginx => {
            bad.push((code.to_string(), dir.join(format!("{code}.conf"))));
            good.push(dir.join(format!("{code}_ok.conf")));
            good.push(dir.join(format!("{code}_fp.conf")));
        }
        _ => {
            bad.push((code.to_string(), dir.join(code)));
            good.push(dir.join(format!("{code}_ok")));
            for k in 2.. {
                let extra = dir.join(format!("{code}_{k}"));
                if !extra.is_dir() {
                    break;
                }
                bad.push((format!("{code}_{k}"), extra));
            }
            for k in 2.. {
                let extra = dir.join(format!("{code}_ok_{k}"));
                if !extra.is_dir() {
                    break;
                }
                good.push(extra);
            }
        }
    }
    bad.retain(|(_, p)| p.exists());
    (bad, good)
}

/// golive's own diagnostics need only a bad fixture: there is no "fixed"
/// way to be unreadable. Live rules are replayed by `probe_fixtures.rs`.
fn needs_good_fixture(rule: &RuleMeta) -> bool {
    rule.layer != Layer::Golive
}

#[test]
fn every_rule_fires_on_its_fixtures_and_not_on_the_fixed_ones() {
    let mut problems = Vec::new();
    let mut audited = 0;
    for rule in all_rules() {
        if rule.layer == Layer::Live {
            continue;
        }
        let (bad, good) = fixtures_of(rule);
        if bad.is_empty() {
            problems.push(format!("{}: no fixture that triggers it", rule.code));
            continue;
        }
        for (name, fixture) in &bad {
            let outcome = audit(rule, fixture);
            audited += 1;
            if outcome.count == 0 {
                problems.push(format!(
                    "{} does not fire on {}:\n{}\n(golive: {:?}, undecided: {:?})",
                    rule.code,
                    fixture.display(),
                    outcome.text,
                    outcome.golive_errors,
                    outcome.blocked
                ));
                continue;
            }
            // A message naming the project directory (GLV005) shows it as
            // `[PROJECT]`.
            insta::with_settings!({filters => vec![(r"/tmp/\.tmp[A-Za-z0-9]+", "[PROJECT]")]}, {
                insta::assert_snapshot!(name.as_str(), outcome.text);
            });
        }
        if needs_good_fixture(rule) && !good.iter().any(|g| g.exists()) {
            problems.push(format!("{}: no fixed fixture", rule.code));
        }
        for fixture in good.iter().filter(|g| g.exists()) {
            let outcome = audit(rule, fixture);
            audited += 1;
            if outcome.count > 0 {
                problems.push(format!(
                    "{} fires on {}:\n{}",
                    rule.code,
                    fixture.display(),
                    outcome.text
                ));
            }
            let declared = fixture_text(fixture).contains("golive-fixture: undecidable");
            if !outcome.blocked.is_empty() && !declared {
                problems.push(format!(
                    "{} is silent on {} only because it could not decide: {:?}",
                    rule.code,
                    fixture.display(),
                    outcome.blocked
                ));
            }
            if !outcome.golive_errors.is_empty() {
                problems.push(format!(
                    "{}: golive reports its own problems with {}: {:?}",
                    rule.code,
                    fixture.display(),
                    outcome.golive_errors
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // The suite never shrinks silently: as many audits as fixtures today.
    assert!(audited >= 278, "only {audited} fixtures audited");
}
