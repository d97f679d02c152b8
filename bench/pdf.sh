#!/usr/bin/env bash
# Times octavo's PDF output against pandoc -> xelatex and pandoc -> HTML ->
# WeasyPrint on the same chapters, with the same page size, fonts and body
# size: wall and CPU time, peak RSS (/usr/bin/time), page count (pdfinfo),
# words and pages typeset per second, on the bundled 7-chapter series and on a
# generated 1,000,000-word series. See bench/README.md ("PDF") for what is
# measured and why.
#
#   bash bench/pdf.sh                  (from the repository root or anywhere)
#
# Environment: OCTAVO (default ./build/octavo), OCTAVO_PDF_ARGS (options added
# to `octavo build DIR -f pdf -o OUT`; default --page-size=PAGE_SIZE when
# octavo's --help lists --page-size, else none), BENCH_DIR (keep corpora, PDFs
# and logs there; default a temporary folder removed at exit), KEEP=1,
# PAGE_SIZE (a5 or 6x9; default a5), BODY_PT (body type size in pt; default
# octavo's for that page size, read from src/pdf/style.c, else 10.5),
# RUNS_SMALL (3), RUNS_BIG (1), RUNS_BIG_OCTAVO (3), TIMEOUT (1200 s per run of
# one tool; a run past it is killed and reported as "timeout"), BIG_WORDS
# (1000000), WORDS_PER_CHAPTER (5000), SMALL_SERIES
# (series/python-memory-model), SKIP_OCTAVO=1, SKIP_XELATEX=1,
# SKIP_WEASYPRINT=1, SKIP_BIG=1, OCTAVO_J1=0 (skip the extra octavo --jobs=1
# runs), PANDOC_FILE_SCOPE=0 (drop pandoc's --file-scope), PANDOC_EXTRA (more
# pandoc options for both peers, split at spaces), SEED (1).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OCTAVO=${OCTAVO:-$ROOT/build/octavo}
RUNS_SMALL=${RUNS_SMALL:-3}
RUNS_BIG=${RUNS_BIG:-1}
RUNS_BIG_OCTAVO=${RUNS_BIG_OCTAVO:-3}
TIMEOUT=${TIMEOUT:-1200}
BIG_WORDS=${BIG_WORDS:-1000000}
WORDS_PER_CHAPTER=${WORDS_PER_CHAPTER:-5000}
SMALL_SERIES=${SMALL_SERIES:-series/python-memory-model}
PAGE_SIZE=$(printf '%s' "${PAGE_SIZE:-a5}" | tr '[:upper:]' '[:lower:]')
SEED=${SEED:-1}
SKIP_OCTAVO=${SKIP_OCTAVO:-0}
SKIP_XELATEX=${SKIP_XELATEX:-0}
SKIP_WEASYPRINT=${SKIP_WEASYPRINT:-0}
PANDOC_SCOPE=(--file-scope)
[ "${PANDOC_FILE_SCOPE:-1}" = 1 ] || PANDOC_SCOPE=()
read -r -a PANDOC_EXTRA <<<"${PANDOC_EXTRA:-}"

say() { printf '%s\n' "$*"; }
die() { printf 'pdf.sh: %s\n' "$*" >&2; exit 1; }

# --- page geometry ----------------------------------------------------------
# The text block and margins follow octavo's rule in src/pdf/style.c (a
# measure of about 33 ems, 42% of the side margins on the inside, top 9.5%
# and bottom ~13% of the page), rounded to millimetres, for the peers.
case $PAGE_SIZE in
    a5)  PAPER_W=148mm;  PAPER_H=210mm;  M_IN=13mm; M_OUT=18mm; M_TOP=20mm; M_BOT=28mm
         CSS_SIZE=A5 ;;
    6x9) PAPER_W=152.4mm; PAPER_H=228.6mm; M_IN=17mm; M_OUT=23mm; M_TOP=22mm; M_BOT=35mm
         CSS_SIZE="6in 9in" ;;
    *) die "PAGE_SIZE must be a5 or 6x9 (got '$PAGE_SIZE')" ;;
esac
BODY_FROM="BODY_PT"
if [ -z "${BODY_PT:-}" ]; then
    BODY_PT=$(sed -n "s/^ *{\"$PAGE_SIZE\", *[0-9.]*, *[0-9.]*, *\([0-9.]*\),.*/\1/p" \
        "$ROOT/src/pdf/style.c" 2>/dev/null | head -n 1)
    if [ -n "$BODY_PT" ]; then
        BODY_PT=$(awk -v b="$BODY_PT" 'BEGIN { print b + 0 }')
        BODY_FROM="octavo's size for $PAGE_SIZE in src/pdf/style.c"
    else
        BODY_PT=10.5
        BODY_FROM="default; src/pdf/style.c not found"
    fi
fi
# leading as octavo sets it: 1.36 x body, to a quarter point
LEAD_PT=$(awk -v b="$BODY_PT" 'BEGIN { x = b * 1.36 * 4; printf "%.2f", int(x + 0.5) / 4 }')
# LaTeX's own leading is 1.2 x the class size; stretch it to LEAD_PT
LINESTRETCH=$(awk -v b="$BODY_PT" -v l="$LEAD_PT" 'BEGIN { printf "%.3f", l / (1.2 * b) }')

# --- what we need -----------------------------------------------------------
installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q ' installed$'; }
ensure_deps() {
    local want=(python3 time poppler-utils fonts-noto-core fonts-jetbrains-mono) missing=() p
    if [ "$SKIP_XELATEX" != 1 ] || [ "$SKIP_WEASYPRINT" != 1 ]; then want+=(pandoc); fi
    # pandoc's LaTeX template (fontspec, unicode-math, geometry, KOMA-Script,
    # fancyvrb/framed for highlighted code, ulem for ~~strike~~ from
    # texlive-plain-generic, ...) and rsvg-convert for the SVG figures
    [ "$SKIP_XELATEX" = 1 ] || want+=(texlive-xetex texlive-latex-recommended
        texlive-fonts-recommended texlive-plain-generic lmodern librsvg2-bin)
    [ "$SKIP_WEASYPRINT" = 1 ] || want+=(weasyprint)
    for p in "${want[@]}"; do
        installed "$p" || missing+=("$p")
    done
    # python3 and GNU time may come from elsewhere (pyenv, a build of time)
    if [ ${#missing[@]} -gt 0 ]; then
        local keep=()
        for p in "${missing[@]}"; do
            case $p in
                python3) command -v python3 >/dev/null 2>&1 || keep+=("$p") ;;
                time) [ -x /usr/bin/time ] || keep+=("$p") ;;
                *) keep+=("$p") ;;
            esac
        done
        missing=("${keep[@]+"${keep[@]}"}")
    fi
    [ ${#missing[@]} -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install them: apt-get install -y --no-install-recommends ${missing[*]}"
        sudo=(sudo)
    fi
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
        "${sudo[@]}" apt-get update
    fi
    if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
        "${sudo[@]}" apt-get update
        "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}
ensure_deps

# --- work folder ------------------------------------------------------------
KEPT=1
if [ -n "${BENCH_DIR:-}" ]; then
    mkdir -p -- "$BENCH_DIR"
    BENCH_DIR=$(cd -- "$BENCH_DIR" && pwd)
else
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/octavo-pdfbench.XXXXXX")
    if [ "${KEEP:-0}" != 1 ]; then
        KEPT=0
        trap 'rm -rf -- "$BENCH_DIR"' EXIT
    fi
fi
CORPORA=$BENCH_DIR/corpus
RESULTS=$BENCH_DIR/results.tsv
mkdir -p -- "$CORPORA" "$BENCH_DIR/out" "$BENCH_DIR/prep" "$BENCH_DIR/logs"
: >"$RESULTS"

# --- octavo: is there a PDF back-end? --------------------------------------
OCTAVO_OK=0
OCTAVO_WHY=""
if [ "$SKIP_OCTAVO" = 1 ]; then
    OCTAVO_WHY="skipped (SKIP_OCTAVO=1)"
elif [ ! -x "$OCTAVO" ]; then
    OCTAVO_WHY="no binary at $OCTAVO (build it: see README.md)"
else
    if [ -z "${OCTAVO_PDF_ARGS+set}" ]; then
        if "$OCTAVO" --help 2>&1 | grep -q -- '--page-size'; then
            OCTAVO_PDF_ARGS="--page-size=$PAGE_SIZE"
        else
            OCTAVO_PDF_ARGS=""
        fi
    fi
fi
read -r -a OCTAVO_ARGS <<<"${OCTAVO_PDF_ARGS:-}"

# The peers' CSS: same page, margins, fonts and body size as the others.
CSS=$BENCH_DIR/weasyprint.css
cat >"$CSS" <<EOF
/* bench/pdf.sh: pandoc's HTML on a $PAGE_SIZE page, as octavo sets it */
@page { size: $CSS_SIZE; margin: $M_TOP $M_OUT $M_BOT $M_IN;
  @bottom-center { content: counter(page); font: ${BODY_PT}pt "Noto Serif"; } }
@page :left { margin-left: $M_OUT; margin-right: $M_IN; }
html { font-size: ${BODY_PT}pt; }
body { margin: 0; padding: 0; max-width: none; font-family: "Noto Serif", serif;
  font-size: ${BODY_PT}pt; line-height: ${LEAD_PT}pt; color: #1a1a1a;
  text-align: justify; hyphens: auto; }
h1, h2, h3, h4, h5, h6 { font-family: "Noto Serif", serif; line-height: 1.2;
  text-align: left; hyphens: manual; break-after: avoid; }
h1 { font-size: 1.9em; break-before: right; }
h2 { font-size: 1.36em; }
h3 { font-size: 1.14em; }
h4 { font-size: 1em; }
code, kbd, samp, pre { font-family: "JetBrains Mono", monospace; }
code { font-size: 0.9em; }
pre { font-size: 0.84em; line-height: 1.36; white-space: pre-wrap; hyphens: manual;
  background: #f4f4f4; padding: 0.4em 0.6em; text-align: left; }
pre code { font-size: 1em; }
img, svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.88em; }
th, td { padding: 0.2em 0.4em; border-bottom: 0.5pt solid #8a8a8a; }
blockquote { margin-left: 1.5em; color: #333; }
header#title-block-header { break-after: page; text-align: center; }
nav#TOC { break-after: page; }
nav#TOC a { color: inherit; text-decoration: none; }
nav#TOC a::after { content: leader('.') target-counter(attr(href), page); }
a { color: #1d3f8a; text-decoration: none; }
EOF

say "== octavo vs pandoc -> xelatex vs pandoc -> HTML -> WeasyPrint, PDF =="
say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; wall times need an idle machine, CPU s less so)"
say "page:    $PAGE_SIZE ($PAPER_W x $PAPER_H), body ${BODY_PT} pt Noto Serif on ${LEAD_PT} pt ($BODY_FROM), code JetBrains Mono"
if [ -x "$OCTAVO" ]; then
    say "octavo:  $("$OCTAVO" --version 2>/dev/null | head -n 1 || echo '?') ($OCTAVO) -f pdf ${OCTAVO_PDF_ARGS:-}"
else
    say "octavo:  none at $OCTAVO"
fi
if [ "$SKIP_XELATEX" != 1 ] || [ "$SKIP_WEASYPRINT" != 1 ]; then say "pandoc:  $(pandoc --version | head -n 1)"; fi
[ "$SKIP_XELATEX" = 1 ] || say "xelatex: $(xelatex --version 2>/dev/null | head -n 1)"
[ "$SKIP_WEASYPRINT" = 1 ] || say "weasyprint: $(weasyprint --version 2>/dev/null | head -n 1)"
say "timeout: $TIMEOUT s per run"
say "work:    $BENCH_DIR"
say ""

# --- corpora ----------------------------------------------------------------
# Every corpus is a copy in the work folder whose series.yaml names the page
# size (for an octavo that reads `page-size:` from the series).
set_page_size() {  # set_page_size DIR
    grep -q '^page-size:' "$1/series.yaml" ||
        printf 'page-size: %s\n' "$PAGE_SIZE" >>"$1/series.yaml"
}
gen() {  # gen SLUG WORDS CHAPTERS -> path on stdout
    local dir=$CORPORA/$1
    python3 "$BENCH/gen_series.py" "$dir" --words "$2" --chapters "$3" \
        --seed "$SEED" --force -q >/dev/null
    set_page_size "$dir"
    printf '%s\n' "$dir"
}
slug_for() {  # 1000000 -> bench-1000k
    printf 'bench-%sk\n' "$(( $1 / 1000 ))"
}

if [ -f "$SMALL_SERIES/series.yaml" ]; then
    src=$(cd -- "$SMALL_SERIES" && pwd)
    SMALL_DIR=$CORPORA/$(basename -- "$src")
    rm -rf -- "$SMALL_DIR"
    cp -R -- "$src" "$SMALL_DIR"
    set_page_size "$SMALL_DIR"
else
    say "warning: $SMALL_SERIES/series.yaml not found; using a generated 7-chapter series as the small corpus"
    SMALL_DIR=$(gen bench-7ch 25000 7)
fi
BIG_DIR=""
if [ "${SKIP_BIG:-0}" != 1 ]; then
    BIG_CHAPTERS=$(( BIG_WORDS / WORDS_PER_CHAPTER ))
    [ "$BIG_CHAPTERS" -ge 1 ] || die "BIG_WORDS must be at least WORDS_PER_CHAPTER"
    say "generating the $BIG_WORDS-word series ($BIG_CHAPTERS chapters) ..."
    BIG_DIR=$(gen "$(slug_for "$BIG_WORDS")" "$BIG_WORDS" "$BIG_CHAPTERS")
fi

pdf_name() {  # pdf_name DIR -> <slug>-<edition>.pdf
    local e
    e=$(python3 "$BENCH/series_info.py" epub-name "$1")
    printf '%s.pdf\n' "${e%.epub}"
}

# Does `octavo -f pdf` work? One untimed build of the small corpus says.
if [ "$OCTAVO_OK" = 0 ] && [ -z "$OCTAVO_WHY" ]; then
    probe=$BENCH_DIR/out/probe
    rm -rf -- "$probe"
    mkdir -p -- "$probe"
    if "$OCTAVO" build "$SMALL_DIR" -f pdf -o "$probe" "${OCTAVO_ARGS[@]+"${OCTAVO_ARGS[@]}"}" \
        >"$BENCH_DIR/logs/octavo-probe.log" 2>&1 && [ -s "$probe/$(pdf_name "$SMALL_DIR")" ]; then
        OCTAVO_OK=1
    else
        # its first error, else its last line
        OCTAVO_WHY=$(grep -i -m 1 'error' "$BENCH_DIR/logs/octavo-probe.log" ||
            grep -v '^\s*$' "$BENCH_DIR/logs/octavo-probe.log" | tail -n 1 || true)
        [ -n "$OCTAVO_WHY" ] || OCTAVO_WHY="it wrote no $(pdf_name "$SMALL_DIR")"
    fi
    rm -rf -- "$probe"
fi
if [ "$OCTAVO_OK" = 1 ]; then
    say "octavo -f pdf: works"
else
    say "octavo -f pdf not available: $OCTAVO_WHY"
fi
say ""

# --- one timed run ----------------------------------------------------------
# Each run appends a row to $RESULTS:
#   corpus words tool run status seconds peak_kb cpu_s pages pdf_bytes page_size note
pdf_pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:\s*//p'; }
pdf_size() {  # "419.5 x 595.3" (points, first page)
    pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ { printf "%.1f x %.1f\n", $3, $5; exit }'
}
shown() {  # a command line to print, with the arguments that hold spaces quoted
    local a out=()
    for a in "$@"; do
        case $a in *[[:space:]]*) out+=("'$a'") ;; *) out+=("$a") ;; esac
    done
    printf '%s' "${out[*]}"
}

timed() {  # timed CORPUS TOOL RUN PDF LOG NOTE_FILE -- command...
    local corpus=$1 tool=$2 run=$3 pdf=$4 log=$5 notef=$6
    shift 7
    local tf=$BENCH_DIR/logs/time.txt secs kb user sys rc=0 status=ok cpu pages=0 bytes=0 size=- note=""
    rm -f -- "$tf"
    /usr/bin/time -f '%e %U %S %M' -o "$tf" timeout -k 30 "$TIMEOUT" "$@" >"$log" 2>&1 || rc=$?
    read -r secs user sys kb < <(tail -n 1 -- "$tf")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ "$rc" = 124 ] || { [ "$rc" = 137 ] && awk -v s="$secs" -v t="$TIMEOUT" 'BEGIN { exit !(s >= t) }'; }; then
        status=timeout
    elif [ "$rc" != 0 ] || [ ! -s "$pdf" ]; then
        status=failed
        printf 'pdf.sh: %s failed on %s (exit %s); last lines of %s:\n' "$tool" "$corpus" "$rc" "$log" >&2
        tail -n 15 -- "$log" >&2
    else
        pages=$(pdf_pages "$pdf")
        bytes=$(stat -c %s -- "$pdf")
        size=$(pdf_size "$pdf")
    fi
    [ -n "$notef" ] && [ -s "$notef" ] && note=$(cat -- "$notef")
    if [ "$status" = ok ]; then
        printf '  %-20s %-10s run %d: %8.2f s (CPU %7.2f s) %9.1f MB peak %5s pages  load %s%s\n' \
            "$corpus" "$tool" "$run" "$secs" "$cpu" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" \
            "$pages" "$(cut -d' ' -f1 /proc/loadavg)" "${note:+  ($note)}"
    else
        printf '  %-20s %-10s run %d: %s after %.0f s (CPU %.2f s, %.1f MB peak)\n' \
            "$corpus" "$tool" "$run" "$status" "$secs" "$cpu" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$WORDS" "$tool" "$run" \
        "$status" "$secs" "$kb" "$cpu" "${pages:-0}" "$bytes" "$size" "$note" >>"$RESULTS"
}

run_octavo() {  # run_octavo DIR RUN [TOOL_NAME OPTION...]
    local dir=$1 run=$2 tool=${3:-octavo} corpus out
    shift 2
    [ $# -eq 0 ] || shift
    corpus=$(basename -- "$dir")
    out=$BENCH_DIR/out/$corpus/$tool
    rm -rf -- "$out"
    mkdir -p -- "$out"
    local cmd=("$OCTAVO" build "$dir" -f pdf -o "$out" "${OCTAVO_ARGS[@]+"${OCTAVO_ARGS[@]}"}" "$@")
    [ "$run" != 1 ] || say "  ($(shown "${cmd[@]}"))"
    timed "$corpus" "$tool" "$run" "$out/$(pdf_name "$dir")" "$BENCH_DIR/logs/$tool-$corpus-$run.log" "" -- \
        "${cmd[@]}"
}

prepare() {  # prepare DIR -> the prepared chapters in PREP_FILES; not timed
    local dir=$1 corpus prep
    corpus=$(basename -- "$dir")
    prep=$BENCH_DIR/prep/$corpus
    if [ ! -f "$prep/files.txt" ]; then
        # each chapter's front matter title becomes "# Title", as bench/epub.sh does
        rm -rf -- "$prep"
        python3 "$BENCH/series_info.py" pandoc-prep "$dir" "$prep" >"$BENCH_DIR/files.tmp"
        mv -- "$BENCH_DIR/files.tmp" "$prep/files.txt"
    fi
    PREP=$prep
    mapfile -t PREP_FILES <"$prep/files.txt"
}

run_xelatex() {  # run_xelatex DIR RUN
    local dir=$1 run=$2 corpus out
    corpus=$(basename -- "$dir")
    prepare "$dir"
    out=$BENCH_DIR/out/$corpus/xelatex
    rm -rf -- "$out"
    mkdir -p -- "$out"
    # KOMA-Script's scrbook: chapters on a new right-hand page as octavo's, and
    # any body size (the standard classes only know 10, 11 and 12 pt).
    local cmd=(pandoc "${PANDOC_SCOPE[@]}" "${PANDOC_EXTRA[@]+"${PANDOC_EXTRA[@]}"}" -f gfm --toc --toc-depth=2
        --pdf-engine=xelatex --top-level-division=chapter
        -V documentclass=scrbook -V classoption=fontsize="${BODY_PT}pt"
        -V linestretch="$LINESTRETCH"
        -V geometry:paperwidth="$PAPER_W" -V geometry:paperheight="$PAPER_H"
        -V geometry:inner="$M_IN" -V geometry:outer="$M_OUT"
        -V geometry:top="$M_TOP" -V geometry:bottom="$M_BOT"
        -V mainfont="Noto Serif" -V sansfont="Noto Serif" -V monofont="JetBrains Mono"
        --resource-path="$dir" --metadata-file="$PREP/metadata.yaml"
        -o "$out/$corpus.pdf")
    [ "$run" != 1 ] || say "  ($(shown "${cmd[@]}") $PREP/0001-... .md x${#PREP_FILES[@]})"
    # pandoc writes LaTeX and runs xelatex as often as the contents page needs
    # (in a temporary folder of its own); the time is the whole of it
    timed "$corpus" xelatex "$run" "$out/$corpus.pdf" \
        "$BENCH_DIR/logs/xelatex-$corpus-$run.log" "" -- "${cmd[@]}" "${PREP_FILES[@]}"
}

run_weasyprint() {  # run_weasyprint DIR RUN
    local dir=$1 run=$2 corpus out
    corpus=$(basename -- "$dir")
    prepare "$dir"
    out=$BENCH_DIR/out/$corpus/weasyprint
    rm -rf -- "$out"
    mkdir -p -- "$out"
    local html=$out/$corpus.html pdf=$out/$corpus.pdf note=$out/split.txt
    local cmd=(pandoc "${PANDOC_SCOPE[@]}" "${PANDOC_EXTRA[@]+"${PANDOC_EXTRA[@]}"}" -f gfm -t html5 -s --toc --toc-depth=2
        --css="$CSS" --metadata-file="$PREP/metadata.yaml" -o "$html")
    local wcmd=(weasyprint --base-url "$dir/" "$html" "$pdf")
    [ "$run" != 1 ] || say "  ($(shown "${cmd[@]}") $PREP/0001-... .md x${#PREP_FILES[@]}; then $(shown "${wcmd[@]}"))"
    # both steps are timed together; the split goes in the note
    # shellcheck disable=SC2016  # expanded by the inner bash
    local script='
        n=$1; shift
        hs=$(date +%s.%N)
        "$@" || exit
        he=$(date +%s.%N)
        awk -v a="$hs" -v b="$he" "BEGIN { printf \"HTML %.1f s\", b - a }" >"$n"
        ws=$(date +%s.%N)
        weasyprint --base-url "$W_BASE" "$W_HTML" "$W_PDF" || exit
        we=$(date +%s.%N)
        awk -v a="$ws" -v b="$we" "BEGIN { printf \", WeasyPrint %.1f s\", b - a }" >>"$n"'
    timed "$corpus" weasyprint "$run" "$pdf" "$BENCH_DIR/logs/weasyprint-$corpus-$run.log" "$note" -- \
        env W_BASE="$dir/" W_HTML="$html" W_PDF="$pdf" bash -c "$script" _ "$note" "${cmd[@]}" "${PREP_FILES[@]}"
}

bench_corpus() {  # bench_corpus DIR RUNS OCTAVO_RUNS
    local dir=$1 runs=$2 oruns=$3 i max
    WORDS=$(python3 "$BENCH/series_info.py" words "$dir")
    max=$runs
    [ "$OCTAVO_OK" != 1 ] || [ "$oruns" -le "$max" ] || max=$oruns
    [ "$OCTAVO_OK" = 1 ] || oruns=0
    say "$(basename -- "$dir"): $WORDS words, $(python3 "$BENCH/series_info.py" chapters "$dir" | wc -l) chapters; runs: octavo $oruns, peers $runs; load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$OCTAVO_OK" != 1 ]; then
        printf '%s\t%s\toctavo\t0\tunavailable\t0\t0\t0\t0\t0\t-\t%s\n' \
            "$(basename -- "$dir")" "$WORDS" "$OCTAVO_WHY" >>"$RESULTS"
    fi
    for ((i = 1; i <= max; i++)); do
        if [ "$OCTAVO_OK" = 1 ] && [ "$i" -le "$oruns" ]; then
            run_octavo "$dir" "$i"
            # the peers typeset on one core; octavo's default uses all (-j)
            [ "${OCTAVO_J1:-1}" = 1 ] && run_octavo "$dir" "$i" octavo-j1 --jobs=1
        fi
        if [ "$i" -le "$runs" ]; then
            [ "$SKIP_XELATEX" = 1 ] || run_xelatex "$dir" "$i"
            [ "$SKIP_WEASYPRINT" = 1 ] || run_weasyprint "$dir" "$i"
        fi
    done
}

bench_corpus "$SMALL_DIR" "$RUNS_SMALL" "$RUNS_SMALL"
[ -z "$BIG_DIR" ] || bench_corpus "$BIG_DIR" "$RUNS_BIG" "$RUNS_BIG_OCTAVO"
say ""

# --- the table --------------------------------------------------------------
say "== results (median of runs; peak = max resident set size; $PAGE_SIZE, ${BODY_PT} pt) =="
python3 - "$RESULTS" "$TIMEOUT" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
timeout = sys.argv[2]
order, by = [], {}
for corpus, words, tool, run, status, secs, kb, cpu, pages, size, psize, note in rows:
    key = (corpus, tool)
    if key not in by:
        by[key] = []
        order.append(key)
    by[key].append(dict(words=int(words), status=status, secs=float(secs), kb=int(kb),
                        cpu=float(cpu), pages=int(pages or 0), size=int(size),
                        psize=psize, note=note))
fmt = "%-20s %9s %-10s %4s %8s %8s %9s %6s %8s %8s %7s"
print(fmt % ("corpus", "words", "tool", "runs", "seconds", "CPU s", "words/s",
             "pages", "pages/s", "peak MB", "PDF MB"))
med, notes = {}, []
for corpus, tool in order:
    r = by[(corpus, tool)]
    words = r[0]["words"]
    if r[0]["status"] == "unavailable":
        print("%-20s %9s %-10s %s" % (corpus, words, tool, "octavo -f pdf not available: " + r[0]["note"]))
        continue
    ok = [x for x in r if x["status"] == "ok"]
    bad = [x["status"] for x in r if x["status"] != "ok"]
    if not ok:
        st = bad[0]
        # a killed run's CPU time and peak miss the processes it left behind
        to = st == "timeout"
        print(fmt % (corpus, words, tool, len(r), (">" + timeout) if to else st,
                     "-" if to else "%.2f" % max(x["cpu"] for x in r), st, "-", "-",
                     "-" if to else "%.1f" % (max(x["kb"] for x in r) / 1024), "-"))
        continue
    s = statistics.median(x["secs"] for x in ok)
    kb = statistics.median(x["kb"] for x in ok)
    cpu = statistics.median(x["cpu"] for x in ok)
    pages = ok[-1]["pages"]
    med[(corpus, tool)] = (s, kb, cpu, pages)
    wps = "%.0f" % (words / s) if s > 0 else "inf"
    pps = "%.1f" % (pages / s) if s > 0 else "inf"
    print(fmt % (corpus, words, tool, len(r), "%.2f" % s, "%.2f" % cpu, wps, pages, pps,
                 "%.1f" % (kb / 1024), "%.2f" % (ok[-1]["size"] / 1e6)))
    if bad:
        notes.append("%s %s: %d of %d runs %s (median of the others)"
                     % (corpus, tool, len(bad), len(r), "/".join(sorted(set(bad)))))
for n in notes:
    print("  note: " + n)
print()

def ratio(corpus, peer, base):
    (sp, kp, cp, pp), (sb, kb, cb, pb) = med[(corpus, peer)], med[(corpus, base)]
    t = "%.1fx" % (sp / sb) if sb > 0 else "n/a (%s < 0.01 s)" % base
    c = "%.1fx" % (cp / cb) if cb > 0 else "n/a"
    pg = ("%.1fx" % ((pb / sb) / (pp / sp))) if sb > 0 and sp > 0 and pp > 0 else "n/a"
    print("%-20s %-21s time %s, CPU %s, pages/s %s, peak memory %.1fx"
          % (corpus, peer + "/" + base + ":", t, c, pg, kp / kb))

pairs = [(c, p, b) for c in dict.fromkeys(c for c, _ in order)
         for p, b in (("xelatex", "octavo"), ("xelatex", "octavo-j1"),
                      ("weasyprint", "octavo"), ("weasyprint", "octavo-j1"),
                      ("weasyprint", "xelatex"))
         if (c, p) in med and (c, b) in med]
if pairs:
    print("A/B: A's time, CPU time and peak memory over B's (the time ratio is also B's")
    print("words/s over A's); pages/s: B's pages/s over A's (page counts differ).")
for c, p, b in pairs:
    ratio(c, p, b)
sizes = {}
for corpus, tool in order:
    for x in by[(corpus, tool)]:
        if x["status"] == "ok" and x["psize"] not in ("", "-"):
            sizes.setdefault(x["psize"], set()).add(tool)
if len(sizes) > 1:
    print()
    print("warning: the PDFs' page sizes differ: " + "; ".join(
        "%s pt (%s)" % (k, ", ".join(sorted(v))) for k, v in sizes.items()))
EOF
say ""
say "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$KEPT" = 1 ]; then
    say ""
    say "corpora, PDFs and logs kept in $BENCH_DIR"
fi
