//! SRV001: Django's development server started by a deployment file.

use super::{origin_text, production};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::command::ServerKind;

declare_rule! {
    /// ## What it does
    /// Reports `manage.py runserver` (or `django-admin runserver`,
    /// `runserver_plus`) in a file that deploys the site: a Dockerfile
    /// `CMD`/`ENTRYPOINT`, a compose `command`, a Procfile, a systemd
    /// `ExecStart`, or the entrypoint script one of them runs. Files named
    /// for development (`Dockerfile.dev`, `docker-compose.override.yml`,
    /// `local.yml`, a `dev` compose profile) are not reported.
    ///
    /// ## Why is this bad?
    /// Django's documentation is blunt: "DO NOT USE THIS SERVER IN A
    /// PRODUCTION SETTING. It has not gone through security audits or
    /// performance tests." It serves one request at a time per thread,
    /// reloads on file changes, and with `DEBUG = False` does not serve
    /// static files.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
    /// ```
    ///
    /// ## References
    /// - [Django: runserver](https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver)
    /// - [Django: How to deploy with WSGI](https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/)
    pub(crate) static RUNSERVER_IN_PRODUCTION = {
        code: "SRV001",
        name: "runserver-in-production",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for p in production(&ctx.deployment.processes)
        .filter(|p| p.server.kind == Some(ServerKind::Runserver))
    {
        ctx.report(
            &RUNSERVER_IN_PRODUCTION,
            p.span,
            format!("{} starts Django's development server (`runserver`)", origin_text(p)),
            Some("run gunicorn (WSGI) or uvicorn/daphne (ASGI) instead, e.g. `gunicorn myproject.wsgi --workers 3`".into()),
            Vec::new(),
        );
    }
}
