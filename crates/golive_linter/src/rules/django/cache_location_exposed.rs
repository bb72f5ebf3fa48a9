//! DJS030: Django's `caches.W002`.

use crate::context::{Blocked, Checked, SettingsContext};
use crate::rule::declare_rule;
use golive_python::{V, Value};
use std::path::{Path, PathBuf};

declare_rule! {
    /// ## What it does
    /// Checks that no file-based cache (`FileBasedCache`) keeps its files at,
    /// inside, or around `MEDIA_ROOT`, `STATIC_ROOT` or a `STATICFILES_DIRS`
    /// entry. Relative paths are taken relative to the project directory
    /// (where `manage.py` is), as they would be for a process started there.
    ///
    /// ## Why is this bad?
    /// Those directories are served to the public: cache entries there can be
    /// downloaded (they are pickles — session data, rendered pages), and
    /// `collectstatic --clear` or a media cleanup deletes the cache under a
    /// running site.
    ///
    /// ## Example
    /// ```python
    /// STATIC_ROOT = BASE_DIR / "static"
    /// CACHES = {"default": {
    ///     "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    ///     "LOCATION": BASE_DIR / "static" / "cache",
    /// }}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CACHES = {"default": {
    ///     "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    ///     "LOCATION": "/var/cache/shop",
    /// }}
    /// ```
    ///
    /// ## References
    /// - [Django: Filesystem caching](https://docs.djangoproject.com/en/stable/topics/cache/#filesystem-caching)
    pub(crate) static CACHE_LOCATION_EXPOSED = {
        code: "DJS030",
        name: "cache-location-exposed",
        severity: Warning,
        django_id: Some("caches.W002"),
    };
}

pub(crate) const FILE_BASED_CACHE: &str = "django.core.cache.backends.filebased.FileBasedCache";

/// `Path(p).resolve()` approximated without the deployed filesystem:
/// absolute against the project directory, `..` applied lexically.
pub(crate) fn resolve(base: &Path, p: &str) -> PathBuf {
    let joined = if Path::new(p).is_absolute() {
        PathBuf::from(p)
    } else {
        base.join(p)
    };
    golive_source::normalize_lexically(&joined)
}

/// The file-based caches of `CACHES`: `(alias, LOCATION)` for each alias
/// whose backend is Django's `FileBasedCache`. Blocked when a backend is
/// unknown (it might be one).
pub(crate) fn file_based_caches(
    ctx: &SettingsContext,
) -> Result<Vec<(Value, Option<Value>)>, Blocked> {
    let Some(caches) = ctx.value("CACHES")? else {
        return Ok(Vec::new());
    };
    let V::Dict(caches) = &caches.v else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (alias, config) in caches.borrow().entries.iter() {
        let V::Dict(cfg) = &config.v else { continue };
        let cfg = cfg.borrow();
        let backend = cfg.get_str("BACKEND");
        if backend.is_some_and(Value::is_unknown) {
            return Err(Blocked {
                setting: "CACHES".into(),
                reason: "a cache BACKEND golive cannot know".into(),
            });
        }
        if backend.and_then(Value::as_str) == Some(FILE_BASED_CACHE) {
            out.push((alias.clone(), cfg.get_str("LOCATION").cloned()));
        }
    }
    Ok(out)
}

fn path_text(v: &Value) -> Option<String> {
    v.as_fspath().map(str::to_string)
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let caches = file_based_caches(ctx)?;
    for name in ["MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"] {
        if !ctx.truthy(name)? {
            continue;
        }
        let value = ctx.known(name)?.expect("truthy settings exist");
        let mut paths = Vec::new();
        if name == "STATICFILES_DIRS" {
            for entry in value.elements().unwrap_or_default() {
                let dir = match entry.elements() {
                    Some(pair)
                        if pair.len() == 2 && matches!(entry.v, V::List(_) | V::Tuple(_)) =>
                    {
                        pair[1].clone()
                    }
                    _ => entry,
                };
                if let Some(p) = path_text(&dir) {
                    paths.push(resolve(&ctx.base_dir, &p));
                }
            }
        } else if let Some(p) = path_text(value) {
            paths.push(resolve(&ctx.base_dir, &p));
        }
        for (alias, location) in &caches {
            let Some(location) = location.as_ref().and_then(path_text) else {
                continue;
            };
            let cache_path = resolve(&ctx.base_dir, &location);
            let relation = if paths.contains(&cache_path) {
                "matches"
            } else if paths.iter().any(|p| cache_path.starts_with(p)) {
                "is inside"
            } else if paths.iter().any(|p| p.starts_with(&cache_path)) {
                "contains"
            } else {
                continue;
            };
            let alias = alias.as_str().unwrap_or("?");
            ctx.report_keyed(
                &CACHE_LOCATION_EXPOSED,
                &["CACHES", name],
                format!("the '{alias}' cache's LOCATION {relation} {name}: the cache may be served to the public or deleted with the files"),
                Some("keep file-based caches outside MEDIA_ROOT, STATIC_ROOT and STATICFILES_DIRS".into()),
                Some(format!("{alias}:{name}")),
            );
        }
    }
    Ok(())
}
