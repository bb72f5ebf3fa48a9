//! DKR002: a secret written into a Dockerfile or compose file.

use super::{declared_env, is_interpolated};
use crate::infra::InfraContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a literal value for a secret-named variable (`SECRET_KEY`,
    /// `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`, `SENTRY_DSN`, …) in a
    /// production Dockerfile's `ENV`/`ARG` or a compose service's
    /// `environment`, and a URL with a password (`DATABASE_URL`). The value
    /// is never printed; golive shows its first characters and length. A
    /// placeholder the deployer must replace (`CHANGE_ME`, `<your-key>`)
    /// commits no secret and is not reported, nor is a value in a builder
    /// stage no running image is built from (a dummy key that lets
    /// `collectstatic` import the settings).
    ///
    /// ## Why is this bad?
    /// The file is in the repository, so the secret is in every clone, fork
    /// and CI log. In a Dockerfile it is also baked into the image: `docker
    /// history` and every registry that stores the image show it, and it
    /// cannot be rotated without rebuilding. Values interpolated at run time
    /// (`${SECRET_KEY}`) are fine.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     environment:
    ///       DJANGO_SECRET_KEY: "k3y-committed-to-git"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// services:
    ///   web:
    ///     environment:
    ///       DJANGO_SECRET_KEY: ${DJANGO_SECRET_KEY:?set it in the deploy environment}
    /// ```
    ///
    /// ## References
    /// - [Docker: Build secrets](https://docs.docker.com/build/building/secrets/)
    /// - [Compose: Secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
    pub(crate) static SECRET_IN_CONTAINER_ENV = {
        code: "DKR002",
        name: "secret-in-container-env",
        severity: Error,
        django_id: None,
    };
}

pub(crate) fn check(ctx: &InfraContext) {
    for e in declared_env(ctx) {
        let Some(value) = e.value.as_deref() else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']);
        if is_interpolated(value) {
            continue;
        }
        let (secret, what) = if golive_source::is_secret_name(&e.name) {
            (value.to_string(), "a literal value")
        } else if let Some(r) = golive_source::url_password_range(value) {
            (value[r].to_string(), "a URL with a literal password")
        } else {
            continue;
        };
        if secret.is_empty()
            || secret.starts_with('$')
            || golive_source::is_placeholder_secret(&secret)
        {
            continue;
        }
        let baked = if e.via == "environment" {
            ""
        } else {
            " (and into every image built from it)"
        };
        ctx.report(
            &SECRET_IN_CONTAINER_ENV,
            e.span,
            format!("`{}` gives {} {what} {}: the secret is committed to the repository{baked}", e.via, e.name, golive_source::mask_secret(&secret)),
            Some("pass it at run time (`${VAR}` from the deploy environment, an env_file that is not committed, or Docker secrets)".into()),
            Vec::new(),
        );
    }
}
