//! Expressions: literals, names, operators, comprehensions, subscripts.

use super::{EvalResult, Exc, Flow, Frame, Interp, MAX_SEQ_LEN, raise};
use crate::value::{Deps, Dict, Num, Object, V, Value, num, py_eq};
use ruff_python_ast::{self as ast, CmpOp, Expr, Number, Operator, UnaryOp};
use ruff_text_size::Ranged;
use std::cell::RefCell;
use std::rc::Rc;

const MAX_EXPR_DEPTH: u32 = 400;
/// Lambdas longer than this are unknown values (see `Expr::Lambda`).
const MAX_LAMBDA_BYTES: u32 = 4096;

impl Interp<'_> {
    pub(crate) fn eval(&mut self, frame: &mut Frame, expr: &Expr) -> EvalResult<Value> {
        self.tick()?;
        self.expr_depth += 1;
        let r = if self.expr_depth > MAX_EXPR_DEPTH {
            Ok(Value::unknown("expression nested too deeply"))
        } else {
            self.eval_inner(frame, expr)
        };
        self.expr_depth -= 1;
        r
    }

    fn eval_inner(&mut self, frame: &mut Frame, expr: &Expr) -> EvalResult<Value> {
        match expr {
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => Ok(Value::new(V::Bytes(
                b.value.bytes().collect::<Vec<u8>>().into(),
            ))),
            Expr::NumberLiteral(n) => Ok(match &n.value {
                Number::Int(i) => match i.as_i64() {
                    Some(i) => Value::int(i),
                    None => Value::unknown("an integer too large for golive"),
                },
                Number::Float(f) => Value::new(V::Float(*f)),
                Number::Complex { .. } => Value::unknown("a complex number"),
            }),
            Expr::BooleanLiteral(b) => Ok(Value::bool(b.value)),
            Expr::NoneLiteral(_) => Ok(Value::none()),
            Expr::EllipsisLiteral(_) => Ok(Value::unknown("`...`")),
            Expr::FString(f) => self.eval_fstring(frame, f),
            Expr::TString(_) => Ok(Value::unknown("a template string")),
            Expr::Name(n) => self.lookup(frame, n.id.as_str()),
            Expr::Attribute(a) => {
                let base = self.eval(frame, &a.value)?;
                self.getattr(&base, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let base = self.eval(frame, &s.value)?;
                if let Expr::Slice(sl) = &*s.slice {
                    let lower = sl.lower.as_ref().map(|e| self.eval(frame, e)).transpose()?;
                    let upper = sl.upper.as_ref().map(|e| self.eval(frame, e)).transpose()?;
                    let step = sl.step.as_ref().map(|e| self.eval(frame, e)).transpose()?;
                    return self.slice(&base, lower, upper, step);
                }
                let key = self.eval(frame, &s.slice)?;
                self.get_item(&base, &key)
            }
            Expr::BinOp(b) => {
                let l = self.eval(frame, &b.left)?;
                let r = self.eval(frame, &b.right)?;
                self.binop(&l, b.op, &r)
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(frame, &u.operand)?;
                let deps = v.all_deps();
                let out = match u.op {
                    UnaryOp::Not => match v.truthy() {
                        Some(b) => Value::bool(!b),
                        None => return Ok(unknown_like(&v)),
                    },
                    UnaryOp::USub => match num(&v) {
                        Some(Num::I(i)) => i
                            .checked_neg()
                            .map_or_else(|| Value::unknown("integer overflow"), Value::int),
                        Some(Num::F(f)) => Value::new(V::Float(-f)),
                        None if v.is_unknown() => return Ok(v),
                        None if v.is_external() => return Ok(unknown_like(&v)),
                        None => {
                            return Err(raise(
                                "TypeError",
                                format!("bad operand type for unary -: '{}'", v.type_name()),
                            ));
                        }
                    },
                    UnaryOp::UAdd => match num(&v) {
                        Some(Num::I(i)) => Value::int(i),
                        Some(Num::F(f)) => Value::new(V::Float(f)),
                        None => return Ok(unknown_like(&v)),
                    },
                    UnaryOp::Invert => match (&v.v, num(&v)) {
                        (_, Some(Num::I(i))) => Value::int(!i),
                        // `~environ.Path`: `self.path('..')`.
                        (V::EnvPath(p), _) => {
                            Value::new(V::EnvPath(Rc::from(super::paths::normpath(
                                &super::paths::os_join(&[p.to_string(), "..".into()]),
                            ))))
                        }
                        _ => return Ok(unknown_like(&v)),
                    },
                };
                Ok(out.add_deps(&deps))
            }
            Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                let mut last = Value::none();
                let mut deps = Deps::none();
                for (i, e) in b.values.iter().enumerate() {
                    let v = self.eval(frame, e)?;
                    let v_deps = v.all_deps();
                    deps = deps.union(&v_deps);
                    let t = match v.truthy() {
                        Some(t) => t,
                        None => return Ok(unknown_like(&v).add_deps(&deps)),
                    };
                    last = v;
                    if i + 1 < b.values.len() && (t != is_and) {
                        return Ok(last.add_deps(&deps));
                    }
                }
                Ok(last.add_deps(&deps))
            }
            Expr::Compare(c) => {
                let mut left = self.eval(frame, &c.left)?;
                let mut deps = left.all_deps();
                let mut result = Value::bool(true);
                for (op, right_expr) in c.ops.iter().zip(c.comparators.iter()) {
                    let right = self.eval(frame, right_expr)?;
                    deps = deps.union(&right.all_deps());
                    let r = self.compare(&left, *op, &right)?;
                    match r {
                        Some(true) => {}
                        Some(false) => return Ok(Value::bool(false).add_deps(&deps)),
                        None => {
                            let reason = left
                                .first_unknown()
                                .or_else(|| right.first_unknown())
                                .unwrap_or_else(|| Rc::from("a comparison golive cannot decide"));
                            result = Value::new(V::Unknown(reason));
                        }
                    }
                    left = right;
                }
                Ok(result.add_deps(&deps))
            }
            Expr::Call(c) => self.eval_call(frame, c),
            Expr::If(i) => {
                let test = self.eval(frame, &i.test)?;
                let deps = test.all_deps();
                match test.truthy() {
                    Some(true) => Ok(self.eval(frame, &i.body)?.add_deps(&deps)),
                    Some(false) => Ok(self.eval(frame, &i.orelse)?.add_deps(&deps)),
                    None => {
                        let a = self.eval(frame, &i.body)?;
                        let b = self.eval(frame, &i.orelse)?;
                        if py_eq(&a, &b) == Some(true) {
                            return Ok(a.add_deps(&deps));
                        }
                        Ok(unknown_like(&test).add_deps(&deps))
                    }
                }
            }
            Expr::Dict(d) => {
                let mut dict = Dict::default();
                for item in &d.items {
                    let value = self.eval_element(frame, &item.value)?;
                    match &item.key {
                        Some(k) => {
                            let key = self.eval(frame, k)?;
                            dict.insert(key, value);
                        }
                        None => match &value.v {
                            V::Dict(other) => {
                                for (k, v) in other.borrow().entries.iter() {
                                    dict.insert(k.clone(), v.clone());
                                }
                            }
                            _ => return Ok(unknown_like(&value)),
                        },
                    }
                }
                Ok(Value::new(V::Dict(Rc::new(RefCell::new(dict)))))
            }
            Expr::List(l) => Ok(Value::list(self.eval_elements(frame, &l.elts)?)),
            Expr::Tuple(t) => Ok(Value::tuple(self.eval_elements(frame, &t.elts)?)),
            Expr::Set(s) => Ok(Value::set(self.eval_elements(frame, &s.elts)?)),
            Expr::ListComp(c) => {
                let (items, deps) =
                    unknown_on_flow!(self.comprehension(frame, &c.generators, &mut |this, f| Ok(
                        vec![this.eval(f, &c.elt)?]
                    )));
                Ok(Value::list(items).add_deps(&deps))
            }
            Expr::Generator(c) => {
                let (items, deps) =
                    unknown_on_flow!(self.comprehension(frame, &c.generators, &mut |this, f| Ok(
                        vec![this.eval(f, &c.elt)?]
                    )));
                Ok(Value::list(items).add_deps(&deps))
            }
            Expr::SetComp(c) => {
                let (items, deps) =
                    unknown_on_flow!(self.comprehension(frame, &c.generators, &mut |this, f| Ok(
                        vec![this.eval(f, &c.elt)?]
                    )));
                Ok(Value::set(items).add_deps(&deps))
            }
            Expr::DictComp(c) => {
                let (pairs, deps) =
                    unknown_on_flow!(self.comprehension(frame, &c.generators, &mut |this, f| {
                        let Some(key_expr) = &c.key else {
                            return Ok(vec![Value::unknown("dict unpacking in a comprehension")]);
                        };
                        let k = this.eval(f, key_expr)?;
                        let v = this.eval(f, &c.value)?;
                        Ok(vec![Value::tuple(vec![k, v])])
                    }));
                let mut dict = Dict::default();
                for p in pairs {
                    if let V::Tuple(kv) = &p.v
                        && kv.len() == 2
                    {
                        dict.insert(kv[0].clone(), kv[1].clone());
                    } else {
                        return Ok(p);
                    }
                }
                Ok(Value::new(V::Dict(Rc::new(RefCell::new(dict)))).add_deps(&deps))
            }
            // The function keeps a copy of its body, and copying a tree
            // recurses as deep as it nests: 20,000 nested lambdas (160 KB)
            // overflowed the stack. No lambda in a settings module is
            // anywhere near this long.
            Expr::Lambda(l) if l.range().len().to_u32() > MAX_LAMBDA_BYTES => Ok(Value::unknown(
                format!("a lambda of more than {MAX_LAMBDA_BYTES} bytes (not evaluated)"),
            )),
            Expr::Lambda(l) => {
                let mut defaults = Vec::new();
                if let Some(params) = &l.parameters {
                    for p in params
                        .posonlyargs
                        .iter()
                        .chain(params.args.iter())
                        .chain(params.kwonlyargs.iter())
                    {
                        if let Some(d) = &p.default {
                            defaults.push((p.parameter.name.to_string(), self.eval(frame, d)?));
                        }
                    }
                }
                Ok(Value::object(Object::Function(Rc::new(
                    super::FunctionObj {
                        name: "<lambda>".into(),
                        body: super::FunctionBody::Lambda(Rc::new(l.clone())),
                        module: frame.module.clone(),
                        file: frame.file.clone(),
                        defaults,
                        kind: super::classes::MethodKind::Plain,
                        owner: super::classes::new_owner(),
                    },
                ))))
            }
            Expr::Named(n) => {
                let v = self.eval(frame, &n.value)?;
                let origin = super::Origin {
                    stmt: frame.span(n.range),
                    value: Some(frame.span(n.value.range())),
                };
                self.assign(frame, &n.target, v.clone(), origin)?;
                Ok(v)
            }
            Expr::Starred(_) => Ok(Value::unknown("a starred expression")),
            Expr::Slice(_) => Ok(Value::unknown("a slice")),
            Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_) | Expr::IpyEscapeCommand(_) => {
                Ok(Value::unknown("an expression golive does not evaluate"))
            }
        }
    }

    /// An element of a display. Outside `try`, an element that raises (a
    /// required variable that is unset) becomes an unknown element, so the
    /// rest of `DATABASES` stays known; the assignment as a whole is what
    /// Python would reject.
    fn eval_element(&mut self, frame: &mut Frame, e: &Expr) -> EvalResult<Value> {
        match self.eval(frame, e) {
            Err(Flow::Raise(exc)) if self.try_depth == 0 && frame.is_module_level() => {
                Ok(self.exception_as_unknown(&exc))
            }
            other => other,
        }
    }

    fn eval_elements(&mut self, frame: &mut Frame, elts: &[Expr]) -> EvalResult<Vec<Value>> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                let v = self.eval(frame, &s.value)?;
                match self.iterate(&v) {
                    Ok(items) => out.extend(items),
                    Err(Flow::Unknown(reason, deps)) => {
                        out.push(Value::unknown(reason.to_string()).add_deps(&deps))
                    }
                    Err(err) => return Err(err),
                }
            } else {
                out.push(self.eval_element(frame, e)?);
            }
            if out.len() > MAX_SEQ_LEN {
                return Ok(vec![Value::unknown("a sequence too large for golive")]);
            }
        }
        Ok(out)
    }

    /// Runs comprehension generators; comprehension variables live in a
    /// scope of their own, as in Python 3.
    fn comprehension(
        &mut self,
        frame: &mut Frame,
        generators: &[ast::Comprehension],
        produce: &mut dyn FnMut(&mut Self, &mut Frame) -> EvalResult<Vec<Value>>,
    ) -> EvalResult<(Vec<Value>, Deps)> {
        let mut locals = frame.locals.clone().unwrap_or_default();
        // Module-level comprehensions read module globals through the frame.
        let saved = frame.locals.take();
        let mut inner = Frame::new(
            frame.module.clone(),
            frame.file.clone(),
            Some(std::mem::take(&mut locals)),
        );
        let mut deps = Deps::none();
        let result = self.comprehension_level(&mut inner, generators, produce, &mut deps);
        frame.locals = saved;
        // An iteration golive cannot follow leaves the whole result unknown
        // (its length too): the caller turns `Flow::Unknown` into a value.
        result.map(|items| (items, deps))
    }

    fn comprehension_level(
        &mut self,
        frame: &mut Frame,
        generators: &[ast::Comprehension],
        produce: &mut dyn FnMut(&mut Self, &mut Frame) -> EvalResult<Vec<Value>>,
        all_deps: &mut Deps,
    ) -> EvalResult<Vec<Value>> {
        let Some((first, rest)) = generators.split_first() else {
            return produce(self, frame);
        };
        let iterable = self.eval(frame, &first.iter)?;
        let deps = iterable.all_deps();
        *all_deps = all_deps.union(&deps);
        let items = self.iterate(&iterable)?;
        let mut out = Vec::new();
        let origin = super::Origin {
            stmt: frame.span(first.range),
            value: None,
        };
        for item in items {
            self.tick()?;
            self.assign(frame, &first.target, item, origin)?;
            let mut keep = true;
            for cond in &first.ifs {
                let c = self.eval(frame, cond)?;
                *all_deps = all_deps.union(&c.all_deps());
                match c.truthy() {
                    Some(true) => {}
                    Some(false) => {
                        keep = false;
                        break;
                    }
                    None => {
                        return Err(Flow::Unknown(
                            c.first_unknown()
                                .unwrap_or_else(|| Rc::from("unknown filter")),
                            c.all_deps(),
                        ));
                    }
                }
            }
            if keep {
                for v in self.comprehension_level(frame, rest, produce, all_deps)? {
                    out.push(v.add_deps(&deps));
                }
            }
            if out.len() > MAX_SEQ_LEN {
                return Err(Flow::Unknown(
                    Rc::from("a comprehension too large for golive"),
                    deps,
                ));
            }
        }
        Ok(out)
    }

    fn eval_fstring(&mut self, frame: &mut Frame, f: &ast::ExprFString) -> EvalResult<Value> {
        let mut out = String::new();
        let mut deps = Deps::none();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ast::FStringPart::FString(fs) => {
                    if let Some(v) = self.interpolate(frame, &fs.elements, &mut out, &mut deps)? {
                        return Ok(v);
                    }
                }
            }
        }
        if !crate::value::fits(out.len()) {
            return Ok(Value::unknown(crate::value::too_large(out.len())).add_deps(&deps));
        }
        Ok(Value::str(out).add_deps(&deps))
    }

    fn interpolate(
        &mut self,
        frame: &mut Frame,
        elements: &ast::InterpolatedStringElements,
        out: &mut String,
        deps: &mut Deps,
    ) -> EvalResult<Option<Value>> {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let v = self.eval(frame, &i.expression)?;
                    *deps = deps.union(&v.all_deps());
                    if let Some(dt) = &i.debug_text {
                        out.push_str(dt.as_str());
                    }
                    // `f"{x=}"` shows the repr unless a conversion says otherwise.
                    let repr = matches!(i.conversion, ast::ConversionFlag::Repr)
                        || (i.debug_text.is_some()
                            && matches!(i.conversion, ast::ConversionFlag::None)
                            && i.format_spec.is_none());
                    let text = match repr {
                        true => v.try_repr(),
                        _ => self.to_str(&v),
                    };
                    let Some(mut text) = text else {
                        return Ok(Some(unknown_like(&v).add_deps(deps)));
                    };
                    if let Some(spec) = &i.format_spec {
                        let mut spec_text = String::new();
                        if let Some(u) =
                            self.interpolate(frame, &spec.elements, &mut spec_text, deps)?
                        {
                            return Ok(Some(u));
                        }
                        match super::call::apply_format_spec(&v, &spec_text) {
                            Some(t) => text = t,
                            None => {
                                return Ok(Some(
                                    Value::unknown(format!(
                                        "an f-string format spec `{spec_text}`"
                                    ))
                                    .add_deps(deps),
                                ));
                            }
                        }
                    }
                    out.push_str(&text);
                    if !crate::value::fits(out.len()) {
                        return Ok(Some(
                            Value::unknown(crate::value::too_large(out.len())).add_deps(deps),
                        ));
                    }
                }
            }
        }
        Ok(None)
    }

    pub(crate) fn lookup(&mut self, frame: &mut Frame, name: &str) -> EvalResult<Value> {
        if let Some(locals) = &frame.locals
            && let Some(v) = locals.get(name)
        {
            return Ok(v.clone());
        }
        let bound = frame.module.ns.borrow().get(name).map(|b| b.value.clone());
        if let Some(value) = bound {
            if value.is_lazy() {
                let module = frame.module.clone();
                return Ok(self.force_lazy(&module, name, value));
            }
            return Ok(value);
        }
        if super::call::is_builtin(name) {
            return Ok(Value::external(name));
        }
        // In an open namespace, a name golive did not see bound may have
        // been set by what it could not follow.
        let open = frame.module.open.borrow().clone();
        if let Some(origin) = open {
            return Ok(Value::unknown(super::open_reason(&origin)));
        }
        Err(raise("NameError", format!("name '{name}' is not defined")))
    }

    /// `str(v)`; `None` when unknown.
    pub(crate) fn to_str(&self, v: &Value) -> Option<String> {
        Some(match &v.v {
            V::Str(s) => s.to_string(),
            V::Path(p) | V::EnvPath(p) => p.to_string(),
            V::Unknown(_) => return None,
            V::Object(o) => match &**o {
                Object::ParsedUrl(u) => format!(
                    "ParseResult(scheme={:?}, netloc={:?}, path={:?})",
                    u.scheme, u.netloc, u.path
                ),
                _ => return None,
            },
            _ => {
                if !v.is_fully_known() {
                    return None;
                }
                // A repr golive would cut is not the value Python builds.
                v.try_repr()?
            }
        })
    }

    pub(crate) fn iterate(&mut self, v: &Value) -> EvalResult<Vec<Value>> {
        let deps = v.deps.clone();
        let items = match &v.v {
            V::List(items) | V::Set(items) => items.borrow().clone(),
            V::Tuple(items) => items.to_vec(),
            V::Dict(d) => d.borrow().entries.iter().map(|(k, _)| k.clone()).collect(),
            V::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
            V::Bytes(b) => b.iter().map(|&x| Value::int(i64::from(x))).collect(),
            V::Unknown(r) => return Err(Flow::Unknown(r.clone(), v.all_deps())),
            V::Object(o) => match &**o {
                Object::External(name) if &**name == "os.environ" => {
                    let keys: Vec<String> = self.env.keys().cloned().collect();
                    keys.into_iter().map(Value::str).collect()
                }
                _ => {
                    return Err(Flow::Unknown(
                        Rc::from("iterates over an object golive does not model"),
                        deps,
                    ));
                }
            },
            _ => {
                return Err(raise(
                    "TypeError",
                    format!("'{}' object is not iterable", v.type_name()),
                ));
            }
        };
        Ok(if deps.is_empty() {
            items
        } else {
            items.into_iter().map(|i| i.add_deps(&deps)).collect()
        })
    }

    pub(crate) fn get_item(&mut self, base: &Value, key: &Value) -> EvalResult<Value> {
        let deps = base.deps.union(&key.deps);
        if key.is_unknown() {
            return Ok(key.clone().add_deps(&base.deps));
        }
        if key.is_external() {
            return Ok(unknown_like(key).add_deps(&deps));
        }
        // django-environ's Path indexes its text (`__getitem__`).
        if let V::EnvPath(p) = &base.v {
            let text = Value::with_deps(V::Str(p.clone()), base.deps.clone());
            return self.get_item(&text, key);
        }
        let out = match &base.v {
            V::Dict(d) => match d.borrow().get(key) {
                Some(v) => v.clone(),
                None => {
                    if d.borrow().entries.iter().any(|(k, _)| k.is_unknown()) {
                        return Ok(Value::unknown("a dict with unknown keys").add_deps(&deps));
                    }
                    return Err(Flow::Raise(Exc {
                        kind: Rc::from("KeyError"),
                        msg: key.repr(),
                        deps,
                        missing_variable: None,
                    }));
                }
            },
            V::List(_) | V::Tuple(_) | V::Str(_) => {
                let Some(Num::I(i)) = num(key) else {
                    return Err(raise("TypeError", "indices must be integers"));
                };
                let items = match &base.v {
                    V::Str(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
                    _ => base.elements().unwrap_or_default(),
                };
                let len = items.len() as i64;
                let idx = if i < 0 { i + len } else { i };
                if idx < 0 || idx >= len {
                    return Err(Flow::Raise(Exc {
                        kind: Rc::from("IndexError"),
                        msg: "index out of range".into(),
                        deps,
                        missing_variable: None,
                    }));
                }
                items[idx as usize].clone()
            }
            V::Unknown(_) => return Ok(base.clone()),
            V::Object(o) => match &**o {
                Object::Namespace(m) => {
                    let Some(k) = key.as_str() else {
                        return Ok(Value::unknown("an item of globals() golive cannot know"));
                    };
                    match m.get(k) {
                        Some(b) => b.value,
                        None if m.open.borrow().is_some() => {
                            Value::unknown(m.open.borrow().clone().unwrap_or_default())
                        }
                        None => {
                            return Err(Flow::Raise(Exc {
                                kind: Rc::from("KeyError"),
                                msg: key.repr(),
                                deps,
                                missing_variable: None,
                            }));
                        }
                    }
                }
                Object::External(name) if &**name == "sys.modules" => {
                    match key.as_str().and_then(|k| self.modules.get(k).cloned()) {
                        Some(m) => Value::object(Object::Module(m)),
                        None => Value::unknown("a module of `sys.modules` golive did not evaluate"),
                    }
                }
                Object::External(name) if &**name == "os.environ" => {
                    let Some(k) = key.as_str() else {
                        return Err(raise("TypeError", "str expected"));
                    };
                    let k = k.to_string();
                    match self.env_value(&k) {
                        Some(v) => v.add_deps(&Deps::one(&k)),
                        None => {
                            let msg = self.missing_env_message(&k);
                            return Err(Flow::Raise(Exc {
                                kind: Rc::from("KeyError"),
                                msg,
                                deps: Deps::one(&k),
                                missing_variable: Some(Rc::from(k.as_str())),
                            }));
                        }
                    }
                }
                _ => Value::unknown("an item of an object golive does not model"),
            },
            _ => {
                return Err(raise(
                    "TypeError",
                    format!("'{}' object is not subscriptable", base.type_name()),
                ));
            }
        };
        Ok(out.add_deps(&deps))
    }

    fn slice(
        &mut self,
        base: &Value,
        lower: Option<Value>,
        upper: Option<Value>,
        step: Option<Value>,
    ) -> EvalResult<Value> {
        // django-environ's Path slices its text (`__getitem__`).
        if let V::EnvPath(p) = &base.v {
            let text = Value::with_deps(V::Str(p.clone()), base.deps.clone());
            return self.slice(&text, lower, upper, step);
        }
        let as_int = |v: &Option<Value>| -> Option<Option<i64>> {
            match v {
                None => Some(None),
                Some(Value { v: V::None, .. }) => Some(None),
                Some(x) => match num(x) {
                    Some(Num::I(i)) => Some(Some(i)),
                    _ => None,
                },
            }
        };
        let (Some(lo), Some(hi), Some(st)) = (as_int(&lower), as_int(&upper), as_int(&step)) else {
            return Ok(Value::unknown("a slice golive cannot compute"));
        };
        let st = st.unwrap_or(1);
        if st == 0 {
            return Err(raise("ValueError", "slice step cannot be zero"));
        }
        let pick = |len: usize| -> Vec<usize> {
            let len = len as i64;
            let norm = |x: i64| {
                if x < 0 {
                    (x + len).max(if st < 0 { -1 } else { 0 })
                } else {
                    x.min(if st < 0 { len - 1 } else { len })
                }
            };
            let mut out = Vec::new();
            if st > 0 {
                let (mut i, end) = (lo.map_or(0, norm), hi.map_or(len, norm));
                while i < end {
                    out.push(i as usize);
                    i += st;
                }
            } else {
                let (mut i, end) = (lo.map_or(len - 1, norm), hi.map_or(-1, norm));
                while i > end {
                    out.push(i as usize);
                    i += st;
                }
            }
            out
        };
        let deps = base.deps.clone();
        Ok(match &base.v {
            V::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                Value::str(
                    pick(chars.len())
                        .into_iter()
                        .map(|i| chars[i])
                        .collect::<String>(),
                )
            }
            V::List(_) | V::Tuple(_) => {
                let items = base.elements().unwrap_or_default();
                let picked: Vec<Value> = pick(items.len())
                    .into_iter()
                    .map(|i| items[i].clone())
                    .collect();
                if matches!(base.v, V::List(_)) {
                    Value::list(picked)
                } else {
                    Value::tuple(picked)
                }
            }
            V::Unknown(_) => base.clone(),
            _ => return Err(raise("TypeError", "object is not sliceable")),
        }
        .add_deps(&deps))
    }

    pub(crate) fn set_item(
        &mut self,
        container: &Value,
        key: Value,
        value: Value,
    ) -> EvalResult<()> {
        match &container.v {
            V::Dict(d) => {
                d.borrow_mut().insert(key, value);
                Ok(())
            }
            V::List(items) => {
                let Some(Num::I(i)) = num(&key) else {
                    return Ok(());
                };
                let mut items = items.borrow_mut();
                let len = items.len() as i64;
                let idx = if i < 0 { i + len } else { i };
                if idx < 0 || idx >= len {
                    return Err(raise("IndexError", "list assignment index out of range"));
                }
                items[idx as usize] = value;
                Ok(())
            }
            V::Object(o) => {
                if let Object::Namespace(m) = &**o {
                    let m = m.clone();
                    match key.as_str() {
                        Some(k) => self.bind_in_module(&m, k, value),
                        None => self.open_namespace(
                            &m,
                            "`globals()[...] = ...` with a name golive cannot know",
                        ),
                    }
                    return Ok(());
                }
                if let Object::External(name) = &**o
                    && &**name == "os.environ"
                    && let (Some(k), Some(v)) = (key.as_str(), value.as_str())
                {
                    self.env.insert(k.to_string(), v.to_string());
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn del_item(&mut self, container: &Value, key: &Value) -> EvalResult<()> {
        match &container.v {
            V::Dict(d) => {
                if d.borrow_mut().remove(key).is_none() {
                    return Err(raise("KeyError", key.repr()));
                }
                Ok(())
            }
            V::List(items) => {
                if let Some(Num::I(i)) = num(key) {
                    let mut items = items.borrow_mut();
                    let len = items.len() as i64;
                    let idx = if i < 0 { i + len } else { i };
                    if idx >= 0 && idx < len {
                        items.remove(idx as usize);
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn augmented(
        &mut self,
        current: &Value,
        op: Operator,
        rhs: &Value,
    ) -> EvalResult<Value> {
        // In-place operators mutate lists, dicts and sets, as in Python.
        match (&current.v, op) {
            (V::List(items), Operator::Add) => {
                match self.iterate(rhs) {
                    Ok(new)
                        if !crate::value::fits_items(
                            items.borrow().len().saturating_add(new.len()),
                        ) =>
                    {
                        let n = items.borrow().len().saturating_add(new.len());
                        items
                            .borrow_mut()
                            .push(Value::unknown(crate::value::too_large(n)));
                    }
                    Ok(new) => {
                        crate::value::charge(new.len() * 32);
                        items.borrow_mut().extend(new);
                    }
                    Err(Flow::Unknown(r, d)) => items
                        .borrow_mut()
                        .push(Value::unknown(r.to_string()).add_deps(&d)),
                    Err(e) => return Err(e),
                }
                Ok(current.clone())
            }
            (V::Dict(d), Operator::BitOr) => {
                if let V::Dict(other) = &rhs.v {
                    let entries = other.borrow().entries.clone();
                    for (k, v) in entries {
                        d.borrow_mut().insert(k, v);
                    }
                    return Ok(current.clone());
                }
                self.binop(current, op, rhs)
            }
            _ => self.binop(current, op, rhs),
        }
    }

    pub(crate) fn binop(&mut self, l: &Value, op: Operator, r: &Value) -> EvalResult<Value> {
        let deps = l.all_deps().union(&r.all_deps());
        if l.is_unknown() {
            return Ok(l.clone().add_deps(&deps));
        }
        if r.is_unknown() {
            return Ok(r.clone().add_deps(&deps));
        }
        // What a hostile module asks for is checked before it is built.
        let sized = |n: usize| -> Option<Value> {
            (!crate::value::fits(n))
                .then(|| Value::unknown(crate::value::too_large(n)).add_deps(&deps))
        };
        // Containers count ten times: their limit is a tenth of a string's.
        let size_of = |v: &V| -> usize {
            match v {
                V::Str(s) => s.len(),
                V::Bytes(b) => b.len(),
                V::List(items) => items.borrow().len().saturating_mul(10),
                V::Tuple(items) => items.len().saturating_mul(10),
                _ => 0,
            }
        };
        if matches!(op, Operator::Add)
            && let Some(u) = sized(size_of(&l.v).saturating_add(size_of(&r.v)))
        {
            return Ok(u);
        }
        let out = match (op, &l.v, &r.v) {
            (Operator::Add, V::Str(a), V::Str(b)) => Value::str(format!("{a}{b}")),
            (Operator::Add, V::Bytes(a), V::Bytes(b)) => {
                Value::new(V::Bytes([&a[..], &b[..]].concat().into()))
            }
            (Operator::Add, V::List(a), V::List(b)) => Value::list(
                a.borrow()
                    .iter()
                    .chain(b.borrow().iter())
                    .cloned()
                    .collect(),
            ),
            (Operator::Add, V::Tuple(a), V::Tuple(b)) => {
                Value::tuple(a.iter().chain(b.iter()).cloned().collect())
            }
            (Operator::Mult, V::Str(s), _) | (Operator::Mult, _, V::Str(s)) => {
                let n = match (num(l), num(r)) {
                    (Some(Num::I(n)), _) | (_, Some(Num::I(n))) => n,
                    _ => return Err(raise("TypeError", "can't multiply sequence by non-int")),
                };
                if usize::try_from(n.max(0))
                    .unwrap_or(usize::MAX)
                    .saturating_mul(s.len())
                    > crate::value::MAX_LEN
                {
                    return Ok(Value::unknown("a string too large for golive").add_deps(&deps));
                }
                Value::str(s.repeat(n.max(0) as usize))
            }
            (Operator::Mult, V::List(_) | V::Tuple(_), _)
            | (Operator::Mult, _, V::List(_) | V::Tuple(_)) => {
                let (seq, n) = if matches!(l.v, V::List(_) | V::Tuple(_)) {
                    (l, num(r))
                } else {
                    (r, num(l))
                };
                let Some(Num::I(n)) = n else {
                    return Err(raise("TypeError", "can't multiply sequence by non-int"));
                };
                let items = seq.elements().unwrap_or_default();
                if usize::try_from(n.max(0))
                    .unwrap_or(usize::MAX)
                    .saturating_mul(items.len())
                    > MAX_SEQ_LEN
                {
                    return Ok(Value::unknown("a sequence too large for golive").add_deps(&deps));
                }
                let mut out = Vec::new();
                for _ in 0..n.max(0) {
                    out.extend(items.iter().cloned());
                }
                if matches!(seq.v, V::List(_)) {
                    Value::list(out)
                } else {
                    Value::tuple(out)
                }
            }
            // pathlib joins with `/`, taking any path-like on either side
            // (`__truediv__`, `__rtruediv__`); django-environ's Path has
            // no `/` of its own.
            (Operator::Div, V::Path(p), V::Str(s) | V::Path(s) | V::EnvPath(s)) => {
                Value::new(V::Path(Rc::from(super::paths::path_join(p, s))))
            }
            (Operator::Div, V::Str(s) | V::EnvPath(s), V::Path(p)) => {
                Value::new(V::Path(Rc::from(super::paths::path_join(s, p))))
            }
            // `environ.Path - n`: `self.path('../' * n)`, n directories up
            // (none for n <= 0). Past the root the parent is the root: the
            // loop is bounded by the path's depth, not by the number.
            (Operator::Sub, V::EnvPath(p), V::Int(_) | V::Bool(_)) => {
                let n = match num(r) {
                    Some(Num::I(n)) => n,
                    _ => 0,
                };
                let mut p = p.to_string();
                let depth = p.matches('/').count() + 1;
                for _ in 0..n.clamp(0, i64::try_from(depth).unwrap_or(i64::MAX)) {
                    p = super::paths::normpath(&super::paths::os_join(&[p, "..".into()]));
                }
                Value::new(V::EnvPath(Rc::from(p)))
            }
            // `environ.Path - "suffix"`: `Path(root.rstrip(suffix))` when the
            // text ends with it — rstrip takes the suffix as a set of
            // characters.
            (Operator::Sub, V::EnvPath(p), V::Str(suffix)) => {
                if !p.ends_with(&**suffix) {
                    return Err(raise(
                        "TypeError",
                        "unsupported operand type(s) for -: 'Path' and 'str' unless value of Path ends with value of str",
                    ));
                }
                let stripped = p.trim_end_matches(|c| suffix.contains(c));
                if stripped.starts_with('/') {
                    Value::new(V::EnvPath(Rc::from(super::paths::normpath(stripped))))
                } else {
                    Value::unknown(super::paths::RELATIVE_MADE_ABSOLUTE)
                }
            }
            (Operator::Sub, V::EnvPath(_), _) => {
                return Err(raise(
                    "TypeError",
                    format!(
                        "unsupported operand type(s) for -: 'Path' and '{}'",
                        r.type_name()
                    ),
                ));
            }
            // `environ.Path + x`: `Path(root, x)`, joined as os.path.join
            // does.
            (Operator::Add, V::EnvPath(p), _) => {
                self.environ_path_new(Value::str(p.clone()), std::slice::from_ref(r), None, None)?
            }
            (Operator::Mod, V::Str(fmt), _) => match super::call::percent_format(self, fmt, r) {
                Some(s) => Value::str(s),
                None => Value::unknown("a `%` format golive cannot apply"),
            },
            (Operator::BitOr, V::Dict(a), V::Dict(b)) => {
                let mut d = a.borrow().clone();
                for (k, v) in b.borrow().entries.iter() {
                    d.insert(k.clone(), v.clone());
                }
                Value::new(V::Dict(Rc::new(RefCell::new(d))))
            }
            (Operator::BitOr | Operator::BitAnd | Operator::Sub, V::Set(a), V::Set(b)) => {
                let a = a.borrow().clone();
                let b = b.borrow().clone();
                let contains =
                    |set: &[Value], x: &Value| set.iter().any(|y| py_eq(x, y) == Some(true));
                let out: Vec<Value> = match op {
                    Operator::BitOr => a.iter().chain(b.iter()).cloned().collect(),
                    Operator::BitAnd => a.iter().filter(|x| contains(&b, x)).cloned().collect(),
                    _ => a.iter().filter(|x| !contains(&b, x)).cloned().collect(),
                };
                Value::set(out)
            }
            _ => match (num(l), num(r)) {
                (Some(a), Some(b)) => arith(op, a, b)?,
                _ => {
                    if matches!(l.v, V::Object(_)) || matches!(r.v, V::Object(_)) {
                        return Ok(Value::unknown(
                            "an operation on an object golive does not model",
                        )
                        .add_deps(&deps));
                    }
                    return Err(raise(
                        "TypeError",
                        format!(
                            "unsupported operand type(s) for {}: '{}' and '{}'",
                            op.as_str(),
                            l.type_name(),
                            r.type_name()
                        ),
                    ));
                }
            },
        };
        Ok(out.add_deps(&deps))
    }

    /// One comparison; `Ok(None)` when unknown.
    fn compare(&mut self, l: &Value, op: CmpOp, r: &Value) -> EvalResult<Option<bool>> {
        Ok(match op {
            CmpOp::Eq => py_eq(l, r),
            CmpOp::NotEq => py_eq(l, r).map(|b| !b),
            CmpOp::Is | CmpOp::IsNot => {
                let same = match (&l.v, &r.v) {
                    (V::Unknown(_), _) | (_, V::Unknown(_)) => None,
                    (V::None, V::None) => Some(true),
                    (V::Bool(a), V::Bool(b)) => Some(a == b),
                    (V::None | V::Bool(_), _) | (_, V::None | V::Bool(_)) => Some(false),
                    (V::Object(a), V::Object(b)) => match (&**a, &**b) {
                        (Object::External(x), Object::External(y)) => Some(x == y),
                        _ => None,
                    },
                    _ => None,
                };
                if op == CmpOp::Is {
                    same
                } else {
                    same.map(|b| !b)
                }
            }
            CmpOp::In | CmpOp::NotIn => {
                let found = self.contains(r, l)?;
                if op == CmpOp::In {
                    found
                } else {
                    found.map(|b| !b)
                }
            }
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let ord = order(l, r);
                if ord.is_none()
                    && l.is_fully_known()
                    && r.is_fully_known()
                    && !matches!(l.v, V::Object(_))
                    && !matches!(r.v, V::Object(_))
                    && num(l).is_none() != num(r).is_none()
                {
                    return Err(raise(
                        "TypeError",
                        format!(
                            "'<' not supported between instances of '{}' and '{}'",
                            l.type_name(),
                            r.type_name()
                        ),
                    ));
                }
                ord.map(|o| match op {
                    CmpOp::Lt => o.is_lt(),
                    CmpOp::LtE => o.is_le(),
                    CmpOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                })
            }
        })
    }

    /// `needle in haystack`.
    pub(crate) fn contains(
        &mut self,
        haystack: &Value,
        needle: &Value,
    ) -> EvalResult<Option<bool>> {
        Ok(match &haystack.v {
            V::Str(h) => match &needle.v {
                V::Str(n) => Some(h.contains(&**n)),
                V::Unknown(_) => None,
                _ if needle.is_external() => None,
                _ => {
                    return Err(raise(
                        "TypeError",
                        "'in <string>' requires string as left operand",
                    ));
                }
            },
            V::List(_) | V::Tuple(_) | V::Set(_) => {
                let mut unknown = false;
                for item in haystack.elements().unwrap_or_default() {
                    match py_eq(&item, needle) {
                        Some(true) => return Ok(Some(true)),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                if unknown { None } else { Some(false) }
            }
            V::Dict(d) => {
                let d = d.borrow();
                if d.get(needle).is_some() {
                    Some(true)
                } else if needle.is_unknown() || d.entries.iter().any(|(k, _)| k.is_unknown()) {
                    None
                } else {
                    Some(false)
                }
            }
            V::Object(o) => match &**o {
                Object::Namespace(m) => match needle.as_str() {
                    Some(k) if m.get(k).is_some() => Some(true),
                    Some(_) if m.open.borrow().is_none() => Some(false),
                    _ => None,
                },
                Object::External(name) if &**name == "os.environ" => match needle.as_str() {
                    Some(k) => {
                        let k = k.to_string();
                        Some(self.env_is_set(&k))
                    }
                    None => None,
                },
                Object::EnvReader(_) => match needle.as_str() {
                    Some(k) => {
                        let k = k.to_string();
                        Some(self.env_is_set(&k))
                    }
                    None => None,
                },
                _ => None,
            },
            _ => None,
        })
    }
}

/// `Flow::Unknown` from an iteration: the expression's value is unknown.
macro_rules! unknown_on_flow {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(Flow::Unknown(reason, deps)) => {
                return Ok(Value::unknown(reason.to_string()).add_deps(&deps))
            }
            Err(e) => return Err(e),
        }
    };
}
use unknown_on_flow;

/// An unknown value carrying the reason of `v` (or a generic one).
pub(crate) fn unknown_like(v: &Value) -> Value {
    let reason = v
        .first_unknown()
        .unwrap_or_else(|| Rc::from("a value golive cannot know"));
    Value::new(V::Unknown(reason)).add_deps(&v.all_deps())
}

fn arith(op: Operator, a: Num, b: Num) -> EvalResult<Value> {
    use Num::I;
    let overflow = || Value::unknown("integer overflow");
    Ok(match (a, b) {
        (I(x), I(y)) => match op {
            Operator::Add => x.checked_add(y).map_or_else(overflow, Value::int),
            Operator::Sub => x.checked_sub(y).map_or_else(overflow, Value::int),
            Operator::Mult => x.checked_mul(y).map_or_else(overflow, Value::int),
            Operator::Div => {
                if y == 0 {
                    return Err(raise("ZeroDivisionError", "division by zero"));
                }
                Value::new(V::Float(x as f64 / y as f64))
            }
            Operator::FloorDiv => {
                if y == 0 {
                    return Err(raise(
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                    ));
                }
                match (x.checked_div_euclid(y), x.checked_rem_euclid(y)) {
                    (Some(q), Some(r)) => q
                        .checked_sub(i64::from(r != 0 && y < 0))
                        .map_or_else(overflow, Value::int),
                    _ => overflow(),
                }
            }
            Operator::Mod => {
                if y == 0 {
                    return Err(raise(
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                    ));
                }
                // `i64::MIN % -1` overflows in Rust; in Python it is 0.
                let m = x.checked_rem(y).unwrap_or(0);
                Value::int(if m != 0 && ((m < 0) != (y < 0)) {
                    m + y
                } else {
                    m
                })
            }
            Operator::Pow => {
                if y < 0 {
                    Value::new(V::Float((x as f64).powf(y as f64)))
                } else {
                    u32::try_from(y)
                        .ok()
                        .and_then(|y| x.checked_pow(y))
                        .map_or_else(overflow, Value::int)
                }
            }
            Operator::BitOr => Value::int(x | y),
            Operator::BitAnd => Value::int(x & y),
            Operator::BitXor => Value::int(x ^ y),
            Operator::LShift => u32::try_from(y)
                .ok()
                .and_then(|y| x.checked_shl(y))
                .filter(|r| r >> y.min(63) == x)
                .map_or_else(overflow, Value::int),
            Operator::RShift => Value::int(x >> y.clamp(0, 63)),
            Operator::MatMult => return Err(raise("TypeError", "unsupported operand for @")),
        },
        (x, y) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            match op {
                Operator::Add => Value::new(V::Float(x + y)),
                Operator::Sub => Value::new(V::Float(x - y)),
                Operator::Mult => Value::new(V::Float(x * y)),
                Operator::Div => {
                    if y == 0.0 {
                        return Err(raise("ZeroDivisionError", "float division by zero"));
                    }
                    Value::new(V::Float(x / y))
                }
                Operator::FloorDiv => {
                    if y == 0.0 {
                        return Err(raise("ZeroDivisionError", "float floor division by zero"));
                    }
                    Value::new(V::Float((x / y).floor()))
                }
                Operator::Mod => {
                    if y == 0.0 {
                        return Err(raise("ZeroDivisionError", "float modulo"));
                    }
                    let m = x % y;
                    Value::new(V::Float(if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
                        m + y
                    } else {
                        m
                    }))
                }
                Operator::Pow => Value::new(V::Float(x.powf(y))),
                _ => return Err(raise("TypeError", "unsupported operand type(s) for float")),
            }
        }
    })
}

/// Python ordering between two known values.
pub(crate) fn order(l: &Value, r: &Value) -> Option<std::cmp::Ordering> {
    match (&l.v, &r.v) {
        (V::Str(a), V::Str(b)) => Some(a.cmp(b)),
        (V::List(_), V::List(_)) | (V::Tuple(_), V::Tuple(_)) => {
            let (a, b) = (l.elements()?, r.elements()?);
            for (x, y) in a.iter().zip(b.iter()) {
                match py_eq(x, y)? {
                    true => continue,
                    false => return order(x, y),
                }
            }
            Some(a.len().cmp(&b.len()))
        }
        _ => match (num(l)?, num(r)?) {
            (Num::I(a), Num::I(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        },
    }
}
