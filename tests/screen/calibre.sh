#!/usr/bin/env bash
# Calibre's ebook-convert (Debian's calibre) turns the book into AZW3 and MOBI:
# no warning, the hidden navigation (page-list, landmarks) stays hidden, and no
# page holds only a chapter number. Runs if calibre is installed; else skips
# (exit 77) and says so.
#   calibre.sh OCTAVO SERIES_DIR WORK
set -u
octavo=$1 series=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v ebook-convert >/dev/null 2>&1; then
  echo "SKIP: ebook-convert not found; install Debian's calibre (apt-get install calibre) to run this test"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work/out"
# the full build: the EPUB then carries the PDF's page-list, hidden
SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$series" -o "$work/out" >/dev/null || {
  echo "octavo could not build $series"; exit 1; }
book=$(ls "$work"/out/*.epub)
# Qt's warning about an unset runtime folder is about this machine, not the book
export XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
check() { # FORMAT: convert, read what Calibre said, then what a reader sees
  local fmt=$1
  timeout 600 ebook-convert "$book" "$work/book.$fmt" > "$work/$fmt.log" 2>&1 || {
    echo "FAIL $fmt: ebook-convert failed"; tail -n 20 "$work/$fmt.log"; return 1; }
  if grep -Ei 'warn|error|fail|could not|cannot|unable|invalid|missing|not found|traceback' "$work/$fmt.log"; then
    echo "FAIL $fmt: ebook-convert reported the lines above"; return 1
  fi
  # Calibre reads its own output back into an EPUB, split where the Kindle turns the page
  timeout 600 ebook-convert "$work/book.$fmt" "$work/back-$fmt.epub" > "$work/back-$fmt.log" 2>&1 || {
    echo "FAIL $fmt: Calibre cannot read its own $fmt back"; return 1; }
  python3 "$here/converted.py" "$fmt" "$work/back-$fmt.epub"
}
fail=0
for fmt in azw3 mobi; do
  check "$fmt" || fail=$((fail + 1))
done
echo "$((2 - fail)) passed, $fail failed"
[ "$fail" = 0 ]
