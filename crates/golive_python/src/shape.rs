//! Whether a Python module is a Django settings module at all, judged from
//! its statements without evaluating it: a django-dbsettings definitions
//! file or a fragment that defines a few app-specific names is named like
//! settings but is not what `DJANGO_SETTINGS_MODULE` can point at.

use crate::loader::Loader;
use ruff_python_ast::{self as ast, Expr, Stmt};
use std::path::{Path, PathBuf};

/// Settings every Django project's settings module sets (directly or
/// through the modules it star-imports or includes). A module that sets
/// none of them is not a settings module.
pub const CORE_SETTINGS: &[&str] = &[
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "MIDDLEWARE_CLASSES",
    "DATABASES",
    "ROOT_URLCONF",
    "SECRET_KEY",
    "TEMPLATES",
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "STATIC_URL",
];

/// What a module's top-level statements show.
#[derive(Clone, Debug, Default)]
pub struct ModuleShape {
    /// Core settings it assigns (at any nesting of `if`/`try`/`with`/`for`).
    pub core: Vec<String>,
    /// Absolute names of the modules it star-imports.
    pub star_imports: Vec<String>,
    /// Paths it includes with django-split-settings (`include(...)`), as
    /// written; `None` for an argument that is not a literal.
    pub includes: Vec<Option<String>>,
    /// It defines a django-configurations class (a subclass of
    /// `Configuration`).
    pub configurations: bool,
    /// Modules it imports classes from (`from .production import
    /// Production`): django-configurations packages re-export their classes.
    pub class_imports: Vec<String>,
    /// Top-level statements other than the docstring.
    pub statements: usize,
    /// The file does not parse.
    pub syntax_errors: usize,
    /// Why the file was not parsed at all (nested deeper than CPython
    /// compiles): its statements are unknown, not absent.
    pub refused: Option<String>,
    pub path: PathBuf,
}

/// The shape of the module `name`, if it exists in the project.
pub fn module_shape(loader: &Loader, name: &str) -> Option<ModuleShape> {
    let (path, is_package) = loader.resolve_module(name)?;
    let package = if is_package {
        name.to_string()
    } else {
        name.rsplit_once('.')
            .map_or(String::new(), |(p, _)| p.to_string())
    };
    file_shape(loader, &path, &package)
}

/// The shape of a file, with relative imports resolved against `package`.
pub fn file_shape(loader: &Loader, path: &Path, package: &str) -> Option<ModuleShape> {
    let parsed = loader.parse_file(path)?;
    let mut shape = ModuleShape {
        syntax_errors: parsed.errors.len(),
        refused: (!parsed.whole && parsed.template.is_none())
            .then(|| parsed.errors.last().map(|(_, why)| why.clone()))
            .flatten(),
        path: path.to_path_buf(),
        ..ModuleShape::default()
    };
    let body = parsed.body();
    let skip_doc = usize::from(
        matches!(body.first(), Some(Stmt::Expr(e)) if e.value.is_string_literal_expr()),
    );
    shape.statements = body.len().saturating_sub(skip_doc);
    walk(body, package, &mut shape);
    Some(shape)
}

fn walk(body: &[Stmt], package: &str, shape: &mut ModuleShape) {
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target(t, shape)),
            Stmt::AnnAssign(a) => target(&a.target, shape),
            Stmt::AugAssign(a) => target(&a.target, shape),
            Stmt::ImportFrom(i) => {
                let Some(m) = absolute(package, i.level, i.module.as_ref().map(|m| m.as_str()))
                else {
                    continue;
                };
                if i.names.iter().any(|n| n.name.as_str() == "*") {
                    shape.star_imports.push(m);
                } else if (i.level > 0 || crate::interp::is_settings_like(&m))
                    && i.names.iter().any(|n| {
                        n.name.chars().next().is_some_and(char::is_uppercase)
                            && n.name.chars().any(char::is_lowercase)
                    })
                {
                    // Only a sibling or a settings-like module can hold the
                    // configuration classes; a model's or a form's module
                    // cannot, and reading them would read half the project.
                    shape.class_imports.push(m);
                }
            }
            Stmt::Expr(e) => {
                if let Expr::Call(c) = &*e.value
                    && callee_name(&c.func) == Some("include")
                {
                    for arg in &c.arguments.args {
                        shape.includes.push(include_arg(arg));
                    }
                }
            }
            Stmt::ClassDef(c) => {
                let bases = c
                    .arguments
                    .as_ref()
                    .map(|a| {
                        a.args
                            .iter()
                            .filter_map(|b| callee_name(b))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                if bases.contains(&"Configuration") {
                    shape.configurations = true;
                }
            }
            Stmt::If(s) => {
                walk(&s.body, package, shape);
                for c in &s.elif_else_clauses {
                    walk(&c.body, package, shape);
                }
            }
            Stmt::Try(t) => {
                walk(&t.body, package, shape);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    walk(&h.body, package, shape);
                }
                walk(&t.orelse, package, shape);
                walk(&t.finalbody, package, shape);
            }
            Stmt::With(w) => walk(&w.body, package, shape),
            Stmt::For(f) => walk(&f.body, package, shape),
            _ => {}
        }
    }
}

fn target(t: &Expr, shape: &mut ModuleShape) {
    match t {
        Expr::Name(n)
            if CORE_SETTINGS.contains(&n.id.as_str())
                && !shape.core.iter().any(|c| c == n.id.as_str()) =>
        {
            shape.core.push(n.id.to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target(e, shape)),
        Expr::List(l) => l.elts.iter().for_each(|e| target(e, shape)),
        Expr::Starred(s) => target(&s.value, shape),
        _ => {}
    }
}

fn callee_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// `include("a.py")`, `include(optional("b.py"))`.
fn include_arg(arg: &Expr) -> Option<String> {
    match arg {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        Expr::Call(c) if callee_name(&c.func) == Some("optional") => {
            c.arguments.args.first().and_then(include_arg)
        }
        _ => None,
    }
}

fn absolute(package: &str, level: u32, module: Option<&str>) -> Option<String> {
    if level == 0 {
        return module.map(str::to_string);
    }
    let mut pkg = package.to_string();
    for _ in 1..level {
        pkg = pkg.rsplit_once('.')?.0.to_string();
    }
    Some(match module {
        Some(m) if pkg.is_empty() => m.to_string(),
        Some(m) => format!("{pkg}.{m}"),
        None => pkg,
    })
}

/// Whether `name` is a Django settings module: it (or what it star-imports
/// or includes, followed within the project) assigns one of the core
/// settings, or it is a django-split-settings or django-configurations
/// root. `Err` says why not.
pub fn check_settings_module(loader: &Loader, name: &str) -> Result<(), String> {
    const NOT_SETTINGS: &str = "it assigns none of Django's core settings (INSTALLED_APPS, DATABASES, MIDDLEWARE, SECRET_KEY, …) and imports no module that does";
    // A module that names no core setting and composes nothing (an app's
    // own `settings.py` of constants) is rejected without parsing it.
    if let Some((path, _)) = loader.resolve_module(name)
        && let Ok((text, lossy)) = loader.read_source(&path)
    {
        let rejected = text.len() > 256
            && !CORE_SETTINGS.iter().any(|c| text.contains(c))
            // A template is told apart by parsing it (see `ParsedFile::template`).
            && golive_source::template_marker(&text).is_none()
            && ![
                "import *",
                "include(",
                "Configuration",
                "configurations",
                "exec(",
                "globals()",
                "vars(",
            ]
            .iter()
            .any(|m| text.contains(m));
        if rejected {
            return Err(NOT_SETTINGS.into());
        }
        // Parsed next (`module_shape`): from this text, not a second read.
        loader.hand_over(&path, text, lossy);
    }
    let Some(shape) = module_shape(loader, name) else {
        return Err(
            match loader
                .resolve_module(name)
                .and_then(|(path, _)| loader.unreadable_reason(&path))
            {
                Some(why) => format!("its file {why}"),
                None => format!("`{name}` does not exist in the project"),
            },
        );
    };
    let mut seen = vec![name.to_string()];
    if qualifies(loader, &shape, &mut seen, 0) {
        return Ok(());
    }
    if let Some(why) = &shape.refused {
        return Err(format!("golive does not parse it: {why}"));
    }
    if shape.statements == 0 {
        return Err("the module is empty".into());
    }
    Err(NOT_SETTINGS.into())
}

/// A django-configurations module: it defines a `Configuration` subclass,
/// or imports classes from a module that does (`from .common import
/// Common`, `class Production(Common)`).
fn is_configurations(
    loader: &Loader,
    shape: &ModuleShape,
    seen: &mut Vec<String>,
    depth: usize,
) -> bool {
    if shape.configurations {
        return true;
    }
    if depth > 8 {
        return false;
    }
    for m in &shape.class_imports {
        if seen.contains(m) {
            continue;
        }
        seen.push(m.clone());
        if let Some(s) = module_shape(loader, m)
            && is_configurations(loader, &s, seen, depth + 1)
        {
            return true;
        }
    }
    false
}

fn qualifies(loader: &Loader, shape: &ModuleShape, seen: &mut Vec<String>, depth: usize) -> bool {
    if !shape.core.is_empty() || is_configurations(loader, shape, &mut seen.clone(), depth) {
        return true;
    }
    if depth > 8 {
        return false;
    }
    for inc in &shape.includes {
        let Some(pattern) = inc else { return true };
        let dir = shape.path.parent().unwrap_or(Path::new(""));
        let target = dir.join(pattern);
        let package = String::new();
        for file in glob_files(&target) {
            if let Some(s) = file_shape(loader, &file, &package)
                && qualifies(loader, &s, seen, depth + 1)
            {
                return true;
            }
        }
    }
    for m in &shape.star_imports {
        if seen.contains(m) {
            continue;
        }
        seen.push(m.clone());
        match module_shape(loader, m) {
            Some(s) if qualifies(loader, &s, seen, depth + 1) => return true,
            Some(_) => {}
            // A project module golive does not read (outside the project,
            // too large) may assign any setting: no ground to rule out
            // the module that star-imports it.
            None if loader
                .resolve_module(m)
                .is_some_and(|(path, _)| loader.unreadable_reason(&path).is_some()) =>
            {
                return true;
            }
            None => {}
        }
    }
    false
}

/// The files a split-settings pattern names (`components/*.py`).
fn glob_files(pattern: &Path) -> Vec<PathBuf> {
    let text = pattern.to_string_lossy();
    if !text.contains(['*', '?', '[']) {
        return if pattern.is_file() {
            vec![pattern.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let Some(dir) = pattern.parent() else {
        return Vec::new();
    };
    let Some(file_pattern) = pattern.file_name().map(|f| f.to_string_lossy().to_string()) else {
        return Vec::new();
    };
    let Ok(matcher) = globset::Glob::new(&file_pattern).map(|g| g.compile_matcher()) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = golive_source::gate::list_dir(dir)
        .into_iter()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && matcher.is_match(e.file_name()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}
