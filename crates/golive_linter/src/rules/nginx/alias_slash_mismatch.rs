//! NGX008: a location and its alias disagree on the trailing slash.

use super::{all_locations, is_prefix, location_match};
use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a prefix location whose path and `alias` disagree on the
    /// trailing slash.
    ///
    /// ## Why is this bad?
    /// nginx replaces the location's prefix with the alias, character for
    /// character:
    /// - `location /static { alias /srv/shop/static/; }` maps
    ///   `/static../settings.py` to `/srv/shop/static/../settings.py`: one
    ///   directory up, the project's source and secrets can be read (the
    ///   "off-by-slash" path traversal).
    /// - `location /static/ { alias /srv/shop/static; }` maps
    ///   `/static/app.css` to `/srv/shop/staticapp.css`: every static file
    ///   is a 404.
    ///
    /// ## Example
    /// ```nginx
    /// location /static {
    ///     alias /srv/shop/static/;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// location /static/ {
    ///     alias /srv/shop/static/;
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: alias](https://nginx.org/en/docs/http/ngx_http_core_module.html#alias)
    /// - [Orange Tsai: Breaking Parser Logic (Black Hat 2018)](https://i.blackhat.com/us-18/Wed-August-8/us-18-Orange-Tsai-Breaking-Parser-Logic-Take-Your-Path-Normalization-Off-And-Pop-0days-Out-2.pdf)
    pub(crate) static ALIAS_SLASH_MISMATCH = {
        code: "NGX008",
        name: "alias-slash-mismatch",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        for (_, location) in all_locations(config) {
            let node = location.node;
            if !is_prefix(node) {
                continue;
            }
            let Some(alias) = node.first("alias") else {
                continue;
            };
            let (Some(target), path) = (alias.arg(0), location_match(node).1) else {
                continue;
            };
            if target.contains('$') || path.is_empty() {
                continue;
            }
            let (message, help) = match (path.ends_with('/'), target.ends_with('/')) {
                (false, true) => (
                    format!(
                        "`location {path}` without a trailing slash and `alias {target}` with one: `{path}../` reads the directory above the alias (path traversal)"
                    ),
                    format!("write `location {path}/`"),
                ),
                (true, false) => (
                    format!(
                        "`location {path}` ends with a slash but `alias {target}` does not: `{path}logo.png` is looked up as `{target}logo.png`"
                    ),
                    format!("write `alias {target}/;`"),
                ),
                _ => continue,
            };
            ctx.report(
                &ALIAS_SLASH_MISMATCH,
                alias.span(),
                message,
                Some(help),
                vec![(
                    node.arg_span(node.args.len().saturating_sub(1)),
                    "the location's path".into(),
                )],
            );
        }
    }
}
