//! Fixtures of the nginx rules, three per rule: `CODE.conf` triggers the
//! rule (its snapshot is what a user sees), `CODE_ok.conf` is the fix, and
//! `CODE_fp.conf` is a configuration that looks suspicious but is right —
//! both must stay silent. Every fixture is also checked by the real
//! `nginx -t`, so golive's parser and nginx agree on what is valid.
//!
//! A fixture is a site file (`sites-available/`, `conf.d/`), or a whole
//! `nginx.conf` when it has an `events` block. Files in `shared/` sit next
//! to it, as snippets it may include.

use golive_infra::Deployment;
use golive_linter::{DeploymentAuditInput, Layer, Selection, all_rules, audit_deployment};
use golive_python::Loader;
use golive_report::{AuditHeader, check_text};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resources/test/fixtures/nginx"
    ))
}

fn is_main_config(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with("events"))
}

/// Lays a fixture out as a project's `deploy/nginx/` and audits it.
fn audit(fixture: &Path, code: &str) -> (usize, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let nginx_dir = root.join("deploy/nginx");
    std::fs::create_dir_all(&nginx_dir).unwrap();
    let text = std::fs::read_to_string(fixture).unwrap();
    let name = if is_main_config(&text) {
        "nginx.conf"
    } else {
        "shop.conf"
    };
    std::fs::write(nginx_dir.join(name), &text).unwrap();
    let mut files = vec![nginx_dir.join(name)];
    for entry in std::fs::read_dir(fixture_dir().join("shared")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), nginx_dir.join(entry.file_name())).unwrap();
        files.push(nginx_dir.join(entry.file_name()));
    }
    files.sort();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    let deployment = Deployment::scan(&root, &files, &loader, &|_| false);
    let sources = loader.sources.borrow();
    assert!(
        !deployment.nginx.is_empty(),
        "{} was not read as nginx",
        fixture.display()
    );
    let all = audit_deployment(&DeploymentAuditInput {
        deployment: &deployment,
        sources: &sources,
        settings: None,
    });
    let selection = Selection {
        select: vec![code.to_string()],
        ignore: Vec::new(),
    };
    let invalid: Vec<_> = all
        .iter()
        .filter(|d| d.rule.code == "GLV010")
        .map(|d| d.message.clone())
        .collect();
    assert!(
        invalid.is_empty(),
        "{}: golive refuses the fixture: {invalid:?}",
        fixture.display()
    );
    let mut diags: Vec<_> = all
        .into_iter()
        .filter(|d| selection.enabled(d.rule))
        .collect();
    golive_linter::sort_diagnostics(&mut diags, &sources);
    let header = AuditHeader {
        django_version: "5.2".into(),
        django_version_source: "fixture".into(),
        settings_module: None,
        settings_reason: "fixture".into(),
        environment: None,
        alternatives: Vec::new(),
    };
    (diags.len(), check_text(&diags, &sources, &header, false))
}

#[test]
fn every_nginx_rule_fires_on_its_fixture_and_not_on_the_fix_or_the_lookalike() {
    let mut missing = Vec::new();
    for rule in all_rules().into_iter().filter(|r| r.layer == Layer::Nginx) {
        let [bad, good, lookalike] =
            ["", "_ok", "_fp"].map(|s| fixture_dir().join(format!("{}{s}.conf", rule.code)));
        if !(bad.exists() && good.exists() && lookalike.exists()) {
            missing.push(rule.code);
            continue;
        }
        let (n, text) = audit(&bad, rule.code);
        assert!(n > 0, "{} does not fire on {}", rule.code, bad.display());
        insta::assert_snapshot!(rule.code, text);
        for quiet in [good, lookalike] {
            let (n, text) = audit(&quiet, rule.code);
            assert_eq!(n, 0, "{} fires on {}:\n{text}", rule.code, quiet.display());
        }
    }
    assert!(
        missing.is_empty(),
        "nginx rules without their three fixtures: {missing:?}"
    );
}

/// The distribution files fixtures include, from the installed nginx.
const DISTRIBUTION_FILES: &[&str] = &["mime.types", "proxy_params", "uwsgi_params"];

/// A prefix directory for `nginx -t`: a test certificate under `tls/`,
/// the distribution files fixtures include, and `logs/`.
fn nginx_prefix() -> (PathBuf, tempfile::TempDir, PathBuf) {
    let nginx = which("nginx")
        .expect("nginx is not installed: `scripts/test.sh` installs it (apt-get install nginx)");
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    std::fs::create_dir_all(prefix.join("tls")).unwrap();
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=shop.example.com",
            "-keyout",
        ])
        .arg(prefix.join("tls/privkey.pem"))
        .arg("-out")
        .arg(prefix.join("tls/fullchain.pem"))
        .output()
        .expect("openssl runs");
    assert!(
        status.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    for f in DISTRIBUTION_FILES {
        std::fs::copy(Path::new("/etc/nginx").join(f), prefix.join(f))
            .unwrap_or_else(|e| panic!("/etc/nginx/{f}: {e}"));
    }
    (nginx, dir, prefix)
}

/// Runs `nginx -t` on `text` (a site file, or a whole nginx.conf) inside
/// `prefix`; the error output when nginx refuses it.
fn nginx_t(nginx: &Path, prefix: &Path, text: &str) -> Result<(), String> {
    let main = prefix.join("nginx.conf");
    if is_main_config(text) {
        std::fs::write(&main, text).unwrap();
    } else {
        std::fs::write(prefix.join("site.conf"), text).unwrap();
        std::fs::write(
            &main,
            "events {}\nhttp {\n    include mime.types;\n    include site.conf;\n}\n",
        )
        .unwrap();
    }
    let out = Command::new(nginx)
        .arg("-t")
        .arg("-q")
        .arg("-c")
        .arg(&main)
        .arg("-p")
        .arg(format!("{}/", prefix.display()))
        .args(["-e", "stderr"])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn every_nginx_fixture_passes_nginx_t() {
    let (nginx, _dir, prefix) = nginx_prefix();
    for entry in std::fs::read_dir(fixture_dir().join("shared")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), prefix.join(entry.file_name())).unwrap();
    }
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 36, "fixtures missing: {}", fixtures.len());
    let failures: Vec<String> = fixtures
        .iter()
        .filter_map(|f| {
            nginx_t(&nginx, &prefix, &std::fs::read_to_string(f).unwrap())
                .err()
                .map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "nginx -t refuses fixtures:\n{}",
        failures.join("\n")
    );
}

/// The example projects' nginx sites too, with their Let's Encrypt paths
/// pointed at the test certificate.
#[test]
fn example_nginx_configs_pass_nginx_t() {
    let (nginx, _dir, prefix) = nginx_prefix();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for example in ["hardened", "insecure"] {
        let site_dir = examples.join(example).join("deploy/nginx");
        let snippets = site_dir.join("snippets");
        if snippets.is_dir() {
            std::fs::create_dir_all(prefix.join("snippets")).unwrap();
            for entry in std::fs::read_dir(&snippets).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(
                    entry.path(),
                    prefix.join("snippets").join(entry.file_name()),
                )
                .unwrap();
            }
        }
        for entry in std::fs::read_dir(&site_dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "conf") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let text = regex::Regex::new(r"/etc/letsencrypt/live/[^/]+/")
                .unwrap()
                .replace_all(&text, "tls/");
            if let Err(e) = nginx_t(&nginx, &prefix, &text) {
                panic!("nginx -t refuses {}: {e}", path.display());
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 2);
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}
