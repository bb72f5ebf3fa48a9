//! DJS021: Django's `security.W021`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, not_true_because};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_HSTS_PRELOAD` is `True` when HSTS is enabled and
    /// `SecurityMiddleware` is installed.
    ///
    /// ## Why is this bad?
    /// Without `preload` the site cannot be submitted to the browsers' HSTS
    /// preload list, so a user's very first visit can still be intercepted
    /// over plain HTTP. Preloading needs `SECURE_HSTS_SECONDS` of at least one
    /// year and `includeSubDomains`, and is very hard to undo.
    ///
    /// ## Example
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_HSTS_SECONDS = 31536000
    /// SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    /// SECURE_HSTS_PRELOAD = True
    /// ```
    ///
    /// ## References
    /// - [Django: SECURE_HSTS_PRELOAD](https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload)
    /// - [hstspreload.org](https://hstspreload.org/)
    pub(crate) static HSTS_PRELOAD_DISABLED = {
        code: "DJS021",
        name: "hsts-preload-disabled",
        severity: Warning,
        django_id: Some("security.W021"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(SECURITY_MIDDLEWARE)?
        && ctx.truthy("SECURE_HSTS_SECONDS")?
        && !ctx.is_true("SECURE_HSTS_PRELOAD")?
    {
        let why = not_true_because(ctx.value("SECURE_HSTS_PRELOAD")?);
        ctx.report(
            &HSTS_PRELOAD_DISABLED,
            &["SECURE_HSTS_PRELOAD"],
            match why {
                Some(w) => format!("`SECURE_HSTS_PRELOAD` is not `True`: {w}"),
                None => format!(
                    "`SECURE_HSTS_PRELOAD` is {}, so the site cannot be submitted to the browsers' HSTS preload list",
                    ctx.describe("SECURE_HSTS_PRELOAD")
                ),
            },
            Some("set SECURE_HSTS_PRELOAD = True once HSTS runs for a year with subdomains included".into()),
        );
    }
    Ok(())
}
