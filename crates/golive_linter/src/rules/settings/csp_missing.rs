//! DJS143: no Content Security Policy at all.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports settings that configure no Content Security Policy: neither
    /// django-csp (`CSP_*` settings or `CONTENT_SECURITY_POLICY`, with its
    /// middleware) nor, on Django 6.0+, `SECURE_CSP` with
    /// `ContentSecurityPolicyMiddleware`.
    ///
    /// ## Why is this bad?
    /// A CSP is the second line of defence against cross-site scripting:
    /// when an escaping bug lets a script into a page, the policy stops it
    /// from running or from sending data away. Information: the policy may
    /// also be set by the proxy, which golive checks with the proxy layer.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", ...]
    /// ```
    ///
    /// Use instead (Django 6.0+):
    /// ```python
    /// MIDDLEWARE += ["django.middleware.csp.ContentSecurityPolicyMiddleware"]
    /// SECURE_CSP = {"default-src": [CSP.SELF]}
    /// ```
    ///
    /// ## References
    /// - [Django: Content Security Policy](https://docs.djangoproject.com/en/6.0/ref/csp/)
    /// - [django-csp](https://django-csp.readthedocs.io/)
    pub(crate) static CSP_MISSING = {
        code: "DJS143",
        name: "csp-missing",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    // Any middleware that names CSP, or a policy setting of any flavour,
    // counts: a project's own CSP middleware reads its own settings.
    let csp_middleware = ctx
        .known("MIDDLEWARE")?
        .and_then(|m| m.elements())
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m.as_str().map(str::to_ascii_lowercase))
        .any(|m| m.contains("csp") || m.contains("contentsecuritypolicy"));
    let policy = [
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
        "CSP_DEFAULT_SRC",
        "CSP_SCRIPT_SRC",
    ]
    .iter()
    .any(|n| ctx.is_set(n))
        || (ctx.at_least(6, 0)
            && (ctx.truthy("SECURE_CSP")? || ctx.truthy("SECURE_CSP_REPORT_ONLY")?));
    if !csp_middleware && !policy {
        ctx.report(
            &CSP_MISSING,
            &["MIDDLEWARE"],
            "no Content Security Policy is configured (neither django-csp nor Django's SECURE_CSP with its middleware)".into(),
            Some(if ctx.at_least(6, 0) {
                "add ContentSecurityPolicyMiddleware and a SECURE_CSP policy".into()
            } else {
                "add django-csp (csp.middleware.CSPMiddleware) with a policy, or set the header at the proxy".into()
            }),
        );
    }
    Ok(())
}
