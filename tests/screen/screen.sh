#!/usr/bin/env bash
# Every reader's screen: builds each series given (EPUB only), unzips it and
# runs screen.py over every page of its spine in headless Chromium.
#   screen.sh OCTAVO WORK SERIES_DIR...
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
rm -rf "$work" && mkdir -p "$work"
dirs=()
for series in "$@"; do
  name=$(basename "$series")
  mkdir -p "$work/$name/out" "$work/$name/book"
  SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$series" -f epub -o "$work/$name/out" >/dev/null
  (cd "$work/$name/book" && unzip -q "$work/$name/out"/*.epub)
  dirs+=("$work/$name/book")
done
shots=()
[ -n "${SCREEN_SHOTS:-}" ] && shots=(--shots "$SCREEN_SHOTS")
python3 "$here/screen.py" "${shots[@]}" "${dirs[@]}"
