//! Python's builtin functions (`int`, `len`, `sorted`, `getattr`, `open`…),
//! one function per family, each raising what CPython raises.

use super::{
    EvalResult, Exc, Flow, Frame, Interp, MAX_SEQ_LEN, call::Args, call::apply_format_spec,
    call::is_builtin, call::parse_float, call::parse_int, expr::order, expr::unknown_like, raise,
};
use crate::value::{Deps, Dict, Num, Object, V, Value, num};
use ruff_python_ast as ast;
use std::cell::RefCell;
use std::rc::Rc;

impl Interp<'_> {
    pub(crate) fn builtin(
        &mut self,
        frame: &mut Frame,
        name: &str,
        args: Args,
    ) -> EvalResult<Value> {
        let deps = args.deps();
        let first = args.pos.first().cloned();
        // Most builtins cannot say anything about unknown input.
        // A function passed as a value (`map(int, parts)`) is known.
        let callable = |v: &Value| matches!(&v.v, V::Object(o) if matches!(&**o, Object::External(n) if is_builtin(n)) || matches!(&**o, Object::Function(_) | Object::BoundFunction { .. } | Object::BoundMethod { .. } | Object::Class(_)));
        if let Some(f) = &first
            && !f.is_fully_known()
            && !callable(f)
            && !matches!(
                name,
                "len"
                    | "isinstance"
                    | "print"
                    | "list"
                    | "tuple"
                    | "getattr"
                    | "hasattr"
                    | "dict"
                    | "set"
                    | "str"
                    | "setattr"
                    | "vars"
                    | "dir"
                    | "exec"
                    | "compile"
            )
        {
            return Ok(unknown_like(f).add_deps(&deps));
        }
        let out = match name {
            "bool" | "int" | "float" | "abs" | "round" | "ord" | "chr" => {
                return self.builtin_number(name, first, &args, &deps);
            }
            "str" | "repr" | "bytes" | "format" => {
                return self.builtin_text(name, first, &args, &deps);
            }
            "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" | "dict" | "len" => {
                return self.builtin_collection(name, first, &args, &deps);
            }
            "min" | "max" | "sum" | "any" | "all" => {
                return self.builtin_reduction(name, first, &args, &deps);
            }
            "range" | "enumerate" | "zip" | "map" | "filter" => {
                return self.builtin_iteration(frame, name, first, &args, &deps);
            }
            "isinstance" | "getattr" | "hasattr" | "open" | "globals" | "super" | "locals"
            | "vars" | "setattr" | "compile" => {
                return self.builtin_introspection(frame, name, first, &args, &deps);
            }
            "print" => Value::none(),
            "dir" => Value::unknown("the names `dir()` lists, which golive does not model"),
            "exec" => return self.exec_code(frame, &args),
            "__import__" | "eval" | "input" => {
                Value::unknown(format!("`{name}()`, which golive does not run"))
            }
            exc if exc.ends_with("Error") || exc.ends_with("Exception") => {
                Value::unknown(format!("an exception object `{exc}`"))
            }
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(&deps))
    }

    /// `bool`, `int`, `float`, `abs`, `round`, `ord` and `chr`: conversions that raise as CPython does on a bad literal.
    fn builtin_number(
        &mut self,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "bool" => match &first {
                None => Value::bool(false),
                Some(v) => match v.truthy() {
                    Some(b) => Value::bool(b),
                    None => unknown_like(v),
                },
            },
            "int" => match &first {
                None => Value::int(0),
                Some(v) => match &v.v {
                    V::Str(s) => {
                        let base = args
                            .get(1, "base")
                            .and_then(|b| {
                                if let Some(Num::I(i)) = num(b) {
                                    Some(i)
                                } else {
                                    None
                                }
                            })
                            .unwrap_or(10);
                        match parse_int(s, base as u32) {
                            Some(i) => Value::int(i),
                            None => {
                                return Err(Flow::Raise(Exc {
                                    kind: Rc::from("ValueError"),
                                    msg: format!(
                                        "invalid literal for int() with base {base}: {}",
                                        v.repr()
                                    ),
                                    deps: deps.clone(),
                                    missing_variable: None,
                                }));
                            }
                        }
                    }
                    V::Bool(b) => Value::int(i64::from(*b)),
                    V::Int(i) => Value::int(*i),
                    V::Float(f) => {
                        if f.is_finite() && f.abs() < 9.2e18 {
                            Value::int(f.trunc() as i64)
                        } else {
                            return Err(raise("OverflowError", "cannot convert float"));
                        }
                    }
                    _ => {
                        return Err(raise(
                            "TypeError",
                            format!(
                                "int() argument must be a string or a number, not '{}'",
                                v.type_name()
                            ),
                        ));
                    }
                },
            },
            "float" => match &first {
                None => Value::new(V::Float(0.0)),
                Some(v) => match &v.v {
                    V::Str(s) => match parse_float(s) {
                        Some(f) => Value::new(V::Float(f)),
                        None => {
                            return Err(Flow::Raise(Exc {
                                kind: Rc::from("ValueError"),
                                msg: format!("could not convert string to float: {}", v.repr()),
                                deps: deps.clone(),
                                missing_variable: None,
                            }));
                        }
                    },
                    _ => match num(v) {
                        Some(n) => Value::new(V::Float(n.as_f64())),
                        None => {
                            return Err(raise(
                                "TypeError",
                                "float() argument must be a string or a number",
                            ));
                        }
                    },
                },
            },
            "abs" => match first.as_ref().and_then(num) {
                Some(Num::I(i)) => i
                    .checked_abs()
                    .map_or_else(|| Value::unknown("integer overflow"), Value::int),
                Some(Num::F(f)) => Value::new(V::Float(f.abs())),
                None => return Err(raise("TypeError", "bad operand type for abs()")),
            },
            "round" => match first.as_ref().and_then(num) {
                Some(Num::I(i)) => Value::int(i),
                Some(Num::F(f)) if args.pos.len() == 1 => {
                    let r = f.round();
                    // Python rounds half to even.
                    let r = if (f - f.trunc()).abs() == 0.5 {
                        2.0 * (f / 2.0).round()
                    } else {
                        r
                    };
                    Value::int(r as i64)
                }
                _ => Value::unknown("round()"),
            },
            "ord" => match first.as_ref().and_then(Value::as_str) {
                Some(s) if s.chars().count() == 1 => {
                    Value::int(s.chars().next().map_or(0, |c| c as i64))
                }
                _ => return Err(raise("TypeError", "ord() expected a character")),
            },
            "chr" => match first.as_ref().and_then(num) {
                Some(Num::I(i)) => char::from_u32(i as u32)
                    .map_or_else(|| Value::unknown("chr()"), |c| Value::str(c.to_string())),
                _ => return Err(raise("TypeError", "an integer is required")),
            },
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// `str`, `repr`, `bytes` and `format`.
    fn builtin_text(
        &mut self,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "str" => match &first {
                None => Value::str(""),
                Some(v) => match self.to_str(v) {
                    Some(s) => Value::str(s),
                    None => unknown_like(v),
                },
            },
            "repr" => match first.as_ref().map(Value::try_repr) {
                Some(Some(r)) => Value::str(r),
                Some(None) => {
                    Value::unknown("the repr of a value too large or too deep for golive")
                }
                None => Value::str(""),
            },
            "bytes" => match &first {
                Some(Value { v: V::Str(s), .. }) => Value::new(V::Bytes(s.as_bytes().into())),
                _ => Value::unknown("bytes()"),
            },
            "format" => match &first {
                Some(v) => match apply_format_spec(
                    v,
                    args.pos.get(1).and_then(Value::as_str).unwrap_or(""),
                ) {
                    Some(s) => Value::str(s),
                    None => Value::unknown("format()"),
                },
                None => Value::str(""),
            },
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// The container constructors (`list`, `tuple`, `set`, `frozenset`, `sorted`, `reversed`, `dict`) and `len`.
    fn builtin_collection(
        &mut self,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "list" | "tuple" | "set" | "frozenset" | "sorted" | "reversed" => {
                let items = match &first {
                    None => Vec::new(),
                    Some(v) => match self.iterate(v) {
                        Ok(items) => items,
                        Err(Flow::Unknown(r, d)) => {
                            return Ok(Value::unknown(r.to_string()).add_deps(&d));
                        }
                        Err(e) => return Err(e),
                    },
                };
                match name {
                    "list" => Value::list(items),
                    "tuple" => Value::tuple(items),
                    "set" | "frozenset" => Value::set(items),
                    "reversed" => Value::list(items.into_iter().rev().collect()),
                    _ => {
                        if args.kw("key").is_some() {
                            return Ok(Value::unknown("sorted() with a key function"));
                        }
                        let mut items = items;
                        let mut ok = true;
                        items.sort_by(|a, b| {
                            order(a, b).unwrap_or_else(|| {
                                ok = false;
                                std::cmp::Ordering::Equal
                            })
                        });
                        if !ok {
                            return Ok(Value::unknown("sorts values golive cannot order"));
                        }
                        if args.kw("reverse").and_then(Value::truthy) == Some(true) {
                            items.reverse();
                        }
                        Value::list(items)
                    }
                }
            }
            "dict" => {
                let mut d = Dict::default();
                if let Some(v) = &first {
                    match &v.v {
                        V::Dict(src) => d = src.borrow().clone(),
                        _ => match self.iterate(v) {
                            Ok(items) => {
                                for item in items {
                                    match item.elements() {
                                        Some(kv) if kv.len() == 2 => {
                                            d.insert(kv[0].clone(), kv[1].clone())
                                        }
                                        _ => return Ok(unknown_like(&item)),
                                    }
                                }
                            }
                            Err(Flow::Unknown(r, dd)) => {
                                return Ok(Value::unknown(r.to_string()).add_deps(&dd));
                            }
                            Err(e) => return Err(e),
                        },
                    }
                }
                for (k, v) in &args.kw {
                    d.insert(Value::str(k.as_str()), v.clone());
                }
                Value::new(V::Dict(Rc::new(RefCell::new(d))))
            }
            "len" => match &first {
                Some(v) => match &v.v {
                    V::Str(s) => Value::int(s.chars().count() as i64),
                    V::Bytes(b) => Value::int(b.len() as i64),
                    V::Dict(d) => Value::int(d.borrow().entries.len() as i64),
                    V::List(_) | V::Tuple(_) | V::Set(_) => {
                        Value::int(v.elements().map_or(0, |e| e.len()) as i64)
                    }
                    _ => unknown_like(v),
                },
                None => return Err(raise("TypeError", "len() takes exactly one argument")),
            },
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// `min`, `max`, `sum`, `any` and `all` over an iterable or their arguments.
    fn builtin_reduction(
        &mut self,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "min" | "max" | "sum" | "any" | "all" => {
                let items = if args.pos.len() > 1 {
                    args.pos.clone()
                } else {
                    match first.as_ref().map(|v| self.iterate(v)) {
                        Some(Ok(items)) => items,
                        Some(Err(Flow::Unknown(r, d))) => {
                            return Ok(Value::unknown(r.to_string()).add_deps(&d));
                        }
                        Some(Err(e)) => return Err(e),
                        None => Vec::new(),
                    }
                };
                match name {
                    "any" | "all" => {
                        let want = name == "any";
                        let mut unknown = None;
                        for i in &items {
                            match i.truthy() {
                                Some(t) if t == want => {
                                    return Ok(Value::bool(want).add_deps(deps));
                                }
                                Some(_) => {}
                                None => unknown = Some(unknown_like(i)),
                            }
                        }
                        unknown.unwrap_or(Value::bool(!want))
                    }
                    "sum" => {
                        let mut total = args.get(1, "start").cloned().unwrap_or(Value::int(0));
                        for i in &items {
                            total = self.binop(&total, ast::Operator::Add, i)?;
                        }
                        total
                    }
                    _ => {
                        let mut best: Option<Value> = None;
                        for i in items {
                            best = Some(match best {
                                None => i,
                                Some(b) => match order(&i, &b) {
                                    Some(o)
                                        if (name == "max" && o.is_gt())
                                            || (name == "min" && o.is_lt()) =>
                                    {
                                        i
                                    }
                                    Some(_) => b,
                                    None => {
                                        return Ok(Value::unknown(format!(
                                            "{name}() over values golive cannot order"
                                        )));
                                    }
                                },
                            });
                        }
                        match best {
                            Some(b) => b,
                            None => args.kw("default").cloned().ok_or_else(|| {
                                raise("ValueError", format!("{name}() arg is an empty sequence"))
                            })?,
                        }
                    }
                }
            }
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// `range`, `enumerate`, `zip`, `map` and `filter`, evaluated eagerly into lists.
    fn builtin_iteration(
        &mut self,
        frame: &mut Frame,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "range" => {
                let ints: Vec<i64> = args
                    .pos
                    .iter()
                    .filter_map(|v| {
                        if let Some(Num::I(i)) = num(v) {
                            Some(i)
                        } else {
                            None
                        }
                    })
                    .collect();
                if ints.len() != args.pos.len() || ints.is_empty() {
                    return Ok(Value::unknown("range() over values golive cannot know"));
                }
                let (start, stop, step) = match ints.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step, ..] => (*start, *stop, *step),
                    [] => unreachable!(),
                };
                if step == 0 {
                    return Err(raise("ValueError", "range() arg 3 must not be zero"));
                }
                let mut out = Vec::new();
                let mut i = start;
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    out.push(Value::int(i));
                    if out.len() > MAX_SEQ_LEN {
                        return Ok(Value::unknown("a range too large for golive"));
                    }
                    // Python's ints do not overflow; golive's stop here.
                    match i.checked_add(step) {
                        Some(next) => i = next,
                        None => break,
                    }
                }
                Value::list(out)
            }
            "enumerate" => {
                let start = match args.get(1, "start") {
                    None => 0,
                    Some(v) => match num(v) {
                        Some(Num::I(i)) => i,
                        _ if v.is_unknown() => return Ok(unknown_like(v)),
                        _ => {
                            return Err(raise("TypeError", "enumerate() start must be an integer"));
                        }
                    },
                };
                let items = self.iterate(first.as_ref().unwrap_or(&Value::list(vec![])))?;
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    let Some(n) = i64::try_from(i).ok().and_then(|i| start.checked_add(i)) else {
                        return Ok(Value::unknown("integer overflow"));
                    };
                    out.push(Value::tuple(vec![Value::int(n), v]));
                }
                Value::list(out)
            }
            "zip" => {
                let mut lists = Vec::new();
                for a in &args.pos {
                    lists.push(self.iterate(a)?);
                }
                let n = lists.iter().map(Vec::len).min().unwrap_or(0);
                Value::list(
                    (0..n)
                        .map(|i| Value::tuple(lists.iter().map(|l| l[i].clone()).collect()))
                        .collect(),
                )
            }
            "map" | "filter" => {
                let (Some(func), Some(iterable)) =
                    (args.pos.first().cloned(), args.pos.get(1).cloned())
                else {
                    return Err(raise("TypeError", format!("{name}() needs two arguments")));
                };
                let items = self.iterate(&iterable)?;
                let mut out = Vec::new();
                for i in items {
                    if name == "filter" && matches!(func.v, V::None) {
                        match i.truthy() {
                            Some(true) => out.push(i),
                            Some(false) => {}
                            None => return Ok(unknown_like(&i)),
                        }
                        continue;
                    }
                    let r = self.call_value(frame, &func, Args::new(vec![i.clone()]))?;
                    if name == "map" {
                        out.push(r);
                    } else {
                        match r.truthy() {
                            Some(true) => out.push(i),
                            Some(false) => {}
                            None => return Ok(unknown_like(&r)),
                        }
                    }
                }
                Value::list(out)
            }
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// Names, attributes and namespaces: `isinstance`, `getattr`, `hasattr`, `setattr`, `globals`, `locals`, `vars`, `super`, `compile` and `open`.
    fn builtin_introspection(
        &mut self,
        frame: &mut Frame,
        name: &str,
        first: Option<Value>,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "isinstance" => {
                let (Some(v), Some(cls)) = (args.pos.first(), args.pos.get(1)) else {
                    return Ok(Value::unknown("isinstance()"));
                };
                if v.is_unknown() {
                    return Ok(unknown_like(v));
                }
                let classes: Vec<Value> = cls.elements().unwrap_or_else(|| vec![cls.clone()]);
                let mut result = Some(false);
                for c in classes {
                    let V::Object(o) = &c.v else {
                        return Ok(Value::unknown("isinstance() with an unknown class"));
                    };
                    let Object::External(cname) = &**o else {
                        return Ok(Value::unknown("isinstance() with an unknown class"));
                    };
                    let tn = v.type_name();
                    let hit = match &**cname {
                        "int" => matches!(v.v, V::Int(_) | V::Bool(_)),
                        "pathlib.Path" | "pathlib.PurePath" | "pathlib.PosixPath" => {
                            matches!(v.v, V::Path(_))
                        }
                        "environ.Path" => matches!(v.v, V::EnvPath(_)),
                        "frozenset" => false,
                        other
                            if [
                                "bool", "float", "str", "bytes", "list", "tuple", "dict", "set",
                            ]
                            .contains(&other) =>
                        {
                            tn == other
                        }
                        _ => {
                            result = None;
                            false
                        }
                    };
                    if hit {
                        return Ok(Value::bool(true).add_deps(deps));
                    }
                }
                match result {
                    Some(b) => Value::bool(b),
                    None => Value::unknown("isinstance() with a class golive does not model"),
                }
            }
            "getattr" => match (args.pos.first(), args.pos.get(1).and_then(Value::as_str)) {
                (Some(obj), Some(attr)) => {
                    let attr = attr.to_string();
                    match self.getattr(obj, &attr) {
                        Ok(v) => v,
                        Err(Flow::Raise(e)) if e.kind.as_ref() == "AttributeError" => {
                            match args.pos.get(2) {
                                Some(d) => d.clone(),
                                None => return Err(Flow::Raise(e)),
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                _ => Value::unknown("getattr() with a name golive cannot know"),
            },
            "hasattr" => match (args.pos.first(), args.pos.get(1).and_then(Value::as_str)) {
                (Some(obj), Some(attr)) => {
                    let attr = attr.to_string();
                    match self.getattr(obj, &attr) {
                        Ok(v) if v.is_unknown() => v,
                        Ok(_) => Value::bool(true),
                        Err(Flow::Raise(_)) => Value::bool(false),
                        Err(e) => return Err(e),
                    }
                }
                _ => Value::unknown("hasattr()"),
            },
            "open" => match first.as_ref().and_then(|f| self.to_str(f)) {
                Some(p) => {
                    let mode = args.get(1, "mode").and_then(Value::as_str).unwrap_or("r");
                    if !mode.contains(['w', 'a', 'x']) {
                        self.file_read_risk(frame, &p)?;
                    }
                    Value::object(Object::OpenFile(Rc::from(p)))
                }
                None => {
                    self.may_raise
                        .push(("OSError", "reading a file".into(), deps.clone()));
                    Value::unknown("reads a file from the filesystem at run time")
                }
            },
            "globals" => Value::object(Object::Namespace(frame.module.clone())),
            "super" => match self.method_stack.last() {
                Some((owner, recv)) => Value::object(Object::Super {
                    owner: owner.clone(),
                    recv: recv.clone(),
                }),
                None => Value::unknown("`super()` outside a method"),
            },
            "locals" if frame.is_module_level() => {
                Value::object(Object::Namespace(frame.module.clone()))
            }
            "vars" => match &first {
                None if frame.is_module_level() => {
                    Value::object(Object::Namespace(frame.module.clone()))
                }
                Some(Value {
                    v: V::Object(o), ..
                }) if matches!(&**o, Object::Module(_)) => match &**o {
                    Object::Module(m) => Value::object(Object::Namespace(m.clone())),
                    _ => unreachable!(),
                },
                _ => Value::unknown("`vars()`, which golive does not model"),
            },
            "setattr" => match (&first, args.pos.get(1), args.pos.get(2)) {
                (
                    Some(Value {
                        v: V::Object(o), ..
                    }),
                    Some(attr),
                    Some(value),
                ) => {
                    if let Object::Module(m) = &**o {
                        let m = m.clone();
                        match attr.as_str() {
                            Some(a) => self.bind_in_module(&m, a, value.clone()),
                            None => self
                                .open_namespace(&m, "`setattr()` with a name golive cannot know"),
                        }
                    }
                    Value::none()
                }
                _ => Value::none(),
            },
            // `compile(source, filename, "exec")` keeps the source for exec().
            "compile" => match &first {
                Some(
                    v @ Value {
                        v: V::Object(o), ..
                    },
                ) if matches!(&**o, Object::FileContent(_)) => v.clone(),
                Some(v @ Value { v: V::Str(_), .. }) => v.clone(),
                _ => Value::unknown("`compile()` of code golive cannot know"),
            },
            other => Value::unknown(format!("`{other}()`")),
        };
        Ok(out.add_deps(deps))
    }
}
