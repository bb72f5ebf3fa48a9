//! Text output in the style of rustc and ruff: code, message, a code frame
//! with the span underlined, and a help line.

use crate::AuditHeader;
use crate::frames::{Frame, Framer, byte_range, frame_range};
use crate::secrets::mask_value_secrets;
use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};
use golive_linter::{Diagnostic, Severity};
use golive_python::{ScenarioResult, V};
use golive_source::SourceDb;
use std::fmt::Write as _;

/// `golive check` as text. `color` selects ANSI styling.
pub fn check_text(
    diags: &[Diagnostic],
    sources: &SourceDb,
    header: &AuditHeader,
    color: bool,
) -> String {
    let mut out = String::new();
    let module = header.settings_module.as_deref().unwrap_or("(none)");
    let _ = writeln!(
        out,
        "Auditing settings module {module} ({}) for Django {} ({})",
        header.settings_reason, header.django_version, header.django_version_source
    );
    if let Some(env) = &header.environment {
        let _ = writeln!(out, "with the environment production declares: {env}");
    }
    if !header.alternatives.is_empty() {
        let _ = writeln!(
            out,
            "other plausible settings modules: {} (pin one with --settings or `settings` in [tool.golive]; `golive project` shows the evidence)",
            header.alternatives.join(", ")
        );
    }
    out.push('\n');
    out.push_str(&findings_text(diags, sources, color));
    out
}

/// The findings as text, with the closing count: the body of `check` and
/// `probe` output.
pub fn findings_text(diags: &[Diagnostic], sources: &SourceDb, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut framer = Framer::new(sources);
    let mut frames: Vec<(Frame, Vec<Frame>)> = Vec::new();
    for d in diags {
        let same_file: Vec<std::ops::Range<usize>> = std::iter::once(d.span)
            .chain(
                d.related
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| s.file == d.span.file),
            )
            .map(byte_range)
            .collect();
        let primary = framer.frame(d.span.file, &same_file);
        let others = d
            .related
            .iter()
            .filter(|(s, _)| s.file != d.span.file)
            .map(|(s, _)| framer.frame_of_span(*s))
            .collect();
        frames.push((primary, others));
    }
    for (d, (shown, other_frames)) in diags.iter().zip(&frames) {
        let file = sources.get(d.span.file);
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let label = d
            .rule
            .django_id
            .map(|id| format!("{} ({})", d.rule.name, id))
            .unwrap_or_else(|| d.rule.name.to_string());
        let mut snippet = Snippet::source(shown.text.as_str())
            .path(file.path.as_str())
            .line_start(shown.line)
            .fold(true)
            .annotation(
                AnnotationKind::Primary
                    .span(frame_range(d.span, shown))
                    .label(label),
            );
        // Related places in the same file share the frame; each other file
        // gets a frame of its own.
        let mut others: Vec<Snippet<'_, Annotation<'_>>> = Vec::new();
        let mut other_frames = other_frames.iter();
        for (span, text) in &d.related {
            if span.file == d.span.file {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(frame_range(*span, shown))
                        .label(golive_source::visible(text)),
                );
            } else if let Some(other) = other_frames.next() {
                let annotation = AnnotationKind::Context
                    .span(frame_range(*span, other))
                    .label(golive_source::visible(text));
                others.push(
                    Snippet::source(other.text.as_str())
                        .path(sources.get(span.file).path.as_str())
                        .line_start(other.line)
                        .fold(true)
                        .annotation(annotation),
                );
            }
        }
        let mut group = level
            .primary_title(golive_source::visible(&d.message))
            .id(d.rule.code)
            .element(snippet);
        for other in others {
            group = group.element(other);
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(golive_source::visible(help)));
        }
        if d.scenario == golive_python::ScenarioKind::Unset {
            group = group.element(Level::NOTE.message(format!(
                "found with every environment variable unset{}",
                env_list(&d.env)
            )));
        }
        let report: Vec<Group<'_>> = vec![group];
        let _ = writeln!(out, "{}\n", renderer.render(&report));
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if diags.is_empty() {
        let _ = writeln!(out, "No issues found.");
    } else {
        let _ = writeln!(
            out,
            "Found {} issue{}: {e} error{}, {w} warning{}, {i} info.",
            diags.len(),
            plural(diags.len()),
            plural(e),
            plural(w)
        );
    }
    out
}

fn env_list(env: &[String]) -> String {
    if env.is_empty() {
        String::new()
    } else {
        format!(" (reads {})", env.join(", "))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `golive settings` as text: one line per setting the project assigns (or
/// every setting with `all`), with origin, variables and the unset value.
pub fn settings_text(
    configured: &ScenarioResult,
    unset: &ScenarioResult,
    sources: &SourceDb,
    header: &AuditHeader,
    all: bool,
) -> String {
    let mut out = String::new();
    let module = header.settings_module.as_deref().unwrap_or("(none)");
    let _ = writeln!(
        out,
        "# {module} ({}), Django {} ({})",
        header.settings_reason, header.django_version, header.django_version_source
    );
    if let Some(env) = &header.environment {
        let _ = writeln!(out, "# with the environment production declares: {env}");
    }
    for (name, s) in &configured.settings {
        if s.is_default && !all {
            continue;
        }
        let shown = show(name, &s.value);
        let _ = write!(out, "{name} = {shown}");
        let mut notes = Vec::new();
        if let Some(o) = s.origin {
            let f = sources.get(o.stmt.file);
            notes.push(format!(
                "{}:{}",
                f.path,
                f.line_col(o.stmt.range.start()).line
            ));
        } else if s.is_default {
            notes.push("Django default".into());
        }
        let deps = s.value.all_deps();
        let env: Vec<&str> = deps.iter().filter(|d| !d.starts_with("file:")).collect();
        if !env.is_empty() {
            notes.push(format!("env {}", env.join(", ")));
        }
        let files: Vec<&str> = deps
            .iter()
            .filter_map(|d| d.strip_prefix("file:"))
            .collect();
        if !files.is_empty() {
            notes.push(format!("file {}", files.join(", ")));
        }
        if let Some(u) = unset.get(name) {
            let us = show(name, &u.value);
            if us != shown {
                notes.push(format!("unset: {us}"));
            }
        }
        if !notes.is_empty() {
            let _ = write!(out, "    # {}", notes.join("; "));
        }
        out.push('\n');
    }
    out
}

fn show(name: &str, value: &golive_python::Value) -> String {
    match &value.v {
        V::Unknown(r) => format!("<unknown: {r}>"),
        _ => mask_value_secrets(name, value).repr(),
    }
}
