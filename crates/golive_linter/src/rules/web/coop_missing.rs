//! WEB019: no Cross-Origin-Opener-Policy.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page without a `Cross-Origin-Opener-Policy` header, or with
    /// `unsafe-none`. Information.
    ///
    /// ## Why is this bad?
    /// A page opened from another site keeps a handle to it (`window.opener`)
    /// and shares its browsing-context group, which cross-origin leaks (XS-Leaks,
    /// Spectre-style) exploit. Django's `SecurityMiddleware` sends
    /// `same-origin` by default since 4.0; its absence live means the
    /// middleware is missing or something strips the header.
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `Cross-Origin-Opener-Policy`.
    ///
    /// Use instead: `Cross-Origin-Opener-Policy: same-origin` (Django's
    /// `SECURE_CROSS_ORIGIN_OPENER_POLICY` default).
    ///
    /// ## References
    /// - [Django: Cross-Origin Opener Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy)
    pub(crate) static COOP_MISSING_LIVE = {
        code: "WEB019",
        name: "coop-missing-live",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    match page.header("cross-origin-opener-policy") {
        Some(v) if !v.trim().eq_ignore_ascii_case("unsafe-none") => {}
        _ => ctx.report(
            &COOP_MISSING_LIVE,
            ctx.at_status(page),
            format!(
                "{} is served without a Cross-Origin-Opener-Policy",
                page.url
            ),
            Some(
                "keep SecurityMiddleware (SECURE_CROSS_ORIGIN_OPENER_POLICY = \"same-origin\")"
                    .into(),
            ),
        ),
    }
}
