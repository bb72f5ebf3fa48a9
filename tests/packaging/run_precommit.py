#!/usr/bin/env python3
"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit.

A hook repository is made from this checkout (its working-tree files, one
commit, under <target>/packaging/pre-commit) and a throw-away Django project
(examples/hardened in a new git repository) installs pre-commit's git hook
with a .pre-commit-config.yaml that points at it by path, so nothing is
fetched but PyPI packages. For each hook:

- committing the clean project passes and the commit is made;
- committing production settings with `DEBUG = True` fails the hook with
  DJS018 and no commit is made;
- committing an unrelated file does not run the hook ("no files to check").

`golive-system` runs the golive binary given with --golive (on PATH);
`golive` is installed by pre-commit itself, `pip install .` of the hook
repository, which builds golive with maturin, in a Cargo target directory
of its own (sharing the suite's would leave the checkout's artifacts
pointing at the copy's sources). That directory is seeded with the suite's
compiled third-party crates (same versions, features and profile: Cargo
finds them fresh), so the hook's build compiles golive's own crates from the
hook repository and not some 200 dependencies a second time — four of a
clean CI run's minutes.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAILURES = []
# What the hook repository needs: the hook definitions and what `pip install .`
# builds from.
HOOK_REPO_FILES = [".pre-commit-hooks.yaml", "pyproject.toml", "README.md", "Cargo.toml", "Cargo.lock", ".cargo", "python", "crates"]
GIT_ID = ["-c", "user.name=golive tests", "-c", "user.email=tests@golive.invalid", "-c", "commit.gpgsign=false"]


def check(cond, what, detail=""):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        FAILURES.append(what)
        if detail:
            print("       " + detail.strip().replace("\n", "\n       ")[-3000:])
    return cond


def run(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run([str(c) for c in cmd], **kw)


def must(cmd, **kw):
    p = run(cmd, **kw)
    if p.returncode != 0:
        sys.stderr.write(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stdout}\n{p.stderr}\n")
        sys.exit(1)
    return p


def git(repo, *args, **kw):
    return run(["git", *GIT_ID, "-C", repo, *args], **kw)


def seed_dependencies(suite_release, hook_release):
    """Copies the suite's compiled third-party crates into the hook's target
    directory. Cargo names each artifact by the crate and a hash of what it
    was built from (version, features, profile, compiler), not by the
    workspace's path, so the hook build finds them fresh. golive's own crates
    and test binaries are left out: the hook builds those from its sources.
    Copies, not hard links: a rebuild there must not write into the suite's
    files."""
    meta = json.loads(must(["cargo", "metadata", "--format-version", "1", "--no-deps", "--locked"], cwd=ROOT).stdout)
    ours = set()
    for package in meta["packages"]:
        ours.add(package["name"].replace("-", "_"))
        ours.update(t["name"].replace("-", "_") for t in package["targets"])
    artifact = re.compile(r"^(?:lib)?(.+)-[0-9a-f]{16}(?:\..*)?$")
    copied = 0
    for sub in ("deps", "build", ".fingerprint"):
        src = suite_release / sub
        if not src.is_dir():
            continue
        (hook_release / sub).mkdir(parents=True, exist_ok=True)
        for entry in src.iterdir():
            m = artifact.match(entry.name)
            dest = hook_release / sub / entry.name
            if not m or m.group(1).replace("-", "_") in ours or dest.exists():
                continue
            if entry.is_dir():
                shutil.copytree(entry, dest, symlinks=True)
            else:
                shutil.copy2(entry, dest)
            copied += 1
    return copied


def make_hook_repo(dest):
    """A git repository holding this checkout's files as they are now."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    listed = must(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *HOOK_REPO_FILES], cwd=ROOT).stdout
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    must(["git", "init", "--quiet", "--initial-branch=main", dest])
    must(["git", *GIT_ID, "-C", dest, "add", "-A"])
    must(["git", *GIT_ID, "-C", dest, "commit", "--quiet", "-m", "golive hooks under test"])
    return must(["git", "-C", dest, "rev-parse", "HEAD"]).stdout.strip()


def make_project(dest, hook_repo, rev, hook_id, pre_commit, env):
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "examples" / "hardened", dest)
    (dest / "README.md").write_text("# shop\n")
    (dest / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hook_repo.as_uri()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        f"      - id: {hook_id}\n"
    )
    must(["git", "init", "--quiet", "--initial-branch=main", dest])
    must([pre_commit, "install"], cwd=dest, env=env)


def commit(project, message, env):
    git(project, "add", "-A")
    return git(project, "commit", "-m", message, env=env)


def head_subject(project):
    p = git(project, "log", "-1", "--format=%s")
    return p.stdout.strip() if p.returncode == 0 else None


def scenarios(project, hook_id, pre_commit, env):
    start = time.monotonic()
    p = commit(project, "clean project", env)
    out = p.stdout + p.stderr
    print(f"  ({hook_id}: first commit, hook environment included, took {time.monotonic() - start:.0f} s)")
    check(p.returncode == 0 and "Passed" in out, f"{hook_id}: the clean project's commit passes the hook", out)
    check(head_subject(project) == "clean project", f"{hook_id}: the clean commit was made")

    settings = project / "shop" / "settings" / "production.py"
    good = settings.read_text()
    bad = good.replace('DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"', "DEBUG = True")
    assert bad != good, "examples/hardened's production settings changed: update this test"
    settings.write_text(bad)
    p = commit(project, "debug in production", env)
    out = p.stdout + p.stderr
    check(p.returncode != 0 and "Failed" in out and "DJS018" in out,
          f"{hook_id}: DEBUG = True in production settings fails the hook with DJS018", out)
    check(head_subject(project) == "clean project", f"{hook_id}: no commit was made with DEBUG = True")
    settings.write_text(good)
    git(project, "add", "-A")

    (project / "README.md").write_text("# shop\n\nThe shop.\n")
    p = commit(project, "unrelated change", env)
    out = p.stdout + p.stderr
    check(p.returncode == 0 and "(no files to check)Skipped" in out,
          f"{hook_id}: a change to an unrelated file does not run the hook", out)
    check(head_subject(project) == "unrelated change", f"{hook_id}: the unrelated commit was made")

    # The hook audits the whole project when any file it watches changes:
    # an nginx file alone brings the audit back.
    conf = project / "deploy" / "nginx" / "shop.conf"
    conf.write_text(conf.read_text() + "\n# reviewed\n")
    p = commit(project, "nginx comment", env)
    out = p.stdout + p.stderr
    check(p.returncode == 0 and "Passed" in out, f"{hook_id}: a change to an nginx file runs the hook, which passes", out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True, help="the golive binary the language: system hook runs")
    ap.add_argument("--tools", required=True, help="the tools venv (pre-commit, maturin)")
    ap.add_argument("--skip-build", action="store_true", help="only the language: system hook (no build)")
    args = ap.parse_args()
    tools = Path(args.tools).resolve() / "bin"
    pre_commit = tools / "pre-commit"
    golive = Path(args.golive).resolve()
    meta = json.loads(must(["cargo", "metadata", "--format-version", "1", "--no-deps", "--locked"], cwd=ROOT).stdout)
    target = Path(meta["target_directory"])
    work = target / "packaging" / "pre-commit"
    work.mkdir(parents=True, exist_ok=True)
    print(f"  pre-commit {must([pre_commit, '--version']).stdout.split()[-1]}")

    hook_repo = work / "hooks"
    rev = make_hook_repo(hook_repo)
    home = work / "home"
    if home.exists():
        shutil.rmtree(home)
    maturin_version = must([tools / "maturin", "--version"]).stdout.split()[-1]
    constraints = work / "constraints.txt"
    constraints.write_text(f"maturin=={maturin_version}\n")
    base_env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(home),
        # The build pip runs for the python hook: maturin pinned, the suite's
        # target directory.
        PIP_CONSTRAINT=str(constraints),
        # A target directory of its own: the hook repository's crates have
        # the checkout's names and versions, and compiled into the suite's
        # directory they replace the checkout's artifacts with ones whose
        # dependency files point at the copy — the next build of the
        # checkout would then miss its own edits.
        CARGO_TARGET_DIR=str(work / "target"),
        NO_COLOR="1",
    )
    base_env.pop("GIT_DIR", None)
    base_env.pop("GIT_WORK_TREE", None)

    print("== hook golive-system (language: system, golive from PATH)")
    env = dict(base_env, PATH=f"{golive.parent}{os.pathsep}{base_env['PATH']}")
    project = work / "project-system"
    make_project(project, hook_repo, rev, "golive-system", pre_commit, env)
    scenarios(project, "golive-system", pre_commit, env)

    if not args.skip_build:
        start = time.monotonic()
        copied = seed_dependencies(target / "release", work / "target" / "release")
        print(f"  (seeded the hook's target directory with {copied} compiled dependencies of the suite's build in {time.monotonic() - start:.0f} s)")
        print("== hook golive (language: python, pre-commit runs `pip install .` of the hook repository)")
        # No golive on PATH: the hook must run the one pre-commit installed.
        env = dict(base_env)
        project = work / "project-python"
        make_project(project, hook_repo, rev, "golive", pre_commit, env)
        scenarios(project, "golive", pre_commit, env)

    if FAILURES:
        print(f"pre-commit: {len(FAILURES)} failed")
        return 1
    print("pre-commit: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
