//! A finding: what a rule reports, pointing at the source.

use crate::rule::{RuleMeta, Severity};
use golive_python::ScenarioKind;
use golive_source::Span;

/// A finding as rules produce it and renderers show it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The primary location.
    pub span: Span,
    /// Further locations with labels (the other side of a cross-file
    /// finding, the default that applies).
    pub related: Vec<(Span, String)>,
    /// The scenario in which the problem shows.
    pub scenario: ScenarioKind,
    /// Environment variables whose absence (or value) produces the problem.
    pub env: Vec<String>,
    /// Distinguishes several findings of one rule at one place
    /// (`SECRET_KEY_FALLBACKS[1]`).
    pub key: Option<String>,
}

impl Diagnostic {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
