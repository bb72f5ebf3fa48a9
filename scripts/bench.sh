#!/usr/bin/env bash
# Benchmarks quoted in the README, measured side by side with hyperfine:
#   1. golive check vs `python manage.py check --deploy` (Django 5.2) on the
#      startproject example;
#   2. golive evaluating a generated 2,000-line settings package;
#   3. golive check on a whole deployment (examples/insecure: settings,
#      nginx, compose, Dockerfile, Procfile, systemd, uwsgi, .env,
#      requirements) and on examples/hardened;
#   4. golive check on every project of the real-world set (tests/realworld:
#      the shared corpus, the rendered templates and the PyPI packages, which
#      tests/realworld/run_realworld.py renders and downloads first);
#   5. the work behind those runs, counted instead of timed (instructions,
#      page faults, system calls: tests/bench/work_counts.py), which the VM's
#      noise does not move; with GOLIVE_BENCH_BEFORE=/path/to/older/golive
#      the older binary is counted side by side. Needs valgrind, perf and
#      strace (skipped when valgrind is missing).
# Needs hyperfine (Debian: apt-get install hyperfine) and the Django venvs
# (scripts/python-env.sh). Results: target/bench/*.json and stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
bash scripts/python-env.sh
cargo build --release --locked -q
out=target/bench
rm -rf "$out" && mkdir -p "$out"
cp -r examples/startproject "$out/startproject"
python3 tests/bench/make_large_settings.py "$out/large" --lines 2000
golive="$PWD/target/release/golive"
py="$PWD/.venvs/django52/bin/python"

echo "== 1. golive check vs Django check --deploy (startproject example, Django 5.2)"
# Side by side in one run: golive right before and right after Django's
# check, 300 runs each (a run of golive takes ~3 ms, so 60 runs would be a
# fifth of a second, at the mercy of one busy moment of the VM); the
# figure is the median of the 600.
(cd "$out/startproject" &&
  hyperfine -N --warmup 20 --runs 300 -i --export-json ../golive-before.json \
    -n "golive check" "$golive check . --django-version 5.2" &&
  hyperfine -N --warmup 5 --runs 60 -i --export-json ../django-check.json \
    -n "manage.py check --deploy" "$py manage.py check --deploy" &&
  hyperfine -N --warmup 20 --runs 300 -i --export-json ../golive-after.json \
    -n "golive check" "$golive check . --django-version 5.2")

echo "== 2. golive on a 2,000-line settings package"
cargo run --release --locked -q -p xtask -- bench-eval "$out/large"
hyperfine -N --warmup 10 --runs 200 -i --export-json "$out/large-settings.json" \
  -n "golive settings (2,000 lines)" "$golive settings $out/large --format json" \
  -n "golive check (2,000 lines)" "$golive check $out/large --format json"

echo "== 3. golive check on whole deployments (every layer)"
cp -r examples/insecure "$out/insecure"
cp -r examples/hardened "$out/hardened"
hyperfine -N --warmup 10 --runs 200 -i --export-json "$out/deployment.json" \
  -n "golive check (insecure deployment, every layer)" "$golive check $out/insecure --format json" \
  -n "golive check (hardened deployment)" "$golive check $out/hardened --format json"

echo "== 4. golive check on every real project of the real-world set"
python3 tests/realworld/run_realworld.py --golive "$golive" --venvs .venvs >/dev/null
corpus="${GOLIVE_REALWORLD:-$PWD/../shared/realworld}"
rw=()
dirs=()
for p in "$corpus"/*/ target/realworld/*-rendered target/realworld/pypi/*; do
    [ -d "$p" ] || continue
    rw+=(-n "$(basename "$p")" "$golive check $p")
    dirs+=("$p")
done
hyperfine -N -i --warmup 3 --runs 30 --export-json "$out/realworld.json" "${rw[@]}" >/dev/null

echo "== 5. the work per run, counted (instructions, page faults, system calls)"
if command -v valgrind >/dev/null; then
    python3 tests/bench/work_counts.py --golive "$golive" ${GOLIVE_BENCH_BEFORE:+--before "$GOLIVE_BENCH_BEFORE"} \
        --out "$out/work.json" "$out/startproject" "${dirs[@]}"
else
    echo "  (valgrind is not installed: apt-get install valgrind)"
fi

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
import statistics
runs = [json.load(open(f"{out}/golive-{w}.json"))["results"][0] for w in ("before", "after")]
g_median = statistics.median(runs[0]["times"] + runs[1]["times"])
g_user = (runs[0]["user"] + runs[1]["user"]) / 2
d = json.load(open(f"{out}/django-check.json"))["results"][0]
print(f"golive check: median {g_median*1000:.1f} ms (before Django's check {runs[0]['median']*1000:.1f}, after {runs[1]['median']*1000:.1f}); check --deploy: median {d['median']*1000:.0f} ms; speed-up {d['median']/g_median:.0f}x (user CPU {d['user']/max(g_user,1e-9):.0f}x)")
for res in json.load(open(f"{out}/large-settings.json"))["results"] + json.load(open(f"{out}/deployment.json"))["results"]:
    print(f"{res['command']}: median {res['median']*1000:.2f} ms, min {res['min']*1000:.2f} ms")
rw = sorted(json.load(open(f"{out}/realworld.json"))["results"], key=lambda r: -r["median"])
print(f"real projects: {len(rw)}, median of medians {sorted(r['median'] for r in rw)[len(rw)//2]*1000:.1f} ms, slowest:")
for res in rw[:5]:
    print(f"  {res['command']}: median {res['median']*1000:.1f} ms, min {res['min']*1000:.1f} ms")
over = [r["command"] for r in rw if r["median"] > 0.020]
print("every real project at or under 20 ms (median)" if not over else f"over 20 ms (median): {', '.join(over)}")
PY
