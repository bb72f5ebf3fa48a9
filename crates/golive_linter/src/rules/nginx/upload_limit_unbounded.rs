//! NGX012: request bodies of any size accepted.

use super::parse_size;
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx::Node;

declare_rule! {
    /// ## What it does
    /// Reports `client_max_body_size 0` (no limit) and limits of 1 GB or
    /// more.
    ///
    /// ## Why is this bad?
    /// nginx buffers request bodies to disk before passing them on. Without
    /// a sensible limit, anyone can fill the proxy's disk or tie up workers
    /// with endless uploads, and Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`
    /// only applies after nginx has accepted the whole body. Set the limit
    /// to the largest file the site really takes; raise it for the one
    /// location that needs more.
    ///
    /// ## Example
    /// ```nginx
    /// client_max_body_size 0;
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// client_max_body_size 20m;
    /// location /api/videos/ {
    ///     client_max_body_size 500m;
    ///     proxy_pass http://127.0.0.1:8000;
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: client_max_body_size](https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size)
    pub(crate) static UPLOAD_LIMIT_UNBOUNDED = {
        code: "NGX012",
        name: "upload-limit-unbounded",
        severity: Warning,
        django_id: None,
    };
}

const HUGE: u64 = 1 << 30;

fn walk(ctx: &InfraContext, nodes: &[Node]) {
    for n in nodes {
        if n.name == "client_max_body_size"
            && let Some(size) = n.arg(0).and_then(parse_size)
        {
            let message = if size == 0 {
                "`client_max_body_size 0` accepts request bodies of any size".to_string()
            } else if size >= HUGE {
                format!(
                    "`client_max_body_size {}` accepts request bodies of a gigabyte or more",
                    n.arg(0).unwrap_or_default()
                )
            } else {
                continue;
            };
            ctx.report(
                &UPLOAD_LIMIT_UNBOUNDED,
                n.span(),
                message,
                Some(
                    "limit it to the largest upload the site takes, and raise it only where needed"
                        .into(),
                ),
                Vec::new(),
            );
        }
        walk(ctx, n.children());
    }
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        walk(ctx, &config.directives);
    }
}
