#!/usr/bin/env bash
# Figures and tables float (issue 10): a generated series of 24 chapters, each
# the same text with a different amount before its floats (a figure that
# cannot fit where it stands, a second figure, a table, then a section
# heading), typeset at A5 and on the small ereader page; check_floats.py
# checks that no page is left short before a float, that floats keep their
# order and their captions, and that none passes its section's end.
#   floats.sh OCTAVO SOURCE_DIR WORK
set -eu
octavo=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work/floats/images"
command -v pdftotext >/dev/null && command -v pdfimages >/dev/null ||
    { echo "floats.sh: needs pdftotext and pdfimages (apt-get install poppler-utils)" >&2; exit 1; }
python3 - "$work/floats" <<'PY'
import struct, sys, zlib
d = sys.argv[1]
def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
def png(w, h, rgb):
    row = b"\0" + bytes(rgb) * w
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(row * h, 9)) + chunk(b"IEND", b""))
for name, w, h, rgb in (("tall", 400, 360, (70, 110, 160)), ("wide", 400, 150, (160, 90, 60))):
    with open("%s/images/%s.png" % (d, name), "wb") as f:
        f.write(png(w, h, rgb))
with open(d + "/series.yaml", "w") as f:
    f.write("title: Floats\nauthor: T\n")
sentence = ("The text before the figure runs on for a while, so that the figure "
            "falls at a different place on the page in every chapter. ")
after = ("The paragraph after the figure is long enough to fill the space a figure "
         "that cannot fit leaves at the foot of its page, and it goes on. ")
for c in range(24):
    with open("%s/%02d-floats.md" % (d, c + 1), "w") as f:
        f.write(f"""# Floats {c + 1}

{sentence * (4 + 3 * c)}

![Tall figure {c + 1}](images/tall.png "Caption tall {c + 1}")

{after * 9}

![Wide figure {c + 1}](images/wide.png "Caption wide {c + 1}")

{after * 5}

| Column one | Column two | Column three |
|---|---|---|
""" + "".join("| row %d of table %d | two | three |\n" % (r, c + 1) for r in range(6)) + f"""
{after * 4}

## Section two of {c + 1}

{sentence * 12}
""")
PY
status=0
for size in a5 ereader; do
    SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$work/floats" -f pdf -o "$work/$size" \
        --page-size="$size" -q
    echo "== $size"
    python3 "$here/check_floats.py" "$work/$size/floats-1.0.0.pdf" || status=1
done
exit $status
