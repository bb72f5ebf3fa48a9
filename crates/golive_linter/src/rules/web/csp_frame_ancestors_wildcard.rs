//! WEB034: `frame-ancestors` lets any site frame the page.

use super::ProbeContext;
use super::csp::{self, Framing};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page whose `Content-Security-Policy` headers set
    /// `frame-ancestors`, but every one of them allows any host (`*`,
    /// `https:`, `http:`, `https://*`). A page with neither `frame-ancestors`
    /// nor `X-Frame-Options` is WEB006's finding; the two never both fire.
    ///
    /// ## Why is this bad?
    /// When a policy has `frame-ancestors`, browsers ignore
    /// `X-Frame-Options` entirely — so `frame-ancestors *` switches off the
    /// `X-Frame-Options: DENY` that Django's `XFrameOptionsMiddleware` sends,
    /// and any site can load the page in an invisible frame and trick users
    /// into clicking its buttons (clickjacking). `frame-ancestors` is read
    /// from headers only: browsers ignore it in a `<meta>` policy.
    ///
    /// ## Example
    /// `Content-Security-Policy: default-src 'self'; frame-ancestors *` with `X-Frame-Options: DENY`.
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; frame-ancestors 'none'` (or `'self'`, or the partner hosts that embed the page).
    ///
    /// ## References
    /// - [MDN: CSP frame-ancestors](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors)
    /// - [HTML: X-Frame-Options processing](https://html.spec.whatwg.org/multipage/document-lifecycle.html#the-x-frame-options-header)
    pub(crate) static CSP_FRAME_ANCESTORS_WILDCARD = {
        code: "WEB034",
        name: "csp-frame-ancestors-wildcard",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Framing::Wildcard(offending) = csp::framing(page) else {
        return;
    };
    let named: Vec<String> = offending
        .iter()
        .map(|(d, e)| format!("`{e}` in {d}"))
        .collect();
    let xfo = if page.header("x-frame-options").is_some() {
        "; browsers ignore X-Frame-Options when frame-ancestors is set"
    } else {
        ""
    };
    ctx.report(
        &CSP_FRAME_ANCESTORS_WILDCARD,
        ctx.at_csp(page),
        format!("any site can frame {}: {}{xfo}", page.url, named.join(", ")),
        Some(
            "set `frame-ancestors 'none'` (or 'self', or the hosts allowed to embed the page)"
                .into(),
        ),
    );
}
