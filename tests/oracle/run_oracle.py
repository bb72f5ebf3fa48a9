"""The oracle tests: golive against the real Django and CPython.

Generates settings modules (generate.py), runs the real `django-admin check
--deploy` and CPython over them in each Django venv (django_runner.py), runs
golive over the same cases, and compares:

* the set of Django check IDs golive reports for the configured environment
  must equal Django's, case by case, on every Django version;
* every setting `golive settings` reports as known must equal CPython's value
  (configured environment, and with every variable unset).

Any difference is a golive bug. Prints `N passed, M failed` and exits 1 on
any failure; details go to OUT_DIR/failures.txt.

Usage: run_oracle.py --golive PATH --venvs DIR [--count N] [--out DIR]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# "Unknown" is always a safe answer for golive, so an oracle that counted it
# as agreement could pass while golive knew nothing. It may say "unknown"
# for at most this share of the values CPython computes...
MAX_UNKNOWN_SHARE = 0.01
# ...and a run must compare at least this many values and check-ID sets
# (the default 240 cases give 4,844 values and 916 ID sets on 2026-12-02;
# a generator or runner change that silently drops cases fails here).
MIN_VALUES_PER_CASE = 15
MIN_ID_COMPARISONS_PER_CASE = 3.5
VERSIONS = [("django42", "4.2"), ("django52", "5.2"), ("django60", "6.0"), ("django61", "6.1")]


def golive(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return None, p.stderr
    try:
        return json.loads(p.stdout), p.stderr
    except json.JSONDecodeError:
        return None, p.stdout + p.stderr


def has_unknown(j):
    if isinstance(j, dict):
        if set(j) == {"unknown"}:
            return True
        return any(has_unknown(v) for v in j.values())
    if isinstance(j, list):
        return any(has_unknown(v) for v in j)
    return False


def values_equal(golive_value, cpython_value):
    """Deep equality where a golive `{"unknown": ...}` matches anything."""
    if isinstance(golive_value, dict) and set(golive_value) == {"unknown"}:
        return True
    if isinstance(golive_value, dict) and isinstance(cpython_value, dict):
        return set(golive_value) == set(cpython_value) and all(values_equal(golive_value[k], cpython_value[k]) for k in golive_value)
    if isinstance(golive_value, list) and isinstance(cpython_value, list):
        return len(golive_value) == len(cpython_value) and all(values_equal(a, b) for a, b in zip(golive_value, cpython_value))
    if isinstance(golive_value, bool) or isinstance(cpython_value, bool):
        return golive_value is cpython_value or (type(golive_value) is type(cpython_value) and golive_value == cpython_value)
    return golive_value == cpython_value


def compare_values(label, golive_settings, cpython_values, scenario, failures):
    """Returns (compared, unknown) counts; appends failures."""
    compared = unknown = 0
    for name, cp in cpython_values.items():
        g = golive_settings.get(name)
        if g is None:
            failures.append(f"{label} [{scenario}] {name}: CPython has it, golive does not")
            continue
        entry = g if scenario == "configured" else g.get("unset", g)
        if g.get("default") and scenario == "configured":
            failures.append(f"{label} [{scenario}] {name}: golive says Django default, but the module sets it to {cp}")
            continue
        if "unknown" in entry:
            unknown += 1
            if not entry["unknown"]:
                failures.append(f"{label} [{scenario}] {name}: unknown without a reason")
            continue
        if "secret" in entry:
            got = {"secret": entry["secret"], "length": entry["length"]}
            want = cp if "secret" in cp else None
        else:
            got = entry.get("value")
            want = cp.get("value", cp)
        compared += 1
        if not values_equal(got, want):
            failures.append(f"{label} [{scenario}] {name}: golive {json.dumps(got)} != CPython {json.dumps(want)}")
    return compared, unknown


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True)
    ap.add_argument("--venvs", required=True)
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "target", "oracle"))
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    cases_dir = os.path.join(out, "cases")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), cases_dir, "--count", str(a.count)], check=True)
    case_dirs = sorted(os.path.join(cases_dir, d) for d in os.listdir(cases_dir))

    oracle = {}
    for venv, version in VERSIONS:
        python = os.path.join(a.venvs, venv, "bin", "python")
        if not os.path.exists(python):
            print(f"missing venv {venv}; run scripts/python-env.sh", file=sys.stderr)
            return 2
        result_path = os.path.join(out, f"django-{version}.json")
        subprocess.run([python, os.path.join(HERE, "django_runner.py"), result_path] + case_dirs, check=True)
        oracle[version] = json.load(open(result_path))
        print(f"oracle: Django {oracle[version]['django']} on Python {oracle[version]['python']}: {len(case_dirs)} cases")

    passed = failed = 0
    failures = []

    # Django's defaults: golive's table against django.conf.global_settings.
    empty = os.path.join(out, "defaults_project")
    os.makedirs(os.path.join(empty, "proj"))
    open(os.path.join(empty, "proj", "__init__.py"), "w").close()
    open(os.path.join(empty, "proj", "settings.py"), "w").write("# nothing set: every value is Django's default\n")
    dump = (
        "import json, sys; sys.path.insert(0, %r); import django_runner as r; import django.conf.global_settings as g; "
        "print(json.dumps({n: r.module_values(g)[n] for n in dir(g) if n.isupper()}))" % HERE
    )
    for venv, version in VERSIONS:
        python = os.path.join(a.venvs, venv, "bin", "python")
        real = json.loads(subprocess.run([python, "-c", dump], capture_output=True, text=True, check=True).stdout)
        ours, err = golive(a.golive, ["settings", empty, "--format", "json", "--settings", "proj.settings", "--django-version", version])
        before = len(failures)
        if ours is None:
            failures.append(f"defaults {version}: golive failed: {err[:300]}")
        else:
            ours = {k: v for k, v in ours["settings"].items() if v.get("default")}
            # LANGUAGES (the list of ~100 languages) is not modelled.
            for name in sorted(set(real) - {"LANGUAGES"}):
                want = real[name]
                got = ours.get(name)
                if got is None:
                    failures.append(f"defaults {version}: golive lacks Django's default {name} = {json.dumps(want)}")
                elif not values_equal(got.get("value", got), want.get("value", want)):
                    failures.append(f"defaults {version}: {name}: golive {json.dumps(got.get('value'))} != Django {json.dumps(want.get('value'))}")
            for name in sorted(set(ours) - set(real)):
                failures.append(f"defaults {version}: golive has a default {name} that Django {version} does not")
        if len(failures) == before:
            passed += 1
        else:
            failed += 1
    stats = {"values_compared": 0, "values_unknown": 0, "ids_compared": 0, "crashes": 0}
    for case_dir in case_dirs:
        name = os.path.basename(case_dir)
        case = json.load(open(os.path.join(case_dir, "case.json")))
        env_args = []
        for k, v in case["env"].items():
            env_args += ["--env", f"{k}={v}"]
        # Django check IDs, per version.
        for _, version in VERSIONS:
            label = f"{name} Django {version}"
            dj = oracle[version]["cases"][name]["configured"]
            if "runner_error" in dj:
                failed += 1
                failures.append(f"{label}: the runner failed ({dj['runner_error']})")
                continue
            report, err = golive(a.golive, ["check", case_dir, "--format", "json", "--django-version", version, "--settings", case["module"]] + env_args)
            if report is None:
                failed += 1
                failures.append(f"{label}: golive failed: {err.strip()[:500]}")
                continue
            if "crash" in dj:
                # Django cannot load these settings; golive must say the
                # settings fail in this environment.
                stats["crashes"] += 1
                if any(f["code"] in ("GLV004", "GLV006") and f["scenario"] == "configured" for f in report["findings"]):
                    passed += 1
                else:
                    failed += 1
                    failures.append(f"{label}: Django fails to load the settings ({dj['crash']}), golive reports no GLV004/GLV006")
                continue
            ids = sorted(f["django_id"] for f in report["findings"] if f["django_id"] and f["scenario"] == "configured")
            stats["ids_compared"] += 1
            if ids == dj["ids"]:
                passed += 1
            else:
                failed += 1
                failures.append(f"{label}: golive {ids} != Django {dj['ids']}")
        # Values, against CPython (the module's own attributes).
        settings, err = golive(a.golive, ["settings", case_dir, "--format", "json", "--settings", case["module"]] + env_args)
        if settings is None:
            failed += 1
            failures.append(f"{name}: golive settings failed: {err.strip()[:500]}")
            continue
        cp = oracle["5.2"]["cases"][name]
        before = len(failures)
        if "values" in cp["configured"]:
            c, u = compare_values(name, settings["settings"], cp["configured"]["values"], "configured", failures)
            stats["values_compared"] += c
            stats["values_unknown"] += u
        if not case["has_env_file"] and "values" in cp["unset"]:
            c, u = compare_values(name, settings["settings"], cp["unset"]["values"], "unset", failures)
            stats["values_compared"] += c
            stats["values_unknown"] += u
        if len(failures) == before:
            passed += 1
        else:
            failed += 1

    # The real `startproject` template of each version, checked both ways.
    for venv, version in VERSIONS:
        label = f"startproject Django {version}"
        project = os.path.join(out, f"startproject-{version}")
        os.makedirs(project)
        admin = os.path.join(a.venvs, venv, "bin", "django-admin")
        subprocess.run([admin, "startproject", "mysite", project], check=True)
        with open(os.path.join(project, "case.json"), "w") as f:
            json.dump({"module": "mysite.settings", "env": {}, "has_env_file": False}, f)
        python = os.path.join(a.venvs, venv, "bin", "python")
        result_path = os.path.join(out, f"startproject-{version}.json")
        subprocess.run([python, os.path.join(HERE, "django_runner.py"), result_path, project], check=True)
        dj = json.load(open(result_path))["cases"][os.path.basename(project)]
        report, err = golive(a.golive, ["check", project, "--format", "json"])
        settings, err2 = golive(a.golive, ["settings", project, "--format", "json"])
        before = len(failures)
        if report is None or settings is None:
            failures.append(f"{label}: golive failed: {(err or '') + (err2 or '')}")
        else:
            if report["django_version"] != version:
                # startproject pins nothing; check against the template's own version.
                report, _ = golive(a.golive, ["check", project, "--format", "json", "--django-version", version])
            ids = sorted(f["django_id"] for f in report["findings"] if f["django_id"] and f["scenario"] == "configured")
            if ids != dj["configured"]["ids"]:
                failures.append(f"{label}: golive {ids} != Django {dj['configured']['ids']}")
            if report["settings_module"] != "mysite.settings":
                failures.append(f"{label}: golive audited {report['settings_module']}")
            compare_values(label, settings["settings"], dj["configured"]["values"], "configured", failures)
            compare_values(label, settings["settings"], dj["unset"]["values"], "unset", failures)
        if len(failures) == before:
            passed += 1
        else:
            failed += 1

    with open(os.path.join(out, "failures.txt"), "w") as f:
        f.write("\n".join(failures) + "\n")
    for line in failures[:40]:
        print("FAIL", line)
    if len(failures) > 40:
        print(f"... {len(failures) - 40} more in {os.path.join(out, 'failures.txt')}")
    print(f"oracle: {stats['ids_compared']} check-ID comparisons, {stats['crashes']} settings Django cannot load, {stats['values_compared']} values equal to CPython's, {stats['values_unknown']} unknown")
    known_share = stats["values_unknown"] / max(1, stats["values_compared"] + stats["values_unknown"])
    if known_share > MAX_UNKNOWN_SHARE:
        failed += 1
        print(f"FAIL golive says unknown for {known_share:.1%} of the values CPython computes (at most {MAX_UNKNOWN_SHARE:.0%})")
    if stats["values_compared"] < MIN_VALUES_PER_CASE * a.count:
        failed += 1
        print(f"FAIL only {stats['values_compared']} values compared with CPython (at least {MIN_VALUES_PER_CASE} per case)")
    if stats["ids_compared"] < MIN_ID_COMPARISONS_PER_CASE * a.count:
        failed += 1
        print(f"FAIL only {stats['ids_compared']} check-ID sets compared with Django (at least {MIN_ID_COMPARISONS_PER_CASE} per case)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
