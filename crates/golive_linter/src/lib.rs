//! golive's rules: pure functions over the evaluated settings and the
//! deployment model around them (nginx, app servers, containers, the
//! repository) that produce diagnostics. Nothing here reads files or runs
//! code; the facts come in, the findings go out.

mod context;
mod diagnostic;
mod infra;
mod registry;
mod rule;
mod rules;

pub use context::Blocked;
pub use diagnostic::Diagnostic;
pub use infra::DeploymentAuditInput;
pub use registry::{
    GradeModifier, RULES, Registered, Selection, all_rules, checked_by, checker_of, find_rule,
    grade_modifier, selector_is_known, selector_matches,
};
pub use rule::{Layer, RuleMeta, Severity};

use context::{Pending, SettingsContext};
use golive_python::{DjangoVersion, NoteKind, ScenarioKind, ScenarioResult};
use golive_source::{SourceDb, Span};
use std::path::PathBuf;

/// What a settings audit needs besides the two evaluations.
pub struct SettingsAuditInput<'a> {
    pub configured: &'a ScenarioResult,
    pub unset: &'a ScenarioResult,
    pub version: DjangoVersion,
    /// Where findings about the module as a whole point.
    pub module_span: Span,
    /// The directory relative paths are resolved against.
    pub base_dir: PathBuf,
    /// What golive knows of the project around the settings.
    pub project: ProjectFacts,
}

/// Facts about the project that settings rules weigh (read from files
/// other than the settings).
#[derive(Clone, Debug, Default)]
pub struct ProjectFacts {
    /// The project pins a series older than any golive models (checked as
    /// the oldest it knows): rules about what later releases changed do
    /// not apply.
    pub older_than_supported: bool,
    /// A URL route of the project serves `static/` itself (a view over the
    /// staticfiles finders), so nothing needs `collectstatic`.
    pub static_routed: Option<Span>,
    /// Something in the repository runs `collectstatic`.
    pub collectstatic_runs: bool,
    /// The major release of django-csp the project requires, when it says.
    pub django_csp_major: Option<u64>,
}

/// A check that could not decide, for `--verbose`.
#[derive(Clone, Debug)]
pub struct BlockedCheck {
    /// The (first) rule of the check.
    pub check: &'static RuleMeta,
    pub scenario: ScenarioKind,
    pub blocked: Blocked,
}

/// The findings of one audit.
#[derive(Debug, Default)]
pub struct AuditResult {
    pub diagnostics: Vec<Diagnostic>,
    pub blocked: Vec<BlockedCheck>,
    /// Findings of Django's checks the project silences with
    /// `SILENCED_SYSTEM_CHECKS`, as `check --deploy` does: how many, and
    /// where the setting is.
    pub silenced: Option<(usize, Span)>,
}

/// The Django check IDs a scenario's `SILENCED_SYSTEM_CHECKS` lists.
fn silenced_ids(scenario: &ScenarioResult) -> Vec<String> {
    let Some(s) = scenario.get("SILENCED_SYSTEM_CHECKS") else {
        return Vec::new();
    };
    s.value
        .elements()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Runs every settings check in both scenarios and merges the results: a
/// problem found in the configured scenario is reported once; a problem that
/// only appears with the variables unset is reported with the variables
/// that cause it.
pub fn audit_settings(input: &SettingsAuditInput<'_>) -> AuditResult {
    let mut result = AuditResult::default();
    if input
        .configured
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Unsupported)
    {
        // Checking Django's defaults in place of the real (class-held)
        // values would only produce false findings.
        result
            .diagnostics
            .extend(note_diagnostics(input.configured, input.unset));
        return result;
    }
    let mut configured = Vec::new();
    let mut unset = Vec::new();
    for (scenario, out) in [
        (input.configured, &mut configured),
        (input.unset, &mut unset),
    ] {
        // Settings that raise never serve a request: nothing of that
        // scenario is a finding (the raise itself is, as GLV006).
        if scenario.raised.is_some() {
            continue;
        }
        let mut ctx = SettingsContext::new(
            scenario,
            input.version,
            input.module_span,
            input.base_dir.clone(),
        );
        ctx.project = input.project.clone();
        for (rule, run) in registry::settings_checks() {
            if let Err(blocked) = run(&ctx) {
                result.blocked.push(BlockedCheck {
                    check: rule,
                    scenario: scenario.kind,
                    blocked,
                });
            }
        }
        *out = ctx.take();
    }
    // Django drops the messages of silenced checks before reporting them.
    let mut silenced = 0;
    for (scenario, pending) in [
        (input.configured, &mut configured),
        (input.unset, &mut unset),
    ] {
        let ids = silenced_ids(scenario);
        let before = pending.len();
        pending.retain(|p| {
            !p.rule
                .django_id
                .is_some_and(|id| ids.iter().any(|s| s == id))
        });
        if scenario.kind == ScenarioKind::Configured {
            silenced += before - pending.len();
        }
    }
    if silenced > 0
        && let Some(origin) = input
            .configured
            .get("SILENCED_SYSTEM_CHECKS")
            .and_then(|s| s.origin)
    {
        result.silenced = Some((silenced, origin.stmt));
    }
    for p in &configured {
        result.diagnostics.push(finish(p, input.configured));
    }
    for p in &unset {
        let seen = configured
            .iter()
            .any(|c| c.rule.code == p.rule.code && c.span == p.span && c.key == p.key);
        if !seen {
            result.diagnostics.push(finish(p, input.unset));
        }
    }
    result
        .diagnostics
        .extend(note_diagnostics(input.configured, input.unset));
    result
}

/// Runs every rule over the deployment around Django (nginx, and the
/// other layers as golive reads them), and reports what could not be read.
pub fn audit_deployment(input: &DeploymentAuditInput<'_>) -> Vec<Diagnostic> {
    let ctx = infra::InfraContext::new(input);
    for run in registry::deployment_checks() {
        run(&ctx);
    }
    let mut out = ctx.take();
    for (span, message) in &input.deployment.invalid {
        out.push(Diagnostic::new(
            &rules::golive::CONFIG_FILE_INVALID,
            *span,
            message.clone(),
        ));
    }
    for config in &input.deployment.nginx {
        for problem in &config.problems {
            let rule = match problem.kind {
                golive_infra::nginx::ProblemKind::IncludeGenerated => {
                    &rules::golive::NGINX_INCLUDE_GENERATED
                }
                _ => &rules::golive::NGINX_CONFIG_INVALID,
            };
            out.push(Diagnostic::new(rule, problem.span, problem.message.clone()));
        }
    }
    out
}

/// Runs every WEB rule over a probe's observation. `lines` and `file` are
/// the transcript the findings point into (`golive_probe::transcript`).
pub fn audit_probe(
    obs: &golive_probe::Observation,
    transcript: &str,
    lines: &[golive_probe::ExchangeLines],
    file: golive_source::FileId,
) -> Vec<Diagnostic> {
    let ctx = rules::web::ProbeContext::new(obs, transcript, lines, file);
    for run in registry::probe_checks() {
        run(&ctx);
    }
    ctx.take()
}

/// `golive check --probe`: what the live site does that the audited
/// settings say it should not (WEB101), pointing at both.
pub fn audit_probe_against_settings(
    obs: &golive_probe::Observation,
    transcript: &str,
    lines: &[golive_probe::ExchangeLines],
    file: golive_source::FileId,
    settings: &ScenarioResult,
) -> Vec<Diagnostic> {
    let ctx = rules::web::ProbeContext::new(obs, transcript, lines, file);
    rules::web::live_contradicts_settings::check(&ctx, settings);
    ctx.take()
}

/// A live site's grade, A+ to F, from its WEB findings: start at 100 and
/// apply each rule's modifier (the table in `docs/grade.md`).
/// The letter of a probe that reached no page of the site (WEB021).
pub const UNGRADED: &str = "n/a";

pub fn grade(diags: &[Diagnostic]) -> (i32, &'static str) {
    let mut score = 100i32;
    let mut seen: Vec<&str> = Vec::new();
    for d in diags.iter().filter(|d| d.rule.code.starts_with("WEB")) {
        if seen.contains(&d.rule.code) {
            continue;
        }
        seen.push(d.rule.code);
        score += registry::grade_modifier(d.rule.code).map_or(0, |g| g.points);
    }
    if seen.contains(&"WEB015") {
        return (0, "F");
    }
    // The start URL did not lead to a page of the site: there is nothing
    // to grade (a redirect response is not the site).
    if seen.contains(&"WEB021") {
        return (0, UNGRADED);
    }
    let score = score.max(0);
    let letter = match (score / 5) * 5 {
        s if s >= 100 => "A+",
        90 | 95 => "A",
        85 => "A-",
        80 => "B+",
        70 | 75 => "B",
        65 => "B-",
        60 => "C+",
        50 | 55 => "C",
        45 => "C-",
        40 => "D+",
        30 | 35 => "D",
        25 => "D-",
        _ => "F",
    };
    (score, letter)
}

/// Turns a pending finding into a diagnostic, naming the variables whose
/// absence produces it.
fn finish(p: &Pending, scenario: &ScenarioResult) -> Diagnostic {
    let mut env: Vec<String> = Vec::new();
    for name in &p.settings {
        if let Some(s) = scenario.get(name) {
            for var in s.value.all_deps().iter() {
                if !env.iter().any(|e| e == var) {
                    env.push(var.to_string());
                }
            }
        }
    }
    env.sort();
    // Dependencies on files the checkout lacks are named `file:PATH`.
    let files: Vec<String> = env
        .iter()
        .filter_map(|v| v.strip_prefix("file:").map(str::to_string))
        .collect();
    env.retain(|v| !v.starts_with("file:"));
    let absent: Vec<&String> = env
        .iter()
        .filter(|v| !scenario.final_env.contains_key(v.as_str()))
        .collect();
    let mut message = p.message.clone();
    let mut conditions = Vec::new();
    if !absent.is_empty() {
        let names: Vec<String> = absent.iter().map(|v| v.to_string()).collect();
        conditions.push(format!("{} unset", names.join(", ")));
    }
    if !files.is_empty() {
        conditions.push(format!("{} absent", files.join(", ")));
    }
    if !conditions.is_empty() {
        message.push_str(&format!(" — with {}", conditions.join(" and ")));
    }
    // A site that refuses to sign or to answer tells its operator at once:
    // production must supply the value, and that is information, not a
    // weakness an attacker can use.
    let severity = if p.fails_closed {
        Severity::Info
    } else {
        p.rule.severity
    };
    Diagnostic {
        severity,
        scenario: scenario.kind,
        env,
        ..Diagnostic::new(p.rule, p.span, message)
            .with_help(p.help.clone())
            .with_related(p.related.clone())
            .with_key(p.key.clone())
    }
}

/// golive's own diagnostics from what the evaluator noticed.
fn note_diagnostics(configured: &ScenarioResult, unset: &ScenarioResult) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for scenario in [configured, unset] {
        for note in &scenario.notes {
            let (rule, keep) = match &note.kind {
                // Listed by `--verbose` with the blocked checks, not a finding.
                NoteKind::OpenNamespace => continue,
                NoteKind::SyntaxError => (&rules::golive::PYTHON_SYNTAX_ERROR, true),
                NoteKind::ImportCycle => (&rules::golive::IMPORT_CYCLE, true),
                NoteKind::MissingModule { caught, .. } => {
                    (&rules::golive::SETTINGS_IMPORT_MISSING, !caught)
                }
                NoteKind::Unreadable => (&rules::golive::FILE_UNREADABLE, true),
                NoteKind::Budget => (&rules::golive::EVALUATION_BUDGET, true),
                NoteKind::Unsupported => (&rules::golive::SETTINGS_STYLE_UNSUPPORTED, true),
                NoteKind::Template => (&rules::golive::TEMPLATE_NOT_AUDITED, true),
                // A required variable that is not set is not a bug of the
                // settings: production sets it.
                NoteKind::Uncaught { missing_variable } => (
                    &rules::golive::SETTINGS_RAISE,
                    scenario.kind == ScenarioKind::Configured && missing_variable.is_none(),
                ),
            };
            let Some(span) = note.span else { continue };
            if !keep
                || out
                    .iter()
                    .any(|d| d.rule.code == rule.code && d.span == span)
            {
                continue;
            }
            out.push(Diagnostic {
                scenario: scenario.kind,
                ..Diagnostic::new(rule, span, note.message.clone())
            });
        }
    }
    out
}

/// Drops findings silenced by `# golive: ignore[...]` comments and reports
/// the suppressions that silenced nothing (GLV009). Only suppressions of
/// rules that `selection` enables can be unused.
pub fn apply_suppressions(
    diags: Vec<Diagnostic>,
    sources: &SourceDb,
    selection: &Selection,
) -> Vec<Diagnostic> {
    use golive_source::parse_suppressions;
    // Suppressions per file, with a used flag per selector (or per bare
    // comment).
    type Tracked = (golive_source::Suppression, Vec<bool>, bool);
    let mut files: Vec<(golive_source::FileId, Vec<Tracked>)> = Vec::new();
    for (id, file) in sources.iter() {
        if file.path.starts_with('<') || file.text.is_empty() || !file.text.contains("golive:") {
            continue;
        }
        let list = parse_suppressions(&file.text)
            .into_iter()
            .map(|s| {
                let n = s.selectors.as_ref().map_or(0, Vec::len);
                (s, vec![false; n], false)
            })
            .collect();
        files.push((id, list));
    }
    let mut kept = Vec::new();
    for d in diags {
        let line = sources.get(d.span.file).line_col(d.span.range.start()).line;
        let mut suppressed = false;
        if let Some((_, list)) = files.iter_mut().find(|(id, _)| *id == d.span.file) {
            for (s, used, bare_used) in list.iter_mut() {
                if !(s.whole_file || s.line == line) {
                    continue;
                }
                match &s.selectors {
                    None => {
                        *bare_used = true;
                        suppressed = true;
                    }
                    Some(selectors) => {
                        for (i, sel) in selectors.iter().enumerate() {
                            if selector_matches(sel, d.rule) {
                                used[i] = true;
                                suppressed = true;
                            }
                        }
                    }
                }
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    for (id, list) in files {
        for (s, used, bare_used) in list {
            let span = Span::new(id, s.range);
            let unused: Vec<String> = match &s.selectors {
                None if !bare_used => vec!["every rule".to_string()],
                None => Vec::new(),
                Some(selectors) => selectors
                    .iter()
                    .zip(used)
                    .filter(|(sel, used)| {
                        !used
                            && (!selector_is_known(sel)
                                || all_rules()
                                    .iter()
                                    .any(|r| selector_matches(sel, r) && selection.enabled(r)))
                    })
                    .map(|(sel, _)| sel.clone())
                    .collect(),
            };
            for sel in unused {
                let message = if sel != "every rule" && !selector_is_known(&sel) {
                    format!("`{sel}` in this suppression is not a golive rule")
                } else if s.whole_file {
                    format!("unused suppression of {sel}: no such finding in this file")
                } else {
                    format!("unused suppression of {sel}: no such finding on this line")
                };
                kept.push(
                    Diagnostic::new(&rules::golive::UNUSED_SUPPRESSION, span, message)
                        .with_help(Some("remove it, or correct the rule it names".into()))
                        .with_key(Some(sel)),
                );
            }
        }
    }
    kept
}

/// A diagnostic for a settings module that could not be found.
pub fn settings_not_found(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&rules::golive::SETTINGS_NOT_FOUND, span, message).with_help(Some(
        "name the module with --settings, or set `settings` in [tool.golive]".into(),
    ))
}

/// A diagnostic for a file golive could not read.
pub fn file_unreadable(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&rules::golive::FILE_UNREADABLE, span, message)
}

/// A diagnostic for a tree of templates golive does not audit.
pub fn template_not_audited(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&rules::golive::TEMPLATE_NOT_AUDITED, span, message)
        .with_help(Some("render the template and audit the result".into()))
}

/// Sorts diagnostics by file, position and code, as users read them.
/// The order findings are shown in, in every command and format: the most
/// severe first (errors, then warnings, then information), then by file and
/// position, then by rule.
pub fn sort_diagnostics(diags: &mut [Diagnostic], sources: &SourceDb) {
    diags.sort_by(|a, b| {
        let pa = &sources.get(a.span.file).path;
        let pb = &sources.get(b.span.file).path;
        (
            std::cmp::Reverse(a.severity),
            pa,
            a.span.range.start(),
            a.rule.code,
            &a.key,
        )
            .cmp(&(
                std::cmp::Reverse(b.severity),
                pb,
                b.span.range.start(),
                b.rule.code,
                &b.key,
            ))
    });
}

const GRADE_TABLE_START: &str = "<!-- The table below is generated by `cargo xtask docs` from the rule table \
(crates/golive_linter/src/registry.rs). Do not edit it here. -->\n";
const GRADE_TABLE_END: &str = "<!-- end of the generated table -->\n";

/// `docs/grade.md` with its table of modifiers regenerated from the rule
/// table; the prose around it is kept. `None` when the markers are missing.
pub fn grade_markdown(current: &str) -> Option<String> {
    let start = current.find(GRADE_TABLE_START)? + GRADE_TABLE_START.len();
    let end = start + current[start..].find(GRADE_TABLE_END)?;
    let mut table = String::from(
        "| rule | what the site does | modifier | why this weight |\n| --- | --- | --- | --- |\n",
    );
    for r in registry::RULES {
        let Some(g) = r.grade else { continue };
        let points = match g.points {
            0 => "0".to_string(),
            p if p < 0 => format!("−{}", -p),
            p => format!("+{p}"),
        };
        // The heaviest penalties stand out.
        let points = if g.points <= -30 {
            format!("**{points}**")
        } else {
            points
        };
        table.push_str(&format!(
            "| {} {} | {} | {} | {} |\n",
            r.rule.code, r.rule.name, g.what, points, g.why
        ));
    }
    Some(format!("{}{}{}", &current[..start], table, &current[end..]))
}

/// `docs/rules.md`: the table of rules and every rule's documentation,
/// generated from the doc comments.
pub fn rules_markdown() -> String {
    let rules = all_rules();
    let mut out = String::from(
        "# golive rules\n\n<!-- Generated by `cargo xtask docs` from the rules' doc comments. Do not edit. -->\n\n",
    );
    out.push_str(&format!(
        "{} rules.\n\n| code | name | severity | Django check |\n| --- | --- | --- | --- |\n",
        rules.len()
    ));
    for r in &rules {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.django_id.map_or("—".to_string(), |d| format!("`{d}`"))
        ));
    }
    for r in &rules {
        out.push_str(&format!(
            "\n## {}\n\n**{}** · {}",
            r.code,
            r.name,
            r.severity.as_str()
        ));
        if let Some(id) = r.django_id {
            out.push_str(&format!(" · Django `{id}`"));
        }
        if let Some((a, b)) = r.since_django {
            out.push_str(&format!(" · Django {a}.{b}+"));
        }
        out.push_str("\n\n");
        for line in r.doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            // Demote the doc's `##` headings below the rule's own heading.
            if let Some(h) = line.strip_prefix("## ") {
                out.push_str(&format!("### {h}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}
