//! golive's understanding of Python settings: evaluating a settings module,
//! per scenario, without running it, and telling settings modules apart
//! from other Python files.

pub mod defaults_table;
pub mod dotenv;
mod interp;
pub mod loader;
pub mod redact;
mod settings;
pub mod shape;
pub mod urls;
pub mod value;
pub mod version;

pub use interp::{
    CallFact, ClassObj, ConfigValue, ImportFact, LoadedEnvFile, Note, NoteKind, Origin, Raised,
    ScenarioKind, is_setting_name,
};
pub use loader::Loader;
pub use settings::{
    ConfigFileResult, ScenarioResult, Setting, evaluate, evaluate_config_file, evaluate_file,
    evaluate_with,
};
pub use value::{Deps, Dict, Num, Object, V, Value, num as value_num, py_eq, str_repr};
pub use version::DjangoVersion;
