//! WEB016: the certificate expires soon (or has).

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a site certificate that expires within 30 days of the probe,
    /// or has expired.
    ///
    /// ## Why is this bad?
    /// On the day it expires every browser shows a full-page warning and
    /// API clients fail. Let's Encrypt certificates last 90 days and renew
    /// at 60: 30 days left means the renewal is not running.
    ///
    /// ## Example
    /// `cert[0] … not_after` 12 days after the probe.
    ///
    /// Use instead: automatic renewal (certbot's timer, Caddy, a managed
    /// load balancer) and an alert on failure.
    ///
    /// ## References
    /// - [Let's Encrypt: Integration guide (renewal)](https://letsencrypt.org/docs/integration-guide/)
    pub(crate) static CERTIFICATE_EXPIRING = {
        code: "WEB016",
        name: "certificate-expiring",
        severity: Warning,
        django_id: None,
    };
}

const DAY: i64 = 86_400;

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(tls) = &ctx.obs.tls else { return };
    let Some(leaf) = tls.chain.first() else {
        return;
    };
    let left = leaf.not_after - tls.observed_at;
    let message = if left < 0 {
        format!(
            "the certificate expired {} days before the probe",
            (-left) / DAY
        )
    } else if left < 30 * DAY {
        format!("the certificate expires in {} days", left / DAY)
    } else {
        return;
    };
    ctx.report(
        &CERTIFICATE_EXPIRING,
        ctx.at_line("cert[0]"),
        message,
        Some("renew it, and check that automatic renewal runs".into()),
    );
}
