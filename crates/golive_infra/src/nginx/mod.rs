//! nginx configurations as facts: every file parsed, `include` resolved and
//! spliced in (each directive keeps the file it was written in), and the
//! views rules need — the server blocks, their locations, and what a level
//! inherits from the levels around it.

pub mod flow;
mod parse;

pub use parse::{Arg, Directive, ParsedConfig, SyntaxError, parse};

use golive_source::{FileId, SourceDb, SourceFile, SourceKind, Span};
use ruff_text_size::TextRange;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// A directive after include resolution.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub args: Vec<Arg>,
    pub file: FileId,
    pub range: TextRange,
    pub block: Option<Vec<Node>>,
    /// Set for directives golive supplies itself: the content of a
    /// distribution file (`proxy_params`) the project includes but does not
    /// contain. The span then points at the `include`.
    pub assumed_from: Option<&'static str>,
    /// The children by name, for a block large enough that reading all of
    /// them for every lookup would be quadratic (a server with thousands of
    /// locations, each asking for the server's `proxy_set_header`). Built
    /// with the block: the tree is not edited once loaded.
    index: Option<Arc<NameIndex>>,
}

impl Node {
    pub fn span(&self) -> Span {
        Span::new(self.file, self.range)
    }

    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }

    pub fn arg_span(&self, i: usize) -> Span {
        self.args
            .get(i)
            .map_or(self.span(), |a| Span::new(self.file, a.range))
    }

    pub fn children(&self) -> &[Node] {
        self.block.as_deref().unwrap_or(&[])
    }

    /// The children as a level of inheritance, with their index.
    pub fn level(&self) -> Level<'_> {
        Level::indexed(self.children(), self.index.as_deref())
    }

    /// The children named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl DoubleEndedIterator<Item = &'a Node> + 'a {
        self.level().named(name)
    }

    pub fn first(&self, name: &str) -> Option<&Node> {
        self.level().first(name)
    }
}

/// Blocks with fewer children than this are read in full: an index would
/// cost more than it saves.
const INDEX_MIN: usize = 16;

/// Where each name occurs among the directives of one level.
struct NameIndex {
    /// How many directives the level had when indexed.
    len: usize,
    by_name: HashMap<Box<str>, Box<[u32]>>,
}

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "NameIndex({} directives, {} names)",
            self.len,
            self.by_name.len()
        )
    }
}

impl NameIndex {
    /// The index of a level, when it is large enough to need one.
    fn build(nodes: &[Node]) -> Option<Arc<NameIndex>> {
        if nodes.len() < INDEX_MIN || u32::try_from(nodes.len()).is_err() {
            return None;
        }
        let mut by_name: HashMap<Box<str>, Vec<u32>> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            match by_name.get_mut(n.name.as_str()) {
                Some(v) => v.push(i as u32),
                None => {
                    by_name.insert(n.name.as_str().into(), vec![i as u32]);
                }
            }
        }
        Some(Arc::new(NameIndex {
            len: nodes.len(),
            by_name: by_name
                .into_iter()
                .map(|(k, v)| (k, v.into_boxed_slice()))
                .collect(),
        }))
    }
}

/// The directives of one level of the configuration (the top of a file,
/// or a block), with their index by name when the level is large: what
/// inheritance reads, level by level.
#[derive(Clone, Copy, Debug)]
pub struct Level<'a> {
    nodes: &'a [Node],
    index: Option<&'a NameIndex>,
}

impl<'a> Level<'a> {
    fn indexed(nodes: &'a [Node], index: Option<&'a NameIndex>) -> Self {
        // An index is used only for the level it was built for.
        Self {
            nodes,
            index: index.filter(|i| i.len == nodes.len()),
        }
    }

    pub fn nodes(self) -> &'a [Node] {
        self.nodes
    }

    /// The directives named `name`, in order.
    pub fn named<'n>(self, name: &'n str) -> Named<'a, 'n> {
        match self.index {
            Some(index) => Named::Indexed {
                nodes: self.nodes,
                positions: index.by_name.get(name).map_or(&[][..], |p| &p[..]).iter(),
            },
            None => Named::Scan {
                nodes: self.nodes.iter(),
                name,
            },
        }
    }

    pub fn first(self, name: &str) -> Option<&'a Node> {
        self.named(name).next()
    }

    pub fn last(self, name: &str) -> Option<&'a Node> {
        self.named(name).next_back()
    }
}

impl std::ops::Deref for Level<'_> {
    type Target = [Node];

    fn deref(&self) -> &[Node] {
        self.nodes
    }
}

impl<'a> From<&'a [Node]> for Level<'a> {
    /// A level without an index: read in full for every lookup.
    fn from(nodes: &'a [Node]) -> Self {
        Self { nodes, index: None }
    }
}

impl<'a> From<&'a Node> for Level<'a> {
    fn from(node: &'a Node) -> Self {
        node.level()
    }
}

/// The directives of a level named one name: [`Level::named`].
pub enum Named<'a, 'n> {
    Indexed {
        nodes: &'a [Node],
        positions: std::slice::Iter<'a, u32>,
    },
    Scan {
        nodes: std::slice::Iter<'a, Node>,
        name: &'n str,
    },
}

impl<'a> Iterator for Named<'a, '_> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        match self {
            Named::Indexed { nodes, positions } => {
                positions.next().and_then(|&i| nodes.get(i as usize))
            }
            Named::Scan { nodes, name } => nodes.find(|n| n.name == *name),
        }
    }
}

impl<'a> DoubleEndedIterator for Named<'a, '_> {
    fn next_back(&mut self) -> Option<&'a Node> {
        match self {
            Named::Indexed { nodes, positions } => {
                positions.next_back().and_then(|&i| nodes.get(i as usize))
            }
            Named::Scan { nodes, name } => nodes.rfind(|n| n.name == *name),
        }
    }
}

/// A problem reading the configuration.
#[derive(Clone, Debug)]
pub struct ConfigProblem {
    pub span: Span,
    pub message: String,
    pub kind: ProblemKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Syntax,
    IncludeMissing,
    IncludeCycle,
    /// The included file is written when the container or host starts (an
    /// entrypoint links or renders it, or it lives under `/run`, `/tmp`):
    /// its content is unknown here, which is not an error.
    IncludeGenerated,
    /// Includes repeated or nested so much that the configuration would
    /// grow past what any real one holds (an include bomb): the include is
    /// not followed.
    IncludeExpansion,
}

/// How much of nginx's configuration a root file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigKind {
    /// A main configuration with an `http` block (nginx.conf).
    Main,
    /// `server`/`upstream` blocks meant for the `http` context (a file of
    /// sites-available/ or conf.d/).
    Site,
}

/// One configuration as nginx would load it from one root file.
#[derive(Clone, Debug)]
pub struct NginxConfig {
    pub root: FileId,
    pub kind: ConfigKind,
    pub directives: Vec<Node>,
    pub problems: Vec<ConfigProblem>,
    /// Every file spliced in, the root first.
    pub files: Vec<FileId>,
    /// `proxy_pass` (and kin) directives that hand requests to something
    /// other than the Django application — an object store, another
    /// service, an inner nginx — with why: rules about Django do not judge
    /// those locations.
    pub not_app: Vec<(Span, String)>,
    /// The index of `directives` (see [`Node`]).
    top: Option<Arc<NameIndex>>,
}

/// Content of distribution files a project commonly includes without
/// having them: Debian's and Ubuntu's `/etc/nginx/proxy_params`.
const PROXY_PARAMS: &[(&str, &str)] = &[
    ("Host", "$http_host"),
    ("X-Real-IP", "$remote_addr"),
    ("X-Forwarded-For", "$proxy_add_x_forwarded_for"),
    ("X-Forwarded-Proto", "$scheme"),
];

/// Files every nginx package installs; including them is not an error even
/// when the project does not contain them.
fn is_distribution_file(pattern: &str) -> bool {
    let name = pattern.rsplit('/').next().unwrap_or(pattern);
    pattern.starts_with("/etc/nginx/")
        || pattern.starts_with("/usr/share/nginx/")
        || pattern.starts_with("snippets/")
        || pattern.starts_with("modules-enabled/")
        || pattern.starts_with("/etc/letsencrypt/")
        || matches!(
            name,
            "mime.types"
                | "proxy_params"
                | "uwsgi_params"
                | "fastcgi_params"
                | "fastcgi.conf"
                | "scgi_params"
                | "koi-utf"
                | "koi-win"
                | "win-utf"
        )
}

/// Files larger than this are not nginx configurations.
const MAX_FILE: u64 = 4 * 1024 * 1024;
/// Includes nested deeper than this are reported as a cycle.
const MAX_INCLUDE_DEPTH: usize = 16;
/// A configuration whose includes would make it larger than this many
/// directives, and than [`MAX_REPEAT`] times the directives of the files
/// it reads, is an include bomb (a file included a thousand times, which
/// includes another a thousand times): the include that would cross the
/// line, and every include after it, is not followed.
const MAX_SPLICED: usize = 500_000;
const MAX_REPEAT: usize = 4;

/// Reads configurations from disk into `sources`.
pub struct Loader<'a> {
    pub root: &'a Path,
    pub sources: &'a mut SourceDb,
    /// The project's files: a start-up script that writes a missing
    /// include, or a template it is rendered from, is searched here.
    pub files: &'a [PathBuf],
}

/// Where start-up scripts write configuration: an include under these
/// paths exists only at run time.
const RUNTIME_DIRS: &[&str] = &["/run/", "/var/run/", "/tmp/", "/dev/shm/"];

/// Files that may write or render an nginx include when the container or
/// host starts.
fn is_startup_script(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".sh")
        || name.contains("entrypoint")
        || name.starts_with("dockerfile")
        || name.ends_with(".dockerfile")
        || name.starts_with("start")
}

impl Loader<'_> {
    /// Loads `path` and everything it includes. `None` when the file cannot
    /// be read.
    pub fn load(&mut self, path: &Path) -> Result<NginxConfig, String> {
        let (text, _) =
            golive_source::read_text_lossy(path, MAX_FILE).map_err(|e| e.to_string())?;
        let parsed = parse(&text);
        let file = self.add_source(path, text);
        let kind = if parsed
            .directives
            .iter()
            .any(|d| d.name == "http" || d.name == "events")
        {
            ConfigKind::Main
        } else {
            ConfigKind::Site
        };
        // nginx resolves relative includes against its prefix: the
        // directory of nginx.conf, which is also the parent of
        // sites-available/ and conf.d/.
        let mut base = path.parent().unwrap_or(self.root).to_path_buf();
        if base.file_name().is_some_and(|n| {
            matches!(
                n.to_str(),
                Some("sites-available" | "sites-enabled" | "conf.d")
            )
        }) {
            base = base.parent().unwrap_or(self.root).to_path_buf();
        }
        let mut splicer = Splicer::new(self, base);
        splicer.distinct = count_directives(&parsed.directives);
        splicer.stack.push(path.to_path_buf());
        let directives = splicer.splice(file, parsed);
        let Splicer {
            problems, files, ..
        } = splicer;
        let top = NameIndex::build(&directives);
        Ok(NginxConfig {
            root: file,
            kind,
            directives,
            problems,
            files,
            not_app: Vec::new(),
            top,
        })
    }

    fn add_source(&mut self, path: &Path, text: String) -> FileId {
        let rel = golive_source::display_path(self.root, path);
        self.sources.add(SourceFile::new(
            rel,
            path.to_path_buf(),
            text,
            SourceKind::Nginx,
        ))
    }

    /// How a missing include comes to exist at start-up, if the project
    /// says: a runtime path, a template it is rendered from, or a start-up
    /// script that names it.
    fn generated_by(&self, pattern: &str) -> Option<String> {
        if RUNTIME_DIRS.iter().any(|d| pattern.starts_with(d)) {
            return Some("written at start-up (it lives under a runtime directory)".into());
        }
        let name = pattern.rsplit('/').next().unwrap_or(pattern);
        if name.is_empty() {
            return None;
        }
        for f in self.files {
            let fname = f
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if let Some(stem) = fname
                .strip_suffix(".template")
                .or_else(|| fname.strip_suffix(".tmpl"))
                .or_else(|| fname.strip_suffix(".j2"))
                && stem == name
            {
                return Some(format!(
                    "rendered from the template {} at start-up",
                    golive_source::display_path(self.root, f)
                ));
            }
        }
        for f in self.files.iter().filter(|f| is_startup_script(f)) {
            if let Ok((text, _)) = golive_source::read_text_lossy(f, 512 * 1024)
                && text.contains(name)
            {
                return Some(format!(
                    "written at start-up by {}",
                    golive_source::display_path(self.root, f)
                ));
            }
        }
        None
    }

    /// Files an `include` names: relative to the directory of the root
    /// configuration (nginx's prefix), with `/etc/nginx/` read as that
    /// directory too — projects keep their `/etc/nginx` tree in the
    /// repository and copy it there.
    fn resolve(&self, pattern: &str, base: &Path) -> Vec<PathBuf> {
        let mut candidates = Vec::new();
        if let Some(rest) = pattern.strip_prefix("/etc/nginx/") {
            candidates.push(base.join(rest));
        } else if Path::new(pattern).is_absolute() {
            candidates.push(PathBuf::from(pattern));
        } else {
            candidates.push(base.join(pattern));
        }
        for c in candidates {
            // Never read outside the project: `..` is resolved first.
            let c = golive_source::normalize_lexically(&c);
            if !c.starts_with(self.root) {
                continue;
            }
            let found = glob_files(&c);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }
}

/// An included file once read: its id and how many directives it holds,
/// or why it could not be read.
type ReadFile = Result<(FileId, usize), String>;

/// One configuration being put together from its root file. Every file
/// is read from disk once however often it is included (an include seen
/// again parses the text already read), and every include pattern is
/// resolved once.
struct Splicer<'l, 'a> {
    loader: &'l mut Loader<'a>,
    base: PathBuf,
    stack: Vec<PathBuf>,
    problems: Vec<ConfigProblem>,
    /// Every file spliced in, the root first.
    files: Vec<FileId>,
    seen: HashSet<FileId>,
    read: HashMap<PathBuf, ReadFile>,
    resolved: HashMap<String, Rc<[PathBuf]>>,
    generated: HashMap<String, Option<String>>,
    /// Directives spliced so far (includes too), and in the distinct files
    /// read.
    spliced: usize,
    distinct: usize,
    /// An include was cut short ([`MAX_SPLICED`]): no further include is
    /// followed.
    exhausted: bool,
}

/// How many directives a parse holds, blocks included.
fn count_directives(list: &[parse::Directive]) -> usize {
    list.iter()
        .map(|d| 1 + count_directives(d.children()))
        .sum()
}

impl<'l, 'a> Splicer<'l, 'a> {
    fn new(loader: &'l mut Loader<'a>, base: PathBuf) -> Self {
        Self {
            loader,
            base,
            stack: Vec::new(),
            problems: Vec::new(),
            files: Vec::new(),
            seen: HashSet::new(),
            read: HashMap::new(),
            resolved: HashMap::new(),
            generated: HashMap::new(),
            spliced: 0,
            distinct: 0,
            exhausted: false,
        }
    }

    fn splice(&mut self, file: FileId, parsed: ParsedConfig) -> Vec<Node> {
        if self.seen.insert(file) {
            self.files.push(file);
        }
        for e in parsed.errors {
            self.problems.push(ConfigProblem {
                span: Span::new(file, e.range),
                message: e.message,
                kind: ProblemKind::Syntax,
            });
        }
        self.splice_list(file, parsed.directives)
    }

    fn splice_list(&mut self, file: FileId, list: Vec<parse::Directive>) -> Vec<Node> {
        let mut out = Vec::with_capacity(list.len());
        for d in list {
            if d.name == "include"
                && d.block.is_none()
                && let Some(pattern) = d.args.first()
            {
                self.spliced += 1;
                if !self.exhausted {
                    self.include(&pattern.value, Span::new(file, d.range), &mut out);
                }
                continue;
            }
            self.spliced += 1;
            let block = d.block.map(|b| self.splice_list(file, b));
            let index = block.as_deref().and_then(NameIndex::build);
            out.push(Node {
                name: d.name,
                args: d.args,
                file,
                range: d.range,
                block,
                assumed_from: None,
                index,
            });
        }
        out
    }

    fn include(&mut self, pattern: &str, at: Span, out: &mut Vec<Node>) {
        let matches = self.resolve(pattern);
        if matches.is_empty() {
            if pattern.rsplit('/').next() == Some("proxy_params") {
                out.extend(PROXY_PARAMS.iter().map(|(h, v)| {
                    Node {
                        name: "proxy_set_header".into(),
                        args: [h, v]
                            .iter()
                            .map(|s| Arg {
                                value: s.to_string(),
                                range: at.range,
                                quoted: false,
                            })
                            .collect(),
                        file: at.file,
                        range: at.range,
                        block: None,
                        assumed_from: Some("Debian's /etc/nginx/proxy_params"),
                        index: None,
                    }
                }));
                return;
            }
            let has_glob = pattern.contains(['*', '?', '[']);
            if !has_glob && !is_distribution_file(pattern) {
                let how = match self.generated.get(pattern) {
                    Some(how) => how.clone(),
                    None => {
                        let how = self.loader.generated_by(pattern);
                        self.generated.insert(pattern.to_string(), how.clone());
                        how
                    }
                };
                match how {
                    Some(how) => self.problems.push(ConfigProblem {
                        span: at,
                        message: format!("included file `{pattern}` is {how}: golive cannot audit what it will contain"),
                        kind: ProblemKind::IncludeGenerated,
                    }),
                    None => self.problems.push(ConfigProblem {
                        span: at,
                        message: format!("included file `{pattern}` is not in the project"),
                        kind: ProblemKind::IncludeMissing,
                    }),
                }
            }
            return;
        }
        for path in matches.iter() {
            if self.stack.contains(path) || self.stack.len() >= MAX_INCLUDE_DEPTH {
                self.problems.push(ConfigProblem {
                    span: at,
                    message: format!("`{pattern}` includes itself (include cycle)"),
                    kind: ProblemKind::IncludeCycle,
                });
                continue;
            }
            let (file, count, mut parsed) = match self.read.get(path) {
                Some(Ok((file, count))) => (*file, *count, None),
                Some(Err(e)) => {
                    let message = format!("cannot read included file `{pattern}`: {e}");
                    self.problems.push(ConfigProblem {
                        span: at,
                        message,
                        kind: ProblemKind::IncludeMissing,
                    });
                    continue;
                }
                None => match golive_source::read_text_lossy(path, MAX_FILE) {
                    Ok((text, _)) => {
                        let parsed = parse(&text);
                        let count = count_directives(&parsed.directives);
                        self.distinct = self.distinct.saturating_add(count);
                        let file = self.loader.add_source(path, text);
                        self.read.insert(path.clone(), Ok((file, count)));
                        (file, count, Some(parsed))
                    }
                    Err(e) => {
                        self.read.insert(path.clone(), Err(e.to_string()));
                        self.problems.push(ConfigProblem {
                            span: at,
                            message: format!("cannot read included file `{pattern}`: {e}"),
                            kind: ProblemKind::IncludeMissing,
                        });
                        continue;
                    }
                },
            };
            let limit = MAX_SPLICED.max(MAX_REPEAT.saturating_mul(self.distinct));
            if self.spliced.saturating_add(count) > limit {
                self.problems.push(ConfigProblem {
                    span: at,
                    message: format!(
                        "`{pattern}` is not read, nor any include after it: with it the configuration would hold more than {limit} directives (includes repeated or nested too often)"
                    ),
                    kind: ProblemKind::IncludeExpansion,
                });
                self.exhausted = true;
                return;
            }
            // A file included again is parsed again from the text read.
            let parsed = parsed
                .take()
                .unwrap_or_else(|| parse(&self.loader.sources.get(file).text));
            self.stack.push(path.clone());
            let nodes = self.splice(file, parsed);
            out.extend(nodes);
            self.stack.pop();
        }
    }

    /// The files an include pattern names, resolved once.
    fn resolve(&mut self, pattern: &str) -> Rc<[PathBuf]> {
        if let Some(found) = self.resolved.get(pattern) {
            return found.clone();
        }
        let found: Rc<[PathBuf]> = self.loader.resolve(pattern, &self.base).into();
        self.resolved.insert(pattern.to_string(), found.clone());
        found
    }
}

/// The files a path with a glob in its last component names, sorted as
/// nginx sorts them.
fn glob_files(path: &Path) -> Vec<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if !name.contains(['*', '?', '[']) {
        // A regular file, not a symlink (which may lead outside the
        // project) nor a FIFO (which would block the read).
        let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
        return if regular {
            vec![path.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Ok(glob) = globset::Glob::new(&name) else {
        return Vec::new();
    };
    let matcher = glob.compile_matcher();
    let mut out: Vec<PathBuf> = golive_source::gate::list_dir(dir)
        .into_iter()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && matcher.is_match(e.file_name()))
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// Is this file, by its name and place, meant for nginx? Only these are
/// parsed; `.conf` is too common an extension to guess from alone.
pub fn looks_like_nginx_path(rel: &Path) -> bool {
    use golive_source::contains_ignore_ascii_case as has;
    // Asked for every file of the tree: no allocation.
    let name = golive_source::name_of(rel);
    if name.is_empty() {
        return false;
    }
    let ends =
        |sfx: &str| golive_source::ends_with_ignore_ascii_case(name.as_bytes(), sfx.as_bytes());
    let in_nginx_dir = || {
        golive_source::dirs_of(rel).any(|c| {
            golive_source::bytes_contain_ignore_ascii_case(c, b"nginx")
                || c.eq_ignore_ascii_case(b"sites-available")
                || c.eq_ignore_ascii_case(b"sites-enabled")
                || c.eq_ignore_ascii_case(b"conf.d")
        })
    };
    let conf_like = ends(".conf") || ends(".template") || !name.contains('.');
    name.eq_ignore_ascii_case("nginx.conf")
        || ends(".nginx")
        || conf_like && (has(name, "nginx") || in_nginx_dir())
}

/// What rules read: every server block with the http block around it.
impl NginxConfig {
    /// Does the file read as nginx (and not, say, as supervisord's ini
    /// that happens to live in a `conf.d/`)?
    pub fn looks_like_nginx(&self) -> bool {
        self.directives.iter().any(|d| {
            d.block.is_some()
                && matches!(
                    d.name.as_str(),
                    "server" | "http" | "events" | "upstream" | "location" | "map" | "stream"
                )
        })
    }

    /// The top level of the root file, with its index.
    pub fn top(&self) -> Level<'_> {
        Level::indexed(&self.directives, self.top.as_deref())
    }

    /// The `http` block's directives, or the top level of a site file
    /// (which nginx includes inside `http`), with their index.
    pub fn http(&self) -> Level<'_> {
        match self.kind {
            ConfigKind::Main => self
                .top()
                .first("http")
                .map_or(Level::from(&[][..]), Node::level),
            ConfigKind::Site => self.top(),
        }
    }

    pub fn servers(&self) -> Vec<&Node> {
        self.http()
            .named("server")
            .filter(|d| d.block.is_some())
            .collect()
    }

    pub fn upstreams(&self) -> Vec<&Node> {
        self.http().named("upstream").collect()
    }
}

/// One `listen` of a server, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    /// The address part (`127.0.0.1`, `[::]`), if any.
    pub address: Option<String>,
    pub port: u16,
    pub ssl: bool,
    pub default_server: bool,
    pub span: Span,
}

/// The `listen` directives of a server; a server without one listens on
/// port 80.
pub fn listens(server: &Node) -> Vec<Listen> {
    let mut out = Vec::new();
    let mut unix_only = false;
    for l in server.all("listen") {
        let Some(addr) = l.arg(0) else { continue };
        // A Unix socket is reached by another process on the machine (an
        // outer proxy), never from the network.
        if addr.starts_with("unix:") {
            unix_only = true;
            continue;
        }
        let (address, port) = split_host_port(addr);
        let port = port.unwrap_or(if address.is_none() {
            addr.parse().unwrap_or(80)
        } else {
            80
        });
        let flags: Vec<&str> = l.args.iter().skip(1).map(|a| a.value.as_str()).collect();
        out.push(Listen {
            address,
            port,
            ssl: flags.contains(&"ssl") || flags.contains(&"quic"),
            default_server: flags.contains(&"default_server") || flags.contains(&"default"),
            span: l.span(),
        });
    }
    if out.is_empty() && !unix_only {
        out.push(Listen {
            address: None,
            port: 80,
            ssl: false,
            default_server: false,
            span: server.span(),
        });
    }
    out
}

/// `127.0.0.1:8000` → (`127.0.0.1`, 8000); `8000` → (None, None) (the
/// caller decides whether a bare word is a port); `[::]:80` → (`[::]`, 80).
pub fn split_host_port(s: &str) -> (Option<String>, Option<u16>) {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return (None, s.parse().ok());
    }
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']').unwrap_or((rest, ""));
        return (
            Some(format!("[{host}]")),
            after.strip_prefix(':').and_then(|p| p.parse().ok()),
        );
    }
    match s.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => {
            (Some(h.to_string()), p.parse().ok())
        }
        _ => (Some(s.to_string()), None),
    }
}

/// The names of a server (`server_name`); empty when it has none.
pub fn server_names(server: &Node) -> Vec<&Arg> {
    server
        .all("server_name")
        .flat_map(|d| d.args.iter())
        .collect()
}

/// A location with the blocks around it, outermost first (the server, the
/// enclosing locations and `if` blocks).
#[derive(Clone, Debug)]
pub struct Scoped<'a> {
    pub node: &'a Node,
    /// The levels around the node, outermost first: http (if known),
    /// server, enclosing locations.
    pub outer: Vec<&'a Node>,
}

/// Every `location` and `if` inside a server, depth first, with its chain
/// of enclosing blocks.
pub fn locations<'a>(server: &'a Node) -> Vec<Scoped<'a>> {
    fn walk<'a>(node: &'a Node, chain: &mut Vec<&'a Node>, out: &mut Vec<Scoped<'a>>) {
        for child in node.children() {
            if matches!(child.name.as_str(), "location" | "if" | "limit_except")
                && child.block.is_some()
            {
                out.push(Scoped {
                    node: child,
                    outer: chain.clone(),
                });
                chain.push(child);
                walk(child, chain, out);
                chain.pop();
            }
        }
    }
    let mut out = Vec::new();
    let mut chain = vec![server];
    walk(server, &mut chain, &mut out);
    out
}

/// The directives named `name` in effect at `level`, for directives nginx
/// inherits as a whole list (`add_header`, `proxy_set_header`): a level
/// that declares any of them replaces the list of the levels above. The
/// levels are given outermost first, the level itself last.
pub fn inherited_list<'a, L: Into<Level<'a>> + Copy>(levels: &[L], name: &str) -> Vec<&'a Node> {
    for &level in levels.iter().rev() {
        let here: Vec<&Node> = level.into().named(name).collect();
        if !here.is_empty() {
            return here;
        }
    }
    Vec::new()
}

/// The innermost directive named `name` among the levels (outermost first):
/// nginx's inheritance for single-valued directives.
pub fn inherited_value<'a, L: Into<Level<'a>> + Copy>(
    levels: &[L],
    name: &str,
) -> Option<&'a Node> {
    levels
        .iter()
        .rev()
        .find_map(|&level| level.into().last(name))
}

/// Does this location hand requests to an application server?
pub fn passes_to_app(node: &Node) -> Option<&Node> {
    node.children().iter().find(|n| {
        matches!(
            n.name.as_str(),
            "proxy_pass" | "uwsgi_pass" | "fastcgi_pass" | "scgi_pass" | "grpc_pass"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)], root: &str) -> (NginxConfig, SourceDb) {
        let dir = tempfile::tempdir().unwrap();
        for (p, t) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        let mut sources = SourceDb::new();
        let base = dir.path().canonicalize().unwrap();
        let config = Loader {
            root: &base,
            sources: &mut sources,
            files: &[],
        }
        .load(&base.join(root))
        .unwrap();
        (config, sources)
    }

    #[test]
    fn includes_resolve_relative_to_the_main_file_with_globs() {
        let (config, sources) = load(
            &[
                (
                    "deploy/nginx/nginx.conf",
                    "events {}\nhttp { include mime.types; include /etc/nginx/conf.d/*.conf; include snippets/ssl.conf; }",
                ),
                (
                    "deploy/nginx/conf.d/a.conf",
                    "server { listen 80; server_name a.example.com; }",
                ),
                (
                    "deploy/nginx/conf.d/b.conf",
                    "server { listen 80; server_name b.example.com; include missing-local.conf; }",
                ),
            ],
            "deploy/nginx/nginx.conf",
        );
        assert_eq!(config.kind, ConfigKind::Main);
        let servers = config.servers();
        assert_eq!(servers.len(), 2);
        assert_eq!(
            sources.get(servers[1].file).path,
            "deploy/nginx/conf.d/b.conf"
        );
        let problems: Vec<&str> = config.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            problems,
            ["included file `missing-local.conf` is not in the project"]
        );
    }

    #[test]
    fn include_cycles_are_reported_not_followed() {
        let (config, _) = load(
            &[
                ("nginx/a.conf", "server { include b.conf; }"),
                ("nginx/b.conf", "include a.conf;"),
            ],
            "nginx/a.conf",
        );
        assert!(
            config
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::IncludeCycle)
        );
    }

    #[test]
    fn proxy_params_is_known_without_the_file() {
        let (config, _) = load(
            &[(
                "nginx/site.conf",
                "server { location / { include proxy_params; proxy_pass http://unix:/run/app.sock; } }",
            )],
            "nginx/site.conf",
        );
        let server = config.servers()[0];
        let loc = &locations(server)[0];
        let headers = inherited_list(
            &[server.children(), loc.node.children()],
            "proxy_set_header",
        );
        assert_eq!(headers.len(), 4);
        assert_eq!(headers[0].arg(1), Some("$http_host"));
        assert!(headers[0].assumed_from.is_some());
        assert!(config.problems.is_empty());
    }

    /// The directives of `text`, spliced, without a file system.
    fn spliced(text: &str) -> Vec<Node> {
        let parsed = parse(text);
        let mut sources = SourceDb::new();
        let file = sources.add(SourceFile::new(
            "x".into(),
            "x".into(),
            String::new(),
            SourceKind::Nginx,
        ));
        let mut loader = Loader {
            root: Path::new("/nonexistent"),
            sources: &mut sources,
            files: &[],
        };
        Splicer::new(&mut loader, "/nonexistent".into()).splice_list(file, parsed.directives)
    }

    #[test]
    fn listen_forms() {
        let nodes = spliced(
            "server { listen 443 ssl http2 default_server; listen [::]:443 ssl; listen 127.0.0.1:8080; listen 8000; listen localhost; }",
        );
        let l = listens(&nodes[0]);
        let got: Vec<(Option<&str>, u16, bool, bool)> = l
            .iter()
            .map(|l| (l.address.as_deref(), l.port, l.ssl, l.default_server))
            .collect();
        assert_eq!(
            got,
            [
                (None, 443, true, true),
                (Some("[::]"), 443, true, false),
                (Some("127.0.0.1"), 8080, false, false),
                (None, 8000, false, false),
                (Some("localhost"), 80, false, false)
            ]
        );
    }

    #[test]
    fn list_inheritance_stops_at_the_first_level_that_declares() {
        let nodes = spliced(
            "server { add_header A 1; add_header B 2; location / { add_header C 3; } location /x { } }",
        );
        let server = &nodes[0];
        let locs = locations(server);
        let first: Vec<&str> =
            inherited_list(&[server.children(), locs[0].node.children()], "add_header")
                .iter()
                .filter_map(|n| n.arg(0))
                .collect();
        let second: Vec<&str> =
            inherited_list(&[server.children(), locs[1].node.children()], "add_header")
                .iter()
                .filter_map(|n| n.arg(0))
                .collect();
        assert_eq!(first, ["C"]);
        assert_eq!(second, ["A", "B"]);
    }

    #[test]
    fn an_index_answers_as_a_scan_does() {
        let mut text = String::from("server { add_header A 1; root /a; ");
        for i in 0..40 {
            text.push_str(&format!(
                "location /{i} {{ proxy_pass http://app; }} add_header B{i} 2; "
            ));
        }
        text.push_str("root /b; }");
        let nodes = spliced(&text);
        let server = &nodes[0];
        assert!(server.index.is_some());
        let scan = Level::from(server.children());
        for name in ["add_header", "root", "location", "server_name"] {
            let want: Vec<TextRange> = server
                .children()
                .iter()
                .filter(|n| n.name == name)
                .map(|n| n.range)
                .collect();
            let ranges = |v: Vec<&Node>| v.into_iter().map(|n| n.range).collect::<Vec<_>>();
            assert_eq!(ranges(server.all(name).collect()), want);
            assert_eq!(ranges(scan.named(name).collect()), want);
            assert_eq!(
                ranges(server.all(name).rev().collect()),
                want.iter().rev().copied().collect::<Vec<_>>()
            );
            assert_eq!(server.first(name).map(|n| n.range), want.first().copied());
            assert_eq!(
                inherited_value(&[server.level()], name).map(|n| n.range),
                want.last().copied()
            );
            assert_eq!(ranges(inherited_list(&[server.level()], name)), want);
            assert_eq!(ranges(inherited_list(&[server.children()], name)), want);
        }
    }
}
