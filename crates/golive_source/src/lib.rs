//! Source files, spans and line/column lookup shared by every golive crate.
//!
//! Every fact golive derives carries a [`Span`] — a file id plus a byte range —
//! so that every finding can point at `path:line:column`.

pub mod gate;
mod redact;
mod suppression;

pub use gate::{ReadError, read_bytes, read_text_lossy, text_lossy};

pub use redact::{
    Secret, is_placeholder_secret, is_secret_name, mask_secret, redact_config_source,
    url_password_range,
};
pub use suppression::{Suppression, parse_suppressions};

use ruff_source_file::{LineIndex, OneIndexed, PositionEncoding, SourceCode};
use ruff_text_size::{TextRange, TextSize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Identifies a file inside a [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: TextRange,
}

impl Span {
    pub fn new(file: FileId, range: TextRange) -> Self {
        Self { file, range }
    }

    /// A zero-length span at the start of a file: where project-wide findings point.
    pub fn file_start(file: FileId) -> Self {
        Self {
            file,
            range: TextRange::empty(TextSize::new(0)),
        }
    }

    /// The span of bytes `start..end` of a file (saturating: offsets past
    /// 4 GiB, which golive never reads, point at the limit).
    pub fn from_offsets(file: FileId, start: usize, end: usize) -> Self {
        let at = |n: usize| TextSize::new(u32::try_from(n).unwrap_or(u32::MAX));
        Self {
            file,
            range: TextRange::new(at(start), at(end.max(start))),
        }
    }
}

/// `path` relative to `root` (which it is under), without the component
/// by component comparison of `Path::strip_prefix`: golive asks this for
/// every file of a tree of thousands.
pub fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    use std::os::unix::ffi::OsStrExt;
    let (r, p) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
    let r = r.strip_suffix(b"/").unwrap_or(r);
    if let Some(rest) = p.strip_prefix(r)
        && let Some(rest) = rest.strip_prefix(b"/")
    {
        return Path::new(std::ffi::OsStr::from_bytes(rest));
    }
    path.strip_prefix(root).unwrap_or(path)
}

/// The last component of `path` as text (`""` when it is not UTF-8 or
/// there is none), by splitting bytes: `Path::file_name` parses every
/// component, and golive asks this of every file of the tree, often.
#[inline]
pub fn name_of(path: &Path) -> &str {
    std::str::from_utf8(name_bytes_of(path)).unwrap_or_default()
}

/// [`name_of`] as bytes, not validated as UTF-8: for callers that compare
/// it with ASCII (validating a name costs more than the comparison).
#[inline]
pub fn name_bytes_of(path: &Path) -> &[u8] {
    let (bytes, slash) = last_slash(path);
    let name = match slash {
        Some(i) => &bytes[i + 1..],
        None => bytes,
    };
    match name {
        b"." | b".." => &[],
        n => n,
    }
}

/// The bytes of `path` before its last component (`Path::parent` on the
/// normalised paths the walk yields: no `.`, `..` or doubled `/`), without
/// parsing components; empty when there is none.
#[inline]
pub fn parent_bytes(path: &Path) -> &[u8] {
    let (bytes, slash) = last_slash(path);
    match slash {
        Some(0) => &bytes[..1],
        Some(i) => &bytes[..i],
        None => &[],
    }
}

/// `path`'s bytes without a trailing `/`, and where the last `/` of those
/// is: the one split the name and directory helpers share.
#[inline]
fn last_slash(path: &Path) -> (&[u8], Option<usize>) {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let bytes = bytes.strip_suffix(b"/").unwrap_or(bytes);
    (bytes, memchr::memrchr(b'/', bytes))
}

/// Whether `name` contains, in any ASCII case, one of the words that
/// `starting_with` gives for the small letter a word starts with — one pass
/// over `name`, each byte choosing the few words that can start there (for
/// tests asked of every file name or setting name, where a search per word
/// cost several times more).
#[inline]
pub fn contains_any_word_ignore_ascii_case(
    name: &[u8],
    starting_with: impl Fn(u8) -> &'static [&'static [u8]],
) -> bool {
    // `| 0x20` folds an ASCII capital to its small letter; no other byte
    // folds onto a letter.
    (0..name.len()).any(|i| {
        starting_with(name[i] | 0x20)
            .iter()
            .any(|w| starts_with_ignore_ascii_case(&name[i..], w))
    })
}

/// Whether `name` starts with `prefix`, ignoring ASCII case.
#[inline]
pub fn starts_with_ignore_ascii_case(name: &[u8], prefix: &[u8]) -> bool {
    name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Whether `name` ends with `suffix`, ignoring ASCII case.
#[inline]
pub fn ends_with_ignore_ascii_case(name: &[u8], suffix: &[u8]) -> bool {
    name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// The directory components of the relative path `rel` (all but the last),
/// as bytes (not validated as UTF-8: callers compare them with ASCII).
#[inline]
pub fn dirs_of(rel: &Path) -> impl DoubleEndedIterator<Item = &[u8]> {
    // The root's `/` (which `parent_bytes` keeps) splits into empty parts,
    // which are dropped.
    parent_bytes(rel)
        .split(|&b| b == b'/')
        .filter(|c| !c.is_empty() && *c != b".")
}

/// Whether `haystack` contains `needle`, ignoring ASCII case, without
/// allocating.
#[inline]
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    bytes_contain_ignore_ascii_case(haystack.as_bytes(), needle.as_bytes())
}

/// [`contains_ignore_ascii_case`] on bytes.
#[inline]
pub fn bytes_contain_ignore_ascii_case(h: &[u8], n: &[u8]) -> bool {
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    if h.len() < n.len() {
        return false;
    }
    // A file or directory name: compare at each position.
    if h.len() < 64 {
        let first = first.to_ascii_lowercase();
        return (0..=h.len() - n.len()).any(|at| {
            h[at].to_ascii_lowercase() == first
                && h[at + 1..at + n.len()].eq_ignore_ascii_case(rest)
        });
    }
    // Candidates by their first byte (either case), found with memchr.
    let starts = &h[..=h.len() - n.len()];
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        starts,
    )
    .any(|at| h[at + 1..at + n.len()].eq_ignore_ascii_case(rest))
}

/// One source file: its path relative to the audited directory and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the audited root, with `/` separators.
    pub path: String,
    /// What the text is, which decides how a report masks secrets in it.
    pub kind: SourceKind,
    /// Absolute (or as given) path on disk.
    pub disk_path: PathBuf,
    pub text: String,
    line_index: LineIndex,
    /// The byte ranges a code frame masks, when the evaluator has worked
    /// them out from the tree it already parsed (a Python file); otherwise
    /// the renderer parses the text itself.
    masked: std::sync::OnceLock<Vec<std::ops::Range<usize>>>,
}

/// The source database of one audit, shared by the workspace that owns it
/// and the evaluator's loader that adds the modules it parses.
pub type SharedSources = std::rc::Rc<std::cell::RefCell<SourceDb>>;

/// What a source file is. Renderers mask secrets by kind: Python by its
/// assignments, configuration by its `NAME=value` lines and URLs, a probe
/// transcript not at all (the probe drops cookie values itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A Python module (settings, URLconfs, gunicorn configuration).
    Python,
    /// An nginx configuration file.
    Nginx,
    /// A deployment or configuration file: Dockerfile, compose, Procfile,
    /// units, ini files, env files, platform files, scripts.
    Deployment,
    /// A requirements, lock or pyproject file: versions, hashes and at
    /// most a URL with credentials.
    Requirements,
    /// The transcript of a live probe.
    ProbeTranscript,
    /// No text: a stand-in findings about a whole tree point at.
    Placeholder,
}

/// A 1-based line and column (columns count Unicode characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: String, disk_path: PathBuf, text: String, kind: SourceKind) -> Self {
        let line_index = LineIndex::from_source_text(&text);
        Self {
            path,
            kind,
            disk_path,
            text,
            line_index,
            masked: std::sync::OnceLock::new(),
        }
    }

    /// Records the ranges a code frame of this file masks (once).
    pub fn set_masked(&self, ranges: Vec<std::ops::Range<usize>>) {
        let _ = self.masked.set(ranges);
    }

    /// The ranges recorded by [`SourceFile::set_masked`], if any.
    pub fn masked(&self) -> Option<&[std::ops::Range<usize>]> {
        self.masked.get().map(Vec::as_slice)
    }

    pub fn line_col(&self, offset: TextSize) -> LineCol {
        let code = SourceCode::new(&self.text, &self.line_index);
        let lc = code.line_column(offset.min(self.text_len()));
        LineCol {
            line: lc.line.get(),
            column: lc.column.get(),
        }
    }

    /// Line and column in UTF-16 code units, as SARIF expects.
    pub fn line_col_utf16(&self, offset: TextSize) -> LineCol {
        let code = SourceCode::new(&self.text, &self.line_index);
        let loc = code.source_location(offset.min(self.text_len()), PositionEncoding::Utf16);
        LineCol {
            line: loc.line.get(),
            column: loc.character_offset.get(),
        }
    }

    pub fn line_text(&self, line: usize) -> &str {
        let code = SourceCode::new(&self.text, &self.line_index);
        code.line_text(OneIndexed::new(line).unwrap_or(OneIndexed::MIN))
    }

    pub fn line_start(&self, line: usize) -> TextSize {
        self.line_index
            .line_start(OneIndexed::new(line).unwrap_or(OneIndexed::MIN), &self.text)
    }

    pub fn text_len(&self) -> TextSize {
        TextSize::try_from(self.text.len()).unwrap_or(TextSize::new(u32::MAX))
    }
}

/// All files read during one run. Files are never removed, so ids stay valid.
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<Arc<SourceFile>>,
    /// `files` by disk path: a large project reads hundreds of files, and
    /// every read asks whether it was read already.
    by_path: std::collections::HashMap<PathBuf, FileId>,
}

impl SourceDb {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        if let Some(&id) = self.by_path.get(&file.disk_path) {
            return id;
        }
        let id = FileId(self.files.len() as u32);
        self.by_path.insert(file.disk_path.clone(), id);
        self.files.push(Arc::new(file));
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, disk_path: &Path) -> Option<FileId> {
        self.by_path.get(disk_path).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f.as_ref()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system (the path may
/// lead through a symlink golive must not follow).
pub fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Relative path with forward slashes, for output. Control characters in
/// a name are shown as their Unicode pictures (`␛`, `␊`): a file name is
/// the repository's to choose, and raw it could clear the terminal or
/// print a line of its own that looks like a finding.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s: String = rel
        .to_string_lossy()
        .chars()
        .map(|c| if c == '\\' { '/' } else { visible_char(c) })
        .collect();
    if s.is_empty() { ".".to_string() } else { s }
}

/// `text` with its control characters shown as their Unicode pictures,
/// newlines and tabs kept: for messages that quote what a repository
/// wrote (an nginx `server_name` with an escape sequence in it).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\t' {
                c
            } else {
                visible_char(c)
            }
        })
        .collect::<String>()
        .into()
}

fn visible_char(c: char) -> char {
    match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// The largest char boundary of `text` at or before `at` (and at most its
/// length): a window of bytes cut there never splits a character.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The first template tag in `text` — `{{ name }}`, `{{cookiecutter.x}}`,
/// `{% if … %}` (Jinja, Django templates, cookiecutter) — when the file is a
/// template that is not valid until rendered. `None` for ordinary text.
pub fn template_marker(text: &str) -> Option<String> {
    const TAGS: &[&str] = &[
        "if", "for", "set", "include", "block", "extends", "macro", "raw", "endif", "endfor",
        "else", "elif", "import", "from", "with",
    ];
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text[i..].find('{') {
        let at = i + pos;
        i = at + 1;
        match bytes.get(at + 1) {
            Some(b'{') => {
                // `{{ name }}`, `{{ a.b|filter }}`, `{{project_name}}`
                let rest = &text[at + 2..floor_char_boundary(text, at + 120)];
                let Some(end) = rest.find("}}") else { continue };
                let inner = rest[..end].trim();
                let ident = inner.split(['|', ' ']).next().unwrap_or("");
                if !ident.is_empty()
                    && ident
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && ident.chars().all(|c| {
                        c.is_ascii_alphanumeric()
                            || c == '_'
                            || c == '.'
                            || c == '['
                            || c == ']'
                            || c == '\''
                            || c == '"'
                    })
                {
                    return Some(format!("{{{{{}}}}}", &rest[..end]));
                }
            }
            Some(b'%') => {
                let rest = &text[at + 2..floor_char_boundary(text, at + 200)];
                let word: String = rest
                    .trim_start_matches('-')
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if TAGS.contains(&word.as_str()) && rest.contains("%}") {
                    let end = rest.find("%}").unwrap_or(0);
                    return Some(format!("{{%{}%}}", &rest[..end]));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod template_tests {
    use super::template_marker;

    #[test]
    fn finds_template_tags() {
        assert_eq!(
            template_marker("SECRET_KEY = '{{ secret_key }}'\n").as_deref(),
            Some("{{ secret_key }}")
        );
        assert!(
            template_marker("{% if cookiecutter.use_celery == 'y' %}\nX = 1\n{% endif %}\n")
                .is_some()
        );
        assert!(template_marker("CMD gunicorn {{project_name}}.wsgi\n").is_some());
        assert!(
            template_marker("d = {'a': {'b': 1}}\nf'{x}'\nlog_format '{\"a\": 1}';\n").is_none()
        );
        assert!(
            template_marker("x = '%(asctime)s'\nlocation ~* \\.(?:css)$ { expires 1y; }\n")
                .is_none()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::template_marker;

    #[test]
    fn displayed_paths_show_control_characters_as_pictures() {
        let root = std::path::Path::new("/p");
        let path = root.join("deploy\u{1b}[2J\nerror[FAKE]: x\u{9b}/Dockerfile");
        assert_eq!(
            super::display_path(root, &path),
            "deploy\u{241b}[2J\u{240a}error[FAKE]: x\u{fffd}/Dockerfile"
        );
    }

    #[test]
    fn template_windows_never_split_a_character() {
        // A multi-byte character where the look-ahead window of `{{` and
        // `{%` ends (found by the evaluator's arbitrary-bytes property test).
        for pad in 0..8 {
            let body = format!("{}{}", "a".repeat(115 + pad), "é".repeat(40));
            assert_eq!(template_marker(&format!("{{{{{body}")), None);
            assert_eq!(template_marker(&format!("{{%{body}")), None);
        }
        assert_eq!(
            template_marker("x = '{{ project_name }}'").as_deref(),
            Some("{{ project_name }}")
        );
    }
}

#[cfg(test)]
mod path_byte_tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_and_directories_split_as_path_would() {
        assert_eq!(name_of(Path::new("a/b/settings.py")), "settings.py");
        assert_eq!(name_of(Path::new("settings.py")), "settings.py");
        assert_eq!(name_of(Path::new("a/b/")), "b");
        assert_eq!(name_of(Path::new("a/..")), "");
        assert_eq!(name_of(Path::new("")), "");
        // A name that is not UTF-8 has no text; the caller decides.
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"a/caf\xe9.service"));
        assert_eq!(name_of(odd), "");
        // As bytes, the same name is kept for callers comparing with ASCII.
        assert_eq!(name_bytes_of(odd), b"caf\xe9.service");
        assert_eq!(name_bytes_of(Path::new("a/..")), b"");
        assert_eq!(name_bytes_of(Path::new("a/b/")), b"b");
        let dirs: Vec<&[u8]> = dirs_of(Path::new("a//b/./c/file.py")).collect();
        assert_eq!(dirs, [&b"a"[..], b"b", b"c"]);
        assert_eq!(dirs_of(Path::new("file.py")).count(), 0);
        let dirs: Vec<&[u8]> = dirs_of(odd).collect();
        assert_eq!(dirs, [&b"a"[..]]);
    }

    #[test]
    fn parents_by_bytes_are_what_path_says_for_walked_paths() {
        for path in [
            "/p/shop/app/settings.py",
            "/p/shop/app/",
            "/settings.py",
            "settings.py",
            "app/settings.py",
            "/",
        ] {
            let p = Path::new(path);
            let by_path = p
                .parent()
                .map(|d| d.as_os_str().as_bytes())
                .unwrap_or_default();
            assert_eq!(parent_bytes(p), by_path, "{path}");
        }
    }

    #[test]
    fn relative_paths_by_bytes_and_by_components_agree() {
        for (root, path, rel) in [
            ("/p/shop", "/p/shop/app/settings.py", "app/settings.py"),
            ("/p/shop/", "/p/shop/app/settings.py", "app/settings.py"),
            ("/p/shop", "/p/shopping/x.py", "/p/shopping/x.py"),
            ("shop", "shop/x.py", "x.py"),
            ("/", "/etc/x", "etc/x"),
        ] {
            assert_eq!(
                relative(Path::new(root), Path::new(path)),
                Path::new(rel),
                "{root} {path}"
            );
        }
    }

    #[test]
    fn ascii_case_is_ignored_in_short_and_long_haystacks() {
        let long = format!("{}NGINX{}", "x".repeat(100), "y".repeat(100));
        for (haystack, needle, found) in [
            ("sites-NGINX-conf", "nginx", true),
            ("Nginx", "nginx", true),
            ("ngin", "nginx", false),
            ("", "nginx", false),
            ("anything", "", true),
            ("sites-nginx-conf", "NGINX", true),
            (long.as_str(), "Nginx", true),
            (long.as_str(), "nginx", true),
            (&long[..100], "nginx", false),
        ] {
            assert_eq!(
                contains_ignore_ascii_case(haystack, needle),
                found,
                "{haystack} {needle}"
            );
        }
    }
}

#[cfg(test)]
mod visible_tests {
    #[test]
    fn control_characters_are_shown_not_sent_to_the_terminal() {
        assert!(matches!(
            super::visible("plain\ttext\nline"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            super::visible("a\u{1b}[31mRED\u{1b}[0m\r\nb\u{9b}2J"),
            "a\u{241b}[31mRED\u{241b}[0m\u{240d}\nb\u{fffd}2J"
        );
    }
}
