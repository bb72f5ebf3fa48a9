#!/usr/bin/env bash
# Creates the Python virtual environments the test suite uses as oracles:
# one per Django series, each with the settings libraries golive emulates.
# Idempotent: a venv whose pins already match is left alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venvs="$root/.venvs"
mkdir -p "$venvs"

libs=(django-environ==0.14.0 python-decouple==3.8 dj-database-url==3.1.2 python-dotenv==1.2.4 "psycopg[binary]==3.3.9")

find_python() {
  # $1 = wanted minor version, e.g. 3.12. Prefer pyenv's interpreters, whose
  # shims otherwise answer `command -v` for versions that are not active.
  local want="$1" v candidate
  if command -v pyenv >/dev/null 2>&1; then
    v="$(pyenv versions --bare | grep -E "^${want//./\\.}\.[0-9]+$" | sort -V | tail -n1 || true)"
    if [ -n "$v" ] && [ -x "$(pyenv root)/versions/$v/bin/python$want" ]; then
      echo "$(pyenv root)/versions/$v/bin/python$want"; return
    fi
  fi
  for candidate in "python$want" python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; sys.exit(0 if sys.version.startswith('$want.') else 1)" 2>/dev/null; then
      command -v "$candidate"; return
    fi
  done
  echo "no Python $want found (install it, e.g. with pyenv)" >&2
  return 1
}

make_venv() {
  local name="$1" python_minor="$2" django_pin="$3"
  local dir="$venvs/$name" stamp
  stamp="$django_pin ${libs[*]}"
  if [ -f "$dir/.golive-stamp" ] && [ "$(cat "$dir/.golive-stamp")" = "$stamp" ]; then
    return
  fi
  local py
  py="$(find_python "$python_minor")"
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$django_pin" "${libs[@]}"
  echo "$stamp" > "$dir/.golive-stamp"
  echo "python-env: $name ready ($("$dir/bin/python" -c 'import django,sys; print("Django", django.get_version(), "on Python", sys.version.split()[0])'))"
}

pids=()
make_venv django42 3.11 django==4.2.30 & pids+=($!)
make_venv django52 3.11 django==5.2.19 & pids+=($!)
make_venv django60 3.12 django==6.0.10 & pids+=($!)
make_venv django61 3.12 django==6.1.3 & pids+=($!)

# The site the end-to-end probe test serves (tests/probe): Django under
# gunicorn.
make_stack_venv() {
  local dir="$venvs/stack" stamp="django==5.2.19 gunicorn==23.0.0 django-debug-toolbar==6.0.0"
  if [ -f "$dir/.golive-stamp" ] && [ "$(cat "$dir/.golive-stamp")" = "$stamp" ]; then
    return
  fi
  local py
  py="$(find_python 3.11)"
  rm -rf "$dir"
  "$py" -m venv "$dir"
  # shellcheck disable=SC2086
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check $stamp
  echo "$stamp" > "$dir/.golive-stamp"
  echo "python-env: stack ready ($stamp)"
}
make_stack_venv & pids+=($!)

# Tools that are not Django: PyYAML (every compose file it loads, golive
# must load too; the GitHub Action's steps are read with it), maturin (the
# wheel), auditwheel (its platform tag), ziglang (maturin --zig for a
# manylinux2014 wheel) and pre-commit (the hooks in .pre-commit-hooks.yaml).
make_tools_venv() {
  local dir="$venvs/tools" stamp="PyYAML==6.0.3 maturin==1.16.0 auditwheel==6.8.2 ziglang==0.17.1 pre-commit==4.7.0 jsonschema==4.26.0 rfc3986-validator==0.1.1"
  if [ -f "$dir/.golive-stamp" ] && [ "$(cat "$dir/.golive-stamp")" = "$stamp" ]; then
    return
  fi
  local py
  py="$(find_python 3.11)"
  rm -rf "$dir"
  "$py" -m venv "$dir"
  # shellcheck disable=SC2086
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check $stamp
  echo "$stamp" > "$dir/.golive-stamp"
  echo "python-env: tools ready ($stamp)"
}
make_tools_venv & pids+=($!)
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
