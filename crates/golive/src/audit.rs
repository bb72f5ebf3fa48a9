//! The audit pipeline: every layer's rules over a loaded [`Project`], then
//! the [`Policy`] — selection, suppressions, per-file ignores, severity
//! overrides, fail-on — applied in this one place. The command line, the
//! fixture tests and the oracle runners all call [`audit`].

use crate::config::Config;
use crate::error::{Result, bail, error};
use crate::project::Project;
use golive_linter::{BlockedCheck, Diagnostic, Selection, SettingsAuditInput, Severity};
use golive_probe::Observation;
use golive_source::{FileId, Span};

/// What the user asked of the findings.
#[derive(Clone, Debug)]
pub struct Policy {
    pub selection: Selection,
    /// Rules ignored in files matching a glob.
    per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// Severity per rule selector; the most specific selector wins.
    severity: Vec<(String, Severity)>,
    /// The report fails (exit 1) when a finding at or above this remains.
    pub fail_on: Severity,
}

impl Default for Policy {
    /// Every rule, at its default severity, failing on warnings.
    fn default() -> Self {
        Self {
            selection: Selection::default(),
            per_file_ignores: Vec::new(),
            severity: Vec::new(),
            fail_on: Severity::Warning,
        }
    }
}

impl Policy {
    /// The project's configuration under the command line's flags (a
    /// non-empty `select` replaces the configuration's, `ignore` adds to it,
    /// `fail_on` wins). Unknown selectors are an error.
    pub fn new(
        config: &Config,
        select: &[String],
        ignore: &[String],
        fail_on: Option<Severity>,
    ) -> Result<Self> {
        for s in select.iter().chain(ignore) {
            if !golive_linter::selector_is_known(s) {
                bail!(
                    "unknown rule selector `{s}` (use a code like DJS004, a prefix like DJS, a name or a Django check ID)"
                );
            }
        }
        let selection = Selection {
            select: if select.is_empty() {
                config.select.clone()
            } else {
                select.to_vec()
            },
            ignore: ignore.iter().chain(&config.ignore).cloned().collect(),
        };
        let mut per_file_ignores = Vec::new();
        for (pattern, selectors) in &config.per_file_ignores {
            let glob = globset::Glob::new(pattern)
                .map_err(|e| error!("invalid per-file-ignores pattern `{pattern}`: {e}"))?
                .compile_matcher();
            for s in selectors {
                if !golive_linter::selector_is_known(s) {
                    bail!("unknown rule `{s}` in per-file-ignores for `{pattern}`");
                }
            }
            per_file_ignores.push((glob, selectors.clone()));
        }
        let mut severity = Vec::new();
        for (selector, level) in &config.severity {
            let sev = Severity::parse(level).ok_or_else(|| {
                error!("invalid severity `{level}` for `{selector}` (error, warning or info)")
            })?;
            if !golive_linter::selector_is_known(selector) {
                bail!("unknown rule `{selector}` in [severity]");
            }
            severity.push((selector.clone(), sev));
        }
        let fail_on = match (fail_on, &config.fail_on) {
            (Some(s), _) => s,
            (None, Some(s)) => Severity::parse(s).ok_or_else(|| {
                error!("invalid fail-on `{s}` in configuration (error, warning or info)")
            })?,
            (None, None) => Severity::Warning,
        };
        Ok(Self {
            selection,
            per_file_ignores,
            severity,
            fail_on,
        })
    }

    /// Applies the policy to the raw findings: suppression comments,
    /// selection, per-file ignores, severity overrides, then the order
    /// users read them in.
    fn apply(&self, diagnostics: Vec<Diagnostic>, project: &Project) -> Vec<Diagnostic> {
        let sources = project.ws.sources.borrow();
        let mut diagnostics =
            golive_linter::apply_suppressions(diagnostics, &sources, &self.selection);
        diagnostics.retain(|d| self.selection.enabled(d.rule));
        diagnostics.retain(|d| {
            let path = &sources.get(d.span.file).path;
            !self.per_file_ignores.iter().any(|(glob, selectors)| {
                glob.is_match(path)
                    && selectors
                        .iter()
                        .any(|s| golive_linter::selector_matches(s, d.rule))
            })
        });
        for d in diagnostics.iter_mut() {
            let best = self
                .severity
                .iter()
                .filter(|(s, _)| golive_linter::selector_matches(s, d.rule))
                .max_by_key(|(s, _)| s.len());
            if let Some((_, sev)) = best {
                d.severity = *sev;
            }
        }
        golive_linter::sort_diagnostics(&mut diagnostics, &sources);
        diagnostics
    }
}

/// A live observation joined to the project: the probe's transcript is a
/// source file findings point into.
pub struct Live {
    pub observation: Observation,
    transcript: String,
    lines: Vec<golive_probe::ExchangeLines>,
    file: FileId,
}

impl Project {
    /// Adds a live observation (`check --probe`): its WEB rules run with
    /// the audit, and WEB101 compares it with the settings.
    pub fn attach_probe(&mut self, observation: Observation) {
        let (transcript, lines) = golive_probe::transcript(&observation);
        let file = self
            .ws
            .loader
            .sources
            .borrow_mut()
            .add(golive_source::SourceFile::new(
                format!("probe of {}", observation.target),
                std::path::PathBuf::from("<probe>"),
                transcript.clone(),
                golive_source::SourceKind::ProbeTranscript,
            ));
        self.live = Some(Live {
            observation,
            transcript,
            lines,
            file,
        });
    }
}

/// The grade of a probed site.
#[derive(Clone, Debug)]
pub struct LiveGrade {
    pub target: String,
    pub score: i32,
    pub letter: &'static str,
    /// What the probe could not observe.
    pub incomplete: Vec<String>,
}

/// What an audit found, after the policy.
#[derive(Debug)]
pub struct Report {
    /// The findings, in reading order.
    pub diagnostics: Vec<Diagnostic>,
    /// Checks a value they need left undecided.
    pub blocked: Vec<BlockedCheck>,
    /// Findings of Django's checks silenced by `SILENCED_SYSTEM_CHECKS`.
    pub silenced: Option<(usize, Span)>,
    pub live: Option<LiveGrade>,
    /// Whether a finding at or above the policy's `fail_on` remains.
    pub fails: bool,
}

/// Audits a loaded project: the settings in both scenarios, the deployment
/// around them, golive's own diagnostics about its input and, when a probe
/// is attached, the live site.
pub fn audit(project: &Project, policy: &Policy) -> Report {
    let started = std::time::Instant::now();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut blocked = Vec::new();
    let mut silenced = None;
    if project.module_found {
        let result = golive_linter::audit_settings(&SettingsAuditInput {
            configured: &project.configured,
            unset: &project.unset,
            version: project.version,
            module_span: project.module_span,
            base_dir: project.base_dir.clone(),
            project: project.facts.clone(),
        });
        diagnostics = result.diagnostics;
        blocked = result.blocked;
        silenced = result.silenced;
    } else {
        let message = match &project.module {
            Some(m) => format!(
                "settings module `{m}` does not exist in the project ({})",
                project.header.settings_reason
            ),
            None => project.header.settings_reason.clone(),
        };
        diagnostics.push(golive_linter::settings_not_found(
            project.module_span,
            message,
        ));
    }
    let settings = project.module_found.then_some(&project.configured);
    {
        let sources = project.ws.sources.borrow();
        diagnostics.extend(golive_linter::audit_deployment(
            &golive_linter::DeploymentAuditInput {
                deployment: &project.ws.deployment,
                sources: &sources,
                settings,
            },
        ));
    }
    for (span, message) in &project.templates {
        diagnostics.push(golive_linter::template_not_audited(*span, message.clone()));
    }
    let python_unreadable = project.ws.loader.unreadable.borrow();
    for (path, reason) in project
        .ws
        .deployment
        .unreadable
        .iter()
        .chain(python_unreadable.iter())
    {
        let message = golive_python::loader::unreadable_message(&project.root, path, reason);
        // Once per file: the evaluator already reported a module it could
        // not read at the import that asked for it.
        if diagnostics
            .iter()
            .any(|d| d.rule.code == "GLV005" && d.message == message)
        {
            continue;
        }
        diagnostics.push(golive_linter::file_unreadable(project.module_span, message));
    }
    drop(python_unreadable);
    // A directory golive may not list is information, not an error: in a
    // development checkout it is most often a database volume a container
    // owns (`./data/postgres`), not code; the report still says that its
    // files were not audited.
    for (path, reason) in &project.ws.layout.unlisted {
        let message = golive_python::loader::unreadable_message(&project.root, path, reason);
        let mut unlisted = golive_linter::file_unreadable(project.module_span, message);
        unlisted.severity = Severity::Info;
        diagnostics.push(unlisted);
    }
    let mut live = None;
    if let Some(l) = &project.live {
        let found = golive_linter::audit_probe(&l.observation, &l.transcript, &l.lines, l.file);
        let (score, letter) = golive_linter::grade(&found);
        live = Some(LiveGrade {
            target: l.observation.target.clone(),
            score,
            letter,
            incomplete: l.observation.incomplete.clone(),
        });
        diagnostics.extend(found);
        if let Some(settings) = settings {
            diagnostics.extend(golive_linter::audit_probe_against_settings(
                &l.observation,
                &l.transcript,
                &l.lines,
                l.file,
                settings,
            ));
        }
    }
    crate::project::timing("rules", started);
    let diagnostics = policy.apply(diagnostics, project);
    project.ws.loader.record_masks(
        diagnostics.iter().flat_map(|d| {
            std::iter::once(d.span.file).chain(d.related.iter().map(|(s, _)| s.file))
        }),
    );
    let fails = diagnostics.iter().any(|d| d.severity >= policy.fail_on);
    Report {
        diagnostics,
        blocked,
        silenced,
        live,
        fails,
    }
}
