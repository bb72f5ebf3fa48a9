//! URL routes of the project's URLconfs (`urls.py`, `urls/*.py`), read
//! once with the deployment: the pattern strings passed to `path(`,
//! `re_path(` and `url(` and the line that declares each, for rules that
//! ask whether a route exists (a health check, a static-files view).

use golive_source::{FileId, Span};
use ruff_text_size::{TextRange, TextSize};

/// One route declaration.
#[derive(Clone, Debug)]
pub struct UrlRoute {
    /// The line that declares the route.
    pub span: Span,
    /// The pattern as written (`"healthz/"`, `"^static/(?P<path>.*)$"`).
    pub pattern: String,
    /// The rest of the line after the pattern: the view, `include(…)`.
    pub target: String,
}

/// The routes a URLconf's text declares, line by line. Text, not an
/// evaluation: a route built by a loop or a helper is not seen, which
/// only makes a rule asking "is there a health route?" report one that a
/// human reviewer would also have to look for.
pub fn routes(file: FileId, text: &str) -> Vec<UrlRoute> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        for (pattern, rest) in patterns(line) {
            let end = offset + line.trim_end().len();
            out.push(UrlRoute {
                span: Span::new(
                    file,
                    TextRange::new(TextSize::new(offset as u32), TextSize::new(end as u32)),
                ),
                pattern: pattern.to_string(),
                target: rest.trim().to_string(),
            });
        }
        offset += line.len();
    }
    out
}

/// The string literals passed to `path(`, `re_path(` and `url(` on a line,
/// each with the text after it.
fn patterns(line: &str) -> Vec<(&str, &str)> {
    // Every line of every URLconf: found from the opening brackets (memchr)
    // rather than by searching the line once per call name.
    const CALLS: [&str; 3] = ["path", "re_path", "url"];
    let mut out: Vec<(usize, &str, &str)> = Vec::new();
    for open in memchr::memchr_iter(b'(', line.as_bytes()) {
        let before = &line[..open];
        // `re_path` before `path`: `path(` inside `re_path(` is not a call
        // of its own.
        let Some(kind) = [1, 0, 2].into_iter().find(|&k| before.ends_with(CALLS[k])) else {
            continue;
        };
        let start = open - CALLS[kind].len();
        if line[..start].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let after = &line[open + 1..];
        let after = after.trim_start().trim_start_matches(['r', 'R']);
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = after[1..].find(q)
        {
            out.push((kind, &after[1..=end], &after[end + 2..]));
        }
    }
    // In the order the calls are listed, as the routes were always given.
    out.sort_by_key(|&(kind, _, _)| kind);
    out.into_iter().map(|(_, p, rest)| (p, rest)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns_of(line: &str) -> Vec<&str> {
        patterns(line).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn patterns_of_path_re_path_and_url() {
        assert_eq!(
            patterns_of(r#"    path("healthz/", views.health, name="health"),"#),
            ["healthz/"]
        );
        assert_eq!(
            patterns_of(r#"re_path(r'^ht/status/$', status_view)"#),
            ["^ht/status/$"]
        );
        assert_eq!(patterns_of("urlpatterns = []"), Vec::<&str>::new());
    }

    #[test]
    fn routes_carry_their_line_and_target() {
        let text = "urlpatterns = [\n    path(\"ht/\", include(\"health_check.urls\")),\n]\n";
        let r = routes(FileId(0), text);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].pattern, "ht/");
        assert!(r[0].target.contains("health_check.urls"));
        let range = r[0].span.range;
        assert_eq!(
            &text[range.start().to_usize()..range.end().to_usize()],
            "    path(\"ht/\", include(\"health_check.urls\")),"
        );
    }
}
