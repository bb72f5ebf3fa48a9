//! DJS016: Django's `security.W016`.

use crate::context::{CSRF_MIDDLEWARE, Checked, SettingsContext, not_true_because};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `CSRF_COOKIE_SECURE` is `True` when `CsrfViewMiddleware` is
    /// active and the token is kept in a cookie (`CSRF_USE_SESSIONS` off).
    ///
    /// ## Why is this bad?
    /// A CSRF cookie without `Secure` is also sent over plain HTTP, where a
    /// network attacker can read it — and, for a site without HSTS, set it —
    /// which weakens the CSRF protection.
    ///
    /// ## Example
    /// ```python
    /// CSRF_COOKIE_SECURE = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CSRF_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - [Django: CSRF_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure)
    pub(crate) static CSRF_COOKIE_NOT_SECURE = {
        code: "DJS016",
        name: "csrf-cookie-not-secure",
        severity: Warning,
        django_id: Some("security.W016"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(CSRF_MIDDLEWARE)?
        && !ctx.truthy("CSRF_USE_SESSIONS")?
        && !ctx.is_true("CSRF_COOKIE_SECURE")?
    {
        let why = not_true_because(ctx.value("CSRF_COOKIE_SECURE")?);
        ctx.report(
            &CSRF_COOKIE_NOT_SECURE,
            &["CSRF_COOKIE_SECURE"],
            match why {
                Some(w) => format!("`CSRF_COOKIE_SECURE` is not `True`: {w}"),
                None => format!(
                    "`CSRF_COOKIE_SECURE` is {}, so the CSRF cookie is also sent over plain HTTP",
                    ctx.describe("CSRF_COOKIE_SECURE")
                ),
            },
            Some("set CSRF_COOKIE_SECURE = True".into()),
        );
    }
    Ok(())
}
