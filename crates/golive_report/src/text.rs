//! Text output in the style of rustc and ruff: code, message, a code frame
//! with the span underlined, and a help line.

use crate::AuditHeader;
use crate::secrets::mask_value_secrets;
use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};
use golive_linter::{Diagnostic, Severity};
use golive_python::{ScenarioResult, V};
use golive_source::{SourceDb, SourceKind};
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
    // Code frames show the source with its secrets masked. Python files are
    // masked whole (a secret's value may span lines); configuration files
    // line by line, so only the lines a frame shows are masked (a lock file
    // runs to half a megabyte).
    let mut python: std::collections::HashMap<golive_source::FileId, String> =
        std::collections::HashMap::new();
    let mut frame_of = |id: golive_source::FileId, ranges: &[std::ops::Range<usize>]| -> Frame {
        let file = sources.get(id);
        let (start, end) = window(&file.text, ranges);
        // From the file's line index: counting newlines for every frame
        // is quadratic in the findings of one large file.
        let line = file
            .line_col(u32::try_from(start).unwrap_or(u32::MAX).into())
            .line;
        let text = match file.kind {
            SourceKind::Python => {
                let whole = python
                    .entry(id)
                    .or_insert_with(|| golive_python::redact::redact_python_source(&file.text));
                whole.get(start..end).unwrap_or("").to_string()
            }
            // A probe transcript masks cookie values itself.
            SourceKind::ProbeTranscript | SourceKind::Placeholder => {
                file.text[start..end].to_string()
            }
            SourceKind::Nginx | SourceKind::Deployment | SourceKind::Requirements => {
                golive_source::redact_config_source(&file.text[start..end])
            }
        };
        Frame { text, start, line }
    };
    let mut frames: Vec<(Frame, Vec<Frame>)> = Vec::new();
    for d in diags {
        let same_file: Vec<std::ops::Range<usize>> = std::iter::once(d.span)
            .chain(
                d.related
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| s.file == d.span.file),
            )
            .map(|s| s.range.start().to_usize()..s.range.end().to_usize())
            .collect();
        let primary = frame_of(d.span.file, &same_file);
        let others = d
            .related
            .iter()
            .filter(|(s, _)| s.file != d.span.file)
            .map(|(s, _)| {
                frame_of(
                    s.file,
                    std::slice::from_ref(&(s.range.start().to_usize()..s.range.end().to_usize())),
                )
            })
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
                        .label(text.as_str()),
                );
            } else if let Some(other) = other_frames.next() {
                let annotation = AnnotationKind::Context
                    .span(frame_range(*span, other))
                    .label(text.as_str());
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
            .primary_title(d.message.as_str())
            .id(d.rule.code)
            .element(snippet);
        for other in others {
            group = group.element(other);
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
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

/// The byte range a frame underlines: at least one character, so that it
/// points somewhere.
/// The lines of a file a code frame shows, masked.
struct Frame {
    text: String,
    /// Byte offset of the frame in the file.
    start: usize,
    /// Line number of its first line.
    line: usize,
}

/// The whole lines of `text` covering `ranges`: (start, end).
fn window(text: &str, ranges: &[std::ops::Range<usize>]) -> (usize, usize) {
    let lo = ranges
        .iter()
        .map(|r| r.start)
        .min()
        .unwrap_or(0)
        .min(text.len());
    let hi = ranges
        .iter()
        .map(|r| r.end.max(r.start))
        .max()
        .unwrap_or(0)
        .min(text.len())
        .max(lo);
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (lo, hi) = (floor(lo), floor(hi));
    let start = text[..lo].rfind('\n').map_or(0, |i| i + 1);
    let end = text[hi..].find('\n').map_or(text.len(), |i| hi + i + 1);
    (start, end)
}

fn frame_range(span: golive_source::Span, frame: &Frame) -> std::ops::Range<usize> {
    let shown = frame.text.len();
    let start = span
        .range
        .start()
        .to_usize()
        .saturating_sub(frame.start)
        .min(shown);
    let end = span
        .range
        .end()
        .to_usize()
        .saturating_sub(frame.start)
        .max(start)
        .min(shown);
    if start == end {
        start..(start + 1).min(shown)
    } else {
        start..end
    }
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
