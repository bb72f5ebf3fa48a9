//! SRV004: one worker process.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports a production gunicorn, uvicorn, hypercorn or uwsgi process
    /// that runs a single worker: `workers = 1` or no worker count at all
    /// (their default is one) and no `WEB_CONCURRENCY` in its environment.
    /// The count is read as the server reads it: `-w 01` is one worker.
    /// Procfile processes are not reported: Heroku and Dokku set
    /// `WEB_CONCURRENCY` for the dyno size, and gunicorn reads it.
    ///
    /// ## Why is this bad?
    /// With one synchronous worker, one slow request — a report, a call to
    /// a payment provider — blocks every other visitor, and a crashed
    /// worker means a moment with no server at all. gunicorn suggests
    /// `(2 × cores) + 1` workers as a start. A deliberate single worker (a
    /// tiny container scaled by replicas) can say so with `--workers 1`
    /// and a suppression.
    ///
    /// ## Example
    /// ```shell
    /// gunicorn shop.wsgi --bind 0.0.0.0:8000
    /// ```
    ///
    /// Use instead:
    /// ```shell
    /// gunicorn shop.wsgi --bind 0.0.0.0:8000 --workers 3
    /// ```
    ///
    /// ## References
    /// - [gunicorn: How many workers?](https://docs.gunicorn.org/en/stable/design.html#how-many-workers)
    pub(crate) static APP_SERVER_SINGLE_WORKER = {
        code: "SRV004",
        name: "app-server-single-worker",
        severity: Info,
        django_id: None,
        layer: AppServer,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in production(&ctx.deployment.processes) {
        if !matches!(
            p.server.kind,
            Some(
                ServerKind::Gunicorn
                    | ServerKind::Uvicorn
                    | ServerKind::Hypercorn
                    | ServerKind::Uwsgi
            )
        ) {
            continue;
        }
        if matches!(
            p.origin,
            golive_infra::deployment::ProcessOrigin::Procfile { .. }
        ) {
            continue;
        }
        let concurrency_env = p.env.iter().any(|e| e.name == "WEB_CONCURRENCY")
            || p.server.env.iter().any(|(k, _)| k == "WEB_CONCURRENCY");
        let message = match &p.server.workers {
            Some(w) if w.value == Some(1) => format!(
                "{} runs {} with one worker",
                origin_text(p),
                p.server.kind.map_or("", |k| k.as_str())
            ),
            None if !concurrency_env => {
                format!(
                    "{} runs {} without a worker count: one worker by default",
                    origin_text(p),
                    p.server.kind.map_or("", |k| k.as_str())
                )
            }
            _ => continue,
        };
        let span = p.option_spans.get("workers").copied().unwrap_or(p.span);
        ctx.report(
            &APP_SERVER_SINGLE_WORKER,
            span,
            message,
            Some("set the worker count (`--workers 3`, `workers = 3`, or WEB_CONCURRENCY)".into()),
            Vec::new(),
        );
    }
}
