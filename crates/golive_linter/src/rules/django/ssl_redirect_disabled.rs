//! DJS008: Django's `security.W008`.

use crate::context::{Checked, SECURITY_MIDDLEWARE, SettingsContext, not_true_because};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `SECURE_SSL_REDIRECT` is `True` when `SecurityMiddleware`
    /// is installed.
    ///
    /// ## Why is this bad?
    /// Requests that arrive over plain HTTP are then served over plain HTTP,
    /// session cookies and all. If the proxy or load balancer already
    /// redirects every HTTP request to HTTPS this warning can be silenced —
    /// but it is safer to redirect in both places. Behind a TLS-terminating
    /// proxy, also set `SECURE_PROXY_SSL_HEADER`, or the redirect loops.
    /// Django compares with `is True`: the string `"True"` does not count.
    ///
    /// ## Example
    /// ```python
    /// SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "True")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=True)
    /// SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    /// ```
    ///
    /// ## References
    /// - [Django: SSL redirect](https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect)
    pub(crate) static SSL_REDIRECT_DISABLED = {
        code: "DJS008",
        name: "ssl-redirect-disabled",
        severity: Warning,
        django_id: Some("security.W008"),
    };
}

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    if ctx.middleware(SECURITY_MIDDLEWARE)? && !ctx.is_true("SECURE_SSL_REDIRECT")? {
        let why = not_true_because(ctx.value("SECURE_SSL_REDIRECT")?);
        ctx.report(
            &SSL_REDIRECT_DISABLED,
            &["SECURE_SSL_REDIRECT"],
            match why {
                Some(w) => format!("`SECURE_SSL_REDIRECT` is not `True`: {w}"),
                None => format!(
                    "`SECURE_SSL_REDIRECT` is {}, so Django serves plain-HTTP requests instead of redirecting them to HTTPS",
                    ctx.describe("SECURE_SSL_REDIRECT")
                ),
            },
            Some("set SECURE_SSL_REDIRECT = True (or redirect at the proxy and silence security.W008)".into()),
        );
    }
    Ok(())
}
