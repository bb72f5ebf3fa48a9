//! SRV005: workers never time out.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports gunicorn started with `--timeout 0` / `timeout = 0` (or any
    /// spelling gunicorn reads as zero, such as `--timeout 00`), which
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
        layer: AppServer,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in production(&ctx.deployment.processes)
        .filter(|p| p.server.kind == Some(ServerKind::Gunicorn))
    {
        let Some(timeout) = p.server.timeout.as_ref().filter(|t| t.value == Some(0)) else {
            continue;
        };
        let span = p.option_spans.get("timeout").copied().unwrap_or(p.span);
        ctx.report(
            &WORKER_TIMEOUT_DISABLED,
            span,
            format!(
                "{} disables gunicorn's worker timeout (`timeout {}`): a stuck request holds its worker forever",
                origin_text(p),
                timeout.text.trim()
            ),
            Some("keep a timeout (30 s is gunicorn's default) and move long work to a task queue".into()),
            Vec::new(),
        );
    }
}
