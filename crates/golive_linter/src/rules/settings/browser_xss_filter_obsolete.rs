//! DJS109: a setting Django removed.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for `SECURE_BROWSER_XSS_FILTER`, which Django removed in 4.0
    /// (its check, security.W007, went in 3.0) and which many deployment
    /// guides still recommend.
    ///
    /// ## Why is this bad?
    /// It does nothing: no `X-XSS-Protection` header is sent, and modern
    /// browsers ignore that header anyway (its filter was itself a source of
    /// cross-site leaks). Its presence suggests the settings were copied from
    /// an outdated guide and gives a false sense of protection; a Content
    /// Security Policy is what protects against XSS today.
    ///
    /// ## Example
    /// ```python
    /// SECURE_BROWSER_XSS_FILTER = True
    /// ```
    ///
    /// Use instead: remove the setting and configure a Content Security Policy.
    ///
    /// ## References
    /// - [Django 4.0 release notes: removed features](https://docs.djangoproject.com/en/stable/releases/4.0/#features-removed-in-4-0)
    pub(crate) static BROWSER_XSS_FILTER_OBSOLETE = {
        code: "DJS109",
        name: "browser-xss-filter-obsolete",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.is_set("SECURE_BROWSER_XSS_FILTER") {
        ctx.report(
            &BROWSER_XSS_FILTER_OBSOLETE,
            &["SECURE_BROWSER_XSS_FILTER"],
            "`SECURE_BROWSER_XSS_FILTER` was removed in Django 4.0 and has no effect".into(),
            Some("remove it; use a Content Security Policy against XSS".into()),
        );
    }
    Ok(())
}
