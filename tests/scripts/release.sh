#!/usr/bin/env bash
# octavo release and release --verify on a scripted series released twice:
# the edition folder and its files, the refusals (same edition, older
# edition, not a version, no date), deterministic archive bytes, stable
# chapter file names and ids after a chapter is inserted, ISBNs in both
# books, --verify passing and failing after the archive is tampered with.
#   release.sh OCTAVO WORK_DIR [BUNDLED_SERIES_DIR]
# With the bundled series, it is released too and its page map checked
# against the PDF's text, page by page.
set -u
octavo=$(realpath "$1") work=$(realpath -m "$2")
bundled=${3:+$(realpath "$3")}
here=$(cd "$(dirname "$0")" && pwd)
for tool in unzip qpdf pdfinfo pdftotext python3 tar; do
  command -v "$tool" >/dev/null || { echo "release.sh: $tool is missing: scripts/setup.sh --tests"; exit 1; }
done
rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 1
fail=0 checks=0
ok() { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }
unset SOURCE_DATE_EPOCH
export NO_COLOR=1

# ---- the series ----
make_series() { # DIR
  mkdir -p "$1/images"
  cat > "$1/series.yaml" <<'EOF'
title: Released Twice
author: Ada Lovelace
edition: 1.0.0
date: 2026-03-01
isbn:
  epub: "978-0-306-40615-7"
  pdf: "0-306-40615-2"
EOF
  cat > "$1/01-intro.md" <<'EOF'
# Introduction

A first chapter with a figure and a [link to the second](02-garbage-collection.md#generations).

![A square](images/square.svg)

## Why editions

Text.
EOF
  cat > "$1/02-garbage-collection.md" <<'EOF'
# Garbage Collection

<span id="raw-anchor"></span>Reference counting first.

## Generations

Young and old.

### The third generation

Older still.
EOF
  cat > "$1/03-arenas.md" <<'EOF'
# Arenas

## Pools

Small objects.
EOF
  printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n' \
    > "$1/images/square.svg"
  # a file the build does not read stays out of the snapshot
  echo "notes to self" > "$1/TODO.txt"
}
mkdir -p a b
make_series a/released-twice
make_series b/released-twice
s=a/released-twice
ed=archive1/released-twice/1.0.0

# ---- the first release ----
"$octavo" release "$s" --archive archive1 > out.txt 2> err.txt
check '[ $? = 0 ]' "first release exits 0: $(cat err.txt)"
for f in released-twice-1.0.0.epub released-twice-1.0.0.pdf sources.tar pagemap.tsv manifest.json; do
  check "[ -s $ed/$f ]" "$ed/$f written"
done
check '[ "$(ls -A archive1/released-twice | wc -l)" = 1 ]' "only the edition's folder in the archive (no temporary left)"
check 'grep -q "released archive1/released-twice/1.0.0/" out.txt' "release says where it wrote"
# the snapshot: sorted, the files read and only those, 0644, 0/0, no names, the date
listing=$(tar tvf "$ed/sources.tar" --numeric-owner --full-time 2>&1)
names=$(tar tf "$ed/sources.tar")
check '[ "$names" = "$(printf "01-intro.md\n02-garbage-collection.md\n03-arenas.md\nimages/square.svg\nseries.yaml")" ]' \
  "sources.tar holds the files the build read, sorted: $names"
check '! grep -v "^-rw-r--r-- 0/0 " <<<"$listing" | grep -q .' "sources.tar: mode 0644, owner 0/0: $listing"
check '! grep -v " 2026-03-01 00:00:00 " <<<"$listing" | grep -q .' "sources.tar: modified at the series date"
check 'python3 -c "
import tarfile,sys
for m in tarfile.open(sys.argv[1]):
    assert m.uname == \"\" and m.gname == \"\" and m.isreg(), m.name
" "$ed/sources.tar"' "sources.tar: no owner names, regular files only"
check 'cmp -s <(tar xOf "$ed/sources.tar" 02-garbage-collection.md) "$s/02-garbage-collection.md"' \
  "sources.tar holds the chapter's bytes"
# the manifest: every other file's size and SHA-256, the octavo version
check 'python3 - "$ed" "$("$octavo" --version | cut -d" " -f2)" <<"EOF"
import json, hashlib, os, sys
d, version = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["slug"] == "released-twice" and m["edition"] == "1.0.0", m
assert m["date"] == "2026-03-01" and m["octavo"] == version, m
names = [f["name"] for f in m["files"]]
assert names == ["released-twice-1.0.0.epub", "released-twice-1.0.0.pdf", "sources.tar", "pagemap.tsv"], names
for f in m["files"]:
    data = open(os.path.join(d, f["name"]), "rb").read()
    assert f["size"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest(), f
EOF' "manifest.json records every file's size, SHA-256 and the octavo version"
# the page map: chapter starts, headings and the anchor, in book order, with PDF page labels
check 'python3 - "$ed/pagemap.tsv" "$ed/released-twice-1.0.0.pdf" <<"EOF"
import sys, subprocess
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
assert all(len(r) == 5 for r in rows), rows
keys = [(r[0], r[1], r[3]) for r in rows]
# (the title heading's own anchor stays at the chapter's start, as an anchor)
want = [("01-intro.md", "", "1"), ("01-intro.md", "introduction", "0"),
        ("01-intro.md", "why-editions", "2"),
        ("02-garbage-collection.md", "", "1"), ("02-garbage-collection.md", "garbage-collection", "0"),
        ("02-garbage-collection.md", "raw-anchor", "0"),
        ("02-garbage-collection.md", "generations", "2"),
        ("02-garbage-collection.md", "the-third-generation", "3"),
        ("03-arenas.md", "", "1"), ("03-arenas.md", "arenas", "0"), ("03-arenas.md", "pools", "2")]
assert keys == want, keys
assert rows[0][4] == "Introduction" and rows[6][4] == "Generations", rows
# every chapter start and heading is on the page the map gives (body pages
# are labelled 1, 2, … after the front matter; the contents list them too)
pages = subprocess.run(["pdftotext", "-layout", sys.argv[2], "-"], capture_output=True,
                       text=True).stdout.split("\f")
def on(i, title):
    return 0 <= i < len(pages) and title in " ".join(pages[i].split())
first = [i for i, p in enumerate(pages) if on(i, rows[0][4]) and "Contents" not in p][0]
offset = first - int(rows[0][2])
for r in rows:
    if r[3] != "0":
        assert on(int(r[2]) + offset, r[4]), (r, offset)
assert len({r[2] for r in rows if r[3] == "1"}) == 3, rows  # three chapters, three opening pages
EOF' "pagemap.tsv lists every chapter start, heading and anchor with its page"
# ISBNs in both books; the books pass their checkers
unzip -p "$ed/released-twice-1.0.0.epub" EPUB/package.opf > opf1.xml
check 'grep -q "<dc:identifier id=\"isbn\">urn:isbn:9780306406157</dc:identifier>" opf1.xml' "EPUB: the ISBN as a dc:identifier"
check 'unzip -p "$ed/released-twice-1.0.0.epub" EPUB/colophon.xhtml | grep -q "ISBN 978-0-306-40615-7 (EPUB)"' "EPUB colophon: ISBN"
check 'pdfinfo -custom "$ed/released-twice-1.0.0.pdf" | grep -q "^ISBN: *0306406152"' "PDF metadata: ISBN"
check 'pdftotext "$ed/released-twice-1.0.0.pdf" - | grep -q "ISBN 0-306-40615-2 (PDF)"' "PDF colophon: ISBN"
check 'qpdf --check "$ed/released-twice-1.0.0.pdf" >/dev/null 2>&1' "qpdf --check"
bash "$here/../tools/epubcheck.sh" "$ed/released-twice-1.0.0.epub" > epubcheck.log 2>&1
check '[ $? = 0 ]' "EPUBCheck: $(tail -3 epubcheck.log)"

# ---- deterministic: the same series released into another archive, from another folder ----
"$octavo" release b/released-twice --archive archive2 > /dev/null 2> err2.txt
check '[ $? = 0 ]' "second archive: $(cat err2.txt)"
check 'diff -r archive1 archive2 > /dev/null' "two releases of the same series are byte-identical"
# SOURCE_DATE_EPOCH does not move a release's date
rm -rf archive3
SOURCE_DATE_EPOCH=1 "$octavo" release b/released-twice --archive archive3 > /dev/null 2>&1
check 'diff -r archive1 archive3 > /dev/null' "a release ignores SOURCE_DATE_EPOCH (dated by the series' date)"

# ---- refusals: exit 1, nothing written ----
snapshot() { find archive1 -type f -exec sha256sum {} + | sort; find archive1 | sort; }
before=$(snapshot)
refuse() { # WHAT EXPECTED-MESSAGE
  "$octavo" release "$s" --archive archive1 > out.txt 2> err.txt
  local rc=$?
  check "[ $rc = 1 ]" "$1: exit 1 (got $rc)"
  check 'grep -qF -- "$2" err.txt' "$1: says '$2': $(cat err.txt)"
  check '[ "$(snapshot)" = "$before" ]' "$1: nothing written"
}
refuse "the same edition again" "edition 1.0.0 of released-twice is already in the archive"
sed -i 's/^edition: .*/edition: 0.9.0/' "$s/series.yaml"
refuse "an older edition" "edition 0.9.0 is not newer than 1.0.0"
sed -i 's/^edition: .*/edition: 1.0.0+rebuild/' "$s/series.yaml"
refuse "the same precedence" "is already in the archive"
sed -i 's/^edition: .*/edition: "1.1"/' "$s/series.yaml"
refuse "not a version" "edition '1.1' is not a semantic version"
sed -i 's/^edition: .*/edition: 1.1.0/; /^date:/d' "$s/series.yaml"
refuse "no date" "a release needs a date"
echo "date: 2026-04-01" >> "$s/series.yaml"
# a warning is an error for a release
printf '\n[broken](03-arenas.md#nowhere)\n' >> "$s/03-arenas.md"
refuse "a warning (strict)" "nowhere"
sed -i '$d' "$s/03-arenas.md"; sed -i '$d' "$s/03-arenas.md"

# ---- the second edition: a chapter inserted before the others ----
cat > "$s/00-preface.md" <<'EOF'
# Preface

## How to read this book

Slowly.
EOF
"$octavo" release "$s" --archive archive1 > out.txt 2> err.txt
check '[ $? = 0 ]' "edition 1.1.0 released: $(cat err.txt)"
ed2=archive1/released-twice/1.1.0
unzip -p "$ed2/released-twice-1.1.0.epub" EPUB/package.opf > opf2.xml
items() { grep -o '<item id="ch-[^"]*" href="[^"]*"' "$1"; }
check '[ "$(items opf1.xml)" = "$(items opf2.xml | grep -v -e preface -e changes-in-this-edition)" ]' \
  "inserting a chapter changes no other chapter's file name or id: $(items opf2.xml)"
check 'items opf2.xml | grep -q "id=\"ch-02-garbage-collection\" href=\"02-garbage-collection.xhtml\""' \
  "chapter files are named after their source files"
ids() { unzip -p "$1" EPUB/02-garbage-collection.xhtml | grep -o ' id="[^"]*"' | grep -v ' id="pg\.' | sort; }
check '[ "$(ids "$ed/released-twice-1.0.0.epub")" = "$(ids "$ed2/released-twice-1.1.0.epub")" ]' \
  "heading anchors of a chapter unchanged by the insertion"
bookid() { grep -o '<dc:identifier id="bookid">[^<]*' "$1"; }
check '[ -n "$(bookid opf1.xml)" ] && [ "$(bookid opf1.xml)" = "$(bookid opf2.xml)" ]' \
  "the book's identifier is the same in both editions"
bash "$here/../tools/epubcheck.sh" "$ed2/released-twice-1.1.0.epub" > epubcheck2.log 2>&1
check '[ $? = 0 ]' "EPUBCheck 1.1.0: $(tail -3 epubcheck2.log)"

# ---- verify ----
"$octavo" release --verify "$s" --archive archive1 > out.txt 2> err.txt
check '[ $? = 0 ]' "verify (newest) passes: $(cat out.txt err.txt)"
check 'grep -q "edition 1.1.0 of released-twice: every file is byte-identical" out.txt' "verify names the newest edition"
"$octavo" release --verify "$s" 1.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 0 ]' "verify 1.0.0 passes: $(cat out.txt err.txt)"
check '[ "$(grep -c identical out.txt)" = 6 ]' "verify lists five identical files: $(cat out.txt)"
"$octavo" release --verify "$s" 2.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 1 ]' "verify of an edition not in the archive fails"
# tampering: a byte of the PDF
cp "$ed/released-twice-1.0.0.pdf" saved.pdf
printf 'x' >> "$ed/released-twice-1.0.0.pdf"
"$octavo" release --verify "$s" 1.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 1 ]' "verify fails after the PDF is tampered with"
check 'grep -q "released-twice-1.0.0.pdf *DIFFERS" out.txt' "verify names the tampered PDF: $(cat out.txt)"
check 'grep -q "released-twice-1.0.0.epub *identical" out.txt' "the untouched EPUB still verifies"
cp saved.pdf "$ed/released-twice-1.0.0.pdf"
# tampering: a chapter inside the snapshot (the rebuild then differs)
mkdir t && (cd t && tar xf "../$ed/sources.tar") && sed -i 's/Young and old/Young and very old/' t/02-garbage-collection.md
cp "$ed/sources.tar" saved.tar
python3 - "$ed/sources.tar" t <<'EOF'
import tarfile, sys, os
src = sys.argv[2]
with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as tf:
    for name in sorted(["01-intro.md", "02-garbage-collection.md", "03-arenas.md", "images/square.svg", "series.yaml"]):
        tf.add(os.path.join(src, name), arcname=name)
EOF
"$octavo" release --verify "$s" 1.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 1 ]' "verify fails after the snapshot is tampered with"
check 'grep -q "sources.tar *DIFFERS" out.txt && grep -q "epub *DIFFERS" out.txt' "verify names the snapshot and the books: $(cat out.txt)"
cp saved.tar "$ed/sources.tar"
# another octavo made it: said first
sed -i 's/"octavo":"[^"]*"/"octavo":"0.0.1"/' "$ed/manifest.json"
"$octavo" release --verify "$s" 1.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 1 ]' "a manifest from another octavo differs"
check 'head -n 1 out.txt | grep -q "made by octavo 0.0.1; this is octavo"' "the octavo version is said first: $(head -n 2 out.txt)"
# a hostile snapshot is refused, nothing unpacked
cp saved.tar "$ed/sources.tar"
python3 - "$ed/sources.tar" <<'EOF'
import tarfile, sys, io
with tarfile.open(sys.argv[1], "w") as tf:
    for name in ["series.yaml", "../escape.md"]:
        ti = tarfile.TarInfo(name); ti.size = 2
        tf.addfile(ti, io.BytesIO(b"x\n"))
EOF
mkdir -p tmp && TMPDIR=$work/tmp "$octavo" release --verify "$s" 1.0.0 --archive archive1 > out.txt 2> err.txt
check '[ $? = 1 ]' "a snapshot with ../ is refused"
check 'grep -q "leads out of the series" err.txt' "says why: $(cat err.txt)"
check '[ -z "$(ls -A tmp)" ] && [ ! -e escape.md ] && [ ! -e archive1/released-twice/escape.md ]' "nothing unpacked"

# ---- the bundled series: every heading of its page map on its page ----
if [ -n "$bundled" ]; then
  "$octavo" release "$bundled" --archive archive-bundled > out.txt 2> err.txt
  check '[ $? = 0 ]' "the bundled series releases: $(cat err.txt)"
  slug=$(basename "$bundled")
  bed=$(ls -d archive-bundled/"$slug"/*/ | head -n 1)
  check 'python3 - "$bed/pagemap.tsv" "$bed"/*.pdf <<"EOF"
import subprocess, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
pages = subprocess.run(["pdftotext", "-layout", sys.argv[2], "-"], capture_output=True,
                       text=True).stdout.split("\f")
def on(i, title):
    return 0 <= i < len(pages) and title[:40] in " ".join(pages[i].split())
h = [r for r in rows if r[3] == "2"][0]  # the first section: its page fixes the offset
first = [i for i, p in enumerate(pages) if on(i, h[4]) and "Contents" not in p][0]
offset = first - int(h[2])
wrong = [r for r in rows if r[3] in ("2", "3") and r[2].isdigit()
         and not on(int(r[2]) + offset, r[4])]
assert len(rows) > 20 and not wrong, wrong
EOF' "the bundled series: every heading on the page its page map gives"
  "$octavo" release --verify "$bundled" --archive archive-bundled > out.txt 2> err.txt
  check '[ $? = 0 ]' "the bundled series verifies: $(cat out.txt err.txt)"
fi

echo "$((checks - fail)) passed, $fail failed"
[ "$fail" = 0 ]
