//! WEB003: plain HTTP is not redirected to HTTPS.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// Requests the `http://` address of the site (the URL given when it is
    /// `http://`, else its `http://` twin) and reports an answer that is not
    /// a redirect to `https://` on the same host.
    ///
    /// ## Why is this bad?
    /// Visitors who type the bare domain use the site unencrypted, and
    /// cookies without `Secure` travel in clear text. The redirect should
    /// be a 301 (or 308) from the proxy, or `SECURE_SSL_REDIRECT` in Django.
    ///
    /// ## Example
    /// `GET http://shop.example.com/` → `200 OK`.
    ///
    /// Use instead: `GET http://shop.example.com/` → `301 Location: https://shop.example.com/`.
    ///
    /// ## References
    /// - [Django: SECURE_SSL_REDIRECT](https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect)
    /// - [MDN: Strict-Transport-Security](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Strict-Transport-Security)
    pub(crate) static HTTP_NOT_REDIRECTED_LIVE = {
        code: "WEB003",
        name: "http-not-redirected-live",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let plain = ctx.obs.of(Purpose::PlainHttp).next().or_else(|| {
        ctx.obs
            .of(Purpose::Start)
            .next()
            .filter(|e| e.url.starts_with("http://"))
    });
    let Some(ex) = plain else { return };
    let Some(status) = ex.status else { return };
    let to_https = ex.is_redirect()
        && ex
            .header("location")
            .is_some_and(|l| l.starts_with("https://"));
    if !to_https {
        ctx.report(
            &HTTP_NOT_REDIRECTED_LIVE,
            ctx.at_status(ex),
            format!("{} answers {status} over plain HTTP instead of redirecting to HTTPS", ex.url),
            Some("redirect plain HTTP with a 301 to https:// (in nginx, or SECURE_SSL_REDIRECT = True)".into()),
        );
    }
}
