//! Python values as the evaluator knows them: literal data, a few objects the
//! settings libraries hand out, and `Unknown` with the reason it is unknown.
//!
//! Every value carries the set of environment variables it was derived from
//! (`deps`), so a finding can say which variable makes a setting insecure.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::rc::Rc;

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
        self.entries.iter().find(|(k, _)| py_eq(k, key) == Some(true)).map(|(_, v)| v)
    }

    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| matches!(&k.v, V::Str(s) if &**s == key)).map(|(_, v)| v)
    }

    pub fn insert(&mut self, key: Value, value: Value) {
        if let Some(slot) = self.entries.iter_mut().find(|(k, _)| py_eq(k, &key) == Some(true)) {
            slot.1 = value;
        } else {
            self.entries.push((key, value));
        }
    }

    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        let pos = self.entries.iter().position(|(k, _)| py_eq(k, key) == Some(true))?;
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
    Csv { cast: Value, delimiter: Rc<str>, strip: Rc<str>, post_process: Value },
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
    Super { owner: Rc<crate::interp::ClassObj>, recv: Value },
    /// A method bound to its class or instance.
    BoundFunction { func: Rc<crate::interp::FunctionObj>, recv: Value },
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
        Self { v, deps: Deps::none() }
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
        Self::new(V::Str(s.into()))
    }

    pub fn unknown(reason: impl Into<String>) -> Self {
        Self::new(V::Unknown(Rc::from(reason.into())))
    }

    pub fn list(items: Vec<Value>) -> Self {
        Self::new(V::List(Rc::new(RefCell::new(items))))
    }

    pub fn tuple(items: Vec<Value>) -> Self {
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

    /// The first unknown part of this value, if any (the value itself or an
    /// element of a container).
    pub fn first_unknown(&self) -> Option<Rc<str>> {
        match &self.v {
            V::Unknown(r) => Some(r.clone()),
            V::List(items) | V::Set(items) => items.borrow().iter().find_map(Value::first_unknown),
            V::Tuple(items) => items.iter().find_map(Value::first_unknown),
            V::Dict(d) => d.borrow().entries.iter().find_map(|(k, v)| k.first_unknown().or_else(|| v.first_unknown())),
            V::Object(o) => match &**o {
                Object::External(name) => Some(Rc::from(format!("`{name}` is an object golive does not model"))),
                Object::Module(m) => Some(Rc::from(format!("module `{}`", m.name))),
                Object::Namespace(m) => Some(Rc::from(format!("the namespace of module `{}`", m.name))),
                Object::OpenFile(p) | Object::FileContent(p) => Some(Rc::from(format!("reads `{p}` from the filesystem at run time"))),
                Object::Class(c) | Object::Instance(c) => Some(Rc::from(format!("class `{}`", c.name))),
                Object::ConfigValue(cv) => Some(Rc::from(format!("a django-configurations `{}` read when its class is set up", cv.kind))),
                Object::Function(f) => Some(Rc::from(format!("function `{}`", f.name))),
                _ => Some(Rc::from("an object golive does not model")),
            },
            _ => None,
        }
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
        let mut deps = self.deps.clone();
        let mut add = |v: &Value| deps = deps.union(&v.all_deps());
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
            V::Path(_) => true,
            V::Unknown(_) => return None,
            V::Object(o) => match &**o {
                Object::External(_) | Object::FileContent(_) => return None,
                _ => true,
            },
        })
    }

    /// A copy that shares no mutable container with `self`.
    pub fn deep_clone(&self) -> Value {
        let v = match &self.v {
            V::List(items) => V::List(Rc::new(RefCell::new(items.borrow().iter().map(Value::deep_clone).collect()))),
            V::Set(items) => V::Set(Rc::new(RefCell::new(items.borrow().iter().map(Value::deep_clone).collect()))),
            V::Tuple(items) => V::Tuple(items.iter().map(Value::deep_clone).collect()),
            V::Dict(d) => V::Dict(Rc::new(RefCell::new(Dict { entries: d.borrow().entries.iter().map(|(k, v)| (k.deep_clone(), v.deep_clone())).collect() }))),
            other => other.clone(),
        };
        Value { v, deps: self.deps.clone() }
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

    /// Python `repr()` of known data, for messages.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        write_repr(&mut out, self);
        out
    }
}

fn write_repr(out: &mut String, value: &Value) {
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
                write_repr(out, k);
                out.push_str(": ");
                write_repr(out, v);
            }
            out.push('}');
        }
        V::Path(p) => {
            let _ = write!(out, "PosixPath({})", str_repr(p));
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

fn seq_repr(out: &mut String, open: &str, close: &str, items: &[Value], trailing_comma: bool) {
    out.push_str(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(out, item);
    }
    if trailing_comma {
        out.push(',');
    }
    out.push_str(close);
}

/// Python's `repr` of a str.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
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
    if s.contains('e') || s.len() < 17 { s } else { format!("{f:e}") }
}

/// Python `==`; `None` when either side is unknown.
pub fn py_eq(a: &Value, b: &Value) -> Option<bool> {
    use V::*;
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
                    match py_eq(i, j) {
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
                    Some(w) => match py_eq(v, w) {
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

fn seq_eq(x: &[Value], y: &[Value]) -> Option<bool> {
    if x.len() != y.len() {
        return Some(false);
    }
    for (a, b) in x.iter().zip(y) {
        match py_eq(a, b) {
            Some(true) => {}
            other => return other,
        }
    }
    Some(true)
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
