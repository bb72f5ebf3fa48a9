//! golive's own settings rules (`DJS1xx`): what the deployment reference
//! asks of settings beyond Django's `check --deploy`, and what Django teams
//! actually break.

pub(crate) mod allowed_hosts_blank;
pub(crate) mod allowed_hosts_wildcard;
pub(crate) mod browser_xss_filter_obsolete;
pub(crate) mod cache_backend_local;
pub(crate) mod cors_allow_all_origins;
pub(crate) mod csp_allows_unsafe_scripts;
pub(crate) mod csrf_trusted_origin_insecure;
pub(crate) mod database_password_committed;
pub(crate) mod database_tls_disabled;
pub(crate) mod debug_propagate_exceptions;
pub(crate) mod debug_tools_installed;
pub(crate) mod email_backend_development;
pub(crate) mod email_password_committed;
pub(crate) mod email_tls_and_ssl;
pub(crate) mod hsts_preload_premature;
pub(crate) mod media_url_is_static_url;
pub(crate) mod password_hasher_weak;
pub(crate) mod password_validators_empty;
pub(crate) mod proxy_ssl_header_malformed;
pub(crate) mod redis_options_on_builtin_cache;
pub(crate) mod samesite_none_without_secure;
pub(crate) mod secret_key_committed;
pub(crate) mod security_middleware_not_first;
pub(crate) mod sentry_sends_pii;
pub(crate) mod sqlite_in_production;
pub(crate) mod static_root_missing;
pub(crate) mod storage_setting_ignored;
pub(crate) mod template_debug_enabled;
pub(crate) mod x_frame_options_invalid;
