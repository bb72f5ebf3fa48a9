//! WEB042: `*` with credentials, which browsers refuse.

use super::{ProbeContext, cors_answer};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page that answers the CORS request with
    /// `Access-Control-Allow-Origin: *` together with
    /// `Access-Control-Allow-Credentials: true`. Information: it is a
    /// misconfiguration, not a hole.
    ///
    /// ## Why is this bad?
    /// Browsers refuse a credentialed cross-origin response whose allowed
    /// origin is `*` (the Fetch standard's CORS check), so whatever needed
    /// credentials does not work, while anonymous reads from any site still
    /// do. It usually means someone tried to allow "everyone, with cookies";
    /// the next "fix" — echoing the `Origin` — is WEB040.
    ///
    /// ## Example
    /// `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`.
    ///
    /// Use instead: `*` without credentials for public data, or the explicit origins with credentials.
    ///
    /// ## References
    /// - [Fetch: CORS protocol and credentials](https://fetch.spec.whatwg.org/#cors-protocol-and-credentials)
    /// - [MDN: CORS errors, credential is not supported if the CORS header is *](https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS/Errors/CORSNotSupportingCredentials)
    pub(crate) static CORS_WILDCARD_WITH_CREDENTIALS = {
        code: "WEB042",
        name: "cors-wildcard-with-credentials",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(a) = cors_answer(ctx) else { return };
    if a.allow_origin != "*" || !a.credentials {
        return;
    }
    ctx.report(
        &CORS_WILDCARD_WITH_CREDENTIALS,
        ctx.at_header(a.ex, "access-control-allow-origin"),
        format!("{} allows origin `*` with credentials: browsers refuse credentialed responses with `*`, so only anonymous reads work", a.ex.url),
        Some("drop Access-Control-Allow-Credentials, or list the origins that need credentials".into()),
    );
}
