//! DJS114: SecurityMiddleware after middleware that may answer first.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that no middleware that can answer a request by itself comes
    /// before `SecurityMiddleware` in `MIDDLEWARE`: Django's `CommonMiddleware`
    /// (slash redirects), `LocaleMiddleware`, `CsrfViewMiddleware`,
    /// `FetchFromCacheMiddleware` and `CacheMiddleware`,
    /// `ConditionalGetMiddleware`, the redirects and flatpages fallbacks,
    /// and WhiteNoise. `UpdateCacheMiddleware` is not
    /// one: it only stores responses, and Django's documentation puts it
    /// first. Middleware golive does not know (CORS headers, metrics,
    /// logging) is not judged.
    ///
    /// ## Why is this bad?
    /// Middleware above it can answer a request — a redirect, a cached page,
    /// a static file — before the SSL redirect runs and without the HSTS,
    /// nosniff, Referrer-Policy and COOP headers it adds on the way out.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.common.CommonMiddleware",
    ///     "django.middleware.security.SecurityMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.middleware.common.CommonMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [Django: Middleware ordering](https://docs.djangoproject.com/en/stable/ref/middleware/#middleware-ordering)
    pub(crate) static SECURITY_MIDDLEWARE_NOT_FIRST = {
        code: "DJS114",
        name: "security-middleware-not-first",
        severity: Warning,
        django_id: None,
    };
}

/// Middleware that can produce a response without calling the view.
/// `UpdateCacheMiddleware` is not one: it only stores responses, and
/// Django's documentation requires it first.
const RESPONDERS: &[&str] = &[
    "django.middleware.common.CommonMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    "django.middleware.cache.CacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(mw) = ctx.known("MIDDLEWARE")? else {
        return Ok(());
    };
    let items = mw.elements().unwrap_or_default();
    let Some(pos) = items
        .iter()
        .position(|m| m.as_str() == Some(SECURITY_MIDDLEWARE))
    else {
        return Ok(());
    };
    let before: Vec<&str> = items[..pos]
        .iter()
        .filter_map(|m| m.as_str())
        .filter(|m| RESPONDERS.contains(m))
        .collect();
    if !before.is_empty() {
        ctx.report(
            &SECURITY_MIDDLEWARE_NOT_FIRST,
            &["MIDDLEWARE"],
            format!("`SecurityMiddleware` comes after {}, which can answer requests before the SSL redirect and security headers apply", before.join(", ")),
            Some("move django.middleware.security.SecurityMiddleware to the top".into()),
        );
    }
    Ok(())
}
