//! DJS135: sessions kept only in a cache that forgets.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};

declare_rule! {
    /// ## What it does
    /// Checks that `SESSION_ENGINE = "django.contrib.sessions.backends.cache"`
    /// (sessions in the cache only) is not backed by a local-memory, dummy
    /// or file-based cache.
    ///
    /// ## Why is this bad?
    /// With a local-memory cache every worker has its own sessions: users
    /// are logged out whenever a request reaches another worker, and all of
    /// them at each restart. The dummy cache stores nothing: nobody can log
    /// in. Use `cached_db`, or a shared, persistent cache.
    ///
    /// ## Example
    /// ```python
    /// SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    /// ```
    ///
    /// ## References
    /// - [Django: Using cached sessions](https://docs.djangoproject.com/en/stable/topics/http/sessions/#using-cached-sessions)
    pub(crate) static SESSION_CACHE_VOLATILE = {
        code: "DJS135",
        name: "session-cache-volatile",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.value("SESSION_ENGINE")?.and_then(Value::as_str)
        != Some("django.contrib.sessions.backends.cache")
    {
        return Ok(());
    }
    let alias = ctx
        .value("SESSION_CACHE_ALIAS")?
        .and_then(Value::as_str)
        .unwrap_or("default")
        .to_string();
    let Some(caches) = ctx.value("CACHES")? else {
        return Ok(());
    };
    let V::Dict(d) = &caches.v else { return Ok(()) };
    let backend = d.borrow().get_str(&alias).and_then(|c| {
        if let V::Dict(c) = &c.v {
            c.borrow()
                .get_str("BACKEND")
                .and_then(Value::as_str)
                .map(str::to_string)
        } else {
            None
        }
    });
    if let Some(b) = backend
        && ["LocMemCache", "DummyCache", "FileBasedCache"]
            .iter()
            .any(|k| b.ends_with(k))
    {
        ctx.report(
            &SESSION_CACHE_VOLATILE,
            &["SESSION_ENGINE"],
            format!("sessions live only in the '{alias}' cache, which is `{b}`: users lose their sessions between workers and restarts"),
            Some("use SESSION_ENGINE = \"django.contrib.sessions.backends.cached_db\" or a shared cache".into()),
        );
    }
    Ok(())
}
