//! The processes a project declares — Dockerfile CMD/ENTRYPOINT, compose
//! services, Procfile lines, systemd units, supervisord programs, platform
//! files, uwsgi and gunicorn configurations, and the scripts they start —
//! each with the application server it runs and the environment it gets
//! from the file that declares it.

use crate::command::{NumericOption, ServerCommand, ServerKind, parse_command};
use crate::deployment::{Deployment, FileClass, GunicornConfig, InfraFileKind, MAX_FILE};
use crate::ini::{self, IniEntry};
use golive_python::{Loader, V, Value};
use golive_source::{FileId, SourceFile, SourceKind, Span};
use ruff_text_size::TextRange;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// The `[uwsgi]` section of an ini file no command refers to.
    UwsgiIni,
    /// A `[program:…]` of a supervisord configuration.
    Supervisor {
        program: String,
    },
    /// A service of a platform file (render.yaml, heroku.yml).
    Platform {
        platform: &'static str,
        service: String,
    },
}

impl ProcessOrigin {
    /// The kind of file that declares the process.
    pub fn file_kind(&self) -> InfraFileKind {
        match self {
            ProcessOrigin::Dockerfile => InfraFileKind::Dockerfile,
            ProcessOrigin::Compose { .. } => InfraFileKind::Compose,
            ProcessOrigin::Procfile { .. } => InfraFileKind::Procfile,
            ProcessOrigin::Systemd => InfraFileKind::Systemd,
            ProcessOrigin::GunicornConfig => InfraFileKind::GunicornConfig,
            ProcessOrigin::Script => InfraFileKind::Script,
            ProcessOrigin::UwsgiIni => InfraFileKind::Uwsgi,
            ProcessOrigin::Supervisor { .. } => InfraFileKind::Supervisor,
            ProcessOrigin::Platform { .. } => InfraFileKind::Platform,
        }
    }

    /// How a report names it.
    pub fn describe(&self) -> String {
        match self {
            ProcessOrigin::Dockerfile => "the image's command".into(),
            ProcessOrigin::Compose { service } => format!("compose service `{service}`"),
            ProcessOrigin::Procfile { process_type } => {
                format!("Procfile process `{process_type}`")
            }
            ProcessOrigin::Systemd => "the systemd unit".into(),
            ProcessOrigin::GunicornConfig => "the gunicorn configuration".into(),
            ProcessOrigin::Script => "the start script".into(),
            ProcessOrigin::UwsgiIni => "the uwsgi configuration".into(),
            ProcessOrigin::Supervisor { program } => format!("supervisord program `{program}`"),
            ProcessOrigin::Platform { platform, service } => {
                format!("{platform} service `{service}`")
            }
        }
    }
}

/// A variable of a process's environment.
#[derive(Clone, Debug)]
pub struct ProcessEnv {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
    /// Read from an env file (`env_file`, `EnvironmentFile=`): a deployment
    /// may replace that file. Other values are written into the
    /// declaration itself and hold wherever the declaration is used.
    pub from_file: bool,
}

/// An application server process, as the project declares it.
#[derive(Clone, Debug)]
pub struct Process {
    pub origin: ProcessOrigin,
    pub server: ServerCommand,
    /// The command (or the configuration file) that starts it.
    pub span: Span,
    /// Not what production runs (a development file or service).
    pub dev: bool,
    /// Runs in a container (Dockerfile, compose): binding 0.0.0.0 is how a
    /// container listens.
    pub container: bool,
    pub env: Vec<ProcessEnv>,
    /// The gunicorn configuration file it reads, as evaluated.
    pub gunicorn_config: Option<usize>,
    /// The uwsgi ini file it reads (an index into `Deployment::uwsgi`).
    pub uwsgi_config: Option<usize>,
    /// Where each option came from, when a configuration file set it.
    pub option_spans: BTreeMap<&'static str, Span>,
    /// Who gives the process its environment, when that is not where the
    /// process is declared (a compose service running the image's CMD).
    pub env_source: Option<String>,
    /// The Dockerfile (an index into `Deployment::dockerfiles`) whose image
    /// runs the process.
    pub image: Option<usize>,
    /// The compose file (an index into `Deployment::compose`) and service
    /// that declare or run it.
    pub compose: Option<(usize, String)>,
    /// The unprivileged user the process runs as, when something switches
    /// to one (supervisord `user=`, gunicorn `--user`, uwsgi `uid`).
    pub user: Option<String>,
}

impl Process {
    fn new(
        origin: ProcessOrigin,
        server: ServerCommand,
        span: Span,
        dev: bool,
        container: bool,
        env: Vec<ProcessEnv>,
    ) -> Self {
        let user = server.user.clone();
        Self {
            origin,
            server,
            span,
            dev,
            container,
            env,
            gunicorn_config: None,
            uwsgi_config: None,
            option_spans: BTreeMap::new(),
            env_source: None,
            image: None,
            compose: None,
            user,
        }
    }

    /// The settings module the process names itself, and where: `--settings`,
    /// `DJANGO_SETTINGS_MODULE` on its command line, in its configuration
    /// file or in the environment its declaration gives it.
    pub fn declared_settings(&self) -> Option<(String, Span)> {
        if let Some(m) = &self.server.settings_module {
            return Some((
                m.clone(),
                self.option_spans
                    .get("settings")
                    .copied()
                    .unwrap_or(self.span),
            ));
        }
        if let Some((_, v)) = self
            .server
            .env
            .iter()
            .rev()
            .find(|(k, _)| k == "DJANGO_SETTINGS_MODULE")
        {
            return Some((
                v.clone(),
                self.option_spans
                    .get("settings")
                    .copied()
                    .unwrap_or(self.span),
            ));
        }
        let e = self
            .env
            .iter()
            .rev()
            .find(|e| e.name == "DJANGO_SETTINGS_MODULE")?;
        let v = e.value.as_ref().filter(|v| !v.contains('$'))?;
        Some((v.clone(), e.span))
    }

    /// An application server (not `runserver`, not a worker).
    pub fn is_app_server(&self) -> bool {
        self.server.kind.is_some_and(|k| k != ServerKind::Runserver)
    }
}

/// A Dockerfile `RUN` that names a settings module for a build step
/// (`RUN DJANGO_SETTINGS_MODULE=shop.settings.build python manage.py
/// collectstatic`): not what the image runs.
#[derive(Clone, Debug)]
pub struct BuildStep {
    pub module: String,
    pub span: Span,
    pub dockerfile: usize,
}

fn span_of(file: FileId, range: TextRange) -> Span {
    Span::new(file, range)
}

/// Builds the list of processes (and the build steps that name modules).
pub(crate) fn collect(d: &Deployment, loader: &Loader) -> (Vec<Process>, Vec<BuildStep>) {
    let mut c = Collector {
        d,
        loader,
        out: Vec::new(),
        used_supervisor: Vec::new(),
    };
    let mut steps = Vec::new();
    for (i, df) in d.dockerfiles.iter().enumerate() {
        c.dockerfile(i, None);
        for stage in &df.facts.stages {
            for ins in stage.instructions.iter().filter(|i| i.keyword == "RUN") {
                for (_, module) in crate::declared::declared_modules(&ins.args) {
                    steps.push(BuildStep {
                        module,
                        span: span_of(df.file, ins.range),
                        dockerfile: i,
                    });
                }
            }
        }
    }
    for (ci, cf) in d.compose.iter().enumerate() {
        for service in &cf.facts.services {
            c.compose_service(ci, service);
        }
    }
    c.procfiles();
    c.systemd();
    c.platforms();
    c.supervisor_files();
    c.uwsgi_files();
    c.production_scripts();
    let mut out = c.out;
    attach_gunicorn_configs(d, &mut out, &loader.sources.borrow());
    (out, steps)
}

struct Collector<'a> {
    d: &'a Deployment,
    loader: &'a Loader,
    out: Vec<Process>,
    /// Supervisord files some process starts (`supervisord -c FILE`).
    used_supervisor: Vec<usize>,
}

impl Collector<'_> {
    fn push(
        &mut self,
        origin: ProcessOrigin,
        line: &str,
        span: Span,
        dev: bool,
        container: bool,
        env: &[ProcessEnv],
    ) -> Vec<usize> {
        let mut added = Vec::new();
        for server in parse_command(line) {
            let mut p = Process::new(origin.clone(), server, span, dev, container, env.to_vec());
            if p.server.kind == Some(ServerKind::Uwsgi)
                && let Some(i) = p.server.config.as_deref().and_then(|c| self.uwsgi_file(c))
            {
                apply_uwsgi_ini(self.d, i, &mut p);
            }
            added.push(self.out.len());
            self.out.push(p);
        }
        added
    }

    /// The environment an image's stages declare (`ENV`), for `target`
    /// (the last stage when `None`), with `ARG` values substituted: the
    /// build arguments given (compose `build.args`), else the `ARG`
    /// defaults.
    fn image_env(&self, index: usize, target: Option<&str>) -> Vec<ProcessEnv> {
        self.image_env_with(index, target, &[])
    }

    fn image_env_with(
        &self,
        index: usize,
        target: Option<&str>,
        build_args: &[(String, Option<String>)],
    ) -> Vec<ProcessEnv> {
        let df = &self.d.dockerfiles[index];
        let mut args: Vec<(String, String)> = Vec::new();
        let set_arg = |name: &str, default: Option<String>, args: &mut Vec<(String, String)>| {
            let given = build_args
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.clone().filter(|v| !v.contains('$')));
            if let Some(v) = given.or(default) {
                args.retain(|(k, _)| k != name);
                args.push((name.to_string(), v));
            }
        };
        for ins in df.facts.preamble.iter().filter(|i| i.keyword == "ARG") {
            for p in ins.env_pairs() {
                set_arg(&p.name, p.value, &mut args);
            }
        }
        let mut env: Vec<ProcessEnv> = Vec::new();
        for stage in df.facts.chain_for(target) {
            for ins in &stage.instructions {
                match ins.keyword.as_str() {
                    "ARG" => {
                        for p in ins.env_pairs() {
                            let default = p.value.or_else(|| {
                                args.iter()
                                    .find(|(k, _)| *k == p.name)
                                    .map(|(_, v)| v.clone())
                            });
                            set_arg(&p.name, default, &mut args);
                        }
                    }
                    "ENV" => {
                        for p in ins.env_pairs() {
                            let value = p.value.map(|v| substitute(&v, &args, &env));
                            env.push(ProcessEnv {
                                name: p.name,
                                value,
                                span: span_of(df.file, p.range),
                                from_file: false,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        env
    }

    /// The image's ENTRYPOINT and CMD for `target`.
    fn image_commands(&self, index: usize, target: Option<&str>) -> Vec<(String, TextRange)> {
        let df = &self.d.dockerfiles[index];
        let mut cmd = None;
        let mut entrypoint = None;
        for stage in df.facts.chain_for(target) {
            for ins in &stage.instructions {
                match ins.keyword.as_str() {
                    "CMD" => cmd = Some(ins),
                    "ENTRYPOINT" => entrypoint = Some(ins),
                    _ => {}
                }
            }
        }
        [entrypoint, cmd]
            .into_iter()
            .flatten()
            .map(|ins| (ins.command_line(), ins.range))
            .collect()
    }

    /// The processes an image starts by itself.
    fn dockerfile(&mut self, index: usize, target: Option<&str>) {
        let df = &self.d.dockerfiles[index];
        let env = self.image_env(index, target);
        for (line, range) in self.image_commands(index, target) {
            let span = span_of(df.file, range);
            let added = self.push(ProcessOrigin::Dockerfile, &line, span, df.dev, true, &env);
            let followed = self.follow(&line, df.dev, true, &env, 0);
            for i in added.into_iter().chain(followed) {
                self.out[i].image = Some(index);
            }
        }
    }

    fn compose_service(&mut self, ci: usize, service: &crate::compose::Service) {
        let cf = &self.d.compose[ci];
        let base_dir = cf.facts.base_dir.as_deref().map_or_else(
            || cf.path.parent().unwrap_or(&self.d.root).to_path_buf(),
            Path::to_path_buf,
        );
        // A production file that overrides the default file inherits what
        // it does not set from the service of the same name there.
        let inherited = cf.facts.base.and_then(|j| {
            let b = &self.d.compose[j];
            b.facts
                .services
                .iter()
                .find(|s| s.name == service.name)
                .map(|s| (b.file, s))
        });
        let mut env: Vec<ProcessEnv> = Vec::new();
        let mut image = None;
        // The override's build section completes the base's (`target`,
        // `args`), as compose merges them.
        let merged_build = match (
            service.build.as_ref(),
            inherited.and_then(|(_, b)| b.build.as_ref()),
        ) {
            (Some(own), Some(base)) if own.dockerfile.is_none() => {
                let mut b = base.clone();
                b.target = own.target.clone().or(b.target);
                Some(b)
            }
            (Some(own), _) => Some(own.clone()),
            (None, base) => base.cloned(),
        };
        let build = merged_build.as_ref();
        // A service that runs the project's published image
        // (`image: acme/shop:latest` in a repository named shop) runs its
        // Dockerfile.
        if build.is_none()
            && let Some(i) = self.published_image(service.image.as_deref())
        {
            image = Some(i);
            env.extend(self.image_env(i, None));
        }
        if let Some(build) = build {
            let context = base_dir.join(&build.context);
            let dockerfile = context.join(build.dockerfile.as_deref().unwrap_or("Dockerfile"));
            let dockerfile = golive_source::normalize_lexically(&dockerfile);
            if let Some(i) = self
                .d
                .dockerfiles
                .iter()
                .position(|df| df.path == dockerfile)
            {
                image = Some(i);
                let target = service
                    .build
                    .as_ref()
                    .and_then(|b| b.target.clone())
                    .or_else(|| build.target.clone());
                // The production file's build arguments over the base file's.
                let mut args = inherited
                    .and_then(|(_, b)| b.build.as_ref())
                    .map(|b| b.args.clone())
                    .unwrap_or_default();
                if let Some(own) = &service.build {
                    for (k, v) in &own.args {
                        args.retain(|(a, _)| a != k);
                        args.push((k.clone(), v.clone()));
                    }
                }
                env.extend(self.image_env_with(i, target.as_deref(), &args));
            }
        }
        let env_files = inherited
            .iter()
            .flat_map(|(_, b)| b.env_files.iter())
            .chain(service.env_files.iter());
        for (file, _) in env_files {
            let wanted = golive_source::normalize_lexically(&base_dir.join(file));
            let found = self.d.env_files.iter().find(|e| e.path == wanted);
            // A file the deployment provides (`.env.prod`, not committed):
            // its committed template (`.env.prod-sample`) names the
            // variables it sets; their values are the deployer's.
            let (ef, from_template) = match found {
                Some(ef) => (ef, false),
                None => match self
                    .d
                    .env_files
                    .iter()
                    .find(|e| e.facts.template && is_template_of(&e.path, &wanted))
                {
                    Some(t) => (t, true),
                    None => continue,
                },
            };
            let sources = self.loader.sources.borrow();
            let text = &sources.get(ef.file).text;
            for b in &ef.facts.bindings {
                let end = text[b.offset..]
                    .find('\n')
                    .map_or(text.len(), |n| b.offset + n);
                let value = if from_template { None } else { b.value.clone() };
                env.push(ProcessEnv {
                    name: b.key.clone(),
                    value,
                    span: Span::new(ef.file, crate::text_range(b.offset, end)),
                    from_file: true,
                });
            }
        }
        if let Some((file, b)) = inherited {
            env.extend(b.environment.iter().map(|e| ProcessEnv {
                name: e.name.clone(),
                value: e.value.clone(),
                span: span_of(file, e.range),
                from_file: false,
            }));
        }
        env.extend(service.environment.iter().map(|e| ProcessEnv {
            name: e.name.clone(),
            value: e.value.clone(),
            span: span_of(cf.file, e.range),
            from_file: false,
        }));
        let dev = cf.dev || service.dev;
        let own = |s: &crate::compose::Service| match (&s.entrypoint, &s.command) {
            (Some((e, _)), Some((cmd, r))) => Some((format!("{e} {cmd}"), *r)),
            (None, Some((cmd, r))) => Some((cmd.clone(), *r)),
            (Some((e, r)), None) => Some((e.clone(), *r)),
            (None, None) => None,
        };
        let line = own(service)
            .map(|(l, r)| (l, span_of(cf.file, r)))
            .or_else(|| inherited.and_then(|(file, b)| own(b).map(|(l, r)| (l, span_of(file, r)))));
        let origin = ProcessOrigin::Compose {
            service: service.name.clone(),
        };
        let source = format!(
            "compose service `{}` ({})",
            service.name,
            golive_source::display_path(&self.d.root, &cf.path)
        );
        let mut added = Vec::new();
        match (line, image) {
            (Some((line, span)), _) => {
                added.extend(self.push(origin, &line, span, dev, true, &env));
                added.extend(self.follow(&line, dev, true, &env, 0));
            }
            (None, Some(i)) => {
                // The service runs the image's own command with its own
                // environment (which starts with the image's ENV).
                let target = build.and_then(|b| b.target.clone());
                for (line, range) in self.image_commands(i, target.as_deref()) {
                    let df_file = self.d.dockerfiles[i].file;
                    let span = span_of(df_file, range);
                    let from = self.push(ProcessOrigin::Dockerfile, &line, span, dev, true, &env);
                    let followed = self.follow(&line, dev, true, &env, 0);
                    for p in from.into_iter().chain(followed) {
                        self.out[p].env_source = Some(source.clone());
                        added.push(p);
                    }
                }
            }
            (None, None) => {}
        }
        let user = service
            .user
            .clone()
            .or_else(|| inherited.and_then(|(_, b)| b.user.clone()));
        for p in added {
            self.out[p].compose = Some((ci, service.name.clone()));
            if self.out[p].image.is_none() {
                self.out[p].image = image;
            }
            if let Some(user) = &user
                && self.out[p].user.is_none()
                && !user.starts_with("root")
                && !user.starts_with('0')
            {
                self.out[p].user = Some(user.clone());
            }
        }
    }

    /// The project's Dockerfile an image name stands for: its repository
    /// name is the project's directory name, and the project has one
    /// production Dockerfile.
    fn published_image(&self, image: Option<&str>) -> Option<usize> {
        let repo = image?
            .rsplit('/')
            .next()?
            .split(':')
            .next()?
            .to_ascii_lowercase();
        let project = self
            .d
            .root
            .file_name()?
            .to_string_lossy()
            .to_ascii_lowercase();
        if repo.is_empty() || repo != project {
            return None;
        }
        let production: Vec<usize> = (0..self.d.dockerfiles.len())
            .filter(|&i| !self.d.dockerfiles[i].dev)
            .collect();
        (production.len() == 1).then(|| production[0])
    }

    /// The config vars an `app.json` in `dir` declares: Heroku gives them
    /// to every dyno of the app, Procfile or `heroku.yml` alike.
    fn app_json_env(&self, dir: &Path) -> Vec<ProcessEnv> {
        self.d
            .platforms
            .iter()
            .filter(|p| {
                p.path.parent() == Some(dir) && p.path.file_name().is_some_and(|n| n == "app.json")
            })
            .flat_map(|p| {
                p.facts.env.iter().map(move |e| ProcessEnv {
                    name: e.name.clone(),
                    value: e.value.clone(),
                    span: span_of(p.file, e.range),
                    from_file: false,
                })
            })
            .collect()
    }

    fn procfiles(&mut self) {
        for pf in &self.d.procfiles {
            // Heroku's app.json beside the Procfile gives every process its
            // `env` values.
            let env = self.app_json_env(pf.path.parent().unwrap_or(&self.d.root));
            for entry in &pf.facts {
                let origin = ProcessOrigin::Procfile {
                    process_type: entry.process_type.clone(),
                };
                let span = span_of(pf.file, entry.range);
                self.push(origin, &entry.command, span, pf.dev, false, &env);
                self.follow(&entry.command, pf.dev, false, &env, 0);
            }
        }
    }

    fn systemd(&mut self) {
        for unit in &self.d.systemd {
            let service: Vec<&IniEntry> = ini::section(&unit.facts, "Service").collect();
            let mut env = Vec::new();
            for e in service.iter().filter(|e| e.key == "Environment") {
                for word in shlex::split(&e.value).unwrap_or_default() {
                    if let Some((k, v)) = word.split_once('=') {
                        env.push(ProcessEnv {
                            name: k.to_string(),
                            value: Some(v.to_string()),
                            span: span_of(unit.file, e.range),
                            from_file: false,
                        });
                    }
                }
            }
            for e in service.iter().filter(|e| e.key == "EnvironmentFile") {
                // `-/etc/shop/env` may be missing; only files in the project
                // can be read.
                let wanted = e.value.trim_start_matches('-');
                let name = wanted.rsplit('/').next().unwrap_or(wanted);
                if let Some(ef) = self.d.env_files.iter().find(|f| {
                    f.path.ends_with(wanted.trim_start_matches('/'))
                        || f.path.file_name().is_some_and(|n| n == name)
                }) {
                    for b in &ef.facts.bindings {
                        env.push(ProcessEnv {
                            name: b.key.clone(),
                            value: b.value.clone(),
                            span: span_of(ef.file, e.range),
                            from_file: true,
                        });
                    }
                }
            }
            let user = service
                .iter()
                .rfind(|e| e.key == "User")
                .map(|e| e.value.clone())
                .filter(|u| u != "root" && u != "0");
            for e in service.iter().filter(|e| e.key == "ExecStart") {
                // systemd prefixes: `-`, `@`, `+`, `!`, `:`.
                let line = e.value.trim_start_matches(['-', '@', '+', '!', ':']);
                let added = self.push(
                    ProcessOrigin::Systemd,
                    line,
                    span_of(unit.file, e.range),
                    unit.dev,
                    false,
                    &env,
                );
                for p in added {
                    if self.out[p].user.is_none() {
                        self.out[p].user = user.clone();
                    }
                }
            }
        }
    }

    fn platforms(&mut self) {
        for pf in &self.d.platforms {
            let app_env = if pf.facts.platform == crate::platform::Platform::Heroku
                && pf.path.file_name().is_some_and(|n| n != "app.json")
            {
                self.app_json_env(pf.path.parent().unwrap_or(&self.d.root))
            } else {
                Vec::new()
            };
            for s in &pf.facts.services {
                let mut env = app_env.clone();
                env.extend(pf.facts.env.iter().chain(s.env.iter()).map(|e| ProcessEnv {
                    name: e.name.clone(),
                    value: e.value.clone(),
                    span: span_of(pf.file, e.range),
                    from_file: false,
                }));
                let origin = ProcessOrigin::Platform {
                    platform: pf.facts.platform.as_str(),
                    service: s.name.clone(),
                };
                let dockerfile = s.dockerfile.as_ref().and_then(|name| {
                    let wanted = golive_source::normalize_lexically(
                        &pf.path.parent().unwrap_or(&self.d.root).join(name),
                    );
                    self.d.dockerfiles.iter().position(|df| df.path == wanted)
                });
                let mut image_env = dockerfile
                    .map(|i| self.image_env(i, None))
                    .unwrap_or_default();
                image_env.extend(env);
                let source = format!(
                    "{} service `{}` ({})",
                    pf.facts.platform.as_str(),
                    s.name,
                    golive_source::display_path(&self.d.root, &pf.path)
                );
                let added: Vec<usize> = match (&s.command, dockerfile) {
                    (Some((line, range)), _) => {
                        let mut a = self.push(
                            origin,
                            line,
                            span_of(pf.file, *range),
                            pf.dev,
                            dockerfile.is_some(),
                            &image_env,
                        );
                        a.extend(self.follow(line, pf.dev, dockerfile.is_some(), &image_env, 0));
                        a
                    }
                    (None, Some(i)) => {
                        let mut a = Vec::new();
                        for (line, range) in self.image_commands(i, None) {
                            let span = span_of(self.d.dockerfiles[i].file, range);
                            a.extend(self.push(
                                ProcessOrigin::Dockerfile,
                                &line,
                                span,
                                pf.dev,
                                true,
                                &image_env,
                            ));
                            a.extend(self.follow(&line, pf.dev, true, &image_env, 0));
                        }
                        for p in &a {
                            self.out[*p].env_source = Some(source.clone());
                        }
                        a
                    }
                    (None, None) => Vec::new(),
                };
                for p in added {
                    if self.out[p].image.is_none() {
                        self.out[p].image = dockerfile;
                    }
                }
            }
        }
    }

    /// supervisord files nothing in the project starts explicitly (a unit
    /// or a platform outside the repository does).
    fn supervisor_files(&mut self) {
        for i in 0..self.d.supervisor.len() {
            if self.used_supervisor.contains(&i) {
                continue;
            }
            let dev = self.d.supervisor[i].dev;
            self.supervisor_programs(i, dev, false, &[], 0);
        }
    }

    fn supervisor_programs(
        &mut self,
        index: usize,
        dev: bool,
        container: bool,
        env: &[ProcessEnv],
        depth: usize,
    ) -> Vec<usize> {
        let sf = &self.d.supervisor[index];
        let mut added = Vec::new();
        for program in &sf.facts {
            let mut program_env = env.to_vec();
            if let Some(range) = program.environment_range {
                program_env.extend(program.environment.iter().map(|(k, v)| ProcessEnv {
                    name: k.clone(),
                    value: Some(v.clone()),
                    span: span_of(sf.file, range),
                    from_file: false,
                }));
            }
            let origin = ProcessOrigin::Supervisor {
                program: program.name.clone(),
            };
            let span = span_of(sf.file, program.command_range);
            let mut a = self.push(origin, &program.command, span, dev, container, &program_env);
            a.extend(self.follow(&program.command, dev, container, &program_env, depth + 1));
            for p in &a {
                if let Some(u) = &program.user {
                    self.out[*p].user = Some(u.clone());
                }
            }
            added.extend(a);
        }
        added
    }

    /// uwsgi ini files no command refers to: processes of their own.
    fn uwsgi_files(&mut self) {
        for (i, ini_file) in self.d.uwsgi.iter().enumerate() {
            let referenced = self.out.iter().any(|p| p.uwsgi_config == Some(i));
            if referenced {
                continue;
            }
            let entries: Vec<&IniEntry> = ini::section(&ini_file.facts, "uwsgi").collect();
            if entries.is_empty() {
                continue;
            }
            let server = ServerCommand {
                kind: Some(ServerKind::Uwsgi),
                text: "uwsgi".into(),
                ..ServerCommand::default()
            };
            let span = Span::new(
                ini_file.file,
                entries[0].range.cover(entries[entries.len() - 1].range),
            );
            let mut p = Process::new(
                ProcessOrigin::UwsgiIni,
                server,
                span,
                ini_file.dev,
                false,
                Vec::new(),
            );
            apply_uwsgi_ini(self.d, i, &mut p);
            self.out.push(p);
        }
    }

    /// What a command runs beyond its first word: an entrypoint script of
    /// the project (followed line by line), `supervisord -c FILE`, a uwsgi
    /// ini file. Returns the processes added.
    fn follow(
        &mut self,
        line: &str,
        dev: bool,
        container: bool,
        env: &[ProcessEnv],
        depth: usize,
    ) -> Vec<usize> {
        let mut added = Vec::new();
        if depth > 3 {
            return added;
        }
        let words = shlex::split(line).unwrap_or_default();
        if let Some(pos) = words
            .iter()
            .position(|w| w.rsplit('/').next() == Some("supervisord"))
        {
            let config = words[pos..]
                .windows(2)
                .find(|w| w[0] == "-c" || w[0] == "--configuration")
                .map(|w| w[1].clone());
            if let Some(config) = config {
                let name = config.rsplit('/').next().unwrap_or(&config).to_string();
                if let Some(i) = self.d.supervisor.iter().position(|s| {
                    s.path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy() == name)
                }) {
                    if !self.used_supervisor.contains(&i) {
                        self.used_supervisor.push(i);
                    }
                    added.extend(self.supervisor_programs(i, dev, container, env, depth));
                }
            }
        }
        for word in &words {
            let Some(path) = self.script(word) else {
                continue;
            };
            let Ok((text, _)) = golive_source::read_text_lossy(&path, MAX_FILE) else {
                continue;
            };
            let file = self.loader.sources.borrow_mut().add(SourceFile::new(
                golive_source::display_path(&self.d.root, &path),
                path.clone(),
                text.clone(),
                if path.extension().is_some_and(|e| e == "py") {
                    SourceKind::Python
                } else {
                    SourceKind::Deployment
                },
            ));
            for (start, raw) in logical_lines(&text) {
                let t = raw.trim();
                if t.starts_with('#') || t.is_empty() {
                    continue;
                }
                let lead = raw.len() - raw.trim_start().len();
                let span = Span::new(
                    file,
                    crate::text_range(start + lead, start + lead + t.len()),
                );
                // The shell joins `\`-continued lines into one command.
                let joined = t.replace("\\\r\n", " ").replace("\\\n", " ");
                let t = joined.as_str();
                added.extend(self.push(ProcessOrigin::Script, t, span, dev, container, env));
                if t.contains("supervisord")
                    || t.contains("uwsgi")
                    || t.split_whitespace()
                        .any(|w| self.script(w).is_some_and(|p| p != path))
                {
                    added.extend(self.follow(t, dev, container, env, depth + 1));
                }
            }
        }
        added
    }

    /// A start script whose name says production (`bin/run-prod.sh`) that
    /// no production process of the repository starts: production runs it
    /// from outside (a Kubernetes manifest, a platform setting), so it is a
    /// production process of its own — even when a development compose
    /// service runs it too, with that service's environment.
    fn production_scripts(&mut self) {
        let started_by_production = |c: &Self, path: &Path| {
            let sources = c.loader.sources.borrow();
            c.out
                .iter()
                .any(|p| !p.dev && sources.get(p.span.file).disk_path == path)
        };
        let scripts: Vec<PathBuf> = self
            .d
            .files
            .iter()
            // The name first: it needs no allocation.
            .filter(|f| {
                crate::deployment::is_production_path(f)
                    && !crate::deployment::is_dev_path(f.strip_prefix(&self.d.root).unwrap_or(f))
            })
            .filter(|f| f.to_str().and_then(|w| self.script(w)).as_ref() == Some(*f))
            .cloned()
            .collect();
        for path in scripts {
            if started_by_production(self, &path) {
                continue;
            }
            let rel = path
                .strip_prefix(&self.d.root)
                .unwrap_or(&path)
                .to_string_lossy()
                .to_string();
            self.follow(&rel, false, false, &[], 0);
        }
    }

    /// A project shell script a command word names (`./docker-entrypoint.sh`,
    /// `/start-web.sh`, `bin/run-prod.sh`, `bin/docker-entrypoint-web`).
    fn script(&self, word: &str) -> Option<PathBuf> {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        let name = word.rsplit('/').next()?;
        if name.is_empty() || name.starts_with('-') || name.contains('=') {
            return None;
        }
        let is_script_name = name.ends_with(".sh") || name.ends_with(".bash");
        // Prefer a file at the path as written (relative to the root), then
        // any file of that name.
        let rel = word.trim_start_matches("./").trim_start_matches('/');
        let candidates: Vec<&PathBuf> = self.d.files_named(name).collect();
        let path = candidates
            .iter()
            .find(|p| p.ends_with(rel))
            .or(candidates.first())
            .map(|p| (*p).clone())?;
        if is_script_name {
            return Some(path);
        }
        // A script without an extension: only with a shell shebang.
        let (text, _) = golive_source::read_text_lossy(&path, MAX_FILE).ok()?;
        let head = text.get(..text.len().min(64)).unwrap_or_default();
        (head.starts_with("#!") && (head.lines().next()?.contains("sh"))).then_some(path)
    }

    /// The uwsgi ini file a command names (`--ini FILE` or a positional
    /// `FILE.ini`): the file at that path, else one of that name.
    fn uwsgi_file(&self, file: &str) -> Option<usize> {
        let name = file.rsplit('/').next().unwrap_or(file);
        let rel = file.trim_start_matches("./").trim_start_matches('/');
        self.d
            .uwsgi
            .iter()
            .position(|u| u.path.ends_with(rel))
            .or_else(|| {
                self.d.uwsgi.iter().position(|u| {
                    u.path
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy() == name)
                })
            })
    }
}

/// A shell script's logical lines with their byte offsets: a line ending
/// in `\` continues on the next, as the shell reads it.
fn logical_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut offset = 0usize;
    for l in text.split_inclusive('\n') {
        offset += l.len();
        if l.trim_end_matches(['\n', '\r']).ends_with('\\') && offset < text.len() {
            continue;
        }
        out.push((start, &text[start..offset]));
        start = offset;
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Whether `template` is the committed template of the env file `wanted`
/// (`.env.prod-sample` of `.env.prod`, `.env.example` or `TEMPLATE.env` of
/// `.env`), in the same directory.
fn is_template_of(template: &Path, wanted: &Path) -> bool {
    if template.parent() != wanted.parent() {
        return false;
    }
    let t = template
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let w = wanted
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = w.trim_start_matches('.');
    let t_clean = t.trim_start_matches('.');
    [
        "-sample",
        ".sample",
        "-example",
        ".example",
        ".template",
        ".dist",
        ".tpl",
        "_sample",
        "_example",
    ]
    .iter()
    .any(|sfx| t_clean == format!("{stem}{sfx}"))
        || (w == ".env"
            && matches!(
                t.as_str(),
                "template.env"
                    | "env.example"
                    | "example.env"
                    | "sample.env"
                    | "env.sample"
                    | "env.template"
            ))
}

/// `${NAME}`, `$NAME` and `${NAME:-default}` in an `ENV` value, from the
/// build arguments and the variables set before; references to anything
/// else stay as written (set at run time).
fn substitute(value: &str, args: &[(String, String)], env: &[ProcessEnv]) -> String {
    let lookup = |name: &str| -> Option<String> {
        env.iter()
            .rev()
            .find(|e| e.name == name)
            .and_then(|e| e.value.clone())
            .or_else(|| args.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    };
    let mut out = String::new();
    let mut rest = value;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let (name, default, used) = if let Some(inner) = after.strip_prefix('{') {
            let Some(end) = inner.find('}') else { break };
            let body = &inner[..end];
            let (name, default) = match body.split_once(":-").or_else(|| body.split_once('-')) {
                Some((n, d)) => (n, Some(d)),
                None => (body, None),
            };
            (name, default, end + 2)
        } else {
            let len = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum::<usize>();
            (&after[..len], None, len)
        };
        match lookup(name).or(default.map(str::to_string)) {
            Some(v) if !name.is_empty() => out.push_str(&v),
            _ => out.push_str(&rest[pos..pos + 1 + used]),
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// Reads a `[uwsgi]` section into the process: options the command line
/// did not set, as uwsgi merges them. Options between `if-env`/`endif`
/// apply only when a variable is set, so they do not count as set.
fn apply_uwsgi_ini(d: &Deployment, index: usize, p: &mut Process) {
    let ini_file = &d.uwsgi[index];
    p.uwsgi_config = Some(index);
    let mut conditional = false;
    for e in ini::section(&ini_file.facts, "uwsgi") {
        let span = Span::new(ini_file.file, e.range);
        match e.key.as_str() {
            k if k.starts_with("if-") => {
                conditional = true;
                continue;
            }
            "endif" | "end-if" => {
                conditional = false;
                continue;
            }
            _ if conditional => continue,
            _ => {}
        }
        let truthy = matches!(
            e.value.to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "on" | ""
        );
        match e.key.as_str() {
            "master" => {
                p.server.master |= truthy;
                p.option_spans.insert("master", span);
            }
            "harakiri" if p.server.harakiri.is_none() => {
                p.server.harakiri = Some(NumericOption::uwsgi(&e.value));
                p.option_spans.insert("harakiri", span);
            }
            "processes" | "workers" if p.server.workers.is_none() => {
                p.server.workers = Some(NumericOption::uwsgi(&e.value));
                p.option_spans.insert("workers", span);
            }
            "http" | "http-socket" | "socket" | "uwsgi-socket" => {
                p.server.binds.push(e.value.clone())
            }
            "py-autoreload" => p.server.reload |= e.value != "0",
            "module" | "wsgi-file" if p.server.app.is_none() => {
                p.server.app = Some(e.value.clone())
            }
            "uid" if p.user.is_none() => {
                p.user = Some(e.value.clone()).filter(|u| u != "root" && u != "0")
            }
            "env" => {
                if let Some((k, v)) = e.value.split_once('=') {
                    if k == "DJANGO_SETTINGS_MODULE" && p.server.settings_module.is_none() {
                        p.server.settings_module = Some(v.to_string());
                        p.option_spans.insert("settings", span);
                    }
                    p.server.env.push((k.to_string(), v.to_string()));
                }
            }
            _ => {}
        }
    }
}

/// A number of `gunicorn.conf.py` as gunicorn reads it: its
/// `validate_pos_int` takes an int (a bool is one), calls `int(value, 0)`
/// on anything else (a float raises) and refuses a negative number.
fn gunicorn_number(v: &Value) -> Option<NumericOption> {
    let known = |text: String, n: i64| NumericOption::known(text, u64::try_from(n).ok());
    Some(match &v.v {
        V::Int(i) => known(i.to_string(), *i),
        V::Bool(b) => known(if *b { "True" } else { "False" }.into(), i64::from(*b)),
        V::Str(s) => NumericOption::python_base0(s),
        V::Float(f) => NumericOption::known(f.to_string(), None),
        V::Unknown(_) => NumericOption::known("(computed)".into(), None),
        _ => return None,
    })
}

/// Whether `path` is the configuration file `-c wanted` names: `python:a.b`
/// is the module `a/b.py`; a path is matched by its end (the repository is
/// copied somewhere else in production), else by its file name when that
/// name says gunicorn or no other file of the project has it.
pub(crate) fn is_gunicorn_config_named(path: &Path, wanted: &str, d: &Deployment) -> bool {
    let rel = config_rel(wanted);
    if rel.is_empty() || rel.rsplit('/').next().is_none_or(|n| n.contains('$')) {
        return false;
    }
    if path.ends_with(&rel) {
        return true;
    }
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    if path.file_name().is_none_or(|n| n.to_string_lossy() != name) {
        return false;
    }
    name.contains("gunicorn") || d.files_named(name).count() == 1
}

/// The path `-c wanted` names, relative: `python:a.b` is `a/b.py`.
fn config_rel(wanted: &str) -> String {
    let wanted = wanted.trim_matches(|c| c == '"' || c == '\'');
    match wanted.strip_prefix("python:") {
        Some(module) => format!("{}.py", module.replace('.', "/")),
        None => wanted
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_string(),
    }
}

/// The files that may be the configuration `-c wanted` names: those with
/// its file name.
pub(crate) fn gunicorn_config_candidates(wanted: &str, d: &Deployment) -> Vec<PathBuf> {
    let rel = config_rel(wanted);
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    d.files_named(name).cloned().collect()
}

/// gunicorn reads `-c FILE`, else `./gunicorn.conf.py`; the command line
/// wins over the file. A configuration file nothing refers to is a process
/// of its own (started by a unit or a platform outside the repository).
fn attach_gunicorn_configs(
    d: &Deployment,
    out: &mut Vec<Process>,
    sources: &golive_source::SourceDb,
) {
    let mut used = vec![false; d.gunicorn.len()];
    for p in out
        .iter_mut()
        .filter(|p| p.server.kind == Some(ServerKind::Gunicorn))
    {
        let wanted = p
            .server
            .config
            .clone()
            .unwrap_or_else(|| "gunicorn.conf.py".to_string());
        // The path is relative to where the process starts. A Procfile's
        // (or a platform file's) processes start in its directory: of
        // several files by that name (a repository of several projects,
        // each with its Procfile and `gunicorn.conf.py`), the one nearest
        // the declaring file. Where a process starts elsewhere (an image's
        // WORKDIR, filled from a build context golive does not always know;
        // a unit's WorkingDirectory), the first by path, as before.
        let starts_beside_its_file = matches!(
            p.origin,
            ProcessOrigin::Procfile { .. } | ProcessOrigin::Platform { .. }
        );
        let declared_in = sources.get(p.span.file).disk_path.clone();
        let nearness = |path: &Path| {
            if !starts_beside_its_file {
                return 0;
            }
            path.components()
                .zip(declared_in.components())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let Some(i) = d
            .gunicorn
            .iter()
            .enumerate()
            .filter(|(_, g)| is_gunicorn_config_named(&g.path, &wanted, d))
            // The first of the nearest (max_by_key keeps the last).
            .min_by_key(|(_, g)| std::cmp::Reverse(nearness(&g.path)))
            .map(|(i, _)| i)
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
        let server = ServerCommand {
            kind: Some(ServerKind::Gunicorn),
            text: format!("gunicorn -c {}", rel.display()),
            ..ServerCommand::default()
        };
        let mut p = Process::new(
            ProcessOrigin::GunicornConfig,
            server,
            Span::file_start(g.file),
            g.class != FileClass::Production,
            false,
            Vec::new(),
        );
        p.gunicorn_config = Some(i);
        apply_gunicorn_values(g, &mut p);
        out.push(p);
    }
}

fn apply_gunicorn_values(g: &GunicornConfig, p: &mut Process) {
    let values = &g.values.values;
    let span_of = |name: &str| {
        values
            .get(name)
            .and_then(|s| s.origin.as_ref())
            .map(|o| o.stmt)
    };
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
            V::List(items) => p.server.binds.extend(
                items
                    .borrow()
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string)),
            ),
            V::Tuple(items) => p
                .server
                .binds
                .extend(items.iter().filter_map(|v| v.as_str().map(str::to_string))),
            _ => {}
        }
        note("bind", p);
    }
    if p.server.workers.is_none()
        && let Some(w) = values
            .get("workers")
            .and_then(|s| gunicorn_number(&s.value))
    {
        p.server.workers = Some(w);
        note("workers", p);
    }
    if p.server.timeout.is_none()
        && let Some(t) = values
            .get("timeout")
            .and_then(|s| gunicorn_number(&s.value))
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
    if p.user.is_none()
        && let Some(u) = values
            .get("user")
            .and_then(|s| s.value.as_str().map(str::to_string))
    {
        p.user = Some(u).filter(|u| u != "root" && u != "0");
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
                    note("raw_env", p);
                }
                p.server.env.push((k.to_string(), v.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continued_script_lines_are_one_command() {
        let text = "#!/bin/sh\nexec gunicorn app.wsgi \\\n    --workers 4 \\\n    --timeout 30\necho done\n";
        let lines: Vec<&str> = logical_lines(text).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            lines,
            [
                "#!/bin/sh\n",
                "exec gunicorn app.wsgi \\\n    --workers 4 \\\n    --timeout 30\n",
                "echo done\n"
            ]
        );
        // A trailing backslash at the end of the file does not swallow text.
        assert_eq!(logical_lines("a \\").len(), 1);
    }

    #[test]
    fn gunicorn_config_numbers_are_read_as_validate_pos_int_reads_them() {
        let value = |v: Value| gunicorn_number(&v).and_then(|n| n.value);
        assert_eq!(value(Value::int(1)), Some(1));
        // A bool is an int; a string goes through int(text, 0).
        assert_eq!(value(Value::bool(true)), Some(1));
        assert_eq!(value(Value::str("0x2")), Some(2));
        assert_eq!(value(Value::str(" 00 ")), Some(0));
        // Refused by gunicorn: it does not start.
        assert_eq!(value(Value::str("01")), None);
        assert_eq!(value(Value::new(V::Float(1.0))), None);
        assert_eq!(value(Value::int(-1)), None);
        assert_eq!(value(Value::unknown("computed")), None);
        assert!(gunicorn_number(&Value::none()).is_none());
    }

    #[test]
    fn env_file_templates_are_recognised_next_to_their_file() {
        assert!(is_template_of(
            Path::new("a/.env.prod-sample"),
            Path::new("a/.env.prod")
        ));
        assert!(is_template_of(
            Path::new("a/.env.example"),
            Path::new("a/.env")
        ));
        assert!(!is_template_of(
            Path::new("b/.env.example"),
            Path::new("a/.env")
        ));
    }
}
