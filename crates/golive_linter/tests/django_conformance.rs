//! Django's own conformance cases for every deploy check
//! (`tests/check_framework/test_security.py`, `test_caches.py`,
//! `test_async_checks.py`, `test_mail.py`), as settings modules, on every
//! supported Django series. Each case: settings → the exact list of check
//! IDs Django reports.

use golive_linter::{SettingsAuditInput, audit_settings};
use golive_python::{DjangoVersion, Loader, ScenarioKind, evaluate};
use golive_source::Span;
use std::collections::BTreeMap;

const SEC: &str = "'django.middleware.security.SecurityMiddleware'";
const XFO: &str = "'django.middleware.clickjacking.XFrameOptionsMiddleware'";
const CSRF: &str = "'django.middleware.csrf.CsrfViewMiddleware'";
const SESS: &str = "'django.contrib.sessions.middleware.SessionMiddleware'";
const GOOD_KEY: &str = "abcdefghijklmnopqrstuvwxabcdefghijklmnopqrstuvwxab";

/// A settings module that passes every check, plus `extra` lines.
fn module(extra: &str) -> String {
    format!(
        "SECRET_KEY = {GOOD_KEY:?}\nDEBUG = False\nALLOWED_HOSTS = ['example.com']\nINSTALLED_APPS = ['django.contrib.sessions']\n\
         MIDDLEWARE = [{SEC}, {SESS}, {CSRF}, {XFO}]\nSECURE_HSTS_SECONDS = 3600\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True\n\
         SECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\n{extra}\n"
    )
}

/// Django IDs golive reports for the module in the configured scenario.
fn ids(source: &str, version: DjangoVersion, env: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("proj")).unwrap();
    std::fs::write(dir.path().join("proj/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("proj/settings.py"), source).unwrap();
    let root = dir.path().canonicalize().unwrap();
    let loader = Loader::new(root.clone(), vec![root.clone()]);
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let configured = evaluate(
        &loader,
        "proj.settings",
        version,
        ScenarioKind::Configured,
        env,
    );
    let unset = evaluate(
        &loader,
        "proj.settings",
        version,
        ScenarioKind::Unset,
        BTreeMap::new(),
    );
    let file = configured.module_file.expect("module evaluated");
    let result = audit_settings(&SettingsAuditInput {
        configured: &configured,
        unset: &unset,
        version,
        module_span: Span::file_start(file),
        base_dir: root,
        project: Default::default(),
    });
    let mut ids: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|d| d.scenario == ScenarioKind::Configured)
        .filter_map(|d| d.rule.django_id.map(str::to_string))
        .collect();
    ids.sort();
    ids
}

fn all_versions() -> Vec<DjangoVersion> {
    DjangoVersion::SUPPORTED.to_vec()
}

/// Expected IDs; an ID prefixed `6.0+:` or `6.1+:` only from that series on.
#[track_caller]
fn case_env(extra: &str, env: &[(&str, &str)], expected: &[&str]) {
    for v in all_versions() {
        let got = ids(&module(extra), v, env);
        let mut want: Vec<String> = expected
            .iter()
            .filter_map(|e| match e.split_once("+:") {
                Some((since, id)) => {
                    (v >= DjangoVersion::parse(since).unwrap()).then(|| id.to_string())
                }
                None => Some(e.to_string()),
            })
            .collect();
        want.sort();
        assert_eq!(got, want, "Django {v}, settings:\n{extra}");
    }
}

#[track_caller]
fn case(extra: &str, expected: &[&str]) {
    case_env(extra, &[], expected);
}

fn mw(items: &[&str]) -> String {
    format!("MIDDLEWARE = [{}]", items.join(", "))
}

#[test]
fn the_baseline_module_passes_every_check() {
    case("", &[]);
}

#[test]
fn session_cookie_secure() {
    case(
        "SESSION_COOKIE_SECURE = False\nMIDDLEWARE = []",
        &[
            "security.W001",
            "security.W002",
            "security.W003",
            "security.W010",
        ],
    );
    case(
        "SESSION_COOKIE_SECURE = '1'\nMIDDLEWARE = []",
        &[
            "security.W001",
            "security.W002",
            "security.W003",
            "security.W010",
        ],
    );
    case(
        "SESSION_COOKIE_SECURE = False\nINSTALLED_APPS = []",
        &["security.W011"],
    );
    case("SESSION_COOKIE_SECURE = False", &["security.W012"]);
    case("SESSION_COOKIE_SECURE = True", &[]);
    // An AppConfig path does not count as the sessions app for Django.
    case(
        "SESSION_COOKIE_SECURE = False\nINSTALLED_APPS = ['django.contrib.sessions.apps.SessionsConfig']",
        &["security.W011"],
    );
}

#[test]
fn session_cookie_httponly() {
    case(
        "SESSION_COOKIE_HTTPONLY = False\nMIDDLEWARE = []",
        &[
            "security.W001",
            "security.W002",
            "security.W003",
            "security.W013",
        ],
    );
    case(
        "SESSION_COOKIE_HTTPONLY = '1'\nMIDDLEWARE = []",
        &[
            "security.W001",
            "security.W002",
            "security.W003",
            "security.W013",
        ],
    );
    case(
        "SESSION_COOKIE_HTTPONLY = False\nINSTALLED_APPS = []",
        &["security.W014"],
    );
    case("SESSION_COOKIE_HTTPONLY = False", &["security.W015"]);
    case("SESSION_COOKIE_HTTPONLY = True", &[]);
}

#[test]
fn csrf_middleware_and_cookie() {
    case(&mw(&[SEC, SESS, XFO]), &["security.W003"]);
    case("CSRF_COOKIE_SECURE = False", &["security.W016"]);
    case("CSRF_COOKIE_SECURE = '1'", &["security.W016"]);
    case("CSRF_USE_SESSIONS = True\nCSRF_COOKIE_SECURE = False", &[]);
    case(
        &format!("{}\nCSRF_COOKIE_SECURE = False", mw(&[SEC, SESS, XFO])),
        &["security.W003"],
    );
}

#[test]
fn security_middleware_gates_its_checks() {
    case(&mw(&[SESS, CSRF, XFO]), &["security.W001"]);
    // Removed: only W001, however bad the gated settings are.
    case(
        &format!(
            "{}\nSECURE_HSTS_SECONDS = 0\nSECURE_SSL_REDIRECT = False\nSECURE_CONTENT_TYPE_NOSNIFF = False\nSECURE_REFERRER_POLICY = 'bogus'\nSECURE_CROSS_ORIGIN_OPENER_POLICY = ''",
            mw(&[SESS, CSRF, XFO])
        ),
        &["security.W001"],
    );
    // A subclass path is not the middleware.
    case(
        &mw(&["'shop.middleware.SecurityMiddleware'", SESS, CSRF, XFO]),
        &["security.W001"],
    );
}

#[test]
fn hsts() {
    case("SECURE_HSTS_SECONDS = 0", &["security.W004"]);
    case("SECURE_HSTS_SECONDS = None", &["security.W004"]);
    case("SECURE_HSTS_SECONDS = 3600", &[]);
    case("SECURE_HSTS_SECONDS = -1", &[]);
    case("SECURE_HSTS_SECONDS = 31536000.0", &[]);
    // The string "0" is truthy: no W004, and the other HSTS checks run.
    case(
        "SECURE_HSTS_SECONDS = '0'\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False",
        &["security.W005"],
    );
    case("SECURE_HSTS_INCLUDE_SUBDOMAINS = False", &["security.W005"]);
    case(
        "SECURE_HSTS_INCLUDE_SUBDOMAINS = 1\nSECURE_HSTS_PRELOAD = 'yes'",
        &["security.W005", "security.W021"],
    );
    case("SECURE_HSTS_PRELOAD = False", &["security.W021"]);
    case(
        "SECURE_HSTS_SECONDS = 0\nSECURE_HSTS_INCLUDE_SUBDOMAINS = False\nSECURE_HSTS_PRELOAD = False",
        &["security.W004"],
    );
}

#[test]
fn x_frame_options() {
    case(&mw(&[SEC, SESS, CSRF]), &["security.W002"]);
    case("X_FRAME_OPTIONS = 'SAMEORIGIN'", &["security.W019"]);
    case("X_FRAME_OPTIONS = 'deny'", &["security.W019"]);
    case("X_FRAME_OPTIONS = 'DENY '", &["security.W019"]);
    case(
        &format!("{}\nX_FRAME_OPTIONS = 'SAMEORIGIN'", mw(&[SEC, SESS, CSRF])),
        &["security.W002"],
    );
    case("X_FRAME_OPTIONS = 'DENY'", &[]);
}

#[test]
fn nosniff_and_ssl_redirect() {
    case("SECURE_CONTENT_TYPE_NOSNIFF = False", &["security.W006"]);
    case("SECURE_SSL_REDIRECT = False", &["security.W008"]);
    case("SECURE_SSL_REDIRECT = 'True'", &["security.W008"]);
    case(
        "MIDDLEWARE = tuple(MIDDLEWARE)\nSECURE_SSL_REDIRECT = False",
        &["security.W008"],
    );
}

#[test]
fn secret_key() {
    case("SECRET_KEY = ''", &["security.W009"]);
    case("del SECRET_KEY", &["security.W009"]);
    case("SECRET_KEY = None", &["security.W009"]);
    case(
        &format!("SECRET_KEY = 'django-insecure-' + {GOOD_KEY:?}"),
        &["security.W009"],
    );
    case(
        &format!("SECRET_KEY = {:?}", &GOOD_KEY[..49]),
        &["security.W009"],
    );
    case("SECRET_KEY = 'abcd' * 20", &["security.W009"]);
    case("SECRET_KEY = 'abcde' * 10", &[]);
}

#[test]
fn secret_key_fallbacks() {
    case(&format!("SECRET_KEY_FALLBACKS = [{GOOD_KEY:?}]"), &[]);
    case(
        &format!("SECRET_KEY_FALLBACKS = ['django-insecure-' + {GOOD_KEY:?}]"),
        &["security.W025"],
    );
    case(
        &format!("SECRET_KEY_FALLBACKS = [{:?}]", &GOOD_KEY[..49]),
        &["security.W025"],
    );
    case("SECRET_KEY_FALLBACKS = ['abcd' * 20]", &["security.W025"]);
    case(
        &format!("SECRET_KEY_FALLBACKS = [{GOOD_KEY:?}, 'badkey']"),
        &["security.W025"],
    );
    case(
        &format!("SECRET_KEY_FALLBACKS = [{GOOD_KEY:?}, 'badkey1', 'badkey2']"),
        &["security.W025", "security.W025"],
    );
}

#[test]
fn debug_and_allowed_hosts() {
    case("DEBUG = True", &["security.W018"]);
    case("DEBUG = 'False'", &["security.W018"]);
    case("DEBUG = 0", &[]);
    case("ALLOWED_HOSTS = []", &["security.W020"]);
    case("ALLOWED_HOSTS = ['.example.com']", &[]);
    // Not flagged by Django (golive's own rules look at these).
    case("ALLOWED_HOSTS = ['*']", &[]);
    case("ALLOWED_HOSTS = ['']", &[]);
}

#[test]
fn referrer_policy() {
    case("SECURE_REFERRER_POLICY = None", &["security.W022"]);
    case(
        &format!("{}\nSECURE_REFERRER_POLICY = None", mw(&[SESS, CSRF, XFO])),
        &["security.W001"],
    );
    for ok in [
        "'strict-origin'",
        "'strict-origin,origin'",
        "'strict-origin, origin'",
        "['strict-origin', 'origin']",
        "('strict-origin', 'origin')",
        "[]",
        "'no-referrer, strict-origin-when-cross-origin'",
    ] {
        case(&format!("SECURE_REFERRER_POLICY = {ok}"), &[]);
    }
    for bad in [
        "'invalid-value'",
        "''",
        "'no-referrer,'",
        "'No-Referrer'",
        "['same-origin', 'bogus']",
    ] {
        case(
            &format!("SECURE_REFERRER_POLICY = {bad}"),
            &["security.E023"],
        );
    }
}

#[test]
fn cross_origin_opener_policy() {
    case("SECURE_CROSS_ORIGIN_OPENER_POLICY = None", &[]);
    for ok in ["same-origin", "same-origin-allow-popups", "unsafe-none"] {
        case(&format!("SECURE_CROSS_ORIGIN_OPENER_POLICY = {ok:?}"), &[]);
    }
    for bad in ["'invalid-value'", "''", "'same-origin-allow-popups '"] {
        case(
            &format!("SECURE_CROSS_ORIGIN_OPENER_POLICY = {bad}"),
            &["security.E024"],
        );
    }
}

#[test]
fn csp_settings_must_be_dicts_from_6_0() {
    for ok in ["None", "{}", "{'key': 'value'}"] {
        case(
            &format!("SECURE_CSP = {ok}\nSECURE_CSP_REPORT_ONLY = {ok}"),
            &[],
        );
    }
    for bad in [
        "False",
        "True",
        "0",
        "42",
        "''",
        "'not-a-dict'",
        "set()",
        "{'a', 'b'}",
        "[]",
        "[1, 2, 3, 4]",
    ] {
        case(&format!("SECURE_CSP = {bad}"), &["6.0+:security.E026"]);
        case(
            &format!("SECURE_CSP_REPORT_ONLY = {bad}"),
            &["6.0+:security.E026"],
        );
        case(
            &format!("SECURE_CSP = {bad}\nSECURE_CSP_REPORT_ONLY = {bad}"),
            &["6.0+:security.E026", "6.0+:security.E026"],
        );
    }
}

#[test]
fn csp_nonce_needs_the_context_processor_from_6_1() {
    let csp_mw = "MIDDLEWARE += ['django.middleware.csp.ContentSecurityPolicyMiddleware']\nfrom django.utils.csp import CSP";
    case(
        &format!("{csp_mw}\nSECURE_CSP = {{'script-src': [CSP.SELF, CSP.NONCE]}}\nTEMPLATES = []"),
        &["6.1+:security.W027"],
    );
    case(
        &format!(
            "{csp_mw}\nSECURE_CSP_REPORT_ONLY = {{'script-src': [CSP.SELF, CSP.NONCE]}}\nTEMPLATES = []"
        ),
        &["6.1+:security.W027"],
    );
    case(
        &format!("{csp_mw}\nSECURE_CSP = {{'script-src': frozenset([CSP.NONCE])}}\nTEMPLATES = []"),
        &["6.1+:security.W027"],
    );
    case(
        &format!("{csp_mw}\nSECURE_CSP = {{'script-src': [CSP.SELF]}}\nTEMPLATES = []"),
        &[],
    );
    case(
        &format!("{csp_mw}\nSECURE_CSP = {{'upgrade-insecure-requests': True}}\nTEMPLATES = []"),
        &[],
    );
    case(
        "from django.utils.csp import CSP\nSECURE_CSP = {'script-src': [CSP.NONCE]}\nTEMPLATES = []",
        &[],
    );
    let processor = "'OPTIONS': {'context_processors': ['django.template.context_processors.csp']}";
    case(
        &format!(
            "{csp_mw}\nSECURE_CSP = {{'script-src': [CSP.NONCE]}}\nTEMPLATES = [{{'BACKEND': 'django.template.backends.django.DjangoTemplates', {processor}}}]"
        ),
        &[],
    );
    case(
        &format!(
            "{csp_mw}\nSECURE_CSP = {{'script-src': [CSP.NONCE]}}\nTEMPLATES = [{{'BACKEND': 'django.template.backends.jinja2.Jinja2', {processor}}}]"
        ),
        &[],
    );
}

#[test]
fn file_based_cache_location() {
    let cache = |loc: &str| {
        format!(
            "CACHES = {{'default': {{'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': {loc}}}}}"
        )
    };
    for setting in ["MEDIA_ROOT", "STATIC_ROOT"] {
        case(
            &format!("{setting} = '/srv/root'\n{}", cache("'/srv/root'")),
            &["caches.W002"],
        );
        case(
            &format!("{setting} = '/srv/root'\n{}", cache("'/srv/root/cache'")),
            &["caches.W002"],
        );
        case(
            &format!("{setting} = '/srv/root/other'\n{}", cache("'/srv/root'")),
            &["caches.W002"],
        );
        case(
            &format!(
                "{setting} = '/srv/root/other'\n{}",
                cache("'/srv/root/cache'")
            ),
            &[],
        );
    }
    case(
        &format!(
            "STATICFILES_DIRS = [('prefix', '/srv/root')]\n{}",
            cache("'/srv/root/cache'")
        ),
        &["caches.W002"],
    );
    case(
        &format!(
            "STATICFILES_DIRS = [('prefix', '/srv/root/other')]\n{}",
            cache("'/srv/root/cache'")
        ),
        &[],
    );
    case(&cache("'cache'"), &["caches.W003"]);
    case(&cache("'/var/cache/shop'"), &[]);
    case(
        "CACHES = {'other': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}",
        &["caches.E001"],
    );
}

#[test]
fn async_unsafe_environment() {
    case_env("", &[("DJANGO_ALLOW_ASYNC_UNSAFE", "")], &[]);
    case_env(
        "",
        &[("DJANGO_ALLOW_ASYNC_UNSAFE", "true")],
        &["async.E001"],
    );
}

#[test]
fn mailers_from_6_1() {
    case("", &[]);
    case(
        "MAILERS = {'default': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend'}}",
        &[],
    );
    for dev in ["console", "dummy", "filebased", "locmem"] {
        case(
            &format!(
                "MAILERS = {{'default': {{'BACKEND': 'django.core.mail.backends.{dev}.EmailBackend'}}}}"
            ),
            &["6.1+:mail.E001"],
        );
    }
    case("MAILERS = {}", &["6.1+:mail.W001"]);
    case(
        "MAILERS = {'other': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend'}}",
        &["6.1+:mail.W001"],
    );
    case(
        "MAILERS = {'default': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend'}, 'debug': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}}",
        &[],
    );
    // The legacy setting is not inspected.
    case(
        "EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'",
        &[],
    );
}

#[test]
fn other_settings_checks_that_run_under_deploy() {
    case(
        "CSRF_TRUSTED_ORIGINS = ['example.com', 'https://ok.example.com']",
        &["4_0.E001"],
    );
    case("STATIC_URL = '/static'", &["urls.E006"]);
    case("MEDIA_URL = 'media'", &["urls.E006"]);
    case("STATIC_URL = '/static/'\nMEDIA_URL = ''", &[]);
}

#[test]
fn values_from_the_environment_follow_python_semantics() {
    // `is True` on an env string fails; truthiness of "False" is True.
    case_env(
        "import os\nSESSION_COOKIE_SECURE = os.environ.get('SECURE', 'True')",
        &[],
        &["security.W012"],
    );
    case_env(
        "import os\nDEBUG = os.environ.get('DEBUG', 'False')",
        &[],
        &["security.W018"],
    );
    case_env(
        "import os\nDEBUG = os.environ.get('DEBUG', '') == '1'",
        &[("DEBUG", "1")],
        &["security.W018"],
    );
    case_env(
        "import os\nDEBUG = os.environ.get('DEBUG', '') == '1'",
        &[("DEBUG", "0")],
        &[],
    );
}
