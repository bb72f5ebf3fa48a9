//! Classes defined in the settings or the project: class bodies evaluated
//! into attributes, class and static methods, properties and `super()`;
//! and django-configurations, whose `Configuration` class named by
//! `DJANGO_CONFIGURATION` turns its attributes — `values.*Value`s read from
//! `DJANGO_<NAME>` — into the settings, as its importer does.

use super::call::Args;
use super::{
    Binding, EvalResult, Exc, Flow, Frame, Interp, ModuleObj, Namespace, Origin, is_setting_name,
    raise,
};
use crate::value::{Deps, Object, V, Value};
use ruff_python_ast::{self as ast, Expr};
use std::cell::RefCell;
use std::rc::Rc;

/// A class: its bases and the attributes its body bound.
#[derive(Debug)]
pub struct ClassObj {
    pub name: String,
    pub(crate) bases: Vec<Value>,
    pub(crate) attrs: RefCell<Namespace>,
    /// A django-configurations `Configuration` subclass.
    pub configuration: bool,
}

/// How a function defined in a class is bound when looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MethodKind {
    Plain,
    Class,
    Static,
    Property,
}

/// A django-configurations `values.*Value(...)`: resolved from the
/// environment when its configuration class is set up.
#[derive(Debug)]
pub struct ConfigValue {
    /// The class name (`BooleanValue`, `SecretValue`, …).
    pub kind: String,
    pub default: Value,
    pub environ: bool,
    pub environ_name: Option<String>,
    pub environ_prefix: Option<String>,
    pub required: bool,
    pub separator: String,
    /// DatabaseURLValue's `alias`.
    pub alias: String,
}

fn decorator_kind(f: &ast::StmtFunctionDef) -> MethodKind {
    for d in &f.decorator_list {
        let name = match &d.expression {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => continue,
        };
        match name {
            "classmethod" => return MethodKind::Class,
            "staticmethod" => return MethodKind::Static,
            "property" | "cached_property" => return MethodKind::Property,
            _ => {}
        }
    }
    MethodKind::Plain
}

pub(crate) fn method_kind(f: &ast::StmtFunctionDef) -> MethodKind {
    decorator_kind(f)
}

impl Interp<'_> {
    /// `class C(Bases): body` — the body runs in a namespace of its own
    /// that sees the module's globals.
    pub(crate) fn exec_class_def(
        &mut self,
        frame: &mut Frame,
        c: &ast::StmtClassDef,
    ) -> EvalResult<()> {
        let origin = Origin {
            stmt: frame.span(c.range),
            value: None,
        };
        let mut bases = Vec::new();
        if let Some(args) = &c.arguments {
            for b in args.args.iter() {
                bases.push(
                    self.eval(frame, b)
                        .unwrap_or_else(|_| Value::unknown("a base class golive cannot evaluate")),
                );
            }
        }
        let configuration = bases.iter().any(|b| match &b.v {
            V::Object(o) => match &**o {
                Object::External(n) => {
                    n.starts_with("configurations.") && n.ends_with("Configuration")
                }
                Object::Class(c) => c.configuration,
                _ => false,
            },
            _ => false,
        });
        let mut body = Frame::new(
            frame.module.clone(),
            frame.file.clone(),
            Some(Default::default()),
        );
        body.class_origins = Some(Vec::new());
        let result = self.exec_block(&mut body, &c.body);
        let mut attrs = Namespace::default();
        let origins = body.class_origins.take().unwrap_or_default();
        for (name, value) in body.locals.take().unwrap_or_default() {
            let origin = origins.iter().find(|(n, _)| *n == name).map(|(_, o)| *o);
            attrs.insert(name, Binding { value, origin });
        }
        let class = Rc::new(ClassObj {
            name: c.name.to_string(),
            bases,
            attrs: RefCell::new(attrs),
            configuration,
        });
        for b in class.attrs.borrow().values() {
            if let V::Object(o) = &b.value.v
                && let Object::Function(f) = &**o
            {
                *f.owner.borrow_mut() = Some(Rc::downgrade(&class));
            }
        }
        let value = match result {
            Ok(()) => Value::object(Object::Class(class)),
            Err(Flow::Budget) => return Err(Flow::Budget),
            Err(_) => Value::unknown(format!(
                "class `{}`, whose body golive could not evaluate",
                c.name
            )),
        };
        self.bind_name(frame, c.name.as_str(), value, origin);
        Ok(())
    }

    /// The class and its bases in method resolution order (depth first,
    /// left to right, each once).
    pub(crate) fn mro(cls: &Rc<ClassObj>) -> Vec<Rc<ClassObj>> {
        let mut out: Vec<Rc<ClassObj>> = Vec::new();
        fn walk(c: &Rc<ClassObj>, out: &mut Vec<Rc<ClassObj>>, depth: usize) {
            if depth > 32 || out.iter().any(|o| Rc::ptr_eq(o, c)) {
                return;
            }
            out.push(c.clone());
            for b in &c.bases {
                if let V::Object(o) = &b.v
                    && let Object::Class(bc) = &**o
                {
                    walk(bc, out, depth + 1);
                }
            }
        }
        walk(cls, &mut out, 0);
        out
    }

    /// Whether a class has a base golive does not know (a library class):
    /// an attribute it does not find may come from there.
    fn has_unknown_base(cls: &Rc<ClassObj>) -> bool {
        Self::mro(cls).iter().any(|c| {
            c.bases.iter().any(|b| match &b.v {
                V::Object(o) => match &**o {
                    Object::Class(_) => false,
                    Object::External(n) => !(n.starts_with("configurations.") || &**n == "object"),
                    _ => true,
                },
                _ => true,
            })
        })
    }

    /// `attr` looked up on `cls` (through its bases, from `start` in the
    /// MRO), bound to `recv` as Python binds it.
    pub(crate) fn class_attr(
        &mut self,
        cls: &Rc<ClassObj>,
        attr: &str,
        recv: &Value,
        after: Option<&Rc<ClassObj>>,
    ) -> EvalResult<Option<Value>> {
        let mut mro = Self::mro(cls);
        if let Some(owner) = after {
            match mro.iter().position(|c| Rc::ptr_eq(c, owner)) {
                Some(i) => mro = mro.split_off(i + 1),
                None => return Ok(None),
            }
        }
        for c in &mro {
            let found = c.attrs.borrow().get(attr).map(|b| b.value.clone());
            let Some(value) = found else { continue };
            if let V::Object(o) = &value.v
                && let Object::Function(f) = &**o
            {
                let is_instance =
                    matches!(&recv.v, V::Object(o) if matches!(&**o, Object::Instance(_)));
                return Ok(Some(match f.kind {
                    MethodKind::Static => value.clone(),
                    MethodKind::Class => Value::object(Object::BoundFunction {
                        func: f.clone(),
                        recv: class_of(recv),
                    }),
                    MethodKind::Plain if is_instance => Value::object(Object::BoundFunction {
                        func: f.clone(),
                        recv: recv.clone(),
                    }),
                    MethodKind::Plain => value.clone(),
                    MethodKind::Property if is_instance => {
                        self.call_function(f.clone(), Args::new(vec![recv.clone()]))?
                    }
                    MethodKind::Property => {
                        Value::unknown(format!("the property `{attr}` of class `{}`", cls.name))
                    }
                }));
            }
            return Ok(Some(value));
        }
        Ok(None)
    }

    /// Attribute access on a class or an instance.
    pub(crate) fn class_getattr(
        &mut self,
        cls: &Rc<ClassObj>,
        attr: &str,
        recv: &Value,
    ) -> EvalResult<Value> {
        if let Some(v) = self.class_attr(cls, attr, recv, None)? {
            return Ok(v);
        }
        if attr == "__name__" {
            return Ok(Value::str(cls.name.as_str()));
        }
        if cls.configuration && matches!(attr, "setup" | "pre_setup" | "post_setup" | "load_dotenv")
        {
            return Ok(Value::object(Object::BoundMethod {
                recv: recv.clone(),
                name: Rc::from("__configuration_hook__"),
            }));
        }
        if Self::has_unknown_base(cls) {
            return Ok(Value::unknown(format!(
                "`{}.{attr}`, which may come from a base class golive does not model",
                cls.name
            )));
        }
        // An instance gets attributes in `__init__`, which golive does not run.
        if matches!(&recv.v, V::Object(o) if matches!(&**o, Object::Instance(_))) {
            return Ok(Value::unknown(format!(
                "the attribute `{attr}` of a `{}` instance, set when it is created",
                cls.name
            )));
        }
        Err(raise(
            "AttributeError",
            format!("type object '{}' has no attribute '{attr}'", cls.name),
        ))
    }

    /// `super().name` inside a method of `owner` called on `recv`.
    pub(crate) fn super_getattr(
        &mut self,
        owner: &Rc<ClassObj>,
        recv: &Value,
        attr: &str,
    ) -> EvalResult<Value> {
        let cls = match &class_of(recv).v {
            V::Object(o) => match &**o {
                Object::Class(c) => c.clone(),
                _ => owner.clone(),
            },
            _ => owner.clone(),
        };
        if let Some(v) = self.class_attr(&cls, attr, recv, Some(owner))? {
            return Ok(v);
        }
        if matches!(
            attr,
            "setup" | "pre_setup" | "post_setup" | "load_dotenv" | "__init__"
        ) {
            return Ok(Value::object(Object::BoundMethod {
                recv: recv.clone(),
                name: Rc::from("__configuration_hook__"),
            }));
        }
        Ok(Value::unknown(format!(
            "`super().{attr}`, from a base class golive does not model"
        )))
    }

    /// `cls.NAME = value` (in a class method) or `instance.NAME = value`.
    pub(crate) fn class_setattr(&mut self, cls: &Rc<ClassObj>, attr: &str, value: Value) {
        let origin = self.current_span.map(|s| Origin {
            stmt: s,
            value: None,
        });
        let value = if self.control.is_empty() {
            value
        } else {
            value.add_deps(&self.control)
        };
        cls.attrs
            .borrow_mut()
            .insert(Rc::from(attr), Binding { value, origin });
    }

    /// `values.BooleanValue(True)`, `values.SecretValue()`, …
    pub(crate) fn config_value(&mut self, kind: &str, args: &Args) -> Value {
        let kw_str = |name: &str| args.kw(name).and_then(Value::as_str).map(str::to_string);
        let mut default = args.get(0, "default").cloned().unwrap_or_else(Value::none);
        // A Value used as another's default lends its default.
        if let V::Object(o) = &default.v
            && let Object::ConfigValue(cv) = &**o
        {
            default = cv.default.clone();
        }
        let url_backend = matches!(
            kind,
            "DatabaseURLValue" | "CacheURLValue" | "SearchURLValue" | "EmailURLValue"
        );
        let environ_name = kw_str("environ_name").or_else(|| match kind {
            "DatabaseURLValue" => Some("DATABASE_URL".into()),
            "CacheURLValue" => Some("CACHE_URL".into()),
            "SearchURLValue" => Some("SEARCH_URL".into()),
            "EmailURLValue" => Some("EMAIL_URL".into()),
            _ => None,
        });
        let environ_prefix = match args.kw("environ_prefix") {
            Some(Value { v: V::None, .. }) => None,
            Some(v) => v
                .as_str()
                .map(|s| s.trim_end_matches('_').to_string())
                .filter(|s| !s.is_empty()),
            None if url_backend => None,
            None => Some("DJANGO".to_string()),
        };
        let required = kind == "SecretValue"
            || args
                .kw("environ_required")
                .and_then(Value::truthy)
                .unwrap_or(false);
        let environ =
            kind == "SecretValue" || args.kw("environ").and_then(Value::truthy).unwrap_or(true);
        Value::object(Object::ConfigValue(Rc::new(ConfigValue {
            kind: kind.to_string(),
            default,
            environ,
            environ_name,
            environ_prefix,
            required,
            separator: kw_str("separator").unwrap_or_else(|| ",".into()),
            alias: kw_str("alias").unwrap_or_else(|| "default".into()),
        })))
    }

    /// What a Value becomes when its class is set up, for the attribute
    /// `name`: the environment variable `PREFIX_NAME` converted as its
    /// class converts it, else its default.
    pub(crate) fn resolve_config_value(
        &mut self,
        cv: &ConfigValue,
        name: &str,
    ) -> EvalResult<Value> {
        if !cv.environ {
            return Ok(cv.default.clone());
        }
        let base = cv
            .environ_name
            .clone()
            .unwrap_or_else(|| name.to_ascii_uppercase());
        let var = match &cv.environ_prefix {
            Some(p) => format!("{p}_{base}"),
            None => base,
        };
        let dep = Deps::one(&var);
        let Some(raw) = self.env_value(&var) else {
            // In the configured scenario a required variable nobody declared
            // is supplied at deploy time, as for `os.environ["X"]`.
            if cv.required && self.scenario == super::ScenarioKind::Configured {
                return Ok(Value::unknown(format!(
                    "raises ValueError: {}",
                    self.missing_env_message(&var)
                ))
                .add_deps(&dep));
            }
            if cv.required {
                return Err(Flow::Raise(Exc {
                    kind: Rc::from("ValueError"),
                    msg: format!(
                        "Value '{name}' is required to be set as the environment variable '{var}' ({})",
                        self.missing_env_message(&var)
                    ),
                    deps: dep,
                    missing_variable: Some(Rc::from(var.as_str())),
                }));
            }
            return Ok(self.convert_config_default(cv)?.add_deps(&dep));
        };
        if raw.is_unknown() {
            return Ok(raw.add_deps(&dep));
        }
        let text = raw.as_str().unwrap_or_default().to_string();
        Ok(self.convert_config_text(cv, &text)?.add_deps(&dep))
    }

    fn convert_config_default(&mut self, cv: &ConfigValue) -> EvalResult<Value> {
        match cv.kind.as_str() {
            "DatabaseURLValue" => match cv.default.as_str() {
                Some(url) => {
                    let url = url.to_string();
                    self.convert_config_text(cv, &url)
                }
                None => Ok(Value::dict(Vec::new())),
            },
            "CacheURLValue" | "SearchURLValue" | "EmailURLValue"
                if cv.default.as_str().is_some() =>
            {
                Ok(Value::unknown(format!(
                    "a {} golive does not parse",
                    cv.kind
                )))
            }
            "CacheURLValue" | "SearchURLValue" | "EmailURLValue" => Ok(Value::dict(Vec::new())),
            "ListValue" | "TupleValue" | "SetValue" if matches!(cv.default.v, V::None) => {
                Ok(match cv.kind.as_str() {
                    "TupleValue" => Value::tuple(Vec::new()),
                    "SetValue" => Value::set(Vec::new()),
                    _ => Value::list(Vec::new()),
                })
            }
            _ => Ok(cv.default.clone()),
        }
    }

    fn convert_config_text(&mut self, cv: &ConfigValue, text: &str) -> EvalResult<Value> {
        let bad = |what: &str| {
            raise(
                "ValueError",
                format!("Cannot interpret {what} value {text:?}"),
            )
        };
        Ok(match cv.kind.as_str() {
            "BooleanValue" => match text.trim().to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" => Value::bool(true),
                "no" | "n" | "false" | "0" | "" => Value::bool(false),
                _ => return Err(bad("boolean")),
            },
            "IntegerValue" | "PositiveIntegerValue" => {
                match super::call::parse_int(text.trim(), 10) {
                    Some(i) if cv.kind == "IntegerValue" || i >= 0 => Value::int(i),
                    _ => return Err(bad("integer")),
                }
            }
            "FloatValue" => match text.trim().parse::<f64>() {
                Ok(f) => Value::new(V::Float(f)),
                Err(_) => return Err(bad("float")),
            },
            "ListValue" | "TupleValue" | "SetValue" | "BackendsValue" => {
                let items: Vec<Value> = text
                    .trim()
                    .split(cv.separator.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Value::str)
                    .collect();
                match cv.kind.as_str() {
                    "TupleValue" => Value::tuple(items),
                    "SetValue" => Value::set(items),
                    _ => Value::list(items),
                }
            }
            "DatabaseURLValue" => {
                let parsed =
                    self.dj_database_url_parse(text, &super::libs::DbUrlOptions::default())?;
                Value::dict(vec![(Value::str(cv.alias.as_str()), parsed)])
            }
            "SecretValue" if text.is_empty() => {
                return Err(raise("ValueError", "Secret value is not set"));
            }
            "DictValue"
            | "SingleNestedListValue"
            | "SingleNestedTupleValue"
            | "CacheURLValue"
            | "SearchURLValue"
            | "EmailURLValue"
            | "DecimalValue" => Value::unknown(format!("a {} golive does not parse", cv.kind)),
            _ => Value::str(text),
        })
    }

    /// django-configurations' importer: the class `DJANGO_CONFIGURATION`
    /// names is set up (`pre_setup`, its Values read from the environment,
    /// `setup`), its UPPERCASE attributes — methods called — become the
    /// module's settings, then `post_setup` runs.
    pub(crate) fn setup_configuration(&mut self, module: &Rc<ModuleObj>) -> EvalResult<()> {
        let has_configurations = module.ns.borrow().values().any(|b| matches!(&b.value.v, V::Object(o) if matches!(&**o, Object::Class(c) if c.configuration)));
        if !has_configurations {
            return Ok(());
        }
        if self.unknown_env.contains_key("DJANGO_CONFIGURATION") {
            let span = Some(golive_source::Span::file_start(module.file));
            self.note(
                super::NoteKind::Unsupported,
                span,
                "the django-configurations class is chosen when the process starts (DJANGO_CONFIGURATION is set to a value golive cannot see): golive cannot tell which class's settings apply",
            );
            return Ok(());
        }
        let Some(name) = self.env_get("DJANGO_CONFIGURATION") else {
            return Err(Flow::Raise(Exc {
                kind: Rc::from("ImproperlyConfigured"),
                msg: "Configuration cannot be imported, environment variable DJANGO_CONFIGURATION is undefined".into(),
                deps: Deps::one("DJANGO_CONFIGURATION"),
                missing_variable: None,
            }));
        };
        let deps = Deps::one("DJANGO_CONFIGURATION");
        let cls = match module.get(&name).map(|b| b.value.v) {
            Some(V::Object(o)) => match &*o {
                Object::Class(c) => c.clone(),
                _ => {
                    return Err(raise(
                        "ImproperlyConfigured",
                        format!(
                            "Couldn't find configuration '{name}' in module '{}'",
                            module.name
                        ),
                    ));
                }
            },
            _ => {
                return Err(raise(
                    "ImproperlyConfigured",
                    format!(
                        "Couldn't find configuration '{name}' in module '{}'",
                        module.name
                    ),
                ));
            }
        };
        let class_value = Value::object(Object::Class(cls.clone()));
        self.call_hook(&cls, "pre_setup", &class_value)?;
        // Values, base classes first so that subclasses win.
        let mut names: Vec<(Rc<str>, Option<Origin>)> = Vec::new();
        for c in Self::mro(&cls).iter().rev() {
            for (n, b) in c.attrs.borrow().iter() {
                if is_setting_name(n) {
                    names.retain(|(m, _)| m != n);
                    names.push((n.clone(), b.origin));
                }
            }
        }
        for (n, _) in &names {
            let value = self
                .class_attr(&cls, n, &class_value, None)?
                .unwrap_or_else(Value::none);
            if let V::Object(o) = &value.v
                && let Object::ConfigValue(cv) = &**o
            {
                let resolved = self.resolve_config_value(cv, n)?;
                self.class_setattr_keep(&cls, n, resolved);
            }
        }
        self.call_hook(&cls, "setup", &class_value)?;
        let instance = Value::object(Object::Instance(cls.clone()));
        for c in Self::mro(&cls).iter().rev() {
            for (n, b) in c.attrs.borrow().iter() {
                if is_setting_name(n) && !names.iter().any(|(m, _)| m == n) {
                    names.push((n.clone(), b.origin));
                }
            }
        }
        for (n, origin) in names {
            let origin = cls.attrs.borrow().get(&n).and_then(|b| b.origin).or(origin);
            let mut value = self
                .class_attr(&cls, &n, &instance, None)?
                .unwrap_or_else(Value::none);
            if let V::Object(o) = &value.v {
                match &**o {
                    Object::BoundFunction { func, recv } => {
                        let (func, recv) = (func.clone(), recv.clone());
                        value = self.call_function(func, Args::new(vec![recv]))?;
                    }
                    Object::ConfigValue(cv) => {
                        let cv = cv.clone();
                        value = self.resolve_config_value(&cv, &n)?;
                    }
                    _ => {}
                }
            }
            module.ns.borrow_mut().insert(
                n,
                Binding {
                    value: value.add_deps(&deps),
                    origin,
                },
            );
        }
        module.ns.borrow_mut().insert(
            Rc::from("CONFIGURATION"),
            Binding {
                value: Value::str(format!("{}.{name}", module.name)).add_deps(&deps),
                origin: None,
            },
        );
        self.call_hook(&cls, "post_setup", &class_value)?;
        Ok(())
    }

    /// Runs django-configurations' setup for the settings module; an
    /// exception there is the settings raising.
    pub(crate) fn configure_module(&mut self, module: &Rc<ModuleObj>) {
        match self.setup_configuration(module) {
            Ok(()) => {}
            Err(Flow::Raise(exc)) => {
                let span = golive_source::Span::file_start(module.file);
                let message = format!("{}: {}", exc.kind, exc.msg);
                let kind = super::NoteKind::Uncaught {
                    missing_variable: exc.missing_variable.clone(),
                };
                self.note(kind, Some(span), message.clone());
                self.raised = Some(super::Raised {
                    span,
                    message,
                    deps: exc.deps,
                });
            }
            Err(_) => {}
        }
    }

    /// Replaces a class attribute's value, keeping where it was written.
    fn class_setattr_keep(&mut self, cls: &Rc<ClassObj>, attr: &str, value: Value) {
        let mut attrs = cls.attrs.borrow_mut();
        let origin = attrs.get(attr).and_then(|b| b.origin);
        attrs.insert(Rc::from(attr), Binding { value, origin });
    }

    /// Calls a configuration hook the class (or a base of the project)
    /// defines; django-configurations' own hooks change nothing golive
    /// models.
    fn call_hook(&mut self, cls: &Rc<ClassObj>, hook: &str, class_value: &Value) -> EvalResult<()> {
        if let Some(v) = self.class_attr(cls, hook, class_value, None)?
            && let V::Object(o) = &v.v
            && let Object::BoundFunction { func, recv } = &**o
        {
            let (func, recv) = (func.clone(), recv.clone());
            self.call_function(func, Args::new(vec![recv]))?;
        }
        Ok(())
    }
}

/// The class a receiver belongs to (the class itself for a class).
pub(crate) fn class_of(recv: &Value) -> Value {
    match &recv.v {
        V::Object(o) => match &**o {
            Object::Instance(c) => Value::object(Object::Class(c.clone())),
            _ => recv.clone(),
        },
        _ => recv.clone(),
    }
}

/// Makes a function aware of its class once the class exists.
pub(crate) fn new_owner() -> RefCell<Option<std::rc::Weak<ClassObj>>> {
    RefCell::new(None)
}
