//! POSIX path arithmetic as `os.path` and `pathlib` do it, without touching
//! the disk except where Python itself would (`resolve`).

/// Why `os.path.abspath` (or `Path.absolute()`) of a relative path is
/// unknown.
pub(crate) const RELATIVE_MADE_ABSOLUTE: &str =
    "a relative path made absolute against the working directory of the process";

/// `pathlib.PurePosixPath(p)` normalisation: collapse `//` and `.`, drop a
/// trailing slash; `..` is kept.
pub(crate) fn pathlib_normalize(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let absolute = p.starts_with('/');
    // POSIX keeps exactly two leading slashes; pathlib does too.
    let double = p.starts_with("//") && !p.starts_with("///");
    let parts: Vec<&str> = p
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let body = parts.join("/");
    match (absolute, double) {
        (true, true) => format!("//{body}"),
        (true, false) => format!("/{body}"),
        _ if body.is_empty() => ".".into(),
        _ => body,
    }
}

/// `os.path.normpath`.
pub(crate) fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else if p.starts_with('/') {
        1
    } else {
        0
    };
    let mut out: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && out.is_empty()) || out.last() == Some(&"..") {
            out.push(comp);
        } else if !out.is_empty() {
            out.pop();
        }
    }
    let body = out.join("/");
    let prefix = "/".repeat(initial);
    let joined = format!("{prefix}{body}");
    if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// `pathlib.Path(a) / b`.
pub(crate) fn path_join(a: &str, b: &str) -> String {
    if b.starts_with('/') {
        pathlib_normalize(b)
    } else {
        pathlib_normalize(&format!("{a}/{b}"))
    }
}

/// `os.path.join(a, *rest)`.
pub(crate) fn os_join(parts: &[String]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i == 0 || p.starts_with('/') {
            out = p.clone();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(p);
        } else {
            out.push('/');
            out.push_str(p);
        }
    }
    out
}

/// `os.path.dirname`.
pub(crate) fn dirname(p: &str) -> String {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    let head = &p[..i];
    if !head.is_empty() && head != "/".repeat(head.len()) {
        head.trim_end_matches('/').to_string()
    } else {
        head.to_string()
    }
}

/// `os.path.basename`.
pub(crate) fn basename(p: &str) -> String {
    p.rsplit('/').next().unwrap_or(p).to_string()
}

/// `PurePath.parent`.
pub(crate) fn parent(p: &str) -> String {
    let p = pathlib_normalize(p);
    if p == "/" || p == "." || p == "//" {
        return p;
    }
    match p.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => p[..i].to_string(),
        None => ".".into(),
    }
}

/// `PurePath.name`.
pub(crate) fn name(p: &str) -> String {
    let p = pathlib_normalize(p);
    if p == "/" || p == "." {
        String::new()
    } else {
        basename(&p)
    }
}

/// `PurePath.suffix`.
pub(crate) fn suffix(p: &str) -> String {
    let n = name(p);
    match n.rfind('.') {
        Some(i) if i > 0 && i < n.len() - 1 => n[i..].to_string(),
        _ => String::new(),
    }
}

/// `PurePath.stem`.
pub(crate) fn stem(p: &str) -> String {
    let n = name(p);
    let s = suffix(p);
    n[..n.len() - s.len()].to_string()
}

/// Whether `p` lies inside `root` once the symlinks of its longest existing
/// prefix are followed (`root/out/x` with `out` a symlink out of the
/// project does not).
pub(crate) fn lies_inside(root: &std::path::Path, p: &str) -> bool {
    let normalized = normpath(p);
    if !std::path::Path::new(&normalized).starts_with(root) {
        return false;
    }
    let Ok(root) = golive_source::gate::canonical_root(root) else {
        return false;
    };
    // Judged on the path as the kernel will resolve it: `root/out/../x`
    // with `out` a symlink out of the project is `x` beside the symlink's
    // target, not `root/x` (the lexical form only rules out what climbs
    // out without a symlink).
    golive_source::gate::lies_beneath(&root, std::path::Path::new(p))
}

/// `Path.resolve()` for an absolute path: symlinks followed where the path
/// exists, `..` applied lexically beyond that (Python's non-strict mode).
/// Only inside the project: what lies outside is the deployed machine's
/// (and reading it here would tell a hostile repository about the machine
/// auditing it), so there, and where a symlink leads out, the path is
/// normalized lexically.
pub(crate) fn resolve(root: &std::path::Path, p: &str) -> String {
    if !lies_inside(root, p) {
        return normpath(p);
    }
    let path = std::path::Path::new(p);
    if let Ok(real) = std::fs::canonicalize(path) {
        return real.to_string_lossy().into_owned();
    }
    // Resolve the longest existing prefix, then append the rest.
    let normalized = normpath(p);
    let mut existing = std::path::PathBuf::from(&normalized);
    let mut rest: Vec<String> = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n.to_string_lossy().into_owned());
                existing = parent.to_path_buf();
            }
            _ => return normalized,
        }
    }
    let mut base = std::fs::canonicalize(&existing)
        .map_or(normalized.clone(), |r| r.to_string_lossy().into_owned());
    for part in rest.iter().rev() {
        base = path_join(&base, part);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `root/out/../secret` with `out` a symlink out of the project is the
    /// file beside the symlink's target, as the kernel resolves it — not
    /// `root/secret`, as the lexical form reads (asking the disk about it
    /// would tell a hostile repository what exists on the auditing machine).
    #[test]
    fn a_path_through_a_symlink_and_dotdot_is_judged_where_the_kernel_takes_it() {
        let base = tempfile::tempdir().unwrap();
        let base = base.path().canonicalize().unwrap();
        let root = base.join("root");
        std::fs::create_dir_all(root.join("in")).unwrap();
        std::fs::create_dir_all(base.join("outside/deeper")).unwrap();
        std::fs::write(base.join("outside/secret"), "x").unwrap();
        std::os::unix::fs::symlink(base.join("outside/deeper"), root.join("out")).unwrap();
        let at = |rel: &str| format!("{}/{rel}", root.display());
        assert!(!lies_inside(&root, &at("out/../secret")));
        assert!(!lies_inside(&root, &at("out/missing")));
        assert!(!lies_inside(&root, &at("../outside/secret")));
        assert!(lies_inside(&root, &at("in/../in/missing")));
        assert_eq!(resolve(&root, &at("out/../secret")), at("secret"));
    }

    #[test]
    fn path_helpers_match_python() {
        assert_eq!(pathlib_normalize("/a//b/./c/"), "/a/b/c");
        assert_eq!(normpath("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(normpath("../x"), "../x");
        assert_eq!(
            os_join(&["/a".into(), "b".into(), "/c".into(), "d".into()]),
            "/c/d"
        );
        assert_eq!(os_join(&["/a/".into(), "b".into()]), "/a/b");
        assert_eq!(dirname("/a/b/c.py"), "/a/b");
        assert_eq!(dirname("/a"), "/");
        assert_eq!(dirname("c.py"), "");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(parent("a"), ".");
        assert_eq!(suffix("/x/settings.py"), ".py");
        assert_eq!(stem("/x/settings.py"), "settings");
        assert_eq!(path_join("/a", "../b"), "/a/../b");
    }
}
