"""Compose files: PyYAML is the oracle for what golive must be able to read.

Every compose file PyYAML's safe_load accepts — the real ones of the shared
corpus (../shared/realworld), the fixtures and examples of this repository,
and synthetic files written here for the YAML features compose files use
(anchors and merges, flow style, block scalars, multi-document markers,
CRLF line ends, a BOM, comments, quoting, long and unicode values) — must
load in golive with no GLV011, and golive must see the same services, with
the same image, command and environment names.

Usage: run_compose_oracle.py --golive PATH --python PYTHON_WITH_PYYAML [--corpus DIR]
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

SYNTHETIC = {
    "anchors-and-merges": """
x-common: &common
  build: .
  environment: &env
    DEBUG: "0"
    SECRET_KEY: ${SECRET_KEY}
  env_file: [.env]
services:
  web:
    <<: *common
    command: gunicorn shop.wsgi -b 0.0.0.0:8000
  worker:
    <<: *common
    environment:
      <<: *env
      WORKER: "1"
    command: ["celery", "-A", "shop", "worker", "--loglevel", "info"]
""",
    "multiple-merges": """
x-a: &a
  image: shop:latest
x-b: &b
  restart: always
  environment:
    - A=1
services:
  web:
    <<: [*a, *b]
    command: >-
      gunicorn shop.wsgi
      --workers 4
""",
    "flow-style": """
services: {web: {image: "shop:1", command: "gunicorn shop.wsgi", environment: {DEBUG: "false", "HOSTS": "a,b"}}, db: {image: postgres}}
""",
    "block-scalars": """
services:
  web:
    image: shop
    command: |
      sh -c "python manage.py migrate &&
             gunicorn shop.wsgi -b :8000"
    environment:
      MULTI: >
        folded
        text
""",
    "document-markers-and-comments": """
# A compose file with a leading document marker
---
version: "3.9"  # obsolete, still accepted
services:
  web:  # the app
    image: 'shop:1'   # single quotes
    command: "gunicorn shop.wsgi --bind=0.0.0.0:8000"
    environment:
      - "QUOTED=with spaces"
      - EMPTY=
      - PASSTHROUGH
...
""",
    "crlf-line-ends": "services:\r\n  web:\r\n    image: shop\r\n    command: gunicorn shop.wsgi\r\n    environment:\r\n      DEBUG: \"0\"\r\n",
    "byte-order-mark": "\ufeffservices:\n  web:\n    image: shop\n    command: gunicorn shop.wsgi\n",
    "unicode-and-long-values": "services:\n  web:\n    image: shop\n    environment:\n      GREETING: \"grüß dich — ☃\"\n      LONG: \"" + "x" * 5000 + "\"\n    command: gunicorn shop.wsgi\n",
    "null-and-empty": "services:\n  web:\n    image: shop\n    environment:\n  cache:\n    image: redis\n    command:\n",
    "numbers-and-booleans": "services:\n  web:\n    image: shop\n    environment:\n      WORKERS: 4\n      DEBUG: false\n      RATIO: 0.5\n      OCTAL: 0755\n    command: gunicorn shop.wsgi -w 4\n",
    "extension-fields-and-profiles": "x-logging: &logging\n  driver: json-file\nservices:\n  web:\n    image: shop\n    logging: *logging\n    profiles: [prod]\n    command: gunicorn shop.wsgi\n  debug:\n    image: shop\n    profiles: [\"debug\"]\n    command: python manage.py runserver\n",
    "quoted-keys-and-colons": "services:\n  \"web\":\n    image: \"registry.example.com:5000/shop:1.2\"\n    command: 'gunicorn shop.wsgi -b \"0.0.0.0:8000\"'\n    environment:\n      \"URL\": \"postgres://u:p@db:5432/x\"\n",
    "nested-sequences": "services:\n  web:\n    image: shop\n    command:\n      - gunicorn\n      - shop.wsgi\n      - --bind\n      - 0.0.0.0:8000\n    ports:\n      - \"8000:8000\"\n      - target: 9000\n        published: \"9000\"\n",
}


def command_words(c):
    if c is None:
        return None
    if isinstance(c, list):
        return [str(x) for x in c]
    try:
        return shlex.split(str(c))
    except ValueError:
        return str(c).split()


def env_names(e):
    if e is None:
        return []
    if isinstance(e, dict):
        return [str(k) for k in e]
    return [str(x).split("=", 1)[0] for x in e]


def pyyaml_load(python, path):
    code = "import json,sys,yaml\nd=yaml.safe_load(open(sys.argv[1],encoding='utf-8-sig'))\nprint(json.dumps(d, default=str))"
    r = subprocess.run([python, "-c", code, path], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "error"
    return json.loads(r.stdout), None


def compose_files(corpus):
    files = []
    for base in [corpus, os.path.join(ROOT, "crates"), os.path.join(ROOT, "examples")]:
        for dirpath, dirs, names in os.walk(base):
            dirs[:] = [d for d in dirs if d not in ("target", ".git", "node_modules")]
            for n in names:
                low = n.lower()
                if (low.startswith("docker-compose") or low.startswith("compose")) and low.endswith((".yml", ".yaml")):
                    files.append(os.path.join(dirpath, n))
    return sorted(files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--python", required=True)
    ap.add_argument("--corpus", default=os.environ.get("GOLIVE_REALWORLD", os.path.join(ROOT, "..", "shared", "realworld")))
    a = ap.parse_args()
    work = os.path.join(ROOT, "target", "compose-oracle")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cases = []
    for name, text in SYNTHETIC.items():
        path = os.path.join(work, "synthetic", name + ".yml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        cases.append((f"synthetic/{name}", path))
    for f in compose_files(a.corpus):
        cases.append((os.path.relpath(f, os.path.dirname(a.corpus) if f.startswith(a.corpus) else ROOT), f))
    failures = []
    compared = skipped = 0
    for i, (label, path) in enumerate(cases):
        expected, err = pyyaml_load(a.python, path)
        if err or not isinstance(expected, dict):
            skipped += 1
            print(f"skip {label}: PyYAML does not load it ({err or 'not a mapping'})")
            continue
        # Audit the file alone, as the project's only deployment file.
        d = os.path.join(work, "run", str(i))
        os.makedirs(d)
        shutil.copyfile(path, os.path.join(d, "docker-compose.prod.yml"))
        check = subprocess.run([a.golive, "check", d, "--format", "json", "--select", "GLV011"], capture_output=True, text=True)
        if check.returncode == 2 and "only templates" in check.stderr:
            # Template tags in its values: a template by golive's design,
            # not parsed until rendered.
            skipped += 1
            print(f"skip {label}: a template (golive does not parse templates)")
            continue
        codes = [f["code"] for f in json.loads(check.stdout)["findings"]] if check.returncode in (0, 1) else ["exit %d" % check.returncode]
        problems = []
        if codes:
            problems.append(f"golive: {codes} {check.stderr.strip()[:200]}")
        model = json.loads(subprocess.run([a.golive, "project", d, "--format", "json"], capture_output=True, text=True).stdout or "{}")
        golive_services = {s["name"]: s for c in model.get("compose", []) for s in c["services"]}
        services = expected.get("services") or {}
        if set(services) != set(golive_services):
            problems.append(f"services: PyYAML {sorted(services)}, golive {sorted(golive_services)}")
        for name, svc in services.items():
            g = golive_services.get(name)
            if g is None or not isinstance(svc, dict):
                continue
            if svc.get("image") is not None and str(svc.get("image")) != g["image"]:
                problems.append(f"{name}.image: PyYAML {svc.get('image')!r}, golive {g['image']!r}")
            if command_words(svc.get("command")) != command_words(g["command"]) and svc.get("command") is not None:
                problems.append(f"{name}.command: PyYAML {command_words(svc.get('command'))}, golive {command_words(g['command'])}")
            if sorted(env_names(svc.get("environment"))) != sorted(g["environment"]):
                problems.append(f"{name}.environment: PyYAML {env_names(svc.get('environment'))}, golive {g['environment']}")
        compared += 1
        if problems:
            failures.append(label)
            print(f"FAIL {label}:\n  " + "\n  ".join(problems))
        else:
            print(f"ok   {label}: {len(services)} services")
    print(f"{compared} compose files compared with PyYAML ({skipped} skipped: PyYAML refuses them, or they are templates), {len(failures)} failed")
    return 1 if failures or compared < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
