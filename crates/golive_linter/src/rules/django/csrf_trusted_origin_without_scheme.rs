//! DJS036: Django's `4_0.E001`.

use crate::context::{Blocked, Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that every `CSRF_TRUSTED_ORIGINS` entry includes a scheme
    /// (`https://shop.example.com`), as Django requires since 4.0.
    ///
    /// ## Why is this bad?
    /// Django refuses such entries (an error), and cross-origin form posts
    /// from those origins fail CSRF verification.
    ///
    /// ## Example
    /// ```python
    /// CSRF_TRUSTED_ORIGINS = ["shop.example.com"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CSRF_TRUSTED_ORIGINS = ["https://shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - [Django: CSRF_TRUSTED_ORIGINS](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins)
    pub(crate) static CSRF_TRUSTED_ORIGIN_WITHOUT_SCHEME = {
        code: "DJS036",
        name: "csrf-trusted-origin-without-scheme",
        severity: Error,
        django_id: Some("4_0.E001"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(origins) = ctx.value("CSRF_TRUSTED_ORIGINS")? else {
        return Ok(());
    };
    for (i, origin) in origins.elements().unwrap_or_default().iter().enumerate() {
        if let Some(r) = origin.first_unknown() {
            return Err(Blocked {
                setting: format!("CSRF_TRUSTED_ORIGINS[{i}]"),
                reason: r.to_string(),
            });
        }
        if let Some(o) = origin.as_str()
            && !o.contains("://")
        {
            ctx.report_keyed(
                &CSRF_TRUSTED_ORIGIN_WITHOUT_SCHEME,
                &["CSRF_TRUSTED_ORIGINS"],
                format!(
                    "`CSRF_TRUSTED_ORIGINS` entry {} has no scheme",
                    golive_python::str_repr(o)
                ),
                Some(format!("write it as \"https://{o}\"")),
                Some(format!("CSRF_TRUSTED_ORIGINS[{i}]")),
            );
        }
    }
    Ok(())
}
