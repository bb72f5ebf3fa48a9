//! DJS001: Django's `security.W001`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `django.middleware.security.SecurityMiddleware` is in
    /// `MIDDLEWARE`, by its exact dotted path, as Django's check does.
    ///
    /// ## Why is this bad?
    /// Without the middleware, `SECURE_HSTS_SECONDS`, `SECURE_SSL_REDIRECT`,
    /// `SECURE_CONTENT_TYPE_NOSNIFF`, `SECURE_REFERRER_POLICY` and
    /// `SECURE_CROSS_ORIGIN_OPENER_POLICY` do nothing: the headers are never
    /// sent, whatever the settings say. A subclass under another path does
    /// not count for Django's check either, and it silences every check the
    /// middleware gates (DJS004–DJS008, DJS021–DJS024).
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.common.CommonMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.common.CommonMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: SecurityMiddleware](https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security)
    pub(crate) static SECURITY_MIDDLEWARE_MISSING = {
        code: "DJS001",
        name: "security-middleware-missing",
        severity: Warning,
        django_id: Some("security.W001"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(SECURITY_MIDDLEWARE)? {
        ctx.report(
            &SECURITY_MIDDLEWARE_MISSING,
            &["MIDDLEWARE"],
            "`MIDDLEWARE` does not contain `django.middleware.security.SecurityMiddleware`, so the HSTS, SSL-redirect, nosniff, Referrer-Policy and COOP settings have no effect".into(),
            Some("add \"django.middleware.security.SecurityMiddleware\" as the first entry of MIDDLEWARE".into()),
        );
    }
    Ok(())
}
