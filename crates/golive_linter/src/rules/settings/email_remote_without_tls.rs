//! DJS140: SMTP to a remote host in clear text.

use crate::context::{Checked, SettingsContext, is_loopback_host};
use crate::rule::declare_rule;
use golive_python::Value;

declare_rule! {
    /// ## What it does
    /// Checks that Django's SMTP backend talking to a remote `EMAIL_HOST`
    /// uses `EMAIL_USE_TLS` (STARTTLS, port 587) or `EMAIL_USE_SSL`
    /// (implicit TLS, port 465).
    ///
    /// ## Why is this bad?
    /// The SMTP login (`EMAIL_HOST_USER` / `EMAIL_HOST_PASSWORD`) and every
    /// message — password-reset links included — cross the network in
    /// clear text.
    ///
    /// ## Example
    /// ```python
    /// EMAIL_HOST = "smtp.example.com"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EMAIL_HOST = "smtp.example.com"
    /// EMAIL_PORT = 587
    /// EMAIL_USE_TLS = True
    /// ```
    ///
    /// ## References
    /// - [Django: EMAIL_USE_TLS](https://docs.djangoproject.com/en/stable/ref/settings/#email-use-tls)
    pub(crate) static EMAIL_REMOTE_WITHOUT_TLS = {
        code: "DJS140",
        name: "email-remote-without-tls",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.value("EMAIL_BACKEND")?.and_then(Value::as_str)
        != Some("django.core.mail.backends.smtp.EmailBackend")
    {
        return Ok(());
    }
    let Some(host) = ctx
        .value("EMAIL_HOST")?
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Ok(());
    };
    if host.is_empty() || is_loopback_host(&host) {
        return Ok(());
    }
    if !ctx.truthy("EMAIL_USE_TLS")? && !ctx.truthy("EMAIL_USE_SSL")? {
        ctx.report(
            &EMAIL_REMOTE_WITHOUT_TLS,
            &["EMAIL_HOST"],
            format!("mail goes to {host} over SMTP without TLS: the SMTP password and every message travel in clear text"),
            Some("set EMAIL_USE_TLS = True with EMAIL_PORT = 587 (or EMAIL_USE_SSL with 465)".into()),
        );
    }
    Ok(())
}
