//! DJS144: mail sent from Django's placeholder `@localhost` addresses.

use crate::context::{
    Blocked, Checked, NON_DELIVERING_EMAIL_BACKENDS, SettingsContext, is_loopback_host,
};
use crate::rule::declare_rule;
use golive_python::Value;

declare_rule! {
    /// ## What it does
    /// Checks, when the project delivers email (a remote `EMAIL_HOST` or a
    /// non-development `EMAIL_BACKEND`), that `DEFAULT_FROM_EMAIL` and
    /// `SERVER_EMAIL` are not left at Django's defaults,
    /// `webmaster@localhost` and `root@localhost`.
    ///
    /// ## Why is this bad?
    /// `DEFAULT_FROM_EMAIL` is the sender of password-reset and other
    /// application mail; `SERVER_EMAIL` the sender of error reports to
    /// `ADMINS`. A `@localhost` sender fails SPF and DMARC, so providers
    /// reject the message or file it as spam: users never get their reset
    /// link, and the first sign of a production error is lost.
    ///
    /// ## Example
    /// ```python
    /// EMAIL_HOST = "smtp.example.com"
    /// EMAIL_USE_TLS = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EMAIL_HOST = "smtp.example.com"
    /// EMAIL_USE_TLS = True
    /// DEFAULT_FROM_EMAIL = "Shop <noreply@shop.example.com>"
    /// SERVER_EMAIL = "errors@shop.example.com"
    /// ```
    ///
    /// ## References
    /// - [Django: DEFAULT_FROM_EMAIL](https://docs.djangoproject.com/en/stable/ref/settings/#default-from-email)
    /// - [Django: SERVER_EMAIL](https://docs.djangoproject.com/en/stable/ref/settings/#server-email)
    pub(crate) static EMAIL_SENDER_DEFAULT = {
        code: "DJS144",
        name: "email-sender-default",
        severity: Warning,
        django_id: None,
    };
}

const PLACEHOLDERS: &[(&str, &str, &str)] = &[
    (
        "DEFAULT_FROM_EMAIL",
        "webmaster@localhost",
        "password-reset and other application mail",
    ),
    ("SERVER_EMAIL", "root@localhost", "error reports to ADMINS"),
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !delivers_mail(ctx)? {
        return Ok(());
    }
    for (setting, placeholder, carries) in PLACEHOLDERS {
        let Some(sender) = ctx.value(setting)?.and_then(Value::as_str) else {
            continue;
        };
        if sender.trim() == *placeholder {
            let how = if ctx.is_set(setting) {
                "is set to"
            } else {
                "is left at Django's default"
            };
            ctx.report(
                &EMAIL_SENDER_DEFAULT,
                &[setting],
                format!("`{setting}` {how} '{placeholder}': {carries} will fail SPF/DMARC and be rejected or marked as spam"),
                Some(format!("set {setting} to an address on a domain your mail provider is allowed to send for")),
            );
        }
    }
    Ok(())
}

/// Whether the project is configured to hand mail to something that
/// delivers it: a non-development backend chosen explicitly, or the default
/// SMTP backend pointed at a remote host.
fn delivers_mail(ctx: &SettingsContext) -> Result<bool, Blocked> {
    let backend = ctx
        .value("EMAIL_BACKEND")?
        .and_then(Value::as_str)
        .unwrap_or_default();
    if NON_DELIVERING_EMAIL_BACKENDS.contains(&backend) {
        return Ok(false);
    }
    if ctx.is_set("EMAIL_BACKEND") && backend != "django.core.mail.backends.smtp.EmailBackend" {
        return Ok(true);
    }
    let host = ctx
        .value("EMAIL_HOST")?
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(ctx.is_set("EMAIL_HOST") && !host.is_empty() && !is_loopback_host(host))
}
