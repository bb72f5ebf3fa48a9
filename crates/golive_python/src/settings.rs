//! The result of evaluating a settings module in one scenario: every
//! UPPERCASE setting with its value, origin and the variables it reads,
//! with Django's defaults for whatever the module leaves unset.

use crate::interp::{
    CallFact, ImportFact, Interp, LoadedEnvFile, Note, Origin, Raised, ScenarioKind,
    is_setting_name,
};
use crate::loader::Loader;
use crate::value::Value;
use crate::version::DjangoVersion;
use golive_source::{FileId, Span};
use std::collections::BTreeMap;
use std::path::Path;

/// One setting as the evaluation left it.
#[derive(Clone, Debug)]
pub struct Setting {
    pub value: Value,
    /// Where it was last written; `None` for Django defaults.
    pub origin: Option<Origin>,
    /// Not assigned by the project: Django's default for the target version.
    pub is_default: bool,
}

/// Everything one scenario's evaluation produced.
#[derive(Debug)]
pub struct ScenarioResult {
    pub kind: ScenarioKind,
    pub settings: BTreeMap<String, Setting>,
    pub notes: Vec<Note>,
    pub calls: Vec<CallFact>,
    /// Project modules imported by the settings chain, in evaluation order.
    pub imports: Vec<ImportFact>,
    /// The dotted name of the evaluated settings module.
    pub module: String,
    pub loaded_env_files: Vec<LoadedEnvFile>,
    pub env_reads: BTreeMap<String, Vec<Span>>,
    /// The environment after the settings ran (including what they loaded).
    pub final_env: BTreeMap<String, String>,
    /// The settings module's file, if it was found.
    pub module_file: Option<FileId>,
    /// Where the settings raised an exception nothing caught: Django never
    /// starts with them, and nothing after that point was evaluated.
    pub raised: Option<Raised>,
}

impl ScenarioResult {
    pub fn get(&self, name: &str) -> Option<&Setting> {
        self.settings.get(name)
    }
}

const DEFAULTS_SOURCE: &str = include_str!("django/global_defaults.py");

fn version_tuple(version: DjangoVersion) -> Value {
    Value::tuple(vec![
        Value::int(i64::from(version.major)),
        Value::int(i64::from(version.minor)),
    ])
}

/// Django's defaults for a version (once per run and version): from the
/// table generated from golive's `global_defaults.py`, or evaluated from
/// it for a series the table lacks.
pub(crate) fn django_defaults(
    loader: &Loader,
    version: DjangoVersion,
) -> std::rc::Rc<BTreeMap<String, Value>> {
    if let Some(d) = loader.defaults.borrow().get(&version) {
        return d.clone();
    }
    let d = std::rc::Rc::new(
        crate::defaults_table::lookup(version).unwrap_or_else(|| compute_defaults(loader, version)),
    );
    loader.defaults.borrow_mut().insert(version, d.clone());
    d
}

/// Evaluates `global_defaults.py` for `version` (the table in
/// `defaults_table` is made from this).
pub(crate) fn compute_defaults(loader: &Loader, version: DjangoVersion) -> BTreeMap<String, Value> {
    let mut interp = Interp::new(loader, ScenarioKind::Unset, BTreeMap::new());
    interp.inject("DJANGO_VERSION", version_tuple(version));
    let parsed = loader.parse_text(&format!("<django {version} defaults>"), DEFAULTS_SOURCE);
    let module = interp.exec_parsed("django.conf.global_settings", parsed);
    let ns = module.ns.borrow();
    ns.iter()
        .filter(|(k, _)| is_setting_name(k) && &***k != "DJANGO_VERSION")
        .map(|(k, b)| (k.to_string(), b.value.clone()))
        .collect()
}

/// Evaluates the settings module `module` (dotted name) in one scenario.
pub fn evaluate(
    loader: &Loader,
    module: &str,
    version: DjangoVersion,
    kind: ScenarioKind,
    env: BTreeMap<String, String>,
) -> ScenarioResult {
    evaluate_with(loader, module, version, kind, env, BTreeMap::new())
}

/// [`evaluate`], with variables that are set when the process starts but
/// whose values golive cannot see (`unknown`: name → why).
pub fn evaluate_with(
    loader: &Loader,
    module: &str,
    version: DjangoVersion,
    kind: ScenarioKind,
    env: BTreeMap<String, String>,
    unknown: BTreeMap<String, String>,
) -> ScenarioResult {
    let mut interp = Interp::new(loader, kind, env);
    interp.unknown_env = unknown;
    interp.django_version = Some((version.major, version.minor));
    let evaluated = interp.import_module(module);
    if let Some(m) = &evaluated
        && interp.raised.is_none()
    {
        interp.configure_module(m);
    }
    finish(loader, interp, evaluated, module, version, kind)
}

/// Evaluates a Python file that is not importable by name (a gunicorn
/// config, say) as a module called `name`.
pub fn evaluate_file(
    loader: &Loader,
    path: &Path,
    name: &str,
    version: DjangoVersion,
    kind: ScenarioKind,
    env: BTreeMap<String, String>,
) -> ScenarioResult {
    let mut interp = Interp::new(loader, kind, env);
    let evaluated = interp.run_file(name, path);
    finish(loader, interp, evaluated, name, version, kind)
}

/// A Python configuration file evaluated (gunicorn's `gunicorn.conf.py`):
/// every public module-level name, lower-case ones included.
#[derive(Debug)]
pub struct ConfigFileResult {
    pub values: BTreeMap<String, Setting>,
    pub notes: Vec<Note>,
    pub file: Option<FileId>,
}

/// Evaluates a Python configuration file that is not a settings module,
/// keeping every public name it binds.
pub fn evaluate_config_file(
    loader: &Loader,
    path: &Path,
    name: &str,
    env: BTreeMap<String, String>,
) -> ConfigFileResult {
    let mut interp = Interp::new(loader, ScenarioKind::Configured, env);
    let evaluated = interp.run_file(name, path);
    let mut values = BTreeMap::new();
    if let Some(module) = &evaluated {
        for (key, binding) in module.ns.borrow().iter() {
            if !key.starts_with('_') {
                values.insert(
                    key.to_string(),
                    Setting {
                        value: binding.value.bounded(),
                        origin: binding.origin,
                        is_default: false,
                    },
                );
            }
        }
    }
    ConfigFileResult {
        values,
        notes: interp.notes,
        file: evaluated.as_ref().map(|m| m.file),
    }
}

fn finish(
    loader: &Loader,
    interp: Interp<'_>,
    evaluated: Option<std::rc::Rc<crate::interp::ModuleObj>>,
    module_name: &str,
    version: DjangoVersion,
    kind: ScenarioKind,
) -> ScenarioResult {
    // In an open namespace, a setting golive did not see assigned may have
    // been set by what it could not follow: unknown, not Django's default.
    let open = evaluated.as_ref().and_then(|m| m.open.borrow().clone());
    let raised_at = interp.raised.as_ref().map(|r| interp.describe_span(r.span));
    let defaults = django_defaults(loader, version);
    let module_file = evaluated.as_ref().map(|m| m.file);
    let namespace = evaluated.as_ref().map(|m| m.ns.borrow());
    let mut entries =
        Vec::with_capacity(defaults.len() + namespace.as_ref().map_or(0, |ns| ns.len()));
    for (name, value) in defaults.iter() {
        let value = match (&raised_at, &open) {
            (Some(at), _) => Value::unknown(format!(
                "the settings raise at {at} before they could set it"
            )),
            (None, Some(origin)) => Value::unknown(crate::interp::open_reason(origin)),
            (None, None) => value.deep_clone(),
        };
        let setting = Setting {
            value,
            origin: None,
            is_default: true,
        };
        entries.push((name.clone(), setting));
    }
    // The module's own assignments come after the defaults they override.
    for (name, binding) in namespace.iter().flat_map(|ns| ns.iter()) {
        if is_setting_name(name) {
            let setting = Setting {
                value: binding.value.bounded(),
                origin: binding.origin,
                is_default: false,
            };
            entries.push((name.to_string(), setting));
        }
    }
    drop(namespace);
    // Built in one pass from the sorted entries (a later entry wins, as an
    // insert would), not by ~200 inserts per scenario.
    let settings = BTreeMap::from_iter(entries);
    ScenarioResult {
        kind,
        settings,
        notes: interp.notes,
        calls: interp.calls,
        imports: interp.imports,
        module: module_name.to_string(),
        loaded_env_files: interp.loaded_env_files,
        env_reads: interp.env_reads,
        final_env: interp.env,
        module_file,
        raised: interp.raised,
    }
}
