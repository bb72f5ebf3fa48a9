//! DJS148: WhiteNoise serving static files without compression or hashed names.

use crate::context::{Blocked, Checked, SettingsContext, WHITENOISE_MIDDLEWARE};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks, when `WhiteNoiseMiddleware` serves static files, that the
    /// static files storage is not Django's plain `StaticFilesStorage`:
    /// WhiteNoise's `CompressedManifestStaticFilesStorage` (or at least a
    /// compressed or manifest storage) should build them. A project that
    /// marks its bundler's hashed files immutable
    /// (`WHITENOISE_IMMUTABLE_FILE_TEST`) is not reported.
    ///
    /// The storage is read where the Django version reads it:
    /// `STORAGES["staticfiles"]["BACKEND"]`, or `STATICFILES_STORAGE` before
    /// Django 5.1.
    ///
    /// ## Why is this bad?
    /// Without hashed file names WhiteNoise cannot tell browsers to cache a
    /// file forever, so every page load revalidates every stylesheet and
    /// script (it sends a 60-second max-age), and a deploy can serve old
    /// CSS with new HTML. Without the compressed storage no gzip or Brotli
    /// variant exists and every static file goes out uncompressed.
    ///
    /// Custom storage classes are not judged: golive cannot see what they
    /// inherit from.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "whitenoise.middleware.WhiteNoiseMiddleware",
    ///     # ...
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// STORAGES = {
    ///     "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    ///     "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    /// }
    /// ```
    ///
    /// ## References
    /// - [WhiteNoise: Add compression and caching support](https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support)
    pub(crate) static WHITENOISE_STORAGE_PLAIN = {
        code: "DJS148",
        name: "whitenoise-storage-plain",
        severity: Warning,
        django_id: None,
    };
}

const PLAIN_STORAGE: &str = "django.contrib.staticfiles.storage.StaticFilesStorage";

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.middleware(WHITENOISE_MIDDLEWARE)? {
        return Ok(());
    }
    // Files hashed by a bundler and marked immutable get long-lived
    // caching without a manifest storage.
    if ctx.is_set("WHITENOISE_IMMUTABLE_FILE_TEST") {
        return Ok(());
    }
    let (setting, backend) = if !ctx.at_least(5, 1) && ctx.is_set("STATICFILES_STORAGE") {
        (
            "STATICFILES_STORAGE",
            ctx.value("STATICFILES_STORAGE")?
                .and_then(|v| v.as_str())
                .map(str::to_string),
        )
    } else {
        ("STORAGES", staticfiles_backend(ctx)?)
    };
    // Before Django 4.2 there is no STORAGES; an absent backend means the default.
    if backend.as_deref().unwrap_or(PLAIN_STORAGE) == PLAIN_STORAGE {
        // Point at the storage when the project chose it, else at the middleware.
        let at: &[&str] = if ctx.is_set(setting) {
            &[setting]
        } else {
            &["MIDDLEWARE"]
        };
        ctx.report(
            &WHITENOISE_STORAGE_PLAIN,
            at,
            "WhiteNoise serves static files from the plain StaticFilesStorage: no hashed names (so no long-lived caching) and no compressed variants".into(),
            Some("set STORAGES[\"staticfiles\"][\"BACKEND\"] to \"whitenoise.storage.CompressedManifestStaticFilesStorage\"".into()),
        );
    }
    Ok(())
}

/// `STORAGES["staticfiles"]["BACKEND"]`; `None` when any part is missing.
fn staticfiles_backend(ctx: &SettingsContext) -> Result<Option<String>, Blocked> {
    let Some(storages) = ctx.known("STORAGES")? else {
        return Ok(None);
    };
    let V::Dict(storages) = &storages.v else {
        return Ok(None);
    };
    let storages = storages.borrow();
    let Some(static_storage) = storages.get_str("staticfiles") else {
        return Ok(None);
    };
    let V::Dict(static_storage) = &static_storage.v else {
        return Ok(None);
    };
    Ok(static_storage
        .borrow()
        .get_str("BACKEND")
        .and_then(|b| b.as_str())
        .map(str::to_string))
}
