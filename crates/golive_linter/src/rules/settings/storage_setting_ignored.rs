//! DJS113: `DEFAULT_FILE_STORAGE` / `STATICFILES_STORAGE` after their removal.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for `DEFAULT_FILE_STORAGE` and `STATICFILES_STORAGE`, replaced
    /// by `STORAGES` in Django 4.2 and removed in 5.1.
    ///
    /// ## Why is this bad?
    /// From Django 5.1 they are silently ignored: the S3 (or other) storage
    /// they name is not used, uploads land on the local disk of one server
    /// and static files are not compressed or hashed — no error, no check.
    /// On 4.2 and 5.0 they are deprecated, and an error when `STORAGES` is
    /// also set. Deployment guides (including golive's own reference) still
    /// show them.
    ///
    /// ## Example
    /// ```python
    /// DEFAULT_FILE_STORAGE = "storages.backends.s3.S3Storage"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// STORAGES = {
    ///     "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    ///     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: STORAGES](https://docs.djangoproject.com/en/stable/ref/settings/#storages)
    /// - [Django 5.1 release notes: removed features](https://docs.djangoproject.com/en/stable/releases/5.1/#features-removed-in-5-1)
    pub(crate) static STORAGE_SETTING_IGNORED = {
        code: "DJS113",
        name: "storage-setting-ignored",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    // Before 4.2 these settings are the only way to choose storages.
    if ctx.project.older_than_supported {
        return Ok(());
    }
    for (name, key) in [
        ("DEFAULT_FILE_STORAGE", "default"),
        ("STATICFILES_STORAGE", "staticfiles"),
    ] {
        if !ctx.is_set(name) {
            continue;
        }
        let message = if ctx.at_least(5, 1) {
            format!(
                "`{name}` was removed in Django 5.1 and is ignored on {}: STORAGES[\"{key}\"] decides where files go",
                ctx.version
            )
        } else if ctx.is_set("STORAGES") {
            format!(
                "`{name}` and `STORAGES` together are an error on Django {}",
                ctx.version
            )
        } else {
            format!("`{name}` is deprecated since Django 4.2 and ignored from 5.1")
        };
        ctx.report_keyed(
            &STORAGE_SETTING_IGNORED,
            &[name],
            message,
            Some(format!("move it to STORAGES[\"{key}\"][\"BACKEND\"]")),
            Some(name.to_string()),
        );
    }
    Ok(())
}
