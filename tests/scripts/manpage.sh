#!/usr/bin/env bash
# The man page lints clean and documents every verb and every option the
# program's own help lists (`octavo --help` and `octavo VERB --help`): a new
# option without a man-page entry fails here.
set -u
octavo=$1 page=$2
out=$(mandoc -Tlint -W warning "$page" 2>&1) || true
if [ -n "$out" ]; then echo "$out"; exit 1; fi
text=$(mandoc -Tascii "$page" | col -b)
fail=0 n=0
help=$("$octavo" --help) || { echo "FAIL: octavo --help"; exit 1; }
# the verbs: "Usage: octavo VERB" and "   or: octavo VERB" lines
verbs=$(printf '%s\n' "$help" | sed -n 's/^\(Usage\|   or\): octavo \([a-z][a-z-]*\).*/\2/p' | sort -u)
[ -n "$verbs" ] || { echo "FAIL: no verbs found in octavo --help"; exit 1; }
all_help=$help
for verb in $verbs; do
  n=$((n+1))
  if ! printf '%s\n' "$text" | grep -qE "(^|[^a-z-])octavo $verb( |$)"; then
    echo "FAIL: the man page does not document the verb '$verb'"; fail=$((fail+1))
  fi
  if vh=$("$octavo" "$verb" --help 2>/dev/null); then all_help+=$'\n'$vh; fi
done
# every long option any help text lists
opts=$(printf '%s\n' "$all_help" | grep -oE '(^|[ ,[])--[a-z][a-z-]*' | sed 's/^[ ,[]*//' | sort -u)
[ -n "$opts" ] || { echo "FAIL: no options found in the help texts"; exit 1; }
for opt in $opts; do
  n=$((n+1))
  if ! printf '%s\n' "$text" | grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)"; then
    echo "FAIL: the man page does not document $opt"; fail=$((fail+1))
  fi
done
for word in SOURCE_DATE_EPOCH NO_COLOR; do
  n=$((n+1))
  printf '%s\n' "$text" | grep -q "$word" || { echo "FAIL: the man page lacks $word"; fail=$((fail+1)); }
done
echo "$((n - fail)) passed, $fail failed ($(echo $verbs | wc -w) verbs, $(echo $opts | wc -w) options)"
[ "$fail" = 0 ]
