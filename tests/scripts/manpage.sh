#!/usr/bin/env bash
# The man page lints clean and documents every option --help lists.
set -eu
page=$1
out=$(mandoc -Tlint -W warning "$page" 2>&1) || true
if [ -n "$out" ]; then echo "$out"; exit 1; fi
for opt in format output strict jobs quiet help version SOURCE_DATE_EPOCH NO_COLOR; do
  grep -q -- "$opt" "$page" || { echo "man page lacks $opt"; exit 1; }
done
echo "1 passed, 0 failed"
