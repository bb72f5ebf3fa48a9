#!/usr/bin/env python3
"""`cargo build --release` and `cargo test --release` must compile the same
units for what they share: when a test-only dependency turns on a feature of
a crate the binary also uses, Cargo compiles that crate — and every crate
above it, golive's own included — a second time for the tests (minutes of a
clean CI run). The fix is a feature pin in crates/golive_infra/Cargo.toml.

Compares the two unit graphs (Cargo's `--unit-graph`, an unstable flag,
enabled with RUSTC_BOOTSTRAP=1 for this read-only query) and fails naming the
crates whose features differ. If the flag is unavailable it says so and
passes: this guards build time, not behaviour."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def unit_graph(*args):
    p = subprocess.run(
        ["cargo", *args, "--release", "--locked", "-Z", "unstable-options", "--unit-graph"],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, RUSTC_BOOTSTRAP="1"),
    )
    if p.returncode != 0:
        if "unit-graph" in p.stderr or "unstable" in p.stderr:
            return None, p.stderr.strip().splitlines()[-1:] or ["no output"]
        sys.exit(f"unit graphs: cargo {' '.join(args)} failed:\n{p.stderr}")
    units = {}
    for u in json.loads(p.stdout)["units"]:
        key = (u["pkg_id"], u["target"]["name"], u["mode"], u["platform"] or "")
        units.setdefault(key, set()).add((tuple(u["features"]), u["profile"]["opt_level"]))
    return units, None


def main():
    build, err = unit_graph("build")
    test, err2 = (None, None) if build is None else unit_graph("test", "--workspace", "--no-run")
    if build is None or test is None:
        print(f"unit graphs: --unit-graph unavailable ({(err or err2)[0]}); not compared")
        return 0
    differ = []
    for key, variants in sorted(build.items()):
        if key in test and not variants <= test[key]:
            name = key[0].split("#")[-1]
            differ.append(f"  {name} ({key[1]}, {key[2]}{', ' + key[3] if key[3] else ''}): "
                          f"build {sorted(variants)} / test {sorted(test[key])}")
    if differ:
        print("unit graphs: cargo test --release compiles these with other features than cargo build --release")
        print("(pin the test side's features in crates/golive_infra/Cargo.toml):")
        print("\n".join(differ))
        return 1
    print(f"unit graphs: the {len(build)} units of cargo build --release are shared by cargo test --release")
    return 0


if __name__ == "__main__":
    sys.exit(main())
