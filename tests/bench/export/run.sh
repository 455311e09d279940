#!/usr/bin/env bash
# Export benchmark: hookscope export over a generated database, beside sqlite3 -csv dumping
# the same rows in the same run.
#
#   tests/bench/export/run.sh [--quick] [--rows N] [--rounds R]
#
# Generates (once, cached under the build directory) a database of N realistic webhooks with
# hookscope_bench_generate (default 1,000,000; --quick: 50,000 and one round, the CI smoke
# run), then, alternating in each round:
#   requests  hookscope export --source requests (18 columns, headers and body included)
#             vs sqlite3 -csv of the same columns of the requests table
#   records   hookscope export --source records --root data.object (the JSON object in each
#             body, flattened: tags become tags.N.id / tags.N.name)
#             vs sqlite3 -csv with json_extract of the same object's fields
# and prints rows/s, peak RSS (GNU time) and the ratio hookscope / sqlite3. Targets are
# printed, never fatal. Exit status: 0 when the run completed, 1 on a failure, 2 on a usage
# error. HOOKSCOPE_BUILD_DIR overrides the build directory (default: build/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build_dir="${HOOKSCOPE_BUILD_DIR:-$root/build}"
rows=1000000
rounds=2

while (($#)); do
    case "$1" in
    --quick) rows=50000 rounds=1 ;;
    --rows) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rows needs a count" >&2; exit 2; }
        rows="$2"; shift ;;
    --rounds) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds needs a count" >&2; exit 2; }
        rounds="$2"; shift ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument \"$1\" (see --help)" >&2; exit 2 ;;
    esac
    shift
done

generate="$build_dir/tests/bench/inspector/hookscope_bench_generate"
hookscope="$build_dir/app/hookscope"
if [[ ! -x "$generate" || ! -x "$hookscope" ]]; then
    "$root/packaging/dev" build
fi
data="$build_dir/bench-export-$rows"
if [[ ! -f "$data/hookscope.db" || ! -f "$data/complete" ]]; then
    rm -rf "$data"
    "$generate" "$data" "$rows" >/dev/null 2>&1
    # Migrate now (schema 6, the audit log), so no timed run pays for it.
    "$hookscope" exports --data-dir "$data" --limit 1 >/dev/null
    touch "$data/complete"
fi
db="$data/hookscope.db"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

request_sql="SELECT id, received_us, method, path, query, response_status, content_type, \
body_size, truncated, event_type, session_id, endpoint_name, remote_address, remote_port, \
verification, CAST(headers AS TEXT), CAST(body AS TEXT), '' FROM requests ORDER BY id"
record_sql="SELECT json_extract(body, '\$.data.object.id'), json_extract(body, '\$.data.object.email'), \
json_extract(body, '\$.data.object.name'), json_extract(body, '\$.data.object.city'), \
json_extract(body, '\$.data.object.amount'), json_extract(body, '\$.data.object.currency'), \
json_extract(body, '\$.data.object.tags[0].id'), json_extract(body, '\$.data.object.tags[0].name'), \
json_extract(body, '\$.data.object.tags[1].id'), json_extract(body, '\$.data.object.tags[1].name'), \
json_extract(body, '\$.data.object.tags[2].id'), json_extract(body, '\$.data.object.tags[2].name'), \
json_extract(body, '\$.data.object.tags[3].id'), json_extract(body, '\$.data.object.tags[3].name'), \
json_extract(body, '\$.data.object.notes') FROM requests \
WHERE json_valid(body) AND json_type(body, '\$.data.object') = 'object' ORDER BY id"

# timed NAME COMMAND...: runs it with stdout to $work/NAME.out; sets secs and rss_kb.
timed() {
    local name="$1"
    shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "run.sh: $name failed:" >&2
        cat "$work/$name.err" >&2
        exit 1
    }
    read -r secs rss_kb <"$work/$name.time"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }

total_rows="$(sqlite3 "$db" "SELECT count(*) FROM requests")"
record_rows="$(sqlite3 "$db" "SELECT count(*) FROM requests WHERE json_valid(body) AND json_type(body, '\$.data.object') = 'object'")"
db_mb=$(( $(stat -c %s "$db") / 1048576 ))
echo "export benchmark over $total_rows stored requests ($db_mb MB database), $rounds round(s)"
# Read the file once so the first timed run does not pay for a cold page cache alone.
cat "$db" >/dev/null
declare -A best_rate best_rss
for kind in requests sqlite_requests records sqlite_records; do best_rate[$kind]=0; best_rss[$kind]=0; done
keep() { # kind rate rss: the best rate and the highest RSS over rounds
    ((${best_rate[$1]} < $2)) && best_rate[$1]=$2
    ((${best_rss[$1]} < $3)) && best_rss[$1]=$3
    return 0
}
for ((round = 1; round <= rounds; round++)); do
    timed sqlite_requests sqlite3 -csv -header "$db" "$request_sql"
    r=$(rate "$total_rows" "$secs"); keep sqlite_requests "$r" "$rss_kb"
    printf 'round %d  sqlite3 -csv requests      %8s rows/s  %6.2f s  peak RSS %4d MB  %5d MB out\n' \
        "$round" "$r" "$secs" $((rss_kb / 1024)) $(( $(stat -c %s "$work/sqlite_requests.out") / 1048576 ))
    rm -f "$work/sqlite_requests.out"

    timed requests "$hookscope" export --data-dir "$data" --source requests --out "$work/requests.csv"
    written="$(sed -n 's/^\([0-9]*\) rows written.*/\1/p' "$work/requests.err")"
    r=$(rate "$written" "$secs"); keep requests "$r" "$rss_kb"
    printf 'round %d  hookscope export requests  %8s rows/s  %6.2f s  peak RSS %4d MB  %5d MB out\n' \
        "$round" "$r" "$secs" $((rss_kb / 1024)) $(( $(stat -c %s "$work/requests.csv") / 1048576 ))
    rm -f "$work/requests.csv"

    timed sqlite_records sqlite3 -csv -header "$db" "$record_sql"
    r=$(rate "$record_rows" "$secs"); keep sqlite_records "$r" "$rss_kb"
    printf 'round %d  sqlite3 -csv records       %8s rows/s  %6.2f s  peak RSS %4d MB\n' \
        "$round" "$r" "$secs" $((rss_kb / 1024))
    rm -f "$work/sqlite_records.out"

    timed records "$hookscope" export --data-dir "$data" --source records --root data.object \
        --out "$work/records.csv"
    written="$(sed -n 's/^\([0-9]*\) rows written.*/\1/p' "$work/records.err")"
    r=$(rate "$written" "$secs"); keep records "$r" "$rss_kb"
    printf 'round %d  hookscope export records   %8s rows/s  %6.2f s  peak RSS %4d MB  (%s columns)\n' \
        "$round" "$r" "$secs" $((rss_kb / 1024)) "$(head -1 "$work/records.csv" | tr ',' '\n' | wc -l)"
    rm -f "$work/records.csv"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
rate_met=no
((best_rate[requests] >= 200000)) && rate_met=yes
rss_met=no
((best_rss[requests] < 153600 && best_rss[records] < 153600)) && rss_met=yes
echo
echo "summary (best of $rounds round(s); RSS: the highest)"
printf '  requests  hookscope %8s rows/s  sqlite3 -csv %8s rows/s  ratio %s  (target >= 200000 rows/s: %s)\n' \
    "${best_rate[requests]}" "${best_rate[sqlite_requests]}" \
    "$(ratio "${best_rate[requests]}" "${best_rate[sqlite_requests]}")" "$rate_met"
printf '  records   hookscope %8s rows/s  sqlite3 -csv %8s rows/s  ratio %s\n' \
    "${best_rate[records]}" "${best_rate[sqlite_records]}" \
    "$(ratio "${best_rate[records]}" "${best_rate[sqlite_records]}")"
printf '  peak RSS  requests %d MB, records %d MB, sqlite3 %d MB  (target < 150 MB: %s)\n' \
    $((best_rss[requests] / 1024)) $((best_rss[records] / 1024)) \
    $((best_rss[sqlite_requests] / 1024)) "$rss_met"
