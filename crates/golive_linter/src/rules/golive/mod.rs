//! golive's own diagnostics about its input (`GLV`): a settings module that
//! cannot be found or parsed, import cycles, missing imports. Bad input is a
//! finding with a code, never a crash.

use crate::rule::declare_rule;

macro_rules! golive_rule {
    ($(#[doc = $doc:literal])* $ident:ident, $code:literal, $name:literal, $sev:ident) => {
        declare_rule! {
            $(#[doc = $doc])*
            pub(crate) static $ident = {
                code: $code,
                name: $name,
                severity: $sev,
                django_id: None,
            };
        }
    };
}

golive_rule!(
    /// ## What it does
    /// Reports that golive found no settings module to audit, or that the
    /// module it was told to audit (`--settings`, configuration) does not
    /// exist in the project.
    ///
    /// ## Why is this bad?
    /// Nothing was audited. Django would fail at start-up with
    /// `ModuleNotFoundError` if the module named by `DJANGO_SETTINGS_MODULE`
    /// does not exist.
    ///
    /// ## Example
    /// ```shell
    /// golive check . --settings shop.settings.prod   # but the file is production.py
    /// ```
    ///
    /// Use instead:
    /// ```shell
    /// golive check . --settings shop.settings.production
    /// ```
    ///
    /// ## References
    /// - [Django: Designating the settings](https://docs.djangoproject.com/en/stable/topics/settings/#designating-the-settings)
    SETTINGS_NOT_FOUND, "GLV001", "settings-module-not-found", Error
);

golive_rule!(
    /// ## What it does
    /// Reports Python syntax errors in a settings module or a module it
    /// imports. golive evaluates the statements it could recover.
    ///
    /// ## Why is this bad?
    /// Python refuses the whole file: the site does not start.
    ///
    /// ## Example
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com"
    /// DEBUG = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com"]
    /// DEBUG = False
    /// ```
    ///
    /// ## References
    /// - [Python: Syntax errors](https://docs.python.org/3/tutorial/errors.html#syntax-errors)
    PYTHON_SYNTAX_ERROR, "GLV002", "python-syntax-error", Error
);

golive_rule!(
    /// ## What it does
    /// Reports settings modules that import each other.
    ///
    /// ## Why is this bad?
    /// Python hands the second importer a half-initialised module: names
    /// defined after the import are missing, and which module "wins" depends
    /// on which is imported first — production and a management command can
    /// end up with different settings.
    ///
    /// ## Example
    /// ```python
    /// # settings/base.py
    /// from .production import *
    /// # settings/production.py
    /// from .base import *
    /// ```
    ///
    /// Use instead: import in one direction only (environment modules import
    /// `base`, never the reverse).
    ///
    /// ## References
    /// - [Python: The import system](https://docs.python.org/3/reference/import.html)
    IMPORT_CYCLE, "GLV003", "settings-import-cycle", Warning
);

golive_rule!(
    /// ## What it does
    /// Reports a project-local import in the settings (`from .local import *`,
    /// `from shop.settings.base import X`) of a module that does not exist,
    /// when no `try/except ImportError` catches it.
    ///
    /// ## Why is this bad?
    /// The settings fail to import and the site does not start — typically a
    /// `local.py` that exists on the developer's machine but is not committed.
    ///
    /// ## Example
    /// ```python
    /// from .local import *
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// try:
    ///     from .local import *
    /// except ImportError:
    ///     pass
    /// ```
    ///
    /// ## References
    /// - [Python: The import system](https://docs.python.org/3/reference/import.html)
    SETTINGS_IMPORT_MISSING, "GLV004", "settings-import-missing", Error
);

golive_rule!(
    /// ## What it does
    /// Reports files golive could not read: unreadable, binary, larger than
    /// 4 MiB, outside the project (through a symlink — a module, or an
    /// `env_file` a compose service names), or not valid UTF-8 (then read
    /// with the bad bytes replaced); directories it may not list (golive run
    /// by a user who cannot read part of the tree: their files are not
    /// audited, and the report says so — as information, since in a
    /// development checkout such a directory is most often a database
    /// volume a container owns); and project modules it did not follow
    /// because they are imported more than 100 imports deep (CPython's
    /// recursion limit stops such a chain too). Each file is reported once,
    /// at the import that asked for it when there is one.
    ///
    /// A settings module golive cannot read is treated like an installed
    /// package's, not as missing: Python would import it, so what it
    /// defines is unknown — a star import of it may set any setting, and
    /// the checks of settings it could set are undecided (`--verbose` lists
    /// them) rather than judged on Django's defaults.
    ///
    /// ## Why is this bad?
    /// What golive cannot read it cannot audit; Python would refuse a
    /// settings module that is not valid UTF-8.
    ///
    /// ## Example
    /// A `settings.py` saved in Latin-1 with an accented character.
    ///
    /// Use instead: save source files as UTF-8.
    ///
    /// ## References
    /// - [PEP 3120: Using UTF-8 as the default source encoding](https://peps.python.org/pep-3120/)
    FILE_UNREADABLE, "GLV005", "file-unreadable", Error
);

golive_rule!(
    /// ## What it does
    /// Reports a statement of the settings that raises an exception in the
    /// configured environment — other than a required variable that is
    /// missing — such as `int(os.environ["WORKERS"])` with `WORKERS=four`,
    /// or a default that does not convert. A variable is required when
    /// reading it raises (`os.environ["X"]`, django-environ, decouple) or
    /// when the settings raise because it is unset (`if not
    /// os.environ.get("X"): raise ImproperlyConfigured(...)`): production
    /// sets it, and that is not a bug. golive keeps evaluating after an
    /// assignment that raises, so one bad value does not hide the rest.
    ///
    /// ## Why is this bad?
    /// The settings fail to import with that environment: the site does not
    /// start.
    ///
    /// ## Example
    /// ```python
    /// CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "10 minutes"))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "600"))
    /// ```
    ///
    /// ## References
    /// - [Python: Errors and exceptions](https://docs.python.org/3/tutorial/errors.html)
    SETTINGS_RAISE, "GLV006", "settings-raise", Warning
);

golive_rule!(
    /// ## What it does
    /// Reports that golive stopped evaluating a module because it took more
    /// steps than any settings module should (a loop that does not end, or
    /// a deliberately huge computation).
    ///
    /// ## Why is this bad?
    /// Settings after that point were not evaluated, so their findings are
    /// missing.
    ///
    /// ## Example
    /// ```python
    /// while True:
    ///     pass
    /// ```
    ///
    /// Use instead: keep settings declarative.
    ///
    /// ## References
    /// - [Django: Settings](https://docs.djangoproject.com/en/stable/topics/settings/)
    EVALUATION_BUDGET, "GLV007", "evaluation-budget-exhausted", Warning
);

golive_rule!(
    /// ## What it does
    /// Reports class-based settings (django-configurations) whose class
    /// golive cannot determine: `DJANGO_CONFIGURATION` is set when the
    /// process starts, to a value the repository does not show. golive
    /// evaluates django-configurations otherwise — the class that
    /// `DJANGO_CONFIGURATION` or the entry point's
    /// `os.environ.setdefault("DJANGO_CONFIGURATION", …)` names, its
    /// `values.*Value`s read from `DJANGO_<NAME>`, its `setup` hooks — but
    /// without the class it would judge the wrong values, so the Django
    /// checks are not run.
    ///
    /// ## Why is this bad?
    /// The audit would be empty or wrong; this finding says so instead of
    /// reporting another class's values as problems.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     environment:
    ///       DJANGO_CONFIGURATION: ${DJANGO_CONFIGURATION}
    /// ```
    ///
    /// Use instead: name the class in the deployment (`DJANGO_CONFIGURATION:
    /// Production`), or tell golive with `--env DJANGO_CONFIGURATION=Production`.
    ///
    /// ## References
    /// - [django-configurations](https://django-configurations.readthedocs.io/)
    SETTINGS_STYLE_UNSUPPORTED, "GLV008", "settings-style-unsupported", Warning
);

golive_rule!(
    /// ## What it does
    /// Reports `# golive: ignore[...]` and `# golive: ignore-file[...]`
    /// comments that silence nothing — the finding was fixed, the code was
    /// mistyped, or the rule never fires there — and suppressions naming a
    /// rule golive does not have.
    ///
    /// ## Why is this bad?
    /// A stale suppression silently hides the next real finding of that rule
    /// on that line.
    ///
    /// ## Example
    /// ```python
    /// DEBUG = False  # golive: ignore[DJS018]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DEBUG = False
    /// ```
    ///
    /// ## References
    /// - [ruff's RUF100, the same idea](https://docs.astral.sh/ruff/rules/unused-noqa/)
    UNUSED_SUPPRESSION, "GLV009", "unused-suppression", Warning
);

golive_rule!(
    /// ## What it does
    /// Reports an nginx configuration that nginx itself would refuse: a
    /// syntax error (an unclosed block, a directive without `;`, an
    /// unterminated string), an `include` of a project file that does not
    /// exist, or an include cycle. Includes of files every nginx package
    /// installs (`mime.types`, `proxy_params`, `snippets/…`, paths under
    /// `/etc/nginx/`) are not reported when the project does not contain
    /// them.
    ///
    /// ## Why is this bad?
    /// `nginx -t` fails and a reload keeps the old configuration — or a
    /// fresh start fails and the site is down. golive audits what it could
    /// read.
    ///
    /// ## Example
    /// ```nginx
    /// server {
    ///     listen 80
    ///     server_name shop.example.com;
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```nginx
    /// server {
    ///     listen 80;
    ///     server_name shop.example.com;
    /// }
    /// ```
    ///
    /// ## References
    /// - [nginx: Configuration file's structure](https://nginx.org/en/docs/beginners_guide.html#conf_structure)
    NGINX_CONFIG_INVALID, "GLV010", "nginx-config-invalid", Error
);

golive_rule!(
    /// ## What it does
    /// Reports a deployment file golive could not parse: a compose file
    /// that is not valid YAML.
    ///
    /// ## Why is this bad?
    /// `docker compose` refuses it too, so the deployment it describes
    /// cannot start; and golive cannot audit what it cannot read.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web: [unclosed
    /// ```
    ///
    /// Use instead: a file that `docker compose config` accepts.
    ///
    /// ## References
    /// - [Compose file reference](https://docs.docker.com/reference/compose-file/)
    CONFIG_FILE_INVALID, "GLV011", "config-file-invalid", Error
);

golive_rule!(
    /// ## What it does
    /// Reports, once per template tree, files that are templates rendered
    /// before use — Jinja (`*.j2`, `{% if %}`), cookiecutter directories
    /// (`{{cookiecutter.project_slug}}/`), Django project templates
    /// (`{{ project_name }}`, `*.py-tpl`), envsubst templates
    /// (`*.template`) — and that golive therefore neither parses nor
    /// judges.
    ///
    /// ## Why is this bad?
    /// It is not: it is information. A template is not valid Python, YAML
    /// or nginx until it is rendered, and its rendered values are unknown:
    /// judging it would produce hundreds of meaningless syntax errors and
    /// findings about placeholder values. Audit the rendered project
    /// instead.
    ///
    /// ## Example
    /// ```text
    /// templates/openwisp2/settings.py   # {% if openwisp2_secret_key %}…
    /// ```
    ///
    /// Use instead: render the template (`cookiecutter .`, `ansible-playbook
    /// --check --diff`, `django-admin startproject --template`) and run
    /// `golive check` on the result.
    ///
    /// ## References
    /// - [Jinja template designer documentation](https://jinja.palletsprojects.com/en/stable/templates/)
    TEMPLATE_NOT_AUDITED, "GLV012", "template-not-audited", Info
);

golive_rule!(
    /// ## What it does
    /// Reports an nginx `include` of a file that does not exist in the
    /// repository because it is written when the container or host starts:
    /// it lives under `/run`, `/var/run` or `/tmp`, an entrypoint script
    /// links or writes it (`ln -sf locations.conf http_locations.conf`), or
    /// it is rendered from a template of the project (`default.conf` from
    /// `default.conf.template` by envsubst).
    ///
    /// ## Why is this bad?
    /// It is not: nginx will find the file at run time. It is information
    /// because golive cannot see what the file will contain, so rules about
    /// the directives it may hold (headers, proxying, TLS) cannot judge it.
    ///
    /// ## Example
    /// ```nginx
    /// include http_locations.conf;   # linked by docker-entrypoint.sh
    /// ```
    ///
    /// Use instead: nothing to change. To let golive audit the content,
    /// commit the file the entrypoint chooses from and include it directly.
    ///
    /// ## References
    /// - [nginx: include](https://nginx.org/en/docs/ngx_core_module.html#include)
    NGINX_INCLUDE_GENERATED, "GLV013", "nginx-include-generated", Info
);
