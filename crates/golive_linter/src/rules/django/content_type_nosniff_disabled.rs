//! DJS006: Django's `security.W006`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, not_true_because};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_CONTENT_TYPE_NOSNIFF` is `True` (Django's default)
    /// when `SecurityMiddleware` is installed.
    ///
    /// ## Why is this bad?
    /// Without `X-Content-Type-Options: nosniff`, browsers may guess a
    /// response's type from its content, so an uploaded file served as text
    /// can run as HTML or JavaScript in your origin.
    ///
    /// ## Example
    /// ```python
    /// SECURE_CONTENT_TYPE_NOSNIFF = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # Leave it at Django's default, or:
    /// SECURE_CONTENT_TYPE_NOSNIFF = True
    /// ```
    ///
    /// ## References
    /// - [Django: X-Content-Type-Options](https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff)
    pub(crate) static CONTENT_TYPE_NOSNIFF_DISABLED = {
        code: "DJS006",
        name: "content-type-nosniff-disabled",
        severity: Warning,
        django_id: Some("security.W006"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(SECURITY_MIDDLEWARE)? && !ctx.is_true("SECURE_CONTENT_TYPE_NOSNIFF")? {
        let why = not_true_because(ctx.value("SECURE_CONTENT_TYPE_NOSNIFF")?);
        ctx.report(
            &CONTENT_TYPE_NOSNIFF_DISABLED,
            &["SECURE_CONTENT_TYPE_NOSNIFF"],
            match why {
                Some(w) => format!("`SECURE_CONTENT_TYPE_NOSNIFF` is not `True`: {w}"),
                None => format!(
                    "`SECURE_CONTENT_TYPE_NOSNIFF` is {}, so responses lack `X-Content-Type-Options: nosniff`",
                    ctx.describe("SECURE_CONTENT_TYPE_NOSNIFF")
                ),
            },
            Some("remove the setting (Django's default is True) or set it to True".into()),
        );
    }
    Ok(())
}
