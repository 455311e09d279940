#!/usr/bin/env bash
# Inspector benchmark: the main window over a generated database on the offscreen platform.
#
#   tests/bench/inspector/run.sh [--quick] [--rows N] [--wrk-seconds S]
#
# Generates (once, cached under the build directory) a database of N realistic webhooks
# (default 1,000,000; --quick: 100,000 and 3 s of load, the CI smoke run), then runs
# hookscope_bench_inspector on it, which prints: time to first rows, scroll jumps, filter
# changes (each with the bare SQLite figure of the same run), RSS, and the event loop's
# longest stall while wrk posts to the window's receiver. Targets are printed, never fatal.
# Exit status: 0 when the run completed, 1 when something failed, 2 on a usage error.
# HOOKSCOPE_BUILD_DIR overrides the build directory (default: build/ at the top of the repo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build_dir="${HOOKSCOPE_BUILD_DIR:-$root/build}"
rows=1000000
wrk_seconds=10

while (($#)); do
    case "$1" in
    --quick) rows=100000 wrk_seconds=3 ;;
    --rows) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rows needs a count" >&2; exit 2; }
        rows="$2"; shift ;;
    --wrk-seconds) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --wrk-seconds needs seconds" >&2; exit 2; }
        wrk_seconds="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
    esac
    shift
done

generate="$build_dir/tests/bench/inspector/hookscope_bench_generate"
bench="$build_dir/tests/bench/inspector/hookscope_bench_inspector"
if [[ ! -x "$generate" || ! -x "$bench" ]]; then
    "$root/packaging/dev" build
fi
data="$build_dir/bench-inspector-$rows"
if [[ ! -f "$data/hookscope.db" || ! -f "$data/complete" ]]; then
    rm -rf "$data"
    "$generate" "$data" "$rows"
    touch "$data/complete"
fi
# The benchmark's load goes into a copy, so every run starts from the same database.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data/hookscope.db" "$work/"
QT_QPA_PLATFORM=offscreen "$bench" --data-dir "$work" --lua "$root/tests/bench/receiver/post.lua" \
    --wrk "$(command -v wrk)" --wrk-seconds "$wrk_seconds"
