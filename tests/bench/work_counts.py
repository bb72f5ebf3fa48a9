#!/usr/bin/env python3
"""The work one `golive check` does, counted rather than timed.

Wall-clock figures on a shared 2-core VM move by 30 % between runs; what a
run *does* does not: the instructions it executes in user space (valgrind's
callgrind, `Ir`), the page faults it takes and the system calls it makes. This
script counts the three for each project directory given, for one or two
golive binaries side by side, and prints a table (and writes JSON).

    work_counts.py --golive NEW [--before OLD] --out FILE DIR...

Needs valgrind, perf and strace; a tool that is missing leaves its column
empty (the script says which).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def instructions(golive, project, extra):
    if not shutil.which("valgrind"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", golive, "check", project, *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if m else None


def page_faults(golive, project, extra):
    if not shutil.which("perf"):
        return None
    p = subprocess.run(
        ["perf", "stat", "-x,", "-e", "page-faults", golive, "check", project, *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in p.stderr.splitlines():
        if "page-faults" in line:
            value = line.split(",")[0]
            return int(value) if value.isdigit() else None
    return None


def syscalls(golive, project, extra):
    if not shutil.which("strace"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "strace.txt")
        subprocess.run(
            ["strace", "-f", "-c", "-o", out, golive, "check", project, *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            last = open(out).read().strip().splitlines()[-1].split()
        except (OSError, IndexError):
            return None
    # "100.00  0.001  1  3165  118  total": calls are the fourth column
    # (the errors column is empty when no call failed).
    numbers = [w for w in last if w.replace(".", "").isdigit()]
    return int(numbers[3]) if len(numbers) >= 4 else None


def count(golive, project, extra):
    return {
        "instructions": instructions(golive, project, extra),
        "page_faults": page_faults(golive, project, extra),
        "syscalls": syscalls(golive, project, extra),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--golive", required=True)
    ap.add_argument("--before", help="an older golive binary, counted side by side")
    ap.add_argument("--out", required=True, help="JSON file to write")
    ap.add_argument("--arg", action="append", default=[], help="extra argument for golive check (repeatable)")
    ap.add_argument("projects", nargs="+")
    args = ap.parse_args()
    missing = [t for t in ("valgrind", "perf", "strace") if not shutil.which(t)]
    if missing:
        print(f"work_counts: not installed, column left empty: {', '.join(missing)}", file=sys.stderr)
    rows = []
    for project in args.projects:
        name = os.path.basename(os.path.normpath(project))
        row = {"project": name, "after": count(args.golive, project, args.arg)}
        if args.before:
            row["before"] = count(args.before, project, args.arg)
        rows.append(row)
        after = row["after"]
        millions = "-" if after["instructions"] is None else f"{after['instructions'] / 1e6:,.1f}"
        whole = lambda v: "-" if v is None else f"{v:,}"
        line = f"  {name:34} {millions:>7} M instr  {whole(after['page_faults']):>6} faults  {whole(after['syscalls']):>6} syscalls"
        if args.before:
            before = row["before"]
            if before["instructions"] and after["instructions"]:
                line += f"   (before: {before['instructions'] / 1e6:,.1f} M instr, {100 * (1 - after['instructions'] / before['instructions']):.0f} % fewer)"
        print(line)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=2)
    pairs = [r for r in rows if r.get("before", {}).get("instructions") and r["after"]["instructions"]]
    if pairs:
        total_before = sum(r["before"]["instructions"] for r in pairs)
        total_after = sum(r["after"]["instructions"] for r in pairs)
        print(f"  all {len(pairs)} projects: {total_before / 1e6:,.0f} M -> {total_after / 1e6:,.0f} M instructions ({100 * (1 - total_after / total_before):.0f} % fewer)")


if __name__ == "__main__":
    main()
