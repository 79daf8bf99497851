#!/usr/bin/env bash
# The whole CLI, measured as a user runs it (issue 6): start-up (hyperfine: the process
# start, the rule pack loaded and compiled, one template or one body checked), then wall
# time, CPU time and peak memory of linting 100k and 1M generated titles and of checking
# 100k request bodies, from /usr/bin/time. Prints Markdown tables (docs/benchmarks.md).
#   bench/cli_bench.sh
# Env: BUILD_DIR (default build-release, configured Release here), DATA_DIR (default
# /tmp/tplguard-bench), RUNS (hyperfine runs, default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-release}
data=${DATA_DIR:-/tmp/tplguard-bench}
runs=${RUNS:-30}
mkdir -p "$data"

missing=()
for p in hyperfine time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target tplguard tplguard-gen-titles >/dev/null
tplguard=$(realpath "$build/tplguard")

# One template, one body: what a pre-commit hook or a single CI step pays.
one_yaml="$data/one.yaml"
one_json="$data/one.json"
printf 'templates:\n  - title: 订单发货提醒\n    keywords:\n      - {name: 快递公司, example: 顺丰速运}\n' > "$one_yaml"
printf '{"touser": "o%s", "template_id": "%s", "data": {"thing1": {"value": "配送中"}}}\n' \
  "$(printf 'a%.0s' $(seq 27))" "$(printf 'x%.0s' $(seq 43))" > "$one_json"

echo "## Start-up (hyperfine, $runs runs, 3 warm-up; load before: $(cut -d' ' -f1 /proc/loadavg))"
echo
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$data/startup.md" \
  -n "tplguard --version" "$tplguard --version" \
  -n "tplguard lint (1 template)" "$tplguard lint $one_yaml" \
  -n "tplguard check (1 body)" "$tplguard check --api subscribe-send $one_json" >/dev/null
cat "$data/startup.md"
echo

# Bulk runs: generated titles (bench/title_generator.cpp, seed 1), one JSON object a line.
for n in 100000 1000000; do
  [ -s "$data/titles-$n.jsonl" ] || "$build/bench/tplguard-gen-titles" "$n" --seed 1 --titles-only > "$data/titles-$n.jsonl"
done
# 100k request bodies: the corpus' subscribe payloads repeated (envelopes, JSONL).
bodies="$data/bodies-100000.jsonl"
if [ ! -s "$bodies" ]; then
  grep '"subscribe/send"' corpus/real/payloads.jsonl |
    awk '{ line[NR] = $0 } END { for (i = 0; i < 100000; ++i) print line[i % NR + 1] }' > "$bodies"
fi

measure() {  # name, then the command; exit 0 or 1 (findings) is success
  local name=$1
  shift
  local status=0 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$@" > /dev/null 2> "$data/time.txt" || status=$?
  [ "$status" -le 1 ] || { cat "$data/time.txt" >&2; exit "$status"; }
  awk -F': ' -v name="$name" -v load="$load" '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "| %s | %.2f s | %.2f s | %.0f MiB | %s |\n", name, wall, user + sys, rss / 1024, load }' "$data/time.txt"
}

echo "## Bulk runs (/usr/bin/time -v)"
echo
echo "| run | wall | user+sys CPU | peak memory | load before |"
echo "|---|---:|---:|---:|---:|"
measure "lint 100k titles, every rule" "$tplguard" lint "$data/titles-100000.jsonl" --format json -o /dev/null
measure "lint 100k titles, set rules aside" "$tplguard" lint "$data/titles-100000.jsonl" \
  --ignore title-duplicate,title-similar --format json -o /dev/null
measure "lint 1M titles, every rule" "$tplguard" lint "$data/titles-1000000.jsonl" --format json -o /dev/null
measure "lint 1M titles, set rules aside" "$tplguard" lint "$data/titles-1000000.jsonl" \
  --ignore title-duplicate,title-similar --format json -o /dev/null
measure "check 100k bodies" "$tplguard" check "$bodies" --format json -o /dev/null
