#!/usr/bin/env bash
# What a redline costs: `octavo build` of a generated series (1,000,000 words
# by default), plain, then with --diff-from git:v1.0.0 against its previous
# edition (bench/mutate_series.py revises it: words, sections, code, a chapter
# added and one removed). Prints both times, peak memory and the ratio (the
# target: at most 3).
#   bash bench/redline.sh            (from the repository root, after a build)
# Knobs: OCTAVO (./build/octavo), WORDS (1000000), CHAPTERS (200), JOBS (the
# number of CPUs), BENCH_DIR (a temporary folder, removed at exit unless given).
set -eu
octavo=$(realpath "${OCTAVO:-./build/octavo}")
words=${WORDS:-1000000} chapters=${CHAPTERS:-200} jobs=${JOBS:-$(nproc)}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$octavo" ] || { echo "no $octavo: build octavo first" >&2; exit 1; }
for tool in git python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
if [ -n "${BENCH_DIR:-}" ]; then dir=$BENCH_DIR; mkdir -p "$dir"; else
  dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT; fi
s=$dir/repo/big-book
rm -rf "$dir/repo" "$dir/out"
git_() { git -c user.name=bench -c user.email=bench@example.org -c init.defaultBranch=main "$@"; }
python3 "$here/gen_series.py" "$s" --words "$words" --chapters "$chapters" >/dev/null
git_ -C "$dir/repo" init -q && git_ -C "$dir/repo" add -A && git_ -C "$dir/repo" commit -qm 1.0.0
git_ -C "$dir/repo" tag v1.0.0
python3 "$here/mutate_series.py" "$s" >"$dir/mutations.txt"
git_ -C "$dir/repo" add -A && git_ -C "$dir/repo" commit -qm 1.1.0
export SOURCE_DATE_EPOCH=1700000000
load0=$(cut -d' ' -f1-3 /proc/loadavg)
run() { # LABEL ARGS...: prints "wall-seconds cpu-seconds peak-KiB"
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/$label.time" "$octavo" build "$s" -o "$dir/out" -q \
    --archive "$dir/no-archive" -j "$jobs" "$@" >"$dir/$label.log" 2>&1 ||
    { cat "$dir/$label.log" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$dir/$label.time"
}
read -r plain_s plain_cpu plain_kb < <(run plain)
read -r red_s red_cpu red_kb < <(run redline --diff-from git:v1.0.0)
ls "$dir/out"/*-diff-git-v1.0.0.pdf >/dev/null
echo "series: $words words, $chapters chapters; $(wc -l <"$dir/mutations.txt") revisions"
echo "load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'plain build:       %7.1f s wall, %7.1f s CPU, %6d MiB peak\n' "$plain_s" "$plain_cpu" $((plain_kb / 1024))
printf 'build + redline:   %7.1f s wall, %7.1f s CPU, %6d MiB peak\n' "$red_s" "$red_cpu" $((red_kb / 1024))
python3 -c "import sys; w, c = float(sys.argv[2]) / float(sys.argv[1]), float(sys.argv[4]) / float(sys.argv[3]); print('ratio: %.2f wall, %.2f CPU (target: at most 3)' % (w, c))" \
  "$plain_s" "$red_s" "$plain_cpu" "$red_cpu"
