//! The deployment model golive builds before it judges anything: the walk
//! of the project, what every file is for, the processes production runs,
//! the settings module they load (with the evidence for and against every
//! candidate) and the environment they give it. `golive project` prints it;
//! `golive check` audits what it points at.

pub mod classify;
pub mod discover;
pub mod environment;
pub mod layout;

use classify::{FileEntry, FileKind};
use discover::Discovery;
use environment::ProductionEnvironment;
use golive_infra::Deployment;
use golive_infra::deployment::{FileClass, InfraFileKind};
use golive_python::Loader;
use layout::ProjectLayout;
use std::path::{Path, PathBuf};

/// What the workspace is told by the user.
#[derive(Default)]
pub struct Options<'a> {
    /// `--settings`.
    pub settings_flag: Option<&'a str>,
    /// `settings` in golive's configuration.
    pub settings_config: Option<&'a str>,
    /// Class overrides from the configuration: (glob over relative paths, class).
    pub classes: Vec<(globset::GlobMatcher, FileClass)>,
}

/// A Django project found in the tree (a directory with manage.py, or the
/// package of a settings module).
#[derive(Clone, Debug, serde::Serialize)]
pub struct DjangoProject {
    /// Relative to the root (`.` for the root).
    pub dir: String,
    pub class: FileClass,
    pub reason: String,
}

/// Everything golive believes about the project before judging it.
pub struct Workspace {
    pub root: PathBuf,
    pub layout: ProjectLayout,
    /// Every file golive read for this audit, each with its kind: the one
    /// source database findings point into. The loader adds to it as it
    /// parses modules.
    pub sources: golive_source::SharedSources,
    pub loader: Loader,
    pub deployment: Deployment,
    pub discovery: Discovery,
    pub environment: Option<ProductionEnvironment>,
    pub projects: Vec<DjangoProject>,
    /// Files under a template tree or with template tags, with the reason.
    pub templates: Vec<(PathBuf, String)>,
}

/// Python files (by name) that the project's start-up scripts name — a
/// `local_settings.py` an entrypoint copies into place — with the script,
/// the template of the project it is made from, and the strings the
/// script replaces in it.
fn startup_python_files(
    layout: &ProjectLayout,
) -> std::collections::HashMap<String, golive_python::loader::StartupFile> {
    let mut out: std::collections::HashMap<String, golive_python::loader::StartupFile> =
        std::collections::HashMap::new();
    for f in &layout.files {
        // Every file of the tree: its name's bytes, no allocation.
        use golive_source::{ends_with_ignore_ascii_case as ends, starts_with_ignore_ascii_case};
        let name = golive_source::name_of(f).as_bytes();
        let script = ends(name, b".sh")
            || golive_source::bytes_contain_ignore_ascii_case(name, b"entrypoint")
            || starts_with_ignore_ascii_case(name, b"dockerfile")
            || ends(name, b".dockerfile");
        if !script {
            continue;
        }
        let Ok((text, _)) = golive_source::read_text_lossy(f, 512 * 1024) else {
            continue;
        };
        let placeholders: Vec<String> = sed_patterns(&text);
        for word in text.split(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '>' | '<' | '(' | ')' | '`')
        }) {
            let base = word.rsplit('/').next().unwrap_or(word);
            if !(base.ends_with(".py")
                && base.len() > 3
                && base
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
            {
                continue;
            }
            let stem = base.trim_end_matches(".py");
            // Only a module the checkout lacks is written at start-up.
            if layout
                .files
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == base))
            {
                continue;
            }
            let template = layout
                .files
                .iter()
                .find(|p| {
                    let n = p
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    [
                        ".example.py",
                        "_example.py",
                        ".sample.py",
                        ".py.example",
                        ".py.sample",
                        ".py.template",
                        ".template.py",
                        ".py.dist",
                    ]
                    .iter()
                    .any(|sfx| n == format!("{stem}{sfx}"))
                })
                .cloned();
            out.entry(base.to_string())
                .or_insert_with(|| golive_python::loader::StartupFile {
                    by: layout.rel(f),
                    template,
                    placeholders: placeholders.clone(),
                });
        }
    }
    out
}

/// The strings `sed -i "s/PATTERN/…/"` replaces, unescaped.
fn sed_patterns(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.contains("sed ")) {
        let mut rest = line;
        while let Some(pos) = rest.find("s/") {
            let after = &rest[pos + 2..];
            let Some(end) = after.find('/') else { break };
            let pattern = after[..end].replace('\\', "");
            if pattern.len() >= 4 && !pattern.contains(['^', '$', '*', '[', '.']) {
                out.push(pattern);
            }
            rest = &after[end..];
        }
    }
    out
}

/// With `GOLIVE_TIMINGS` set, how long a phase of loading took, on stderr.
fn timing(phase: &str, started: std::time::Instant) {
    if std::env::var_os("GOLIVE_TIMINGS").is_some() {
        eprintln!(
            "golive timing:   {phase}: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

impl Workspace {
    /// Walks `root`, reads and classifies its files, and discovers the
    /// settings module production runs.
    pub fn load(root: &Path, options: &Options<'_>) -> Workspace {
        // Every file read from here on stays inside the project. (A root
        // that cannot be opened fails earlier, in the binary.)
        let _ = golive_source::gate::confine_to(root);
        let t = std::time::Instant::now();
        let layout = ProjectLayout::scan(root);
        timing("walk", t);
        let t = std::time::Instant::now();
        let sources = golive_source::SharedSources::default();
        let loader = Loader::with_sources(
            root.to_path_buf(),
            layout.search_roots.clone(),
            sources.clone(),
        );
        *loader.startup_files.borrow_mut() = startup_python_files(&layout);
        timing("startup files", t);
        let mut templates: Vec<(PathBuf, String)> = Vec::new();
        for f in &layout.files {
            let rel = golive_source::relative(root, f);
            if let Some((FileClass::Template, reason)) = classify::class_by_path(rel) {
                templates.push((f.clone(), reason));
            }
        }
        let is_template = |p: &Path| templates.iter().any(|(t, _)| t == p);
        let t = std::time::Instant::now();
        let mut deployment = Deployment::scan(root, &layout.files, &loader, &is_template);
        timing("deployment scan", t);
        for (p, marker) in &deployment.templates {
            templates.push((p.clone(), format!("a template (it contains `{marker}`)")));
        }
        let overrides = |p: &Path| {
            let rel = golive_source::relative(root, p);
            options
                .classes
                .iter()
                .find(|(g, _)| g.is_match(rel))
                .map(|(_, c)| *c)
        };
        let t = std::time::Instant::now();
        classify::refine(&mut deployment, &loader, &overrides);
        timing("refine", t);
        let t = std::time::Instant::now();
        let class_of = |p: &Path| -> FileClass {
            if let Some(c) = overrides(p) {
                return c;
            }
            if templates.iter().any(|(t, _)| t == p) {
                return FileClass::Template;
            }
            let rel = golive_source::relative(root, p);
            classify::class_by_path(rel).map_or(FileClass::Production, |(c, _)| c)
        };
        let discovery = discover::discover(&discover::Inputs {
            layout: &layout,
            loader: &loader,
            deployment: &deployment,
            class_of: &class_of,
            flag: options.settings_flag,
            config: options.settings_config,
        });
        timing("discovery", t);
        loader.forget_handed_over();
        let environment = environment::production_environment(
            &deployment,
            &discovery.runners,
            &loader.sources.borrow(),
        );
        let projects = layout
            .files
            .iter()
            .filter(|f| golive_source::name_bytes_of(f) == b"manage.py")
            .map(|f| {
                let dir = f.parent().unwrap_or(root);
                let rel = golive_source::relative(root, f);
                let (class, reason) = classify::class_by_path(rel)
                    .unwrap_or((FileClass::Production, "a directory with manage.py".into()));
                DjangoProject {
                    dir: layout.rel(dir),
                    class,
                    reason,
                }
            })
            .collect();
        Workspace {
            root: root.to_path_buf(),
            layout,
            sources,
            loader,
            deployment,
            discovery,
            environment,
            projects,
            templates,
        }
    }

    /// Every file golive read or considered, with its class: the settings
    /// modules (the audited one and what it imports are production, other
    /// candidates unused), deployment files, env files and templates.
    pub fn files(&self) -> Vec<FileEntry> {
        let mut out: Vec<FileEntry> = Vec::new();
        let rel = |p: &Path| self.layout.rel(p);
        let chain: Vec<String> = match &self.discovery.module {
            Some(m) => {
                let mut c = vec![m.clone()];
                let mut i = 0;
                while i < c.len() && c.len() < 64 {
                    if let Some(shape) = golive_python::shape::module_shape(&self.loader, &c[i]) {
                        for s in shape.star_imports {
                            if !c.contains(&s) {
                                c.push(s);
                            }
                        }
                    }
                    i += 1;
                }
                c
            }
            None => Vec::new(),
        };
        for c in &self.discovery.candidates {
            let Some(path) = &c.path else { continue };
            let (class, reason) = if chain.first() == Some(&c.module) {
                (
                    FileClass::Production,
                    "the settings module production runs".to_string(),
                )
            } else if chain.contains(&c.module) {
                (
                    FileClass::Production,
                    "imported by the settings module production runs".to_string(),
                )
            } else if let Some((class, why)) = classify::class_by_path(Path::new(path)) {
                (class, why)
            } else if let Some(why) = &c.excluded {
                (FileClass::Unused, why.clone())
            } else {
                (
                    FileClass::Unused,
                    "a settings module production does not load".to_string(),
                )
            };
            if !out.iter().any(|e| &e.path == path) {
                out.push(FileEntry {
                    path: path.clone(),
                    kind: FileKind::SettingsModule,
                    class,
                    reason,
                });
            }
        }
        let d = &self.deployment;
        macro_rules! files {
            ($list:expr, $kind:expr) => {
                for f in $list.iter() {
                    out.push(FileEntry {
                        path: rel(&f.path),
                        kind: FileKind::Infra($kind),
                        class: f.class,
                        reason: f.reason.clone(),
                    });
                }
            };
        }
        files!(d.dockerfiles, InfraFileKind::Dockerfile);
        files!(d.compose, InfraFileKind::Compose);
        files!(d.procfiles, InfraFileKind::Procfile);
        files!(d.systemd, InfraFileKind::Systemd);
        files!(d.uwsgi, InfraFileKind::Uwsgi);
        files!(d.supervisor, InfraFileKind::Supervisor);
        files!(d.platforms, InfraFileKind::Platform);
        files!(d.env_files, InfraFileKind::EnvFile);
        for g in &d.gunicorn {
            out.push(FileEntry {
                path: rel(&g.path),
                kind: FileKind::Infra(InfraFileKind::GunicornConfig),
                class: g.class,
                reason: "a gunicorn configuration file".into(),
            });
        }
        {
            let sources = self.loader.sources.borrow();
            for n in &d.nginx {
                for f in &n.files {
                    let path = sources.get(*f).path.clone();
                    if !out.iter().any(|e| e.path == path) {
                        out.push(FileEntry {
                            path,
                            kind: FileKind::Infra(InfraFileKind::Nginx),
                            class: FileClass::Production,
                            reason: "an nginx configuration".into(),
                        });
                    }
                }
            }
            for (n, class, reason) in &d.nginx_other {
                for f in &n.files {
                    let path = sources.get(*f).path.clone();
                    if !out.iter().any(|e| e.path == path) {
                        out.push(FileEntry {
                            path,
                            kind: FileKind::Infra(InfraFileKind::Nginx),
                            class: *class,
                            reason: reason.clone(),
                        });
                    }
                }
            }
        }
        for (p, reason) in &self.templates {
            out.push(FileEntry {
                path: rel(p),
                kind: FileKind::Template,
                class: FileClass::Template,
                reason: reason.clone(),
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out.dedup_by(|a, b| a.path == b.path);
        out
    }

    /// The template trees (top directories holding templates, or single
    /// template files), each with how many files it holds: golive reports
    /// each once.
    pub fn template_trees(&self) -> Vec<(String, usize, String)> {
        // (tree, files in it, the first file's reason)
        let mut groups: Vec<(String, Vec<Vec<String>>, String)> = Vec::new();
        for (p, reason) in &self.templates {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            // The tree is the first directory whose name is a template tag,
            // else the file's top-level directory.
            let comps: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().to_string())
                .collect();
            let key = match comps
                .iter()
                .position(|c| c.contains("{{") || c.contains("{%"))
            {
                Some(i) => comps[..=i].join("/"),
                None if comps.len() > 1 => comps[0].clone(),
                None => comps.join("/"),
            };
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some(g) => g.1.push(comps),
                None => groups.push((key, vec![comps], reason.clone())),
            }
        }
        // Named by what they share: the file itself when it is alone, else
        // the deepest directory holding them all.
        groups
            .into_iter()
            .map(|(key, files, reason)| {
                let name = match files.as_slice() {
                    [one] => one.join("/"),
                    _ => {
                        let first = &files[0];
                        let shared = (0..first.len().saturating_sub(1))
                            .take_while(|&i| {
                                files.iter().all(|f| f.len() > i + 1 && f[i] == first[i])
                            })
                            .count();
                        if shared == 0 {
                            key
                        } else {
                            first[..shared].join("/")
                        }
                    }
                };
                (name, files.len(), reason)
            })
            .collect()
    }

    /// Whether the tree holds anything golive can audit: a settings module
    /// or a deployment file that is not a template.
    pub fn has_auditable_content(&self) -> bool {
        let d = &self.deployment;
        self.discovery.module.is_some()
            // A manage.py is a Django project, even when its settings
            // module cannot be audited (GLV001 says why).
            || self.projects.iter().any(|p| p.class == FileClass::Production)
                && !self.discovery.candidates.iter().all(|c| c.excluded.as_deref().is_some_and(|e| e.starts_with(discover::TEMPLATE)))
            || !d.dockerfiles.is_empty()
            || !d.compose.is_empty()
            || !d.procfiles.is_empty()
            || !d.systemd.is_empty()
            || !d.uwsgi.is_empty()
            || !d.supervisor.is_empty()
            || !d.platforms.is_empty()
            || !d.nginx.is_empty()
            || !d.nginx_other.is_empty()
            || !d.gunicorn.is_empty()
    }
}
