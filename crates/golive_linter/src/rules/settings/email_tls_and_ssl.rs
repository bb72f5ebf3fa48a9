//! DJS120: SMTP told to use both TLS modes.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `EMAIL_USE_TLS` and `EMAIL_USE_SSL` are not both on.
    ///
    /// ## Why is this bad?
    /// They are mutually exclusive (STARTTLS on port 587 vs. implicit TLS on
    /// port 465): Django raises `ValueError` the first time it sends mail —
    /// a password reset, an error report — not at start-up.
    ///
    /// ## Example
    /// ```python
    /// EMAIL_USE_TLS = True
    /// EMAIL_USE_SSL = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EMAIL_PORT = 587
    /// EMAIL_USE_TLS = True
    /// ```
    ///
    /// ## References
    /// - [Django: EMAIL_USE_SSL](https://docs.djangoproject.com/en/stable/ref/settings/#email-use-ssl)
    pub(crate) static EMAIL_TLS_AND_SSL = {
        code: "DJS120",
        name: "email-tls-and-ssl",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.truthy("EMAIL_USE_TLS")? && ctx.truthy("EMAIL_USE_SSL")? {
        ctx.report(
            &EMAIL_TLS_AND_SSL,
            &["EMAIL_USE_SSL", "EMAIL_USE_TLS"],
            "`EMAIL_USE_TLS` and `EMAIL_USE_SSL` are both on: Django raises ValueError when it first sends mail".into(),
            Some("use EMAIL_USE_TLS with port 587, or EMAIL_USE_SSL with port 465".into()),
        );
    }
    Ok(())
}
