#!/usr/bin/env bash
# Keeps a fuzz target's corpus in the repository: merges what long runs found
# (build-fuzz/work/TARGET) into tests/fuzz/corpus/TARGET, keeping only inputs that add
# coverage, each at most MAX_LEN bytes (default 4096) so the kept corpus stays small.
#   scripts/fuzz-merge.sh TARGET [MAX_LEN]
# fuzz.sh and fuzz-long.sh seed from the kept corpus, and ctest replays it in every
# ordinary build (fuzz-replay-TARGET), so coverage found once is not lost to a new clone.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz-merge.sh TARGET [MAX_LEN]}
max_len=${2:-4096}
build=${FUZZ_BUILD_DIR:-build-fuzz}
kept="tests/fuzz/corpus/$target"
[ -x "$build/tests/fuzz/$target" ] || FUZZ_BUILD_DIR="$build" bash scripts/fuzz.sh 1 "$target" >/dev/null
merged=$(mktemp -d)
trap 'rm -rf "$merged"' EXIT
mkdir -p "$kept"
"$build/tests/fuzz/$target" -merge=1 -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  "$merged" "$kept" "$build/work/$target" 2>"$build/$target.merge.log"
rm -rf "$kept"
mkdir -p "$kept"
cp "$merged"/* "$kept"/ 2>/dev/null || true
echo "$target: kept $(find "$kept" -type f | wc -l) inputs, $(du -sh "$kept" | cut -f1)"
