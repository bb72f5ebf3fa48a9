//! What a settings rule sees: one scenario's evaluated settings, with
//! helpers that reproduce Django's own tests (`is True`, truthiness, exact
//! membership) and stop a check — rather than guess — when a value it needs
//! is unknown.

use crate::rule::RuleMeta;
use golive_python::{Dict, DjangoVersion, ScenarioResult, Setting, V, Value, py_eq};
use golive_source::Span;
use std::cell::RefCell;

/// A check could not decide because a value it needs is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub setting: String,
    pub reason: String,
}

pub(crate) type Checked = Result<(), Blocked>;

/// A finding before the scenarios are merged.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    pub rule: &'static RuleMeta,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    pub related: Vec<(Span, String)>,
    /// Settings the finding is about; their environment variables are
    /// what the finding depends on.
    pub settings: Vec<String>,
    pub key: Option<String>,
    /// The problem stops the site rather than exposing it (no
    /// `SECRET_KEY`, no allowed host): it is what production must supply,
    /// reported as information, not a weakness.
    pub fails_closed: bool,
}

pub(crate) struct SettingsContext<'a> {
    pub scenario: &'a ScenarioResult,
    pub version: DjangoVersion,
    /// Where project-wide findings point: the settings module's first line.
    pub module_span: Span,
    /// The directory relative paths in settings are resolved against (where
    /// manage.py lives).
    pub base_dir: std::path::PathBuf,
    /// What golive knows of the project around the settings.
    pub project: crate::ProjectFacts,
    pending: RefCell<Vec<Pending>>,
}

pub(crate) const SECURITY_MIDDLEWARE: &str = "django.middleware.security.SecurityMiddleware";
pub(crate) const XFRAME_MIDDLEWARE: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";
pub(crate) const CSRF_MIDDLEWARE: &str = "django.middleware.csrf.CsrfViewMiddleware";
pub(crate) const SESSION_MIDDLEWARE: &str = "django.contrib.sessions.middleware.SessionMiddleware";
pub(crate) const SESSIONS_APP: &str = "django.contrib.sessions";
pub(crate) const CSP_MIDDLEWARE: &str = "django.middleware.csp.ContentSecurityPolicyMiddleware";
pub(crate) const WHITENOISE_MIDDLEWARE: &str = "whitenoise.middleware.WhiteNoiseMiddleware";

/// Django's email backends that never deliver anything.
pub(crate) const NON_DELIVERING_EMAIL_BACKENDS: &[&str] = &[
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
];

/// A host name that means this machine (traffic never leaves it).
pub(crate) fn is_loopback_host(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// The database servers whose connection options golive's rules know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DatabaseFamily {
    Postgres,
    Mysql,
}

/// The family of a `DATABASES` entry by its `ENGINE` (PostGIS and GIS MySQL
/// included); `None` for SQLite, Oracle and third-party engines.
pub(crate) fn database_family(config: &Dict) -> Option<DatabaseFamily> {
    let engine = config
        .get_str("ENGINE")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if engine.contains("postgresql") || engine.contains("postgis") {
        Some(DatabaseFamily::Postgres)
    } else if engine.contains("mysql") {
        Some(DatabaseFamily::Mysql)
    } else {
        None
    }
}

impl<'a> SettingsContext<'a> {
    pub(crate) fn new(
        scenario: &'a ScenarioResult,
        version: DjangoVersion,
        module_span: Span,
        base_dir: std::path::PathBuf,
    ) -> Self {
        Self {
            scenario,
            version,
            module_span,
            base_dir,
            project: crate::ProjectFacts::default(),
            pending: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn take(self) -> Vec<Pending> {
        self.pending.into_inner()
    }

    pub(crate) fn at_least(&self, major: u32, minor: u32) -> bool {
        self.version >= DjangoVersion::new(major, minor)
    }

    pub(crate) fn setting(&self, name: &str) -> Option<&'a Setting> {
        self.scenario.settings.get(name)
    }

    /// Whether the project assigns the setting (as opposed to Django's default).
    pub(crate) fn is_set(&self, name: &str) -> bool {
        self.setting(name).is_some_and(|s| !s.is_default)
    }

    /// The value; blocked when the value itself is unknown. `None` when the
    /// setting does not exist at all (neither set nor a Django default).
    pub(crate) fn value(&self, name: &str) -> Result<Option<&'a Value>, Blocked> {
        match self.setting(name) {
            None => Ok(None),
            Some(s) => match &s.value.v {
                V::Unknown(r) => Err(Blocked {
                    setting: name.to_string(),
                    reason: r.to_string(),
                }),
                _ => Ok(Some(&s.value)),
            },
        }
    }

    /// The value, which must be fully known (no unknown part inside).
    pub(crate) fn known(&self, name: &str) -> Result<Option<&'a Value>, Blocked> {
        let v = self.value(name)?;
        if let Some(v) = v
            && let Some(r) = v.first_unknown()
        {
            return Err(Blocked {
                setting: name.to_string(),
                reason: r.to_string(),
            });
        }
        Ok(v)
    }

    /// Python truthiness of a setting (absent settings are falsy).
    pub(crate) fn truthy(&self, name: &str) -> Result<bool, Blocked> {
        match self.value(name)? {
            None => Ok(false),
            Some(v) => v.truthy().ok_or_else(|| Blocked {
                setting: name.to_string(),
                reason: "an object golive does not model".into(),
            }),
        }
    }

    /// `settings.NAME is True`.
    pub(crate) fn is_true(&self, name: &str) -> Result<bool, Blocked> {
        Ok(matches!(
            self.value(name)?.map(|v| &v.v),
            Some(V::Bool(true))
        ))
    }

    /// `needle in settings.NAME` with Python semantics (exact string
    /// membership for lists and tuples). Blocked when the answer depends
    /// on an unknown element.
    pub(crate) fn contains(&self, name: &str, needle: &str) -> Result<bool, Blocked> {
        let Some(v) = self.value(name)? else {
            return Ok(false);
        };
        let needle_v = Value::str(needle);
        match &v.v {
            V::Str(s) => Ok(s.contains(needle)),
            V::List(_) | V::Tuple(_) | V::Set(_) => {
                let mut blocked = None;
                for item in v.elements().unwrap_or_default() {
                    match py_eq(&item, &needle_v) {
                        Some(true) => return Ok(true),
                        Some(false) => {}
                        None => blocked = item.first_unknown(),
                    }
                }
                match blocked {
                    Some(r) => Err(Blocked {
                        setting: name.to_string(),
                        reason: r.to_string(),
                    }),
                    None => Ok(false),
                }
            }
            V::Dict(d) => Ok(d.borrow().get(&needle_v).is_some()),
            _ => Err(Blocked {
                setting: name.to_string(),
                reason: format!("a {} golive cannot search", v.type_name()),
            }),
        }
    }

    pub(crate) fn middleware(&self, path: &str) -> Result<bool, Blocked> {
        self.contains("MIDDLEWARE", path)
    }

    pub(crate) fn installed(&self, app: &str) -> Result<bool, Blocked> {
        self.contains("INSTALLED_APPS", app)
    }

    /// The entries of `DATABASES` as (alias, configuration) when the project
    /// sets it — Django's default has no server to judge. Entries that are
    /// not dicts are skipped.
    pub(crate) fn databases(&self) -> Result<Vec<(String, Dict)>, Blocked> {
        if !self.is_set("DATABASES") {
            return Ok(Vec::new());
        }
        self.dict_entries("DATABASES", |databases| Some(databases.clone()))
    }

    /// The handlers of `LOGGING` as (name, handler configuration).
    pub(crate) fn logging_handlers(&self) -> Result<Vec<(String, Dict)>, Blocked> {
        self.dict_entries("LOGGING", |logging| {
            match logging.get_str("handlers").map(|h| &h.v) {
                Some(V::Dict(handlers)) => Some(handlers.borrow().clone()),
                _ => None,
            }
        })
    }

    /// The dict-valued entries (key, dict) of the dict `pick` finds inside
    /// setting `name`; empty when any part is missing or not a dict.
    fn dict_entries(
        &self,
        name: &str,
        pick: impl Fn(&Dict) -> Option<Dict>,
    ) -> Result<Vec<(String, Dict)>, Blocked> {
        let Some(Value {
            v: V::Dict(outer), ..
        }) = self.value(name)?
        else {
            return Ok(Vec::new());
        };
        let Some(inner) = pick(&outer.borrow()) else {
            return Ok(Vec::new());
        };
        Ok(inner
            .entries
            .iter()
            .filter_map(|(key, entry)| match &entry.v {
                V::Dict(entry) => Some((
                    key.as_str().unwrap_or("?").to_string(),
                    entry.borrow().clone(),
                )),
                _ => None,
            })
            .collect())
    }

    /// Where a finding about `name` points: its assignment, or the settings
    /// module's first line when Django's default applies.
    pub(crate) fn span(&self, name: &str) -> Span {
        self.setting(name)
            .and_then(|s| s.origin)
            .map_or(self.module_span, |o| o.stmt)
    }

    /// Reports a finding about the given settings (the first one locates it).
    pub(crate) fn report(
        &self,
        rule: &'static RuleMeta,
        settings: &[&str],
        message: String,
        help: Option<String>,
    ) {
        self.report_keyed(rule, settings, message, help, None);
    }

    pub(crate) fn report_keyed(
        &self,
        rule: &'static RuleMeta,
        settings: &[&str],
        message: String,
        help: Option<String>,
        key: Option<String>,
    ) {
        let span = settings.first().map_or(self.module_span, |s| self.span(s));
        self.pending.borrow_mut().push(Pending {
            rule,
            message,
            help,
            span,
            related: Vec::new(),
            settings: settings.iter().map(|s| s.to_string()).collect(),
            key,
            fails_closed: false,
        });
    }

    /// Reports a problem that stops the site rather than exposing it.
    pub(crate) fn report_fails_closed(
        &self,
        rule: &'static RuleMeta,
        settings: &[&str],
        message: String,
        help: Option<String>,
    ) {
        self.report(rule, settings, message, help);
        if let Some(p) = self.pending.borrow_mut().last_mut() {
            p.fails_closed = true;
        }
    }

    /// Reports a finding at a given place (a call, not a setting).
    pub(crate) fn report_at(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        message: String,
        help: Option<String>,
        key: Option<String>,
    ) {
        self.pending.borrow_mut().push(Pending {
            rule,
            message,
            help,
            span,
            related: Vec::new(),
            settings: Vec::new(),
            key,
            fails_closed: false,
        });
    }

    /// A phrase explaining a value that is not what it looks like
    /// (`'True'` from an env var is a str, not a bool).
    pub(crate) fn describe(&self, name: &str) -> String {
        match self.setting(name) {
            None => "not set".into(),
            Some(s) if s.is_default => format!("not set (Django's default is {})", s.value.repr()),
            Some(s) => match &s.value.v {
                V::Str(_) | V::Int(_) | V::Float(_) | V::None | V::Bool(_) => {
                    s.value.repr().to_string()
                }
                _ => s.value.repr(),
            },
        }
    }
}

/// For `is True` checks: why a value that looks true is not `True`.
pub(crate) fn not_true_because(value: Option<&Value>) -> Option<String> {
    let v = value?;
    match &v.v {
        V::Str(s) => Some(format!(
            "it is the string {} — Django tests `is True`, so only the boolean `True` counts; a value read from the environment needs a bool cast",
            golive_python::str_repr(s)
        )),
        V::Int(i) => Some(format!(
            "it is the integer {i} — Django tests `is True`, so only the boolean `True` counts"
        )),
        _ => None,
    }
}
