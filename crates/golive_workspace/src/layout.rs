//! The walk of the project tree: every file golive may read (never through
//! a symlink, never into virtual environments or VCS data), and where the
//! project's Python lives.

use std::path::{Path, PathBuf};

/// Where the project's Python lives, and its files.
#[derive(Clone, Debug)]
pub struct ProjectLayout {
    pub root: PathBuf,
    /// Directories that act as `sys.path` entries: the root, every directory
    /// holding a manage.py (but a vendored one), and `src/`.
    pub search_roots: Vec<PathBuf>,
    /// Every regular file of the project outside the skipped directories
    /// (virtual environments, caches, VCS data), sorted: the other layers
    /// pick their files from here rather than walking the tree again.
    pub files: Vec<PathBuf>,
    /// Directories the walk could not list (permissions), with why: their
    /// files are not audited, and the report says so.
    pub unlisted: Vec<(PathBuf, String)>,
}

/// Hidden directories that hold deployment files (Elastic Beanstalk's
/// nginx and hooks); other hidden directories are skipped.
const KEEP_HIDDEN_DIRS: &[&str] = &[".platform", ".ebextensions", ".docker", ".deploy"];

const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "site-packages",
    "__pycache__",
    ".git",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "build",
    "dist",
    "target",
    ".mypy_cache",
];

/// How deep the walk goes: deeper trees are vendored code, not a project's
/// deployment.
const MAX_DEPTH: usize = 8;

/// How deep a virtual environment is looked for (`venv/`, `backend/.env/`).
const VENV_DEPTH: usize = 3;

impl ProjectLayout {
    pub fn scan(root: &Path) -> Self {
        let mut search_roots = vec![root.to_path_buf()];
        let walker = walkdir::WalkDir::new(root)
            .max_depth(MAX_DEPTH)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                if !e.file_type().is_dir() {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                let hidden_dir = name.starts_with('.')
                    && e.depth() > 0
                    && !KEEP_HIDDEN_DIRS.contains(&name.as_ref());
                // A virtual environment sits near the root; probing every
                // directory of a large tree for `pyvenv.cfg` would cost a
                // `stat` each.
                let venv = e.depth() > 0
                    && e.depth() <= VENV_DEPTH
                    && e.path().join("pyvenv.cfg").exists();
                !(hidden_dir || SKIP_DIRS.contains(&name.as_ref()) || venv)
            });
        // Regular files only: a symlink may lead outside the project, a
        // FIFO would block the read.
        let mut files: Vec<PathBuf> = Vec::new();
        let mut unlisted = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                Ok(_) => {}
                // A directory golive may not list (run by a user who cannot
                // read part of the tree): not silently a smaller project.
                Err(e) => {
                    if let Some(path) = e.path() {
                        let why = e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string);
                        unlisted.push((
                            path.to_path_buf(),
                            format!(
                                "the directory cannot be listed ({why}); its files are not audited"
                            ),
                        ));
                    }
                }
            }
        }
        // Byte order: as stable as path order, and a plain memcmp.
        files.sort_unstable_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        for path in &files {
            // Python puts the directory of the manage.py it runs on
            // `sys.path`. A copy of another project vendored into this one
            // (`vendor/pydantic-pkgr/manage.py`) is never run: its modules
            // are imported, if at all, as the installed package the
            // project depends on, which golive does not read.
            if golive_source::name_bytes_of(path) == b"manage.py"
                && !crate::classify::is_vendored(golive_source::relative(root, path))
                && let Some(dir) = path.parent()
            {
                search_roots.push(dir.to_path_buf());
            }
        }
        // `src` may be a symlink: a search root is listed and its modules
        // looked up, so one that leads out of the project is not one.
        let src = root.join("src");
        if src.is_dir() && golive_source::gate::is_inside(&src) {
            search_roots.push(src);
        }
        search_roots.dedup();
        Self {
            root: root.to_path_buf(),
            search_roots,
            files,
            unlisted,
        }
    }

    /// The dotted module name of a file under one of the search roots.
    pub fn module_name(&self, file: &Path) -> Option<String> {
        let mut best: Option<String> = None;
        for root in &self.search_roots {
            let Ok(rel) = file.strip_prefix(root) else {
                continue;
            };
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().to_string())
                .collect();
            let last = parts.pop()?;
            let stem = last.strip_suffix(".py")?;
            if stem != "__init__" {
                parts.push(stem.to_string());
            }
            if parts.is_empty()
                || !parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                continue;
            }
            let name = parts.join(".");
            // Prefer the shortest name (the deepest search root).
            if best.as_ref().is_none_or(|b| name.len() < b.len()) {
                best = Some(name);
            }
        }
        best
    }

    /// The path relative to the root, with `/`.
    pub fn rel(&self, path: &Path) -> String {
        golive_source::display_path(&self.root, path)
    }
}
