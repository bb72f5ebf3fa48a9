//! DKR001: DEBUG switched on by the image or the compose file.

use super::{declared_env, is_interpolated};
use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a production Dockerfile (`ENV`, `ARG`) or compose service
    /// (`environment`) that sets `DEBUG`, `DJANGO_DEBUG` or another
    /// `*_DEBUG` variable to a true value (`1`, `true`, `yes`, `on`).
    ///
    /// ## Why is this bad?
    /// Settings usually read DEBUG from the environment, so the container
    /// decides: an image built with `ENV DEBUG=1` runs every container from
    /// it in debug mode — tracebacks with settings and local variables on
    /// every error page, every SQL query kept in memory — whatever the
    /// settings module says by default.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DJANGO_DEBUG=True
    /// ```
    ///
    /// Use instead: set it to false in the image, and true only in a
    /// development override (`docker-compose.override.yml`).
    /// ```dockerfile
    /// ENV DJANGO_DEBUG=False
    /// ```
    ///
    /// ## References
    /// - [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
    pub(crate) static DEBUG_IN_CONTAINER_ENV = {
        code: "DKR001",
        name: "debug-in-container-env",
        severity: Warning,
        django_id: None,
    };
}

fn is_debug_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n == "DEBUG" || n.ends_with("_DEBUG") && !n.contains("TOOLBAR") && !n.contains("SQL")
}

pub(crate) fn check(ctx: &InfraContext) {
    for e in declared_env(ctx) {
        let Some(value) = e.value.as_deref() else {
            continue;
        };
        if !is_debug_name(&e.name) || is_interpolated(value) {
            continue;
        }
        if matches!(
            value
                .trim()
                .trim_matches(['"', '\''])
                .to_ascii_lowercase()
                .as_str(),
            "1" | "true" | "yes" | "on" | "t" | "y"
        ) {
            ctx.report(
                &DEBUG_IN_CONTAINER_ENV,
                e.span,
                format!(
                    "`{}` sets {}={value} for the production container",
                    e.via, e.name
                ),
                Some("set it to False here; enable debug only in a development override".into()),
                Vec::new(),
            );
        }
    }
}
