//! The WEB rules, tested offline from recorded observations: `CODE.json`
//! (and `CODE_2.json`, `CODE_3.json`… for further cases) is a probe of a
//! site with that problem (its output is the snapshot),
//! and `ok.json` — a well-configured site — must stay silent for every rule
//! and grade A+. The binary replays them (`golive probe --replay`), so
//! these tests make no request.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../golive_linter/resources/test/fixtures/web")
}

fn replay(file: &Path, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("golive")
        .unwrap()
        .args(["probe", "--no-color"])
        .arg("https://unused.example/")
        .arg("--replay")
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn every_web_rule_fires_on_its_recording() {
    let rules: serde_json::Value = serde_json::from_slice(
        &Command::cargo_bin("golive")
            .unwrap()
            .args(["rules", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut missing = Vec::new();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        // WEB1xx rules join the probe with settings: tested below with
        // `check --probe`.
        if !code.starts_with("WEB") || code.starts_with("WEB1") {
            continue;
        }
        // `CODE.json`, and further cases of the same rule as `CODE_2.json`,
        // `CODE_3.json`…: each must fire, each has its snapshot.
        let cases: Vec<PathBuf> = std::iter::once(format!("{code}.json"))
            .chain((2..).map(|n| format!("{code}_{n}.json")))
            .map(|name| fixtures().join(name))
            .take_while(|file| file.exists())
            .collect();
        if cases.is_empty() {
            missing.push(code.to_string());
            continue;
        }
        for file in cases {
            let out = replay(&file, &["--select", code]);
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                text.contains(&format!("[{code}]")),
                "{code} does not fire on {}:\n{text}",
                file.display()
            );
            let case = file.file_stem().unwrap().to_str().unwrap().to_string();
            insta::assert_snapshot!(case, text);
        }
    }
    assert!(
        missing.is_empty(),
        "WEB rules without a recording: {missing:?}"
    );
}

#[test]
fn a_well_configured_site_is_silent_and_grades_a_plus() {
    let out = replay(&fixtures().join("ok.json"), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"], serde_json::json!([]), "{doc:#}");
    assert_eq!(
        doc["grade"],
        serde_json::json!({"letter": "A+", "score": 100})
    );
}

#[test]
fn grades_follow_the_table() {
    let grade = |code: &str| {
        let doc: serde_json::Value = serde_json::from_slice(
            &replay(
                &fixtures().join(format!("{code}.json")),
                &["--format", "json"],
            )
            .stdout,
        )
        .unwrap();
        (
            doc["grade"]["letter"].as_str().unwrap().to_string(),
            doc["grade"]["score"].as_i64().unwrap(),
        )
    };
    // DEBUG page: -50 → C (50).
    assert_eq!(grade("WEB001"), ("C".into(), 50));
    // No HSTS: -20 → B+ (80).
    assert_eq!(grade("WEB004"), ("B+".into(), 80));
    // Unreachable: F.
    assert_eq!(grade("WEB015"), ("F".into(), 0));
}

#[test]
fn cookie_values_never_appear() {
    for code in ["WEB005", "WEB005_2", "WEB038", "WEB039", "WEB001"] {
        for format in ["text", "json"] {
            let text = String::from_utf8(
                replay(
                    &fixtures().join(format!("{code}.json")),
                    &["--format", format],
                )
                .stdout,
            )
            .unwrap();
            assert!(
                !text.contains("Qk3v9Xc2LmN8pR4t") && !text.contains("8d7f6e5c4b3a2f1e"),
                "{code} {format} leaks a cookie value:\n{text}"
            );
        }
    }
}

#[test]
fn check_with_probe_flags_where_the_live_site_contradicts_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("shop")).unwrap();
    std::fs::write(dir.path().join("shop/__init__.py"), "").unwrap();
    std::fs::write(
        dir.path().join("shop/settings.py"),
        "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['shop.example.com']\nSECURE_HSTS_SECONDS = 31536000\nCSRF_COOKIE_SECURE = True\n",
    )
    .unwrap();
    let run = |recording: &str| -> serde_json::Value {
        let out = Command::cargo_bin("golive")
            .unwrap()
            .args([
                "check",
                "--format",
                "json",
                "--settings",
                "shop.settings",
                "--select",
                "WEB101",
                "--probe",
                "https://shop.example.com/",
                "--probe-replay",
            ])
            .arg(fixtures().join(recording))
            .arg(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let messages = |doc: &serde_json::Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    // The well-configured recording agrees with these settings.
    assert_eq!(messages(&run("ok.json")), Vec::<String>::new());
    let doc = run("WEB004.json");
    assert_eq!(
        messages(&doc),
        ["the settings set SECURE_HSTS_SECONDS, but the site sends no Strict-Transport-Security"]
    );
    assert_eq!(doc["findings"][0]["related"][0]["path"], "shop/settings.py");
    assert_eq!(doc["findings"][0]["related"][0]["line"], 4);
    assert_eq!(doc["probe"]["grade"]["letter"], "B+");
    assert_eq!(
        messages(&run("WEB005.json")),
        [
            "the settings set CSRF_COOKIE_SECURE = True, but the live `csrftoken` cookie is not Secure"
        ]
    );
    assert_eq!(
        messages(&run("WEB001.json")),
        ["the settings set DEBUG = False, but the site serves Django's debug page"]
    );
    assert_eq!(
        messages(&run("WEB002.json")),
        ["ALLOWED_HOSTS has no wildcard, but a request for `golive-probe.invalid` is answered"]
    );
}
