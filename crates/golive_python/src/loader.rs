//! Finds and parses the project's Python modules, once per run: every
//! scenario evaluates the same parsed trees.

use golive_source::{FileId, SharedSources, SourceFile, SourceKind, display_path, read_text_lossy};
use ruff_python_ast::{ModModule, Stmt};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::{TextRange, TextSize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Files larger than this are not evaluated (a settings module is a few KB).
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;
/// CPython refuses more than 200 nested brackets; so does golive, before the
/// parser sees the file.
const MAX_NESTING: usize = 200;
/// Prefix operators in a row golive parses (see `too_deep`).
const MAX_PREFIX_CHAIN: usize = 5000;
/// The syntax errors of one file golive lists; the rest are counted.
const MAX_SYNTAX_ERRORS: usize = 20;
/// Files above this size are parsed on a stack of `PARSER_STACK_BYTES`.
const LARGE_FILE_BYTES: usize = 8 * 1024;
const PARSER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// A parsed Python file.
#[derive(Debug)]
pub struct ParsedFile {
    pub id: FileId,
    pub disk_path: PathBuf,
    pub(crate) module: ModModule,
    /// Syntax errors (range, message); the tree holds what was recovered.
    pub errors: Vec<(TextRange, String)>,
    /// The file is a template (Jinja, cookiecutter) that is not Python
    /// until rendered: its first template tag. The tree is empty.
    pub template: Option<String>,
    /// The tree is the parser's whole result (not emptied because the file
    /// is a template or nests too deep).
    pub(crate) whole: bool,
}

impl ParsedFile {
    pub(crate) fn body(&self) -> &[Stmt] {
        &self.module.body
    }
}

/// A directory's entries by name, with their types.
type RootEntries = HashMap<std::ffi::OsString, std::fs::FileType>;

/// A search root with more entries than this is asked name by name.
const MAX_ROOT_ENTRIES: usize = 10_000;

/// The project's files and where modules are looked up (its `sys.path`).
#[derive(Debug)]
pub struct Loader {
    pub root: PathBuf,
    pub search_roots: Vec<PathBuf>,
    /// The audit's source database (owned by the workspace; a loader made
    /// alone, in tests, has its own).
    pub sources: SharedSources,
    parsed: RefCell<HashMap<PathBuf, Option<Rc<ParsedFile>>>>,
    /// Files that could not be read, with the reason.
    pub unreadable: RefCell<Vec<(PathBuf, String)>>,
    /// Django's defaults per target version, evaluated once per run.
    pub(crate) defaults: RefCell<
        HashMap<crate::DjangoVersion, Rc<std::collections::BTreeMap<String, crate::Value>>>,
    >,
    /// Modules that exist only in the built image: a Dockerfile `COPY`
    /// puts a project file in place under the module's name.
    aliases: RefCell<HashMap<String, PathBuf>>,
    /// Module names already looked up: imports of Django and the standard
    /// library are resolved many times, and each miss costs file-system
    /// calls.
    resolved: RefCell<HashMap<String, Option<(PathBuf, bool)>>>,
    /// Each search root's entries, listed once (`None`: it could not be
    /// listed). Every module imported asks whether its top-level name is the
    /// project's (`os`, `typing`, `django`, …): two `stat` calls per root and
    /// name, nearly all for paths that do not exist, were answered by one
    /// listing per root.
    root_entries: RefCell<HashMap<PathBuf, Option<Rc<RootEntries>>>>,
    /// Python file names (`local_settings.py`) that a start-up script of
    /// the project names: modules the checkout lacks but the deployment
    /// writes when it starts.
    pub startup_files: RefCell<HashMap<String, StartupFile>>,
    /// Texts read by a caller that is about to have the file parsed
    /// (discovery reads a candidate to reject it cheaply, then parses it):
    /// taken by the parse instead of reading the file a second time.
    handed_over: RefCell<HashMap<PathBuf, (String, bool)>>,
    /// The bytes of the texts held in `handed_over`: bounded, so that a
    /// repository of a thousand large `*settings*.py` files cannot make
    /// golive hold them all at once.
    handed_over_bytes: std::cell::Cell<usize>,
}

/// At most this much text is held for parses to come; beyond it, a text is
/// dropped and its file read again when it is parsed.
const MAX_HANDED_OVER_BYTES: usize = 8 * 1024 * 1024;

/// A Python file a start-up script writes.
#[derive(Clone, Debug, Default)]
pub struct StartupFile {
    /// The script (relative path).
    pub by: String,
    /// The project file it is made from (`local_settings.example.py`
    /// beside it), if there is one.
    pub template: Option<PathBuf>,
    /// Strings the script replaces in it (`sed -i "s/placeholder/…/"`).
    pub placeholders: Vec<String>,
}

impl Loader {
    pub fn new(root: PathBuf, search_roots: Vec<PathBuf>) -> Self {
        Self::with_sources(root, search_roots, SharedSources::default())
    }

    /// A loader that adds the files it reads to `sources`.
    pub fn with_sources(root: PathBuf, search_roots: Vec<PathBuf>, sources: SharedSources) -> Self {
        Self {
            root,
            search_roots,
            sources,
            parsed: RefCell::new(HashMap::new()),
            unreadable: RefCell::new(Vec::new()),
            defaults: RefCell::new(HashMap::new()),
            aliases: RefCell::new(HashMap::new()),
            resolved: RefCell::new(HashMap::new()),
            root_entries: RefCell::new(HashMap::new()),
            startup_files: RefCell::new(HashMap::new()),
            handed_over: RefCell::new(HashMap::new()),
            handed_over_bytes: std::cell::Cell::new(0),
        }
    }

    /// Reads `path` as the parse would (through the gate, at most
    /// `MAX_SOURCE_BYTES`), for a caller that looks at the text and may
    /// then have the file parsed: call [`Loader::hand_over`] with it then.
    pub fn read_source(&self, path: &Path) -> Result<(String, bool), golive_source::ReadError> {
        if let Some(text) = self.take_handed_over(path) {
            return Ok(text);
        }
        read_text_lossy(path, MAX_SOURCE_BYTES)
    }

    /// The text handed over for `path`, no longer held.
    fn take_handed_over(&self, path: &Path) -> Option<(String, bool)> {
        let taken = self.handed_over.borrow_mut().remove(path)?;
        self.handed_over_bytes
            .set(self.handed_over_bytes.get() - taken.0.len());
        Some(taken)
    }

    /// Drops the texts handed over that nothing took (once discovery is
    /// done: later parses read the disk, as before).
    pub fn forget_handed_over(&self) {
        self.handed_over.borrow_mut().clear();
        self.handed_over_bytes.set(0);
    }

    /// Gives the parse of `path` the text [`Loader::read_source`] returned,
    /// unless the file is parsed already.
    pub fn hand_over(&self, path: &Path, text: String, lossy: bool) {
        let held = self.handed_over_bytes.get();
        if self.parsed.borrow().contains_key(path) || held + text.len() > MAX_HANDED_OVER_BYTES {
            return;
        }
        self.handed_over_bytes.set(held + text.len());
        if let Some((old, _)) = self
            .handed_over
            .borrow_mut()
            .insert(path.to_path_buf(), (text, lossy))
        {
            self.handed_over_bytes
                .set(self.handed_over_bytes.get() - old.len());
        }
    }

    /// Makes module `name` resolve to `file` (copied into place at build
    /// time).
    pub fn add_alias(&self, name: &str, file: PathBuf) {
        self.resolved.borrow_mut().remove(name);
        self.aliases.borrow_mut().insert(name.to_string(), file);
    }

    /// Where `a.b.c` lives: `(file, is_package)`.
    pub fn resolve_module(&self, name: &str) -> Option<(PathBuf, bool)> {
        if name.is_empty()
            || name
                .split('.')
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_alphanumeric() || c == '_'))
        {
            return None;
        }
        if let Some(file) = self.aliases.borrow().get(name) {
            return Some((file.clone(), false));
        }
        if let Some(hit) = self.resolved.borrow().get(name) {
            return hit.clone();
        }
        // A module whose top-level package the project lacks (django,
        // typing) is not the project's: no need to look further. (For a
        // top-level module itself, the root listings answer without a
        // `stat` per root.)
        let top = name.split('.').next().unwrap_or(name);
        let found = if self.resolve_top(top).is_none() {
            None
        } else {
            self.resolve_uncached(name)
        };
        self.resolved
            .borrow_mut()
            .insert(name.to_string(), found.clone());
        found
    }

    fn resolve_top(&self, top: &str) -> Option<()> {
        if let Some(hit) = self.resolved.borrow().get(top) {
            return hit.as_ref().map(|_| ());
        }
        let present = self.search_roots.iter().any(|r| {
            let Some(entries) = self.root_entries(r) else {
                return r.join(top).is_dir()
                    || module_file_exists(&r.join(top).with_extension("py"));
            };
            // As `is_dir` (which follows a symlink) and `module_file_exists`
            // (a file, or a symlink the read gate judges) would answer.
            let package = match entries.get(std::ffi::OsStr::new(top)) {
                Some(t) if t.is_symlink() => r.join(top).is_dir(),
                Some(t) => t.is_dir(),
                None => false,
            };
            package
                || entries
                    .get(std::ffi::OsStr::new(&format!("{top}.py")))
                    .is_some_and(|t| t.is_file() || t.is_symlink())
        });
        if !present {
            self.resolved.borrow_mut().insert(top.to_string(), None);
        }
        present.then_some(())
    }

    /// The entries of search root `root` by name, with their types (not
    /// following symlinks); `None` when it cannot be listed, or holds more
    /// entries than are worth keeping.
    fn root_entries(&self, root: &Path) -> Option<Rc<RootEntries>> {
        if let Some(hit) = self.root_entries.borrow().get(root) {
            return hit.clone();
        }
        let listed = (|| {
            let mut entries = RootEntries::new();
            for e in std::fs::read_dir(root).ok()? {
                let e = e.ok()?;
                entries.insert(e.file_name(), e.file_type().ok()?);
                if entries.len() > MAX_ROOT_ENTRIES {
                    return None;
                }
            }
            Some(Rc::new(entries))
        })();
        self.root_entries
            .borrow_mut()
            .insert(root.to_path_buf(), listed.clone());
        listed
    }

    fn resolve_uncached(&self, name: &str) -> Option<(PathBuf, bool)> {
        let rel: PathBuf = name.split('.').collect();
        for root in &self.search_roots {
            let module_file = root.join(&rel).with_extension("py");
            if module_file_exists(&module_file) {
                return Some((module_file, false));
            }
            let init = root.join(&rel).join("__init__.py");
            if module_file_exists(&init) {
                return Some((init, true));
            }
        }
        None
    }

    /// Why a file golive tried to read could not be read, if it could not.
    pub fn unreadable_reason(&self, path: &Path) -> Option<String> {
        self.unreadable
            .borrow()
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, e)| e.clone())
    }

    /// Reads and parses a file once; `None` if it cannot be read.
    pub fn parse_file(&self, path: &Path) -> Option<Rc<ParsedFile>> {
        let key = path.to_path_buf();
        if let Some(cached) = self.parsed.borrow().get(&key) {
            return cached.clone();
        }
        let result = self.parse_uncached(path);
        self.parsed.borrow_mut().insert(key, result.clone());
        result
    }

    /// The file as already parsed, without reading or parsing it now.
    pub fn parsed_already(&self, path: &Path) -> Option<Rc<ParsedFile>> {
        self.parsed.borrow().get(path).cloned().flatten()
    }

    /// Parses text that is not a project file (golive's own Django defaults),
    /// registered under `name`.
    pub fn parse_text(&self, name: &str, text: &str) -> Rc<ParsedFile> {
        let key = PathBuf::from(name);
        if let Some(Some(cached)) = self.parsed.borrow().get(&key) {
            return cached.clone();
        }
        let parsed = self.parse_source(name.to_string(), key.clone(), text.to_string(), false);
        self.parsed.borrow_mut().insert(key, Some(parsed.clone()));
        parsed
    }

    fn parse_uncached(&self, path: &Path) -> Option<Rc<ParsedFile>> {
        let handed_over = self.take_handed_over(path);
        let prepared = match handed_over.map_or_else(
            || prepare_file(path),
            |(text, lossy)| Ok(prepare(text, lossy)),
        ) {
            Ok(p) => p,
            Err(e) => {
                self.unreadable.borrow_mut().push((path.to_path_buf(), e));
                return None;
            }
        };
        let rel = display_path(&self.root, path);
        Some(self.finish(rel, path.to_path_buf(), prepared))
    }

    fn parse_source(
        &self,
        rel: String,
        path: PathBuf,
        text: String,
        lossy: bool,
    ) -> Rc<ParsedFile> {
        self.finish(rel, path, prepare(text, lossy))
    }

    /// Enters a prepared file into the source database.
    fn finish(&self, rel: String, path: PathBuf, prepared: Prepared) -> Rc<ParsedFile> {
        let Prepared {
            text,
            lossy,
            outcome,
        } = prepared;
        let id = self.sources.borrow_mut().add(SourceFile::new(
            rel,
            path.clone(),
            text,
            SourceKind::Python,
        ));
        let lossy = lossy.then(|| {
            (
                TextRange::empty(TextSize::new(0)),
                "file is not valid UTF-8; invalid bytes were replaced".to_string(),
            )
        });
        let (module, errors, template, whole) = match outcome {
            Outcome::TooDeep(offset, why) => {
                let at = TextSize::try_from(offset).unwrap_or_default();
                let too_deep = (TextRange::empty(at), why);
                let errors = lossy.into_iter().chain([too_deep]).collect();
                (empty_module(), errors, None, false)
            }
            // Not Python until rendered: its errors say nothing.
            Outcome::Template(marker) => (empty_module(), Vec::new(), Some(marker), false),
            Outcome::Parsed { module, errors } => (
                module,
                lossy.into_iter().chain(errors).collect(),
                None,
                true,
            ),
        };
        Rc::new(ParsedFile {
            id,
            disk_path: path,
            module,
            errors,
            template,
            whole,
        })
    }

    /// Works out what code frames of `files` mask from the trees the
    /// evaluator parsed, so that the report need not parse them again (a
    /// large settings module took as long to parse twice as to evaluate).
    /// Files not parsed here, or not whole, are left to the report.
    pub fn record_masks(&self, files: impl IntoIterator<Item = FileId>) {
        let sources = self.sources.borrow();
        for id in files {
            let file = sources.get(id);
            if file.kind != golive_source::SourceKind::Python || file.masked().is_some() {
                continue;
            }
            let Some(parsed) = self.parsed_already(&file.disk_path) else {
                continue;
            };
            if !parsed.whole || parsed.id != id {
                continue;
            }
            file.set_masked(on_parser_stack(&file.text, || {
                crate::redact::secret_ranges(&file.text, parsed.body())
            }));
        }
    }
}

/// What golive says of a file it could not read: the path relative to the
/// project root, and why. One wording for the evaluator's note (anchored
/// at the import) and the audit's list of unread files, which leaves out a
/// file the note already reports.
pub fn unreadable_message(root: &Path, path: &Path, reason: &str) -> String {
    format!("cannot read {}: {reason}", display_path(root, path))
}

/// A file read and parsed, before it enters the source database (the text
/// moves into the database: the tree and the database share no copy).
struct Prepared {
    text: String,
    lossy: bool,
    outcome: Outcome,
}

enum Outcome {
    /// Nested deeper than golive parses (brackets deeper than CPython
    /// allows, a chain of prefix operators), at this offset, with why.
    TooDeep(usize, String),
    /// A template (Jinja, cookiecutter) with this first tag: not Python yet.
    Template(String),
    Parsed {
        module: ModModule,
        errors: Vec<(TextRange, String)>,
    },
}

/// Reads `path` through the gate and parses it; the error is the reason it
/// could not be read.
fn prepare_file(path: &Path) -> Result<Prepared, String> {
    let (text, lossy) = read_text_lossy(path, MAX_SOURCE_BYTES).map_err(|e| e.to_string())?;
    Ok(prepare(text, lossy))
}

fn prepare(text: String, lossy: bool) -> Prepared {
    if let Some((offset, why)) = too_deep(&text) {
        return Prepared {
            text,
            lossy,
            outcome: Outcome::TooDeep(offset, why),
        };
    }
    // The parser recurses on nested constructs (long chains of unary
    // operators, say). Large files are parsed on a separate, large stack
    // so that hostile input cannot overflow the caller's.
    let parsed = on_parser_stack(&text, || {
        parse_unchecked(&text, ParseOptions::from(Mode::Module))
    });
    if !parsed.errors().is_empty()
        && let Some(marker) = golive_source::template_marker(&text)
    {
        return Prepared {
            text,
            lossy,
            outcome: Outcome::Template(marker),
        };
    }
    // CPython stops at the first syntax error; golive reports a few (the
    // parser recovers), not every one of the 64,000 a hostile file holds —
    // each becomes a note, a finding and a code frame.
    let all = parsed.errors();
    let mut errors: Vec<(TextRange, String)> = all
        .iter()
        .take(MAX_SYNTAX_ERRORS)
        .map(|e| (e.location, e.error.to_string()))
        .collect();
    if let Some(next) = all.get(MAX_SYNTAX_ERRORS) {
        errors.push((
            next.location,
            format!(
                "and {} more syntax errors from here on (not listed)",
                all.len() - MAX_SYNTAX_ERRORS
            ),
        ));
    }
    let module = match parsed.into_syntax() {
        ruff_python_ast::Mod::Module(m) => m,
        ruff_python_ast::Mod::Expression(_) => empty_module(),
    };
    Prepared {
        text,
        lossy,
        outcome: Outcome::Parsed { module, errors },
    }
}

/// Runs `f` — parsing `text` or walking its tree, which recurse as deep as
/// the text nests — on a stack of its own when the text is large enough to
/// nest deeper than the caller's stack allows.
fn on_parser_stack<R>(text: &str, f: impl FnOnce() -> R) -> R {
    if text.len() > LARGE_FILE_BYTES {
        stacker::grow(PARSER_STACK_BYTES, f)
    } else {
        f()
    }
}

/// Whether the loader refuses to parse `text` (it nests deeper than golive
/// parses: see `too_deep`).
pub(crate) fn refuses(text: &str) -> bool {
    too_deep(text).is_some()
}

/// Whether parsing `text`, which the loader does not refuse, may recurse
/// deeper than the caller's stack allows: a large file.
pub(crate) fn may_nest_deeply(text: &str) -> bool {
    text.len() > LARGE_FILE_BYTES
}

/// A regular file, not through a symlink (which may lead outside the
/// project) and not a FIFO or device (which would block a read). A path
/// whose directories lead out of the project (`root/link/x` with `link` a
/// symlink out) is not asked of the disk: whether the file exists out
/// there must not show in the audit.
pub fn is_regular_file(path: &Path) -> bool {
    golive_source::gate::is_inside(path)
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

/// A module file is there: a regular file, or a symlink (which the read
/// gate follows only when it stays inside the project, and reports
/// otherwise).
fn module_file_exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() || m.file_type().is_symlink())
}

/// Where and why `text` nests deeper than golive parses: the first bracket
/// nested deeper than CPython allows, or a chain of more than
/// `MAX_PREFIX_CHAIN` prefix operators (`- - - … 1`, `not not … x`,
/// `await await …`), each of which is a level of the tree — a million of
/// them in a 1 MB file took a gigabyte to parse.
fn too_deep(text: &str) -> Option<(usize, String)> {
    // Every byte of every parsed file passes here (300 KB on the largest
    // projects): one table lookup decides for most of them.
    const OTHER: u8 = 0;
    const OPEN: u8 = 1;
    const CLOSE: u8 = 2;
    const PREFIX: u8 = 3;
    const BLANK: u8 = 4;
    const WORD_START: u8 = 5;
    static CLASS: [u8; 256] = {
        let mut t = [OTHER; 256];
        t[b'(' as usize] = OPEN;
        t[b'[' as usize] = OPEN;
        t[b'{' as usize] = OPEN;
        t[b')' as usize] = CLOSE;
        t[b']' as usize] = CLOSE;
        t[b'}' as usize] = CLOSE;
        t[b'-' as usize] = PREFIX;
        t[b'+' as usize] = PREFIX;
        t[b'~' as usize] = PREFIX;
        t[b' ' as usize] = BLANK;
        t[b'\t' as usize] = BLANK;
        t[b'n' as usize] = WORD_START;
        t[b'a' as usize] = WORD_START;
        t
    };
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut i = 0;
    while i < b.len() {
        let class = CLASS[usize::from(b[i])];
        if class == OTHER {
            chain = 0;
            i += 1;
            continue;
        }
        let word = |w: &[u8]| {
            b[i..].starts_with(w)
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
                && b.get(i + w.len())
                    .is_some_and(|c| matches!(c, b' ' | b'\t' | b'('))
        };
        let step = match class {
            OPEN => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((
                        i,
                        format!("too many nested brackets (more than {MAX_NESTING})"),
                    ));
                }
                0
            }
            CLOSE => {
                depth = depth.saturating_sub(1);
                0
            }
            PREFIX => 1,
            BLANK => {
                i += 1;
                continue;
            }
            _ if b[i] == b'n' && word(b"not") => 3,
            _ if b[i] == b'a' && word(b"await") => 5,
            _ => 0,
        };
        if step == 0 {
            chain = 0;
            i += 1;
            continue;
        }
        chain += 1;
        if chain > MAX_PREFIX_CHAIN {
            return Some((
                i,
                format!("an expression nested more than {MAX_PREFIX_CHAIN} operators deep"),
            ));
        }
        i += step;
    }
    None
}

fn empty_module() -> ModModule {
    match parse_unchecked("", ParseOptions::from(Mode::Module)).into_syntax() {
        ruff_python_ast::Mod::Module(m) => m,
        ruff_python_ast::Mod::Expression(_) => unreachable!("module mode yields a module"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-by-byte reading `too_deep` replaced with a table, kept as
    /// its reference.
    fn too_deep_as_first_written(text: &str) -> Option<(usize, String)> {
        let b = text.as_bytes();
        let mut depth = 0usize;
        let mut chain = 0usize;
        let mut i = 0;
        while i < b.len() {
            let word = |w: &[u8]| {
                b[i..].starts_with(w)
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
                    && b.get(i + w.len())
                        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'('))
            };
            match b[i] {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some((
                            i,
                            format!("too many nested brackets (more than {MAX_NESTING})"),
                        ));
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            let step = match b[i] {
                b'-' | b'+' | b'~' => Some(1),
                b' ' | b'\t' => None,
                b'n' if word(b"not") => Some(3),
                b'a' if word(b"await") => Some(5),
                _ => {
                    chain = 0;
                    i += 1;
                    continue;
                }
            };
            if let Some(len) = step {
                chain += 1;
                if chain > MAX_PREFIX_CHAIN {
                    return Some((
                        i,
                        format!("an expression nested more than {MAX_PREFIX_CHAIN} operators deep"),
                    ));
                }
                i += len;
            } else {
                i += 1;
            }
        }
        None
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The table decides as the first reading did, chains and brackets
        /// included (small limits are reached with a small alphabet).
        #[test]
        fn too_deep_decides_as_the_first_reading(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("(".to_string()), Just(")".to_string()), Just("[".to_string()),
                    Just("- ".to_string()), Just("-".to_string()), Just("not ".to_string()),
                    Just("await(".to_string()), Just("x".to_string()), Just("\t".to_string()),
                    Just("anot ".to_string()), Just("~+".to_string()), Just("n".to_string()),
                    Just("a".to_string()), Just("é".to_string()),
                ],
                0..400,
            ),
            repeat in 1usize..30,
        ) {
            let text = parts.concat().repeat(repeat);
            prop_assert_eq!(too_deep(&text), too_deep_as_first_written(&text));
        }
    }

    /// A text handed over is what the parse uses: the file is not read a
    /// second time (here it is gone by then).
    #[test]
    fn a_handed_over_text_is_parsed_without_a_second_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        std::fs::write(&path, "DEBUG = False\n").unwrap();
        let loader = Loader::new(dir.path().to_path_buf(), vec![dir.path().to_path_buf()]);
        let (text, lossy) = loader.read_source(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        loader.hand_over(&path, text, lossy);
        let parsed = loader
            .parse_file(&path)
            .expect("parsed from the handed-over text");
        assert_eq!(parsed.body().len(), 1);
        assert!(loader.handed_over.borrow().is_empty());
    }

    /// A repository of many large `*settings*.py` files cannot make golive
    /// hold them all: past the bound, a text is dropped (its parse reads
    /// the file) and what is held never exceeds it.
    #[test]
    fn handed_over_texts_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let loader = Loader::new(dir.path().to_path_buf(), vec![dir.path().to_path_buf()]);
        let big = "#".repeat(MAX_HANDED_OVER_BYTES / 3);
        for i in 0..10 {
            loader.hand_over(&dir.path().join(format!("s{i}.py")), big.clone(), false);
            let held: usize = loader
                .handed_over
                .borrow()
                .values()
                .map(|(t, _)| t.len())
                .sum();
            assert_eq!(held, loader.handed_over_bytes.get());
            assert!(held <= MAX_HANDED_OVER_BYTES);
        }
        assert_eq!(loader.handed_over.borrow().len(), 3);
        // Taking one makes room for another.
        assert!(loader.read_source(&dir.path().join("s0.py")).is_ok());
        loader.hand_over(&dir.path().join("s9.py"), big, false);
        assert_eq!(loader.handed_over.borrow().len(), 3);
        loader.forget_handed_over();
        assert_eq!(loader.handed_over_bytes.get(), 0);
    }

    #[test]
    fn the_limits_are_where_they_were() {
        let brackets = "(".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&brackets).map(|(at, _)| at), Some(MAX_NESTING));
        assert!(too_deep(&"(".repeat(MAX_NESTING)).is_none());
        let chain = "- ".repeat(MAX_PREFIX_CHAIN + 1) + "1";
        assert!(too_deep(&chain).is_some());
        assert!(too_deep(&("not ".repeat(MAX_PREFIX_CHAIN) + "x")).is_none());
        assert_eq!(too_deep(&brackets), too_deep_as_first_written(&brackets));
        assert_eq!(too_deep(&chain), too_deep_as_first_written(&chain));
    }
}
