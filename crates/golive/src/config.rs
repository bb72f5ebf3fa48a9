//! `[tool.golive]` in pyproject.toml, or golive.toml: the defaults a project
//! sets for its own audits. Flags win over the file.

use crate::error::{Context, Result, error};
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
        let mut config: Config =
            toml::from_str(&text).with_context(|| format!("invalid {}", golive_toml.display()))?;
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
            let mut config: Config = table
                .try_into()
                .with_context(|| format!("invalid [tool.golive] in {}", pyproject.display()))?;
            config.source = Some(pyproject);
            return Ok(config);
        }
    }
    Ok(Config::default())
}
