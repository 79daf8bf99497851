#!/usr/bin/env bash
# Long fuzzing: runs one libFuzzer target until its coverage stops growing.
#   scripts/fuzz-long.sh TARGET [MAX_SECONDS] [PLATEAU_SECONDS]
# Builds like scripts/fuzz.sh (build-fuzz/, ASan + UBSan) and reuses its growing corpus
# (build-fuzz/work/TARGET). The run stops after MAX_SECONDS (default 4 h), or earlier once
# the coverage counter ("cov:") has not grown for PLATEAU_SECONDS (default 30 min). It prints
# one summary line: target, seconds, executions, coverage, features, corpus size, crashes.
# Crashes land in tests/fuzz/regressions/TARGET/ and make the script fail, as in fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz-long.sh TARGET [MAX_SECONDS] [PLATEAU_SECONDS]}
max_seconds=${2:-14400}
plateau_seconds=${3:-1800}
build=${FUZZ_BUILD_DIR:-build-fuzz}

# Build and seed through fuzz.sh with a zero-length run, so both scripts share one setup.
FUZZ_BUILD_DIR="$build" bash scripts/fuzz.sh 1 "$target" >/dev/null

work="$build/work/$target"
artifacts="tests/fuzz/regressions/$target/"
log="$build/$target.long.log"
mkdir -p "$work" "$artifacts"
crashes_before=$(find "$artifacts" -type f | wc -l)

kept="tests/fuzz/corpus/$target"
[ -d "$kept" ] || kept=""
"$build/tests/fuzz/$target" "$work" "$build/seeds" $kept -max_total_time="$max_seconds" -timeout=10 \
  -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$artifacts" -print_final_stats=1 \
  2>"$log" &
pid=$!
start=$(date +%s)
last_cov=-1
last_growth=$start
while kill -0 "$pid" 2>/dev/null; do
  sleep 20
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  now=$(date +%s)
  if [ -n "$cov" ] && [ "$cov" -gt "$last_cov" ]; then
    last_cov=$cov
    last_growth=$now
  elif [ $((now - last_growth)) -ge "$plateau_seconds" ]; then
    kill -INT "$pid" 2>/dev/null || true
    break
  fi
done
status=0
wait "$pid" || status=$?
elapsed=$(( $(date +%s) - start ))
line=$(grep -E '^#[0-9]+' "$log" | tail -1)
execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{print $2}')
[ -n "$execs" ] || execs=$(echo "$line" | grep -oE '^#[0-9]+' | tr -d '#')
ft=$(echo "$line" | grep -oE 'ft: [0-9]+' | awk '{print $2}')
corp=$(echo "$line" | grep -oE 'corp: [0-9]+' | awk '{print $2}')
crashes=$(( $(find "$artifacts" -type f | wc -l) - crashes_before ))
echo "$target seconds=$elapsed execs=$execs cov=$last_cov ft=$ft corpus=$corp" \
     "last_new_cov_at=$((last_growth - start))s new_crashes=$crashes exit=$status"
# libFuzzer exits non-zero on a crash; on SIGINT from the plateau check it exits 0 or 130.
[ "$crashes" -eq 0 ] || exit 1
