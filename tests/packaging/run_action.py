#!/usr/bin/env python3
"""The GitHub Action (action.yml) with its shell steps run as the runner would.

The runner is not available here, so this script plays its part for a
composite action: it reads action.yml with PyYAML, evaluates the `${{ }}`
expressions the action uses (inputs, step outputs, `github.*`; `==`, `!=`
and `&&` in conditions), runs each `run:` step with
`bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`) in
GITHUB_WORKSPACE with the files GitHub provides (GITHUB_OUTPUT, GITHUB_PATH,
GITHUB_ENV, RUNNER_TEMP, GITHUB_ACTION_PATH = this checkout), skips a step
after a failure unless its condition says otherwise, and records each `uses:`
step with its evaluated `with:` instead of running it (the SARIF upload
needs GitHub).

The workspace is a copy of examples/; golive is installed from the wheel
tests/packaging/run_wheel.py built (the `wheel` input) in the first job,
whose install later jobs reuse, and once from the action's own checkout (the
default: `pip install` of the checkout).
"""

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FAILURES = []
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def check(cond, what, detail=""):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        FAILURES.append(what)
        if detail:
            print("       " + detail.strip().replace("\n", "\n       ")[-3000:])
    return cond


class Runner:
    """One job that uses the action once."""

    def __init__(self, action, work, workspace, inputs, env):
        self.action = action
        self.inputs = {}
        for name, spec in action["inputs"].items():
            self.inputs[name] = str(inputs.get(name, spec.get("default", "")))
        unknown = set(inputs) - set(action["inputs"])
        assert not unknown, f"inputs the action does not declare: {unknown}"
        self.work = work
        self.workspace = workspace
        self.env = env
        self.outputs = {}  # step id -> {name: value}
        self.path_prepend = []
        self.results = []  # (step name, outcome, returncode, stdout, stderr, with)

    def value(self, ref):
        parts = ref.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        if ref == "github.workspace":
            return str(self.workspace)
        if ref == "github.action_path":
            return str(ROOT)
        raise ValueError(f"expression this runner does not know: {ref}")

    def condition(self, text, failed):
        """`A == 'x' && B != ''` — what action.yml's conditions use."""
        text = text.strip()
        m = EXPR.fullmatch(text)
        if m:
            text = m.group(1)
        result = True
        for term in text.split("&&"):
            term = term.strip()
            if term in ("success()", "failure()", "always()"):
                result = result and {"success()": not failed, "failure()": failed, "always()": True}[term]
                continue
            m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
            if not m:
                raise ValueError(f"condition this runner does not know: {term}")
            # GitHub compares strings case-insensitively.
            equal = self.value(m.group(1)).lower() == m.group(3).lower()
            result = result and (equal if m.group(2) == "==" else not equal)
        # A condition without a status function implies success().
        if not re.search(r"\b(success|failure|always)\(\)", text):
            result = result and not failed
        return result

    def expand(self, text):
        return EXPR.sub(lambda m: self.value(m.group(1)), str(text))

    def run(self, installed=None):
        """Runs the steps; `installed`, a runner whose install step succeeded,
        stands in for this job's install step (its outputs and PATH)."""
        failed = False
        for i, step in enumerate(self.action["runs"]["steps"]):
            name = step.get("name", f"step {i}")
            if installed is not None and step.get("id") == "install":
                self.outputs["install"] = installed.outputs["install"]
                self.path_prepend = list(installed.path_prepend)
                self.results.append((name, "success (reused)", 0, "", "", None))
                continue
            if "if" in step:
                go = self.condition(str(step["if"]), failed)
            else:
                go = not failed
            if not go:
                self.results.append((name, "skipped", None, "", "", None))
                continue
            if "uses" in step:
                with_ = {k: self.expand(v) for k, v in step.get("with", {}).items()}
                self.results.append((name, "uses " + step["uses"], 0, "", "", with_))
                continue
            assert step.get("shell") == "bash", f"{name}: every run step says shell: bash"
            script = self.work / f"step{i}.sh"
            script.write_text(step["run"])
            files = {k: self.work / f"{k.lower()}-{i}" for k in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV")}
            for f in files.values():
                f.write_text("")
            env = dict(self.env)
            env.update({k: str(v) for k, v in files.items()})
            env["PATH"] = os.pathsep.join([*self.path_prepend, env["PATH"]])
            for k, v in step.get("env", {}).items():
                env[k] = self.expand(v)
            cwd = self.expand(step.get("working-directory", "${{ github.workspace }}"))
            p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                               cwd=cwd, env=env, capture_output=True, text=True)
            if "id" in step:
                self.outputs[step["id"]] = parse_output_file(files["GITHUB_OUTPUT"].read_text())
            self.path_prepend = [*reversed(files["GITHUB_PATH"].read_text().split()), *self.path_prepend]
            outcome = "success" if p.returncode == 0 else "failure"
            failed = failed or p.returncode != 0
            self.results.append((name, outcome, p.returncode, p.stdout, p.stderr, None))
        outputs = {k: self.expand(v["value"]) for k, v in self.action.get("outputs", {}).items()}
        return (not failed), outputs

    def step(self, name_prefix):
        for r in self.results:
            if r[0].startswith(name_prefix):
                return r
        raise KeyError(name_prefix)

    def log(self):
        return "\n".join(f"[{r[0]}: {r[1]} {r[2]}]\n{r[3]}{r[4]}" for r in self.results)


def parse_output_file(text):
    """GITHUB_OUTPUT: `name=value` lines and `name<<DELIM` blocks."""
    out, lines = {}, text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            block = []
            i += 1
            while i < len(lines) and lines[i] != delim:
                block.append(lines[i])
                i += 1
            out[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel-dir", required=True, help="where run_wheel.py left the wheel")
    ap.add_argument("--work", required=True, help="a scratch directory (emptied)")
    ap.add_argument("--python", default=sys.executable, help="the runner's python3")
    ap.add_argument("--skip-source-build", action="store_true", help="do not install from the checkout")
    args = ap.parse_args()
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    wheels = sorted(Path(args.wheel_dir).resolve().glob("golive-*.whl"))
    if len(wheels) != 1:
        print(f"expected one wheel in {args.wheel_dir}, found {wheels}")
        return 1
    wheel = wheels[0]

    print("== action.yml")
    check(action["runs"]["using"] == "composite", "a composite action")
    check(all(spec.get("description") for spec in action["inputs"].values()), "every input is described")
    check({"path", "settings", "fail-on", "format"} <= set(action["inputs"]), "inputs path, settings, fail-on and format")
    uses = [s["uses"] for s in action["runs"]["steps"] if "uses" in s]
    check(uses == ["github/codeql-action/upload-sarif@v4"], f"the one `uses:` step uploads SARIF ({uses})")
    for step in action["runs"]["steps"]:
        if "run" in step:
            check("${{" not in step["run"], f"{step['name']}: no expression inside the script (inputs reach it as env)")

    work = Path(args.work).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    workspace = work / "workspace"
    shutil.copytree(ROOT / "examples", workspace)
    # The runner's PATH: python3, the Rust toolchain (GitHub's images have
    # both), the system; nothing else of this machine's.
    python_dir = str(Path(args.python).resolve().parent)
    cargo_dir = str(Path(shutil.which("cargo")).parent)
    base_env = {
        "PATH": os.pathsep.join([python_dir, cargo_dir, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": os.environ.get("HOME", "/root"),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(ROOT),
        "NO_COLOR": "1",
    }
    for k in ("PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "CARGO_TARGET_DIR", "CARGO_HOME", "RUSTUP_HOME"):
        if k in os.environ:
            base_env[k] = os.environ[k]
    # The build from the checkout: maturin as pinned for the suite (this
    # script runs in the tools venv), in the suite's target directory (the
    # checkout's target/, or CARGO_TARGET_DIR), so only golive is relinked.
    constraints = work / "constraints.txt"
    constraints.write_text(f"maturin=={importlib.metadata.version('maturin')}\n")
    base_env["PIP_CONSTRAINT"] = str(constraints)
    counter = [0]
    first = []

    def job(**inputs):
        """One job; after the first, the install step is the first job's
        (a venv and a pip install each time would only cost time)."""
        counter[0] += 1
        job_dir = work / f"job{counter[0]}"
        (job_dir / "runner-temp").mkdir(parents=True)
        env = dict(base_env, RUNNER_TEMP=str(job_dir / "runner-temp"))
        inputs.setdefault("wheel", str(wheel))
        r = Runner(action, job_dir, workspace, inputs, env)
        fresh = not first or inputs["wheel"] != str(wheel)
        ok, outputs = r.run(None if fresh else first[0])
        if not first and r.results[0][1] == "success":
            first.append(r)
        return r, ok, outputs

    print("== a clean project: the job passes")
    r, ok, out = job(path="hardened")
    check(ok and out["exit-code"] == "0", "hardened: the job succeeds with exit-code 0", r.log())
    check("No issues found." in r.step("Run golive check")[3], "hardened: the log shows golive's text report", r.log())
    check(r.step("Upload SARIF")[1] == "skipped", "hardened, format text: no SARIF upload")
    installed = r.step("Install golive")[3]
    version = installed.strip().splitlines()[-1] if installed.strip() else ""
    check(version.startswith("golive "), f"the install step prints the installed version ({version!r})")
    golive = Path(r.outputs["install"]["golive"])
    def supports(fmt):
        """Whether this golive knows `--format fmt` (clap refuses an unknown
        value with exit 2 and "invalid value")."""
        p = subprocess.run([str(golive), "check", str(workspace / "hardened"), "--format", fmt],
                           capture_output=True, text=True)
        return p.returncode in (0, 1)

    formats = [f for f in ("text", "json", "sarif", "github") if supports(f)]
    check({"text", "json"} <= set(formats) and not supports("no-such-format"),
          f"the installed golive's formats are detected ({formats})")

    print("== findings: the check step passes, the last step fails the job with golive's exit code")
    r, ok, out = job(path="startproject")
    check(not ok and out["exit-code"] == "1", "startproject: the job fails, exit-code 1", r.log())
    check(r.step("Run golive check")[1] == "success", "startproject: the check step itself succeeds (so a SARIF upload still runs)")
    check(r.step("Fail on findings")[2] == 1, "startproject: `Fail on findings` exits 1", r.log())
    check("error[DJS101]" in r.step("Run golive check")[3], "startproject: the finding is in the log")

    print("== fail-on and args")
    r, ok, out = job(path="startproject", **{"fail-on": "error", "args": "--ignore DJS101"})
    check(ok and out["exit-code"] == "0", "startproject with fail-on error and --ignore DJS101: the job succeeds", r.log())
    r, ok, out = job(path="hardened", **{"fail-on": "info"})
    check(ok and out["exit-code"] == "0", "hardened with fail-on info: the job succeeds", r.log())
    r, ok, out = job(path="startproject", **{"fail-on": "loud"})
    check(not ok and out["exit-code"] == "2" and r.step("Fail on findings")[1] == "skipped",
          "fail-on loud: golive refuses it (exit 2), the check step fails, later steps are skipped", r.log())

    print("== settings")
    r, ok, out = job(path="hardened", settings="shop.settings.dev")
    log = r.step("Run golive check")[3]
    check(not ok and out["exit-code"] == "1" and "shop.settings.dev" in log and "DJS018" in log,
          "hardened with settings shop.settings.dev: the development settings are audited and fail (DEBUG)", r.log())

    print("== format json")
    r, ok, out = job(path="startproject", format="json")
    try:
        report = json.loads(r.step("Run golive check")[3])
    except ValueError as e:
        report = None
        check(False, f"format json: the step's output is JSON ({e})", r.log())
    if report is not None:
        check(isinstance(report, dict) and "summary" in report, "format json: golive's JSON report (a summary)", json.dumps(report)[:500])
    check(out["exit-code"] == "1", "format json: exit-code 1 (findings)")

    print("== inputs are data, never shell")
    r, ok, out = job(path="$(touch pwned)`touch pwned2`", args="; touch pwned3")
    check(not ok and out["exit-code"] == "2", "a path with shell syntax is a path that does not exist (exit 2)", r.log())
    check(not any(workspace.glob("pwned*")) and not any(work.rglob("pwned*")), "no command in an input ran")

    print("== format sarif")
    if "sarif" in formats:
        r, ok, out = job(path="startproject", format="sarif")
        sarif = workspace / "golive.sarif"
        check(out["sarif-file"] == "golive.sarif" and sarif.is_file(), "format sarif: golive.sarif written", r.log())
        try:
            doc = json.loads(sarif.read_text())
            check(doc.get("version") == "2.1.0" and doc.get("runs"), "format sarif: a SARIF 2.1.0 log with runs")
        except (OSError, ValueError) as e:
            check(False, f"format sarif: the file is JSON ({e})")
        upload = r.step("Upload SARIF")
        check(upload[1].startswith("uses github/codeql-action/upload-sarif") and upload[5].get("sarif_file") == "golive.sarif",
              "format sarif: the upload step runs with sarif_file golive.sarif", str(upload))
        check(not ok and out["exit-code"] == "1", "format sarif: the job still fails on findings after the upload")
        r, ok, out = job(path="startproject", format="sarif", **{"upload-sarif": "false"})
        check(r.step("Upload SARIF")[1] == "skipped", "format sarif with upload-sarif false: no upload")
    else:
        print("  skip format sarif: this golive has no `--format sarif` yet (issue 13, item 3)")

    print("== format github")
    if "github" in formats:
        r, ok, out = job(path="startproject", format="github")
        lines = [line for line in r.step("Run golive check")[3].splitlines() if line.strip()]
        check(lines and any(line.startswith("::error ") for line in lines), "format github: workflow commands (::error …)", r.log())
    else:
        print("  skip format github: this golive has no `--format github` yet (issue 13, item 4)")

    if not args.skip_source_build:
        print("== wheel input empty: pip installs golive from the action's checkout")
        r, ok, out = job(path="hardened", wheel="")
        check(ok and out["exit-code"] == "0", "built from the checkout, the job succeeds", r.log())

    if FAILURES:
        print(f"action: {len(FAILURES)} failed")
        return 1
    print("action: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
