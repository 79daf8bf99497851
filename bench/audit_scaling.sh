#!/usr/bin/env bash
# The audit's scale benchmark: generated templates (bench/title_generator.cpp, seed 1, with
# keywords) audited end to end at 10k, 100k and 1M records, wall time and peak memory from
# /usr/bin/time -v. Prints a Markdown table (docs/benchmarks.md, "## Audit").
#   bench/audit_scaling.sh [SIZES...]     default: 10000 100000 1000000
# Env: BUILD_DIR (default build-release, configured Release here), DATA_DIR (default
# /tmp/tplguard-bench), JOBS (default: all cores), FORMAT (default text; json/jsonl/html
# write the report to a file in DATA_DIR), TITLES_ONLY=1 (records without keywords).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-release}
data=${DATA_DIR:-/tmp/tplguard-bench}
format=${FORMAT:-text}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
mkdir -p "$data"

if [ ! -x "$build/tplguard" ] || [ ! -x "$build/bench/tplguard-gen-titles" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTPLGUARD_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target tplguard tplguard-gen-titles >/dev/null

jobs_flag=()
[ -n "${JOBS:-}" ] && jobs_flag=(--jobs "$JOBS")
echo "| records | input | format | wall | user+sys CPU | peak memory | records/s (wall) | load before |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|"
gen_flags=()
kind=templates
if [ -n "${TITLES_ONLY:-}" ]; then gen_flags=(--titles-only); kind=titles; fi
for n in "${sizes[@]}"; do
  input="$data/$kind-$n.jsonl"
  [ -s "$input" ] || "$build/bench/tplguard-gen-titles" "$n" --seed 1 "${gen_flags[@]}" > "$input"
  out=/dev/null
  [ "$format" = text ] || out="$data/report-$n.$format"
  status=0
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$build/tplguard" audit "$input" --quiet --format "$format" -o "$out" "${jobs_flag[@]}" \
    2> "$data/time-$n.txt" || status=$?
  [ "$status" -le 1 ] || { cat "$data/time-$n.txt" >&2; exit "$status"; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$data/time-$n.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$data/time-$n.txt")
  sys=$(awk -F': ' '/System time/ {print $2}' "$data/time-$n.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$data/time-$n.txt")
  secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  size="$(du -h "$input" | cut -f1) $kind"
  awk -v n="$n" -v size="$size" -v f="$format" -v s="$secs" -v u="$user" -v y="$sys" -v r="$rss" -v l="$load" 'BEGIN {
    printf "| %d | %s | %s | %.1f s | %.1f s | %.0f MiB | %d | %s |\n", n, size, f, s, u + y, r / 1024, n / s, l }'
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
