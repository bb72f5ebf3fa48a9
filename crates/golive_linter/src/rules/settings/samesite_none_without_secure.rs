//! DJS112: cross-site cookies that browsers reject.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that a session or CSRF cookie with `SameSite=None` is also
    /// `Secure`.
    ///
    /// ## Why is this bad?
    /// Browsers reject `SameSite=None` cookies without `Secure`: logins and
    /// form posts break. And a cookie sent on every cross-site request is
    /// exactly the one that must never travel over plain HTTP.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_SAMESITE = "None"
    /// SESSION_COOKIE_SECURE = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_SAMESITE = "None"
    /// SESSION_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_SAMESITE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite)
    pub(crate) static SAMESITE_NONE_WITHOUT_SECURE = {
        code: "DJS112",
        name: "samesite-none-without-secure",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (samesite, secure) in [
        ("SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE"),
        ("CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE"),
    ] {
        let is_none = matches!(ctx.value(samesite)?.map(|v| &v.v), Some(V::Str(s)) if s.eq_ignore_ascii_case("none"));
        if is_none && !ctx.truthy(secure)? {
            ctx.report_keyed(
                &SAMESITE_NONE_WITHOUT_SECURE,
                &[samesite, secure],
                format!("`{samesite}` is 'None' but `{secure}` is off: browsers reject the cookie"),
                Some(format!("set {secure} = True")),
                Some(samesite.to_string()),
            );
        }
    }
    Ok(())
}
