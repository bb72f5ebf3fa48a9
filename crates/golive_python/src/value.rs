//! Python values as the evaluator knows them: literal data, a few objects the
//! settings libraries hand out, and `Unknown` with the reason it is unknown.
//!
//! Every value carries the set of environment variables it was derived from
//! (`deps`), so a finding can say which variable makes a setting insecure.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;

/// The longest string (in bytes) the evaluator builds: settings hold nothing near this; a hostile module that
/// asks for more gets an unknown value, never an allocation it controls.
pub const MAX_LEN: usize = 1_000_000;

/// How deep a traversal of nested containers goes (repr, equality,
/// copies): a list that contains itself, or a list nested a hundred
/// thousand times, must not overflow the stack.
const MAX_DEPTH: usize = 200;

/// How many values one traversal visits: a list built as `L = [L, L]`
/// sixty times is small in memory but has 2^60 paths.
const MAX_NODES: usize = 200_000;

/// The work one evaluation may do building and walking values (bytes
/// allocated, values visited): beyond it, evaluation stops with the
/// values it has, as when the step budget runs out.
pub const WORK_BUDGET: u64 = 200_000_000;

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Counts work toward [`WORK_BUDGET`].
pub fn charge(units: usize) {
    WORK.with(|w| w.set(w.get().saturating_add(units as u64)));
}

/// The work done since the last [`reset_work`].
pub fn work_done() -> u64 {
    WORK.with(Cell::get)
}

/// Starts counting an evaluation's work from zero.
pub fn reset_work() {
    WORK.with(|w| w.set(0));
}

/// The largest container (in items) the evaluator builds.
pub const MAX_ITEMS: usize = 100_000;

/// Whether a string of `n` bytes may be built.
pub fn fits(n: usize) -> bool {
    n <= MAX_LEN
}

/// Whether a container of `n` items may be built.
pub fn fits_items(n: usize) -> bool {
    n <= MAX_ITEMS
}

/// The reason given for a value golive would not build.
pub fn too_large(n: usize) -> String {
    format!("a value of {n} characters or items, more than golive evaluates ({MAX_LEN})")
}

/// How many values a setting that leaves the evaluator holds: what the
/// reports print and the rules walk.
const MAX_SETTING_NODES: usize = 10_000;

/// A traversal's budget: depth and values visited.
struct Walk {
    nodes: usize,
    limit: usize,
}

impl Walk {
    fn new() -> Self {
        Walk {
            nodes: 0,
            limit: MAX_NODES,
        }
    }

    /// Counts a value; false once the traversal went too deep or too far.
    fn visit(&mut self, depth: usize) -> bool {
        self.nodes += 1;
        charge(8);
        depth <= MAX_DEPTH && self.nodes <= self.limit
    }
}

/// Environment variables a value depends on. `None` means none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deps(Option<Rc<BTreeSet<Rc<str>>>>);

impl Deps {
    pub fn none() -> Self {
        Self(None)
    }

    pub fn one(var: &str) -> Self {
        let mut set = BTreeSet::new();
        set.insert(Rc::from(var));
        Self(Some(Rc::new(set)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|s| s.is_empty())
    }

    pub fn union(&self, other: &Deps) -> Deps {
        match (&self.0, &other.0) {
            (None, _) => other.clone(),
            (_, None) => self.clone(),
            (Some(a), Some(b)) if Rc::ptr_eq(a, b) || b.is_subset(a) => self.clone(),
            (Some(a), Some(b)) if a.is_subset(b) => other.clone(),
            (Some(a), Some(b)) => Deps(Some(Rc::new(a.union(b).cloned().collect()))),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().flat_map(|s| s.iter().map(|v| v.as_ref()))
    }
}

pub(crate) type Shared<T> = Rc<RefCell<T>>;

/// A Python value with its environment dependencies.
#[derive(Clone, Debug)]
pub struct Value {
    pub v: V,
    pub deps: Deps,
}

/// The shape of a value.
#[derive(Clone, Debug)]
pub enum V {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    List(Shared<Vec<Value>>),
    Tuple(Rc<[Value]>),
    Dict(Shared<Dict>),
    Set(Shared<Vec<Value>>),
    /// A `pathlib.Path`; `str(path)` gives the text.
    Path(Rc<str>),
    /// A django-environ `environ.Path`: an absolute path (`str()` gives
    /// it, `repr()` is `<Path:/a/b>`) with operators of its own — `- n`
    /// climbs n directories, `+ "x"` joins, calling it joins and returns a
    /// str — and none of pathlib's (`/`, `.parent`).
    EnvPath(Rc<str>),
    /// Not knowable without running code; the text says why.
    Unknown(Rc<str>),
    /// Modules, functions and objects from libraries.
    Object(Rc<Object>),
}

/// An insertion-ordered dict with Python key equality.
#[derive(Clone, Debug, Default)]
pub struct Dict {
    pub entries: Vec<(Value, Value)>,
}

impl Dict {
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| py_eq(k, key) == Some(true))
            .map(|(_, v)| v)
    }

    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.v, V::Str(s) if &**s == key))
            .map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: Value, value: Value) {
        if let Some(slot) = self
            .entries
            .iter_mut()
            .find(|(k, _)| py_eq(k, &key) == Some(true))
        {
            slot.1 = value;
        } else {
            self.entries.push((key, value));
        }
    }

    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        let pos = self
            .entries
            .iter()
            .position(|(k, _)| py_eq(k, key) == Some(true))?;
        Some(self.entries.remove(pos).1)
    }
}

/// Objects that are not plain data.
#[derive(Debug)]
pub enum Object {
    /// A module of the project, evaluated by golive.
    Module(Rc<crate::interp::ModuleObj>),
    /// A module's namespace as a dict: `globals()`, `vars(module)`.
    Namespace(Rc<crate::interp::ModuleObj>),
    /// Something from outside the project, known by its dotted name
    /// (`os.path.join`, `sentry_sdk.init`). Calls dispatch on the name.
    External(Rc<str>),
    /// A method bound to a receiver (`"a,b".split`, `env.bool`).
    BoundMethod { recv: Value, name: Rc<str> },
    /// A function defined in the settings, interpreted when called.
    Function(Rc<crate::interp::FunctionObj>),
    /// `environ.Env(...)` with its scheme.
    EnvReader(Rc<EnvReader>),
    /// `decouple.Csv(...)`.
    Csv {
        cast: Value,
        delimiter: Rc<str>,
        strip: Rc<str>,
        post_process: Value,
    },
    /// `decouple.Choices(...)`.
    Choices { valid: Vec<Value>, cast: Value },
    /// A `urllib.parse.ParseResult` from `env.url`.
    ParsedUrl(Rc<crate::urls::Url>),
    /// `decouple.config` or `decouple.AutoConfig(search_path)`.
    DecoupleConfig(Option<Rc<str>>),
    /// `open(path)`: a file golive does not read, except to follow
    /// `exec(open(path).read())` into a project file.
    OpenFile(Rc<str>),
    /// `open(path).read()`: the text of that file, unknown except to
    /// `exec()`.
    FileContent(Rc<str>),
    /// django-split-settings `optional(path)`.
    OptionalInclude(Value),
    /// A class defined in the settings or the project.
    Class(Rc<crate::interp::ClassObj>),
    /// An instance of such a class.
    Instance(Rc<crate::interp::ClassObj>),
    /// `super()` inside a method of `owner`, called on `recv`.
    Super {
        owner: Rc<crate::interp::ClassObj>,
        recv: Value,
    },
    /// A method bound to its class or instance.
    BoundFunction {
        func: Rc<crate::interp::FunctionObj>,
        recv: Value,
    },
    /// django-configurations `values.*Value(...)`.
    ConfigValue(Rc<crate::interp::ConfigValue>),
    /// `from module import name` at the top of a helper module (not a
    /// settings module): imported when the name is first used, so that a
    /// helper's imports of models and views are never evaluated unless the
    /// settings need them.
    LazyImport { module: Rc<str>, name: Rc<str> },
}

/// django-environ's `Env` instance.
#[derive(Debug, Default)]
pub struct EnvReader {
    pub scheme: Vec<(String, Value)>,
    pub prefix: String,
}

impl Value {
    pub fn new(v: V) -> Self {
        Self {
            v,
            deps: Deps::none(),
        }
    }

    pub fn with_deps(v: V, deps: Deps) -> Self {
        Self { v, deps }
    }

    pub fn none() -> Self {
        Self::new(V::None)
    }

    pub fn bool(b: bool) -> Self {
        Self::new(V::Bool(b))
    }

    pub fn int(i: i64) -> Self {
        Self::new(V::Int(i))
    }

    pub fn str(s: impl Into<Rc<str>>) -> Self {
        let s: Rc<str> = s.into();
        charge(s.len());
        Self::new(V::Str(s))
    }

    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::new(V::Unknown(Rc::from(reason.into())))
    }

    pub fn list(items: Vec<Value>) -> Self {
        charge(items.len() * 32);
        Self::new(V::List(Rc::new(RefCell::new(items))))
    }

    pub fn tuple(items: Vec<Value>) -> Self {
        charge(items.len() * 32);
        Self::new(V::Tuple(Rc::from(items)))
    }

    pub fn dict(entries: Vec<(Value, Value)>) -> Self {
        let mut d = Dict::default();
        for (k, v) in entries {
            d.insert(k, v);
        }
        Self::new(V::Dict(Rc::new(RefCell::new(d))))
    }

    pub fn set(items: Vec<Value>) -> Self {
        let mut out: Vec<Value> = Vec::new();
        for i in items {
            if !out.iter().any(|o| py_eq(o, &i) == Some(true)) {
                out.push(i);
            }
        }
        Self::new(V::Set(Rc::new(RefCell::new(out))))
    }

    pub fn external(name: impl Into<Rc<str>>) -> Self {
        Self::new(V::Object(Rc::new(Object::External(name.into()))))
    }

    pub fn object(o: Object) -> Self {
        Self::new(V::Object(Rc::new(o)))
    }

    /// Adds dependencies to this value (shallow: containers keep their
    /// elements' own deps, and `all_deps` collects them).
    pub fn add_deps(mut self, deps: &Deps) -> Self {
        self.deps = self.deps.union(deps);
        self
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.v, V::Unknown(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `os.fspath(value)` of a str or a path of either kind: the text a
    /// file function (or Django) opens.
    pub fn as_fspath(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) | V::Path(s) | V::EnvPath(s) => Some(s),
            _ => None,
        }
    }

    /// The first unknown part of this value, if any (the value itself or an
    /// element of a container).
    pub fn first_unknown(&self) -> Option<Rc<str>> {
        self.first_unknown_in(0, &mut Walk::new())
    }

    fn first_unknown_in(&self, depth: usize, walk: &mut Walk) -> Option<Rc<str>> {
        if !walk.visit(depth) {
            return Some(Rc::from(
                "a value nested too deeply or too large for golive to inspect",
            ));
        }
        let mut inner = |v: &Value| v.first_unknown_in(depth + 1, walk);
        match &self.v {
            V::Unknown(r) => Some(r.clone()),
            V::List(items) | V::Set(items) => items.borrow().iter().find_map(inner),
            V::Tuple(items) => items.iter().find_map(inner),
            V::Dict(d) => d
                .borrow()
                .entries
                .iter()
                .find_map(|(k, v)| inner(k).or_else(|| inner(v))),
            V::Object(o) => match &**o {
                Object::External(name) => Some(Rc::from(format!(
                    "`{name}` is an object golive does not model"
                ))),
                Object::Module(m) => Some(Rc::from(format!("module `{}`", m.name))),
                Object::Namespace(m) => {
                    Some(Rc::from(format!("the namespace of module `{}`", m.name)))
                }
                Object::OpenFile(p) | Object::FileContent(p) => Some(Rc::from(format!(
                    "reads `{p}` from the filesystem at run time"
                ))),
                Object::Class(c) | Object::Instance(c) => {
                    Some(Rc::from(format!("class `{}`", c.name)))
                }
                Object::ConfigValue(cv) => Some(Rc::from(format!(
                    "a django-configurations `{}` read when its class is set up",
                    cv.kind
                ))),
                Object::Function(f) => Some(Rc::from(format!("function `{}`", f.name))),
                _ => Some(Rc::from("an object golive does not model")),
            },
            _ => None,
        }
    }

    /// A value of an installed package golive does not model
    /// (`from somepkg.constants import SEP`): it could be anything, so an
    /// operation on it has an unknown result rather than Python's TypeError
    /// for the wrong type.
    pub fn is_external(&self) -> bool {
        matches!(&self.v, V::Object(o) if matches!(&**o, Object::External(_)))
    }

    /// A name imported lazily, not yet imported.
    pub fn is_lazy(&self) -> bool {
        matches!(&self.v, V::Object(o) if matches!(&**o, Object::LazyImport { .. }))
    }

    pub fn is_fully_known(&self) -> bool {
        self.first_unknown().is_none()
    }

    /// The union of the dependencies of this value and everything inside it.
    pub fn all_deps(&self) -> Deps {
        self.all_deps_in(0, &mut Walk::new())
    }

    fn all_deps_in(&self, depth: usize, walk: &mut Walk) -> Deps {
        let mut deps = self.deps.clone();
        if !walk.visit(depth) {
            return deps;
        }
        let mut add = |v: &Value| deps = deps.union(&v.all_deps_in(depth + 1, walk));
        match &self.v {
            V::List(items) | V::Set(items) => items.borrow().iter().for_each(&mut add),
            V::Tuple(items) => items.iter().for_each(&mut add),
            V::Dict(d) => d.borrow().entries.iter().for_each(|(k, v)| {
                add(k);
                add(v);
            }),
            _ => {}
        }
        deps
    }

    /// Python truthiness; `None` when it cannot be known.
    pub fn truthy(&self) -> Option<bool> {
        Some(match &self.v {
            V::None => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::Bytes(b) => !b.is_empty(),
            V::List(l) | V::Set(l) => !l.borrow().is_empty(),
            V::Tuple(t) => !t.is_empty(),
            V::Dict(d) => !d.borrow().entries.is_empty(),
            V::Path(_) | V::EnvPath(_) => true,
            V::Unknown(_) => return None,
            V::Object(o) => match &**o {
                Object::External(_) | Object::FileContent(_) => return None,
                _ => true,
            },
        })
    }

    /// The value as it leaves the evaluator: itself, or — when it contains
    /// itself, is nested deeper or is larger than golive walks — a copy in
    /// which what lies beyond is unknown. Renderers and rules recurse into
    /// values; this keeps them bounded.
    pub fn bounded(&self) -> Value {
        fn within(v: &Value, depth: usize, walk: &mut Walk) -> bool {
            if !walk.visit(depth) {
                return false;
            }
            match &v.v {
                V::List(items) | V::Set(items) => {
                    items.borrow().iter().all(|i| within(i, depth + 1, walk))
                }
                V::Tuple(items) => items.iter().all(|i| within(i, depth + 1, walk)),
                V::Dict(d) => d
                    .borrow()
                    .entries
                    .iter()
                    .all(|(k, v)| within(k, depth + 1, walk) && within(v, depth + 1, walk)),
                _ => true,
            }
        }
        if within(
            self,
            0,
            &mut Walk {
                nodes: 0,
                limit: MAX_SETTING_NODES,
            },
        ) {
            self.clone()
        } else {
            self.deep_clone_in(
                0,
                &mut Walk {
                    nodes: 0,
                    limit: MAX_SETTING_NODES,
                },
            )
        }
    }

    /// A copy that shares no mutable container with `self`.
    pub fn deep_clone(&self) -> Value {
        self.deep_clone_in(0, &mut Walk::new())
    }

    fn deep_clone_in(&self, depth: usize, walk: &mut Walk) -> Value {
        if !walk.visit(depth) {
            return Value::unknown("a value nested too deeply or too large for golive to copy")
                .add_deps(&self.deps);
        }
        let mut c = |v: &Value| v.deep_clone_in(depth + 1, walk);
        let v = match &self.v {
            V::List(items) => V::List(Rc::new(RefCell::new(
                items.borrow().iter().map(&mut c).collect(),
            ))),
            V::Set(items) => V::Set(Rc::new(RefCell::new(
                items.borrow().iter().map(&mut c).collect(),
            ))),
            V::Tuple(items) => V::Tuple(items.iter().map(&mut c).collect()),
            V::Dict(d) => V::Dict(Rc::new(RefCell::new(Dict {
                entries: d
                    .borrow()
                    .entries
                    .iter()
                    .map(|(k, v)| (c(k), c(v)))
                    .collect(),
            }))),
            other => other.clone(),
        };
        Value {
            v,
            deps: self.deps.clone(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.v {
            V::None => "NoneType",
            V::Bool(_) => "bool",
            V::Int(_) => "int",
            V::Float(_) => "float",
            V::Str(_) => "str",
            V::Bytes(_) => "bytes",
            V::List(_) => "list",
            V::Tuple(_) => "tuple",
            V::Dict(_) => "dict",
            V::Set(_) => "set",
            V::Path(_) => "PosixPath",
            V::EnvPath(_) => "Path",
            V::Unknown(_) => "unknown",
            V::Object(_) => "object",
        }
    }

    /// Elements of a list, tuple or set (a snapshot).
    pub fn elements(&self) -> Option<Vec<Value>> {
        match &self.v {
            V::List(items) | V::Set(items) => Some(items.borrow().clone()),
            V::Tuple(items) => Some(items.to_vec()),
            _ => None,
        }
    }

    /// Python `repr()` of known data, for messages: cut with `…` where it
    /// would be longer than golive builds (or nested too deeply).
    pub fn repr(&self) -> String {
        let mut out = String::new();
        write_repr(&mut out, self, 0, &mut Walk::new());
        out
    }

    /// Python `repr()`, exactly, or `None` when it would be cut.
    pub fn try_repr(&self) -> Option<String> {
        let mut out = String::new();
        let mut walk = Walk::new();
        write_repr(&mut out, self, 0, &mut walk);
        (walk.nodes <= walk.limit && !out.ends_with(CUT) && out.len() <= MAX_LEN).then_some(out)
    }
}

/// Where a repr was cut.
const CUT: &str = "…";

fn write_repr(out: &mut String, value: &Value, depth: usize, walk: &mut Walk) {
    if out.len() > MAX_LEN || !walk.visit(depth) {
        if !out.ends_with(CUT) {
            out.push_str(CUT);
        }
        return;
    }
    let mut seq_repr =
        |out: &mut String, open: &str, close: &str, items: &[Value], trailing_comma: bool| {
            out.push_str(open);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item, depth + 1, walk);
                if out.ends_with(CUT) {
                    return;
                }
            }
            if trailing_comma {
                out.push(',');
            }
            out.push_str(close);
        };
    match &value.v {
        V::None => out.push_str("None"),
        V::Bool(true) => out.push_str("True"),
        V::Bool(false) => out.push_str("False"),
        V::Int(i) => {
            let _ = write!(out, "{i}");
        }
        V::Float(f) => out.push_str(&float_repr(*f)),
        V::Str(s) => out.push_str(&str_repr(s)),
        V::Bytes(b) => {
            out.push('b');
            out.push_str(&str_repr(&String::from_utf8_lossy(b)));
        }
        V::List(items) => seq_repr(out, "[", "]", &items.borrow(), false),
        V::Tuple(items) => seq_repr(out, "(", ")", items, items.len() == 1),
        V::Set(items) => {
            if items.borrow().is_empty() {
                out.push_str("set()");
            } else {
                seq_repr(out, "{", "}", &items.borrow(), false);
            }
        }
        V::Dict(d) => {
            out.push('{');
            for (i, (k, v)) in d.borrow().entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, k, depth + 1, walk);
                out.push_str(": ");
                write_repr(out, v, depth + 1, walk);
                if out.ends_with(CUT) {
                    return;
                }
            }
            out.push('}');
        }
        V::Path(p) => {
            let _ = write!(out, "PosixPath({})", str_repr(p));
        }
        // django-environ's `__repr__`: the text as is, not quoted.
        V::EnvPath(p) => {
            let _ = write!(out, "<Path:{p}>");
        }
        V::Unknown(_) => out.push_str("<unknown>"),
        V::Object(o) => match &**o {
            Object::External(name) => {
                let _ = write!(out, "<{name}>");
            }
            _ => out.push_str("<object>"),
        },
    }
}

/// Python's `repr` of a str.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr` of a float.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == f.trunc() && f.abs() < 1e16 {
        return format!("{f:.1}");
    }
    let s = format!("{f}");
    if s.contains('e') || s.len() < 17 {
        s
    } else {
        format!("{f:e}")
    }
}

/// Python `==`; `None` when either side is unknown (or too deep or too
/// large to compare).
pub fn py_eq(a: &Value, b: &Value) -> Option<bool> {
    eq_in(a, b, 0, &mut Walk::new())
}

fn eq_in(a: &Value, b: &Value, depth: usize, walk: &mut Walk) -> Option<bool> {
    use V::*;
    if !walk.visit(depth) {
        return Option::None;
    }
    let mut seq_eq = |x: &[Value], y: &[Value]| -> Option<bool> {
        if x.len() != y.len() {
            return Some(false);
        }
        for (a, b) in x.iter().zip(y) {
            match eq_in(a, b, depth + 1, walk) {
                Some(true) => {}
                other => return other,
            }
        }
        Some(true)
    };
    Some(match (&a.v, &b.v) {
        (Unknown(_), _) | (_, Unknown(_)) => return Option::None,
        (None, None) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(_) | Bool(_) | Float(_), Int(_) | Bool(_) | Float(_)) => match (num(a), num(b)) {
            (Some(Num::I(x)), Some(Num::I(y))) => x == y,
            (Some(x), Some(y)) => x.as_f64() == y.as_f64(),
            _ => false,
        },
        (Str(x), Str(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Path(x), Path(y)) => x == y,
        // `environ.Path.__eq__` compares its text with the other path's,
        // or with the other value itself (so with a str); a pathlib path is
        // never equal to it.
        (EnvPath(x), EnvPath(y) | Str(y)) | (Str(y), EnvPath(x)) => x == y,
        (List(x), List(y)) => return seq_eq(&x.borrow(), &y.borrow()),
        (Tuple(x), Tuple(y)) => return seq_eq(x, y),
        (Set(x), Set(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            if x.len() != y.len() {
                return Some(false);
            }
            for i in x.iter() {
                let mut found = false;
                for j in y.iter() {
                    match eq_in(i, j, depth + 1, &mut Walk::new()) {
                        Some(true) => {
                            found = true;
                            break;
                        }
                        Some(false) => {}
                        Option::None => return Option::None,
                    }
                }
                if !found {
                    return Some(false);
                }
            }
            true
        }
        (Dict(x), Dict(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            if x.entries.len() != y.entries.len() {
                return Some(false);
            }
            for (k, v) in &x.entries {
                match y.get(k) {
                    Option::None => return Some(false),
                    Some(w) => match eq_in(v, w, depth + 1, &mut Walk::new()) {
                        Some(true) => {}
                        other => return other,
                    },
                }
            }
            true
        }
        (Object(x), Object(y)) => match (&**x, &**y) {
            (self::Object::External(p), self::Object::External(q)) if p == q => true,
            _ => return Option::None,
        },
        _ => false,
    })
}

#[derive(Clone, Copy, Debug)]
pub enum Num {
    I(i64),
    F(f64),
}

impl Num {
    pub fn as_f64(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

pub fn num(v: &Value) -> Option<Num> {
    match v.v {
        V::Bool(b) => Some(Num::I(i64::from(b))),
        V::Int(i) => Some(Num::I(i)),
        V::Float(f) => Some(Num::F(f)),
        _ => None,
    }
}
