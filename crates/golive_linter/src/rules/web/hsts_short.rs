//! WEB035: HSTS with a max-age under six months.

use super::ProbeContext;
use super::hsts_missing::{SIX_MONTHS, parse_sts};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an HTTPS page whose `Strict-Transport-Security` has a
    /// `max-age` above 0 but under six months (15768000 seconds), the HTTP
    /// Observatory's threshold. Six months to a year is WEB036
    /// (information); a year or more is what hstspreload.org asks.
    ///
    /// ## Why is this bad?
    /// HSTS protects a visitor only while the browser remembers it: with a
    /// short `max-age`, anyone who has not visited for that long makes their
    /// next first request in clear text again, where it can be intercepted.
    /// A short value is right while rolling HSTS out, not for a site in
    /// production.
    ///
    /// ## Example
    /// `Strict-Transport-Security: max-age=3600`.
    ///
    /// Use instead: `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    ///
    /// ## References
    /// - [MDN: Strict-Transport-Security](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security)
    /// - [hstspreload.org: deployment recommendations](https://hstspreload.org/#deployment-recommendations)
    pub(crate) static HSTS_SHORT_LIVE = {
        code: "WEB035",
        name: "hsts-short-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Some(value) = page.header("strict-transport-security") else {
        return;
    };
    if !ctx.is_https(page) {
        return;
    }
    if let Ok(sts) = parse_sts(value)
        && sts.max_age > 0
        && sts.max_age < SIX_MONTHS
    {
        ctx.report(
            &HSTS_SHORT_LIVE,
            ctx.at_header(page, "strict-transport-security"),
            format!("Strict-Transport-Security has max-age={}, less than six months: browsers forget it quickly", sts.max_age),
            Some("raise max-age to 31536000 (SECURE_HSTS_SECONDS) once the site is fully on HTTPS".into()),
        );
    }
}
