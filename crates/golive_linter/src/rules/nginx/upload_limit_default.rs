//! NGX011: uploads limited by nginx's 1 MB default.

use super::{app_locations, levels};
use crate::infra::InfraContext;
use crate::rule::declare_rule;
use golive_infra::nginx;

declare_rule! {
    /// ## What it does
    /// Reports a server that proxies to Django without any
    /// `client_max_body_size`, at any level around it.
    ///
    /// ## Why is this bad?
    /// nginx's default is 1 MB. Any larger request body — a photo, a PDF,
    /// an import file, a big form in the admin — is answered by nginx with
    /// `413 Request Entity Too Large` before Django sees it, so neither
    /// Django's validation nor its logging explains it. The limit should be
    /// chosen, written down, and match what Django accepts
    /// (`DATA_UPLOAD_MAX_MEMORY_SIZE`, `FILE_UPLOAD_MAX_MEMORY_SIZE`, the
    /// form's own validation). A site that takes no uploads can say so with
    /// `client_max_body_size 1m;`.
    ///
    /// ## Example
    /// ```nginx
    /// server {
    ///     location / { proxy_pass http://127.0.0.1:8000; }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// server {
    ///     client_max_body_size 20m;
    ///     location / { proxy_pass http://127.0.0.1:8000; }
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: client_max_body_size](https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size)
    /// - [Django: DATA_UPLOAD_MAX_MEMORY_SIZE](https://docs.djangoproject.com/en/stable/ref/settings/#data-upload-max-memory-size)
    pub(crate) static UPLOAD_LIMIT_DEFAULT = {
        code: "NGX011",
        name: "upload-limit-default",
        severity: Info,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for config in &ctx.deployment.nginx {
        let mut reported = std::collections::HashSet::new();
        for app in app_locations(config) {
            if nginx::inherited_value(&levels(config, &app.location), "client_max_body_size")
                .is_some()
                || !reported.insert(app.server.range)
            {
                continue;
            }
            ctx.report(
                &UPLOAD_LIMIT_DEFAULT,
                app.server.span(),
                "no `client_max_body_size`: nginx refuses request bodies over 1 MB with 413 before Django sees them".into(),
                Some("set `client_max_body_size` to the largest upload the site accepts (e.g. `client_max_body_size 20m;`)".into()),
                Vec::new(),
            );
        }
    }
}
