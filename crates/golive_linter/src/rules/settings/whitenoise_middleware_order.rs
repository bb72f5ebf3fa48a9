//! DJS134: WhiteNoise out of place.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, WHITENOISE_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `whitenoise.middleware.WhiteNoiseMiddleware` comes after
    /// `SecurityMiddleware` with nothing between them that does work for
    /// every request (sessions, authentication, locale, CSRF, messages, the
    /// common middleware), as WhiteNoise documents. Middleware that only
    /// adds headers may sit between them; django-cors-headers asks to.
    ///
    /// ## Why is this bad?
    /// Above `SecurityMiddleware`, static files are served without the SSL
    /// redirect and the security headers; further down, every static request
    /// runs through sessions, authentication and the rest for nothing.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "whitenoise.middleware.WhiteNoiseMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "whitenoise.middleware.WhiteNoiseMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - [WhiteNoise: Using WhiteNoise with Django](https://whitenoise.readthedocs.io/en/stable/django.html)
    pub(crate) static WHITENOISE_MIDDLEWARE_ORDER = {
        code: "DJS134",
        name: "whitenoise-middleware-order",
        severity: Warning,
        django_id: None,
    };
}

/// Middleware that reads the session or the database, or rewrites the
/// request, for every request it sees.
const HEAVY: &[&str] = &[
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "debug_toolbar.middleware.DebugToolbarMiddleware",
];

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
    let Some(wn) = items.iter().position(|m| m == WHITENOISE_MIDDLEWARE) else {
        return Ok(());
    };
    let sec = items.iter().position(|m| m == SECURITY_MIDDLEWARE);
    // Between them, only middleware that does per-request work costs static
    // requests anything; header-only middleware (CORS, Permissions-Policy)
    // is fine there, and django-cors-headers asks to come before WhiteNoise.
    let ok = sec.is_some_and(|s| {
        s < wn
            && items[s + 1..wn]
                .iter()
                .all(|m| !HEAVY.contains(&m.as_str()))
    });
    if !ok {
        ctx.report(
            &WHITENOISE_MIDDLEWARE_ORDER,
            &["MIDDLEWARE"],
            match sec {
                Some(s) if s > wn => "`WhiteNoiseMiddleware` comes before SecurityMiddleware: static files skip the SSL redirect and security headers".into(),
                Some(_) => "`WhiteNoiseMiddleware` is not directly after SecurityMiddleware: static requests run through middleware they do not need".into(),
                None => "`WhiteNoiseMiddleware` is used without SecurityMiddleware".into(),
            },
            Some("place WhiteNoiseMiddleware directly after SecurityMiddleware".into()),
        );
    }
    Ok(())
}
