#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (Python
# virtual environments with pinned Django 4.2, 5.2, 6.0, 6.1 and the settings
# libraries, a Django + gunicorn venv for the probe's test site; nginx and
# openssl from apt), builds golive, and runs the Rust tests, the oracle tests
# against the real Django and CPython, and the probe against real stacks.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Python oracles (venvs under .venvs/)"
bash scripts/python-env.sh

echo "== system packages: nginx (nginx -t checks every nginx fixture), openssl, chromium (renders the HTML report)"
if ! command -v nginx >/dev/null 2>&1 && ! [ -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx openssl chromium >/dev/null
fi

echo "== build, format and lints"
cargo build --release --locked
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

echo "== oracle: generated settings modules vs Django check --deploy and CPython"
python3 tests/oracle/run_oracle.py --golive target/release/golive --venvs .venvs

echo "== compose files: PyYAML as the oracle"
python3 tests/yaml/run_compose_oracle.py --golive target/release/golive --python .venvs/tools/bin/python

echo "== SARIF: the official 2.1.0 schema (from npm, cached under target/) and code scanning's requirements"
.venvs/tools/bin/python tests/formats/run_sarif.py --golive target/release/golive

echo "== HTML report in headless Chromium: no load, no console error, the filter works (screenshots in target/html-report/)"
python3 tests/formats/run_html.py --golive target/release/golive

echo "== real-world projects: the shared corpus, rendered templates, PyPI packages (reviewed verdicts)"
python3 tests/realworld/run_realworld.py --golive target/release/golive --venvs .venvs

echo "== hostile repositories: reads outside the project, FIFOs, size bombs, crashes (bounded, no leak)"
python3 tests/hostile/run_hostile.py --golive target/release/golive

echo "== golive probe against real stacks on loopback (nginx + gunicorn + TLS, runserver)"
python3 tests/probe/run_stack.py --golive target/release/golive --venv .venvs/stack

echo "== all tests passed"
