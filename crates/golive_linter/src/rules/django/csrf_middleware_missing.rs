//! DJS003: Django's `security.W003`.

use crate::context::{CSRF_MIDDLEWARE, Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `django.middleware.csrf.CsrfViewMiddleware` is in
    /// `MIDDLEWARE`.
    ///
    /// ## Why is this bad?
    /// Without the middleware, no view is protected against cross-site
    /// request forgery unless each one is decorated with `csrf_protect` — and
    /// one forgotten decorator lets another site submit forms as your
    /// logged-in users.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.csrf.CsrfViewMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: Cross Site Request Forgery protection](https://docs.djangoproject.com/en/stable/ref/csrf/)
    pub(crate) static CSRF_MIDDLEWARE_MISSING = {
        code: "DJS003",
        name: "csrf-middleware-missing",
        severity: Warning,
        django_id: Some("security.W003"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(CSRF_MIDDLEWARE)? {
        ctx.report(
            &CSRF_MIDDLEWARE_MISSING,
            &["MIDDLEWARE"],
            "`MIDDLEWARE` does not contain `django.middleware.csrf.CsrfViewMiddleware`, so views are not protected against cross-site request forgery".into(),
            Some("add \"django.middleware.csrf.CsrfViewMiddleware\" to MIDDLEWARE".into()),
        );
    }
    Ok(())
}
