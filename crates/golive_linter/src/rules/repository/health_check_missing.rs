//! REP004: no health-check route.

use super::app_installed;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a project whose URLconfs (`urls.py` files and `urls/`
    /// packages) route no health-check path (`health`, `healthz`, `ready`,
    /// `live`, `ping`, `heartbeat`, `status`) and that does not install
    /// django-health-check (`health_check`) or django-watchman.
    ///
    /// ## Why is this bad?
    /// Load balancers, container orchestrators and uptime monitors need a
    /// URL that says whether this instance can serve: without one they probe
    /// `/` (a full page render, or a redirect to the login) or only the TCP
    /// port, and keep sending traffic to an instance whose database is
    /// gone. The best health check touches the database and the cache, and
    /// is cheap.
    ///
    /// ## Example
    /// ```python
    /// urlpatterns = [path("admin/", admin.site.urls), path("", include("shop.urls"))]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// urlpatterns = [
    ///     path("healthz/", views.health),  # SELECT 1 and a cache round-trip
    ///     path("admin/", admin.site.urls),
    /// ]
    /// ```
    ///
    /// ## References
    /// - [django-health-check](https://django-health-check.readthedocs.io/)
    /// - [Kubernetes: Liveness, readiness and startup probes](https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/)
    pub(crate) static HEALTH_CHECK_MISSING = {
        code: "REP004",
        name: "health-check-missing",
        severity: Info,
        django_id: None,
    };
}

const WORDS: &[&str] = &[
    "health",
    "healthz",
    "healthcheck",
    "ready",
    "readiness",
    "readyz",
    "live",
    "liveness",
    "livez",
    "ping",
    "heartbeat",
    "status",
];

/// Does a route string name a health check (`"healthz/"`, `r"^health/$"`)?
fn is_health_route(route: &str) -> bool {
    route
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WORDS.contains(&w) || w.starts_with("health"))
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(settings) = ctx.settings else { return };
    let urlconfs = &ctx.deployment.urlconfs;
    if urlconfs.is_empty() || app_installed(ctx, "health_check") || app_installed(ctx, "watchman") {
        return;
    }
    let routed = ctx.deployment.routes.iter().any(|r| {
        is_health_route(&r.pattern)
            || r.target.contains("health_check.urls")
            || r.target.contains("watchman.urls")
    });
    if routed {
        return;
    }
    // Point at the root URLconf when it is found.
    let root_conf = settings
        .get("ROOT_URLCONF")
        .and_then(|s| s.value.as_str().map(|m| m.replace('.', "/")));
    let file = root_conf
        .and_then(|m| {
            urlconfs.iter().find(|(_, p)| {
                p.ends_with(format!("{m}.py")) || p.ends_with(format!("{m}/__init__.py"))
            })
        })
        .unwrap_or(&urlconfs[0])
        .0;
    ctx.report(
        &HEALTH_CHECK_MISSING,
        Span::file_start(file),
        "no URL routes a health check (`healthz/`, `health/`, …) and django-health-check is not installed".into(),
        Some("add a cheap view that queries the database and the cache, e.g. at `healthz/`, for the load balancer and the container's healthcheck".into()),
        Vec::new(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_words() {
        assert!(is_health_route("healthz/"));
        assert!(is_health_route("^ht/status/$"));
        assert!(!is_health_route("admin/"));
        assert!(!is_health_route("products/<slug:slug>/"));
    }
}
