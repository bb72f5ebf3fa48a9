//! Which settings module does the deployment use? Looks at what the project
//! itself declares (`DJANGO_SETTINGS_MODULE` in manage.py, wsgi.py, asgi.py,
//! Dockerfile, Procfile, pytest configuration) and at the settings files on
//! disk, and picks the production one, saying why.

use std::path::{Path, PathBuf};

/// Where the project's Python lives.
#[derive(Clone, Debug)]
pub struct ProjectLayout {
    pub root: PathBuf,
    /// Directories that act as `sys.path` entries: the root, every directory
    /// holding a manage.py, and `src/`.
    pub search_roots: Vec<PathBuf>,
    /// Files that may declare `DJANGO_SETTINGS_MODULE`.
    declaring_files: Vec<PathBuf>,
    /// Python files that look like settings modules.
    settings_files: Vec<PathBuf>,
    /// Every file of the project outside the skipped directories (virtual
    /// environments, caches, VCS data), sorted: the other layers pick their
    /// files from here rather than walking the tree again.
    pub files: Vec<PathBuf>,
}

/// How a candidate settings module was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CandidateSource {
    Flag,
    Config,
    /// Declared in a file, at a 1-based line.
    Declared {
        path: PathBuf,
        line: usize,
        kind: DeclarationKind,
    },
    /// A settings file found on disk.
    OnDisk(PathBuf),
}

/// What kind of file declared the module; deployment files outrank
/// development tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeclarationKind {
    Dockerfile,
    Procfile,
    Wsgi,
    Asgi,
    ManagePy,
    Pytest,
}

impl DeclarationKind {
    fn deploys(self) -> bool {
        matches!(self, Self::Dockerfile | Self::Procfile | Self::Wsgi | Self::Asgi)
    }
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub module: String,
    pub source: CandidateSource,
}

/// The module chosen and why.
#[derive(Clone, Debug)]
pub struct Discovery {
    pub module: Option<String>,
    pub reason: String,
    pub candidates: Vec<Candidate>,
}

/// Hidden directories that hold deployment files (Elastic Beanstalk's
/// nginx and hooks); other hidden directories are skipped.
const KEEP_HIDDEN_DIRS: &[&str] = &[".platform", ".ebextensions", ".docker", ".deploy"];

const SKIP_DIRS: &[&str] = &["node_modules", "site-packages", "__pycache__", ".git", ".venv", "venv", ".tox", ".nox", "build", "dist", "target", ".mypy_cache"];

impl ProjectLayout {
    pub fn scan(root: &Path) -> Self {
        let mut search_roots = vec![root.to_path_buf()];
        let mut declaring_files = Vec::new();
        let mut settings_files = Vec::new();
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .max_depth(Some(8))
            .hidden(false)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .ignore(false)
            .follow_links(false)
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                let hidden_dir = name.starts_with('.') && e.depth() > 0 && !KEEP_HIDDEN_DIRS.contains(&name.as_ref());
                !(e.file_type().is_some_and(|t| t.is_dir()) && (hidden_dir || SKIP_DIRS.contains(&name.as_ref()) || e.path().join("pyvenv.cfg").exists()))
            })
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path().to_path_buf();
            let name = entry.file_name().to_string_lossy().to_string();
            files.push(path.clone());
            match name.as_str() {
                "manage.py" => {
                    if let Some(dir) = path.parent() {
                        search_roots.push(dir.to_path_buf());
                    }
                    declaring_files.push(path.clone());
                }
                "wsgi.py" | "asgi.py" | "Procfile" | "pytest.ini" | "setup.cfg" | "tox.ini" | "pyproject.toml" => declaring_files.push(path.clone()),
                n if n == "Dockerfile" || n.starts_with("Dockerfile.") || n.ends_with(".Dockerfile") => declaring_files.push(path.clone()),
                _ => {}
            }
            if name.ends_with(".py") && is_settings_file(&path) {
                settings_files.push(path);
            }
        }
        let src = root.join("src");
        if src.is_dir() {
            search_roots.push(src);
        }
        search_roots.dedup();
        declaring_files.sort();
        settings_files.sort();
        files.sort();
        Self { root: root.to_path_buf(), search_roots, declaring_files, settings_files, files }
    }

    /// The dotted module name of a file under one of the search roots.
    pub fn module_name(&self, file: &Path) -> Option<String> {
        let mut best: Option<String> = None;
        for root in &self.search_roots {
            let Ok(rel) = file.strip_prefix(root) else { continue };
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
            let last = parts.pop()?;
            let stem = last.strip_suffix(".py")?;
            if stem != "__init__" {
                parts.push(stem.to_string());
            }
            if parts.is_empty() || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_')) {
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

    fn module_exists(&self, module: &str) -> bool {
        let rel: PathBuf = module.split('.').collect();
        self.search_roots.iter().any(|r| r.join(&rel).with_extension("py").is_file() || r.join(&rel).join("__init__.py").is_file())
    }
}

fn is_settings_file(path: &Path) -> bool {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let dir = path.parent().and_then(Path::file_name).map(|d| d.to_string_lossy().to_lowercase()).unwrap_or_default();
    match stem.as_str() {
        // A settings package's __init__ counts only when it holds settings
        // itself (many are empty and merely mark the package).
        "__init__" => dir == "settings" && std::fs::read_to_string(path).is_ok_and(|t| t.contains('=') || t.contains("import")),
        "urls" | "wsgi" | "asgi" | "manage" | "celery" => false,
        s => s == "settings" || s.starts_with("settings_") || s.ends_with("_settings") || dir == "settings",
    }
}

/// How production-like a module name is.
fn production_score(module: &str) -> i32 {
    let last = module.rsplit('.').next().unwrap_or(module).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| last == *w || last.split('_').any(|p| p == *w));
    if has(&["prod", "production", "live", "deploy", "deployment", "prd"]) {
        3
    } else if has(&["staging", "stage"]) {
        1
    } else if has(&["base", "common", "defaults", "default", "shared", "components"]) {
        -2
    } else if has(&["dev", "development", "local", "test", "tests", "testing", "ci", "debug", "example", "sample", "docker_dev"]) {
        -3
    } else {
        0
    }
}

/// Picks the settings module to audit.
pub fn discover(layout: &ProjectLayout, flag: Option<&str>, config: Option<&str>) -> Discovery {
    let mut candidates = Vec::new();
    if let Some(m) = flag {
        return Discovery {
            module: Some(m.to_string()),
            reason: "given with --settings".into(),
            candidates: vec![Candidate { module: m.into(), source: CandidateSource::Flag }],
        };
    }
    if let Some(m) = config {
        return Discovery {
            module: Some(m.to_string()),
            reason: "set by `settings` in golive's configuration".into(),
            candidates: vec![Candidate { module: m.into(), source: CandidateSource::Config }],
        };
    }
    for file in &layout.declaring_files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let kind = match name.as_str() {
            "manage.py" => DeclarationKind::ManagePy,
            "wsgi.py" => DeclarationKind::Wsgi,
            "asgi.py" => DeclarationKind::Asgi,
            "Procfile" => DeclarationKind::Procfile,
            "pytest.ini" | "setup.cfg" | "tox.ini" | "pyproject.toml" => DeclarationKind::Pytest,
            _ => DeclarationKind::Dockerfile,
        };
        for (line, module) in declared_modules(&text) {
            candidates.push(Candidate { module, source: CandidateSource::Declared { path: file.clone(), line, kind } });
        }
    }
    for file in &layout.settings_files {
        if let Some(module) = layout.module_name(file) {
            candidates.push(Candidate { module, source: CandidateSource::OnDisk(file.clone()) });
        }
    }
    let on_disk: Vec<&Candidate> = candidates.iter().filter(|c| matches!(c.source, CandidateSource::OnDisk(_))).collect();
    let rel = |p: &Path| golive_source::display_path(&layout.root, p);

    // Declarations that name a module present in the project, deployment
    // files first.
    let mut declared: Vec<&Candidate> =
        candidates.iter().filter(|c| matches!(c.source, CandidateSource::Declared { .. }) && layout.module_exists(&c.module)).collect();
    declared.sort_by_key(|c| match &c.source {
        CandidateSource::Declared { kind, .. } => (!kind.deploys(), -production_score(&c.module), *kind),
        _ => (true, 0, DeclarationKind::Pytest),
    });
    if let Some(best) = declared.first() {
        let CandidateSource::Declared { path, line, kind } = &best.source else { unreachable!() };
        let where_ = format!("{}:{line}", rel(path));
        let package = best.module.rsplit_once('.').map(|(p, _)| p.to_string());
        // A development module declared by a development tool or by a
        // template's entry point (wagtail's wsgi.py names `settings.dev`):
        // prefer a production sibling. Deployment files are explicit.
        let explicit = matches!(kind, DeclarationKind::Dockerfile | DeclarationKind::Procfile);
        if production_score(&best.module) < 3
            && !(explicit || (kind.deploys() && production_score(&best.module) >= 0))
            && let Some(pkg) = &package
            && let Some(sibling) = on_disk
                .iter()
                .filter(|c| c.module.rsplit_once('.').map(|(p, _)| p) == Some(pkg.as_str()) && production_score(&c.module) == 3)
                .min_by_key(|c| c.module.len())
        {
            return Discovery {
                module: Some(sibling.module.clone()),
                reason: format!("{where_} names `{}` for {}; `{}` is its production sibling", best.module, kind_label(*kind), sibling.module),
                candidates: candidates.clone(),
            };
        }
        return Discovery {
            module: Some(best.module.clone()),
            reason: format!("DJANGO_SETTINGS_MODULE in {where_} ({})", kind_label(*kind)),
            candidates: candidates.clone(),
        };
    }
    // Nothing declared: rank the files on disk.
    let mut ranked: Vec<&&Candidate> = on_disk.iter().collect();
    ranked.sort_by_key(|c| (-production_score(&c.module), c.module.matches('.').count(), c.module.clone()));
    match ranked.first() {
        Some(best) => {
            let CandidateSource::OnDisk(path) = &best.source else { unreachable!() };
            let reason = if on_disk.len() == 1 {
                format!("the only settings module found ({})", rel(path))
            } else if production_score(&best.module) == 3 {
                format!("the production-named settings module among {} found ({})", on_disk.len(), rel(path))
            } else {
                format!("no DJANGO_SETTINGS_MODULE is declared; chose {} among {} settings files", rel(path), on_disk.len())
            };
            Discovery { module: Some(best.module.clone()), reason, candidates: candidates.clone() }
        }
        None => Discovery { module: None, reason: "no settings module found: no DJANGO_SETTINGS_MODULE declared and no settings.py".into(), candidates },
    }
}

fn kind_label(kind: DeclarationKind) -> &'static str {
    match kind {
        DeclarationKind::Dockerfile => "the container image",
        DeclarationKind::Procfile => "the Procfile",
        DeclarationKind::Wsgi => "the WSGI entry point",
        DeclarationKind::Asgi => "the ASGI entry point",
        DeclarationKind::ManagePy => "manage.py",
        DeclarationKind::Pytest => "the test configuration",
    }
}

/// `DJANGO_SETTINGS_MODULE` values and `--settings` flags in a file, with
/// their 1-based lines.
pub fn declared_modules(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') && !trimmed.contains("ENV") {
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("DJANGO_SETTINGS_MODULE") {
            let after = &rest[pos + "DJANGO_SETTINGS_MODULE".len()..];
            if let Some(m) = module_after(after) {
                out.push((idx + 1, m));
            }
            rest = after;
        }
        let mut rest = line;
        while let Some(pos) = rest.find("--settings") {
            let after = &rest[pos + "--settings".len()..];
            if (after.starts_with('=') || after.starts_with(' '))
                && let Some(m) = module_after(after)
            {
                out.push((idx + 1, m));
            }
            rest = after;
        }
    }
    out
}

fn module_after(after: &str) -> Option<String> {
    let trimmed = after.trim_start_matches(|c: char| c == '"' || c == '\'' || c == ',' || c == '=' || c == ':' || c.is_whitespace() || c == ')');
    let trimmed = trimmed.trim_start_matches(['"', '\'']);
    let module: String = trimmed.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
    let module = module.trim_end_matches('.').to_string();
    if module.is_empty()
        || module.starts_with('.')
        || !module.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        || module.starts_with("os.")
        || module == "os"
    {
        return None;
    }
    Some(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_declarations_in_common_shapes() {
        let manage = "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n";
        assert_eq!(declared_modules(manage), vec![(1, "shop.settings.dev".to_string())]);
        let docker = "ENV DJANGO_SETTINGS_MODULE=shop.settings.production \\\n    PYTHONUNBUFFERED=1\n";
        assert_eq!(declared_modules(docker), vec![(1, "shop.settings.production".to_string())]);
        let procfile = "web: gunicorn shop.wsgi --log-file - \nrelease: python manage.py migrate --settings=shop.settings.prod\n";
        assert_eq!(declared_modules(procfile), vec![(2, "shop.settings.prod".to_string())]);
        let pytest = "[pytest]\nDJANGO_SETTINGS_MODULE = shop.settings.test\n";
        assert_eq!(declared_modules(pytest), vec![(2, "shop.settings.test".to_string())]);
        let env_ref = "os.environ.get('DJANGO_SETTINGS_MODULE')\n";
        assert_eq!(declared_modules(env_ref), vec![]);
    }

    #[test]
    fn production_names_rank_first() {
        assert!(production_score("a.settings.production") > production_score("a.settings"));
        assert!(production_score("a.settings") > production_score("a.settings.base"));
        assert!(production_score("a.settings.base") > production_score("a.settings.local"));
    }
}
