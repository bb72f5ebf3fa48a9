//! DJS130: Django REST framework open by default.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// When `rest_framework` is installed, checks
    /// `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`: unset (DRF's default is
    /// `AllowAny`) or `AllowAny`.
    ///
    /// ## Why is this bad?
    /// Every API view that does not set `permission_classes` itself is open
    /// to anonymous users — including views added later by someone who
    /// assumed a safe default. Deny by default and open views explicitly.
    /// This is information: some APIs are public on purpose.
    ///
    /// ## Example
    /// ```python
    /// REST_FRAMEWORK = {}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
    /// ```
    ///
    /// ## References
    /// - [DRF: Setting the permission policy](https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy)
    pub(crate) static DRF_PERMISSIONS_ALLOW_ANY = {
        code: "DJS130",
        name: "drf-permissions-allow-any",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn drf_option(
    ctx: &SettingsContext,
    key: &str,
) -> Result<Option<Value>, crate::context::Blocked> {
    if !ctx.is_set("REST_FRAMEWORK") {
        return Ok(None);
    }
    let Some(conf) = ctx.value("REST_FRAMEWORK")? else {
        return Ok(None);
    };
    let V::Dict(d) = &conf.v else { return Ok(None) };
    Ok(d.borrow().get_str(key).cloned())
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.installed("rest_framework")? {
        return Ok(());
    }
    let classes = drf_option(ctx, "DEFAULT_PERMISSION_CLASSES")?;
    let open = match &classes {
        None => true,
        Some(v) => v.elements().is_some_and(|items| {
            items
                .iter()
                .any(|c| c.as_str().is_some_and(|s| s.ends_with(".AllowAny")))
        }),
    };
    if open {
        ctx.report(
            &DRF_PERMISSIONS_ALLOW_ANY,
            &["REST_FRAMEWORK"],
            if classes.is_none() {
                "REST_FRAMEWORK sets no DEFAULT_PERMISSION_CLASSES: every API view without its own permission_classes allows anonymous access".into()
            } else {
                "REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES is AllowAny: API views are open unless they say otherwise".into()
            },
            Some("default to IsAuthenticated (or stricter) and open public views explicitly".into()),
        );
    }
    Ok(())
}
