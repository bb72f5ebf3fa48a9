"""Runs the real Django and CPython over generated cases: the oracle side.

Run with the Python of a venv that has Django (and the settings libraries)
installed. For every case directory it forks a child that sets exactly the
case's environment, runs `django-admin check --deploy`, and records the check
IDs reported plus every UPPERCASE attribute of the settings module as JSON,
masked and normalised the way golive prints values. A second child imports
the module with an empty environment (golive's *unset* scenario).

Usage: python django_runner.py OUT.json CASE_DIR...
"""

import io
import json
import os
import pathlib
import re
import sys
import traceback

import django
from django.core.management import ManagementUtility

ID_RE = re.compile(r"\(([\w.]+\.[EWIC]\d{3}|\w+\.[EWIC]\d{3})\)")

SECRET_MARKERS = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "DSN", "CREDENTIAL", "AUTH_KEY", "SIGNING_KEY"]
NOT_SECRET = ["HASHER", "VALIDATOR", "TIMEOUT", "RESET", "_AGE", "_NAME", "HEADER", "_CLASS", "BACKEND", "EXPIR", "_URL_NAME", "_LENGTH", "_FIELD"]


def is_secret_name(name):
    up = name.upper()
    if up in ("SECRET_KEY", "SECRET_KEY_FALLBACKS"):
        return True
    return any(m in up for m in SECRET_MARKERS) and not any(n in up for n in NOT_SECRET)


def mask_secret(s):
    n = len(s)
    prefix = s[:2] if n >= 8 else ""
    return f"'{prefix}\u2026' ({n} chars)"


def masked(s):
    return {"secret": (s[:2] if len(s) >= 8 else "") + "\u2026", "length": len(s)}


URL_RE = re.compile(r"^([^:/]+)://([^@/]*)@(.*)$", re.S)


def mask_url(s):
    i = s.find("://")
    if i < 0:
        return None
    rest = s[i + 3:]
    at = rest.find("@")
    if at < 0 or "/" in rest[:at]:
        return None
    userinfo = rest[:at]
    if ":" not in userinfo:
        return None
    user, password = userinfo.split(":", 1)
    if not password:
        return None
    return f"{s[:i]}://{user}:{mask_secret(password)}@{rest[at + 1:]}"


def float_repr(f):
    return repr(f)


def to_json(v, secret=False):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return {"float": repr(v)}
        return v
    if isinstance(v, str):
        if secret and v:
            return masked(v)
        m = mask_url(v)
        return m if m is not None else v
    if isinstance(v, (pathlib.PurePath, os.PathLike)):
        # golive prints a path as its text: pathlib's and django-environ's
        # Path (a PathLike, not a PurePath) alike.
        return os.fspath(v)
    if isinstance(v, bytes):
        return {"bytes": v.decode("utf-8", "replace")}
    if isinstance(v, (list, tuple)):
        return [to_json(x, secret) for x in v]
    if isinstance(v, (set, frozenset)):
        items = [to_json(x, secret) for x in v]
        return sorted(items, key=lambda j: json.dumps(j, separators=(",", ":"), ensure_ascii=False))
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if isinstance(k, str):
                key = k
            elif isinstance(k, bool):
                key = "true" if k else "false"
            elif k is None:
                key = "null"
            elif isinstance(k, (int, float)):
                key = str(k) if isinstance(k, int) else repr(k)
            else:
                key = repr(k)
            out[key] = to_json(x, secret or is_secret_name(key))
        return out
    return {"object": type(v).__name__}


def module_values(module):
    out = {}
    for name in dir(module):
        if not name.isupper() or name.startswith("_"):
            continue
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            continue
        value = getattr(module, name)
        secret = is_secret_name(name)
        if secret and isinstance(value, str) and value:
            out[name] = {"secret": masked(value)["secret"], "length": len(value)}
        else:
            out[name] = {"value": to_json(value, secret)}
    return out


def run_child(case_dir, env, mode, write_fd):
    result = {}
    try:
        os.chdir(case_dir)
        sys.path.insert(0, case_dir)
        os.environ.clear()
        os.environ.update(env)
        case = json.load(open(os.path.join(case_dir, "case.json")))
        module_name = case["module"]
        os.environ["DJANGO_SETTINGS_MODULE"] = module_name
        import importlib

        # Snapshot the module's values before Django touches them (Django
        # fills in DATABASES defaults in place when it sets up connections).
        try:
            module = importlib.import_module(module_name)
            result["values"] = module_values(module)
        except BaseException as e:  # noqa: BLE001 — record any import failure
            result["import_error"] = f"{type(e).__name__}: {e}"
        if mode == "check":
            out, err = io.StringIO(), io.StringIO()
            sys.stdout, sys.stderr = out, err
            try:
                ManagementUtility(["django-admin", "check", "--deploy"]).execute()
                result["exit"] = 0
            except SystemExit as e:
                result["exit"] = e.code if isinstance(e.code, int) else 1
            except Exception as e:  # Django crashed (ImproperlyConfigured, ...)
                result["crash"] = f"{type(e).__name__}: {e}"
            finally:
                sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            text = out.getvalue() + err.getvalue()
            result["ids"] = sorted(ID_RE.findall(text))
            result["output"] = text[-4000:]
    except BaseException:  # noqa: BLE001
        result["runner_error"] = traceback.format_exc()
    os.write(write_fd, json.dumps(result).encode())
    os._exit(0)


def run(case_dir, env, mode):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        run_child(case_dir, env, mode, w)
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 1 << 16)
        if not b:
            break
        chunks.append(b)
    os.close(r)
    os.waitpid(pid, 0)
    try:
        return json.loads(b"".join(chunks) or b"{}")
    except json.JSONDecodeError:
        return {"runner_error": "no result"}


def main():
    out_path, case_dirs = sys.argv[1], sys.argv[2:]
    # Import what the children need once, before forking.
    import importlib

    for warm in [
        "django.core.checks", "django.core.management.commands.check", "django.db.models", "django.forms", "django.template",
        "django.template.backends.django", "django.urls", "django.http", "django.contrib.auth.checks", "django.contrib.staticfiles.checks",
        "django.contrib.sessions.middleware", "django.middleware.security", "django.middleware.csrf", "django.middleware.common",
        "django.middleware.clickjacking", "django.contrib.auth.middleware", "django.contrib.messages.middleware",
        "django.db.backends.sqlite3.base", "django.db.backends.postgresql.base", "django.contrib.contenttypes.checks",
        "django.core.cache.backends.filebased", "django.core.cache.backends.locmem", "environ", "decouple", "dotenv", "dj_database_url",
    ]:
        try:
            importlib.import_module(warm)
        except Exception:  # noqa: BLE001 — warming is best effort
            pass

    results = {"django": django.get_version(), "python": sys.version.split()[0], "cases": {}}
    for case_dir in case_dirs:
        case = json.load(open(os.path.join(case_dir, "case.json")))
        entry = {"configured": run(case_dir, case["env"], "check")}
        entry["unset"] = run(case_dir, {}, "import")
        results["cases"][os.path.basename(case_dir)] = entry
    with open(out_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main()
