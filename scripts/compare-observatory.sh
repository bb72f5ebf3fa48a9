#!/usr/bin/env bash
# golive probe side by side with Mozilla's HTTP Observatory on local nginx sites.
#
#   scripts/compare-observatory.sh [--golive PATH] [--self-test] [--check] [--if-installed]
#
# Installs @mdn/mdn-http-observatory (pinned) from npm into .cache/observatory/
# without its postinstall (which downloads the HSTS preload list and the IANA
# TLD list), gives it the empty lists it reads instead, then runs
# scripts/compare_observatory.py: local nginx sites on 127.0.0.1, both tools on
# each, docs/probe-vs-observatory.md and the figures in README.md written.
#
#   --golive PATH  the golive binary (default target/release/golive)
#   --self-test    only check that the Observatory driver grades one local site
#   --check        write nothing; fail if the doc or README figures would change
#   --if-installed do nothing (exit 0) unless the package is already in the cache
#   --raw FILE     also write both tools' raw results as JSON
#
# Needs node >= 20 and npm, nginx and openssl. scripts/test.sh runs only the
# self-test, and only when the package is already cached (the npm install takes
# ~20 s); GOLIVE_OBSERVATORY=1 scripts/test.sh installs it and also runs --check.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@mdn/mdn-http-observatory"
VERSION="1.4.8"
CACHE=".cache/observatory/$VERSION"
PKG_DIR="$CACHE/node_modules/$PACKAGE"

for tool in node npm openssl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "compare-observatory: $tool is not installed" >&2; exit 2; }
done

installed="$(node -p 'require(process.argv[1]).version' "$PWD/$PKG_DIR/package.json" 2>/dev/null || true)"
args=()
for arg in "$@"; do
    if [ "$arg" = "--if-installed" ]; then
        if [ "$installed" != "$VERSION" ]; then
            echo "compare-observatory: $PACKAGE@$VERSION is not in $CACHE; skipped (run scripts/compare-observatory.sh to install it)" >&2
            exit 0
        fi
    else
        args+=("$arg")
    fi
done

if [ "$installed" != "$VERSION" ]; then
    echo "== npm install $PACKAGE@$VERSION into $CACHE (--ignore-scripts: no download at install)" >&2
    mkdir -p "$CACHE"
    [ -f "$CACHE/package.json" ] || echo '{"private": true}' > "$CACHE/package.json"
    (cd "$CACHE" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$PACKAGE@$VERSION" >&2)
fi

# What the skipped postinstall would have written: src/retrieve-hsts.js writes
# conf/hsts-preload.json (a JSON object: domain -> {includeSubDomains, mode,
# ...}), read by src/analyzer/hsts.js for the redirection and HSTS tests;
# src/retrieve-tld-list.js writes conf/tld-list.json (a JSON array of TLDs),
# read only by the API server. Empty lists: no local host is preloaded.
[ -s "$PKG_DIR/conf/hsts-preload.json" ] || echo '{}' > "$PKG_DIR/conf/hsts-preload.json"
[ -s "$PKG_DIR/conf/tld-list.json" ] || echo '[]' > "$PKG_DIR/conf/tld-list.json"

exec python3 scripts/compare_observatory.py --observatory "$CACHE" ${args[@]+"${args[@]}"}
