//! WEB010: no Content-Security-Policy.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page served without `Content-Security-Policy` (nor its
    /// `-Report-Only` variant). Information: many Django sites have none
    /// yet, and adding one takes work; the grade counts it as Observatory
    /// does.
    ///
    /// ## Why is this bad?
    /// Without a policy, any injected `<script>` runs. Django 6.0 has
    /// `SECURE_CSP` built in; django-csp covers older releases.
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `Content-Security-Policy`.
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; frame-ancestors 'none'`.
    ///
    /// ## References
    /// - [Django 6.0: Content Security Policy](https://docs.djangoproject.com/en/dev/ref/csp/)
    pub(crate) static CSP_MISSING_LIVE = {
        code: "WEB010",
        name: "csp-missing-live",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    if page.header("content-security-policy").is_none()
        && page.header("content-security-policy-report-only").is_none()
    {
        ctx.report(
            &CSP_MISSING_LIVE,
            ctx.at_status(page),
            format!("{} is served without a Content-Security-Policy", page.url),
            Some("add a policy (Django 6.0 SECURE_CSP, or django-csp), starting with default-src 'self'".into()),
        );
    }
}
