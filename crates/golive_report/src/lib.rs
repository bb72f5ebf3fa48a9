//! Renderers: what users and tools read. Text in the style of rustc and
//! ruff, and the versioned JSON contract. No renderer prints a secret.

mod json;
mod project;
mod secrets;
mod text;

pub use json::{
    CheckReport, Finding, Grade, LiveSummary, ProbeReport, SettingsReport, check_json,
    json_schemas, probe_json, settings_json,
};
pub use project::{project_json, project_text};
pub use secrets::{SecretValues, is_secret_name, mask_value_secrets};
pub use text::{check_text, findings_text, settings_text};

/// The version every JSON document carries.
pub const GOLIVE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What was audited, for headers and JSON.
#[derive(Clone, Debug)]
pub struct AuditHeader {
    pub django_version: String,
    /// Why that Django version (`--django-version`, `requirements.txt`, ...).
    pub django_version_source: String,
    pub settings_module: Option<String>,
    /// Why that module.
    pub settings_reason: String,
    /// Where variables of the configured scenario came from besides what
    /// the user named: the production process's declared environment.
    pub environment: Option<String>,
    /// Other plausible settings modules, when the choice was not clear-cut.
    pub alternatives: Vec<String>,
}
