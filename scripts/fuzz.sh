#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# A run starts from the corpus kept in tests/fuzz/corpus/TARGET, or else from seeds made of
# corpus/ and rules/; the growing corpus is kept in build-fuzz/work/TARGET.
# A crash, leak or timeout is saved in tests/fuzz/regressions/TARGET/ (replayed by ctest in
# every ordinary build from then on) and makes this script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_canonicalizer fuzz_readers fuzz_rule_pack fuzz_payload)
build=${FUZZ_BUILD_DIR:-build-fuzz}

# -O1 with line tables only (-g1), as fuzzing builds usually are: quicker to build and run.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DTPLGUARD_FUZZ=ON >/dev/null
cmake --build "$build" --target "${targets[@]}"

# Seeds: every corpus and rule file, prefixed with each format/target selector byte.
seed_dir="$build/seeds"
rm -rf "$seed_dir"
mkdir -p "$seed_dir"
n=0
while IFS= read -r -d '' f; do
  for prefix in 0 1 2 3 4 5 6 7 8 9 10 11; do
    { printf "\\x$(printf %02x "$prefix")"; head -c 65536 "$f"; } > "$seed_dir/seed-$n-$prefix"
  done
  n=$((n + 1))
done < <(find corpus rules -type f \( -name '*.yaml' -o -name '*.json' -o -name '*.jsonl' \) -print0)

status=0
for t in "${targets[@]}"; do
  work="$build/work/$t"
  artifacts="tests/fuzz/regressions/$t/"
  mkdir -p "$work" "$artifacts"
  echo "== $t for ${seconds}s"
  # Start from the corpus kept from long runs (scripts/fuzz-merge.sh), which holds what the
  # seeds reached (cut to 4 KiB); the seeds only when there is none. Running every seed first would take the
  # rule-pack target minutes (each input loads a whole rule pack); ctest replays the seed
  # files under ASan anyway (fuzz-replay-TARGET).
  start="tests/fuzz/corpus/$t"
  [ -d "$start" ] || start="$seed_dir"
  "$build/tests/fuzz/$t" "$work" "$start" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$artifacts" -print_final_stats=1 2>"$build/$t.log" || status=1
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)' "$build/$t.log" || true
  grep -E 'ERROR|SUMMARY' "$build/$t.log" || true
done
exit $status
