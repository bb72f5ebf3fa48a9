//! NGX005: the Host header forwarded verbatim from the client.

use super::{app_locations, levels};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Reports `proxy_set_header Host $http_host` on a location that proxies
    /// to Django — including through Debian's and Ubuntu's `proxy_params`,
    /// which sets exactly that.
    ///
    /// ## Why is this bad?
    /// `$http_host` is the client's `Host` header as sent: any value, with
    /// any port, or empty. `$host` is what nginx matched — lower-cased,
    /// without the port, and the `server_name` when the client sent no
    /// header. With `$http_host`, whatever a client writes reaches Django's
    /// host validation and, through `request.get_host()`, every absolute
    /// URL the site builds; the proxy's own host matching no longer
    /// protects the application.
    ///
    /// ## Example
    /// ```nginx
    /// location / {
    ///     include proxy_params;
    ///     proxy_pass http://unix:/run/gunicorn.sock;
    /// }
    /// ```
    ///
    /// Use instead (without `proxy_params`: adding `proxy_set_header Host
    /// $host` next to it makes nginx send two `Host` headers, which
    /// servers answer with 400 Bad Request):
    /// ```nginx
    /// location / {
    ///     proxy_set_header Host $host;
    ///     proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    ///     proxy_set_header X-Forwarded-Proto $scheme;
    ///     proxy_pass http://unix:/run/gunicorn.sock;
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: $host and $http_host](https://nginx.org/en/docs/http/ngx_http_core_module.html#var_host)
    /// - [Django: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation)
    pub(crate) static PROXY_HOST_FROM_CLIENT = {
        code: "NGX005",
        name: "proxy-host-from-client",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        for app in app_locations(config) {
            let headers = nginx::inherited_list(&levels(config, &app.location), "proxy_set_header");
            // nginx sends every `Host` in the list, not the last one.
            let hosts: Vec<_> = headers
                .iter()
                .filter(|n| n.arg(0).is_some_and(|a| a.eq_ignore_ascii_case("Host")))
                .collect();
            if let Some(node) = hosts.iter().find(|n| n.arg(1) == Some("$http_host")) {
                let via = node
                    .assumed_from
                    .map(|f| format!(" (set by {f})"))
                    .unwrap_or_default();
                let help = if node.assumed_from.is_some() {
                    "replace `include proxy_params;` with the headers themselves, Host as `proxy_set_header Host $host;` (a second Host line next to the include sends two headers)"
                } else {
                    "use `proxy_set_header Host $host;`"
                };
                let mut message = format!(
                    "the client's `Host` header is forwarded to Django verbatim through `$http_host`{via}"
                );
                if hosts.len() > 1 {
                    message.push_str(
                        "; the location also sets `Host` again, so nginx sends two `Host` headers",
                    );
                }
                ctx.report(
                    &PROXY_HOST_FROM_CLIENT,
                    node.span(),
                    message,
                    Some(help.into()),
                    Vec::new(),
                );
            }
        }
    }
}
