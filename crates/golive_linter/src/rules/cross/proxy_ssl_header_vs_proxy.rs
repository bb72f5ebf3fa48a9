//! XDP002: SECURE_PROXY_SSL_HEADER and the proxy disagree.

use super::{known, related};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::{app_locations, levels};
use golive_infra::nginx;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Holds `SECURE_PROXY_SSL_HEADER` against the nginx locations that
    /// proxy to Django:
    /// - the setting trusts a header (usually `X-Forwarded-Proto`) that
    ///   nginx does not set: nginx passes the client's own header through,
    ///   so any client can claim HTTPS, and real HTTPS requests carry no
    ///   header at all;
    /// - nginx terminates TLS and `SECURE_SSL_REDIRECT` is on, but
    ///   `SECURE_PROXY_SSL_HEADER` is not set: Django sees every request as
    ///   plain HTTP and redirects it to HTTPS — forever.
    ///
    /// ## Why is this bad?
    /// The first makes `request.is_secure()` a value the client chooses
    /// (secure cookies, HSTS, CSRF's referer checks rely on it); the second
    /// is the classic "too many redirects" outage on the first deploy
    /// behind TLS.
    ///
    /// ## Example
    /// ```python
    /// SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    /// ```
    /// ```nginx
    /// location / {
    ///     proxy_set_header Host $host;
    ///     proxy_pass http://127.0.0.1:8000;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location / {
    ///     proxy_set_header Host $host;
    ///     proxy_set_header X-Forwarded-Proto $scheme;
    ///     proxy_pass http://127.0.0.1:8000;
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
    pub(crate) static PROXY_SSL_HEADER_VS_PROXY = {
        code: "XDP002",
        name: "proxy-ssl-header-vs-proxy",
        severity: Error,
        django_id: None,
    };
}

/// `HTTP_X_FORWARDED_PROTO` → `X-Forwarded-Proto`.
fn header_name(meta: &str) -> String {
    meta.trim_start_matches("HTTP_")
        .split('_')
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(header) = known(ctx, "SECURE_PROXY_SSL_HEADER") else {
        return;
    };
    match &header.value.v {
        V::Tuple(items) if items.len() == 2 => {
            let Some(meta) = items[0].as_str() else {
                return;
            };
            let wanted = header_name(meta);
            for config in &ctx.deployment.nginx {
                for app in app_locations(config)
                    .into_iter()
                    .filter(|a| a.pass.name == "proxy_pass")
                {
                    let headers =
                        nginx::inherited_list(&levels(config, &app.location), "proxy_set_header");
                    if headers
                        .iter()
                        .any(|h| h.arg(0).is_some_and(|n| n.eq_ignore_ascii_case(&wanted)))
                    {
                        continue;
                    }
                    ctx.report(
                        &PROXY_SSL_HEADER_VS_PROXY,
                        app.pass.span(),
                        format!("SECURE_PROXY_SSL_HEADER trusts `{wanted}`, but this location does not set it: clients can send their own, and HTTPS requests arrive without it"),
                        Some(format!("add `proxy_set_header {wanted} $scheme;` to the location (or the server)")),
                        related(header, "Django trusts the header here"),
                    );
                }
            }
        }
        V::None => {
            let Some(redirect) = known(ctx, "SECURE_SSL_REDIRECT") else {
                return;
            };
            if !matches!(redirect.value.v, V::Bool(true)) {
                return;
            }
            for config in &ctx.deployment.nginx {
                for app in app_locations(config)
                    .into_iter()
                    .filter(|a| a.pass.name == "proxy_pass")
                {
                    let tls = nginx::listens(app.server).iter().any(|l| l.ssl);
                    let target = app.pass.arg(0).unwrap_or("");
                    if !tls || target.starts_with("https://") {
                        continue;
                    }
                    let mut rel = related(redirect, "SECURE_SSL_REDIRECT is on");
                    rel.extend(related(header, "SECURE_PROXY_SSL_HEADER is not set"));
                    ctx.report(
                        &PROXY_SSL_HEADER_VS_PROXY,
                        app.pass.span(),
                        "nginx ends TLS and proxies over plain HTTP, SECURE_SSL_REDIRECT is on and SECURE_PROXY_SSL_HEADER is not set: Django redirects every HTTPS request to HTTPS again (a redirect loop)".into(),
                        Some("set `SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")` and `proxy_set_header X-Forwarded-Proto $scheme;`".into()),
                        rel,
                    );
                }
            }
        }
        _ => {}
    }
}
