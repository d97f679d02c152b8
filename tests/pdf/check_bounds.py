#!/usr/bin/env python3
"""Checks that no word of a book's chapters lies outside the text block, on a
one-sided page size (ereader): the block's left and right edges are those of a
justified reference paragraph, whose words are given; its bottom is the
lowest of those words' lines (the folio below it is not a word of the text).

usage: check_bounds.py BOOK.pdf WORD...
Prints the words outside; exits 1 if there is any, 2 if the reference
paragraph is not found."""
import re
import subprocess
import sys

FOLIO = re.compile(r"\d+|[ivxlc]+")


def boxes(pdf):
    """(page, word, xMin, yMin, xMax, yMax) of every word, pages from 0."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    res = []
    for p, page in enumerate(re.finditer(r"<page [^>]*>(.*?)</page>", out, re.S)):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page.group(1)):
            res.append((p, m.group(5), *map(float, m.group(1, 2, 3, 4))))
    return res


def outside(pdf, ref_words, tolerance=0.5):
    """The words outside the block, or None without the reference paragraph."""
    all_boxes = boxes(pdf)
    ref = [b for b in all_boxes if b[1] in ref_words]
    if len(ref) < 20:
        return None
    left = min(b[2] for b in ref)
    right = max(b[4] for b in ref)
    bottom = max(b[5] for b in ref)
    first = min(b[0] for b in all_boxes if b[1] == "Chapter")
    return [b for b in all_boxes if b[0] >= first and
            (b[2] < left - tolerance or b[4] > right + tolerance or b[5] > bottom + 1) and
            not (FOLIO.fullmatch(b[1]) and b[3] > bottom)]


def main():
    out = outside(sys.argv[1], set(sys.argv[2:]))
    if out is None:
        print("the reference paragraph is not found", file=sys.stderr)
        return 2
    for b in out[:20]:
        print("page %d: %r at x %.1f to %.1f, y %.1f to %.1f" % (b[0] + 1, b[1], b[2], b[4], b[3], b[5]))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
