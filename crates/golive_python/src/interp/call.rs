//! Calls: functions defined in the settings, Python builtins and the
//! methods of str, list, dict, set and `pathlib.Path`.

use super::{
    EvalResult, Exc, Flow, Frame, FunctionBody, FunctionObj, Interp, MAX_CALL_DEPTH, expr::order,
    expr::unknown_like, paths, raise,
};
use crate::value::{Deps, Dict, Num, Object, V, Value, float_repr, num, py_eq};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;
use std::cell::RefCell;
use std::rc::Rc;

/// Evaluated call arguments.
#[derive(Clone, Debug, Default)]
pub(crate) struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(String, Value)>,
}

impl Args {
    pub(crate) fn new(pos: Vec<Value>) -> Self {
        Self {
            pos,
            kw: Vec::new(),
        }
    }

    /// Positional argument `i` or keyword `name`.
    pub(crate) fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.kw
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .or_else(|| self.pos.get(i))
    }

    pub(crate) fn kw(&self, name: &str) -> Option<&Value> {
        self.kw.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub(crate) fn deps(&self) -> Deps {
        let mut d = Deps::none();
        for v in self.pos.iter().chain(self.kw.iter().map(|(_, v)| v)) {
            d = d.union(&v.all_deps());
        }
        d
    }
}

pub(crate) fn is_builtin(name: &str) -> bool {
    // A match compiles to a jump on length and bytes: this runs for every
    // name that is not a local or a global.
    matches!(
        name,
        "bool"
            | "int"
            | "float"
            | "str"
            | "bytes"
            | "list"
            | "tuple"
            | "dict"
            | "set"
            | "frozenset"
            | "len"
            | "sorted"
            | "reversed"
            | "min"
            | "max"
            | "sum"
            | "any"
            | "all"
            | "range"
            | "enumerate"
            | "zip"
            | "map"
            | "filter"
            | "isinstance"
            | "repr"
            | "abs"
            | "round"
            | "print"
            | "getattr"
            | "hasattr"
            | "open"
            | "type"
            | "callable"
            | "iter"
            | "next"
            | "hash"
            | "format"
            | "divmod"
            | "ord"
            | "chr"
            | "object"
            | "super"
            | "vars"
            | "locals"
            | "globals"
            | "id"
            | "Exception"
            | "BaseException"
            | "ValueError"
            | "KeyError"
            | "TypeError"
            | "ImportError"
            | "ModuleNotFoundError"
            | "AttributeError"
            | "IndexError"
            | "NameError"
            | "OSError"
            | "IOError"
            | "FileNotFoundError"
            | "RuntimeError"
            | "AssertionError"
            | "LookupError"
            | "ZeroDivisionError"
            | "EnvironmentError"
            | "__import__"
            | "exec"
            | "eval"
            | "compile"
            | "input"
            // The rest of Python's builtins: golive does not model them, but
            // naming one is never a NameError.
            | "dir"
            | "setattr"
            | "delattr"
            | "issubclass"
            | "bin"
            | "hex"
            | "oct"
            | "pow"
            | "ascii"
            | "bytearray"
            | "memoryview"
            | "complex"
            | "slice"
            | "property"
            | "classmethod"
            | "staticmethod"
            | "help"
            | "breakpoint"
            | "exit"
            | "quit"
            | "aiter"
            | "anext"
            | "NotImplemented"
            | "Ellipsis"
            | "__build_class__"
            | "__debug__"
            | "OverflowError"
            | "StopIteration"
            | "NotImplementedError"
            | "PermissionError"
            | "UnicodeDecodeError"
            | "UnicodeEncodeError"
            | "Warning"
            | "DeprecationWarning"
            | "UserWarning"
            | "SystemExit"
            | "KeyboardInterrupt"
            | "ArithmeticError"
            | "ConnectionError"
            | "TimeoutError"
            | "IsADirectoryError"
            | "NotADirectoryError"
    )
}

impl Interp<'_> {
    pub(crate) fn eval_call(
        &mut self,
        frame: &mut Frame,
        call: &ast::ExprCall,
    ) -> EvalResult<Value> {
        let callee = self.eval(frame, &call.func)?;
        let mut args = Args::default();
        for a in call.arguments.args.iter() {
            if let Expr::Starred(s) = a {
                let v = self.eval(frame, &s.value)?;
                match self.iterate(&v) {
                    Ok(items) => args.pos.extend(items),
                    Err(Flow::Unknown(r, d)) => {
                        return Ok(Value::unknown(r.to_string()).add_deps(&d));
                    }
                    Err(e) => return Err(e),
                }
            } else {
                args.pos.push(self.eval(frame, a)?);
            }
        }
        for k in call.arguments.keywords.iter() {
            let v = self.eval(frame, &k.value)?;
            match &k.arg {
                Some(name) => args.kw.push((name.to_string(), v)),
                None => match &v.v {
                    V::Dict(d) => {
                        for (key, val) in d.borrow().entries.iter() {
                            if let Some(s) = key.as_str() {
                                args.kw.push((s.to_string(), val.clone()));
                            }
                        }
                    }
                    _ => return Ok(unknown_like(&v)),
                },
            }
        }
        if let V::Object(o) = &callee.v
            && let Object::External(name) = &**o
            && !is_builtin(name)
        {
            if self.calls.len() < 10_000 {
                self.calls.push(super::CallFact {
                    callee: name.to_string(),
                    args: args.pos.clone(),
                    kwargs: args.kw.clone(),
                    span: frame.span(call.range()),
                });
            }
            // A library that receives a module's namespace may write any
            // setting into it.
            let given = namespaces_in(&args);
            // Calls golive follows itself write what they write.
            let modelled = matches!(&**name, "split_settings.tools.include");
            for m in given.into_iter().filter(|_| !modelled) {
                self.open_namespace(
                    &m,
                    &format!("`{name}()`, which receives the module's namespace"),
                );
            }
        }
        self.call_value(frame, &callee, args)
    }

    pub(crate) fn call_value(
        &mut self,
        frame: &mut Frame,
        callee: &Value,
        args: Args,
    ) -> EvalResult<Value> {
        self.tick()?;
        match &callee.v {
            V::Unknown(_) => Ok(callee.clone().add_deps(&args.deps())),
            // django-environ's `Path` is callable: `root("static")` joins
            // and returns a str. A pathlib path is not callable.
            V::EnvPath(root) => {
                let mut parts = vec![Value::str(root.clone())];
                parts.extend(args.pos.iter().cloned());
                let deps = callee.all_deps().union(&args.deps());
                Ok(
                    match self.environ_absolute_join(&parts, args.kw("required"))? {
                        Ok(p) => Value::str(p),
                        Err(unknown) => unknown,
                    }
                    .add_deps(&deps),
                )
            }
            V::Object(o) => match &**o {
                Object::Function(f) => self.call_function(f.clone(), args),
                Object::External(name) => {
                    let name = name.clone();
                    self.call_external(frame, &name, args)
                }
                Object::BoundMethod { recv, name } => {
                    let (recv, name) = (recv.clone(), name.clone());
                    self.call_method(frame, &recv, &name, args)
                }
                Object::EnvReader(reader) => {
                    let reader = reader.clone();
                    self.environ_call(&reader, args)
                }
                Object::Csv { .. } => {
                    let csv = callee.clone();
                    self.decouple_csv(
                        frame,
                        &csv,
                        args.pos.first().cloned().unwrap_or_else(Value::none),
                    )
                }
                Object::Choices { valid, cast } => {
                    let value = args.pos.first().cloned().unwrap_or_else(Value::none);
                    let (valid, cast) = (valid.clone(), cast.clone());
                    let transformed =
                        self.call_value(frame, &cast, Args::new(vec![value.clone()]))?;
                    if transformed.is_unknown() {
                        return Ok(transformed);
                    }
                    if !valid.iter().any(|v| py_eq(v, &transformed) == Some(true)) {
                        return Err(Flow::Raise(Exc {
                            kind: Rc::from("ValueError"),
                            msg: format!("Value not in list: {}", value.repr()),
                            deps: value.all_deps(),
                            missing_variable: None,
                        }));
                    }
                    Ok(transformed)
                }
                Object::DecoupleConfig(search) => {
                    let search = search.clone();
                    self.decouple_get(frame, search.as_deref(), &args)
                }
                Object::Module(m) => Err(raise(
                    "TypeError",
                    format!("'module' object {} is not callable", m.name),
                )),
                Object::ParsedUrl(_) => {
                    Err(raise("TypeError", "'ParseResult' object is not callable"))
                }
                Object::Class(c) => {
                    // An instance; `__init__` is not run. Given a module's
                    // namespace (`Settings(globals())`), it may write any
                    // setting into it.
                    for m in namespaces_in(&args) {
                        self.open_namespace(
                            &m,
                            &format!("`{}()`, which receives the module's namespace", c.name),
                        );
                    }
                    Ok(Value::object(Object::Instance(c.clone())))
                }
                Object::BoundFunction { func, recv } => {
                    let (func, recv) = (func.clone(), recv.clone());
                    let mut pos = vec![recv];
                    pos.extend(args.pos);
                    self.call_function(func, Args { pos, kw: args.kw })
                }
                Object::Namespace(_)
                | Object::OpenFile(_)
                | Object::FileContent(_)
                | Object::OptionalInclude(_)
                | Object::Instance(_)
                | Object::Super { .. }
                | Object::LazyImport { .. }
                | Object::ConfigValue(_) => Err(raise(
                    "TypeError",
                    format!("'{}' object is not callable", callee.type_name()),
                )),
            },
            _ => Err(raise(
                "TypeError",
                format!("'{}' object is not callable", callee.type_name()),
            )),
        }
    }

    pub(crate) fn call_function(&mut self, f: Rc<FunctionObj>, args: Args) -> EvalResult<Value> {
        let owner = f.owner.borrow().as_ref().and_then(std::rc::Weak::upgrade);
        match (owner, args.pos.first()) {
            (Some(owner), Some(recv)) if f.kind != super::classes::MethodKind::Static => {
                self.method_stack.push((owner, recv.clone()));
                let r = self.call_function_inner(f, args);
                self.method_stack.pop();
                r
            }
            _ => self.call_function_inner(f, args),
        }
    }

    fn call_function_inner(&mut self, f: Rc<FunctionObj>, args: Args) -> EvalResult<Value> {
        if self.call_depth >= MAX_CALL_DEPTH {
            return Ok(Value::unknown("calls nested too deeply (recursion)"));
        }
        let def = f.def();
        if matches!(f.body, FunctionBody::Def(_)) && def.is_none() {
            return Ok(Value::unknown(format!(
                "the body of `{}()` was not found",
                f.name
            )));
        }
        let params = match &f.body {
            FunctionBody::Def(_) => def.map(|d| &*d.parameters),
            FunctionBody::Lambda(l) => l.parameters.as_deref(),
        };
        let mut locals = super::Locals::default();
        if let Some(params) = params {
            let positional: Vec<&ast::ParameterWithDefault> = params
                .posonlyargs
                .iter()
                .chain(params.args.iter())
                .collect();
            let mut pos_iter = args.pos.iter();
            for p in &positional {
                let name = p.parameter.name.as_str();
                let value = if let Some(v) = pos_iter.next() {
                    v.clone()
                } else if let Some(v) = args.kw(name) {
                    v.clone()
                } else if let Some((_, d)) = f.defaults.iter().find(|(n, _)| n == name) {
                    d.clone()
                } else {
                    return Err(raise(
                        "TypeError",
                        format!("{}() missing required argument: '{name}'", f.name),
                    ));
                };
                locals.insert(Rc::from(name), value);
            }
            let extra: Vec<Value> = pos_iter.cloned().collect();
            if let Some(va) = &params.vararg {
                locals.insert(Rc::from(va.name.as_str()), Value::tuple(extra));
            } else if !extra.is_empty() {
                return Err(raise(
                    "TypeError",
                    format!(
                        "{}() takes {} positional arguments",
                        f.name,
                        positional.len()
                    ),
                ));
            }
            for p in &params.kwonlyargs {
                let name = p.parameter.name.as_str();
                let value = match args
                    .kw(name)
                    .or_else(|| f.defaults.iter().find(|(n, _)| n == name).map(|(_, d)| d))
                {
                    Some(v) => v.clone(),
                    None => {
                        return Err(raise(
                            "TypeError",
                            format!("{}() missing keyword argument: '{name}'", f.name),
                        ));
                    }
                };
                locals.insert(Rc::from(name), value);
            }
            let known: Vec<&str> = positional
                .iter()
                .map(|p| p.parameter.name.as_str())
                .chain(params.kwonlyargs.iter().map(|p| p.parameter.name.as_str()))
                .collect();
            let extra_kw: Vec<(Value, Value)> = args
                .kw
                .iter()
                .filter(|(k, _)| !known.contains(&k.as_str()))
                .map(|(k, v)| (Value::str(k.as_str()), v.clone()))
                .collect();
            if let Some(kwarg) = &params.kwarg {
                locals.insert(Rc::from(kwarg.name.as_str()), Value::dict(extra_kw));
            } else if !extra_kw.is_empty() {
                return Err(raise(
                    "TypeError",
                    format!("{}() got an unexpected keyword argument", f.name),
                ));
            }
        }
        let mut frame = Frame::new(f.module.clone(), f.file.clone(), Some(locals));
        self.call_depth += 1;
        let saved_try = self.try_depth;
        let result = match &f.body {
            FunctionBody::Lambda(l) => self.eval(&mut frame, &l.body),
            FunctionBody::Def(_) => {
                match self.exec_block(&mut frame, def.map_or(&[][..], |d| &d.body[..])) {
                    Ok(()) => Ok(Value::none()),
                    Err(Flow::Return(v)) => Ok(v),
                    Err(Flow::Unknown(reason, deps)) => Ok(Value::unknown(format!(
                        "the result of `{}()` {reason}",
                        f.name
                    ))
                    .add_deps(&deps)),
                    Err(Flow::Break | Flow::Continue) => Ok(Value::none()),
                    Err(e) => Err(e),
                }
            }
        };
        self.try_depth = saved_try;
        self.call_depth -= 1;
        result
    }

    pub(crate) fn getattr(&mut self, base: &Value, attr: &str) -> EvalResult<Value> {
        let deps = base.deps.clone();
        let bound = |attr: &str| {
            Value::object(Object::BoundMethod {
                recv: base.clone(),
                name: Rc::from(attr),
            })
        };
        let out = match &base.v {
            V::Unknown(_) => return Ok(base.clone()),
            V::Object(o) => match &**o {
                Object::Module(m) if attr == "__dict__" => {
                    Value::object(Object::Namespace(m.clone()))
                }
                Object::Module(m) => match m.get(attr) {
                    Some(b) if b.value.is_lazy() => {
                        let m = m.clone();
                        self.force_lazy(&m, attr, b.value)
                    }
                    Some(b) => b.value,
                    None => {
                        let sub = format!("{}.{attr}", m.name);
                        match self.import_project(&sub, None) {
                            Ok(Some(sm)) => Value::object(Object::Module(sm)),
                            Ok(None) if self.is_unread_module(&sub) => Value::unknown(format!(
                                "the module `{sub}`, which golive does not read"
                            )),
                            _ => {
                                return Err(raise(
                                    "AttributeError",
                                    format!("module '{}' has no attribute '{attr}'", m.name),
                                ));
                            }
                        }
                    }
                },
                Object::External(name) => return Ok(self.external_attr(name, attr)),
                Object::EnvReader(_) | Object::DecoupleConfig(_) => bound(attr),
                Object::Class(c) | Object::Instance(c) => {
                    let c = c.clone();
                    return self.class_getattr(&c, attr, base);
                }
                Object::Super { owner, recv } => {
                    let (owner, recv) = (owner.clone(), recv.clone());
                    return self.super_getattr(&owner, &recv, attr);
                }
                Object::ParsedUrl(u) => match attr {
                    "scheme" => Value::str(u.scheme.as_str()),
                    "netloc" => Value::str(u.netloc.as_str()),
                    "path" => Value::str(u.path.as_str()),
                    "query" => Value::str(u.query.as_str()),
                    "fragment" => Value::str(u.fragment.as_str()),
                    "hostname" => u.hostname().map_or_else(Value::none, Value::str),
                    "username" => u.username().map_or_else(Value::none, Value::str),
                    "password" => u.password().map_or_else(Value::none, Value::str),
                    "port" => match u.port() {
                        Ok(p) => p.map_or_else(Value::none, Value::int),
                        Err(e) => return Err(raise("ValueError", e.0)),
                    },
                    _ => bound(attr),
                },
                _ => bound(attr),
            },
            V::Path(p) => match attr {
                "parent" => Value::new(V::Path(Rc::from(paths::parent(p)))),
                "name" => Value::str(paths::name(p)),
                "stem" => Value::str(paths::stem(p)),
                "suffix" => Value::str(paths::suffix(p)),
                "parents" => {
                    let mut out = Vec::new();
                    let mut cur = p.to_string();
                    loop {
                        let next = paths::parent(&cur);
                        if next == cur {
                            break;
                        }
                        out.push(Value::new(V::Path(Rc::from(next.as_str()))));
                        cur = next;
                    }
                    Value::tuple(out)
                }
                "parts" => {
                    let mut parts: Vec<Value> = Vec::new();
                    if p.starts_with('/') {
                        parts.push(Value::str("/"));
                    }
                    parts.extend(p.split('/').filter(|s| !s.is_empty()).map(Value::str));
                    Value::tuple(parts)
                }
                _ => bound(attr),
            },
            // django-environ's `Path` has these and nothing of pathlib's.
            V::EnvPath(p) => match attr {
                "root" => Value::str(p.clone()),
                "path" | "file" | "find" | "rfind" | "__str__" | "__fspath__" | "__repr__" => {
                    bound(attr)
                }
                _ => {
                    return Err(raise(
                        "AttributeError",
                        format!("'Path' object has no attribute '{attr}'"),
                    ));
                }
            },
            _ => bound(attr),
        };
        Ok(out.add_deps(&deps))
    }

    pub(crate) fn call_method(
        &mut self,
        frame: &mut Frame,
        recv: &Value,
        name: &str,
        args: Args,
    ) -> EvalResult<Value> {
        if let V::Object(o) = &recv.v {
            match &**o {
                _ if name == "__configuration_hook__" => return Ok(Value::none()),
                Object::Class(_) | Object::Instance(_) | Object::Super { .. } => {
                    let method = self.getattr(recv, name)?;
                    return self.call_value(frame, &method, args);
                }
                Object::EnvReader(reader) => {
                    let reader = reader.clone();
                    return self.environ_method(frame, &reader, name, args);
                }
                Object::DecoupleConfig(search) => {
                    let search = search.clone();
                    return match name {
                        "get" | "__call__" => self.decouple_get(frame, search.as_deref(), &args),
                        _ => Ok(Value::unknown(format!("decouple config `.{name}()`"))),
                    };
                }
                _ => {}
            }
        }
        for a in args.pos.iter().chain(args.kw.iter().map(|(_, v)| v)) {
            if a.is_unknown()
                && !matches!(
                    name,
                    "get"
                        | "setdefault"
                        | "append"
                        | "insert"
                        | "extend"
                        | "update"
                        | "pop"
                        | "add"
                )
            {
                return Ok(unknown_like(a).add_deps(&recv.all_deps()));
            }
        }
        // A value from an installed package golive does not model could be
        // of any type: a method given one has an unknown result, except
        // storing it in a container.
        if let Some(a) = args
            .pos
            .iter()
            .chain(args.kw.iter().map(|(_, v)| v))
            .find(|a| a.is_external())
            && !matches!(name, "append" | "insert" | "add")
        {
            return Ok(unknown_like(a).add_deps(&recv.all_deps()));
        }
        let deps = recv.deps.clone();
        let out = match &recv.v {
            V::Str(s) => str_method(self, s, name, &args)?,
            V::Bytes(b) => match name {
                "decode" => Value::str(String::from_utf8_lossy(b).into_owned()),
                _ => return Ok(Value::unknown(format!("bytes.{name}()"))),
            },
            V::List(items) => list_method(self, recv, items, name, &args)?,
            V::Tuple(items) => match name {
                "index" => index_of(items, args.pos.first())?,
                "count" => Value::int(
                    items
                        .iter()
                        .filter(|i| args.pos.first().is_some_and(|x| py_eq(i, x) == Some(true)))
                        .count() as i64,
                ),
                _ => {
                    return Err(raise(
                        "AttributeError",
                        format!("'tuple' object has no attribute '{name}'"),
                    ));
                }
            },
            V::Dict(d) => dict_method(self, recv, d, name, &args)?,
            V::Set(items) => set_method(recv, items, name, &args)?,
            V::Path(p) => self.path_method(p, name, &args)?,
            V::EnvPath(p) => match name {
                // `root.path("media")`: `Path(root, *paths, **kwargs)`.
                "path" => self.environ_path_new(
                    Value::str(p.clone()),
                    &args.pos,
                    args.kw("is_file"),
                    args.kw("required"),
                )?,
                "find" | "rfind" => str_method(self, p, name, &args)?,
                "__str__" | "__fspath__" => Value::str(p.clone()),
                "__repr__" => Value::str(format!("<Path:{p}>")),
                "file" => Value::unknown(format!("reads `{p}` from the filesystem at run time")),
                _ => {
                    return Err(raise(
                        "AttributeError",
                        format!("'Path' object has no attribute '{name}'"),
                    ));
                }
            },
            V::Unknown(_) => return Ok(recv.clone()),
            V::Object(o) => match &**o {
                Object::OpenFile(p) => match name {
                    "read" => Value::object(Object::FileContent(p.clone())),
                    "__enter__" => recv.clone(),
                    _ => Value::unknown(format!("reads `{p}` from the filesystem at run time")),
                },
                Object::FileContent(p) => {
                    Value::unknown(format!("reads `{p}` from the filesystem at run time"))
                }
                Object::Namespace(m) => {
                    let m = m.clone();
                    return self.namespace_method(&m, name, &args);
                }
                Object::ParsedUrl(u) => match name {
                    "geturl" => Value::str(format!("{}://{}{}", u.scheme, u.netloc, u.path)),
                    _ => Value::unknown(format!("ParseResult.{name}()")),
                },
                _ => Value::unknown(format!(
                    "a method `.{name}()` of an object golive does not model"
                )),
            },
            V::None | V::Bool(_) | V::Int(_) | V::Float(_) => match name {
                "total_seconds" | "bit_length" | "is_integer" | "real" => {
                    Value::unknown(format!("`.{name}()`"))
                }
                _ => {
                    return Err(raise(
                        "AttributeError",
                        format!("'{}' object has no attribute '{name}'", recv.type_name()),
                    ));
                }
            },
        };
        let _ = frame;
        Ok(out.add_deps(&deps).add_deps(&args.deps()))
    }

    fn path_method(&mut self, p: &str, name: &str, args: &Args) -> EvalResult<Value> {
        let path = |s: String| Value::new(V::Path(Rc::from(s)));
        Ok(match name {
            "resolve" | "absolute" => {
                if p.starts_with('/') {
                    path(if name == "resolve" {
                        paths::resolve(&self.loader.root, p)
                    } else {
                        p.to_string()
                    })
                } else {
                    Value::unknown(paths::RELATIVE_MADE_ABSOLUTE)
                }
            }
            "joinpath" => {
                let mut cur = p.to_string();
                for a in &args.pos {
                    match self.to_str(a) {
                        Some(s) => cur = paths::path_join(&cur, &s),
                        None => return Ok(unknown_like(a)),
                    }
                }
                path(cur)
            }
            "as_posix" | "__str__" | "__fspath__" => Value::str(p),
            "exists" | "is_file" | "is_dir" => self.exists_check(p, name),
            "mkdir" | "touch" | "chmod" => Value::none(),
            "with_name" => match args.pos.first().and_then(Value::as_str) {
                Some(n) => path(paths::path_join(&paths::parent(p), n)),
                None => Value::unknown("Path.with_name"),
            },
            "with_suffix" => match args.pos.first().and_then(Value::as_str) {
                Some(sfx) => {
                    let stem = paths::stem(p);
                    path(paths::path_join(&paths::parent(p), &format!("{stem}{sfx}")))
                }
                None => Value::unknown("Path.with_suffix"),
            },
            "expanduser" => {
                if p.starts_with('~') {
                    Value::unknown("a path under the home directory of the process user")
                } else {
                    path(p.to_string())
                }
            }
            "read_text" | "read_bytes" | "open" | "iterdir" | "glob" | "rglob" | "stat" => {
                if matches!(name, "read_text" | "read_bytes" | "open" | "stat") {
                    self.file_read_risk_at(p)?;
                }
                Value::unknown(format!("reads `{p}` from the filesystem at run time"))
            }
            _ => Value::unknown(format!("Path.{name}()")),
        })
    }

    /// `os.path.exists` and friends: answered from disk for paths inside
    /// the audited project (they ship with it), unknown elsewhere.
    pub(crate) fn exists_check(&mut self, p: &str, kind: &str) -> Value {
        let path = std::path::Path::new(p);
        let inside = path.is_absolute() && paths::lies_inside(&self.loader.root, p);
        if !inside {
            // With nothing set up beyond the checkout (the unset scenario),
            // a file outside it does not exist.
            if self.scenario == super::ScenarioKind::Unset {
                return Value::bool(false).add_deps(&Deps::one(&format!("file:{p}")));
            }
            return Value::unknown(format!("whether `{p}` exists on the deployed machine"));
        }
        let r = match kind {
            "is_file" | "isfile" => path.is_file(),
            "is_dir" | "isdir" => path.is_dir(),
            _ => path.exists(),
        };
        Value::bool(r)
    }
}

impl Interp<'_> {
    /// Reading the file at `path` (as the settings would, relative to the
    /// working directory: taken as the settings module's directory for a
    /// relative path).
    pub(super) fn file_read_risk(&mut self, frame: &Frame, path: &str) -> EvalResult<()> {
        let p = std::path::Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            frame
                .module
                .disk_path
                .parent()
                .unwrap_or(&self.loader.root)
                .join(p)
        };
        self.file_read_risk_at(&full.to_string_lossy())
    }

    /// A file the checkout does not hold may be absent in production: with
    /// every variable unset (the scenario of a bare deployment), it is
    /// absent, and reading it raises; in the configured scenario the read
    /// may fail, which a surrounding `try` must allow for.
    pub(crate) fn file_read_risk_at(&mut self, path: &str) -> EvalResult<()> {
        let full = golive_source::normalize_lexically(std::path::Path::new(path));
        // Inside first: a path outside the project is not asked of the disk.
        if full.starts_with(&self.loader.root) && crate::loader::is_regular_file(&full) {
            return Ok(());
        }
        let inside = full.starts_with(&self.loader.root);
        let shown = if inside {
            golive_source::display_path(&self.loader.root, &full)
        } else {
            full.to_string_lossy().to_string()
        };
        let deps = Deps::one(&format!("file:{shown}"));
        // The unset scenario is a deployment with nothing beyond the
        // checkout: no variables, no files it does not hold.
        if self.scenario == super::ScenarioKind::Unset {
            return Err(Flow::Raise(Exc {
                kind: Rc::from("FileNotFoundError"),
                msg: format!("No such file or directory: '{shown}' (not in the checkout)"),
                deps,
                missing_variable: None,
            }));
        }
        self.may_raise
            .push(("FileNotFoundError", format!("reading `{shown}`"), deps));
        Ok(())
    }

    /// `globals().update(...)`, `.setdefault()`, `.get()`: a module's
    /// namespace used as a dict.
    fn namespace_method(
        &mut self,
        m: &Rc<super::ModuleObj>,
        name: &str,
        args: &Args,
    ) -> EvalResult<Value> {
        match name {
            "update" => {
                for mapping in &args.pos {
                    match &mapping.v {
                        V::Object(o) if matches!(&**o, Object::Namespace(_)) => {
                            let Object::Namespace(src) = &**o else {
                                unreachable!()
                            };
                            let bindings: Vec<(Rc<str>, super::Binding)> = src
                                .ns
                                .borrow()
                                .iter()
                                .filter(|(k, _)| !k.starts_with("__"))
                                .map(|(k, b)| (k.clone(), b.clone()))
                                .collect();
                            for (k, b) in bindings {
                                m.ns.borrow_mut().insert(k, b);
                            }
                            let opened = src.open.borrow().clone();
                            if let Some(origin) = opened {
                                self.open_namespace_as(m, origin);
                            }
                        }
                        V::Dict(d) => {
                            let entries = d.borrow().entries.clone();
                            for (k, v) in entries {
                                match k.as_str() {
                                    Some(k) => self.bind_in_module(m, k, v),
                                    None => self.open_namespace(
                                        m,
                                        "`globals().update()` with a key golive cannot know",
                                    ),
                                }
                            }
                        }
                        _ => self.open_namespace(
                            m,
                            "`globals().update()` with a mapping golive cannot know",
                        ),
                    }
                }
                for (k, v) in &args.kw {
                    self.bind_in_module(m, k, v.clone());
                }
                Ok(Value::none())
            }
            "setdefault" => {
                let Some(key) = args.pos.first().and_then(Value::as_str).map(str::to_string) else {
                    self.open_namespace(
                        m,
                        "`globals().setdefault()` with a key golive cannot know",
                    );
                    return Ok(Value::unknown("globals().setdefault()"));
                };
                if let Some(b) = m.get(&key) {
                    return Ok(b.value);
                }
                let v = args.pos.get(1).cloned().unwrap_or_else(Value::none);
                self.bind_in_module(m, &key, v.clone());
                Ok(v)
            }
            "get" => {
                let Some(key) = args.pos.first().and_then(Value::as_str) else {
                    return Ok(Value::unknown("globals().get()"));
                };
                Ok(m.get(key)
                    .map(|b| b.value)
                    .unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or_else(Value::none)))
            }
            "keys" | "__iter__" => {
                let names: Vec<Value> =
                    m.ns.borrow()
                        .keys()
                        .map(|k| Value::str(k.clone()))
                        .collect();
                Ok(Value::list(names))
            }
            "pop" => {
                let Some(key) = args.pos.first().and_then(Value::as_str) else {
                    return Ok(Value::unknown("globals().pop()"));
                };
                let removed = m.ns.borrow_mut().remove(key);
                Ok(removed
                    .map(|b| b.value)
                    .unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or_else(Value::none)))
            }
            _ => Ok(Value::unknown(format!(
                "`globals().{name}()`, which golive does not model"
            ))),
        }
    }
}

/// The module namespaces among a call's arguments (`globals()`,
/// `sys.modules[__name__]`).
fn namespaces_in(args: &Args) -> Vec<Rc<super::ModuleObj>> {
    args.pos
        .iter()
        .chain(args.kw.iter().map(|(_, v)| v))
        .filter_map(|v| match &v.v {
            V::Object(o) => match &**o {
                Object::Namespace(m) | Object::Module(m) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn index_of(items: &[Value], needle: Option<&Value>) -> EvalResult<Value> {
    let Some(n) = needle else {
        return Err(raise("TypeError", "index() takes an argument"));
    };
    match items.iter().position(|i| py_eq(i, n) == Some(true)) {
        Some(p) => Ok(Value::int(p as i64)),
        None => Err(raise("ValueError", format!("{} is not in list", n.repr()))),
    }
}

/// Typed access to a str method's arguments, by position or keyword.
struct StrArgs<'a>(&'a Args);

impl StrArgs<'_> {
    fn str(&self, i: usize, n: &str) -> Option<String> {
        self.0.get(i, n).and_then(Value::as_str).map(str::to_string)
    }

    fn int(&self, i: usize, n: &str, default: i64) -> i64 {
        match self.0.get(i, n).and_then(num) {
            Some(Num::I(x)) => x,
            _ => default,
        }
    }
}

fn str_method(interp: &mut Interp<'_>, s: &str, name: &str, args: &Args) -> EvalResult<Value> {
    let arg_str = |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
    let arg_opt_str = |i: usize, n: &str| -> Option<Option<String>> {
        match args.get(i, n) {
            None => Some(None),
            Some(Value { v: V::None, .. }) => Some(None),
            Some(v) => v.as_str().map(|s| Some(s.to_string())),
        }
    };
    let arg_int = |i: usize, n: &str, default: i64| match args.get(i, n).and_then(num) {
        Some(Num::I(x)) => x,
        _ => default,
    };
    let strs = |v: Vec<String>| Value::list(v.into_iter().map(Value::str).collect());
    Ok(match name {
        "lower" | "casefold" => Value::str(s.to_lowercase()),
        "upper" => Value::str(s.to_uppercase()),
        "title" => Value::str(title_case(s)),
        "capitalize" => {
            let mut c = s.chars();
            Value::str(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "swapcase" => Value::str(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect::<String>(),
        ),
        "strip" | "lstrip" | "rstrip" => {
            let Some(chars) = arg_opt_str(0, "chars") else {
                return Err(raise("TypeError", "strip arg must be None or str"));
            };
            let pred = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            Value::str(match name {
                "strip" => s.trim_matches(pred),
                "lstrip" => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            })
        }
        "split" | "rsplit" => {
            let Some(sep) = arg_opt_str(0, "sep") else {
                return Err(raise("TypeError", "must be str or None"));
            };
            let maxsplit = arg_int(1, "maxsplit", -1);
            strs(py_split(s, sep.as_deref(), maxsplit, name == "rsplit")?)
        }
        "splitlines" => strs(s.lines().map(str::to_string).collect()),
        "startswith" | "endswith" => return str_affix(s, name, args),
        "replace" => return str_replace(s, args),
        "join" => return str_join(interp, s, args),
        "format" => match str_format(interp, s, args) {
            Some(r) => Value::str(r),
            None => Value::unknown("a str.format() golive cannot apply"),
        },
        "find" | "rfind" | "index" | "rindex" | "count" => return str_find(s, name, args),
        "isdigit" | "isdecimal" | "isnumeric" => Value::bool(
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_digit() || (name != "isdecimal" && c.is_numeric())),
        ),
        "isalpha" => Value::bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
        "isalnum" => Value::bool(!s.is_empty() && s.chars().all(char::is_alphanumeric)),
        "isspace" => Value::bool(!s.is_empty() && s.chars().all(char::is_whitespace)),
        "islower" => {
            Value::bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase))
        }
        "isupper" => {
            Value::bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase))
        }
        "isidentifier" => Value::bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        ),
        "partition" | "rpartition" => return str_partition(s, name, args),
        "removeprefix" => Value::str(
            arg_str(0, "prefix")
                .and_then(|p| s.strip_prefix(p.as_str()).map(str::to_string))
                .unwrap_or_else(|| s.to_string()),
        ),
        "removesuffix" => Value::str(
            arg_str(0, "suffix")
                .and_then(|p| s.strip_suffix(p.as_str()).map(str::to_string))
                .unwrap_or_else(|| s.to_string()),
        ),
        "encode" => Value::new(V::Bytes(s.as_bytes().into())),
        "zfill" | "ljust" | "rjust" | "center"
            if usize::try_from(arg_int(0, "width", 0)).is_ok_and(|w| !crate::value::fits(w)) =>
        {
            return Ok(Value::unknown(crate::value::too_large(
                usize::try_from(arg_int(0, "width", 0)).unwrap_or(usize::MAX),
            )));
        }
        "zfill" => {
            let w = arg_int(0, "width", 0).max(0) as usize;
            let n = s.chars().count();
            Value::str(if n >= w {
                s.to_string()
            } else {
                "0".repeat(w - n) + s
            })
        }
        "ljust" | "rjust" | "center" => return str_justify(s, name, args),
        _ => {
            return Err(raise(
                "AttributeError",
                format!("'str' object has no attribute '{name}'"),
            ));
        }
    })
}

/// `startswith`/`endswith` with a string or a tuple of strings.
fn str_affix(s: &str, name: &str, args: &Args) -> EvalResult<Value> {
    let prefixes: Vec<String> = match args.pos.first() {
        Some(Value { v: V::Str(p), .. }) => vec![p.to_string()],
        Some(v) => match v.elements() {
            Some(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            None => {
                return Err(raise(
                    "TypeError",
                    "startswith first arg must be str or a tuple of str",
                ));
            }
        },
        None => return Err(raise("TypeError", "startswith takes an argument")),
    };
    Ok(Value::bool(prefixes.iter().any(|p| {
        if name == "startswith" {
            s.starts_with(p.as_str())
        } else {
            s.ends_with(p.as_str())
        }
    })))
}

/// `replace(old, new, count)`, refusing a result too large to build.
fn str_replace(s: &str, args: &Args) -> EvalResult<Value> {
    let a = StrArgs(args);
    let (Some(old), Some(new)) = (a.str(0, "old"), a.str(1, "new")) else {
        return Err(raise("TypeError", "replace() takes strings"));
    };
    let count = a.int(2, "count", -1);
    // The result's length, before building it.
    let matches = if old.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(old.as_str()).count()
    };
    let matches = if count < 0 {
        matches
    } else {
        matches.min(usize::try_from(count).unwrap_or(usize::MAX))
    };
    let n = (s.len() - matches.saturating_mul(old.len()).min(s.len()))
        .saturating_add(matches.saturating_mul(new.len()));
    if !crate::value::fits(n) {
        return Ok(Value::unknown(crate::value::too_large(n)));
    }
    Ok(Value::str(if count < 0 {
        s.replace(&old, &new)
    } else {
        s.replacen(&old, &new, count as usize)
    }))
}

/// `sep.join(iterable)`: every item must be a str, as CPython requires.
fn str_join(interp: &mut Interp<'_>, s: &str, args: &Args) -> EvalResult<Value> {
    let items = match args.pos.first() {
        Some(v) => match interp.iterate(v) {
            Ok(items) => items,
            Err(Flow::Unknown(r, d)) => {
                return Ok(Value::unknown(r.to_string()).add_deps(&d));
            }
            Err(e) => return Err(e),
        },
        None => return Err(raise("TypeError", "join() takes one argument")),
    };
    let mut parts = Vec::new();
    let mut deps = Deps::none();
    let total = items
        .iter()
        .fold(s.len().saturating_mul(items.len()), |n, i| {
            n.saturating_add(i.as_str().map_or(0, str::len))
        });
    if !crate::value::fits(total) {
        return Ok(Value::unknown(crate::value::too_large(total)));
    }
    for i in &items {
        deps = deps.union(&i.all_deps());
        match &i.v {
            V::Str(x) => parts.push(x.to_string()),
            V::Unknown(_) => return Ok(unknown_like(i)),
            _ => {
                return Err(raise(
                    "TypeError",
                    format!(
                        "sequence item: expected str instance, {} found",
                        i.type_name()
                    ),
                ));
            }
        }
    }
    Ok(Value::str(parts.join(s)).add_deps(&deps))
}

/// `find`, `rfind`, `index`, `rindex` and `count` (positions in characters).
fn str_find(s: &str, name: &str, args: &Args) -> EvalResult<Value> {
    let a = StrArgs(args);
    let Some(sub) = a.str(0, "sub") else {
        return Err(raise("TypeError", "must be str"));
    };
    if name == "count" {
        return Ok(Value::int(if sub.is_empty() {
            s.chars().count() as i64 + 1
        } else {
            s.matches(sub.as_str()).count() as i64
        }));
    }
    let pos = if name.starts_with('r') {
        s.rfind(sub.as_str())
    } else {
        s.find(sub.as_str())
    };
    Ok(match pos {
        Some(p) => Value::int(s[..p].chars().count() as i64),
        None if name.ends_with("index") => {
            return Err(raise("ValueError", "substring not found"));
        }
        None => Value::int(-1),
    })
}

/// `partition`/`rpartition` into a 3-tuple.
fn str_partition(s: &str, name: &str, args: &Args) -> EvalResult<Value> {
    let a = StrArgs(args);
    let Some(sep) = a.str(0, "sep") else {
        return Err(raise("TypeError", "must be str"));
    };
    let found = if name == "partition" {
        s.split_once(sep.as_str())
    } else {
        s.rsplit_once(sep.as_str())
    };
    Ok(match found {
        Some((a, b)) => Value::tuple(vec![Value::str(a), Value::str(sep.as_str()), Value::str(b)]),
        None if name == "partition" => {
            Value::tuple(vec![Value::str(s), Value::str(""), Value::str("")])
        }
        None => Value::tuple(vec![Value::str(""), Value::str(""), Value::str(s)]),
    })
}

/// `ljust`, `rjust` and `center` with a fill character.
fn str_justify(s: &str, name: &str, args: &Args) -> EvalResult<Value> {
    let a = StrArgs(args);
    let w = a.int(0, "width", 0).max(0) as usize;
    let fill = a.str(1, "fillchar").unwrap_or_else(|| " ".into());
    let n = s.chars().count();
    Ok(if n >= w {
        Value::str(s)
    } else {
        let pad = w - n;
        Value::str(match name {
            "ljust" => format!("{s}{}", fill.repeat(pad)),
            "rjust" => format!("{}{s}", fill.repeat(pad)),
            _ => {
                let left = pad / 2 + (pad & w & 1);
                format!("{}{s}{}", fill.repeat(left), fill.repeat(pad - left))
            }
        })
    })
}

fn title_case(s: &str) -> String {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if prev_cased {
                out.extend(c.to_lowercase())
            } else {
                out.extend(c.to_uppercase())
            }
            prev_cased = true;
        } else {
            out.push(c);
            prev_cased = false;
        }
    }
    out
}

/// `str.split` / `str.rsplit`.
pub(crate) fn py_split(
    s: &str,
    sep: Option<&str>,
    maxsplit: i64,
    from_right: bool,
) -> EvalResult<Vec<String>> {
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    match sep {
        Some("") => Err(raise("ValueError", "empty separator")),
        Some(sep) => Ok(if from_right {
            let mut v: Vec<String> = s
                .rsplitn(max.saturating_add(1), sep)
                .map(str::to_string)
                .collect();
            v.reverse();
            v
        } else {
            s.splitn(max.saturating_add(1), sep)
                .map(str::to_string)
                .collect()
        }),
        None => {
            let mut out = Vec::new();
            if from_right {
                let mut rest = s.trim_end();
                while !rest.is_empty() {
                    if out.len() == max {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.rfind(char::is_whitespace) {
                        Some(i) => {
                            let ws = rest[i..].chars().next().map_or(1, char::len_utf8);
                            out.push(rest[i + ws..].to_string());
                            rest = rest[..i].trim_end();
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                }
                out.reverse();
            } else {
                let mut rest = s.trim_start();
                while !rest.is_empty() {
                    if out.len() == max {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.find(char::is_whitespace) {
                        Some(i) => {
                            out.push(rest[..i].to_string());
                            rest = rest[i..].trim_start();
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                }
            }
            Ok(out)
        }
    }
}

fn list_method(
    interp: &mut Interp<'_>,
    recv: &Value,
    items: &Rc<RefCell<Vec<Value>>>,
    name: &str,
    args: &Args,
) -> EvalResult<Value> {
    Ok(match name {
        "append" => {
            items
                .borrow_mut()
                .push(args.pos.first().cloned().unwrap_or_else(Value::none));
            Value::none()
        }
        "extend" => {
            let new = match args.pos.first() {
                Some(v) => match interp.iterate(v) {
                    Ok(n) => n,
                    Err(Flow::Unknown(r, d)) => vec![Value::unknown(r.to_string()).add_deps(&d)],
                    Err(e) => return Err(e),
                },
                None => Vec::new(),
            };
            let n = items.borrow().len().saturating_add(new.len());
            let new = if crate::value::fits_items(n) {
                new
            } else {
                vec![Value::unknown(crate::value::too_large(n))]
            };
            crate::value::charge(new.len() * 32);
            items.borrow_mut().extend(new);
            Value::none()
        }
        "insert" => {
            let idx = match args.pos.first().and_then(num) {
                Some(Num::I(i)) => i,
                _ => return Ok(Value::unknown("list.insert() at an unknown position")),
            };
            let v = args.pos.get(1).cloned().unwrap_or_else(Value::none);
            let mut l = items.borrow_mut();
            let len = l.len() as i64;
            let at = if idx < 0 {
                (idx + len).max(0)
            } else {
                idx.min(len)
            } as usize;
            l.insert(at, v);
            Value::none()
        }
        "remove" => {
            let Some(x) = args.pos.first() else {
                return Err(raise("TypeError", "remove() takes one argument"));
            };
            let pos = items
                .borrow()
                .iter()
                .position(|i| py_eq(i, x) == Some(true));
            match pos {
                Some(p) => {
                    items.borrow_mut().remove(p);
                }
                None => return Err(raise("ValueError", "list.remove(x): x not in list")),
            }
            Value::none()
        }
        "pop" => {
            let mut l = items.borrow_mut();
            if l.is_empty() {
                return Err(raise("IndexError", "pop from empty list"));
            }
            let idx = match args.pos.first().and_then(num) {
                Some(Num::I(i)) => i,
                _ => -1,
            };
            let len = l.len() as i64;
            let at = if idx < 0 { idx + len } else { idx };
            if at < 0 || at >= len {
                return Err(raise("IndexError", "pop index out of range"));
            }
            l.remove(at as usize)
        }
        "index" => index_of(&items.borrow(), args.pos.first())?,
        "count" => Value::int(
            items
                .borrow()
                .iter()
                .filter(|i| args.pos.first().is_some_and(|x| py_eq(i, x) == Some(true)))
                .count() as i64,
        ),
        "copy" => Value::list(items.borrow().clone()),
        "clear" => {
            items.borrow_mut().clear();
            Value::none()
        }
        "reverse" => {
            items.borrow_mut().reverse();
            Value::none()
        }
        "sort" => {
            if args.kw("key").is_some() {
                return Ok(Value::unknown("list.sort() with a key function"));
            }
            let mut ok = true;
            items.borrow_mut().sort_by(|a, b| {
                order(a, b).unwrap_or_else(|| {
                    ok = false;
                    std::cmp::Ordering::Equal
                })
            });
            if args.kw("reverse").and_then(Value::truthy) == Some(true) {
                items.borrow_mut().reverse();
            }
            Value::none()
        }
        _ => {
            let _ = recv;
            return Err(raise(
                "AttributeError",
                format!("'list' object has no attribute '{name}'"),
            ));
        }
    })
}

fn dict_method(
    interp: &mut Interp<'_>,
    recv: &Value,
    d: &Rc<RefCell<Dict>>,
    name: &str,
    args: &Args,
) -> EvalResult<Value> {
    let _ = recv;
    Ok(match name {
        "get" => {
            let Some(k) = args.pos.first() else {
                return Err(raise("TypeError", "get() takes a key"));
            };
            if k.is_unknown() {
                return Ok(k.clone());
            }
            match d.borrow().get(k) {
                Some(v) => v.clone(),
                None => args.pos.get(1).cloned().unwrap_or_else(Value::none),
            }
        }
        "keys" => Value::list(d.borrow().entries.iter().map(|(k, _)| k.clone()).collect()),
        "values" => Value::list(d.borrow().entries.iter().map(|(_, v)| v.clone()).collect()),
        "items" => Value::list(
            d.borrow()
                .entries
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                .collect(),
        ),
        "update" => {
            if let Some(other) = args.pos.first() {
                match &other.v {
                    V::Dict(o) => {
                        let entries = o.borrow().entries.clone();
                        for (k, v) in entries {
                            d.borrow_mut().insert(k, v);
                        }
                    }
                    V::Unknown(_) => {
                        // Whatever was merged in is unknown; keep what is
                        // known and mark the dict as holding an unknown key.
                        d.borrow_mut().insert(other.clone(), other.clone());
                    }
                    _ => {
                        for item in interp.iterate(other)? {
                            if let Some(kv) = item.elements()
                                && kv.len() == 2
                            {
                                d.borrow_mut().insert(kv[0].clone(), kv[1].clone());
                            }
                        }
                    }
                }
            }
            for (k, v) in &args.kw {
                d.borrow_mut().insert(Value::str(k.as_str()), v.clone());
            }
            Value::none()
        }
        "setdefault" => {
            let Some(k) = args.pos.first() else {
                return Err(raise("TypeError", "setdefault() takes a key"));
            };
            let existing = d.borrow().get(k).cloned();
            match existing {
                Some(v) => v,
                None => {
                    let v = args.pos.get(1).cloned().unwrap_or_else(Value::none);
                    d.borrow_mut().insert(k.clone(), v.clone());
                    v
                }
            }
        }
        "pop" => {
            let Some(k) = args.pos.first() else {
                return Err(raise("TypeError", "pop() takes a key"));
            };
            let removed = d.borrow_mut().remove(k);
            match removed {
                Some(v) => v,
                None => match args.pos.get(1) {
                    Some(default) => default.clone(),
                    None => return Err(raise("KeyError", k.repr())),
                },
            }
        }
        "copy" => Value::new(V::Dict(Rc::new(RefCell::new(d.borrow().clone())))),
        "clear" => {
            d.borrow_mut().entries.clear();
            Value::none()
        }
        _ => {
            return Err(raise(
                "AttributeError",
                format!("'dict' object has no attribute '{name}'"),
            ));
        }
    })
}

fn set_method(
    recv: &Value,
    items: &Rc<RefCell<Vec<Value>>>,
    name: &str,
    args: &Args,
) -> EvalResult<Value> {
    let _ = recv;
    let add = |items: &Rc<RefCell<Vec<Value>>>, v: Value| {
        if !items.borrow().iter().any(|i| py_eq(i, &v) == Some(true)) {
            items.borrow_mut().push(v);
        }
    };
    Ok(match name {
        "add" => {
            add(items, args.pos.first().cloned().unwrap_or_else(Value::none));
            Value::none()
        }
        "update" => {
            for a in &args.pos {
                for v in a.elements().unwrap_or_default() {
                    add(items, v);
                }
            }
            Value::none()
        }
        "discard" | "remove" => {
            if let Some(x) = args.pos.first() {
                let pos = items
                    .borrow()
                    .iter()
                    .position(|i| py_eq(i, x) == Some(true));
                match pos {
                    Some(p) => {
                        items.borrow_mut().remove(p);
                    }
                    None if name == "remove" => return Err(raise("KeyError", x.repr())),
                    None => {}
                }
            }
            Value::none()
        }
        "union" => {
            let mut out = items.borrow().clone();
            for a in &args.pos {
                out.extend(a.elements().unwrap_or_default());
            }
            Value::set(out)
        }
        "copy" => Value::set(items.borrow().clone()),
        _ => Value::unknown(format!("set.{name}()")),
    })
}

/// Python's `int(str, base)`.
pub(crate) fn parse_int(s: &str, base: u32) -> Option<i64> {
    let t = s.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !(2..=36).contains(&base) || !clean.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = i64::from_str_radix(&clean, base).ok()?;
    Some(if neg { -v } else { v })
}

/// Python's `float(str)`.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if ["inf", "infinity", "nan"].contains(&unsigned) {
        let sign = if lower.starts_with('-') { -1.0 } else { 1.0 };
        return Some(if unsigned == "nan" {
            f64::NAN
        } else {
            sign * f64::INFINITY
        });
    }
    if t.is_empty() || t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    if !clean
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// The subset of format specs settings use: fill/align/width, `d`, `s`,
/// precision for floats.
pub(crate) fn apply_format_spec(v: &Value, spec: &str) -> Option<String> {
    let base = match &v.v {
        V::Str(s) => s.to_string(),
        // Paths have only `object.__format__`: any spec is a TypeError.
        V::Path(p) | V::EnvPath(p) if spec.is_empty() => p.to_string(),
        V::Int(i) => i.to_string(),
        V::Bool(b) => {
            if spec.is_empty() {
                if *b { "True".into() } else { "False".into() }
            } else {
                i64::from(*b).to_string()
            }
        }
        V::Float(f) => float_repr(*f),
        V::None => "None".into(),
        _ => return None,
    };
    if spec.is_empty() {
        return Some(base);
    }
    let mut chars: Vec<char> = spec.chars().collect();
    let ty = match chars.last() {
        Some(c) if c.is_ascii_alphabetic() => chars.pop(),
        _ => None,
    };
    let mut rest: String = chars.into_iter().collect();
    let mut precision = None;
    if let Some((w, p)) = rest.clone().split_once('.') {
        precision = p.parse::<usize>().ok();
        rest = w.to_string();
    }
    let (fill, align, width_str) = {
        let c: Vec<char> = rest.chars().collect();
        if c.len() >= 2 && matches!(c[1], '<' | '>' | '^') {
            (c[0], Some(c[1]), c[2..].iter().collect::<String>())
        } else if !c.is_empty() && matches!(c[0], '<' | '>' | '^') {
            (' ', Some(c[0]), c[1..].iter().collect::<String>())
        } else {
            (' ', None, rest.clone())
        }
    };
    if !width_str.is_empty() && !width_str.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let width: usize = width_str.parse().unwrap_or(usize::MAX);
    if !crate::value::fits(width) {
        return None;
    }
    let body = match (ty, &v.v) {
        (Some('f'), _) => match num(v) {
            Some(n) if precision.unwrap_or(6) <= 1000 => {
                format!("{:.*}", precision.unwrap_or(6), n.as_f64())
            }
            _ => return None,
        },
        (Some('d'), V::Int(_) | V::Bool(_)) => base,
        (Some('s') | None, V::Str(_)) => match precision {
            Some(p) => base.chars().take(p).collect(),
            None => base,
        },
        (None, V::Int(_)) => base,
        _ => return None,
    };
    let n = body.chars().count();
    if n >= width {
        return Some(body);
    }
    let pad = width - n;
    let default_align = if matches!(v.v, V::Int(_) | V::Float(_)) {
        '>'
    } else {
        '<'
    };
    let f = fill.to_string();
    Some(match align.unwrap_or(default_align) {
        '<' => format!("{body}{}", f.repeat(pad)),
        '>' => format!("{}{body}", f.repeat(pad)),
        _ => format!("{}{body}{}", f.repeat(pad / 2), f.repeat(pad - pad / 2)),
    })
}

/// `str.format` with `{}`, `{0}`, `{name}` and simple specs.
fn str_format(interp: &Interp<'_>, fmt: &str, args: &Args) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    field.push(c);
                }
                let (name, spec) = field
                    .split_once(':')
                    .map_or((field.as_str(), ""), |(n, s)| (n, s));
                let (name, conv) = name
                    .split_once('!')
                    .map_or((name, None), |(n, c)| (n, Some(c)));
                let value = if name.is_empty() {
                    auto += 1;
                    args.pos.get(auto - 1)?
                } else if let Ok(i) = name.parse::<usize>() {
                    args.pos.get(i)?
                } else {
                    args.kw(name)?
                };
                let text = match conv {
                    Some("r") => value.try_repr()?,
                    _ => match apply_format_spec(value, spec) {
                        Some(t) => t,
                        None => {
                            if spec.is_empty() {
                                interp.to_str(value)?
                            } else {
                                return None;
                            }
                        }
                    },
                };
                out.push_str(&text);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// `"..." % args` for `%s`, `%d`, `%r`, `%i`, `%%` and `%(name)s`.
pub(crate) fn percent_format(interp: &Interp<'_>, fmt: &str, args: &Value) -> Option<String> {
    let positional: Vec<Value> = match &args.v {
        V::Tuple(items) => items.to_vec(),
        V::Dict(_) => Vec::new(),
        _ => vec![args.clone()],
    };
    let mut idx = 0;
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let mut k = String::new();
            for c in chars.by_ref() {
                if c == ')' {
                    break;
                }
                k.push(c);
            }
            key = Some(k);
        }
        let conv = chars.next()?;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let value = match &key {
            Some(k) => match &args.v {
                V::Dict(d) => d.borrow().get_str(k)?.clone(),
                _ => return None,
            },
            None => {
                idx += 1;
                positional.get(idx - 1)?.clone()
            }
        };
        let text = match conv {
            's' => interp.to_str(&value)?,
            'r' => value.try_repr()?,
            'd' | 'i' => match num(&value)? {
                Num::I(i) => i.to_string(),
                Num::F(f) => (f.trunc() as i64).to_string(),
            },
            _ => return None,
        };
        out.push_str(&text);
    }
    if key_free_leftover(idx, &positional, args) {
        return None;
    }
    Some(out)
}

fn key_free_leftover(used: usize, positional: &[Value], args: &Value) -> bool {
    matches!(args.v, V::Tuple(_)) && used != positional.len()
}
