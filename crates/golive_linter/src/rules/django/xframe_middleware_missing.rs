//! DJS002: Django's `security.W002`.

use crate::context::{Checked, SettingsContext, XFRAME_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `django.middleware.clickjacking.XFrameOptionsMiddleware`
    /// is in `MIDDLEWARE`.
    ///
    /// ## Why is this bad?
    /// Without it no response carries an `X-Frame-Options` header, so any
    /// site can frame yours and trick users into clicking through it
    /// (clickjacking) — unless a `frame-ancestors` Content Security Policy or
    /// the proxy sets the header instead.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.middleware.clickjacking.XFrameOptionsMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: Clickjacking protection](https://docs.djangoproject.com/en/stable/ref/clickjacking/)
    pub(crate) static XFRAME_MIDDLEWARE_MISSING = {
        code: "DJS002",
        name: "xframe-options-middleware-missing",
        severity: Warning,
        django_id: Some("security.W002"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(XFRAME_MIDDLEWARE)? {
        ctx.report(
            &XFRAME_MIDDLEWARE_MISSING,
            &["MIDDLEWARE"],
            "`MIDDLEWARE` does not contain `django.middleware.clickjacking.XFrameOptionsMiddleware`, so responses carry no X-Frame-Options header".into(),
            Some("add \"django.middleware.clickjacking.XFrameOptionsMiddleware\" to MIDDLEWARE".into()),
        );
    }
    Ok(())
}
