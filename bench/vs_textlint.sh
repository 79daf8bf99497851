#!/usr/bin/env bash
# tplguard against textlint, side by side: the same generated titles, the same four lexical
# checks (title-suffix, title-marketing, title-symbol, title-generic), each tool end to end on
# one core writing its JSON report. textlint runs bench/textlint/rules/tplguard-lexical.js, fed
# with the data of rules/ exported by bench/textlint/export_rules.py. Prints Markdown tables
# (docs/benchmarks.md, "## Against textlint"): time, CPU, peak memory, titles flagged per
# check, the speed-up, and where the tools disagree, why (bench/textlint/compare.py; exit 1
# on a disagreement that tplguard's folding, pinyin or emoji do not explain).
# Both tools lint the titles as one file, and again split into files of CHUNK titles: textlint
# filters each file's messages for duplicates in quadratic time, so one big file costs it more
# than the checks themselves.
#   bash bench/vs_textlint.sh [N]       N generated titles, default 100000
# Env: BUILD_DIR (default build), DATA_DIR (default /tmp/tplguard-vs-textlint), RUNS (runs of
# each tool, best wall time kept; default 3), CPU (the core both tools are pinned to; default
# 0), CHUNK (titles a file in the split layout; default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-100000}
build=${BUILD_DIR:-build}
data=${DATA_DIR:-/tmp/tplguard-vs-textlint}
runs=${RUNS:-3}
cpu=${CPU:-0}
chunk=${CHUNK:-1000}
checks=title-suffix,title-marketing,title-symbol,title-generic
textlint_dir=$root/bench/textlint
python=/usr/bin/python3  # Debian's, with the python3-yaml installed below

say() { echo "vs_textlint: $*" >&2; }
die() { say "$*"; exit 1; }
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number of titles, not '$n'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"
[[ "$chunk" =~ ^[1-9][0-9]*$ ]] || die "CHUNK must be a positive number, not '$chunk'"
[ -n "$data" ] && [ "$data" != / ] || die "DATA_DIR must name a directory"

# (a) What is missing: Debian packages (as scripts/quickstart.sh installs them), then textlint
# from npm at the version package-lock.json pins.
packages=(python3 python3-yaml icu-devtools time util-linux)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 14) ? 0 : 1)' ||
  die "textlint needs Node.js 18.14 or later; this is $(node --version)"
want=$(cd "$textlint_dir" && node -p 'require("./package.json").devDependencies.textlint')
have=$(cd "$textlint_dir" && node -p 'require("./node_modules/textlint/package.json").version' 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  say "installing textlint $want (npm ci in bench/textlint)"
  (cd "$textlint_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
textlint=$textlint_dir/node_modules/.bin/textlint

# (b) tplguard and the title generator, built if missing (quickstart installs the build
# dependencies first), brought up to date otherwise.
if [ ! -x "$build/tplguard" ] || [ ! -x "$build/bench/tplguard-gen-titles" ]; then
  BUILD_DIR="$build" bash scripts/quickstart.sh lint >&2
fi
cmake --build "$build" --target tplguard tplguard-gen-titles >&2

# (c) The titles: JSONL for tplguard, the same titles one a line for textlint (its text plugin
# makes each line a Str node; the rule counts what it saw and compare.py checks the count),
# in one file and split. Besides the generated titles, which all end in 通知 or 提醒, the
# corpus' real and labelled bad titles are compared (not timed): they exercise the suffix
# check, pinyin and emoji.
mkdir -p "$data"
rm -rf "$data"/titles* "$data"/split* "$data"/corpus* "$data"/*.tsv "$data"/chunk.txt "$data"/rules.json \
  "$data"/time-*
"$build/bench/tplguard-gen-titles" "$n" --seed 1 --titles-only > "$data/titles.jsonl"
"$python" bench/textlint/titles_to_text.py "$data" "$chunk" corpus/real/templates.jsonl corpus/bad/*.yaml
echo "$chunk" > "$data/chunk.txt"
lines=$(wc -l < "$data/titles.txt")
[ "$lines" -eq "$n" ] || die "wrote $lines titles, not $n"
"$python" bench/textlint/export_rules.py rules "$data/rules.json"
export TPLGUARD_LEXICAL_DATA=$data/rules.json

# (d) The timed runs, alternating, so background load hits both tools alike. Each tool writes
# its whole JSON report, as a CI step would.
run_tool() {  # TOOL LAYOUT RUN COMMAND...: with a RUN number, timed on core $cpu into timings.tsv
  local tool=$1 layout=$2 run=$3 status=0
  shift 3
  local log=$data/time-$layout-$tool-${run:-once}
  if [ -n "$run" ]; then
    taskset -c "$cpu" /usr/bin/time -v -o "$log.txt" "$@" > "$log.err" 2>&1 || status=$?
  else
    "$@" > "$log.err" 2>&1 || status=$?
  fi
  # 1 is textlint's "errors found"; tplguard runs with --exit-zero.
  if [ "$status" -gt 1 ] || { [ "$tool" = tplguard ] && [ "$status" -ne 0 ]; }; then
    cat "$log.err" >&2
    die "$tool on $layout failed with status $status"
  fi
  [ -n "$run" ] || return 0
  awk -F': ' -v tool="$tool" -v layout="$layout" -v run="$run" '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 } /Maximum resident set size/ { rss = $2 }
    END { printf "%s\t%s\t%d\t%.2f\t%.2f\t%d\n", tool, layout, run, wall, cpu, rss }' "$log.txt" >> "$data/timings.tsv"
}
lint_with_tplguard() {  # LAYOUT INPUT [RUN]: -> LAYOUT-tplguard.json
  local layout=$1 input=$2 run=${3:-}
  rm -f "$data/$layout-tplguard.json"
  run_tool tplguard "$layout" "$run" "$build/tplguard" lint "$input" --select "$checks" --no-config \
    --format json -o "$data/$layout-tplguard.json" --exit-zero
}
lint_with_textlint() {  # LAYOUT INPUT [RUN]: -> LAYOUT-textlint.json, LAYOUT-textlint-stats.json
  local layout=$1 input=$2 run=${3:-}
  rm -f "$data/$layout-textlint.json" "$data/$layout-textlint-stats.json"
  (cd "$textlint_dir" && TPLGUARD_LEXICAL_STATS="$data/$layout-textlint-stats.json" \
    run_tool textlint "$layout" "$run" "$textlint" --rulesdir "$textlint_dir/rules" --format json \
    -o "$data/$layout-textlint.json" "$input")
}
printf 'tplguard\t%s\n' "$("$build/tplguard" --version)" > "$data/versions.tsv"
printf 'textlint\ttextlint %s (Node.js %s)\n' "$("$textlint" --version | tr -d v)" "$(node --version | tr -d v)" \
  >> "$data/versions.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((run = 1; run <= runs; run++)); do
  say "run $run of $runs: tplguard, then textlint, on $n titles in one file, then split"
  lint_with_tplguard titles "$data/titles.jsonl" "$run"
  lint_with_textlint titles "$data/titles.txt" "$run"
  lint_with_tplguard split "$data/split-jsonl" "$run"
  lint_with_textlint split "$data/split-txt" "$run"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
lint_with_tplguard corpus "$data/corpus.jsonl"
lint_with_textlint corpus "$data/corpus.txt"

# (e, f) The tables, and the agreement checks.
"$python" bench/textlint/compare.py "$data" "$textlint_dir"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); tplguard build: $build" \
  "($(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt" | cut -d= -f2)); load average before: $load_before, after: $load_after"
echo "rerun: bash bench/vs_textlint.sh $n   (inputs and reports in $data)"
