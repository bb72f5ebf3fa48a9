//! SRV003: the production app server reloads on code changes.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports gunicorn's `--reload` / `reload = True`, uvicorn's and
    /// daphne's `--reload`, and uwsgi's `py-autoreload` in a production
    /// process.
    ///
    /// ## Why is this bad?
    /// Reloading is a development convenience: the server watches every
    /// Python file, costs CPU, and restarts workers mid-request whenever a
    /// file changes — a deploy that copies files in place restarts the
    /// site several times, half-updated. gunicorn's documentation says to
    /// use it only in development.
    ///
    /// ## Example
    /// ```python
    /// # gunicorn.conf.py
    /// reload = True
    /// ```
    ///
    /// Use instead: leave `reload` off and restart (or `kill -HUP`) the
    /// server when deploying.
    ///
    /// ## References
    /// - [gunicorn: reload](https://docs.gunicorn.org/en/stable/settings.html#reload)
    pub(crate) static APP_SERVER_RELOAD = {
        code: "SRV003",
        name: "app-server-reload",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in production(&ctx.deployment.processes)
        .filter(|p| p.server.reload && p.server.kind != Some(ServerKind::Runserver))
    {
        let span = p.option_spans.get("reload").copied().unwrap_or(p.span);
        ctx.report(
            &APP_SERVER_RELOAD,
            span,
            format!(
                "{} runs {} with automatic reloading",
                origin_text(p),
                p.server.kind.map_or("the server", |k| k.as_str())
            ),
            Some("remove the reload option; restart the server on deploy instead".into()),
            Vec::new(),
        );
    }
}
