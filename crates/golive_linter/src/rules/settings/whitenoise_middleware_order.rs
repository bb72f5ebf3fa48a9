//! DJS134: WhiteNoise out of place.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, WHITENOISE_MIDDLEWARE};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `whitenoise.middleware.WhiteNoiseMiddleware` comes
    /// directly after `SecurityMiddleware`, as WhiteNoise documents.
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

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(mw) = ctx.known("MIDDLEWARE")? else { return Ok(()) };
    let items: Vec<String> = mw.elements().unwrap_or_default().iter().filter_map(|m| m.as_str().map(str::to_string)).collect();
    let Some(wn) = items.iter().position(|m| m == WHITENOISE_MIDDLEWARE) else { return Ok(()) };
    let sec = items.iter().position(|m| m == SECURITY_MIDDLEWARE);
    let ok = sec.is_some_and(|s| s + 1 == wn);
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
