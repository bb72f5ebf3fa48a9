//! DJS010, DJS011, DJS012: Django's `security.W010`–`W012`, one check.

use crate::context::{
    Checked, SESSION_MIDDLEWARE, SESSIONS_APP, SettingsContext, not_true_because,
};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_SECURE` is `True` when
    /// `django.contrib.sessions` is in `INSTALLED_APPS` but `SessionMiddleware`
    /// is not in `MIDDLEWARE`. (With both, DJS012 reports instead.)
    ///
    /// ## Why is this bad?
    /// A session cookie without the `Secure` flag is sent over plain HTTP
    /// too, where anyone on the network can read it and take over the session.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_SECURE = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
    pub(crate) static SESSION_COOKIE_NOT_SECURE_APP = {
        code: "DJS010",
        name: "session-cookie-not-secure-app",
        severity: Warning,
        django_id: Some("security.W010"),
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_SECURE` is `True` when `SessionMiddleware`
    /// is in `MIDDLEWARE` but `django.contrib.sessions` is not in
    /// `INSTALLED_APPS` (by that exact name: an AppConfig path does not count
    /// for Django's check).
    ///
    /// ## Why is this bad?
    /// A session cookie without the `Secure` flag is sent over plain HTTP
    /// too, where anyone on the network can read it and take over the session.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_SECURE = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
    pub(crate) static SESSION_COOKIE_NOT_SECURE_MIDDLEWARE = {
        code: "DJS011",
        name: "session-cookie-not-secure-middleware",
        severity: Warning,
        django_id: Some("security.W011"),
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_COOKIE_SECURE` is `True` when sessions are in use
    /// (`django.contrib.sessions` installed and `SessionMiddleware` active).
    /// Django compares with `is True`, so `"True"` read from the environment
    /// without a cast still fails — and golive says so.
    ///
    /// ## Why is this bad?
    /// A session cookie without the `Secure` flag is sent over plain HTTP
    /// too, where anyone on the network can read it and take over the session.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "True")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
    pub(crate) static SESSION_COOKIE_NOT_SECURE = {
        code: "DJS012",
        name: "session-cookie-not-secure",
        severity: Warning,
        django_id: Some("security.W012"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.is_true("SESSION_COOKIE_SECURE")? {
        return Ok(());
    }
    let app = ctx.installed(SESSIONS_APP)?;
    let mw = ctx.middleware(SESSION_MIDDLEWARE)?;
    let rule = match (app, mw) {
        (true, true) => &SESSION_COOKIE_NOT_SECURE,
        (true, false) => &SESSION_COOKIE_NOT_SECURE_APP,
        (false, true) => &SESSION_COOKIE_NOT_SECURE_MIDDLEWARE,
        (false, false) => return Ok(()),
    };
    let why = not_true_because(ctx.value("SESSION_COOKIE_SECURE")?);
    ctx.report(
        rule,
        &["SESSION_COOKIE_SECURE"],
        match why {
            Some(w) => format!("`SESSION_COOKIE_SECURE` is not `True`: {w}"),
            None => format!(
                "`SESSION_COOKIE_SECURE` is {}, so the session cookie is also sent over plain HTTP",
                ctx.describe("SESSION_COOKIE_SECURE")
            ),
        },
        Some("set SESSION_COOKIE_SECURE = True".into()),
    );
    Ok(())
}
