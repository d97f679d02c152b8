#!/usr/bin/env bash
# Every reader's screen: runs screen.py over every page of the spine of each
# book given, in headless Chromium.
#   screen.sh OCTAVO WORK BOOK...
# A BOOK is a series folder (built here, EPUB only), an .epub, or a folder of
# .epub files (the corpus, built by its own fixture).
# SCREEN_SHOTS=DIR keeps 600x800 screenshots of every page (light, dark, and a
# dark scheme on a white page) to look at.
set -eu
octavo=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ] || {
  echo "ERROR: chromium is missing: install Debian's chromium (scripts/setup.sh --tests)" >&2
  exit 2
}
rm -rf "$work" && mkdir -p "$work/out" "$work/book"
epubs=()
for arg in "$@"; do
  if [ -f "$arg/series.yaml" ]; then
    out="$work/out/$(basename "$arg")"
    mkdir -p "$out"
    SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$arg" -f epub -o "$out" >/dev/null
    epubs+=("$out"/*.epub)
  elif [ -d "$arg" ]; then
    found=("$arg"/*.epub)
    [ -e "${found[0]}" ] || { echo "ERROR: no EPUB in $arg (did its fixture run?)" >&2; exit 2; }
    epubs+=("${found[@]}")
  else
    epubs+=("$arg")
  fi
done
dirs=()
for book in "${epubs[@]}"; do
  book=$(realpath "$book")
  dir="$work/book/$(basename "$book" .epub)"
  mkdir -p "$dir" && (cd "$dir" && unzip -q "$book")
  dirs+=("$dir")
done
shots=()
[ -n "${SCREEN_SHOTS:-}" ] && shots=(--shots "$SCREEN_SHOTS")
python3 "$here/screen.py" "${shots[@]}" "${dirs[@]}"
