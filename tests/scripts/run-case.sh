#!/usr/bin/env bash
# One bad- or odd-input case: builds CASE_DIR and checks what expect.txt says:
#   exit N            the exit status octavo must give
#   stderr TEXT       a diagnostic (substring, e.g. "series.yaml:3:1: error:") that must appear
#   no-stderr TEXT    a substring that must not appear
#   args ARGS         extra command-line arguments (e.g. --strict)
#   epubcheck         the built book must pass EPUBCheck with no error and no warning
#   opf TEXT          a substring the built book's package.opf must hold
#   no-opf TEXT       a substring it must not hold
#   book TEXT         a substring some file of the built book must hold
#   no-book TEXT      a substring no file of it may hold
# A failed build must leave an earlier file of the same name untouched and no
# stray temporary file behind.
set -u
octavo=$1 case_dir=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
expect="$case_dir/expect.txt"
rm -rf "$work" && mkdir -p "$work/out"
want_exit=$(sed -n 's/^exit //p' "$expect")
args=$(sed -n 's/^args //p' "$expect")
slug=$(basename "$case_dir")
edition=$(sed -n 's/^edition: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$case_dir/series.yaml" 2>/dev/null | head -n 1)
case "$edition" in *[!A-Za-z0-9._+-]*|'') edition=1.0.0 ;; esac
book="$work/out/$slug-$edition.epub"
echo "an earlier good book" > "$book"
# shellcheck disable=SC2086
SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 timeout 60 "$octavo" build "$case_dir" -o "$work/out" $args \
  >"$work/stdout" 2>"$work/stderr"
rc=$?
fail=0
say() { echo "case $slug: $*"; fail=1; }
[ "$rc" = "$want_exit" ] || say "exit status $rc, expected $want_exit"
while IFS= read -r line; do
  case "$line" in
    "stderr "*) grep -qF -- "${line#stderr }" "$work/stderr" || say "missing diagnostic: ${line#stderr }" ;;
    "no-stderr "*) grep -qF -- "${line#no-stderr }" "$work/stderr" && say "unexpected diagnostic: ${line#no-stderr }" ;;
  esac
done < "$expect"
# every diagnostic names a file (and, for input errors, a line)
grep -v -e ': error: ' -e ': warning: ' -e 'nothing written' "$work/stderr" | grep -q . &&
  say "a diagnostic line is not in file:line: form"
stray=$(find "$work/out" -name '.*tmp*' | head -n 1)
[ -z "$stray" ] || say "temporary file left behind: $stray"
if [ "$want_exit" = 1 ]; then
  [ "$(cat "$book")" = "an earlier good book" ] || say "the earlier file was clobbered"
  [ "$(find "$work/out" -type f | wc -l)" = 1 ] || say "a failed build wrote a file"
elif [ "$want_exit" = 0 ]; then
  [ "$(head -c 2 "$book")" = "PK" ] || say "no EPUB written"
  if grep -q '^\(no-\)\{0,1\}opf ' "$expect"; then
    opf=$(unzip -p "$book" EPUB/package.opf 2>/dev/null)
    while IFS= read -r line; do
      case "$line" in
        "opf "*) grep -qF -- "${line#opf }" <<<"$opf" || say "package.opf lacks: ${line#opf }" ;;
        "no-opf "*) grep -qF -- "${line#no-opf }" <<<"$opf" && say "package.opf holds: ${line#no-opf }" ;;
      esac
    done < "$expect"
  fi
  if grep -q '^\(no-\)\{0,1\}book ' "$expect"; then
    unzip -p "$book" > "$work/book.txt" 2>/dev/null
    while IFS= read -r line; do
      case "$line" in
        "book "*) grep -qF -- "${line#book }" "$work/book.txt" || say "the book lacks: ${line#book }" ;;
        "no-book "*) grep -qF -- "${line#no-book }" "$work/book.txt" && say "the book holds: ${line#no-book }" ;;
      esac
    done < "$expect"
  fi
  if grep -qx epubcheck "$expect"; then
    bash "$here/../tools/epubcheck.sh" "$book" > "$work/epubcheck.log" 2>&1 ||
      { cat "$work/epubcheck.log"; say "EPUBCheck failed"; }
  fi
fi
if [ "$fail" != 0 ]; then
  echo "--- stderr:"; cat "$work/stderr"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
