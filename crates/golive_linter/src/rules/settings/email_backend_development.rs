//! DJS110: mail that is never delivered.

use crate::context::{Checked, NON_DELIVERING_EMAIL_BACKENDS, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `EMAIL_BACKEND` is not one of Django's development
    /// backends: console, file-based or locmem. The dummy backend is a
    /// deliberate choice to send nothing and is not reported. (On Django
    /// 6.1, `MAILERS` is checked by DJS032, Django's own mail.E001.)
    ///
    /// ## Why is this bad?
    /// Password resets, account confirmations and the error reports sent to
    /// `ADMINS` are printed to a log, written to disk, kept in memory or
    /// dropped — users cannot recover accounts and nobody hears of errors.
    ///
    /// ## Example
    /// ```python
    /// EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    /// ```
    ///
    /// ## References
    /// - [Django: Email backends](https://docs.djangoproject.com/en/stable/topics/email/#email-backends)
    pub(crate) static EMAIL_BACKEND_DEVELOPMENT = {
        code: "DJS110",
        name: "email-backend-development",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.is_set("EMAIL_BACKEND") {
        return Ok(());
    }
    // The dummy backend is a deliberate "send nothing", not a development
    // leftover.
    if let Some(backend) = ctx.value("EMAIL_BACKEND")?.and_then(|v| v.as_str())
        && NON_DELIVERING_EMAIL_BACKENDS.contains(&backend)
        && backend != "django.core.mail.backends.dummy.EmailBackend"
    {
        ctx.report(
            &EMAIL_BACKEND_DEVELOPMENT,
            &["EMAIL_BACKEND"],
            format!(
                "`EMAIL_BACKEND` is the development backend '{backend}': no email is delivered"
            ),
            Some(
                "use django.core.mail.backends.smtp.EmailBackend or your provider's backend".into(),
            ),
        );
    }
    Ok(())
}
