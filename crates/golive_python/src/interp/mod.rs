//! The abstract evaluator: runs a settings module's top-level code over
//! literal values, never the project's own code paths that touch the outside
//! world, and records where every module-level name got its value.
//!
//! One [`Interp`] evaluates one scenario (an environment). Operations that
//! need the real world (a file read, a random key, a call into a library
//! golive does not model) give `Unknown` with a reason instead of a guess.

mod builtins;
mod call;
mod classes;
mod expr;
mod libs;
mod paths;
mod scope;

use crate::loader::{Loader, ParsedFile};
use crate::value::{Deps, Object, V, Value, py_eq};
pub use classes::{ClassObj, ConfigValue};
use golive_source::{FileId, Span};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where a name got its current value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The statement that wrote it (assignment, mutation, import).
    pub stmt: Span,
    /// The value expression, when there is one.
    pub value: Option<Span>,
}

/// A module-level name.
#[derive(Clone, Debug)]
pub struct Binding {
    pub value: Value,
    pub origin: Option<Origin>,
}

pub(crate) type Namespace = rustc_hash::FxHashMap<Rc<str>, Binding>;
pub(crate) type Locals = rustc_hash::FxHashMap<Rc<str>, Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LoadState {
    Loading,
    Done,
}

/// A module of the project.
#[derive(Debug)]
pub struct ModuleObj {
    pub name: String,
    pub file: FileId,
    pub disk_path: PathBuf,
    pub is_package: bool,
    pub(crate) ns: RefCell<Namespace>,
    pub(crate) state: Cell<LoadState>,
    /// Part of the settings: the audited module, what it star-imports, and
    /// settings-named modules it imports from. Only these report notes;
    /// application code imported along the way is evaluated silently.
    pub(crate) in_chain: Cell<bool>,
    /// The namespace is open: something golive cannot follow may have
    /// written any name into it (an include of a file outside the project,
    /// `globals().update()` of unknown data, the namespace passed to a
    /// library). Why, and where.
    pub(crate) open: RefCell<Option<String>>,
}

impl ModuleObj {
    pub fn package(&self) -> &str {
        if self.is_package {
            &self.name
        } else {
            self.name.rsplit_once('.').map_or("", |(p, _)| p)
        }
    }

    pub fn get(&self, name: &str) -> Option<Binding> {
        self.ns.borrow().get(name).cloned()
    }
}

/// A function defined in the settings, or a lambda.
#[derive(Debug)]
pub struct FunctionObj {
    pub name: String,
    pub(crate) body: FunctionBody,
    pub(crate) module: Rc<ModuleObj>,
    pub(crate) file: Rc<ParsedFile>,
    /// Defaults of the positional-or-keyword parameters, by parameter name.
    pub(crate) defaults: Vec<(String, Value)>,
    /// How a class binds it (a plain function outside classes).
    pub(crate) kind: classes::MethodKind,
    /// The class it is defined in.
    pub(crate) owner: RefCell<Option<std::rc::Weak<ClassObj>>>,
}

#[derive(Debug)]
pub(crate) enum FunctionBody {
    /// A `def`, found again by its range in the function's file when it is
    /// called: defining a function copies no syntax tree (large helper
    /// modules define hundreds that are never called).
    Def(TextRange),
    Lambda(Rc<ast::ExprLambda>),
}

impl FunctionObj {
    /// The `def` statement of a function defined by one.
    pub(crate) fn def(&self) -> Option<&ast::StmtFunctionDef> {
        let FunctionBody::Def(range) = &self.body else {
            return None;
        };
        find_def(&self.file.module.body, *range)
    }
}

/// The `def` at `range` among `body` and the blocks nested in it.
fn find_def(body: &[Stmt], range: TextRange) -> Option<&ast::StmtFunctionDef> {
    let s = body.get(body.partition_point(|s| s.range().end() <= range.start()))?;
    if !s.range().contains_range(range) {
        return None;
    }
    fn within<'a>(
        mut blocks: impl Iterator<Item = &'a [Stmt]>,
        range: TextRange,
    ) -> Option<&'a ast::StmtFunctionDef> {
        blocks.find_map(|b| find_def(b, range))
    }
    match s {
        Stmt::FunctionDef(f) if f.range == range => Some(f),
        Stmt::FunctionDef(f) => find_def(&f.body, range),
        Stmt::ClassDef(c) => find_def(&c.body, range),
        Stmt::If(i) => within(
            std::iter::once(&i.body[..]).chain(i.elif_else_clauses.iter().map(|c| &c.body[..])),
            range,
        ),
        Stmt::For(f) => within([&f.body[..], &f.orelse[..]].into_iter(), range),
        Stmt::While(w) => within([&w.body[..], &w.orelse[..]].into_iter(), range),
        Stmt::With(w) => find_def(&w.body, range),
        Stmt::Try(t) => within(
            [&t.body[..], &t.orelse[..], &t.finalbody[..]]
                .into_iter()
                .chain(t.handlers.iter().map(|h| match h {
                    ast::ExceptHandler::ExceptHandler(h) => &h.body[..],
                })),
            range,
        ),
        Stmt::Match(m) => within(m.cases.iter().map(|c| &c.body[..]), range),
        _ => None,
    }
}

/// Which scenario is being evaluated; changes wording and which files load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScenarioKind {
    /// The environment the user declared (env files, `--env`, files the
    /// settings load themselves).
    Configured,
    /// Every variable absent.
    Unset,
}

impl ScenarioKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioKind::Configured => "configured",
            ScenarioKind::Unset => "unset",
        }
    }
}

/// Something the evaluator noticed about the code itself (not a judgement).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// The file has syntax errors; statements after recovery were evaluated.
    SyntaxError,
    /// Modules import each other.
    ImportCycle,
    /// A project-local import names a module that does not exist.
    MissingModule {
        star: bool,
        module: String,
        caught: bool,
    },
    /// A statement raised an exception that nothing caught; when what
    /// raised is a library or `os.environ` finding a required variable
    /// unset, the variable.
    Uncaught { missing_variable: Option<Rc<str>> },
    /// The evaluation budget ran out (a loop that does not end, say).
    Budget,
    /// A file could not be read.
    Unreadable,
    /// A settings style golive does not evaluate (class-based settings).
    Unsupported,
    /// Something golive cannot follow may write any name into the settings
    /// namespace: settings it did not see assigned are unknown.
    OpenNamespace,
    /// The file is a template (Jinja, cookiecutter), not Python until
    /// rendered.
    Template,
}

/// A call into a library the settings make at module level
/// (`sentry_sdk.init(dsn=...)`), with its evaluated arguments.
#[derive(Clone, Debug)]
pub struct CallFact {
    pub callee: String,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    pub span: Span,
}

/// A project module the settings chain imported (`from .local import *`),
/// for rules about how settings modules depend on each other.
#[derive(Clone, Debug)]
pub struct ImportFact {
    /// The module whose statement imports.
    pub importer: String,
    /// The absolute dotted name of the imported module.
    pub module: String,
    pub span: Span,
}

/// An env file the settings load themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedEnvFile {
    pub path: PathBuf,
    pub loader: &'static str,
    pub span: Span,
}

/// Where the settings raised an exception nothing caught.
#[derive(Clone, Debug)]
pub struct Raised {
    pub span: Span,
    pub message: String,
    pub deps: Deps,
}

/// An exception being raised.
#[derive(Clone, Debug)]
pub(crate) struct Exc {
    pub kind: Rc<str>,
    pub msg: String,
    pub deps: Deps,
    /// The environment variable whose absence raised it
    /// (`os.environ["X"]`, `env("X")`, decouple's `config("X")`, a
    /// required django-configurations value): a required variable, not a
    /// settings bug.
    pub missing_variable: Option<Rc<str>>,
}

pub(crate) enum Flow {
    Raise(Exc),
    Return(Value),
    Break,
    Continue,
    /// The result cannot be known (an unknown condition inside a function).
    Unknown(Rc<str>, Deps),
    /// The step budget is exhausted.
    Budget,
}

pub(crate) type EvalResult<T> = Result<T, Flow>;

/// Exception classes the evaluator knows, with their bases.
fn exception_parent(name: &str) -> Option<&'static str> {
    Some(match name {
        "ModuleNotFoundError" => "ImportError",
        "KeyError" | "IndexError" => "LookupError",
        "FileNotFoundError" | "PermissionError" | "IsADirectoryError" => "OSError",
        "IOError" | "EnvironmentError" => "OSError",
        "UnicodeDecodeError" => "ValueError",
        "UndefinedValueError"
        | "ImproperlyConfigured"
        | "ImportError"
        | "LookupError"
        | "OSError"
        | "ValueError"
        | "TypeError"
        | "AttributeError"
        | "NameError"
        | "ZeroDivisionError"
        | "AssertionError"
        | "RuntimeError"
        | "ParseError"
        | "UnknownSchemeError" => "Exception",
        "Exception" => "BaseException",
        _ => return None,
    })
}

pub(crate) fn exception_matches(raised: &str, handler: &str) -> bool {
    let handler = handler.rsplit('.').next().unwrap_or(handler);
    if handler == "BaseException" {
        return true;
    }
    let mut cur = Some(raised);
    while let Some(c) = cur {
        if c == handler || (handler == "IOError" || handler == "EnvironmentError") && c == "OSError"
        {
            return true;
        }
        cur = exception_parent(c);
    }
    // dj-database-url's errors are ValueErrors too.
    false
}

/// A frame: module globals plus, inside a function, its locals.
pub(crate) struct Frame {
    pub module: Rc<ModuleObj>,
    pub file: Rc<ParsedFile>,
    pub locals: Option<Locals>,
    pub globals_declared: Vec<Rc<str>>,
    /// In a class body: where each class attribute was last written.
    pub class_origins: Option<Vec<(Rc<str>, Origin)>>,
}

impl Frame {
    pub(crate) fn new(module: Rc<ModuleObj>, file: Rc<ParsedFile>, locals: Option<Locals>) -> Self {
        Self {
            module,
            file,
            locals,
            globals_declared: Vec::new(),
            class_origins: None,
        }
    }

    pub(crate) fn span(&self, range: TextRange) -> Span {
        Span::new(self.file.id, range)
    }
    pub(crate) fn is_module_level(&self) -> bool {
        self.locals.is_none()
    }
}

/// Limits that keep evaluation of hostile input bounded.
pub(crate) const STEP_BUDGET: u64 = 2_000_000;
pub(crate) const MAX_CALL_DEPTH: u32 = 40;
/// Imports nested deeper than this are not followed. CPython's own import
/// machinery spends several frames of its recursion limit (1,000) on each
/// nested import, so a longer chain fails there too; golive's evaluator
/// would run out of stack a few thousand deep.
pub(crate) const MAX_IMPORT_DEPTH: u32 = 100;
pub(crate) const MAX_SEQ_LEN: usize = crate::value::MAX_ITEMS;

/// Evaluates modules of one project in one scenario.
pub(crate) struct Interp<'a> {
    pub(crate) loader: &'a Loader,
    pub(crate) scenario: ScenarioKind,
    pub(crate) env: BTreeMap<String, String>,
    pub(crate) modules: HashMap<String, Rc<ModuleObj>>,
    pub(crate) steps: u64,
    pub(crate) call_depth: u32,
    pub(crate) try_depth: u32,
    /// Project imports being executed, one inside the other.
    pub(crate) import_depth: u32,
    /// Project modules not followed because imports nested too deep: what
    /// they define is unknown, as for a module golive cannot read.
    pub(crate) unfollowed: std::collections::HashSet<String>,
    pub(crate) control: Deps,
    pub(crate) notes: Vec<Note>,
    pub(crate) calls: Vec<CallFact>,
    pub(crate) imports: Vec<ImportFact>,
    pub(crate) loaded_env_files: Vec<LoadedEnvFile>,
    /// Environment variables read, with where they were read.
    pub(crate) env_reads: BTreeMap<String, Vec<Span>>,
    pub(crate) decouple_repo: Option<Rc<BTreeMap<String, String>>>,
    pub(crate) current_span: Option<Span>,
    /// Extra names visible in every module (the Django version for defaults).
    pub(crate) injected: Vec<(Rc<str>, Value)>,
    /// Whether the module being evaluated belongs to the settings chain.
    pub(crate) in_chain: bool,
    /// Whether the next module to load joins the settings chain.
    pub(crate) next_in_chain: bool,
    /// Current expression nesting, bounded by `MAX_EXPR_DEPTH`.
    pub(crate) expr_depth: u32,
    /// The target Django series, for modules that exist only in some.
    pub(crate) django_version: Option<(u32, u32)>,
    /// The methods being called, innermost last: their class and the
    /// receiver, for `super()`.
    pub(crate) method_stack: Vec<(Rc<ClassObj>, Value)>,
    /// The first exception the settings chain raised at module level.
    pub(crate) raised: Option<Raised>,
    /// Operations in the current `try` bodies that may have raised without
    /// golive knowing: (exception class, what, the variables or files it
    /// depends on).
    pub(crate) may_raise: Vec<(&'static str, String, Deps)>,
    /// Variables production sets when the process starts, with a value
    /// golive cannot see (`${SECRET_KEY}`, a platform secret): why.
    pub(crate) unknown_env: BTreeMap<String, String>,
    /// An env file the settings load that golive would not read (outside
    /// the project, too large, not a regular file): any variable it does
    /// not know may come from there.
    pub(crate) unread_env_file: Option<String>,
    /// Files being included into a namespace (split-settings `include()`,
    /// `exec(open(...).read())`), innermost last: bounds include cycles.
    pub(crate) including: Vec<PathBuf>,
}

impl<'a> Interp<'a> {
    pub(crate) fn new(
        loader: &'a Loader,
        scenario: ScenarioKind,
        env: BTreeMap<String, String>,
    ) -> Self {
        crate::value::reset_work();
        Self {
            loader,
            scenario,
            env,
            modules: HashMap::new(),
            steps: 0,
            call_depth: 0,
            try_depth: 0,
            import_depth: 0,
            unfollowed: Default::default(),
            control: Deps::none(),
            notes: Vec::new(),
            calls: Vec::new(),
            imports: Vec::new(),
            loaded_env_files: Vec::new(),
            env_reads: BTreeMap::new(),
            decouple_repo: None,
            current_span: None,
            injected: Vec::new(),
            in_chain: true,
            next_in_chain: true,
            expr_depth: 0,
            django_version: None,
            unknown_env: BTreeMap::new(),
            unread_env_file: None,
            raised: None,
            may_raise: Vec::new(),
            method_stack: Vec::new(),
            including: Vec::new(),
        }
    }

    pub(crate) fn inject(&mut self, name: &str, value: Value) {
        self.injected.push((Rc::from(name), value));
    }

    pub(crate) fn tick(&mut self) -> EvalResult<()> {
        self.steps += 1;
        if self.steps > STEP_BUDGET || crate::value::work_done() > crate::value::WORK_BUDGET {
            Err(Flow::Budget)
        } else {
            Ok(())
        }
    }

    pub(crate) fn note(&mut self, kind: NoteKind, span: Option<Span>, message: impl Into<String>) {
        if !self.in_chain {
            return;
        }
        let message = message.into();
        if !self
            .notes
            .iter()
            .any(|n| n.kind == kind && n.span == span && n.message == message)
        {
            self.notes.push(Note {
                kind,
                span,
                message,
            });
        }
    }

    /// Imports (evaluates) a project module by dotted name.
    pub(crate) fn import_module(&mut self, name: &str) -> Option<Rc<ModuleObj>> {
        match self.import_project(name, None) {
            Ok(Some(m)) => Some(m),
            _ => None,
        }
    }

    /// Imports a lazily imported name of `module` now, rebinding it there:
    /// the value, or unknown when the import fails (Python would have failed
    /// at import time; golive only learns it when the name is used).
    pub(crate) fn force_lazy(
        &mut self,
        module: &Rc<ModuleObj>,
        bound_as: &str,
        value: Value,
    ) -> Value {
        let mut value = value;
        // A lazy name may lead to another helper's lazy name: follow a few.
        for _ in 0..16 {
            let V::Object(o) = &value.v else { break };
            let Object::LazyImport {
                module: source,
                name,
            } = &**o
            else {
                break;
            };
            let (source, name) = (source.clone(), name.clone());
            value = match self.import_project(&source, None) {
                Ok(Some(m)) => match m.get(&name) {
                    Some(b) => b.value,
                    None => match self.import_project(&format!("{source}.{name}"), None) {
                        Ok(Some(sm)) => Value::object(Object::Module(sm)),
                        _ => Value::unknown(format!(
                            "`{name}` is not defined in `{source}` as golive evaluates it"
                        )),
                    },
                },
                _ => Value::unknown(format!("cannot import `{name}` from `{source}`")),
            };
        }
        if value.is_lazy() {
            value = Value::unknown(format!("`{bound_as}` is imported through too many modules"));
        }
        if let Some(b) = module.ns.borrow_mut().get_mut(bound_as) {
            b.value = value.clone();
        }
        value
    }

    /// Evaluates a file as a module with the given name (used for files that
    /// are not importable, like a gunicorn config or the defaults).
    pub(crate) fn run_file(&mut self, name: &str, path: &Path) -> Option<Rc<ModuleObj>> {
        let parsed = self.loader.parse_file(path)?;
        Some(self.exec_module(name, parsed, false))
    }

    /// `Ok(None)`: not a project module. `Err`: a project package exists but
    /// the submodule does not (ImportError).
    pub(crate) fn import_project(
        &mut self,
        name: &str,
        span: Option<Span>,
    ) -> Result<Option<Rc<ModuleObj>>, String> {
        if let Some(m) = self.modules.get(name).cloned() {
            if self.next_in_chain && !m.in_chain.get() {
                m.in_chain.set(true);
            }
            return Ok(Some(m));
        }
        let Some((path, is_package)) = self.loader.resolve_module(name) else {
            let top = name.split('.').next().unwrap_or(name);
            if top != name && self.loader.resolve_module(top).is_some() {
                return Err(format!("No module named '{name}'"));
            }
            return Ok(None);
        };
        // Parents first, as Python does; a package's __init__ is not part
        // of the settings chain unless it is the settings package itself.
        if let Some((parent, _)) = name.rsplit_once('.') {
            let saved = std::mem::replace(&mut self.next_in_chain, false);
            let _ = self.import_project(parent, span);
            self.next_in_chain = saved;
        }
        let Some(parsed) = self.loader.parse_file(&path) else {
            // The module is there, but golive does not read it (outside the
            // project, too large): Python would import it, and what it
            // defines is unknown — as for an installed package, not a
            // `ModuleNotFoundError`.
            let reason = self
                .loader
                .unreadable_reason(&path)
                .unwrap_or_else(|| "cannot be read".into());
            let message = crate::loader::unreadable_message(&self.loader.root, &path, &reason);
            self.note(NoteKind::Unreadable, span, message);
            return Ok(None);
        };
        if self.import_depth >= MAX_IMPORT_DEPTH {
            if self.unfollowed.insert(name.to_string()) {
                self.note(
                    NoteKind::Unreadable,
                    span,
                    format!(
                        "not followed: `{name}` is imported more than {MAX_IMPORT_DEPTH} imports deep (CPython's recursion limit stops such a chain too); what it defines is unknown"
                    ),
                );
            }
            return Ok(None);
        }
        self.import_depth += 1;
        let module = self.exec_module(name, parsed, is_package);
        self.import_depth -= 1;
        Ok(Some(module))
    }

    /// A project module golive found but could not read (`import_project`
    /// answered `Ok(None)` for it, as for an installed package).
    pub(crate) fn is_unread_module(&self, name: &str) -> bool {
        self.unfollowed.contains(name)
            || self
                .loader
                .resolve_module(name)
                .is_some_and(|(path, _)| self.loader.unreadable_reason(&path).is_some())
    }

    /// Evaluates an already parsed file as a module (golive's own tables).
    pub(crate) fn exec_parsed(&mut self, name: &str, parsed: Rc<ParsedFile>) -> Rc<ModuleObj> {
        self.exec_module(name, parsed, false)
    }

    fn exec_module(
        &mut self,
        name: &str,
        parsed: Rc<ParsedFile>,
        is_package: bool,
    ) -> Rc<ModuleObj> {
        let module = Rc::new(ModuleObj {
            name: name.to_string(),
            file: parsed.id,
            disk_path: parsed.disk_path.clone(),
            is_package,
            ns: RefCell::new(Namespace::default()),
            state: Cell::new(LoadState::Loading),
            in_chain: Cell::new(self.next_in_chain),
            open: RefCell::new(None),
        });
        {
            let mut ns = module.ns.borrow_mut();
            let file_str = parsed.disk_path.to_string_lossy().to_string();
            ns.insert(
                Rc::from("__file__"),
                Binding {
                    value: Value::str(file_str),
                    origin: None,
                },
            );
            ns.insert(
                Rc::from("__name__"),
                Binding {
                    value: Value::str(name),
                    origin: None,
                },
            );
            for (k, v) in &self.injected {
                ns.insert(
                    k.clone(),
                    Binding {
                        value: v.clone(),
                        origin: None,
                    },
                );
            }
        }
        self.modules.insert(name.to_string(), module.clone());
        if module.in_chain.get() {
            let saved = std::mem::replace(&mut self.in_chain, true);
            for err in &parsed.errors {
                self.note(
                    NoteKind::SyntaxError,
                    Some(Span::new(parsed.id, err.0)),
                    format!("syntax error: {}", err.1),
                );
            }
            if let Some(marker) = &parsed.template {
                self.note(
                    NoteKind::Template,
                    Some(Span::file_start(parsed.id)),
                    format!("`{name}` is a template (it contains `{marker}`): golive audits the rendered project, not the template"),
                );
            }
            self.in_chain = saved;
        }
        let mut frame = Frame::new(module.clone(), parsed.clone(), None);
        let body = parsed.body();
        let saved_try = std::mem::replace(&mut self.try_depth, 0);
        let saved_control = std::mem::take(&mut self.control);
        let saved_chain = std::mem::replace(&mut self.in_chain, module.in_chain.get());
        let saved_next = self.next_in_chain;
        self.exec_top_level(&mut frame, body);
        self.try_depth = saved_try;
        self.control = saved_control;
        self.in_chain = saved_chain;
        self.next_in_chain = saved_next;
        module.state.set(LoadState::Done);
        module
    }

    /// Module body: an exception that escapes one statement is recorded and
    /// evaluation goes on, so that one missing variable does not hide the
    /// rest of the settings.
    fn exec_top_level(&mut self, frame: &mut Frame, body: &[Stmt]) {
        for stmt in body {
            // The settings raised: Django never starts with them, so nothing
            // after that point is evaluated.
            if self.raised.is_some() {
                return;
            }
            match self.exec_stmt(frame, stmt) {
                Ok(()) => {}
                Err(Flow::Raise(exc)) => {
                    let span = frame.span(stmt.range());
                    let message = format!("{}: {}", exc.kind, exc.msg);
                    let kind = NoteKind::Uncaught {
                        missing_variable: exc.missing_variable.clone(),
                    };
                    self.note(kind, Some(span), message.clone());
                    if frame.module.in_chain.get() {
                        self.raised = Some(Raised {
                            span,
                            message,
                            deps: exc.deps.clone(),
                        });
                        return;
                    }
                }
                Err(Flow::Budget) => {
                    let what = if self.steps > STEP_BUDGET {
                        "the step budget"
                    } else {
                        "the budget for building and comparing values"
                    };
                    self.note(
                        NoteKind::Budget,
                        Some(frame.span(stmt.range())),
                        format!("evaluation stopped: {what} is exhausted"),
                    );
                    return;
                }
                Err(Flow::Unknown(..) | Flow::Return(_) | Flow::Break | Flow::Continue) => {}
            }
        }
    }

    pub(crate) fn exec_block(&mut self, frame: &mut Frame, body: &[Stmt]) -> EvalResult<()> {
        for stmt in body {
            self.exec_stmt(frame, stmt)?;
        }
        Ok(())
    }

    fn exec_stmt(&mut self, frame: &mut Frame, stmt: &Stmt) -> EvalResult<()> {
        self.tick()?;
        self.current_span = Some(frame.span(stmt.range()));
        match stmt {
            Stmt::Assign(a) => {
                let value = match self.eval(frame, &a.value) {
                    Ok(v) => v,
                    Err(Flow::Raise(exc)) if self.try_depth == 0 => self.exception_as_unknown(&exc),
                    Err(e) => return Err(e),
                };
                let origin = Origin {
                    stmt: frame.span(a.range),
                    value: Some(frame.span(a.value.range())),
                };
                for target in &a.targets {
                    self.assign(frame, target, value.clone(), origin)?;
                }
                Ok(())
            }
            Stmt::AnnAssign(a) => {
                let Some(value_expr) = &a.value else {
                    return Ok(());
                };
                let value = match self.eval(frame, value_expr) {
                    Ok(v) => v,
                    Err(Flow::Raise(exc)) if self.try_depth == 0 => self.exception_as_unknown(&exc),
                    Err(e) => return Err(e),
                };
                let origin = Origin {
                    stmt: frame.span(a.range),
                    value: Some(frame.span(value_expr.range())),
                };
                self.assign(frame, &a.target, value, origin)
            }
            Stmt::AugAssign(a) => {
                let origin = Origin {
                    stmt: frame.span(a.range),
                    value: Some(frame.span(a.value.range())),
                };
                let rhs = match self.eval(frame, &a.value) {
                    Ok(v) => v,
                    Err(Flow::Raise(exc)) if self.try_depth == 0 => self.exception_as_unknown(&exc),
                    Err(e) => return Err(e),
                };
                let current = self.eval(frame, &a.target);
                let current = match current {
                    Ok(v) => v,
                    Err(Flow::Raise(exc)) if self.try_depth == 0 => self.exception_as_unknown(&exc),
                    Err(e) => return Err(e),
                };
                let result = match self.augmented(&current, a.op, &rhs) {
                    Ok(v) => v,
                    Err(Flow::Raise(exc)) if self.try_depth == 0 => self.exception_as_unknown(&exc),
                    Err(e) => return Err(e),
                };
                self.assign(frame, &a.target, result, origin)
            }
            Stmt::Delete(d) => {
                for target in &d.targets {
                    self.delete(frame, target)?;
                }
                Ok(())
            }
            Stmt::Expr(e) => {
                let span = frame.span(e.range);
                self.eval(frame, &e.value)?;
                // Mutating calls (`INSTALLED_APPS.append(...)`) move the
                // origin of the receiver to this statement.
                if let Expr::Call(call) = &*e.value
                    && let Expr::Attribute(attr) = &*call.func
                    && is_mutating_method(attr.attr.as_str())
                    && let Some(root) = root_name(&attr.value)
                {
                    self.touch_origin(frame, root, span);
                }
                Ok(())
            }
            Stmt::If(s) => self.exec_if(frame, s),
            Stmt::Try(t) => self.exec_try(frame, t),
            Stmt::For(f) => self.exec_for(frame, f),
            Stmt::While(w) => self.exec_while(frame, w),
            Stmt::With(w) => {
                for item in &w.items {
                    let v = self.eval(frame, &item.context_expr)?;
                    if let Some(target) = &item.optional_vars {
                        let v = match &v.v {
                            V::Unknown(_) => v.clone(),
                            _ => Value::unknown(format!(
                                "the object a `with` statement enters at {}",
                                self.describe_span(frame.span(item.range))
                            )),
                        };
                        let origin = Origin {
                            stmt: frame.span(w.range),
                            value: None,
                        };
                        self.assign(frame, target, v, origin)?;
                    }
                }
                self.exec_block(frame, &w.body)
            }
            Stmt::FunctionDef(f) => {
                let mut defaults = Vec::new();
                for p in f
                    .parameters
                    .posonlyargs
                    .iter()
                    .chain(f.parameters.args.iter())
                    .chain(f.parameters.kwonlyargs.iter())
                {
                    if let Some(d) = &p.default {
                        let v = self
                            .eval(frame, d)
                            .unwrap_or_else(|_| Value::unknown("default argument that raised"));
                        defaults.push((p.parameter.name.to_string(), v));
                    }
                }
                let func = FunctionObj {
                    name: f.name.to_string(),
                    body: FunctionBody::Def(f.range),
                    module: frame.module.clone(),
                    file: frame.file.clone(),
                    defaults,
                    kind: classes::method_kind(f),
                    owner: classes::new_owner(),
                };
                let origin = Origin {
                    stmt: frame.span(f.range),
                    value: None,
                };
                self.bind_name(
                    frame,
                    f.name.as_str(),
                    Value::object(Object::Function(Rc::new(func))),
                    origin,
                );
                Ok(())
            }
            Stmt::ClassDef(c) => self.exec_class_def(frame, c),
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(frame, e)?,
                    None => Value::none(),
                };
                // A value returned from a branch chosen by the environment
                // depends on the environment too.
                let v = if self.control.is_empty() {
                    v
                } else {
                    v.add_deps(&self.control.clone())
                };
                Err(Flow::Return(v))
            }
            Stmt::Raise(r) => {
                let Some(exc) = &r.exc else {
                    return Err(Flow::Raise(Exc {
                        kind: Rc::from("RuntimeError"),
                        msg: "re-raised".into(),
                        deps: Deps::none(),
                        missing_variable: None,
                    }));
                };
                let (kind, msg) = self.exception_from_expr(frame, exc);
                // `if not os.environ.get("SITE_DOMAIN"): raise
                // ImproperlyConfigured(...)` is how a project declares a
                // variable required: raised because a variable is unset,
                // it is that variable's absence, not a bug of the settings.
                let missing_variable = self
                    .control
                    .iter()
                    .find(|v| {
                        !v.starts_with("file:")
                            && !self.env.contains_key(*v)
                            && !self.unknown_env.contains_key(*v)
                    })
                    .map(Rc::from);
                Err(Flow::Raise(Exc {
                    kind: Rc::from(kind),
                    msg,
                    deps: self.control.clone(),
                    missing_variable,
                }))
            }
            Stmt::Assert(a) => {
                let v = self.eval(frame, &a.test)?;
                if v.truthy() == Some(false) {
                    return Err(Flow::Raise(Exc {
                        kind: Rc::from("AssertionError"),
                        msg: "assertion failed".into(),
                        deps: v.all_deps(),
                        missing_variable: None,
                    }));
                }
                Ok(())
            }
            Stmt::Import(i) => self.exec_import(frame, i),
            Stmt::ImportFrom(i) => self.exec_import_from(frame, i),
            Stmt::Global(g) => {
                for n in &g.names {
                    frame.globals_declared.push(Rc::from(n.as_str()));
                }
                Ok(())
            }
            Stmt::Pass(_) | Stmt::Nonlocal(_) | Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {
                Ok(())
            }
            Stmt::Break(_) => Err(Flow::Break),
            Stmt::Continue(_) => Err(Flow::Continue),
            Stmt::Match(m) => {
                let reason = format!(
                    "a `match` statement at {}",
                    self.describe_span(frame.span(m.range))
                );
                self.poison_assigned(
                    frame,
                    &m.cases
                        .iter()
                        .flat_map(|c| c.body.iter())
                        .cloned()
                        .collect::<Vec<_>>(),
                    &reason,
                );
                Ok(())
            }
        }
    }

    pub(crate) fn describe_span(&self, span: Span) -> String {
        let sources = self.loader.sources.borrow();
        let file = sources.get(span.file);
        let lc = file.line_col(span.range.start());
        format!("{}:{}", file.path, lc.line)
    }

    fn exception_from_expr(&mut self, frame: &mut Frame, exc: &Expr) -> (String, String) {
        let (callee, args) = match exc {
            Expr::Call(c) => (&*c.func, Some(&c.arguments)),
            other => (other, None),
        };
        let kind = match callee {
            Expr::Name(n) => n.id.to_string(),
            Expr::Attribute(a) => a.attr.to_string(),
            _ => "Exception".to_string(),
        };
        let msg = args
            .and_then(|a| a.args.first())
            .and_then(|e| self.eval(frame, e).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        (kind, msg)
    }

    /// What a failing expression leaves in the name it was assigned to.
    /// Python stops importing the module there; golive goes on, so that one
    /// bad value does not hide the rest of the settings, but notes that the
    /// statement raises (GLV006 unless it is a required variable that is
    /// unset).
    pub(crate) fn exception_as_unknown(&mut self, exc: &Exc) -> Value {
        let kind = NoteKind::Uncaught {
            missing_variable: exc.missing_variable.clone(),
        };
        self.note(
            kind,
            self.current_span,
            format!("{}: {}", exc.kind, exc.msg),
        );
        Value::unknown(format!("raises {}: {}", exc.kind, exc.msg)).add_deps(&exc.deps)
    }

    fn exec_if(&mut self, frame: &mut Frame, s: &ast::StmtIf) -> EvalResult<()> {
        // Lower `if/elif/else` to a list of (condition, body).
        let mut arms: Vec<(Option<&Expr>, &[Stmt])> = vec![(Some(&*s.test), &s.body)];
        for clause in &s.elif_else_clauses {
            arms.push((clause.test.as_ref(), &clause.body));
        }
        self.exec_arms(frame, &arms)
    }

    fn exec_arms(
        &mut self,
        frame: &mut Frame,
        arms: &[(Option<&Expr>, &[Stmt])],
    ) -> EvalResult<()> {
        let Some(((test, body), rest)) = arms.split_first() else {
            return Ok(());
        };
        let Some(test) = test else {
            return self.exec_block(frame, body);
        };
        let cond = self.eval(frame, test)?;
        let deps = cond.all_deps();
        match cond.truthy() {
            Some(true) => self.with_control(&deps, |this| this.exec_block(frame, body)),
            Some(false) => self.with_control(&deps, |this| this.exec_arms(frame, rest)),
            None => {
                let reason = match &cond.v {
                    V::Unknown(r) => r.to_string(),
                    _ => "an object golive does not model".to_string(),
                };
                let where_ = self.describe_span(frame.span(test.range()));
                if !frame.is_module_level() {
                    return Err(Flow::Unknown(
                        Rc::from(format!("depends on the condition at {where_} ({reason})")),
                        deps,
                    ));
                }
                let blocks: Vec<&[Stmt]> = arms.iter().map(|(_, b)| *b).collect();
                let tests: Vec<&Expr> = rest.iter().filter_map(|(t, _)| *t).collect();
                let scope = self.fork_scope(frame, &scope::Effects::of(&blocks, &tests));
                self.fork(
                    frame,
                    scope,
                    &deps,
                    &format!("depends on the condition at {where_}, which golive cannot decide ({reason})"),
                    |this, f| this.exec_block(f, body),
                    |this, f| this.exec_arms(f, rest),
                )
            }
        }
    }

    pub(crate) fn with_control<T>(&mut self, deps: &Deps, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.control.clone();
        self.control = self.control.union(deps);
        let r = f(self);
        self.control = saved;
        r
    }

    /// Runs two alternatives on copies of the module namespace and keeps
    /// what they agree on; a branch that raises is a configuration that
    /// cannot start, so the other branch wins.
    #[allow(clippy::too_many_arguments)]
    fn fork(
        &mut self,
        frame: &mut Frame,
        scope: Option<Vec<Rc<str>>>,
        deps: &Deps,
        reason: &str,
        a: impl FnOnce(&mut Self, &mut Frame) -> EvalResult<()>,
        b: impl FnOnce(&mut Self, &mut Frame) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let before = match &scope {
            Some(names) => {
                let ns = frame.module.ns.borrow();
                names
                    .iter()
                    .filter_map(|n| {
                        ns.get(n).map(|b| {
                            (
                                n.clone(),
                                Binding {
                                    value: b.value.deep_clone(),
                                    origin: b.origin,
                                },
                            )
                        })
                    })
                    .collect()
            }
            None => snapshot(&frame.module.ns.borrow()),
        };
        let env_before = self.env.clone();
        let ra = self.with_control(deps, |this| a(this, frame));
        self.alternative_in(
            frame,
            scope.as_deref(),
            deps,
            reason,
            before,
            env_before,
            ra,
            b,
        )
    }

    /// The names a fork needs to copy, or `None` for all of them: the block
    /// calls code that may write any name or does something without a
    /// static bound.
    fn fork_scope(&self, frame: &Frame, effects: &scope::Effects) -> Option<Vec<Rc<str>>> {
        if effects.unbounded {
            return None;
        }
        let mut names: Vec<Rc<str>> = Vec::new();
        let mut seen: Vec<*const FunctionObj> = Vec::new();
        if !Self::effects_scope(
            &frame.module,
            &frame.module,
            effects,
            &mut names,
            &mut seen,
            0,
        ) {
            return None;
        }
        Some(names)
    }

    /// Adds what `effects` (of code in `home`) can change in `target` to
    /// `names`, following the project functions and methods it calls;
    /// `false` when a call has no bound golive can see (`exec`, a module's
    /// function called through the module, …). Code of another module
    /// writes that module's globals, which a fork of `target` does not copy.
    fn effects_scope(
        target: &Rc<ModuleObj>,
        home: &Rc<ModuleObj>,
        effects: &scope::Effects,
        names: &mut Vec<Rc<str>>,
        seen: &mut Vec<*const FunctionObj>,
        depth: usize,
    ) -> bool {
        const WRITES_ANYTHING: &[&str] = &[
            "exec",
            "eval",
            "globals",
            "vars",
            "locals",
            "setattr",
            "delattr",
            "include",
            "optional",
            "__import__",
        ];
        if effects.unbounded || depth > 4 {
            return false;
        }
        if Rc::ptr_eq(target, home) {
            for n in &effects.names {
                if !names.iter().any(|x| &**x == n.as_str()) {
                    names.push(Rc::from(n.as_str()));
                }
            }
        }
        let mut functions: Vec<Rc<FunctionObj>> = Vec::new();
        {
            let ns = home.ns.borrow();
            for callee in &effects.callees {
                if WRITES_ANYTHING.contains(&callee.as_str()) {
                    return false;
                }
                let Some(b) = ns.get(callee.as_str()) else {
                    continue;
                };
                let V::Object(o) = &b.value.v else { continue };
                match &**o {
                    Object::External(_)
                    | Object::EnvReader(_)
                    | Object::DecoupleConfig(_)
                    | Object::BoundMethod { .. } => {}
                    Object::Function(f) | Object::BoundFunction { func: f, .. } => {
                        functions.push(f.clone())
                    }
                    // A class's or an instance's methods: any of them may run.
                    Object::Class(c) | Object::Instance(c) => {
                        let mut classes = vec![c.clone()];
                        let mut i = 0;
                        while i < classes.len() && classes.len() < 16 {
                            let c = classes[i].clone();
                            for v in c.attrs.borrow().values() {
                                if let V::Object(o) = &v.value.v
                                    && let Object::Function(f) = &**o
                                {
                                    functions.push(f.clone());
                                }
                            }
                            for base in &c.bases {
                                if let V::Object(o) = &base.v
                                    && let Object::Class(b) = &**o
                                {
                                    classes.push(b.clone());
                                }
                            }
                            i += 1;
                        }
                    }
                    _ => return false,
                }
            }
        }
        for f in functions {
            let key = Rc::as_ptr(&f);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let Some(def) = f.def() else { continue };
            let e = scope::Effects::of_function(&def.body);
            if !Self::effects_scope(target, &f.module, &e, names, seen, depth + 1) {
                return false;
            }
        }
        true
    }

    /// The second half of a fork: `ra` is what the first alternative did to
    /// the namespace (in place now); `b` runs from `before` instead, and the
    /// two outcomes merge.
    #[allow(clippy::too_many_arguments)]
    fn alternative(
        &mut self,
        frame: &mut Frame,
        deps: &Deps,
        reason: &str,
        before: Namespace,
        env_before: BTreeMap<String, String>,
        ra: EvalResult<()>,
        b: impl FnOnce(&mut Self, &mut Frame) -> EvalResult<()>,
    ) -> EvalResult<()> {
        self.alternative_in(frame, None, deps, reason, before, env_before, ra, b)
    }

    /// [`Self::alternative`] over `scope`, the only names the alternatives
    /// can change (`None`: any name); `before` holds those names' values
    /// before the first alternative ran.
    #[allow(clippy::too_many_arguments)]
    fn alternative_in(
        &mut self,
        frame: &mut Frame,
        scope: Option<&[Rc<str>]>,
        deps: &Deps,
        reason: &str,
        before: Namespace,
        env_before: BTreeMap<String, String>,
        ra: EvalResult<()>,
        b: impl FnOnce(&mut Self, &mut Frame) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let ns_a = match scope {
            None => std::mem::replace(&mut *frame.module.ns.borrow_mut(), snapshot(&before)),
            Some(names) => {
                // Take the first alternative's values of the scope out and
                // put the values from before back.
                let mut ns = frame.module.ns.borrow_mut();
                let mut taken = Namespace::default();
                for n in names {
                    if let Some(b) = ns.remove(n) {
                        taken.insert(n.clone(), b);
                    }
                    if let Some(b) = before.get(n) {
                        ns.insert(
                            n.clone(),
                            Binding {
                                value: b.value.deep_clone(),
                                origin: b.origin,
                            },
                        );
                    }
                }
                taken
            }
        };
        let env_a = std::mem::replace(&mut self.env, env_before);
        let rb = self.with_control(deps, |this| b(this, frame));
        match (ra, rb) {
            (Err(Flow::Budget), _) | (_, Err(Flow::Budget)) => Err(Flow::Budget),
            (Err(Flow::Raise(_)), Ok(())) => Ok(()),
            (Ok(()), Err(Flow::Raise(_))) => {
                match scope {
                    None => *frame.module.ns.borrow_mut() = ns_a,
                    Some(names) => {
                        let mut ns = frame.module.ns.borrow_mut();
                        for n in names {
                            ns.remove(n);
                        }
                        ns.extend(ns_a);
                    }
                }
                self.env = env_a;
                Ok(())
            }
            (Err(e), Err(_)) => Err(e),
            _ => {
                let mut ns_b = frame.module.ns.borrow_mut();
                let names: Vec<Rc<str>> = match scope {
                    Some(names) => names.to_vec(),
                    None => {
                        let mut names: Vec<Rc<str>> = ns_a.keys().cloned().collect();
                        for k in ns_b.keys() {
                            if !ns_a.contains_key(k) {
                                names.push(k.clone());
                            }
                        }
                        names
                    }
                };
                for name in names {
                    let va = ns_a.get(&name);
                    let vb = ns_b.get(&name);
                    if va.is_none() && vb.is_none() {
                        continue;
                    }
                    let same = match (va, vb) {
                        (Some(x), Some(y)) => same_value(&x.value, &y.value),
                        _ => false,
                    };
                    if same {
                        continue;
                    }
                    if let (Some(x), Some(y)) = (va, vb)
                        && let Some(merged) = merge_values(&x.value, &y.value, reason)
                    {
                        let origin = if x.origin != before.get(&name).and_then(|b| b.origin) {
                            x.origin
                        } else {
                            y.origin
                        };
                        ns_b.insert(
                            name,
                            Binding {
                                value: merged.add_deps(deps),
                                origin,
                            },
                        );
                        continue;
                    }
                    let origin = match (va, vb, before.get(&name)) {
                        (Some(x), _, Some(orig)) if x.origin != orig.origin => x.origin,
                        (_, Some(y), _) => y.origin,
                        (Some(x), None, _) => x.origin,
                        _ => None,
                    };
                    let mut merged_deps = deps.clone();
                    if let Some(x) = va {
                        merged_deps = merged_deps.union(&x.value.all_deps());
                    }
                    if let Some(y) = vb {
                        merged_deps = merged_deps.union(&y.value.all_deps());
                    }
                    ns_b.insert(
                        name,
                        Binding {
                            value: Value::unknown(reason).add_deps(&merged_deps),
                            origin,
                        },
                    );
                }
                Ok(())
            }
        }
    }

    fn exec_try(&mut self, frame: &mut Frame, t: &ast::StmtTry) -> EvalResult<()> {
        // Module level: keep the state before the body, in case the body may
        // have raised without golive knowing (a file it cannot read).
        let before = frame
            .is_module_level()
            .then(|| (snapshot(&frame.module.ns.borrow()), self.env.clone()));
        let risks_before = self.may_raise.len();
        self.try_depth += 1;
        let r = self.exec_block(frame, &t.body);
        self.try_depth -= 1;
        if let (Ok(()), Some((ns0, env0))) = (&r, before) {
            let risks: Vec<(&'static str, String, Deps)> = self.may_raise[risks_before..].to_vec();
            let caught = t.handlers.iter().find_map(|handler| {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                let names = h.type_.as_ref().map(|ty| self.handler_names(ty));
                risks
                    .iter()
                    .find(|(kind, _, _)| match &names {
                        None => true,
                        Some(names) => names.iter().any(|n| {
                            exception_matches(kind, n)
                                || (*kind == "Exception" && n == "BaseException")
                        }),
                    })
                    .map(|risk| (h, risk.clone()))
            });
            if let Some((h, (kind, what, deps))) = caught {
                self.may_raise.truncate(risks_before);
                let ra = self.exec_block(frame, &t.orelse);
                let reason = format!("depends on whether {what} fails, which golive cannot know");
                let result = self.alternative(frame, &deps, &reason, ns0, env0, ra, |this, f| {
                    if let Some(name) = &h.name {
                        let origin = Origin {
                            stmt: f.span(h.range),
                            value: None,
                        };
                        this.bind_name(
                            f,
                            name.as_str(),
                            Value::unknown(format!("exception {kind}")),
                            origin,
                        );
                    }
                    this.exec_block(f, &h.body)
                });
                if !t.finalbody.is_empty() {
                    self.exec_block(frame, &t.finalbody)?;
                }
                return result;
            }
        }
        let result = match r {
            Err(Flow::Raise(exc)) => {
                let mut handled = None;
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    let matches = match &h.type_ {
                        None => true,
                        Some(ty) => self
                            .handler_names(ty)
                            .iter()
                            .any(|n| exception_matches(&exc.kind, n)),
                    };
                    if matches {
                        if let Some(name) = &h.name {
                            let origin = Origin {
                                stmt: frame.span(h.range),
                                value: None,
                            };
                            self.bind_name(
                                frame,
                                name.as_str(),
                                Value::unknown(format!("exception {}", exc.kind)),
                                origin,
                            );
                        }
                        let deps = exc.deps.clone();
                        handled =
                            Some(self.with_control(&deps, |this| this.exec_block(frame, &h.body)));
                        break;
                    }
                }
                handled.unwrap_or(Err(Flow::Raise(exc)))
            }
            Ok(()) => self.exec_block(frame, &t.orelse),
            Err(other) => Err(other),
        };
        if !t.finalbody.is_empty() {
            self.exec_block(frame, &t.finalbody)?;
        }
        result
    }

    fn handler_names(&self, ty: &Expr) -> Vec<String> {
        match ty {
            Expr::Tuple(t) => t.elts.iter().flat_map(|e| self.handler_names(e)).collect(),
            Expr::Name(n) => vec![n.id.to_string()],
            Expr::Attribute(a) => vec![a.attr.to_string()],
            _ => vec!["BaseException".to_string()],
        }
    }

    fn exec_for(&mut self, frame: &mut Frame, f: &ast::StmtFor) -> EvalResult<()> {
        let iterable = self.eval(frame, &f.iter)?;
        let items = match self.iterate(&iterable) {
            Ok(items) => items,
            Err(Flow::Unknown(reason, _)) => {
                let reason = format!("set in a loop over a value golive cannot know ({reason})");
                self.poison_assigned(frame, &f.body, &reason);
                if let Some(name) = root_name(&f.target) {
                    let origin = Origin {
                        stmt: frame.span(f.range),
                        value: None,
                    };
                    self.bind_name(frame, name, Value::unknown(reason), origin);
                }
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let deps = iterable.all_deps();
        let origin = Origin {
            stmt: frame.span(f.range),
            value: None,
        };
        self.with_control(&deps, |this| {
            for item in items {
                this.tick()?;
                this.assign(frame, &f.target, item, origin)?;
                match this.exec_block(frame, &f.body) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(()),
                    Err(e) => return Err(e),
                }
            }
            this.exec_block(frame, &f.orelse)
        })
    }

    fn exec_while(&mut self, frame: &mut Frame, w: &ast::StmtWhile) -> EvalResult<()> {
        loop {
            self.tick()?;
            let cond = self.eval(frame, &w.test)?;
            match cond.truthy() {
                Some(true) => match self.exec_block(frame, &w.body) {
                    Ok(()) | Err(Flow::Continue) => {}
                    Err(Flow::Break) => return Ok(()),
                    Err(e) => return Err(e),
                },
                Some(false) => return self.exec_block(frame, &w.orelse),
                None => {
                    let reason =
                        "set in a `while` loop whose condition golive cannot know".to_string();
                    self.poison_assigned(frame, &w.body, &reason);
                    return Ok(());
                }
            }
        }
    }

    /// Marks every module-level name a block may write as unknown.
    fn poison_assigned(&mut self, frame: &mut Frame, body: &[Stmt], reason: &str) {
        let mut names = Vec::new();
        collect_written_names(body, &mut names);
        for name in names {
            let origin = frame.module.get(&name).and_then(|b| b.origin);
            self.bind_name_raw(frame, &name, Value::unknown(reason), origin);
        }
        // A block golive does not run that writes through the namespace
        // (`for k, v in json.load(f).items(): globals()[k] = v`) may set
        // any setting: what it does not assign is unknown, not a default.
        let effects = scope::Effects::of(&[body], &[]);
        if let Some(how) = effects.callees.iter().find(|c| {
            matches!(
                c.as_str(),
                "globals" | "setattr" | "exec" | "vars" | "locals"
            )
        }) {
            let module = frame.module.clone();
            self.open_namespace(
                &module,
                &format!("`{how}()` writes in a block golive cannot run ({reason})"),
            );
        }
    }

    fn exec_import(&mut self, frame: &mut Frame, i: &ast::StmtImport) -> EvalResult<()> {
        let origin = Origin {
            stmt: frame.span(i.range),
            value: None,
        };
        for alias in &i.names {
            let full = alias.name.as_str();
            self.next_in_chain = self.in_chain && is_settings_like(full);
            let module_value = self.import_value(full, Some(frame.span(i.range)))?;
            match &alias.asname {
                Some(as_name) => self.bind_name(frame, as_name.as_str(), module_value, origin),
                None => {
                    let top = full.split('.').next().unwrap_or(full);
                    let v = if top == full {
                        module_value
                    } else {
                        self.import_value(top, Some(frame.span(i.range)))?
                    };
                    self.bind_name(frame, top, v, origin);
                }
            }
        }
        Ok(())
    }

    /// Django modules that exist only from some release on: importing one
    /// on an older target fails as it would in production.
    fn check_django_module(&self, name: &str) -> EvalResult<()> {
        const ADDED: &[(&str, (u32, u32))] = &[
            ("django.utils.csp", (6, 0)),
            ("django.middleware.csp", (6, 0)),
            ("django.tasks", (6, 0)),
        ];
        if let Some(target) = self.django_version {
            for (module, since) in ADDED {
                if (name == *module || name.starts_with(&format!("{module}."))) && target < *since {
                    return Err(Flow::Raise(Exc {
                        kind: Rc::from("ModuleNotFoundError"),
                        msg: format!(
                            "No module named '{module}' (added in Django {}.{}; the target is {}.{})",
                            since.0, since.1, target.0, target.1
                        ),
                        deps: Deps::none(),
                        missing_variable: None,
                    }));
                }
            }
        }
        Ok(())
    }

    /// The value an `import X` yields: a project module or an external name.
    fn import_value(&mut self, name: &str, span: Option<Span>) -> EvalResult<Value> {
        self.check_django_module(name)?;
        match self.import_project(name, span) {
            Ok(Some(m)) => Ok(Value::object(Object::Module(m))),
            Ok(None) => Ok(Value::external(canonical_external(name))),
            Err(msg) => Err(Flow::Raise(Exc {
                kind: Rc::from("ModuleNotFoundError"),
                msg,
                deps: Deps::none(),
                missing_variable: None,
            })),
        }
    }

    fn exec_import_from(&mut self, frame: &mut Frame, i: &ast::StmtImportFrom) -> EvalResult<()> {
        let span = frame.span(i.range);
        let origin = Origin {
            stmt: span,
            value: None,
        };
        let module_name = match resolve_relative(
            &frame.module,
            i.level,
            i.module.as_ref().map(|m| m.as_str()),
        ) {
            Some(n) => n,
            None => {
                return Err(Flow::Raise(Exc {
                    kind: Rc::from("ImportError"),
                    msg: "attempted relative import beyond top-level package".into(),
                    deps: Deps::none(),
                    missing_variable: None,
                }));
            }
        };
        let is_star = i.names.iter().any(|a| a.name.as_str() == "*");
        // A helper module's top-level imports of other project modules
        // (models, views, utilities) wait until a name is used: evaluating
        // them all would evaluate half the project for a few constants.
        if !self.in_chain
            && !is_star
            && frame.locals.is_none()
            && self.try_depth == 0
            && !is_settings_like(&module_name)
            && !self.modules.contains_key(&module_name)
            && self.loader.resolve_module(&module_name).is_some()
        {
            for alias in &i.names {
                let bound_as = alias
                    .asname
                    .as_ref()
                    .map_or(alias.name.as_str(), |a| a.as_str());
                let lazy = Value::object(Object::LazyImport {
                    module: Rc::from(module_name.as_str()),
                    name: Rc::from(alias.name.as_str()),
                });
                self.bind_name(frame, bound_as, lazy, origin);
            }
            return Ok(());
        }
        self.next_in_chain = self.in_chain && (is_star || is_settings_like(&module_name));
        let project = match self.import_project(&module_name, Some(span)) {
            Ok(p) => p,
            Err(msg) => {
                return self.import_from_missing(frame, i, &module_name, is_star, span, msg);
            }
        };
        if project.is_none() && i.level > 0 && !self.is_unread_module(&module_name) {
            let msg = format!("No module named '{module_name}'");
            return self.import_from_missing(frame, i, &module_name, is_star, span, msg);
        }
        if project.is_some() && self.in_chain && self.imports.len() < 10_000 {
            self.imports.push(ImportFact {
                importer: frame.module.name.to_string(),
                module: module_name.clone(),
                span,
            });
        }
        match project {
            Some(module) => {
                let loading = module.state.get() == LoadState::Loading;
                if is_star && loading {
                    self.note(
                        NoteKind::ImportCycle,
                        Some(span),
                        format!(
                            "import cycle: `{module_name}` is star-imported while it is still being evaluated; only the names it defined so far are imported"
                        ),
                    );
                }
                if is_star {
                    self.import_star_from_project(frame, &module, span);
                    Ok(())
                } else {
                    self.import_names_from_project(frame, i, &module, &module_name, origin, loading)
                }
            }
            // A project module golive could not read may define any name.
            None if is_star && self.is_unread_module(&module_name) => {
                let target = frame.module.clone();
                self.open_namespace(
                    &target,
                    &format!("`from {module_name} import *` of a module golive does not read"),
                );
                Ok(())
            }
            None => self.import_from_installed(frame, i, &module_name, is_star, origin),
        }
    }

    /// `from M import …` of a module that is neither in the project nor
    /// installed: the names a startup step writes (`generated_module`), or
    /// the `ModuleNotFoundError` Python raises, noted for the report.
    fn import_from_missing(
        &mut self,
        frame: &mut Frame,
        i: &ast::StmtImportFrom,
        module_name: &str,
        is_star: bool,
        span: Span,
        msg: String,
    ) -> EvalResult<()> {
        if let Some(made) = self.written_at_startup(module_name) {
            let names: Vec<(String, String)> = i
                .names
                .iter()
                .map(|a| {
                    (
                        a.name.to_string(),
                        a.asname
                            .as_ref()
                            .map_or_else(|| a.name.to_string(), |n| n.to_string()),
                    )
                })
                .collect();
            return self.generated_module(frame, module_name, &made, is_star, &names, span);
        }
        let caught = self.try_depth > 0;
        self.note(
            NoteKind::MissingModule {
                star: is_star,
                module: module_name.to_string(),
                caught,
            },
            Some(span),
            msg.clone(),
        );
        Err(Flow::Raise(Exc {
            kind: Rc::from("ModuleNotFoundError"),
            msg,
            deps: Deps::none(),
            missing_variable: None,
        }))
    }

    /// `from project_module import *`: the names `__all__` lists (else
    /// every public name), and the module's openness.
    fn import_star_from_project(&mut self, frame: &mut Frame, module: &Rc<ModuleObj>, span: Span) {
        let exported: Vec<(Rc<str>, Binding)> = {
            let ns = module.ns.borrow();
            let all = ns.get("__all__").and_then(|b| b.value.elements());
            match all {
                Some(names) => names
                    .iter()
                    .filter_map(|n| {
                        n.as_str()
                            .and_then(|n| ns.get_key_value(n))
                            .map(|(k, b)| (k.clone(), b.clone()))
                    })
                    .collect(),
                None => ns
                    .iter()
                    .filter(|(k, _)| !k.starts_with('_'))
                    .map(|(k, b)| (k.clone(), b.clone()))
                    .collect(),
            }
        };
        let opened = module.open.borrow().clone();
        if let Some(origin) = opened {
            let target = frame.module.clone();
            self.current_span = Some(span);
            self.open_namespace_as(&target, origin);
        }
        for (name, binding) in exported {
            let value = if binding.value.is_lazy() {
                self.force_lazy(module, &name, binding.value)
            } else {
                binding.value
            };
            let value = value.add_deps(&self.control);
            self.bind_name_raw(frame, &name, value, binding.origin);
        }
    }

    /// `from project_module import a, b as c`: each name from the module's
    /// namespace, or its submodule, or the ImportError of a cycle.
    fn import_names_from_project(
        &mut self,
        frame: &mut Frame,
        i: &ast::StmtImportFrom,
        module: &Rc<ModuleObj>,
        module_name: &str,
        origin: Origin,
        loading: bool,
    ) -> EvalResult<()> {
        for alias in &i.names {
            let name = alias.name.as_str();
            let bound_as = alias.asname.as_ref().map_or(name, |a| a.as_str());
            let from_ns = module.get(name);
            let (value, from_origin) = match from_ns {
                Some(b) if b.value.is_lazy() => (self.force_lazy(module, name, b.value), b.origin),
                Some(b) => (b.value, b.origin),
                None => {
                    let sub = format!("{module_name}.{name}");
                    match self.import_project(&sub, Some(origin.stmt)) {
                        Ok(Some(m)) => (Value::object(Object::Module(m)), None),
                        Ok(None) if self.is_unread_module(&sub) => (
                            Value::unknown(format!(
                                "the module `{sub}`, which golive does not read"
                            )),
                            None,
                        ),
                        _ => {
                            if loading {
                                self.note(
                                    NoteKind::ImportCycle,
                                    Some(origin.stmt),
                                    format!("import cycle: `{name}` is imported from `{module_name}` while that module is still being evaluated"),
                                );
                            }
                            return Err(Flow::Raise(Exc {
                                kind: Rc::from("ImportError"),
                                msg: format!(
                                    "cannot import name '{name}' from partially initialized or incomplete module '{module_name}'"
                                ),
                                deps: Deps::none(),
                                missing_variable: None,
                            }));
                        }
                    }
                }
            };
            // A setting imported by name keeps the origin of its
            // definition; other names point at the import.
            let origin = if is_setting_name(bound_as) {
                from_origin.or(Some(origin))
            } else {
                Some(origin)
            };
            self.bind_name_raw(
                frame,
                bound_as,
                value.add_deps(&self.control.clone()),
                origin,
            );
        }
        Ok(())
    }

    /// `from installed.module import …`: Django's modules are checked to
    /// exist in the Django the project runs; other names become external
    /// references golive models by their canonical name.
    fn import_from_installed(
        &mut self,
        frame: &mut Frame,
        i: &ast::StmtImportFrom,
        module_name: &str,
        is_star: bool,
        origin: Origin,
    ) -> EvalResult<()> {
        self.check_django_module(module_name)?;
        if is_star {
            // Another package's settings module defines any setting;
            // an app's defaults module (`oscar.defaults`) defines its
            // own names.
            let full_settings = module_name
                .split('.')
                .any(|p| p == "settings" || p == "settings_base" || p == "base_settings")
                && !module_name.starts_with("django.");
            if full_settings {
                let target = frame.module.clone();
                self.open_namespace(
                    &target,
                    &format!(
                        "`from {module_name} import *`, a settings module of an installed package"
                    ),
                );
            }
            return Ok(());
        }
        let base = canonical_external(module_name);
        for alias in &i.names {
            let name = alias.name.as_str();
            let bound_as = alias.asname.as_ref().map_or(name, |a| a.as_str());
            self.bind_name(
                frame,
                bound_as,
                Value::external(canonical_external(&format!("{base}.{name}"))),
                origin,
            );
        }
        Ok(())
    }

    pub(crate) fn bind_name(
        &mut self,
        frame: &mut Frame,
        name: &str,
        value: Value,
        origin: Origin,
    ) {
        self.bind_name_raw(frame, name, value, Some(origin));
    }

    fn bind_name_raw(
        &mut self,
        frame: &mut Frame,
        name: &str,
        value: Value,
        origin: Option<Origin>,
    ) {
        let value = if self.control.is_empty() {
            value
        } else {
            value.add_deps(&self.control)
        };
        if let Some(locals) = &mut frame.locals
            && !frame.globals_declared.iter().any(|g| &**g == name)
        {
            locals.insert(Rc::from(name), value);
            if let (Some(origins), Some(origin)) = (&mut frame.class_origins, origin) {
                origins.retain(|(n, _)| &**n != name);
                origins.push((Rc::from(name), origin));
            }
            return;
        }
        let mut ns = frame.module.ns.borrow_mut();
        // Reuse the interned key when the name is rebound.
        match ns.get_mut(name) {
            Some(slot) => *slot = Binding { value, origin },
            None => {
                ns.insert(Rc::from(name), Binding { value, origin });
            }
        }
    }

    fn touch_origin(&mut self, frame: &mut Frame, name: &str, span: Span) {
        if frame.locals.as_ref().is_some_and(|l| l.contains_key(name)) {
            return;
        }
        let control = self.control.clone();
        if let Some(b) = frame.module.ns.borrow_mut().get_mut(name) {
            b.origin = Some(Origin {
                stmt: span,
                value: None,
            });
            if !control.is_empty() {
                b.value.deps = b.value.deps.union(&control);
            }
        }
    }

    /// Something golive cannot follow may write any name into `module`
    /// (`what`, at the current statement): every setting it holds so far
    /// may have been replaced, and settings it never assigns are unknown
    /// rather than Django's defaults.
    pub(crate) fn open_namespace(&mut self, module: &Rc<ModuleObj>, what: &str) {
        let at = self
            .current_span
            .map(|s| self.describe_span(s))
            .unwrap_or_default();
        self.open_namespace_as(module, format!("{what} ({at})"));
    }

    /// Opens `module`'s namespace for `origin` (`what (file:line)`), as
    /// [`Self::open_namespace`], or for the origin of a namespace it
    /// star-imports.
    pub(crate) fn open_namespace_as(&mut self, module: &Rc<ModuleObj>, origin: String) {
        let reason = open_reason(&origin);
        {
            let mut ns = module.ns.borrow_mut();
            for (name, b) in ns.iter_mut() {
                if is_setting_name(name) {
                    let deps = b.value.all_deps();
                    b.value = Value::unknown(reason.clone()).add_deps(&deps);
                }
            }
        }
        if module.open.borrow().is_none() {
            *module.open.borrow_mut() = Some(origin.clone());
        }
        if module.in_chain.get() {
            let span = self.current_span;
            let saved = std::mem::replace(&mut self.in_chain, true);
            self.note(
                NoteKind::OpenNamespace,
                span,
                format!("{origin} may set any setting"),
            );
            self.in_chain = saved;
        }
    }

    /// Runs a file's statements in `module`'s namespace, as
    /// django-split-settings' `include()` and `exec(open(path).read())` do.
    /// A file outside the project is never read: it opens the namespace
    /// instead. `Ok(false)`: the file does not exist.
    pub(crate) fn exec_file_into(
        &mut self,
        module: &Rc<ModuleObj>,
        path: &Path,
        what: &str,
    ) -> EvalResult<bool> {
        let path = golive_source::normalize_lexically(path);
        if !path.starts_with(&self.loader.root) {
            self.open_namespace(
                module,
                &format!("{what} of `{}`, a file outside the project", path.display()),
            );
            return Ok(true);
        }
        if !crate::loader::is_regular_file(&path) {
            return Ok(false);
        }
        if self.including.contains(&path) || self.including.len() >= 16 {
            self.note(
                NoteKind::ImportCycle,
                self.current_span,
                format!(
                    "`{}` includes itself (include cycle)",
                    golive_source::display_path(&self.loader.root, &path)
                ),
            );
            return Ok(true);
        }
        let Some(parsed) = self.loader.parse_file(&path) else {
            self.open_namespace(
                module,
                &format!(
                    "{what} of `{}`, which golive cannot read",
                    golive_source::display_path(&self.loader.root, &path)
                ),
            );
            return Ok(true);
        };
        if module.in_chain.get() {
            for err in &parsed.errors {
                self.note(
                    NoteKind::SyntaxError,
                    Some(Span::new(parsed.id, err.0)),
                    format!("syntax error: {}", err.1),
                );
            }
            if let Some(marker) = &parsed.template {
                self.note(
                    NoteKind::Template,
                    Some(Span::file_start(parsed.id)),
                    format!(
                        "`{}` is a template (it contains `{marker}`)",
                        parsed.disk_path.display()
                    ),
                );
            }
        }
        self.including.push(path);
        let mut frame = Frame::new(module.clone(), parsed.clone(), None);
        let saved_try = std::mem::replace(&mut self.try_depth, 0);
        self.exec_top_level(&mut frame, parsed.body());
        self.try_depth = saved_try;
        self.including.pop();
        Ok(true)
    }

    /// The start-up script that writes the project module `name` (which
    /// the checkout lacks), if one names its file.
    fn written_at_startup(&self, name: &str) -> Option<crate::loader::StartupFile> {
        let file = format!("{}.py", name.rsplit('.').next().unwrap_or(name));
        self.loader.startup_files.borrow().get(&file).cloned()
    }

    /// `from .local_settings import *` of a module a start-up script
    /// writes. Made from a template of the project, it is that template
    /// with the strings the script replaces unknown; otherwise what it
    /// defines is unknown, and the namespace opens.
    fn generated_module(
        &mut self,
        frame: &mut Frame,
        module_name: &str,
        made: &crate::loader::StartupFile,
        star: bool,
        names: &[(String, String)],
        span: Span,
    ) -> EvalResult<()> {
        let target = frame.module.clone();
        let Some(template) = &made.template else {
            self.open_namespace(
                &target,
                &format!("`{module_name}`, which {} writes at start-up", made.by),
            );
            return Ok(());
        };
        let imported = match self.modules.get(module_name).cloned() {
            Some(m) => m,
            None => match self.loader.parse_file(template) {
                Some(parsed) => self.exec_module(module_name, parsed, false),
                None => {
                    self.open_namespace(
                        &target,
                        &format!("`{module_name}`, which {} writes at start-up", made.by),
                    );
                    return Ok(());
                }
            },
        };
        let reason = format!(
            "replaced when {} writes `{module_name}` at start-up",
            made.by
        );
        for b in imported.ns.borrow_mut().values_mut() {
            if let Some(text) = b.value.as_str()
                && made.placeholders.iter().any(|p| text.contains(p.as_str()))
            {
                b.value = Value::unknown(reason.clone());
            }
        }
        let origin = Origin {
            stmt: span,
            value: None,
        };
        if star {
            let exported: Vec<(Rc<str>, Binding)> = imported
                .ns
                .borrow()
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, b)| (k.clone(), b.clone()))
                .collect();
            for (name, binding) in exported {
                let value = binding.value.add_deps(&self.control);
                self.bind_name_raw(frame, &name, value, binding.origin);
            }
        } else {
            for (name, bound_as) in names {
                let value = imported
                    .get(name)
                    .map(|b| b.value)
                    .unwrap_or_else(|| Value::unknown(reason.clone()));
                self.bind_name(frame, bound_as, value, origin);
            }
        }
        Ok(())
    }

    /// Binds `name` in a module's namespace from outside its own code
    /// (`globals()[name] = value`, `setattr(module, name, value)`).
    pub(crate) fn bind_in_module(&mut self, module: &Rc<ModuleObj>, name: &str, value: Value) {
        let origin = self.current_span.map(|s| Origin {
            stmt: s,
            value: None,
        });
        let value = if self.control.is_empty() {
            value
        } else {
            value.add_deps(&self.control)
        };
        module
            .ns
            .borrow_mut()
            .insert(Rc::from(name), Binding { value, origin });
    }

    pub(crate) fn assign(
        &mut self,
        frame: &mut Frame,
        target: &Expr,
        value: Value,
        origin: Origin,
    ) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                self.bind_name(frame, n.id.as_str(), value, origin);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = match self.iterate(&value) {
                    Ok(items) => items,
                    Err(Flow::Unknown(reason, deps)) => {
                        for e in elts {
                            let inner = if let Expr::Starred(s) = e {
                                &*s.value
                            } else {
                                e
                            };
                            self.assign(
                                frame,
                                inner,
                                Value::unknown(reason.to_string()).add_deps(&deps),
                                origin,
                            )?;
                        }
                        return Ok(());
                    }
                    Err(e) => return Err(e),
                };
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        if items.len() != elts.len() {
                            return Err(raise(
                                "ValueError",
                                format!(
                                    "cannot unpack {} values into {} names",
                                    items.len(),
                                    elts.len()
                                ),
                            ));
                        }
                        for (e, v) in elts.iter().zip(items) {
                            self.assign(frame, e, v, origin)?;
                        }
                    }
                    Some(pos) => {
                        let after = elts.len() - pos - 1;
                        if items.len() < elts.len() - 1 {
                            return Err(raise("ValueError", "not enough values to unpack"));
                        }
                        for (e, v) in elts[..pos].iter().zip(items.iter()) {
                            self.assign(frame, e, v.clone(), origin)?;
                        }
                        let middle = items[pos..items.len() - after].to_vec();
                        if let Expr::Starred(s) = &elts[pos] {
                            self.assign(frame, &s.value, Value::list(middle), origin)?;
                        }
                        for (e, v) in elts[pos + 1..]
                            .iter()
                            .zip(items[items.len() - after..].iter())
                        {
                            self.assign(frame, e, v.clone(), origin)?;
                        }
                    }
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let container = self.eval(frame, &s.value)?;
                let key = self.eval(frame, &s.slice)?;
                self.set_item(&container, key, value)?;
                if let Some(root) = root_name(&s.value) {
                    self.touch_origin(frame, root, origin.stmt);
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                // `cls.NAME = value` in a class method, `module.NAME = value`.
                let base = self.eval(frame, &a.value)?;
                if let V::Object(o) = &base.v {
                    match &**o {
                        Object::Class(c) | Object::Instance(c) => {
                            let c = c.clone();
                            self.class_setattr(&c, a.attr.as_str(), value);
                        }
                        Object::Module(m) => {
                            let m = m.clone();
                            self.bind_in_module(&m, a.attr.as_str(), value);
                        }
                        _ => {}
                    }
                }
                let _ = origin;
                Ok(())
            }
            Expr::Starred(s) => self.assign(frame, &s.value, value, origin),
            _ => Ok(()),
        }
    }

    fn delete(&mut self, frame: &mut Frame, target: &Expr) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                if let Some(locals) = &mut frame.locals {
                    locals.remove(n.id.as_str());
                } else {
                    frame.module.ns.borrow_mut().remove(n.id.as_str());
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let container = self.eval(frame, &s.value)?;
                let key = self.eval(frame, &s.slice)?;
                self.del_item(&container, &key)?;
                if let Some(root) = root_name(&s.value) {
                    let span = frame.span(s.range);
                    self.touch_origin(frame, root, span);
                }
                Ok(())
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(frame, e)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Reads an environment variable, recording the read.
    /// A variable's value as a Python value: a string, or unknown when
    /// production sets it at start-up with a value golive cannot see.
    pub(crate) fn env_value(&mut self, name: &str) -> Option<Value> {
        if let Some(reason) = self.unknown_env.get(name).cloned() {
            self.env_get(name);
            return Some(Value::unknown(reason));
        }
        match self.env_get(name) {
            Some(v) => Some(Value::str(v)),
            None => self
                .unread_env_file
                .clone()
                .map(|reason| Value::unknown(format!("{name} may be set by {reason}"))),
        }
    }

    /// Whether a variable is set (to a value golive may not know).
    pub(crate) fn env_is_set(&mut self, name: &str) -> bool {
        self.unknown_env.contains_key(name) || self.env_get(name).is_some()
    }

    pub(crate) fn env_get(&mut self, name: &str) -> Option<String> {
        if let Some(span) = self.current_span {
            let reads = self.env_reads.entry(name.to_string()).or_default();
            if !reads.contains(&span) {
                reads.push(span);
            }
        }
        self.env.get(name).cloned()
    }

    pub(crate) fn missing_env_message(&self, name: &str) -> String {
        match self.scenario {
            ScenarioKind::Configured => format!("reads {name}, which is not set in this scenario"),
            ScenarioKind::Unset => format!("required variable {name} is unset"),
        }
    }
}

/// A deep copy of a namespace, for the other branch of a fork.
fn snapshot(ns: &Namespace) -> Namespace {
    ns.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                Binding {
                    value: v.value.deep_clone(),
                    origin: v.origin,
                },
            )
        })
        .collect()
}

/// Why a setting of an open namespace is unknown.
pub(crate) fn open_reason(origin: &str) -> String {
    format!("{origin} may set it, and golive cannot follow that")
}

/// Whether two bindings hold the same value: equal data, the same object,
/// or unknowns with the same reason.
fn same_value(a: &Value, b: &Value) -> bool {
    match (&a.v, &b.v) {
        (V::Object(x), V::Object(y)) => Rc::ptr_eq(x, y),
        (V::Unknown(x), V::Unknown(y)) => x == y,
        _ => py_eq(a, b) == Some(true),
    }
}

/// What is known of a value that is `a` on one path and `b` on the other:
/// a list that one path extends keeps its common part and gains an unknown
/// element; dicts merge key by key. `None` when nothing is common.
fn merge_values(a: &Value, b: &Value, reason: &str) -> Option<Value> {
    match (&a.v, &b.v) {
        (V::List(x), V::List(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            let (short, long) = if x.len() <= y.len() {
                (&*x, &*y)
            } else {
                (&*y, &*x)
            };
            // One path inserted elements (`MIDDLEWARE.insert(0, …)`,
            // `append`): the other path's elements are all there, in order,
            // and each run of extra elements is an unknown one (which may
            // be absent).
            let mut matched = 0;
            let mut out: Vec<Value> = Vec::new();
            for item in long {
                if matched < short.len() && same_value(&short[matched], item) {
                    out.push(item.clone());
                    matched += 1;
                } else if !out
                    .last()
                    .is_some_and(|l: &Value| matches!(&l.v, V::Unknown(r) if &**r == reason))
                {
                    out.push(Value::unknown(reason));
                }
            }
            if matched == short.len() {
                return Some(Value::list(out));
            }
            let common = short
                .iter()
                .zip(long.iter())
                .take_while(|(p, q)| same_value(p, q))
                .count();
            if common == 0 {
                return None;
            }
            let mut out: Vec<Value> = long[..common].to_vec();
            out.push(Value::unknown(reason));
            Some(Value::list(out))
        }
        (V::Dict(x), V::Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            let mut entries = Vec::new();
            for (k, va) in &x.entries {
                let merged = match y.get(k) {
                    Some(vb) if same_value(va, vb) => va.clone(),
                    Some(vb) => {
                        merge_values(va, vb, reason).unwrap_or_else(|| Value::unknown(reason))
                    }
                    None => Value::unknown(reason),
                };
                entries.push((k.clone(), merged));
            }
            for (k, _) in &y.entries {
                if x.get(k).is_none() {
                    entries.push((k.clone(), Value::unknown(reason)));
                }
            }
            Some(Value::dict(entries))
        }
        _ => None,
    }
}

pub(crate) fn raise(kind: &str, msg: impl Into<String>) -> Flow {
    Flow::Raise(Exc {
        kind: Rc::from(kind),
        msg: msg.into(),
        deps: Deps::none(),
        missing_variable: None,
    })
}

fn is_mutating_method(name: &str) -> bool {
    matches!(
        name,
        "append"
            | "insert"
            | "extend"
            | "remove"
            | "update"
            | "setdefault"
            | "pop"
            | "clear"
            | "add"
            | "discard"
            | "sort"
            | "reverse"
    )
}

/// The name at the root of `a.b[c].d`.
pub(crate) fn root_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => root_name(&a.value),
        Expr::Subscript(s) => root_name(&s.value),
        Expr::Call(c) => match &*c.func {
            Expr::Attribute(a) => root_name(&a.value),
            _ => None,
        },
        _ => None,
    }
}

/// Names a block may write at its own level: assignment targets, mutated
/// receivers and names bound by imports and definitions.
fn collect_written_names(body: &[Stmt], out: &mut Vec<String>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, out)),
            Stmt::AnnAssign(a) => target_names(&a.target, out),
            Stmt::AugAssign(a) => target_names(&a.target, out),
            Stmt::Expr(e) => {
                if let Expr::Call(c) = &*e.value
                    && let Expr::Attribute(a) = &*c.func
                    && is_mutating_method(a.attr.as_str())
                    && let Some(r) = root_name(&a.value)
                {
                    out.push(r.to_string());
                }
            }
            Stmt::If(s) => {
                collect_written_names(&s.body, out);
                for c in &s.elif_else_clauses {
                    collect_written_names(&c.body, out);
                }
            }
            Stmt::For(f) => {
                target_names(&f.target, out);
                collect_written_names(&f.body, out);
                collect_written_names(&f.orelse, out);
            }
            Stmt::While(w) => collect_written_names(&w.body, out),
            Stmt::With(w) => collect_written_names(&w.body, out),
            Stmt::Try(t) => {
                collect_written_names(&t.body, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_written_names(&h.body, out);
                }
                collect_written_names(&t.orelse, out);
                collect_written_names(&t.finalbody, out);
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| target_names(t, out)),
            _ => {}
        }
    }
}

fn target_names(target: &Expr, out: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        Expr::Subscript(s) => {
            if let Some(r) = root_name(&s.value) {
                out.push(r.to_string());
            }
        }
        _ => {}
    }
}

/// `from ..x import y` inside module `a.b.c` → `a.x`.
fn resolve_relative(module: &ModuleObj, level: u32, name: Option<&str>) -> Option<String> {
    if level == 0 {
        return name.map(str::to_string);
    }
    // A module may set `__package__` itself; Python resolves relative
    // imports against it.
    let declared = module
        .get("__package__")
        .and_then(|b| b.value.as_str().map(str::to_string))
        .filter(|p| !p.is_empty());
    let mut package = declared.unwrap_or_else(|| module.package().to_string());
    for _ in 1..level {
        let (parent, _) = package.rsplit_once('.')?;
        package = parent.to_string();
    }
    if package.is_empty() {
        return name.map(str::to_string);
    }
    Some(match name {
        Some(n) => format!("{package}.{n}"),
        None => package,
    })
}

/// Module names that hold settings rather than application code.
pub(crate) fn is_settings_like(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .split('.')
        .any(|p| p.contains("settings") || p == "conf" || p == "config" || p == "configs")
}

/// UPPERCASE names are settings (Django reads only those).
pub fn is_setting_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Normalises module aliases so that library emulation matches one name.
pub(crate) fn canonical_external(name: &str) -> String {
    let replacements = [
        ("posixpath", "os.path"),
        ("environ.environ.", "environ."),
        ("environ.environ", "environ"),
        ("dotenv.main.", "dotenv."),
        ("decouple.decouple.", "decouple."),
        (
            "django.utils.translation.ugettext_lazy",
            "django.utils.translation.gettext_lazy",
        ),
        (
            "django.utils.translation.ugettext",
            "django.utils.translation.gettext",
        ),
    ];
    for (from, to) in replacements {
        if let Some(rest) = name.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    name.to_string()
}
