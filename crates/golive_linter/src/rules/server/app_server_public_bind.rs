//! SRV002: the app server listens on every interface behind a local proxy.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports an application server started outside a container (systemd,
    /// a gunicorn configuration file) that binds to all interfaces
    /// (`0.0.0.0`, `[::]`, a bare `:8000`) while the project's nginx
    /// proxies to it over loopback or a Unix socket.
    ///
    /// ## Why is this bad?
    /// nginx is the only client the app server needs. Listening on every
    /// interface makes gunicorn reachable from the network directly,
    /// around nginx's TLS, host filtering, request limits and static-file
    /// handling — and Django then trusts `X-Forwarded-Proto` from whoever
    /// connects. Inside a container, `0.0.0.0` is how the port is
    /// published; that case is not reported.
    ///
    /// ## Example
    /// ```python
    /// # gunicorn.conf.py, next to an nginx site with proxy_pass http://127.0.0.1:8000
    /// bind = "0.0.0.0:8000"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// bind = "unix:/run/gunicorn/shop.sock"
    /// ```
    ///
    /// ## References
    /// - [gunicorn: Deploying](https://docs.gunicorn.org/en/stable/deploy.html)
    /// - [gunicorn: bind](https://docs.gunicorn.org/en/stable/settings.html#bind)
    pub(crate) static APP_SERVER_PUBLIC_BIND = {
        code: "SRV002",
        name: "app-server-public-bind",
        severity: Warning,
        django_id: None,
    };
}

/// Does an address listen on every interface?
pub(crate) fn is_all_interfaces(bind: &str) -> bool {
    let host = bind.strip_prefix("http://").unwrap_or(bind);
    host.starts_with("0.0.0.0")
        || host.starts_with("[::]")
        || host.starts_with(':')
        || host.chars().all(|c| c.is_ascii_digit()) && !host.is_empty()
}

/// Does the project's nginx proxy over loopback or a Unix socket?
fn local_proxy(ctx: &InfraContext) -> Option<golive_source::Span> {
    ctx.deployment
        .nginx
        .iter()
        .flat_map(crate::rules::nginx::app_locations)
        .find_map(|a| {
            let target = a.pass.arg(0)?;
            let local = target.contains("127.0.0.1")
                || target.contains("localhost")
                || target.contains("unix:")
                || target.contains("[::1]");
            let via_upstream = a.pass.arg(0).is_some_and(|t| {
                let name = t
                    .trim_start_matches("http://")
                    .trim_start_matches("https://")
                    .split(['/', ':'])
                    .next()
                    .unwrap_or("");
                ctx.deployment
                    .nginx
                    .iter()
                    .flat_map(|c| c.upstreams())
                    .any(|u| {
                        u.arg(0) == Some(name)
                            && u.all("server").any(|s| {
                                s.arg(0).is_some_and(|a| {
                                    a.contains("127.0.0.1")
                                        || a.contains("localhost")
                                        || a.starts_with("unix:")
                                })
                            })
                    })
            });
            (local || via_upstream).then(|| a.pass.span())
        })
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(proxy) = local_proxy(ctx) else {
        return;
    };
    for p in production(&ctx.deployment.processes) {
        if p.container
            || matches!(
                p.origin,
                golive_infra::deployment::ProcessOrigin::Procfile { .. }
            )
            || p.server.kind == Some(ServerKind::Runserver)
        {
            continue;
        }
        if let Some(bind) = p.server.binds.iter().find(|b| is_all_interfaces(b)) {
            let span = p.option_spans.get("bind").copied().unwrap_or(p.span);
            ctx.report(
                &APP_SERVER_PUBLIC_BIND,
                span,
                format!(
                    "{} binds {} to `{bind}` (every interface) while nginx proxies to it locally",
                    origin_text(p),
                    p.server.kind.map_or("the server", |k| k.as_str())
                ),
                Some("bind to `127.0.0.1:PORT` or a Unix socket that only nginx uses".into()),
                vec![(proxy, "nginx reaches the app server here".into())],
            );
        }
    }
}
