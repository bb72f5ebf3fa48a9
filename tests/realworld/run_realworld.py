"""golive on the settings of real open-source Django applications.

Downloads pinned releases from PyPI at test time (nothing of them is
committed), lays each out as a project, and runs `golive check` and
`golive settings`. Every package must evaluate without a crash, every
unknown value must carry a reason, and the findings must match the snapshot
in snapshots/<name>.json (reviewed by hand; see README "Precision").

Usage: run_realworld.py --golive PATH --venvs DIR [--update]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.path.join(ROOT, ".cache", "realworld")

# name: (requirement, venv whose pip downloads it, archive member prefix to
# extract, settings module or None to let golive discover it, project
# subdirectory)
PACKAGES = {
    "wagtail-project-template": ("wagtail==7.2.1", "django52", "wagtail/project_template/", None, ""),
    "weblate-docker": ("weblate==2026.10.1", "django61", "weblate/", "weblate.settings_docker", ""),
    "mayan-edms": ("mayan-edms==4.12.2", "django52", "mayan/", "mayan.settings.production", ""),
    "misago-devproject": ("misago==0.39.6", "django52", "", "devproject.settings", ""),
    "pretix": ("pretix==2026.8.0", "django52", "pretix/", "pretix.settings", ""),
    "mailman-web": ("mailman-web==0.0.9", "django52", "mailman_web/", "mailman_web.settings.base", ""),
    "label-studio": ("label-studio==1.23.2", "django52", "label_studio/", "label_studio.core.settings.label_studio", ""),
    "graphite-web": ("graphite-web==1.1.10", "django52", "graphite-web-1.1.10/webapp/", "graphite.settings", "graphite-web-1.1.10/webapp"),
    "archivebox": ("archivebox==0.8.5rc51", "django61", "archivebox/", "archivebox.core.settings", ""),
}


def download(req, venv, venvs):
    os.makedirs(CACHE, exist_ok=True)
    name, version = req.split("==")
    for f in os.listdir(CACHE):
        norm = f.lower().replace("_", "-")
        if norm.startswith(f"{name.lower()}-{version}"):
            return os.path.join(CACHE, f)
    pip = os.path.join(venvs, venv, "bin", "pip")
    subprocess.run([pip, "download", "--no-deps", "--no-binary", ":none:", "-q", "-d", CACHE, req], check=True)
    return download(req, venv, venvs)


def extract(archive, prefix, dest):
    if archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            for m in z.namelist():
                name = m.rsplit("/", 1)[-1]
                infra = name.startswith("Dockerfile") or name == "Procfile" or m.endswith((".yml", ".yaml", ".conf", ".service", ".sh"))
                if m.startswith(prefix) and (m.endswith((".py", ".py-tpl", ".txt", ".cfg", ".toml", ".ini", ".env")) or infra) and "/tests/" not in m:
                    z.extract(m, dest)
    else:
        with tarfile.open(archive) as t:
            members = [m for m in t.getmembers() if m.name.startswith(prefix) and m.isfile() and m.name.endswith((".py", ".txt", ".cfg"))]
            t.extractall(dest, members=members, filter="data")


def render_wagtail_template(dest):
    """What `wagtail start mysite` does: rename and fill the placeholders."""
    src = os.path.join(dest, "wagtail", "project_template")
    out = os.path.join(dest, "mysite_project")
    for dirpath, _, files in os.walk(src):
        rel = os.path.relpath(dirpath, src).replace("project_name", "mysite")
        for f in files:
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            text = text.replace("{{ project_name }}", "mysite").replace("{{ secret_key }}", "django-insecure-" + "x7" * 25)
            text = re.sub(r"\{\{ *docs_version *\}\}", "dev", text)
            text = re.sub(r"\{\{[^}]*\}\}", "", text)
            text = re.sub(r"\{%[^%]*%\}", "", text)
            target_dir = os.path.join(out, rel)
            os.makedirs(target_dir, exist_ok=True)
            with open(os.path.join(target_dir, f.removesuffix("-tpl")), "w", encoding="utf-8") as fh:
                fh.write(text)
    return out


def has_empty_unknown(j):
    if isinstance(j, dict):
        if "unknown" in j and not j["unknown"]:
            return True
        return any(has_empty_unknown(v) for v in j.values())
    if isinstance(j, list):
        return any(has_empty_unknown(v) for v in j)
    return False


def count_unknown(settings):
    return sum(1 for s in settings.values() if "unknown" in s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--venvs", required=True)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    work = os.path.join(ROOT, "target", "realworld")
    shutil.rmtree(work, ignore_errors=True)
    passed = failed = 0
    for name, (req, venv, prefix, module, subdir) in PACKAGES.items():
        dest = os.path.join(work, name)
        archive = download(req, venv, a.venvs)
        extract(archive, prefix, dest)
        project = render_wagtail_template(dest) if name == "wagtail-project-template" else os.path.join(dest, subdir)
        settings_args = ["--settings", module] if module else []
        problems = []
        check = subprocess.run([a.golive, "check", project, "--format", "json"] + settings_args, capture_output=True, text=True)
        settings = subprocess.run([a.golive, "settings", project, "--format", "json"] + settings_args, capture_output=True, text=True)
        if check.returncode not in (0, 1) or settings.returncode != 0:
            problems.append(f"golive failed: check exit {check.returncode}, settings exit {settings.returncode}: {check.stderr.strip()[:300]} {settings.stderr.strip()[:300]}")
        else:
            report = json.loads(check.stdout)
            values = json.loads(settings.stdout)
            if has_empty_unknown(values):
                problems.append("an unknown value has no reason")
            snapshot = {
                "package": req,
                "settings_module": report["settings_module"],
                "django_version": report["django_version"],
                "unknown_settings": count_unknown(values["settings"]),
                "findings": [f"{f['code']} {f['path']}:{f['line']} [{f['scenario']}] {f['message']}" for f in report["findings"]],
            }
            path = os.path.join(HERE, "snapshots", f"{name}.json")
            if a.update or not os.path.exists(path):
                with open(path, "w") as fh:
                    json.dump(snapshot, fh, indent=2)
                    fh.write("\n")
                if not a.update:
                    problems.append(f"no snapshot yet; wrote {path} — review it and commit")
            else:
                expected = json.load(open(path))
                if expected != snapshot:
                    exp, got = set(expected["findings"]), set(snapshot["findings"])
                    problems.append("snapshot differs:\n" + "\n".join([f"  - {x}" for x in sorted(exp - got)] + [f"  + {x}" for x in sorted(got - exp)]) + (f"\n  unknown {expected['unknown_settings']} -> {snapshot['unknown_settings']}" if expected["unknown_settings"] != snapshot["unknown_settings"] else "") + (f"\n  module {expected['settings_module']} -> {snapshot['settings_module']}" if expected["settings_module"] != snapshot["settings_module"] else ""))
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "\n".join(problems))
        else:
            passed += 1
            print(f"ok   {name}: {len(snapshot['findings'])} findings, {snapshot['unknown_settings']} unknown settings")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
