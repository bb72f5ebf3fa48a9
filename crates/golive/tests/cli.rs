//! The command line as users meet it: output on the example projects
//! (snapshots), the JSON contract, exit codes, rule selection, scenarios,
//! and secrets that never reach the output.

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
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn startproject_example_text_output() {
    let out = golive()
        .args(["check", "--no-color"])
        .arg(examples().join("startproject"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("startproject_check_text", String::from_utf8(out).unwrap());
}

#[test]
fn hardened_example_has_no_findings() {
    let out = golive()
        .args(["check", "--no-color", "--environment", "production"])
        .arg(examples().join("hardened"))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("hardened_check_text", String::from_utf8(out).unwrap());
}

#[test]
fn json_follows_the_contract() {
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(examples().join("startproject"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc = json(&out);
    assert_eq!(doc["golive"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["django_version"], "5.2");
    assert_eq!(doc["settings_module"], "mysite.settings");
    let keys: Vec<&str> = doc["findings"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "name",
            "severity",
            "django_id",
            "message",
            "help",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "scenario"
        ]
    );
    let ids: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["django_id"].as_str())
        .collect();
    let mut ids = ids;
    ids.sort();
    assert_eq!(
        ids,
        [
            "security.W004",
            "security.W008",
            "security.W009",
            "security.W012",
            "security.W016",
            "security.W018",
            "security.W020"
        ]
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({"error": 1, "warning": 7, "info": 6})
    );
    insta::assert_json_snapshot!("startproject_check_json", doc);
}

#[test]
fn select_and_ignore_take_codes_names_and_django_ids() {
    let dir = examples().join("startproject");
    let run = |args: &[&str]| -> Vec<String> {
        let out = golive()
            .args(["check", "--format", "json"])
            .args(args)
            .arg(&dir)
            .output()
            .unwrap();
        json(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(run(&["--select", "DJS018"]), ["DJS018"]);
    assert_eq!(run(&["--select", "security.W018"]), ["DJS018"]);
    assert_eq!(
        run(&["--select", "debug-enabled,allowed-hosts-empty"]),
        ["DJS018", "DJS020"]
    );
    assert!(!run(&["--ignore", "security.W009"]).contains(&"DJS009".to_string()));
    assert_eq!(
        run(&["--select", "DJS01", "--ignore", "DJS012,DJS016"]),
        ["DJS018"]
    );
}

#[test]
fn exit_codes() {
    let dir = examples().join("startproject");
    golive().args(["check"]).arg(&dir).assert().code(1);
    golive()
        .args(["check", "--fail-on", "error", "--select", "DJS0"])
        .arg(&dir)
        .assert()
        .code(0);
    golive()
        .args(["check", "--fail-on", "error"])
        .arg(&dir)
        .assert()
        .code(1);
    golive()
        .args(["check", "/definitely/not/here"])
        .assert()
        .code(2);
    golive()
        .args(["check", "--select", "NOPE999"])
        .arg(&dir)
        .assert()
        .code(2);
    golive()
        .args(["check", "--django-version", "banana"])
        .arg(&dir)
        .assert()
        .code(2);
    golive().args(["frobnicate"]).assert().code(2);
}

#[test]
fn the_unset_scenario_names_the_variable() {
    let dir = project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
        ),
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', default=True)\nSECRET_KEY = env('DJANGO_SECRET_KEY')\nALLOWED_HOSTS = ['x.example.com']\n",
        ),
    ]);
    // Production sets DEBUG off: Django would be satisfied; golive still
    // reports what one missing variable does.
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS018",
            "--env",
            "DJANGO_DEBUG=false",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let f = &doc["findings"][0];
    assert_eq!(f["scenario"], "unset");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("with DJANGO_DEBUG unset"),
        "{}",
        f["message"]
    );
    // With the variable set to true the configured scenario reports it.
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS018",
            "--env",
            "DJANGO_DEBUG=on",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["findings"][0]["scenario"], "configured");
    // An env file works the same way.
    std::fs::write(dir.path().join("prod.env"), "DJANGO_DEBUG=False\n").unwrap();
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS018",
            "--env-file",
        ])
        .arg(dir.path().join("prod.env"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["findings"][0]["scenario"], "unset");
    // Named on the command line, it may be a pipe (`--env-file <(vault …)`),
    // and one that does not exist is said to be missing, not "outside".
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS018",
            "--env-file",
            "/dev/stdin",
        ])
        .arg(dir.path())
        .write_stdin("DJANGO_DEBUG=False\n")
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["findings"][0]["scenario"], "unset");
    let out = golive()
        .args(["check", "--env-file"])
        .arg(dir.path().join("missing.env"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No such file or directory"), "{stderr}");
}

#[test]
fn verbose_lists_checks_blocked_by_unknown_values() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nDEBUG = False\nALLOWED_HOSTS = ['a']\n",
        ),
    ]);
    let out = golive()
        .args([
            "check",
            "--verbose",
            "--no-color",
            "--settings",
            "app.settings",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("DJS009 secret-key-weak [configured]: SECRET_KEY"),
        "{text}"
    );
    assert!(text.contains("DJANGO_SECRET_KEY"), "{text}");
}

#[test]
fn a_module_golive_cannot_read_is_unknown_not_missing() {
    // `from .conf import *` of a package that leads out of the project:
    // Python imports it, golive does not read it. One GLV005 at the
    // import; no ModuleNotFoundError, no GLV004, and no finding about
    // MIDDLEWARE, which the unread module may set.
    let dir = project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
        ),
        ("shop/__init__.py", ""),
        (
            "shop/settings.py",
            "DEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\nfrom .conf import *\n",
        ),
    ]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("__init__.py"),
        "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("shop/conf")).unwrap();
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let findings = doc["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "GLV005").count(),
        1,
        "{doc:#}"
    );
    for absent in ["GLV004", "GLV006", "DJS001", "DJS003"] {
        assert!(!codes.contains(&absent), "{absent}: {doc:#}");
    }
    let unread = findings.iter().find(|f| f["code"] == "GLV005").unwrap();
    assert!(
        unread["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read shop/conf/__init__.py: is outside the project"),
        "{unread:#}"
    );
    assert_eq!(unread["line"], 3, "{unread:#}");
}

#[test]
fn a_directory_golive_cannot_list_is_reported_not_skipped() {
    // A user who may not read part of the tree gets a smaller audit; the
    // report says which directory was left out instead of passing over it.
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
        ),
        ("shop/__init__.py", ""),
        (
            "shop/settings.py",
            "DEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n",
        ),
        (
            "deploy/private/Dockerfile",
            "FROM python:3.12\nCMD gunicorn shop.wsgi\n",
        ),
    ]);
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // Readable by anyone but the one directory, which no one but root may
    // list: root is audited as another user (nobody), who cannot.
    mode(dir.path(), 0o755);
    for sub in ["shop", "deploy"] {
        mode(&dir.path().join(sub), 0o755);
    }
    mode(&dir.path().join("deploy/private"), 0o000);
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let golive_path = assert_cmd::cargo::cargo_bin("golive");
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&golive_path);
        c
    } else {
        std::process::Command::new(&golive_path)
    };
    let out = cmd
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    mode(&dir.path().join("deploy/private"), 0o755);
    let doc = json(&out.stdout);
    // Information, not an error: most often a container's volume.
    let unlisted: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "GLV005")
        .map(|f| {
            (
                f["severity"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        unlisted,
        [(
            "info",
            "cannot read deploy/private: the directory cannot be listed (Permission denied (os error 13)); its files are not audited"
        )],
        "{doc:#}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn secrets_never_appear_in_any_output() {
    let key = "Zq8#kL2$mN9@pR4!tV7^xB1&cD5*fG3(hJ6)wE0-yU8+iO2=aS4";
    let password = "hunter2-correct-horse-battery";
    let settings = format!(
        "SECRET_KEY = '{key}'\nSECRET_KEY_FALLBACKS = ['{key}x', 'short']\nDEBUG = False\nALLOWED_HOSTS = ['a.example.com']\n\
         DATABASES = {{'default': {{'ENGINE': 'django.db.backends.postgresql', 'PASSWORD': '{password}'}}}}\n\
         CACHE_URL = 'redis://user:{password}@cache:6379/0'\nEMAIL_HOST_PASSWORD = '{password}'\n"
    );
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", &settings)]);
    for args in [
        vec!["check", "--no-color"],
        vec!["check", "--format", "json"],
        vec!["settings"],
        vec!["settings", "--all"],
        vec!["settings", "--format", "json"],
    ] {
        let out = golive()
            .args(&args)
            .args(["--settings", "app.settings"])
            .arg(dir.path())
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !all.contains(key) && !all.contains(&key[..20]),
            "{args:?} leaks the secret key"
        );
        assert!(
            !all.contains(password) && !all.contains("hunter2"),
            "{args:?} leaks a password"
        );
    }
    let out = golive()
        .args(["settings", "--format", "json", "--settings", "app.settings"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    assert_eq!(doc["settings"]["SECRET_KEY"]["secret"], "Zq…");
    assert_eq!(doc["settings"]["SECRET_KEY"]["length"], key.chars().count());
}

#[test]
fn cross_layer_findings_point_at_both_sides_in_json() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['shop.example.com']\n",
        ),
        (
            "deploy/nginx/shop.conf",
            "server {\n    listen 80;\n    server_name www.example.org;\n    location / { proxy_pass http://127.0.0.1:8000; }\n}\n",
        ),
    ]);
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "XDP001",
            "--settings",
            "app.settings",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let finding = &doc["findings"][0];
    assert_eq!(finding["code"], "XDP001");
    assert_eq!(finding["path"], "deploy/nginx/shop.conf");
    assert_eq!(finding["line"], 3);
    assert_eq!(
        finding["related"],
        serde_json::json!([{"path": "app/settings.py", "line": 3, "column": 1, "end_line": 3, "end_column": 37, "label": "ALLOWED_HOSTS is set here"}])
    );
}

#[test]
fn infrastructure_secrets_never_appear_in_any_output() {
    let key = "Zq8#kL2$mN9@pR4!tV7^xB1&cD5*fG3";
    let password = "hunter2-correct-horse-battery";
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\nALLOWED_HOSTS = ['a.example.com']\n",
        ),
        (
            ".env",
            &format!("SECRET_KEY={key}\nDATABASE_URL=postgres://app:{password}@db/app\n"),
        ),
        (
            "Dockerfile",
            &format!(
                "FROM python:3.12\nENV SECRET_KEY={key}\nARG DB_PASSWORD={password}\nCMD gunicorn app.wsgi\n"
            ),
        ),
        (
            "docker-compose.yml",
            &format!(
                "services:\n  web:\n    build: .\n    environment:\n      SECRET_KEY: \"{key}\"\n      - DB_PASSWORD={password}\n"
            ),
        ),
        (
            "compose.yaml",
            &format!(
                "services:\n  web:\n    build: .\n    environment:\n      - SECRET_KEY={key}\n      - DATABASE_URL=postgres://app:{password}@db/app\n"
            ),
        ),
    ]);
    for args in [
        vec!["check", "--no-color"],
        vec!["check", "--format", "json"],
    ] {
        let out = golive()
            .args(&args)
            .args(["--settings", "app.settings"])
            .arg(dir.path())
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            all.contains("DKR002") && all.contains("REP001"),
            "{args:?}: the secrets are not reported:\n{all}"
        );
        assert!(
            !all.contains(key) && !all.contains(&key[..12]),
            "{args:?} leaks the secret key:\n{all}"
        );
        assert!(
            !all.contains(password) && !all.contains("hunter2"),
            "{args:?} leaks a password:\n{all}"
        );
    }
}

#[test]
fn broken_infrastructure_files_are_findings_not_crashes() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['a.example.com']\n",
        ),
        ("docker-compose.yml", "services:\n  web: [unclosed\n"),
        (
            "deploy/nginx/site.conf",
            "server {\n    listen 80\n    location / { proxy_pass http://127.0.0.1:8000; }\n",
        ),
        (
            "deploy/nginx/cycle.conf",
            "server {\n    listen 82;\n    include loop.conf;\n}\n",
        ),
        ("deploy/nginx/loop.conf", "include loop.conf;\n"),
        (
            "deploy/nginx/missing.conf",
            "server { listen 81; include does-not-exist.conf; }\n",
        ),
        ("Procfile", "web gunicorn without a colon\n: \n"),
        ("deploy/app.service", "[Service\nExecStart=\n"),
    ]);
    std::fs::write(
        dir.path().join("Dockerfile"),
        b"FROM python\0\xff\xfe binary",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        b"services:\n  web:\n    command: \xff\xfe gunicorn\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("deploy"),
        dir.path().join("deploy/nginx/back"),
    )
    .unwrap();
    let out = golive()
        .args(["check", "--no-color", "--settings", "app.settings"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "GLV011",
        "GLV010",
        "GLV005",
        "includes itself",
        "does-not-exist.conf",
        "expecting \"}\"",
    ] {
        assert!(text.contains(expected), "missing {expected}:\n{text}");
    }
}

#[test]
fn suppressions_work_in_infrastructure_files() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['a.example.com']\n",
        ),
        (
            "deploy/nginx/site.conf",
            "server {\n    listen 80;\n    server_tokens on;  # golive: ignore[NGX010]\n}\n",
        ),
        (
            "Dockerfile",
            "FROM python:3.12\n# golive: ignore-file[image-runs-as-root]\nCMD gunicorn app.wsgi -w 3  # golive: ignore[SRV001]\n",
        ),
        (
            "docker-compose.yml",
            "services:\n  redis:\n    image: redis:7\n    ports: [\"6379:6379\"]  # golive: ignore[DKR004]\n",
        ),
    ]);
    let out = golive()
        .args([
            "check",
            "--no-color",
            "--format",
            "json",
            "--settings",
            "app.settings",
            "--select",
            "NGX,DKR,SRV,GLV009",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // The three suppressions silence their findings; the SRV001 one is
    // unused (gunicorn is not runserver) and reported.
    assert_eq!(codes, ["GLV009"], "{doc:#}");
    assert_eq!(doc["findings"][0]["path"], "Dockerfile");
}

#[test]
fn the_environment_production_declares_feeds_the_configured_scenario() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', '0') == '1'\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nALLOWED_HOSTS = ['a.example.com']\n",
        ),
        (
            "Dockerfile",
            "FROM python:3.12\nENV DJANGO_DEBUG=0\nUSER app\nCMD gunicorn app.wsgi -w 3\n",
        ),
        (
            "docker-compose.prod.yml",
            "services:\n  web:\n    build: .\n    environment:\n      DJANGO_DEBUG: \"1\"\n      DJANGO_SECRET_KEY: ${DJANGO_SECRET_KEY}\n",
        ),
    ]);
    let run = |extra: &[&str]| {
        let out = golive()
            .args([
                "check",
                "--no-color",
                "--settings",
                "app.settings",
                "--select",
                "DJS018",
            ])
            .args(extra)
            .arg(dir.path())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // compose overrides the image's ENV: production runs with DEBUG on.
    let text = run(&[]);
    assert!(text.contains("with the environment production declares: compose service `web` (Dockerfile, docker-compose.prod.yml)"), "{text}");
    assert!(text.contains("DJS018"), "{text}");
    assert!(
        !text.contains("found with every environment variable unset"),
        "{text}"
    );
    // What the user names wins over what the files declare.
    let text = run(&["--env", "DJANGO_DEBUG=0"]);
    assert!(!text.contains("DJS018"), "{text}");
}

#[test]
fn settings_json_shape() {
    let dir = project(&[
        ("app/__init__.py", ""),
        (
            "app/settings.py",
            "import os\nDEBUG = os.environ.get('DJANGO_DEBUG', 'True') == 'True'\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nALLOWED_HOSTS = ['shop.example.com']\n",
        ),
    ]);
    let out = golive()
        .args([
            "settings",
            "--format",
            "json",
            "--settings",
            "app.settings",
            "--env",
            "DJANGO_DEBUG=False",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let s = &doc["settings"];
    assert_eq!(s["DEBUG"]["value"], false);
    assert_eq!(s["DEBUG"]["origin"]["path"], "app/settings.py");
    assert_eq!(s["DEBUG"]["origin"]["line"], 2);
    assert_eq!(s["DEBUG"]["env"], serde_json::json!(["DJANGO_DEBUG"]));
    assert_eq!(s["DEBUG"]["unset"]["value"], true);
    assert!(
        s["SECRET_KEY"]["unknown"]
            .as_str()
            .unwrap()
            .contains("DJANGO_SECRET_KEY")
    );
    assert!(
        s["SECRET_KEY"]["unset"]["unknown"]
            .as_str()
            .unwrap()
            .contains("required variable DJANGO_SECRET_KEY is unset")
    );
    assert_eq!(
        s["SESSION_COOKIE_AGE"],
        serde_json::json!({"value": 1209600, "origin": null, "env": [], "default": true})
    );
}

#[test]
fn a_required_variable_is_not_a_settings_raise() {
    let glv006 = |settings_py: &str| {
        let dir = project(&[
            (
                "manage.py",
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
            ),
            ("app/__init__.py", ""),
            (
                "app/settings.py",
                &format!("INSTALLED_APPS = ['django.contrib.auth']\n{settings_py}"),
            ),
        ]);
        let out = golive()
            .args(["check", "--format", "json", "--select", "GLV006"])
            .arg(dir.path())
            .output()
            .unwrap();
        json(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // Production sets FEATURE: golive does not know it, Django needs it.
    assert_eq!(
        glv006("import os\nif os.environ['FEATURE'] == '1':\n    DEBUG = False\n"),
        Vec::<String>::new()
    );
    // The settings raise, whatever the words of the message.
    assert_eq!(
        glv006("raise ValueError('FEATURE is unset')\n"),
        ["ValueError: FEATURE is unset"]
    );
}

#[test]
fn rule_documentation() {
    let by_code = golive()
        .args(["rule", "DJS004"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let by_id = golive()
        .args(["rule", "security.W004"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(by_code, by_id);
    let text = String::from_utf8(by_code).unwrap();
    assert!(text.starts_with("# hsts-not-enabled (DJS004)"));
    assert!(text.contains("## Why is this bad?"));
    let rules = golive()
        .args(["rules", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(json(&rules).as_array().unwrap().len() >= 40);
    golive().args(["rule", "NOPE"]).assert().code(2);
}

#[test]
fn discovery_prefers_the_production_module() {
    let dir = project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n",
        ),
        ("shop/__init__.py", ""),
        ("shop/settings/__init__.py", ""),
        (
            "shop/settings/base.py",
            "DEBUG = False\nINSTALLED_APPS = []\n",
        ),
        (
            "shop/settings/dev.py",
            "from .base import *\nDEBUG = True\n",
        ),
        ("shop/settings/production.py", "from .base import *\n"),
    ]);
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    assert_eq!(doc["settings_module"], "shop.settings.production");
    let out = golive()
        .args(["check", "--no-color"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("the production sibling of `shop.settings.dev`, which an entry point names")
    );
}

#[test]
fn nothing_to_audit_exits_2() {
    let dir = project(&[("README.md", "no python here\n")]);
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no Django project and no deployment file found")
    );
    // A module named with --settings that does not exist: golive could not audit.
    let dir = project(&[("app/settings.py", "INSTALLED_APPS = []\n")]);
    let out = golive()
        .args(["check", "--settings", "app.nope"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("settings module `app.nope` does not exist")
    );
    // Only templates: nothing golive can audit, and it says why.
    let dir = project(&[
        (
            "{{cookiecutter.slug}}/app/settings.py",
            "INSTALLED_APPS = []\n",
        ),
        ("roles/nginx.conf.j2", "server { listen {{ port }}; }\n"),
    ]);
    let out = golive().args(["check"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("it holds only templates"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn deployment_files_without_settings_are_audited_and_the_missing_module_reported() {
    let dir = project(&[(
        "Dockerfile",
        "FROM python:3.12\nUSER app\nCMD gunicorn shop.wsgi -w 4\n",
    )]);
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out.stdout)["findings"][0]["code"], "GLV001");
}

#[test]
fn silenced_system_checks_are_honoured_as_django_honours_them() {
    let settings = "import os\nSECRET_KEY = os.environ['K']\nDEBUG = False\nALLOWED_HOSTS = ['a.example.com']\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\nSILENCED_SYSTEM_CHECKS = ['security.W004', 'security.W008']\n";
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", settings)]);
    let out = golive()
        .args(["check", "--format", "json", "--select", "DJS0"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let ids: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["django_id"].as_str())
        .collect();
    assert!(
        !ids.contains(&"security.W004") && !ids.contains(&"security.W008"),
        "{ids:?}"
    );
    assert!(ids.contains(&"security.W002"), "{ids:?}");
    assert_eq!(
        doc["summary"]["silenced"],
        serde_json::json!({"count": 2, "by": "app/settings.py:6"})
    );
    let out = golive()
        .args(["check", "--no-color", "--select", "DJS0"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "2 findings of Django's checks silenced by SILENCED_SYSTEM_CHECKS (app/settings.py:6)"
    ));
}

#[test]
fn django_configurations_classes_are_evaluated() {
    let settings = "from configurations import Configuration, values\n\nclass Base(Configuration):\n    DEBUG = values.BooleanValue(True)\n    SECRET_KEY = values.SecretValue()\n    ALLOWED_HOSTS = ['*']\n    INSTALLED_APPS = ['django.contrib.admin']\n\n    @classmethod\n    def post_setup(cls):\n        super().post_setup()\n\nclass Dev(Base):\n    pass\n\nclass Prod(Base):\n    DEBUG = False\n";
    let dir = project(&[
        ("app/__init__.py", ""),
        ("app/settings.py", settings),
        (
            "app/wsgi.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\nos.environ.setdefault('DJANGO_CONFIGURATION', 'Prod')\n",
        ),
    ]);
    let codes = |extra: &[&str]| -> Vec<String> {
        let out = golive()
            .args(["check", "--format", "json", "--select", "DJS018,DJS102,GLV"])
            .args(extra)
            .arg(dir.path())
            .output()
            .unwrap();
        json(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["code"].as_str().unwrap(), f["line"]))
            .collect()
    };
    // The entry point's class: Prod, DEBUG False; ALLOWED_HOSTS from the base.
    assert_eq!(codes(&[]), ["DJS102 6"]);
    // Another class, named by the environment: the Value's default.
    assert_eq!(
        codes(&["--env", "DJANGO_CONFIGURATION=Dev"]),
        ["DJS018 4", "DJS102 6"]
    );
    let out = golive()
        .args([
            "settings",
            "--format",
            "json",
            "--env",
            "DJANGO_SECRET_KEY=k",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    assert_eq!(doc["settings"]["DEBUG"]["value"], false);
    assert_eq!(doc["settings"]["DEBUG"]["origin"]["line"], 17);
    assert_eq!(
        doc["settings"]["CONFIGURATION"]["value"],
        "app.settings.Prod"
    );
    // DJANGO_SECRET_KEY is read through SecretValue: with it unset the settings raise.
    assert!(
        doc["settings"]["SECRET_KEY"]["unknown"].is_null(),
        "{doc:#}"
    );
}

#[test]
fn inline_suppressions_and_unused_ones() {
    let settings = "# golive: ignore-file[hsts-not-enabled]\nimport os\nSECRET_KEY = os.environ['K']\nDEBUG = True  # golive: ignore[security.W018]\nALLOWED_HOSTS = []  # golive: ignore[DJS020, DJS009]\nX = 1  # golive: ignore[NOPE1]\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware']\n";
    let dir = project(&[("app/__init__.py", ""), ("app/settings.py", settings)]);
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS0,GLV",
            "--settings",
            "app.settings",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let findings: Vec<(String, u64, String)> = json(&out.stdout)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let codes: Vec<(&str, u64)> = findings.iter().map(|(c, l, _)| (c.as_str(), *l)).collect();
    // DJS004 (file), DJS018 (line 4) and DJS020 (line 5) are silenced; the
    // DJS009 part of line 5 silences nothing, NOPE1 is not a rule.
    assert_eq!(
        codes,
        [("GLV009", 5), ("GLV009", 6), ("DJS002", 9), ("DJS003", 9)],
        "{findings:?}"
    );
    assert!(findings[0].2.contains("DJS009"));
    assert!(findings[1].2.contains("not a golive rule"));
    // Suppressions of rules that are not selected are not reported unused.
    let out = golive()
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DJS018",
            "--settings",
            "app.settings",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(json(&out.stdout)["findings"].as_array().unwrap().is_empty());
}

#[test]
fn configuration_per_file_ignores_and_severity() {
    let settings = "import os\nSECRET_KEY = os.environ['K']\nDEBUG = True\nALLOWED_HOSTS = ['a']\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 60\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nMIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware']\n";
    let config = "settings = \"app.settings\"\n[per-file-ignores]\n\"app/*.py\" = [\"debug-enabled\"]\n[severity]\nDJS021 = \"info\"\n";
    let dir = project(&[
        ("app/__init__.py", ""),
        ("app/settings.py", settings),
        ("golive.toml", config),
    ]);
    let out = golive()
        .args(["check", "--format", "json", "--select", "DJS0"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc = json(&out.stdout);
    let found: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("DJS021", "info")]);
    // Info only: the default --fail-on warning passes.
    assert_eq!(out.status.code(), Some(0));
    let bad = project(&[
        ("app/__init__.py", ""),
        ("app/settings.py", settings),
        ("golive.toml", "[severity]\nDJS021 = \"fatal\"\n"),
    ]);
    golive().args(["check"]).arg(bad.path()).assert().code(2);
}

#[test]
fn insecure_example_shows_most_rules_firing() {
    let out = golive()
        .args(["check", "--format", "json"])
        .arg(examples().join("insecure"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc = json(&out);
    assert_eq!(doc["settings_module"], "blog.settings.production");
    let mut codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort();
    codes.dedup();
    assert!(
        codes.len() >= 75,
        "only {} rules fire: {codes:?}",
        codes.len()
    );
    for layer in ["DJS", "NGX", "SRV", "DKR", "REP", "XDP"] {
        assert!(
            codes.iter().any(|c| c.starts_with(layer)),
            "no {layer} rule fires"
        );
    }
    // No secret of the example — in settings, .env, Dockerfile or compose —
    // reaches the output.
    for format in ["text", "json"] {
        let text = String::from_utf8(
            golive()
                .args(["check", "--no-color", "--format", format])
                .arg(examples().join("insecure"))
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        for secret in [
            "blog-db-password-2024",
            "smtp-password",
            "0123456789abcdef0123456789abcdef",
            "blog-local-key",
            "9f#k2!x8@q7w0e4r",
            "blogpass123",
            "mailpass456",
        ] {
            assert!(!text.contains(secret), "{format} leaks {secret}");
        }
    }
}

#[test]
fn colours_follow_no_color_and_clicolor_force() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/startproject");
    let run = |env: &[(&str, &str)], flags: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("golive").unwrap();
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.arg("check").arg(example).args(flags).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let escape = "\u{1b}[";
    // Piped: plain, unless forced.
    assert!(!run(&[], &[]).contains(escape));
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]).contains(escape));
    assert!(!run(&[("CLICOLOR_FORCE", "0")], &[]).contains(escape));
    // NO_COLOR and --no-color win over CLICOLOR_FORCE.
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains(escape));
    assert!(!run(&[("CLICOLOR_FORCE", "1")], &["--no-color"]).contains(escape));
}

#[test]
fn several_projects_in_one_run() {
    let ex = |name: &str| format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("golive")
            .unwrap()
            .arg("check")
            .args([ex("hardened"), ex("startproject")])
            .args(args)
            .output()
            .unwrap()
    };
    // Text: each report under its project's name, in the order given; the
    // worst exit code.
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let hardened = text.find(&format!("Project {}\n", ex("hardened"))).unwrap();
    let startproject = text
        .find(&format!("Project {}\n", ex("startproject")))
        .unwrap();
    assert!(hardened < startproject, "{text}");
    assert!(text[hardened..startproject].contains("No issues found."));
    assert!(text[startproject..].contains("DJS018"));
    // JSON: an array of the single-project documents.
    let doc: serde_json::Value =
        serde_json::from_slice(&run(&["--format", "json"]).stdout).unwrap();
    let docs = doc.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["summary"]["warning"], 0);
    assert_eq!(docs[1]["summary"]["error"], 1);
    // SARIF: one log, a run per project.
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["--format", "sarif"]).stdout).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 2);
    // A project that cannot be audited: named, exit 2, the others reported.
    let out = assert_cmd::Command::cargo_bin("golive")
        .unwrap()
        .args(["check", &ex("startproject"), "/nonexistent-golive-project"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-golive-project"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("DJS018"));
}

#[test]
fn github_and_sarif_paths_are_relative_to_where_golive_runs() {
    // As in CI: run from the repository root on a project in a
    // subdirectory; annotations and code scanning read paths from the root.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("golive")
            .unwrap()
            .current_dir(root)
            .args(["check", "./examples/startproject", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        run("github").contains("file=examples/startproject/mysite/settings.py,line=12,"),
        "{}",
        run("github")
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "examples/startproject/mysite/settings.py");
    // Text and JSON keep paths relative to the project, under its header.
    assert!(run("text").contains("--> mysite/settings.py:"));
}

#[test]
fn a_requirements_file_golive_cannot_read_is_named_in_the_version_note() {
    let dir = project(&[
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
        ),
        ("app/__init__.py", ""),
        ("app/settings.py", "INSTALLED_APPS = []\nDEBUG = False\n"),
        ("requirements.txt", "Django==3.2.1\n\0\n"),
    ]);
    let out = golive()
        .args(["check", "--no-color"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("for Django 5.2 (no pin found in what golive could read (requirements.txt: is a binary file"),
        "{header}"
    );
}
