#!/usr/bin/env bash
# tplguard quick start on a fresh Debian 12 machine.
#   scripts/quickstart.sh lint   install what is missing, build, lint the shipped corpus
#   scripts/quickstart.sh test   install what is missing, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."

job=${1:-lint}
build_dir=${BUILD_DIR:-build}
packages=(build-essential cmake ninja-build pkg-config libicu-dev libre2-dev libyaml-cpp-dev libyaml-dev
          nlohmann-json3-dev libcli11-dev catch2 libbenchmark-dev
          # word boundaries from jieba's dictionary; variant characters from OpenCC's tables
          python3-jieba opencc
          # the tests validate SARIF and GitLab reports against their JSON schemas
          python3 python3-jsonschema python3-rfc3987)
# The test job also runs sanitizer builds and the fuzzers (clang's libFuzzer), and opens the
# audit's HTML report in a headless browser.
[ "$job" != test ] || packages+=(clang libclang-rt-14-dev chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "quickstart: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The test job (CI) builds with warnings as errors, so a new warning cannot land.
werror=OFF
[ "$job" != test ] || werror=ON
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTPLGUARD_WERROR="$werror" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

case "$job" in
  lint)
    # The main job on the shipped corpus: lint the templates, check the request bodies.
    # Exit 1 means error-level findings: the corpus holds labelled bad examples on purpose.
    status=0
    "$build_dir/tplguard" lint corpus/real/templates.jsonl corpus/bad || status=$?
    [ "$status" -le 1 ] || exit "$status"
    check_status=0
    "$build_dir/tplguard" check corpus/real/payloads.jsonl || check_status=$?
    [ "$check_status" -le 1 ] || exit "$check_status"
    echo "quickstart: lint finished with status $status, check with status $check_status" \
         "(1 = findings, as the corpus' bad examples intend)"
    ;;
  test)
    ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
    bash scripts/sanitize.sh
    # Each fuzz target briefly: long runs are done by hand (docs/robustness.md).
    bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
    ;;
  *)
    echo "usage: scripts/quickstart.sh lint|test" >&2
    exit 2
    ;;
esac
