//! DJS005: Django's `security.W005`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, not_true_because};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_HSTS_INCLUDE_SUBDOMAINS` is `True` when HSTS is
    /// enabled and `SecurityMiddleware` is installed.
    ///
    /// ## Why is this bad?
    /// HSTS without `includeSubDomains` leaves subdomains reachable over
    /// plain HTTP, where an attacker can set cookies for the parent domain
    /// (cookie tossing) or serve look-alike pages. Only enable it when every
    /// subdomain is served over HTTPS. Django compares with `is True`, so a
    /// string `"True"` from an environment variable does not count.
    ///
    /// ## Example
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_SUBDOMAINS", "True")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    /// ```
    ///
    /// ## References
    /// - [Django: SECURE_HSTS_INCLUDE_SUBDOMAINS](https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains)
    pub(crate) static HSTS_SUBDOMAINS_NOT_INCLUDED = {
        code: "DJS005",
        name: "hsts-subdomains-not-included",
        severity: Warning,
        django_id: Some("security.W005"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(SECURITY_MIDDLEWARE)?
        && ctx.truthy("SECURE_HSTS_SECONDS")?
        && !ctx.is_true("SECURE_HSTS_INCLUDE_SUBDOMAINS")?
    {
        let why = not_true_because(ctx.value("SECURE_HSTS_INCLUDE_SUBDOMAINS")?);
        ctx.report(
            &HSTS_SUBDOMAINS_NOT_INCLUDED,
            &["SECURE_HSTS_INCLUDE_SUBDOMAINS"],
            match why {
                Some(w) => format!("`SECURE_HSTS_INCLUDE_SUBDOMAINS` is not `True`: {w}"),
                None => format!("`SECURE_HSTS_INCLUDE_SUBDOMAINS` is {}, so HSTS does not cover subdomains", ctx.describe("SECURE_HSTS_INCLUDE_SUBDOMAINS")),
            },
            Some("set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain is served over HTTPS".into()),
        );
    }
    Ok(())
}
