//! WEB020: the health check does not answer healthy.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// With `golive probe URL --health /healthz/`, requests the health-check
    /// path and reports any answer other than 2xx, or no answer.
    ///
    /// ## Why is this bad?
    /// Load balancers and orchestrators take an instance out of service —
    /// or restart it in a loop — when its health check fails; a health
    /// check that fails for a healthy site (a redirect to HTTPS or to the
    /// login page, a host the view does not allow) is as bad as none.
    ///
    /// ## Example
    /// `GET /healthz/` → `301 Location: https://…` (the check runs over
    /// plain HTTP behind `SECURE_SSL_REDIRECT`).
    ///
    /// Use instead: a view that answers 200 when the database and the
    /// cache answer, exempt from the HTTPS redirect
    /// (`SECURE_REDIRECT_EXEMPT`) where the balancer checks over HTTP.
    ///
    /// ## References
    /// - [Django: SECURE_REDIRECT_EXEMPT](https://docs.djangoproject.com/en/stable/ref/settings/#secure-redirect-exempt)
    pub(crate) static HEALTH_CHECK_FAILING = {
        code: "WEB020",
        name: "health-check-failing",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::Health).next() else {
        return;
    };
    match (ex.status, &ex.error) {
        (Some(s), _) if (200..300).contains(&s) => {}
        (Some(s), _) => ctx.report(
            &HEALTH_CHECK_FAILING,
            ctx.at_status(ex),
            format!("the health check {} answers {s}", ex.url),
            Some("make the health view answer 200 when the site can serve".into()),
        ),
        (None, e) => ctx.report(
            &HEALTH_CHECK_FAILING,
            ctx.at_status(ex),
            format!(
                "the health check {} does not answer: {}",
                ex.url,
                e.as_deref().unwrap_or("no response")
            ),
            Some("make the health view answer 200 when the site can serve".into()),
        ),
    }
}
