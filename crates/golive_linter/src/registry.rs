//! The table of rules and the settings checks that produce them, and rule
//! selection by code, code prefix, name or Django check ID.

use crate::context::{Checked, SettingsContext};
use crate::infra::InfraCheck;
use crate::rule::RuleMeta;
use crate::rules::container as dkr;
use crate::rules::cross as xdp;
use crate::rules::django::*;
use crate::rules::golive;
use crate::rules::nginx as ngx;
use crate::rules::repository as rep;
use crate::rules::server as srv;
use crate::rules::settings as own;
use crate::rules::web;

/// Every rule golive has, in code order.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = vec![
        &security_middleware_missing::SECURITY_MIDDLEWARE_MISSING,
        &xframe_middleware_missing::XFRAME_MIDDLEWARE_MISSING,
        &csrf_middleware_missing::CSRF_MIDDLEWARE_MISSING,
        &hsts_not_enabled::HSTS_NOT_ENABLED,
        &hsts_subdomains_not_included::HSTS_SUBDOMAINS_NOT_INCLUDED,
        &content_type_nosniff_disabled::CONTENT_TYPE_NOSNIFF_DISABLED,
        &ssl_redirect_disabled::SSL_REDIRECT_DISABLED,
        &secret_key_weak::SECRET_KEY_WEAK,
        &session_cookie_not_secure::SESSION_COOKIE_NOT_SECURE_APP,
        &session_cookie_not_secure::SESSION_COOKIE_NOT_SECURE_MIDDLEWARE,
        &session_cookie_not_secure::SESSION_COOKIE_NOT_SECURE,
        &session_cookie_not_httponly::SESSION_COOKIE_NOT_HTTPONLY_APP,
        &session_cookie_not_httponly::SESSION_COOKIE_NOT_HTTPONLY_MIDDLEWARE,
        &session_cookie_not_httponly::SESSION_COOKIE_NOT_HTTPONLY,
        &csrf_cookie_not_secure::CSRF_COOKIE_NOT_SECURE,
        &debug_enabled::DEBUG_ENABLED,
        &x_frame_options_not_deny::X_FRAME_OPTIONS_NOT_DENY,
        &allowed_hosts_empty::ALLOWED_HOSTS_EMPTY,
        &hsts_preload_disabled::HSTS_PRELOAD_DISABLED,
        &referrer_policy::REFERRER_POLICY_MISSING,
        &referrer_policy::REFERRER_POLICY_INVALID,
        &cross_origin_opener_policy_invalid::CROSS_ORIGIN_OPENER_POLICY_INVALID,
        &secret_key_fallback_weak::SECRET_KEY_FALLBACK_WEAK,
        &csp_setting_not_dict::CSP_SETTING_NOT_DICT,
        &csp_nonce_without_context_processor::CSP_NONCE_WITHOUT_CONTEXT_PROCESSOR,
        &cache_location_exposed::CACHE_LOCATION_EXPOSED,
        &async_unsafe_allowed::ASYNC_UNSAFE_ALLOWED,
        &mailers::MAILERS_DEVELOPMENT_BACKEND,
        &mailers::MAILERS_NO_DEFAULT,
        &cache_default_missing::CACHE_DEFAULT_MISSING,
        &file_cache_relative_location::FILE_CACHE_RELATIVE_LOCATION,
        &csrf_trusted_origin_without_scheme::CSRF_TRUSTED_ORIGIN_WITHOUT_SCHEME,
        &url_setting_without_trailing_slash::URL_SETTING_WITHOUT_TRAILING_SLASH,
        &golive::SETTINGS_NOT_FOUND,
        &golive::PYTHON_SYNTAX_ERROR,
        &golive::IMPORT_CYCLE,
        &golive::SETTINGS_IMPORT_MISSING,
        &golive::FILE_UNREADABLE,
        &golive::SETTINGS_RAISE,
        &golive::EVALUATION_BUDGET,
        &golive::SETTINGS_STYLE_UNSUPPORTED,
        &golive::UNUSED_SUPPRESSION,
        &golive::NGINX_CONFIG_INVALID,
        &golive::CONFIG_FILE_INVALID,
        &golive::TEMPLATE_NOT_AUDITED,
        &golive::NGINX_INCLUDE_GENERATED,
        &web::site_unreachable::SITE_UNREACHABLE,
        &web::debug_page_exposed::DEBUG_PAGE_EXPOSED,
        &web::foreign_host_accepted::FOREIGN_HOST_ACCEPTED,
        &web::http_not_redirected::HTTP_NOT_REDIRECTED_LIVE,
        &web::hsts_missing::HSTS_MISSING_LIVE,
        &web::cookie_flags_missing::COOKIE_FLAGS_MISSING,
        &web::frame_options_missing::FRAME_OPTIONS_MISSING,
        &web::nosniff_missing::NOSNIFF_MISSING,
        &web::referrer_policy_missing::REFERRER_POLICY_MISSING_LIVE,
        &web::csp_live::CSP_LIVE,
        &web::csp_missing_live::CSP_MISSING_LIVE,
        &web::admin_at_default_url::ADMIN_AT_DEFAULT_URL,
        &web::static_not_cached::STATIC_NOT_CACHED_LIVE,
        &web::server_version_disclosed::SERVER_VERSION_DISCLOSED,
        &web::security_txt_missing::SECURITY_TXT_MISSING,
        &web::live_contradicts_settings::LIVE_CONTRADICTS_SETTINGS,
        &web::certificate_expiring::CERTIFICATE_EXPIRING,
        &web::certificate_invalid::CERTIFICATE_INVALID,
        &web::old_tls_accepted::OLD_TLS_ACCEPTED,
        &web::coop_missing::COOP_MISSING_LIVE,
        &web::health_check_failing::HEALTH_CHECK_FAILING,
        &rep::env_file_committed::ENV_FILE_COMMITTED,
        &rep::django_unsupported::DJANGO_UNSUPPORTED,
        &rep::django_vulnerable::DJANGO_VULNERABLE,
        &rep::health_check_missing::HEALTH_CHECK_MISSING,
        &rep::backup_missing::BACKUP_MISSING,
        &rep::clearsessions_not_scheduled::CLEARSESSIONS_NOT_SCHEDULED,
        &xdp::allowed_hosts_vs_server_name::ALLOWED_HOSTS_VS_SERVER_NAME,
        &xdp::proxy_ssl_header_vs_proxy::PROXY_SSL_HEADER_VS_PROXY,
        &xdp::static_root_vs_proxy::STATIC_ROOT_VS_PROXY,
        &xdp::app_bind_vs_proxy::APP_BIND_VS_PROXY,
        &xdp::settings_module_mismatch::SETTINGS_MODULE_MISMATCH,
        &xdp::forwarded_host_from_client::FORWARDED_HOST_FROM_CLIENT,
        &xdp::upload_limit_vs_proxy::UPLOAD_LIMIT_VS_PROXY,
        &srv::runserver_in_production::RUNSERVER_IN_PRODUCTION,
        &srv::app_server_public_bind::APP_SERVER_PUBLIC_BIND,
        &srv::app_server_reload::APP_SERVER_RELOAD,
        &srv::app_server_single_worker::APP_SERVER_SINGLE_WORKER,
        &srv::worker_timeout_disabled::WORKER_TIMEOUT_DISABLED,
        &srv::systemd_runs_as_root::SYSTEMD_RUNS_AS_ROOT,
        &srv::systemd_no_restart::SYSTEMD_NO_RESTART,
        &srv::uwsgi_without_safeguards::UWSGI_WITHOUT_SAFEGUARDS,
        &dkr::debug_in_container_env::DEBUG_IN_CONTAINER_ENV,
        &dkr::secret_in_container_env::SECRET_IN_CONTAINER_ENV,
        &dkr::image_runs_as_root::IMAGE_RUNS_AS_ROOT,
        &dkr::datastore_port_published::DATASTORE_PORT_PUBLISHED,
        &dkr::web_service_no_healthcheck::WEB_SERVICE_NO_HEALTHCHECK,
        &ngx::unknown_host_not_rejected::UNKNOWN_HOST_NOT_REJECTED,
        &ngx::tls_protocol_weak::TLS_PROTOCOL_WEAK,
        &ngx::http_not_redirected::HTTP_NOT_REDIRECTED,
        &ngx::proxy_headers_missing::PROXY_HEADERS_MISSING,
        &ngx::proxy_host_from_client::PROXY_HOST_FROM_CLIENT,
        &ngx::static_not_cached::STATIC_NOT_CACHED,
        &ngx::media_served_inline::MEDIA_SERVED_INLINE,
        &ngx::alias_slash_mismatch::ALIAS_SLASH_MISMATCH,
        &ngx::add_header_dropped::ADD_HEADER_DROPPED,
        &ngx::server_tokens_on::SERVER_TOKENS_ON,
        &ngx::upload_limit_default::UPLOAD_LIMIT_DEFAULT,
        &ngx::upload_limit_unbounded::UPLOAD_LIMIT_UNBOUNDED,
        &own::secret_key_committed::SECRET_KEY_COMMITTED,
        &own::allowed_hosts_wildcard::ALLOWED_HOSTS_WILDCARD,
        &own::allowed_hosts_blank::ALLOWED_HOSTS_BLANK,
        &own::template_debug_enabled::TEMPLATE_DEBUG_ENABLED,
        &own::debug_tools_installed::DEBUG_TOOLS_INSTALLED,
        &own::csrf_trusted_origin_insecure::CSRF_TRUSTED_ORIGIN_INSECURE,
        &own::cors_allow_all_origins::CORS_ALLOW_ALL_ORIGINS,
        &own::database_password_committed::DATABASE_PASSWORD_COMMITTED,
        &own::browser_xss_filter_obsolete::BROWSER_XSS_FILTER_OBSOLETE,
        &own::email_backend_development::EMAIL_BACKEND_DEVELOPMENT,
        &own::password_hasher_weak::PASSWORD_HASHER_WEAK,
        &own::samesite_none_without_secure::SAMESITE_NONE_WITHOUT_SECURE,
        &own::storage_setting_ignored::STORAGE_SETTING_IGNORED,
        &own::security_middleware_not_first::SECURITY_MIDDLEWARE_NOT_FIRST,
        &own::redis_options_on_builtin_cache::REDIS_OPTIONS_ON_BUILTIN_CACHE,
        &own::debug_propagate_exceptions::DEBUG_PROPAGATE_EXCEPTIONS,
        &own::x_frame_options_invalid::X_FRAME_OPTIONS_INVALID,
        &own::static_root_missing::STATIC_ROOT_MISSING,
        &own::media_url_is_static_url::MEDIA_URL_IS_STATIC_URL,
        &own::email_tls_and_ssl::EMAIL_TLS_AND_SSL,
        &own::email_password_committed::EMAIL_PASSWORD_COMMITTED,
        &own::password_validators_empty::PASSWORD_VALIDATORS_EMPTY,
        &own::hsts_preload_premature::HSTS_PRELOAD_PREMATURE,
        &own::proxy_ssl_header_malformed::PROXY_SSL_HEADER_MALFORMED,
        &own::database_tls_disabled::DATABASE_TLS_DISABLED,
        &own::sqlite_in_production::SQLITE_IN_PRODUCTION,
        &own::cache_backend_local::CACHE_BACKEND_LOCAL,
        &own::sentry_sends_pii::SENTRY_SENDS_PII,
        &own::csp_allows_unsafe_scripts::CSP_ALLOWS_UNSAFE_SCRIPTS,
        &own::drf_permissions_allow_any::DRF_PERMISSIONS_ALLOW_ANY,
        &own::drf_browsable_api::DRF_BROWSABLE_API,
        &own::gzip_middleware::GZIP_MIDDLEWARE,
        &own::cache_middleware_order::CACHE_MIDDLEWARE_ORDER,
        &own::whitenoise_middleware_order::WHITENOISE_MIDDLEWARE_ORDER,
        &own::session_cache_volatile::SESSION_CACHE_VOLATILE,
        &own::error_reporting_missing::ERROR_REPORTING_MISSING,
        &own::database_connections::DATABASE_CONNECTIONS_NOT_REUSED,
        &own::database_connections::DATABASE_HEALTH_CHECKS_MISSING,
        &own::database_connections::DATABASE_POOL_WITH_PERSISTENT_CONNECTIONS,
        &own::email_remote_without_tls::EMAIL_REMOTE_WITHOUT_TLS,
        &own::secret_key_fallbacks_committed::SECRET_KEY_FALLBACKS_COMMITTED,
        &own::session_cookie_age_excessive::SESSION_COOKIE_AGE_EXCESSIVE,
        &own::csp_missing::CSP_MISSING,
        &own::email_sender_default::EMAIL_SENDER_DEFAULT,
        &own::sentry_traces_every_request::SENTRY_TRACES_EVERY_REQUEST,
        &own::mail_admins_without_admins::MAIL_ADMINS_WITHOUT_ADMINS,
        &own::log_file_relative::LOG_FILE_RELATIVE,
        &own::whitenoise_storage_plain::WHITENOISE_STORAGE_PLAIN,
        &own::database_statement_timeout::DATABASE_STATEMENT_TIMEOUT,
        &own::production_imports_development::PRODUCTION_IMPORTS_DEVELOPMENT,
        &own::log_directory_missing::LOG_DIRECTORY_MISSING,
    ];
    rules.sort_by_key(|r| r.code);
    rules
}

/// A settings check: a function reproducing one Django check (it may emit
/// several rule codes, as Django's W010–W012 come from one function).
pub(crate) struct SettingsCheck {
    pub name: &'static str,
    pub run: fn(&SettingsContext) -> Checked,
}

pub(crate) const SETTINGS_CHECKS: &[SettingsCheck] = &[
    SettingsCheck {
        name: "security_middleware",
        run: security_middleware_missing::check,
    },
    SettingsCheck {
        name: "xframe_options_middleware",
        run: xframe_middleware_missing::check,
    },
    SettingsCheck {
        name: "csrf_middleware",
        run: csrf_middleware_missing::check,
    },
    SettingsCheck {
        name: "sts",
        run: hsts_not_enabled::check,
    },
    SettingsCheck {
        name: "sts_include_subdomains",
        run: hsts_subdomains_not_included::check,
    },
    SettingsCheck {
        name: "content_type_nosniff",
        run: content_type_nosniff_disabled::check,
    },
    SettingsCheck {
        name: "ssl_redirect",
        run: ssl_redirect_disabled::check,
    },
    SettingsCheck {
        name: "secret_key",
        run: secret_key_weak::check,
    },
    SettingsCheck {
        name: "session_cookie_secure",
        run: session_cookie_not_secure::check,
    },
    SettingsCheck {
        name: "session_cookie_httponly",
        run: session_cookie_not_httponly::check,
    },
    SettingsCheck {
        name: "csrf_cookie_secure",
        run: csrf_cookie_not_secure::check,
    },
    SettingsCheck {
        name: "debug",
        run: debug_enabled::check,
    },
    SettingsCheck {
        name: "xframe_deny",
        run: x_frame_options_not_deny::check,
    },
    SettingsCheck {
        name: "allowed_hosts",
        run: allowed_hosts_empty::check,
    },
    SettingsCheck {
        name: "sts_preload",
        run: hsts_preload_disabled::check,
    },
    SettingsCheck {
        name: "referrer_policy",
        run: referrer_policy::check,
    },
    SettingsCheck {
        name: "cross_origin_opener_policy",
        run: cross_origin_opener_policy_invalid::check,
    },
    SettingsCheck {
        name: "secret_key_fallbacks",
        run: secret_key_fallback_weak::check,
    },
    SettingsCheck {
        name: "csp_settings",
        run: csp_setting_not_dict::check,
    },
    SettingsCheck {
        name: "csp_nonce_context_processor",
        run: csp_nonce_without_context_processor::check,
    },
    SettingsCheck {
        name: "cache_location_not_exposed",
        run: cache_location_exposed::check,
    },
    SettingsCheck {
        name: "async_unsafe",
        run: async_unsafe_allowed::check,
    },
    SettingsCheck {
        name: "mailers",
        run: mailers::check,
    },
    SettingsCheck {
        name: "default_cache",
        run: cache_default_missing::check,
    },
    SettingsCheck {
        name: "file_based_cache_is_absolute",
        run: file_cache_relative_location::check,
    },
    SettingsCheck {
        name: "csrf_trusted_origins",
        run: csrf_trusted_origin_without_scheme::check,
    },
    SettingsCheck {
        name: "url_settings",
        run: url_setting_without_trailing_slash::check,
    },
    SettingsCheck {
        name: "secret_key_committed",
        run: own::secret_key_committed::check,
    },
    SettingsCheck {
        name: "allowed_hosts_wildcard",
        run: own::allowed_hosts_wildcard::check,
    },
    SettingsCheck {
        name: "allowed_hosts_blank",
        run: own::allowed_hosts_blank::check,
    },
    SettingsCheck {
        name: "template_debug_enabled",
        run: own::template_debug_enabled::check,
    },
    SettingsCheck {
        name: "debug_tools_installed",
        run: own::debug_tools_installed::check,
    },
    SettingsCheck {
        name: "csrf_trusted_origin_insecure",
        run: own::csrf_trusted_origin_insecure::check,
    },
    SettingsCheck {
        name: "cors_allow_all_origins",
        run: own::cors_allow_all_origins::check,
    },
    SettingsCheck {
        name: "database_password_committed",
        run: own::database_password_committed::check,
    },
    SettingsCheck {
        name: "browser_xss_filter_obsolete",
        run: own::browser_xss_filter_obsolete::check,
    },
    SettingsCheck {
        name: "email_backend_development",
        run: own::email_backend_development::check,
    },
    SettingsCheck {
        name: "password_hasher_weak",
        run: own::password_hasher_weak::check,
    },
    SettingsCheck {
        name: "samesite_none_without_secure",
        run: own::samesite_none_without_secure::check,
    },
    SettingsCheck {
        name: "storage_setting_ignored",
        run: own::storage_setting_ignored::check,
    },
    SettingsCheck {
        name: "security_middleware_not_first",
        run: own::security_middleware_not_first::check,
    },
    SettingsCheck {
        name: "redis_options_on_builtin_cache",
        run: own::redis_options_on_builtin_cache::check,
    },
    SettingsCheck {
        name: "debug_propagate_exceptions",
        run: own::debug_propagate_exceptions::check,
    },
    SettingsCheck {
        name: "x_frame_options_invalid",
        run: own::x_frame_options_invalid::check,
    },
    SettingsCheck {
        name: "static_root_missing",
        run: own::static_root_missing::check,
    },
    SettingsCheck {
        name: "media_url_is_static_url",
        run: own::media_url_is_static_url::check,
    },
    SettingsCheck {
        name: "email_tls_and_ssl",
        run: own::email_tls_and_ssl::check,
    },
    SettingsCheck {
        name: "email_password_committed",
        run: own::email_password_committed::check,
    },
    SettingsCheck {
        name: "password_validators_empty",
        run: own::password_validators_empty::check,
    },
    SettingsCheck {
        name: "hsts_preload_premature",
        run: own::hsts_preload_premature::check,
    },
    SettingsCheck {
        name: "proxy_ssl_header_malformed",
        run: own::proxy_ssl_header_malformed::check,
    },
    SettingsCheck {
        name: "database_tls_disabled",
        run: own::database_tls_disabled::check,
    },
    SettingsCheck {
        name: "sqlite_in_production",
        run: own::sqlite_in_production::check,
    },
    SettingsCheck {
        name: "cache_backend_local",
        run: own::cache_backend_local::check,
    },
    SettingsCheck {
        name: "sentry_sends_pii",
        run: own::sentry_sends_pii::check,
    },
    SettingsCheck {
        name: "csp_allows_unsafe_scripts",
        run: own::csp_allows_unsafe_scripts::check,
    },
    SettingsCheck {
        name: "drf_permissions_allow_any",
        run: own::drf_permissions_allow_any::check,
    },
    SettingsCheck {
        name: "drf_browsable_api",
        run: own::drf_browsable_api::check,
    },
    SettingsCheck {
        name: "gzip_middleware",
        run: own::gzip_middleware::check,
    },
    SettingsCheck {
        name: "cache_middleware_order",
        run: own::cache_middleware_order::check,
    },
    SettingsCheck {
        name: "whitenoise_middleware_order",
        run: own::whitenoise_middleware_order::check,
    },
    SettingsCheck {
        name: "session_cache_volatile",
        run: own::session_cache_volatile::check,
    },
    SettingsCheck {
        name: "error_reporting_missing",
        run: own::error_reporting_missing::check,
    },
    SettingsCheck {
        name: "database_connections",
        run: own::database_connections::check,
    },
    SettingsCheck {
        name: "email_remote_without_tls",
        run: own::email_remote_without_tls::check,
    },
    SettingsCheck {
        name: "secret_key_fallbacks_committed",
        run: own::secret_key_fallbacks_committed::check,
    },
    SettingsCheck {
        name: "session_cookie_age_excessive",
        run: own::session_cookie_age_excessive::check,
    },
    SettingsCheck {
        name: "csp_missing",
        run: own::csp_missing::check,
    },
    SettingsCheck {
        name: "email_sender_default",
        run: own::email_sender_default::check,
    },
    SettingsCheck {
        name: "sentry_traces_every_request",
        run: own::sentry_traces_every_request::check,
    },
    SettingsCheck {
        name: "mail_admins_without_admins",
        run: own::mail_admins_without_admins::check,
    },
    SettingsCheck {
        name: "log_file_relative",
        run: own::log_file_relative::check,
    },
    SettingsCheck {
        name: "whitenoise_storage_plain",
        run: own::whitenoise_storage_plain::check,
    },
    SettingsCheck {
        name: "database_statement_timeout",
        run: own::database_statement_timeout::check,
    },
    SettingsCheck {
        name: "production_imports_development",
        run: own::production_imports_development::check,
    },
    SettingsCheck {
        name: "log_directory_missing",
        run: own::log_directory_missing::check,
    },
];

/// The checks over the deployment around Django, in code order.
pub(crate) static INFRA_CHECKS: &[InfraCheck] = &[
    InfraCheck {
        run: ngx::unknown_host_not_rejected::check,
    },
    InfraCheck {
        run: ngx::tls_protocol_weak::check,
    },
    InfraCheck {
        run: ngx::http_not_redirected::check,
    },
    InfraCheck {
        run: ngx::proxy_headers_missing::check,
    },
    InfraCheck {
        run: ngx::proxy_host_from_client::check,
    },
    InfraCheck {
        run: ngx::static_not_cached::check,
    },
    InfraCheck {
        run: ngx::media_served_inline::check,
    },
    InfraCheck {
        run: ngx::alias_slash_mismatch::check,
    },
    InfraCheck {
        run: ngx::add_header_dropped::check,
    },
    InfraCheck {
        run: ngx::server_tokens_on::check,
    },
    InfraCheck {
        run: ngx::upload_limit_default::check,
    },
    InfraCheck {
        run: ngx::upload_limit_unbounded::check,
    },
    InfraCheck {
        run: srv::runserver_in_production::check,
    },
    InfraCheck {
        run: srv::app_server_public_bind::check,
    },
    InfraCheck {
        run: srv::app_server_reload::check,
    },
    InfraCheck {
        run: srv::app_server_single_worker::check,
    },
    InfraCheck {
        run: srv::worker_timeout_disabled::check,
    },
    InfraCheck {
        run: srv::systemd_runs_as_root::check,
    },
    InfraCheck {
        run: srv::systemd_no_restart::check,
    },
    InfraCheck {
        run: srv::uwsgi_without_safeguards::check,
    },
    InfraCheck {
        run: dkr::debug_in_container_env::check,
    },
    InfraCheck {
        run: dkr::secret_in_container_env::check,
    },
    InfraCheck {
        run: dkr::image_runs_as_root::check,
    },
    InfraCheck {
        run: dkr::datastore_port_published::check,
    },
    InfraCheck {
        run: dkr::web_service_no_healthcheck::check,
    },
    InfraCheck {
        run: rep::env_file_committed::check,
    },
    InfraCheck {
        run: rep::django_unsupported::check,
    },
    InfraCheck {
        run: rep::django_vulnerable::check,
    },
    InfraCheck {
        run: rep::health_check_missing::check,
    },
    InfraCheck {
        run: rep::backup_missing::check,
    },
    InfraCheck {
        run: rep::clearsessions_not_scheduled::check,
    },
    InfraCheck {
        run: xdp::allowed_hosts_vs_server_name::check,
    },
    InfraCheck {
        run: xdp::proxy_ssl_header_vs_proxy::check,
    },
    InfraCheck {
        run: xdp::static_root_vs_proxy::check,
    },
    InfraCheck {
        run: xdp::app_bind_vs_proxy::check,
    },
    InfraCheck {
        run: xdp::settings_module_mismatch::check,
    },
    InfraCheck {
        run: xdp::forwarded_host_from_client::check,
    },
    InfraCheck {
        run: xdp::upload_limit_vs_proxy::check,
    },
];

/// The checks over a live probe.
pub(crate) static PROBE_CHECKS: &[fn(&crate::rules::web::ProbeContext)] = &[
    web::site_unreachable::check,
    web::debug_page_exposed::check,
    web::foreign_host_accepted::check,
    web::http_not_redirected::check,
    web::hsts_missing::check,
    web::cookie_flags_missing::check,
    web::frame_options_missing::check,
    web::nosniff_missing::check,
    web::referrer_policy_missing::check,
    web::csp_live::check,
    web::csp_missing_live::check,
    web::admin_at_default_url::check,
    web::static_not_cached::check,
    web::server_version_disclosed::check,
    web::security_txt_missing::check,
    web::certificate_expiring::check,
    web::certificate_invalid::check,
    web::old_tls_accepted::check,
    web::coop_missing::check,
    web::health_check_failing::check,
];

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
