//! NGX004: the proxy does not tell Django the host, scheme and client.

use super::{app_locations, levels};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Reports a `proxy_pass` location that does not set the `Host` and
    /// `X-Forwarded-For` request headers — and `X-Forwarded-Proto` on a
    /// server that terminates TLS — counting what it inherits (nginx
    /// inherits `proxy_set_header` from the level above only when a level
    /// sets none of its own). On a plain-HTTP server `$scheme` is always
    /// `http`, so a missing `X-Forwarded-Proto` there changes nothing.
    ///
    /// ## Why is this bad?
    /// - Without `Host`, nginx sends the upstream's name (`127.0.0.1:8000`,
    ///   `app`): Django checks that against `ALLOWED_HOSTS` and builds every
    ///   absolute URL (password-reset links, redirects) with it.
    /// - Without `X-Forwarded-Proto`, Django cannot know the request came
    ///   over HTTPS: `SECURE_PROXY_SSL_HEADER` has nothing to read, so
    ///   `request.is_secure()` is false, `SECURE_SSL_REDIRECT` loops, and
    ///   CSRF rejects HTTPS form posts whose `Origin` is `https://…`.
    /// - Without `X-Forwarded-For`, every request seems to come from the
    ///   proxy: logs and rate limits see one client.
    ///
    /// ## Example
    /// ```nginx
    /// location / {
    ///     proxy_pass http://127.0.0.1:8000;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location / {
    ///     proxy_set_header Host $host;
    ///     proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    ///     proxy_set_header X-Forwarded-Proto $scheme;
    ///     proxy_pass http://127.0.0.1:8000;
    /// }
    /// ```
    ///
    /// ## References
    /// - [gunicorn: Deploying behind nginx](https://docs.gunicorn.org/en/stable/deploy.html)
    /// - [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
    /// - [nginx: proxy_set_header](https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header)
    pub(crate) static PROXY_HEADERS_MISSING = {
        code: "NGX004",
        name: "proxy-headers-missing",
        severity: Warning,
        django_id: None,
    };
}

const REQUIRED: &[&str] = &["Host", "X-Forwarded-Proto", "X-Forwarded-For"];

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        for app in app_locations(config) {
            if app.pass.name != "proxy_pass" {
                continue;
            }
            let headers = nginx::inherited_list(&levels(config, &app.location), "proxy_set_header");
            // `$scheme` is always http on a server without TLS: the header
            // matters only where this nginx terminates TLS (and where Django
            // trusts it, which XDP002 checks).
            let tls = nginx::listens(app.server).iter().any(|l| l.ssl)
                || app.server.first("ssl_certificate").is_some();
            let missing: Vec<&str> = REQUIRED
                .iter()
                .copied()
                .filter(|h| tls || *h != "X-Forwarded-Proto")
                .filter(|h| {
                    !headers
                        .iter()
                        .any(|n| n.arg(0).is_some_and(|a| a.eq_ignore_ascii_case(h)))
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let dropped = !headers.is_empty()
                && levels(config, &app.location).iter().rev().skip(1).any(|l| {
                    l.named("proxy_set_header").any(|n| {
                        n.arg(0)
                            .is_some_and(|a| missing.iter().any(|m| a.eq_ignore_ascii_case(m)))
                    })
                });
            let why = if dropped {
                " (set at an outer level, but this location sets its own headers, which replaces them)"
            } else {
                ""
            };
            ctx.report(
                &PROXY_HEADERS_MISSING,
                app.pass.span(),
                format!(
                    "requests are proxied to Django without {}{why}",
                    missing
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some(
                    missing
                        .iter()
                        .map(|h| format!("proxy_set_header {h} {};", header_value(h)))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Vec::new(),
            );
        }
    }
}

fn header_value(header: &str) -> &'static str {
    match header {
        "Host" => "$host",
        "X-Forwarded-Proto" => "$scheme",
        _ => "$proxy_add_x_forwarded_for",
    }
}
