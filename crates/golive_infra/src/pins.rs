//! The Django release a project pins. Lock files name the exact version;
//! requirements files and `pyproject.toml` give ranges, resolved to the
//! newest supported series they allow.

use golive_python::DjangoVersion;
use pep440_rs::{Version, VersionSpecifiers};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where the Django version came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DjangoPin {
    pub version: DjangoVersion,
    /// The full version when the file names one (`5.2.19`).
    pub exact: Option<String>,
    pub path: PathBuf,
    pub line: usize,
    /// The requirement as written (`Django>=5.2,<6`).
    pub requirement: String,
}

/// Newest patch of each series golive knows, used to resolve ranges.
const SERIES_PATCHES: &[(u32, u32, &str)] = &[
    (4, 2, "4.2.30"),
    (5, 0, "5.0.14"),
    (5, 1, "5.1.15"),
    (5, 2, "5.2.19"),
    (6, 0, "6.0.10"),
    (6, 1, "6.1.3"),
];

/// A requirement on one package, as a file of the project states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// PEP 440 specifiers (`==4.0`, `>=5.2,<6`; empty for any version).
    pub spec: String,
    /// The full version when a lock file or `==` names one.
    pub exact: Option<String>,
    pub path: PathBuf,
    pub line: usize,
    /// The requirement as written.
    pub text: String,
}

impl Requirement {
    /// The lowest major version the requirement allows, when it says
    /// (`==4.0` → 4, `>=3.7,<4` → 3, `^3.8` → 3).
    pub fn lowest_major(&self) -> Option<u64> {
        if let Some(exact) = &self.exact {
            return exact.split('.').next()?.parse().ok();
        }
        let specifiers = VersionSpecifiers::from_str(&self.spec).ok()?;
        specifiers
            .iter()
            .filter(|s| {
                matches!(
                    s.operator(),
                    pep440_rs::Operator::Equal
                        | pep440_rs::Operator::GreaterThanEqual
                        | pep440_rs::Operator::TildeEqual
                        | pep440_rs::Operator::GreaterThan
                )
            })
            .filter_map(|s| s.version().release().first().copied())
            .max()
    }
}

/// Looks for a Django pin in the project at `root`.
pub fn find_django_pin(root: &Path) -> Option<DjangoPin> {
    find_django_pin_among(root, None)
}

/// Looks for a Django pin among `files` (the project's files, from a walk
/// The largest requirements, lock or pyproject file golive reads (lock files
/// of large projects run to a few megabytes).
const MAX_PIN_FILE: u64 = 16 * 1024 * 1024;

/// that already happened), or on disk when `None`.
pub fn find_django_pin_among(root: &Path, files: Option<&[PathBuf]>) -> Option<DjangoPin> {
    let r = find_requirement_among(root, files, "django")?;
    let (version, exact) = match &r.exact {
        Some(v) => (
            DjangoVersion::parse(v)?,
            Some(v.clone()).filter(|e| e.matches('.').count() >= 2),
        ),
        None => resolve(&r.spec).unwrap_or((DjangoVersion::NEWEST_LTS, None)),
    };
    Some(DjangoPin {
        version,
        exact,
        path: r.path,
        line: r.line,
        requirement: r.text,
    })
}

/// Looks for the requirement on `package` (any spelling: `django_csp`,
/// `Django-CSP`) in the project at `root`: its lock files first, then
/// requirement files and `pyproject.toml`, at the root or in the nearest
/// subdirectory that has them.
pub fn find_requirement(root: &Path, package: &str) -> Option<Requirement> {
    find_requirement_among(root, None, package)
}

/// [`find_requirement`] among `files` (the project's files, from a walk that
/// already happened), or on disk when `None`.
pub fn find_requirement_among(
    root: &Path,
    files: Option<&[PathBuf]>,
    package: &str,
) -> Option<Requirement> {
    let wanted = |name: &str| normalize_name(name) == normalize_name(package);
    if let Some(pin) = find_in(root, &wanted) {
        return Some(pin);
    }
    // A project whose Python lives in a subdirectory (`backend/poetry.lock`,
    // `deploy/requirements.txt`): the nearest directory with a pin.
    let mut dirs = Vec::new();
    match files {
        Some(files) => {
            for f in files {
                // Named from the path's bytes: this runs over every file of
                // large trees, once per package looked up.
                let (parent, name) = (
                    golive_source::parent_bytes(f),
                    golive_source::name_bytes_of(f),
                );
                let in_requirements_dir =
                    parent.ends_with(b"/requirements") || parent == b"requirements";
                let lower = |n: &[u8], w: &str| n.eq_ignore_ascii_case(w.as_bytes());
                let is_pin_file = ["uv.lock", "poetry.lock", "pipfile.lock", "pyproject.toml"]
                    .iter()
                    .any(|w| lower(name, w))
                    || name.len() >= 12
                        && lower(&name[..12], "requirements")
                        && (name.to_ascii_lowercase().ends_with(b".txt")
                            || name.to_ascii_lowercase().ends_with(b".in"))
                    || in_requirements_dir;
                if !is_pin_file {
                    continue;
                }
                let Some(dir) = f.parent() else { continue };
                // A `requirements/` directory belongs to its parent.
                let dir = if dir.file_name().is_some_and(|d| d == "requirements") {
                    dir.parent().unwrap_or(dir)
                } else {
                    dir
                };
                let Ok(rel) = dir.strip_prefix(root) else {
                    continue;
                };
                let depth = rel.components().count();
                if !is_pin_file
                    || depth == 0
                    || depth > 3
                    || rel
                        .components()
                        .any(|c| is_skipped_dir(&c.as_os_str().to_string_lossy().to_lowercase()))
                {
                    continue;
                }
                if !dirs.contains(&dir.to_path_buf()) {
                    dirs.push(dir.to_path_buf());
                }
            }
        }
        None => subdirectories(root, 0, &mut dirs),
    }
    dirs.sort_by_key(|d| (d.components().count(), d.clone()));
    dirs.into_iter().find_map(|d| find_in(&d, &wanted))
}

/// Directories whose pins are not the project's: vendored code, virtual
/// environments, tests, docs and build output.
fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "node_modules"
                | "site-packages"
                | "venv"
                | "vendor"
                | "tests"
                | "test"
                | "docs"
                | "examples"
                | "build"
                | "dist"
                | "target"
        )
}

/// PEP 503 name normalisation.
fn normalize_name(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

/// Directories below `dir`, three levels at most, without vendored,
/// virtual-environment, VCS or test trees.
fn subdirectories(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth >= 3 {
        return;
    }
    for e in golive_source::gate::list_dir(dir) {
        let name = e.file_name().to_string_lossy().to_lowercase();
        if !e.file_type().is_ok_and(|t| t.is_dir())
            || is_skipped_dir(&name)
            || e.path().join("pyvenv.cfg").exists()
        {
            continue;
        }
        out.push(e.path());
        subdirectories(&e.path(), depth + 1, out);
    }
}

type Wanted<'a> = &'a dyn Fn(&str) -> bool;

/// The requirement of the lock files, requirement files or pyproject.toml
/// directly in `root`.
fn find_in(root: &Path, wanted: Wanted<'_>) -> Option<Requirement> {
    for lock in ["uv.lock", "poetry.lock"] {
        if let Some(pin) = from_toml_lock(&root.join(lock), wanted) {
            return Some(pin);
        }
    }
    if let Some(pin) = from_pipfile_lock(&root.join("Pipfile.lock"), wanted) {
        return Some(pin);
    }
    let mut requirement_files = requirement_files(root);
    // Production requirement files first.
    requirement_files.sort_by_key(|p| {
        let s = p.to_string_lossy().to_lowercase();
        (
            !(s.contains("prod") || s.contains("base") || s.ends_with("requirements.txt")),
            s.contains("dev") || s.contains("test"),
            s,
        )
    });
    for file in requirement_files {
        if let Some(pin) = from_requirements(&file, 0, wanted) {
            return Some(pin);
        }
    }
    from_pyproject(&root.join("pyproject.toml"), wanted)
}

/// The lock and requirement files at `root` that golive could not read
/// (too large, binary, a FIFO, leading outside the project), each with
/// why: when no pin is found, the pin may be in one of them.
pub fn unreadable_pin_files(root: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = ["uv.lock", "poetry.lock", "Pipfile.lock", "pyproject.toml"]
        .iter()
        .map(|name| root.join(name))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .collect();
    files.extend(requirement_files(root));
    files
        .iter()
        .filter_map(|path| {
            let why = golive_source::read_text_lossy(path, MAX_PIN_FILE).err()?;
            Some(format!(
                "{}: {why}",
                golive_source::display_path(root, path)
            ))
        })
        .collect()
}

fn requirement_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [root.to_path_buf(), root.join("requirements")] {
        for e in golive_source::gate::list_dir(&dir) {
            let name = e.file_name().to_string_lossy().to_lowercase();
            let in_req_dir = dir.ends_with("requirements");
            if (name.starts_with("requirements")
                && (name.ends_with(".txt") || name.ends_with(".in")))
                || (in_req_dir && (name.ends_with(".txt") || name.ends_with(".in")))
            {
                out.push(e.path());
            }
        }
    }
    out
}

/// Resolves a specifier set to the newest supported series it allows.
fn resolve(spec: &str) -> Option<(DjangoVersion, Option<String>)> {
    let spec = spec.trim();
    if let Some(exact) = spec.strip_prefix("==").or_else(|| spec.strip_prefix("===")) {
        let exact = exact.trim().trim_end_matches(".*");
        return DjangoVersion::parse(exact).map(|v| {
            (
                v,
                Some(exact.to_string()).filter(|e| e.matches('.').count() >= 2),
            )
        });
    }
    if spec.is_empty() {
        return None;
    }
    let specifiers = VersionSpecifiers::from_str(spec).ok()?;
    SERIES_PATCHES
        .iter()
        .rev()
        .find(|(_, _, patch)| Version::from_str(patch).is_ok_and(|v| specifiers.contains(&v)))
        .map(|(major, minor, _)| (DjangoVersion::new(*major, *minor), None))
}

/// Splits `Django[argon2]>=5.2,<6 ; python_version>="3.10"` into name and
/// specifiers.
fn split_requirement(line: &str) -> Option<(String, String)> {
    let line = line.split(';').next()?.trim();
    let name_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(line.len());
    let name = line[..name_len].to_string();
    let mut rest = line[name_len..].trim();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |i| rest[i + 1..].trim());
    }
    if rest.starts_with('(') && rest.ends_with(')') {
        rest = &rest[1..rest.len() - 1];
    }
    Some((name, rest.to_string()))
}

fn from_requirements(path: &Path, depth: u32, wanted: Wanted<'_>) -> Option<Requirement> {
    let (text, _) = golive_source::read_text_lossy(path, MAX_PIN_FILE).ok()?;
    let mut joined = String::new();
    let mut start_line = 0;
    for (idx, raw) in text.lines().enumerate() {
        if joined.is_empty() {
            start_line = idx + 1;
        }
        let line = raw.split(" #").next().unwrap_or(raw);
        if let Some(cont) = line.strip_suffix('\\') {
            joined.push_str(cont);
            continue;
        }
        joined.push_str(line);
        let logical = std::mem::take(&mut joined);
        let logical = logical.trim();
        if logical.starts_with('#') || logical.is_empty() {
            continue;
        }
        if let Some(include) = logical
            .strip_prefix("-r")
            .or_else(|| logical.strip_prefix("--requirement"))
        {
            let include = include.trim().trim_start_matches('=').trim();
            if depth < 5
                && let Some(dir) = path.parent()
                && let Some(pin) = from_requirements(&dir.join(include), depth + 1, wanted)
            {
                return Some(pin);
            }
            continue;
        }
        if logical.starts_with('-') {
            continue;
        }
        let without_hashes = logical.split(" --hash").next().unwrap_or(logical);
        let Some((name, spec)) = split_requirement(without_hashes) else {
            continue;
        };
        if wanted(&name) {
            return Some(requirement(
                spec,
                path,
                start_line,
                without_hashes.trim().to_string(),
            ));
        }
    }
    None
}

/// A requirement from its specifiers; `==X.Y.Z` is exact.
fn requirement(spec: String, path: &Path, line: usize, text: String) -> Requirement {
    let spec = spec.trim().to_string();
    let exact = spec
        .strip_prefix("===")
        .or_else(|| spec.strip_prefix("=="))
        .map(|v| v.trim().trim_end_matches(".*").to_string())
        .filter(|v| !v.contains([',', '*']));
    Requirement {
        spec,
        exact,
        path: path.to_path_buf(),
        line,
        text,
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(1, |i| text[..i].lines().count().max(1))
}

fn from_toml_lock(path: &Path, wanted: Wanted<'_>) -> Option<Requirement> {
    let (text, _) = golive_source::read_text_lossy(path, MAX_PIN_FILE).ok()?;
    // A lock file runs to hundreds of kilobytes; only the `[[package]]`
    // tables whose name is wanted are parsed (as TOML, by the toml crate).
    for (at, section) in package_tables(&text) {
        let name_line = section
            .lines()
            .find(|l| l.trim_start().starts_with("name"))?;
        let name = name_line
            .split_once('=')
            .map(|(_, v)| v.trim().trim_matches('"'))?;
        if !wanted(name) {
            continue;
        }
        let table: toml::Table = toml::from_str(section.trim_start_matches("[[package]]")).ok()?;
        let name = table.get("name")?.as_str()?;
        let version = table.get("version")?.as_str()?;
        let line = text[..at].lines().count() + line_of(section, "name");
        return Some(requirement(
            format!("=={version}"),
            path,
            line,
            format!("{name} {version}"),
        ));
    }
    None
}

/// The `[[package]]` tables of a lock file, up to the next table header,
/// with their byte offsets.
fn package_tables(text: &str) -> Vec<(usize, &str)> {
    let starts: Vec<usize> = text
        .match_indices("[[package]]")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
        .collect();
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let body_start = start + "[[package]]".len();
        // The table ends where the next header at the start of a line
        // begins (`[package.dependencies]`, `[[package]]`, `[metadata]`).
        let end = text[body_start..]
            .find("\n[")
            .map_or(text.len(), |n| body_start + n + 1);
        let end = starts.get(k + 1).map_or(end, |&next| end.min(next));
        out.push((start, &text[start..end]));
    }
    out
}

fn from_pipfile_lock(path: &Path, wanted: Wanted<'_>) -> Option<Requirement> {
    let (text, _) = golive_source::read_text_lossy(path, MAX_PIN_FILE).ok()?;
    let doc: serde_json::Value = serde_json::from_str(&text).ok()?;
    for section in ["default", "develop"] {
        let Some(entries) = doc.get(section).and_then(|s| s.as_object()) else {
            continue;
        };
        for (name, entry) in entries {
            if wanted(name) {
                let spec = entry.get("version")?.as_str()?;
                return Some(requirement(
                    spec.to_string(),
                    path,
                    line_of(&text, &format!("\"{name}\"")),
                    format!("{name}{spec}"),
                ));
            }
        }
    }
    None
}

fn from_pyproject(path: &Path, wanted: Wanted<'_>) -> Option<Requirement> {
    let (text, _) = golive_source::read_text_lossy(path, MAX_PIN_FILE).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    if let Some(deps) = doc
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array())
    {
        for d in deps.iter().filter_map(|d| d.as_str()) {
            let Some((name, spec)) = split_requirement(d) else {
                continue;
            };
            if wanted(&name) {
                return Some(requirement(spec, path, line_of(&text, d), d.to_string()));
            }
        }
    }
    let poetry = doc
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_table())?;
    for (name, spec) in poetry {
        if !wanted(name) {
            continue;
        }
        let constraint = match spec {
            toml::Value::String(s) => s.clone(),
            toml::Value::Table(t) => t
                .get("version")
                .and_then(|v| v.as_str())
                .unwrap_or("*")
                .to_string(),
            _ => continue,
        };
        return Some(requirement(
            poetry_to_pep440(&constraint),
            path,
            line_of(&text, name),
            format!("{name} = \"{constraint}\""),
        ));
    }
    None
}

/// Poetry's `^5.2`, `~5.2`, `5.2.*` and bare versions as PEP 440.
fn poetry_to_pep440(c: &str) -> String {
    let c = c.trim();
    let bump = |v: &str, caret: bool| -> Option<String> {
        let parts: Vec<u64> = v
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<Vec<_>>>()?;
        let upper = if caret {
            match parts.iter().position(|&p| p != 0) {
                Some(0) | None => format!("{}", parts[0] + 1),
                Some(i) => format!(
                    "{}.{}",
                    parts[..i]
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join("."),
                    parts[i] + 1
                ),
            }
        } else if parts.len() >= 2 {
            format!("{}.{}", parts[0], parts[1] + 1)
        } else {
            format!("{}", parts[0] + 1)
        };
        Some(format!(">={v},<{upper}"))
    };
    if let Some(v) = c.strip_prefix('^') {
        return bump(v.trim(), true).unwrap_or_default();
    }
    if let Some(v) = c.strip_prefix('~').filter(|v| !v.starts_with('=')) {
        return bump(v.trim(), false).unwrap_or_default();
    }
    if c == "*" {
        return String::new();
    }
    if c.chars().next().is_some_and(|ch| ch.is_ascii_digit()) {
        return format!("=={c}");
    }
    c.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_resolve_to_the_newest_allowed_series() {
        assert_eq!(
            resolve("==4.2.30").map(|r| r.0),
            Some(DjangoVersion::new(4, 2))
        );
        assert_eq!(
            resolve(">=4.2,<5.0").map(|r| r.0),
            Some(DjangoVersion::new(4, 2))
        );
        assert_eq!(
            resolve("~=5.2").map(|r| r.0),
            Some(DjangoVersion::new(5, 2))
        );
        assert_eq!(
            resolve(">=5.2").map(|r| r.0),
            Some(DjangoVersion::new(6, 1))
        );
        assert_eq!(
            resolve("~=5.2.0").map(|r| r.0),
            Some(DjangoVersion::new(5, 2))
        );
        assert_eq!(
            resolve(&poetry_to_pep440("^5.1")).map(|r| r.0),
            Some(DjangoVersion::new(5, 2))
        );
        assert_eq!(
            resolve(&poetry_to_pep440("~5.1")).map(|r| r.0),
            Some(DjangoVersion::new(5, 1))
        );
        assert_eq!(
            split_requirement("Django[argon2]>=5.2,<6 ; python_version>'3.10'"),
            Some(("Django".into(), ">=5.2,<6".into()))
        );
    }
}
