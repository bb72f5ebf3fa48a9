//! The libraries settings modules read their environment through, emulated
//! from their source: `os`/`os.path`/`pathlib`, django-environ 0.14,
//! python-decouple 3.8, dj-database-url 3.1, python-dotenv 1.2 — and a few
//! stand-ins (`gettext_lazy`, `get_random_secret_key`, `socket.gethostname`).

use super::call::{Args, parse_int};
use super::{
    EvalResult, Exc, Flow, Frame, Interp, LoadedEnvFile, ScenarioKind, expr::unknown_like, paths,
    raise,
};
use crate::dotenv::{self, Dialect};
use crate::urls::{self, Url};
use crate::value::{Deps, Dict, EnvReader, Num, Object, V, Value, num, py_eq};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

const ENVIRON_TRUE: &[&str] = &["true", "on", "ok", "y", "yes", "1"];
const DECOUPLE_TRUE: &[&str] = &["y", "yes", "t", "true", "on", "1"];
const DECOUPLE_FALSE: &[&str] = &["n", "no", "f", "false", "off", "0"];

fn exc(kind: &str, msg: impl Into<String>, deps: Deps) -> Flow {
    Flow::Raise(Exc {
        kind: Rc::from(kind),
        msg: msg.into(),
        deps,
        missing_variable: None,
    })
}

/// What a library raises when the variable `var` it requires is not set.
fn missing_variable(kind: &str, msg: impl Into<String>, deps: Deps, var: &str) -> Flow {
    Flow::Raise(Exc {
        kind: Rc::from(kind),
        msg: msg.into(),
        deps,
        missing_variable: Some(Rc::from(var)),
    })
}

impl Interp<'_> {
    pub(crate) fn external_attr(&mut self, name: &str, attr: &str) -> Value {
        let full = super::canonical_external(&format!("{name}.{attr}"));
        match full.as_str() {
            "sys.argv" => Value::unknown("the command line of the process (`sys.argv`)"),
            "sys.platform" | "sys.version_info" | "sys.version" | "sys.executable" | "sys.path"
            | "sys.prefix" => Value::unknown(format!("`{full}` of the running interpreter")),
            "typing.TYPE_CHECKING" => Value::bool(false),
            "os.sep" | "os.path.sep" => Value::str("/"),
            "os.pathsep" => Value::str(":"),
            "os.linesep" => Value::str("\n"),
            "os.name" => Value::str("posix"),
            "os.curdir" => Value::str("."),
            "logging.DEBUG" => Value::int(10),
            "logging.INFO" => Value::int(20),
            "logging.WARNING" | "logging.WARN" => Value::int(30),
            "logging.ERROR" => Value::int(40),
            "logging.CRITICAL" | "logging.FATAL" => Value::int(50),
            "logging.NOTSET" => Value::int(0),
            "decouple.config" => Value::object(Object::DecoupleConfig(None)),
            "string.whitespace" => Value::str(" \t\n\r\x0b\x0c"),
            "string.ascii_letters" => {
                Value::str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            }
            "string.digits" => Value::str("0123456789"),
            "django.utils.csp.CSP.NONE" => Value::str("'none'"),
            "django.utils.csp.CSP.REPORT_SAMPLE" => Value::str("'report-sample'"),
            "django.utils.csp.CSP.SELF" => Value::str("'self'"),
            "django.utils.csp.CSP.STRICT_DYNAMIC" => Value::str("'strict-dynamic'"),
            "django.utils.csp.CSP.UNSAFE_EVAL" => Value::str("'unsafe-eval'"),
            "django.utils.csp.CSP.UNSAFE_HASHES" => Value::str("'unsafe-hashes'"),
            "django.utils.csp.CSP.UNSAFE_INLINE" => Value::str("'unsafe-inline'"),
            "django.utils.csp.CSP.WASM_UNSAFE_EVAL" => Value::str("'wasm-unsafe-eval'"),
            "django.utils.csp.CSP.NONCE" => Value::str("<CSP_NONCE_SENTINEL>"),
            _ => Value::external(full),
        }
    }

    pub(crate) fn call_external(
        &mut self,
        frame: &mut Frame,
        name: &str,
        args: Args,
    ) -> EvalResult<Value> {
        if super::call::is_builtin(name) {
            return self.builtin(frame, name, args);
        }
        // Unbound methods: `map(str.strip, parts)`.
        if let Some(method) = name
            .strip_prefix("str.")
            .or_else(|| name.strip_prefix("dict."))
            .or_else(|| name.strip_prefix("list."))
            && let Some((recv, rest)) = args.pos.split_first()
        {
            let rest = Args {
                pos: rest.to_vec(),
                kw: args.kw.clone(),
            };
            let (recv, method) = (recv.clone(), method.to_string());
            return self.call_method(frame, &recv, &method, rest);
        }
        let deps = args.deps();
        let out = match name {
            "os.getenv"
            | "os.environ.get"
            | "os.environ.setdefault"
            | "os.environ.copy"
            | "dict.copy"
            | "os.environ.keys"
            | "os.environ.items"
            | "os.environ.pop" => return self.call_os_environ(name, &args, &deps),
            "os.path.join" | "os.path.dirname" | "os.path.basename" | "os.path.normpath"
            | "os.path.abspath" | "os.path.realpath" | "os.path.isabs" | "os.path.expanduser"
            | "os.path.splitext" | "os.path.split" | "os.path.exists" | "os.path.isfile"
            | "os.path.isdir" | "os.fspath" => return self.call_os_path(name, &args, &deps),
            "environ.Path"
            | "pathlib.Path"
            | "pathlib.PurePath"
            | "pathlib.PosixPath"
            | "pathlib.PurePosixPath"
            | "pathlib.Path.cwd"
            | "os.getcwd"
            | "pathlib.Path.home" => return self.call_path_constructor(name, &args, &deps),
            "environ.Env"
            | "environ.FileAwareEnv"
            | "environ.Env.read_env"
            | "environ.FileAwareEnv.read_env" => {
                return self.call_environ(frame, name, &args, &deps);
            }
            "decouple.config"
            | "decouple.AutoConfig"
            | "decouple.Csv"
            | "decouple.Choices"
            | "decouple.strtobool" => return self.call_decouple(frame, name, &args, &deps),
            "dj_database_url.config" | "dj_database_url.parse" => {
                return self.call_dj_database_url(name, &args, &deps);
            }
            "dotenv.load_dotenv"
            | "dotenv.main.load_dotenv"
            | "dotenv.dotenv_values"
            | "dotenv.find_dotenv"
            | "dotenv.read_dotenv" => return self.call_dotenv(frame, name, &args, &deps),
            "split_settings.tools.include" => return self.split_include(frame, &args),
            "importlib.import_module" => match args.get(0, "name").and_then(Value::as_str) {
                // A project module is imported as `import` imports it; one of
                // a project package that is missing raises, as for `from
                // .local_settings import *`.
                Some(module) if args.get(1, "package").is_none() => {
                    let module = module.to_string();
                    match self.import_project(&module, self.current_span) {
                        Ok(Some(m)) => Value::object(Object::Module(m)),
                        Ok(None) => Value::unknown(format!(
                            "the module `{module}`, which golive does not evaluate"
                        )),
                        Err(msg) => return Err(exc("ModuleNotFoundError", msg, Deps::none())),
                    }
                }
                _ => Value::unknown("a module golive cannot name"),
            },
            "urllib.parse.urlparse" | "urllib.parse.urlsplit" => {
                match args.get(0, "url").map(|u| &u.v) {
                    Some(V::Str(u)) => match urls::urlsplit(u) {
                        Ok(url) => Value::object(Object::ParsedUrl(Rc::new(url))),
                        Err(e) => return Err(raise("ValueError", e.0)),
                    },
                    _ => Value::unknown("a URL golive cannot know"),
                }
            }
            n if n.starts_with("configurations.values.") && n.ends_with("Value") => {
                self.config_value(n.rsplit('.').next().unwrap_or("Value"), &args)
            }
            "split_settings.tools.optional" => match args.pos.first() {
                Some(v) => Value::object(Object::OptionalInclude(v.clone())),
                None => return Err(raise("TypeError", "optional() takes a file name")),
            },
            "typing.cast" => args.pos.get(1).cloned().unwrap_or_else(Value::none),
            "json.loads" => match args.pos.first() {
                Some(Value { v: V::Str(s), .. }) => {
                    match serde_json::from_str::<serde_json::Value>(s) {
                        Ok(j) => from_json(&j),
                        Err(e) => {
                            return Err(exc("ValueError", format!("JSONDecodeError: {e}"), deps));
                        }
                    }
                }
                Some(other) => return Ok(unknown_like(other)),
                None => return Err(raise("TypeError", "loads() missing argument")),
            },
            "django.utils.translation.gettext_lazy"
            | "django.utils.translation.gettext"
            | "django.utils.translation.gettext_noop" => {
                args.pos.first().cloned().unwrap_or_else(|| Value::str(""))
            }
            "django.utils.translation.pgettext_lazy" | "django.utils.translation.pgettext" => {
                args.pos.get(1).cloned().unwrap_or_else(|| Value::str(""))
            }
            "django.core.management.utils.get_random_secret_key"
            | "django.utils.crypto.get_random_string" => Value::unknown(
                "a random key generated each time the settings load (sessions and signatures break on every restart and differ between workers)",
            ),
            n if n.starts_with("secrets.")
                || n.starts_with("random.")
                || n.starts_with("uuid.")
                || n == "os.urandom" =>
            {
                Value::unknown(format!("a random value from `{n}()`"))
            }
            n if n.starts_with("socket.")
                || n == "platform.node"
                || n == "getpass.getuser"
                || n == "os.getpid"
                || n == "os.cpu_count"
                || n == "multiprocessing.cpu_count" =>
            {
                Value::unknown(format!("`{n}()` of the machine the settings run on"))
            }
            "os.makedirs"
            | "os.mkdir"
            | "sentry_sdk.init"
            | "warnings.filterwarnings"
            | "warnings.simplefilter"
            | "logging.basicConfig"
            | "logging.captureWarnings" => Value::none(),
            _ => {
                self.may_raise
                    .push(("Exception", format!("`{name}()`"), deps.clone()));
                Value::unknown(format!(
                    "the result of `{name}(...)`, which golive does not run"
                ))
            }
        };
        Ok(out.add_deps(&deps))
    }

    /// `os.getenv` and the methods of `os.environ`: where the scenarios differ.
    fn call_os_environ(&mut self, name: &str, args: &Args, deps: &Deps) -> EvalResult<Value> {
        let str_arg =
            |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
        let out = match name {
            "os.getenv" | "os.environ.get" => {
                let Some(key) = args.get(0, "key") else {
                    return Err(raise("TypeError", "getenv() missing key"));
                };
                let Some(key) = key.as_str().map(str::to_string) else {
                    return Ok(unknown_like(key));
                };
                let dep = Deps::one(&key);
                match self.env_value(&key) {
                    Some(v) => v.add_deps(&dep),
                    None => args
                        .get(1, "default")
                        .cloned()
                        .unwrap_or_else(Value::none)
                        .add_deps(&dep),
                }
            }
            "os.environ.setdefault" => {
                let (Some(key), Some(value)) = (str_arg(0, "key"), args.get(1, "default").cloned())
                else {
                    return Ok(Value::unknown("os.environ.setdefault()"));
                };
                let dep = Deps::one(&key);
                match self.env_value(&key) {
                    Some(v) => v.add_deps(&dep),
                    None => {
                        if let Some(s) = value.as_str() {
                            self.env.insert(key.clone(), s.to_string());
                        }
                        value.add_deps(&dep)
                    }
                }
            }
            "os.environ.copy" | "dict.copy" => Value::dict(
                self.env
                    .iter()
                    .map(|(k, v)| (Value::str(k.as_str()), Value::str(v.as_str())))
                    .collect(),
            ),
            "os.environ.keys" => {
                Value::list(self.env.keys().map(|k| Value::str(k.as_str())).collect())
            }
            "os.environ.items" => Value::list(
                self.env
                    .iter()
                    .map(|(k, v)| {
                        Value::tuple(vec![Value::str(k.as_str()), Value::str(v.as_str())])
                    })
                    .collect(),
            ),
            "os.environ.pop" => {
                let Some(key) = str_arg(0, "key") else {
                    return Ok(Value::unknown("os.environ.pop()"));
                };
                match self.env.remove(&key) {
                    Some(v) => Value::str(v),
                    None => match args.get(1, "default") {
                        Some(d) => d.clone(),
                        None => return Err(exc("KeyError", key.clone(), Deps::one(&key))),
                    },
                }
                .add_deps(&Deps::one(&key))
            }
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// `os.path`'s string functions, as POSIX computes them.
    fn call_os_path(&mut self, name: &str, args: &Args, deps: &Deps) -> EvalResult<Value> {
        let out = match name {
            "os.path.join" => {
                let mut parts = Vec::new();
                for a in &args.pos {
                    match self.to_str(a) {
                        Some(s) => parts.push(s),
                        None => return Ok(unknown_like(a)),
                    }
                }
                if parts.is_empty() {
                    return Err(raise("TypeError", "join() missing argument"));
                }
                Value::str(paths::os_join(&parts))
            }
            "os.path.dirname" | "os.path.basename" | "os.path.normpath" | "os.path.abspath"
            | "os.path.realpath" | "os.path.isabs" | "os.path.expanduser" | "os.path.splitext"
            | "os.path.split" | "os.path.exists" | "os.path.isfile" | "os.path.isdir"
            | "os.fspath" => {
                let Some(a) = args.pos.first() else {
                    return Err(raise("TypeError", format!("{name}() missing argument")));
                };
                let Some(p) = self.to_str(a) else {
                    return Ok(unknown_like(a));
                };
                let func = name.rsplit('.').next().unwrap_or(name);
                match func {
                    "dirname" => Value::str(paths::dirname(&p)),
                    "basename" => Value::str(paths::basename(&p)),
                    "normpath" => Value::str(paths::normpath(&p)),
                    "fspath" => Value::str(p),
                    "isabs" => Value::bool(p.starts_with('/')),
                    "abspath" | "realpath" => {
                        if !p.starts_with('/') {
                            Value::unknown(paths::RELATIVE_MADE_ABSOLUTE)
                        } else if func == "realpath" {
                            Value::str(paths::resolve(&self.loader.root, &p))
                        } else {
                            Value::str(paths::normpath(&p))
                        }
                    }
                    "expanduser" => {
                        if p.starts_with('~') {
                            Value::unknown("a path under the home directory of the process user")
                        } else {
                            Value::str(p)
                        }
                    }
                    "splitext" => {
                        let base = paths::basename(&p);
                        let dot = base
                            .rfind('.')
                            .filter(|&i| base[..i].chars().any(|c| c != '.'));
                        match dot {
                            Some(i) => {
                                let cut = p.len() - (base.len() - i);
                                Value::tuple(vec![Value::str(&p[..cut]), Value::str(&p[cut..])])
                            }
                            None => Value::tuple(vec![Value::str(p.as_str()), Value::str("")]),
                        }
                    }
                    "split" => {
                        let head = paths::dirname(&p);
                        Value::tuple(vec![Value::str(head), Value::str(paths::basename(&p))])
                    }
                    other => self.exists_check(&p, other),
                }
            }
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// `pathlib.Path(...)` and django-environ's `environ.Path(...)`, and the
    /// process-dependent `cwd()`/`home()`.
    fn call_path_constructor(&mut self, name: &str, args: &Args, deps: &Deps) -> EvalResult<Value> {
        let out = match name {
            "environ.Path" => {
                let (start, paths) = match args.kw("start") {
                    Some(start) => (start.clone(), &args.pos[..]),
                    None => match args.pos.split_first() {
                        Some((start, paths)) => (start.clone(), paths),
                        None => (Value::str(""), &args.pos[..]),
                    },
                };
                self.environ_path_new(start, paths, args.kw("is_file"), args.kw("required"))?
            }
            "pathlib.Path" | "pathlib.PurePath" | "pathlib.PosixPath" | "pathlib.PurePosixPath" => {
                let mut cur = String::new();
                for a in &args.pos {
                    match self.to_str(a) {
                        Some(s) => {
                            cur = if cur.is_empty() {
                                s
                            } else {
                                paths::path_join(&cur, &s)
                            }
                        }
                        None => return Ok(unknown_like(a)),
                    }
                }
                Value::new(V::Path(Rc::from(paths::pathlib_normalize(&cur))))
            }
            "pathlib.Path.cwd" | "os.getcwd" => {
                Value::unknown("the working directory of the process")
            }
            "pathlib.Path.home" => Value::unknown("the home directory of the process user"),
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// django-environ: an `Env(...)` with its schema, and `read_env()`.
    fn call_environ(
        &mut self,
        frame: &mut Frame,
        name: &str,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let out = match name {
            "environ.Env" | "environ.FileAwareEnv" => {
                let scheme = args
                    .kw
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Value::object(Object::EnvReader(Rc::new(EnvReader {
                    scheme,
                    prefix: String::new(),
                })))
            }
            "environ.Env.read_env" | "environ.FileAwareEnv.read_env" => {
                self.read_env(frame, args)?
            }
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// python-decouple: `config()`, `AutoConfig`, and the `Csv`/`Choices`
    /// casts.
    fn call_decouple(
        &mut self,
        frame: &mut Frame,
        name: &str,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let str_arg =
            |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
        let out = match name {
            "decouple.config" => self.decouple_get(frame, None, args)?,
            "decouple.AutoConfig" => {
                let search = args
                    .get(0, "search_path")
                    .and_then(|v| self.to_str(v))
                    .map(Rc::from);
                Value::object(Object::DecoupleConfig(search))
            }
            "decouple.Csv" => Value::object(Object::Csv {
                cast: args
                    .get(0, "cast")
                    .cloned()
                    .unwrap_or_else(|| Value::external("str")),
                delimiter: Rc::from(str_arg(1, "delimiter").unwrap_or_else(|| ",".into())),
                strip: Rc::from(str_arg(2, "strip").unwrap_or_else(|| " \t\n\r\x0b\x0c".into())),
                post_process: args
                    .get(3, "post_process")
                    .cloned()
                    .unwrap_or_else(|| Value::external("list")),
            }),
            "decouple.Choices" => {
                let mut valid = args
                    .get(0, "flat")
                    .and_then(Value::elements)
                    .unwrap_or_default();
                for c in args
                    .get(2, "choices")
                    .and_then(Value::elements)
                    .unwrap_or_default()
                {
                    if let Some(pair) = c.elements()
                        && let Some(first) = pair.first()
                    {
                        valid.push(first.clone());
                    }
                }
                Value::object(Object::Choices {
                    valid,
                    cast: args
                        .get(1, "cast")
                        .cloned()
                        .unwrap_or_else(|| Value::external("str")),
                })
            }
            "decouple.strtobool" => match args.pos.first() {
                Some(v) => self.decouple_bool(v)?,
                None => return Err(raise("TypeError", "strtobool() missing argument")),
            },
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// dj-database-url: `config()` reads `DATABASE_URL`, `parse()` a URL.
    fn call_dj_database_url(&mut self, name: &str, args: &Args, deps: &Deps) -> EvalResult<Value> {
        let str_arg =
            |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
        let out = match name {
            "dj_database_url.config" => {
                let var = str_arg(0, "env").unwrap_or_else(|| "DATABASE_URL".into());
                let dep = Deps::one(&var);
                let s = match self.env_value(&var) {
                    Some(v) => v,
                    None => args.get(1, "default").cloned().unwrap_or_else(Value::none),
                };
                if s.is_unknown() {
                    return Ok(s.add_deps(&dep));
                }
                match s.truthy() {
                    Some(true) => {
                        let Some(url) = s.as_str().map(str::to_string) else {
                            return Ok(Value::unknown("a database URL that is not a string"));
                        };
                        let opts = DbUrlOptions::from_args(args, 2);
                        self.dj_database_url_parse(&url, &opts)
                            .map_err(|f| add_flow_deps(f, &dep))?
                            .add_deps(&dep)
                            .add_deps(&s.all_deps())
                    }
                    _ => Value::dict(vec![]).add_deps(&dep),
                }
            }
            "dj_database_url.parse" => {
                let Some(url) = args.get(0, "url") else {
                    return Err(raise("TypeError", "parse() missing url"));
                };
                let Some(u) = url.as_str().map(str::to_string) else {
                    return Ok(unknown_like(url));
                };
                let opts = DbUrlOptions::from_args(args, 1);
                self.dj_database_url_parse(&u, &opts)?
                    .add_deps(&url.all_deps())
            }
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    /// python-dotenv and django-dotenv: which `.env` file is read, and into
    /// what.
    fn call_dotenv(
        &mut self,
        frame: &mut Frame,
        name: &str,
        args: &Args,
        deps: &Deps,
    ) -> EvalResult<Value> {
        let str_arg =
            |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
        let out = match name {
            "dotenv.load_dotenv" | "dotenv.main.load_dotenv" => self.load_dotenv(frame, args)?,
            "dotenv.dotenv_values" => self.dotenv_values(frame, args)?,
            "dotenv.find_dotenv" => {
                let filename = str_arg(0, "filename").unwrap_or_else(|| ".env".into());
                match self.find_upwards(&caller_dir(frame), &[filename.as_str()]) {
                    Some(p) => Value::str(p.to_string_lossy().into_owned()),
                    None => Value::str(""),
                }
            }
            "dotenv.read_dotenv" => {
                // django-dotenv: `.env` beside the calling file.
                let path = match args.get(0, "dotenv").and_then(|v| self.to_str(v)) {
                    Some(p) => PathBuf::from(p),
                    None => caller_dir(frame).join(".env"),
                };
                self.load_env_file(&path, Dialect::PythonDotenv, false, "django-dotenv");
                Value::none()
            }
            _ => Value::unknown(format!("`{name}()`")),
        };
        Ok(out.add_deps(deps))
    }

    // ---- django-split-settings and exec() -----------------------------------

    /// The namespace an `include()`/`exec()` writes into: `scope=`/the
    /// globals argument, else the calling module's.
    fn target_namespace(frame: &Frame, given: Option<&Value>) -> Rc<super::ModuleObj> {
        match given.map(|v| &v.v) {
            Some(V::Object(o)) => match &**o {
                Object::Namespace(m) | Object::Module(m) => m.clone(),
                _ => frame.module.clone(),
            },
            _ => frame.module.clone(),
        }
    }

    /// django-split-settings `include(*files, scope=None)`: each file
    /// (globs sorted, relative to the including module's directory) runs
    /// in the caller's namespace; `optional(...)` files may be missing.
    pub(crate) fn split_include(&mut self, frame: &mut Frame, args: &Args) -> EvalResult<Value> {
        let module = Self::target_namespace(frame, args.kw("scope"));
        let base = module
            .disk_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.loader.root.clone());
        for arg in &args.pos {
            let (pattern, optional) = match &arg.v {
                V::Object(o) => match &**o {
                    Object::OptionalInclude(v) => (v.clone(), true),
                    _ => (arg.clone(), false),
                },
                _ => (arg.clone(), false),
            };
            // What the included file sets depends on whatever chose its name.
            let deps = pattern.all_deps();
            let Some(pattern) = self.to_str(&pattern) else {
                self.open_namespace(&module, "`include()` of a file name golive cannot know");
                continue;
            };
            let full = golive_source::normalize_lexically(&base.join(&pattern));
            if !full.starts_with(&self.loader.root) {
                // A deployment with nothing beyond the checkout lacks it;
                // any other may put anything there.
                if self.scenario == super::ScenarioKind::Unset {
                    if optional || pattern.contains(['*', '?', '[']) {
                        continue;
                    }
                    return Err(exc(
                        "OSError",
                        format!("No such file or directory: '{pattern}' (include())"),
                        Deps::one(&format!("file:{pattern}")),
                    ));
                }
                self.open_namespace(
                    &module,
                    &format!("`include()` of `{pattern}`, a file outside the project"),
                );
                continue;
            }
            let files = glob_files(&full);
            if files.is_empty() {
                if optional || pattern.contains(['*', '?', '[']) {
                    continue;
                }
                return Err(exc(
                    "OSError",
                    format!("No such file or directory: '{pattern}' (include())"),
                    Deps::none(),
                ));
            }
            for f in files {
                self.with_control(&deps, |this| {
                    this.exec_file_into(&module, &f, "`include()`")
                })?;
            }
        }
        Ok(Value::none())
    }

    /// `exec(code, globals)`: code golive can read (a string, or a project
    /// file read with `open(path).read()`) runs in that namespace; other
    /// code opens it.
    pub(crate) fn exec_code(&mut self, frame: &mut Frame, args: &Args) -> EvalResult<Value> {
        let module = Self::target_namespace(frame, args.pos.get(1));
        match args.pos.first().map(|v| &v.v) {
            Some(V::Str(code)) => {
                let name = format!(
                    "<exec at {}>",
                    self.current_span
                        .map(|s| self.describe_span(s))
                        .unwrap_or_default()
                );
                let parsed = self.loader.parse_text(&name, code);
                let mut inner = Frame::new(module.clone(), parsed.clone(), None);
                self.exec_block(&mut inner, parsed.body())?;
            }
            Some(V::Object(o)) if matches!(&**o, Object::FileContent(_)) => {
                let Object::FileContent(p) = &**o else {
                    unreachable!()
                };
                let path = Path::new(&**p);
                let full = if path.is_absolute() {
                    path.to_path_buf()
                } else {
                    module
                        .disk_path
                        .parent()
                        .unwrap_or(&self.loader.root)
                        .join(path)
                };
                if !self.exec_file_into(&module, &full, "`exec()`")? {
                    return Err(exc(
                        "FileNotFoundError",
                        format!("No such file or directory: '{p}'"),
                        Deps::none(),
                    ));
                }
            }
            _ => self.open_namespace(&module, "`exec()` of code golive cannot know"),
        }
        Ok(Value::none())
    }

    // ---- django-environ -------------------------------------------------

    /// `environ.Path(start, *paths, is_file=False, required=False)`: the
    /// absolute join of `start` (its directory when `is_file`) and `paths`.
    pub(crate) fn environ_path_new(
        &mut self,
        start: Value,
        paths: &[Value],
        is_file: Option<&Value>,
        required: Option<&Value>,
    ) -> EvalResult<Value> {
        let start = match is_file.map(Value::truthy) {
            None | Some(Some(false)) => start,
            Some(Some(true)) => match start.as_fspath() {
                Some(s) => Value::with_deps(V::Str(Rc::from(paths::dirname(s))), start.deps),
                // Left to the join to refuse or to leave unknown.
                None => start,
            },
            Some(None) => {
                return Ok(Value::unknown(
                    "environ.Path(is_file=…) with a flag golive cannot know",
                ));
            }
        };
        let mut parts = vec![start];
        parts.extend(paths.iter().cloned());
        let deps = parts
            .iter()
            .fold(Deps::none(), |d, p| d.union(&p.all_deps()));
        Ok(match self.environ_absolute_join(&parts, required)? {
            Ok(p) => Value::new(V::EnvPath(Rc::from(p))),
            Err(unknown) => unknown,
        }
        .add_deps(&deps))
    }

    /// django-environ's `Path._absolute_join(*parts, required=…)`:
    /// `os.path.abspath(os.path.join(*parts))`, raising
    /// `ImproperlyConfigured` when `required` and the path does not exist.
    /// `Ok(Err(value))` is a result golive cannot know (a relative path is
    /// made absolute against the working directory).
    pub(crate) fn environ_absolute_join(
        &mut self,
        parts: &[Value],
        required: Option<&Value>,
    ) -> EvalResult<Result<String, Value>> {
        let mut texts = Vec::new();
        for part in parts {
            match (&part.v, part.as_fspath()) {
                (_, Some(s)) => texts.push(s.to_string()),
                (V::Unknown(_), _) => return Ok(Err(unknown_like(part))),
                (V::Object(_) | V::Bytes(_), _) => {
                    return Ok(Err(Value::unknown(format!(
                        "a path joined with a {} golive does not follow",
                        part.type_name()
                    ))));
                }
                _ => {
                    return Err(raise(
                        "TypeError",
                        format!(
                            "expected str, bytes or os.PathLike object, not {}",
                            part.type_name()
                        ),
                    ));
                }
            }
        }
        let joined = paths::os_join(&texts);
        if !joined.starts_with('/') {
            return Ok(Err(Value::unknown(paths::RELATIVE_MADE_ABSOLUTE)));
        }
        let path = paths::normpath(&joined);
        match required.map(Value::truthy) {
            None | Some(Some(false)) => Ok(Ok(path)),
            Some(Some(true)) => {
                let exists = self.exists_check(&path, "exists");
                match exists.v {
                    V::Bool(true) => Ok(Ok(path)),
                    V::Bool(false) => Err(exc(
                        "ImproperlyConfigured",
                        format!("Create required path: {path}"),
                        exists.deps,
                    )),
                    _ => Ok(Err(exists)),
                }
            }
            Some(None) => Ok(Err(Value::unknown(
                "environ.Path(required=…) with a flag golive cannot know",
            ))),
        }
    }

    pub(crate) fn environ_call(&mut self, reader: &Rc<EnvReader>, args: Args) -> EvalResult<Value> {
        let Some(var) = args
            .get(0, "var")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Ok(Value::unknown(
                "env() with a variable name golive cannot know",
            ));
        };
        let cast = args
            .get(1, "cast")
            .cloned()
            .filter(|c| !matches!(c.v, V::None));
        let default = args.get(2, "default").cloned();
        let parse_default = args
            .get(3, "parse_default")
            .and_then(Value::truthy)
            .unwrap_or(false);
        self.environ_get(reader, &var, cast, default, parse_default, 0)
    }

    pub(crate) fn environ_method(
        &mut self,
        frame: &mut Frame,
        reader: &Rc<EnvReader>,
        name: &str,
        args: Args,
    ) -> EvalResult<Value> {
        let var_default =
            |i: usize, n: &str| args.get(i, n).and_then(Value::as_str).map(str::to_string);
        let default = args
            .kw("default")
            .cloned()
            .or_else(|| args.pos.get(1).cloned());
        let ext = |n: &str| Some(Value::external(n));
        Ok(match name {
            "read_env" => return self.read_env(frame, &args),
            "str" | "bool" | "int" | "float" | "json" | "bytes" | "get_value" | "__call__" => {
                let Some(var) = var_default(0, "var") else {
                    return Ok(Value::unknown("env.get() with an unknown variable name"));
                };
                let cast = match name {
                    "str" | "bytes" => ext("str"),
                    "bool" => ext("bool"),
                    "int" => ext("int"),
                    "float" => ext("float"),
                    "json" => ext("json.loads"),
                    _ => args
                        .get(1, "cast")
                        .cloned()
                        .filter(|c| !matches!(c.v, V::None)),
                };
                let default = if matches!(name, "get_value" | "__call__") {
                    args.get(2, "default").cloned()
                } else {
                    default
                };
                let v = self.environ_get(reader, &var, cast, default, false, 0)?;
                if name == "bytes"
                    && let Some(s) = v.as_str()
                {
                    return Ok(Value::new(V::Bytes(s.as_bytes().into())).add_deps(&v.all_deps()));
                }
                if name == "str"
                    && args.kw("multiline").and_then(Value::truthy) == Some(true)
                    && let Some(s) = v.as_str()
                {
                    return Ok(Value::str(s.replace("\\r\\n", "\n").replace("\\n", "\n"))
                        .add_deps(&v.all_deps()));
                }
                v
            }
            "list" | "tuple" => {
                let Some(var) = var_default(0, "var") else {
                    return Ok(Value::unknown("env.list() with an unknown variable name"));
                };
                let item_cast = args
                    .get(1, "cast")
                    .cloned()
                    .filter(|c| !matches!(c.v, V::None));
                let cast = match (name, item_cast) {
                    ("list", Some(c)) => Value::list(vec![c]),
                    ("list", None) => Value::external("list"),
                    (_, Some(c)) => Value::tuple(vec![c]),
                    _ => Value::external("tuple"),
                };
                let default = args.get(2, "default").cloned();
                self.environ_get(reader, &var, Some(cast), default, false, 0)?
            }
            "dict" => {
                let Some(var) = var_default(0, "var") else {
                    return Ok(Value::unknown("env.dict() with an unknown variable name"));
                };
                let cast = args
                    .get(1, "cast")
                    .cloned()
                    .unwrap_or_else(|| Value::external("dict"));
                self.environ_get(
                    reader,
                    &var,
                    Some(cast),
                    args.get(2, "default").cloned(),
                    false,
                    0,
                )?
            }
            "url" => {
                let Some(var) = var_default(0, "var") else {
                    return Ok(Value::unknown("env.url()"));
                };
                self.environ_get(reader, &var, ext("urllib.parse.urlparse"), default, true, 0)?
            }
            "path" => {
                let Some(var) = var_default(0, "var") else {
                    return Ok(Value::unknown("env.path()"));
                };
                // `Path(self.get_value(var, default=default), **kwargs)`.
                let v = self.environ_get(reader, &var, None, default, false, 0)?;
                self.environ_path_new(v, &[], args.kw("is_file"), args.kw("required"))?
            }
            "db_url" | "db" => {
                let var = var_default(0, "var").unwrap_or_else(|| "DATABASE_URL".into());
                let v = self.environ_get(reader, &var, None, default, false, 0)?;
                let engine = args
                    .get(2, "engine")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                match &v.v {
                    V::Str(url) => environ_db_url_config(url, engine.as_deref())
                        .map_err(|f| add_flow_deps(f, &v.all_deps()))?
                        .add_deps(&v.all_deps()),
                    V::Dict(_) => v,
                    _ => unknown_like(&v),
                }
            }
            "cache_url" | "cache" | "email_url" | "email" => {
                let var = var_default(0, "var").unwrap_or_else(|| {
                    if name.starts_with("cache") {
                        "CACHE_URL".into()
                    } else {
                        "EMAIL_URL".into()
                    }
                });
                let v =
                    self.environ_get(reader, &var, ext("urllib.parse.urlparse"), default, true, 0)?;
                let backend = args
                    .get(2, "backend")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let deps = v.all_deps();
                let url = match &v.v {
                    V::Object(o) => match &**o {
                        Object::ParsedUrl(u) => u.clone(),
                        _ => return Ok(unknown_like(&v)),
                    },
                    V::Str(s) if s.is_empty() && name.starts_with("cache") => {
                        return Ok(Value::dict(vec![]).add_deps(&deps));
                    }
                    V::Dict(_) => return Ok(v),
                    _ => return Ok(unknown_like(&v)),
                };
                let r = if name.starts_with("cache") {
                    environ_cache_url_config(&url, backend.as_deref())
                } else {
                    environ_email_url_config(&url, backend.as_deref())
                };
                r.map_err(|f| add_flow_deps(f, &deps))?.add_deps(&deps)
            }
            _ => Value::unknown(format!("django-environ `env.{name}()`")),
        })
    }

    fn environ_get(
        &mut self,
        reader: &Rc<EnvReader>,
        var: &str,
        mut cast: Option<Value>,
        mut default: Option<Value>,
        parse_default: bool,
        depth: u32,
    ) -> EvalResult<Value> {
        let var_name = format!("{}{var}", reader.prefix);
        let dep = Deps::one(&var_name);
        if let Some((_, info)) = reader.scheme.iter().find(|(k, _)| *k == var_name) {
            match info.elements() {
                Some(items) if items.len() == 2 && matches!(info.v, V::Tuple(_) | V::List(_)) => {
                    if cast.is_none() {
                        cast = Some(items[0].clone());
                    }
                    if default.is_none() {
                        default = Some(items[1].clone());
                    }
                }
                _ => {
                    if cast.is_none() {
                        cast = Some(info.clone());
                    }
                }
            }
        }
        let from_env = self.env_value(&var_name);
        if let Some(v) = &from_env
            && v.is_unknown()
        {
            return Ok(v.clone().add_deps(&dep));
        }
        let mut value = match &from_env {
            Some(v) => v.clone(),
            None => match &default {
                Some(d) => d.clone(),
                None => {
                    let msg = match self.scenario {
                        ScenarioKind::Configured => format!(
                            "Set the {var_name} environment variable ({})",
                            self.missing_env_message(&var_name)
                        ),
                        ScenarioKind::Unset => format!(
                            "Set the {var_name} environment variable (required variable {var_name} is unset)"
                        ),
                    };
                    return Err(missing_variable(
                        "ImproperlyConfigured",
                        msg,
                        dep,
                        &var_name,
                    ));
                }
            },
        };
        // Proxied values: `$OTHER_VAR`.
        if let Some(s) = value.as_str()
            && let Some(target) = s.strip_prefix('$')
            && depth < 10
        {
            let target = target.trim_start_matches('$').to_string();
            value = self.environ_get(
                reader,
                &target,
                cast.clone(),
                default.clone(),
                parse_default,
                depth + 1,
            )?;
            return Ok(value.add_deps(&dep));
        }
        // Smart casting from the default's type.
        if cast.is_none()
            && let Some(d) = &default
            && !matches!(d.v, V::None)
        {
            cast = Some(Value::external(match d.v {
                V::Bool(_) => "bool",
                V::Int(_) => "int",
                V::Float(_) => "float",
                V::Str(_) => "str",
                V::List(_) => "list",
                V::Tuple(_) => "tuple",
                V::Dict(_) => "dict",
                _ => "object",
            }));
        }
        if matches!(default.as_ref().map(|d| &d.v), Some(V::None)) && value.as_str() == Some("") {
            value = Value::none();
        }
        let differs = match &default {
            None => true,
            Some(d) => match py_eq(&value, d) {
                Some(eq) => !eq,
                None => return Ok(unknown_like(d).add_deps(&dep)),
            },
        };
        if differs || (parse_default && !matches!(value.v, V::None)) {
            value = self.environ_parse_value(value, cast.as_ref())?;
        }
        Ok(value.add_deps(&dep))
    }

    fn environ_parse_value(&mut self, value: Value, cast: Option<&Value>) -> EvalResult<Value> {
        let Some(cast) = cast else { return Ok(value) };
        let deps = value.all_deps();
        if value.is_unknown() {
            return Ok(value);
        }
        let cast_name = match &cast.v {
            V::Object(o) => match &**o {
                Object::External(n) => Some(n.to_string()),
                _ => None,
            },
            _ => None,
        };
        let s = value.as_str().map(str::to_string);
        let need_str = |s: &Option<String>| {
            s.clone().ok_or_else(|| {
                raise(
                    "AttributeError",
                    format!("'{}' object has no attribute 'split'", value.type_name()),
                )
            })
        };
        let split_nonempty = |s: &str, sep: char| {
            s.split(sep)
                .filter(|x| !x.is_empty())
                .map(Value::str)
                .collect::<Vec<_>>()
        };
        let out = match (&cast.v, cast_name.as_deref()) {
            (_, Some("bool")) => match &value.v {
                V::Str(s) => match parse_int(s, 10) {
                    Some(i) => Value::bool(i != 0),
                    None => Value::bool(ENVIRON_TRUE.contains(&s.to_lowercase().trim())),
                },
                _ => match num(&value) {
                    Some(Num::I(i)) => Value::bool(i != 0),
                    Some(Num::F(f)) => Value::bool(f as i64 != 0),
                    None => return Ok(Value::unknown("django-environ bool cast of a non-string")),
                },
            },
            (V::List(items), _) if !items.borrow().is_empty() => {
                let item_cast = items.borrow()[0].clone();
                let s = need_str(&s)?;
                let mut out = Vec::new();
                for part in split_nonempty(&s, ',') {
                    out.push(self.cast_with(&item_cast, part)?);
                }
                Value::list(out)
            }
            (V::Tuple(items), _) if !items.is_empty() => {
                let item_cast = items[0].clone();
                let s = need_str(&s)?;
                let trimmed = s.trim_start_matches('(').trim_end_matches(')').to_string();
                let mut out = Vec::new();
                for part in split_nonempty(&trimmed, ',') {
                    out.push(self.cast_with(&item_cast, part)?);
                }
                Value::tuple(out)
            }
            (V::Dict(schema), _) => {
                let s = need_str(&s)?;
                let schema = schema.borrow().clone();
                let key_cast = schema
                    .get_str("key")
                    .cloned()
                    .unwrap_or_else(|| Value::external("str"));
                let value_cast = schema
                    .get_str("value")
                    .cloned()
                    .unwrap_or_else(|| Value::external("str"));
                let by_key = schema.get_str("cast").cloned();
                let mut d = Dict::default();
                for part in s.split(';').filter(|p| !p.is_empty()) {
                    let kv: Vec<&str> = part.split('=').collect();
                    if kv.len() != 2 {
                        return Err(raise(
                            "ValueError",
                            "dictionary update sequence element has wrong length",
                        ));
                    }
                    let k = self.cast_with(&key_cast, Value::str(kv[0]))?;
                    let vc = by_key
                        .as_ref()
                        .and_then(|b| {
                            if let V::Dict(bd) = &b.v {
                                bd.borrow().get_str(kv[0]).cloned()
                            } else {
                                None
                            }
                        })
                        .unwrap_or_else(|| value_cast.clone());
                    let v = self.environ_parse_value(Value::str(kv[1]), Some(&vc))?;
                    d.insert(k, v);
                }
                Value::new(V::Dict(Rc::new(RefCell::new(d))))
            }
            (_, Some("dict")) => {
                let s = need_str(&s)?;
                let mut d = Dict::default();
                for part in s.split(',').filter(|p| !p.is_empty()) {
                    let Some((k, v)) = part.split_once('=') else {
                        return Err(raise(
                            "ValueError",
                            "dictionary update sequence element has length 1",
                        ));
                    };
                    d.insert(Value::str(k), Value::str(v));
                }
                Value::new(V::Dict(Rc::new(RefCell::new(d))))
            }
            (_, Some("list")) => Value::list(split_nonempty(&need_str(&s)?, ',')),
            (_, Some("tuple")) => {
                let s = need_str(&s)?;
                Value::tuple(split_nonempty(
                    s.trim_start_matches('(').trim_end_matches(')'),
                    ',',
                ))
            }
            (_, Some("float")) => {
                let s = match &s {
                    Some(s) => s.clone(),
                    None => return self.cast_with(cast, value),
                };
                let cleaned: String = s
                    .chars()
                    .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
                    .collect();
                let parts: Vec<&str> = cleaned.split([',', '.']).collect();
                let float_str = if parts.len() == 1 {
                    parts[0].to_string()
                } else {
                    format!(
                        "{}.{}",
                        parts[..parts.len() - 1].concat(),
                        parts[parts.len() - 1]
                    )
                };
                match super::call::parse_float(&float_str) {
                    Some(f) => Value::new(V::Float(f)),
                    None => {
                        return Err(exc(
                            "ValueError",
                            format!("could not convert string to float: '{float_str}'"),
                            deps,
                        ));
                    }
                }
            }
            (_, Some("urllib.parse.urlparse")) => match &s {
                Some(s) => match urls::urlsplit(s) {
                    Ok(u) => Value::object(Object::ParsedUrl(Rc::new(u))),
                    Err(e) => return Err(exc("ValueError", e.0, deps)),
                },
                None => value.clone(),
            },
            _ => self.cast_with(cast, value.clone())?,
        };
        Ok(out.add_deps(&deps))
    }

    /// Applies a cast callable (a builtin, a settings function, a Csv).
    fn cast_with(&mut self, cast: &Value, value: Value) -> EvalResult<Value> {
        let mut dummy = self.dummy_frame();
        match &mut dummy {
            Some(frame) => self.call_value(frame, cast, Args::new(vec![value])),
            None => Ok(Value::unknown("a cast golive cannot apply here")),
        }
    }

    fn dummy_frame(&self) -> Option<Frame> {
        let module = self.modules.values().next()?.clone();
        let file = self.loader.parse_file(&module.disk_path)?;
        Some(Frame::new(module, file, Some(Default::default())))
    }

    fn read_env(&mut self, frame: &mut Frame, args: &Args) -> EvalResult<Value> {
        let overwrite = args
            .get(1, "overwrite")
            .and_then(Value::truthy)
            .unwrap_or(false);
        let path = match args.get(0, "env_file") {
            None | Some(Value { v: V::None, .. }) => {
                let p = caller_dir(frame).join(".env");
                if !p.exists() {
                    return Ok(Value::none());
                }
                p
            }
            Some(v) => match self.to_str(v) {
                Some(s) => PathBuf::from(s),
                None => return Ok(Value::none()),
            },
        };
        self.load_env_file(&path, Dialect::DjangoEnviron, overwrite, "django-environ");
        for (k, v) in &args.kw {
            if matches!(
                k.as_str(),
                "env_file" | "overwrite" | "parse_comments" | "encoding"
            ) {
                continue;
            }
            if let Some(s) = self.to_str(v) {
                if overwrite {
                    self.env.insert(k.clone(), s);
                } else {
                    self.env.entry(k.clone()).or_insert(s);
                }
            }
        }
        Ok(Value::none())
    }

    /// An env file the settings load that the gate refused: its variables
    /// are unknown from here on, and the report says why. The reason names
    /// the file by its path in the project, or only by its name when it is
    /// outside (its location is the caller's business, its content never
    /// printed).
    fn refuse_env_file(
        &mut self,
        path: &Path,
        loader: &str,
        e: &golive_source::ReadError,
    ) -> String {
        let shown = if golive_source::gate::is_inside(path) {
            golive_source::display_path(&self.loader.root, path)
        } else {
            path.file_name().map_or_else(
                || "a file".to_string(),
                |n| format!("`{}`", n.to_string_lossy()),
            )
        };
        let reason = format!("the env file {shown} ({loader}), which golive did not read: it {e}");
        self.note(
            super::NoteKind::OpenNamespace,
            self.current_span,
            format!("{reason}; the variables it may set are unknown"),
        );
        self.unread_env_file.get_or_insert(reason.clone());
        reason
    }

    /// Loads an env file into the scenario's environment. In the *unset*
    /// scenario nothing is loaded: every variable is absent there.
    fn load_env_file(
        &mut self,
        path: &Path,
        dialect: Dialect,
        overwrite: bool,
        loader: &'static str,
    ) -> bool {
        if self.scenario == ScenarioKind::Unset {
            return false;
        }
        let text = match golive_source::read_text_lossy(path, crate::loader::MAX_SOURCE_BYTES) {
            Ok((text, _)) => text,
            Err(e) if e.is_not_found() => return false,
            Err(e) => {
                self.refuse_env_file(path, loader, &e);
                return false;
            }
        };
        let bindings = dotenv::parse(&text, dialect);
        let values: Vec<(String, Option<String>)> = if dialect == Dialect::PythonDotenv {
            dotenv::interpolate(&bindings, &self.env)
        } else {
            bindings.into_iter().map(|b| (b.key, b.value)).collect()
        };
        let any = !values.is_empty();
        for (k, v) in values {
            let Some(v) = v else { continue };
            if dotenv::is_cut(&v) {
                self.unknown_env.insert(
                    k,
                    format!(
                        "a value longer than golive expands ({} bytes) in {}",
                        dotenv::MAX_EXPANDED,
                        golive_source::display_path(&self.loader.root, path)
                    ),
                );
                continue;
            }
            if overwrite || !self.env.contains_key(&k) {
                self.env.insert(k, v);
            }
        }
        if let Some(span) = self.current_span {
            let entry = LoadedEnvFile {
                path: path.to_path_buf(),
                loader,
                span,
            };
            if !self.loaded_env_files.contains(&entry) {
                self.loaded_env_files.push(entry);
            }
        }
        any
    }

    fn find_upwards(&self, start: &Path, names: &[&str]) -> Option<PathBuf> {
        // Up to the project root, never above it: a `.env` in the home
        // directory of the machine golive runs on is not the project's.
        let mut dir = Some(start.to_path_buf());
        while let Some(d) = dir {
            if !d.starts_with(&self.loader.root) {
                return None;
            }
            for n in names {
                let candidate = d.join(n);
                if candidate.is_file() {
                    return Some(candidate);
                }
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        None
    }

    fn load_dotenv(&mut self, frame: &mut Frame, args: &Args) -> EvalResult<Value> {
        let override_ = args
            .get(3, "override")
            .and_then(Value::truthy)
            .unwrap_or(false);
        let path = match args.get(0, "dotenv_path") {
            None | Some(Value { v: V::None, .. }) => {
                if args
                    .get(1, "stream")
                    .is_some_and(|s| !matches!(s.v, V::None))
                {
                    return Ok(Value::unknown("load_dotenv() from a stream"));
                }
                match self.find_upwards(&caller_dir(frame), &[".env"]) {
                    Some(p) => p,
                    None => return Ok(Value::bool(false)),
                }
            }
            Some(v) => match self.to_str(v) {
                Some(s) => PathBuf::from(s),
                None => return Ok(unknown_like(v)),
            },
        };
        let loaded = self.load_env_file(&path, Dialect::PythonDotenv, override_, "python-dotenv");
        Ok(Value::bool(loaded))
    }

    fn dotenv_values(&mut self, frame: &mut Frame, args: &Args) -> EvalResult<Value> {
        let path = match args.get(0, "dotenv_path") {
            None | Some(Value { v: V::None, .. }) => {
                match self.find_upwards(&caller_dir(frame), &[".env"]) {
                    Some(p) => p,
                    None => return Ok(Value::dict(vec![])),
                }
            }
            Some(v) => match self.to_str(v) {
                Some(s) => PathBuf::from(s),
                None => return Ok(unknown_like(v)),
            },
        };
        if self.scenario == ScenarioKind::Unset {
            return Ok(Value::dict(vec![]));
        }
        let text = match golive_source::read_text_lossy(&path, crate::loader::MAX_SOURCE_BYTES) {
            Ok((text, _)) => text,
            // python-dotenv returns {} for a file that is not there.
            Err(e) if e.is_not_found() => return Ok(Value::dict(vec![])),
            Err(e) => {
                let reason = self.refuse_env_file(&path, "python-dotenv", &e);
                return Ok(Value::unknown(reason));
            }
        };
        let bindings = dotenv::parse(&text, Dialect::PythonDotenv);
        let values = dotenv::interpolate(&bindings, &self.env);
        if let Some(span) = self.current_span {
            self.loaded_env_files.push(LoadedEnvFile {
                path: path.clone(),
                loader: "python-dotenv",
                span,
            });
        }
        let value = |v: Option<String>| match v {
            None => Value::none(),
            Some(v) if dotenv::is_cut(&v) => Value::unknown(format!(
                "a value longer than golive expands ({} bytes)",
                dotenv::MAX_EXPANDED
            )),
            Some(v) => Value::str(v),
        };
        Ok(Value::dict(
            values
                .into_iter()
                .map(|(k, v)| (Value::str(k.as_str()), value(v)))
                .collect(),
        ))
    }

    // ---- python-decouple --------------------------------------------------

    pub(crate) fn decouple_get(
        &mut self,
        frame: &mut Frame,
        search: Option<&str>,
        args: &Args,
    ) -> EvalResult<Value> {
        let Some(option) = args
            .get(0, "option")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Ok(Value::unknown("config() with an unknown name"));
        };
        let dep = Deps::one(&option);
        let value = if let Some(v) = self.env_value(&option) {
            if v.is_unknown() {
                return Ok(v.add_deps(&dep));
            }
            v
        } else if let Some(v) = self
            .decouple_repository(frame, search)
            .get(&option)
            .cloned()
        {
            Value::str(v)
        } else {
            match args.get(1, "default") {
                Some(d) => d.clone(),
                None => {
                    let msg = format!(
                        "{option} not found. Declare it as envvar or define a default value. ({})",
                        self.missing_env_message(&option)
                    );
                    return Err(missing_variable("UndefinedValueError", msg, dep, &option));
                }
            }
        };
        let value = value.add_deps(&dep);
        let Some(cast) = args.get(2, "cast").cloned() else {
            return Ok(value);
        };
        let out = match &cast.v {
            V::Object(o) if matches!(&**o, Object::External(n) if &**n == "bool") => {
                self.decouple_bool(&value)?
            }
            _ => self.call_value(frame, &cast, Args::new(vec![value.clone()]))?,
        };
        Ok(out.add_deps(&dep))
    }

    fn decouple_bool(&mut self, value: &Value) -> EvalResult<Value> {
        if let V::Bool(b) = value.v {
            return Ok(Value::bool(b));
        }
        let Some(s) = self.to_str(value) else {
            return Ok(unknown_like(value));
        };
        if s.is_empty() {
            return Ok(Value::bool(false));
        }
        let lower = s.to_lowercase();
        if DECOUPLE_TRUE.contains(&lower.as_str()) {
            Ok(Value::bool(true))
        } else if DECOUPLE_FALSE.contains(&lower.as_str()) {
            Ok(Value::bool(false))
        } else {
            Err(exc(
                "ValueError",
                format!("Invalid truth value: {lower}"),
                value.all_deps(),
            ))
        }
    }

    /// decouple's `AutoConfig`: the first `settings.ini` or `.env` found
    /// walking up from the caller's directory, read once per process.
    fn decouple_repository(
        &mut self,
        frame: &mut Frame,
        search: Option<&str>,
    ) -> Rc<BTreeMap<String, String>> {
        if let Some(repo) = &self.decouple_repo {
            return repo.clone();
        }
        let mut repo = BTreeMap::new();
        if self.scenario == ScenarioKind::Configured {
            let start = search.map_or_else(|| caller_dir(frame), PathBuf::from);
            if let Some(found) = self.find_upwards(&start, &["settings.ini", ".env"])
                && let Ok((text, _)) =
                    golive_source::read_text_lossy(&found, crate::loader::MAX_SOURCE_BYTES)
            {
                if found.file_name().is_some_and(|n| n == "settings.ini") {
                    repo = parse_ini_settings(&text);
                } else {
                    for b in dotenv::parse(&text, Dialect::Decouple) {
                        if let Some(v) = b.value {
                            repo.insert(b.key, v);
                        }
                    }
                }
                if let Some(span) = self.current_span {
                    self.loaded_env_files.push(LoadedEnvFile {
                        path: found,
                        loader: "python-decouple",
                        span,
                    });
                }
            }
        }
        let repo = Rc::new(repo);
        self.decouple_repo = Some(repo.clone());
        repo
    }

    pub(crate) fn decouple_csv(
        &mut self,
        frame: &mut Frame,
        csv: &Value,
        value: Value,
    ) -> EvalResult<Value> {
        let V::Object(o) = &csv.v else {
            return Ok(Value::unknown("Csv"));
        };
        let Object::Csv {
            cast,
            delimiter,
            strip,
            post_process,
        } = &**o
        else {
            return Ok(Value::unknown("Csv"));
        };
        let deps = value.all_deps();
        if matches!(value.v, V::None) {
            return self.call_value(frame, post_process, Args::default());
        }
        let Some(s) = self.to_str(&value) else {
            return Ok(unknown_like(&value));
        };
        let parts = match shlex_split(&s, delimiter) {
            Some(p) => p,
            None => return Err(exc("ValueError", "No closing quotation", deps)),
        };
        let mut items = Vec::new();
        for p in parts {
            let stripped = p.trim_matches(|c: char| strip.contains(c)).to_string();
            items.push(self.call_value(frame, cast, Args::new(vec![Value::str(stripped)]))?);
        }
        let out = self.call_value(frame, post_process, Args::new(vec![Value::list(items)]))?;
        Ok(out.add_deps(&deps))
    }

    // ---- dj-database-url --------------------------------------------------

    pub(crate) fn dj_database_url_parse(
        &mut self,
        url: &str,
        opts: &DbUrlOptions,
    ) -> EvalResult<Value> {
        let mut settings: Vec<(Value, Value)> = vec![
            (Value::str("CONN_MAX_AGE"), opts.conn_max_age.clone()),
            (
                Value::str("CONN_HEALTH_CHECKS"),
                opts.conn_health_checks.clone(),
            ),
            (
                Value::str("DISABLE_SERVER_SIDE_CURSORS"),
                opts.disable_server_side_cursors.clone(),
            ),
        ];
        if let Some(e) = &opts.engine {
            settings.push((Value::str("ENGINE"), e.clone()));
        }
        if let Some(t) = &opts.test_options
            && t.truthy() == Some(true)
        {
            settings.push((Value::str("TEST"), t.clone()));
        }
        if url == "sqlite://:memory:" {
            return Ok(Value::dict(vec![
                (
                    Value::str("ENGINE"),
                    Value::str("django.db.backends.sqlite3"),
                ),
                (Value::str("NAME"), Value::str(":memory:")),
            ]));
        }
        let parse_error = || {
            exc(
                "ParseError",
                "This string is not a valid url, possibly because some of its parts is not properly urllib.parse.quote()'ed.",
                Deps::none(),
            )
        };
        let split = urls::urlsplit(url).map_err(|_| parse_error())?;
        let Some(backend) = dj_database_url_backend(&split.scheme) else {
            return Err(exc(
                "UnknownSchemeError",
                format!("Scheme '{}://' is unknown.", split.scheme),
                Deps::none(),
            ));
        };
        let port = split.port().map_err(|_| parse_error())?;
        let mut options = Dict::default();
        for (k, vs) in urls::parse_qs(&split.query) {
            let parsed: Vec<Value> = vs.iter().map(|v| dj_parse_value(v)).collect();
            let v = if parsed.len() == 1 {
                parsed[0].clone()
            } else {
                Value::list(parsed)
            };
            options.insert(Value::str(k), v);
        }
        let scheme = split.scheme.as_str();
        let mut name = urls::unquote(split.path.get(1..).unwrap_or(""));
        let mut port_value = port.map_or_else(|| Value::str(""), Value::int);
        match scheme {
            "sqlite" if name.is_empty() => {
                name = ":memory:".into();
            }
            "oracle" | "mssqlms" | "mssql" => {
                port_value = Value::str(port.map_or_else(String::new, |p| p.to_string()));
            }
            "mysql" | "mysql2" => {
                if let Some(ca) = options.remove(&Value::str("ssl-ca"))
                    && ca.truthy() == Some(true)
                {
                    options.insert(Value::str("ssl"), Value::dict(vec![(Value::str("ca"), ca)]));
                }
            }
            "postgres" | "postgresql" | "pgsql" | "postgis" | "redshift" | "timescale"
            | "timescalegis" => {
                if let Some(schema) = options.remove(&Value::str("currentSchema"))
                    && schema.truthy() == Some(true)
                {
                    let s = self.to_str(&schema).unwrap_or_default();
                    options.insert(
                        Value::str("options"),
                        Value::str(format!("-c search_path={s}")),
                    );
                }
            }
            _ => {}
        }
        if opts.ssl_require.truthy() == Some(true) {
            options.insert(Value::str("sslmode"), Value::str("require"));
        }
        let mut config = vec![
            (Value::str("ENGINE"), Value::str(backend)),
            (
                Value::str("USER"),
                Value::str(urls::unquote(&split.username().unwrap_or_default())),
            ),
            (
                Value::str("PASSWORD"),
                Value::str(urls::unquote(&split.password().unwrap_or_default())),
            ),
            (
                Value::str("HOST"),
                Value::str(urls::unquote(&split.hostname().unwrap_or_default())),
            ),
            (Value::str("PORT"), port_value),
            (Value::str("NAME"), Value::str(name)),
        ];
        if !options.entries.is_empty() {
            config.push((
                Value::str("OPTIONS"),
                Value::new(V::Dict(Rc::new(RefCell::new(options)))),
            ));
        }
        config.extend(settings);
        Ok(Value::dict(config))
    }
}

fn add_flow_deps(f: Flow, deps: &Deps) -> Flow {
    match f {
        Flow::Raise(mut e) => {
            e.deps = e.deps.union(deps);
            Flow::Raise(e)
        }
        other => other,
    }
}

fn caller_dir(frame: &Frame) -> PathBuf {
    frame
        .file
        .disk_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub(crate) struct DbUrlOptions {
    engine: Option<Value>,
    conn_max_age: Value,
    conn_health_checks: Value,
    disable_server_side_cursors: Value,
    ssl_require: Value,
    test_options: Option<Value>,
}

impl Default for DbUrlOptions {
    fn default() -> Self {
        Self::from_args(&Args::default(), 0)
    }
}

impl DbUrlOptions {
    /// dj-database-url's keyword arguments, positional from `first`.
    fn from_args(args: &Args, first: usize) -> Self {
        let get = |i: usize, n: &str| args.get(first + i, n).cloned();
        Self {
            engine: get(0, "engine").filter(|e| e.truthy() == Some(true)),
            conn_max_age: get(1, "conn_max_age").unwrap_or(Value::int(0)),
            conn_health_checks: get(2, "conn_health_checks").unwrap_or(Value::bool(false)),
            disable_server_side_cursors: get(3, "disable_server_side_cursors")
                .unwrap_or(Value::bool(false)),
            ssl_require: get(4, "ssl_require").unwrap_or(Value::bool(false)),
            test_options: get(5, "test_options"),
        }
    }
}

fn dj_database_url_backend(scheme: &str) -> Option<&'static str> {
    Some(match scheme {
        "spatialite" => "django.contrib.gis.db.backends.spatialite",
        "mysql-connector" => "mysql.connector.django",
        "mysqlgis" => "django.contrib.gis.db.backends.mysql",
        "oraclegis" => "django.contrib.gis.db.backends.oracle",
        "cockroach" => "django_cockroachdb",
        "sqlite" => "django.db.backends.sqlite3",
        "oracle" => "django.db.backends.oracle",
        "mssqlms" => "mssql",
        "mssql" => "sql_server.pyodbc",
        "mysql" | "mysql2" => "django.db.backends.mysql",
        "postgres" | "postgresql" | "pgsql" => "django.db.backends.postgresql",
        "postgis" => "django.contrib.gis.db.backends.postgis",
        "redshift" => "django_redshift_backend",
        "timescale" => "timescale.db.backends.postgresql",
        "timescalegis" => "timescale.db.backends.postgis",
        _ => return None,
    })
}

fn dj_parse_value(v: &str) -> Value {
    if !v.is_empty()
        && v.chars().all(|c| c.is_ascii_digit())
        && let Ok(i) = v.parse::<i64>()
    {
        return Value::int(i);
    }
    match v.to_lowercase().as_str() {
        "true" => Value::bool(true),
        "false" => Value::bool(false),
        _ => Value::str(v),
    }
}

const ENVIRON_POSTGRES_FAMILY: &[&str] = &[
    "postgres",
    "postgresql",
    "psql",
    "pgsql",
    "postgis",
    "prometheus_postgresql",
    "prometheus_postgis",
];

fn environ_db_scheme(scheme: &str) -> Option<&'static str> {
    Some(match scheme {
        "postgres" | "postgresql" | "psql" | "pgsql" => "django.db.backends.postgresql",
        "postgis" => "django.contrib.gis.db.backends.postgis",
        "prometheus_postgresql" => "django_prometheus.db.backends.postgresql",
        "prometheus_postgis" => "django_prometheus.db.backends.postgis",
        "cockroachdb" => "django_cockroachdb",
        "mysql" | "mysql2" => "django.db.backends.mysql",
        "mysql-connector" => "mysql.connector.django",
        "mysqlgis" => "django.contrib.gis.db.backends.mysql",
        "prometheus_mysql" => "django_prometheus.db.backends.mysql",
        "mssql" => "mssql",
        "oracle" => "django.db.backends.oracle",
        "pyodbc" => "sql_server.pyodbc",
        "redshift" => "django_redshift_backend",
        "spatialite" => "django.contrib.gis.db.backends.spatialite",
        "prometheus_spatialite" => "django_prometheus.db.backends.spatialite",
        "sqlite" => "django.db.backends.sqlite3",
        "prometheus_sqlite" => "django_prometheus.db.backends.sqlite3",
        "ldap" => "ldapdb.backends.ldap",
        _ => return None,
    })
}

/// `ast.literal_eval` for the simple literals query strings hold.
fn literal_eval(s: &str) -> Value {
    match s {
        "True" => return Value::bool(true),
        "False" => return Value::bool(false),
        "None" => return Value::none(),
        _ => {}
    }
    if let Some(i) = parse_int(s, 10).filter(|_| !s.contains('_') && s.trim() == s) {
        return Value::int(i);
    }
    if s.trim() == s
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && let Ok(f) = s.parse::<f64>()
    {
        return Value::new(V::Float(f));
    }
    if s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')))
    {
        return Value::str(&s[1..s.len() - 1]);
    }
    Value::str(s)
}

fn environ_cast_int(v: &str) -> Value {
    if !v.is_empty()
        && v.chars().all(|c| c.is_numeric())
        && let Ok(i) = v.parse::<i64>()
    {
        return Value::int(i);
    }
    Value::str(v)
}

fn environ_db_url_config(url: &str, engine: Option<&str>) -> EvalResult<Value> {
    if url == "sqlite://:memory:" {
        return Ok(Value::dict(vec![
            (
                Value::str("ENGINE"),
                Value::str("django.db.backends.sqlite3"),
            ),
            (Value::str("NAME"), Value::str(":memory:")),
        ]));
    }
    let u = urls::urlsplit(url).map_err(|e| raise("ValueError", e.0))?;
    let raw_path = u.path.get(1..).unwrap_or("");
    let mut path = urls::unquote_plus(raw_path.split('?').next().unwrap_or(""));
    if u.scheme == "sqlite" && path.is_empty() {
        path = ":memory:".into();
    }
    let (hostname, port) = {
        let netloc = u
            .netloc
            .rsplit_once('@')
            .map_or(u.netloc.as_str(), |(_, h)| h);
        let db_netloc = urls::unquote(netloc);
        if ENVIRON_POSTGRES_FAMILY.contains(&u.scheme.as_str()) && db_netloc.contains(',') {
            let mut hosts = Vec::new();
            let mut ports = Vec::new();
            for host in db_netloc.split(',') {
                match host.rsplit_once(':') {
                    Some((h, p))
                        if !p.is_empty()
                            && p.chars().all(|c| c.is_ascii_digit())
                            && !host.starts_with('[') =>
                    {
                        hosts.push(h.to_string());
                        ports.push(p.to_string());
                    }
                    _ => hosts.push(host.to_string()),
                }
            }
            (Value::str(hosts.join(",")), Value::str(ports.join(",")))
        } else {
            let port = u.port().map_err(|e| raise("ValueError", e.0))?;
            (
                u.hostname().map_or_else(|| Value::str(""), Value::str),
                port.filter(|p| *p != 0)
                    .map_or_else(|| Value::str(""), Value::int),
            )
        }
    };
    let mut config: Vec<(Value, Value)> = vec![
        (Value::str("NAME"), Value::str(path.as_str())),
        (
            Value::str("USER"),
            Value::str(urls::unquote(&u.username().unwrap_or_default())),
        ),
        (
            Value::str("PASSWORD"),
            Value::str(urls::unquote(&u.password().unwrap_or_default())),
        ),
        (Value::str("HOST"), hostname),
        (Value::str("PORT"), port),
    ];
    let set = |config: &mut Vec<(Value, Value)>, k: &str, v: Value| {
        if let Some(slot) = config.iter_mut().find(|(key, _)| key.as_str() == Some(k)) {
            slot.1 = v;
        } else {
            config.push((Value::str(k), v));
        }
    };
    if ((ENVIRON_POSTGRES_FAMILY.contains(&u.scheme.as_str()) && path.starts_with('/'))
        || (path.contains("cloudsql") && path.starts_with('/')))
        && let Some((h, n)) = path.rsplit_once('/')
    {
        set(&mut config, "HOST", Value::str(h));
        set(&mut config, "NAME", Value::str(n));
    }
    if u.scheme == "oracle" {
        if path.is_empty() {
            let host = config
                .iter()
                .find(|(k, _)| k.as_str() == Some("HOST"))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| Value::str(""));
            set(&mut config, "NAME", host);
            set(&mut config, "HOST", Value::str(""));
        }
        let port = config
            .iter()
            .find(|(k, _)| k.as_str() == Some("PORT"))
            .map(|(_, v)| v.clone());
        match port {
            Some(p) if p.truthy() == Some(true) => set(&mut config, "PORT", Value::str(p.repr())),
            _ => config.retain(|(k, _)| k.as_str() != Some("PORT")),
        }
    }
    if !u.query.is_empty() {
        let mut options = Vec::new();
        for (k, vs) in urls::parse_qs(&u.query) {
            let upper = k.to_uppercase();
            if [
                "CONN_MAX_AGE",
                "ATOMIC_REQUESTS",
                "AUTOCOMMIT",
                "DISABLE_SERVER_SIDE_CURSORS",
                "CONN_HEALTH_CHECKS",
            ]
            .contains(&upper.as_str())
            {
                set(&mut config, &upper, literal_eval(&vs[0]));
            } else {
                options.push((Value::str(k.as_str()), environ_cast_int(&vs[0])));
            }
        }
        set(&mut config, "OPTIONS", Value::dict(options));
    }
    let engine = match engine {
        Some(e) => e.to_string(),
        None => environ_db_scheme(&u.scheme).map_or_else(|| u.scheme.clone(), str::to_string),
    };
    if engine.is_empty() {
        return Ok(Value::dict(vec![]));
    }
    set(&mut config, "ENGINE", Value::str(engine));
    Ok(Value::dict(config))
}

fn environ_cache_url_config(u: &Url, backend: Option<&str>) -> EvalResult<Value> {
    let redis = "django.core.cache.backends.redis.RedisCache";
    let scheme_backend = match u.scheme.as_str() {
        "dbcache" => "django.core.cache.backends.db.DatabaseCache",
        "dummycache" => "django.core.cache.backends.dummy.DummyCache",
        "filecache" => "django.core.cache.backends.filebased.FileBasedCache",
        "locmemcache" => "django.core.cache.backends.locmem.LocMemCache",
        "memcache" => "django.core.cache.backends.memcached.MemcachedCache",
        "pymemcache" | "pylibmc" => "django.core.cache.backends.memcached.PyLibMCCache",
        "rediscache" | "redis" | "rediss" | "valkey" | "valkeys" => redis,
        other => {
            return Err(raise(
                "ImproperlyConfigured",
                format!("Invalid cache schema {other}"),
            ));
        }
    };
    let locations: Vec<&str> = u.netloc.split(',').collect();
    let mut location = if locations.len() == 1 {
        Value::str(locations[0])
    } else {
        Value::list(locations.iter().map(|l| Value::str(*l)).collect())
    };
    if u.scheme == "filecache" {
        location = Value::str(format!("{}{}", u.netloc, u.path));
    }
    if u.netloc.is_empty() && (u.scheme == "memcache" || u.scheme == "pymemcache") {
        location = Value::str(format!("unix:{}", u.path));
    } else if u.scheme.starts_with("redis") {
        let scheme = if u.hostname().is_some() {
            u.scheme.replace("cache", "")
        } else {
            "unix".into()
        };
        let locs: Vec<Value> = u
            .netloc
            .split(',')
            .map(|l| Value::str(format!("{scheme}://{l}{}", u.path)))
            .collect();
        location = if locs.len() == 1 {
            locs[0].clone()
        } else {
            Value::list(locs)
        };
    }
    let backend_name = backend.unwrap_or(scheme_backend).to_string();
    let mut config = vec![
        (Value::str("BACKEND"), Value::str(backend_name.as_str())),
        (Value::str("LOCATION"), location),
    ];
    if !u.query.is_empty() {
        let mut options = Vec::new();
        for (k, vs) in urls::parse_qs(&u.query) {
            let key = if backend_name == redis {
                k.to_lowercase()
            } else {
                k.to_uppercase()
            };
            let v = literal_eval(&vs[0]);
            if ["TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION", "BINARY"]
                .contains(&k.to_uppercase().as_str())
            {
                config.push((Value::str(key), v));
            } else {
                options.push((Value::str(key), v));
            }
        }
        config.push((Value::str("OPTIONS"), Value::dict(options)));
    }
    Ok(Value::dict(config))
}

fn environ_email_url_config(u: &Url, backend: Option<&str>) -> EvalResult<Value> {
    let path = urls::unquote_plus(
        u.path
            .get(1..)
            .unwrap_or("")
            .split('?')
            .next()
            .unwrap_or(""),
    );
    let opt_str = |s: Option<String>| s.map_or_else(Value::none, |s| Value::str(urls::unquote(&s)));
    let port = u.port().map_err(|e| raise("ValueError", e.0))?;
    let mut config = vec![
        (Value::str("EMAIL_FILE_PATH"), Value::str(path)),
        (Value::str("EMAIL_HOST_USER"), opt_str(u.username())),
        (Value::str("EMAIL_HOST_PASSWORD"), opt_str(u.password())),
        (
            Value::str("EMAIL_HOST"),
            u.hostname().map_or_else(Value::none, Value::str),
        ),
        (
            Value::str("EMAIL_PORT"),
            port.map_or_else(Value::none, Value::int),
        ),
    ];
    let scheme_backend = match u.scheme.as_str() {
        "smtp" | "smtps" | "smtp+tls" | "smtp+ssl" => {
            Some("django.core.mail.backends.smtp.EmailBackend")
        }
        "consolemail" => Some("django.core.mail.backends.console.EmailBackend"),
        "filemail" => Some("django.core.mail.backends.filebased.EmailBackend"),
        "memorymail" => Some("django.core.mail.backends.locmem.EmailBackend"),
        "dummymail" => Some("django.core.mail.backends.dummy.EmailBackend"),
        _ => None,
    };
    match (backend, scheme_backend) {
        (Some(b), _) => config.push((Value::str("EMAIL_BACKEND"), Value::str(b))),
        (None, Some(b)) => config.push((Value::str("EMAIL_BACKEND"), Value::str(b))),
        (None, None) => {
            return Err(raise(
                "ImproperlyConfigured",
                format!("Invalid email schema {}", u.scheme),
            ));
        }
    }
    if u.scheme == "smtps" || u.scheme == "smtp+tls" {
        config.push((Value::str("EMAIL_USE_TLS"), Value::bool(true)));
    } else if u.scheme == "smtp+ssl" {
        config.push((Value::str("EMAIL_USE_SSL"), Value::bool(true)));
    }
    if !u.query.is_empty() {
        let mut options = Vec::new();
        for (k, vs) in urls::parse_qs(&u.query) {
            let upper = k.to_uppercase();
            let v = environ_cast_int(&vs[0]);
            if upper == "EMAIL_USE_TLS" || upper == "EMAIL_USE_SSL" {
                config.push((Value::str(upper), v));
            } else {
                options.push((Value::str(upper), v));
            }
        }
        config.push((Value::str("OPTIONS"), Value::dict(options)));
    }
    Ok(Value::dict(config))
}

/// `shlex.shlex(value, posix=True)` with `whitespace = delimiter` and
/// `whitespace_split = True`, as decouple's `Csv` uses it.
fn shlex_split(s: &str, delimiter: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut token = String::new();
    let mut in_token = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if delimiter.contains(c) {
            if in_token {
                out.push(std::mem::take(&mut token));
                in_token = false;
            }
        } else if c == '#' && !in_token {
            // Comment to end of line.
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if c == '\'' || c == '"' {
            in_token = true;
            let quote = c;
            let mut closed = false;
            while let Some(q) = chars.next() {
                if q == quote {
                    closed = true;
                    break;
                }
                if q == '\\' && quote == '"' {
                    match chars.peek() {
                        Some(&n) if n == '"' || n == '\\' => {
                            token.push(n);
                            chars.next();
                        }
                        _ => token.push(q),
                    }
                } else {
                    token.push(q);
                }
            }
            if !closed {
                return None;
            }
        } else if c == '\\' {
            in_token = true;
            match chars.next() {
                Some(n) => token.push(n),
                None => return None,
            }
        } else {
            in_token = true;
            token.push(c);
        }
    }
    if in_token {
        out.push(token);
    }
    Some(out)
}

/// configparser's `[settings]` section as decouple reads it (option names
/// are case-insensitive).
fn parse_ini_settings(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut in_settings = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('#') || t.starts_with(';') || t.is_empty() {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            in_settings = &t[1..t.len() - 1] == "settings";
            continue;
        }
        if in_settings && let Some(i) = t.find(['=', ':']) {
            let key = t[..i].trim().to_lowercase();
            let value = t[i + 1..].trim().to_string();
            out.insert(key.clone(), value.clone());
            out.insert(key.to_uppercase(), value);
        }
    }
    out
}

/// A JSON document as a Python value (`json.loads`).
pub(crate) fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::none(),
        serde_json::Value::Bool(b) => Value::bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::int(i),
            None => Value::new(V::Float(n.as_f64().unwrap_or(f64::NAN))),
        },
        serde_json::Value::String(s) => Value::str(s.as_str()),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => Value::dict(
            o.iter()
                .map(|(k, v)| (Value::str(k.as_str()), from_json(v)))
                .collect(),
        ),
    }
}

/// The files a path names, its last component a glob or not: regular files
/// only, sorted (django-split-settings sorts glob results).
fn glob_files(path: &Path) -> Vec<std::path::PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if !name.contains(['*', '?', '[']) {
        return if crate::loader::is_regular_file(path) {
            vec![path.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Ok(glob) = globset::Glob::new(&name) else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut out: Vec<std::path::PathBuf> = golive_source::gate::list_dir(dir)
        .into_iter()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && matcher.is_match(e.file_name()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}
