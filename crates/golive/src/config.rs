//! `[tool.golive]` in pyproject.toml, or golive.toml: the defaults a project
//! sets for its own audits. Flags win over the file.

use crate::error::{Result, error};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub settings: Option<String>,
    #[serde(default)]
    pub env_files: Vec<PathBuf>,
    pub django_version: Option<String>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    /// Rules ignored in files matching a glob: `"shop/settings/dev.py" = ["DJS018"]`.
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Severity per rule selector: `DJS021 = "info"`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub environments: BTreeMap<String, Environment>,
    /// What files are for, over golive's own classification:
    /// `"docker/compose.yml" = "production"`.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Where the configuration was read from.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Environment {
    #[serde(default)]
    pub env_files: Vec<PathBuf>,
    pub settings: Option<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    golive: Option<toml::Value>,
}

/// The largest golive.toml or pyproject.toml golive reads.
const MAX_CONFIG: u64 = 1024 * 1024;

/// Reads golive.toml, else `[tool.golive]` of pyproject.toml, at `root`.
pub fn load(root: &Path) -> Result<Config> {
    let golive_toml = root.join("golive.toml");
    if golive_toml.is_file() {
        let (text, _) = golive_source::read_text_lossy(&golive_toml, MAX_CONFIG)
            .map_err(|e| error!("{} {e}", golive_toml.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            error!(
                "invalid {}: {}",
                golive_toml.display(),
                toml_error(&text, &e)
            )
        })?;
        config.source = Some(golive_toml);
        return Ok(config);
    }
    let pyproject = root.join("pyproject.toml");
    if pyproject.is_file() {
        // A pyproject.toml golive cannot read (too large, a FIFO) holds no
        // configuration golive could use; the pins reader says why.
        let Ok((text, _)) = golive_source::read_text_lossy(&pyproject, MAX_CONFIG) else {
            return Ok(Config::default());
        };
        // A pyproject.toml golive cannot parse is the project's business;
        // only a broken [tool.golive] table is golive's.
        let Ok(doc) = toml::from_str::<PyProject>(&text) else {
            return Ok(Config::default());
        };
        if let Some(table) = doc.tool.and_then(|t| t.golive) {
            let mut config: Config = table.try_into().map_err(|e: toml::de::Error| {
                error!(
                    "invalid [tool.golive] in {}: {}",
                    pyproject.display(),
                    without_values(e.message())
                )
            })?;
            config.source = Some(pyproject);
            return Ok(config);
        }
    }
    Ok(Config::default())
}

/// A configuration error without the configuration's text: the parser's
/// own message quotes the offending line, and a line of `[environments.*.env]`
/// may hold a password.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let message = without_values(e.message());
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// A deserialisation message with the values it quotes left out (`invalid
/// type: string "…", expected …` names the value it found).
fn without_values(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some((kind, i)) = [
        "string \"",
        "integer `",
        "floating point `",
        "boolean `",
        "character `",
    ]
    .iter()
    .filter_map(|k| rest.find(k).map(|i| (*k, i)))
    .min_by_key(|(_, i)| *i)
    {
        let close = if kind.ends_with('"') { '"' } else { '`' };
        let start = i + kind.len();
        out.push_str(&rest[..i]);
        out.push_str(kind.trim_end_matches(['"', '`']).trim_end());
        rest = match rest[start..].find(close) {
            Some(end) => &rest[start + end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_errors_do_not_quote_values() {
        let text = "[environments.prod.env]\nDB_PASSWORD = \"hunter2-secret\" x\n";
        let e = toml::from_str::<Config>(text).unwrap_err();
        let shown = toml_error(text, &e);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.starts_with("line 2, column "), "{shown}");
        let typed = "[environments.prod.env]\nDB_PASSWORD = [\"hunter2-secret\"]\n";
        let e = toml::from_str::<Config>(typed).unwrap_err();
        let shown = toml_error(typed, &e);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(
            without_values("invalid type: integer `12345`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            without_values("invalid type: string \"pw\", expected a sequence"),
            "invalid type: string, expected a sequence"
        );
    }
}
