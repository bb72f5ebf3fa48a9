//! NGX006: static files served without long-lived caching.

use super::{all_locations, first_segment, levels, parse_time, serves_files};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Reports a location serving `/static/` from disk with neither an
    /// `expires` of a day or more nor a `Cache-Control` header with a
    /// `max-age`.
    ///
    /// ## Why is this bad?
    /// `collectstatic` with `ManifestStaticFilesStorage` (or WhiteNoise's
    /// compressed manifest storage) gives every file a content hash in its
    /// name, so a browser may keep it forever. Without caching headers,
    /// every page view re-validates each stylesheet, script and image:
    /// slower pages and needless load.
    ///
    /// ## Example
    /// ```nginx
    /// location /static/ {
    ///     alias /srv/shop/staticfiles/;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location /static/ {
    ///     alias /srv/shop/staticfiles/;
    ///     expires 1y;
    ///     add_header Cache-Control "public, immutable";
    /// }
    /// ```
    ///
    /// ## References
    /// - [Django: ManifestStaticFilesStorage](https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#manifeststaticfilesstorage)
    /// - [nginx: expires](https://nginx.org/en/docs/http/ngx_http_headers_module.html#expires)
    pub(crate) static STATIC_NOT_CACHED = {
        code: "NGX006",
        name: "static-not-cached",
        severity: Warning,
        django_id: None,
    };
}

const DAY: u64 = 86400;

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        for (_, location) in all_locations(config) {
            if !first_segment(location.node).is_some_and(|s| s == "static" || s == "staticfiles") {
                continue;
            }
            let levels = levels(config, &location);
            if !serves_files(&levels, location.node) {
                continue;
            }
            let expires = nginx::inherited_value(&levels, "expires")
                .and_then(|n| n.args.last())
                .and_then(|a| parse_time(&a.value));
            let max_age = nginx::inherited_list(&levels, "add_header")
                .iter()
                .filter(|n| {
                    n.arg(0)
                        .is_some_and(|h| h.eq_ignore_ascii_case("Cache-Control"))
                })
                .filter_map(|n| n.arg(1))
                .filter_map(|v| {
                    v.split(',').find_map(|p| {
                        p.trim()
                            .strip_prefix("max-age=")
                            .and_then(|n| n.parse::<u64>().ok())
                    })
                })
                .max();
            let best = expires.into_iter().chain(max_age).max();
            if best.is_some_and(|s| s >= DAY) {
                continue;
            }
            let message = match best {
                Some(s) => format!("static files are cached for only {s} seconds"),
                None => "static files are served without caching headers (`expires` or Cache-Control max-age)".into(),
            };
            ctx.report(
                &STATIC_NOT_CACHED,
                location.node.span(),
                message,
                Some("add `expires 1y;` (and `add_header Cache-Control \"public, immutable\";`) for hashed static files".into()),
                Vec::new(),
            );
        }
    }
}
