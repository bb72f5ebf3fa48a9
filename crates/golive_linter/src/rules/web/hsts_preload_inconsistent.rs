//! WEB037: HSTS asks for preloading but cannot be preloaded.

use super::ProbeContext;
use super::hsts_missing::{ONE_YEAR, parse_sts};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an HTTPS page whose `Strict-Transport-Security` has `preload`
    /// but not what the preload list requires with it: `includeSubDomains`
    /// and a `max-age` of at least a year (31536000 s). Information: the
    /// header still protects as far as it goes; the `preload` token alone
    /// does nothing.
    ///
    /// ## Why is this bad?
    /// `preload` states the intent to be built into browsers as HTTPS-only,
    /// protecting even the very first visit. hstspreload.org refuses (and
    /// later removes) a domain whose header lacks `includeSubDomains` or has
    /// a shorter `max-age`, so the site believes it is preloaded and is not.
    ///
    /// ## Example
    /// `Strict-Transport-Security: max-age=31536000; preload`.
    ///
    /// Use instead: `Strict-Transport-Security: max-age=31536000; includeSubDomains; preload`
    /// (with every subdomain on HTTPS), or drop `preload`.
    ///
    /// ## References
    /// - [hstspreload.org: submission requirements](https://hstspreload.org/#submission-requirements)
    /// - [Django: SECURE_HSTS_PRELOAD](https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload)
    pub(crate) static HSTS_PRELOAD_INCONSISTENT = {
        code: "WEB037",
        name: "hsts-preload-inconsistent",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    let Some(page) = ctx.page() else { return };
    let Some(value) = page.header("strict-transport-security") else {
        return;
    };
    if !ctx.is_https(page) {
        return;
    }
    let Ok(sts) = parse_sts(value) else { return };
    if !sts.preload || sts.max_age == 0 {
        return;
    }
    let mut lacking = Vec::new();
    if !sts.include_subdomains {
        lacking.push("includeSubDomains".to_string());
    }
    if sts.max_age < ONE_YEAR {
        lacking.push(format!("a max-age of a year (it is {})", sts.max_age));
    }
    if !lacking.is_empty() {
        ctx.report(
            &HSTS_PRELOAD_INCONSISTENT,
            ctx.at_header(page, "strict-transport-security"),
            format!("Strict-Transport-Security says preload without {}: the preload list refuses it", lacking.join(" and ")),
            Some("set SECURE_HSTS_INCLUDE_SUBDOMAINS = True and SECURE_HSTS_SECONDS = 31536000, or drop preload".into()),
        );
    }
}
