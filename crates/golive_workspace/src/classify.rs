//! What each file is for — production, development, test, template or
//! unused — with the reason, decided before any rule runs: development
//! compose files and services, Dockerfiles only development builds, test
//! and example trees, Jinja and cookiecutter templates.

use golive_infra::Deployment;
use golive_infra::command::ServerKind;
use golive_infra::compose;
use golive_infra::deployment::{FileClass, InfraFileKind};
use std::path::Path;

/// A file golive read or considered, with its class.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FileEntry {
    /// Relative to the root.
    pub path: String,
    pub kind: FileKind,
    pub class: FileClass,
    pub reason: String,
}

/// What kind of file an entry is: a settings module, a deployment file, or
/// a template golive does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    SettingsModule,
    Infra(InfraFileKind),
    Template,
}

impl FileKind {
    /// How a report names the kind (`settings module`, `compose file`,
    /// `nginx`, …); the JSON of `golive project` carries the same text.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::SettingsModule => "settings module",
            FileKind::Infra(kind) => kind.as_str(),
            FileKind::Template => "template",
        }
    }
}

impl serde::Serialize for FileKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Directory names whose contents are tests and fixtures.
const TEST_DIRS: &[&str] = &[
    "tests",
    "test",
    "testing",
    "fixtures",
    "testdata",
    "test_data",
    "e2e",
    "test_project",
    "testproject",
];
/// Directory names whose contents are examples or documentation.
const EXAMPLE_DIRS: &[&str] = &[
    "examples", "example", "samples", "sample", "docs", "doc", "demo",
];
/// Directory names of code vendored from other projects.
const VENDOR_DIRS: &[&str] = &["vendor", "vendored", "third_party", "thirdparty", "_vendor"];
/// Whether `d` is one of `names` (ASCII case ignored).
fn is(d: &[u8], names: &[&str]) -> bool {
    names.iter().any(|n| d.eq_ignore_ascii_case(n.as_bytes()))
}

fn has(d: &[u8], needle: &[u8]) -> bool {
    d.windows(needle.len()).any(|w| w == needle)
}

/// File extensions of templates.
const TEMPLATE_EXTENSIONS: &[&str] = &[
    "j2", "jinja", "jinja2", "tmpl", "tpl", "template", "py-tpl", "tpl-py",
];

/// The class a path alone gives a file: templates by directory name or
/// extension, test and example trees. `None` for an ordinary path.
pub fn class_by_path(rel: &Path) -> Option<(FileClass, String)> {
    // Called for every file of the tree (thousands): one pass over the
    // directory components as bytes, no allocation unless a class is found.
    let text = |d: &[u8]| String::from_utf8_lossy(d).into_owned();
    let bytes = rel.as_os_str().as_encoded_bytes();
    let found = dir_classes(rel);
    let at = |r: Option<(usize, usize)>| r.map(|(a, b)| &bytes[a..b]);
    let (template_dir, test_dir, example_dir, vendor_dir) = (
        at(found.template),
        at(found.test),
        at(found.example),
        at(found.vendor),
    );
    if let Some(d) = template_dir {
        return Some((
            FileClass::Template,
            format!("inside the template directory `{}`", text(d)),
        ));
    }
    let name = golive_source::name_of(rel);
    if !name.is_empty()
        && let Some(ext) = TEMPLATE_EXTENSIONS.iter().find(|e| {
            name.len() > e.len() && name.ends_with(*e) && matches!(name.as_bytes()[name.len() - e.len() - 1], b'.' | b'-')
        })
        // `.env.template` is an env template: the env-file rules know it.
        && !name.starts_with(".env")
    {
        return Some((FileClass::Template, format!("a template (`.{ext}`)")));
    }
    if let Some(d) = test_dir {
        return Some((
            FileClass::Test,
            format!("inside the test directory `{}/`", text(d)),
        ));
    }
    // `django_example_project/`, `docs-site/`: a word of the name counts.
    if let Some(d) = example_dir {
        return Some((
            FileClass::Unused,
            format!(
                "inside the example or documentation directory `{}/`",
                text(d)
            ),
        ));
    }
    if let Some(d) = vendor_dir {
        return Some((
            FileClass::Unused,
            format!("inside `{}/`, code vendored from another project", text(d)),
        ));
    }
    None
}

/// Whether a path (relative to the root) lies inside a directory of code
/// vendored from another project (`vendor/`, `third_party/`, …).
pub(crate) fn is_vendored(rel: &Path) -> bool {
    dir_classes(rel).vendor.is_some()
}

/// The first directory of each kind on a path, as byte ranges of the path.
#[derive(Clone, Copy, Default)]
struct DirClasses {
    template: Option<(usize, usize)>,
    test: Option<(usize, usize)>,
    example: Option<(usize, usize)>,
    vendor: Option<(usize, usize)>,
}

thread_local! {
    /// The last directory part asked about and what it held: the walk's
    /// files come sorted, so the files of one directory are asked in a row
    /// and their directories are looked at once.
    static LAST_DIRS: std::cell::RefCell<(Vec<u8>, DirClasses)> =
        const { std::cell::RefCell::new((Vec::new(), DirClasses { template: None, test: None, example: None, vendor: None })) };
}

fn dir_classes(rel: &Path) -> DirClasses {
    let bytes = rel.as_os_str().as_encoded_bytes();
    let dirs = golive_source::parent_bytes(rel);
    if let Some(hit) =
        LAST_DIRS.with_borrow(|(last, found)| (last.as_slice() == dirs).then_some(*found))
    {
        return hit;
    }
    let range = |d: &[u8]| {
        let start = d.as_ptr() as usize - bytes.as_ptr() as usize;
        (start, start + d.len())
    };
    let mut found = DirClasses::default();
    for d in golive_source::dirs_of(rel) {
        if found.template.is_none()
            && memchr::memchr(b'{', d).is_some()
            && (has(d, b"{{") && has(d, b"}}") || has(d, b"{%"))
        {
            found.template = Some(range(d));
        }
        // No name of the lists is longer than 12 bytes.
        if d.len() > 12 && !d.contains(&b'-') && !d.contains(&b'_') && !d.contains(&b'.') {
            continue;
        }
        if found.test.is_none() && is(d, TEST_DIRS) {
            found.test = Some(range(d));
        }
        if found.example.is_none()
            && d.split(|b| matches!(b, b'-' | b'_' | b'.'))
                .any(|w| is(w, EXAMPLE_DIRS))
        {
            found.example = Some(range(d));
        }
        if found.vendor.is_none() && is(d, VENDOR_DIRS) {
            found.vendor = Some(range(d));
        }
    }
    LAST_DIRS.with_borrow_mut(|(last, cached)| {
        last.clear();
        last.extend_from_slice(dirs);
        *cached = found;
    });
    found
}

/// A value that switches DEBUG on.
fn truthy(v: &str) -> bool {
    matches!(
        v.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_ascii_lowercase()
            .as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// Decides the class of compose files and services and of Dockerfiles from
/// what they do, then rebuilds the processes with those classes.
pub(crate) fn refine(
    d: &mut Deployment,
    loader: &golive_python::Loader,
    overrides: &dyn Fn(&Path) -> Option<FileClass>,
) {
    refine_compose(d);
    refine_dockerfiles(d);
    apply_overrides(d, overrides);
    d.collect_processes(loader);
    // Processes started by a development service or file are development.
    for p in &mut d.processes {
        if let Some((ci, name)) = &p.compose
            && let Some(s) = d
                .compose
                .get(*ci)
                .and_then(|c| c.facts.services.iter().find(|s| &s.name == name))
            && (s.dev || d.compose[*ci].dev)
        {
            p.dev = true;
        }
    }
}

fn refine_compose(d: &mut Deployment) {
    let names: Vec<(std::path::PathBuf, String)> = d
        .compose
        .iter()
        .map(|c| {
            (
                c.path.clone(),
                c.path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let bases: Vec<Option<usize>> = d.compose.iter().map(|c| c.facts.base).collect();
    // The processes each service starts, as first collected.
    let process_kinds =
        |ci: usize, service: &str| -> Vec<(Option<ServerKind>, bool, Option<String>)> {
            d.processes
                .iter()
                .filter(|p| {
                    p.compose
                        .as_ref()
                        .is_some_and(|(i, n)| *i == ci && n == service)
                })
                .map(|p| {
                    (
                        p.server.kind,
                        p.server.reload,
                        p.declared_settings().map(|(m, _)| m),
                    )
                })
                .collect()
        };
    let mut service_reasons: Vec<Vec<(String, Option<String>)>> = Vec::new();
    for (ci, c) in d.compose.iter().enumerate() {
        let name = &names[ci].1;
        let explicit_production = compose::is_production_name(name);
        let mut reasons = Vec::new();
        for s in &c.facts.services {
            let mut reason = None;
            let dev_profiles = !s.profiles.is_empty()
                && s.profiles.iter().all(|p| {
                    matches!(
                        p.as_str(),
                        "dev"
                            | "development"
                            | "local"
                            | "test"
                            | "tests"
                            | "debug"
                            | "ci"
                            | "docs"
                            | "utility"
                    )
                });
            if dev_profiles {
                reason = Some(format!(
                    "only started with the `{}` profile",
                    s.profiles.join("`, `")
                ));
            } else if let Some(j) = (0..d.compose.len()).find(|&j| {
                bases[j] == Some(ci) && d.compose[j].facts.services.iter().any(|t| t.name == s.name)
            }) {
                reason = Some(format!(
                    "production overrides it with {}",
                    golive_source::display_path(&d.root, &names[j].0)
                ));
            } else if !explicit_production {
                let kinds = process_kinds(ci, &s.name);
                if kinds
                    .iter()
                    .any(|(k, _, _)| *k == Some(ServerKind::Runserver))
                {
                    reason = Some("runs Django's development server (`runserver`)".into());
                } else if kinds.iter().any(|(_, reload, _)| *reload) {
                    reason = Some("runs the app server with automatic reload".into());
                } else if s.mounts_source() {
                    reason = Some("mounts the source tree into the container".into());
                } else if let Some(e) = s
                    .environment
                    .iter()
                    .find(|e| e.name == "DEBUG" || e.name == "DJANGO_DEBUG")
                    && e.value.as_deref().is_some_and(truthy)
                {
                    reason = Some(format!(
                        "sets {}={}",
                        e.name,
                        e.value.as_deref().unwrap_or("")
                    ));
                }
                if reason.is_none()
                    && let Some(m) = kinds.iter().find_map(|(_, _, m)| m.clone())
                    && crate::discover::name_evidence(&m).is_some_and(|(w, _)| w < -10)
                {
                    reason = Some(format!("uses the development settings module `{m}`"));
                }
            }
            reasons.push((s.name.clone(), reason));
        }
        service_reasons.push(reasons);
    }
    for (ci, reasons) in service_reasons.into_iter().enumerate() {
        let c = &mut d.compose[ci];
        for (s, (_, reason)) in c.facts.services.iter_mut().zip(reasons) {
            s.dev = reason.is_some();
            s.dev_reason = reason;
        }
        if c.class != FileClass::Production {
            continue;
        }
        let name = &names[ci].1;
        let dir = names[ci].0.parent().map(Path::to_path_buf);
        // `docker-compose.yml` beside a production file it is not merged
        // with is the development setup.
        if compose::is_default_name(name)
            && !bases.contains(&Some(ci))
            && let Some((other, _)) = names.iter().find(|(p, n)| {
                p.parent().map(Path::to_path_buf) == dir && compose::is_production_name(n)
            })
        {
            let reason = format!(
                "a production compose file ({}) sits beside it",
                golive_source::display_path(&d.root, other)
            );
            c.set_class(FileClass::Development, reason);
            continue;
        }
        // A file whose Django services are all for development.
        let django: Vec<&compose::Service> = c
            .facts
            .services
            .iter()
            .filter(|s| s.build.is_some() || s.command.is_some())
            .collect();
        if !django.is_empty() && django.iter().all(|s| s.dev) && !compose::is_production_name(name)
        {
            let why = django
                .iter()
                .filter_map(|s| s.dev_reason.as_ref().map(|r| format!("`{}` {r}", s.name)))
                .collect::<Vec<_>>()
                .join("; ");
            c.set_class(
                FileClass::Development,
                format!("its services are for development: {why}"),
            );
        } else if bases.contains(&Some(ci)) {
            c.reason = "the base file production merges its override with".into();
        } else if compose::is_production_name(name) {
            c.reason = "a production compose file (by its name)".into();
        } else {
            c.reason = "a compose file with production services".into();
        }
    }
}

/// A Dockerfile that only development compose services build, while the
/// project deploys some other way (a production compose file, a Procfile,
/// a platform file, a unit, another Dockerfile), is the development image.
fn refine_dockerfiles(d: &mut Deployment) {
    let production_elsewhere = |d: &Deployment, skip: usize| {
        d.compose.iter().any(|c| {
            c.class == FileClass::Production
                && c.facts
                    .services
                    .iter()
                    .any(|s| !s.dev && (s.build.is_some() || s.command.is_some()))
        }) || d.procfiles.iter().any(|p| p.class == FileClass::Production)
            || d.platforms.iter().any(|p| p.class == FileClass::Production)
            || d.systemd.iter().any(|p| p.class == FileClass::Production)
            || d.dockerfiles
                .iter()
                .enumerate()
                .any(|(i, df)| i != skip && df.class == FileClass::Production)
    };
    let mut updates = Vec::new();
    for (i, df) in d.dockerfiles.iter().enumerate() {
        if df.class != FileClass::Production {
            continue;
        }
        let users: Vec<(bool, String)> = d
            .processes
            .iter()
            .filter(|p| p.image == Some(i))
            .filter_map(|p| {
                let (ci, name) = p.compose.as_ref()?;
                let c = d.compose.get(*ci)?;
                let s = c.facts.services.iter().find(|s| &s.name == name)?;
                Some((
                    s.dev || c.class != FileClass::Production,
                    format!(
                        "`{}` ({})",
                        name,
                        golive_source::display_path(&d.root, &c.path)
                    ),
                ))
            })
            .collect();
        let referenced = d.compose.iter().enumerate().any(|(ci, c)| {
            c.facts.services.iter().any(|s| {
                s.build.is_some()
                    && d.processes.iter().any(|p| {
                        p.image == Some(i)
                            && p.compose
                                .as_ref()
                                .is_some_and(|(j, n)| *j == ci && n == &s.name)
                    })
            })
        });
        if referenced
            && !users.is_empty()
            && users.iter().all(|(dev, _)| *dev)
            && production_elsewhere(d, i)
        {
            let names: Vec<String> = users
                .into_iter()
                .map(|(_, n)| n)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            updates.push((
                i,
                format!(
                    "only development compose services build it ({})",
                    names.join(", ")
                ),
            ));
        }
    }
    for (i, reason) in updates {
        d.dockerfiles[i].set_class(FileClass::Development, reason);
    }
}

/// `[tool.golive] files = { "PATTERN" = "production" }` wins over what
/// golive decided.
fn apply_overrides(d: &mut Deployment, overrides: &dyn Fn(&Path) -> Option<FileClass>) {
    macro_rules! apply {
        ($list:expr) => {
            for f in $list.iter_mut() {
                if let Some(class) = overrides(&f.path) {
                    f.set_class(class, "set in golive's configuration");
                    if class == FileClass::Production {
                        // A file declared production runs production services.
                        let _ = &f.facts;
                    }
                }
            }
        };
    }
    apply!(d.dockerfiles);
    apply!(d.compose);
    apply!(d.procfiles);
    apply!(d.systemd);
    apply!(d.uwsgi);
    apply!(d.supervisor);
    apply!(d.platforms);
    apply!(d.env_files);
    for c in d
        .compose
        .iter_mut()
        .filter(|c| c.class == FileClass::Production && c.reason == "set in golive's configuration")
    {
        for s in &mut c.facts.services {
            s.dev = false;
            s.dev_reason = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FileKind, InfraFileKind};

    /// The per-directory memo answers as a fresh look would, in any order of
    /// paths (the reasons quote the directory from the path asked about).
    #[test]
    fn classes_by_path_do_not_depend_on_the_path_asked_before() {
        use super::{FileClass, class_by_path};
        use std::path::Path;
        let cases = [
            ("shop/tests/test_a.py", Some(FileClass::Test)),
            ("shop/tests/test_b.py", Some(FileClass::Test)),
            ("shop/settings.py", None),
            ("Shop/Tests/x.py", Some(FileClass::Test)),
            ("docs-site/conf.py", Some(FileClass::Unused)),
            ("vendor/lib/a.py", Some(FileClass::Unused)),
            (
                "{{cookiecutter.name}}/settings.py",
                Some(FileClass::Template),
            ),
            ("shop/tests/test_a.py", Some(FileClass::Test)),
            ("/abs/shop/tests/c.py", Some(FileClass::Test)),
            ("/abs/shop/c.py", None),
        ];
        for order in [cases.to_vec(), cases.iter().rev().cloned().collect()] {
            for (path, want) in order {
                let got = class_by_path(Path::new(path));
                assert_eq!(got.as_ref().map(|(c, _)| *c), want, "{path}");
                if let Some((_, reason)) = got
                    && want == Some(FileClass::Test)
                {
                    let dir = if path.contains("Tests") {
                        "Tests"
                    } else {
                        "tests"
                    };
                    assert!(reason.contains(&format!("`{dir}/`")), "{path}: {reason}");
                }
            }
        }
    }

    #[test]
    fn file_kinds_serialize_as_the_text_reports_show() {
        let json = |k: FileKind| serde_json::to_value(k).unwrap();
        assert_eq!(json(FileKind::SettingsModule), "settings module");
        assert_eq!(
            json(FileKind::Infra(InfraFileKind::Compose)),
            "compose file"
        );
        assert_eq!(json(FileKind::Infra(InfraFileKind::Nginx)), "nginx");
        assert_eq!(json(FileKind::Template), "template");
    }

    #[test]
    fn the_environment_comes_from_the_fullest_declaration_first() {
        // environment.rs sorts candidate processes by this order.
        assert!(InfraFileKind::Compose < InfraFileKind::Platform);
        assert!(InfraFileKind::Dockerfile < InfraFileKind::Systemd);
        assert!(InfraFileKind::GunicornConfig < InfraFileKind::Procfile);
        assert!(InfraFileKind::Procfile < InfraFileKind::Script);
    }
}
