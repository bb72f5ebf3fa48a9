//! WEB040: any website reads the page as the logged-in user (CORS).

use super::{ProbeContext, cors_answer};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Requests the final page again with `Origin: https://golive-probe.invalid`
    /// (a site that is not the target's) and reports an answer with
    /// `Access-Control-Allow-Credentials: true` whose
    /// `Access-Control-Allow-Origin` is that foreign origin echoed back, or
    /// `null`. The Observatory has the same check (−50) but cannot see a
    /// reflection on a live site because it sends no `Origin`; golive does.
    ///
    /// ## Why is this bad?
    /// A server that echoes any `Origin` and allows credentials lets every
    /// website a logged-in user visits call it with the user's cookies and
    /// read the answer: account pages, API responses, CSRF tokens. `null` is
    /// no better: any site can send `Origin: null` from a sandboxed iframe.
    /// With django-cors-headers this is `CORS_ALLOW_ALL_ORIGINS = True` (or a
    /// regex that matches everything) together with `CORS_ALLOW_CREDENTIALS = True`.
    ///
    /// ## Example
    /// `Origin: https://golive-probe.invalid` → `Access-Control-Allow-Origin: https://golive-probe.invalid`,
    /// `Access-Control-Allow-Credentials: true`.
    ///
    /// Use instead: `CORS_ALLOWED_ORIGINS = ["https://app.example.com"]` — the origins that need it, no wildcard.
    ///
    /// ## References
    /// - [Fetch: CORS check](https://fetch.spec.whatwg.org/#cors-check)
    /// - [MDN: Access-Control-Allow-Credentials](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Credentials)
    /// - [OWASP WSTG: Testing Cross Origin Resource Sharing](https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/11-Client-side_Testing/07-Testing_Cross_Origin_Resource_Sharing)
    pub(crate) static CORS_CREDENTIALS_ANY_ORIGIN = {
        code: "WEB040",
        name: "cors-credentials-any-origin",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(a) = cors_answer(ctx) else { return };
    if !a.credentials || !(a.reflected() || a.allow_origin == "null") {
        return;
    }
    let who = if a.reflected() {
        "echoes any Origin back"
    } else {
        "allows the `null` origin (any site's sandboxed iframe)"
    };
    ctx.report(
        &CORS_CREDENTIALS_ANY_ORIGIN,
        ctx.at_header(a.ex, "access-control-allow-origin"),
        format!("{} {who} with Access-Control-Allow-Credentials: true: any website reads it with the visitor's cookies", a.ex.url),
        Some("allow only the origins that need it (CORS_ALLOWED_ORIGINS), or drop CORS_ALLOW_CREDENTIALS".into()),
    );
}
