//! DJS115: django-redis options on Django's own Redis backend.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks caches that use Django's built-in
    /// `django.core.cache.backends.redis.RedisCache` for options that belong
    /// to the third-party django-redis package (`CLIENT_CLASS`,
    /// `CONNECTION_POOL_KWARGS`, `COMPRESSOR`, `SERIALIZER`, `PASSWORD`,
    /// `SOCKET_TIMEOUT`, ...).
    ///
    /// ## Why is this bad?
    /// Django passes `OPTIONS` to the redis-py client, which rejects unknown
    /// keywords: the first cache access raises `TypeError` at run time —
    /// after the deploy, not at start-up. Deployment guides (including
    /// golive's own reference) mix the two backends up.
    ///
    /// ## Example
    /// ```python
    /// CACHES = {"default": {
    ///     "BACKEND": "django.core.cache.backends.redis.RedisCache",
    ///     "LOCATION": "redis://cache:6379/1",
    ///     "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    /// }}
    /// ```
    ///
    /// Use instead: drop the django-redis options, or use
    /// `"BACKEND": "django_redis.cache.RedisCache"` if you need them.
    ///
    /// ## References
    /// - [Django: Redis cache](https://docs.djangoproject.com/en/stable/topics/cache/#redis)
    /// - [django-redis](https://github.com/jazzband/django-redis)
    pub(crate) static REDIS_OPTIONS_ON_BUILTIN_CACHE = {
        code: "DJS115",
        name: "redis-options-on-builtin-cache",
        severity: Error,
        django_id: None,
    };
}

const DJANGO_REDIS_OPTIONS: &[&str] = &[
    "CLIENT_CLASS",
    "CONNECTION_POOL_KWARGS",
    "COMPRESSOR",
    "SERIALIZER",
    "PASSWORD",
    "SOCKET_TIMEOUT",
    "SOCKET_CONNECT_TIMEOUT",
    "IGNORE_EXCEPTIONS",
    "PARSER_CLASS",
    "CONNECTION_POOL_CLASS",
    "REDIS_CLIENT_CLASS",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if !ctx.is_set("CACHES") {
        return Ok(());
    }
    let Some(caches) = ctx.value("CACHES")? else {
        return Ok(());
    };
    let V::Dict(caches) = &caches.v else {
        return Ok(());
    };
    for (alias, cfg) in caches.borrow().entries.iter() {
        let V::Dict(cfg) = &cfg.v else { continue };
        let cfg = cfg.borrow();
        if cfg.get_str("BACKEND").and_then(|b| b.as_str())
            != Some("django.core.cache.backends.redis.RedisCache")
        {
            continue;
        }
        let Some(options) = cfg.get_str("OPTIONS") else {
            continue;
        };
        let V::Dict(options) = &options.v else {
            continue;
        };
        let found: Vec<String> = options
            .borrow()
            .entries
            .iter()
            .filter_map(|(k, _)| {
                k.as_str()
                    .filter(|k| DJANGO_REDIS_OPTIONS.contains(k))
                    .map(str::to_string)
            })
            .collect();
        if !found.is_empty() {
            let alias = alias.as_str().unwrap_or("?");
            ctx.report_keyed(
                &REDIS_OPTIONS_ON_BUILTIN_CACHE,
                &["CACHES"],
                format!("the '{alias}' cache uses Django's RedisCache with django-redis options {}: the first cache access raises TypeError", found.join(", ")),
                Some("remove them, or switch BACKEND to django_redis.cache.RedisCache".into()),
                Some(alias.to_string()),
            );
        }
    }
    Ok(())
}
