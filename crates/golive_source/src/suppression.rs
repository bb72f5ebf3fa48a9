//! Inline suppressions: `# golive: ignore[DJS004]` on a line silences the
//! named rules for findings on that line; `# golive: ignore-file[DJS004]`
//! silences them for the whole file. Both accept several comma-separated
//! rules, by code, prefix, name or Django check ID, and `ignore`/`ignore-file`
//! without brackets silence every rule. The syntax is the same in every
//! format that uses `#` comments (Python, nginx, Dockerfile, YAML, .env).

use ruff_text_size::{TextRange, TextSize};

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// `None` for a bare `ignore` (every rule).
    pub selectors: Option<Vec<String>>,
    pub whole_file: bool,
    /// 1-based line of the comment.
    pub line: usize,
    /// The comment's byte range, for reporting it when unused.
    pub range: TextRange,
}

const MARKER: &str = "golive:";

/// Finds the suppression comments in `text`. A `#` inside a string literal
/// on the line is not told apart from a comment; a suppression has to be
/// written deliberately, so that is harmless.
pub fn parse_suppressions(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (idx, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let mut search = 0;
        while let Some(hash) = line[search..].find('#') {
            let at = search + hash;
            search = at + 1;
            let comment = line[at + 1..].trim_start();
            let Some(rest) = comment.strip_prefix(MARKER) else {
                continue;
            };
            let rest = rest.trim_start();
            let (whole_file, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
                (true, r)
            } else if let Some(r) = rest.strip_prefix("ignore") {
                (false, r)
            } else {
                continue;
            };
            let selectors =
                rest.strip_prefix('[')
                    .and_then(|r| r.split_once(']'))
                    .map(|(inside, _)| {
                        inside
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                    });
            let end = line_start + line.trim_end_matches(['\n', '\r']).len();
            let start = line_start + at;
            out.push(Suppression {
                selectors,
                whole_file,
                line: idx + 1,
                range: TextRange::new(
                    TextSize::try_from(start).unwrap_or_default(),
                    TextSize::try_from(end).unwrap_or_default(),
                ),
            });
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_line_and_file_suppressions() {
        let text = "DEBUG = True  # golive: ignore[DJS018, security.W009]\n# golive: ignore-file[hsts-not-enabled]\nX = 1 # golive: ignore\nY = 2 # not golive: ignore\n";
        let s = parse_suppressions(text);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0].selectors,
            Some(vec!["DJS018".to_string(), "security.W009".to_string()])
        );
        assert!(!s[0].whole_file);
        assert_eq!(s[0].line, 1);
        assert!(s[1].whole_file);
        assert_eq!(s[2].selectors, None);
        assert_eq!(
            &text[s[0].range.start().to_usize()..s[0].range.end().to_usize()],
            "# golive: ignore[DJS018, security.W009]"
        );
    }
}
