//! The rule table: every rule golive has, declared once, in code order —
//! the rule (its file declares code, name, severity, Django ID and
//! documentation), the function that checks it and, for WEB rules, what
//! it costs the probe's grade. Everything else is generated from it: the
//! registry (`all_rules`), the dispatch of settings, deployment and probe
//! checks, selection by code/prefix/name/Django ID, the grade table, and
//! `docs/rules.md` / `docs/grade.md`. `tests/rule_table.rs` fails when a
//! rule file has no line here, a line has no fixtures, or docs are stale.
//!
//! Adding a rule: one file with its doc comment and `check`, one line
//! here, two fixtures.

use crate::context::{Checked, SettingsContext};
use crate::infra::InfraContext;
use crate::rule::RuleMeta;
use crate::rules::web::ProbeContext;
use crate::rules::{container, cross, django, golive, nginx, repository, server, settings, web};

/// How a rule's findings come about.
#[derive(Clone, Copy)]
pub(crate) enum Checker {
    /// The rule's module `check` over the evaluated settings, run in both
    /// scenarios (it may report sibling rules, as Django's one function
    /// reports W010–W012).
    Settings(fn(&SettingsContext) -> Checked),
    /// The rule's module `check` over the deployment around Django.
    Deployment(fn(&InfraContext)),
    /// The rule's module `check` over a live probe.
    Probe(fn(&ProbeContext)),
    /// Reported by the `check` of the line above it in the same module.
    Sibling,
    /// Reported by the audit pipeline itself: golive's diagnostics about
    /// its input, and the comparison of a probe with the settings.
    Pipeline,
}

/// What a WEB rule costs the probe's grade (`docs/grade.md`).
#[derive(Clone, Copy, Debug)]
pub struct GradeModifier {
    pub points: i32,
    /// What the site does, in a few words.
    pub what: &'static str,
    /// Why the weight is what it is.
    pub why: &'static str,
}

/// One line of the rule table.
pub struct Registered {
    pub rule: &'static RuleMeta,
    pub(crate) checker: Checker,
    pub grade: Option<GradeModifier>,
}

macro_rules! checker {
    (settings, $($m:ident)::+) => { Checker::Settings($($m)::+::check) };
    (deployment, $($m:ident)::+) => { Checker::Deployment($($m)::+::check) };
    (probe, $($m:ident)::+) => { Checker::Probe($($m)::+::check) };
    (sibling, $($m:ident)::+) => { Checker::Sibling };
    (pipeline, $($m:ident)::+) => { Checker::Pipeline };
}

macro_rules! grade {
    () => {
        None
    };
    ($points:literal, $what:literal, $why:literal) => {
        Some(GradeModifier {
            points: $points,
            what: $what,
            why: $why,
        })
    };
}

macro_rules! rule_table {
    ($(
        $($m:ident)::+ => $rule:ident : $kind:ident
        $( grade($points:literal, $what:literal, $why:literal) )? ;
    )*) => {
        /// The rule table, in code order.
        pub static RULES: &[Registered] = &[$(
            Registered {
                rule: &$($m)::+::$rule,
                checker: checker!($kind, $($m)::+),
                grade: grade!($($points, $what, $why)?),
            },
        )*];
    };
}

#[rustfmt::skip]
rule_table! {
    django::security_middleware_missing => SECURITY_MIDDLEWARE_MISSING: settings;
    django::xframe_middleware_missing => XFRAME_MIDDLEWARE_MISSING: settings;
    django::csrf_middleware_missing => CSRF_MIDDLEWARE_MISSING: settings;
    django::hsts_not_enabled => HSTS_NOT_ENABLED: settings;
    django::hsts_subdomains_not_included => HSTS_SUBDOMAINS_NOT_INCLUDED: settings;
    django::content_type_nosniff_disabled => CONTENT_TYPE_NOSNIFF_DISABLED: settings;
    django::ssl_redirect_disabled => SSL_REDIRECT_DISABLED: settings;
    django::secret_key_weak => SECRET_KEY_WEAK: settings;
    django::session_cookie_not_secure => SESSION_COOKIE_NOT_SECURE_APP: settings;
    django::session_cookie_not_secure => SESSION_COOKIE_NOT_SECURE_MIDDLEWARE: sibling;
    django::session_cookie_not_secure => SESSION_COOKIE_NOT_SECURE: sibling;
    django::session_cookie_not_httponly => SESSION_COOKIE_NOT_HTTPONLY_APP: settings;
    django::session_cookie_not_httponly => SESSION_COOKIE_NOT_HTTPONLY_MIDDLEWARE: sibling;
    django::session_cookie_not_httponly => SESSION_COOKIE_NOT_HTTPONLY: sibling;
    django::csrf_cookie_not_secure => CSRF_COOKIE_NOT_SECURE: settings;
    django::debug_enabled => DEBUG_ENABLED: settings;
    django::x_frame_options_not_deny => X_FRAME_OPTIONS_NOT_DENY: settings;
    django::allowed_hosts_empty => ALLOWED_HOSTS_EMPTY: settings;
    django::hsts_preload_disabled => HSTS_PRELOAD_DISABLED: settings;
    django::referrer_policy => REFERRER_POLICY_MISSING: settings;
    django::referrer_policy => REFERRER_POLICY_INVALID: sibling;
    django::cross_origin_opener_policy_invalid => CROSS_ORIGIN_OPENER_POLICY_INVALID: settings;
    django::secret_key_fallback_weak => SECRET_KEY_FALLBACK_WEAK: settings;
    django::csp_setting_not_dict => CSP_SETTING_NOT_DICT: settings;
    django::csp_nonce_without_context_processor => CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR: settings;
    django::cache_location_exposed => CACHE_LOCATION_EXPOSED: settings;
    django::async_unsafe_allowed => ASYNC_UNSAFE_ALLOWED: settings;
    django::mailers => MAILERS_DEVELOPMENT_BACKEND: settings;
    django::mailers => MAILERS_NO_DEFAULT: sibling;
    django::cache_default_missing => CACHE_DEFAULT_MISSING: settings;
    django::file_cache_relative_location => FILE_CACHE_RELATIVE_LOCATION: settings;
    django::csrf_trusted_origin_without_scheme => CSRF_TRUSTED_ORIGIN_WITHOUT_SCHEME: settings;
    django::url_setting_without_trailing_slash => URL_SETTING_WITHOUT_TRAILING_SLASH: settings;
    settings::secret_key_committed => SECRET_KEY_COMMITTED: settings;
    settings::allowed_hosts_wildcard => ALLOWED_HOSTS_WILDCARD: settings;
    settings::allowed_hosts_blank => ALLOWED_HOSTS_BLANK: settings;
    settings::template_debug_enabled => TEMPLATE_DEBUG_ENABLED: settings;
    settings::debug_tools_installed => DEBUG_TOOLS_INSTALLED: settings;
    settings::csrf_trusted_origin_insecure => CSRF_TRUSTED_ORIGIN_INSECURE: settings;
    settings::cors_allow_all_origins => CORS_ALLOW_ALL_ORIGINS: settings;
    settings::database_password_committed => DATABASE_PASSWORD_COMMITTED: settings;
    settings::browser_xss_filter_obsolete => BROWSER_XSS_FILTER_OBSOLETE: settings;
    settings::email_backend_development => EMAIL_BACKEND_DEVELOPMENT: settings;
    settings::password_hasher_weak => PASSWORD_HASHER_WEAK: settings;
    settings::samesite_none_without_secure => SAMESITE_NONE_WITHOUT_SECURE: settings;
    settings::storage_setting_ignored => STORAGE_SETTING_IGNORED: settings;
    settings::security_middleware_not_first => SECURITY_MIDDLEWARE_NOT_FIRST: settings;
    settings::redis_options_on_builtin_cache => REDIS_OPTIONS_ON_BUILTIN_CACHE: settings;
    settings::debug_propagate_exceptions => DEBUG_PROPAGATE_EXCEPTIONS: settings;
    settings::x_frame_options_invalid => X_FRAME_OPTIONS_INVALID: settings;
    settings::static_root_missing => STATIC_ROOT_MISSING: settings;
    settings::media_url_is_static_url => MEDIA_URL_IS_STATIC_URL: settings;
    settings::email_tls_and_ssl => EMAIL_TLS_AND_SSL: settings;
    settings::email_password_committed => EMAIL_PASSWORD_COMMITTED: settings;
    settings::password_validators_empty => PASSWORD_VALIDATORS_EMPTY: settings;
    settings::hsts_preload_premature => HSTS_PRELOAD_PREMATURE: settings;
    settings::proxy_ssl_header_malformed => PROXY_SSL_HEADER_MALFORMED: settings;
    settings::database_tls_disabled => DATABASE_TLS_DISABLED: settings;
    settings::sqlite_in_production => SQLITE_IN_PRODUCTION: settings;
    settings::cache_backend_local => CACHE_BACKEND_LOCAL: settings;
    settings::sentry_sends_pii => SENTRY_SENDS_PII: settings;
    settings::csp_allows_unsafe_scripts => CSP_ALLOWS_UNSAFE_SCRIPTS: settings;
    settings::drf_permissions_allow_any => DRF_PERMISSIONS_ALLOW_ANY: settings;
    settings::drf_browsable_api => DRF_BROWSABLE_API: settings;
    settings::gzip_middleware => GZIP_MIDDLEWARE: settings;
    settings::cache_middleware_order => CACHE_MIDDLEWARE_ORDER: settings;
    settings::whitenoise_middleware_order => WHITENOISE_MIDDLEWARE_ORDER: settings;
    settings::session_cache_volatile => SESSION_CACHE_VOLATILE: settings;
    settings::error_reporting_missing => ERROR_REPORTING_MISSING: settings;
    settings::database_connections => DATABASE_CONNECTIONS_NOT_REUSED: settings;
    settings::database_connections => DATABASE_HEALTH_CHECKS_MISSING: sibling;
    settings::database_connections => DATABASE_POOL_WITH_PERSISTENT_CONNECTIONS: sibling;
    settings::email_remote_without_tls => EMAIL_REMOTE_WITHOUT_TLS: settings;
    settings::secret_key_fallbacks_committed => SECRET_KEY_FALLBACKS_COMMITTED: settings;
    settings::session_cookie_age_excessive => SESSION_COOKIE_AGE_EXCESSIVE: settings;
    settings::csp_missing => CSP_MISSING: settings;
    settings::email_sender_default => EMAIL_SENDER_DEFAULT: settings;
    settings::sentry_traces_every_request => SENTRY_TRACES_EVERY_REQUEST: settings;
    settings::mail_admins_without_admins => MAIL_ADMINS_WITHOUT_ADMINS: settings;
    settings::log_file_relative => LOG_FILE_RELATIVE: settings;
    settings::whitenoise_storage_plain => WHITENOISE_STORAGE_PLAIN: settings;
    settings::database_statement_timeout => DATABASE_STATEMENT_TIMEOUT: settings;
    settings::production_imports_development => PRODUCTION_IMPORTS_DEVELOPMENT: settings;
    settings::log_directory_missing => LOG_DIRECTORY_MISSING: settings;
    container::debug_in_container_env => DEBUG_IN_CONTAINER_ENV: deployment;
    container::secret_in_container_env => SECRET_IN_CONTAINER_ENV: deployment;
    container::image_runs_as_root => IMAGE_RUNS_AS_ROOT: deployment;
    container::datastore_port_published => DATASTORE_PORT_PUBLISHED: deployment;
    container::web_service_no_healthcheck => WEB_SERVICE_NO_HEALTHCHECK: deployment;
    golive => SETTINGS_NOT_FOUND: pipeline;
    golive => PYTHON_SYNTAX_ERROR: pipeline;
    golive => IMPORT_CYCLE: pipeline;
    golive => SETTINGS_IMPORT_MISSING: pipeline;
    golive => FILE_UNREADABLE: pipeline;
    golive => SETTINGS_RAISE: pipeline;
    golive => EVALUATION_BUDGET: pipeline;
    golive => SETTINGS_STYLE_UNSUPPORTED: pipeline;
    golive => UNUSED_SUPPRESSION: pipeline;
    golive => NGINX_CONFIG_INVALID: pipeline;
    golive => CONFIG_FILE_INVALID: pipeline;
    golive => TEMPLATE_NOT_AUDITED: pipeline;
    golive => NGINX_INCLUDE_GENERATED: pipeline;
    nginx::unknown_host_not_rejected => UNKNOWN_HOST_NOT_REJECTED: deployment;
    nginx::tls_protocol_weak => TLS_PROTOCOL_WEAK: deployment;
    nginx::http_not_redirected => HTTP_NOT_REDIRECTED: deployment;
    nginx::proxy_headers_missing => PROXY_HEADERS_MISSING: deployment;
    nginx::proxy_host_from_client => PROXY_HOST_FROM_CLIENT: deployment;
    nginx::static_not_cached => STATIC_NOT_CACHED: deployment;
    nginx::media_served_inline => MEDIA_SERVED_INLINE: deployment;
    nginx::alias_slash_mismatch => ALIAS_SLASH_MISMATCH: deployment;
    nginx::add_header_dropped => ADD_HEADER_DROPPED: deployment;
    nginx::server_tokens_on => SERVER_TOKENS_ON: deployment;
    nginx::upload_limit_default => UPLOAD_LIMIT_DEFAULT: deployment;
    nginx::upload_limit_unbounded => UPLOAD_LIMIT_UNBOUNDED: deployment;
    repository::env_file_committed => ENV_FILE_COMMITTED: deployment;
    repository::django_unsupported => DJANGO_UNSUPPORTED: deployment;
    repository::django_vulnerable => DJANGO_VULNERABLE: deployment;
    repository::health_check_missing => HEALTH_CHECK_MISSING: deployment;
    repository::backup_missing => BACKUP_MISSING: deployment;
    repository::clearsessions_not_scheduled => CLEARSESSIONS_NOT_SCHEDULED: deployment;
    server::runserver_in_production => RUNSERVER_IN_PRODUCTION: deployment;
    server::app_server_public_bind => APP_SERVER_PUBLIC_BIND: deployment;
    server::app_server_reload => APP_SERVER_RELOAD: deployment;
    server::app_server_single_worker => APP_SERVER_SINGLE_WORKER: deployment;
    server::worker_timeout_disabled => WORKER_TIMEOUT_DISABLED: deployment;
    server::systemd_runs_as_root => SYSTEMD_RUNS_AS_ROOT: deployment;
    server::systemd_no_restart => SYSTEMD_NO_RESTART: deployment;
    server::uwsgi_without_safeguards => UWSGI_WITHOUT_SAFEGUARDS: deployment;
    web::debug_page_exposed => DEBUG_PAGE_EXPOSED: probe grade(-50, "serves Django's DEBUG pages", "settings, URL patterns, SQL and local variables are public; Observatory does not look at all");
    web::foreign_host_accepted => FOREIGN_HOST_ACCEPTED: probe grade(-30, "answers or reflects a foreign `Host`", "password-reset and redirect poisoning; no common scanner tests it");
    web::http_not_redirected => HTTP_NOT_REDIRECTED_LIVE: probe grade(-20, "plain HTTP not redirected to HTTPS", "as Observatory's \"redirect missing\"");
    web::hsts_missing => HSTS_MISSING_LIVE: probe grade(-20, "no HSTS browsers apply: none, invalid, or max-age=0", "as Observatory's \"HSTS not implemented\" and \"header invalid\" (−20)");
    web::cookie_flags_missing => COOKIE_FLAGS_MISSING: probe grade(-30, "cookies without Secure on HTTPS, session cookies without HttpOnly", "between Observatory's −20 (any cookie) and −40 (session cookie)");
    web::frame_options_missing => FRAME_OPTIONS_MISSING: probe grade(-20, "no X-Frame-Options or frame-ancestors", "as Observatory");
    web::nosniff_missing => NOSNIFF_MISSING: probe grade(-5, "no `X-Content-Type-Options: nosniff`", "as Observatory");
    web::referrer_policy_unsafe => REFERRER_POLICY_UNSAFE_LIVE: probe grade(-5, "Referrer-Policy in effect is `unsafe-url`, `no-referrer-when-downgrade`, `origin-when-cross-origin` or `origin`", "as Observatory's unsafe referrer policy (−5); a missing header costs nothing, as in Observatory: the browser default is safe");
    web::csp_live => CSP_LIVE: probe grade(-20, "enforced CSP lets injected scripts run: no script restriction, `'unsafe-inline'`, `data:`, `*`/`https:`", "as Observatory's \"CSP implemented unsafely\" (−20); golive judges all policies combined, headers and `<meta>`, with nonce/hash and `'strict-dynamic'` semantics");
    web::csp_missing_live => CSP_MISSING_LIVE: probe grade(-10, "no enforced CSP (none, or only Report-Only)", "lighter than Observatory's −25 (also for Report-Only only): most Django sites start without one, and it is information in golive");
    web::admin_at_default_url => ADMIN_AT_DEFAULT_URL: probe grade(0, "admin login at `/admin/`", "information only");
    web::static_not_cached => STATIC_NOT_CACHED_LIVE: probe grade(-5, "static files uncached or uncompressed", "performance, not security");
    web::server_version_disclosed => SERVER_VERSION_DISCLOSED: probe grade(-5, "`Server: nginx/1.22.1`, `X-Powered-By`", "eases targeting");
    web::security_txt_missing => SECURITY_TXT_MISSING: probe grade(0, "no `security.txt`", "information only");
    web::site_unreachable => SITE_UNREACHABLE: probe;
    web::certificate_expiring => CERTIFICATE_EXPIRING: probe grade(-20, "certificate expires within 30 days (or has)", "renewal is not running");
    web::certificate_invalid => CERTIFICATE_INVALID: probe grade(-40, "names do not cover the host, untrusted chain, failed handshake", "browsers refuse the site");
    web::old_tls_accepted => OLD_TLS_ACCEPTED: probe grade(-20, "TLS 1.0 or 1.1 accepted", "deprecated protocols (RFC 8996)");
    web::coop_missing => COOP_MISSING_LIVE: probe grade(0, "no Cross-Origin-Opener-Policy", "information, as in Observatory (no penalty)");
    web::health_check_failing => HEALTH_CHECK_FAILING: probe grade(-20, "the `--health` path does not answer 2xx", "the balancer takes the site out of service");
    web::redirect_lands_elsewhere => REDIRECT_LANDS_ELSEWHERE: probe;
    web::forwarded_proto_trusted => FORWARDED_PROTO_TRUSTED: probe grade(-30, "a client's `X-Forwarded-Proto: https` is believed", "the HTTPS redirect and `is_secure()` are bypassed; no common scanner tests it");
    web::debug_toolbar_exposed => DEBUG_TOOLBAR_EXPOSED: probe grade(-50, "django-debug-toolbar shown to the probe", "SQL, settings and every request's headers are public, as with DEBUG pages");
    web::csp_unsafe_eval_live => CSP_UNSAFE_EVAL_LIVE: probe grade(-10, "enforced CSP allows `'unsafe-eval'`", "as Observatory's \"CSP allows unsafe-eval\" (−10)");
    web::csp_object_src_open => CSP_OBJECT_SRC_OPEN: probe grade(-10, "enforced CSP lets `<object>`/`<embed>` load from any host", "Observatory folds it into one −20 with unsafe scripts; golive adds −10 to WEB009's −20 (−30 together, stricter), and alone weighs it less: current browsers run no plugins");
    web::csp_base_uri_missing => CSP_BASE_URI_MISSING: probe grade(0, "enforced CSP without `base-uri`", "information, as in Observatory (shown, not scored)");
    web::csp_form_action_missing => CSP_FORM_ACTION_MISSING: probe grade(0, "enforced CSP without `form-action`", "information, as in Observatory (shown, not scored)");
    web::csp_frame_ancestors_wildcard => CSP_FRAME_ANCESTORS_WILDCARD: probe grade(-20, "`frame-ancestors *` (X-Frame-Options then ignored)", "the page can be framed, as with X-Frame-Options missing (Observatory −20)");
    web::hsts_short => HSTS_SHORT_LIVE: probe grade(-10, "HSTS max-age under six months", "as Observatory's \"max-age less than six months\" (−10)");
    web::hsts_under_a_year => HSTS_UNDER_A_YEAR: probe grade(0, "HSTS max-age of six months to a year", "information, as in Observatory (no penalty at six months)");
    web::hsts_preload_inconsistent => HSTS_PRELOAD_INCONSISTENT: probe grade(0, "HSTS `preload` without includeSubDomains or a year", "information: the header protects, only the preload intent is void");
    web::cookie_rejected => COOKIE_REJECTED: probe grade(-5, "cookies browsers refuse: `SameSite=None` without Secure, `__Host-`/`__Secure-` rules", "the feature the cookie carries breaks, nothing leaks; Observatory does not check it");
    web::cookie_samesite_invalid => COOKIE_SAMESITE_INVALID: probe grade(-20, "`SameSite` other than Strict/Lax/None", "as Observatory's invalid SameSite (−20)");
    web::cors_credentials_any_origin => CORS_CREDENTIALS_ANY_ORIGIN: probe grade(-50, "CORS echoes any Origin (or `null`) with credentials", "as Observatory's \"universal access\" (−50), which its scanner cannot see live: it sends no Origin");
    web::cors_null_origin => CORS_NULL_ORIGIN: probe grade(-5, "CORS allows the `null` origin", "any site can send `null`; without credentials only anonymous data is read");
    web::cors_wildcard_with_credentials => CORS_WILDCARD_WITH_CREDENTIALS: probe grade(0, "CORS `*` with credentials", "information: browsers refuse it, a misconfiguration rather than a hole");
    web::cors_origin_reflected => CORS_ORIGIN_REFLECTED: probe grade(0, "CORS echoes any Origin, without credentials", "information: as Observatory's public access (0)");
    web::mixed_content => MIXED_CONTENT: probe grade(-20, "HTTPS page loads scripts, stylesheets, frames or plugins over `http://`", "browsers block it, so the page breaks; lighter than Observatory's −50 for an HTTP script, which assumes it runs");
    web::sri_missing => SRI_MISSING: probe grade(-5, "scripts/stylesheets from other sites without `integrity`", "as Observatory's \"SRI not implemented, external scripts loaded securely\" (−5)");
    web::live_contradicts_settings => LIVE_CONTRADICTS_SETTINGS: pipeline;
    cross::allowed_hosts_vs_server_name => ALLOWED_HOSTS_VS_SERVER_NAME: deployment;
    cross::proxy_ssl_header_vs_proxy => PROXY_SSL_HEADER_VS_PROXY: deployment;
    cross::static_root_vs_proxy => STATIC_ROOT_VS_PROXY: deployment;
    cross::app_bind_vs_proxy => APP_BIND_VS_PROXY: deployment;
    cross::settings_module_mismatch => SETTINGS_MODULE_MISMATCH: deployment;
    cross::forwarded_host_from_client => FORWARDED_HOST_FROM_CLIENT: deployment;
    cross::upload_limit_vs_proxy => UPLOAD_LIMIT_VS_PROXY: deployment;
}

/// Every rule golive has, in code order.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| r.rule).collect()
}

/// The settings checks, each once (with the first rule it reports).
pub(crate) fn settings_checks()
-> impl Iterator<Item = (&'static RuleMeta, fn(&SettingsContext) -> Checked)> {
    RULES.iter().filter_map(|r| match r.checker {
        Checker::Settings(run) => Some((r.rule, run)),
        _ => None,
    })
}

/// The checks over the deployment around Django.
pub(crate) fn deployment_checks() -> impl Iterator<Item = fn(&InfraContext)> {
    RULES.iter().filter_map(|r| match r.checker {
        Checker::Deployment(run) => Some(run),
        _ => None,
    })
}

/// The checks over a live probe.
pub(crate) fn probe_checks() -> impl Iterator<Item = fn(&ProbeContext)> {
    RULES.iter().filter_map(|r| match r.checker {
        Checker::Probe(run) => Some(run),
        _ => None,
    })
}

/// The rule whose check reports `rule`: itself, or for a sibling the rule
/// of the line above it that has the checker.
pub fn checker_of(rule: &'static RuleMeta) -> &'static RuleMeta {
    let at = RULES.iter().position(|r| std::ptr::eq(r.rule, rule));
    let Some(at) = at else { return rule };
    RULES[..=at]
        .iter()
        .rev()
        .find(|r| !matches!(r.checker, Checker::Sibling))
        .map_or(rule, |r| r.rule)
}

/// What a rule costs the probe's grade, if it is graded.
pub fn grade_modifier(code: &str) -> Option<GradeModifier> {
    RULES
        .iter()
        .find(|r| r.rule.code == code)
        .and_then(|r| r.grade)
}

/// How a rule's findings come about, for the rule-table tests and docs.
pub fn checked_by(rule: &RuleMeta) -> &'static str {
    match RULES
        .iter()
        .find(|r| std::ptr::eq(r.rule, rule))
        .map(|r| r.checker)
    {
        Some(Checker::Settings(_)) => "settings",
        Some(Checker::Deployment(_)) => "deployment",
        Some(Checker::Probe(_)) => "probe",
        Some(Checker::Sibling) => "sibling",
        Some(Checker::Pipeline) | None => "pipeline",
    }
}

/// Finds a rule by code (`DJS004`), name (`hsts-not-enabled`) or Django
/// check ID (`security.W004`).
pub fn find_rule(key: &str) -> Option<&'static RuleMeta> {
    all_rules().into_iter().find(|r| {
        r.code.eq_ignore_ascii_case(key) || r.name == key || r.django_id.is_some_and(|d| d == key)
    })
}

/// Which rules are on: `select` and `ignore` lists of codes, code prefixes
/// (`DJS`, `DJS0`), names, Django check IDs or `ALL`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// Whether a selector names a rule.
pub fn selector_matches(selector: &str, rule: &RuleMeta) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.code.eq_ignore_ascii_case(s)
        || (!s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric())
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
        || rule.name == s
        || rule.django_id.is_some_and(|d| d == s)
}

/// Whether a selector names at least one rule (for flag validation).
pub fn selector_is_known(selector: &str) -> bool {
    all_rules().iter().any(|r| selector_matches(selector, r))
}

impl Selection {
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, rule));
        selected && !self.ignore.iter().any(|s| selector_matches(s, rule))
    }
}
