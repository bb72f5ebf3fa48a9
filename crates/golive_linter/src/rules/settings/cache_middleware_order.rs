//! DJS133: the per-site cache middleware in the wrong places.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `UpdateCacheMiddleware` comes first in `MIDDLEWARE` (after
    /// `SecurityMiddleware`) and `FetchFromCacheMiddleware` last, when the
    /// per-site cache is used.
    ///
    /// ## Why is this bad?
    /// Middleware runs top-down on the request and bottom-up on the
    /// response. `UpdateCacheMiddleware` above the others stores the
    /// response after they have set their `Vary` headers; placed lower, a
    /// page cached for one user's session or language is served to others.
    /// `FetchFromCacheMiddleware` placed early returns cached pages before
    /// authentication and CSRF middleware run.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.middleware.cache.FetchFromCacheMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.cache.UpdateCacheMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.middleware.cache.UpdateCacheMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.cache.FetchFromCacheMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: The per-site cache](https://docs.djangoproject.com/en/stable/topics/cache/#the-per-site-cache)
    pub(crate) static CACHE_MIDDLEWARE_ORDER = {
        code: "DJS133",
        name: "cache-middleware-order",
        severity: Warning,
        django_id: None,
    };
}

const UPDATE: &str = "django.middleware.cache.UpdateCacheMiddleware";
const FETCH: &str = "django.middleware.cache.FetchFromCacheMiddleware";
const SECURITY: &str = "django.middleware.security.SecurityMiddleware";

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(mw) = ctx.known("MIDDLEWARE")? else {
        return Ok(());
    };
    let items: Vec<String> = mw
        .elements()
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m.as_str().map(str::to_string))
        .collect();
    let others: Vec<&String> = items.iter().filter(|m| m.as_str() != SECURITY).collect();
    if let Some(pos) = others.iter().position(|m| m.as_str() == UPDATE)
        && pos != 0
    {
        ctx.report_keyed(
            &CACHE_MIDDLEWARE_ORDER,
            &["MIDDLEWARE"],
            format!(
                "`UpdateCacheMiddleware` comes after {}: responses are cached before those middleware add their Vary headers",
                others[..pos].iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ),
            Some("put UpdateCacheMiddleware first (after SecurityMiddleware)".into()),
            Some("update".into()),
        );
    }
    if let Some(pos) = others.iter().position(|m| m.as_str() == FETCH)
        && pos + 1 != others.len()
    {
        ctx.report_keyed(
            &CACHE_MIDDLEWARE_ORDER,
            &["MIDDLEWARE"],
            format!(
                "`FetchFromCacheMiddleware` comes before {}: cached pages are served before they run",
                others[pos + 1..].iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ),
            Some("put FetchFromCacheMiddleware last".into()),
            Some("fetch".into()),
        );
    }
    Ok(())
}
