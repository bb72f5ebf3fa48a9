//! DJS132: compressing responses in Django.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports `django.middleware.gzip.GZipMiddleware` in `MIDDLEWARE`.
    ///
    /// ## Why is this bad?
    /// Compressing responses that contain secrets (CSRF tokens, personal
    /// data) next to attacker-controlled input exposes them to BREACH-style
    /// attacks; Django mitigates this for the CSRF token only. And the
    /// reverse proxy usually compresses already, more efficiently than a
    /// Python worker. Information: the deployment reference recommends the
    /// middleware, golive disagrees.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", ...]
    /// ```
    ///
    /// Use instead: compress at the proxy (`gzip on;` in nginx) for static
    /// and non-sensitive responses.
    ///
    /// ## References
    /// - [Django: GZip middleware](https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.gzip)
    /// - [breachattack.com](https://www.breachattack.com/)
    pub(crate) static GZIP_MIDDLEWARE = {
        code: "DJS132",
        name: "gzip-middleware",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware("django.middleware.gzip.GZipMiddleware")? {
        ctx.report(
            &GZIP_MIDDLEWARE,
            &["MIDDLEWARE"],
            "`GZipMiddleware` compresses responses in Django: a BREACH risk for pages with secrets, and work the proxy does better".into(),
            Some("compress at the reverse proxy instead".into()),
        );
    }
    Ok(())
}
