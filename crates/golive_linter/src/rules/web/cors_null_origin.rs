//! WEB041: CORS allows the `null` origin.

use super::{ProbeContext, cors_answer};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page that answers the CORS request (foreign `Origin`) with
    /// `Access-Control-Allow-Origin: null` and without credentials (with
    /// credentials it is WEB040).
    ///
    /// ## Why is this bad?
    /// `null` is not "nobody": it is the origin browsers send from sandboxed
    /// iframes, `file:` pages, `data:` URLs and some redirects, so any site
    /// can obtain it. Allowing it is allowing everyone, usually by mistake
    /// (a list of allowed origins with a `None` that became `"null"`).
    ///
    /// ## Example
    /// `Access-Control-Allow-Origin: null`.
    ///
    /// Use instead: the list of origins that need access, or no CORS headers.
    ///
    /// ## References
    /// - [W3C Web Application Security: the null origin](https://w3c.github.io/webappsec-cors-for-developers/#avoid-returning-access-control-allow-origin-null)
    /// - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    pub(crate) static CORS_NULL_ORIGIN = {
        code: "WEB041",
        name: "cors-null-origin",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(a) = cors_answer(ctx) else { return };
    if a.allow_origin != "null" || a.credentials {
        return;
    }
    ctx.report(
        &CORS_NULL_ORIGIN,
        ctx.at_header(a.ex, "access-control-allow-origin"),
        format!(
            "{} allows the `null` origin, which any site can send from a sandboxed iframe",
            a.ex.url
        ),
        Some("remove `null` from the allowed origins".into()),
    );
}
