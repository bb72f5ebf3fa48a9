//! DJS131: the browsable API in production.

use super::drf_permissions_allow_any::drf_option;
use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// When `rest_framework` is installed, checks whether the browsable API
    /// renderer is enabled — explicitly in `DEFAULT_RENDERER_CLASSES`, or by
    /// DRF's default when that key is unset.
    ///
    /// ## Why is this bad?
    /// The browsable API renders HTML forms for every endpoint, lists
    /// allowed methods and shows responses to anyone who opens an API URL in
    /// a browser — handy for attackers mapping the API, and a session-cookie
    /// (CSRF-sensitive) interface next to token authentication. Information:
    /// some teams keep it on purpose.
    ///
    /// ## Example
    /// ```python
    /// REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// REST_FRAMEWORK = {
    ///     "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    ///     "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    /// }
    /// ```
    ///
    /// ## References
    /// - [DRF: Renderers](https://www.django-rest-framework.org/api-guide/renderers/#setting-the-renderers)
    pub(crate) static DRF_BROWSABLE_API = {
        code: "DJS131",
        name: "drf-browsable-api",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.installed("rest_framework")? {
        return Ok(());
    }
    let renderers = drf_option(ctx, "DEFAULT_RENDERER_CLASSES")?;
    let browsable = match &renderers {
        None => true,
        Some(v) => v.elements().is_some_and(|items| {
            items.iter().any(|c| {
                c.as_str()
                    .is_some_and(|s| s.ends_with(".BrowsableAPIRenderer"))
            })
        }),
    };
    if browsable {
        ctx.report(
            &DRF_BROWSABLE_API,
            &["REST_FRAMEWORK"],
            "the browsable API renderer is enabled: every API URL serves an HTML console to browsers".into(),
            Some("set DEFAULT_RENDERER_CLASSES to JSONRenderer in production".into()),
        );
    }
    Ok(())
}
