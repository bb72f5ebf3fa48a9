//! XDP001: nginx sends Django host names that ALLOWED_HOSTS rejects.

use super::{known, related, strings};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use crate::rules::nginx::serves_app;
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Reports a `server_name` of an nginx server that proxies to Django
    /// when the audited settings' `ALLOWED_HOSTS` does not allow that name
    /// (Django's own matching: exact names, `.example.com` for a domain and
    /// its subdomains, `*` for everything).
    ///
    /// ## Why is this bad?
    /// nginx accepts the request and passes it on; Django answers every
    /// request for that name with `400 Bad Request` (`DisallowedHost`).
    /// This is how a new `www.` name or a renamed domain breaks in
    /// production while both files look right on their own.
    ///
    /// ## Example
    /// ```nginx
    /// server_name shop.example.com www.shop.example.com;
    /// ```
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com", "www.shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - [Django: ALLOWED_HOSTS](https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts)
    /// - [nginx: server_name](https://nginx.org/en/docs/http/server_names.html)
    pub(crate) static ALLOWED_HOSTS_VS_SERVER_NAME = {
        code: "XDP001",
        name: "allowed-hosts-vs-server-name",
        severity: Error,
        django_id: None,
    };
}

/// Django's `validate_host` for one pattern (lower-cased, without port).
fn allows(pattern: &str, host: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    pattern == "*"
        || pattern == host
        || pattern.starts_with('.') && (host.ends_with(&pattern) || host == &pattern[1..])
}

pub(crate) fn check(ctx: &InfraContext) {
    let Some(setting) = known(ctx, "ALLOWED_HOSTS") else {
        return;
    };
    let patterns = strings(&setting.value);
    if patterns.is_empty() {
        // An empty list is DJS's finding (and Django's own check).
        return;
    }
    for config in &ctx.deployment.nginx {
        for server in config
            .servers()
            .into_iter()
            .filter(|s| serves_app(config, s))
        {
            for name in nginx::server_names(server) {
                let n = name.value.to_ascii_lowercase();
                if n.is_empty() || n == "_" || n.contains(['$', '~']) || n == "localhost" {
                    continue;
                }
                // `*.example.com` in nginx needs `.example.com` in Django;
                // `.example.com` in nginx is the same as in Django.
                let (host, wildcard) = match n.strip_prefix("*.") {
                    Some(rest) => (format!(".{rest}"), true),
                    None => (n.trim_start_matches('.').to_string(), n.starts_with('.')),
                };
                let ok = if wildcard {
                    patterns
                        .iter()
                        .any(|p| p == "*" || p.eq_ignore_ascii_case(&host))
                } else {
                    patterns.iter().any(|p| allows(p, &host))
                };
                if ok {
                    continue;
                }
                ctx.report(
                    &ALLOWED_HOSTS_VS_SERVER_NAME,
                    golive_source::Span::new(server.file, name.range),
                    format!(
                        "nginx passes requests for `{}` to Django, but ALLOWED_HOSTS does not allow it: Django answers them with 400 Bad Request",
                        name.value
                    ),
                    Some(format!("add \"{host}\" to ALLOWED_HOSTS, or remove the name from server_name")),
                    related(setting, "ALLOWED_HOSTS is set here"),
                );
            }
        }
    }
}
