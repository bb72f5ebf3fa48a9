//! DJS116: exceptions escaping Django's error handling.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `DEBUG_PROPAGATE_EXCEPTIONS` is off.
    ///
    /// ## Why is this bad?
    /// With it on, Django does not turn unhandled exceptions into a 500
    /// page: the exception reaches the WSGI server, which may show its own
    /// traceback page, and Django's error logging and `ADMINS` emails are
    /// skipped. It exists for test harnesses.
    ///
    /// ## Example
    /// ```python
    /// DEBUG_PROPAGATE_EXCEPTIONS = True
    /// ```
    ///
    /// Use instead: remove the setting (Django's default is `False`).
    ///
    /// ## References
    /// - [Django: DEBUG_PROPAGATE_EXCEPTIONS](https://docs.djangoproject.com/en/stable/ref/settings/#debug-propagate-exceptions)
    pub(crate) static DEBUG_PROPAGATE_EXCEPTIONS = {
        code: "DJS116",
        name: "debug-propagate-exceptions",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.truthy("DEBUG_PROPAGATE_EXCEPTIONS")? {
        ctx.report(
            &DEBUG_PROPAGATE_EXCEPTIONS,
            &["DEBUG_PROPAGATE_EXCEPTIONS"],
            "`DEBUG_PROPAGATE_EXCEPTIONS` is on: unhandled exceptions bypass Django's 500 page, logging and error emails".into(),
            Some("remove the setting".into()),
        );
    }
    Ok(())
}
