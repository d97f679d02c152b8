#!/usr/bin/env bash
# The typographic quality of octavo's PDF beside pandoc -> xelatex on the same
# text (issue 10): builds the bundled series and a generated 1,000,000-word
# series at A5, 10 pt with both (through bench/pdf.sh, which also times them)
# and prints, for each PDF, the metric table of typo_metrics.py: word-space
# ratio (mean, SD), loose lines (> 1.5x the natural space), lines over 2x,
# colour jump between neighbouring lines, lines past the margin, hyphens
# (longest run, at a page end), widows and orphans, pages ending more than two
# lines short (chapter ends left out).
#
#   bash bench/typo.sh                 (from the repository root or anywhere)
#
# Environment: TYPO_METRICS (the metrics script; default
# /work/shared/tools/typo_metrics.py), BENCH_DIR (keep corpora, PDFs and logs
# there; default a temporary folder removed at exit), PDF_ONLY=FILE.pdf...
# (measure these PDFs only, no builds), SKIP_XELATEX=1, SKIP_BIG=1, BIG_WORDS
# (1000000); the rest as bench/pdf.sh (OCTAVO, RUNS_BIG_OCTAVO, TIMEOUT, ...).
# WeasyPrint is left out (SKIP_WEASYPRINT=0 brings it back).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TYPO_METRICS=${TYPO_METRICS:-/work/shared/tools/typo_metrics.py}
[ -f "$TYPO_METRICS" ] || { echo "typo.sh: no metrics script at $TYPO_METRICS (set TYPO_METRICS)" >&2; exit 1; }

table() {  # table LABEL=FILE.pdf ...
    python3 - "$TYPO_METRICS" "$@" <<'EOF'
import json, subprocess, sys
tool, runs = sys.argv[1], sys.argv[2:]
rows = [("", "ratio mean", "ratio SD", "loose>1.5", ">2x", "colour jump", "past margin",
         "hyphen run", "hyph@page end", "widows", "orphans", "short pages", "pages")]
for run in runs:
    label, pdf = run.split("=", 1)
    p = subprocess.run([sys.executable, tool, "--json", pdf], capture_output=True, text=True)
    if p.returncode != 0:
        rows.append((label, "metrics failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]))
        continue
    m = json.loads(p.stdout)
    m1, m8 = m.get("M1") or {}, m["M8"]
    n = m1.get("n", 0)
    rows.append((label, "%.3f" % m1.get("mean", float("nan")), "%.3f" % m1.get("sd", float("nan")),
                 "%.1f %%" % m1.get("loose", float("nan")),
                 "%.1f %%" % (100.0 * m1.get("underfull", 0) / n if n else float("nan")),
                 "%.3f" % m["M2"], "%d" % m["M4"]["lines"], "%d" % m["M5"]["longest"],
                 "%d" % m["M5"]["page_end"], "%d" % m["M6"]["widows"], "%d" % m["M6"]["orphans"],
                 "%.1f %% (%d/%d)" % (100.0 * m8["short2"] / max(1, m8["pages"]), m8["short2"], m8["pages"]),
                 "%d" % m["pages"]))
w = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(len(rows[0]))]
for r in rows:
    print("| " + " | ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r)) + " |")
    if r is rows[0]:
        print("|" + "|".join("-" * (x + 1) + ("-" if i == 0 else ":") for i, x in enumerate(w)) + "|")
EOF
}

if [ -n "${PDF_ONLY:-}" ]; then
    args=()
    for f in $PDF_ONLY; do args+=("$(basename -- "$f")=$f"); done
    table "${args[@]}"
    exit 0
fi

KEPT=1
if [ -z "${BENCH_DIR:-}" ]; then
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/octavo-typo.XXXXXX")
    KEPT=0
    trap 'rm -rf -- "$BENCH_DIR"' EXIT
fi
mkdir -p -- "$BENCH_DIR"
BENCH_DIR=$(cd -- "$BENCH_DIR" && pwd)

# bench/pdf.sh builds and times; its PDFs stay in $BENCH_DIR/out/<corpus>/<tool>/
BENCH_DIR=$BENCH_DIR PAGE_SIZE=a5 BODY_PT=${BODY_PT:-10} SKIP_WEASYPRINT=${SKIP_WEASYPRINT:-1} \
    RUNS_SMALL=${RUNS_SMALL:-1} RUNS_BIG=${RUNS_BIG:-1} RUNS_BIG_OCTAVO=${RUNS_BIG_OCTAVO:-3} \
    OCTAVO_J1=${OCTAVO_J1:-0} bash "$ROOT/bench/pdf.sh"

echo ""
echo "== typography (typo_metrics.py; A5, 10 pt; short pages: ending > 2 lines short, chapter ends left out) =="
for corpus in "$BENCH_DIR"/out/*/; do
    corpus=${corpus%/}
    [ "$(basename -- "$corpus")" != probe ] || continue
    args=()
    for tool in octavo xelatex weasyprint; do
        for f in "$corpus/$tool"/*.pdf; do
            [ -f "$f" ] && args+=("$tool=$f")
        done
    done
    [ ${#args[@]} -gt 0 ] || continue
    echo ""
    echo "$(basename -- "$corpus"):"
    table "${args[@]}"
done
if [ "$KEPT" = 1 ]; then
    echo ""
    echo "PDFs kept in $BENCH_DIR/out"
fi
