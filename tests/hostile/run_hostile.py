"""golive on hostile repositories: every case is a project an attacker
controls, audited the way CI audits a pull request.

For every case and every command (`check` in text and JSON, `settings`,
`project`), golive must:
- exit 0, 1 or 2 (never a signal, never a panic);
- finish within the time bound, with a peak resident size under the
  memory bound (measured per process with wait4);
- print no byte of the files outside the project the case points at
  (they hold a marker), and no secret the case plants (another marker);
- not even ask the disk about them: under strace, no system call of
  `golive check` names a path in the outside directory (a path a project
  file names outside the project is the deployed machine's, and what this
  machine has there must not shape the audit; a symlink out is refused by
  the kernel as it is followed, without naming its target);
- and give the same `check --format json` and `settings --format json`
  output with the outside directory moved away (whether a file exists out
  there, asked through a symlink in the project, must not show);
- and, where the case says so, see what the file says (a pin behind a
  byte-order mark, a FIFO reported instead of waited on).

Usage: run_hostile.py --golive PATH [--only NAME]
"""

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TIME_BOUND = 10.0  # seconds per run; real runs take milliseconds
MEMORY_BOUND_KB = 512 * 1024  # peak resident size per run
# Outside the project: its content must never appear in output.
OUTSIDE_MARKER = "OUTSIDE-5d1c9e-NEVER-PRINTED"
# Planted secrets: must never appear in output either.
SECRET_MARKER = "S3CR3T-7f2a8b-NEVER-PRINTED"

MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n'
# The first lines of a settings module that builds paths from its location.
PATHLIB_BASE_DIR = "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
BASE = "INSTALLED_APPS = ['django.contrib.admin']\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n"


def write(root, rel, text, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)
    return path


def project(root, settings_tail="", settings=None):
    write(root, "manage.py", MANAGE)
    write(root, "mysite/__init__.py", "")
    write(root, "mysite/settings.py", settings if settings is not None else BASE + settings_tail)


def sparse(path, size):
    with open(path, "wb") as f:
        f.truncate(size)


# Each case: (name, builder(root, outside_dir), extra check(outputs) or None,
# extra CLI args).
def cases():
    out = []

    def case(name, args=(), expect=None):
        def deco(fn):
            out.append((name, fn, expect, list(args)))
            return fn

        return deco

    # --- reads outside the project -------------------------------------
    @case("settings-symlink-outside", expect=lambda o: "outside the project" in o["check"])
    def _(root, outside):
        write(root, "manage.py", MANAGE)
        write(root, "mysite/__init__.py", "")
        os.symlink(os.path.join(outside, "settings.py"), os.path.join(root, "mysite/settings.py"))

    @case("nginx-include-dotdot")
    def _(root, outside):
        project(root)
        rel = os.path.relpath(os.path.join(outside, "snippet.conf"), os.path.join(root, "nginx"))
        write(root, "nginx/site.conf", f"server {{ listen 80; server_name shop.example.com; include {rel}; location / {{ proxy_pass http://app:8000; }} }}\n")

    @case("nginx-include-symlink-dir")
    def _(root, outside):
        project(root)
        os.symlink(outside, os.path.join(root, "conf.d"))
        write(root, "nginx/nginx.conf", "events {}\nhttp { include ../conf.d/*.conf; server { listen 80; } }\n")

    @case("dotenv-values-absolute")
    def _(root, outside):
        project(root, f"from dotenv import dotenv_values\nV = dotenv_values({os.path.join(outside, 'outside.env')!r})\nSECRET_KEY = V.get('KEY', 'x' * 60)\n")

    @case("read-env-absolute")
    def _(root, outside):
        project(root, f"import environ\nenv = environ.Env()\nenviron.Env.read_env({os.path.join(outside, 'outside.env')!r})\nSECRET_KEY = env('KEY')\n")

    @case("load-dotenv-dotdot")
    def _(root, outside):
        rel = os.path.relpath(os.path.join(outside, "outside.env"), root)
        project(root, f"import os\nfrom dotenv import load_dotenv\nload_dotenv({rel!r})\nSECRET_KEY = os.environ['KEY']\n")

    @case("open-read-outside")
    def _(root, outside):
        project(root, f"SECRET_KEY = open({os.path.join(outside, 'outside.env')!r}).read()\n")

    @case("config-env-files-absolute", expect=lambda o: "outside the project" in o["check"])
    def _(root, outside):
        project(root)
        write(root, "golive.toml", f"env-files = [{os.path.join(outside, 'outside.env')!r}]\n".replace("'", '"'))

    @case("split-settings-include-outside")
    def _(root, outside):
        project(root, f"from split_settings.tools import include\ninclude({os.path.join(outside, 'settings.py')!r})\n")

    @case("star-import-symlinked-package")
    def _(root, outside):
        project(root, "from mysite.conf import *\n")
        os.symlink(outside, os.path.join(root, "mysite/conf"))

    # `src/` is a search root: one that leads out of the project is neither
    # listed nor looked in, so what lies outside is not even named (a
    # repository must not learn from the CI log which packages exist on
    # the runner).
    @case("src-symlink-outside", expect=lambda o: all("probe_target/__init__" not in out for out in o.values()))
    def _(root, outside):
        project(root, "from probe_target import VALUE\nSECRET_KEY = VALUE\n")
        write(outside, "probe_target/__init__.py", "VALUE = 'x'\n")
        os.symlink(outside, os.path.join(root, "src"))

    # Resolving symlinks and testing existence stop at the project's edge:
    # neither the runner's working directory nor which files exist outside
    # may show.
    @case("realpath-and-exists-outside", expect=lambda o: json.loads(o["settings"])["settings"]["CWD"].get("value") == "/proc/self/cwd" and "unknown" in json.loads(o["settings"])["settings"]["E"])
    def _(root, outside):
        project(root, "import os\nHERE = os.path.dirname(__file__)\nCWD = os.path.realpath('/proc/self/cwd')\nE = os.path.exists(os.path.join(HERE, '..', 'out', 'settings.py'))\n")
        os.symlink(outside, os.path.join(root, "out"))

    # A compose env_file that is a symlink out of the project is not read,
    # and said so (its variables are unknown), not silently dropped.
    @case("compose-env-file-symlink-outside", expect=lambda o: "cannot read .env.prod: is outside the project" in o["check"])
    def _(root, outside):
        project(root, "import os\nSECRET_KEY = os.environ.get('KEY', 'x' * 60)\n")
        write(root, "docker-compose.yml", "services:\n  web:\n    build: .\n    command: gunicorn mysite.wsgi\n    env_file: .env.prod\n")
        os.symlink(os.path.join(outside, "outside.env"), os.path.join(root, ".env.prod"))

    # --- hangs -------------------------------------------------------------
    for name in ["requirements.txt", "poetry.lock", "uv.lock", "Pipfile.lock", "pyproject.toml", ".env", "Dockerfile", "docker-compose.yml", "golive.toml", ".gitignore"]:

        @case(f"fifo-{name}")
        def _(root, outside, name=name):
            project(root, "import environ\nenviron.Env.read_env()\n")
            os.mkfifo(os.path.join(root, name))

    @case("fifo-requirements-include")
    def _(root, outside):
        project(root)
        write(root, "requirements.txt", "-r requirements/base.txt\n")
        os.makedirs(os.path.join(root, "requirements"))
        os.mkfifo(os.path.join(root, "requirements/base.txt"))

    @case("fifo-settings-module")
    def _(root, outside):
        write(root, "manage.py", MANAGE)
        write(root, "mysite/__init__.py", "")
        os.mkfifo(os.path.join(root, "mysite/settings.py"))

    @case("fifo-configured-env-file")
    def _(root, outside):
        project(root)
        write(root, "golive.toml", 'env-files = ["prod.env"]\n')
        os.mkfifo(os.path.join(root, "prod.env"))

    @case("dotenv-values-stdin")
    def _(root, outside):
        project(root, "from dotenv import dotenv_values\nV = dotenv_values('/dev/stdin')\nW = open('/dev/stdin').read()\n")

    # --- memory and time ---------------------------------------------------
    for name, code in [
        ("string-doubling", "S = 'ab'\nfor i in range(64):\n    S = S + S\n"),
        ("string-doubling-augmented", "S = 'ab'\nfor i in range(64):\n    S += S\n"),
        ("fstring-doubling", "S = 'ab'\nfor i in range(64):\n    S = f'{S}{S}'\n"),
        ("list-doubling", "L = [1]\nfor i in range(64):\n    L = L + L\n"),
        ("list-extend-doubling", "L = [1]\nfor i in range(64):\n    L.extend(L)\n"),
        ("replace-doubling", "S = 'ab'\nfor i in range(64):\n    S = S.replace('a', S)\n"),
        ("join-bomb", "X = ','.join(['a' * 10**6] * 10**6)\n"),
        ("zfill-bomb", "X = 'a'.zfill(10**11)\n"),
        ("center-bomb", "X = 'a'.center(10**11)\n"),
        ("ljust-bomb", "X = 'a'.ljust(10**11, 'x')\n"),
        ("format-width-bomb", "x = 1\nX = f'{x:>999999999999}'\nY = '{:>999999999999}'.format(1)\nZ = format(1, '>999999999999')\n"),
        ("format-precision-bomb", "X = f'{1.5:.999999999}'\n"),
        ("repeat-overflow", "X = 'a' * 2**62\nY = [1] * 2**62\n"),
        ("copies-in-a-loop", "S = 'a' * 10**6\nfor i in range(10**6):\n    T = S + 'b'\n"),
        ("dict-comprehension", "D = {i: i for i in range(10**6)}\n"),
        ("nested-sharing", "L = [1]\nfor i in range(80):\n    L = [L, L]\nX = str(L)\nY = L == L\n"),
        ("self-reference", "L = [1]\nL.append(L)\nD = {}\nD['d'] = D\nX = L == L\nY = str(D)\nZ = repr(L)\n"),
        ("deep-nesting", "L = []\nfor i in range(100000):\n    L = [L]\n"),
        ("int-edges", "X = -9223372036854775807 - 1\nA = X % -1\nB = X // -1\nC = abs(X)\nD = list(range(2**62, 2**63 - 1, 2**61))\nE = list(enumerate([1], 9223372036854775807))\nF = 10 ** 10 ** 10\nG = 1 << 10**10\n"),
        ("environ-path-parents", "import environ\nX = environ.Path('/a/b') - 10**15\n"),
        ("long-expression", "X = " + "+".join(["1"] * 100000) + "\n"),
        # Just under the size above which parsing moves to a stack of its
        # own: the deepest a file that small nests, on the main stack.
        ("unary-chain-under-8k", "X = " + "-" * 8000 + "1\n"),
        # A copy of a lambda's body recursed as deep as it nests; every
        # recovered syntax error was a note, a finding and a frame.
        ("lambda-chain", "X = " + "lambda: " * 20000 + "1\n"),
        ("syntax-error-bomb", "1 1\n" * 64000),
        ("await-chain", "X = " + "await " * 30000 + "1\n"),
        # A million prefix operators (1 MB) took a gigabyte to parse.
        ("unary-chain-1mb", "X = " + "-" * 1000000 + "1\n"),
        ("not-chain-1mb", "X = " + "not " * 250000 + "1\n"),
        ("not-chain-under-8k", "X = " + "not " * 2000 + "1\n"),
        # Small but nested deeper than CPython allows: refused by the
        # evaluator, and masked without a parse in code frames.
        ("deep-brackets-small-file", "X = " + "(" * 3000 + "1" + ")" * 3000 + "\n"),
    ]:

        @case(name)
        def _(root, outside, code=code):
            project(root, code)

    # Imports nested deeper than CPython follows (the evaluator ran out of
    # stack about 4,000 deep), as plain and as star imports; `project` also
    # classifies what the settings star-import, which it parses itself.
    for star in (False, True):

        @case("import-chain-4000" + ("-star" if star else ""))
        def _(root, outside, star=star):
            project(root, "from mysite.c0 import *\n")
            for n in range(4000):
                if n == 3999:
                    body = "SECRET_KEY = 'x' * 60\n"
                elif star:
                    body = f"from .c{n + 1} import *\n"
                else:
                    body = f"import mysite.c{n + 1}\n"
                write(root, f"mysite/c{n}.py", body)

    @case("env-expansion-bomb")
    def _(root, outside):
        project(root, "import os\nfrom dotenv import load_dotenv\nload_dotenv()\nSECRET_KEY = os.environ.get('A60', 'x' * 60)\n")
        write(root, ".env", "\n".join(["A0=xx"] + [f"A{i}=${{A{i - 1}}}${{A{i - 1}}}" for i in range(1, 61)]) + "\n")

    @case("gitignore-bomb")
    def _(root, outside):
        project(root)
        write(root, ".env", "DEBUG=1\n")
        write(root, ".gitignore", "\n".join(f"*{i}*/**/x{i}[a-z]?*" for i in range(60000)) + "\n")

    for name in ["pyproject.toml", "poetry.lock", "uv.lock", "requirements.txt", "mysite/settings.py", "Dockerfile", "nginx/nginx.conf"]:

        @case(f"huge-{name.replace('/', '-')}", expect=(lambda o: "too large" in o["check"]) if name == "mysite/settings.py" else None)
        def _(root, outside, name=name):
            project(root)
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            sparse(os.path.join(root, name), 2 * 1024**3)

    # --- secrets in every statement form ---------------------------------------
    @case("secrets-everywhere")
    def _(root, outside):
        m = SECRET_MARKER
        project(root, f"""import sentry_sdk
A, SECRET_KEY = 1, "{m}-unpack-0123456789abcdefghijklmnopqrstuvwxyz"
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = "mailer", "{m}-mailpw"
API_TOKEN = "{{}}".format("{m}-format")
PART = "{m}-fstring"
JWT_KEY = f"{{PART}}"
sentry_sdk.init("https://{m.replace('-', '')}0123@o1.ingest.sentry.io/1")
FIELD_ENCRYPTION_KEY = "{m}-field"
FERNET_KEYS = ["{m}-fernet"]
SENDGRID_KEY = "{m}-sendgrid"
SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/{m}-webhook"
DB_PWD = "{m}-dbpwd"
X = SIGNING = SECRET_KEY
CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://:{m}-redis@cache:6379/0"}}}}
N = int(EMAIL_HOST_PASSWORD)
if DB_PWD:
    raise ValueError(DB_PWD)
""")
        write(root, "docker-compose.yml", f"services:\n  web:\n    image: shop\n    command: gunicorn mysite.wsgi\n    environment:\n      API_TOKEN: >-\n        {m}-folded-one\n        {m}-folded-two\n      DATABASE_URL: postgres://shop:{m}-dburl@db/shop\n  worker:\n    image: shop\n    command: celery -A mysite worker\n    environment:\n      WORKER_TOKEN: >\n        {m}-worker-folded-one\n        {m}-worker-folded-two\n      WORKER_PASSWORD: {m} correct horse battery\n")
        write(root, "nginx/site.conf", f'server {{ listen 80; location / {{ proxy_pass http://app:8000; proxy_set_header Authorization "Basic {m}-basic"; }} }}\n')
        write(root, ".env", f"SECRET_KEY={m}-dotenv\nSTRIPE_API_KEY={m}-stripe\n")
        write(root, "deploy/shop.service", f"[Service]\nEnvironment=DJANGO_DB_PASSWORD={m}-unit\nExecStart=/srv/venv/bin/gunicorn mysite.wsgi\n")

    # A secret under a lower-case name is no setting, but a setting built
    # from it shows it.
    @case("secret-in-a-lower-case-name")
    def _(root, outside):
        project(root, f'api_token = "{SECRET_MARKER}-lower-case-name"\nLABEL = "token is %s" % api_token\ndef connect(password="{SECRET_MARKER}-default"):\n    return password\nVALUE = connect()\n')

    # A directory holding several projects, each with a gunicorn
    # configuration that passes the key on the command line: whichever
    # project golive picks, no configuration's value is shown.
    @case("several-projects-gunicorn-raw-env")
    def _(root, outside):
        for name in ("shop", "blog", "api"):
            write(root, f"{name}/manage.py", MANAGE.replace("mysite", name))
            write(root, f"{name}/{name}/__init__.py", "")
            write(root, f"{name}/{name}/settings.py", BASE + "import os\nSECRET_KEY = os.environ['SECRET_KEY']\n")
            write(root, f"{name}/gunicorn.conf.py", f'bind = "0.0.0.0:8000"\nworkers = "x"\nraw_env = ["SECRET_KEY={SECRET_MARKER}-{name}-raw-env", "DJANGO_SETTINGS_MODULE={name}.settings"]\nwsgi_app = "{name}.wsgi"\n')
            write(root, f"{name}/Procfile", f"web: gunicorn -c gunicorn.conf.py {name}.wsgi --env DB_PASSWORD={SECRET_MARKER}-{name}-flag\n")

    # Escape sequences in what a repository writes (a directory name, an
    # nginx server_name) never reach the terminal raw.
    @case("escape-sequences-in-names-and-values", expect=lambda o: all("\x1b" not in out for out in o.values()))
    def _(root, outside):
        project(root, "DEBUG = False\n")
        write(root, "deploy\x1b[2J\nerror[FAKE001]: x/Dockerfile", "FROM python:3.12\nCMD gunicorn mysite.wsgi\n")
        write(root, "nginx/site.conf", 'server {\n  listen 80;\n  server_name "a\x1b[31mRED.example.com";\n  location / { proxy_pass http://127.0.0.1:8000; }\n}\n')

    # Asked through a symlink in the project: the existence of what lies
    # out there must not change the audit (compared with the outside
    # directory moved away).
    @case("log-directory-through-symlink-outside")
    def _(root, outside):
        project(root, PATHLIB_BASE_DIR + "LOGGING = {'version': 1, 'handlers': {'file': {'class': 'logging.FileHandler', 'filename': str(BASE_DIR) + '/probe/logs/django.log'}}}\n")
        os.symlink(os.path.join(outside, "logs-parent"), os.path.join(root, "probe"))

    @case("open-read-through-symlink-outside")
    def _(root, outside):
        project(root, PATHLIB_BASE_DIR + "SECRET_KEY = open(BASE_DIR / 'link' / 'secret.txt').read()\n")
        os.symlink(os.path.join(outside, "deeper"), os.path.join(root, "link"))

    @case("resolve-missing-dotdot-symlink-outside")
    def _(root, outside):
        project(root, PATHLIB_BASE_DIR + "STATIC_ROOT = (BASE_DIR / 'missing' / '..' / 'link' / 'secret.txt').resolve()\nMEDIA_ROOT = str(STATIC_ROOT)\n")
        os.symlink(os.path.join(outside, "deeper"), os.path.join(root, "link"))

    # A thousand large `*settings*.py` files (hard links to one: a small
    # repository) must not be held in memory all at once.
    @case("many-large-settings-files")
    def _(root, outside):
        project(root)
        first = write(root, "conf/settings/settings_0.py", ("# " + "x" * 98 + "\n") * 5000)
        for i in range(1, 1100):
            os.link(first, os.path.join(root, f"conf/settings/settings_{i}.py"))

    # --- byte-order marks ----------------------------------------------------
    @case("bom-everywhere", expect=lambda o: "Django==3.2.1" in o["check"] and "runserver" in o["project"])
    def _(root, outside):
        project(root, settings="\ufeff" + BASE + "SECRET_KEY = 'x' * 60\n")
        write(root, "requirements.txt", "\ufeffDjango==3.2.1\n")
        write(root, "Dockerfile", "\ufeffFROM python:3.12\nCMD python manage.py runserver 0.0.0.0:8000\n")
        write(root, "Procfile", "\ufeffweb: gunicorn mysite.wsgi\n")
        write(root, "deploy/shop.service", "\ufeff[Service]\nExecStart=/srv/venv/bin/gunicorn mysite.wsgi\n")

    @case("binary-and-invalid-utf8")
    def _(root, outside):
        project(root, "X = '\udcff'\n".encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        write(root, "Dockerfile", b"FROM python\x00\xff\xfe\n", "wb")
        write(root, "docker-compose.yml", b"services:\n  web:\n    image: \xff\xfe\n", "wb")

    return out


def prepare_outside(outside):
    write(outside, "settings.py", f"SECRET_KEY = '{OUTSIDE_MARKER}'\nINSTALLED_APPS = []\nX = (\n")
    write(outside, "outside.env", f"KEY={OUTSIDE_MARKER}\n")
    write(outside, "snippet.conf", f"add_header X-Leak {OUTSIDE_MARKER};\n")
    write(outside, "leak.conf", f"server {{ listen 81; server_name {OUTSIDE_MARKER}; }}\n")
    write(outside, "deeper/secret.txt", f"{OUTSIDE_MARKER}\n")
    write(outside, "logs-parent/logs/.keep", "")


def run(golive, args, cwd):
    start = time.monotonic()
    proc = subprocess.Popen([golive] + args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIME_BOUND * 3)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, "", "", time.monotonic() - start, 0
    elapsed = time.monotonic() - start
    # Peak resident size of that one child (wait4 already happened inside
    # communicate; RUSAGE_CHILDREN is the maximum over all children so far,
    # so the harness measures each run in a fresh helper process instead).
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), elapsed, 0


def run_measured(golive, args, cwd):
    """Runs golive in a forked helper so that RUSAGE_CHILDREN of the helper
    is that one run's peak resident size."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code, out, err, elapsed, _ = run(golive, args, cwd)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        import json

        with os.fdopen(w, "w") as f:
            json.dump({"code": code, "out": out, "err": err, "elapsed": elapsed, "peak": peak}, f)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    os.waitpid(pid, 0)
    import json

    d = json.loads(data)
    return d["code"], d["out"], d["err"], d["elapsed"], d["peak"]


def outside_syscalls(golive, args, cwd, outside):
    """The system calls of one run that name a path in `outside` (strace's
    file class: open, stat, readlink, access…), as problems. strace must
    be there and must have traced golive (a sandbox that forbids ptrace
    would otherwise pass every case unchecked)."""
    if not shutil.which("strace"):
        return ["strace is not installed (scripts/test.sh installs it): the system calls were not checked"]
    with tempfile.NamedTemporaryFile(prefix="golive-strace-", suffix=".txt") as log:
        try:
            proc = subprocess.run(
                ["strace", "-f", "-qq", "-s", "4096", "-e", "trace=%file", "-o", log.name, golive] + args,
                cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                timeout=TIME_BOUND * 6,
            )
        except subprocess.TimeoutExpired:
            return [f"check under strace did not finish within {TIME_BOUND * 6:.0f} s"]
        calls = [line.split(None, 1)[-1].strip() for line in open(log.name, errors="replace")]
    if proc.returncode not in (0, 1, 2) or not any(c.startswith("execve(") and golive in c for c in calls):
        return [f"strace did not trace golive (exit {proc.returncode}): {proc.stderr.decode(errors='replace').strip()[-200:]}"]
    # A symlink's target that `readlink` returns is what the link says,
    # not a path asked of the disk: only the path argument counts.
    def asked(call):
        if call.startswith(("readlink(", "readlinkat(")):
            return call.split('", ', 1)[0]
        return call

    named = [c for c in calls if outside in asked(c) and not c.startswith("execve(")]
    return [f"check: asked the disk about a path outside the project: {c[:160]}" for c in named[:3]]


def outside_shows(golive, extra, cwd, outside, outputs):
    """Runs `check` and `settings` (JSON) with the outside directory moved
    away: the output must not change (what exists out there must not show
    in the audit). Cases that name an outside file on the command line are
    left out: there the user asked for it."""
    if any(outside in a for a in extra):
        return []
    hidden = outside + ".moved-away"
    os.rename(outside, hidden)
    try:
        problems = []
        for label, args in [("json", ["check", ".", "--format", "json"]), ("settings", ["settings", ".", "--format", "json"])]:
            code, out, err, _, _ = run(golive, args + extra, cwd)
            if code is None:
                problems.append(f"{label}: did not finish with the directory outside the project moved away")
            elif out + err != outputs[label]:
                problems.append(f"{label}: the output changes when the directory outside the project is moved away")
        return problems
    finally:
        os.rename(hidden, outside)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--only")
    a = ap.parse_args()
    golive = os.path.abspath(a.golive)
    failures = []
    worst_time, worst_peak = (0.0, ""), (0, "")
    n = 0
    with tempfile.TemporaryDirectory(prefix="golive-hostile-") as tmp:
        outside = os.path.join(tmp, "outside")
        prepare_outside(outside)
        for name, build, expect, extra in cases():
            if a.only and a.only not in name:
                continue
            root = os.path.join(tmp, "cases", name)
            os.makedirs(root)
            build(root, outside)
            outputs = {}
            problems = []
            for label, args in [
                ("check", ["check", ".", "--no-color"]),
                ("json", ["check", ".", "--format", "json"]),
                ("settings", ["settings", ".", "--format", "json"]),
                ("project", ["project", ".", "--format", "json"]),
            ]:
                code, out, err, elapsed, peak = run_measured(golive, args + extra, root)
                n += 1
                text = out + err
                outputs[label] = text
                if elapsed > worst_time[0]:
                    worst_time = (elapsed, f"{name} {label}")
                if peak > worst_peak[0]:
                    worst_peak = (peak, f"{name} {label}")
                if code is None:
                    problems.append(f"{label}: did not finish within {TIME_BOUND * 3:.0f} s")
                    continue
                if code not in (0, 1, 2):
                    problems.append(f"{label}: exit {code}: {err.strip()[-300:]}")
                if elapsed > TIME_BOUND:
                    problems.append(f"{label}: took {elapsed:.1f} s")
                if peak > MEMORY_BOUND_KB:
                    problems.append(f"{label}: peak resident size {peak // 1024} MB")
                for bad in ["panicked", "stack overflow", "fatal runtime error", "RUST_BACKTRACE"]:
                    if bad in text:
                        problems.append(f"{label}: `{bad}` in the output")
                if OUTSIDE_MARKER in text:
                    problems.append(f"{label}: printed the content of a file outside the project")
                if SECRET_MARKER in text:
                    problems.append(f"{label}: printed a planted secret")
            problems += outside_syscalls(golive, ["check", "."] + extra, root, outside)
            problems += outside_shows(golive, extra, root, outside, outputs)
            if expect is not None and not problems and not expect(outputs):
                problems.append("the output does not say what the case expects")
            if problems:
                failures.append(name)
                print(f"FAIL {name}")
                for p in problems:
                    print(f"  {p}")
            else:
                print(f"ok   {name}")
            shutil.rmtree(root, ignore_errors=True)
    print(f"{n} runs; slowest {worst_time[0]:.2f} s ({worst_time[1]}); largest peak resident size {worst_peak[0] // 1024} MB ({worst_peak[1]})")
    if failures:
        print(f"{len(failures)} case(s) failed: {', '.join(failures)}")
        sys.exit(1)

    print("every hostile case: bounded, no panic, nothing from outside the project, no planted secret")


if __name__ == "__main__":
    main()
