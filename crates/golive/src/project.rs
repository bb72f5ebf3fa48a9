//! Loading a project for audit: configuration, settings discovery, the
//! target Django version, the declared environment, and the evaluation of
//! the settings module in both scenarios.

use crate::config::{self, Config};
use crate::error::{Context, Result, bail, error};
use golive_linter::ProjectFacts;
use golive_python::dotenv::{self, Dialect};
use golive_python::{DjangoVersion, ScenarioKind, ScenarioResult, evaluate_with};
use golive_report::AuditHeader;
use golive_source::{FileId, SourceFile, SourceKind, Span};
use golive_workspace::Workspace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to audit and in which environment: the options of `golive check`,
/// `settings` and `project` that say what production is.
#[derive(Clone, Debug, Default)]
pub struct ProjectOptions {
    /// The project directory.
    pub path: PathBuf,
    /// The settings module to audit, instead of the one golive discovers.
    pub settings: Option<String>,
    /// Env files describing production (python-dotenv syntax); they may lie
    /// outside the project.
    pub env_files: Vec<PathBuf>,
    /// `KEY=VALUE` pairs, winning over env files.
    pub env: Vec<String>,
    /// The Django series to check against (`5.2`).
    pub django_version: Option<String>,
    /// A named environment of the configuration.
    pub environment: Option<String>,
}

/// A project opened and loaded for audit: its configuration, the workspace
/// (files, deployment model, settings discovery), and the settings module
/// evaluated in both scenarios. Everything [`crate::audit`] judges.
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// The deployment model: files, classes, processes, discovery.
    pub ws: Workspace,
    pub header: AuditHeader,
    pub version: DjangoVersion,
    pub module: Option<String>,
    pub configured: ScenarioResult,
    pub unset: ScenarioResult,
    /// Where project-wide findings point (the settings module, else a
    /// placeholder for the project).
    pub module_span: Span,
    pub module_found: bool,
    /// Directory relative paths in settings resolve against.
    pub base_dir: PathBuf,
    /// What settings rules weigh from the rest of the repository.
    pub facts: ProjectFacts,
    /// Template trees golive does not audit (GLV012): where, and why.
    pub templates: Vec<(Span, String)>,
    /// A live observation, when one is attached.
    pub live: Option<crate::audit::Live>,
}

/// The largest env file golive reads.
const MAX_ENV_FILE: u64 = 4 * 1024 * 1024;

/// Opens the project and builds its deployment model (without evaluating
/// the settings).
pub fn open(args: &ProjectOptions) -> Result<(PathBuf, Config, Workspace)> {
    let root = std::fs::canonicalize(&args.path)
        .with_context(|| format!("cannot open project directory {}", args.path.display()))?;
    if !root.is_dir() {
        bail!("{} is not a directory", args.path.display());
    }
    // From here on, every file read is confined to the project: only what
    // the user names on the command line may lie outside it.
    golive_source::gate::confine_to(&root)
        .with_context(|| format!("cannot open project directory {}", args.path.display()))?;
    for file in &args.env_files {
        golive_source::gate::allow_outside(file);
    }
    let config = config::load(&root)?;
    let environment = named_environment(args, &config)?;
    let settings_flag = args
        .settings
        .as_deref()
        .or(environment.and_then(|e| e.settings.as_deref()));
    let mut classes = Vec::new();
    for (pattern, class) in &config.files {
        let glob = globset::Glob::new(pattern)
            .with_context(|| {
                format!("invalid pattern `{pattern}` in [files] of golive's configuration")
            })?
            .compile_matcher();
        let class = match class.as_str() {
            "production" => golive_infra::deployment::FileClass::Production,
            "development" => golive_infra::deployment::FileClass::Development,
            "test" => golive_infra::deployment::FileClass::Test,
            "template" => golive_infra::deployment::FileClass::Template,
            "unused" => golive_infra::deployment::FileClass::Unused,
            other => bail!(
                "invalid class `{other}` for `{pattern}` in [files] (production, development, test, template or unused)"
            ),
        };
        classes.push((glob, class));
    }
    let options = golive_workspace::Options {
        settings_flag,
        settings_config: config.settings.as_deref(),
        classes,
    };
    let started = std::time::Instant::now();
    let ws = Workspace::load(&root, &options);
    timing("workspace (walk, deployment files, discovery)", started);
    Ok((root, config, ws))
}

fn named_environment<'a>(
    args: &ProjectOptions,
    config: &'a Config,
) -> Result<Option<&'a config::Environment>> {
    match &args.environment {
        Some(name) => Ok(Some(config.environments.get(name).with_context(|| {
            let known: Vec<&String> = config.environments.keys().collect();
            format!("no environment `{name}` in golive's configuration (known: {known:?})")
        })?)),
        None => Ok(None),
    }
}

pub fn load(args: &ProjectOptions) -> Result<Project> {
    let started = std::time::Instant::now();
    let (root, config, ws) = open(args)?;
    timing("open (configuration and workspace)", started);
    let environment = named_environment(args, &config)?;
    let (version, version_source, older_than_supported) = target_version(args, &config, &ws)?;

    let DeclaredEnvironment {
        env,
        fixed,
        mut unknown,
        source: environment_source,
    } = declared_environment(args, &config, environment, &ws, &root)?;
    let base_dir = ws
        .layout
        .search_roots
        .get(1)
        .cloned()
        .unwrap_or_else(|| root.clone());
    let module = ws.discovery.module.clone();
    let name = module.clone().unwrap_or_default();
    unknown.retain(|k, _| !env.contains_key(k));
    let started = std::time::Instant::now();
    let configured = evaluate_with(
        &ws.loader,
        &name,
        version,
        ScenarioKind::Configured,
        env,
        unknown.clone(),
    );
    timing("settings, configured scenario", started);
    let started = std::time::Instant::now();
    // Variables the deployment sets at start-up are set in both scenarios:
    // the unset scenario leaves out only what production does not declare.
    let unset = evaluate_with(
        &ws.loader,
        &name,
        version,
        ScenarioKind::Unset,
        fixed,
        unknown.clone(),
    );
    timing("settings, unset scenario", started);
    let module_found = configured.module_file.is_some();
    let module_span = match configured.module_file {
        Some(f) => Span::file_start(f),
        None => Span::file_start(placeholder_file(&ws.sources, &root)),
    };
    let alternatives = if ws.discovery.clear_cut {
        Vec::new()
    } else {
        ws.discovery
            .runners_up()
            .iter()
            .take(3)
            .map(|c| c.module.clone())
            .collect()
    };
    let started = std::time::Instant::now();
    let facts = project_facts(&ws, Some(&configured), older_than_supported);
    timing("project facts", started);
    let header = AuditHeader {
        django_version: version.to_string(),
        django_version_source: version_source,
        settings_module: module.clone(),
        settings_reason: ws.discovery.reason.clone(),
        environment: environment_source,
        alternatives,
    };
    let templates = template_findings(&ws, &root);
    Ok(Project {
        root,
        config,
        ws,
        header,
        version,
        module,
        configured,
        unset,
        module_span,
        module_found,
        base_dir,
        facts,
        templates,
        live: None,
    })
}

/// Template trees in the project (cookiecutter, Jinja): each gets a source
/// entry to point at and a message saying why it is not audited.
fn template_findings(ws: &Workspace, root: &Path) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (tree, count, reason) in ws.template_trees() {
        let file = ws.sources.borrow_mut().add(SourceFile::new(
            tree.clone(),
            root.join(&tree),
            String::new(),
            SourceKind::Placeholder,
        ));
        let what = if count == 1 {
            "is a template".to_string()
        } else {
            format!("holds {count} template files")
        };
        let why = reason.strip_prefix("a template ").unwrap_or(&reason);
        out.push((
            Span::file_start(file),
            format!(
                "`{tree}` {what} {why}: golive does not audit templates, only what they render to"
            ),
        ));
    }
    out
}

/// The environment of the configured scenario, and what the unset one
/// keeps.
struct DeclaredEnvironment {
    /// Every variable with a value golive knows.
    env: BTreeMap<String, String>,
    /// Variables the deployment sets at start-up: set in both scenarios.
    fixed: BTreeMap<String, String>,
    /// Variables set to values golive cannot see, with why.
    unknown: BTreeMap<String, String>,
    /// Where the production process's variables came from, for the header.
    source: Option<String>,
}

fn declared_environment(
    args: &ProjectOptions,
    config: &Config,
    environment: Option<&config::Environment>,
    ws: &Workspace,
    root: &Path,
) -> Result<DeclaredEnvironment> {
    // The declared environment: what production declares for the process
    // that runs the module, then configuration env files, the named
    // environment's, --env-file, then --env (later wins).
    let mut env = BTreeMap::new();
    let mut fixed: BTreeMap<String, String> = BTreeMap::new();
    let mut unknown: BTreeMap<String, String> = BTreeMap::new();
    let mut environment_source = None;
    if let Some(pe) = &ws.environment {
        for (k, v) in pe.configured() {
            env.insert(k.to_string(), v.to_string());
        }
        for name in &pe.unresolved {
            unknown.insert(
                name.clone(),
                format!(
                    "{name} is set when {} starts, to a value golive cannot see",
                    pe.process
                ),
            );
        }
        for (k, v) in pe.fixed() {
            fixed.insert(k.to_string(), v.to_string());
        }
        if !pe.vars.is_empty() {
            environment_source = Some(format!("{} ({})", pe.process, pe.sources.join(", ")));
        }
    }
    let config_dir = config
        .source
        .as_ref()
        .and_then(|p| p.parent())
        .unwrap_or(root)
        .to_path_buf();
    let mut files: Vec<PathBuf> = config
        .env_files
        .iter()
        .map(|f| config_dir.join(f))
        .collect();
    if let Some(e) = environment {
        files.extend(e.env_files.iter().map(|f| config_dir.join(f)));
        env.extend(e.env.clone());
    }
    let named = files.len();
    files.extend(args.env_files.iter().cloned());
    for (i, file) in files.into_iter().enumerate() {
        let text = if i < named {
            golive_source::read_text_lossy(&file, MAX_ENV_FILE)
                .map_err(|e| error!("env file {} {e}", file.display()))?
                .0
        } else {
            read_named_env_file(&file)?
        };
        let bindings = dotenv::parse(&text, Dialect::PythonDotenv);
        for (k, v) in dotenv::interpolate(&bindings, &env) {
            match v {
                Some(v) if dotenv::is_cut(&v) => {
                    unknown.insert(
                        k,
                        format!(
                            "a value longer than golive expands ({} bytes) in {}",
                            dotenv::MAX_EXPANDED,
                            file.display()
                        ),
                    );
                }
                Some(v) => {
                    env.insert(k, v);
                }
                None => {}
            }
        }
    }
    for kv in &args.env {
        let Some((k, v)) = kv.split_once('=') else {
            bail!("--env expects KEY=VALUE, got `{kv}`")
        };
        env.insert(k.to_string(), v.to_string());
    }
    // django-configurations: the class the entry point chooses unless the
    // environment says otherwise (`os.environ.setdefault`), in every scenario.
    if let Some((class, _)) = &ws.discovery.configuration
        && !env.contains_key("DJANGO_CONFIGURATION")
        && !unknown.contains_key("DJANGO_CONFIGURATION")
    {
        env.insert("DJANGO_CONFIGURATION".into(), class.clone());
        fixed.insert("DJANGO_CONFIGURATION".into(), class.clone());
    }
    // What the user names overrides what the deployment hard-codes: such a
    // variable is not fixed any more, and the unset scenario leaves it out.
    fixed.retain(|k, v| env.get(k) == Some(v));

    Ok(DeclaredEnvironment {
        env,
        fixed,
        unknown,
        source: environment_source,
    })
}

/// With `GOLIVE_TIMINGS` set, how long a phase took, on stderr (for
/// `scripts/bench.sh` and whoever wonders where the time goes).
pub fn timing(phase: &str, started: std::time::Instant) {
    if std::env::var_os("GOLIVE_TIMINGS").is_some() {
        eprintln!(
            "golive timing: {phase}: {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// What settings rules weigh from the rest of the repository.
fn project_facts(
    ws: &Workspace,
    configured: Option<&ScenarioResult>,
    older_than_supported: bool,
) -> ProjectFacts {
    let sources = ws.sources.borrow();
    // `re_path(r"^static/(?P<path>.*)$", serve_static)`: a view of the
    // project serves static files in production too (`static()` and
    // `staticfiles_urlpatterns()` only do with DEBUG on).
    let static_routed = ws
        .deployment
        .routes
        .iter()
        .find(|r| {
            r.pattern.trim_start_matches('^').starts_with("static/") && r.target.contains("serve")
        })
        .map(|r| r.span);
    let deployment_texts = ws
        .deployment
        .dockerfiles
        .iter()
        .map(|d| d.file)
        .chain(ws.deployment.compose.iter().map(|c| c.file))
        .chain(ws.deployment.procfiles.iter().map(|p| p.file))
        .chain(ws.deployment.platforms.iter().map(|p| p.file));
    let script_files = ws.deployment.processes.iter().map(|p| p.span.file);
    let collectstatic_runs = deployment_texts
        .chain(script_files)
        .any(|f| sources.get(f).text.contains("collectstatic"))
        || ws
            .layout
            .files
            .iter()
            .filter(|f| {
                f.extension().is_some_and(|e| e == "sh")
                    || f.file_name().is_some_and(|n| n == "Makefile")
            })
            .any(|f| {
                golive_source::read_text_lossy(f, 1024 * 1024)
                    .is_ok_and(|(t, _)| t.contains("collectstatic"))
            });
    // Only a project with a django-csp policy needs to know the release.
    let csp = configured.is_some_and(|c| {
        c.settings
            .keys()
            .any(|k| k.starts_with("CSP_") || k.starts_with("CONTENT_SECURITY_POLICY"))
    });
    let django_csp_major = if csp {
        golive_infra::pins::find_requirement_among(
            &ws.root,
            Some(&ws.deployment.files),
            "django-csp",
        )
        .and_then(|r| r.lowest_major())
    } else {
        None
    };
    ProjectFacts {
        older_than_supported,
        static_routed,
        collectstatic_runs,
        django_csp_major,
    }
}

/// A stand-in file for findings about the project as a whole when no
/// settings file exists to point at.
fn placeholder_file(sources: &golive_source::SharedSources, root: &Path) -> FileId {
    sources.borrow_mut().add(SourceFile::new(
        ".".into(),
        root.to_path_buf(),
        String::new(),
        SourceKind::Placeholder,
    ))
}

fn target_version(
    args: &ProjectOptions,
    config: &Config,
    ws: &Workspace,
) -> Result<(DjangoVersion, String, bool)> {
    let root = &ws.root;
    let parse = |s: &str, from: &str| -> Result<(DjangoVersion, String, bool)> {
        let v = DjangoVersion::parse(s)
            .with_context(|| format!("invalid Django version `{s}` (expected e.g. 5.2)"))?;
        let clamped = v.clamp_supported();
        let note = if clamped == v {
            from.to_string()
        } else {
            format!("{from}; checked as {clamped}, the nearest series golive knows")
        };
        Ok((clamped, note, v < clamped))
    };
    if let Some(v) = &args.django_version {
        return parse(v, "--django-version");
    }
    if let Some(v) = &config.django_version {
        return parse(v, "golive configuration");
    }
    if let Some((pin, _)) = &ws.deployment.django_pin {
        let rel = golive_source::display_path(root, &pin.path);
        let clamped = pin.version.clamp_supported();
        let older = pin.version < clamped;
        let note = if clamped == pin.version {
            String::new()
        } else {
            format!("; checked as {clamped}, the nearest series golive knows")
        };
        return Ok((
            clamped,
            format!("{rel}:{} `{}`{note}", pin.line, pin.requirement),
            older,
        ));
    }
    let unread = golive_infra::pins::unreadable_pin_files(root);
    let note = if unread.is_empty() {
        "no pin found; the newest LTS".to_string()
    } else {
        format!(
            "no pin found in what golive could read ({}); the newest LTS",
            unread.join(", ")
        )
    };
    Ok((DjangoVersion::NEWEST_LTS, note, false))
}

/// An env file named with `--env-file`: the user's choice, so it may lie
/// outside the project or be a pipe (`--env-file <(vault …)`), read as the
/// other files named on the command line are.
fn read_named_env_file(path: &Path) -> Result<String> {
    let bytes = read_argument_file(path, "env file", MAX_ENV_FILE)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Reads a file the user named on the command line. Not through the
/// project's gate: the user may name any file, and a pipe
/// (`--baseline <(…)`) is read as it comes; but never more than `limit`
/// bytes. What went wrong is said as the system says it.
pub fn read_argument_file(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let read = std::fs::File::open(path).and_then(|file| {
        let mut bytes = Vec::new();
        file.take(limit + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    let bytes = read.with_context(|| format!("cannot read {what} {}", path.display()))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{what} {} is too large (golive reads at most {limit} bytes)",
            path.display()
        );
    }
    Ok(bytes)
}
