//! DJS118: nowhere to collect static files to.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `STATIC_ROOT` is set when `django.contrib.staticfiles` is
    /// installed.
    ///
    /// ## Why is this bad?
    /// `collectstatic` refuses to run without it, and with `DEBUG` off Django
    /// serves no static files itself: the site loads without its CSS and
    /// JavaScript (the admin included).
    ///
    /// ## Example
    /// ```python
    /// STATIC_URL = "static/"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// STATIC_URL = "static/"
    /// STATIC_ROOT = BASE_DIR / "staticfiles"
    /// ```
    ///
    /// ## References
    /// - [Django: Deploying static files](https://docs.djangoproject.com/en/stable/howto/static-files/deployment/)
    pub(crate) static STATIC_ROOT_MISSING = {
        code: "DJS118",
        name: "static-root-missing",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.installed("django.contrib.staticfiles")? && !ctx.truthy("STATIC_ROOT")? {
        ctx.report(
            &STATIC_ROOT_MISSING,
            &["STATIC_ROOT"],
            "`STATIC_ROOT` is not set although django.contrib.staticfiles is installed: collectstatic cannot run and static files are not served".into(),
            Some("set STATIC_ROOT to the directory the web server serves /static/ from".into()),
        );
    }
    Ok(())
}
