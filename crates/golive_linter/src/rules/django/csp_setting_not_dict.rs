//! DJS026: Django's `security.E026` (Django 6.0+).

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_CSP` and `SECURE_CSP_REPORT_ONLY` (Django 6.0's
    /// built-in Content Security Policy) are dictionaries (or `None`).
    ///
    /// ## Why is this bad?
    /// Django refuses any other type: a policy written as a header string,
    /// `"default-src 'self'"`, is an error, and no policy is sent. On Django
    /// before 6.0 these settings do nothing at all.
    ///
    /// ## Example
    /// ```python
    /// SECURE_CSP = "default-src 'self'"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from django.utils.csp import CSP
    ///
    /// SECURE_CSP = {"default-src": [CSP.SELF]}
    /// ```
    ///
    /// ## References
    /// - [Django: Content Security Policy](https://docs.djangoproject.com/en/6.0/ref/csp/)
    pub(crate) static CSP_SETTING_NOT_DICT = {
        code: "DJS026",
        name: "csp-setting-not-dict",
        severity: Error,
        django_id: Some("security.E026"),
        since_django: (6, 0),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.at_least(6, 0) {
        return Ok(());
    }
    for name in ["SECURE_CSP", "SECURE_CSP_REPORT_ONLY"] {
        let Some(value) = ctx.value(name)? else {
            continue;
        };
        if !matches!(value.v, V::None | V::Dict(_)) {
            ctx.report_keyed(
                &CSP_SETTING_NOT_DICT,
                &[name],
                format!("`{name}` must be a dictionary, not {}", value.repr()),
                Some(
                    "write the policy as a dict of directives, e.g. {\"default-src\": [CSP.SELF]}"
                        .into(),
                ),
                Some(name.to_string()),
            );
        }
    }
    Ok(())
}
