//! Fingerprints: what identifies a finding across runs and unrelated edits.
//! SARIF's `partialFingerprints` and baselines use the same one, so a
//! baseline written today matches what code scanning tracked yesterday.

use golive_linter::Diagnostic;
use golive_source::{SourceDb, SourceFile, Span};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The key of the fingerprint in SARIF's `partialFingerprints`. The
/// version changes whenever the recipe below does, so consumers never
/// compare fingerprints of two recipes.
pub const FINGERPRINT_KEY: &str = "golive/v1";

/// One fingerprint per finding, in the order given (the report's order:
/// by file and position, which numbers identical findings).
///
/// A fingerprint hashes the rule's code, the file's path, the flagged line
/// with its whitespace normalised, the scenario and the finding's key —
/// not the line number, so lines added or removed elsewhere in the file
/// leave it alone — and the occurrence index among findings with the same
/// ingredients, so two identical lines flagged by one rule stay distinct.
/// The flagged line may hold a secret: a SHA-256 digest does not reveal it.
pub fn fingerprints(diags: &[Diagnostic], sources: &SourceDb) -> Vec<String> {
    let mut seen: HashMap<[u8; 32], u64> = HashMap::new();
    diags
        .iter()
        .map(|d| {
            let file = sources.get(d.span.file);
            let line = flagged_line(file, d.span);
            let mut h = Sha256::new();
            for part in [
                d.rule.code,
                file.path.as_str(),
                line.as_str(),
                d.scenario.as_str(),
                d.key.as_deref().unwrap_or(""),
            ] {
                // Length-prefixed, so that no two lists of parts hash alike.
                h.update((part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
            let base: [u8; 32] = h.finalize().into();
            let n = seen.entry(base).or_insert(0);
            let occurrence = *n;
            *n += 1;
            let mut h = Sha256::new();
            h.update(base);
            h.update(occurrence.to_le_bytes());
            hex(&h.finalize()[..16])
        })
        .collect()
}

/// The text of the line a finding starts on, trimmed and with runs of
/// whitespace collapsed (re-indenting is an unrelated edit). Empty for a
/// finding about a whole file (an empty span at its start), which then
/// survives any edit of its first line.
fn flagged_line(file: &SourceFile, span: Span) -> String {
    if span.range.is_empty() && span.range.start() == 0.into() {
        return String::new();
    }
    if file.text.is_empty() {
        return String::new();
    }
    let line = file.line_col(span.range.start()).line;
    file.line_text(line)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
