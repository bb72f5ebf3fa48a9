//! DJS024: Django's `security.E024`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_CROSS_ORIGIN_OPENER_POLICY` is `None` or one of
    /// `same-origin`, `same-origin-allow-popups`, `unsafe-none` (exactly:
    /// no surrounding spaces) when `SecurityMiddleware` is installed.
    ///
    /// ## Why is this bad?
    /// Django rejects the value (an error), and browsers ignore an unknown
    /// policy — leaving windows you open, or that open you, able to reach
    /// your page's `window` object.
    ///
    /// ## Example
    /// ```python
    /// SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups "
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    /// ```
    ///
    /// ## References
    /// - [Django: Cross-Origin-Opener-Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy)
    pub(crate) static CROSS_ORIGIN_OPENER_POLICY_INVALID = {
        code: "DJS024",
        name: "cross-origin-opener-policy-invalid",
        severity: Error,
        django_id: Some("security.E024"),
    };
}

const VALID: &[&str] = &["same-origin", "same-origin-allow-popups", "unsafe-none"];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(SECURITY_MIDDLEWARE)? {
        return Ok(());
    }
    let Some(value) = ctx.known("SECURE_CROSS_ORIGIN_OPENER_POLICY")? else {
        return Ok(());
    };
    if matches!(value.v, V::None) {
        return Ok(());
    }
    if !value.as_str().is_some_and(|s| VALID.contains(&s)) {
        ctx.report(
            &CROSS_ORIGIN_OPENER_POLICY_INVALID,
            &["SECURE_CROSS_ORIGIN_OPENER_POLICY"],
            format!(
                "`SECURE_CROSS_ORIGIN_OPENER_POLICY` is {}, which is not a valid policy",
                value.repr()
            ),
            Some(format!("valid values are: {}", VALID.join(", "))),
        );
    }
    Ok(())
}
