//! XDP004: nginx proxies to an address no app server listens on.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::app_locations;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Collects the addresses nginx proxies to (`proxy_pass`, `uwsgi_pass`,
    /// and the servers of the `upstream` they name) and the addresses the
    /// project's production app servers bind to (command lines, gunicorn
    /// configuration, uwsgi ini). When both are known and no proxy target
    /// matches any bind — by Unix socket path, or by port — it reports the
    /// proxy target.
    ///
    /// ## Why is this bad?
    /// nginx answers every request with `502 Bad Gateway`. A socket renamed
    /// in the systemd unit, a port changed in the Dockerfile: each file is
    /// fine alone.
    ///
    /// ## Example
    /// ```nginx
    /// proxy_pass http://unix:/run/gunicorn.sock;
    /// ```
    /// ```ini
    /// ExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/gunicorn/shop.sock shop.wsgi
    /// ```
    ///
    /// Use instead: the same address on both sides.
    ///
    /// ## References
    /// - [nginx: proxy_pass](https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass)
    /// - [gunicorn: bind](https://docs.gunicorn.org/en/stable/settings.html#bind)
    pub(crate) static APP_BIND_VS_PROXY = {
        code: "XDP004",
        name: "app-bind-vs-proxy",
        severity: Error,
        django_id: None,
    };
}

/// An address reduced to what can be compared across files.
#[derive(Debug, PartialEq, Eq)]
enum Endpoint {
    Socket(String),
    Port(String),
}

fn endpoint(addr: &str) -> Option<Endpoint> {
    let a = addr
        .trim()
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_start_matches("uwsgi://");
    if let Some(path) = a.strip_prefix("unix:") {
        let path = path.split(':').next().unwrap_or(path).trim_end_matches('/');
        return Some(Endpoint::Socket(path.to_string()));
    }
    if a.starts_with('/') {
        return Some(Endpoint::Socket(a.to_string()));
    }
    let hostport = a.split('/').next().unwrap_or(a);
    let port = hostport.rsplit_once(':').map(|(_, p)| p).or_else(|| {
        hostport
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(hostport)
    })?;
    if port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Endpoint::Port(port.to_string()))
}

pub(crate) fn check(ctx: &InfraContext) {
    let binds: Vec<Endpoint> = ctx
        .deployment
        .processes
        .iter()
        .filter(|p| !p.dev && p.server.kind.is_some_and(|k| k != ServerKind::Runserver))
        .flat_map(|p| p.server.binds.iter())
        .filter_map(|b| endpoint(b))
        .collect();
    if binds.is_empty() {
        return;
    }
    for config in &ctx.deployment.nginx {
        let upstreams = config.upstreams();
        for app in app_locations(config) {
            if !matches!(app.pass.name.as_str(), "proxy_pass" | "uwsgi_pass") {
                continue;
            }
            let Some(target) = app.pass.arg(0) else {
                continue;
            };
            if target.contains('$') {
                continue;
            }
            let name = target
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .trim_start_matches("uwsgi://")
                .split('/')
                .next()
                .unwrap_or("");
            let servers: Vec<String> = match upstreams.iter().find(|u| u.arg(0) == Some(name)) {
                Some(u) => u
                    .all("server")
                    .filter_map(|s| s.arg(0).map(str::to_string))
                    .collect(),
                None => vec![target.to_string()],
            };
            let endpoints: Vec<Endpoint> = servers.iter().filter_map(|s| endpoint(s)).collect();
            if endpoints.is_empty() || endpoints.iter().any(|e| binds.contains(e)) {
                continue;
            }
            let bound: Vec<String> = ctx
                .deployment
                .processes
                .iter()
                .filter(|p| !p.dev)
                .flat_map(|p| p.server.binds.iter().cloned())
                .collect();
            let related = ctx
                .deployment
                .processes
                .iter()
                .filter(|p| !p.dev && !p.server.binds.is_empty())
                .map(|p| {
                    (
                        p.option_spans.get("bind").copied().unwrap_or(p.span),
                        format!("the app server binds {}", p.server.binds.join(", ")),
                    )
                })
                .collect();
            ctx.report(
                &APP_BIND_VS_PROXY,
                app.pass.span(),
                format!("nginx proxies to `{}`, where no app server of the project listens (they bind {})", servers.join(", "), bound.join(", ")),
                Some("use the same socket path or port in nginx and in the app server".into()),
                related,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            endpoint("http://127.0.0.1:8000"),
            Some(Endpoint::Port("8000".into()))
        );
        assert_eq!(
            endpoint("http://unix:/run/gunicorn.sock:/"),
            Some(Endpoint::Socket("/run/gunicorn.sock".into()))
        );
        assert_eq!(
            endpoint("unix:/run/gunicorn.sock"),
            Some(Endpoint::Socket("/run/gunicorn.sock".into()))
        );
        assert_eq!(
            endpoint("0.0.0.0:8000"),
            Some(Endpoint::Port("8000".into()))
        );
        assert_eq!(endpoint(":8000"), Some(Endpoint::Port("8000".into())));
        assert_eq!(endpoint("web:8000"), Some(Endpoint::Port("8000".into())));
        assert_eq!(endpoint("0.0.0.0:$PORT"), None);
        assert_eq!(endpoint("app_server"), None);
    }
}
