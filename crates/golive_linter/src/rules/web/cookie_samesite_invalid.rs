//! WEB039: a SameSite attribute browsers do not understand.

use super::{ProbeContext, cookies_once};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `Set-Cookie` whose `SameSite` value is not `Strict`, `Lax`
    /// or `None` (compared case-insensitively, as browsers do): a typo, an
    /// empty value, `SameSite=true`. Each cookie is reported once.
    ///
    /// ## Why is this bad?
    /// Browsers ignore an unknown value and apply their default (RFC 6265bis
    /// "Default" enforcement): Lax in Chromium, but sent on cross-site
    /// requests by browsers that do not default to Lax. The cross-site
    /// protection the site meant to ask for is not what it gets. The HTTP
    /// Observatory penalises invalid `SameSite` values by 20 points.
    ///
    /// ## Example
    /// `Set-Cookie: sessionid=…; Secure; HttpOnly; SameSite=Stric`.
    ///
    /// Use instead: `SESSION_COOKIE_SAMESITE = "Lax"` (or `"Strict"`).
    ///
    /// ## References
    /// - [RFC 6265bis: the SameSite attribute](https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#name-the-samesite-attribute-2)
    /// - [Django: SESSION_COOKIE_SAMESITE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite)
    pub(crate) static COOKIE_SAMESITE_INVALID = {
        code: "WEB039",
        name: "cookie-samesite-invalid",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let invalid = |_: &golive_probe::Exchange, c: &super::Cookie| {
        c.same_site.clone().filter(|s| {
            !["strict", "lax", "none"]
                .iter()
                .any(|v| s.eq_ignore_ascii_case(v))
        })
    };
    for (ex, i, c, value) in cookies_once(ctx.obs, invalid) {
        ctx.report(
            &COOKIE_SAMESITE_INVALID,
            ctx.at_header_index(ex, i),
            format!("cookie `{}` has SameSite=`{value}`, which browsers ignore: the browser's default applies instead", c.name),
            Some("use SameSite=Lax or Strict (SESSION_COOKIE_SAMESITE / CSRF_COOKIE_SAMESITE)".into()),
        );
    }
}
