//! The deployment model: every infrastructure file of the project, parsed
//! into facts, and the processes those files start. Built once per audit
//! from the project's file list; the layer rules and the cross-layer rules
//! read it.

use crate::command::{ServerCommand, ServerKind, parse_command};
use crate::compose::{self, ComposeFile};
use crate::dockerfile::{self, Dockerfile};
use crate::ini::{self, IniEntry};
use crate::nginx::{self, NginxConfig};
use crate::procfile::{self, ProcfileEntry};
use golive_python::dotenv::{self, Dialect, EnvBinding};
use golive_python::{ConfigFileResult, Loader, V, Value, evaluate_config_file};
use golive_source::{FileId, SourceDb, SourceFile, Span};
use ruff_text_size::{TextRange, TextSize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file golive read, with whether it is meant for development.
#[derive(Debug)]
pub struct Parsed<T> {
    pub file: FileId,
    pub path: PathBuf,
    /// Named for development, tests or CI (`Dockerfile.dev`,
    /// `docker-compose.override.yml`, `local.yml`): not what production runs.
    pub dev: bool,
    pub facts: T,
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

/// Where a process is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcessOrigin {
    Dockerfile,
    Compose {
        service: String,
    },
    Procfile {
        process_type: String,
    },
    Systemd,
    /// A gunicorn configuration file no command in the project refers to.
    GunicornConfig,
    /// An entrypoint script a container runs.
    Script,
    /// The `[uwsgi]` section of an ini file.
    UwsgiIni,
}

/// A variable of a process's environment.
#[derive(Clone, Debug)]
pub struct ProcessEnv {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
}

/// An application server process, as the project declares it.
#[derive(Clone, Debug)]
pub struct Process {
    pub origin: ProcessOrigin,
    pub server: ServerCommand,
    /// The command (or the configuration file) that starts it.
    pub span: Span,
    pub dev: bool,
    /// Runs in a container (Dockerfile, compose): binding 0.0.0.0 is how a
    /// container listens.
    pub container: bool,
    pub env: Vec<ProcessEnv>,
    /// The gunicorn configuration file it reads, as evaluated.
    pub gunicorn_config: Option<usize>,
    /// Where each option came from, when a configuration file set it.
    pub option_spans: BTreeMap<&'static str, Span>,
    /// Who gives the process its environment, when that is not where the
    /// process is declared (a compose service running the image's CMD).
    pub env_source: Option<String>,
}

/// A gunicorn configuration file, evaluated.
#[derive(Debug)]
pub struct GunicornConfig {
    pub file: FileId,
    pub path: PathBuf,
    pub values: ConfigFileResult,
}

/// What golive found around the settings.
#[derive(Debug, Default)]
pub struct Deployment {
    /// nginx configurations, one per root file (a file that another
    /// configuration includes is not a root of its own).
    pub nginx: Vec<NginxConfig>,
    pub dockerfiles: Vec<Parsed<Dockerfile>>,
    pub compose: Vec<Parsed<ComposeFile>>,
    pub procfiles: Vec<Parsed<Vec<ProcfileEntry>>>,
    pub systemd: Vec<Parsed<Vec<IniEntry>>>,
    pub uwsgi: Vec<Parsed<Vec<IniEntry>>>,
    pub gunicorn: Vec<GunicornConfig>,
    pub env_files: Vec<Parsed<EnvFile>>,
    pub processes: Vec<Process>,
    /// Files that could not be parsed (YAML errors), with the message.
    pub invalid: Vec<(Span, String)>,
    /// Infrastructure files golive could not read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Every file of the project, for rules that look for one
    /// (a backup script, a cron file).
    pub files: Vec<PathBuf>,
    /// URLconf modules (`urls.py`, `urls/*.py`), read for the routes they
    /// declare.
    pub urlconfs: Vec<(FileId, PathBuf)>,
    /// The Django release the project pins, and where.
    pub django_pin: Option<(crate::DjangoPin, Span)>,
    pub root: PathBuf,
}

/// Words in a path that mark a file as not meant for production.
const DEV_WORDS: &[&str] =
    &["dev", "develop", "development", "local", "test", "tests", "testing", "ci", "debug", "override", "e2e", "example", "sample", "docs"];

/// Is the file, by its path, for development, tests or CI?
pub fn is_dev_path(rel: &Path) -> bool {
    rel.to_string_lossy().to_ascii_lowercase().split(['/', '.', '_', '-']).any(|w| DEV_WORDS.contains(&w))
}

const MAX_FILE: u64 = 4 * 1024 * 1024;

fn is_dockerfile(name: &str) -> bool {
    name == "Dockerfile" || name.starts_with("Dockerfile.") || name.ends_with(".Dockerfile") || name.ends_with(".dockerfile")
}

fn is_env_file(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.") || name.ends_with(".env")
}

fn is_env_template(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["example", "sample", "template", "dist", "defaults", "tpl"].iter().any(|w| n.split(['.', '_', '-']).any(|p| p == *w))
}

fn is_gunicorn_config(name: &str) -> bool {
    name.starts_with("gunicorn") && name.ends_with(".py")
}

impl Deployment {
    /// Reads the infrastructure files among `files` (absolute paths under
    /// `root`). Python configuration (gunicorn's) is evaluated by `loader`,
    /// whose source database receives every file read.
    pub fn scan(root: &Path, files: &[PathBuf], loader: &Loader) -> Self {
        let mut d = Deployment { root: root.to_path_buf(), files: files.to_vec(), ..Deployment::default() };
        d.nginx = scan_nginx(root, files, &mut loader.sources.borrow_mut(), &mut d.unreadable);
        let gitignore = gitignore(files);
        for path in files {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let dev = is_dev_path(rel);
            let in_urls_package = path.parent().and_then(Path::file_name).is_some_and(|d| d == "urls");
            if name == "urls.py" || in_urls_package && name.ends_with(".py") {
                if let Ok((text, _)) = golive_source::read_text_lossy(path, MAX_FILE) {
                    let file = loader.sources.borrow_mut().add(SourceFile::new(golive_source::display_path(root, path), path.clone(), text));
                    d.urlconfs.push((file, path.clone()));
                }
                continue;
            }
            if is_gunicorn_config(&name) {
                let values = evaluate_config_file(loader, path, &format!("<{}>", rel.display()), BTreeMap::new());
                if let Some(file) = values.file {
                    d.gunicorn.push(GunicornConfig { file, path: path.clone(), values });
                }
                continue;
            }
            let kind = if is_dockerfile(&name) {
                1
            } else if compose::is_compose_file(&name) {
                2
            } else if name == "Procfile" || name.starts_with("Procfile.") {
                3
            } else if name.ends_with(".service") {
                4
            } else if name.ends_with(".ini") && (name.contains("uwsgi") || rel.components().any(|c| c.as_os_str() == "uwsgi")) {
                5
            } else if is_env_file(&name) {
                6
            } else {
                continue;
            };
            let text = match golive_source::read_text_lossy(path, MAX_FILE) {
                Ok((t, _)) => t,
                Err(e) => {
                    d.unreadable.push((path.clone(), e.to_string()));
                    continue;
                }
            };
            let display = golive_source::display_path(root, path);
            let file = loader.sources.borrow_mut().add(SourceFile::new(display, path.clone(), text.clone()));
            match kind {
                1 => d.dockerfiles.push(Parsed { file, path: path.clone(), dev, facts: dockerfile::parse(&text) }),
                2 => match compose::parse(&text) {
                    Ok(facts) => d.compose.push(Parsed { file, path: path.clone(), dev, facts }),
                    Err(message) => d.invalid.push((Span::file_start(file), format!("compose file is not valid YAML: {message}"))),
                },
                3 => d.procfiles.push(Parsed { file, path: path.clone(), dev, facts: procfile::parse(&text) }),
                4 => d.systemd.push(Parsed { file, path: path.clone(), dev, facts: ini::parse(&text) }),
                5 => d.uwsgi.push(Parsed { file, path: path.clone(), dev, facts: ini::parse(&text) }),
                _ => {
                    let ignored = is_ignored(&gitignore, path);
                    let facts = EnvFile { bindings: dotenv::parse(&text, Dialect::PythonDotenv), template: is_env_template(&name), ignored };
                    d.env_files.push(Parsed { file, path: path.clone(), dev, facts });
                }
            }
        }
        d.processes = collect_processes(&d, loader);
        if let Some(pin) = crate::find_django_pin(root)
            && let Ok((text, _)) = golive_source::read_text_lossy(&pin.path, MAX_FILE)
        {
            let display = golive_source::display_path(root, &pin.path);
            let mut sources = loader.sources.borrow_mut();
            let file = sources.add(SourceFile::new(display, pin.path.clone(), text));
            let f = sources.get(file);
            let start = f.line_start(pin.line);
            let end = start + TextSize::new(u32::try_from(f.line_text(pin.line).trim_end().len()).unwrap_or(0));
            d.django_pin = Some((pin, Span::new(file, TextRange::new(start, end))));
        }
        d
    }
}

fn scan_nginx(root: &Path, files: &[PathBuf], sources: &mut SourceDb, unreadable: &mut Vec<(PathBuf, String)>) -> Vec<NginxConfig> {
    let mut candidates: Vec<&PathBuf> = files.iter().filter(|p| nginx::looks_like_nginx_path(p.strip_prefix(root).unwrap_or(p))).collect();
    // Main configurations first, so that the files they include are read as
    // part of them and not as roots.
    candidates.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "nginx.conf"), p.to_path_buf()));
    let mut configs: Vec<NginxConfig> = Vec::new();
    for path in candidates {
        if let Some(id) = sources.find(path)
            && configs.iter().any(|c| c.files.contains(&id))
        {
            continue;
        }
        let mut loader = nginx::Loader { root, sources };
        match loader.load(path) {
            Ok(config) if config.looks_like_nginx() => configs.push(config),
            Ok(_) => {}
            Err(e) => unreadable.push((path.clone(), e)),
        }
    }
    // A site file loaded before the main configuration that includes it
    // would be audited twice; keep it inside the main one only.
    let included: Vec<FileId> = configs.iter().flat_map(|c| c.files.iter().skip(1).copied()).collect();
    configs.retain(|c| !included.contains(&c.root));
    configs
}

/// The project's `.gitignore` files, each applying to its own directory
/// as git applies them.
fn gitignore(files: &[PathBuf]) -> Vec<ignore::gitignore::Gitignore> {
    files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == ".gitignore"))
        .filter_map(|p| {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(p.parent()?);
            // A malformed line is skipped, as git skips it.
            let _ = builder.add(p);
            builder.build().ok()
        })
        .collect()
}

/// Does a `.gitignore` ignore `path`? The deepest file that has a say wins.
fn is_ignored(ignores: &[ignore::gitignore::Gitignore], path: &Path) -> bool {
    let mut applicable: Vec<&ignore::gitignore::Gitignore> = ignores.iter().filter(|g| path.starts_with(g.path())).collect();
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

fn span_of(file: FileId, range: TextRange) -> Span {
    Span::new(file, range)
}

/// The processes the project declares, with the environment each gets.
fn collect_processes(d: &Deployment, loader: &Loader) -> Vec<Process> {
    let mut out: Vec<Process> = Vec::new();
    let push = |origin: ProcessOrigin, line: &str, span: Span, dev: bool, container: bool, env: Vec<ProcessEnv>, out: &mut Vec<Process>| {
        for server in parse_command(line) {
            out.push(Process {
                origin: origin.clone(),
                server,
                span,
                dev,
                container,
                env: env.clone(),
                gunicorn_config: None,
                option_spans: BTreeMap::new(),
                env_source: None,
            });
        }
    };
    // Dockerfiles: the final stage's CMD (after ENTRYPOINT), with the ENV of
    // the stages it is built from.
    for df in &d.dockerfiles {
        let chain = df.facts.final_chain();
        let mut env = Vec::new();
        let mut cmd = None;
        let mut entrypoint = None;
        for stage in &chain {
            for ins in &stage.instructions {
                match ins.keyword.as_str() {
                    "ENV" => env.extend(ins.env_pairs().into_iter().map(|p| ProcessEnv { name: p.name, value: p.value, span: span_of(df.file, p.range) })),
                    "CMD" => cmd = Some(ins),
                    "ENTRYPOINT" => entrypoint = Some(ins),
                    _ => {}
                }
            }
        }
        for ins in [entrypoint, cmd].into_iter().flatten() {
            let line = ins.command_line();
            push(ProcessOrigin::Dockerfile, &line, span_of(df.file, ins.range), df.dev, true, env.clone(), &mut out);
            follow_script(d, &line, &mut out, df.dev, &env, loader);
        }
    }
    // Compose services: `command`, or the image's CMD when the service
    // builds a Dockerfile of the project.
    for c in &d.compose {
        for service in &c.facts.services {
            let mut env: Vec<ProcessEnv> = Vec::new();
            // A service built from a Dockerfile of the project starts with
            // the image's ENV.
            if let Some(build) = &service.build {
                let base = c.path.parent().unwrap_or(&d.root).join(&build.context);
                let dockerfile = base.join(build.dockerfile.as_deref().unwrap_or("Dockerfile"));
                let dockerfile = std::fs::canonicalize(&dockerfile).unwrap_or(dockerfile);
                if let Some(df) = d.dockerfiles.iter().find(|df| df.path == dockerfile) {
                    for stage in df.facts.final_chain() {
                        for ins in stage.instructions.iter().filter(|i| i.keyword == "ENV") {
                            env.extend(ins.env_pairs().into_iter().map(|p| ProcessEnv { name: p.name, value: p.value, span: span_of(df.file, p.range) }));
                        }
                    }
                }
            }
            for (file, _) in &service.env_files {
                let base = c.path.parent().unwrap_or(&d.root);
                if let Some(ef) = d.env_files.iter().find(|e| e.path == base.join(file)) {
                    let sources = loader.sources.borrow();
                    let text = &sources.get(ef.file).text;
                    for b in &ef.facts.bindings {
                        let end = text[b.offset..].find('\n').map_or(text.len(), |n| b.offset + n);
                        env.push(ProcessEnv { name: b.key.clone(), value: b.value.clone(), span: Span::new(ef.file, crate::text_range(b.offset, end)) });
                    }
                }
            }
            env.extend(service.environment.iter().map(|e| ProcessEnv { name: e.name.clone(), value: e.value.clone(), span: span_of(c.file, e.range) }));
            let dev = c.dev || service.profiles.iter().any(|p| DEV_WORDS.contains(&p.as_str()));
            let line = match (&service.entrypoint, &service.command) {
                (Some((e, _)), Some((cmd, _))) => Some((format!("{e} {cmd}"), service.command.as_ref().map(|(_, r)| *r))),
                (None, Some((cmd, r))) => Some((cmd.clone(), Some(*r))),
                (Some((e, r)), None) => Some((e.clone(), Some(*r))),
                (None, None) => None,
            };
            if let Some((line, Some(range))) = line {
                push(ProcessOrigin::Compose { service: service.name.clone() }, &line, span_of(c.file, range), dev, true, env.clone(), &mut out);
                follow_script(d, &line, &mut out, dev, &env, loader);
            } else if service.build.is_some() {
                // The image's own CMD runs with the service's environment
                // (which starts with the image's ENV).
                let compose_path = golive_source::display_path(&d.root, &c.path);
                for p in out.iter_mut().filter(|p| p.origin == ProcessOrigin::Dockerfile) {
                    p.env = env.clone();
                    p.env_source = Some(format!("compose service `{}` ({compose_path})", service.name));
                }
            }
        }
    }
    for pf in &d.procfiles {
        for entry in &pf.facts {
            push(
                ProcessOrigin::Procfile { process_type: entry.process_type.clone() },
                &entry.command,
                span_of(pf.file, entry.range),
                pf.dev,
                false,
                Vec::new(),
                &mut out,
            );
        }
    }
    for unit in &d.systemd {
        let service: Vec<&IniEntry> = ini::section(&unit.facts, "Service").collect();
        let mut env = Vec::new();
        for e in service.iter().filter(|e| e.key == "Environment") {
            for word in shlex::split(&e.value).unwrap_or_default() {
                if let Some((k, v)) = word.split_once('=') {
                    env.push(ProcessEnv { name: k.to_string(), value: Some(v.to_string()), span: span_of(unit.file, e.range) });
                }
            }
        }
        for e in service.iter().filter(|e| e.key == "EnvironmentFile") {
            // `-/etc/shop/env` may be missing; only files in the project
            // can be read.
            let wanted = e.value.trim_start_matches('-');
            let name = wanted.rsplit('/').next().unwrap_or(wanted);
            if let Some(ef) = d.env_files.iter().find(|f| f.path.ends_with(wanted.trim_start_matches('/')) || f.path.file_name().is_some_and(|n| n == name)) {
                for b in &ef.facts.bindings {
                    env.push(ProcessEnv { name: b.key.clone(), value: b.value.clone(), span: span_of(ef.file, e.range) });
                }
            }
        }
        for e in service.iter().filter(|e| e.key == "ExecStart") {
            // systemd prefixes: `-`, `@`, `+`, `!`, `:`.
            let line = e.value.trim_start_matches(['-', '@', '+', '!', ':']);
            push(ProcessOrigin::Systemd, line, span_of(unit.file, e.range), unit.dev, false, env.clone(), &mut out);
        }
    }
    for ini_file in &d.uwsgi {
        let entries: Vec<&IniEntry> = ini::section(&ini_file.facts, "uwsgi").collect();
        if entries.is_empty() {
            continue;
        }
        let mut server = ServerCommand { kind: Some(ServerKind::Uwsgi), text: "uwsgi".into(), ..ServerCommand::default() };
        for e in &entries {
            let truthy = matches!(e.value.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on" | "");
            match e.key.as_str() {
                "master" => server.master = truthy,
                "harakiri" => server.harakiri = Some(e.value.clone()),
                "processes" | "workers" => server.workers = Some(e.value.clone()),
                "http" | "http-socket" | "socket" | "uwsgi-socket" => server.binds.push(e.value.clone()),
                "py-autoreload" => server.reload = e.value != "0",
                "module" | "wsgi-file" => server.app = Some(e.value.clone()),
                "env" => {
                    if let Some((k, v)) = e.value.split_once('=') {
                        if k == "DJANGO_SETTINGS_MODULE" {
                            server.settings_module = Some(v.to_string());
                        }
                        server.env.push((k.to_string(), v.to_string()));
                    }
                }
                _ => {}
            }
        }
        let span = Span::new(ini_file.file, entries[0].range.cover(entries[entries.len() - 1].range));
        out.push(Process {
            origin: ProcessOrigin::UwsgiIni,
            server,
            span,
            dev: ini_file.dev,
            container: false,
            env: Vec::new(),
            gunicorn_config: None,
            option_spans: BTreeMap::new(),
            env_source: None,
        });
    }
    attach_gunicorn_configs(d, &mut out);
    out
}

/// `./docker-entrypoint.sh`: the servers the script starts.
fn follow_script(d: &Deployment, line: &str, out: &mut Vec<Process>, dev: bool, env: &[ProcessEnv], loader: &Loader) {
    let words = shlex::split(line).unwrap_or_default();
    let Some(script) = words.iter().find(|w| w.ends_with(".sh")) else { return };
    let name = script.rsplit('/').next().unwrap_or(script);
    let Some(path) = d.files.iter().find(|p| p.file_name().is_some_and(|n| n == name)) else { return };
    let Ok((text, _)) = golive_source::read_text_lossy(path, MAX_FILE) else { return };
    let file = loader.sources.borrow_mut().add(SourceFile::new(golive_source::display_path(&d.root, path), path.clone(), text.clone()));
    let mut offset = 0usize;
    for l in text.split_inclusive('\n') {
        let start = offset;
        offset += l.len();
        let t = l.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        for server in parse_command(t) {
            let lead = l.len() - l.trim_start().len();
            let span = Span::new(file, crate::text_range(start + lead, start + lead + t.len()));
            out.push(Process {
                origin: ProcessOrigin::Script,
                server,
                span,
                dev,
                container: true,
                env: env.to_vec(),
                gunicorn_config: None,
                option_spans: BTreeMap::new(),
                env_source: None,
            });
        }
    }
}

fn value_text(v: &Value) -> Option<String> {
    match &v.v {
        V::Str(s) => Some(s.to_string()),
        V::Int(i) => Some(i.to_string()),
        V::Float(f) => Some(f.to_string()),
        V::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        V::Unknown(_) => Some("(computed)".to_string()),
        _ => None,
    }
}

/// gunicorn reads `-c FILE`, else `./gunicorn.conf.py`; the command line
/// wins over the file. A configuration file nothing refers to is a process
/// of its own (started by a unit or a platform outside the repository).
fn attach_gunicorn_configs(d: &Deployment, out: &mut Vec<Process>) {
    let mut used = vec![false; d.gunicorn.len()];
    for p in out.iter_mut().filter(|p| p.server.kind == Some(ServerKind::Gunicorn)) {
        let wanted = p.server.config.clone().unwrap_or_else(|| "gunicorn.conf.py".to_string());
        let name = wanted.trim_start_matches("python:").rsplit('/').next().unwrap_or(&wanted).to_string();
        let Some(i) = d
            .gunicorn
            .iter()
            .position(|g| g.path.ends_with(wanted.trim_start_matches("./")) || g.path.file_name().is_some_and(|n| n.to_string_lossy() == name))
        else {
            continue;
        };
        used[i] = true;
        p.gunicorn_config = Some(i);
        apply_gunicorn_values(&d.gunicorn[i], p);
    }
    for (i, g) in d.gunicorn.iter().enumerate() {
        if used[i] {
            continue;
        }
        let rel = g.path.strip_prefix(&d.root).unwrap_or(&g.path);
        let mut p = Process {
            origin: ProcessOrigin::GunicornConfig,
            server: ServerCommand { kind: Some(ServerKind::Gunicorn), text: format!("gunicorn -c {}", rel.display()), ..ServerCommand::default() },
            span: Span::file_start(g.file),
            dev: is_dev_path(rel),
            container: false,
            env: Vec::new(),
            gunicorn_config: Some(i),
            option_spans: BTreeMap::new(),
            env_source: None,
        };
        apply_gunicorn_values(g, &mut p);
        out.push(p);
    }
}

fn apply_gunicorn_values(g: &GunicornConfig, p: &mut Process) {
    let values = &g.values.values;
    let span_of = |name: &str| values.get(name).and_then(|s| s.origin.as_ref()).map(|o| o.stmt);
    let note = |key: &'static str, p: &mut Process| {
        if let Some(s) = span_of(key) {
            p.option_spans.insert(key, s);
        }
    };
    if p.server.binds.is_empty()
        && let Some(b) = values.get("bind")
    {
        match &b.value.v {
            V::Str(s) => p.server.binds.push(s.to_string()),
            V::List(items) => p.server.binds.extend(items.borrow().iter().filter_map(|v| v.as_str().map(str::to_string))),
            V::Tuple(items) => p.server.binds.extend(items.iter().filter_map(|v| v.as_str().map(str::to_string))),
            _ => {}
        }
        note("bind", p);
    }
    if p.server.workers.is_none()
        && let Some(w) = values.get("workers").and_then(|s| value_text(&s.value))
    {
        p.server.workers = Some(w);
        note("workers", p);
    }
    if p.server.timeout.is_none()
        && let Some(t) = values.get("timeout").and_then(|s| value_text(&s.value))
    {
        p.server.timeout = Some(t);
        note("timeout", p);
    }
    if !p.server.reload
        && let Some(r) = values.get("reload")
        && matches!(r.value.v, V::Bool(true))
    {
        p.server.reload = true;
        note("reload", p);
    }
    if let Some(raw) = values.get("raw_env") {
        let items: Vec<Value> = match &raw.value.v {
            V::List(items) => items.borrow().clone(),
            V::Tuple(items) => items.to_vec(),
            _ => Vec::new(),
        };
        for item in items {
            if let Some((k, v)) = item.as_str().and_then(|s| s.split_once('=')) {
                if k == "DJANGO_SETTINGS_MODULE" && p.server.settings_module.is_none() {
                    p.server.settings_module = Some(v.to_string());
                }
                p.server.env.push((k.to_string(), v.to_string()));
            }
        }
    }
}

/// Files small and textual enough to search for a command name: scripts,
/// CI and compose files, crontabs, units, Makefiles, Procfiles, Python.
fn searchable(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(
        ext.as_str(),
        "sh" | "bash" | "yml" | "yaml" | "toml" | "json" | "service" | "timer" | "cron" | "crontab" | "py" | "cfg" | "ini" | "conf" | "tf" | "j2"
    ) || matches!(name.as_str(), "makefile" | "procfile" | "justfile" | "crontab" | "app.json")
        || name.starts_with("dockerfile")
        || path.components().any(|c| c.as_os_str() == "cron.d")
}

impl Deployment {
    /// The first project file (in path order) whose text mentions any of
    /// `needles`: a backup job, a scheduled `clearsessions`. Reads the
    /// searchable files (at most 512 KiB each) on demand.
    pub fn file_mentioning(&self, needles: &[&str]) -> Option<PathBuf> {
        self.files.iter().filter(|p| searchable(p)).find_map(|p| {
            if std::fs::metadata(p).ok()?.len() > 512 * 1024 {
                return None;
            }
            let text = std::fs::read_to_string(p).ok()?;
            needles.iter().any(|n| text.contains(n)).then(|| p.clone())
        })
    }
}

/// The environment production gives the Django process, as the project
/// declares it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessEnvironment {
    /// Where it comes from, for the report (`compose service web
    /// (docker-compose.yml)`).
    pub source: String,
    pub vars: Vec<(String, String)>,
    /// Variables whose value is only known when the process starts
    /// (`${SECRET_KEY}`, a systemd `EnvironmentFile` outside the project).
    pub unresolved: Vec<String>,
}

impl Deployment {
    /// The environment of the production web process: the first
    /// production app-server process, preferring compose (which adds to
    /// the image's ENV) over the Dockerfile, systemd, the gunicorn
    /// configuration and the Procfile. `None` when no such process declares
    /// any variable.
    pub fn production_environment(&self, sources: &SourceDb) -> Option<ProcessEnvironment> {
        let rank = |o: &ProcessOrigin| match o {
            ProcessOrigin::Compose { .. } => 0,
            ProcessOrigin::Dockerfile => 1,
            ProcessOrigin::Systemd => 2,
            ProcessOrigin::GunicornConfig => 3,
            ProcessOrigin::UwsgiIni => 4,
            ProcessOrigin::Procfile { .. } => 5,
            ProcessOrigin::Script => 6,
        };
        let mut candidates: Vec<&Process> = self.processes.iter().filter(|p| !p.dev && p.server.kind.is_some_and(|k| k != ServerKind::Runserver)).collect();
        if candidates.is_empty() {
            candidates = self.processes.iter().filter(|p| !p.dev).collect();
        }
        candidates.sort_by_key(|p| rank(&p.origin));
        let p = candidates.into_iter().find(|p| !p.env.is_empty() || !p.server.env.is_empty())?;
        let mut env = ProcessEnvironment::default();
        let add = |name: &str, value: Option<&str>, env: &mut ProcessEnvironment| match value {
            Some(v) if !v.contains('$') => {
                env.vars.retain(|(k, _)| k != name);
                env.vars.push((name.to_string(), v.to_string()));
            }
            _ => {
                if !env.unresolved.iter().any(|u| u == name) {
                    env.unresolved.push(name.to_string());
                }
            }
        };
        for e in &p.env {
            add(&e.name, e.value.as_deref(), &mut env);
        }
        for (k, v) in &p.server.env {
            add(k, Some(v), &mut env);
        }
        let file = sources.get(p.span.file).path.clone();
        env.source = match &p.origin {
            _ if p.env_source.is_some() => p.env_source.clone().unwrap_or_default(),
            ProcessOrigin::Compose { service } => format!("compose service `{service}` ({file})"),
            ProcessOrigin::Dockerfile => format!("the image's ENV ({file})"),
            ProcessOrigin::Systemd => format!("the systemd unit ({file})"),
            ProcessOrigin::GunicornConfig => format!("gunicorn's raw_env ({file})"),
            ProcessOrigin::UwsgiIni => format!("uwsgi's env ({file})"),
            ProcessOrigin::Procfile { process_type } => format!("Procfile process `{process_type}` ({file})"),
            ProcessOrigin::Script => format!("the start script ({file})"),
        };
        Some(env)
    }
}
