//! WEB006: the page may be framed by any site.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page without `X-Frame-Options` (`DENY`/`SAMEORIGIN`) and
    /// without a `Content-Security-Policy` with `frame-ancestors`.
    ///
    /// ## Why is this bad?
    /// Any site can load the page in an invisible frame and trick users
    /// into clicking its buttons (clickjacking). Django's
    /// `XFrameOptionsMiddleware` sends `DENY` by default; its absence live
    /// means the middleware is not installed or the proxy drops the header.
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `X-Frame-Options`.
    ///
    /// Use instead: `X-Frame-Options: DENY`.
    ///
    /// ## References
    /// - [Django: Clickjacking protection](https://docs.djangoproject.com/en/stable/ref/clickjacking/)
    pub(crate) static FRAME_OPTIONS_MISSING = {
        code: "WEB006",
        name: "frame-options-missing",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let xfo = page.header("x-frame-options").is_some_and(|v| {
        matches!(
            v.trim().to_ascii_uppercase().as_str(),
            "DENY" | "SAMEORIGIN"
        )
    });
    let ancestors = page
        .headers_named("content-security-policy")
        .any(|v| v.contains("frame-ancestors"));
    if !xfo && !ancestors {
        ctx.report(
            &FRAME_OPTIONS_MISSING,
            ctx.at_status(page),
            format!("{} can be framed by any site: no X-Frame-Options and no CSP frame-ancestors", page.url),
            Some("keep django.middleware.clickjacking.XFrameOptionsMiddleware (X_FRAME_OPTIONS = \"DENY\")".into()),
        );
    }
}
