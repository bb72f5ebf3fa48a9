//! WEB009: no Content-Security-Policy, or one that allows inline scripts.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `Content-Security-Policy` whose `script-src` (or
    /// `default-src` when there is no `script-src`) allows
    /// `'unsafe-inline'` (without a nonce or hash), `'unsafe-eval'`, `*`,
    /// `http:` or `https:`. A missing policy is WEB010.
    ///
    /// ## Why is this bad?
    /// A CSP is the second line of defence against XSS: with a strict
    /// `script-src`, an injected `<script>` does not run. A policy that
    /// allows inline scripts or every host blocks nothing that matters.
    ///
    /// ## Example
    /// `Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'`.
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; script-src 'self'; frame-ancestors 'none'`.
    ///
    /// ## References
    /// - [Django 6.0: Content Security Policy](https://docs.djangoproject.com/en/dev/ref/csp/)
    /// - [MDN: CSP](https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP)
    pub(crate) static CSP_LIVE = {
        code: "WEB009",
        name: "csp-unsafe-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Some(policy) = page.header("content-security-policy") else {
        return;
    };
    let directive = |name: &str| {
        policy
            .split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .map(|d| d.split_whitespace().skip(1).collect::<Vec<_>>())
    };
    let Some(sources) = directive("script-src").or_else(|| directive("default-src")) else {
        return;
    };
    let weak: Vec<&str> = sources
        .iter()
        .copied()
        .filter(|s| {
            matches!(
                *s,
                "'unsafe-inline'" | "'unsafe-eval'" | "*" | "http:" | "https:"
            )
        })
        .collect();
    // 'unsafe-inline' is ignored by browsers when a nonce or hash is present.
    let has_nonce = sources
        .iter()
        .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
    let weak: Vec<&str> = weak
        .into_iter()
        .filter(|s| !(has_nonce && *s == "'unsafe-inline'"))
        .collect();
    if !weak.is_empty() {
        ctx.report(
            &CSP_LIVE,
            ctx.at_header(page, "content-security-policy"),
            format!(
                "the Content-Security-Policy allows scripts from {}",
                weak.join(", ")
            ),
            Some(
                "drop 'unsafe-inline'/'unsafe-eval' and wildcards from script-src; use nonces"
                    .into(),
            ),
        );
    }
}
