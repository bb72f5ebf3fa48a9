//! The environment production gives the Django process: only the
//! variables the process that runs the audited module gets from the files
//! that declare it — its image's `ENV`, its own compose service's
//! `environment` and `env_file`, its unit's `Environment=`, its uwsgi `env`,
//! gunicorn's `raw_env`, its platform's variables. Another service's
//! variables and development files never count.

use golive_infra::Deployment;
use golive_infra::deployment::Process;
use golive_source::{SourceDb, Span};

/// One variable production declares.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DeclaredVar {
    pub name: String,
    pub value: String,
    /// `file:line` of the declaration.
    pub source: String,
    #[serde(skip)]
    pub span: Span,
    /// Written into the declaration itself (an image's `ENV`, a service's
    /// `environment`): it holds in every scenario. Values from an env file
    /// hold only in the configured one (a deployment may replace the file).
    pub fixed: bool,
}

/// The environment of the production process that runs the audited module.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ProductionEnvironment {
    /// The process, as a report names it.
    pub process: String,
    /// Where the variables come from, for the report's second line.
    pub sources: Vec<String>,
    pub vars: Vec<DeclaredVar>,
    /// Variables whose value is only known when the process starts
    /// (`${SECRET_KEY}`, a platform secret, a systemd `EnvironmentFile`
    /// outside the project).
    pub unresolved: Vec<String>,
}

impl ProductionEnvironment {
    /// The variables of the configured scenario.
    pub fn configured(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars
            .iter()
            .map(|v| (v.name.as_str(), v.value.as_str()))
    }

    /// The variables that hold even with every other variable unset.
    pub fn fixed(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars
            .iter()
            .filter(|v| v.fixed)
            .map(|v| (v.name.as_str(), v.value.as_str()))
    }

    /// Where a variable was declared, if production declares it.
    pub fn source_of(&self, name: &str) -> Option<&DeclaredVar> {
        self.vars.iter().rev().find(|v| v.name == name)
    }
}

/// `${NAME:-default}` / `${NAME-default}` → the default compose (or a
/// shell) uses when NAME is not set; `None` for any other `$` reference.
fn interpolation_default(value: &str) -> Option<String> {
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    let (_, default) = inner.split_once(":-").or_else(|| inner.split_once('-'))?;
    (!default.contains('$')).then(|| default.to_string())
}

/// The environment of the production process among `runners` (indices into
/// the deployment's processes) that best represents the web process.
pub(crate) fn production_environment(
    d: &Deployment,
    runners: &[usize],
    sources: &SourceDb,
) -> Option<ProductionEnvironment> {
    let mut candidates: Vec<&Process> = runners
        .iter()
        .filter_map(|&i| d.processes.get(i))
        .filter(|p| !p.dev)
        .collect();
    candidates.sort_by_key(|p| {
        (
            !p.is_app_server(),
            p.compose.is_none() && p.env_source.is_none(),
            // The file that states the environment most fully first.
            p.origin.file_kind(),
        )
    });
    let p = candidates
        .into_iter()
        .find(|p| !p.env.is_empty() || !p.server.env.is_empty())?;
    let process = match &p.compose {
        Some((_, service)) => format!("compose service `{service}`"),
        None => p.origin.describe(),
    };
    let mut env = ProductionEnvironment {
        process,
        ..ProductionEnvironment::default()
    };
    let at = |span: Span| {
        let f = sources.get(span.file);
        format!("{}:{}", f.path, f.line_col(span.range.start()).line)
    };
    let add = |name: &str,
               value: Option<&str>,
               span: Span,
               fixed: bool,
               env: &mut ProductionEnvironment| {
        let resolved = match value {
            Some(v) if !v.contains('$') => Some((v.to_string(), fixed)),
            Some(v) => interpolation_default(v).map(|d| (d, fixed)),
            None => None,
        };
        env.vars.retain(|v| v.name != name);
        env.unresolved.retain(|u| u != name);
        match resolved {
            Some((value, fixed)) => env.vars.push(DeclaredVar {
                name: name.to_string(),
                value,
                source: at(span),
                span,
                fixed,
            }),
            None => env.unresolved.push(name.to_string()),
        }
        let file = sources.get(span.file).path.clone();
        if !env.sources.contains(&file) {
            env.sources.push(file);
        }
    };
    for e in &p.env {
        add(&e.name, e.value.as_deref(), e.span, !e.from_file, &mut env);
    }
    for (k, v) in &p.server.env {
        add(k, Some(v), p.span, true, &mut env);
    }
    Some(env)
}

#[cfg(test)]
mod tests {
    #[test]
    fn interpolation_defaults() {
        assert_eq!(
            super::interpolation_default("${DEBUG:-0}").as_deref(),
            Some("0")
        );
        assert_eq!(
            super::interpolation_default("${DEBUG-off}").as_deref(),
            Some("off")
        );
        assert_eq!(super::interpolation_default("${SECRET_KEY}"), None);
        assert_eq!(super::interpolation_default("prefix-${A}"), None);
    }
}
