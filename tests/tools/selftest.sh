#!/usr/bin/env bash
# selftest.sh [epubcheck|ace|all] — check that epubcheck.sh and ace.sh tell a
# clean EPUB from a faulty one.  Builds EPUBs from fixtures/a11y-min (a minimal
# EPUB 3 that passes EPUBCheck 4.2.6 with zero warnings and Ace with zero
# violations) and from variants of it, then checks each tool's exit code.
# Ends with "N passed, N failed"; exit 0 only if all passed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
which_tools=${1:-all}
case $which_tools in epubcheck|ace|all) ;; *) echo "usage: $0 [epubcheck|ace|all]" >&2; exit 2;; esac

if ! command -v zip >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q zip >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q zip >/dev/null 2>&1; } \
        || { echo "selftest.sh: ERROR: zip is missing and could not be installed" >&2; exit 2; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/octavo-tools-selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# mk NAME SEDSCRIPT_FOR_OPF SEDSCRIPT_FOR_NAV SEDSCRIPT_FOR_C1 [EXTRA_FILE]
mk() {
    local name=$1 d="$tmp/$1"
    cp -r "$here/fixtures/a11y-min" "$d"
    sed -i -e "$2" "$d/EPUB/package.opf"
    sed -i -e "$3" "$d/EPUB/nav.xhtml"
    sed -i -e "$4" "$d/EPUB/c1.xhtml"
    [ -n "${5:-}" ] && echo extra >"$d/EPUB/$5"
    ( cd "$d" && zip -q -X0 "$tmp/$name.epub" mimetype && zip -q -Xr9D "$tmp/$name.epub" META-INF EPUB )
}
mk clean    '' '' ''
# No a11y metadata, no package xml:lang, no role on the toc nav (what a
# pandoc 2.17 EPUB looks like to Ace): valid EPUB, 7 Ace violations.
mk no-a11y  '/schema:\|dcterms:conformsTo\|a11y:/d; s/ xml:lang="en"//' 's/ role="doc-toc"//' ''
# A file in the ZIP that the manifest does not declare: WARNING(OPF-003).
mk warning  '' '' '' undeclared.txt
# Not well-formed XHTML: FATAL(RSC-016) + ERROR(RSC-005).
mk error    '' '' 's#</html>#</html><p>#'
# A content fault that only Ace sees: a skipped heading level (h1 -> h3).
mk heading  '' '' 's#<p>Text.</p>#<h3>Skipped</h3><p>Text.</p>#'

pass=0 fail=0
expect() {  # expect TOOL EPUBNAME WANTED_EXIT
    local rc=0
    "$here/$1.sh" "$tmp/$2.epub" >"$tmp/log" 2>&1 || rc=$?
    if [ "$rc" -eq "$3" ]; then
        pass=$((pass + 1)); echo "PASS: $1 $2 -> exit $rc"
    else
        fail=$((fail + 1)); echo "FAIL: $1 $2 -> exit $rc, expected $3"; sed 's/^/    /' "$tmp/log"
    fi
}
if [ "$which_tools" != ace ]; then
    expect epubcheck clean 0
    expect epubcheck no-a11y 0
    expect epubcheck warning 1
    expect epubcheck error 1
    expect epubcheck heading 0
fi
if [ "$which_tools" != epubcheck ]; then
    expect ace clean 0
    expect ace no-a11y 1
    expect ace error 1
    expect ace heading 1
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
