//! Platform deployment files: Render blueprints (`render.yaml`), Heroku's
//! `heroku.yml` and `app.json`. Each names the processes the platform
//! starts and the environment it gives them.

use crate::yaml::{self, YamlKind, YamlNode};
use ruff_text_size::TextRange;

/// Which platform file a service comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Render,
    /// `heroku.yml` (container stack) or `app.json` with a Procfile.
    Heroku,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Render => "Render",
            Platform::Heroku => "Heroku",
        }
    }
}

/// A variable the platform sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformEnv {
    pub name: String,
    /// `None` when the value is provided at deploy time (a secret, a
    /// database URL the platform fills in).
    pub value: Option<String>,
    pub range: TextRange,
}

/// A process the platform runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformService {
    pub name: String,
    /// `web`, `worker`, `release`, … as the platform names it.
    pub kind: String,
    pub command: Option<(String, TextRange)>,
    /// The Dockerfile the platform builds for it (heroku.yml `build.docker`,
    /// Render `dockerfilePath`).
    pub dockerfile: Option<String>,
    pub env: Vec<PlatformEnv>,
}

/// A parsed platform file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformFile {
    pub platform: Platform,
    pub services: Vec<PlatformService>,
    /// Variables for every process (app.json `env`, heroku.yml
    /// `setup.config`).
    pub env: Vec<PlatformEnv>,
}

/// Whether a file name is a platform file golive reads.
pub fn platform_of(name: &str) -> Option<Platform> {
    match name {
        "render.yaml" | "render.yml" => Some(Platform::Render),
        "heroku.yml" | "app.json" => Some(Platform::Heroku),
        _ => None,
    }
}

/// Parses a platform file by its name; the error is the parser's message.
pub fn parse(name: &str, text: &str) -> Result<PlatformFile, String> {
    match name {
        "app.json" => parse_app_json(text),
        "heroku.yml" => Ok(yaml::parse(text)?
            .map(|root| parse_heroku_yml(&root))
            .unwrap_or_else(|| PlatformFile::empty(Platform::Heroku))),
        _ => Ok(yaml::parse(text)?
            .map(|root| parse_render(&root))
            .unwrap_or_else(|| PlatformFile::empty(Platform::Render))),
    }
}

impl PlatformFile {
    fn empty(platform: Platform) -> Self {
        Self {
            platform,
            services: Vec::new(),
            env: Vec::new(),
        }
    }
}

fn env_var(node: &YamlNode) -> Option<PlatformEnv> {
    let name = node.get("key")?.as_str()?.to_string();
    // `value` is literal; `fromDatabase`, `fromService`, `sync: false`,
    // `generateValue` are filled in by the platform.
    let value = node.get("value").and_then(|v| match &v.kind {
        YamlKind::Scalar(s) => Some(s.clone()),
        _ => None,
    });
    Some(PlatformEnv {
        name,
        value,
        range: node.range,
    })
}

fn parse_render(root: &YamlNode) -> PlatformFile {
    let groups: Vec<(&str, &YamlNode)> = root
        .get("envVarGroups")
        .map(YamlNode::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|g| Some((g.get("name")?.as_str()?, g)))
        .collect();
    let mut file = PlatformFile::empty(Platform::Render);
    for s in root
        .get("services")
        .map(YamlNode::items)
        .unwrap_or_default()
    {
        let kind = s
            .get("type")
            .and_then(YamlNode::as_str)
            .unwrap_or("web")
            .to_string();
        let mut env = Vec::new();
        for v in s.get("envVars").map(YamlNode::items).unwrap_or_default() {
            if let Some(group) = v.get("fromGroup").and_then(YamlNode::as_str) {
                if let Some((_, g)) = groups.iter().find(|(n, _)| *n == group) {
                    env.extend(
                        g.get("envVars")
                            .map(YamlNode::items)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(env_var),
                    );
                }
            } else if let Some(e) = env_var(v) {
                env.push(e);
            }
        }
        file.services.push(PlatformService {
            name: s
                .get("name")
                .and_then(YamlNode::as_str)
                .unwrap_or(&kind)
                .to_string(),
            command: s
                .get("startCommand")
                .and_then(|c| c.as_str().map(|t| (t.to_string(), c.range))),
            dockerfile: s
                .get("dockerfilePath")
                .and_then(YamlNode::as_str)
                .map(str::to_string),
            kind,
            env,
        });
    }
    file
}

fn parse_heroku_yml(root: &YamlNode) -> PlatformFile {
    let mut file = PlatformFile::empty(Platform::Heroku);
    if let Some(config) = root.get("setup").and_then(|s| s.get("config")) {
        for (k, kr, v) in config.entries() {
            file.env.push(PlatformEnv {
                name: k.clone(),
                value: v.as_str().map(str::to_string),
                range: TextRange::new(kr.start(), v.range.end().max(kr.end())),
            });
        }
    }
    let docker = root.get("build").and_then(|b| b.get("docker"));
    for (name, _, node) in root.get("run").map(YamlNode::entries).unwrap_or_default() {
        let command = match &node.kind {
            YamlKind::Scalar(s) => Some((s.clone(), node.range)),
            YamlKind::Map(_) => node.get("command").and_then(|c| match &c.kind {
                YamlKind::Scalar(s) => Some((s.clone(), c.range)),
                YamlKind::Seq(items) => {
                    let words: Vec<&str> = items.iter().filter_map(YamlNode::as_str).collect();
                    Some((words.join(" "), c.range))
                }
                _ => None,
            }),
            _ => None,
        };
        let dockerfile = docker
            .and_then(|d| d.get(name))
            .and_then(|d| {
                d.as_str()
                    .or_else(|| d.get("dockerfile").and_then(YamlNode::as_str))
            })
            .map(str::to_string);
        file.services.push(PlatformService {
            name: name.clone(),
            kind: name.clone(),
            command,
            dockerfile,
            env: Vec::new(),
        });
    }
    // A Dockerfile built for `web` without a `run` entry runs its own CMD.
    for (name, _, node) in docker.map(YamlNode::entries).unwrap_or_default() {
        if !file.services.iter().any(|s| &s.name == name) {
            let dockerfile = node
                .as_str()
                .or_else(|| node.get("dockerfile").and_then(YamlNode::as_str))
                .map(str::to_string);
            file.services.push(PlatformService {
                name: name.clone(),
                kind: name.clone(),
                command: None,
                dockerfile,
                env: Vec::new(),
            });
        }
    }
    file
}

/// `app.json`: only the `env` object matters here; byte ranges are found
/// by searching for each quoted key, since serde_json keeps no positions.
fn parse_app_json(text: &str) -> Result<PlatformFile, String> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut file = PlatformFile::empty(Platform::Heroku);
    let Some(env) = json.get("env").and_then(|e| e.as_object()) else {
        return Ok(file);
    };
    let mut search = text.find("\"env\"").unwrap_or(0);
    for (name, spec) in env {
        let value = match spec {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(o) => {
                o.get("value").and_then(|v| v.as_str()).map(str::to_string)
            }
            _ => None,
        };
        let quoted = format!("\"{name}\"");
        let range = match text.get(search..).and_then(|t| t.find(&quoted)) {
            Some(pos) => {
                let start = search + pos;
                search = start + quoted.len();
                crate::text_range(start, start + quoted.len())
            }
            None => crate::text_range(0, 0),
        };
        file.env.push(PlatformEnv {
            name: name.clone(),
            value,
            range,
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_blueprint_with_groups() {
        let text = "services:\n  - type: web\n    name: shop\n    startCommand: gunicorn shop.wsgi\n    envVars:\n      - key: SECRET_KEY\n        sync: false\n      - key: AUTO_MIGRATE\n        value: 1\n      - fromGroup: common\nenvVarGroups:\n  - name: common\n    envVars:\n      - key: DJANGO_SETTINGS_MODULE\n        value: shop.settings.production\n";
        let f = parse("render.yaml", text).unwrap();
        let s = &f.services[0];
        assert_eq!(s.kind, "web");
        assert_eq!(s.command.as_ref().unwrap().0, "gunicorn shop.wsgi");
        let env: Vec<(&str, Option<&str>)> = s
            .env
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            env,
            [
                ("SECRET_KEY", None),
                ("AUTO_MIGRATE", Some("1")),
                ("DJANGO_SETTINGS_MODULE", Some("shop.settings.production"))
            ]
        );
    }

    #[test]
    fn heroku_files() {
        let f = parse("heroku.yml", "build:\n  docker:\n    web: Dockerfile\nrun:\n  web: uwsgi --ini uwsgi.ini --http 0:$PORT\n").unwrap();
        assert_eq!(f.services[0].dockerfile.as_deref(), Some("Dockerfile"));
        assert_eq!(
            f.services[0].command.as_ref().unwrap().0,
            "uwsgi --ini uwsgi.ini --http 0:$PORT"
        );
        let f = parse(
            "app.json",
            r#"{"env": {"SECRET_KEY": {"required": true}, "DEBUG": {"value": "False"}, "X": "1"}}"#,
        )
        .unwrap();
        let env: Vec<(&str, Option<&str>)> = f
            .env
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            env,
            [
                ("SECRET_KEY", None),
                ("DEBUG", Some("False")),
                ("X", Some("1"))
            ]
        );
        assert!(parse("app.json", "{not json").is_err());
    }
}
