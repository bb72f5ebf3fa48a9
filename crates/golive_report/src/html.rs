//! The HTML report: one self-contained file (inline CSS and a small
//! script, a Content-Security-Policy that forbids loading anything) with
//! the grade when a probe ran, a summary per layer and severity, and every
//! finding with its masked code frame, help and documentation link, under
//! a filter by layer and severity. Rendered by an askama template, which
//! escapes every value.

use crate::frames::{Frame, Framer, byte_range};
use crate::sarif::layer_tag;
use crate::{AuditHeader, GOLIVE_VERSION, LiveSummary, rule_docs_url};
use askama::Template;
use golive_linter::{Diagnostic, Severity};
use golive_source::{SourceDb, SourceKind, Span};

#[derive(Template)]
#[template(path = "report.html")]
struct Report<'a> {
    title: String,
    context: Vec<String>,
    grade: Option<GradeView<'a>>,
    layers: Vec<LayerRow>,
    total: LayerRow,
    severities: [&'static str; 3],
    findings: Vec<FindingView>,
    version: &'static str,
    docs: &'static str,
}

struct GradeView<'a> {
    letter: &'a str,
    score: i32,
    target: &'a str,
    incomplete: &'a [String],
}

#[derive(Default)]
struct LayerRow {
    name: &'static str,
    error: usize,
    warning: usize,
    info: usize,
}

impl LayerRow {
    fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}

struct FindingView {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    layer: &'static str,
    message: String,
    location: String,
    django_id: Option<&'static str>,
    docs: String,
    frames: Vec<FrameView>,
    help: Option<String>,
    note: Option<String>,
}

struct FrameView {
    /// The file of a frame other than the finding's own, with what it
    /// shows; empty for the finding's own frame.
    path: String,
    label: Option<String>,
    lines: Vec<LineView>,
}

struct LineView {
    number: usize,
    text: String,
    /// Whether the finding's span covers the line.
    hit: bool,
}

/// What the report is about: a static audit (with its header) or a probe.
pub enum HtmlSubject<'a> {
    Check(&'a AuditHeader),
    Probe { target: &'a str },
}

/// `--format html` of `check` and `probe`.
pub fn html(
    diags: &[Diagnostic],
    sources: &SourceDb,
    subject: HtmlSubject<'_>,
    live: Option<&LiveSummary>,
) -> String {
    let (title, context) = match subject {
        HtmlSubject::Check(header) => {
            let module = header.settings_module.as_deref().unwrap_or("(none)");
            let mut context = vec![
                format!("Settings module {module} ({})", header.settings_reason),
                format!(
                    "Django {} ({})",
                    header.django_version, header.django_version_source
                ),
            ];
            if let Some(env) = &header.environment {
                context.push(format!("With the environment production declares: {env}"));
            }
            (format!("golive check: {module}"), context)
        }
        HtmlSubject::Probe { target } => (format!("golive probe: {target}"), Vec::new()),
    };
    let mut layers: Vec<LayerRow> = Vec::new();
    let mut total = LayerRow {
        name: "all",
        ..LayerRow::default()
    };
    let mut framer = Framer::new(sources);
    let findings = diags
        .iter()
        .map(|d| {
            let layer = layer_tag(d.rule.code);
            match layers.iter_mut().find(|r| r.name == layer) {
                Some(row) => row.count(d.severity),
                None => {
                    let mut row = LayerRow {
                        name: layer,
                        ..LayerRow::default()
                    };
                    row.count(d.severity);
                    layers.push(row);
                }
            }
            total.count(d.severity);
            finding(d, sources, &mut framer, layer)
        })
        .collect();
    let report = Report {
        title,
        context,
        grade: live.map(|g| GradeView {
            letter: &g.grade.letter,
            score: g.grade.score,
            target: &g.target,
            incomplete: &g.incomplete,
        }),
        layers,
        total,
        severities: ["error", "warning", "info"],
        findings,
        version: GOLIVE_VERSION,
        docs: crate::DOCS_URL,
    };
    // Rendering writes into a String and the template is checked at
    // compile time: it cannot fail but for a formatter error of our own.
    report
        .render()
        .unwrap_or_else(|e| format!("<!DOCTYPE html><title>golive</title><p>{e}</p>"))
}

fn finding(
    d: &Diagnostic,
    sources: &SourceDb,
    framer: &mut Framer<'_>,
    layer: &'static str,
) -> FindingView {
    let file = sources.get(d.span.file);
    let start = file.line_col(d.span.range.start());
    let location = match file.kind {
        SourceKind::ProbeTranscript | SourceKind::Placeholder => file.path.clone(),
        _ => format!("{}:{}:{}", file.path, start.line, start.column),
    };
    let mut frames = Vec::new();
    if !file.text.is_empty() {
        let same_file: Vec<std::ops::Range<usize>> = std::iter::once(d.span)
            .chain(
                d.related
                    .iter()
                    .map(|(s, _)| *s)
                    .filter(|s| s.file == d.span.file),
            )
            .map(byte_range)
            .collect();
        let frame = framer.frame(d.span.file, &same_file);
        frames.push(frame_view(&frame, d.span, String::new(), None));
    }
    for (span, label) in &d.related {
        let path = sources.get(span.file).path.clone();
        if span.file == d.span.file || sources.get(span.file).text.is_empty() {
            // Shown in the finding's own frame, or nothing to show.
            frames.push(FrameView {
                path: format!(
                    "{path}:{}",
                    sources.get(span.file).line_col(span.range.start()).line
                ),
                label: Some(label.clone()),
                lines: Vec::new(),
            });
            continue;
        }
        let frame = framer.frame_of_span(*span);
        let line = sources.get(span.file).line_col(span.range.start()).line;
        frames.push(frame_view(
            &frame,
            *span,
            format!("{path}:{line}"),
            Some(label.clone()),
        ));
    }
    let note = (d.scenario == golive_python::ScenarioKind::Unset).then(|| {
        let reads = if d.env.is_empty() {
            String::new()
        } else {
            format!(" (reads {})", d.env.join(", "))
        };
        format!("found with every environment variable unset{reads}")
    });
    FindingView {
        code: d.rule.code,
        name: d.rule.name,
        severity: d.severity.as_str(),
        layer,
        message: d.message.clone(),
        location,
        django_id: d.rule.django_id,
        docs: rule_docs_url(d.rule.code),
        frames,
        help: d.help.clone(),
        note,
    }
}

/// A frame as numbered lines, those the span covers marked. Long frames
/// (a whole server block) keep their first and last lines.
fn frame_view(frame: &Frame, span: Span, path: String, label: Option<String>) -> FrameView {
    const MAX_LINES: usize = 12;
    let start = span.range.start().to_usize();
    let end = span.range.end().to_usize().max(start + 1);
    let mut offset = frame.start;
    let mut lines: Vec<LineView> = Vec::new();
    for (i, text) in frame.text.split_inclusive('\n').enumerate() {
        let (lo, hi) = (offset, offset + text.len());
        offset = hi;
        lines.push(LineView {
            number: frame.line + i,
            text: text.trim_end_matches(['\n', '\r']).to_string(),
            hit: lo < end && start < hi.max(lo + 1),
        });
    }
    if lines.len() > MAX_LINES {
        let tail = lines.split_off(lines.len() - MAX_LINES / 2);
        lines.truncate(MAX_LINES / 2);
        lines.push(LineView {
            number: 0,
            text: "…".into(),
            hit: false,
        });
        lines.extend(tail);
    }
    FrameView { path, label, lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use golive_source::SourceFile;

    #[test]
    fn everything_from_the_project_is_escaped() {
        let mut sources = SourceDb::new();
        let text = "DEBUG = '</pre><script>alert(1)</script>'\n";
        let file = sources.add(SourceFile::new(
            "app/<b>settings</b>.py".into(),
            "/p/app/settings.py".into(),
            text.into(),
            SourceKind::Python,
        ));
        let rule = golive_linter::find_rule("DJS018").expect("DJS018");
        let d = Diagnostic::new(
            rule,
            Span::from_offsets(file, 0, text.len() - 1),
            "`DEBUG` is '<img onerror=x>' & more".into(),
        )
        .with_help(Some("use \"False\"".into()));
        let header = AuditHeader {
            django_version: "5.2".into(),
            django_version_source: "<pin>".into(),
            settings_module: Some("app.settings".into()),
            settings_reason: "given".into(),
            environment: None,
            alternatives: Vec::new(),
        };
        let page = html(&[d], &sources, HtmlSubject::Check(&header), None);
        for raw in ["<script>alert", "<img", "<b>settings", "<pin>"] {
            assert!(!page.contains(raw), "`{raw}` reached the page unescaped");
        }
        // askama's numeric references (the form SecretValues masks too).
        assert!(
            page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{page}"
        );
        assert!(page.contains("&#60;img onerror=x&#62;&#39; &#38; more"));
        assert!(
            page.contains(
                r#"href="https://github.com/golive/golive/blob/main/docs/rules.md#djs018""#
            )
        );
        // One inline script, the filter's; nothing loaded.
        assert_eq!(page.matches("<script>").count(), 1);
        assert!(!page.contains("src="));
    }
}
