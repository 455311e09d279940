#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, ASan + UBSan + fuzzer coverage) and
# runs each for a while (default 20 s; tests/fuzz/run.sh SECONDS). Fails on any crash,
# sanitizer report, leak or hang (> 5 s for one input).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-20}"
dir="$root/build-fuzz"
targets=(fuzz_key_value_header fuzz_space_list_header fuzz_single_header fuzz_timestamp
         fuzz_form_url_json fuzz_verify fuzz_scheme_json)
if [[ ! -f "$dir/build.ninja" ]]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DHOOKSCOPE_FUZZ=ON -DHOOKSCOPE_GUI=OFF >/dev/null
fi
cmake --build "$dir" --target "${targets[@]}"
for target in "${targets[@]}"; do
    corpus="$dir/corpus/$target"
    mkdir -p "$corpus"
    echo "== $target (${seconds} s)"
    # New inputs go to the build tree; the seeds in the source tree are only read.
    log="$dir/$target.log"
    status=0
    "$dir/tests/fuzz/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/$target-" "$corpus" \
        "$root/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' "$log" || true
    if ((status != 0)); then
        tail -n 40 "$log" >&2
        echo "fuzz: $target failed (exit $status; log $log, crashing input $dir/$target-*)" >&2
        exit 1
    fi
done
