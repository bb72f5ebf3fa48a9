//! Baselines: adopting golive on a project with a past. A baseline file
//! records today's findings by rule and fingerprint (the one SARIF
//! carries); an audit with it reports only the findings not recorded, and
//! names the entries that no longer match, so the file shrinks as
//! problems are fixed.

use crate::GOLIVE_VERSION;
use crate::fingerprint::FINGERPRINT_KEY;
use golive_linter::Diagnostic;
use golive_source::SourceDb;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A baseline file (`--write-baseline`, `--baseline`).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The golive version that wrote it.
    pub golive: String,
    /// The fingerprint recipe of the entries (`golive/v1`): a baseline of
    /// another recipe matches nothing, and golive says so.
    pub fingerprint: String,
    pub findings: Vec<BaselineEntry>,
}

/// One recorded finding. `code` and `fingerprint` identify it; `name`
/// and `path` are for the people who read the file.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub path: String,
    pub fingerprint: String,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct BaselineOutcome {
    /// For each finding, whether the baseline records it.
    pub baselined: Vec<bool>,
    /// Entries no finding matched: fixed, or changed past recognition.
    pub stale: Vec<BaselineEntry>,
}

impl BaselineOutcome {
    pub fn baselined_count(&self) -> usize {
        self.baselined.iter().filter(|b| **b).count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("not a golive baseline")]
    Invalid(#[from] serde_json::Error),
    #[error(
        "the baseline's fingerprints are `{found}`, this golive's are `{FINGERPRINT_KEY}`: write it again with --write-baseline"
    )]
    Recipe { found: String },
}

impl Baseline {
    /// Today's findings, with the fingerprints of [`crate::fingerprints`]
    /// over the same list.
    pub fn record(diags: &[Diagnostic], fingerprints: &[String], sources: &SourceDb) -> Self {
        let mut findings: Vec<BaselineEntry> = diags
            .iter()
            .zip(fingerprints)
            .map(|(d, fp)| BaselineEntry {
                code: d.rule.code.to_string(),
                name: d.rule.name.to_string(),
                path: sources.get(d.span.file).path.clone(),
                fingerprint: fp.clone(),
            })
            .collect();
        // By path and code, so that the file diffs well when it shrinks.
        findings.sort_by(|a, b| {
            (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
        });
        Self {
            golive: GOLIVE_VERSION.into(),
            fingerprint: FINGERPRINT_KEY.into(),
            findings,
        }
    }

    pub fn parse(text: &str) -> Result<Self, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text)?;
        if baseline.fingerprint != FINGERPRINT_KEY {
            return Err(BaselineError::Recipe {
                found: baseline.fingerprint,
            });
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a baseline serialises") + "\n"
    }

    /// Matches findings against the entries: each entry accounts for at
    /// most one finding (a file that lists an entry twice baselines two).
    pub fn apply(&self, diags: &[Diagnostic], fingerprints: &[String]) -> BaselineOutcome {
        let mut open: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, e) in self.findings.iter().enumerate() {
            open.entry((e.code.as_str(), e.fingerprint.as_str()))
                .or_default()
                .push(i);
        }
        let baselined = diags
            .iter()
            .zip(fingerprints)
            .map(|(d, fp)| {
                open.get_mut(&(d.rule.code, fp.as_str()))
                    .and_then(Vec::pop)
                    .is_some()
            })
            .collect();
        let mut stale: Vec<usize> = open.into_values().flatten().collect();
        stale.sort_unstable();
        BaselineOutcome {
            baselined,
            stale: stale
                .into_iter()
                .map(|i| self.findings[i].clone())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baseline_of_another_recipe_or_shape_is_refused() {
        let other = r#"{"golive": "0.1.0", "fingerprint": "golive/v0", "findings": []}"#;
        assert!(matches!(
            Baseline::parse(other),
            Err(BaselineError::Recipe { .. })
        ));
        assert!(matches!(
            Baseline::parse("[1, 2]"),
            Err(BaselineError::Invalid(_))
        ));
        let ok = format!(
            r#"{{"golive": "0.0.9", "fingerprint": "{FINGERPRINT_KEY}", "findings": [{{"code": "DJS018", "fingerprint": "ab"}}]}}"#
        );
        assert_eq!(Baseline::parse(&ok).unwrap().findings[0].code, "DJS018");
    }
}
