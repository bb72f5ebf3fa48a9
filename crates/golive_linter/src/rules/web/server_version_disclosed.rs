//! WEB013: the server announces its software version.

use super::ProbeContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `Server` header with a version number (`nginx/1.22.1`,
    /// `gunicorn/23.0.0`) and any `X-Powered-By` header.
    ///
    /// ## Why is this bad?
    /// Versions tell scanners which known vulnerabilities to try first.
    /// Hiding them costs one line (`server_tokens off;` in nginx).
    ///
    /// ## Example
    /// `Server: nginx/1.22.1`.
    ///
    /// Use instead: `Server: nginx`.
    ///
    /// ## References
    /// - [nginx: server_tokens](https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens)
    pub(crate) static SERVER_VERSION_DISCLOSED = {
        code: "WEB013",
        name: "server-version-disclosed",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &ProbeContext) {
    for ex in &ctx.obs.exchanges {
        if let Some(server) = ex.header("server")
            && server.contains('/')
            && server
                .split('/')
                .nth(1)
                .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        {
            ctx.report(
                &SERVER_VERSION_DISCLOSED,
                ctx.at_header(ex, "server"),
                format!("the Server header discloses the version: `{server}`"),
                Some("hide it (`server_tokens off;` in nginx)".into()),
            );
            return;
        }
        if let Some(powered) = ex.header("x-powered-by") {
            ctx.report(
                &SERVER_VERSION_DISCLOSED,
                ctx.at_header(ex, "x-powered-by"),
                format!("X-Powered-By discloses the stack: `{powered}`"),
                Some("remove the X-Powered-By header".into()),
            );
            return;
        }
    }
}
