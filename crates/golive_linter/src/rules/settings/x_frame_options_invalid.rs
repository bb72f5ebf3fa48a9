//! DJS117: an X-Frame-Options value browsers ignore.

use crate::context::{Checked, SettingsContext, XFRAME_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `X_FRAME_OPTIONS` is `DENY` or `SAMEORIGIN` when the
    /// clickjacking middleware is active. (Django's own check, DJS019,
    /// warns about anything but `DENY`; this rule marks the values that
    /// protect nothing.)
    ///
    /// ## Why is this bad?
    /// Browsers ignore other values — `ALLOWALL`, `ALLOW-FROM …` (removed
    /// from every browser) — so any site can frame yours.
    ///
    /// ## Example
    /// ```python
    /// X_FRAME_OPTIONS = "ALLOWALL"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// X_FRAME_OPTIONS = "DENY"
    /// ```
    ///
    /// ## References
    /// - [MDN: X-Frame-Options](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options)
    pub(crate) static X_FRAME_OPTIONS_INVALID = {
        code: "DJS117",
        name: "x-frame-options-invalid",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(XFRAME_MIDDLEWARE)? {
        return Ok(());
    }
    let Some(value) = ctx.value("X_FRAME_OPTIONS")? else {
        return Ok(());
    };
    let ok = value.as_str().is_some_and(|s| {
        s.trim().eq_ignore_ascii_case("DENY") || s.trim().eq_ignore_ascii_case("SAMEORIGIN")
    });
    if !ok {
        ctx.report(
            &X_FRAME_OPTIONS_INVALID,
            &["X_FRAME_OPTIONS"],
            format!(
                "`X_FRAME_OPTIONS` is {}, which browsers ignore: pages can be framed by any site",
                value.repr()
            ),
            Some("use \"DENY\" (or \"SAMEORIGIN\")".into()),
        );
    }
    Ok(())
}
