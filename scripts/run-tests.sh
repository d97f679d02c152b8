#!/usr/bin/env bash
# The whole test suite: installs what is missing (Debian 12), then builds and
# runs every test twice, in a normal build and in an AddressSanitizer +
# UndefinedBehaviorSanitizer build (-fno-sanitize-recover=all).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
jobs=$(nproc)
status=0
run_suite() { # run_suite BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== $dir: configure and build"
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" 2>&1 | grep -E 'warning|error' && { echo "compiler warnings in $dir"; status=1; }
  echo "== $dir: ctest"
  (cd "$dir" && ctest -j "$jobs" --output-on-failure --timeout 900) || status=1
}
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
# LeakSanitizer ignores blocks fontconfig allocates (tests/fuzz/lsan.supp):
# Pango matches fonts on background threads that can still be filling
# fontconfig's caches when a build that failed early exits; octavo's own
# allocations are still checked.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0 \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DOCTAVO_SANITIZE=ON
if [ "$status" = 0 ]; then echo "run-tests.sh: all suites passed"; else echo "run-tests.sh: FAILED"; fi
exit "$status"
