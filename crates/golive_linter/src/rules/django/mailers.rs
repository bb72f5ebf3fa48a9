//! DJS032 and DJS033: Django 6.1's `mail.E001` and `mail.W001`.

use crate::context::{Blocked, Checked, NON_DELIVERING_EMAIL_BACKENDS, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// On Django 6.1+, checks that `MAILERS["default"]["BACKEND"]` is not a
    /// development backend: console, dummy, file-based or locmem.
    ///
    /// ## Why is this bad?
    /// Password resets, error reports to `ADMINS` and every other email are
    /// printed, written to disk, kept in memory or thrown away instead of
    /// sent. Django 6.1's `startproject` writes a console mailer, so a new
    /// project fails this check — and `check --deploy` exits 1.
    ///
    /// ## Example
    /// ```python
    /// MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    /// ```
    ///
    /// ## References
    /// - [Django 6.1: MAILERS](https://docs.djangoproject.com/en/6.1/ref/settings/#mailers)
    pub(crate) static MAILERS_DEVELOPMENT_BACKEND = {
        code: "DJS032",
        name: "mailers-development-backend",
        severity: Error,
        django_id: Some("mail.E001"),
        since_django: (6, 1),
    };
}

declare_rule! {
    /// ## What it does
    /// On Django 6.1+, checks that `MAILERS`, when set, has a `"default"`
    /// entry.
    ///
    /// ## Why is this bad?
    /// Code that sends mail without naming a mailer — Django's own password
    /// reset and error emails included — uses `"default"` and fails.
    ///
    /// ## Example
    /// ```python
    /// MAILERS = {"transactional": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    /// ```
    ///
    /// ## References
    /// - [Django 6.1: MAILERS](https://docs.djangoproject.com/en/6.1/ref/settings/#mailers)
    pub(crate) static MAILERS_NO_DEFAULT = {
        code: "DJS033",
        name: "mailers-no-default",
        severity: Warning,
        django_id: Some("mail.W001"),
        since_django: (6, 1),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.at_least(6, 1) || !ctx.is_set("MAILERS") {
        return Ok(());
    }
    let Some(mailers) = ctx.value("MAILERS")? else {
        return Ok(());
    };
    let V::Dict(d) = &mailers.v else {
        return Ok(());
    };
    let d = d.borrow();
    let Some(default) = d.get_str("default") else {
        if d.entries.iter().any(|(k, _)| k.is_unknown()) {
            return Err(Blocked {
                setting: "MAILERS".into(),
                reason: "a mailer alias golive cannot know".into(),
            });
        }
        let hint = if d.entries.is_empty() {
            "add a 'default' entry to MAILERS"
        } else {
            "add a 'default' entry to MAILERS, or pass `using` to every mail call"
        };
        ctx.report(
            &MAILERS_NO_DEFAULT,
            &["MAILERS"],
            "`MAILERS` has no 'default' entry".into(),
            Some(hint.into()),
        );
        return Ok(());
    };
    let V::Dict(cfg) = &default.v else {
        return Ok(());
    };
    let cfg = cfg.borrow();
    let Some(backend) = cfg.get_str("BACKEND") else {
        return Ok(());
    };
    if let Some(r) = backend.first_unknown() {
        return Err(Blocked {
            setting: "MAILERS".into(),
            reason: r.to_string(),
        });
    }
    if let Some(b) = backend.as_str()
        && NON_DELIVERING_EMAIL_BACKENDS.contains(&b)
    {
        ctx.report(
            &MAILERS_DEVELOPMENT_BACKEND,
            &["MAILERS"],
            format!("the 'default' mailer uses the development-only backend '{b}': no email is delivered"),
            Some("use a production backend such as django.core.mail.backends.smtp.EmailBackend".into()),
        );
    }
    Ok(())
}
