//! Renderers: what users and tools read. Text in the style of rustc and
//! ruff, and the versioned JSON contract. No renderer prints a secret.

mod baseline;
mod fingerprint;
mod frames;
mod github;
mod html;
mod json;
mod project;
mod sarif;
mod secrets;
mod text;

pub use baseline::{Baseline, BaselineEntry, BaselineError, BaselineOutcome};
pub use fingerprint::{FINGERPRINT_KEY, fingerprints};
pub use github::github;
pub use html::{HtmlSubject, html};
pub use json::{
    BaselineSummary, CheckReport, Finding, Grade, LiveSummary, ProbeReport, SettingsReport,
    check_json, json_schemas, probe_json, settings_json,
};
pub use project::{project_json, project_text};
pub use sarif::{SRCROOT, SarifContext, sarif};
pub use secrets::{SecretValues, is_secret_name, mask_value_secrets};
pub use text::{check_text, findings_text, settings_text};

/// Where golive's documentation lives: the rule reference that `cargo
/// xtask docs` generates, whose headings are the rule codes. SARIF's
/// `helpUri` and the HTML report link here.
pub const DOCS_URL: &str = "https://github.com/golive/golive/blob/main/docs/rules.md";

/// The documentation of one rule: its section of docs/rules.md (GitHub
/// anchors headings in lower case).
pub fn rule_docs_url(code: &str) -> String {
    format!("{DOCS_URL}#{}", code.to_ascii_lowercase())
}

/// A rule's doc comment as text: doc comments keep the single space after
/// `///`.
pub fn strip_doc_indent(doc: &str) -> String {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

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

/// `path` (relative to a project) as seen from the directory golive runs
/// in, where the project is `base` (`""` for `.`).
pub(crate) fn under(base: &str, path: &str) -> String {
    if base.is_empty() || path.starts_with('<') {
        path.to_string()
    } else {
        format!("{}/{path}", base.trim_end_matches('/'))
    }
}

/// The project directory given on the command line as a base for
/// [`under`]: relative to the working directory, `./` and `.` dropped; an
/// absolute path inside the working directory made relative. A project
/// outside the working directory has no base (paths stay relative to it):
/// no repository root would find its files by such a path anyway.
pub fn project_base(project: &std::path::Path) -> String {
    let inside = if project.is_absolute() {
        match std::env::current_dir().ok().and_then(|c| {
            project
                .strip_prefix(c)
                .ok()
                .map(std::path::Path::to_path_buf)
        }) {
            Some(p) => p,
            None => return String::new(),
        }
    } else {
        project.to_path_buf()
    };
    let mut parts = Vec::new();
    for c in inside.components() {
        match c {
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            _ => return String::new(),
        }
    }
    parts.join("/")
}
