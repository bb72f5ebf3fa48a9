//! The deployment model: every infrastructure file of the project, parsed
//! into facts, and the processes those files start. Built once per audit
//! from the project's file list; the layer rules and the cross-layer rules
//! read it.

use crate::compose::{self, ComposeFile};
use crate::dockerfile::{self, Dockerfile};
use crate::ini::{self, IniEntry};
use crate::nginx::{self, NginxConfig};
use crate::platform::{self, PlatformFile};
use crate::procfile::{self, ProcfileEntry};
use crate::supervisor::{self, Program};
use golive_python::dotenv::{self, Dialect, EnvBinding};
use golive_python::{ConfigFileResult, Loader, evaluate_config_file};
use golive_source::{FileId, SourceDb, SourceFile, SourceKind, Span};

use ruff_text_size::{TextRange, TextSize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::process::{BuildStep, Process, ProcessEnv, ProcessOrigin};

/// What a file is for, as golive decides before judging anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileClass {
    /// What production runs.
    Production,
    /// For development: a dev compose file or service, `Dockerfile.dev`.
    Development,
    /// Tests, CI and their fixtures.
    Test,
    /// A template rendered before use (Jinja, cookiecutter, envsubst).
    Template,
    /// Read but not used by the deployment (documentation, examples, a
    /// settings module nothing runs).
    Unused,
}

impl FileClass {
    pub fn as_str(self) -> &'static str {
        match self {
            FileClass::Production => "production",
            FileClass::Development => "development",
            FileClass::Test => "test",
            FileClass::Template => "template",
            FileClass::Unused => "unused",
        }
    }
}

/// The kinds of deployment file golive reads. Declared in the order in
/// which a file states the environment of the process it starts most
/// fully — a compose service's `environment` and `env_file` first, an
/// entrypoint script last — so that, among the processes that could run
/// the audited module, the production environment is taken from the first
/// in this order (the derived `Ord`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InfraFileKind {
    Compose,
    /// app.json, heroku.yml, render.yaml.
    Platform,
    Dockerfile,
    Systemd,
    Supervisor,
    Uwsgi,
    /// `gunicorn.conf.py` and the files `-c` names.
    GunicornConfig,
    Procfile,
    /// A script a container or a unit runs (`entrypoint.sh`).
    Script,
    EnvFile,
    Nginx,
}

impl InfraFileKind {
    /// How a report names the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            InfraFileKind::Compose => "compose file",
            InfraFileKind::Platform => "platform file",
            InfraFileKind::Dockerfile => "Dockerfile",
            InfraFileKind::Systemd => "systemd unit",
            InfraFileKind::Supervisor => "supervisord configuration",
            InfraFileKind::Uwsgi => "uwsgi configuration",
            InfraFileKind::GunicornConfig => "gunicorn configuration",
            InfraFileKind::Procfile => "Procfile",
            InfraFileKind::Script => "start script",
            InfraFileKind::EnvFile => "env file",
            InfraFileKind::Nginx => "nginx",
        }
    }
}

/// A file golive read, with what it is for.
#[derive(Debug)]
pub struct Parsed<T> {
    pub file: FileId,
    pub path: PathBuf,
    /// Not what production runs (`class` is not `Production`).
    pub dev: bool,
    pub class: FileClass,
    /// Why the file has its class.
    pub reason: String,
    pub facts: T,
}

impl<T> Parsed<T> {
    fn new(file: FileId, path: &Path, rel: &Path, facts: T) -> Self {
        let (class, reason) = class_by_path(rel);
        Self {
            file,
            path: path.to_path_buf(),
            dev: class != FileClass::Production,
            class,
            reason,
            facts,
        }
    }

    /// Sets the class (and `dev`) with its reason.
    pub fn set_class(&mut self, class: FileClass, reason: impl Into<String>) {
        self.class = class;
        self.dev = class != FileClass::Production;
        self.reason = reason.into();
    }
}

/// An env file of the repository (`.env`, `.env.production`, …).
#[derive(Debug)]
pub struct EnvFile {
    pub bindings: Vec<EnvBinding>,
    /// A template meant to be committed (`.env.example`, `.env.sample`).
    pub template: bool,
    /// Whether `.gitignore` ignores the file.
    pub ignored: bool,
}

/// A gunicorn configuration file, evaluated.
#[derive(Debug)]
pub struct GunicornConfig {
    pub file: FileId,
    pub path: PathBuf,
    pub class: FileClass,
    pub values: ConfigFileResult,
}

/// What golive found around the settings.
#[derive(Debug, Default)]
pub struct Deployment {
    /// nginx configurations production runs, one per root file (a file
    /// that another configuration includes is not a root of its own).
    pub nginx: Vec<NginxConfig>,
    /// nginx configurations for development, tests or demos: read, shown
    /// by `golive project`, not judged.
    pub nginx_other: Vec<(NginxConfig, FileClass, String)>,
    pub dockerfiles: Vec<Parsed<Dockerfile>>,
    pub compose: Vec<Parsed<ComposeFile>>,
    pub procfiles: Vec<Parsed<Vec<ProcfileEntry>>>,
    pub systemd: Vec<Parsed<Vec<IniEntry>>>,
    pub uwsgi: Vec<Parsed<Vec<IniEntry>>>,
    pub supervisor: Vec<Parsed<Vec<Program>>>,
    pub platforms: Vec<Parsed<PlatformFile>>,
    pub gunicorn: Vec<GunicornConfig>,
    pub env_files: Vec<Parsed<EnvFile>>,
    pub processes: Vec<Process>,
    /// Dockerfile `RUN` steps that name a settings module.
    pub build_steps: Vec<BuildStep>,
    /// Files that could not be parsed (YAML errors), with the message.
    pub invalid: Vec<(Span, String)>,
    /// Infrastructure files that are templates (a Jinja or Django template
    /// tag in their text), with the first tag: not parsed.
    pub templates: Vec<(PathBuf, String)>,
    /// Infrastructure files golive could not read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Every file of the project, for rules that look for one
    /// (a backup script, a cron file).
    pub files: Vec<PathBuf>,
    /// For each of [`MENTION_WORDS`], the first searchable file (in path
    /// order) whose text contains it: built once by `scan`, so that rules
    /// asking "does anything run pg_dump?" read no file.
    mentions: std::collections::HashMap<&'static str, PathBuf>,
    /// `files` by file name (indices), for commands that name a file
    /// wherever it lies (`./docker-entrypoint.sh`, `-c gunicorn.ini`).
    by_name: std::collections::HashMap<String, Vec<usize>>,
    /// URLconf modules (`urls.py`, `urls/*.py`), read for the routes they
    /// declare.
    pub urlconfs: Vec<(FileId, PathBuf)>,
    /// The routes those URLconfs declare.
    pub routes: Vec<crate::urls::UrlRoute>,
    /// The Django release the project pins, and where.
    pub django_pin: Option<(crate::DjangoPin, Span)>,
    pub root: PathBuf,
}

/// Words in a path that mark a file as not meant for production.
const DEV_WORDS: &[&str] = &[
    "dev",
    "develop",
    "development",
    "local",
    "test",
    "tests",
    "testing",
    "ci",
    "debug",
    "override",
    "e2e",
    "example",
    "sample",
    "docs",
    "demo",
];

/// Does the file's name say production (`run-prod.sh`, `start-production`)?
pub fn is_production_path(rel: &Path) -> bool {
    // Asked of every file of the tree, twice: the name's bytes split off
    // the path without parsing its components, no allocation.
    golive_source::name_bytes_of(rel)
        .split(|b| matches!(b, b'.' | b'_' | b'-'))
        .any(|w| w.eq_ignore_ascii_case(b"prod") || w.eq_ignore_ascii_case(b"production"))
}

/// Is the file, by its path, for development, tests or CI?
pub fn is_dev_path(rel: &Path) -> bool {
    dev_word(rel).is_some()
}

/// The first development word of a path (`development/`,
/// `docker-compose.dev.yml`, `Dockerfile-local`, `test-environments/`).
fn dev_word(rel: &Path) -> Option<String> {
    rel.to_string_lossy()
        .to_ascii_lowercase()
        .split(['/', '.', '_', '-'])
        .find(|w| DEV_WORDS.contains(w))
        .map(str::to_string)
}

/// A file's class by its path alone: development words (`dev`, `local`,
/// `override`, …), test and example directories.
pub fn class_by_path(rel: &Path) -> (FileClass, String) {
    match dev_word(rel) {
        Some(w) if matches!(w.as_str(), "test" | "tests" | "testing" | "ci" | "e2e") => (
            FileClass::Test,
            format!("its path names tests or CI (`{w}`)"),
        ),
        Some(w) if matches!(w.as_str(), "example" | "sample" | "docs" | "demo") => (
            FileClass::Unused,
            format!("its path names an example, a demo or documentation (`{w}`)"),
        ),
        Some(w) => (
            FileClass::Development,
            format!("its path names development (`{w}`)"),
        ),
        None => (FileClass::Production, "a deployment file".to_string()),
    }
}

pub(crate) const MAX_FILE: u64 = 4 * 1024 * 1024;

/// `Dockerfile`, `Dockerfile.prod`, `Dockerfile-prod`, `prod.Dockerfile`,
/// and the same with Podman's `Containerfile`.
fn is_dockerfile(name: &str) -> bool {
    // Asked of every file of the tree: the lower-case spellings are written
    // out, not made per call.
    [
        ("Dockerfile", "dockerfile"),
        ("Containerfile", "containerfile"),
    ]
    .iter()
    .any(|&(base, lower)| {
        name == base
            || name.strip_prefix(base).is_some_and(|rest| {
                rest.starts_with(['.', '-', '_'])
                    && ![".md", ".txt", ".dockerignore"]
                        .iter()
                        .any(|x| rest.ends_with(x))
            })
            || name
                .strip_suffix(base)
                .or_else(|| name.strip_suffix(lower))
                .is_some_and(|rest| rest.ends_with(['.', '-', '_']))
    })
}

fn is_env_file(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.") || name.ends_with(".env")
}

fn is_env_template(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["example", "sample", "template", "dist", "defaults", "tpl"]
        .iter()
        .any(|w| n.split(['.', '_', '-']).any(|p| p == *w))
}

fn is_gunicorn_config(name: &str) -> bool {
    name.starts_with("gunicorn") && name.ends_with(".py")
}

/// Official images that never run the Django application: proxies,
/// datastores, queues, runtimes of other languages.
const OTHER_IMAGES: &[&str] = &[
    "nginx",
    "httpd",
    "caddy",
    "traefik",
    "haproxy",
    "envoy",
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "memcached",
    "rabbitmq",
    "minio",
    "elasticsearch",
    "opensearch",
    "mongo",
    "clickhouse",
    "node",
    "mailhog",
    "mailpit",
    "flower",
    "kibana",
    "grafana",
    "prometheus",
    "keycloak",
    "localstack",
];

/// The kind of infrastructure file `name` is, by its name. A `.conf` or
/// `.ini` under a supervisor directory is `Supervisor` only if its text
/// says so (`scan` checks); gunicorn configurations and nginx files are
/// recognised before this.
fn kind_of(name: &str, rel: &Path) -> Option<InfraFileKind> {
    Some(if is_dockerfile(name) {
        InfraFileKind::Dockerfile
    } else if compose::is_compose_file(name) {
        InfraFileKind::Compose
    } else if name == "Procfile" || name.starts_with("Procfile.") {
        InfraFileKind::Procfile
    } else if name.ends_with(".service") {
        InfraFileKind::Systemd
    } else if name.ends_with(".ini")
        && (name.contains("uwsgi") || rel.components().any(|c| c.as_os_str() == "uwsgi"))
    {
        InfraFileKind::Uwsgi
    } else if is_env_file(name) {
        InfraFileKind::EnvFile
    } else if (name.ends_with(".conf") || name.ends_with(".ini"))
        && rel
            .to_string_lossy()
            .to_ascii_lowercase()
            .contains("supervisor")
    {
        InfraFileKind::Supervisor
    } else if platform::platform_of(name).is_some() {
        InfraFileKind::Platform
    } else {
        return None;
    })
}

/// What an nginx configuration serves: its server names and the upstreams
/// it passes requests to, sorted.
type NginxSignature = (Vec<String>, Vec<String>);

impl Deployment {
    /// Reads the infrastructure files among `files` (absolute paths under
    /// `root`), except those `skip` rejects (templates, which are not valid
    /// until rendered). Python configuration (gunicorn's) is evaluated by
    /// `loader`, whose source database receives every file read.
    pub fn scan(
        root: &Path,
        files: &[PathBuf],
        loader: &Loader,
        skip: &dyn Fn(&Path) -> bool,
    ) -> Self {
        let mut by_name: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, f) in files.iter().enumerate() {
            let n = golive_source::name_of(f);
            if !n.is_empty() {
                by_name.entry(n.to_string()).or_default().push(i);
            }
        }
        let mut d = Deployment {
            root: root.to_path_buf(),
            files: files.to_vec(),
            by_name,
            ..Deployment::default()
        };
        d.read_nginx(files, loader, skip);
        let gitignore = gitignore(files);
        for path in files {
            if skip(path) {
                continue;
            }
            let rel = golive_source::relative(root, path);
            // The name as bytes split off the path (a non-UTF-8 one as
            // `Path::file_name` would give it, lossily).
            let lossy;
            let name = match golive_source::name_of(path) {
                "" => {
                    lossy = path
                        .file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default();
                    lossy.as_ref()
                }
                n => n,
            };
            let in_urls_package = || golive_source::dirs_of(path).next_back() == Some(&b"urls"[..]);
            if name == "urls.py" || name.ends_with(".py") && in_urls_package() {
                d.read_urlconf(path, loader);
            } else if is_gunicorn_config(name) {
                d.read_gunicorn_config(path, rel, loader);
            } else if let Some(kind) = kind_of(name, rel) {
                d.read_infra_file(kind, path, name, &gitignore, loader);
            }
        }
        compose::merge_overrides(&mut d.compose, &loader.sources.borrow());
        d.set_aside_nginx_variants(&loader.sources.borrow());
        d.collect_processes(loader);
        d.read_django_pin(files, loader);
        d.mentions = index_mentions(files, loader);
        d
    }

    /// The nginx configurations: templates set aside, the rest parsed with
    /// their includes, production's apart from the examples and variants.
    fn read_nginx(&mut self, files: &[PathBuf], loader: &Loader, skip: &dyn Fn(&Path) -> bool) {
        let root = self.root.clone();
        let root = root.as_path();
        let d = self;
        let mut nginx_files: Vec<PathBuf> = Vec::new();
        for p in files
            .iter()
            .filter(|p| nginx::looks_like_nginx_path(golive_source::relative(root, p)) && !skip(p))
        {
            match golive_source::read_text_lossy(p, MAX_FILE)
                .ok()
                .and_then(|(t, _)| golive_source::template_marker(&t))
            {
                Some(marker) => d.templates.push((p.clone(), marker)),
                None => nginx_files.push(p.clone()),
            }
        }
        let configs = scan_nginx(
            root,
            &nginx_files,
            files,
            &mut loader.sources.borrow_mut(),
            &mut d.unreadable,
        );
        for config in configs {
            let rel = loader.sources.borrow().get(config.root).path.clone();
            match class_by_path(Path::new(&rel)) {
                (FileClass::Production, _) => d.nginx.push(config),
                (class, reason) => d.nginx_other.push((config, class, reason)),
            }
        }
    }

    /// A URLconf (`urls.py`, `urls/*.py`): its routes, for the rules about
    /// health checks and static files.
    fn read_urlconf(&mut self, path: &Path, loader: &Loader) {
        let Ok((text, _)) = golive_source::read_text_lossy(path, MAX_FILE) else {
            return;
        };
        let file = loader.sources.borrow_mut().add(SourceFile::new(
            golive_source::display_path(&self.root, path),
            path.to_path_buf(),
            text,
            SourceKind::Python,
        ));
        let sources = loader.sources.borrow();
        self.routes
            .extend(crate::urls::routes(file, &sources.get(file).text));
        self.urlconfs.push((file, path.to_path_buf()));
    }

    /// A `gunicorn.conf.py`, evaluated as gunicorn runs it.
    fn read_gunicorn_config(&mut self, path: &Path, rel: &Path, loader: &Loader) {
        let values = evaluate_config_file(
            loader,
            path,
            &format!("<{}>", rel.display()),
            BTreeMap::new(),
        );
        if let Some(file) = values.file {
            self.gunicorn.push(GunicornConfig {
                file,
                path: path.to_path_buf(),
                class: class_by_path(rel).0,
                values,
            });
        }
    }

    /// A deployment file of a kind `kind_of` recognised: read, kept in the
    /// source database, and parsed by its kind's parser.
    fn read_infra_file(
        &mut self,
        kind: InfraFileKind,
        path: &Path,
        name: &str,
        gitignore: &[ignore::gitignore::Gitignore],
        loader: &Loader,
    ) {
        let root = self.root.clone();
        let root = root.as_path();
        let rel = golive_source::relative(root, path);
        let d = self;
        let text = match golive_source::read_text_lossy(path, MAX_FILE) {
            Ok((t, _)) => t,
            Err(e) => {
                d.unreadable.push((path.to_path_buf(), e.to_string()));
                return;
            }
        };
        if kind == InfraFileKind::Supervisor && !supervisor::is_supervisor_config(rel, &text) {
            return;
        }
        if let Some(marker) = golive_source::template_marker(&text) {
            d.templates.push((path.to_path_buf(), marker));
            return;
        }
        let display = golive_source::display_path(root, path);
        let file = loader.sources.borrow_mut().add(SourceFile::new(
            display,
            path.to_path_buf(),
            text.clone(),
            SourceKind::Deployment,
        ));
        match kind {
            InfraFileKind::Dockerfile => {
                d.dockerfiles
                    .push(Parsed::new(file, path, rel, dockerfile::parse(&text)))
            }
            InfraFileKind::Compose => match compose::parse(&text) {
                Ok(facts) => d.compose.push(Parsed::new(file, path, rel, facts)),
                Err(message) => d.invalid.push((
                    Span::file_start(file),
                    format!("compose file is not valid YAML: {message}"),
                )),
            },
            InfraFileKind::Procfile => {
                d.procfiles
                    .push(Parsed::new(file, path, rel, procfile::parse(&text)))
            }
            InfraFileKind::Systemd => {
                d.systemd
                    .push(Parsed::new(file, path, rel, ini::parse(&text)))
            }
            InfraFileKind::Uwsgi => d
                .uwsgi
                .push(Parsed::new(file, path, rel, ini::parse(&text))),
            InfraFileKind::Supervisor => {
                d.supervisor
                    .push(Parsed::new(file, path, rel, supervisor::parse(&text)))
            }
            InfraFileKind::Platform => match platform::parse(name, &text) {
                Ok(facts) => d.platforms.push(Parsed::new(file, path, rel, facts)),
                Err(message) => d.invalid.push((
                    Span::file_start(file),
                    format!("platform file is not valid: {message}"),
                )),
            },
            InfraFileKind::EnvFile => {
                let ignored = is_ignored(gitignore, path);
                let facts = EnvFile {
                    bindings: dotenv::parse(&text, Dialect::PythonDotenv),
                    template: is_env_template(name),
                    ignored,
                };
                d.env_files.push(Parsed::new(file, path, rel, facts));
            }
            // Recognised before `kind_of` (gunicorn configurations,
            // nginx) or only through what starts them (scripts).
            InfraFileKind::GunicornConfig | InfraFileKind::Nginx | InfraFileKind::Script => {}
        }
    }

    /// The line of the requirements or lock file that pins Django.
    fn read_django_pin(&mut self, files: &[PathBuf], loader: &Loader) {
        let root = self.root.clone();
        let root = root.as_path();
        let d = self;
        if let Some(pin) = crate::pins::find_django_pin_among(root, Some(files))
            && let Ok((text, _)) = golive_source::read_text_lossy(&pin.path, MAX_FILE)
        {
            let display = golive_source::display_path(root, &pin.path);
            let mut sources = loader.sources.borrow_mut();
            let file = sources.add(SourceFile::new(
                display,
                pin.path.clone(),
                text,
                SourceKind::Requirements,
            ));
            let f = sources.get(file);
            let start = f.line_start(pin.line);
            let end = start
                + TextSize::new(u32::try_from(f.line_text(pin.line).trim_end().len()).unwrap_or(0));
            d.django_pin = Some((pin, Span::new(file, TextRange::new(start, end))));
        }
    }

    /// (Re)builds the processes from the parsed files, with the current
    /// classes: call again after changing a file's or a service's class.
    pub fn collect_processes(&mut self, loader: &Loader) {
        let (mut processes, mut steps) = crate::process::collect(self, loader);
        if self.load_named_gunicorn_configs(&processes, loader) {
            (processes, steps) = crate::process::collect(self, loader);
        }
        self.processes = processes;
        self.build_steps = steps;
        self.mark_passes_to_other_services(&loader.sources.borrow());
        self.note_unread_env_files();
    }

    /// An `env_file` a compose service names that is there but was not
    /// read (a symlink, which the walk does not follow — perhaps out of the
    /// project —, a FIFO): what it sets is said to be unknown (GLV005), not
    /// silently taken as unset.
    fn note_unread_env_files(&mut self) {
        let mut unread = Vec::new();
        for cf in &self.compose {
            let base_dir = cf.facts.base_dir.as_deref().map_or_else(
                || cf.path.parent().unwrap_or(&self.root).to_path_buf(),
                Path::to_path_buf,
            );
            for service in &cf.facts.services {
                for (file, _) in &service.env_files {
                    let wanted = golive_source::normalize_lexically(&base_dir.join(file));
                    if self.env_files.iter().any(|e| e.path == wanted)
                        || std::fs::symlink_metadata(&wanted).is_err()
                        || self.unreadable.iter().any(|(p, _)| *p == wanted)
                        || unread.iter().any(|(p, _)| *p == wanted)
                    {
                        continue;
                    }
                    if let Err(e) = golive_source::read_text_lossy(&wanted, MAX_FILE) {
                        unread.push((wanted, e.to_string()));
                    }
                }
            }
        }
        self.unreadable.extend(unread);
    }

    /// An nginx configuration no deployment file uses, serving the same
    /// names with the same upstreams as one a Dockerfile copies or compose
    /// mounts, is a variant of the deployed one (an older copy, an
    /// example): unused, not judged.
    fn set_aside_nginx_variants(&mut self, sources: &SourceDb) {
        let rel_of = |c: &NginxConfig| sources.get(c.root).path.clone();
        let mentions: Vec<(String, Span)> = self
            .dockerfiles
            .iter()
            .filter(|df| !df.dev)
            .flat_map(|df| {
                df.facts
                    .stages
                    .iter()
                    .flat_map(|s| &s.instructions)
                    .filter(|i| matches!(i.keyword.as_str(), "COPY" | "ADD"))
                    .map(|i| (i.args.clone(), Span::new(df.file, i.range)))
            })
            .chain(self.compose.iter().filter(|c| !c.dev).flat_map(|c| {
                c.facts.services.iter().filter(|s| !s.dev).flat_map(|s| {
                    s.volumes
                        .iter()
                        .map(|(v, r)| (v.clone(), Span::new(c.file, *r)))
                })
            }))
            .collect();
        // A COPY source or volume source naming the file: its path, or the
        // end of it (`nginx/site.conf` in a build context below the root).
        let names_file = |word: &str, rel: &str| {
            let w = word.trim_start_matches("./");
            w == rel || w.contains('/') && !w.ends_with('/') && rel.ends_with(&format!("/{w}"))
        };
        let used_by = |rel: &str| {
            mentions
                .iter()
                .find(|(text, _)| {
                    text.split([' ', ':', '"', '\'', ',', '[', ']'])
                        .any(|w| names_file(w, rel))
                })
                .map(|(_, s)| *s)
        };
        let signature = |c: &NginxConfig| {
            let mut names: Vec<String> = c
                .servers()
                .iter()
                .flat_map(|s| nginx::server_names(s))
                .map(|a| a.value.clone())
                .collect();
            let mut passes: Vec<String> = c
                .servers()
                .iter()
                .flat_map(|s| nginx::locations(s))
                .filter_map(|l| nginx::passes_to_app(l.node))
                .filter_map(|n| n.arg(0).map(str::to_string))
                .collect();
            names.sort();
            passes.sort();
            (names, passes)
        };
        let deployed: Vec<(String, Span, NginxSignature)> = self
            .nginx
            .iter()
            .filter_map(|c| used_by(&rel_of(c)).map(|span| (rel_of(c), span, signature(c))))
            .collect();
        if deployed.is_empty() {
            return;
        }
        let mut kept = Vec::new();
        for c in std::mem::take(&mut self.nginx) {
            let rel = rel_of(&c);
            let sig = signature(&c);
            let twin = (used_by(&rel).is_none() && !sig.1.is_empty())
                .then(|| deployed.iter().find(|(_, _, s)| *s == sig))
                .flatten();
            match twin {
                Some((other, span, _)) => {
                    let f = sources.get(span.file);
                    let line = f.line_col(span.range.start()).line;
                    let reason = format!(
                        "a variant of `{other}`, the configuration deployed ({}:{line}); nothing uses this one",
                        f.path
                    );
                    self.nginx_other.push((c, FileClass::Unused, reason));
                }
                None => kept.push(c),
            }
        }
        self.nginx = kept;
    }

    /// The project's files named `name`, in path order.
    pub fn files_named(&self, name: &str) -> impl Iterator<Item = &PathBuf> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.files[i])
    }

    /// Evaluates the gunicorn configuration files commands name with `-c`
    /// that the walk did not take for one by their name (`-c
    /// python:config.gunicorn`, `--config wsgi/config.py`, `gunicorn.ini`:
    /// gunicorn runs any of them as Python). Returns whether one was added.
    fn load_named_gunicorn_configs(&mut self, processes: &[Process], loader: &Loader) -> bool {
        let mut added = false;
        for wanted in processes
            .iter()
            .filter(|p| p.server.kind == Some(crate::command::ServerKind::Gunicorn))
            .filter_map(|p| p.server.config.clone())
        {
            if self
                .gunicorn
                .iter()
                .any(|g| crate::process::is_gunicorn_config_named(&g.path, &wanted, self))
            {
                continue;
            }
            let Some(path) = crate::process::gunicorn_config_candidates(&wanted, self)
                .into_iter()
                .find(|f| crate::process::is_gunicorn_config_named(f, &wanted, self))
            else {
                continue;
            };
            if !golive_python::loader::is_regular_file(&path) {
                continue;
            }
            let rel = path.strip_prefix(&self.root).unwrap_or(&path).to_path_buf();
            let values = evaluate_config_file(
                loader,
                &path,
                &format!("<{}>", rel.display()),
                BTreeMap::new(),
            );
            if let Some(file) = values.file {
                self.gunicorn.push(GunicornConfig {
                    file,
                    path,
                    class: class_by_path(&rel).0,
                    values,
                });
                added = true;
            }
        }
        added
    }

    /// Finds the nginx locations that pass requests to something other
    /// than Django: another compose service (an object store, a frontend,
    /// an inner nginx), a port no app server listens on, a socket no app
    /// server binds, another host.
    fn mark_passes_to_other_services(&mut self, sources: &SourceDb) {
        let apps: Vec<&Process> = self
            .processes
            .iter()
            .filter(|p| !p.dev && p.server.kind.is_some())
            .collect();
        let binds: Vec<&str> = apps
            .iter()
            .flat_map(|p| p.server.binds.iter().map(String::as_str))
            .collect();
        let app_ports: Vec<u16> = binds
            .iter()
            .filter(|b| !b.starts_with("unix:"))
            .filter_map(|b| nginx::split_host_port(b).1)
            .collect();
        let ports_unknown =
            binds.iter().any(|b| b.contains('$')) || apps.iter().any(|p| p.server.binds.is_empty());
        let app_services: Vec<&str> = apps
            .iter()
            .filter_map(|p| p.compose.as_ref().map(|(_, s)| s.as_str()))
            .collect();
        // Compose services known to run something else: an official image
        // of a proxy, a datastore or a runtime, or a command that starts no
        // app server (a worker, a frontend build).
        let other_services: Vec<&str> = self
            .compose
            .iter()
            .flat_map(|c| c.facts.services.iter())
            .filter(|s| !app_services.contains(&s.name.as_str()))
            .filter(|s| {
                let image = s
                    .image
                    .as_deref()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let known_other = OTHER_IMAGES
                    .iter()
                    .any(|i| image == *i || image.starts_with(&format!("{i}-")));
                let other_command = s.command.as_ref().is_some_and(|(c, _)| {
                    crate::command::parse_command(c).is_empty() && !c.contains(".sh")
                });
                known_other || other_command
            })
            .map(|s| s.name.as_str())
            .collect();
        let services: Vec<&str> = self
            .compose
            .iter()
            .flat_map(|c| c.facts.services.iter().map(|s| s.name.as_str()))
            .collect();
        let _ = sources;
        // Only a target known to be something else is taken out: a socket or
        // a port no app server uses is more likely a mistake (XDP004).
        let judge = |target: &str| -> Option<String> {
            let t = target.split("://").nth(1).unwrap_or(target);
            if t.starts_with("unix:") {
                return None;
            }
            let hostport = t.split('/').next().unwrap_or(t);
            let (host, port) = nginx::split_host_port(hostport);
            let host = host.unwrap_or_default();
            if host.contains('$') {
                return None;
            }
            if other_services.contains(&host.as_str()) {
                return Some(format!(
                    "the compose service `{host}`, which does not run the Django app"
                ));
            }
            if services.contains(&host.as_str()) {
                return None;
            }
            let port = port.unwrap_or(if target.starts_with("https") { 443 } else { 80 });
            let external = host.contains('.')
                && host.parse::<std::net::Ipv4Addr>().is_err()
                && host != "localhost";
            if external && (ports_unknown || !app_ports.contains(&port)) && !apps.is_empty() {
                return Some(format!(
                    "`{host}`, another host than the project's app server"
                ));
            }
            None
        };
        for config in &mut self.nginx {
            let upstreams: Vec<(String, Vec<String>)> = config
                .upstreams()
                .iter()
                .filter_map(|u| {
                    Some((
                        u.arg(0)?.to_string(),
                        u.all("server")
                            .filter_map(|s| s.arg(0).map(str::to_string))
                            .collect(),
                    ))
                })
                .collect();
            let mut found = Vec::new();
            for server in config.servers() {
                for location in nginx::locations(server) {
                    let Some(pass) = nginx::passes_to_app(location.node) else {
                        continue;
                    };
                    let Some(target) = pass.arg(0) else { continue };
                    let name = target
                        .split("://")
                        .nth(1)
                        .unwrap_or(target)
                        .split(['/', ':'])
                        .next()
                        .unwrap_or("");
                    let verdict = match upstreams.iter().find(|(n, _)| n == name) {
                        Some((_, servers)) => {
                            let judged: Vec<Option<String>> =
                                servers.iter().map(|s| judge(s)).collect();
                            (!judged.is_empty() && judged.iter().all(Option::is_some)).then(|| {
                                format!(
                                    "upstream `{name}` ({})",
                                    judged.into_iter().flatten().collect::<Vec<_>>().join(", ")
                                )
                            })
                        }
                        None => judge(target),
                    };
                    if let Some(why) = verdict {
                        found.push((pass.span(), why));
                    }
                }
            }
            config.not_app = found;
        }
    }
}

fn scan_nginx(
    root: &Path,
    files: &[PathBuf],
    all_files: &[PathBuf],
    sources: &mut SourceDb,
    unreadable: &mut Vec<(PathBuf, String)>,
) -> Vec<NginxConfig> {
    let mut candidates: Vec<&PathBuf> = files.iter().collect();
    // Main configurations first, so that the files they include are read as
    // part of them and not as roots.
    candidates.sort_by_key(|p| {
        (
            p.file_name().is_none_or(|n| n != "nginx.conf"),
            p.to_path_buf(),
        )
    });
    let mut configs: Vec<NginxConfig> = Vec::new();
    for path in candidates {
        if let Some(id) = sources.find(path)
            && configs.iter().any(|c| c.files.contains(&id))
        {
            continue;
        }
        let mut loader = nginx::Loader {
            root,
            sources,
            files: all_files,
        };
        match loader.load(path) {
            Ok(config) if config.looks_like_nginx() => configs.push(config),
            Ok(_) => {}
            Err(e) => unreadable.push((path.clone(), e)),
        }
    }
    // A site file loaded before the main configuration that includes it
    // would be audited twice; keep it inside the main one only.
    let included: Vec<FileId> = configs
        .iter()
        .flat_map(|c| c.files.iter().skip(1).copied())
        .collect();
    configs.retain(|c| !included.contains(&c.root));
    configs
}

/// The project's `.gitignore` files, each applying to its own directory
/// as git applies them.
/// The largest `.gitignore` golive reads, and how many of its lines.
const MAX_GITIGNORE_BYTES: u64 = 256 * 1024;
const MAX_GITIGNORE_LINES: usize = 5_000;

fn gitignore(files: &[PathBuf]) -> Vec<ignore::gitignore::Gitignore> {
    files
        .iter()
        .filter(|p| golive_source::name_bytes_of(p) == b".gitignore")
        .filter_map(|p| {
            // Compiled patterns cost far more memory than their text: a
            // hostile `.gitignore` of a megabyte would take gigabytes. Real
            // ones are a few hundred lines.
            let (text, _) = golive_source::read_text_lossy(p, MAX_GITIGNORE_BYTES).ok()?;
            let mut builder = ignore::gitignore::GitignoreBuilder::new(p.parent()?);
            for line in text.lines().take(MAX_GITIGNORE_LINES) {
                // A malformed line is skipped, as git skips it.
                let _ = builder.add_line(Some(p.clone()), line);
            }
            builder.build().ok()
        })
        .collect()
}

/// Does a `.gitignore` ignore `path`? The deepest file that has a say wins.
fn is_ignored(ignores: &[ignore::gitignore::Gitignore], path: &Path) -> bool {
    let mut applicable: Vec<&ignore::gitignore::Gitignore> = ignores
        .iter()
        .filter(|g| path.starts_with(g.path()))
        .collect();
    applicable.sort_by_key(|g| std::cmp::Reverse(g.path().components().count()));
    for g in applicable {
        let m = g.matched_path_or_any_parents(path, false);
        if m.is_ignore() {
            return true;
        }
        if m.is_whitelist() {
            return false;
        }
    }
    false
}

/// Files small and textual enough to search for a command name: scripts,
/// CI and compose files, crontabs, units, Makefiles, Procfiles, Python.
fn searchable(path: &Path) -> bool {
    // Asked of every file of the tree: on the name's bytes, no allocation.
    let name = golive_source::name_of(path);
    let ext = name
        .rsplit_once('.')
        .map_or("", |(stem, e)| if stem.is_empty() { "" } else { e });
    let lower_eq = |s: &str, w: &str| s.eq_ignore_ascii_case(w);
    let in_dir = |d: &str| golive_source::dirs_of(path).any(|c| c == d.as_bytes());
    // Python: only where jobs are scheduled or defined (celery beat
    // schedules, task modules, settings, management commands), not every
    // module of a large application.
    let python_job = || {
        lower_eq(ext, "py")
            && (names_a_job(name.as_bytes())
                || golive_source::dirs_of(path).any(|c| c == b"commands" || c == b"settings"))
    };
    [
        "sh", "bash", "yml", "yaml", "toml", "service", "timer", "cron", "crontab", "cfg", "ini",
        "conf", "tf", "j2",
    ]
    .iter()
    .any(|e| lower_eq(ext, e))
        || python_job()
        || ["makefile", "procfile", "justfile", "crontab", "app.json"]
            .iter()
            .any(|n| lower_eq(name, n))
        || golive_source::starts_with_ignore_ascii_case(name.as_bytes(), b"dockerfile")
        || in_dir("cron.d")
}

/// Whether a Python file's name says it schedules or defines jobs (or is
/// settings): it contains, in any ASCII case, celery, task, schedule, cron,
/// settings, beat or jobs. One pass over the name, each byte choosing the
/// words that can start there (asked of every Python file of the tree).
fn names_a_job(name: &[u8]) -> bool {
    golive_source::contains_any_word_ignore_ascii_case(name, |b| match b {
        b'c' => &[b"celery", b"cron"],
        b't' => &[b"task"],
        b's' => &[b"schedule", b"settings"],
        b'b' => &[b"beat"],
        b'j' => &[b"jobs"],
        _ => &[],
    })
}

/// The words rules look for across the repository's scripts, schedules
/// and configuration (`Deployment::file_mentioning`): database backup
/// tools and session clean-up.
pub const MENTION_WORDS: &[&str] = &[
    "pg_dump",
    "pg_basebackup",
    "mysqldump",
    "mariadb-dump",
    "pgbackrest",
    "wal-g",
    "barman",
    "dbbackup",
    "clearsessions",
    "clear_expired",
];

/// The mention index: reads each searchable file once (at most 512 KiB)
/// and looks for each word not found yet with a vectorised substring search
/// (faster over the few long files than one automaton pass).
fn index_mentions(
    files: &[PathBuf],
    loader: &Loader,
) -> std::collections::HashMap<&'static str, PathBuf> {
    let mut found = std::collections::HashMap::new();
    let finders: Vec<memchr::memmem::Finder<'static>> = MENTION_WORDS
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    for p in files.iter().filter(|p| searchable(p)) {
        if found.len() == MENTION_WORDS.len() {
            break;
        }
        // As the text reader would: no binary file, no file past the limit.
        let Ok(bytes) = golive_source::read_bytes(p, 512 * 1024) else {
            continue;
        };
        if bytes.contains(&0) {
            continue;
        }
        for (word, finder) in MENTION_WORDS.iter().zip(&finders) {
            if !found.contains_key(word) && finder.find(&bytes).is_some() {
                found.insert(*word, p.clone());
            }
        }
        // A `*settings*.py` is a settings-module candidate discovery reads
        // next: it gets these bytes instead of reading the file again.
        let name = golive_source::name_of(p);
        if name.ends_with(".py")
            && name.contains("settings")
            && let Ok((text, lossy)) = golive_source::text_lossy(bytes)
        {
            loader.hand_over(p, text, lossy);
        }
    }
    found
}

impl Deployment {
    /// The first project file (in path order) whose text mentions any of
    /// `needles` — each one of [`MENTION_WORDS`]: a backup job, a scheduled
    /// `clearsessions`. Reads nothing: the index is built by `scan`.
    pub fn file_mentioning<'a>(&'a self, needles: &[&str]) -> Option<&'a Path> {
        let mut first: Option<&'a Path> = None;
        for n in needles {
            debug_assert!(MENTION_WORDS.contains(n), "`{n}` is not in MENTION_WORDS");
            if let Some(p) = self.mentions.get(*n)
                && first.is_none_or(|f| p.as_path() < f)
            {
                first = Some(p);
            }
        }
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfiles_are_known_by_their_conventional_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.prod",
            "Dockerfile-static",
            "Dockerfile_web",
            "web.Dockerfile",
            "prod.dockerfile",
            "Containerfile",
        ] {
            assert!(is_dockerfile(name), "{name}");
        }
        for name in [
            "Dockerfile.md",
            "Dockerfile.dockerignore",
            "Dockerfiles",
            "mydockerfile",
            "README.md",
        ] {
            assert!(!is_dockerfile(name), "{name}");
        }
    }

    #[test]
    fn job_names_are_found_in_one_pass_as_a_search_per_word_finds_them() {
        let words = [
            "celery", "task", "schedule", "cron", "settings", "beat", "jobs",
        ];
        for name in [
            "tasks.py",
            "Celery.py",
            "cron_jobs.py",
            "SCHEDULE.py",
            "my_settings.py",
            "beats.py",
            "job.py",
            "models.py",
            "crontab",
            "cro.py",
            "setting.py",
            "",
        ] {
            let naive = words.iter().any(|w| name.to_ascii_lowercase().contains(w));
            assert_eq!(names_a_job(name.as_bytes()), naive, "{name}");
        }
    }

    #[test]
    fn production_start_scripts_are_known_by_name() {
        assert!(is_production_path(Path::new("bin/run-prod.sh")));
        assert!(is_production_path(Path::new("docker/start_production.sh")));
        assert!(!is_production_path(Path::new("bin/products.sh")));
    }
}
