//! DJS022 and DJS023: Django's `security.W022` and `security.E023`, one check.

use crate::context::{Blocked, Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_REFERRER_POLICY` is not `None` when
    /// `SecurityMiddleware` is installed (Django's default is `"same-origin"`).
    ///
    /// ## Why is this bad?
    /// Without a `Referrer-Policy` header, browsers send the full URL of the
    /// page — paths, query strings, tokens in them — to every other site the
    /// page links to or loads from.
    ///
    /// ## Example
    /// ```python
    /// SECURE_REFERRER_POLICY = None
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    /// ```
    ///
    /// ## References
    /// - [Django: Referrer-Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy)
    pub(crate) static REFERRER_POLICY_MISSING = {
        code: "DJS022",
        name: "referrer-policy-missing",
        severity: Warning,
        django_id: Some("security.W022"),
    };
}

declare_rule! {
    /// ## What it does
    /// Checks that every token of `SECURE_REFERRER_POLICY` is a valid
    /// Referrer-Policy value. A string is split on commas and each part
    /// stripped; the comparison is case-sensitive, so `"No-Referrer"`, an
    /// empty string or a trailing comma are invalid, as in Django.
    ///
    /// ## Why is this bad?
    /// Django refuses the value (an error, so `check --deploy` fails), and
    /// browsers ignore policies they do not understand.
    ///
    /// ## Example
    /// ```python
    /// SECURE_REFERRER_POLICY = "no-referrer,"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_REFERRER_POLICY = "no-referrer"
    /// ```
    ///
    /// ## References
    /// - [Django: SECURE_REFERRER_POLICY](https://docs.djangoproject.com/en/stable/ref/settings/#secure-referrer-policy)
    pub(crate) static REFERRER_POLICY_INVALID = {
        code: "DJS023",
        name: "referrer-policy-invalid",
        severity: Error,
        django_id: Some("security.E023"),
    };
}

const VALID: &[&str] = &[
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(SECURITY_MIDDLEWARE)? {
        return Ok(());
    }
    let Some(value) = ctx.known("SECURE_REFERRER_POLICY")? else {
        return Ok(());
    };
    let tokens: Vec<String> = match &value.v {
        V::None => {
            ctx.report(
                &REFERRER_POLICY_MISSING,
                &["SECURE_REFERRER_POLICY"],
                "`SECURE_REFERRER_POLICY` is None, so no Referrer-Policy header is sent".into(),
                Some(
                    "remove the setting (Django's default is \"same-origin\") or choose a policy"
                        .into(),
                ),
            );
            return Ok(());
        }
        V::Str(s) => s.split(',').map(|t| t.trim().to_string()).collect(),
        _ => match value.elements() {
            Some(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.repr(), str::to_string))
                .collect(),
            None => {
                return Err(Blocked {
                    setting: "SECURE_REFERRER_POLICY".into(),
                    reason: format!("a {} golive cannot iterate", value.type_name()),
                });
            }
        },
    };
    let invalid: Vec<&String> = tokens
        .iter()
        .filter(|t| !VALID.contains(&t.as_str()))
        .collect();
    if !invalid.is_empty() {
        let shown: Vec<String> = invalid.iter().map(|t| golive_python::str_repr(t)).collect();
        ctx.report(
            &REFERRER_POLICY_INVALID,
            &["SECURE_REFERRER_POLICY"],
            format!(
                "`SECURE_REFERRER_POLICY` has invalid value(s) {}",
                shown.join(", ")
            ),
            Some(format!("valid values are: {}", VALID.join(", "))),
        );
    }
    Ok(())
}
