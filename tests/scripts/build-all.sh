#!/usr/bin/env bash
# `octavo build` with no argument builds every series under series/ into out/.
set -eu
octavo=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cp -r "$root/series" "$work/series"
cd "$work"
"$octavo" build > stdout.txt
n_series=$(find series -mindepth 2 -maxdepth 2 -name series.yaml | wc -l)
n_books=$(find out -name '*.epub' | wc -l)
[ "$n_series" = "$n_books" ] || { echo "built $n_books books for $n_series series"; exit 1; }
grep -q '^built out/python-memory-model-1.1.0.epub (' stdout.txt
echo "1 passed, 0 failed"
