//! DJS146: LOGGING mails errors to ADMINS, but ADMINS is empty.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that when `LOGGING` configures Django's `AdminEmailHandler`
    /// (the usual `mail_admins` handler), `ADMINS` has someone in it.
    ///
    /// ## Why is this bad?
    /// `AdminEmailHandler` sends through `mail_admins()`, which returns
    /// without a word when `ADMINS` is empty. The configuration looks like
    /// error reporting, yet a production 500 reaches nobody.
    ///
    /// ## Example
    /// ```python
    /// ADMINS = []
    /// LOGGING = {
    ///     "version": 1,
    ///     "handlers": {"mail_admins": {"class": "django.utils.log.AdminEmailHandler"}},
    ///     "loggers": {"django.request": {"handlers": ["mail_admins"], "level": "ERROR"}},
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ADMINS = [("Ops", "ops@shop.example.com")]
    /// ```
    ///
    /// ## References
    /// - [Django: ADMINS](https://docs.djangoproject.com/en/stable/ref/settings/#admins)
    /// - [Django: AdminEmailHandler](https://docs.djangoproject.com/en/stable/ref/logging/#adminemailhandler)
    pub(crate) static MAIL_ADMINS_WITHOUT_ADMINS = {
        code: "DJS146",
        name: "mail-admins-without-admins",
        severity: Warning,
        django_id: None,
    };
}

const ADMIN_EMAIL_HANDLER: &str = "django.utils.log.AdminEmailHandler";

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let mailing: Vec<String> = ctx
        .logging_handlers()?
        .into_iter()
        .filter(|(_, handler)| {
            handler.get_str("class").and_then(|c| c.as_str()) == Some(ADMIN_EMAIL_HANDLER)
        })
        .map(|(name, _)| name)
        .collect();
    if mailing.is_empty() || ctx.truthy("ADMINS")? {
        return Ok(());
    }
    ctx.report(
        &MAIL_ADMINS_WITHOUT_ADMINS,
        &["LOGGING", "ADMINS"],
        format!("LOGGING handler '{}' mails errors to ADMINS, but ADMINS is empty: every error report is silently dropped", mailing.join("', '")),
        Some("list the people to mail in ADMINS, or drop the handler in favour of an error tracker".into()),
    );
    Ok(())
}
