//! DJS035: Django's `caches.W003`.

use super::cache_location_exposed::file_based_caches;
use crate::context::{Blocked, Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Checks that every file-based cache has an absolute `LOCATION`.
    ///
    /// ## Why is this bad?
    /// A relative path is resolved against the working directory of each
    /// process: the web server, a worker and `manage.py` end up with
    /// different caches, and `clear()` empties the wrong one.
    ///
    /// ## Example
    /// ```python
    /// CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "cache"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": "/var/cache/shop"}}
    /// ```
    ///
    /// ## References
    /// - [Django: Filesystem caching](https://docs.djangoproject.com/en/stable/topics/cache/#filesystem-caching)
    pub(crate) static FILE_CACHE_RELATIVE_LOCATION = {
        code: "DJS035",
        name: "file-cache-relative-location",
        severity: Warning,
        django_id: Some("caches.W003"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    for (alias, location) in file_based_caches(ctx)? {
        let text = match (
            location.as_ref().and_then(|l| l.as_fspath()),
            location.as_ref().map(|l| &l.v),
        ) {
            (Some(s), _) => s.to_string(),
            (None, Some(V::Unknown(r))) => {
                return Err(Blocked {
                    setting: "CACHES".into(),
                    reason: r.to_string(),
                });
            }
            _ => continue,
        };
        if !text.starts_with('/') {
            let alias = alias.as_str().unwrap_or("?");
            ctx.report_keyed(
                &FILE_CACHE_RELATIVE_LOCATION,
                &["CACHES"],
                format!(
                    "the '{alias}' cache LOCATION {} is relative",
                    golive_python::str_repr(&text)
                ),
                Some("use an absolute path".into()),
                Some(alias.to_string()),
            );
        }
    }
    Ok(())
}
