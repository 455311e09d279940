#!/usr/bin/env bash
# CTest fixture set-up of e2e.interop: installs the providers' npm libraries from
# package-lock.json into the build tree (never the source tree). Fails loudly when it cannot.
set -euo pipefail
dir="$1"
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "e2e.interop: node and npm are needed (Debian: nodejs and npm)" >&2
    exit 1
fi
stamp="$dir/node_modules/.hookscope-lock"
if [[ -d "$dir/node_modules" && -f "$stamp" ]] && cmp -s "$stamp" "$dir/package-lock.json"; then
    exit 0
fi
if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
    echo "e2e.interop: npm ci failed in $dir (is the npm registry reachable?)" >&2
    exit 1
fi
cp "$dir/package-lock.json" "$stamp"
