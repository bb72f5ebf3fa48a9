#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Python
# virtual environments with pinned Django 4.2, 5.2, 6.0, 6.1 and the settings
# libraries, a Django + gunicorn venv for the probe's test site; nginx and
# openssl from apt), builds golive, and runs the Rust tests, the oracle tests
# against the real Django and CPython, the probe against real stacks, and the
# packaging (wheel, pre-commit hooks, the GitHub Action's steps).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each section's wall time, so a slow CI run shows where its minutes went.
SUITE_START=$SECONDS
SECTION_START=
section() {
    if [ -n "$SECTION_START" ]; then echo "   ($((SECONDS - SECTION_START)) s)"; fi
    SECTION_START=$SECONDS
    echo "== $*"
}

# The release profile links the shipped binary as one optimisation unit
# (lto = "fat", codegen-units = 1: Cargo.toml). For the suite that would make
# each of its 30-odd test binaries a whole-program link of its own — tens of
# minutes — so the suite compiles with the default release settings instead:
# the same code, optimised per crate. (`scripts/bench.sh` measures the
# shipped configuration.)
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

section "Python oracles (venvs under .venvs/)"
bash scripts/python-env.sh

section "system packages: nginx (nginx -t checks every nginx fixture), openssl, chromium (renders the HTML report), strace (the hostile cases: no system call names a path outside the project)"
if ! command -v nginx >/dev/null 2>&1 && ! [ -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v strace >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx openssl chromium strace >/dev/null
fi

section "build (release)"
cargo build --release --locked

section "format and lints"
# The tests must reuse what the build compiled (a test-only dependency turning
# on a feature recompiles the graph above it: minutes of CI).
python3 scripts/check-unit-graphs.py
cargo fmt --check
# In the release profile: the proc macros and build scripts the check needs
# are the ones the release build just compiled (the dev profile would compile
# them again, at opt-level 2: most of four minutes on a clean machine).
cargo clippy --release --workspace --all-targets --locked -- -D warnings

section "cargo test (release: the tests run the code users run, and reuse the release build's"
echo "   compiled dependencies instead of compiling them a second time)"
cargo test --release --workspace --locked

section "oracle: generated settings modules vs Django check --deploy and CPython"
python3 tests/oracle/run_oracle.py --golive target/release/golive --venvs .venvs

section "compose files: PyYAML as the oracle"
python3 tests/yaml/run_compose_oracle.py --golive target/release/golive --python .venvs/tools/bin/python

section "SARIF: the official 2.1.0 schema (from npm, cached under target/) and code scanning's requirements"
.venvs/tools/bin/python tests/formats/run_sarif.py --golive target/release/golive

section "HTML report in headless Chromium: no load, no console error, the filter works (screenshots in target/html-report/)"
python3 tests/formats/run_html.py --golive target/release/golive

section "real-world projects: the shared corpus, rendered templates, PyPI packages (reviewed verdicts)"
python3 tests/realworld/run_realworld.py --golive target/release/golive --venvs .venvs

section "hostile repositories: reads outside the project, FIFOs, size bombs, crashes (bounded, no leak)"
python3 tests/hostile/run_hostile.py --golive target/release/golive

section "golive probe against real stacks on loopback (nginx + gunicorn + TLS, runserver; redirects, failures, a private CA)"
python3 tests/probe/run_stack.py --golive target/release/golive --venv .venvs/stack
python3 tests/probe/run_follow.py --golive target/release/golive --venv .venvs/stack
# The 20 nginx sites of the Observatory comparison (CSP header/meta/Report-Only, HSTS,
# Referrer-Policy, cookies, CORS, mixed content, SRI, a canonical redirect): golive must
# fail exactly the checks each site was built weak in. No node needed.
python3 scripts/compare_observatory.py --golive-only --golive target/release/golive

section "the HTTP Observatory driver against local sites (GOLIVE_OBSERVATORY=1: also the full comparison)"
if [ "${GOLIVE_OBSERVATORY:-0}" = 1 ]; then
    echo "== golive probe vs the HTTP Observatory: docs/probe-vs-observatory.md up to date (GOLIVE_OBSERVATORY=1)"
    bash scripts/compare-observatory.sh --self-test
    bash scripts/compare-observatory.sh --golive target/release/golive --check
else
    bash scripts/compare-observatory.sh --self-test --if-installed
fi

section "packaging: the wheel (maturin, auditwheel) in a fresh venv, pip install ., cargo install"
# GOLIVE_TEST_MANYLINUX2014=1 also builds the manylinux2014 wheel with zig
# (a second full release build, for another target: 7 CPU-minutes).
.venvs/tools/bin/python tests/packaging/run_wheel.py --golive target/release/golive --tools .venvs/tools \
    ${GOLIVE_TEST_MANYLINUX2014:+--manylinux2014}

section "the GitHub Action (action.yml): its shell steps as the runner runs them"
.venvs/tools/bin/python tests/packaging/run_action.py --wheel-dir target/packaging/wheels \
    --work target/packaging/action --python .venvs/tools/bin/python

# Last: pre-commit builds golive from a copy of the checkout (pip install
# of the hook repository), in a target directory of its own.
section "pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit in a throw-away repository"
.venvs/tools/bin/python tests/packaging/run_precommit.py --golive target/release/golive --tools .venvs/tools

section "all tests passed in $((SECONDS - SUITE_START)) s"
