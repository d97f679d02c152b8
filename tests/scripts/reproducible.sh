#!/usr/bin/env bash
# Same input, same bytes: two builds (one with -j1, one with all cores) must be identical.
set -eu
octavo=$1 series=$2 work=$3
rm -rf "$work" && mkdir -p "$work/a" "$work/b"
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$series" -o "$work/a" -j 1 -q
SOURCE_DATE_EPOCH=1700000000 TZ=America/New_York "$octavo" build "$series" -o "$work/b" -j 4 -q
for f in "$work"/a/*; do
  cmp "$f" "$work/b/$(basename "$f")"
done
echo "1 passed, 0 failed"
