#!/usr/bin/env python3
"""Packaging: golive as a Python wheel (pyproject.toml, maturin) and as a crate.

1. `maturin build --release` from the checkout, in the same Cargo target
   directory as the rest of the suite (only the golive crate is relinked);
   the wheel's platform tag must be the one `auditwheel show` derives from
   the binary's symbol versions.
2. The wheel installed into a fresh virtual environment (no index): the
   `golive` script and `python -m golive` must behave exactly like the
   binary cargo built — same output, same exit code.
3. `pip install .` of the checkout (pip runs maturin as the PEP 517 backend).
4. `cargo install --path crates/golive`.
5. With --manylinux2014: `maturin build --zig --compatibility manylinux2014`
   (a second release build, for another target directory), checked the same
   way and with `auditwheel show` reporting manylinux_2_17.

Everything is written under <target>/packaging.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAILURES = []


def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        FAILURES.append(what)
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


def cargo_metadata():
    meta = json.loads(must(["cargo", "metadata", "--format-version", "1", "--no-deps", "--locked"], cwd=ROOT).stdout)
    version = next(p["version"] for p in meta["packages"] if p["name"] == "golive")
    return Path(meta["target_directory"]), version


def build_wheel(maturin, out, extra, env):
    if out.exists():
        shutil.rmtree(out)
    start = time.monotonic()
    p = run([maturin, "build", "--release", "--locked", "--out", out, *extra], cwd=ROOT, env=env)
    took = time.monotonic() - start
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        check(False, f"maturin build {' '.join(extra)}")
        return None, took
    wheels = sorted(out.glob("*.whl"))
    check(len(wheels) == 1, f"maturin build {' '.join(extra)} made one wheel ({[w.name for w in wheels]})")
    return (wheels[0] if wheels else None), took


def auditwheel_tag(auditwheel, wheel):
    """The platform tag `auditwheel show` derives, and its symbol versions."""
    p = must([auditwheel, "show", wheel])
    text = " ".join(p.stdout.split())
    m = re.search(r'consistent with the following platform tag: "([^"]+)"', text)
    glibc = sorted(set(re.findall(r"GLIBC_([0-9.]+)", text)), key=lambda v: [int(x) for x in v.split(".")])
    return (m.group(1) if m else None), glibc


def check_wheel_contents(wheel, version):
    names = zipfile.ZipFile(wheel).namelist()
    check(f"golive-{version}.data/scripts/golive" in names, f"{wheel.name} ships the binary as a script")
    check("golive/__main__.py" in names, f"{wheel.name} ships golive/__main__.py (python -m golive)")
    check(not any(n.endswith(".so") for n in names), f"{wheel.name} has no extension module (bin bindings)")


def fresh_venv(python, path):
    if path.exists():
        shutil.rmtree(path)
    must([python, "-m", "venv", path])
    return path / "bin"


def check_installed(bindir, reference, version, label):
    """The installed golive must be the reference binary's twin."""
    env = dict(os.environ, NO_COLOR="1")
    p = run([bindir / "golive", "--version"], env=env)
    check(p.returncode == 0 and p.stdout.strip() == f"golive {version}", f"{label}: `golive --version` is golive {version} ({p.stdout.strip()!r})")
    want = run([reference, "check", "examples/startproject"], cwd=ROOT, env=env)
    got = run([bindir / "golive", "check", "examples/startproject"], cwd=ROOT, env=env)
    check(got.returncode == 1, f"{label}: `golive check examples/startproject` exits 1 (findings; got {got.returncode})")
    check("error[DJS101]" in got.stdout and "Auditing settings module mysite.settings" in got.stdout,
          f"{label}: the audit reports the committed SECRET_KEY of mysite.settings")
    check(got.stdout == want.stdout and got.returncode == want.returncode,
          f"{label}: output and exit code identical to {reference}")
    p = run([bindir / "python", "-m", "golive", "check", "examples/hardened"], cwd=ROOT, env=env)
    check(p.returncode == 0 and "No issues found." in p.stdout,
          f"{label}: `python -m golive check examples/hardened` exits 0 with no issues ({p.returncode}: {p.stderr.strip()[:200]})")
    p = run([bindir / "python", "-m", "golive", "check", "examples/does-not-exist"], cwd=ROOT, env=env)
    check(p.returncode == 2, f"{label}: `python -m golive` passes exit code 2 through (got {p.returncode})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--golive", required=True, help="the golive binary cargo built (the reference)")
    ap.add_argument("--tools", required=True, help="the tools venv (maturin, auditwheel, ziglang)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter for the fresh venvs")
    ap.add_argument("--manylinux2014", action="store_true", help="also build with zig for manylinux2014")
    args = ap.parse_args()
    tools = Path(args.tools).resolve() / "bin"
    reference = Path(args.golive).resolve()
    target, version = cargo_metadata()
    work = target / "packaging"
    work.mkdir(parents=True, exist_ok=True)
    # maturin runs zig as `python3 -m ziglang` of the tools venv.
    env_tools = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")

    print("== wheel: maturin build --release")
    wheel, took = build_wheel(tools / "maturin", work / "wheels", [], env_tools)
    if wheel is None:
        return 1
    size = wheel.stat().st_size
    print(f"  {wheel.name}: {size / 1e6:.1f} MB, built in {took:.0f} s")
    check(wheel.name.startswith(f"golive-{version}-py3-none-"), f"the wheel carries the crate's version {version} and no Python ABI")
    check_wheel_contents(wheel, version)
    tag, glibc = auditwheel_tag(tools / "auditwheel", wheel)
    print(f"  auditwheel: {tag}; GLIBC symbol versions up to {glibc[-1] if glibc else '?'}")
    check(tag is not None and wheel.name.endswith(f"-{tag}.whl"), f"the wheel's tag is the one auditwheel derives ({tag})")
    bindir = fresh_venv(args.python, work / "venv-wheel")
    must([bindir / "python", "-m", "pip", "install", "--quiet", "--no-index", wheel])
    check_installed(bindir, reference, version, "wheel")

    print("== pip install . (maturin as the PEP 517 backend, pinned by a constraint)")
    constraints = work / "constraints.txt"
    maturin_version = must([tools / "maturin", "--version"]).stdout.split()[-1]
    constraints.write_text(f"maturin=={maturin_version}\n")
    bindir = fresh_venv(args.python, work / "venv-pip")
    start = time.monotonic()
    p = run([bindir / "python", "-m", "pip", "install", "--quiet", ROOT], env=dict(os.environ, PIP_CONSTRAINT=str(constraints)))
    print(f"  pip install . took {time.monotonic() - start:.0f} s")
    if check(p.returncode == 0, "pip install . succeeds"):
        check_installed(bindir, reference, version, "pip install .")
    else:
        print(p.stdout + p.stderr)

    print("== cargo install --path crates/golive")
    root = work / "cargo-root"
    start = time.monotonic()
    p = run(["cargo", "install", "--locked", "--path", "crates/golive", "--root", root, "--force", "--target-dir", target], cwd=ROOT)
    print(f"  cargo install took {time.monotonic() - start:.0f} s")
    if check(p.returncode == 0, "cargo install --path crates/golive succeeds"):
        p = run([root / "bin" / "golive", "--version"])
        check(p.stdout.strip() == f"golive {version}", f"the installed binary is golive {version}")
    else:
        print(p.stderr[-2000:])

    if args.manylinux2014:
        print("== manylinux2014: maturin build --zig --compatibility manylinux2014")
        wheel, took = build_wheel(tools / "maturin", work / "wheels-manylinux2014", ["--zig", "--compatibility", "manylinux2014"], env_tools)
        if wheel is not None:
            print(f"  {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB, built in {took:.0f} s")
            check_wheel_contents(wheel, version)
            tag, glibc = auditwheel_tag(tools / "auditwheel", wheel)
            print(f"  auditwheel: {tag}; GLIBC symbol versions up to {glibc[-1] if glibc else '?'}")
            check(tag == "manylinux_2_17_x86_64", f"auditwheel: the zig-built wheel is manylinux_2_17 = manylinux2014 ({tag})")
            check("manylinux2014_x86_64" in wheel.name and "manylinux_2_17_x86_64" in wheel.name,
                  f"the wheel is tagged manylinux2014 ({wheel.name})")
            bindir = fresh_venv(args.python, work / "venv-manylinux2014")
            must([bindir / "python", "-m", "pip", "install", "--quiet", "--no-index", wheel])
            check_installed(bindir, reference, version, "manylinux2014 wheel")

    if FAILURES:
        print(f"packaging: {len(FAILURES)} failed")
        return 1
    print("packaging: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
