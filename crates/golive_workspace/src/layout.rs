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

/// The files of the tree, gathered directory by directory with one
/// `openat` (relative to the parent's descriptor), the `getdents` calls
/// into one buffer for the whole walk, and one `close` each.
/// (`std::fs::read_dir` adds an `fstat` per directory and allocates each
/// entry's name, and looking for `pyvenv.cfg` a `stat` per directory near
/// the root: on a tree of 283 directories, 400 of its 2,900 system calls.
/// The entries of a directory are read before it is descended into, so
/// `pyvenv.cfg` is found among them.)
///
/// A second thread listing half the directories was tried: on the 2-core
/// VM the benchmarks run on, it made no difference on a tree of 283
/// directories (the system calls did not run faster side by side).
struct Walk {
    files: Vec<PathBuf>,
    unlisted: Vec<(PathBuf, String)>,
    /// Where `getdents` writes; a directory is read to its end before the
    /// walk descends into it, so one buffer serves the whole walk.
    buffer: Vec<u8>,
}

/// Room for a directory's entries, read with as few `getdents` calls as
/// most directories allow (an entry is at most ~280 bytes: any fits).
const DIRENT_BUFFER_BYTES: usize = 32 * 1024;

/// Opens a directory below the root, never through a symlink.
fn open_dir<Fd: std::os::fd::AsFd>(
    parent: Fd,
    name: &std::ffi::OsStr,
) -> rustix::io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::OFlags;
    rustix::fs::openat(
        parent,
        name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    )
}

/// Opens the root as given (a symlink to the project is followed).
fn open_root(root: &Path) -> rustix::io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::OFlags;
    rustix::fs::openat(
        rustix::fs::CWD,
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    )
}

impl Walk {
    fn new() -> Self {
        Self {
            files: Vec::new(),
            unlisted: Vec::new(),
            buffer: Vec::with_capacity(DIRENT_BUFFER_BYTES),
        }
    }

    /// Gathers the files of the directory `fd` (at `path`, `depth` below
    /// the root) and of its subdirectories.
    fn dir(&mut self, fd: std::os::fd::OwnedFd, path: &Path, depth: usize) {
        use rustix::fs::FileType;
        use std::os::unix::ffi::OsStrExt;
        let files_before = self.files.len();
        let child_depth = depth + 1;
        let mut subdirs: Vec<std::ffi::OsString> = Vec::new();
        let mut venv = false;
        let mut entries = rustix::fs::RawDir::new(&fd, self.buffer.spare_capacity_mut());
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.files.truncate(files_before);
                    return self.unlisted(path, e);
                }
            };
            let name = std::ffi::OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            let mut kind = entry.file_type();
            // A file system that does not say: ask, without following.
            if kind == FileType::Unknown {
                kind = rustix::fs::statat(&fd, name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
                    .map_or(FileType::Unknown, |st| FileType::from_raw_mode(st.st_mode));
            }
            venv |= name == "pyvenv.cfg";
            match kind {
                // Regular files only: a symlink may lead outside the
                // project, a FIFO would block the read.
                FileType::RegularFile => self.files.push(path.join(name)),
                FileType::Directory if child_depth < MAX_DEPTH && !skipped_dir(name) => {
                    subdirs.push(name.to_os_string());
                }
                _ => {}
            }
        }
        // A virtual environment sits near the root: not the project's code.
        if (1..=VENV_DEPTH).contains(&depth) && venv {
            self.files.truncate(files_before);
            return;
        }
        for name in subdirs {
            let sub = path.join(&name);
            match open_dir(&fd, &name) {
                Ok(sub_fd) => self.dir(sub_fd, &sub, child_depth),
                Err(e) => self.unlisted(&sub, e),
            }
        }
    }

    /// A directory golive may not list (run by a user who cannot read part
    /// of the tree): not silently a smaller project.
    fn unlisted(&mut self, path: &Path, e: rustix::io::Errno) {
        let why = std::io::Error::from(e);
        self.unlisted.push((
            path.to_path_buf(),
            format!("the directory cannot be listed ({why}); its files are not audited"),
        ));
    }
}

/// Directories below the root that are not the project's: VCS data,
/// caches, dependencies, build output, and hidden directories other than
/// those that hold deployment files.
fn skipped_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let hidden = name.starts_with('.') && !KEEP_HIDDEN_DIRS.contains(&name.as_ref());
    hidden || SKIP_DIRS.contains(&name.as_ref())
}

impl ProjectLayout {
    pub fn scan(root: &Path) -> Self {
        let mut search_roots = vec![root.to_path_buf()];
        let mut walk = Walk::new();
        match open_root(root) {
            Ok(fd) => walk.dir(fd, root, 0),
            Err(e) => walk.unlisted(root, e),
        }
        let Walk {
            mut files,
            unlisted,
            ..
        } = walk;
        // Byte order: as stable as path order, and a plain memcmp. (Making
        // the walk give this order, names sorted per directory with a
        // subdirectory read as `name/`, was tried: no fewer instructions.)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    /// What the walk keeps and leaves, on a tree with one of each: a
    /// virtual environment near the root and one deeper, hidden and skipped
    /// directories, symlinks, a FIFO, and files at and beyond the depth
    /// limit — under a root whose own name (`build`) is one the walk skips
    /// below the root.
    #[test]
    fn the_walk_keeps_the_projects_regular_files() {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("build");
        let outside = base.path().join("outside");
        touch(&outside, "secret.py");
        for rel in [
            "manage.py",
            "shop/settings.py",
            "venv/pyvenv.cfg",
            "venv/lib/python3.12/site-packages/django/__init__.py",
            "backend/.env/pyvenv.cfg",
            "backend/runtime/pyvenv.cfg",
            "backend/runtime/lib/python3.12/site.py",
            "a/b/c/d/py312/pyvenv.cfg",
            "a/b/c/d/py312/lib/x.py",
            ".git/config",
            ".platform/nginx/conf.d/site.conf",
            "node_modules/x/index.js",
            "shop/__pycache__/settings.cpython-312.pyc",
            "1/2/3/4/5/6/7/eight.txt",
            "1/2/3/4/5/6/7/8/nine.txt",
        ] {
            touch(&root, rel);
        }
        std::os::unix::fs::symlink(&outside, root.join("linked-dir")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.py"), root.join("linked.py")).unwrap();
        let fifo = root.join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let layout = ProjectLayout::scan(&root);
        let files: Vec<&str> = layout
            .files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().to_str().unwrap())
            .collect();
        assert_eq!(
            files,
            [
                ".platform/nginx/conf.d/site.conf",
                "1/2/3/4/5/6/7/eight.txt",
                "a/b/c/d/py312/lib/x.py",
                "a/b/c/d/py312/pyvenv.cfg",
                "manage.py",
                "shop/settings.py",
            ]
        );
        assert!(layout.unlisted.is_empty(), "{:?}", layout.unlisted);
    }

    /// The files come in byte order of their paths, which the other layers
    /// rely on: names that sort differently alone than as a path prefix
    /// (`a.py` and `a-b/` around `a/`), and a root given with a trailing
    /// slash.
    #[test]
    fn the_walk_gives_the_files_in_path_order() {
        let base = tempfile::tempdir().unwrap();
        let names = [
            "a.py",
            "a/x.py",
            "a/b.py",
            "a-b/y.py",
            "a b/z.py",
            "a0.txt",
            "A.py",
            "a/.b/c.py",
            "a/b-c/d.py",
            "a/b/e.py",
            "ab",
            "a.b/f.py",
            "z/a.py",
        ];
        for rel in names {
            touch(base.path(), rel);
        }
        let mut root = base.path().as_os_str().to_os_string();
        root.push("/");
        let layout = ProjectLayout::scan(Path::new(&root));
        let files: Vec<&[u8]> = layout
            .files
            .iter()
            .map(|f| f.as_os_str().as_encoded_bytes())
            .collect();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
        // Every file but the one in the hidden directory.
        assert_eq!(files.len(), names.len() - 1);
    }
}
