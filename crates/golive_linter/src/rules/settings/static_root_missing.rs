//! DJS118: nowhere to collect static files to.

use crate::context::{Checked, SettingsContext, WHITENOISE_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `STATIC_ROOT` is set when `django.contrib.staticfiles` is
    /// installed and something needs collected static files: the admin,
    /// WhiteNoise, or a deployment step that runs `collectstatic`. A project
    /// that routes `static/` to a view of its own (serving from the finders)
    /// or has no static files to collect is not reported.
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
    if !ctx.installed("django.contrib.staticfiles")?
        || ctx.truthy("STATIC_ROOT")?
        || ctx.project.static_routed.is_some()
    {
        return Ok(());
    }
    // Something must need collected files: the admin's own CSS and
    // JavaScript, WhiteNoise (which serves STATIC_ROOT), or a deployment
    // step that runs collectstatic (which fails without it).
    let needs_collected = ctx.installed("django.contrib.admin")?
        || ctx.middleware(WHITENOISE_MIDDLEWARE)?
        || ctx.project.collectstatic_runs;
    if needs_collected {
        ctx.report(
            &STATIC_ROOT_MISSING,
            &["STATIC_ROOT"],
            "`STATIC_ROOT` is not set although django.contrib.staticfiles is installed: collectstatic cannot run and static files are not served".into(),
            Some("set STATIC_ROOT to the directory the web server serves /static/ from".into()),
        );
    }
    Ok(())
}
