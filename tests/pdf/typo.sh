#!/usr/bin/env bash
# Issue 10's typographic defects, checked on the bundled series and on a
# generated book (bench/gen_series.py), both at A5: check_typo.py CHECK, or
# check_touch.py for touch (things drawn that touch: it reads the drawing, not
# the text, and needs no series).
#   typo.sh OCTAVO SOURCE_DIR WORK CHECK     (CHECK: markers, code, breaks, widows, pages, touch)
set -eu
octavo=$1 src=$2 work=$3 check=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
for tool in pdftotext pdftocairo; do
    command -v $tool >/dev/null || { echo "typo.sh: needs $tool (apt-get install poppler-utils)" >&2; exit 1; }
done
status=0
# check PDF SERIES_DIR
check() {
    if [ "$check" = touch ]; then
        python3 "$here/check_touch.py" "$1"
    else
        python3 "$here/check_typo.py" "$1" "$2" --checks "$check"
    fi
}

bundled=$src/series/python-memory-model
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$bundled" -f pdf -o "$work/bundled" --page-size=a5 -q
echo "== bundled series"
check "$work/bundled/python-memory-model-1.1.0.pdf" "$bundled" || status=1

# a generated book: 60,000 words in 10 chapters (notes, inline code, links, tables, figures)
python3 "$src/bench/gen_series.py" "$work/gen" --words 60000 --chapters 10 --seed 7 --force -q
printf 'page-size: a5\n' >>"$work/gen/series.yaml"
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$work/gen" -f pdf -o "$work/gen-out" -q 2>/dev/null
pdf=$(ls "$work"/gen-out/*.pdf)
echo "== generated book"
if [ "$check" = code ]; then
    # the generated text has few code spans with spaces: checked where there are some
    python3 "$here/check_typo.py" "$pdf" "$work/gen" --checks code >"$work/gen-code.txt" || {
        grep -q "nothing checked" "$work/gen-code.txt" || status=1; }
    cat "$work/gen-code.txt"
else
    check "$pdf" "$work/gen" || status=1
fi
exit $status
