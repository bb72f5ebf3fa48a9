//! DJS013, DJS014, DJS015: Django's `security.W013`–`W015`, one check.

use crate::context::{
    Checked, SESSION_MIDDLEWARE, SESSIONS_APP, SettingsContext, not_true_because,
};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_HTTPONLY` is `True` (Django's default) when
    /// `django.contrib.sessions` is installed but `SessionMiddleware` is not
    /// in `MIDDLEWARE`.
    ///
    /// ## Why is this bad?
    /// Without `HttpOnly`, any script running in the page — including one
    /// injected through a cross-site scripting hole — can read the session
    /// cookie and send it elsewhere.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_HTTPONLY = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # Leave it at Django's default (True).
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_HTTPONLY](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly)
    pub(crate) static SESSION_COOKIE_NOT_HTTPONLY_APP = {
        code: "DJS013",
        name: "session-cookie-not-httponly-app",
        severity: Warning,
        django_id: Some("security.W013"),
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_HTTPONLY` is `True` when `SessionMiddleware`
    /// is active but `django.contrib.sessions` is not in `INSTALLED_APPS`.
    ///
    /// ## Why is this bad?
    /// Without `HttpOnly`, any script running in the page can read the
    /// session cookie and send it elsewhere.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_HTTPONLY = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # Leave it at Django's default (True).
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_HTTPONLY](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly)
    pub(crate) static SESSION_COOKIE_NOT_HTTPONLY_MIDDLEWARE = {
        code: "DJS014",
        name: "session-cookie-not-httponly-middleware",
        severity: Warning,
        django_id: Some("security.W014"),
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_HTTPONLY` is `True` when sessions are in use
    /// (app installed and middleware active).
    ///
    /// ## Why is this bad?
    /// Without `HttpOnly`, any script running in the page — including one
    /// injected through a cross-site scripting hole — can read the session
    /// cookie and send it elsewhere.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_HTTPONLY = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # Leave it at Django's default (True).
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_HTTPONLY](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly)
    pub(crate) static SESSION_COOKIE_NOT_HTTPONLY = {
        code: "DJS015",
        name: "session-cookie-not-httponly",
        severity: Warning,
        django_id: Some("security.W015"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.is_true("SESSION_COOKIE_HTTPONLY")? {
        return Ok(());
    }
    let app = ctx.installed(SESSIONS_APP)?;
    let mw = ctx.middleware(SESSION_MIDDLEWARE)?;
    let rule = match (app, mw) {
        (true, true) => &SESSION_COOKIE_NOT_HTTPONLY,
        (true, false) => &SESSION_COOKIE_NOT_HTTPONLY_APP,
        (false, true) => &SESSION_COOKIE_NOT_HTTPONLY_MIDDLEWARE,
        (false, false) => return Ok(()),
    };
    let why = not_true_because(ctx.value("SESSION_COOKIE_HTTPONLY")?);
    ctx.report(
        rule,
        &["SESSION_COOKIE_HTTPONLY"],
        match why {
            Some(w) => format!("`SESSION_COOKIE_HTTPONLY` is not `True`: {w}"),
            None => format!("`SESSION_COOKIE_HTTPONLY` is {}, so scripts in the page can read the session cookie", ctx.describe("SESSION_COOKIE_HTTPONLY")),
        },
        Some("remove the setting (Django's default is True) or set it to True".into()),
    );
    Ok(())
}
