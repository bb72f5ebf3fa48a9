//! DKR005: the web container has no health check.

use super::is_dev_service;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

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
    };
}

fn is_app_server(kind: Option<ServerKind>) -> bool {
    matches!(
        kind,
        Some(
            ServerKind::Gunicorn
                | ServerKind::Uvicorn
                | ServerKind::Daphne
                | ServerKind::Uwsgi
                | ServerKind::Hypercorn
        )
    )
}

pub(crate) fn check(ctx: &InfraContext) {
    let image_healthcheck = |i: usize| {
        ctx.deployment.dockerfiles[i]
            .facts
            .final_chain()
            .iter()
            .flat_map(|s| s.instructions.iter())
            .rfind(|i| i.keyword == "HEALTHCHECK")
            .is_some_and(|i| !i.args.trim().eq_ignore_ascii_case("NONE"))
    };
    for (ci, c) in ctx
        .deployment
        .compose
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.dev)
    {
        for s in c.facts.services.iter().filter(|s| !is_dev_service(s)) {
            // The service's own processes: its command, or its image's.
            let app: Vec<_> = ctx
                .deployment
                .processes
                .iter()
                .filter(|p| {
                    p.compose
                        .as_ref()
                        .is_some_and(|(i, name)| *i == ci && *name == s.name)
                        && is_app_server(p.server.kind)
                })
                .collect();
            // An override file (`docker-compose.prod.yml`) keeps the base
            // file's healthcheck unless it sets its own.
            let inherited = c
                .facts
                .base
                .and_then(|b| ctx.deployment.compose.get(b))
                .and_then(|b| b.facts.services.iter().find(|t| t.name == s.name))
                .and_then(|t| t.healthcheck);
            let healthcheck = s.healthcheck.or(inherited);
            if app.is_empty() || healthcheck == Some(true) {
                continue;
            }
            if healthcheck.is_none() && app.iter().any(|p| p.image.is_some_and(image_healthcheck)) {
                continue;
            }
            ctx.report(
                &WEB_SERVICE_NO_HEALTHCHECK,
                golive_source::Span::new(c.file, s.name_range),
                format!(
                    "service `{}` runs the application server without a health check",
                    s.name
                ),
                Some("add a `healthcheck` that requests a health-check URL of the site".into()),
                Vec::new(),
            );
        }
    }
}
