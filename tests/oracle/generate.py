"""Generates Django projects with varied settings modules for the oracle tests.

Every case is a small project: a package with a settings module (single
file, or a `settings/` package with base and production modules) written in
one of the styles real projects use (literals, os.environ, python-decouple,
django-environ, dj-database-url, .env files, conditionals, mutations, split
settings), plus the environment it runs with. The same cases are evaluated by
the real Django (`check --deploy`) and CPython, and by golive.

Usage: generate.py OUT_DIR [--count N] [--seed S]
"""

import argparse
import json
import os
import random
import string

GOOD_KEY_CHARS = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"


def good_key(rng, n=60):
    return "".join(rng.choice(GOOD_KEY_CHARS) for _ in range(n))


def pyrepr(v):
    return repr(v)


class Case:
    def __init__(self, rng, index):
        self.rng = rng
        self.index = index
        self.env = {}
        self.env_file = {}  # written to .env, loaded by the settings
        self.loader = None  # which library reads the environment
        self.lines = []  # settings lines (production module)
        self.base_lines = []  # base module lines when split
        self.imports = set()
        self.split = rng.random() < 0.35
        self.package_settings = rng.random() < 0.5 if self.split else False
        self.var_counter = 0

    def var(self, stem):
        self.var_counter += 1
        return f"GL_{stem}_{self.var_counter}"

    # -- ways of reading a value from the environment ---------------------
    def env_value(self, name, kind, value, default):
        """Returns an expression reading `name` from the environment with a
        default, in a random style, and decides whether the environment sets it.
        `kind` is one of bool, int, str, list."""
        rng = self.rng
        var = self.var(name)
        set_it = rng.random() < 0.6
        raw = None
        if set_it:
            raw = self.raw_for(kind, value)
            target = self.env_file if (self.loader in ("environ_file", "dotenv_file", "decouple") and rng.random() < 0.5) else self.env
            target[var] = raw
        style = rng.choice(self.styles_for(kind))
        return style(var, default), var

    def raw_for(self, kind, value):
        rng = self.rng
        if kind == "bool":
            if value:
                return rng.choice(["True", "true", "1", "yes", "on"])
            return rng.choice(["False", "false", "0", "no", "off", ""])
        if kind == "int":
            return str(value)
        if kind == "list":
            return ",".join(value)
        return str(value)

    def styles_for(self, kind):
        L = self.loader
        out = []
        if kind == "bool":
            out += [
                lambda v, d: f"os.environ.get({v!r}, {str(d)!r}) == 'True'",
                lambda v, d: f"os.environ.get({v!r}, {str(d)!r}).lower() in ('true', '1', 'yes', 'on')",
                lambda v, d: f"os.getenv({v!r}, {'1' if d else '0'!r}).lower() in ('1', 'true', 'yes', 'on')",
                lambda v, d: f"bool(int(os.environ.get({v!r}, {'1' if d else '0'!r}) or '0')) if os.environ.get({v!r}, '0').isdigit() else os.environ.get({v!r}, '').lower() == 'true'",
                lambda v, d: f"os.environ.get({v!r}, {str(d)!r})",  # uncast: a str
            ]
            if L in ("environ", "environ_file"):
                out += [lambda v, d: f"env.bool({v!r}, default={d!r})", lambda v, d: f"env({v!r}, cast=bool, default={d!r})"]
            if L == "decouple":
                out += [lambda v, d: f"config({v!r}, default={d!r}, cast=bool)", lambda v, d: f"config({v!r}, default={str(d)!r}, cast=bool)"]
        elif kind == "int":
            out += [lambda v, d: f"int(os.environ.get({v!r}, {str(d)!r}))", lambda v, d: f"int(os.getenv({v!r}) or {d!r})", lambda v, d: f"os.environ.get({v!r}, {d!r})"]
            if L in ("environ", "environ_file"):
                out += [lambda v, d: f"env.int({v!r}, default={d!r})"]
            if L == "decouple":
                out += [lambda v, d: f"config({v!r}, default={d!r}, cast=int)"]
        elif kind == "list":
            out += [
                lambda v, d: f"os.environ.get({v!r}, {','.join(d)!r}).split(',')",
                lambda v, d: f"[h.strip() for h in os.environ.get({v!r}, {','.join(d)!r}).split(',') if h.strip()]",
            ]
            if L in ("environ", "environ_file"):
                out += [lambda v, d: f"env.list({v!r}, default={d!r})"]
            if L == "decouple":
                out += [lambda v, d: f"config({v!r}, default={','.join(d)!r}, cast=Csv())"]
        else:
            out += [lambda v, d: f"os.environ.get({v!r}, {d!r})", lambda v, d: f"os.getenv({v!r}, {d!r})"]
            if L in ("environ", "environ_file"):
                out += [lambda v, d: f"env.str({v!r}, default={d!r})", lambda v, d: f"env({v!r}, default={d!r})"]
            if L == "decouple":
                out += [lambda v, d: f"config({v!r}, default={d!r})"]
        return out

    def assign(self, name, expr, annotated=False):
        if annotated and self.rng.random() < 0.3:
            self.lines.append(f"{name}: object = {expr}")
        else:
            self.lines.append(f"{name} = {expr}")

    def maybe_env(self, name, kind, value, default_prob=0.45):
        """Assigns a setting, either as a literal or read from the environment."""
        rng = self.rng
        if rng.random() < default_prob and kind in ("bool", "int", "str", "list"):
            default = value if rng.random() < 0.5 else self.alt(kind, value)
            expr, _ = self.env_value(name, kind, value, default)
            self.assign(name, expr, annotated=True)
        else:
            self.assign(name, pyrepr(value), annotated=True)

    def alt(self, kind, value):
        rng = self.rng
        if kind == "bool":
            return not value
        if kind == "int":
            return rng.choice([0, 3600, 31536000])
        if kind == "list":
            return rng.choice([[], [""], ["*"], ["example.com"]])
        return value


def build(rng, index, version_keys):
    c = Case(rng, index)
    c.loader = rng.choice(["os", "os", "environ", "environ_file", "decouple", "dotenv_file"])
    L = c.lines
    # DEBUG
    c.maybe_env("DEBUG", "bool", rng.random() < 0.4)
    # SECRET_KEY
    key_kind = rng.choice(["good", "good", "insecure", "short", "repetitive", "empty", "env_required", "env_default_bad", "none"])
    if key_kind == "good":
        c.assign("SECRET_KEY", repr(good_key(rng)))
    elif key_kind == "insecure":
        c.assign("SECRET_KEY", repr("django-insecure-" + good_key(rng, 50)))
    elif key_kind == "short":
        c.assign("SECRET_KEY", repr(good_key(rng, rng.randint(10, 49))))
    elif key_kind == "repetitive":
        c.assign("SECRET_KEY", repr("abcd" * 20))
    elif key_kind == "empty":
        c.assign("SECRET_KEY", "''")
    elif key_kind == "none":
        c.assign("SECRET_KEY", "None")
    elif key_kind == "env_required":
        var = c.var("SECRET_KEY")
        c.env[var] = good_key(rng)
        c.assign("SECRET_KEY", f"os.environ[{var!r}]")
    else:
        var = c.var("SECRET_KEY")
        if rng.random() < 0.5:
            c.env[var] = good_key(rng)
        c.assign("SECRET_KEY", f"os.environ.get({var!r}, {('django-insecure-' + good_key(rng, 50))!r})")
    # ALLOWED_HOSTS
    hosts = rng.choice([[], ["*"], ["example.com"], ["example.com", "www.example.com"], [".example.com"], [""]])
    c.maybe_env("ALLOWED_HOSTS", "list", hosts)
    # INSTALLED_APPS and MIDDLEWARE
    apps = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles"]
    if rng.random() < 0.1:
        apps.remove("django.contrib.sessions")
    elif rng.random() < 0.08:
        apps[apps.index("django.contrib.sessions")] = "django.contrib.sessions.apps.SessionsConfig"
    mw = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    removed = []
    for optional in ["django.middleware.security.SecurityMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware", "django.middleware.csrf.CsrfViewMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]:
        if rng.random() < 0.1:
            mw.remove(optional)
            removed.append(optional)
    if rng.random() < 0.05:
        mw[0:0] = ["myproj.middleware.SecurityMiddleware"] if "django.middleware.security.SecurityMiddleware" not in mw else []
    mw_style = rng.choice(["list", "tuple", "append", "insert", "plus", "remove"])
    target = c.base_lines if c.split else L
    target.append(f"INSTALLED_APPS = {apps!r}")
    if mw_style == "tuple":
        target.append(f"MIDDLEWARE = {tuple(mw)!r}")
    elif mw_style == "append" and mw:
        target.append(f"MIDDLEWARE = {mw[:-1]!r}")
        L.append(f"MIDDLEWARE.append({mw[-1]!r})")
    elif mw_style == "insert" and mw:
        target.append(f"MIDDLEWARE = {mw[1:]!r}")
        L.append(f"MIDDLEWARE.insert(0, {mw[0]!r})")
    elif mw_style == "plus" and len(mw) > 2:
        target.append(f"MIDDLEWARE = {mw[:2]!r}")
        L.append(f"MIDDLEWARE += {mw[2:]!r}")
    elif mw_style == "remove":
        extra = "django.middleware.gzip.GZipMiddleware"
        target.append(f"MIDDLEWARE = {([extra] + mw)!r}")
        L.append(f"MIDDLEWARE.remove({extra!r})")
    else:
        target.append(f"MIDDLEWARE = {mw!r}")
    target.append("TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': {'context_processors': ['django.template.context_processors.request', 'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}}]")
    target.append("DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}")
    target.append("STATIC_URL = 'static/'")
    # HSTS
    hsts = rng.choice([None, 0, 3600, 31536000, "0", -1, "skip", "skip"])
    if hsts != "skip":
        if isinstance(hsts, int) and hsts >= 0 and rng.random() < 0.4:
            c.maybe_env("SECURE_HSTS_SECONDS", "int", hsts, default_prob=1.0)
        else:
            c.assign("SECURE_HSTS_SECONDS", pyrepr(hsts))
    for name in ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]:
        r = rng.random()
        if r < 0.35:
            c.maybe_env(name, "bool", rng.random() < 0.6)
        elif r < 0.45:
            c.assign(name, rng.choice(['"True"', "1", "'yes'"]))
        elif r < 0.7:
            c.assign(name, "True")
    if rng.random() < 0.12:
        c.assign("SESSION_COOKIE_HTTPONLY", rng.choice(["False", "True", "1"]))
    if rng.random() < 0.1:
        c.assign("CSRF_USE_SESSIONS", rng.choice(["True", "False"]))
    if rng.random() < 0.12:
        c.assign("SECURE_CONTENT_TYPE_NOSNIFF", rng.choice(["False", "True", "'True'"]))
    if rng.random() < 0.2:
        c.maybe_env("X_FRAME_OPTIONS", "str", rng.choice(["DENY", "SAMEORIGIN", "deny", "DENY "]))
    if rng.random() < 0.2:
        c.assign("SECURE_REFERRER_POLICY", pyrepr(rng.choice([None, "same-origin", "strict-origin, origin", "no-referrer,", "No-Referrer", ["same-origin", "bogus"], [], ("same-origin",), ""])))
    if rng.random() < 0.12:
        c.assign("SECURE_CROSS_ORIGIN_OPENER_POLICY", pyrepr(rng.choice([None, "same-origin", "unsafe-none", "", "same-origin-allow-popups "])))
    if rng.random() < 0.15:
        fallbacks = rng.choice([[good_key(rng)], ["short"], [good_key(rng), "django-insecure-" + good_key(rng, 50)], []])
        c.assign("SECRET_KEY_FALLBACKS", pyrepr(fallbacks))
    if rng.random() < 0.1:
        c.assign("CSRF_TRUSTED_ORIGINS", pyrepr(rng.choice([["https://example.com"], ["example.com"], ["https://a.example.com", "b.example.com"]])))
    if rng.random() < 0.06:
        c.assign("STATIC_URL", pyrepr(rng.choice(["/static", "static/", "https://cdn.example.com/static/"])))
    if rng.random() < 0.08:
        c.assign("STATIC_ROOT", "BASE_DIR / 'staticfiles'")
        loc = rng.choice(["BASE_DIR / 'staticfiles' / 'cache'", "BASE_DIR / 'staticfiles'", "'/var/tmp/django_cache'", "'relative_cache'"])
        c.assign("CACHES", "{'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': %s}}" % loc)
    if rng.random() < 0.05:
        c.assign("CACHES", "{'other': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}")
    if rng.random() < 0.08:
        c.assign("SECURE_CSP", pyrepr(rng.choice([{"default-src": ["'self'"]}, "default-src 'self'", None, {}])))
    if rng.random() < 0.15:
        c.assign("MAILERS", pyrepr(rng.choice([
            {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}},
            {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}},
            {},
            {"other": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}},
        ])))
    if rng.random() < 0.04:
        c.env["DJANGO_ALLOW_ASYNC_UNSAFE"] = rng.choice(["true", ""])
    # Control flow and structure the evaluator must follow.
    if rng.random() < 0.25:
        var = c.var("STAGE")
        if rng.random() < 0.6:
            c.env[var] = rng.choice(["production", "staging"])
        L.append(f"if os.environ.get({var!r}, 'development') == 'production':")
        L.append("    SECURE_SSL_REDIRECT = True")
        L.append("    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True")
        L.append("elif os.environ.get(%r) == 'staging':" % var)
        L.append("    SECURE_HSTS_SECONDS = 60")
        L.append("else:")
        L.append("    DEBUG = True")
    if rng.random() < 0.2:
        L.append("try:")
        L.append("    from .local_settings import *  # noqa")
        L.append("except ImportError:")
        L.append("    pass")
    if rng.random() < 0.15:
        L.append("_hosts_extra = [h for h in ['api.example.com', ''] if h]")
        L.append("ALLOWED_HOSTS = list(ALLOWED_HOSTS) + _hosts_extra if isinstance(ALLOWED_HOSTS, (list, tuple)) else ALLOWED_HOSTS")
    if rng.random() < 0.1:
        L.append("def _flag(name, default=False):")
        L.append("    value = os.environ.get(name)")
        L.append("    if value is None:")
        L.append("        return default")
        L.append("    return value.strip().lower() in {'1', 'true', 'yes'}")
        var = c.var("FLAG")
        if rng.random() < 0.5:
            c.env[var] = rng.choice(["yes", "no", "TRUE"])
        L.append(f"SECURE_SSL_REDIRECT = _flag({var!r}, default={rng.random() < 0.5})")
    if rng.random() < 0.08:
        L.append("SECURE_HSTS_SECONDS, SECURE_HSTS_PRELOAD = 31536000, True")
    if rng.random() < 0.05:
        L.append("del SECURE_REFERRER_POLICY" if any(l.startswith("SECURE_REFERRER_POLICY") for l in L) else "pass")
    if rng.random() < 0.1 and c.loader in ("environ", "environ_file"):
        url_var = c.var("DATABASE_URL")
        c.env[url_var] = rng.choice(["postgres://shop:s3cr3t-pass-word@db.internal:5432/shop?sslmode=require", "sqlite:////tmp/db.sqlite3", "postgres://u:p@localhost/app?conn_max_age=60"])
        L.append(f"DATABASES = {{'default': env.db({url_var!r})}}")
    elif rng.random() < 0.1:
        url_var = c.var("DATABASE_URL")
        if rng.random() < 0.7:
            c.env[url_var] = rng.choice(["postgres://shop:s3cr3t-pass-word@db.internal:5432/shop", "postgresql://db.internal/shop?connect_timeout=5", "postgres://u:p%40ss@localhost:6432/app?sslmode=verify-full"])
        c.imports.add("import dj_database_url")
        L.append(f"DATABASES = {{'default': dj_database_url.config(env={url_var!r}, default='sqlite:///' + str(BASE_DIR / 'db.sqlite3'), conn_max_age=600)}}")
    # More statement and expression shapes.
    if rng.random() < 0.12:
        L.append("MIDDLEWARE = list(MIDDLEWARE)")
        L.append("MIDDLEWARE += ['django.middleware.csp.ContentSecurityPolicyMiddleware']")
        L.append("from django.utils.csp import CSP")
        L.append("SECURE_CSP = {'default-src': [CSP.SELF], 'script-src': [CSP.SELF, CSP.NONCE] if %r else [CSP.SELF]}" % (rng.random() < 0.7))
        if rng.random() < 0.4:
            L.append("TEMPLATES[0]['OPTIONS']['context_processors'].append('django.template.context_processors.csp')")
    if rng.random() < 0.15:
        L.append("DATABASES['default'].setdefault('CONN_MAX_AGE', 60)")
        L.append("DATABASES['default']['OPTIONS'] = {'timeout': 20}")
        L.append("DATABASES['default'].update({'ATOMIC_REQUESTS': True})")
    if rng.random() < 0.1:
        L.append("INSTALLED_APPS.extend(['django.contrib.humanize'])" if "INSTALLED_APPS = [" in "\n".join(c.base_lines + L) else "pass")
    if rng.random() < 0.1:
        var = c.var("REGION")
        if rng.random() < 0.6:
            c.env[var] = rng.choice(["eu", "us-east-1"])
        L.append(f"_region = os.environ.get({var!r}, 'local')")
        L.append("EMAIL_SUBJECT_PREFIX = f'[{_region.upper()}] ' if _region != 'local' else '[dev] '")
        L.append("SERVER_EMAIL = 'ops+%s@example.com' % _region")
        L.append("DEFAULT_FROM_EMAIL = 'noreply+{}@{}'.format(_region, 'example.com')")
    if rng.random() < 0.1:
        L.append("X_FRAME_OPTIONS = XFO = 'DENY'")
        L.append("SECURE_HSTS_SECONDS: int = 3600 * 24")
    if rng.random() < 0.1:
        L.append("CSRF_TRUSTED_ORIGINS = [f'https://{h.lstrip(\".\")}' for h in ALLOWED_HOSTS if h and h != '*']")
    if rng.random() < 0.08 and c.loader in ("environ", "environ_file"):
        var = c.var("SCHEMED")
        if rng.random() < 0.5:
            c.env[var] = rng.choice(["on", "off", "0"])
        L.append(f"_env2 = environ.Env({var}=(bool, True))")
        L.append(f"SECURE_SSL_REDIRECT = _env2({var!r})")
    if rng.random() < 0.06:
        L.append("import sys")
        L.append("if 'test' in sys.argv:")
        L.append("    PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']")
    if rng.random() < 0.08:
        L.append("LOGGING = {'version': 1, 'handlers': {'console': {'class': 'logging.StreamHandler'}}, 'root': {'handlers': ['console'], 'level': 'INFO'}}")
        L.append("LOGGING['root']['level'] = 'DEBUG' if DEBUG else 'WARNING'")
    if rng.random() < 0.05:
        L.append("SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')")
        L.append("USE_X_FORWARDED_HOST, USE_X_FORWARDED_PORT = True, False")
    return c


HEADER_BY_LOADER = {
    "os": ["import os"],
    "environ": ["import os", "import environ", "env = environ.Env()"],
    "environ_file": ["import os", "import environ", "env = environ.Env()", "environ.Env.read_env(BASE_DIR / '.env')"],
    "decouple": ["import os", "from decouple import config, Csv"],
    "dotenv_file": ["import os", "from dotenv import load_dotenv", "load_dotenv(BASE_DIR / '.env')"],
}


def write_case(out_dir, c):
    case_dir = os.path.join(out_dir, f"case_{c.index:03d}")
    pkg = os.path.join(case_dir, "proj")
    os.makedirs(pkg)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    depth = ".parent.parent.parent" if c.split else ".parent.parent"
    header = ["from pathlib import Path", f"BASE_DIR = Path(__file__).resolve(){depth}"]
    # The loader header must come after BASE_DIR (it may read BASE_DIR / '.env').
    loader_lines = HEADER_BY_LOADER[c.loader]
    imports = sorted(c.imports)
    if c.split:
        settings_dir = os.path.join(pkg, "settings")
        os.makedirs(settings_dir)
        with open(os.path.join(settings_dir, "__init__.py"), "w") as f:
            f.write("")
        with open(os.path.join(settings_dir, "base.py"), "w") as f:
            f.write("\n".join(header + ["import os"] + c.base_lines) + "\n")
        with open(os.path.join(settings_dir, "production.py"), "w") as f:
            body = ["from .base import *  # noqa"] + imports + loader_lines + c.lines
            # In a package, BASE_DIR comes from base.py.
            f.write("\n".join(body) + "\n")
        module = "proj.settings.production"
    else:
        with open(os.path.join(pkg, "settings.py"), "w") as f:
            f.write("\n".join(header + imports + loader_lines + c.base_lines + c.lines) + "\n")
        module = "proj.settings"
    if c.env_file or c.loader in ("environ_file", "dotenv_file"):
        with open(os.path.join(case_dir, ".env"), "w") as f:
            for k, v in c.env_file.items():
                f.write(f"{k}={v}\n")
    if c.loader == "decouple" and c.env_file:
        pass
    with open(os.path.join(case_dir, "manage.py"), "w") as f:
        f.write(f"import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', {module!r})\n")
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump({"module": module, "env": c.env, "has_env_file": bool(c.env_file) or c.loader in ("environ_file", "dotenv_file", "decouple")}, f)
    return case_dir


# Hand-written cases, beside the generated ones: constructs whose CPython
# semantics golive must reproduce exactly. Each value is assigned inside
# `try`, so that what CPython refuses is compared as the name of the
# exception rather than stopping the module.
FIXED_HEADER = [
    "import environ",
    "from pathlib import Path",
    "from django.core.exceptions import ImproperlyConfigured",
    "BASE_DIR = Path(__file__).resolve().parent.parent",
    "SECRET_KEY = 'k3J#9x!vQ2@pL8z%R5m^T1w&Y7c*N4b(H6d)F0g-S_e=U+aZrW8tE2yU6iO'",
    "DEBUG = False",
    "ALLOWED_HOSTS = ['example.com']",
    "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions', 'django.contrib.messages', 'django.contrib.staticfiles']",
    "MIDDLEWARE = ['django.middleware.security.SecurityMiddleware', 'django.contrib.sessions.middleware.SessionMiddleware', 'django.middleware.common.CommonMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware', 'django.contrib.messages.middleware.MessageMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware']",
    "TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': {'context_processors': ['django.template.context_processors.request', 'django.contrib.auth.context_processors.auth', 'django.contrib.messages.context_processors.messages']}}]",
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}",
    "STATIC_URL = 'static/'",
    "SECURE_HSTS_SECONDS = 31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
    "SECURE_HSTS_PRELOAD = True",
    "SECURE_SSL_REDIRECT = True",
    "SESSION_COOKIE_SECURE = True",
    "CSRF_COOKIE_SECURE = True",
]

# pathlib.Path and django-environ's environ.Path: different objects with
# different operators (name, expression).
FIXED_PATHS = [
    ("PATHLIB_MINUS_INT", "Path('/x') - 1"),
    ("PATHLIB_PLUS_STR", "Path('/x') + 'y'"),
    ("PATHLIB_CALL", "Path('/x')('y')"),
    ("PATHLIB_DIV_STR", "Path('/a') / 'b'"),
    ("PATHLIB_RDIV_STR", "'/a' / Path('b')"),
    ("PATHLIB_DIV_ENVIRON", "Path('/a') / environ.Path('/b')"),
    ("PATHLIB_PARENT", "Path('/a/b').parent"),
    ("PATHLIB_STR", "str(Path('/a/b'))"),
    ("PATHLIB_REPR", "repr(Path('/a/b'))"),
    ("PATHLIB_EQ_STR", "Path('/a') == '/a'"),
    ("ENVIRON_MINUS_INT", "environ.Path('/a/b/c') - 1"),
    ("ENVIRON_MINUS_INT_STR", "str(environ.Path('/a/b/c') - 1)"),
    ("ENVIRON_MINUS_MANY", "str(environ.Path('/a/b/c') - 5)"),
    ("ENVIRON_MINUS_ZERO", "str(environ.Path('/a/b/c') - 0)"),
    ("ENVIRON_MINUS_SUFFIX", "str(environ.Path('/a/b/cc') - 'c')"),
    ("ENVIRON_MINUS_OTHER_STR", "environ.Path('/a/b') - 'x'"),
    ("ENVIRON_MINUS_FLOAT", "environ.Path('/a/b') - 1.5"),
    ("ENVIRON_PLUS_STR", "str(environ.Path('/a') + 'x')"),
    ("ENVIRON_PLUS_ABSOLUTE", "str(environ.Path('/a') + '/x')"),
    ("ENVIRON_PLUS_INT", "environ.Path('/a') + 1"),
    ("ENVIRON_RPLUS_STR", "'x' + environ.Path('/a')"),
    ("ENVIRON_CALL", "environ.Path('/a')('b')"),
    ("ENVIRON_CALL_MANY", "environ.Path('/a')('b', 'c/../d')"),
    ("ENVIRON_SUBPATH", "str(environ.Path('/a').path('b', 'c'))"),
    ("ENVIRON_ROOT", "environ.Path('/a/b').root"),
    ("ENVIRON_INVERT", "str(~environ.Path('/a/b'))"),
    ("ENVIRON_STR", "str(environ.Path('/a/b'))"),
    ("ENVIRON_REPR", "repr(environ.Path('/a/b'))"),
    ("ENVIRON_FSTRING", "f'{environ.Path(\"/a\")}'"),
    ("ENVIRON_PERCENT_R", "'%r' % (environ.Path('/a'),)"),
    ("ENVIRON_ARGS", "str(environ.Path('/a', 'b', 'c'))"),
    ("ENVIRON_IS_FILE", "str(environ.Path('/a/b/settings.py', is_file=True))"),
    ("ENVIRON_REQUIRED_MISSING", "environ.Path('/nonexistent-golive-oracle', required=True)"),
    ("ENVIRON_EQ_STR", "environ.Path('/a') == '/a'"),
    ("ENVIRON_EQ_PATHLIB", "environ.Path('/a') == Path('/a')"),
    ("ENVIRON_INDEX", "environ.Path('/ab')[1]"),
    ("ENVIRON_SLICE", "environ.Path('/ab')[:2]"),
    ("ENVIRON_DIV", "environ.Path('/a') / 'b'"),
    ("ENVIRON_PARENT", "environ.Path('/a/b').parent"),
    ("ENVIRON_IS_PATHLIB", "isinstance(environ.Path('/a'), Path)"),
    ("ENVIRON_FROM_FILE", "environ.Path(__file__) - 2"),
    ("ENVIRON_FROM_FILE_CALL", "(environ.Path(__file__) - 2)('static')"),
]


def write_fixed_cases(out_dir):
    case_dir = os.path.join(out_dir, "fixed_paths")
    pkg = os.path.join(case_dir, "proj")
    os.makedirs(pkg)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    lines = list(FIXED_HEADER)
    for name, expr in FIXED_PATHS:
        lines += ["try:", f"    {name} = {expr}"]
        for exc in ("TypeError", "AttributeError", "ImproperlyConfigured"):
            lines += [f"except {exc}:", f"    {name} = {exc!r}"]
    with open(os.path.join(pkg, "settings.py"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(case_dir, "manage.py"), "w") as f:
        f.write("import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n")
    with open(os.path.join(case_dir, "case.json"), "w") as f:
        json.dump({"module": "proj.settings", "env": {}, "has_env_file": False}, f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=240)
    p.add_argument("--seed", type=int, default=20261126)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        c = build(rng, i, None)
        write_case(a.out, c)
    write_fixed_cases(a.out)
    print(f"generated {a.count} cases and the fixed ones in {a.out}")


if __name__ == "__main__":
    main()
