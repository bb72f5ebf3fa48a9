"""golive on real Django projects nobody here wrote, judged finding by finding.

Three sources, none of them committed here:
- the trimmed real projects in ../shared/realworld/ (settings and
  deployment files of open-source Django projects, each with its source and
  license), read in place (golive never writes);
- the project templates among them, rendered the way their tool would
  (cookiecutter, django-admin startproject --template) into target/;
- Django applications and project templates downloaded from PyPI at test
  time (cached under .cache/realworld/).

For every project, tests/realworld/verdicts/<name>.json keeps the settings
module a careful human would audit and a reviewed verdict (true/false, one
line why) for every error and warning golive reports; info findings are
listed too. The run fails on a wrong settings module, a new unreviewed
error or warning, a finding reviewed as false, a lost true finding, a
crash, or an unknown value without a reason. It prints precision per layer.

Usage: run_realworld.py --golive PATH --venvs DIR [--corpus DIR] [--update] [--only NAME]
  --update rewrites the verdict files with the current findings: verdicts
  of findings still reported are kept, new ones are marked "unreviewed".
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
VERDICTS = os.path.join(HERE, "verdicts")

# name: (requirement, venv whose pip downloads it, archive member prefix to
# extract, project subdirectory)
PACKAGES = {
    "wagtail-project-template": ("wagtail==7.2.1", "django52", "wagtail/project_template/", ""),
    "weblate": ("weblate==2026.10.1", "django61", "weblate/", ""),
    "mayan-edms": ("mayan-edms==4.12.2", "django52", "mayan/", ""),
    "misago": ("misago==0.39.6", "django52", "", ""),
    "pretix": ("pretix==2026.8.0", "django52", "pretix/", ""),
    "mailman-web": ("mailman-web==0.0.9", "django52", "mailman_web/", ""),
    "label-studio": ("label-studio==1.23.2", "django52", "label_studio/", ""),
    "graphite-web": ("graphite-web==1.1.10", "django52", "graphite-web-1.1.10/webapp/", "graphite-web-1.1.10/webapp"),
    "archivebox": ("archivebox==0.8.5rc51", "django61", "archivebox/", ""),
}

# Project templates of the shared corpus, rendered as their tool would:
# directory name -> (placeholder values, directory renames).
TEMPLATES = {
    "cookiecutter-django-rest": (
        {"github_repository_name": "myproject", "app_name": "myapp", "project_name": "myproject", "email": "admin@example.com", "project_domain": "example.com"},
        {},
    ),
    "wemake-django-template": (
        {"project_name": "myproject", "project_verbose_name": "My Project", "project_domain": "example.com", "organization": "myorg"},
        {},
    ),
    "django-react-boilerplate": ({"project_name": "myproject"}, {"project_name": "myproject"}),
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


def render_template(src, dest, values, renames):
    """Cookiecutter / startproject --template rendering: fill `{{ x }}`,
    `{{ cookiecutter.x }}` in names and contents, rename directories. The
    corpus templates use plain substitutions only."""

    def fill(text):
        def sub(m):
            key = m.group(1).strip().removeprefix("cookiecutter.")
            return values.get(key, key)

        return re.sub(r"\{\{\s*([A-Za-z_.]+)\s*\}\}", sub, text)

    shutil.rmtree(dest, ignore_errors=True)
    # A cookiecutter template's single `{{cookiecutter.x}}` directory is the project.
    tops = [d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)) and "{{" in d]
    base = os.path.join(src, tops[0]) if len(tops) == 1 else src
    for dirpath, _, files in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        parts = [renames.get(p, fill(p)) for p in rel.split(os.sep) if p != "."]
        target_dir = os.path.join(dest, *parts)
        os.makedirs(target_dir, exist_ok=True)
        for f in files:
            if f in ("SOURCE.txt", "LICENSE", "LICENSE.md", "LICENSE.txt"):
                continue
            data = open(os.path.join(dirpath, f), "rb").read()
            try:
                data = fill(data.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                pass
            with open(os.path.join(target_dir, fill(f)), "wb") as fh:
                fh.write(data)
    return dest


def has_empty_unknown(j):
    if isinstance(j, dict):
        if "unknown" in j and not j["unknown"]:
            return True
        return any(has_empty_unknown(v) for v in j.values())
    if isinstance(j, list):
        return any(has_empty_unknown(v) for v in j)
    return False


def finding_key(f):
    return f"{f['code']} {f['path']}:{f['line']} [{f['scenario']}] {f['message']}"


LAYERS = [("DJS0", "Django's checks"), ("DJS1", "settings (golive)"), ("NGX", "nginx"), ("SRV", "app server"), ("DKR", "containers"), ("REP", "repository"), ("XDP", "cross-layer"), ("GLV", "golive's input")]


def layer_of(code):
    for prefix, name in LAYERS:
        if code.startswith(prefix):
            return name
    return "other"


def projects(args):
    """(name, directory, description) of every project to audit."""
    out = []
    corpus = args.corpus
    if not os.path.isdir(corpus):
        sys.exit(f"the shared corpus of real projects is not at {corpus} (set --corpus or GOLIVE_REALWORLD)")
    work = os.path.join(ROOT, "target", "realworld")
    os.makedirs(work, exist_ok=True)
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        if not os.path.isdir(path):
            continue
        source = open(os.path.join(path, "SOURCE.txt")).readline().split(":", 1)[-1].strip() if os.path.exists(os.path.join(path, "SOURCE.txt")) else name
        out.append((name, path, f"shared/realworld/{name} ({source})"))
        if name in TEMPLATES:
            values, renames = TEMPLATES[name]
            rendered = render_template(path, os.path.join(work, name + "-rendered"), values, renames)
            out.append((name + "-rendered", rendered, f"shared/realworld/{name} rendered ({source})"))
    for name, (req, venv, prefix, subdir) in PACKAGES.items():
        dest = os.path.join(work, "pypi", name)
        shutil.rmtree(dest, ignore_errors=True)
        archive = download(req, venv, args.venvs)
        extract(archive, prefix, dest)
        project = render_wagtail_template(dest) if name == "wagtail-project-template" else os.path.join(dest, subdir)
        out.append((name, project, f"PyPI {req}"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--venvs", required=True)
    ap.add_argument("--corpus", default=os.environ.get("GOLIVE_REALWORLD", os.path.join(ROOT, "..", "shared", "realworld")))
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--only")
    args = ap.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    os.makedirs(VERDICTS, exist_ok=True)
    failed = []
    totals = {}
    module_ok = module_total = 0
    for name, path, description in projects(args):
        if args.only and name != args.only:
            continue
        problems = []
        check = subprocess.run([args.golive, "check", path, "--format", "json"], capture_output=True, text=True, timeout=120)
        verdict_path = os.path.join(VERDICTS, f"{name}.json")
        old = json.load(open(verdict_path)) if os.path.exists(verdict_path) else None
        if check.returncode not in (0, 1, 2) or (check.returncode == 2 and not check.stderr.startswith("golive: error:")):
            problems.append(f"golive failed: exit {check.returncode}: {check.stderr.strip()[:400]}")
            failed.append((name, problems))
            print(f"FAIL {name}: " + "\n".join(problems))
            continue
        if check.returncode == 2:
            current = {"exit": 2, "message": check.stderr.strip().removeprefix("golive: error: ").replace(path, "<project>"), "settings_module": None, "findings": []}
        else:
            report = json.loads(check.stdout)
            settings = subprocess.run([args.golive, "settings", path, "--format", "json"], capture_output=True, text=True, timeout=120)
            if settings.returncode == 0 and has_empty_unknown(json.loads(settings.stdout)):
                problems.append("an unknown value has no reason")
            current = {
                "exit": check.returncode,
                "settings_module": report["settings_module"],
                "findings": [{"finding": finding_key(f), "severity": f["severity"]} for f in report["findings"]],
            }
        expected_module = (old or {}).get("settings_module", {})
        verdicts = {f["finding"]: f for f in (old or {}).get("findings", [])}
        if args.update:
            doc = {
                "project": name,
                "source": description,
                "settings_module": {
                    "expected": expected_module.get("expected", current["settings_module"]),
                    "why": expected_module.get("why", "unreviewed"),
                },
                "exit": current["exit"],
            }
            if "message" in current:
                doc["message"] = current["message"]
            findings = []
            for f in current["findings"]:
                prev = verdicts.get(f["finding"], {})
                entry = {"finding": f["finding"], "severity": f["severity"]}
                entry["verdict"] = prev.get("verdict", "unreviewed" if f["severity"] != "info" else None)
                if prev.get("why"):
                    entry["why"] = prev["why"]
                findings.append(entry)
            reported = {f["finding"] for f in current["findings"]}
            for key, v in verdicts.items():
                if key not in reported and v.get("verdict") == "true":
                    findings.append(dict(v, lost=True))
            doc["findings"] = findings
            with open(verdict_path, "w") as fh:
                json.dump(doc, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
            verdicts = {f["finding"]: f for f in findings}
            expected_module = doc["settings_module"]
        if old is None and not args.update:
            problems.append(f"no verdicts yet: run with --update, then review {verdict_path}")
        module_total += 1
        if expected_module.get("expected") != current["settings_module"]:
            problems.append(f"settings module {current['settings_module']} audited, but a careful human audits {expected_module.get('expected')} ({expected_module.get('why')})")
        else:
            module_ok += 1
        reported = set()
        for f in current["findings"]:
            key = f["finding"]
            reported.add(key)
            v = verdicts.get(key, {}).get("verdict")
            if f["severity"] in ("error", "warning"):
                layer = layer_of(key.split(" ", 1)[0])
                t = totals.setdefault(layer, {"true": 0, "false": 0, "unreviewed": 0})
                t[v if v in ("true", "false") else "unreviewed"] += 1
                if v == "false":
                    problems.append(f"reviewed as false: {key} ({verdicts[key].get('why', '')})")
                elif v != "true":
                    problems.append(f"unreviewed: {key}")
            elif key not in verdicts:
                problems.append(f"new info finding: {key}")
        for key, v in verdicts.items():
            if key in reported:
                continue
            if v.get("verdict") == "true":
                problems.append(f"lost a true finding: {key}")
            elif v.get("severity") == "info":
                problems.append(f"info finding no longer reported: {key}")
        if current["exit"] == 2 and (old or {}).get("exit") == 2 and (old or {}).get("message") != current.get("message"):
            problems.append(f"message changed: {current.get('message')}")
        if problems:
            failed.append((name, problems))
            print(f"FAIL {name}:\n  " + "\n  ".join(problems))
        else:
            n = len(current["findings"])
            print(f"ok   {name}: {current['settings_module'] or 'nothing to audit (exit 2)'}, {n} findings")
    print("\nPrecision of error and warning findings on real projects:")
    all_true = all_false = 0
    for _, layer in LAYERS:
        t = totals.get(layer)
        if not t:
            continue
        judged = t["true"] + t["false"]
        all_true += t["true"]
        all_false += t["false"]
        precision = f"{100 * t['true'] / judged:.0f} %" if judged else "-"
        print(f"  {layer:<20} {t['true'] + t['false'] + t['unreviewed']:>4} findings, {t['true']:>4} true, {t['false']:>3} false, {t['unreviewed']:>3} unreviewed, precision {precision}")
    judged = all_true + all_false
    if judged:
        print(f"  {'all':<20} {judged:>4} judged, {all_true:>4} true, {all_false:>3} false, precision {100 * all_true / judged:.1f} %")
    print(f"  settings module as a careful human picks it: {module_ok} of {module_total}")
    print(f"{module_total - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
