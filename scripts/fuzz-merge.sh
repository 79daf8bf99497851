#!/usr/bin/env bash
# Keeps a fuzz target's corpus in the repository: merges what long runs found
# (build-fuzz/work/TARGET) and what is kept already into tests/fuzz/corpus/TARGET, keeping
# only inputs that add coverage, each cut to at most MAX_LEN bytes (default 4096) so the
# kept corpus stays small.
#   scripts/fuzz-merge.sh TARGET [MAX_LEN]
# fuzz.sh and fuzz-long.sh seed from the kept corpus, and ctest replays it in every
# ordinary build (fuzz-replay-TARGET), so coverage found once is not lost to a new clone.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz-merge.sh TARGET [MAX_LEN]}
max_len=${2:-4096}
build=${FUZZ_BUILD_DIR:-build-fuzz}
kept="tests/fuzz/corpus/$target"
work="$build/work/$target"
if [ ! -d "$work" ]; then
  echo "fuzz-merge: no corpus in $work: run scripts/fuzz-long.sh $target first" >&2
  exit 2
fi
[ -x "$build/tests/fuzz/$target" ] || FUZZ_BUILD_DIR="$build" bash scripts/fuzz.sh 1 "$target" >/dev/null
merged=$(mktemp -d)
trap 'rm -rf "$merged"' EXIT
mkdir -p "$kept"
if ! "$build/tests/fuzz/$target" -merge=1 -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
     "$merged" "$kept" "$work" 2>"$build/$target.merge.log"; then
  echo "fuzz-merge: the merge failed; see $build/$target.merge.log" >&2
  exit 1
fi
# Replace the kept corpus only once the merge has produced one.
[ -n "$(ls -A "$merged")" ] || { echo "fuzz-merge: the merge kept nothing" >&2; exit 1; }
rm -rf "$kept"
cp -r "$merged" "$kept"
echo "$target: kept $(find "$kept" -type f | wc -l) inputs, $(du -sh "$kept" | cut -f1)"
