//! XDP007: Django accepts bigger request bodies than nginx lets through.

use super::{known, related};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::{app_locations, levels, parse_size};
use golive_infra::nginx;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Reports a project that raised `DATA_UPLOAD_MAX_MEMORY_SIZE` (or set
    /// it to `None`, no limit) above the `client_max_body_size` of an nginx
    /// location that proxies to Django (1 MB when nginx does not say).
    ///
    /// ## Why is this bad?
    /// Someone raised Django's limit because requests that large are
    /// expected; nginx refuses them first with `413 Request Entity Too
    /// Large`, and Django never sees them. The two limits belong together.
    ///
    /// ## Example
    /// ```python
    /// DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    /// ```
    /// ```nginx
    /// server { location / { proxy_pass http://127.0.0.1:8000; } }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// server { client_max_body_size 10m; location / { proxy_pass http://127.0.0.1:8000; } }
    /// ```
    ///
    /// ## References
    /// - [Django: DATA_UPLOAD_MAX_MEMORY_SIZE](https://docs.djangoproject.com/en/stable/ref/settings/#data-upload-max-memory-size)
    /// - [nginx: client_max_body_size](https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size)
    pub(crate) static UPLOAD_LIMIT_VS_PROXY = {
        code: "XDP007",
        name: "upload-limit-vs-proxy",
        severity: Warning,
        django_id: None,
    };
}

const NGINX_DEFAULT: u64 = 1024 * 1024;

/// A size as people write it: `10 MiB`, `512 KiB`, `1000 bytes`.
fn human(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(setting) = known(ctx, "DATA_UPLOAD_MAX_MEMORY_SIZE") else {
        return;
    };
    if setting.is_default {
        return;
    }
    let django: Option<u64> = match &setting.value.v {
        V::Int(n) => u64::try_from(*n).ok(),
        V::None => None,
        _ => return,
    };
    for config in &ctx.deployment.nginx {
        for app in app_locations(config) {
            let effective =
                nginx::inherited_value(&levels(config, &app.location), "client_max_body_size");
            let limit = match effective.and_then(|n| n.arg(0)).map(parse_size) {
                Some(Some(0)) => continue,
                Some(Some(n)) => n,
                Some(None) => continue,
                None => NGINX_DEFAULT,
            };
            let bigger = django.is_none_or(|d| d > limit);
            if !bigger {
                continue;
            }
            let django_text = django.map_or("any size (None)".to_string(), human);
            let where_ = effective.map_or("nginx's default of 1m".to_string(), |n| {
                format!("`client_max_body_size {}`", n.arg(0).unwrap_or(""))
            });
            ctx.report(
                &UPLOAD_LIMIT_VS_PROXY,
                effective.map_or(app.pass.span(), |n| n.span()),
                format!("Django accepts request bodies of {django_text}, but {where_} refuses anything over {} first", human(limit)),
                Some("raise client_max_body_size to match DATA_UPLOAD_MAX_MEMORY_SIZE (or lower the setting)".into()),
                related(setting, "DATA_UPLOAD_MAX_MEMORY_SIZE is set here"),
            );
        }
    }
}
