#!/usr/bin/env bash
# Sanitizer runs: the whole test suite under ASan + UBSan, and the many-threads test under
# ThreadSanitizer. Build directories: build-asan, build-tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
# -O1 and line tables only (-g1): sanitizer reports still name files and lines, and these
# builds compile in far less time than at -O2 -g, which CI's 30 minutes need.
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
       "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")

cmake -S . -B build-asan -G Ninja "${flags[@]}" -DTPLGUARD_SANITIZE=address,undefined -DTPLGUARD_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan
# The two size tests (100 MB on one line, a million keywords) and the scaling tests (the
# same constructs at N and 10N, timed) run in the ordinary build only: under ASan they take
# minutes and gigabytes without exercising any code the other tests do not.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E "hostile: (100 MB|a million)|^scaling: "

cmake -S . -B build-tsan -G Ninja "${flags[@]}" -DTPLGUARD_SANITIZE=thread -DTPLGUARD_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan --target tplguard_tests
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/tplguard_tests "[concurrency]"
