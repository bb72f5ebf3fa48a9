//! DJS127: a cache that is not shared, or not a cache at all.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks the `default` cache backend: `DummyCache` (caches nothing),
    /// and `LocMemCache` (Django's default) or `FileBasedCache`, which are
    /// private to one process or one machine.
    ///
    /// ## Why is this bad?
    /// With several workers each keeps its own cache: rate limits, cached
    /// pages and cache-backed sessions differ from one request to the next,
    /// and invalidation reaches one worker only. The dummy cache makes every
    /// `cache.get` miss.
    ///
    /// ## Example
    /// ```python
    /// CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache:6379/1"}}
    /// ```
    ///
    /// ## References
    /// - [Django: Setting up the cache](https://docs.djangoproject.com/en/stable/topics/cache/#setting-up-the-cache)
    pub(crate) static CACHE_BACKEND_LOCAL = {
        code: "DJS127",
        name: "cache-backend-local",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(caches) = ctx.value("CACHES")? else {
        return Ok(());
    };
    let V::Dict(caches) = &caches.v else {
        return Ok(());
    };
    let default = caches.borrow().get_str("default").cloned();
    let Some(Value {
        v: V::Dict(cfg), ..
    }) = default
    else {
        return Ok(());
    };
    let Some(backend) = cfg
        .borrow()
        .get_str("BACKEND")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return Ok(());
    };
    let what = match backend.rsplit('.').next().unwrap_or_default() {
        "DummyCache" => "caches nothing: every lookup misses",
        "LocMemCache" => "is private to each worker process",
        "FileBasedCache" => "is private to one machine",
        _ => return Ok(()),
    };
    let default_note = if ctx.is_set("CACHES") {
        ""
    } else {
        " (Django's default)"
    };
    ctx.report_at(
        &CACHE_BACKEND_LOCAL,
        ctx.span("CACHES"),
        format!("the default cache `{backend}`{default_note} {what}"),
        Some(
            "use a shared cache (Redis or Memcached) when the site runs more than one worker"
                .into(),
        ),
        None,
    );
    Ok(())
}
