//! `XDP`: rules about whether the layers agree — the settings with the
//! proxy, the proxy with the app server, the processes with the module
//! golive audited. A finding points at both sides.

pub(crate) mod allowed_hosts_vs_server_name;
pub(crate) mod app_bind_vs_proxy;
pub(crate) mod forwarded_host_from_client;
pub(crate) mod proxy_ssl_header_vs_proxy;
pub(crate) mod settings_module_mismatch;
pub(crate) mod static_root_vs_proxy;
pub(crate) mod upload_limit_vs_proxy;

use crate::infra::InfraContext;
use golive_python::{Setting, V, Value};
use golive_source::Span;

/// A setting of the audited module, when its value is known.
pub(crate) fn known<'a>(ctx: &InfraContext<'a>, name: &str) -> Option<&'a Setting> {
    ctx.settings?.get(name).filter(|s| s.value.is_fully_known())
}

/// Where a setting is written, as a related location (none for Django's
/// defaults).
pub(crate) fn setting_span(s: &Setting) -> Option<Span> {
    s.origin.as_ref().map(|o| o.stmt)
}

/// The strings of a list, tuple or set value.
pub(crate) fn strings(v: &Value) -> Vec<String> {
    match &v.v {
        V::List(items) | V::Set(items) => items
            .borrow()
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        V::Tuple(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A related location for a setting, labelled.
pub(crate) fn related(s: &Setting, label: &str) -> Vec<(Span, String)> {
    setting_span(s)
        .map(|sp| vec![(sp, label.to_string())])
        .unwrap_or_default()
}
