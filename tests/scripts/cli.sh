#!/usr/bin/env bash
# The command line behaves as on any GNU-style tool.
set -u
octavo=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
fail=0
expect() { # expect STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"; local rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $what: exit $rc, expected $want"; cat "$work/err"; fail=$((fail+1)); fi
}
expect 0 "--help" -- "$octavo" --help
grep -q '^Usage: octavo build' "$work/out" || { echo "FAIL: --help has no usage line"; fail=$((fail+1)); }
expect 0 "--version" -- "$octavo" --version
grep -qE '^octavo [0-9]+\.[0-9]+\.[0-9]+$' "$work/out" || { echo "FAIL: --version"; fail=$((fail+1)); }
expect 0 "build --help" -- "$octavo" build --help
expect 2 "no command" -- "$octavo"
expect 2 "unknown command" -- "$octavo" frobnicate
expect 2 "unknown option" -- "$octavo" build --frobnicate
expect 2 "bad format" -- "$octavo" build -f docx
expect 2 "missing -o value" -- "$octavo" build -o
expect 2 "bad jobs" -- "$octavo" build -j 0
expect 1 "missing series folder" -- "$octavo" build "$work/does-not-exist"
grep -q 'does-not-exist: error: series folder not found' "$work/err" || { echo "FAIL: missing folder message"; cat "$work/err"; fail=$((fail+1)); }
(cd "$work" && "$octavo" build >/dev/null 2>err2); rc=$?
[ "$rc" = 1 ] || { echo "FAIL: build with no series/ gave $rc"; fail=$((fail+1)); }
# colour only on a terminal, never with NO_COLOR
if grep -q $'\033' "$work/err"; then echo "FAIL: colour escape in piped stderr"; fail=$((fail+1)); fi
if command -v script >/dev/null; then
  NO_COLOR=1 script -qec "$octavo build $work/nope" /dev/null > "$work/tty" 2>&1
  grep -q $'\033' "$work/tty" && { echo "FAIL: colour despite NO_COLOR"; fail=$((fail+1)); }
  env -u NO_COLOR script -qec "$octavo build $work/nope" /dev/null > "$work/tty" 2>&1
  grep -q $'\033\[1;31m' "$work/tty" || { echo "FAIL: no colour on a terminal"; fail=$((fail+1)); }
fi
echo "$((13 - fail)) passed, $fail failed"
[ "$fail" = 0 ]
