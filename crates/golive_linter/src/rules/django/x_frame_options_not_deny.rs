//! DJS019: Django's `security.W019`.

use crate::context::{Checked, SettingsContext, XFRAME_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `X_FRAME_OPTIONS` is exactly `"DENY"` (Django's default)
    /// when `XFrameOptionsMiddleware` is active. The comparison is
    /// case-sensitive and does not trim, as Django's is.
    ///
    /// ## Why is this bad?
    /// `SAMEORIGIN` lets any page of your own origin frame your pages, which
    /// is only needed for some admin widgets and legacy pages; values other
    /// than `DENY`/`SAMEORIGIN` (such as `ALLOWALL`) are ignored by browsers
    /// and leave the site open to clickjacking.
    ///
    /// ## Example
    /// ```python
    /// X_FRAME_OPTIONS = "SAMEORIGIN"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// X_FRAME_OPTIONS = "DENY"  # and @xframe_options_sameorigin where needed
    /// ```
    ///
    /// ## References
    /// - [Django: X_FRAME_OPTIONS](https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options)
    pub(crate) static X_FRAME_OPTIONS_NOT_DENY = {
        code: "DJS019",
        name: "x-frame-options-not-deny",
        severity: Warning,
        django_id: Some("security.W019"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(XFRAME_MIDDLEWARE)?
        && ctx.value("X_FRAME_OPTIONS")?.and_then(|v| v.as_str()) != Some("DENY")
    {
        ctx.report(
            &X_FRAME_OPTIONS_NOT_DENY,
            &["X_FRAME_OPTIONS"],
            format!("`X_FRAME_OPTIONS` is {}, not 'DENY'", ctx.describe("X_FRAME_OPTIONS")),
            Some("use X_FRAME_OPTIONS = \"DENY\" and allow framing per view with @xframe_options_sameorigin".into()),
        );
    }
    Ok(())
}
