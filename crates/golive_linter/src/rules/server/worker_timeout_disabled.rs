//! SRV005: workers never time out.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports gunicorn started with `--timeout 0` / `timeout = 0`, which
    /// disables the worker timeout.
    ///
    /// ## Why is this bad?
    /// gunicorn's arbiter kills and replaces a worker that has been silent
    /// for `timeout` seconds (30 by default). Without it, a request stuck
    /// on a database lock or an unresponsive API holds its worker forever;
    /// a handful of those and the site stops answering while every process
    /// looks alive. Long-running work belongs in a task queue.
    ///
    /// ## Example
    /// ```shell
    /// gunicorn shop.wsgi --timeout 0
    /// ```
    ///
    /// Use instead:
    /// ```shell
    /// gunicorn shop.wsgi --timeout 30
    /// ```
    ///
    /// ## References
    /// - [gunicorn: timeout](https://docs.gunicorn.org/en/stable/settings.html#timeout)
    pub(crate) static WORKER_TIMEOUT_DISABLED = {
        code: "SRV005",
        name: "worker-timeout-disabled",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in production(&ctx.deployment.processes).filter(|p| {
        p.server.kind == Some(ServerKind::Gunicorn) && p.server.timeout.as_deref() == Some("0")
    }) {
        let span = p.option_spans.get("timeout").copied().unwrap_or(p.span);
        ctx.report(
            &WORKER_TIMEOUT_DISABLED,
            span,
            format!("{} disables gunicorn's worker timeout (`timeout 0`): a stuck request holds its worker forever", origin_text(p)),
            Some("keep a timeout (30 s is gunicorn's default) and move long work to a task queue".into()),
            Vec::new(),
        );
    }
}
