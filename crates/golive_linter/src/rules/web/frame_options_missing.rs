//! WEB006: the page may be framed by any site.

use super::ProbeContext;
use super::csp::{self, Framing};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page without `X-Frame-Options` (`DENY`/`SAMEORIGIN`) and
    /// without a `Content-Security-Policy` header with `frame-ancestors`.
    /// `frame-ancestors` in a `<meta>` policy does not count (browsers
    /// ignore it there), nor does an `X-Frame-Options` value browsers do not
    /// obey (`ALLOW-FROM`, typos). A `frame-ancestors` that allows any host
    /// is WEB034.
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
    // A wildcard frame-ancestors is WEB034's finding.
    if csp::framing(page) == Framing::Unprotected {
        ctx.report(
            &FRAME_OPTIONS_MISSING,
            ctx.at_status(page),
            format!("{} can be framed by any site: no X-Frame-Options and no CSP frame-ancestors", page.url),
            Some("keep django.middleware.clickjacking.XFrameOptionsMiddleware (X_FRAME_OPTIONS = \"DENY\"), or send `frame-ancestors 'none'`".into()),
        );
    }
}
