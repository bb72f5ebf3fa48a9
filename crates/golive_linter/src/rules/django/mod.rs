//! Rules over the evaluated settings module (`DJS`). DJS001–DJS037 reproduce
//! Django's `check --deploy` exactly; codes follow Django's `security.W0NN`
//! numbers where there is one.

pub(crate) mod allowed_hosts_empty;
pub(crate) mod async_unsafe_allowed;
pub(crate) mod cache_default_missing;
pub(crate) mod cache_location_exposed;
pub(crate) mod content_type_nosniff_disabled;
pub(crate) mod cross_origin_opener_policy_invalid;
pub(crate) mod csp_nonce_without_context_processor;
pub(crate) mod csp_setting_not_dict;
pub(crate) mod csrf_cookie_not_secure;
pub(crate) mod csrf_middleware_missing;
pub(crate) mod csrf_trusted_origin_without_scheme;
pub(crate) mod debug_enabled;
pub(crate) mod file_cache_relative_location;
pub(crate) mod hsts_not_enabled;
pub(crate) mod hsts_preload_disabled;
pub(crate) mod hsts_subdomains_not_included;
pub(crate) mod mailers;
pub(crate) mod referrer_policy;
pub(crate) mod secret_key_fallback_weak;
pub(crate) mod secret_key_weak;
pub(crate) mod security_middleware_missing;
pub(crate) mod session_cookie_not_httponly;
pub(crate) mod session_cookie_not_secure;
pub(crate) mod ssl_redirect_disabled;
pub(crate) mod url_setting_without_trailing_slash;
pub(crate) mod x_frame_options_not_deny;
pub(crate) mod xframe_middleware_missing;
