#!/usr/bin/env bash
# Receiver benchmark: Hookscope's `serve` against a bare QHttpServer that stores nothing.
#
#   tests/bench/receiver/run.sh [--quick] [--rounds R] [--duration S] [--threads T]
#                               [--connections C]
#
# Starts hookscope_bench_bare and `hookscope serve --quiet` (fresh temporary data dir) on free
# 127.0.0.1 ports, then loads them alternately (bare, hookscope, bare, ...) with wrk and
# post.lua, which POSTs a ~400-byte JSON webhook. Default: 3 rounds of 10 s, 2 wrk threads,
# 64 connections; --quick: 1 round of 3 s (CI smoke test). Prints every round and a summary:
# median requests/s and p99 latency of each server, the ratio hookscope/bare against the
# target 0.8 (reported, never fatal), and Hookscope's acknowledged (2xx) answers against the
# rows in its `requests` table after a SIGTERM shutdown.
#
# Exit status: 0 when stored == acknowledged, 1 when they differ or a server or wrk fails,
# 2 on a usage error. Builds (packaging/dev build) only if a binary is missing.
# HOOKSCOPE_BUILD_DIR overrides the build directory (default: build/ at the top of the repo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build_dir="${HOOKSCOPE_BUILD_DIR:-$root/build}"
hookscope_bin="$build_dir/app/hookscope"
bare_bin="$build_dir/tests/bench/receiver/hookscope_bench_bare"
lua_script="$here/post.lua"

rounds=3
duration=10
threads=2
connections=64
grace=1 # seconds wrk runs past the window: the last answers in flight drain meanwhile
target_ratio=0.8
webhook_path=/webhooks/stripe

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
    echo "run.sh: $*" >&2
    exit 1
}

positive_int() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: $1 needs a positive integer" >&2; exit 2; }; }

while (($#)); do
    case "$1" in
    --quick) rounds=1 duration=3 ;;
    --rounds) positive_int "$1" "${2:-}"; rounds="$2"; shift ;;
    --duration) positive_int "$1" "${2:-}"; duration="$2"; shift ;;
    --threads) positive_int "$1" "${2:-}"; threads="$2"; shift ;;
    --connections) positive_int "$1" "${2:-}"; connections="$2"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
    esac
    shift
done
((connections >= threads)) || { echo "run.sh: --connections must be >= --threads" >&2; exit 2; }
# wrk hands each thread connections/threads connections; post.lua needs that number.
per_thread=$((connections / threads))

for tool in wrk sqlite3; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install $tool)"
done
if [[ ! -x "$hookscope_bin" || ! -x "$bare_bin" ]]; then
    echo "run.sh: building (packaging/dev build)" >&2
    "$root/packaging/dev" build >&2
    [[ -x "$hookscope_bin" && -x "$bare_bin" ]] || die "build did not produce $hookscope_bin and $bare_bin"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hookscope-bench.XXXXXX")"
data_dir="$tmp/data"
mkdir -p "$data_dir"
declare -A pid=() port=()
wrk_pid=""

stop_server() { # stop_server NAME: SIGTERM, then SIGKILL after 15 s
    local name="$1" p="${pid[$1]:-}"
    [[ -n "$p" ]] || return 0
    if kill -0 "$p" 2>/dev/null; then
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 150); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
    unset "pid[$name]"
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$wrk_pid" ]]; then
        kill -TERM "$wrk_pid" 2>/dev/null || true
        wait "$wrk_pid" 2>/dev/null || true
    fi
    for name in "${!pid[@]}"; do
        stop_server "$name"
    done
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_server() { # start_server NAME COMMAND...: waits for "listening on http://127.0.0.1:PORT"
    local name="$1" log="$tmp/$1.log"
    shift
    "$@" >"$log" 2>&1 &
    pid[$name]=$!
    local line=""
    for _ in $(seq 100); do
        line="$(head -n 1 "$log" 2>/dev/null)"
        [[ "$line" == "listening on http://127.0.0.1:"* ]] && break
        kill -0 "${pid[$name]}" 2>/dev/null || break
        sleep 0.1
    done
    if [[ ! "$line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
        echo "run.sh: $name did not start; its output:" >&2
        sed 's/^/  /' "$log" >&2
        exit 1
    fi
    port[$name]="${BASH_REMATCH[1]}"
}

busy_cpu() { # percentage of CPU time in use over one second, all processes (/proc/stat)
    local a b
    read -r -a a < <(head -n 1 /proc/stat)
    sleep 1
    read -r -a b < <(head -n 1 /proc/stat)
    awk -v u=$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7])) \
        -v i=$((b[4] + b[5] - a[4] - a[5])) 'BEGIN { printf "%.0f", (u + i > 0 ? 100 * u / (u + i) : 0) }'
}

busy="$(busy_cpu)" # measured before our own servers start
start_server bare "$bare_bin" --port 0
start_server hookscope "$hookscope_bin" serve --bind 127.0.0.1 --port 0 --data-dir "$data_dir" --quiet

echo "receiver benchmark: $rounds round(s) of ${duration}s, wrk $threads threads, $connections connections,"
echo "  POST $webhook_path with a ~400-byte JSON body (post.lua);" \
    "$(nproc) CPUs, ${busy}% busy before start"
if ((busy > 10)); then
    echo "  note: other processes are using the CPUs; figures will be noisy (compare the per-round ratios)"
fi
echo "  bare      = hookscope_bench_bare on 127.0.0.1:${port[bare]} (QHttpServer, stores nothing)"
echo "  hookscope = hookscope serve on 127.0.0.1:${port[hookscope]} (data dir $data_dir)"

declare -A rps_list=() p99_list=() ok_total=() non2xx_total=()
ok_total=([bare]=0 [hookscope]=0)
non2xx_total=([bare]=0 [hookscope]=0)
undrained=0
last_bare_rps=0

field() { # field NAME RESULT-LINE
    local re="(^| )$1=([^ ]+)"
    [[ "$2" =~ $re ]] && echo "${BASH_REMATCH[2]}"
}

measure() { # measure ROUND NAME
    local round="$1" name="$2" out="$tmp/wrk-$2-$1.txt"
    # In the background so that a signal reaches our trap at once, not after wrk's run.
    wrk --threads "$threads" --connections "$connections" --duration "$((duration + grace))s" \
        --timeout 10s --script "$lua_script" "http://127.0.0.1:${port[$name]}$webhook_path" \
        -- "$duration" "$per_thread" >"$out" 2>&1 &
    wrk_pid=$!
    local status=0
    wait "$wrk_pid" || status=$?
    wrk_pid=""
    if ((status != 0)); then
        sed 's/^/  /' "$out" >&2
        die "wrk failed against $name (exit status $status)"
    fi
    local result
    result="$(grep '^RESULT ' "$out" | tail -n 1)" || true
    if [[ -z "$result" ]]; then
        sed 's/^/  /' "$out" >&2
        die "wrk printed no RESULT line against $name"
    fi
    kill -0 "${pid[$name]}" 2>/dev/null || die "$name exited during round $round"

    local rps p99 ok non2xx drained errors
    rps="$(field rps "$result")"
    p99="$(field p99_us "$result")"
    ok="$(field ok "$result")"
    non2xx="$(field non2xx "$result")"
    drained="$(field drained "$result")"
    errors=$(($(field connect_err "$result") + $(field read_err "$result") + $(field write_err "$result")))
    rps_list[$name]+="$rps "
    p99_list[$name]+="$p99 "
    ok_total[$name]=$((ok_total[$name] + ok))
    non2xx_total[$name]=$((non2xx_total[$name] + non2xx))
    local note=""
    if [[ "$name" == hookscope ]]; then
        note+="  (ratio $(awk -v h="$rps" -v b="$last_bare_rps" 'BEGIN { printf "%.2f", (b > 0 ? h / b : 0) }'))"
    else
        last_bare_rps="$rps"
    fi
    ((errors == 0)) || note+="  socket errors: $errors"
    if ((drained < threads)); then
        note+="  (answers still in flight at wrk's end)"
        if [[ "$name" == hookscope ]]; then undrained=1; fi
    fi
    printf 'round %d/%d  %-9s  %9.0f req/s  p99 %7.2f ms  2xx %8d  non-2xx %d%s\n' \
        "$round" "$rounds" "$name" "$rps" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" \
        "$ok" "$non2xx" "$note"
}

median() { # median NUMBERS...
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for ((round = 1; round <= rounds; round++)); do
    measure "$round" bare
    measure "$round" hookscope
done

# Stop Hookscope the way a user would (SIGTERM: it answers what it holds, then exits), and
# count what it stored.
hs_pid="${pid[hookscope]}"
kill -TERM "$hs_pid"
hs_status=0
for _ in $(seq 300); do
    kill -0 "$hs_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$hs_pid" 2>/dev/null; then
    die "hookscope did not exit within 30 s of SIGTERM"
fi
wait "$hs_pid" || hs_status=$?
unset "pid[hookscope]"
((hs_status == 0)) || echo "run.sh: warning: hookscope exited with status $hs_status" >&2
stored="$(sqlite3 "$data_dir/hookscope.db" 'SELECT count(*) FROM requests;')" ||
    die "cannot read $data_dir/hookscope.db"

# shellcheck disable=SC2086 # the lists are space-separated numbers
{
    bare_rps="$(median ${rps_list[bare]})"
    hs_rps="$(median ${rps_list[hookscope]})"
    bare_p99="$(median ${p99_list[bare]})"
    hs_p99="$(median ${p99_list[hookscope]})"
}
ratio="$(awk -v h="$hs_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", (b > 0 ? h / b : 0) }')"
meets="$(awk -v r="$ratio" -v t="$target_ratio" 'BEGIN { print (r >= t ? "yes" : "NO") }')"

echo
echo "summary ($rounds round(s) of ${duration}s, medians)"
printf '  bare       %9.0f req/s  p99 %7.2f ms\n' "$bare_rps" "$(awk -v u="$bare_p99" 'BEGIN { print u / 1000 }')"
printf '  hookscope  %9.0f req/s  p99 %7.2f ms\n' "$hs_rps" "$(awk -v u="$hs_p99" 'BEGIN { print u / 1000 }')"
echo "  ratio hookscope/bare: $ratio (target >= $target_ratio: $meets)"
echo "  hookscope: acknowledged (2xx) ${ok_total[hookscope]}, non-2xx ${non2xx_total[hookscope]}, stored rows $stored"
if [[ "$stored" == "${ok_total[hookscope]}" ]]; then
    echo "  stored == acknowledged: OK"
else
    echo "  stored == acknowledged: FAILED ($stored stored, ${ok_total[hookscope]} acknowledged)"
    if ((undrained)); then
        echo "  (some answers were still in flight when wrk stopped; see the rounds above)"
    fi
    exit 1
fi
