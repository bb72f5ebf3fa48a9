//! NGX003: the application served over plain HTTP next to HTTPS.

use super::app_servers;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::{self, Node};

declare_rule! {
    /// ## What it does
    /// Reports a server that listens without TLS and proxies to Django,
    /// in a configuration that also serves the site over HTTPS — instead of
    /// redirecting plain HTTP to HTTPS.
    ///
    /// ## Why is this bad?
    /// Whoever types the bare domain, or follows an old `http://` link, uses
    /// the site unencrypted: session cookies without `Secure` travel in clear
    /// text and can be changed on the way. Django's `SECURE_SSL_REDIRECT` can
    /// redirect too, but only once the request has crossed the network to
    /// the application; the proxy should answer it with a 301.
    ///
    /// A configuration with no TLS at all (TLS ends at a load balancer in
    /// front) is not reported.
    ///
    /// ## Example
    /// ```nginx
    /// server {
    ///     listen 80;
    ///     listen 443 ssl;
    ///     server_name shop.example.com;
    ///     location / { proxy_pass http://127.0.0.1:8000; }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// server {
    ///     listen 80;
    ///     server_name shop.example.com;
    ///     return 301 https://$host$request_uri;
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: SSL/HTTPS](https://docs.djangoproject.com/en/stable/topics/security/#ssl-https)
    /// - [nginx: return](https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return)
    pub(crate) static HTTP_NOT_REDIRECTED = {
        code: "NGX003",
        name: "http-not-redirected",
        severity: Warning,
        django_id: None,
    };
}

/// Does the server redirect plain-HTTP requests itself (`return 301
/// https://…` at the server level, or inside `if ($scheme = http)`)?
fn redirects_to_https(server: &Node) -> bool {
    let is_redirect = |n: &Node| {
        n.name == "return" && n.args.iter().any(|a| a.value.starts_with("https://"))
            || n.name == "rewrite" && n.args.iter().any(|a| a.value.starts_with("https://"))
    };
    server
        .children()
        .iter()
        .any(|n| is_redirect(n) || n.name == "if" && n.children().iter().any(is_redirect))
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        let servers = config.servers();
        let has_tls = servers
            .iter()
            .any(|s| nginx::listens(s).iter().any(|l| l.ssl));
        if !has_tls {
            continue;
        }
        let app = app_servers(config);
        for server in servers {
            if !app.contains(&std::ptr::from_ref(server)) || redirects_to_https(server) {
                continue;
            }
            for listen in nginx::listens(server).iter().filter(|l| !l.ssl) {
                ctx.report(
                    &HTTP_NOT_REDIRECTED,
                    listen.span,
                    format!("port {} serves the application over plain HTTP while the site has HTTPS", listen.port),
                    Some("give plain HTTP its own server that does `return 301 https://$host$request_uri;`".into()),
                    Vec::new(),
                );
            }
        }
    }
}
