//! XDP006: USE_X_FORWARDED_HOST trusts a header the proxy does not set.

use super::{known, related};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::{app_locations, levels};
use golive_infra::nginx;
use golive_python::V;

declare_rule! {
    /// ## What it does
    /// Reports `USE_X_FORWARDED_HOST = True` when an nginx location that
    /// proxies to Django does not set `X-Forwarded-Host` itself.
    ///
    /// ## Why is this bad?
    /// With the setting on, `request.get_host()` prefers `X-Forwarded-Host`
    /// over `Host`. nginx passes a client's `X-Forwarded-Host` through
    /// unless it overwrites it, so the host Django uses for absolute URLs —
    /// password-reset links included — is whatever the client sends, within
    /// `ALLOWED_HOSTS`. The setting is for proxies that set the header; if
    /// nginx sends the right `Host`, it is not needed.
    ///
    /// ## Example
    /// ```python
    /// USE_X_FORWARDED_HOST = True
    /// ```
    /// ```nginx
    /// location / { proxy_set_header Host $host; proxy_pass http://127.0.0.1:8000; }
    /// ```
    ///
    /// Use instead: remove the setting (nginx already sends `Host`), or set
    /// the header in nginx:
    /// ```nginx
    /// proxy_set_header X-Forwarded-Host $host;
    /// ```
    ///
    /// ## References
    /// - [Django: USE_X_FORWARDED_HOST](https://docs.djangoproject.com/en/stable/ref/settings/#use-x-forwarded-host)
    pub(crate) static FORWARDED_HOST_FROM_CLIENT = {
        code: "XDP006",
        name: "forwarded-host-from-client",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(setting) = known(ctx, "USE_X_FORWARDED_HOST") else {
        return;
    };
    if !matches!(setting.value.v, V::Bool(true)) {
        return;
    }
    for config in &ctx.deployment.nginx {
        for app in app_locations(config)
            .into_iter()
            .filter(|a| a.pass.name == "proxy_pass")
        {
            let headers = nginx::inherited_list(&levels(config, &app.location), "proxy_set_header");
            if headers.iter().any(|h| {
                h.arg(0)
                    .is_some_and(|n| n.eq_ignore_ascii_case("X-Forwarded-Host"))
            }) {
                continue;
            }
            ctx.report(
                &FORWARDED_HOST_FROM_CLIENT,
                app.pass.span(),
                "USE_X_FORWARDED_HOST is on, but this location does not set X-Forwarded-Host: Django takes the host from a header the client controls".into(),
                Some("add `proxy_set_header X-Forwarded-Host $host;`, or turn USE_X_FORWARDED_HOST off".into()),
                related(setting, "USE_X_FORWARDED_HOST is set here"),
            );
        }
    }
}
