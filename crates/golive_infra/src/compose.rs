//! Compose files (`docker-compose.yml`, `compose.yaml`, overrides): each
//! service's image, command, environment, env files, published ports,
//! healthcheck and profiles, with spans.

use crate::yaml::{self, YamlKind, YamlNode};
use ruff_text_size::TextRange;

/// An environment entry of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeEnv {
    pub name: String,
    /// `None` for `- NAME` (passed through from the shell running compose).
    pub value: Option<String>,
    pub range: TextRange,
}

/// A published port (`"5432:5432"`, `"127.0.0.1:6379:6379"`, long form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedPort {
    /// The host address, when one is given.
    pub host_ip: Option<String>,
    pub host_port: Option<String>,
    pub container_port: String,
    pub range: TextRange,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub name_range: TextRange,
    pub image: Option<String>,
    /// Built from a Dockerfile in the project (`build:`).
    pub build: Option<BuildRef>,
    pub command: Option<(String, TextRange)>,
    pub entrypoint: Option<(String, TextRange)>,
    pub environment: Vec<ComposeEnv>,
    pub env_files: Vec<(String, TextRange)>,
    pub ports: Vec<PublishedPort>,
    /// `Some(true)` for a healthcheck, `Some(false)` for `disable: true`.
    pub healthcheck: Option<bool>,
    pub profiles: Vec<String>,
    pub user: Option<String>,
    /// `volumes:` as written (`./app:/usr/src/app`, `static:/static`).
    pub volumes: Vec<(String, TextRange)>,
    /// Not what production runs (decided by the workspace: a development
    /// profile, `runserver`, the source tree mounted, …).
    pub dev: bool,
    /// Why the service has its class, when it differs from its file's.
    pub dev_reason: Option<String>,
}

/// Where a service's image is built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildRef {
    pub context: String,
    pub dockerfile: Option<String>,
    /// `target:`: the stage of a multi-stage Dockerfile.
    pub target: Option<String>,
    /// `args:`: build arguments (`ARG`) given to the Dockerfile.
    pub args: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComposeFile {
    pub services: Vec<Service>,
    /// The compose file this one overrides (an index into the project's
    /// compose files), when they are used together (`-f base -f this`).
    pub base: Option<usize>,
    /// The directory relative paths resolve against: the base file's, when
    /// this file overrides one.
    pub base_dir: Option<std::path::PathBuf>,
}

/// Parses a compose file; the error is the YAML parser's message.
pub fn parse(text: &str) -> Result<ComposeFile, String> {
    let Some(root) = yaml::parse(text)? else {
        return Ok(ComposeFile::default());
    };
    let mut file = ComposeFile::default();
    let Some(services) = root.get("services") else {
        return Ok(file);
    };
    for (name, name_range, node) in services.entries() {
        file.services.push(service(name, *name_range, node));
    }
    Ok(file)
}

/// A command written as a string or a list.
fn command(node: &YamlNode) -> Option<(String, TextRange)> {
    match &node.kind {
        YamlKind::Scalar(s) => Some((s.clone(), node.range)),
        YamlKind::Seq(items) => {
            let words: Vec<&str> = items.iter().filter_map(YamlNode::as_str).collect();
            Some((
                shlex::try_join(words.iter().copied()).unwrap_or_else(|_| words.join(" ")),
                node.range,
            ))
        }
        _ => None,
    }
}

fn service(name: &str, name_range: TextRange, node: &YamlNode) -> Service {
    let mut s = Service {
        name: name.to_string(),
        name_range,
        ..Service::default()
    };
    s.image = node
        .get("image")
        .and_then(YamlNode::as_str)
        .map(str::to_string);
    s.build = node.get("build").map(|b| match &b.kind {
        YamlKind::Scalar(ctx) => BuildRef {
            context: ctx.clone(),
            dockerfile: None,
            target: None,
            args: Vec::new(),
        },
        _ => BuildRef {
            context: b
                .get("context")
                .and_then(YamlNode::as_str)
                .unwrap_or(".")
                .to_string(),
            dockerfile: b
                .get("dockerfile")
                .and_then(YamlNode::as_str)
                .map(str::to_string),
            target: b
                .get("target")
                .and_then(YamlNode::as_str)
                .map(str::to_string),
            args: match b.get("args").map(|a| &a.kind) {
                Some(YamlKind::Map(entries)) => entries
                    .iter()
                    .map(|(k, _, v)| (k.clone(), v.as_str().map(str::to_string)))
                    .collect(),
                Some(YamlKind::Seq(items)) => items
                    .iter()
                    .filter_map(YamlNode::as_str)
                    .map(|t| match t.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (t.to_string(), None),
                    })
                    .collect(),
                _ => Vec::new(),
            },
        },
    });
    s.command = node.get("command").and_then(command);
    s.entrypoint = node.get("entrypoint").and_then(command);
    s.user = node
        .get("user")
        .and_then(YamlNode::as_str)
        .map(str::to_string);
    if let Some(env) = node.get("environment") {
        match &env.kind {
            YamlKind::Map(entries) => {
                for (k, kr, v) in entries {
                    let value = match &v.kind {
                        YamlKind::Null => None,
                        YamlKind::Scalar(s) => Some(s.clone()),
                        _ => None,
                    };
                    s.environment.push(ComposeEnv {
                        name: k.clone(),
                        value,
                        range: TextRange::new(kr.start(), v.range.end().max(kr.end())),
                    });
                }
            }
            YamlKind::Seq(items) => {
                for item in items {
                    let Some(text) = item.as_str() else { continue };
                    let (k, v) = match text.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (text.to_string(), None),
                    };
                    s.environment.push(ComposeEnv {
                        name: k,
                        value: v,
                        range: item.range,
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(files) = node.get("env_file") {
        let list: Vec<&YamlNode> = match &files.kind {
            YamlKind::Seq(items) => items.iter().collect(),
            _ => vec![files],
        };
        for f in list {
            // Long form: `- path: .env`, `required: false`.
            let path = f
                .as_str()
                .or_else(|| f.get("path").and_then(YamlNode::as_str));
            if let Some(p) = path {
                s.env_files.push((p.to_string(), f.range));
            }
        }
    }
    for p in node.get("ports").map(YamlNode::items).unwrap_or_default() {
        if let Some(text) = p.as_str() {
            if let Some(port) = short_port(text, p.range) {
                s.ports.push(port);
            }
        } else if let Some(target) = p.get("target").and_then(YamlNode::as_str) {
            s.ports.push(PublishedPort {
                host_ip: p
                    .get("host_ip")
                    .and_then(YamlNode::as_str)
                    .map(str::to_string),
                host_port: p
                    .get("published")
                    .and_then(YamlNode::as_str)
                    .map(str::to_string),
                container_port: target.to_string(),
                range: p.range,
            });
        }
    }
    s.healthcheck = node.get("healthcheck").map(|h| {
        h.get("disable").and_then(YamlNode::as_str) != Some("true")
            && h.get("test").and_then(YamlNode::as_str) != Some("NONE")
    });
    for v in node.get("volumes").map(YamlNode::items).unwrap_or_default() {
        if let Some(text) = v.as_str() {
            s.volumes.push((text.to_string(), v.range));
        } else if let (Some(source), Some(target)) = (
            v.get("source").and_then(YamlNode::as_str),
            v.get("target").and_then(YamlNode::as_str),
        ) {
            s.volumes.push((format!("{source}:{target}"), v.range));
        }
    }
    s.profiles = node
        .get("profiles")
        .map(YamlNode::items)
        .unwrap_or_default()
        .iter()
        .filter_map(YamlNode::as_str)
        .map(str::to_string)
        .collect();
    s
}

/// `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`; IPv6 host addresses
/// in brackets.
fn short_port(text: &str, range: TextRange) -> Option<PublishedPort> {
    let text = text.split('/').next().unwrap_or(text);
    let (host_ip, rest) = if let Some(stripped) = text.strip_prefix('[') {
        let (ip, rest) = stripped.split_once("]:")?;
        (Some(ip.to_string()), rest)
    } else {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() == 3 {
            (Some(parts[0].to_string()), &text[parts[0].len() + 1..])
        } else {
            (None, text)
        }
    };
    let (host_port, container) = match rest.split_once(':') {
        Some((h, c)) => (Some(h.to_string()), c.to_string()),
        None => (None, rest.to_string()),
    };
    Some(PublishedPort {
        host_ip,
        host_port,
        container_port: container,
        range,
    })
}

impl Service {
    /// A bind mount of a project directory (`.:/app`, `./src:/code`): the
    /// container runs the working tree, as development setups do.
    pub fn mounts_source(&self) -> bool {
        let clean = |p: &str| p.trim_start_matches("./").trim_end_matches('/').to_string();
        let context = self.build.as_ref().map(|b| clean(&b.context));
        self.volumes.iter().any(|(v, _)| {
            let source = clean(v.split(':').next().unwrap_or(""));
            v.contains(':')
                && (source.is_empty()
                    || source == "."
                    || context.as_deref() == Some(source.as_str()))
        })
    }
}

/// Is `name` a compose file that production uses (`docker-compose.prod.yml`,
/// `production.yml`, `compose.production.yaml`)?
pub fn is_production_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.split(['.', '-', '_'])
        .any(|w| matches!(w, "prod" | "production" | "live" | "prd"))
}

/// Is `name` the default file compose reads (`docker-compose.yml`, `compose.yaml`)?
pub fn is_default_name(name: &str) -> bool {
    matches!(
        name,
        "docker-compose.yml" | "docker-compose.yaml" | "compose.yml" | "compose.yaml"
    )
}

/// Links production compose files to the default file they override
/// (`docker compose -f docker-compose.yml -f docker-compose.prod.yml`):
/// when the default file names the production file, or a service of the
/// production file has neither `image` nor `build` of its own.
pub fn merge_overrides(
    files: &mut [crate::deployment::Parsed<ComposeFile>],
    sources: &golive_source::SourceDb,
) {
    for i in 0..files.len() {
        let name = files[i]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if !is_production_name(&name) || is_default_name(&name) {
            continue;
        }
        let dir = files[i]
            .path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let base = (0..files.len()).find(|&j| {
            let b = &files[j];
            let b_name = b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let b_dir = b.path.parent().unwrap_or(std::path::Path::new(""));
            if j == i || !is_default_name(&b_name) || !dir.starts_with(b_dir) {
                return false;
            }
            let shared: Vec<&Service> = files[i]
                .facts
                .services
                .iter()
                .filter(|s| b.facts.services.iter().any(|t| t.name == s.name))
                .collect();
            if shared.is_empty() {
                return false;
            }
            let mentioned = sources.get(b.file).text.contains(&name);
            mentioned
                || shared
                    .iter()
                    .any(|s| s.image.is_none() && s.build.is_none())
        });
        if let Some(j) = base {
            files[i].facts.base_dir = files[j].path.parent().map(std::path::Path::to_path_buf);
            files[i].facts.base = Some(j);
        }
    }
}

/// Is this file name a compose file?
pub fn is_compose_file(name: &str) -> bool {
    use golive_source::{
        ends_with_ignore_ascii_case as ends, starts_with_ignore_ascii_case as starts,
    };
    let n = name.as_bytes();
    (starts(n, b"docker-compose") || starts(n, b"compose"))
        && (ends(n, b".yml") || ends(n, b".yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services() {
        let text = r#"
services:
  web:
    build: .
    command: gunicorn shop.wsgi -b 0.0.0.0:8000
    env_file: [.env.production]
    environment:
      DJANGO_SETTINGS_MODULE: shop.settings.production
      DEBUG: "False"
      SENTRY_DSN:
    ports: ["8000:8000"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/health/"]
  db:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD=hunter2
    ports:
      - "5432:5432"
      - "127.0.0.1:5433:5432"
      - target: 5432
        published: "5434"
        host_ip: 0.0.0.0
    profiles: [dev]
"#;
        let f = parse(text).unwrap();
        let web = &f.services[0];
        assert_eq!(
            web.command.as_ref().unwrap().0,
            "gunicorn shop.wsgi -b 0.0.0.0:8000"
        );
        assert_eq!(web.environment.len(), 3);
        assert_eq!(web.environment[2].value, None);
        assert_eq!(web.healthcheck, Some(true));
        assert_eq!(web.env_files[0].0, ".env.production");
        let db = &f.services[1];
        assert_eq!(db.environment[0].value.as_deref(), Some("hunter2"));
        let ports: Vec<(Option<&str>, Option<&str>)> = db
            .ports
            .iter()
            .map(|p| (p.host_ip.as_deref(), p.host_port.as_deref()))
            .collect();
        assert_eq!(
            ports,
            [
                (None, Some("5432")),
                (Some("127.0.0.1"), Some("5433")),
                (Some("0.0.0.0"), Some("5434"))
            ]
        );
        assert_eq!(db.profiles, ["dev"]);
    }
}
