//! What a rule is: its identity, severity and documentation. A rule's doc
//! comment is its user documentation (`golive rule CODE`, `docs/rules.md`).

use serde::Serialize;

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Some(Self::Info),
            "warning" | "warn" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

/// Which layer of the deployment a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Layer {
    /// `DJS`: the evaluated settings module.
    Settings,
    /// `GLV`: golive's own diagnostics about its input.
    Golive,
    /// `NGX`: the nginx configuration.
    Nginx,
    /// `SRV`: the application server.
    AppServer,
    /// `DKR`: Dockerfiles, compose files, Procfiles.
    Container,
    /// `REP`: repository files and dependencies.
    Repository,
    /// `XDP`: agreement between the layers.
    CrossLayer,
    /// `WEB`: observations of the running site.
    Live,
}

impl Layer {
    /// The layer a code's prefix names. Evaluated at compile time for
    /// every rule: a code with an unknown prefix does not build.
    pub const fn of_code(code: &str) -> Layer {
        match code.as_bytes() {
            [b'D', b'J', b'S', ..] => Layer::Settings,
            [b'G', b'L', b'V', ..] => Layer::Golive,
            [b'N', b'G', b'X', ..] => Layer::Nginx,
            [b'S', b'R', b'V', ..] => Layer::AppServer,
            [b'D', b'K', b'R', ..] => Layer::Container,
            [b'R', b'E', b'P', ..] => Layer::Repository,
            [b'X', b'D', b'P', ..] => Layer::CrossLayer,
            [b'W', b'E', b'B', ..] => Layer::Live,
            _ => panic!("a rule code starts with DJS, GLV, NGX, SRV, DKR, REP, XDP or WEB"),
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `DJS004`.
    pub code: &'static str,
    /// Kebab-case name naming the bad pattern, e.g. `hsts-not-enabled`.
    pub name: &'static str,
    pub severity: Severity,
    /// The Django system check this rule reproduces, e.g. `security.W004`.
    pub django_id: Option<&'static str>,
    /// Derived from the code's prefix ([`Layer::of_code`]).
    pub layer: Layer,
    /// The Django series the check exists in (inclusive lower bound).
    pub since_django: Option<(u32, u32)>,
    /// The doc comment: What it does / Why is this bad? / Example / Use
    /// instead / References.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The first sentence under "What it does", for tables.
    pub fn summary(&self) -> String {
        let mut in_section = false;
        let mut out = String::new();
        for line in self.doc.lines() {
            let line = line.trim();
            if line.starts_with("## What it does") {
                in_section = true;
                continue;
            }
            if in_section {
                if line.starts_with("##") || (line.is_empty() && !out.is_empty()) {
                    break;
                }
                if !line.is_empty() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(line);
                }
            }
        }
        match out.find(". ") {
            Some(i) => out[..=i].to_string(),
            None => out,
        }
    }
}

/// Declares a rule: its doc comment becomes `RuleMeta::doc`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub(crate) static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $sev:ident,
            django_id: $django:expr,
            $(since_django: $since:expr,)?
        };
    ) => {
        pub(crate) static $ident: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::rule::Severity::$sev,
            django_id: $django,
            layer: const { $crate::rule::Layer::of_code($code) },
            since_django: declare_rule!(@since $($since)?),
            doc: concat!($($doc, "\n"),*),
        };
    };
    (@since) => { None };
    (@since $since:expr) => { Some($since) };
}

pub(crate) use declare_rule;
