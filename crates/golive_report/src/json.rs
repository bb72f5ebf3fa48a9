//! The JSON contract (DESIGN.md): stable field names, versioned by
//! `"golive"`; tuples and sets as arrays, paths as strings, secrets masked.

use crate::secrets::{is_secret_name, mask_url_password, masked_json};
use crate::{AuditHeader, GOLIVE_VERSION};
use golive_linter::{Diagnostic, Severity};
use golive_python::{Object, ScenarioResult, Setting, V, Value};
use golive_source::SourceDb;
use serde_json::{Map, Value as Json, json};

/// `golive check --format json`.
pub fn check_json(diags: &[Diagnostic], sources: &SourceDb, header: &AuditHeader) -> Json {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    json!({
        "golive": GOLIVE_VERSION,
        "django_version": header.django_version,
        "settings_module": header.settings_module,
        "settings_reason": header.settings_reason,
        "other_settings_modules": header.alternatives,
        "environment": header.environment,
        "findings": findings_json(diags, sources),
        "summary": {"error": count(Severity::Error), "warning": count(Severity::Warning), "info": count(Severity::Info)},
    })
}

/// The findings array of the JSON contract (shared by `check` and `probe`).
pub fn findings_json(diags: &[Diagnostic], sources: &SourceDb) -> Vec<Json> {
    diags
        .iter()
        .map(|d| {
            let file = sources.get(d.span.file);
            let start = file.line_col(d.span.range.start());
            let end = file.line_col(d.span.range.end());
            let mut finding = json!({
                "code": d.rule.code,
                "name": d.rule.name,
                "severity": d.severity.as_str(),
                "django_id": d.rule.django_id,
                "message": d.message,
                "help": d.help,
                "path": file.path,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "scenario": d.scenario.as_str(),
            });
            // The other places a finding involves (the other side of a
            // cross-layer finding), only when there are any.
            if !d.related.is_empty() {
                let related: Vec<Json> = d
                    .related
                    .iter()
                    .map(|(span, label)| {
                        let f = sources.get(span.file);
                        let (s, e) = (f.line_col(span.range.start()), f.line_col(span.range.end()));
                        json!({"path": f.path, "line": s.line, "column": s.column, "end_line": e.line, "end_column": e.column, "label": label})
                    })
                    .collect();
                finding["related"] = json!(related);
            }
            finding
        })
        .collect()
}

/// `golive settings --format json`.
pub fn settings_json(
    configured: &ScenarioResult,
    unset: &ScenarioResult,
    sources: &SourceDb,
    header: &AuditHeader,
) -> Json {
    let mut settings = Map::new();
    for (name, setting) in &configured.settings {
        let mut entry = value_entry(name, &setting.value);
        entry.insert("origin".into(), origin_json(setting, sources));
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
        entry.insert("env".into(), json!(env));
        if !files.is_empty() {
            entry.insert("files".into(), json!(files));
        }
        if let Some(u) = unset_setting
            && (!env.is_empty() || differs || !u.value.all_deps().is_empty())
        {
            entry.insert("unset".into(), Json::Object(value_entry(name, &u.value)));
        }
        if setting.is_default {
            entry.insert("default".into(), Json::Bool(true));
        }
        settings.insert(name.clone(), Json::Object(entry));
    }
    // Settings that exist only when every variable is unset.
    for (name, u) in &unset.settings {
        if settings.contains_key(name) {
            continue;
        }
        let mut entry = Map::new();
        entry.insert(
            "unknown".into(),
            json!("not assigned in the configured scenario"),
        );
        entry.insert("origin".into(), origin_json(u, sources));
        entry.insert(
            "env".into(),
            json!(
                u.value
                    .all_deps()
                    .iter()
                    .filter(|d| !d.starts_with("file:"))
                    .collect::<Vec<_>>()
            ),
        );
        entry.insert("unset".into(), Json::Object(value_entry(name, &u.value)));
        settings.insert(name.clone(), Json::Object(entry));
    }
    json!({
        "golive": GOLIVE_VERSION,
        "django_version": header.django_version,
        "settings_module": header.settings_module,
        "environment": header.environment,
        "settings": settings,
    })
}

fn origin_json(setting: &Setting, sources: &SourceDb) -> Json {
    match setting.origin {
        Some(o) => {
            let file = sources.get(o.stmt.file);
            if file.path.starts_with('<') {
                return Json::Null;
            }
            json!({"path": file.path, "line": file.line_col(o.stmt.range.start()).line})
        }
        None => Json::Null,
    }
}

/// `{"value": …}`, `{"unknown": reason}` or `{"secret": "dj…", "length": n}`.
fn value_entry(name: &str, value: &Value) -> Map<String, Json> {
    let mut m = Map::new();
    let secret = is_secret_name(name);
    match &value.v {
        V::Unknown(reason) => {
            m.insert("unknown".into(), Json::String(reason.to_string()));
        }
        V::Str(s) if secret && !s.is_empty() => {
            if let Json::Object(o) = masked_json(s) {
                m.extend(o);
            }
        }
        _ => {
            m.insert("value".into(), value_json(value, secret));
        }
    }
    m
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
