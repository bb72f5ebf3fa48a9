//! DKR005: the web container has no health check.

use super::is_dev_service;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;
use golive_infra::deployment::ProcessOrigin;

declare_rule! {
    /// ## What it does
    /// Reports a production compose service that runs the application
    /// server (gunicorn, uvicorn, daphne, uwsgi) with no `healthcheck`,
    /// when the image it builds has no `HEALTHCHECK` either.
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker (and compose's `depends_on:
    /// condition: service_healthy`, and most orchestrators) consider the
    /// container healthy as soon as the process exists: a worker that
    /// cannot reach the database, or a deadlocked server, keeps receiving
    /// traffic and is never restarted.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    ///     command: gunicorn shop.wsgi -b 0.0.0.0:8000
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     build: .
    ///     command: gunicorn shop.wsgi -b 0.0.0.0:8000
    ///     healthcheck:
    ///       test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/')"]
    ///       interval: 30s
    /// ```
    ///
    /// ## References
    /// - [Compose: healthcheck](https://docs.docker.com/reference/compose-file/services/#healthcheck)
    /// - [Docker: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
    pub(crate) static WEB_SERVICE_NO_HEALTHCHECK = {
        code: "DKR005",
        name: "web-service-no-healthcheck",
        severity: Info,
        django_id: None,
        layer: Container,
    };
}

fn is_app_server(kind: Option<ServerKind>) -> bool {
    matches!(kind, Some(ServerKind::Gunicorn | ServerKind::Uvicorn | ServerKind::Daphne | ServerKind::Uwsgi | ServerKind::Hypercorn))
}

pub(crate) fn check(ctx: &InfraContext) {
    let image_healthcheck = ctx.deployment.dockerfiles.iter().filter(|d| !d.dev).any(|d| {
        d.facts
            .final_chain()
            .iter()
            .flat_map(|s| s.instructions.iter())
            .rfind(|i| i.keyword == "HEALTHCHECK")
            .is_some_and(|i| !i.args.trim().eq_ignore_ascii_case("NONE"))
    });
    let image_runs_app = ctx.deployment.processes.iter().any(|p| p.origin == ProcessOrigin::Dockerfile && !p.dev && is_app_server(p.server.kind));
    for c in ctx.deployment.compose.iter().filter(|c| !c.dev) {
        for s in c.facts.services.iter().filter(|s| !is_dev_service(s)) {
            let runs_app =
                ctx.deployment.processes.iter().any(|p| p.origin == (ProcessOrigin::Compose { service: s.name.clone() }) && is_app_server(p.server.kind))
                    || s.command.is_none() && s.build.is_some() && image_runs_app;
            if !runs_app || s.healthcheck == Some(true) || (s.healthcheck.is_none() && s.build.is_some() && image_healthcheck) {
                continue;
            }
            ctx.report(
                &WEB_SERVICE_NO_HEALTHCHECK,
                golive_source::Span::new(c.file, s.name_range),
                format!("service `{}` runs the application server without a health check", s.name),
                Some("add a `healthcheck` that requests a health-check URL of the site".into()),
                Vec::new(),
            );
        }
    }
}
