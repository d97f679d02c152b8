#!/usr/bin/env bash
# Times octavo against pandoc on EPUB output, side by side on this machine:
# wall time and peak RSS (/usr/bin/time), on the bundled 7-chapter series and
# on a generated 1,000,000-word series; then EPUBCheck counts on both large
# EPUBs, and octavo's peak memory on 100k/300k/1M words (growth with chapter
# count). See bench/README.md for what is measured and why.
#
#   bash bench/epub.sh                 (from the repository root or anywhere)
#
# Environment: OCTAVO (default ./build/octavo), BENCH_DIR (keep the corpora
# and EPUBs there; default a temporary folder removed at exit), KEEP=1,
# RUNS_SMALL (3), RUNS_BIG (2), BIG_WORDS (1000000), WORDS_PER_CHAPTER (5000),
# SCALE_WORDS ("100000 300000 1000000"), SMALL_SERIES
# (series/python-memory-model), SKIP_PANDOC=1, SKIP_EPUBCHECK=1,
# SKIP_SCALING=1, EPUBCHECK_JAR (/usr/share/java/epubcheck.jar),
# OCTAVO_J1=0 (skip the extra octavo --jobs=1 runs),
# PANDOC_FILE_SCOPE=0 (drop pandoc's --file-scope), PANDOC_EXTRA (more
# pandoc options, split at spaces), SEED (1).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BENCH=$ROOT/bench
OCTAVO=${OCTAVO:-$ROOT/build/octavo}
RUNS_SMALL=${RUNS_SMALL:-3}
RUNS_BIG=${RUNS_BIG:-2}
BIG_WORDS=${BIG_WORDS:-1000000}
WORDS_PER_CHAPTER=${WORDS_PER_CHAPTER:-5000}
SCALE_WORDS=${SCALE_WORDS:-100000 300000 1000000}
SMALL_SERIES=${SMALL_SERIES:-series/python-memory-model}
EPUBCHECK_JAR=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
SEED=${SEED:-1}
# --file-scope: each chapter parsed on its own, as octavo does (per-chapter
# footnote labels and heading anchors); PANDOC_FILE_SCOPE=0 concatenates.
PANDOC_SCOPE=(--file-scope)
[ "${PANDOC_FILE_SCOPE:-1}" = 1 ] || PANDOC_SCOPE=()
read -r -a PANDOC_EXTRA <<<"${PANDOC_EXTRA:-}"   # e.g. PANDOC_EXTRA=--no-highlight

say() { printf '%s\n' "$*"; }
die() { printf 'epub.sh: %s\n' "$*" >&2; exit 1; }

# --- what we need -----------------------------------------------------------
ensure_deps() {
    local missing=()
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    [ "${SKIP_PANDOC:-0}" = 1 ] || command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
    # GNU time as a program (the shell keyword cannot report memory)
    dpkg -s time >/dev/null 2>&1 || [ -x /usr/bin/time ] || missing+=(time)
    [ ${#missing[@]} -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install them: apt-get install -y ${missing[*]}"
        sudo=(sudo)
    fi
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # update the package lists only when there are none or the install fails
    if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
        "${sudo[@]}" apt-get update
    fi
    if ! "${sudo[@]}" apt-get install -y "${missing[@]}"; then
        "${sudo[@]}" apt-get update
        "${sudo[@]}" apt-get install -y "${missing[@]}"
    fi
}
ensure_deps

if [ ! -x "$OCTAVO" ]; then
    die "octavo binary not found at $OCTAVO.
Build it first with the build command in README.md (e.g.
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j
), or point OCTAVO at a binary."
fi

# --- work folder ------------------------------------------------------------
KEPT=1
if [ -n "${BENCH_DIR:-}" ]; then
    mkdir -p -- "$BENCH_DIR"
    BENCH_DIR=$(cd -- "$BENCH_DIR" && pwd)
else
    BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/octavo-bench.XXXXXX")
    if [ "${KEEP:-0}" != 1 ]; then
        KEPT=0
        trap 'rm -rf -- "$BENCH_DIR"' EXIT
    fi
fi
CORPORA=$BENCH_DIR/corpus
RESULTS=$BENCH_DIR/results.tsv
SCALING=$BENCH_DIR/scaling.tsv
mkdir -p -- "$CORPORA" "$BENCH_DIR/out" "$BENCH_DIR/prep" "$BENCH_DIR/logs"
: >"$RESULTS"
: >"$SCALING"

say "== octavo vs pandoc, EPUB 3 =="
say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo)"
say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; wall times need an idle machine, CPU s less so)"
say "octavo:  $("$OCTAVO" --version 2>/dev/null | head -n 1 || echo '?') ($OCTAVO)"
[ "${SKIP_PANDOC:-0}" = 1 ] || say "pandoc:  $(pandoc --version | head -n 1)"
say "work:    $BENCH_DIR"
say ""

# --- corpora ----------------------------------------------------------------
gen() {  # gen SLUG WORDS CHAPTERS -> path on stdout
    local dir=$CORPORA/$1
    python3 "$BENCH/gen_series.py" "$dir" --words "$2" --chapters "$3" \
        --seed "$SEED" --force -q >/dev/null
    printf '%s\n' "$dir"
}
slug_for() {  # 1000000 -> bench-1000k
    printf 'bench-%sk\n' "$(( $1 / 1000 ))"
}

if [ -f "$SMALL_SERIES/series.yaml" ]; then
    SMALL_DIR=$(cd -- "$SMALL_SERIES" && pwd)
else
    say "warning: $SMALL_SERIES/series.yaml not found; using a generated 7-chapter series as the small corpus"
    SMALL_DIR=$(gen bench-7ch 25000 7)
fi
BIG_CHAPTERS=$(( BIG_WORDS / WORDS_PER_CHAPTER ))
[ "$BIG_CHAPTERS" -ge 1 ] || die "BIG_WORDS must be at least WORDS_PER_CHAPTER"
say "generating the $BIG_WORDS-word series ($BIG_CHAPTERS chapters) ..."
BIG_DIR=$(gen "$(slug_for "$BIG_WORDS")" "$BIG_WORDS" "$BIG_CHAPTERS")
BIG_NAME=$(basename -- "$BIG_DIR")

# --- one timed run ----------------------------------------------------------
# Each run appends "corpus words tool run seconds peak_kb epub_bytes" to $TARGET.
TARGET=$RESULTS
timed() {  # timed CORPUS TOOL RUN EPUB LOG -- command...
    local corpus=$1 tool=$2 run=$3 epub=$4 log=$5
    shift 6
    local tf=$BENCH_DIR/logs/time.txt secs kb user sys
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" >"$log" 2>&1; then
        printf 'epub.sh: %s failed on %s; last lines of %s:\n' "$tool" "$corpus" "$log" >&2
        tail -n 20 -- "$log" >&2
        tail -n 2 -- "$tf" >&2
        exit 1
    fi
    read -r secs kb user sys < <(tail -n 1 -- "$tf")
    [ -s "$epub" ] || die "$tool wrote no $epub (log: $log)"
    printf '  %-16s %-9s run %d: %8.2f s (CPU %6.2f s) %9.1f MB peak\n' "$corpus" "$tool" "$run" \
        "$secs" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$WORDS" "$tool" "$run" \
        "$secs" "$kb" "$(stat -c %s -- "$epub")" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >>"$TARGET"
}

run_octavo() {  # run_octavo DIR RUN [TOOL_NAME OPTION...]
    local dir=$1 run=$2 tool=${3:-octavo} corpus out epub
    shift 2
    [ $# -eq 0 ] || shift
    corpus=$(basename -- "$dir")
    out=$BENCH_DIR/out/$corpus/$tool
    rm -rf -- "$out"
    mkdir -p -- "$out"
    epub=$out/$(python3 "$BENCH/series_info.py" epub-name "$dir")
    timed "$corpus" "$tool" "$run" "$epub" "$BENCH_DIR/logs/$tool-$corpus-$run.log" -- \
        "$OCTAVO" build "$dir" -f epub -o "$out" "$@"
}

run_pandoc() {  # run_pandoc DIR RUN
    local dir=$1 run=$2 corpus prep out
    local files=()
    corpus=$(basename -- "$dir")
    prep=$BENCH_DIR/prep/$corpus
    out=$BENCH_DIR/out/$corpus/pandoc
    if [ ! -f "$prep/files.txt" ]; then
        # not timed: each chapter's front matter title becomes "# Title"
        rm -rf -- "$prep"
        python3 "$BENCH/series_info.py" pandoc-prep "$dir" "$prep" >"$BENCH_DIR/files.tmp"
        mv -- "$BENCH_DIR/files.tmp" "$prep/files.txt"
    fi
    mapfile -t files <"$prep/files.txt"
    rm -rf -- "$out"
    mkdir -p -- "$out"
    local cmd=(pandoc "${PANDOC_SCOPE[@]}" "${PANDOC_EXTRA[@]}" -f gfm -t epub3 --toc
        --resource-path="$dir" --metadata-file="$prep/metadata.yaml"
        -o "$out/$corpus.epub")
    if [ "$run" = 1 ]; then
        say "  (${cmd[*]} ${prep}/0001-... .md x${#files[@]})"
    fi
    timed "$corpus" pandoc "$run" "$out/$corpus.epub" "$BENCH_DIR/logs/pandoc-$corpus-$run.log" -- \
        "${cmd[@]}" "${files[@]}"
}

bench_corpus() {  # bench_corpus DIR RUNS
    local dir=$1 runs=$2 i
    WORDS=$(python3 "$BENCH/series_info.py" words "$dir")
    say "$(basename -- "$dir"): $WORDS words, $(python3 "$BENCH/series_info.py" chapters "$dir" | wc -l) chapters, $runs run(s) per tool"
    for ((i = 1; i <= runs; i++)); do
        run_octavo "$dir" "$i"
        # pandoc converts on one core; octavo's default uses all (-j)
        [ "${OCTAVO_J1:-1}" = 1 ] && run_octavo "$dir" "$i" octavo-j1 --jobs=1
        [ "${SKIP_PANDOC:-0}" = 1 ] || run_pandoc "$dir" "$i"
    done
}

bench_corpus "$SMALL_DIR" "$RUNS_SMALL"
bench_corpus "$BIG_DIR" "$RUNS_BIG"
say ""

# --- the table --------------------------------------------------------------
say "== results (median of runs; peak = max resident set size) =="
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
order, by = [], {}
for corpus, words, tool, run, secs, kb, size, cpu in rows:
    key = (corpus, tool)
    if key not in by:
        by[key] = []
        order.append(key)
    by[key].append((int(words), float(secs), int(kb), int(size), float(cpu)))
fmt = "%-22s %9s %-9s %4s %8s %8s %10s %8s %8s"
print(fmt % ("corpus", "words", "tool", "runs", "seconds", "CPU s", "words/s",
             "peak MB", "EPUB MB"))
med = {}
for corpus, tool in order:
    r = by[(corpus, tool)]
    words = r[0][0]
    s = statistics.median(x[1] for x in r)
    kb = statistics.median(x[2] for x in r)
    cpu = statistics.median(x[4] for x in r)
    med[(corpus, tool)] = (s, kb)
    wps = "%.0f" % (words / s) if s > 0 else "inf"
    print(fmt % (corpus, words, tool, len(r), "%.2f" % s, "%.2f" % cpu, wps,
                 "%.1f" % (kb / 1024), "%.2f" % (r[-1][3] / 1e6)))
print()
for corpus in dict.fromkeys(c for c, _ in order):
    for o in ("octavo", "octavo-j1"):
        if (corpus, o) in med and (corpus, "pandoc") in med:
            (so, ko), (sp, kp) = med[(corpus, o)], med[(corpus, "pandoc")]
            t = "%.1fx" % (sp / so) if so > 0 else "n/a (%s < 0.01 s)" % o
            print("%-22s pandoc/%-9s time %s, peak memory %.1fx"
                  % (corpus, o + ":", t, kp / ko))
EOF
say ""

# --- EPUBCheck --------------------------------------------------------------
if [ "${SKIP_EPUBCHECK:-0}" != 1 ] && [ -f "$EPUBCHECK_JAR" ] && command -v java >/dev/null 2>&1; then
    say "== EPUBCheck ($(basename -- "$(readlink -f -- "$EPUBCHECK_JAR")")) on the $BIG_NAME EPUBs =="
    for tool in octavo pandoc; do
        epub=$(find "$BENCH_DIR/out/$BIG_NAME/$tool" -name '*.epub' 2>/dev/null | head -n 1)
        [ -n "$epub" ] || continue
        log=$BENCH_DIR/logs/epubcheck-$tool.log
        java -jar "$EPUBCHECK_JAR" "$epub" >"$log" 2>&1 || true
        python3 - "$tool" "$log" <<'EOF'
import collections, re, sys
tool, text = sys.argv[1], open(sys.argv[2], errors="replace").read()
m = re.search(r"Messages:\s*(\d+) fatals? / (\d+) errors? / (\d+) warnings? / (\d+) infos?", text)
if m:
    f, e, w = int(m.group(1)), int(m.group(2)), int(m.group(3))
else:
    f, e, w = (len(re.findall(r"^%s\(" % k, text, re.M)) for k in ("FATAL", "ERROR", "WARNING"))
ids = collections.Counter(re.findall(r"^(?:FATAL|ERROR|WARNING)\(([A-Z]+-\d+)\)", text, re.M))
top = ", ".join("%s x%d" % kv for kv in ids.most_common(3))
print("  %-7s %d fatal, %d errors, %d warnings%s" % (tool, f, e, w, ("   (most: %s)" % top) if top else ""))
EOF
    done
    say ""
else
    if [ "${SKIP_EPUBCHECK:-0}" = 1 ]; then say "(EPUBCheck skipped: SKIP_EPUBCHECK=1)"
    else say "(EPUBCheck skipped: no java or no $EPUBCHECK_JAR; Debian package: epubcheck)"; fi
    say ""
fi

# --- octavo's memory against chapter count ----------------------------------
if [ "${SKIP_SCALING:-0}" != 1 ]; then
    say "== octavo peak memory vs size ($WORDS_PER_CHAPTER words per chapter) =="
    TARGET=$SCALING
    for words in $SCALE_WORDS; do
        chapters=$(( words / WORDS_PER_CHAPTER ))
        [ "$chapters" -ge 1 ] || continue
        slug=$(slug_for "$words")
        if [ "$slug" = "$BIG_NAME" ]; then dir=$BIG_DIR; else dir=$(gen "$slug" "$words" "$chapters"); fi
        WORDS=$(python3 "$BENCH/series_info.py" words "$dir")
        run_octavo "$dir" 1
    done
    python3 - "$SCALING" "$WORDS_PER_CHAPTER" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
per = int(sys.argv[2])
fmt = "%-14s %10s %9s %9s %9s %15s"
print(fmt % ("corpus", "words", "chapters", "seconds", "peak MB", "MB/100k words"))
for corpus, words, tool, run, secs, kb, size, cpu in rows:
    w = int(words)
    print(fmt % (corpus, w, round(w / per), secs, "%.1f" % (int(kb) / 1024),
                 "%.2f" % (int(kb) / 1024 / (w / 1e5))))
if len(rows) >= 2:
    (w0, k0), (w1, k1) = [(int(r[1]), int(r[5])) for r in (rows[0], rows[-1])]
    print("words x%.1f -> peak memory x%.2f" % (w1 / w0, k1 / k0))
EOF
fi

if [ "$KEPT" = 1 ]; then
    say ""
    say "corpora, EPUBs and logs kept in $BENCH_DIR"
fi
