#!/usr/bin/env bash
# What the second format costs: octavo -f pdf, -f all and -f epub on the same
# generated series, runs interleaved, medians of wall and CPU seconds and of
# peak memory, and the ratio all / pdf (the pipeline's goal: at most 1.10,
# each chapter being read once whatever the formats).
#
#   bash bench/formats.sh            # 1,000,000 words, 3 runs each
#   WORDS=300000 RUNS=5 bash bench/formats.sh
#
# Needs ./build/octavo (or OCTAVO=...), python3 and GNU time (/usr/bin/time).
# Wall times need an idle machine; CPU seconds are steadier under load.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
OCTAVO=${OCTAVO:-$here/../build/octavo}
WORDS=${WORDS:-1000000}
RUNS=${RUNS:-3}
[ -x "$OCTAVO" ] || { echo "formats.sh: no octavo at $OCTAVO (build it first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "formats.sh: needs GNU time: apt-get install time" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/octavo-formats.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
python3 "$here/gen_series.py" "$work/series" --words "$WORDS" -q
echo "octavo $("$OCTAVO" --version | cut -d' ' -f2), $WORDS words, $RUNS runs each, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
for ((r = 1; r <= RUNS; r++)); do
  for f in pdf all epub; do
    /usr/bin/time -f "$f %e %U %S %M" -a -o "$work/times" \
      "$OCTAVO" build "$work/series" -f "$f" -o "$work/out" -q
  done
done
python3 - "$work/times" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f, wall, user, sys_, rss = line.split()
    rows.setdefault(f, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
med = {f: [statistics.median(x[i] for x in v) for i in range(3)] for f, v in rows.items()}
print(f"{'format':8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
for f in ("pdf", "all", "epub"):
    w, c, m = med[f]
    print(f"{f:8} {w:8.2f} {c:8.2f} {m:8.0f}")
print(f"all / pdf: {med['all'][0] / med['pdf'][0]:.3f} wall, {med['all'][1] / med['pdf'][1]:.3f} CPU (goal: at most 1.10)")
EOF
