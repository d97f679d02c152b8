#!/usr/bin/env bash
# The PDF back-end end to end: the bundled series and the golden book checked
# by qpdf, pdffonts, pdfinfo, the outline and pdftotext (check_pdf.py); two
# builds byte-identical; every page size; -f pdf / epub / all; a character no
# bundled font has is a warning (an error with --strict, nothing written).
#   pdf.sh OCTAVO SOURCE_DIR WORK
set -eu
octavo=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect() { if eval "$1"; then ok; else bad "$2"; fi; }

bundled=$src/series/python-memory-model
pdf=$work/a/python-memory-model-1.1.0.pdf

# the bundled series: clean under --strict, and every check
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$bundled" -f pdf -o "$work/a" --strict -q
expect '[ -f "$pdf" ] && [ ! -e "$work/a/python-memory-model-1.1.0.epub" ]' "-f pdf writes the PDF only"
if python3 "$here/check_pdf.py" "$pdf" "$bundled" "$src/fonts/fonts.list" >/dev/null; then ok
else bad "check_pdf.py on the bundled series"; fi
expect 'pdfinfo "$pdf" | grep -q "^CreationDate: *Tue Nov 14 22:13:20 2023"' "SOURCE_DATE_EPOCH is the PDF's date"

# reproducible: one thread against all of them, another time zone
SOURCE_DATE_EPOCH=1700000000 TZ=Asia/Tokyo "$octavo" build "$bundled" -f pdf -o "$work/b" -j 1 -q
expect 'cmp -s "$pdf" "$work/b/python-memory-model-1.1.0.pdf"' "two builds are byte-identical"

# the golden book: every Markdown feature once
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$src/tests/golden/book" -f pdf -o "$work/g" -q 2>/dev/null
if python3 "$here/check_pdf.py" "$work/g/book-2.1.0.pdf" "$src/tests/golden/book" \
    "$src/fonts/fonts.list" >/dev/null; then ok; else bad "check_pdf.py on the golden book"; fi
text=$(pdftotext "$work/g/book-2.1.0.pdf" -)
for s in "tight one" "nested ordered" "third level" "open task" "done task" "Nested quote." \
         "def greet(name: str) -> str:" "plain block with <angle> & ampersand" "First note with a" \
         "The square, captioned" "Kept paragraph with"; do
  expect 'grep -qF -- "$s" <<<"$text"' "golden text: $s"
done

# page sizes: on the command line and in series.yaml
for size in a4:595x842 letter:612x792 a5:420x595 6x9:432x648 ereader:259x346; do
  name=${size%%:*} dims=${size#*:}
  "$octavo" build "$src/tests/golden/book" -f pdf -o "$work/size-$name" --page-size="$name" -q 2>/dev/null
  f=$work/size-$name/book-2.1.0.pdf
  got=$(pdfinfo "$f" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p' |
        awk '{printf "%dx%d", $1 + 0.5, $2 + 0.5}')
  expect '[ "$got" = "$dims" ]' "--page-size=$name gives $dims (got $got)"
  if python3 "$here/check_pdf.py" "$f" "$src/tests/golden/book" "$src/fonts/fonts.list" \
      >/dev/null 2>&1; then ok; else bad "check_pdf.py at $name"; fi
done
# the small pages break the bundled series everywhere a break can fall
for name in ereader 6x9; do
  "$octavo" build "$bundled" -f pdf -o "$work/big-$name" --page-size="$name" --strict -q
  if python3 "$here/check_pdf.py" "$work/big-$name/python-memory-model-1.1.0.pdf" "$bundled" \
      "$src/fonts/fonts.list" >/dev/null; then ok; else bad "bundled series at $name"; fi
done
mkdir -p "$work/series"
cp -r "$src/tests/golden/book" "$work/series/sized"
printf 'page-size: "6x9"\n' >>"$work/series/sized/series.yaml"
"$octavo" build "$work/series/sized" -f pdf -o "$work/sized" -q 2>/dev/null
expect 'pdfinfo "$work/sized/sized-2.1.0.pdf" | grep -q "^Page size: *432 x 648"' "page-size in series.yaml"
set +e
"$octavo" build "$bundled" -f pdf -o "$work/x" --page-size=b7 2>/dev/null
expect '[ $? -eq 2 ]' "an unknown --page-size is a usage error"
set -e

# -f all writes both
"$octavo" build "$src/tests/golden/book" -o "$work/all" -q 2>/dev/null
expect '[ -f "$work/all/book-2.1.0.pdf" ] && [ -f "$work/all/book-2.1.0.epub" ]' "-f all writes both"
"$octavo" build "$src/tests/golden/book" -f epub -o "$work/epub" -q 2>/dev/null
expect '[ ! -e "$work/epub/book-2.1.0.pdf" ] && [ -f "$work/epub/book-2.1.0.epub" ]' "-f epub writes the EPUB only"

# a character no bundled font has: a warning naming it and the chapter
mkdir -p "$work/series/glyph"
printf 'title: Glyphs\nauthor: T\n' >"$work/series/glyph/series.yaml"
printf '# One\n\nA letter from another script: \xe0\xa4\x85.\n' >"$work/series/glyph/01-one.md"
set +e
msg=$("$octavo" build "$work/series/glyph" -f pdf -o "$work/glyph" -q 2>&1)
status=$?
expect '[ $status -eq 0 ] && grep -q "01-one.md:3: warning: character U+0905" <<<"$msg"' \
  "missing glyph warning (status $status: $msg)"
"$octavo" build "$work/series/glyph" -f pdf -o "$work/glyph-strict" --strict -q 2>/dev/null
status=$?
expect '[ $status -eq 1 ] && [ ! -e "$work/glyph-strict/glyphs-1.0.0.pdf" ]' "--strict: nothing written"
set -e

# a footnote longer than a page: it starts on the page that cites it and
# continues at the foot of the next ones, in order, inside the page
mkdir -p "$work/series/longnote"
printf 'title: Notes\nauthor: T\npage-size: a5\n' >"$work/series/longnote/series.yaml"
python3 - "$work/series/longnote/01-one.md" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("# One\n\n" + "Body text that fills a few lines of the page. " * 40 +
            "The citation[^long] ends this paragraph, see [the site](https://example.org/).\n\nAnother paragraph after it.\n\n")
    f.write("[^long]: " + " ".join("Sentence %d of the long note goes on for a while." % i
                                   for i in range(150)) + "\n")
PY
"$octavo" build "$work/series/longnote" -f pdf -o "$work/longnote" -q
f=$work/longnote/longnote-1.0.0.pdf
if python3 - "$f" <<'PY'
import re, subprocess, sys
pdf = sys.argv[1]
pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                       check=True).stdout.split("\f")
# (the number, not "Sentence", which a page may end with)
found = [(p, int(m)) for p, t in enumerate(pages) for m in re.findall(r"(\d+)\s+of\s+the\s+long", t)]
nums = [n for _, n in found]
assert nums == list(range(150)), "sentences out of order or lost: %s" % nums[:20]
spread = sorted({p for p, _ in found})
assert len(spread) >= 3, "the note is not split: pages %s" % spread
cite = [p for p, t in enumerate(pages) if "The citation" in t]
assert cite and cite[0] == spread[0], "the note starts on page %d, cited on %s" % (spread[0], cite)
# every word inside the page, above the bottom margin
bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                      check=True).stdout
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
    h = float(page.group(2))
    for y in re.findall(r'yMax="([\d.]+)"', page.group(3)):
        assert float(y) < h - 20, "a word runs to y=%s on a page %s high" % (y, h)
PY
then ok; else bad "a footnote longer than a page is split across pages"; fi
if python3 "$here/check_pdf.py" "$f" "$work/series/longnote" "$src/fonts/fonts.list" \
    >/dev/null; then ok; else bad "check_pdf.py on the long footnote"; fi

# raw HTML tables are set as tables: cells in row order, a row's cells on one
# line, the header row repeated on the pages a long table continues on,
# malformed tables without loss, and (on the one-sided ereader page) nothing
# outside the text block
raw_tables=$here/raw-tables
for size in a4 ereader; do
  "$octavo" build "$raw_tables" -f pdf -o "$work/raw-tables-$size" --page-size="$size" -q 2>/dev/null
  f=$work/raw-tables-$size/raw-tables-1.0.0.pdf
  bounds=; [ "$size" = ereader ] && bounds=--bounds
  if python3 "$here/check_raw_tables.py" "$f" $bounds >/dev/null; then ok
  else bad "check_raw_tables.py at $size"; fi
  if python3 "$here/check_pdf.py" "$f" "$raw_tables" "$src/fonts/fonts.list" >/dev/null; then ok
  else bad "check_pdf.py on the raw tables at $size"; fi
done

# left-aligned (ragged) text keeps to its measure on the small ereader page:
# long headings, a chapter description and narrow table cells, none of whose
# lines may run past the text block (the line breaker once counted on
# shrinking spaces that only justified lines shrink)
mkdir -p "$work/series/ragged"
printf 'title: Ragged\nauthor: T\npage-size: ereader\n' >"$work/series/ragged/series.yaml"
# (the reference paragraph is a chapter of its own: its pages are full, so its
# lowest line is the text block's foot; the page builder may leave a page of
# headings and tables a line or two short)
python3 - "$work/series/ragged/01-ragged.md" "$work/series/ragged/02-tables.md" <<'PY'
import random, sys
words = ["free-threaded", "reference-counting", "interpreter", "PyObject_GC_UnTrack()",
         "Pneumonoultramicroscopicsilicovolcanoconiosis", "Garbage", "Collector", "cycle",
         "generational", "immortalization", "the", "of", "and", "Finds", "How", "biased",
         "a", "in", "memory", "allocator", "Python", "threads", "(PEP 703)", "lock-free"]
rnd = random.Random(7)
def phrase(n):
    return " ".join(rnd.choice(words) for _ in range(n))
out = ["---\ndescription: Deconstructing the three major misconceptions about reference counting, "
       "gc.collect(), and del statements, establishing a complete cognitive framework for Python "
       "GC mechanisms (reference counting + generational GC + cycle detection)\n---\n",
       "# Ragged lines keep to their measure\n",
       "Reference text sets the measure of the page and runs on for a while. " * 70 + "\n"]
for i in range(60):
    out.append("%s %s\n" % ("#" * (2 + i % 3), phrase(3 + i % 9)))
    if i % 3 == 0:
        out.append("| %s |\n| %s |\n" % (" | ".join(phrase(1) for _ in range(4)),
                                        " | ".join("---" for _ in range(4))))
        for r in range(10):
            out.append("| %s |\n" % " | ".join(phrase(rnd.randint(1, 5)) for _ in range(4)))
with open(sys.argv[1], "w") as f:
    f.write("\n".join(out[:3]))
with open(sys.argv[2], "w") as f:
    f.write("\n".join(["# Headings and tables keep to their measure\n"] + out[3:]))
PY
"$octavo" build "$work/series/ragged" -f pdf -o "$work/ragged" -q
if python3 "$here/check_bounds.py" "$work/ragged/ragged-1.0.0.pdf" Reference measure while. >&2
then ok; else bad "ragged lines outside the text block"; fi

# images inside lines of text are drawn: PNG, JPEG and SVG in a paragraph, a
# list item, a table cell, a link, a heading and a footnote, a large one on a
# line of its own, 30,000-pixel ones, and one that does not decode (its alt
# text instead); the text around them in order, nothing outside the ereader
# page's text block (check_inline_images.py)
inl=$work/series/inline
mkdir -p "$inl/images"
printf 'title: Inline\nauthor: T\npage-size: ereader\n' >"$inl/series.yaml"
python3 - "$inl" "$src/tests/hostile" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
from hostile import jpeg  # 8×8 grey baseline
def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
def png(w, h, pixel, idat=None):
    if idat is None:
        idat = zlib.compress(b"".join(b"\0" + b"".join(bytes(pixel(x, y)) for x in range(w))
                                      for y in range(h)), 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", idat) + chunk(b"IEND", b""))
files = {
    "badge.png": png(88, 31, lambda x, y: (60, 60, 60) if x < 40 else (40, 160, 60)),
    "icon.png": png(16, 16, lambda x, y: (200, 40, 40) if (x - 7.5) ** 2 + (y - 7.5) ** 2 < 56
                    else (255, 255, 255)),
    "grey.jpg": jpeg(),
    "square.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" '
                  b'viewBox="0 0 100 100"><rect x="10" y="10" width="80" height="80" '
                  b'fill="#336699"/></svg>',
    "big.png": png(400, 240, lambda x, y: (x * 255 // 400, y * 255 // 240, 150)),
    "wide.png": png(30000, 2, lambda x, y: (0, 0, 0)),
    "tall.png": png(1, 30000, lambda x, y: (0, 0, 0)),
    # whole chunks (what the series check looks at), but no zlib stream in them
    "broken.png": png(16, 16, None, idat=b"not a zlib stream"),
}
for name, data in files.items():
    with open(d + "/images/" + name, "wb") as f:
        f.write(data)
ref = "Reference text sets the measure of the page and runs on for a while. " * 60
# the reference paragraph is a chapter of its own: its pages are full, so its
# lowest line is the text block's foot
with open(d + "/01-reference.md", "w") as f:
    f.write(f"# Reference\n\n{ref}\n")
with open(d + "/02-inline.md", "w") as f:
    f.write(f"""# Inline images

A paragraph with a badge ![build passing](images/badge.png) in its text, an icon
![red dot](images/icon.png), a JPEG ![grey square](images/grey.jpg) and an SVG
![blue square](images/square.svg) in one line, and more words after them.

- A list item with ![list icon](images/icon.png) an icon.
- [A link around ![linked badge](images/badge.png) an image](https://example.org/)

| Column | Image |
|---|---|
| a cell | ![cell square](images/square.svg) here |
| another | ![cell jpeg](images/grey.jpg) there |

## Heading with ![heading icon](images/icon.png) an icon

A footnote.[^1] Raw HTML: <img src="images/badge.png" alt="raw badge"> inline.

Extremes: ![thirty thousand wide](images/wide.png) and
![thirty thousand tall](images/tall.png) end.

A large one ![large gradient](images/big.png) gets a line of its own, then the
text continues after it as before.

[^1]: A note with ![note icon](images/icon.png) an icon.
""")
PY
"$octavo" build "$inl" -f pdf -o "$work/inline" -q
f=$work/inline/inline-1.0.0.pdf
if python3 "$here/check_inline_images.py" "$f" >/dev/null; then ok
else bad "check_inline_images.py"; fi
if python3 "$here/check_pdf.py" "$f" "$inl" "$src/fonts/fonts.list" >/dev/null; then ok
else bad "check_pdf.py on the inline images"; fi

# A PNG whose chunks are whole but whose pixels do not decode is never left
# out of the PDF silently: an error naming the image, the chapter and the line.
printf '# Broken\n\nText ![broken picture](images/broken.png) here.\n' > "$inl/01-inline.md"
if "$octavo" build "$inl" -f pdf -o "$work/inline-broken" -q 2> "$work/broken.err"; then
  bad "a PNG that does not decode was left out of the PDF with exit 0"
elif grep -q "01-inline.md:3: error: image 'images/broken.png' cannot be decoded for the PDF" \
    "$work/broken.err" && [ "$(grep -c ': error: ' "$work/broken.err")" = 1 ]; then ok
else cat "$work/broken.err"; bad "the broken PNG's diagnostic"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
