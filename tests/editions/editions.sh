#!/usr/bin/env bash
# Two editions of one series (v1/, v2/ here): edition 1.0.0 built and put into an
# archive and committed to git, then revised into 1.1.0 (a chapter added, one
# removed, one moved; sections added, removed, moved and changed; words, a
# table cell, a list item and a code line changed; a paragraph re-wrapped).
# Checks the generated "Changes in this edition" (its entries and the earlier
# PDF's page numbers, in the EPUB and the PDF), the redline (--diff-from, from
# the archive and from git:), EPUBCheck, Ace, qpdf and pdffonts on what it
# builds, and the refusals.
#   editions.sh OCTAVO WORK
set -u
octavo=$(realpath "$1") work=$2
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/../tools
for tool in git pdftotext qpdf pdffonts unzip; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing: run scripts/setup.sh --tests"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export SOURCE_DATE_EPOCH=1700000000
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
# expect FILE TEXT: the text (fixed string) is in the file
expect() { if grep -qF -- "$2" "$1"; then ok "$1 has '$2'"; else fail "$1 lacks '$2'"; fi; }
refuse() { if grep -qF -- "$2" "$1"; then fail "$1 has '$2'"; else ok "$1 has no '$2'"; fi; }
git_() { git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main "$@"; }

# ---- edition 1.0.0: built, archived, committed, tagged ----
# The archive's layout (docs/series-format.md, "Editions"): sources.tar and
# pagemap.tsv are what a build reads of an earlier edition. The page map is
# made here from the earlier PDF itself: each heading's page is the folio of
# the page pdftotext finds it on.
mkdir -p repo/tides && cp "$here"/v1/* repo/tides/
git_ -C repo init -q && git_ -C repo add -A && git_ -C repo commit -qm 1.0.0 && git_ -C repo tag v1.0.0
"$octavo" build repo/tides -o v1 -f pdf >v1.log 2>&1 || { cat v1.log; fail "build 1.0.0"; }
a=archive/tides/1.0.0
mkdir -p $a && cp v1/tides-1.0.0.pdf $a/
tar -C repo/tides -cf $a/sources.tar series.yaml 01-intro.md 02-waves.md 03-moon.md 04-old.md
folio_of() { # the folio of the first body page of the earlier PDF that shows heading $1
  local n first last pdf=$a/tides-1.0.0.pdf
  for n in $(seq 1 "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"); do
    pdftotext -f "$n" -l "$n" -layout "$pdf" page.txt
    if grep -qE "^[[:space:]]*$1[[:space:]]*\$" page.txt && ! grep -q "Contents" page.txt; then
      # a chapter's first page has its folio alone at the foot, others in the head
      first=$(grep -v '^[[:space:]]*$' page.txt | grep -v $'^\f' | head -1)
      last=$(grep -v '^[[:space:]]*$' page.txt | grep -v $'^\f' | tail -1)
      if [[ $last =~ ^[[:space:]]*([0-9]+)[[:space:]]*$ ]]; then echo "${BASH_REMATCH[1]}"
      elif [[ $first =~ ^[[:space:]]*([0-9]+)[[:space:]] ]]; then echo "${BASH_REMATCH[1]}"
      elif [[ $first =~ [[:space:]]([0-9]+)[[:space:]]*$ ]]; then echo "${BASH_REMATCH[1]}"
      fi
      return
    fi
  done
}
p_height=$(folio_of Height) p_period=$(folio_of Period) p_old=$(folio_of 'Old Notes')
[ -n "$p_height" ] && [ -n "$p_period" ] && [ -n "$p_old" ] || fail "headings not found in the 1.0.0 PDF"
printf '02-waves.md\theight\t%s\t2\tHeight\n02-waves.md\tperiod\t%s\t2\tPeriod\n04-old.md\t\t%s\t1\tOld Notes\n' \
  "$p_height" "$p_period" "$p_old" >$a/pagemap.tsv

# ---- edition 1.1.0 ----
rm repo/tides/*.md && cp "$here"/v2/* repo/tides/
git_ -C repo add -A && git_ -C repo commit -qm 1.1.0
before=$(git -C repo status --porcelain; git -C repo rev-parse HEAD)
"$octavo" build repo/tides --archive archive -o out --diff-from 1.0.0 --strict >build.log 2>&1 ||
  { cat build.log; fail "build 1.1.0 --diff-from 1.0.0"; }
for f in tides-1.1.0.epub tides-1.1.0.pdf tides-1.1.0-diff-1.0.0.epub tides-1.1.0-diff-1.0.0.pdf; do
  [ -s "out/$f" ] || fail "out/$f not written"
done

# -- the changes section in the EPUB: in the navigation, every entry --
unzip -p out/tides-1.1.0.epub EPUB/nav.xhtml >nav.xhtml
expect nav.xhtml "Changes in this edition"
unzip -p out/tides-1.1.0.epub EPUB/changes-in-this-edition.xhtml >changes.xhtml
[ -s changes.xhtml ] || fail "no XHTML document for the changes section"
sed -e 's/<[^>]*>//g' changes.xhtml | tr -s ' \n' ' ' >changes.txt
expect changes.txt "A new chapter on rogue waves; the notes on almanacs are retired."
expect changes.txt "The Moon — moved"
expect changes.txt "Waves — changed"
expect changes.txt "Energy — moved, changed"
expect changes.txt "Height — changed (5 words added, 4 words removed; p. $p_height in 1.0.0)"
expect changes.txt "Period — removed (25 words; p. $p_period in 1.0.0)"
expect changes.txt "Breaking — added"
expect changes.txt "Old Notes — removed (20 words; p. $p_old in 1.0.0)"
expect changes.txt "Rogue Waves — added"
# a re-wrapped paragraph is no change
refuse changes.txt "Introduction"
refuse changes.txt "Scope"
expect changes.xhtml 'href="02-waves.xhtml#breaking"'
expect changes.xhtml 'href="05-rogue.xhtml"'
# no chapter number: the section is octavo's, not the author's
refuse changes.xhtml 'Chapter 5'

# -- the changes section in the PDF: its text and its outline entry --
pdftotext -layout out/tides-1.1.0.pdf v2.txt
expect v2.txt "Changes in this edition"
tr -s ' \n' ' ' <v2.txt >v2.flat
expect v2.flat "Period — removed (25 words; p. $p_period in 1.0.0)"
qpdf --json --json-key=outlines out/tides-1.1.0.pdf >outline.json 2>/dev/null
expect outline.json "Changes in this edition"

# -- the redline EPUB: marks, and nothing marked where nothing changed --
red=out/tides-1.1.0-diff-1.0.0.epub
unzip -p "$red" EPUB/02-waves.xhtml EPUB/04-old.xhtml >red.xhtml
expect red.xhtml '<ins class="rl"><span class="vh">inserted: </span>often</ins>'
expect red.xhtml '<del class="rl"><span class="vh">deleted: </span>usually</del>'
expect red.xhtml '<del class="rl"><span class="vh">deleted: </span>    return 0.5 * height ** 2</del>'
expect red.xhtml '<ins class="rl"><span class="vh">inserted: </span>    return 0.125 * height ** 2</ins>'
expect red.xhtml '<td><del class="rl"><span class="vh">deleted: </span>1.5</del> <ins class="rl"><span class="vh">inserted: </span>1.25 to 2.5</ins> m</td>'
expect red.xhtml 'These notes were written for the first edition'
unzip -p "$red" EPUB/01-intro.xhtml >intro.xhtml
refuse intro.xhtml 'class="rl"'

# -- the redline PDF: both texts, the list of changed pages at the front --
pdftotext -layout out/tides-1.1.0-diff-1.0.0.pdf red.txt
tr -s ' \n' ' ' <red.txt >red.flat
expect red.flat "eye and usually often overestimate it by a third. half."
expect red.flat "return 0.5 * height ** 2 return 0.125 * height ** 2"
expect red.flat "Pages with changes since edition 1.0.0:"
expect red.flat "These notes were written for the first edition"

# -- every book built passes the checkers --
for book in out/*.epub; do
  bash "$tools/epubcheck.sh" "$book" >check.log 2>&1 || { cat check.log; fail "EPUBCheck: $book"; }
  bash "$tools/ace.sh" "$book" >ace.log 2>&1 || { cat ace.log; fail "Ace: $book"; }
done
for pdf in out/*.pdf; do
  qpdf --check "$pdf" >/dev/null 2>&1 || fail "qpdf --check: $pdf"
  pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" {bad = 1} END {exit bad}' || fail "a font not embedded: $pdf"
done

# ---- git:REV: the same redline, the working tree untouched ----
"$octavo" build repo/tides --archive archive -o git-out --diff-from git:v1.0.0 >git.log 2>&1 ||
  { cat git.log; fail "build --diff-from git:v1.0.0"; }
[ -s git-out/tides-1.1.0-diff-git-v1.0.0.epub ] || fail "no redline from git:v1.0.0"
for f in 02-waves 04-old; do
  cmp -s <(unzip -p out/tides-1.1.0-diff-1.0.0.epub EPUB/$f.xhtml) \
    <(unzip -p git-out/tides-1.1.0-diff-git-v1.0.0.epub EPUB/$f.xhtml) ||
    fail "$f in the redline from git:v1.0.0 differs from the one from the archive's 1.0.0"
done
pdftotext git-out/tides-1.1.0-diff-git-v1.0.0.pdf - | tr -s ' \n' ' ' >git.flat
expect git.flat "Pages with changes since edition 1.0.0 (git:v1.0.0):"
after=$(git -C repo status --porcelain; git -C repo rev-parse HEAD)
[ "$before" = "$after" ] || fail "the repository changed"

# ---- the key that turns it off; refusals ----
cp -r repo/tides off && printf 'changes-section: false\n' >>off/series.yaml
mkdir -p archive/off && cp -r archive/tides/1.0.0 archive/off/
"$octavo" build off --archive archive -o off-out >/dev/null 2>&1 || fail "build with changes-section: false"
unzip -p off-out/off-1.1.0.epub EPUB/nav.xhtml | grep -q "Changes in this edition" &&
  fail "changes-section: false still has the section"
if "$octavo" build repo/tides --archive archive -o bad --diff-from 2.0.0 >bad.log 2>&1; then
  fail "--diff-from a later edition was accepted"
fi
expect bad.log "not earlier than this one"
if "$octavo" build repo/tides --archive archive -o bad --changes-since 0.9.0 >bad.log 2>&1; then
  fail "--changes-since an edition not in the archive was accepted"
fi
expect bad.log "is not in the archive"
if "$octavo" build repo/tides --archive archive -o bad --diff-from git:no-such-tag >bad.log 2>&1; then
  fail "--diff-from git:no-such-tag was accepted"
fi
expect bad.log "no such revision"
[ ! -e bad ] || fail "a refused build wrote files"

# ---- no earlier edition: no section ----
"$octavo" build repo/tides --archive empty-archive -o plain >/dev/null 2>&1 || fail "build without an archive"
unzip -p plain/tides-1.1.0.epub EPUB/nav.xhtml | grep -q "Changes in this edition" &&
  fail "a section without an earlier edition"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
