//! DJS142: sessions that live for months.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{Num, V};

declare_rule! {
    /// ## What it does
    /// Reports a `SESSION_COOKIE_AGE` above 30 days (Django's default is two
    /// weeks).
    ///
    /// ## Why is this bad?
    /// A stolen session cookie — from a shared computer, a backup, a log —
    /// stays valid for the whole period, and users rarely log out.
    /// Information: long sessions are sometimes a product decision; pair
    /// them with re-authentication for sensitive actions.
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
    /// ```
    ///
    /// ## References
    /// - [Django: SESSION_COOKIE_AGE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-age)
    pub(crate) static SESSION_COOKIE_AGE_EXCESSIVE = {
        code: "DJS142",
        name: "session-cookie-age-excessive",
        severity: Info,
        django_id: None,
    };
}

const LIMIT: f64 = 30.0 * 24.0 * 3600.0;

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(value) = ctx.value("SESSION_COOKIE_AGE")? else {
        return Ok(());
    };
    let seconds = match golive_python::value_num(value) {
        Some(Num::I(i)) => i as f64,
        Some(Num::F(f)) => f,
        None => return Ok(()),
    };
    if matches!(value.v, V::Bool(_)) {
        return Ok(());
    }
    if seconds > LIMIT {
        ctx.report(
            &SESSION_COOKIE_AGE_EXCESSIVE,
            &["SESSION_COOKIE_AGE"],
            format!(
                "`SESSION_COOKIE_AGE` is {} days: a stolen session cookie stays valid that long",
                (seconds / 86400.0).round() as i64
            ),
            Some(
                "keep sessions to weeks, not months, and re-authenticate for sensitive actions"
                    .into(),
            ),
        );
    }
    Ok(())
}
