#!/usr/bin/env bash
# Builds every fuzz target of Fuzz/ with libFuzzer and AddressSanitizer and runs each for a
# bounded time (docs/fuzzing.md).
#
#   Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 seconds, every target
#
# Environment: CLOSE_FUZZ_JOBS (targets run at once, default 1), CLOSE_FUZZ_BUILD_ONLY=1
# (build, write the seeds, run nothing), CLOSE_EXTERNAL (the shared/external folder).
# Each target keeps its corpus in .build-fuzz/corpus/TARGET, so a later run goes on from it;
# a crash is saved as .build-fuzz/crashes/TARGET/crash-* and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

seconds="${1:-60}"
shift || true
all=(journal rates bank-csv goods camt053 mt940 group policy decisions template scenario override saft)
targets=("${@:-${all[@]}}")
jobs="${CLOSE_FUZZ_JOBS:-1}"
out=.build-fuzz
flags=(--package-path Fuzz --build-path "$out" -Xswiftc -sanitize=fuzzer,address)

started=$(date +%s)
# A failed build stops here: the binaries of an earlier build would otherwise be fuzzed as if new.
mkdir -p "$out"
if ! swift build "${flags[@]}" > "$out/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$out/build.log" | grep -E "error" >&2 || true
    echo "the fuzz build failed (whole log: $out/build.log)" >&2
    exit 1
fi
grep -E "Build complete" "$out/build.log" || true
bin="$(swift build "${flags[@]}" --show-bin-path)"
for target in "${targets[@]}"; do
    [ -x "$bin/fuzz-$target" ] || { echo "fuzz-$target did not build" >&2; exit 1; }
done
echo "fuzz build: $(( $(date +%s) - started ))s"

# Leaks are not checked: Swift's runtime and Foundation keep caches that LeakSanitizer
# reports at exit, and a leak is not what these targets look for.
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
# Swift's own crash backtracer would race libFuzzer's handler (and trip ASan reading memory).
export SWIFT_BACKTRACE="enable=no"

run_target() {
    local target="$1" seeds="$out/seeds/$1" corpus="$out/corpus/$1" crashes="$out/crashes/$1" log="$out/logs/$1.log"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$crashes" "$out/logs"
    CLOSE_FUZZ_SEEDS="$seeds" "$bin/fuzz-$target" >/dev/null
    [ "${CLOSE_FUZZ_BUILD_ONLY:-0}" = 1 ] && return 0
    local dict=()
    [ -f "Fuzz/dicts/$target.dict" ] && dict=(-dict="Fuzz/dicts/$target.dict")
    # -timeout: an input that takes 30 s is unbounded work, a finding like a crash.
    # -max_len: the real bank files are up to ~15 KB; longer inputs only slow the search.
    if "$bin/fuzz-$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
        -max_len=20000 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$crashes/" ${dict[@]+"${dict[@]}"} >"$log" 2>&1; then
        status=ok
    else
        status=CRASH
    fi
    local runs speed
    runs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log")
    speed=$(awk '/stat::average_exec_per_sec:/ {print $2}' "$log")
    printf '%-10s %-6s %10s runs %6s exec/s %6s in corpus  %s\n' "$target" "$status" "${runs:-?}" "${speed:-?}" \
        "$(ls "$corpus" | wc -l)" "$([ $status = ok ] || echo "see $log and $crashes/")"
    # CI keeps only what is printed: the property that broke, the stack and the input.
    [ $status = ok ] || grep -v "^#[0-9]" "$log" | tail -60
    [ $status = ok ]
}

failed=0
running=0
for target in "${targets[@]}"; do
    if [ "$jobs" -le 1 ]; then
        run_target "$target" || failed=1
    else
        run_target "$target" &
        running=$((running + 1))
        if [ "$running" -ge "$jobs" ]; then wait -n || failed=1; running=$((running - 1)); fi
    fi
done
while [ "$running" -gt 0 ]; do wait -n || failed=1; running=$((running - 1)); done
echo "fuzzing done in $(( $(date +%s) - started ))s"
exit $failed
