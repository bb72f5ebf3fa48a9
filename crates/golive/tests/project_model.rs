//! The deployment model on small projects shaped like real ones
//! (`tests/fixtures/model/<case>/`): which settings module golive picks and
//! why, what every file is for, the environment production gives the
//! module, and the findings that follow. Each case's `expect.json` says
//! what a careful human reviewing the project would conclude; the test
//! reads `golive project --format json` and `golive check --format json`
//! as a user's tool would.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model")
}

fn run(args: &[&str], dir: &Path) -> (i32, Value, String) {
    let out = Command::cargo_bin("golive")
        .unwrap()
        .args(args)
        .arg(dir)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn candidate<'a>(model: &'a Value, module: &str) -> Option<&'a Value> {
    model["settings"]["candidates"]
        .as_array()?
        .iter()
        .find(|c| c["module"] == module)
}

fn evidence_texts(c: &Value) -> Vec<String> {
    c["evidence"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What is wrong with one case, if anything.
fn check_case(dir: &Path) -> Vec<String> {
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    let mut problems = Vec::new();
    let (code, model, stderr) = run(&["project", "--format", "json"], dir);
    let (check_code, report, check_stderr) = run(&["check", "--format", "json"], dir);
    if let Some(exit) = expect["exit"].as_i64() {
        if i64::from(check_code) != exit {
            problems.push(format!(
                "check exits {check_code}, expected {exit}: {check_stderr}"
            ));
        }
        if let Some(text) = expect["stderr"].as_str()
            && !check_stderr.contains(text)
        {
            problems.push(format!("stderr lacks `{text}`: {check_stderr}"));
        }
        return problems;
    }
    if code != 0 {
        problems.push(format!("golive project exits {code}: {stderr}"));
        return problems;
    }
    let module = model["settings"]["module"].as_str().unwrap_or("(none)");
    if let Some(want) = expect["module"].as_str()
        && module != want
    {
        problems.push(format!(
            "settings module {module}, expected {want}; reason: {}",
            model["settings"]["reason"]
        ));
    }
    if let Some(clear) = expect["clear_cut"].as_bool()
        && model["settings"]["clear_cut"] != clear
    {
        problems.push(format!(
            "clear_cut is {}, expected {clear}",
            model["settings"]["clear_cut"]
        ));
    }
    if let Some(chosen) = candidate(&model, module) {
        if let Some(text) = expect["evidence"].as_str()
            && !evidence_texts(chosen).iter().any(|t| t.contains(text))
        {
            problems.push(format!(
                "no evidence `{text}` for {module}: {:?}",
                evidence_texts(chosen)
            ));
        }
        if let Some(path) = expect["path"].as_str()
            && chosen["path"] != path
        {
            problems.push(format!(
                "{module} is read from {}, expected {path}",
                chosen["path"]
            ));
        }
    }
    for (m, text) in expect["candidate_evidence"]
        .as_object()
        .into_iter()
        .flatten()
    {
        match candidate(&model, m) {
            Some(c)
                if evidence_texts(c)
                    .iter()
                    .any(|t| t.contains(text.as_str().unwrap_or(""))) => {}
            Some(c) => problems.push(format!(
                "no evidence `{text}` for {m}: {:?}",
                evidence_texts(c)
            )),
            None => problems.push(format!("{m} is not a candidate")),
        }
    }
    for (m, text) in expect["excluded"].as_object().into_iter().flatten() {
        let why = candidate(&model, m)
            .and_then(|c| c["excluded"].as_str())
            .unwrap_or("");
        if !why.contains(text.as_str().unwrap_or("")) {
            problems.push(format!("{m} should be excluded ({text}), is: `{why}`"));
        }
    }
    let env = &model["environment"];
    let var = |name: &str| {
        env["vars"]
            .as_array()
            .and_then(|vs| vs.iter().find(|v| v["name"] == name))
            .cloned()
    };
    for (name, value) in expect["env"].as_object().into_iter().flatten() {
        match var(name) {
            Some(v) if v["value"] == format!("{:?}", value.as_str().unwrap_or("")) => {}
            other => problems.push(format!(
                "production environment: {name} is {other:?}, expected {value}"
            )),
        }
    }
    for name in expect["not_env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if var(name).is_some() {
            problems.push(format!("production environment must not hold {name} (another service's or a development file's)"));
        }
    }
    for name in expect["unresolved"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !env["unresolved"]
            .as_array()
            .is_some_and(|u| u.iter().any(|x| x == name))
        {
            problems.push(format!(
                "{name} should be set at start-up (unresolved): {env}"
            ));
        }
    }
    for (path, class) in expect["classes"].as_object().into_iter().flatten() {
        let got = model["files"].as_array().and_then(|fs| {
            fs.iter()
                .find(|f| f["path"] == path.as_str())
                .map(|f| f["class"].clone())
        });
        if got.as_ref() != Some(class) {
            problems.push(format!("{path} is {got:?}, expected {class}"));
        }
    }
    let codes: Vec<String> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect();
    for c in expect["codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !codes.iter().any(|x| x == c) {
            problems.push(format!("{c} not reported: {codes:?}"));
        }
    }
    for c in expect["not_codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if codes.iter().any(|x| x == c) {
            problems.push(format!("{c} reported, but it is false here: {codes:?}"));
        }
    }
    problems
}

#[test]
fn golive_builds_the_model_a_careful_human_would() {
    let mut failures = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(cases()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("expect.json").is_file() {
            continue;
        }
        n += 1;
        let problems = check_case(&dir);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}",
                dir.file_name().unwrap().to_string_lossy(),
                problems.join("\n  ")
            ));
        }
    }
    assert!(n >= 15, "only {n} cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
