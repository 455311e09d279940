#!/usr/bin/env bash
# Delivery benchmark: logged deliveries per second from `hookscope serve` to a local sink that
# answers 204, beside wrk's own rate against the same sink in the same run.
#
#   tests/bench/delivery/run.sh [--quick] [--concurrency "10 32 64"] [--fill S]
#
# For each delivery concurrency: a fresh `hookscope serve --delivery-concurrency C`, one
# subscription to the sink (hookscope_bench_bare --status 204), kept inactive while wrk
# queues events through POST /api/events for --fill seconds (default 3; --quick: 1 s, and
# only concurrency 10 and 32). Then the subscription is enabled and the clock runs until the
# queue is empty; every delivery's attempt must be in the attempts table. The reference is
# wrk with C connections POSTing the same kind of signed ~700-byte body to the same sink.
# Prints deliveries/s, wrk's requests/s, their ratio and the 3,000/s target (reported, never
# fatal). Exit status: 0, or 1 when an attempt is missing or a process fails, 2 on usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build_dir="${HOOKSCOPE_BUILD_DIR:-$root/build}"
hookscope_bin="$build_dir/app/hookscope"
sink_bin="$build_dir/tests/bench/receiver/hookscope_bench_bare"
concurrency_list="10 32 64"
fill=3
target=3000

die() { echo "run.sh: $*" >&2; exit 1; }
while (($#)); do
    case "$1" in
    --quick) fill=1 concurrency_list="10 32" ;;
    --concurrency) concurrency_list="${2:?--concurrency needs a list}"; shift ;;
    --fill) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --fill needs seconds" >&2; exit 2; }; fill="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
    esac
    shift
done
for tool in wrk sqlite3 curl python3; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
if [[ ! -x "$hookscope_bin" || ! -x "$sink_bin" ]]; then
    "$root/packaging/dev" build >&2
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hookscope-delivery-bench.XXXXXX")"
pids=()
cleanup() {
    local status=$?
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT

start() { # start NAME COMMAND...: waits for "listening on http://127.0.0.1:PORT", sets $port
    local log="$tmp/$1.log"
    shift
    "$@" >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        if [[ "$(head -n 1 "$log" 2>/dev/null)" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
            port="${BASH_REMATCH[1]}"
            return 0
        fi
        sleep 0.1
    done
    sed 's/^/  /' "$log" >&2
    die "$1 did not start"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

start sink "$sink_bin" --port 0 --status 204
sink_port="$port"
echo "delivery benchmark: sink hookscope_bench_bare --status 204 on 127.0.0.1:$sink_port; $(nproc) CPUs"

for c in $concurrency_list; do
    # Reference: wrk's own rate against the sink with as many connections.
    ref="$(wrk -t1 -c"$c" -d"$((fill + 1))s" -s "$here/post.lua" "http://127.0.0.1:$sink_port/hooks" |
        awk '/Requests\/sec/ { print $2 }')"

    data="$tmp/data-$c"
    mkdir -p "$data"
    start "hookscope-$c" "$hookscope_bin" serve --port 0 --quiet --data-dir "$data" --delivery-concurrency "$c"
    api="http://127.0.0.1:$port/api"
    token="$("$hookscope_bin" token --data-dir "$data")"
    auth="Authorization: Bearer $token"
    sub="$(curl -sf -H "$auth" -X POST "$api/webhooks" -d "{\"name\":\"sink\",\"url\":\"http://127.0.0.1:$sink_port/hooks\",\"active\":false,\"retryAttempts\":0}" | json 'd["data"]["id"]')"
    HOOKSCOPE_TOKEN="$token" SUB_ID="$sub" wrk -t2 -c8 -d"${fill}s" -s "$here/fire.lua" "$api/events" >/dev/null
    queued="$(curl -sf -H "$auth" "$api/webhooks/queue/stats" | json 'd["data"]["paused"]')"

    start_us="$(date +%s%6N)"
    curl -sf -H "$auth" -X PATCH "$api/webhooks/$sub" -d '{"active":true}' >/dev/null
    # Polled seldom, with curl and bash alone: the statistics run on the delivery thread and
    # a python3 per poll would take the CPU being measured. The end is the last delivery's
    # completion time in the table, not the poll that saw it.
    while true; do
        stats="$(curl -sf -H "$auth" "$api/webhooks/queue/stats")"
        [[ "$stats" =~ \"inFlight\":([0-9]+) ]] && in_flight="${BASH_REMATCH[1]}"
        [[ "$stats" =~ \"pending\":([0-9]+) ]] && pending="${BASH_REMATCH[1]}"
        [[ "$stats" =~ \"scheduled\":([0-9]+) ]] && scheduled="${BASH_REMATCH[1]}"
        ((in_flight + pending + scheduled == 0)) && break
        sleep 0.5
    done
    kill -TERM "${pids[-1]}"
    wait "${pids[-1]}" 2>/dev/null || true
    unset 'pids[-1]'

    read -r attempts delivered end_us < <(sqlite3 -separator ' ' "$data/hookscope.db" \
        "SELECT (SELECT count(*) FROM attempts), (SELECT count(*) FROM deliveries WHERE status = 'delivered'), (SELECT max(completed_us) FROM deliveries)")
    seconds="$(awk -v a="$start_us" -v b="$end_us" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')"
    rate="$(awk -v n="$queued" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
    ratio="$(awk -v h="$rate" -v r="$ref" 'BEGIN { printf "%.2f", (r > 0 ? h / r : 0) }')"
    met="$(awk -v h="$rate" -v t="$target" 'BEGIN { print (h >= t ? "yes" : "no") }')"
    printf '  concurrency %3d  %7d deliveries in %6.2f s  %6d logged deliveries/s  wrk %8.0f req/s  ratio %.2f  (target >= %d/s: %s)\n' \
        "$c" "$queued" "$seconds" "$rate" "$ref" "$ratio" "$target" "$met"
    if ((attempts != queued || delivered != queued)); then
        die "concurrency $c: $queued queued, $delivered delivered, $attempts attempts logged"
    fi
    echo "                   every delivery delivered and logged: $attempts attempts"
done
