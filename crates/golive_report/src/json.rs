//! The JSON contract: stable field names, versioned by
//! `"golive"`; tuples and sets as arrays, paths as strings, secrets masked.
//! Each document is a typed struct, so the schema is visible here and
//! type-checked; `json_schemas` generates the JSON Schemas in
//! `docs/schema/` from the same structs.

use crate::secrets::{is_secret_name, mask_url_password, masked_json};
use crate::{AuditHeader, GOLIVE_VERSION};
use golive_linter::{Diagnostic, Severity};
use golive_python::{Object, ScenarioResult, Setting, V, Value};
use golive_source::{SourceDb, Span};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value as Json, json};

/// `golive check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckReport {
    /// The golive version that wrote the document.
    pub golive: String,
    /// The Django series the settings were checked against (`5.2`).
    pub django_version: String,
    /// The audited settings module, if one was found.
    pub settings_module: Option<String>,
    /// Why that module.
    pub settings_reason: String,
    /// Other plausible settings modules, when the choice was not clear-cut.
    pub other_settings_modules: Vec<String>,
    /// Where the variables of the configured scenario came from.
    pub environment: Option<String>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// With `--probe`: the live site's grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<LiveSummary>,
    /// With `--baseline`: what the baseline took away, and its entries
    /// that match no finding any more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
}

/// The effect of `--baseline FILE` on a report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BaselineSummary {
    /// The baseline file, as given.
    pub path: String,
    /// Findings the baseline records, left out of `findings`.
    pub baselined: usize,
    /// Entries of the baseline that match no finding: fixed, or changed.
    pub stale: Vec<crate::BaselineEntry>,
}

/// `golive probe --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProbeReport {
    pub golive: String,
    /// The URL probed.
    pub target: String,
    /// How many requests were made.
    pub requests: usize,
    /// What the probe could not observe, and why.
    pub incomplete: Vec<String>,
    /// The site's certificate could not be verified (and `--insecure` was
    /// not given): why. The requests were then made without verification,
    /// so that everything else is still judged; the findings say what is
    /// wrong with the certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untrusted: Option<String>,
    pub grade: Grade,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// `golive settings --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SettingsReport {
    pub golive: String,
    pub django_version: String,
    pub settings_module: Option<String>,
    pub environment: Option<String>,
    /// Every setting, by name: its value in the configured scenario, where
    /// it was assigned, the variables it depends on, and its value with
    /// those variables unset when that differs.
    pub settings: IndexMap<String, SettingEntry>,
}

/// One finding.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Finding {
    /// The rule's code (`DJS004`).
    pub code: &'static str,
    /// The rule's name (`hsts-not-enabled`).
    pub name: &'static str,
    pub severity: Severity,
    /// The Django check the rule reproduces (`security.W004`).
    pub django_id: Option<&'static str>,
    pub message: String,
    pub help: Option<String>,
    #[serde(flatten)]
    pub location: Location,
    /// `configured` (production as declared) or `unset` (the variables
    /// production does not declare are missing).
    pub scenario: &'static str,
    /// The other places the finding involves (the other side of a
    /// cross-layer finding), only when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A place in a file: a path relative to the project, 1-based lines and
/// columns (characters).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A further place of a finding, with what it is.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Related {
    #[serde(flatten)]
    pub location: Location,
    pub label: String,
}

/// How many findings of each severity.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Findings of Django's checks silenced by `SILENCED_SYSTEM_CHECKS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silenced: Option<Silenced>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Silenced {
    pub count: usize,
    /// Where `SILENCED_SYSTEM_CHECKS` is set (`path:line`).
    pub by: String,
}

/// The live part of `check --probe`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LiveSummary {
    pub target: String,
    pub grade: Grade,
    pub incomplete: Vec<String>,
}

/// A grade from A+ to F (docs/grade.md).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Grade {
    pub letter: String,
    pub score: i32,
}

/// A setting of `golive settings`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SettingEntry {
    #[serde(flatten)]
    pub value: SettingValue,
    /// Where the value was assigned; null for Django's defaults.
    pub origin: Option<Origin>,
    /// The environment variables the value depends on.
    pub env: Vec<String>,
    /// The files the value was read from (secrets files, env files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// The value with the variables production does not declare unset,
    /// when it depends on any or differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unset: Option<SettingValue>,
    /// Django's default, not assigned by the module.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

/// A value as golive knows it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum SettingValue {
    /// A known value, as JSON (tuples and sets as arrays, paths as strings;
    /// parts golive does not know are `{"unknown": reason}`).
    Known { value: Json },
    /// What golive could not know, and why.
    Unknown { unknown: String },
    /// A secret: its first characters and its length, never the value.
    Secret { secret: String, length: usize },
}

/// Where a setting was assigned.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Origin {
    pub path: String,
    pub line: usize,
}

fn summary(diags: &[Diagnostic]) -> Summary {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    Summary {
        error: count(Severity::Error),
        warning: count(Severity::Warning),
        info: count(Severity::Info),
        silenced: None,
    }
}

/// `golive check --format json`.
pub fn check_json(
    diags: &[Diagnostic],
    sources: &SourceDb,
    header: &AuditHeader,
    silenced: Option<(usize, Span)>,
    probe: Option<LiveSummary>,
) -> CheckReport {
    let mut summary = summary(diags);
    summary.silenced = silenced.map(|(count, span)| {
        let f = sources.get(span.file);
        Silenced {
            count,
            by: format!("{}:{}", f.path, f.line_col(span.range.start()).line),
        }
    });
    CheckReport {
        golive: GOLIVE_VERSION.into(),
        django_version: header.django_version.clone(),
        settings_module: header.settings_module.clone(),
        settings_reason: header.settings_reason.clone(),
        other_settings_modules: header.alternatives.clone(),
        environment: header.environment.clone(),
        findings: findings_json(diags, sources),
        summary,
        probe,
        baseline: None,
    }
}

/// `golive probe --format json`.
pub fn probe_json(
    diags: &[Diagnostic],
    sources: &SourceDb,
    target: &str,
    requests: usize,
    incomplete: &[String],
    untrusted: Option<&str>,
    grade: Grade,
) -> ProbeReport {
    ProbeReport {
        golive: GOLIVE_VERSION.into(),
        target: target.into(),
        requests,
        incomplete: incomplete.to_vec(),
        untrusted: untrusted.map(str::to_string),
        grade,
        findings: findings_json(diags, sources),
        summary: summary(diags),
    }
}

fn location(span: Span, sources: &SourceDb) -> Location {
    let file = sources.get(span.file);
    let start = file.line_col(span.range.start());
    let end = file.line_col(span.range.end());
    Location {
        path: file.path.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The findings of a document (shared by `check` and `probe`).
fn findings_json(diags: &[Diagnostic], sources: &SourceDb) -> Vec<Finding> {
    diags
        .iter()
        .map(|d| Finding {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity,
            django_id: d.rule.django_id,
            message: d.message.clone(),
            help: d.help.clone(),
            location: location(d.span, sources),
            scenario: d.scenario.as_str(),
            related: d
                .related
                .iter()
                .map(|(span, label)| Related {
                    location: location(*span, sources),
                    label: label.clone(),
                })
                .collect(),
        })
        .collect()
}

/// `golive settings --format json`.
pub fn settings_json(
    configured: &ScenarioResult,
    unset: &ScenarioResult,
    sources: &SourceDb,
    header: &AuditHeader,
) -> SettingsReport {
    let mut settings = IndexMap::new();
    for (name, setting) in &configured.settings {
        let all: Vec<String> = setting
            .value
            .all_deps()
            .iter()
            .map(str::to_string)
            .collect();
        let env: Vec<String> = all
            .iter()
            .filter(|d| !d.starts_with("file:"))
            .cloned()
            .collect();
        let files: Vec<String> = all
            .iter()
            .filter_map(|d| d.strip_prefix("file:").map(str::to_string))
            .collect();
        let unset_setting = unset.get(name);
        let differs = unset_setting.is_some_and(|u| {
            golive_python::py_eq(&u.value, &setting.value) != Some(true)
                || u.value.is_unknown() != setting.value.is_unknown()
        });
        let unset_value = unset_setting
            .filter(|u| !env.is_empty() || differs || !u.value.all_deps().is_empty())
            .map(|u| setting_value(name, &u.value));
        settings.insert(
            name.clone(),
            SettingEntry {
                value: setting_value(name, &setting.value),
                origin: origin(setting, sources),
                env,
                files,
                unset: unset_value,
                default: setting.is_default,
            },
        );
    }
    // Settings that exist only when every variable is unset.
    for (name, u) in &unset.settings {
        if settings.contains_key(name) {
            continue;
        }
        let env = u
            .value
            .all_deps()
            .iter()
            .filter(|d| !d.starts_with("file:"))
            .map(|d| d.to_string())
            .collect();
        settings.insert(
            name.clone(),
            SettingEntry {
                value: SettingValue::Unknown {
                    unknown: "not assigned in the configured scenario".into(),
                },
                origin: origin(u, sources),
                env,
                files: Vec::new(),
                unset: Some(setting_value(name, &u.value)),
                default: false,
            },
        );
    }
    SettingsReport {
        golive: GOLIVE_VERSION.into(),
        django_version: header.django_version.clone(),
        settings_module: header.settings_module.clone(),
        environment: header.environment.clone(),
        settings,
    }
}

fn origin(setting: &Setting, sources: &SourceDb) -> Option<Origin> {
    let o = setting.origin?;
    let file = sources.get(o.stmt.file);
    if file.path.starts_with('<') {
        return None;
    }
    Some(Origin {
        path: file.path.clone(),
        line: file.line_col(o.stmt.range.start()).line,
    })
}

/// `{"value": …}`, `{"unknown": reason}` or `{"secret": "dj…", "length": n}`.
fn setting_value(name: &str, value: &Value) -> SettingValue {
    let secret = is_secret_name(name);
    match &value.v {
        V::Unknown(reason) => SettingValue::Unknown {
            unknown: reason.to_string(),
        },
        V::Str(s) if secret && !s.is_empty() => {
            let masked = masked_json(s);
            SettingValue::Secret {
                secret: masked["secret"].as_str().unwrap_or_default().to_string(),
                length: masked["length"].as_u64().unwrap_or_default() as usize,
            }
        }
        _ => SettingValue::Known {
            value: value_json(value, secret),
        },
    }
}

/// The JSON Schemas of the documents, by file name (`docs/schema/`).
pub fn json_schemas() -> Vec<(&'static str, String)> {
    let pretty = |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("a schema") + "\n";
    vec![
        (
            "check.schema.json",
            pretty(schemars::schema_for!(CheckReport)),
        ),
        (
            "probe.schema.json",
            pretty(schemars::schema_for!(ProbeReport)),
        ),
        (
            "settings.schema.json",
            pretty(schemars::schema_for!(SettingsReport)),
        ),
    ]
}

/// A Python value as JSON; unknown parts become `{"unknown": reason}`.
pub(crate) fn value_json(value: &Value, secret: bool) -> Json {
    match &value.v {
        V::None => Json::Null,
        V::Bool(b) => Json::Bool(*b),
        V::Int(i) => json!(i),
        V::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
            || json!({"float": golive_python::value::float_repr(*f)}),
            Json::Number,
        ),
        V::Str(s) if secret && !s.is_empty() => masked_json(s),
        V::Str(s) => Json::String(mask_url_password(s).unwrap_or_else(|| s.to_string())),
        V::Path(p) | V::EnvPath(p) => Json::String(p.to_string()),
        V::Bytes(b) => json!({"bytes": String::from_utf8_lossy(b)}),
        V::List(_) | V::Tuple(_) => Json::Array(
            value
                .elements()
                .unwrap_or_default()
                .iter()
                .map(|v| value_json(v, secret))
                .collect(),
        ),
        V::Set(_) => {
            let mut items: Vec<Json> = value
                .elements()
                .unwrap_or_default()
                .iter()
                .map(|v| value_json(v, secret))
                .collect();
            items.sort_by_key(|j| j.to_string());
            Json::Array(items)
        }
        V::Dict(d) => {
            let mut m = Map::new();
            for (k, v) in d.borrow().entries.iter() {
                let key = match &k.v {
                    V::Str(s) => s.to_string(),
                    V::Int(i) => i.to_string(),
                    V::Bool(b) => b.to_string(),
                    V::None => "null".into(),
                    V::Float(f) => golive_python::value::float_repr(*f),
                    _ => k.repr(),
                };
                let child_secret = secret || is_secret_name(&key);
                m.insert(key, value_json(v, child_secret));
            }
            Json::Object(m)
        }
        V::Unknown(r) => json!({"unknown": r.to_string()}),
        V::Object(o) => json!({"unknown": match &**o {
            Object::External(n) => format!("`{n}`, an object golive does not model"),
            Object::Function(f) => format!("function `{}`", f.name),
            Object::Module(m) => format!("module `{}`", m.name),
            _ => "an object golive does not model".to_string(),
        }}),
    }
}
