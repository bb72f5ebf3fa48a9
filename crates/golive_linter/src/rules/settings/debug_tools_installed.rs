//! DJS105: development tools shipped to production.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that development-only apps and middleware — django-debug-toolbar
    /// and django-silk — are not in `INSTALLED_APPS` or `MIDDLEWARE` of the
    /// audited settings. Silk is not reported when its UI requires login
    /// and staff rights (`SILKY_AUTHENTICATION` and `SILKY_AUTHORISATION`).
    /// django-extensions is not reported: it adds management commands only
    /// (no middleware, no URLs), and projects use it at run time.
    ///
    /// ## Why is this bad?
    /// The debug toolbar shows SQL, settings and headers to anyone its
    /// `SHOW_TOOLBAR_CALLBACK` lets through; silk records every request and
    /// its body, credentials included, and serves them at `/silk/`. They
    /// also slow every request.
    ///
    /// ## Example
    /// ```python
    /// INSTALLED_APPS += ["debug_toolbar"]
    /// ```
    ///
    /// Use instead: add them in the development settings module only.
    ///
    /// ## References
    /// - [django-debug-toolbar: installation](https://django-debug-toolbar.readthedocs.io/en/latest/installation.html)
    pub(crate) static DEBUG_TOOLS_INSTALLED = {
        code: "DJS105",
        name: "debug-tools-installed",
        severity: Warning,
        django_id: None,
    };
}

const APPS: &[&str] = &[
    "debug_toolbar",
    "silk",
    "debug_toolbar.apps.DebugToolbarConfig",
];
const MIDDLEWARE: &[&str] = &[
    "debug_toolbar.middleware.DebugToolbarMiddleware",
    "silk.middleware.SilkyMiddleware",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    // Silk behind login and staff rights only records what staff opt into.
    let silk_guarded =
        ctx.is_true("SILKY_AUTHENTICATION")? && ctx.is_true("SILKY_AUTHORISATION")?;
    for (setting, names) in [("INSTALLED_APPS", APPS), ("MIDDLEWARE", MIDDLEWARE)] {
        let Some(value) = ctx.value(setting)? else {
            continue;
        };
        for item in value.elements().unwrap_or_default() {
            if let Some(s) = item.as_str()
                && names.contains(&s)
                && !(silk_guarded && s.starts_with("silk"))
            {
                ctx.report_keyed(
                    &DEBUG_TOOLS_INSTALLED,
                    &[setting],
                    format!("`{setting}` contains the development tool '{s}'"),
                    Some("install development tools in the development settings only".into()),
                    Some(s.to_string()),
                );
            }
        }
    }
    Ok(())
}
