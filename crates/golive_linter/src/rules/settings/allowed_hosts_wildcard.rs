//! DJS102: any host is accepted.

use crate::context::{Checked, SettingsContext};
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks that `ALLOWED_HOSTS` does not contain `"*"`, including through
    /// the default of an environment variable
    /// (`os.environ.get("ALLOWED_HOSTS", "*")`). Projects whose middleware
    /// validates the host itself against the domains it serves — pretix's
    /// `MultiDomainMiddleware`, django-tenants' `TenantMainMiddleware`,
    /// django-tenant-schemas' `TenantMiddleware` — are not reported: there,
    /// `"*"` only hands the check over to that middleware.
    ///
    /// ## Why is this bad?
    /// `ALLOWED_HOSTS` is Django's defence against Host-header attacks:
    /// with `"*"`, a request for `evil.example` is served, and Django builds
    /// absolute URLs — password-reset links, redirects, cache keys — from
    /// the attacker's host. Django's `check --deploy` does not flag it.
    ///
    /// ## Example
    /// ```python
    /// ALLOWED_HOSTS = ["*"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com", "www.shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - [Django: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting)
    pub(crate) static ALLOWED_HOSTS_WILDCARD = {
        code: "DJS102",
        name: "allowed-hosts-wildcard",
        severity: Warning,
        django_id: None,
    };
}

/// Middleware that answers only for the domains the project knows (a
/// tenant's or an event's), whatever ALLOWED_HOSTS lets through.
const HOST_VALIDATING_MIDDLEWARE: &[&str] = &[
    "pretix.multidomain.middlewares.MultiDomainMiddleware",
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django_tenants.middleware.TenantMainMiddleware",
    "tenant_schemas.middleware.TenantMiddleware",
];

pub(crate) fn check(ctx: &SettingsContext) -> Checked {
    let Some(hosts) = ctx.value("ALLOWED_HOSTS")? else {
        return Ok(());
    };
    let items = hosts.elements().unwrap_or_default();
    if items.iter().any(|h| h.as_str() == Some("*")) {
        if HOST_VALIDATING_MIDDLEWARE
            .iter()
            .any(|m| ctx.middleware(m).unwrap_or(false))
        {
            return Ok(());
        }
        ctx.report(
            &ALLOWED_HOSTS_WILDCARD,
            &["ALLOWED_HOSTS"],
            "`ALLOWED_HOSTS` contains '*': requests for any host name are served, so Host-header attacks reach Django".into(),
            Some("list the host names the site is served under".into()),
        );
    }
    Ok(())
}
