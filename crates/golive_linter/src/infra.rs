//! What the rules of the layers around Django see: the deployment model
//! (nginx, app servers, containers, repository files)
//! and, for the cross-layer rules, the evaluated settings.

use crate::diagnostic::Diagnostic;
use crate::rule::RuleMeta;
use golive_infra::Deployment;
use golive_python::{ScenarioKind, ScenarioResult};
use golive_source::{SourceDb, Span};
use std::cell::RefCell;

/// Everything an audit of the deployment needs.
pub struct DeploymentAuditInput<'a> {
    pub deployment: &'a Deployment,
    pub sources: &'a SourceDb,
    /// The settings in the configured scenario, when a module was found.
    pub settings: Option<&'a ScenarioResult>,
}

pub(crate) struct InfraContext<'a> {
    pub deployment: &'a Deployment,
    pub sources: &'a SourceDb,
    pub settings: Option<&'a ScenarioResult>,
    found: RefCell<Vec<Diagnostic>>,
    seen: RefCell<std::collections::HashSet<(&'static str, Span, String)>>,
}

impl<'a> InfraContext<'a> {
    pub(crate) fn new(input: &DeploymentAuditInput<'a>) -> Self {
        Self {
            deployment: input.deployment,
            sources: input.sources,
            settings: input.settings,
            found: RefCell::new(Vec::new()),
            seen: RefCell::default(),
        }
    }

    pub(crate) fn take(self) -> Vec<Diagnostic> {
        self.found.into_inner()
    }

    /// Reports a finding at `span`, with further labelled locations.
    pub(crate) fn report(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        message: String,
        help: Option<String>,
        related: Vec<(Span, String)>,
    ) {
        let mut found = self.found.borrow_mut();
        if !self
            .seen
            .borrow_mut()
            .insert((rule.code, span, message.clone()))
        {
            return;
        }
        found.push(Diagnostic {
            rule,
            severity: rule.severity,
            message,
            help,
            span,
            related,
            scenario: ScenarioKind::Configured,
            env: Vec::new(),
            key: None,
        });
    }
}
