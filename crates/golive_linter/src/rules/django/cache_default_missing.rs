//! DJS034: Django's `caches.E001`.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `CACHES` defines a `"default"` cache.
    ///
    /// ## Why is this bad?
    /// Django refuses to start without it (an error in every `check`), and
    /// sessions, the cache middleware and most third-party apps use the
    /// default cache.
    ///
    /// ## Example
    /// ```python
    /// CACHES = {"redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379"}}
    /// ```
    ///
    /// ## References
    /// - [Django: CACHES](https://docs.djangoproject.com/en/stable/ref/settings/#caches)
    pub(crate) static CACHE_DEFAULT_MISSING = {
        code: "DJS034",
        name: "cache-default-missing",
        severity: Error,
        django_id: Some("caches.E001"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.contains("CACHES", "default")? {
        ctx.report(
            &CACHE_DEFAULT_MISSING,
            &["CACHES"],
            "`CACHES` has no 'default' cache".into(),
            Some("define CACHES[\"default\"]".into()),
        );
    }
    Ok(())
}
