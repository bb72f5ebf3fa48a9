//! WEB043: CORS echoes any origin (without credentials).

use super::{ProbeContext, cors_answer};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page that answers the CORS request by echoing the foreign
    /// `Origin` in `Access-Control-Allow-Origin`, without
    /// `Access-Control-Allow-Credentials: true` (with it, WEB040).
    /// Information: without credentials, another site reads only what an
    /// anonymous visitor sees.
    ///
    /// ## Why is this bad?
    /// It is `*` in disguise: every origin is allowed. That is fine for
    /// public data, but pages that vary by network position (an intranet,
    /// an IP allowlist) become readable by any website the user visits, and
    /// one added `CORS_ALLOW_CREDENTIALS = True` turns it into WEB040.
    ///
    /// ## Example
    /// `Origin: https://golive-probe.invalid` → `Access-Control-Allow-Origin: https://golive-probe.invalid`.
    ///
    /// Use instead: `Access-Control-Allow-Origin: *` if the page is public on purpose, or the list of allowed origins.
    ///
    /// ## References
    /// - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    /// - [PortSwigger: CORS, server-generated ACAO from client-specified Origin](https://portswigger.net/web-security/cors)
    pub(crate) static CORS_ORIGIN_REFLECTED = {
        code: "WEB043",
        name: "cors-origin-reflected",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(a) = cors_answer(ctx) else { return };
    if !a.reflected() || a.credentials {
        return;
    }
    ctx.report(
        &CORS_ORIGIN_REFLECTED,
        ctx.at_header(a.ex, "access-control-allow-origin"),
        format!("{} echoes any Origin back in Access-Control-Allow-Origin: every site may read it (without cookies)", a.ex.url),
        Some("send `*` if the page is public on purpose, or allow only listed origins (CORS_ALLOWED_ORIGINS)".into()),
    );
}
