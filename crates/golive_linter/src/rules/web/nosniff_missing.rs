//! WEB007: no X-Content-Type-Options: nosniff.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page without `X-Content-Type-Options: nosniff`.
    ///
    /// ## Why is this bad?
    /// Browsers may then guess a response's type from its content, and run
    /// an uploaded file as a script or a page. Django's `SecurityMiddleware`
    /// sends it by default (`SECURE_CONTENT_TYPE_NOSNIFF`).
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `X-Content-Type-Options`.
    ///
    /// Use instead: `X-Content-Type-Options: nosniff`.
    ///
    /// ## References
    /// - [Django: X-Content-Type-Options](https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff)
    pub(crate) static NOSNIFF_MISSING = {
        code: "WEB007",
        name: "nosniff-missing",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    if !page
        .header("x-content-type-options")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"))
    {
        ctx.report(
            &NOSNIFF_MISSING,
            ctx.at_status(page),
            format!(
                "{} is served without X-Content-Type-Options: nosniff",
                page.url
            ),
            Some("keep SecurityMiddleware with SECURE_CONTENT_TYPE_NOSNIFF = True".into()),
        );
    }
}
