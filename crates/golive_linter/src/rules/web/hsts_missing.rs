//! WEB004: no (or a weak) Strict-Transport-Security header.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an HTTPS page without `Strict-Transport-Security`, or with a
    /// `max-age` below one year (`max-age=0` switches HSTS off).
    ///
    /// ## Why is this bad?
    /// Without HSTS, a browser that is sent to `http://` once (a link, a
    /// typed domain, a network attacker) makes the request in clear text.
    /// When the settings promise HSTS (`SECURE_HSTS_SECONDS`) and the site
    /// does not send it, the wrong settings module is deployed or the proxy
    /// strips the header (see NGX009).
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `Strict-Transport-Security`.
    ///
    /// Use instead: `Strict-Transport-Security: max-age=31536000; includeSubDomains`.
    ///
    /// ## References
    /// - [Django: HTTP Strict Transport Security](https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security)
    pub(crate) static HSTS_MISSING_LIVE = {
        code: "WEB004",
        name: "hsts-missing-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    if !ctx.is_https(page) {
        return;
    }
    match page.header("strict-transport-security") {
        None => ctx.report(
            &HSTS_MISSING_LIVE,
            ctx.at_status(page),
            format!("{} is served over HTTPS without Strict-Transport-Security", page.url),
            Some("send `Strict-Transport-Security: max-age=31536000; includeSubDomains` (SECURE_HSTS_SECONDS, or the proxy)".into()),
        ),
        Some(value) => {
            let max_age = value.split(';').find_map(|p| p.trim().strip_prefix("max-age=").and_then(|n| n.trim_matches('"').parse::<u64>().ok())).unwrap_or(0);
            if max_age < 31_536_000 {
                ctx.report(
                    &HSTS_MISSING_LIVE,
                    ctx.at_header(page, "strict-transport-security"),
                    format!("Strict-Transport-Security has max-age={max_age}, less than a year"),
                    Some("raise max-age to 31536000 once the site is fully on HTTPS".into()),
                );
            }
        }
    }
}
