//! SARIF 2.1.0 (OASIS), the format code scanning reads: every rule as a
//! reporting descriptor with its documentation, every finding as a result
//! with a region in the units SARIF specifies (UTF-16 code units), the
//! other side of a cross-layer finding as related locations, and the
//! fingerprint baselines use.

use crate::fingerprint::FINGERPRINT_KEY;
use crate::{GOLIVE_VERSION, LiveSummary, rule_docs_url};
use golive_linter::{Diagnostic, RuleMeta, Severity};
use golive_source::{SourceDb, SourceFile, SourceKind, Span};
use serde_json::{Map, Value as Json, json};

/// The schema SARIF documents name (the OASIS location).
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every artifact location is relative to: the audited project
/// directory. Consumers (code scanning) resolve it against the checkout.
pub const SRCROOT: &str = "%SRCROOT%";

/// What a SARIF log reports besides its findings.
pub struct SarifContext<'a> {
    /// The live grade, when a probe ran.
    pub live: Option<&'a LiveSummary>,
    /// With `--baseline`: how many findings it recorded and how many of
    /// its entries matched nothing.
    pub baseline: Option<(usize, usize)>,
    /// The project's directory relative to where golive runs (empty for
    /// `.`), put before every file path: code scanning reads paths from
    /// the repository's root.
    pub base: &'a str,
}

/// `golive check --format sarif` and `golive probe --format sarif`: a log
/// with one run. `fingerprints` are those of [`crate::fingerprints`],
/// computed over every finding before a baseline took some away (so a
/// finding keeps its fingerprint whatever the baseline holds).
pub fn sarif(
    diags: &[Diagnostic],
    fingerprints: &[String],
    sources: &SourceDb,
    context: &SarifContext<'_>,
) -> Json {
    let rules = golive_linter::all_rules();
    let results: Vec<Json> = diags
        .iter()
        .zip(fingerprints)
        .map(|(d, fp)| result(d, fp, &rules, sources, context.base))
        .collect();
    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({"driver": {
            "name": "golive",
            "version": GOLIVE_VERSION,
            "semanticVersion": GOLIVE_VERSION,
            "informationUri": crate::DOCS_URL,
            "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
        }}),
    );
    run.insert("invocations".into(), json!([{"executionSuccessful": true}]));
    run.insert("columnKind".into(), json!("utf16CodeUnits"));
    run.insert("results".into(), Json::Array(results));
    let mut properties = Map::new();
    if let Some(live) = context.live {
        properties.insert("target".into(), json!(live.target));
        properties.insert(
            "grade".into(),
            json!({"letter": live.grade.letter, "score": live.grade.score}),
        );
    }
    if let Some((baselined, stale)) = context.baseline {
        properties.insert(
            "baseline".into(),
            json!({"baselined": baselined, "stale": stale}),
        );
    }
    if !properties.is_empty() {
        run.insert("properties".into(), Json::Object(properties));
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [Json::Object(run)],
    })
}

/// A rule as a SARIF reporting descriptor.
fn descriptor(rule: &RuleMeta) -> Json {
    let doc = crate::strip_doc_indent(rule.doc);
    let mut d = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": full_description(&doc)},
        "help": {"text": doc, "markdown": doc},
        "helpUri": rule_docs_url(rule.code),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": [layer_tag(rule.code)],
        },
    });
    if let Some(id) = rule.django_id {
        d["properties"]["djangoCheckId"] = json!(id);
    }
    d
}

/// The "What it does" and "Why is this bad?" sections of a rule's doc, as
/// plain paragraphs: what a reader of an alert needs before the examples.
fn full_description(doc: &str) -> String {
    let mut out = Vec::new();
    let mut keep = false;
    for line in doc.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            keep = heading.starts_with("What it does") || heading.starts_with("Why is this bad");
            continue;
        }
        if keep {
            out.push(line);
        }
    }
    let text = out.join("\n").trim().to_string();
    if text.is_empty() {
        doc.trim().to_string()
    } else {
        text
    }
}

/// The layer of a rule, by its code's prefix, as SARIF tags and the HTML
/// report's filter name it.
pub(crate) fn layer_tag(code: &str) -> &'static str {
    match code.get(..3).unwrap_or("") {
        "DJS" => "settings",
        "GLV" => "golive",
        "NGX" => "nginx",
        "SRV" => "app-server",
        "DKR" => "container",
        "REP" => "repository",
        "XDP" => "cross-layer",
        _ => "live",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(
    d: &Diagnostic,
    fingerprint: &str,
    rules: &[&RuleMeta],
    sources: &SourceDb,
    base: &str,
) -> Json {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut r = json!({
        "ruleId": d.rule.code,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(d.span, sources, base)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"scenario": d.scenario.as_str()},
    });
    if let Some(index) = rules.iter().position(|r| r.code == d.rule.code) {
        r["ruleIndex"] = json!(index);
    }
    if let Some(id) = d.rule.django_id {
        r["properties"]["djangoCheckId"] = json!(id);
    }
    if !d.env.is_empty() {
        r["properties"]["environmentVariables"] = json!(d.env);
    }
    if !d.related.is_empty() {
        r["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, (span, label))| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical(*span, sources, base),
                    "message": {"text": label},
                })
            })
            .collect();
    }
    r
}

/// A physical location: the file relative to the project and the region
/// in UTF-16 code units (SARIF's default `columnKind`). A probe's findings
/// point at the site probed, without a region (its transcript is no file
/// of the project); a placeholder (a whole tree, a project without a
/// settings file) at its path, line 1.
fn physical(span: Span, sources: &SourceDb, base: &str) -> Json {
    let file = sources.get(span.file);
    if file.kind == SourceKind::ProbeTranscript {
        let target = file.path.strip_prefix("probe of ").unwrap_or(&file.path);
        return json!({"artifactLocation": {"uri": target}});
    }
    json!({
        "artifactLocation": {"uri": uri_of(&crate::under(base, &file.path)), "uriBaseId": SRCROOT},
        "region": region(file, span),
    })
}

fn region(file: &SourceFile, span: Span) -> Json {
    let start = file.line_col_utf16(span.range.start());
    let end = file.line_col_utf16(span.range.end());
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A relative path as a URI reference: every byte outside RFC 3986's
/// unreserved characters and `/` percent-encoded (a space, `#`, `%`,
/// `{{`, non-ASCII names).
pub(crate) fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_of("mysite/settings.py"), "mysite/settings.py");
        assert_eq!(uri_of("a b/#1%.py"), "a%20b/%231%25.py");
        assert_eq!(uri_of("été.conf"), "%C3%A9t%C3%A9.conf");
        assert_eq!(uri_of("{{x}}/y"), "%7B%7Bx%7D%7D/y");
    }

    #[test]
    fn full_description_keeps_what_and_why() {
        let doc = "## What it does\nChecks A.\n\n## Why is this bad?\nB.\n\n## Example\n```python\nX = 1\n```\n";
        assert_eq!(full_description(doc), "Checks A.\n\nB.");
    }
}
