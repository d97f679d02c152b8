#!/usr/bin/env python3
"""Checks the PDF of the inline-images series that pdf.sh writes: images inside
lines of text are drawn, not replaced by their alt text, in a paragraph, a
list item, a table cell, a link, a heading and a footnote; the text around
them stays in order; an image that cannot be decoded falls back to its alt
text; and (the page is the one-sided ereader) no word and no ink lies
outside the text block.

usage: check_inline_images.py BOOK.pdf
Prints "N passed, M failed"; exits 1 on any failure."""
import re
import subprocess
import sys

from check_bounds import boxes, outside

import tally
from tally import check

# raster images drawn inline: badge ×3 (paragraph, link, raw <img>), icon ×4
# (paragraph, list item, heading, footnote), JPEG ×2 (paragraph, table cell),
# the large one on a line of its own, and the 30,000-pixel ones
RASTERS = 3 + 4 + 2 + 1 + 2
REF = {"Reference", "measure", "while."}


def run(*args):
    return subprocess.run(args, capture_output=True, check=True).stdout


def flat(s):
    """Text with line ends joined and no space before punctuation (an image
    leaves a gap, not a character)."""
    s = re.sub(r"-\n(?=[a-z])", "", s)
    s = re.sub(r"\s+", " ", s)
    return re.sub(r" (?=[,.;:])", "", s)


def ink_outside(pdf, first, left, right):
    """Pages from first on with dark pixels left or right of [left, right]
    (points), from a 72 dpi greyscale rendering (one pixel a point)."""
    bad = []
    pages = int(re.search(rb"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    for p in range(first, pages + 1):
        pgm = run("pdftoppm", "-r", "72", "-gray", "-f", str(p), "-l", str(p), pdf)
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
        w, h = int(m.group(1)), int(m.group(2))
        px = pgm[m.end():]
        for y in range(h):
            row = px[y * w:(y + 1) * w]
            dark = [x for x in range(w) if row[x] < 160]
            if dark and (dark[0] < left - 1.5 or dark[-1] + 1 > right + 1.5):
                bad.append((p, y, dark[0], dark[-1] + 1))
                break
    return bad


def main():
    pdf = sys.argv[1]
    images = run("pdfimages", "-list", pdf).decode().splitlines()[2:]
    check(len(images) == RASTERS,
          "raster images drawn: %d, expected %d" % (len(images), RASTERS))
    pages = run("pdftotext", "-enc", "UTF-8", "-raw", pdf, "-").decode().split("\f")
    # the chapter (the contents list the heading's text, its image's alt text in it)
    text = "\f".join(pages[next(i for i, p in enumerate(pages) if "Chapter 1" in p):])
    # drawn, so their alt text is nowhere (one that does not decode is an error:
    # pdf.sh checks it on a book of its own)
    for alt in ("build passing", "red dot", "grey square", "blue square", "list icon",
                "linked badge", "cell square", "cell jpeg", "heading icon", "note icon",
                "raw badge", "large gradient", "thirty thousand"):
        check(alt not in text, "alt text %r in the text: the image was not drawn" % alt)
    t = flat(text)
    for phrase in ("A paragraph with a badge in its text, an icon, a JPEG and an SVG in one line",
                   "A list item with an icon.", "A link around an image",
                   "a cell here", "another there", "Heading with an icon",
                   "A note with an icon.", "Raw HTML: inline.", "Extremes: and end.",
                   "A large one gets a line of its own, then the text continues"):
        check(phrase in t, "text in order: %r" % phrase)
    out = outside(pdf, REF)
    check(out is not None, "the reference paragraph is found")
    if out is not None:
        check(not out, "words outside the text block: %s" % out[:5])
        words = boxes(pdf)
        ref = [b for b in words if b[1] in REF]
        left, right = min(b[2] for b in ref), max(b[4] for b in ref)
        first = min(b[0] for b in words if b[1] == "Chapter") + 1
        bad = ink_outside(pdf, first, left, right)
        check(not bad, "ink outside the text block (page, y, x0, x1): %s" % bad[:5])
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
