#!/usr/bin/env bash
# The EPUB learns the print edition's pages: a book built with page marks at
# every awkward place passes EPUBCheck and Ace, and its page-list links every
# marker in reading order.
set -eu
tool=$1 series=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/x"
"$tool" "$series" "$work/paged.epub"
(cd "$work/x" && unzip -q ../paged.epub)
markers=$(cat "$work"/x/EPUB/*.xhtml | grep -o 'role="doc-pagebreak"' | wc -l)
entries=$(grep -o '<a href="[^"]*#pg\.[^"]*"' "$work/x/EPUB/nav.xhtml" | wc -l)
[ "$markers" -gt 10 ] && [ "$markers" = "$entries" ] || { echo "markers $markers, page-list entries $entries"; exit 1; }
grep -q 'property="source-of"' "$work/x/EPUB/package.opf"
bash "$here/../tools/epubcheck.sh" "$work/paged.epub"
bash "$here/../tools/ace.sh" "$work/paged.epub"
echo "1 passed, 0 failed"
