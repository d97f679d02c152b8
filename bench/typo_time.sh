#!/usr/bin/env bash
# The typesetter's cost, before and after a change (issue 10 allows it at most
# 25 % slower): `octavo build DIR -f pdf --page-size=a5 --jobs=1` of a
# generated series (1,000,000 words, 200 chapters, --seed 1) with two octavo
# binaries, run alternately (before, after, before, after, ...) so that a
# change in the machine's load falls on both. Prints each run's wall and CPU
# time (user + system) and peak memory, then the mean CPU of each and the
# ratio after / before. CPU is the figure to read on a shared machine.
#   bash bench/typo_time.sh BEFORE_OCTAVO AFTER_OCTAVO
# Knobs: RUNS (3 of each), WORDS (1000000), CHAPTERS (200), BENCH_DIR (keep
# the corpus and PDFs there; default a temporary folder removed at exit).
# A binary of an older commit: git worktree add /tmp/old COMMIT, then build
# it as the top-level README says.
set -eu
[ $# -eq 2 ] || { echo "usage: typo_time.sh BEFORE_OCTAVO AFTER_OCTAVO" >&2; exit 2; }
before=$(realpath "$1") after=$(realpath "$2")
runs=${RUNS:-3} words=${WORDS:-1000000} chapters=${CHAPTERS:-200}
here=$(cd "$(dirname "$0")" && pwd)
for b in "$before" "$after"; do
  [ -x "$b" ] || { echo "typo_time.sh: $b is not an executable" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "typo_time.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
if [ -n "${BENCH_DIR:-}" ]; then dir=$BENCH_DIR; mkdir -p "$dir"; else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; fi
s=$dir/series
python3 "$here/gen_series.py" "$s" --words "$words" --chapters "$chapters" --seed 1 --force -q >/dev/null
export SOURCE_DATE_EPOCH=1700000000
rm -f "$dir/cpu-before" "$dir/cpu-after"  # (a kept BENCH_DIR holds an earlier run's)
echo "series: $words words, $chapters chapters; load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  for which in before after; do
    bin=$before; [ "$which" = after ] && bin=$after
    rm -rf "$dir/out-$which"
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time" \
      "$bin" build "$s" -f pdf --page-size=a5 --jobs=1 -o "$dir/out-$which" -q
    read -r wall user sys kb <"$dir/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    echo "$cpu" >>"$dir/cpu-$which"
    printf '%-6s run %d: %7.1f s wall, %6.2f s CPU, %6d KB peak, load %s\n' \
      "$which" "$i" "$wall" "$cpu" "$kb" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
mean() { awk '{ s += $1 } END { printf "%.2f", s / NR }' "$1"; }
b=$(mean "$dir/cpu-before") a=$(mean "$dir/cpu-after")
echo "mean CPU: before $b s, after $a s; after / before = $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
