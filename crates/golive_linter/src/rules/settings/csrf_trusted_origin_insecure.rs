//! DJS106: trusted origins over plain HTTP or with wildcards.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks `CSRF_TRUSTED_ORIGINS` for entries over plain `http://` and for
    /// wildcards (`https://*.example.com`).
    ///
    /// ## Why is this bad?
    /// A trusted origin may submit forms to your site past the CSRF
    /// protection. An `http://` origin can be impersonated by anyone on the
    /// network path; a wildcard trusts every subdomain, including ones that
    /// host user content or are taken over.
    ///
    /// ## Example
    /// ```python
    /// CSRF_TRUSTED_ORIGINS = ["http://shop.example.com", "https://*.example.com"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CSRF_TRUSTED_ORIGINS = ["https://shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - [Django: CSRF_TRUSTED_ORIGINS](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins)
    pub(crate) static CSRF_TRUSTED_ORIGIN_INSECURE = {
        code: "DJS106",
        name: "csrf-trusted-origin-insecure",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(origins) = ctx.value("CSRF_TRUSTED_ORIGINS")? else {
        return Ok(());
    };
    for origin in origins.elements().unwrap_or_default() {
        let Some(o) = origin.as_str() else { continue };
        let problem = if o.starts_with("http://") {
            "uses plain HTTP"
        } else if o.contains('*') {
            "trusts every matching subdomain"
        } else {
            continue;
        };
        ctx.report_keyed(
            &CSRF_TRUSTED_ORIGIN_INSECURE,
            &["CSRF_TRUSTED_ORIGINS"],
            format!(
                "`CSRF_TRUSTED_ORIGINS` entry {} {problem}",
                golive_python::str_repr(o)
            ),
            Some("trust exact https:// origins only".into()),
            Some(o.to_string()),
        );
    }
    Ok(())
}
