//! NGX001: requests for any host reach Django.

use super::app_servers;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::{self, Node};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it does
    /// Reports a port on which the server that answers requests for
    /// unknown host names — the one marked `default_server`, else the first
    /// server listening on that port — passes them to Django.
    ///
    /// ## Why is this bad?
    /// nginx sends a request whose `Host` matches no `server_name` to the
    /// default server. If that server proxies to Django, every scanner and
    /// every forged `Host` header reaches the application: Django answers
    /// each with a 400 and an `Invalid HTTP_HOST header` error report (mail
    /// to `ADMINS`, a Sentry event), and a mistake in `ALLOWED_HOSTS` becomes
    /// a Host-header poisoning hole. A catch-all server that closes the
    /// connection (`return 444`) stops them at the proxy.
    ///
    /// ## Example
    /// ```nginx
    /// server {
    ///     listen 80;
    ///     server_name shop.example.com;
    ///     location / { proxy_pass http://127.0.0.1:8000; }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// server {
    ///     listen 80 default_server;
    ///     listen 443 ssl default_server;
    ///     server_name _;
    ///     ssl_reject_handshake on;
    ///     return 444;
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation)
    /// - [nginx: How nginx processes a request](https://nginx.org/en/docs/http/request_processing.html)
    pub(crate) static UNKNOWN_HOST_NOT_REJECTED = {
        code: "NGX001",
        name: "unknown-host-not-rejected",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        // The listens of every port, in the servers' order.
        let mut by_port: BTreeMap<u16, Vec<(&Node, nginx::Listen)>> = BTreeMap::new();
        for server in config.servers() {
            for listen in nginx::listens(server) {
                by_port
                    .entry(listen.port)
                    .or_default()
                    .push((server, listen));
            }
        }
        let app = app_servers(config);
        for (port, on_port) in by_port {
            let default = on_port
                .iter()
                .find(|(_, l)| l.default_server)
                .or_else(|| on_port.first());
            let Some((server, listen)) = default else {
                continue;
            };
            if !app.contains(&std::ptr::from_ref(*server)) {
                continue;
            }
            let how = if listen.default_server {
                "is marked default_server"
            } else {
                "is the first server listening on it"
            };
            ctx.report(
                &UNKNOWN_HOST_NOT_REJECTED,
                listen.span,
                format!("requests for unknown hosts on port {port} reach Django: this server {how} and proxies to the application"),
                Some(format!(
                    "add a catch-all `server {{ listen {port} default_server; server_name _; return 444; }}`{}",
                    if listen.ssl { " with `ssl_reject_handshake on;`" } else { "" }
                )),
                Vec::new(),
            );
        }
    }
}
