//! DJS136: production errors that reach nobody.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Reports settings where, with `DEBUG` off, server errors reach nobody:
    /// no `ADMINS` to e-mail, no `LOGGING` configuration with handlers, and
    /// no `sentry_sdk.init` call.
    ///
    /// ## Why is this bad?
    /// Django's default logging sends request errors only to
    /// `mail_admins` when `DEBUG` is off — and with `ADMINS` empty that sends
    /// nothing. The site fails with 500s and no one learns why. Information:
    /// the WSGI server's own logging may still catch tracebacks.
    ///
    /// ## Example
    /// ```python
    /// DEBUG = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// LOGGING = {
    ///     "version": 1,
    ///     "handlers": {"console": {"class": "logging.StreamHandler"}},
    ///     "root": {"handlers": ["console"], "level": "WARNING"},
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: Default logging configuration](https://docs.djangoproject.com/en/stable/ref/logging/#default-logging-configuration)
    pub(crate) static ERROR_REPORTING_MISSING = {
        code: "DJS136",
        name: "error-reporting-missing",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.truthy("DEBUG")? {
        return Ok(());
    }
    let admins = ctx.truthy("ADMINS")?;
    let logging = match ctx.value("LOGGING")? {
        Some(v) => match &v.v {
            V::Dict(d) => d
                .borrow()
                .get_str("handlers")
                .is_some_and(|h| h.truthy() != Some(false)),
            _ => true,
        },
        None => false,
    };
    let sentry = ctx.scenario.calls.iter().any(|c| {
        c.callee == "sentry_sdk.init"
            || c.callee.starts_with("rollbar.")
            || c.callee.starts_with("bugsnag.")
    });
    if !admins && !logging && !sentry {
        ctx.report(
            &ERROR_REPORTING_MISSING,
            &["LOGGING"],
            "with DEBUG off, server errors reach nobody: ADMINS is empty, LOGGING has no handlers, and no error tracker is initialised".into(),
            Some("configure LOGGING handlers, error tracking (Sentry), or ADMINS with a working email backend".into()),
        );
    }
    Ok(())
}
