#!/usr/bin/env bash
# Golden files: builds tests/golden/book and compares every text file of the
# EPUB with tests/golden/expected/ byte for byte. UPDATE_GOLDEN=1 rewrites them.
set -u
octavo=$(realpath "$1") golden=$(realpath "$2") work=$(realpath -m "$3")
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/out" "$work/unzip"
SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$golden/book" -f epub -o "$work/out" 2> "$work/stderr"
book="$work/out/book-2.1.0.epub"
(cd "$work/unzip" && unzip -q "$book")
cp "$work/stderr" "$work/unzip/diagnostics.txt"
sed -i "s|$golden/||g" "$work/unzip/diagnostics.txt"
files="mimetype META-INF/container.xml EPUB/package.opf EPUB/nav.xhtml EPUB/toc.ncx
       EPUB/cover.xhtml EPUB/titlepage.xhtml EPUB/01-blocks.xhtml EPUB/02-inlines.xhtml EPUB/03-raw-html.xhtml
       EPUB/colophon.xhtml diagnostics.txt"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  for f in $files; do mkdir -p "$golden/expected/$(dirname "$f")"; cp "$work/unzip/$f" "$golden/expected/$f"; done
  echo "golden files updated"; exit 0
fi
pass=0 fail=0
tally() { if [ "$1" = 0 ]; then pass=$((pass+1)); else echo "FAIL: $2"; fail=$((fail+1)); fi; }
for f in $files; do
  diff -u "$golden/expected/$f" "$work/unzip/$f"; tally $? "$f differs"
done
# the archive itself: mimetype first and stored
first=$(unzip -Z1 "$book" | head -n 1)
[ "$first" = mimetype ]; tally $? "mimetype is not the first entry"
unzip -Zv "$book" mimetype | grep -q 'compression method: *none (stored)'; tally $? "mimetype is compressed"
bash "$here/../tools/epubcheck.sh" "$book"; tally $? "EPUBCheck"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
