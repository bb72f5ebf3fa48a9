//! NGX009: an `add_header` in a nested block silently drops the outer ones.

use super::all_locations;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::{Level, Node};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a server or location with its own `add_header` lines when a
    /// level around it sets headers that it does not repeat.
    ///
    /// ## Why is this bad?
    /// nginx inherits `add_header` from the level above only when a level
    /// declares none of its own. One `add_header Cache-Control …` in
    /// `location /static/` therefore removes the server's
    /// `Strict-Transport-Security`, `X-Content-Type-Options` and
    /// `Content-Security-Policy` from every response of that location —
    /// silently, and only there, which is how it survives review.
    ///
    /// ## Example
    /// ```nginx
    /// server {
    ///     add_header Strict-Transport-Security "max-age=31536000" always;
    ///     location /static/ {
    ///         add_header Cache-Control "public, immutable";
    ///     }
    /// }
    /// ```
    ///
    /// Use instead (repeat the outer headers, or keep them in a snippet
    /// included at both levels):
    /// ```nginx
    /// server {
    ///     include snippets/security-headers.conf;
    ///     location /static/ {
    ///         include snippets/security-headers.conf;
    ///         add_header Cache-Control "public, immutable";
    ///     }
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: add_header](https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header)
    pub(crate) static ADD_HEADER_DROPPED = {
        code: "NGX009",
        name: "add-header-dropped",
        severity: Warning,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        let http = config.http();
        for server in config.servers() {
            check_level(ctx, &[http], server.level());
        }
        for (_, location) in all_locations(config) {
            let mut outer: Vec<Level> = vec![http];
            outer.extend(location.outer.iter().map(|n| n.level()));
            check_level(ctx, &outer, location.node.level());
        }
    }
}

fn headers(level: Level<'_>) -> Vec<&Node> {
    level.named("add_header").collect()
}

/// `level` declares headers: does the nearest outer level that declares
/// any set headers that `level` drops?
fn check_level(ctx: &InfraContext, outer: &[Level<'_>], level: Level<'_>) {
    let own = headers(level);
    let Some(first) = own.first() else { return };
    if level
        .named("add_header_inherit")
        .any(|n| n.arg(0) == Some("merge"))
    {
        return;
    }
    let Some(parent) = outer
        .iter()
        .rev()
        .map(|l| headers(*l))
        .find(|h| !h.is_empty())
    else {
        return;
    };
    // A header is dropped when no header of this level has its name (ASCII
    // case aside).
    let own_names: HashSet<String> = own
        .iter()
        .filter_map(|o| o.arg(0))
        .map(str::to_ascii_lowercase)
        .collect();
    let dropped: Vec<&Node> = parent
        .iter()
        .copied()
        .filter(|p| {
            !p.arg(0)
                .is_some_and(|b| own_names.contains(&b.to_ascii_lowercase()))
        })
        .collect();
    if dropped.is_empty() {
        return;
    }
    let names: Vec<String> = dropped
        .iter()
        .filter_map(|n| n.arg(0))
        .map(|n| format!("`{n}`"))
        .collect();
    ctx.report(
        &ADD_HEADER_DROPPED,
        first.span(),
        format!(
            "this block's `add_header` drops {} set at the level around it",
            names.join(", ")
        ),
        Some("repeat the outer headers here (or include one snippet at both levels)".into()),
        dropped
            .iter()
            .map(|n| (n.span(), "no longer sent from this block".to_string()))
            .collect(),
    );
}
