//! The report formats for tools: SARIF (regions, fingerprints, related
//! locations), GitHub workflow commands, `--output FILE`, and secrets,
//! which no format may carry. The SARIF schema itself is checked by
//! tests/formats/run_sarif.py (scripts/test.sh), against the official
//! schema.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn golive() -> Command {
    Command::cargo_bin("golive").unwrap()
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    dir
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn run(args: &[&str], dir: &Path) -> (i32, String) {
    let out = golive().args(args).arg(dir).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn sarif(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend_from_slice(extra);
    let (_, out) = run(&args, dir);
    serde_json::from_str(&out).expect("valid JSON")
}

/// The results of one rule in a SARIF log.
fn results<'a>(log: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == code)
        .collect()
}

const SETTINGS: &str = "SECRET_KEY = 'k3w9p0x2r7zqm4v8tb1n6c0y5hjdfgslue' # golive: ignore[DJS101, DJS009]\nALLOWED_HOSTS = ['a.example.com']\n";

#[test]
fn sarif_regions_count_utf16_code_units() {
    // `😀` is one character but two UTF-16 code units: SARIF's columns
    // (utf16CodeUnits, its default) count it twice, JSON's columns once.
    let settings = format!("{SETTINGS}X = '😀'; DEBUG = True\n");
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", &settings)]);
    let log = sarif(dir.path(), &["--settings", "app.settings"]);
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let debug = results(&log, "DJS018");
    assert_eq!(debug.len(), 1, "{log:#}");
    let location = &debug[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "app/settings.py");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &location["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endColumn"], 23);
    let (_, json) = run(
        &["check", "--format", "json", "--settings", "app.settings"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "DJS018")
        .unwrap();
    assert_eq!(finding["column"], 10);
    assert_eq!(debug[0]["properties"]["djangoCheckId"], "security.W018");
    assert_eq!(debug[0]["level"], "warning");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = &rules[debug[0]["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "DJS018");
    assert_eq!(rule["properties"]["djangoCheckId"], "security.W018");
    assert!(
        rule["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules.md#djs018"),
        "{rule:#}"
    );
}

fn fingerprint(result: &serde_json::Value) -> String {
    result["partialFingerprints"]["golive/v1"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn fingerprints_survive_unrelated_edits_and_runs() {
    let settings = format!("{SETTINGS}DEBUG = True\n");
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", &settings)]);
    let args = ["--settings", "app.settings"];
    let before = sarif(dir.path(), &args);
    let again = sarif(dir.path(), &args);
    assert_eq!(before, again, "two runs differ");
    let debug = fingerprint(results(&before, "DJS018")[0]);
    // Lines added above, the flagged line re-indented by a trailing
    // comment's spacing: the line moves, the fingerprint stays.
    let edited = format!("# production settings\n\nimport os\n{SETTINGS}DEBUG  =  True\n");
    write(dir.path(), &[("app/settings.py", &edited)]);
    let after = sarif(dir.path(), &args);
    let moved = results(&after, "DJS018")[0];
    assert_eq!(
        moved["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(fingerprint(moved), debug);
    // Editing the flagged line itself is a new finding.
    let changed = format!("{SETTINGS}DEBUG = bool(1)\n");
    write(dir.path(), &[("app/settings.py", &changed)]);
    let changed = sarif(dir.path(), &args);
    assert_ne!(fingerprint(results(&changed, "DJS018")[0]), debug);
}

#[test]
fn identical_findings_get_distinct_fingerprints() {
    let dir = examples().join("insecure");
    let log = sarif(&dir, &[]);
    let all: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(fingerprint)
        .collect();
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len());
}

#[test]
fn cross_layer_findings_carry_related_locations() {
    let log = sarif(&examples().join("insecure"), &[]);
    let xdp = results(&log, "XDP004");
    assert!(!xdp.is_empty());
    let related = xdp[0]["relatedLocations"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|r| r["physicalLocation"]["artifactLocation"]["uri"]
                == "deploy/systemd/blog.service"
                && r["message"]["text"]
                    .as_str()
                    .unwrap()
                    .contains("binds unix:/run/blog.sock")),
        "{:#}",
        xdp[0]
    );
}

#[test]
fn github_workflow_commands() {
    let (code, out) = run(
        &["check", "--format", "github"],
        &examples().join("startproject"),
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("startproject_check_github", out);
    // One command per finding, each on one line.
    assert_eq!(out.lines().count(), 14);
    assert!(out.lines().all(|l| l.starts_with("::")));
}

#[test]
fn github_messages_and_properties_are_escaped() {
    // A path with `,` and `:` and a message with `%`: each escaped where
    // the runner would otherwise split or decode.
    let dir = project(&[
        ("app/__init__.py", ""),
        ("app/settings.py", &format!("{SETTINGS}DEBUG = True\n")),
        (
            "deploy/nginx/a,b:c.conf",
            "server {\n    listen 80;\n    server_name 100%.example.com;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n",
        ),
    ]);
    let (_, out) = run(
        &["check", "--format", "github", "--settings", "app.settings"],
        dir.path(),
    );
    let nginx: Vec<&str> = out.lines().filter(|l| l.contains("file=deploy")).collect();
    assert!(!nginx.is_empty(), "{out}");
    for line in nginx {
        assert!(
            line.contains("file=deploy/nginx/a%2Cb%3Ac.conf,line="),
            "{line}"
        );
    }
    assert!(
        out.lines()
            .any(|l| l.contains("::") && l.contains("`100%25.example.com`")),
        "{out}"
    );
    assert!(!out.contains('\r') && !out.contains("100%.example"));
    let debug = out.lines().find(|l| l.contains("title=DJS018")).unwrap();
    assert!(
        debug.starts_with(
            "::warning file=app/settings.py,line=3,col=1,endLine=3,endColumn=13,title=DJS018 debug-enabled::"
        ),
        "{debug}"
    );
    assert!(debug.contains("%0Ahelp: "), "{debug}");
}

#[test]
fn output_file_gets_what_stdout_would_and_the_exit_code_is_unchanged() {
    let example = examples().join("startproject");
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "json", "sarif", "github", "html"] {
        let (code, stdout) = run(&["check", "--no-color", "--format", format], &example);
        let path = dir.path().join("reports").join(format!("golive.{format}"));
        let out = golive()
            .args(["check", "--no-color", "--format", format, "--output"])
            .arg(&path)
            .arg(&example)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{format}");
        assert!(out.stdout.is_empty(), "{format}: the terminal gets nothing");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout, "{format}");
        // Replaced whole, no temporary file left beside it.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            names.iter().all(|n| !n.to_string_lossy().contains(".tmp")),
            "{names:?}"
        );
    }
    // A file that cannot be written is exit code 2 with a diagnostic.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let out = golive()
        .args(["check", "--output"])
        .arg(blocker.join("report.txt"))
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn output_through_a_symlink_writes_through_it() {
    // Renaming a temporary file over them would replace the link, or the
    // device node, with a regular file.
    let example = examples().join("startproject");
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("latest.txt");
    std::os::unix::fs::symlink("report-1.txt", &link).unwrap();
    let out = golive()
        .args(["check", "--no-color", "--output"])
        .arg(&link)
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(dir.path().join("report-1.txt")).unwrap();
    assert!(written.starts_with("Auditing settings module mysite.settings"));
    // Not tried on /dev/null: were the rename to come back, a test run as
    // root would replace the machine's /dev/null with a file.
}

#[test]
fn probe_formats_and_output() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../golive_linter/resources/test/fixtures/web/WEB005.json");
    let probe = |format: &str| {
        golive()
            .args([
                "probe",
                "https://golive-probe.invalid/",
                "--format",
                format,
                "--replay",
            ])
            .arg(&fixture)
            .output()
            .unwrap()
    };
    let out = probe("sarif");
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    assert!(run["properties"]["grade"]["letter"].is_string(), "{run:#}");
    assert!(!run["results"].as_array().unwrap().is_empty());
    let out = probe("github");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .all(|l| l.starts_with("::") && l.contains("title=WEB")),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("probe.json");
    let out = golive()
        .args([
            "probe",
            "https://golive-probe.invalid/",
            "--format",
            "json",
            "--replay",
        ])
        .arg(&fixture)
        .arg("--output")
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(doc["grade"]["letter"].is_string());
}

#[test]
fn a_committed_secret_key_never_appears_in_any_format() {
    // The key has characters every format escapes differently: `&` (HTML),
    // `%` (workflow commands), `"` and `\` (JSON).
    let key = "Zq8#kL2$mN9@pR4!tV7^xB1&cD5*fG3(hJ6)%wE0-yU8+iO2=aS4";
    let settings = format!(
        "SECRET_KEY = '{key}'\nDEBUG = True\nALLOWED_HOSTS = ['a.example.com']\nSECRET_KEY_FALLBACKS = [\"{key}\\\\\"]\n"
    );
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", &settings)]);
    let startproject = examples().join("startproject");
    let committed = "django-insecure-k3$w9p!x2@r7zq#m4v8t&b1n6c0y5h*j(d)f-g_s=l+ue";
    for format in ["text", "json", "sarif", "github", "html"] {
        for (path, secret) in [(dir.path(), key), (startproject.as_path(), committed)] {
            let out = golive()
                .args(["check", "--no-color", "--format", format, "--settings"])
                .arg(if secret == key {
                    "app.settings"
                } else {
                    "mysite.settings"
                })
                .arg(path)
                .output()
                .unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(all.contains("DJS101"), "{format}: not reported:\n{all}");
            for piece in [secret, &secret[..20], &secret[20..]] {
                assert!(!all.contains(piece), "{format} leaks `{piece}`:\n{all}");
            }
        }
    }
}

#[test]
fn a_baseline_hides_known_findings_reports_new_ones_and_names_stale_entries() {
    let settings = format!("{SETTINGS}DEBUG = True\nSECURE_HSTS_SECONDS = 0\n");
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", &settings)]);
    let base = dir.path().join("golive-baseline.json");
    let args = |extra: &[&str]| -> Vec<String> {
        ["check", "--format", "json", "--settings", "app.settings"]
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let codes = |doc: &serde_json::Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let check = |extra: &[&str]| -> (i32, serde_json::Value) {
        let out = golive().args(args(extra)).arg(dir.path()).output().unwrap();
        (
            out.status.code().unwrap(),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    let (code, today) = check(&[]);
    assert_eq!(code, 1);
    let today = codes(&today);
    assert!(today.contains(&"DJS018".into()) && today.contains(&"DJS001".into()));

    // Recording: the file, a note on stderr, exit 0.
    let out = golive()
        .args(args(&["--write-baseline", base.to_str().unwrap()]))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("recorded {} findings", today.len()))
    );
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(recorded["fingerprint"], "golive/v1");
    assert_eq!(recorded["findings"].as_array().unwrap().len(), today.len());
    // The same fingerprints as SARIF's.
    let log = sarif(dir.path(), &["--settings", "app.settings"]);
    let debug = fingerprint(results(&log, "DJS018")[0]);
    assert!(
        recorded["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "DJS018"
                && e["fingerprint"] == debug.as_str()
                && e["path"] == "app/settings.py")
    );

    let baseline = ["--baseline", base.to_str().unwrap()];
    let (code, doc) = check(&baseline);
    assert_eq!(code, 0, "everything is baselined: {doc:#}");
    assert!(codes(&doc).is_empty());
    assert_eq!(doc["baseline"]["baselined"], today.len());
    assert_eq!(doc["baseline"]["stale"], serde_json::json!([]));

    // An unrelated line above the finding: still baselined.
    write(
        dir.path(),
        &[("app/settings.py", &format!("import os\n\n{settings}"))],
    );
    let (code, doc) = check(&baseline);
    assert_eq!((code, codes(&doc)), (0, vec![]), "{doc:#}");

    // DEBUG fixed, a new finding (a trusted origin without its scheme):
    // the new one is reported, DEBUG's entry is stale.
    let fixed = format!(
        "import os\n\n{}",
        settings.replace(
            "DEBUG = True\n",
            "DEBUG = False\nCSRF_TRUSTED_ORIGINS = ['shop.example.com']\n"
        )
    );
    write(dir.path(), &[("app/settings.py", &fixed)]);
    let (code, doc) = check(&baseline);
    assert_eq!(code, 1);
    let mut reported = codes(&doc);
    reported.sort();
    assert!(!reported.contains(&"DJS018".into()), "{doc:#}");
    // With DEBUG off, nothing reports errors (DJS136): new as well.
    assert_eq!(reported, ["DJS036", "DJS136"], "{doc:#}");
    let stale = doc["baseline"]["stale"].as_array().unwrap();
    assert_eq!(stale.len(), 1, "{doc:#}");
    assert_eq!(stale[0]["code"], "DJS018");
    assert_eq!(stale[0]["fingerprint"], debug.as_str());
    // The text report says the same in words.
    let out = golive()
        .args(["check", "--no-color", "--settings", "app.settings"])
        .args(baseline)
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("recorded in the baseline"), "{text}");
    assert!(
        text.contains("1 baseline entry no longer matches")
            && text.contains("DJS018 debug-enabled app/settings.py"),
        "{text}"
    );

    // A file that is not a baseline: exit 2 and why.
    std::fs::write(&base, "{\"findings\": 3}").unwrap();
    let out = golive()
        .args(args(&baseline))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a golive baseline"), "{stderr}");
    // The parser's message once, not twice.
    assert_eq!(stderr.matches("expected a sequence").count(), 1, "{stderr}");

    // A file far larger than any baseline (a wrong path, `/dev/zero`) is
    // refused once the limit is read, not read whole.
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let out = golive()
        .args(args(&["--baseline", huge.to_str().unwrap()]))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is too large (golive reads at most 67108864 bytes)"),
        "{stderr}"
    );
}
