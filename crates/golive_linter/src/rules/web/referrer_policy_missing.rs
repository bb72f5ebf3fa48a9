//! WEB008: no Referrer-Policy.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a page without a `Referrer-Policy` header, or with
    /// `unsafe-url` or `no-referrer-when-downgrade`.
    ///
    /// ## Why is this bad?
    /// Full URLs — with tokens, search terms, ids — leak to every site the
    /// page links to or loads resources from. Django sends `same-origin` by
    /// default (`SECURE_REFERRER_POLICY`).
    ///
    /// ## Example
    /// `GET https://shop.example.com/` → no `Referrer-Policy`.
    ///
    /// Use instead: `Referrer-Policy: same-origin`.
    ///
    /// ## References
    /// - [Django: Referrer-Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy)
    pub(crate) static REFERRER_POLICY_MISSING_LIVE = {
        code: "WEB008",
        name: "referrer-policy-missing-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    match page.header("referrer-policy") {
        None => ctx.report(
            &REFERRER_POLICY_MISSING_LIVE,
            ctx.at_status(page),
            format!("{} is served without a Referrer-Policy", page.url),
            Some("keep SecurityMiddleware with SECURE_REFERRER_POLICY = \"same-origin\"".into()),
        ),
        Some(v)
            if v.split(',').any(|p| {
                matches!(
                    p.trim().to_ascii_lowercase().as_str(),
                    "unsafe-url" | "no-referrer-when-downgrade"
                )
            }) =>
        {
            ctx.report(
                &REFERRER_POLICY_MISSING_LIVE,
                ctx.at_header(page, "referrer-policy"),
                format!("Referrer-Policy `{v}` sends full URLs to other sites"),
                Some("use same-origin or strict-origin-when-cross-origin".into()),
            )
        }
        Some(_) => {}
    }
}
