//! WEB022: a client's `X-Forwarded-Proto` header is believed.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::Purpose;

declare_rule! {
    /// ## What it does
    /// When plain HTTP is redirected to HTTPS, requests the same `http://`
    /// URL again with `X-Forwarded-Proto: https`, as any client can. If the
    /// redirect stops and the page is served, the application trusts that
    /// header from the client: Django's `SECURE_PROXY_SSL_HEADER` is set,
    /// but the proxy in front passes the client's header through instead
    /// of setting it.
    ///
    /// ## Why is this bad?
    /// Django then takes any request that carries the header for HTTPS:
    /// `SECURE_SSL_REDIRECT` is bypassed, `request.is_secure()` lies, and
    /// URLs Django builds say `https` on a plain-HTTP connection. Django's
    /// documentation warns that the setting is safe only when the proxy
    /// overwrites (or strips) the header. No common web scanner checks it.
    ///
    /// ## Example
    /// nginx `proxy_pass http://app;` without `proxy_set_header
    /// X-Forwarded-Proto $scheme;` in front of `SECURE_PROXY_SSL_HEADER =
    /// ("HTTP_X_FORWARDED_PROTO", "https")`.
    ///
    /// Use instead: `proxy_set_header X-Forwarded-Proto $scheme;` in every
    /// location that proxies to Django (see NGX for the configuration side).
    ///
    /// ## References
    /// - [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
    /// - [OWASP: Testing for HTTP Incoming Requests](https://owasp.org/www-project-web-security-testing-guide/)
    pub(crate) static FORWARDED_PROTO_TRUSTED = {
        code: "WEB022",
        name: "forwarded-proto-trusted",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(ex) = ctx.obs.of(Purpose::ForwardedProto).next() else {
        return;
    };
    // The probe sends this request only for a plain-HTTP URL that
    // redirected to HTTPS; served now, the header changed the answer.
    if ex.status.is_some_and(|s| (200..300).contains(&s)) {
        ctx.report(
            &FORWARDED_PROTO_TRUSTED,
            ctx.at_status(ex),
            format!(
                "{} redirects to HTTPS, but serves the page over plain HTTP when the client sends `X-Forwarded-Proto: https`: the proxy passes the client's header on and Django trusts it",
                ex.url
            ),
            Some("make the proxy set the header itself: `proxy_set_header X-Forwarded-Proto $scheme;`".into()),
        );
    }
}
