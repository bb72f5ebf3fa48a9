//! WEB021: the start URL does not lead to a page of the site.

use super::ProbeContext;
use crate::rule::declare_rule;
use golive_probe::{Landing, Purpose};

declare_rule! {
    /// ## What it does
    /// Follows the start URL's redirects within the site — a scheme
    /// upgrade, the canonical host on the same registrable domain
    /// (`example.com` → `www.example.com`), a path — and reports when they
    /// do not end on a page: a redirect loop, more than five redirects, a
    /// redirect to a URL that does not answer, or a redirect to another
    /// site. Nothing else is judged then: the
    /// response of a redirect is not the site, and grading its headers
    /// would grade the wrong thing.
    ///
    /// ## Why is this bad?
    /// A loop or an endless chain is a site nobody can open (browsers give
    /// up after about twenty hops and show an error). A redirect to another
    /// site means the URL probed is not where users end up: probe the
    /// site it lands on.
    ///
    /// ## Example
    /// `https://shop.example.com/` answers `301 Location:
    /// https://shop.example.com/` (a proxy that redirects to HTTPS behind
    /// a TLS terminator that talks plain HTTP to it).
    ///
    /// Use instead: redirect once, to the canonical URL; behind a TLS
    /// terminator, set `SECURE_PROXY_SSL_HEADER` (and have the proxy set
    /// the header) so Django knows the request was HTTPS.
    ///
    /// ## References
    /// - [RFC 9110 §15.4: Redirection](https://www.rfc-editor.org/rfc/rfc9110#section-15.4)
    /// - [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
    pub(crate) static REDIRECT_LANDS_ELSEWHERE = {
        code: "WEB021",
        name: "redirect-lands-elsewhere",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    // The last redirect that was answered: the one that leads nowhere.
    let Some(last) = ctx
        .obs
        .of(Purpose::Start)
        .filter(|e| e.status.is_some())
        .last()
    else {
        return;
    };
    let (message, help) = match &ctx.obs.landing {
        Landing::Page => return,
        Landing::Loop { url } => (
            format!(
                "the redirects of {} loop: they come back to {url}",
                ctx.obs.target
            ),
            "redirect once, to the canonical URL; behind a TLS terminator, set SECURE_PROXY_SSL_HEADER so Django sees HTTPS",
        ),
        Landing::TooManyHops { hops } => (
            format!(
                "{} redirects {} times without reaching a page",
                ctx.obs.target,
                hops.saturating_sub(1)
            ),
            "redirect once, to the canonical URL",
        ),
        Landing::DeadEnd { url, why } => (
            format!(
                "{} redirects to {url}, which does not answer: {why}",
                ctx.obs.target
            ),
            "redirect to a URL the site serves (with SECURE_SSL_REDIRECT behind a proxy, check SECURE_SSL_HOST and the Host header the proxy passes)",
        ),
        Landing::OffSite { url } => (
            format!(
                "{} lands on {url}, another site — probe that",
                ctx.obs.target
            ),
            "run golive probe on the URL users end up on",
        ),
    };
    ctx.report(
        &REDIRECT_LANDS_ELSEWHERE,
        ctx.at_status(last),
        message,
        Some(help.into()),
    );
}
