//! WEB010: no enforced Content-Security-Policy (none, or only Report-Only).

use super::ProbeContext;
use super::csp;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page that no Content Security Policy protects: neither a
    /// `Content-Security-Policy` header nor a CSP
    /// `<meta http-equiv="Content-Security-Policy">` in its head. A policy
    /// sent only as `Content-Security-Policy-Report-Only` is reported too,
    /// and graded as no policy: browsers only send reports of what it would
    /// block, and block nothing. A `<meta>` policy counts (browsers enforce
    /// it), except in the body, where they ignore it.
    ///
    /// Information: many Django sites have no policy yet, and adding one
    /// takes work; the grade counts it (see `docs/grade.md`).
    ///
    /// ## Why is this bad?
    /// Without an enforced policy, any injected `<script>` runs. Report-Only
    /// is the right way to try a policy out, not to deploy it. Django 6.0 has
    /// `SECURE_CSP` (and `SECURE_CSP_REPORT_ONLY`) built in; django-csp
    /// covers older releases.
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → only `Content-Security-Policy-Report-Only: default-src 'self'`.
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`.
    ///
    /// ## References
    /// - [MDN: Content-Security-Policy-Report-Only](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy-Report-Only)
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
    if !csp::enforced(page).is_empty() {
        return;
    }
    if csp::report_only(page).is_empty() {
        ctx.report(
            &CSP_MISSING_LIVE,
            ctx.at_status(page),
            format!("{} is served without a Content-Security-Policy", page.url),
            Some("add a policy (Django 6.0 SECURE_CSP, or django-csp), starting with default-src 'self'".into()),
        );
    } else {
        ctx.report(
            &CSP_MISSING_LIVE,
            ctx.at_header(page, "content-security-policy-report-only"),
            format!("{} sends its policy only as Content-Security-Policy-Report-Only: browsers report violations and block nothing", page.url),
            Some("once the reports are clean, send the policy as Content-Security-Policy (Django 6.0: SECURE_CSP instead of SECURE_CSP_REPORT_ONLY)".into()),
        );
    }
}
