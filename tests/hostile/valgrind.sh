#!/usr/bin/env bash
# valgrind's memcheck over the golden book and a few cases: no invalid read or
# write, no use of uninitialised memory, no leak (definite, indirect or
# possible), on a book that builds, one built with warnings and ones that fail.
#   valgrind.sh OCTAVO TESTS_DIR WORK
set -u
octavo=$1 tests=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
command -v valgrind >/dev/null || { echo "valgrind is not installed (scripts/setup.sh --tests)"; exit 1; }
# The golden book is built to both formats (-f all: Cairo, Pango, librsvg,
# libhyphen as well); the cases, to EPUB. valgrind.supp names the libraries'
# process-wide caches, which memcheck can only call "possibly lost".
supp="$(dirname "$0")/valgrind.supp"
fail=0 n=0
for series in golden/book cases/warn-raw-html cases/warn-links cases/image-dotdot cases/yaml-invalid; do
  n=$((n + 1))
  log="$work/$(echo "$series" | tr / -).log"
  format=epub
  [ "$series" = golden/book ] && format=all
  SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --track-origins=yes --suppressions="$supp" --log-file="$log" \
    "$octavo" build "$tests/$series" -o "$work/out" -f "$format" >/dev/null 2>"$work/stderr"
  rc=$?
  if [ "$rc" = 99 ] || [ -s "$log" ]; then
    echo "valgrind: $series:"; cat "$log"; fail=$((fail + 1))
  elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
    echo "valgrind: $series: octavo exited with $rc"; cat "$work/stderr"; fail=$((fail + 1))
  else
    echo "valgrind: $series (-f $format): clean (exit $rc)"
  fi
done
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
