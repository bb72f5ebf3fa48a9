//! The nginx fixtures against the real `nginx -t`, so golive's parser and
//! nginx agree on what is valid. (Whether each rule fires on `CODE.conf`
//! and stays silent on `CODE_ok.conf` and the lookalike `CODE_fp.conf` is
//! tested with every other rule in `crates/golive/tests/rule_fixtures.rs`.)
//!
//! A fixture is a site file (`sites-available/`, `conf.d/`), or a whole
//! `nginx.conf` when it has an `events` block. Files in `shared/` sit next
//! to it, as snippets it may include.

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
    let letsencrypt = regex::Regex::new(r"/etc/letsencrypt/live/[^/]+/").unwrap();
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
            let text = letsencrypt.replace_all(&text, "tls/");
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
