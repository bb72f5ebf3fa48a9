//! `DKR`: rules over Dockerfiles and compose files — what the image and
//! its services carry and expose.

pub(crate) mod datastore_port_published;
pub(crate) mod debug_in_container_env;
pub(crate) mod image_runs_as_root;
pub(crate) mod secret_in_container_env;
pub(crate) mod web_service_no_healthcheck;

use golive_source::Span;

/// An environment variable a Dockerfile or a compose file sets.
pub(crate) struct DeclaredEnv {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
    /// `ENV`, `ARG` or `environment`.
    pub via: &'static str,
}

/// Every variable the production Dockerfiles and compose services set.
pub(crate) fn declared_env(ctx: &crate::infra::InfraContext) -> Vec<DeclaredEnv> {
    let mut out = Vec::new();
    // The stages an image that runs is built from: the final stage's chain
    // and those compose services build with `target:`. A builder stage's
    // values (a dummy key for collectstatic) never reach a container.
    let targets: Vec<&str> = ctx
        .deployment
        .compose
        .iter()
        .filter(|c| !c.dev)
        .flat_map(|c| &c.facts.services)
        .filter_map(|s| s.build.as_ref().and_then(|b| b.target.as_deref()))
        .collect();
    for df in ctx.deployment.dockerfiles.iter().filter(|d| !d.dev) {
        let mut runtime: Vec<&golive_infra::dockerfile::Stage> = df.facts.final_chain();
        for t in &targets {
            for s in df.facts.chain_for(Some(t)) {
                if !runtime.iter().any(|r| std::ptr::eq(*r, s)) {
                    runtime.push(s);
                }
            }
        }
        let stages = runtime.into_iter().flat_map(|s| s.instructions.iter());
        for ins in df.facts.preamble.iter().chain(stages) {
            let via = match ins.keyword.as_str() {
                "ENV" => "ENV",
                "ARG" => "ARG",
                _ => continue,
            };
            for pair in ins.env_pairs() {
                out.push(DeclaredEnv {
                    name: pair.name,
                    value: pair.value,
                    span: Span::new(df.file, pair.range),
                    via,
                });
            }
        }
    }
    for c in ctx.deployment.compose.iter().filter(|c| !c.dev) {
        for s in c.facts.services.iter().filter(|s| !is_dev_service(s)) {
            for e in &s.environment {
                out.push(DeclaredEnv {
                    name: e.name.clone(),
                    value: e.value.clone(),
                    span: Span::new(c.file, e.range),
                    via: "environment",
                });
            }
        }
    }
    out
}

/// A compose service only started with a development profile.
pub(crate) fn is_dev_service(s: &golive_infra::compose::Service) -> bool {
    !s.profiles.is_empty()
        && s.profiles.iter().all(|p| {
            matches!(
                p.as_str(),
                "dev" | "development" | "local" | "test" | "tests" | "debug" | "ci"
            )
        })
}

/// A value that is taken from elsewhere at run time (`${VAR}`), not
/// written here.
pub(crate) fn is_interpolated(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('$') || v.is_empty()
}
