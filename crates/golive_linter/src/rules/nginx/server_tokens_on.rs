//! NGX010: nginx announces its version.

use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::{ConfigKind, Node};

declare_rule! {
    /// ## What it does
    /// Reports `server_tokens on`, and a main configuration (`nginx.conf`
    /// with an `http` block) that never sets `server_tokens off` — the
    /// default is on.
    ///
    /// ## Why is this bad?
    /// nginx then sends its exact version in every `Server` header and on
    /// every error page, telling scanners which known vulnerabilities to
    /// try. It costs nothing to hide.
    ///
    /// ## Example
    /// ```nginx
    /// http {
    ///     server_tokens on;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// http {
    ///     server_tokens off;
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: server_tokens](https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens)
    pub(crate) static SERVER_TOKENS_ON = {
        code: "NGX010",
        name: "server-tokens-on",
        severity: Info,
        django_id: None,
    };
}

fn find<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
    for n in nodes {
        if n.name == "server_tokens" {
            out.push(n);
        }
        find(n.children(), out);
    }
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        let mut all = Vec::new();
        find(&config.directives, &mut all);
        for n in all.iter().filter(|n| n.arg(0) == Some("on")) {
            ctx.report(
                &SERVER_TOKENS_ON,
                n.span(),
                "`server_tokens on` sends nginx's version in every response".into(),
                Some("write `server_tokens off;`".into()),
                Vec::new(),
            );
        }
        if config.kind == ConfigKind::Main
            && all.is_empty()
            && let Some(http) = config.directives.iter().find(|d| d.name == "http")
        {
            ctx.report(
                &SERVER_TOKENS_ON,
                http.span(),
                "`server_tokens` is not set, and it defaults to on: every response carries nginx's version".into(),
                Some("add `server_tokens off;` to the http block".into()),
                Vec::new(),
            );
        }
    }
}
