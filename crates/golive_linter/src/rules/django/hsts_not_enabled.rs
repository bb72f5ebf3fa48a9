//! DJS004: Django's `security.W004`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_HSTS_SECONDS` is set (truthy) when
    /// `SecurityMiddleware` is installed.
    ///
    /// ## Why is this bad?
    /// Without HTTP Strict Transport Security a browser will still try plain
    /// HTTP first, and an attacker on the network can intercept that first
    /// request (SSL stripping). HSTS tells browsers to use HTTPS only.
    /// It is hard to undo — browsers remember it for the whole duration — so
    /// start with a small value (3600) and raise it once the whole site,
    /// and every subdomain you include, works over HTTPS.
    ///
    /// ## Example
    /// ```python
    /// SECURE_HSTS_SECONDS = 0
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000  # one year, after a trial with 3600
    /// ```
    ///
    /// ## References
    /// - [Django: HTTP Strict Transport Security](https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security)
    pub(crate) static HSTS_NOT_ENABLED = {
        code: "DJS004",
        name: "hsts-not-enabled",
        severity: Warning,
        django_id: Some("security.W004"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(SECURITY_MIDDLEWARE)? && !ctx.truthy("SECURE_HSTS_SECONDS")? {
        ctx.report(
            &HSTS_NOT_ENABLED,
            &["SECURE_HSTS_SECONDS"],
            format!("`SECURE_HSTS_SECONDS` is {}, so browsers are not told to use HTTPS only (HSTS)", ctx.describe("SECURE_HSTS_SECONDS")),
            Some("if the whole site is served over HTTPS, set SECURE_HSTS_SECONDS (start at 3600, then 31536000); HSTS is hard to undo".into()),
        );
    }
    Ok(())
}
