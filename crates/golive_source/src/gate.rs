//! The one gate every file read goes through. A repository under audit may
//! be hostile: its files decide which paths golive asks for (an nginx
//! `include ../../x`, `dotenv_values("/etc/…")`, a symlinked settings
//! module), so the gate, not each caller, decides what may be read.
//!
//! Once a thread is [confined](confine_to) to a project root (opening a
//! project confines the thread that audits it; golive audits on one), a read
//! succeeds only for a regular file beneath that root — resolved by the
//! kernel (`openat2` with `RESOLVE_BENEATH`), so neither `..` nor a symlink
//! leads out — or for a file the user named on the command line
//! ([`allow_outside`]). Every read, confined or not, opens without
//! blocking (a FIFO, a device or a socket is refused, never waited on),
//! refuses files over the caller's size cap before reading them, and
//! strips a UTF-8 byte-order mark.

use std::cell::RefCell;
use std::fs::File;
use std::io::Read;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

/// Why a file was not read. The messages complete "`path` …".
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is outside the project (golive reads only files beneath {0})")]
    Outside(String),
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("is too large ({size} bytes; golive reads at most {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("is a binary file (it contains NUL bytes)")]
    Binary,
    #[error("does not exist")]
    NotFound,
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

impl ReadError {
    /// The file is not there (as opposed to refused or unreadable).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound)
    }
}

struct Confinement {
    /// The root as given (paths golive builds start with it).
    root: PathBuf,
    /// The root with symlinks resolved.
    canonical: PathBuf,
    /// The root directory, for `openat2`.
    dir: OwnedFd,
    /// Files named on the command line: as named (made absolute, `.` and
    /// `..` applied) and canonical.
    allowed: Vec<(PathBuf, PathBuf)>,
}

thread_local! {
    // Per thread, so that tests auditing different projects side by side
    // do not confine each other.
    static CONFINED: RefCell<Option<Confinement>> = const { RefCell::new(None) };
}

/// Confines every later read of this thread to `root`. Fails when the root
/// itself cannot be opened as a directory.
pub fn confine_to(root: &Path) -> std::io::Result<()> {
    let canonical = root.canonicalize()?;
    let dir = open_root_dir(&canonical).map_err(std::io::Error::from)?;
    CONFINED.with_borrow_mut(|c| {
        let allowed = c.take().map(|c| c.allowed).unwrap_or_default();
        *c = Some(Confinement {
            root: absolute(root),
            canonical,
            dir,
            allowed,
        });
    });
    Ok(())
}

/// Allows a file outside the root: one the user named on the command line
/// (`--env-file /etc/shop/prod.env`), never one a project file names.
pub fn allow_outside(path: &Path) {
    let Ok(canonical) = path.canonicalize() else {
        return;
    };
    CONFINED.with_borrow_mut(|c| {
        if let Some(c) = c.as_mut() {
            c.allowed.push((absolute(path), canonical));
        }
    });
}

/// `path` made absolute against the working directory, `..` kept (the
/// kernel resolves it after the symlinks before it).
fn absolute_unnormalized(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

/// `path` made absolute against the working directory, `.` and `..`
/// resolved lexically.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::normalize_lexically(&joined)
}

/// Opens `path` for reading through the gate.
fn open(path: &Path) -> Result<File, ReadError> {
    CONFINED.with_borrow(|c| open_in(c.as_ref(), path))
}

fn open_in(c: Option<&Confinement>, path: &Path) -> Result<File, ReadError> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    let Some(c) = c else {
        return rustix::fs::open(path, flags, Mode::empty())
            .map(File::from)
            .map_err(|e| from_errno(e, path));
    };
    let outside = || ReadError::Outside(c.root.display().to_string());
    // Relative to the root as the kernel resolves it: `..` may stay inside
    // (`nginx/../x`), the kernel refuses what climbs out.
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let rel = joined
        .strip_prefix(&c.root)
        .or_else(|_| joined.strip_prefix(&c.canonical))
        .ok()
        .map(Path::to_path_buf);
    let Some(rel) = rel else {
        // Outside the root: only a file the user named, as named (any
        // other path is not even resolved: a path a project file names
        // outside the project is not asked of the disk).
        let named = absolute(path);
        return match c.allowed.iter().find(|(given, _)| *given == named) {
            Some((_, canonical)) => rustix::fs::open(canonical, flags, Mode::empty())
                .map(File::from)
                .map_err(|e| from_errno(e, path)),
            None => Err(outside()),
        };
    };
    let rel = if rel.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        rel
    };
    match open_beneath(&c.dir, &rel, flags) {
        Ok(fd) => Ok(File::from(fd)),
        Err(rustix::io::Errno::XDEV) => Err(outside()),
        // Kernels before 5.6, or a sandbox that forbids openat2: resolve
        // the path ourselves.
        Err(rustix::io::Errno::NOSYS | rustix::io::Errno::PERM) => {
            let canonical = c
                .canonical
                .join(&rel)
                .canonicalize()
                .map_err(|e| from_io(e, path))?;
            if !canonical.starts_with(&c.canonical) {
                return Err(outside());
            }
            rustix::fs::open(&canonical, flags, Mode::empty())
                .map(File::from)
                .map_err(|e| from_errno(e, path))
        }
        Err(e) => Err(from_errno(e, path)),
    }
}

/// The root directory, opened to resolve paths beneath it (`O_PATH`: not
/// for reading).
fn open_root_dir(canonical_root: &Path) -> rustix::io::Result<OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    rustix::fs::open(
        canonical_root,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
}

/// `openat2` of `rel` beneath `dir`. The kernel answers `EAGAIN` when a
/// rename or mount anywhere on the machine races the resolution of a
/// `..` (`openat2(2)`: "retry"): retried, so that a path's answer does not
/// depend on what else the machine is doing.
fn open_beneath(
    dir: &OwnedFd,
    rel: &Path,
    flags: rustix::fs::OFlags,
) -> rustix::io::Result<OwnedFd> {
    use rustix::fs::{Mode, ResolveFlags};
    let mut attempts = 0;
    loop {
        match rustix::fs::openat2(
            dir,
            rel,
            flags,
            Mode::empty(),
            ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
        ) {
            Err(rustix::io::Errno::AGAIN) if attempts < 64 => attempts += 1,
            result => return result,
        }
    }
}

fn from_errno(e: rustix::io::Errno, path: &Path) -> ReadError {
    from_io(std::io::Error::from(e), path)
}

fn from_io(e: std::io::Error, _path: &Path) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => ReadError::NotFound,
        _ => ReadError::Io(e),
    }
}

/// What a non-regular file is, for the message.
fn kind_of(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a file"
    }
}

/// Reads the bytes of a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    // The size is known: read that much and stop, without the further
    // read that would only confirm the end (one system call per file, on
    // trees of thousands). A file that grows meanwhile is read as it was
    // when opened; one that shrinks, as far as it goes (and a file whose
    // size the file system does not report, as procfs does, reads empty).
    let size = usize::try_from(meta.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(size);
    file.take(meta.len()).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a file as text for analysis: a UTF-8 byte-order mark is dropped,
/// invalid UTF-8 is replaced rather than rejected (a settings file with
/// one stray byte should still be audited), and the caller learns that it
/// happened.
pub fn read_text_lossy(path: &Path, limit: u64) -> Result<(String, bool), ReadError> {
    text_lossy(read_bytes(path, limit)?)
}

/// A file's bytes as [`read_text_lossy`] reads them, for a caller that
/// read them itself.
pub fn text_lossy(mut bytes: Vec<u8>) -> Result<(String, bool), ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, false)),
        Err(e) => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), true)),
    }
}

/// The entries of a directory beneath the root (nothing for one outside
/// it, or through a symlink that leads out).
pub fn list_dir(dir: &Path) -> Vec<std::fs::DirEntry> {
    if !is_inside(dir) {
        return Vec::new();
    }
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().collect())
        .unwrap_or_default()
}

/// Whether `path` is beneath the root (always, when not confined).
pub fn is_inside(path: &Path) -> bool {
    CONFINED.with_borrow(|c| {
        let Some(c) = c.as_ref() else { return true };
        lies_beneath(&c.canonical, &absolute_unnormalized(path))
    })
}

/// `root` with its symlinks resolved: the audited root's is known already
/// (resolving it again asks `readlink` of each of its components).
pub fn canonical_root(root: &Path) -> std::io::Result<PathBuf> {
    let known = CONFINED.with_borrow(|c| {
        c.as_ref()
            .filter(|c| c.root == root || c.canonical == root)
            .map(|c| c.canonical.clone())
    });
    match known {
        Some(canonical) => Ok(canonical),
        None => root.canonicalize(),
    }
}

/// Whether the absolute `path` lies beneath `canonical_root` where the
/// kernel would take it, as the read gate does: the symlinks of its
/// longest existing prefix are followed (so `root/out/missing`, with `out`
/// a symlink out of the project, is outside), and what does not exist yet
/// is appended to that prefix lexically.
///
/// A path outside the root as written (and as the audited root was given)
/// is outside without asking the disk: it names a place on the deployed
/// machine, and what this machine has there is none of the project's
/// business (a hostile repository would learn from golive's answers). A
/// path that leaves the root through a symlink is outside even if a later
/// `..` or symlink comes back, and so is one through an absolute symlink
/// (a path of the machine the link was made on): the read gate refuses
/// both.
pub fn lies_beneath(canonical_root: &Path, path: &Path) -> bool {
    let Some(rel) = beneath_as_written(canonical_root, path) else {
        return false;
    };
    kernel_says_beneath(canonical_root, &rel)
}

/// `path` relative to the root, when it lies beneath the canonical root or
/// the audited root as given once `.` and `..` are applied lexically (the
/// relative path keeps them: the kernel applies them after symlinks).
fn beneath_as_written(canonical_root: &Path, path: &Path) -> Option<PathBuf> {
    let lexical = crate::normalize_lexically(path);
    if lexical.starts_with(canonical_root) {
        return path
            .strip_prefix(canonical_root)
            .ok()
            .map(Path::to_path_buf);
    }
    CONFINED.with_borrow(|c| {
        let c = c.as_ref().filter(|c| c.canonical == canonical_root)?;
        if !lexical.starts_with(&c.root) {
            return None;
        }
        path.strip_prefix(&c.root).ok().map(Path::to_path_buf)
    })
}

/// [`lies_beneath`] asked of the kernel in one or two system calls
/// (`realpath` asks `readlink` of every component of the path, ten or more
/// each time, and follows symlinks out to their targets): the path
/// relative to the root opened `O_PATH` with `RESOLVE_BENEATH`. It opens:
/// beneath. It leaves the root (`EXDEV`: a symlink or `..` out, an
/// absolute symlink): outside. It stops inside (a missing part, a file
/// used as a directory, a symlink loop), or the kernel has no `openat2`:
/// the path is resolved as CPython's non-strict `realpath` would, beneath
/// the root ([`resolve_beneath`]).
fn kernel_says_beneath(canonical_root: &Path, rel: &Path) -> bool {
    use rustix::fs::OFlags;
    let rel = if rel.as_os_str().is_empty() {
        Path::new(".")
    } else {
        rel
    };
    let ask = |dir: &OwnedFd| {
        use rustix::io::Errno;
        match open_beneath(dir, rel, OFlags::PATH | OFlags::CLOEXEC) {
            Ok(_) => true,
            Err(Errno::XDEV) => false,
            Err(Errno::NOENT | Errno::NOTDIR | Errno::LOOP | Errno::NOSYS | Errno::PERM) => {
                resolve_beneath(dir, rel)
            }
            // Not resolvable here (a directory golive may not search): not
            // known to be beneath.
            Err(_) => false,
        }
    };
    let answer = CONFINED.with_borrow(|c| match c {
        Some(c) if c.canonical == canonical_root => Some(ask(&c.dir)),
        _ => None,
    });
    match answer {
        Some(answer) => answer,
        None => open_root_dir(canonical_root).is_ok_and(|dir| ask(&dir)),
    }
}

/// Symlinks followed in one resolution before golive gives up (and calls
/// the path not known beneath): the kernel's limit.
const MAX_SYMLINK_HOPS: usize = 40;

/// `rel` resolved beneath the directory `root` as CPython's non-strict
/// `os.path.realpath` resolves it, one component at a time with
/// `readlinkat` (never naming anything outside `root`): a symlink's target
/// is resolved in its place, a missing component is kept as it is and a
/// later `..` removes it, and the path is outside as soon as it climbs
/// above the root or meets an absolute symlink. A chain of more than
/// `MAX_SYMLINK_HOPS` symlinks (a loop) is not known beneath.
fn resolve_beneath(root: &OwnedFd, rel: &Path) -> bool {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    use std::path::Component;
    let mut resolved = PathBuf::new();
    // Components still to resolve, the next one last.
    let mut pending: Vec<OsString> = Vec::new();
    let push_all = |pending: &mut Vec<OsString>, path: &Path| -> bool {
        let mut parts = Vec::new();
        for c in path.components() {
            match c {
                Component::Normal(n) => parts.push(n.to_os_string()),
                Component::ParentDir => parts.push(OsString::from("..")),
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => return false,
            }
        }
        pending.extend(parts.into_iter().rev());
        true
    };
    if !push_all(&mut pending, rel) {
        return false;
    }
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            if !resolved.pop() {
                return false;
            }
            continue;
        }
        let candidate = resolved.join(&part);
        match rustix::fs::readlinkat(root, &candidate, Vec::new()) {
            Ok(target) => {
                hops += 1;
                let target = PathBuf::from(OsString::from_vec(target.into_bytes()));
                if hops > MAX_SYMLINK_HOPS || !push_all(&mut pending, &target) {
                    return false;
                }
            }
            // Not a symlink, missing, or below a file: kept as it is.
            Err(
                rustix::io::Errno::INVAL | rustix::io::Errno::NOENT | rustix::io::Errno::NOTDIR,
            ) => {
                resolved = candidate;
            }
            Err(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `root/{in/, out -> ../outside/}` in a fresh temporary directory.
    fn tree() -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!("golive-gate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("root/in")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::os::unix::fs::symlink("../outside", base.join("root/out")).unwrap();
        let root = base.join("root").canonicalize().unwrap();
        (base, root)
    }

    #[test]
    fn a_path_is_judged_where_its_existing_prefix_leads() {
        let (base, root) = tree();
        let cases = [
            ("in", true),
            ("in/missing/deeper", true),
            ("in/../missing", true),
            ("out", false),
            ("out/missing", false),
            ("out/missing/..", false),
            // Out through a symlink and back: outside, as the gate reads it.
            ("out/../root/in", false),
            ("missing/../../x", false),
            ("missing/../in", true),
        ];
        std::os::unix::fs::symlink(root.join("in"), root.join("abs-in")).unwrap();
        std::os::unix::fs::symlink(base.join("outside"), root.join("abs-out")).unwrap();
        std::os::unix::fs::symlink("in", root.join("rel-in")).unwrap();
        std::os::unix::fs::symlink("loop", root.join("loop")).unwrap();
        std::fs::write(root.join("in/file.txt"), "x").unwrap();
        std::fs::create_dir_all(root.join("d1/d2")).unwrap();
        std::os::unix::fs::symlink("d1/d2", root.join("l")).unwrap();
        std::os::unix::fs::symlink("../../outside", root.join("d1/x")).unwrap();
        std::os::unix::fs::symlink("nope/../../outside", root.join("dl")).unwrap();
        for i in 1..45 {
            std::os::unix::fs::symlink(format!("c{}", i + 1), root.join(format!("c{i}"))).unwrap();
        }
        std::os::unix::fs::symlink("../outside", root.join("c45")).unwrap();
        std::os::unix::fs::symlink("chain2", root.join("chain1")).unwrap();
        std::os::unix::fs::symlink("in", root.join("chain2")).unwrap();
        let cases = cases.into_iter().chain([
            // An absolute symlink names the machine it was made on.
            ("abs-in/missing", false),
            ("abs-out", false),
            ("abs-out/missing", false),
            ("rel-in/missing", true),
            ("rel-in/../../x", false),
            ("in/file.txt/x", true),
            // `..` after a missing part, then a symlink out: outside.
            ("missing/../out/x", false),
            ("missing/../abs-in", false),
            ("missing/../rel-in/x", true),
            // A symlink loop: not known beneath.
            ("loop/x", false),
            // As CPython resolves them: `l/..` is `d1`, then `x` leads out.
            ("l/../m/../x/sub", false),
            // A `..` inside a dangling symlink's target.
            ("dl/sub", false),
            // 45 symlinks in a chain, the last one out.
            ("c1/sub", false),
            ("chain1/x", true),
            ("", true),
            (".", true),
            ("..", false),
        ]);
        for (rel, inside) in cases {
            let path = root.join(rel);
            assert_eq!(lies_beneath(&root, &path), inside, "{rel}");
            // The resolution in user space agrees with the kernel on every
            // path (it decides where the kernel stops).
            let dir = rustix::fs::open(
                &root,
                rustix::fs::OFlags::PATH | rustix::fs::OFlags::DIRECTORY,
                rustix::fs::Mode::empty(),
            )
            .unwrap();
            assert_eq!(resolve_beneath(&dir, Path::new(rel)), inside, "{rel}");
        }
        // Outside as written: not asked of the disk (a path that does not
        // exist here would give the same answer either way, so the check
        // is that no resolution happens: the lexical step decides).
        assert_eq!(beneath_as_written(&root, &base.join("outside/x")), None);
        assert_eq!(beneath_as_written(&root, &root.join("../outside")), None);
        assert_eq!(
            beneath_as_written(&root, &root.join("in/../x")),
            Some(PathBuf::from("in/../x"))
        );
        assert!(!lies_beneath(&root, Path::new("/")));
        let _ = std::fs::remove_dir_all(base);
    }
}
