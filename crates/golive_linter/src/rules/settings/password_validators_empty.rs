//! DJS122: any password accepted.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `AUTH_PASSWORD_VALIDATORS` is not empty when
    /// `django.contrib.auth` is installed.
    ///
    /// ## Why is this bad?
    /// Django's default is an empty list: users (staff included) can choose
    /// `1234` or their user name. `startproject` writes four validators;
    /// projects that start from scratch often have none.
    ///
    /// ## Example
    /// ```python
    /// AUTH_PASSWORD_VALIDATORS = []
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// AUTH_PASSWORD_VALIDATORS = [
    ///     {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    ///     {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    ///     {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ///     {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: Password validation](https://docs.djangoproject.com/en/stable/topics/auth/passwords/#module-django.contrib.auth.password_validation)
    pub(crate) static PASSWORD_VALIDATORS_EMPTY = {
        code: "DJS122",
        name: "password-validators-empty",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.installed("django.contrib.auth")? && !ctx.truthy("AUTH_PASSWORD_VALIDATORS")? {
        ctx.report(
            &PASSWORD_VALIDATORS_EMPTY,
            &["AUTH_PASSWORD_VALIDATORS"],
            format!(
                "`AUTH_PASSWORD_VALIDATORS` is {}: any password is accepted",
                ctx.describe("AUTH_PASSWORD_VALIDATORS")
            ),
            Some("add Django's four standard validators".into()),
        );
    }
    Ok(())
}
