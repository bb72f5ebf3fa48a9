//! Which settings module does production run? Every module the project
//! names or holds is a candidate; each piece of evidence for or against it
//! has a weight — a production process that sets `DJANGO_SETTINGS_MODULE`
//! outweighs the WSGI entry point's default, which outweighs `manage.py`
//! and a module's name — and the candidate with the most wins, with the
//! reason and the runners-up kept for the report.

use crate::layout::ProjectLayout;
use golive_infra::Deployment;
use golive_infra::command::ServerKind;
use golive_infra::deployment::{FileClass, Process};
use golive_python::Loader;
use golive_python::shape::check_settings_module;
use std::path::{Path, PathBuf};

/// One piece of evidence about a candidate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// Positive for, negative against.
    pub weight: i32,
    pub text: String,
}

/// A module that could be the settings module.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Candidate {
    pub module: String,
    /// The file, relative to the root (`None` when it does not exist).
    pub path: Option<String>,
    pub evidence: Vec<Evidence>,
    pub score: i32,
    /// Why it cannot be the settings module, when it cannot.
    pub excluded: Option<String>,
}

/// The outcome of discovery.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub module: Option<String>,
    /// One line: why this module.
    pub reason: String,
    /// No other candidate was plausible.
    pub clear_cut: bool,
    pub candidates: Vec<Candidate>,
    /// Production processes that run the chosen module (indices into the
    /// deployment's processes).
    pub runners: Vec<usize>,
    /// Modules the user pinned (`--settings`, configuration).
    pub pinned: bool,
    /// The module each process runs (process index, module, how golive
    /// knows).
    pub process_modules: Vec<(usize, String, String)>,
    /// django-configurations: the class an entry point names by default
    /// (`os.environ.setdefault("DJANGO_CONFIGURATION", "Production")`), and
    /// where.
    pub configuration: Option<(String, String)>,
}

impl Discovery {
    /// Candidates that were plausible but not chosen.
    pub fn runners_up(&self) -> Vec<&Candidate> {
        let Some(chosen) = self.module.as_deref() else {
            return Vec::new();
        };
        self.candidates
            .iter()
            .filter(|c| c.module != chosen && c.excluded.is_none() && c.score > 0)
            .collect()
    }
}

/// Why a template is no candidate.
pub const TEMPLATE: &str = "it is a template, not Python until rendered";

/// Weights of the evidence, strongest first.
const PRODUCTION_PROCESS_SETS: i32 = 100;
const PRODUCTION_PROCESS_DEFAULT: i32 = 80;
const PRODUCTION_DECLARATION: i32 = 60;
const PRODUCTION_SIBLING: i32 = 55;
const WSGI_DEFAULT: i32 = 50;
const ASGI_DEFAULT: i32 = 45;
const MANAGE_DEFAULT: i32 = 30;
const DEVELOPMENT_PROCESS: i32 = 5;
const BUILD_STEP: i32 = -5;
const TEST_CONFIGURATION: i32 = -20;
/// The weight of a name that says development or tests.
const DEVELOPMENT_NAME: i32 = -15;

/// How production-like a module name is: (weight, description).
pub fn name_evidence(module: &str) -> Option<(i32, &'static str)> {
    let last = module.rsplit('.').next().unwrap_or(module).to_lowercase();
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| last == *w || last.split('_').any(|p| p == *w))
    };
    if has(&["prod", "production", "live", "deploy", "deployment", "prd"]) {
        Some((15, "named for production"))
    } else if has(&["staging", "stage"]) {
        Some((5, "named for staging"))
    } else if has(&[
        "base",
        "common",
        "defaults",
        "default",
        "shared",
        "components",
        "global",
    ]) {
        Some((-10, "named as a base the environments build on"))
    } else if has(&[
        "dev",
        "development",
        "local",
        "test",
        "tests",
        "testing",
        "ci",
        "debug",
        "example",
        "sample",
        "docker_dev",
        "demo",
    ]) {
        Some((DEVELOPMENT_NAME, "named for development or tests"))
    } else {
        None
    }
}

fn is_production_name(module: &str) -> bool {
    name_evidence(module).is_some_and(|(w, _)| w == 15)
}

/// Python files that look like settings modules by their name.
fn is_settings_file(path: &Path) -> bool {
    // Asked for every Python file of the tree: on the path's bytes, no
    // allocation, no component parsing.
    let name = golive_source::name_bytes_of(path);
    // A name that is not UTF-8 has no stem to judge (as `name_of` says).
    let name = if name.is_ascii() || std::str::from_utf8(name).is_ok() {
        name
    } else {
        &[]
    };
    let stem = match memchr::memrchr(b'.', name) {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    let dir = golive_source::dirs_of(path).next_back().unwrap_or_default();
    let dir_is = |names: &[&str]| names.iter().any(|n| dir.eq_ignore_ascii_case(n.as_bytes()));
    // Migrations and views named for settings (`0042_migrate_settings.py`,
    // `views/settings.py`) are not settings modules.
    if dir_is(&[
        "migrations",
        "views",
        "templatetags",
        "forms",
        "api",
        "tests",
    ]) {
        return false;
    }
    if stem.eq_ignore_ascii_case(b"__init__") {
        return dir_is(&["settings"]);
    }
    if [
        "urls", "wsgi", "asgi", "manage", "celery", "apps", "models", "views", "admin", "tests",
        "conftest",
    ]
    .iter()
    .any(|n| stem.eq_ignore_ascii_case(n.as_bytes()))
    {
        return false;
    }
    golive_source::bytes_contain_ignore_ascii_case(stem, b"settings")
        || dir_is(&["settings", "environments"])
}

/// Whether the file's name has the extension `.py` (as `Path::extension`
/// says it: `.py` alone is a hidden file's name, not an extension).
fn is_python_file(path: &Path) -> bool {
    let name = golive_source::name_bytes_of(path);
    name.len() > 3 && name.ends_with(b".py")
}

/// The inputs of discovery.
pub(crate) struct Inputs<'a> {
    pub layout: &'a ProjectLayout,
    pub loader: &'a Loader,
    pub deployment: &'a Deployment,
    /// The class of each file golive knows about, by path.
    pub class_of: &'a dyn Fn(&Path) -> FileClass,
    pub flag: Option<&'a str>,
    pub config: Option<&'a str>,
}

struct Builder<'a, 'b> {
    inp: &'b Inputs<'a>,
    candidates: Vec<Candidate>,
}

impl Builder<'_, '_> {
    fn add(&mut self, module: &str, weight: i32, text: String) {
        let module = module.trim().trim_matches(|c| c == '"' || c == '\'');
        if module.is_empty() || module.contains(['$', '{', '%', ' ']) {
            return;
        }
        let c = match self.candidates.iter_mut().position(|c| c.module == module) {
            Some(i) => &mut self.candidates[i],
            None => {
                self.candidates.push(Candidate {
                    module: module.to_string(),
                    path: None,
                    evidence: Vec::new(),
                    score: 0,
                    excluded: None,
                });
                self.candidates.last_mut().expect("just pushed")
            }
        };
        if !c.evidence.iter().any(|e| e.text == text) {
            c.evidence.push(Evidence { weight, text });
        }
    }

    fn rel(&self, path: &Path) -> String {
        self.inp.layout.rel(path)
    }

    fn where_(&self, span: golive_source::Span) -> String {
        let sources = self.inp.loader.sources.borrow();
        let f = sources.get(span.file);
        format!("{}:{}", f.path, f.line_col(span.range.start()).line)
    }
}

/// The file of `module`'s entry point an app server loads
/// (`shop.wsgi:application` → `shop/wsgi.py`).
fn app_module_file(loader: &Loader, app: &str) -> Option<PathBuf> {
    let module = app.split(':').next()?.trim();
    let module = module
        .strip_suffix(".py")
        .map(|m| m.replace('/', "."))
        .unwrap_or_else(|| module.to_string());
    loader.resolve_module(&module).map(|(p, _)| p)
}

/// `DJANGO_SETTINGS_MODULE` defaults written in a Python file (a WSGI
/// entry point, manage.py), with their lines.
fn defaults_in(path: &Path) -> Vec<(usize, String)> {
    match golive_source::read_text_lossy(path, 1024 * 1024) {
        Ok((text, _)) => golive_infra::declared::declared_modules(&text),
        Err(_) => Vec::new(),
    }
}

/// Picks the settings module.
pub(crate) fn discover(inp: &Inputs<'_>) -> Discovery {
    let mut b = Builder {
        inp,
        candidates: Vec::new(),
    };
    let pinned = inp.flag.map(|m| (m, "given with --settings")).or(inp
        .config
        .map(|m| (m, "set by `settings` in golive's configuration")));
    if let Some((m, why)) = pinned {
        b.add(m, 1000, why.to_string());
    }
    let mut process_modules: Vec<(usize, String, String)> = Vec::new();
    for (i, p) in inp.deployment.processes.iter().enumerate() {
        if let Some((module, weight, text)) = process_evidence(&b, p) {
            b.add(&module, weight, text.clone());
            process_modules.push((i, module, text));
        }
    }
    for step in &inp.deployment.build_steps {
        let text = format!("named only by a build step ({})", b.where_(step.span));
        b.add(&step.module, BUILD_STEP, text);
    }
    add_entry_point_defaults(&mut b);
    add_settings_files(&mut b);
    add_siblings(&mut b);
    resolve_and_judge(&mut b);
    production_siblings(&mut b);
    score(&mut b.candidates);
    let mut ranked: Vec<usize> = (0..b.candidates.len())
        .filter(|&i| b.candidates[i].excluded.is_none())
        .collect();
    ranked.sort_by_key(|&i| {
        let c = &b.candidates[i];
        (-c.score, c.module.matches('.').count(), c.module.clone())
    });
    let mut candidates = b.candidates;
    // What the user pins is audited, whatever the evidence says.
    if let Some((m, _)) = pinned
        && let Some(i) = candidates.iter().position(|c| c.module == m)
    {
        ranked.retain(|&r| r != i);
        ranked.insert(0, i);
    }
    let Some(&best) = ranked.first() else {
        candidates.sort_by(|a, b| a.module.cmp(&b.module));
        let reason = nothing_found(&candidates);
        return Discovery {
            module: None,
            reason,
            clear_cut: true,
            candidates,
            runners: Vec::new(),
            pinned: pinned.is_some(),
            process_modules,
            configuration: None,
        };
    };
    let chosen = candidates[best].clone();
    let module = chosen.module.clone();
    let mut runners: Vec<usize> = process_modules
        .iter()
        .filter(|(_, m, _)| *m == module)
        .map(|(i, _, _)| *i)
        .collect();
    if runners.is_empty() {
        // Production app servers whose module golive cannot tell (their
        // entry point is not in the checkout) run the only project there is.
        runners = (0..inp.deployment.processes.len())
            .filter(|&i| {
                let p = &inp.deployment.processes[i];
                !p.dev && p.is_app_server() && !process_modules.iter().any(|(j, _, _)| *j == i)
            })
            .collect();
    }
    let strongest = chosen
        .evidence
        .iter()
        .filter(|e| e.weight > 0)
        .max_by_key(|e| e.weight)
        .map(|e| e.text.clone());
    let reason = match &strongest {
        Some(t)
            if t.starts_with("DJANGO_SETTINGS_MODULE in ")
                || t.starts_with("given")
                || t.starts_with("set by") =>
        {
            t.clone()
        }
        Some(t) => t.clone(),
        None => format!(
            "the best of {} settings modules found ({})",
            ranked.len(),
            chosen.path.clone().unwrap_or_default()
        ),
    };
    let chain = chain_of(inp.loader, &module);
    // A development module chosen beside a production one is never
    // clear-cut: production may set DJANGO_SETTINGS_MODULE outside the
    // repository.
    let dev_beside_production = name_evidence(&module).is_some_and(|(w, _)| w <= DEVELOPMENT_NAME)
        && ranked
            .iter()
            .skip(1)
            .any(|&i| candidates[i].score > 0 && is_production_name(&candidates[i].module));
    let clear_cut = pinned.is_some()
        || !dev_beside_production
            && ranked.iter().skip(1).all(|&i| {
                let c = &candidates[i];
                c.score <= 0 || chain.contains(&c.module) || c.score + 40 <= chosen.score
            });
    candidates.sort_by_key(|c| (c.excluded.is_some(), -c.score, c.module.clone()));
    let configuration = configuration_default(inp);
    Discovery {
        module: Some(module),
        reason,
        clear_cut,
        candidates,
        runners,
        pinned: pinned.is_some(),
        process_modules,
        configuration,
    }
}

/// Evidence from entry points and configuration files that name a module
/// (`os.environ.setdefault("DJANGO_SETTINGS_MODULE", …)`, pytest's
/// `DJANGO_SETTINGS_MODULE = …`); a test or example tree's counts less.
fn add_entry_point_defaults(b: &mut Builder<'_, '_>) {
    for file in &b.inp.layout.files {
        let (weight, label) = match golive_source::name_bytes_of(file) {
            b"wsgi.py" => (WSGI_DEFAULT, "the WSGI entry point"),
            b"asgi.py" => (ASGI_DEFAULT, "the ASGI entry point"),
            b"manage.py" => (MANAGE_DEFAULT, "manage.py"),
            b"pytest.ini" | b"tox.ini" | b"setup.cfg" | b"conftest.py" => {
                (TEST_CONFIGURATION, "the test configuration")
            }
            b"pyproject.toml" => (TEST_CONFIGURATION, "the test configuration"),
            _ => continue,
        };
        let class = (b.inp.class_of)(file);
        if class == FileClass::Template {
            continue;
        }
        // An entry point of a test or example tree says little about production.
        let weight = if matches!(class, FileClass::Test | FileClass::Unused) && weight > 0 {
            weight / 5
        } else {
            weight
        };
        for (line, module) in defaults_in(file) {
            let text = format!("DJANGO_SETTINGS_MODULE in {}:{line} ({label})", b.rel(file));
            b.add(&module, weight, text);
        }
    }
}

/// Every settings file on disk is a candidate, with no weight of its own.
fn add_settings_files(b: &mut Builder<'_, '_>) {
    for file in b
        .inp
        .layout
        .files
        .iter()
        .filter(|f| is_python_file(f) && is_settings_file(f))
    {
        if let Some(module) = b.inp.layout.module_name(file) {
            b.add(&module, 0, format!("a settings file ({})", b.rel(file)));
        }
    }
}

/// Each candidate's score: the sum of its evidence, an entry point's
/// default counted once with the process that runs through it, and what
/// the module's name says.
fn score(candidates: &mut [Candidate]) {
    for c in candidates {
        // An entry point's default that a production process runs through
        // is one piece of evidence, not two.
        let through: Vec<String> = c
            .evidence
            .iter()
            .filter(|e| e.weight > 0 && e.text.contains(" runs it through "))
            .filter_map(|e| {
                e.text
                    .rsplit_once(" (")
                    .map(|(_, at)| at.trim_end_matches(')').to_string())
            })
            .collect();
        for e in &mut c.evidence {
            if e.weight > 0
                && let Some(at) = e
                    .text
                    .strip_prefix("DJANGO_SETTINGS_MODULE in ")
                    .and_then(|rest| rest.split_once(' '))
                    .map(|(at, _)| at)
                && through.iter().any(|t| t == at)
            {
                e.weight = 0;
                e.text.push_str(", counted with the process that runs it");
            }
        }
        if let Some((w, text)) = name_evidence(&c.module) {
            c.evidence.push(Evidence {
                weight: w,
                text: text.to_string(),
            });
        }
        c.score = c.evidence.iter().map(|e| e.weight).sum();
    }
}

/// Why nothing is audited: no candidate, or why the named ones are out.
fn nothing_found(candidates: &[Candidate]) -> String {
    if candidates.is_empty() {
        "no settings module found: no DJANGO_SETTINGS_MODULE declared and no settings.py"
            .to_string()
    } else {
        // The candidates the project names, and why each is out.
        let mut named: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.evidence.iter().any(|e| e.weight > 0))
            .collect();
        named.sort_by_key(|c| -c.evidence.iter().map(|e| e.weight).sum::<i32>());
        let why: Vec<String> = named
            .iter()
            .take(3)
            .filter_map(|c| c.excluded.as_ref().map(|e| format!("`{}`: {e}", c.module)))
            .collect();
        if why.is_empty() {
            format!(
                "no settings module found: {} candidate(s), none of them a Django settings module in the project",
                candidates.len()
            )
        } else {
            format!("no settings module found: {}", why.join("; "))
        }
    }
}

/// The django-configurations class the entry points choose by default:
/// the WSGI entry point's, else the ASGI one's, else manage.py's.
fn configuration_default(inp: &Inputs<'_>) -> Option<(String, String)> {
    let mut found: Vec<(u8, String, String)> = Vec::new();
    for file in &inp.layout.files {
        let rank = match golive_source::name_bytes_of(file) {
            b"wsgi.py" => 0,
            b"asgi.py" => 1,
            b"manage.py" => 2,
            _ => continue,
        };
        if (inp.class_of)(file) != FileClass::Production {
            continue;
        }
        let Ok((text, _)) = golive_source::read_text_lossy(file, 1024 * 1024) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("DJANGO_CONFIGURATION") else {
                continue;
            };
            let rest = &line[pos + "DJANGO_CONFIGURATION".len()..];
            let name: String = rest
                .trim_start_matches(|c: char| {
                    c == '"' || c == '\'' || c == ',' || c.is_whitespace()
                })
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.chars().next().is_some_and(char::is_uppercase) {
                found.push((rank, name, format!("{}:{}", inp.layout.rel(file), i + 1)));
            }
        }
    }
    found.sort();
    found.into_iter().next().map(|(_, n, at)| (n, at))
}

/// The module a process runs and how strongly that says it is production's.
fn process_evidence(b: &Builder<'_, '_>, p: &Process) -> Option<(String, i32, String)> {
    let what = p.origin.describe();
    let server = p.server.kind.map_or("a process", ServerKind::as_str);
    if let Some((module, span)) = p.declared_settings() {
        let at = b.where_(span);
        let (weight, class) = if p.dev {
            (DEVELOPMENT_PROCESS, "a development")
        } else {
            (PRODUCTION_PROCESS_SETS, "the production")
        };
        return Some((
            module,
            weight,
            format!("{class} process ({what}, {server}) sets DJANGO_SETTINGS_MODULE ({at})"),
        ));
    }
    // The default of the entry point the server loads.
    let (file, via) = match p.server.kind? {
        ServerKind::Runserver => (
            b.inp
                .layout
                .search_roots
                .iter()
                .map(|r| r.join("manage.py"))
                .find(|m| m.is_file())?,
            "manage.py",
        ),
        _ => {
            let app = p.server.app.as_deref()?;
            (app_module_file(b.inp.loader, app)?, "its entry point")
        }
    };
    let (line, module) = defaults_in(&file).into_iter().next()?;
    let at = format!("{}:{line}", b.rel(&file));
    let (weight, class) = if p.dev {
        (DEVELOPMENT_PROCESS, "a development")
    } else {
        (PRODUCTION_PROCESS_DEFAULT, "the production")
    };
    Some((
        module,
        weight,
        format!("{class} process ({what}, {server}) runs it through {via} ({at})"),
    ))
}

/// Finds each candidate's file and rules out what cannot be a settings
/// module: a module missing from the project, one that is not a Django
/// settings module at all, and modules of test, example or template trees
/// when the project has settings of its own.
fn resolve_and_judge(b: &mut Builder<'_, '_>) {
    let loader = b.inp.loader;
    for i in 0..b.candidates.len() {
        let module = b.candidates[i].module.clone();
        let pinned = b.candidates[i].evidence.iter().any(|e| e.weight >= 1000);
        if loader.resolve_module(&module).is_none()
            && let Some((src, text)) = copied_into_place(b.inp, &module)
        {
            loader.add_alias(&module, src);
            b.candidates[i].evidence.push(Evidence { weight: 0, text });
        }
        match loader.resolve_module(&module) {
            Some((path, _)) => {
                let class = (b.inp.class_of)(&path);
                b.candidates[i].path = Some(b.rel(&path));
                if pinned {
                    continue;
                }
                if class == FileClass::Template {
                    b.candidates[i].excluded = Some(TEMPLATE.into());
                } else if let Err(why) = check_settings_module(loader, &module) {
                    // Rejected without parsing when its text shows no
                    // template tag; a template was parsed to be told apart.
                    let template = loader
                        .parsed_already(&path)
                        .and_then(|p| p.template.clone());
                    b.candidates[i].excluded =
                        Some(match (loader.unreadable_reason(&path), template) {
                            (Some(e), _) => {
                                format!("golive does not read it: {} {e}", b.rel(&path))
                            }
                            (None, Some(marker)) => format!("{TEMPLATE} (it contains `{marker}`)"),
                            (None, None) => format!("not a Django settings module: {why}"),
                        });
                } else if matches!(class, FileClass::Test | FileClass::Unused) {
                    let text = format!(
                        "in a test, example or documentation tree ({})",
                        b.rel(&path)
                    );
                    b.candidates[i]
                        .evidence
                        .push(Evidence { weight: -40, text });
                }
            }
            None => {
                b.candidates[i].excluded = Some(match vendored_module_file(b.inp.layout, &module) {
                    Some(file) => format!(
                        "only inside code vendored from another project ({}), which production does not run",
                        b.rel(&file)
                    ),
                    None => "no such module in the project".into(),
                })
            }
        }
    }
}

/// The file of `module` beside a vendored project's `manage.py` (which is
/// not a search root: see [`ProjectLayout::scan`]), when there is one.
fn vendored_module_file(layout: &ProjectLayout, module: &str) -> Option<PathBuf> {
    let rel_module = module.replace('.', "/");
    let exists = |p: &Path| {
        layout
            .files
            .binary_search_by(|f| {
                f.as_os_str()
                    .as_encoded_bytes()
                    .cmp(p.as_os_str().as_encoded_bytes())
            })
            .is_ok()
    };
    layout
        .files
        .iter()
        .filter(|f| {
            golive_source::name_bytes_of(f) == b"manage.py"
                && crate::classify::is_vendored(golive_source::relative(&layout.root, f))
        })
        .filter_map(|m| m.parent())
        .flat_map(|dir| {
            [
                dir.join(format!("{rel_module}.py")),
                dir.join(&rel_module).join("__init__.py"),
            ]
        })
        .find(|p| exists(p))
}

/// A module that exists only in the image: a Dockerfile copies a project
/// file to where the module is imported from (`COPY docker/config.py
/// app/settings/config.py`).
fn copied_into_place(inp: &Inputs<'_>, module: &str) -> Option<(PathBuf, String)> {
    let want = PathBuf::from(format!("{}.py", module.replace('.', "/")));
    let mut dockerfiles: Vec<
        &golive_infra::deployment::Parsed<golive_infra::dockerfile::Dockerfile>,
    > = inp.deployment.dockerfiles.iter().collect();
    dockerfiles.sort_by_key(|d| d.dev);
    for df in dockerfiles {
        let context = df.path.parent().unwrap_or(&inp.layout.root);
        let mut workdir = PathBuf::from("/");
        for stage in &df.facts.stages {
            for ins in &stage.instructions {
                match ins.keyword.as_str() {
                    "WORKDIR" => workdir = workdir.join(ins.args.trim()),
                    "COPY" | "ADD" => {
                        let words: Vec<String> = shlex::split(&ins.args).unwrap_or_default();
                        if words.iter().any(|w| w.starts_with("--from")) {
                            continue;
                        }
                        let words: Vec<&String> =
                            words.iter().filter(|w| !w.starts_with("--")).collect();
                        let [src, dest] = words.as_slice() else {
                            continue;
                        };
                        let mut target = workdir.join(dest.as_str());
                        if dest.ends_with('/') {
                            target = target.join(Path::new(src.as_str()).file_name()?);
                        }
                        if !target.ends_with(&want) {
                            continue;
                        }
                        for base in [context, inp.layout.root.as_path()] {
                            let file = golive_source::normalize_lexically(&base.join(src.as_str()));
                            if file.starts_with(&inp.layout.root)
                                && golive_python::loader::is_regular_file(&file)
                            {
                                let sources = inp.loader.sources.borrow();
                                let _ = &sources;
                                let at = inp.layout.rel(&df.path).to_string();
                                return Some((
                                    file.clone(),
                                    format!(
                                        "created at build time: `COPY {src} {dest}` ({at}) puts {} there",
                                        inp.layout.rel(&file)
                                    ),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    None
}

/// The modules beside one an entry point names (`config/django/base.py`
/// named, `config/django/production.py` beside it) are candidates too,
/// whatever their directory is called.
fn add_siblings(b: &mut Builder<'_, '_>) {
    let named: Vec<String> = b
        .candidates
        .iter()
        .filter(|c| {
            c.evidence
                .iter()
                .any(|e| e.text.starts_with("DJANGO_SETTINGS_MODULE in "))
        })
        .map(|c| c.module.clone())
        .collect();
    for module in named {
        let Some((path, false)) = b.inp.loader.resolve_module(&module) else {
            continue;
        };
        let Some(dir) = path.parent() else { continue };
        let Some((package, _)) = module.rsplit_once('.') else {
            continue;
        };
        let siblings: Vec<String> = b
            .inp
            .layout
            .files
            .iter()
            // Compared as bytes: the walk's paths and the loader's are
            // normalised, and this runs over every file per module named.
            .filter(|f| {
                is_python_file(f)
                    && golive_source::parent_bytes(f) == dir.as_os_str().as_encoded_bytes()
            })
            .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().to_string()))
            .filter(|stem| stem != "__init__" && name_evidence(stem).is_some())
            .collect();
        for stem in siblings {
            let sibling = format!("{package}.{stem}");
            if !b.candidates.iter().any(|c| c.module == sibling) {
                b.add(
                    &sibling,
                    0,
                    format!("beside `{module}`, which an entry point names"),
                );
            }
        }
    }
}

/// A base or development module named by an entry point gives way to a
/// production-named sibling in the same package (wagtail's `wsgi.py` names
/// `settings.dev`; a `config.django.base` beside `config.django.production`).
fn production_siblings(b: &mut Builder<'_, '_>) {
    let mut additions = Vec::new();
    for c in &b.candidates {
        let named_by_entry_point = c.evidence.iter().any(|e| {
            e.text.starts_with("DJANGO_SETTINGS_MODULE in ") && e.weight >= MANAGE_DEFAULT
        });
        let weak_name = name_evidence(&c.module).is_some_and(|(w, _)| w < 0);
        // Only a module production sets explicitly stands; one it reaches
        // through an entry point's default gives way like the default does.
        let set_explicitly = c.evidence.iter().any(|e| {
            e.weight >= PRODUCTION_PROCESS_SETS
                || (e.weight >= PRODUCTION_DECLARATION && !e.text.contains(" runs it through "))
        });
        // A development module that a production process really serves
        // (the image runs the entry point, whose default is `settings.dev`)
        // is what production runs, however the sibling is named.
        let served = name_evidence(&c.module).is_some_and(|(w, _)| w <= DEVELOPMENT_NAME)
            && c.evidence.iter().any(|e| {
                e.weight >= PRODUCTION_PROCESS_DEFAULT && e.text.contains(" runs it through ")
            });
        if !named_by_entry_point || !weak_name || set_explicitly || served {
            continue;
        }
        let Some((package, _)) = c.module.rsplit_once('.') else {
            continue;
        };
        // The sibling takes over everything the entry point's default gave.
        let inherited: i32 = c
            .evidence
            .iter()
            .filter(|e| e.weight > 0)
            .map(|e| e.weight)
            .sum::<i32>()
            .max(PRODUCTION_SIBLING)
            + 5;
        for s in &b.candidates {
            if s.excluded.is_none()
                && s.module.rsplit_once('.').map(|(p, _)| p) == Some(package)
                && is_production_name(&s.module)
            {
                additions.push((
                    s.module.clone(),
                    inherited,
                    format!(
                        "the production sibling of `{}`, which an entry point names",
                        c.module
                    ),
                ));
            }
        }
    }
    for (module, weight, text) in additions {
        b.add(&module, weight, text);
    }
}

/// The modules the settings module star-imports (its base), which are not
/// rivals of it.
fn chain_of(loader: &Loader, module: &str) -> Vec<String> {
    let mut out = vec![module.to_string()];
    let mut i = 0;
    while i < out.len() && out.len() < 32 {
        if let Some(shape) = golive_python::shape::module_shape(loader, &out[i]) {
            for m in shape.star_imports {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        i += 1;
    }
    out
}
