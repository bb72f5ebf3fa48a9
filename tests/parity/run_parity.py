"""Parity of golive with the real `manage.py check --deploy` on real projects.

For every project below the script
- obtains the project's source: a PyPI application's settings package
  (extracted from its wheel), a project template rendered by its own tool
  (`wagtail start`), or a trimmed real project of ../shared/realworld/
  copied to target/parity/ with empty stand-ins ("stubs") for its own apps
  that the trimmed copy lacks;
- creates (or reuses) a virtual environment <venvs>/parity-<name> with the
  project's pinned requirements (their wheels are kept in
  .cache/parity/wheels/<name>, so a warm cache installs offline; the
  archives of the audited packages in .cache/parity/dist);
- runs the real Django: `python -m django check --deploy --settings X` with
  the environment of tests/parity/envs/<name>.env (a production-like
  environment) and nothing else but PATH, HOME, LANG and PYTHONPATH;
- runs `golive check DIR --settings X --env-file tests/parity/envs/<name>.env
  --django-version <the venv's Django>`, once as JSON (its findings) and once
  with --verbose (the checks it could not decide);
- compares the Django check IDs. Only IDs that golive models count (the
  Django IDs of `golive rules`); the other IDs Django printed (model, admin,
  staticfiles checks...) are listed as out of scope. Only golive's
  "configured" scenario counts (not the one where variables are missing).

Categories: agree (both report the ID), Django-only, golive-only, undecided
(golive's check for that ID could not decide because a value is unknown; when
Django reported the ID it is a difference, otherwise it is only listed).

Every difference must be explained in tests/parity/expected.json
({project: {ID: "why"}}); the script exits 1 on an unexplained difference, a
project that cannot be set up, or a crash of Django or golive.

Usage: run_parity.py --golive PATH --venvs DIR [--only NAME]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.path.join(ROOT, ".cache", "parity")
WORK = os.path.join(ROOT, "target", "parity")
ENVS = os.path.join(HERE, "envs")
EXPECTED = os.path.join(HERE, "expected.json")
REALWORLD = os.environ.get("GOLIVE_REALWORLD", os.path.join(ROOT, "..", "shared", "realworld"))

# golive's settings checks (crates/golive_linter/src/registry.rs, the names
# `--verbose` prints) that reproduce Django checks, with the IDs each emits.
CHECK_IDS = {
    "security_middleware": ["security.W001"],
    "xframe_options_middleware": ["security.W002"],
    "csrf_middleware": ["security.W003"],
    "sts": ["security.W004"],
    "sts_include_subdomains": ["security.W005"],
    "content_type_nosniff": ["security.W006"],
    "ssl_redirect": ["security.W008"],
    "secret_key": ["security.W009"],
    "session_cookie_secure": ["security.W010", "security.W011", "security.W012"],
    "session_cookie_httponly": ["security.W013", "security.W014", "security.W015"],
    "csrf_cookie_secure": ["security.W016"],
    "debug": ["security.W018"],
    "xframe_deny": ["security.W019"],
    "allowed_hosts": ["security.W020"],
    "sts_preload": ["security.W021"],
    "referrer_policy": ["security.W022", "security.E023"],
    "cross_origin_opener_policy": ["security.E024"],
    "secret_key_fallbacks": ["security.W025"],
    "csp_settings": ["security.E026"],
    "csp_nonce_context_processor": ["security.W027"],
    "cache_location_not_exposed": ["caches.W002"],
    "async_unsafe": ["async.E001"],
    "mailers": ["mail.E001", "mail.W001"],
    "default_cache": ["caches.E001"],
    "file_based_cache_is_absolute": ["caches.W003"],
    "csrf_trusted_origins": ["4_0.E001"],
    "url_settings": ["urls.E006"],
}

# Each project: the Python it needs, pinned requirements, where its source
# comes from, the settings module production uses, and stubs (files written
# to a directory put on Django's PYTHONPATH after the project) for the
# project's own modules that a trimmed copy lacks. Stubs only let the
# settings' INSTALLED_APPS, middleware and ROOT_URLCONF import; none of them
# is a setting, so Django's deploy checks see the real settings values.
PROJECTS = {
    "wagtail": {
        "description": "PyPI wagtail 7.2.1: its project template rendered by `wagtail start mysite`",
        "python": "3.11",
        "requirements": ["wagtail==7.2.1", "Django==5.2.19"],
        "source": {"kind": "wagtail-start", "project": "mysite"},
        "settings": "mysite.settings.production",
    },
    "pretix": {
        "description": "PyPI pretix 2026.8.0 (pretix.settings, configured by PRETIX_* variables)",
        "python": "3.11",
        "requirements": ["pretix==2026.8.0", "Django==5.2.19"],
        "source": {"kind": "wheel", "requirement": "pretix==2026.8.0", "members": ["pretix/"]},
        "settings": "pretix.settings",
    },
    "mailman-web": {
        "description": "PyPI mailman-web 0.0.9 (mailman_web.settings.dev: base + mailman, the only shipped module that loads)",
        "python": "3.11",
        "requirements": ["mailman-web==0.0.9", "Django==4.2.30"],
        "source": {"kind": "wheel", "requirement": "mailman-web==0.0.9", "members": ["mailman_web/"]},
        # base alone does not load (django-haystack requires the
        # HAYSTACK_CONNECTIONS that settings/mailman.py adds); production
        # uses an operator-written /etc/mailman3/settings.py importing both.
        "settings": "mailman_web.settings.dev",
        # The settings log to /opt/mailman/web/logs/, which only a real
        # install creates: Django is started with its logging setup skipped
        # (no check reads it).
        "skip_logging": True,
    },
    "misago": {
        "description": "PyPI misago 0.39.6 (devproject.settings, the project the wheel ships)",
        "python": "3.11",
        "requirements": ["misago==0.39.6"],
        "source": {"kind": "wheel", "requirement": "misago==0.39.6", "members": ["devproject/", "misago/"]},
        "settings": "devproject.settings",
    },
    "label-studio": {
        # `label-studio start` (label_studio/server.py:33-34) puts the
        # package directory on sys.path and uses this module.
        "description": "PyPI label-studio 1.23.2 (label_studio.core.settings.label_studio, as `label-studio start` runs it)",
        "python": "3.11",
        "requirements": ["label-studio==1.23.2", "Django==5.2.19"],
        "source": {"kind": "wheel", "requirement": "label-studio==1.23.2", "members": ["label_studio/"], "sys_path": "label_studio"},
        "settings": "label_studio.core.settings.label_studio",
    },
    "graphite-web": {
        "description": "PyPI graphite-web 1.1.10 (sdist; graphite.settings without a local_settings), Django 3.0 on Python 3.8",
        "python": "3.8",
        # graphite-web's setup.cfg installs into /opt/graphite: only its
        # install_requires are installed; Django imports the sdist's webapp/.
        "requirements": ["Django==3.0.14", "django-tagging==0.4.3", "pytz==2026.6", "pyparsing==3.1.4", "cairocffi==1.7.1", "urllib3==2.2.3", "six==1.17.0"],
        "source": {"kind": "sdist", "requirement": "graphite-web==1.1.10", "members": ["graphite-web-1.1.10/"], "subdir": "graphite-web-1.1.10/webapp"},
        "settings": "graphite.settings",
        # graphite's logger opens $GRAPHITE_ROOT/storage/log/webapp/info.log at import.
        "mkdirs": ["graphite-web-1.1.10/storage/log/webapp"],
    },
    "docker-django-example": {
        "description": "shared/realworld/docker-django-example (nickjj), Django 6.0.5 on Python 3.13",
        "python": "3.13",
        "requirements": [
            "django==6.0.5",
            "celery==5.6.3",
            "django-debug-toolbar==6.3.0",
            "psycopg==3.3.4",
            "redis==7.4.0",
            "setuptools==82.0.1",
            "whitenoise==6.12.0",
        ],
        "source": {"kind": "realworld", "name": "docker-django-example", "subdir": "src"},
        "settings": "config.settings",
        "stubs": {
            "pages/__init__.py": "",
            "pages/apps.py": "from django.apps import AppConfig\n\n\nclass PagesConfig(AppConfig):\n    name = 'pages'\n",
            "pages/urls.py": "urlpatterns = []\n",
            "up/__init__.py": "",
            "up/urls.py": "urlpatterns = []\n",
        },
    },
    "django-on-docker": {
        "description": "shared/realworld/django-on-docker (testdriven.io), Django 4.2.3",
        "python": "3.11",
        "requirements": ["Django==4.2.3", "gunicorn==21.2.0", "psycopg2-binary==2.9.6"],
        "source": {"kind": "realworld", "name": "django-on-docker", "subdir": "app"},
        "settings": "hello_django.settings",
        "stubs": {
            "upload/__init__.py": "",
            "upload/views.py": "def image_upload(request):\n    pass\n",
        },
    },
    "shynet": {
        "description": "shared/realworld/shynet, Django 4.1.13 (versions from its poetry.lock)",
        "python": "3.11",
        "requirements": [
            "Django==4.1.13",
            "django-allauth==0.45.0",
            "celery==5.2.7",
            "django-cors-headers==3.13.0",
            "django-debug-toolbar==3.6.0",
            "django-health-check==3.17.0",
            "django-npm==1.0.0",
            "python-dotenv==0.18.0",
            "rules==3.3",
            "whitenoise==5.3.0",
            "psycopg2-binary==2.9.6",
        ],
        "build_constraints": ["setuptools<70"],
        "source": {"kind": "realworld", "name": "shynet", "subdir": "shynet"},
        "settings": "shynet.settings",
        "stubs": {
            "a17t/__init__.py": "",
            "core/__init__.py": "",
            # AUTH_USER_MODEL = "core.User": shynet's user model, reduced.
            "core/models.py": "from django.contrib.auth.models import AbstractUser\n\n\nclass User(AbstractUser):\n    pass\n",
            "core/urls.py": "urlpatterns = []\n",
            "dashboard/__init__.py": "",
            "dashboard/apps.py": "from django.apps import AppConfig\n\n\nclass DashboardConfig(AppConfig):\n    name = 'dashboard'\n",
            "dashboard/urls.py": "urlpatterns = []\n",
            "analytics/__init__.py": "",
            "analytics/ingress_urls.py": "urlpatterns = []\n",
            "api/__init__.py": "",
            "api/urls.py": "urlpatterns = []\n",
        },
    },
}

ID_RE = re.compile(r"\(([A-Za-z0-9_]+\.[A-Z]\d{3})\)")
UNDECIDED_RE = re.compile(r"^  ([a-z0-9_]+) \[(configured|unset)\]: (.*)$")


def log(msg):
    print(msg, flush=True)


def find_python(version):
    if version == "3.11" and shutil.which("python3.11"):
        return shutil.which("python3.11")
    bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True, check=True).stdout.split()
    full = [v for v in bare if v == version or v.startswith(version + ".")]
    if not full:
        raise RuntimeError(f"no Python {version} (pyenv versions: {' '.join(bare)})")
    env = dict(os.environ, PYENV_VERSION=full[-1])
    out = subprocess.run(["pyenv", "which", f"python{version}"], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip()


def pip_env():
    return dict(os.environ, PIP_CACHE_DIR=os.path.join(CACHE, "pip"), PIP_DISABLE_PIP_VERSION_CHECK="1")


def ensure_venv(name, spec, venvs):
    """Create or reuse <venvs>/parity-<name>; return (path, seconds spent installing or None)."""
    venv = os.path.join(venvs, f"parity-{name}")
    marker = os.path.join(venv, ".parity.json")
    wanted = {"python": spec["python"], "requirements": spec["requirements"], "build_constraints": spec.get("build_constraints", [])}
    if os.path.exists(marker):
        with open(marker) as fh:
            if json.load(fh) == wanted:
                return venv, None
    shutil.rmtree(venv, ignore_errors=True)
    start = time.monotonic()
    subprocess.run([find_python(spec["python"]), "-m", "venv", venv], check=True)
    env = pip_env()
    if spec.get("build_constraints"):
        # Old sdists that only build with an old setuptools: pip passes
        # PIP_CONSTRAINT on to the isolated build environments too.
        constraints = os.path.join(venv, ".parity-constraints.txt")
        with open(constraints, "w") as fh:
            fh.write("\n".join(spec["build_constraints"]) + "\n")
        env["PIP_CONSTRAINT"] = constraints
    # Every wheel the project needs (sdists built once) is kept in
    # .cache/parity/wheels/<name>: a warm cache installs without the network.
    pip_cmd = os.path.join(venv, "bin", "pip")
    wheels = os.path.join(CACHE, "wheels", name)
    offline = [pip_cmd, "install", "-q", "--no-index", "--find-links", wheels, *spec["requirements"]]
    pip = subprocess.run(offline, capture_output=True, text=True, env=env) if os.path.isdir(wheels) else None
    if pip is None or pip.returncode != 0:
        pip = subprocess.run([pip_cmd, "wheel", "-q", "-w", wheels, *spec["requirements"]], capture_output=True, text=True, env=env)
        if pip.returncode == 0:
            pip = subprocess.run(offline, capture_output=True, text=True, env=env)
    if pip.returncode != 0:
        raise RuntimeError(f"pip failed:\n{pip.stdout[-2000:]}{pip.stderr[-3000:]}")
    with open(marker, "w") as fh:
        json.dump(wanted, fh)
    freeze = subprocess.run([os.path.join(venv, "bin", "pip"), "freeze"], capture_output=True, text=True)
    with open(os.path.join(venv, ".parity-freeze.txt"), "w") as fh:
        fh.write(freeze.stdout)
    return venv, time.monotonic() - start


def download(requirement, venv, sdist=False):
    """The wheel (or sdist) of a pinned requirement, cached in .cache/parity/dist."""
    dist = os.path.join(CACHE, "dist")
    os.makedirs(dist, exist_ok=True)
    name, version = requirement.split("==")
    norm = re.sub(r"[-_.]+", "_", name).lower()
    suffix = ".tar.gz" if sdist else ".whl"

    def cached():
        for f in sorted(os.listdir(dist)):
            stem = f.removesuffix(suffix)
            if f.endswith(suffix) and re.sub(r"[-_.]+", "_", stem.rsplit("-", 1)[0] if sdist else stem.split("-")[0]).lower() == norm:
                if (stem.rsplit("-", 1)[1] if sdist else stem.split("-")[1]) == version:
                    return os.path.join(dist, f)
        return None

    if cached() is None:
        kind = ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
        subprocess.run(
            [os.path.join(venv, "bin", "pip"), "download", "--no-deps", "--no-build-isolation", *kind, "-q", "-d", dist, requirement],
            check=True, env=pip_env(), capture_output=True,
        )
    return cached()


TEXT_SUFFIXES = (".py", ".cfg", ".ini", ".toml", ".txt", ".env", ".yml", ".yaml", ".conf", ".service", ".sh")


def prepare_source(name, spec, venv):
    """Return the project directory (what golive audits, Django's CWD) and
    the directories Django's PYTHONPATH starts with."""
    work = os.path.join(WORK, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    source = spec["source"]
    if source["kind"] == "wheel":
        project = os.path.join(work, "src")
        archive = download(source["requirement"], venv)
        with zipfile.ZipFile(archive) as z:
            for m in z.namelist():
                base = m.rsplit("/", 1)[-1]
                if not any(m.startswith(p) for p in source["members"]) or "/tests/" in m:
                    continue
                if m.endswith(TEXT_SUFFIXES) or base.startswith("Dockerfile") or base == "Procfile":
                    z.extract(m, project)
        # Django imports the installed package (identical files), so that
        # its templates, static files and data are where it expects them.
        if source.get("sys_path"):
            purelib = subprocess.run(
                [os.path.join(venv, "bin", "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            return project, [os.path.join(purelib, source["sys_path"])]
        return project, []
    if source["kind"] == "sdist":
        archive = download(source["requirement"], venv, sdist=True)
        with tarfile.open(archive) as t:
            members = [m for m in t.getmembers() if m.isfile() and any(m.name.startswith(p) for p in source["members"]) and m.name.endswith(TEXT_SUFFIXES)]
            t.extractall(work, members=members, filter="data")
        for d in spec.get("mkdirs", []):
            os.makedirs(os.path.join(work, d), exist_ok=True)
        project = os.path.join(work, source["subdir"])
        return project, [project]
    if source["kind"] == "wagtail-start":
        subprocess.run([os.path.join(venv, "bin", "wagtail"), "start", source["project"]], cwd=work, check=True, capture_output=True)
        project = os.path.join(work, source["project"])
        return project, [project]
    if source["kind"] == "realworld":
        src = os.path.join(REALWORLD, source["name"])
        if not os.path.isdir(src):
            raise RuntimeError(f"the shared corpus has no {src} (set GOLIVE_REALWORLD)")
        copy = os.path.join(work, "repo")
        shutil.copytree(src, copy)
        project = os.path.join(copy, source.get("subdir", ""))
        stubs = os.path.join(work, "stubs")
        for rel, text in spec.get("stubs", {}).items():
            path = os.path.join(stubs, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
        return copy, [project, stubs] if spec.get("stubs") else [project]
    raise ValueError(source["kind"])


def read_env_file(path):
    """The python-dotenv subset the env files use: KEY=VALUE lines, comments,
    `export`, single or double quotes."""
    env = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            line = line.removeprefix("export ").strip()
            key, sep, value = line.partition("=")
            if not sep:
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            env[key.strip()] = value
    return env


DRIVER_NO_LOGGING = (
    "import sys, django.utils.log\n"
    "django.utils.log.configure_logging = lambda *a, **k: None\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line(['django-admin', *sys.argv[1:]])\n"
)


def run_django(name, spec, venv, pythonpath, env_file, run_dir):
    home = os.path.join(WORK, name, "home")
    os.makedirs(home, exist_ok=True)
    env = {
        "PATH": os.path.join(venv, "bin") + ":/usr/local/bin:/usr/bin:/bin",
        # A scratch home: some settings write there (label-studio's data dir).
        "HOME": home,
        "LANG": "C.UTF-8",
    }
    env.update(read_env_file(env_file))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    python = os.path.join(venv, "bin", "python")
    head = [python, "-c", DRIVER_NO_LOGGING] if spec.get("skip_logging") else [python, "-m", "django"]
    cmd = [*head, "check", "--deploy", "--settings", spec["settings"]]
    start = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=run_dir, timeout=600)
    elapsed = time.monotonic() - start
    text = out.stdout + out.stderr
    if "System check identified" not in text:
        raise RuntimeError(f"Django's check failed (exit {out.returncode}):\n{text[-3000:]}")
    return sorted(set(ID_RE.findall(text))), elapsed, text


def django_version(venv):
    out = subprocess.run([os.path.join(venv, "bin", "python"), "-c", "import django; print(django.get_version())"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def run_golive(golive, spec, project, env_file, version):
    base = [golive, "check", project, "--settings", spec["settings"], "--env-file", env_file, "--django-version", ".".join(version.split(".")[:2])]
    start = time.monotonic()
    js = subprocess.run([*base, "--format", "json"], capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - start
    if js.returncode not in (0, 1):
        raise RuntimeError(f"golive failed (exit {js.returncode}): {js.stderr.strip()[:2000]}")
    report = json.loads(js.stdout)
    ids = {}
    for f in report["findings"]:
        if f.get("django_id") and f.get("scenario", "configured") == "configured":
            ids.setdefault(f["django_id"], f"{f['path']}:{f['line']}")
    verbose = subprocess.run([*base, "--verbose", "--no-color"], capture_output=True, text=True, timeout=300)
    undecided = {}
    in_list = False
    for line in verbose.stdout.splitlines():
        if line.startswith("Checks that could not decide"):
            in_list = True
            continue
        m = UNDECIDED_RE.match(line) if in_list else None
        if m and m.group(2) == "configured" and m.group(1) in CHECK_IDS:
            undecided.setdefault(m.group(1), m.group(3))
    return ids, undecided, report, elapsed


def golive_universe(golive):
    out = subprocess.run([golive, "rules"], capture_output=True, text=True, check=True).stdout
    ids = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and re.fullmatch(r"[A-Za-z0-9_]+\.[A-Z]\d{3}", parts[3]):
            ids.add(parts[3])
    return ids


def compare(django_ids, golive_ids, undecided, universe):
    d = {i for i in django_ids if i in universe}
    g = set(golive_ids)
    undecided_ids = {i: name for name, idl in ((n, CHECK_IDS[n]) for n in undecided) for i in idl}
    res = {
        "agree": sorted(d & g),
        "django_only": sorted(i for i in d - g if i not in undecided_ids),
        "undecided_fired": sorted(i for i in d - g if i in undecided_ids),
        "golive_only": sorted(g - d),
        "undecided_silent": sorted(n for n in undecided if not any(i in d or i in g for i in CHECK_IDS[n])),
        "out_of_scope": sorted(i for i in django_ids if i not in universe),
    }
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--golive", default=os.path.join(ROOT, "target", "release", "golive"))
    ap.add_argument("--venvs", required=True)
    ap.add_argument("--only")
    args = ap.parse_args()
    golive = os.path.abspath(args.golive)
    venvs = os.path.abspath(args.venvs)
    os.makedirs(CACHE, exist_ok=True)
    os.makedirs(venvs, exist_ok=True)
    with open(EXPECTED) as fh:
        expected = json.load(fh)
    universe = golive_universe(golive)
    names = [n for n in PROJECTS if not args.only or n == args.only]
    if args.only and not names:
        sys.exit(f"unknown project {args.only}; known: {', '.join(PROJECTS)}")
    t0 = time.monotonic()
    rows = []
    failures = []
    for name in names:
        spec = PROJECTS[name]
        env_file = os.path.join(ENVS, f"{name}.env")
        log(f"\n== {name}: {spec['description']}")
        try:
            venv, install = ensure_venv(name, spec, venvs)
            version = django_version(venv)
            project, pythonpath = prepare_source(name, spec, venv)
            run_dir = project if project in pythonpath else os.path.join(WORK, name, "run")
            os.makedirs(run_dir, exist_ok=True)
            django_ids, t_django, django_out = run_django(name, spec, venv, pythonpath, env_file, run_dir)
            golive_ids, undecided, report, t_golive = run_golive(golive, spec, project, env_file, version)
        except Exception as e:  # noqa: BLE001 - report and go on with the next project
            log(f"FAIL {name}: {e}")
            failures.append(f"{name}: {str(e).splitlines()[0]}")
            rows.append((name, None))
            continue
        if report.get("settings_module") != spec["settings"]:
            failures.append(f"{name}: golive audited {report.get('settings_module')}, not {spec['settings']}")
        res = compare(django_ids, golive_ids, undecided, universe)
        why = expected.get(name, {})
        unexplained = []
        log(f"   Django {version} ({t_django:.1f} s), golive ({t_golive:.2f} s), settings {spec['settings']}, "
            f"venv {'reused' if install is None else f'installed in {install:.0f} s'}")
        log(f"   {'ID':<16} {'Django':<8} {'golive':<10} explanation")
        for cat, label in (("agree", "agree"), ("django_only", "Django-only"), ("golive_only", "golive-only"), ("undecided_fired", "undecided")):
            for i in res[cat]:
                dj = "yes" if cat in ("agree", "django_only", "undecided_fired") else "-"
                gl = {"agree": "yes", "django_only": "-", "golive_only": "yes", "undecided_fired": "undecided"}[cat]
                note = ""
                if cat != "agree":
                    note = why.get(i, "")
                    if not note:
                        unexplained.append(f"{label} {i}")
                        note = "UNEXPLAINED"
                    elif cat == "golive_only":
                        note += f" [{golive_ids[i]}]"
                log(f"   {i:<16} {dj:<8} {gl:<10} {label}{': ' + note if note else ''}")
        if res["undecided_silent"]:
            ids = ", ".join("/".join(CHECK_IDS[n]) for n in res["undecided_silent"])
            log(f"   undecided by golive, silent in Django (not a difference; reasons: golive check --verbose): {ids}")
        if res["out_of_scope"]:
            log(f"   not modelled by golive (not compared): {', '.join(res['out_of_scope'])}")
        differing = set(res["django_only"]) | set(res["golive_only"]) | set(res["undecided_fired"])
        stale = sorted(set(why) - differing)
        if stale:
            log(f"   note: explained in expected.json but no longer different: {', '.join(stale)}")
        if unexplained:
            failures.append(f"{name}: unexplained {', '.join(unexplained)}")
        rows.append((name, {
            "django": version, "agree": len(res["agree"]), "django_only": len(res["django_only"]),
            "golive_only": len(res["golive_only"]), "undecided": len(res["undecided_fired"]),
            "undecided_silent": len(res["undecided_silent"]), "install": install,
        }))
    wall = time.monotonic() - t0
    log("\nProject                 Django    agree  Django-only  golive-only  undecided (Django fired / silent)  install")
    tot = {"agree": 0, "django_only": 0, "golive_only": 0, "undecided": 0, "undecided_silent": 0}
    for name, r in rows:
        if r is None:
            log(f"{name:<23} FAILED")
            continue
        for k in tot:
            tot[k] += r[k]
        inst = "reused" if r["install"] is None else f"{r['install']:.0f} s"
        log(f"{name:<23} {r['django']:<9} {r['agree']:>5} {r['django_only']:>12} {r['golive_only']:>12} {r['undecided']:>11} / {r['undecided_silent']:<20} {inst}")
    log(f"{'total':<23} {'':<9} {tot['agree']:>5} {tot['django_only']:>12} {tot['golive_only']:>12} {tot['undecided']:>11} / {tot['undecided_silent']:<20}")
    log(f"wall time {wall:.0f} s")
    if failures:
        log("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    log("\nparity: every difference is explained")
    return 0


if __name__ == "__main__":
    sys.exit(main())
