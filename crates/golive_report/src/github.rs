//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding, which the runner turns into an annotation
//! on the pull request's diff.

use golive_linter::{Diagnostic, Severity};
use golive_source::{SourceDb, SourceKind};
use std::fmt::Write as _;

/// `golive check --format github` and `golive probe --format github`.
/// `base` is the project's directory relative to where golive runs (empty
/// for `.`): annotations name files from the repository's root.
pub fn github(diags: &[Diagnostic], sources: &SourceDb, base: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = sources.get(d.span.file);
        let mut properties = Vec::new();
        // A probe transcript and a placeholder are no file of the
        // repository: their annotations belong to the run, not to a line.
        if !matches!(
            file.kind,
            SourceKind::ProbeTranscript | SourceKind::Placeholder
        ) {
            let start = file.line_col(d.span.range.start());
            let end = file.line_col(d.span.range.end());
            properties.push(format!(
                "file={}",
                escape_property(&crate::under(base, &file.path))
            ));
            properties.push(format!("line={}", start.line));
            properties.push(format!("col={}", start.column));
            properties.push(format!("endLine={}", end.line));
            properties.push(format!("endColumn={}", end.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.rule.code, d.rule.name))
        ));
        let mut message = golive_source::visible(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&golive_source::visible(help));
        }
        if let Some(id) = d.rule.django_id {
            let _ = write!(message, "\nDjango check: {id}");
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

/// The escaping of a command's message (the runner's `escapeData`): `%`
/// first, so that the escapes themselves survive.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of a property value (the runner's `escapeProperty`): the
/// data escapes, and `:` and `,`, which end a value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_as_the_runner_unescapes_them() {
        assert_eq!(escape_data("50% of\r\nit: a, b"), "50%25 of%0D%0Ait: a, b");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // `%` is escaped first: an escape in the input is not decoded.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
