//! A finding: what a rule reports, pointing at the source.

use crate::rule::{RuleMeta, Severity};
use golive_python::ScenarioKind;
use golive_source::Span;
use std::cell::RefCell;
use std::collections::HashSet;

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
    /// A finding of `rule` at `span`, at the rule's severity, in the
    /// configured scenario.
    pub fn new(rule: &'static RuleMeta, span: Span, message: String) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message,
            help: None,
            span,
            related: Vec::new(),
            scenario: ScenarioKind::Configured,
            env: Vec::new(),
            key: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_related(mut self, related: Vec<(Span, String)>) -> Self {
        self.related = related;
        self
    }

    pub fn with_key(mut self, key: Option<String>) -> Self {
        self.key = key;
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// What makes two findings the same: rule, place, message, scenario, key.
type DedupKey = (&'static str, Span, String, ScenarioKind, Option<String>);

/// The findings rules report during one audit, with the one
/// de-duplication rule every layer shares: a rule reports a message once
/// per place and scenario (a check that visits the same directive twice,
/// through two includes or two servers, reports it once).
#[derive(Default)]
pub(crate) struct Findings {
    found: RefCell<Vec<Diagnostic>>,
    seen: RefCell<HashSet<DedupKey>>,
}

impl Findings {
    pub(crate) fn push(&self, d: Diagnostic) {
        let key = (
            d.rule.code,
            d.span,
            d.message.clone(),
            d.scenario,
            d.key.clone(),
        );
        if self.seen.borrow_mut().insert(key) {
            self.found.borrow_mut().push(d);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.found.into_inner()
    }
}
