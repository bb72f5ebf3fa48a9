//! What the rules of the layers around Django see: the deployment model
//! (nginx, app servers, containers, repository files)
//! and, for the cross-layer rules, the evaluated settings.

use crate::diagnostic::{Diagnostic, Findings};
use crate::rule::RuleMeta;
use golive_infra::Deployment;
use golive_python::ScenarioResult;
use golive_source::{SourceDb, Span};

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
    found: Findings,
}

impl<'a> InfraContext<'a> {
    pub(crate) fn new(input: &DeploymentAuditInput<'a>) -> Self {
        Self {
            deployment: input.deployment,
            sources: input.sources,
            settings: input.settings,
            found: Findings::default(),
        }
    }

    pub(crate) fn take(self) -> Vec<Diagnostic> {
        self.found.into_vec()
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
        self.found.push(
            Diagnostic::new(rule, span, message)
                .with_help(help)
                .with_related(related),
        );
    }
}
