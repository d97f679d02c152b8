#!/usr/bin/env python3
"""Checks the PDF of tests/pdf/raw-tables: raw HTML tables typeset as tables.
The cells' text comes in row order (pdftotext -raw follows the content stream,
which is also the tagged reading order); a row's cells share a line
(pdftotext -layout); the long table's header row is repeated at the top of
every page it continues on; malformed tables lose no text; and with --bounds,
no word lies outside the text block, whose edges the chapter's long
reference paragraph shows (for a one-sided page size such as ereader).

usage: check_raw_tables.py BOOK.pdf [--bounds]
Prints "N passed, M failed"; exits 1 on any failure."""
import re
import subprocess
import sys

from check_bounds import outside

import tally
from tally import check

ROWS = 60


def text(pdf, *opts):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *opts, pdf, "-"], capture_output=True,
                          text=True, check=True).stdout


def words(s):
    s = s.replace("\u00a0", " ").replace("\u00ad", "")
    s = re.sub(r"-\n(?=[a-z])", "", s)  # a word hyphenated at a line's end
    return s.split()


def in_order(ws, needles, what, gap=80):
    """Each needle's words, contiguous, after the one before (a page break's
    running head and repeated header may come between needles, not inside)."""
    pos = 0
    for needle in needles:
        n = needle.split()
        at = next((i for i in range(pos, min(len(ws), pos + gap + len(n)))
                   if ws[i:i + len(n)] == n), -1) if pos else \
            next((i for i in range(len(ws)) if ws[i:i + len(n)] == n), -1)
        check(at >= 0, "%s: %r after word %d" % (what, needle, pos))
        if at < 0:
            return
        pos = at + len(n)


def main():
    pdf = sys.argv[1]
    raw = words(text(pdf, "-raw"))

    # the first table: caption, two header rows, body, footer, in row order
    in_order(raw, ["Parts of a raw table", "Element Where it goes", "Parent Content",
                   "tr a row group cells", "td, written over several source lines a row",
                   "A paragraph. Another, with a link.",
                   "spans two rows upper right third column", "lower right, two columns",
                   "Footer last row"], "first table in row order")
    # the long one: every row's cells, one row after the other
    in_order(raw, ["Key Code Remark"] +
             ["r%02d alpha%02d beta %02d with some words that wrap in a narrow column"
              % (i, i, i) for i in range(1, ROWS + 1)] +
             ["The paragraph after the long table."], "long table in row order")

    # a row's cells side by side; the header on top of every page the table continues on
    pages = text(pdf, "-layout").split("\f")
    on = [p for p, t in enumerate(pages) if re.search(r"\br\d\d\b", t)]
    check(len(on) >= 2, "the long table spans pages: %s" % on)
    for p in on:
        lines = pages[p].splitlines()
        rows = [(i, int(m.group(1))) for i, l in enumerate(lines)
                for m in [re.search(r"\br(\d\d)\b", l)] if m]
        for i, r in rows:
            check("alpha%02d" % r in lines[i] and "beta %02d" % r in lines[i],
                  "page %d: row %d's cells on one line: %r" % (p + 1, r, lines[i]))
        heads = [i for i, l in enumerate(lines) if re.search(r"\bKey\s+Code\s+Remark\b", l)]
        check(len(heads) == 1 and heads[0] < rows[0][0],
              "page %d: the header row once, above the first row (rows from %d)"
              % (p + 1, rows[0][1]))
    got = [int(m) for p in on for m in re.findall(r"\br(\d\d)\b", pages[p])]
    check(got == list(range(1, ROWS + 1)), "each row once, in order: %s" % got)

    # malformed tables: nothing lost
    # (a cell outside a row: the sanitiser unwraps the table, its text runs on)
    in_order(raw, ["a1 a2 a3", "only one", "b1 b2 b3 b4 extra", "stray", "stray",
                   "outer inner1 | inner2", "c0 | c1 | c2", "c498 | c499",
                   "second row | of the wide table", "The end of the malformed tables,"],
             "malformed tables", gap=4000)

    if "--bounds" in sys.argv:
        out = outside(pdf, {"Reference", "measure", "while."}, tolerance=1)
        check(out is not None, "the reference paragraph is found")
        check(not out, "words outside the text block: %s" % (out or [])[:5])
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
