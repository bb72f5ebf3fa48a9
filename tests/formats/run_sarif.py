"""SARIF output against the official SARIF 2.1.0 JSON schema and against
what GitHub code scanning requires of an upload.

The schema is not committed: it is the one Microsoft's SARIF team ships in
the npm package @microsoft/jest-sarif (pinned below, checked by digest),
fetched with `npm pack` into a cache under target/ on first use. The
validator is the Python `jsonschema` package with its URI format checks
(scripts/python-env.sh installs both in the tools venv).

Usage: run_sarif.py --golive PATH [--cache DIR]
Run with the tools venv's Python.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"
SCHEMA_MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
SCHEMA_SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"

LEVELS = {"error", "warning", "note"}


def schema(cache):
    path = os.path.join(cache, "sarif-2.1.0.json")
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", "--silent", PACKAGE, "--pack-destination", cache],
            check=True, capture_output=True, text=True,
        )
        tgz = os.path.join(cache, out.stdout.strip().splitlines()[-1])
        with tarfile.open(tgz) as t:
            data = t.extractfile(SCHEMA_MEMBER).read()
        os.remove(tgz)
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.replace(path + ".part", path)
    with open(path, "rb") as f:
        data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SCHEMA_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected {SCHEMA_SHA256} (delete it to fetch again)")
    return json.loads(data)


def golive(binary, *args):
    out = subprocess.run([binary, *args], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"golive {' '.join(args)} exited {out.returncode}:\n{out.stderr}")
    return json.loads(out.stdout)


def github_requirements(name, log, code_scanning):
    """What code scanning's upload checks, and what it needs to show and
    track an alert."""
    errors = []
    if log.get("version") != "2.1.0":
        errors.append("version is not 2.1.0")
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            errors.append("tool.driver.name missing")
        if not isinstance(run.get("results"), list):
            errors.append("results is not an array")
        rules = driver.get("rules", [])
        ids = [r["id"] for r in rules]
        if len(ids) != len(set(ids)):
            errors.append("duplicate rule ids")
        for r in rules:
            for key in ("shortDescription", "fullDescription", "help"):
                if not r.get(key, {}).get("text"):
                    errors.append(f"rule {r['id']}: {key}.text missing")
            if not r.get("helpUri", "").startswith("https://"):
                errors.append(f"rule {r['id']}: helpUri is not absolute")
        fingerprints = set()
        for i, res in enumerate(run["results"]):
            where = f"result {i} ({res.get('ruleId')})"
            if not res.get("ruleId"):
                errors.append(f"{where}: ruleId missing")
            if "ruleIndex" in res and ids[res["ruleIndex"]] != res["ruleId"]:
                errors.append(f"{where}: ruleIndex points at another rule")
            if not res.get("message", {}).get("text"):
                errors.append(f"{where}: message.text missing")
            if res.get("level") not in LEVELS:
                errors.append(f"{where}: level {res.get('level')!r}")
            fp = res.get("partialFingerprints", {})
            if not fp:
                errors.append(f"{where}: partialFingerprints missing")
            for v in fp.values():
                if v in fingerprints:
                    errors.append(f"{where}: fingerprint {v} not unique")
                fingerprints.add(v)
            locations = res.get("locations", [])
            if not locations:
                errors.append(f"{where}: no location")
            for loc in locations + res.get("relatedLocations", []):
                phys = loc.get("physicalLocation", {})
                uri = phys.get("artifactLocation", {}).get("uri", "")
                if not code_scanning:
                    continue
                if not uri or "://" in uri or uri.startswith("/"):
                    errors.append(f"{where}: uri {uri!r} is not relative")
                if phys.get("region", {}).get("startLine", 0) < 1:
                    errors.append(f"{where}: region.startLine < 1")
    for e in errors:
        print(f"FAIL {name}: {e}")
    return not errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--cache", default=os.path.join(ROOT, "target", "sarif-schema"))
    args = ap.parse_args()
    validator = jsonschema.Draft4Validator(
        schema(args.cache), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    examples = os.path.join(ROOT, "examples")
    web = os.path.join(ROOT, "crates", "golive_linter", "resources", "test", "fixtures", "web")
    cases = [
        (f"check {e}", ["check", "--format", "sarif", os.path.join(examples, e)], True)
        for e in ("startproject", "insecure", "hardened")
    ]
    for fixture in sorted(os.listdir(web))[:5]:
        if fixture.endswith(".json"):
            cases.append((
                f"probe {fixture}",
                ["probe", "https://golive-probe.invalid/", "--replay",
                 os.path.join(web, fixture), "--format", "sarif"],
                False,
            ))
    ok = True
    related = 0
    for name, argv, code_scanning in cases:
        log = golive(args.golive, *argv)
        problems = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for p in problems[:10]:
            print(f"FAIL {name}: schema: {'/'.join(map(str, p.path))}: {p.message}")
        ok &= not problems
        ok &= github_requirements(name, log, code_scanning)
        related += sum(1 for r in log["runs"][0]["results"] if r.get("relatedLocations"))
        print(f"{name}: {len(log['runs'][0]['results'])} results, valid SARIF 2.1.0")
    if related == 0:
        print("FAIL: no result with relatedLocations (examples/insecure has cross-layer findings)")
        ok = False
    # The validator itself must reject what the schema forbids, or the
    # checks above prove nothing.
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal"}]}]}
    if validator.is_valid(broken):
        print("FAIL: the schema accepts a log without a tool name and with a bad level")
        ok = False
    log = golive(args.golive, *cases[0][1])
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a URI"
    if validator.is_valid(log):
        print("FAIL: the URI format is not checked (rfc3986-validator missing?)")
        ok = False
    if not ok:
        sys.exit(1)
    print("SARIF: every log valid and ready for code scanning")


if __name__ == "__main__":
    main()
