#!/usr/bin/env python3
"""Checks the floats book that floats.sh builds: every chapter holds, in this
order, a tall figure, a wide figure, a table and a heading "Section two of N",
with text between them.

  - no page ends more than two lines short or less than three-quarters full
    (chapter ends left out): a float that does not fit where it stands moves
    to the next page's top and the text after it fills the page;
  - floats keep their order: tall before wide before the table, all before
    the section heading that ends their section;
  - a figure's caption is on its image's page;
  - at least one figure did float (the text after it came first), so the
    book tests what it is meant to.

  check_floats.py BOOK.pdf
Prints the defects (physical page numbers) and exits 1 if any."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_typo import body_height, check_pages, read_tsv  # noqa: E402


def positions(pages, hb=None, tall=False):
    """(page, y, text) of every line, pages from 1, in order down each page;
    tall: of lines set larger than the body (titles) only."""
    out = []
    for p, page in enumerate(pages, 1):
        for _, words in page:
            if tall and max(w[3] - w[1] for w in words) < 1.5 * hb:
                continue
            out.append((p, min(w[1] for w in words), " ".join(w[4] for w in words)))
    return sorted(out)


def first(lines, pattern, after=(0, 0)):
    rx = re.compile(pattern)
    return next(((p, y) for p, y, t in lines if (p, y) > after and rx.search(t)), None)


def image_pages(pdf):
    """Pages of the tall and of the wide images, in drawing order."""
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    tall, wide = [], []
    for row in out:
        c = row.split()
        if c[2] != "image":
            continue
        (tall if (int(c[3]), int(c[4])) == (400, 360) else
         wide if (int(c[3]), int(c[4])) == (400, 150) else []).append(int(c[0]))
    return tall, wide


def main():
    pdf = sys.argv[1]
    pages = read_tsv(pdf)
    hb = body_height(pages)
    lines = positions(pages)
    titles = positions(pages, hb, tall=True)
    # the front matter (title page, contents) is not the chapters' flow
    start = first(titles, r"^Floats 1$")
    if start:
        pages = [[] if i + 1 < start[0] else p for i, p in enumerate(pages)]
    bad, n_pages = check_pages(pages, hb, 0.0)
    tall, wide = image_pages(pdf)
    chapters = sorted({int(m.group(1)) for _, _, t in lines
                       for m in [re.search(r"Caption tall (\d+)", t)] if m})
    if len(chapters) != 24 or len(tall) != 24 or len(wide) != 24:
        bad.append("expected 24 chapters, tall and wide figures: found %d captions, %d tall, "
                   "%d wide images" % (len(chapters), len(tall), len(wide)))
    floated = 0
    for c in chapters:
        title = first(titles, r"^Floats %d$" % c)
        if title is None:
            bad.append("chapter %d: its title not found" % c)
            continue
        at = {k: first(lines, pat % c, title) for k, pat in (
            ("tall", r"Caption tall %d\b"), ("wide", r"Caption wide %d\b"),
            ("table", r"row 0 of table %d\b"), ("section", r"Section two of %d\b"))}
        at["title"] = title
        missing = [k for k, v in at.items() if v is None]
        if missing:
            bad.append("chapter %d: %s not found" % (c, ", ".join(missing)))
            continue
        order = ["tall", "wide", "table", "section"]
        for a, b in zip(order, order[1:]):
            if not at[a] < at[b]:
                bad.append("chapter %d: the %s (p%d) comes after the %s (p%d)"
                           % (c, a, at[a][0], b, at[b][0]))
        if c <= len(tall) and tall[c - 1] != at["tall"][0]:
            bad.append("chapter %d: the tall figure is on p%d, its caption on p%d"
                       % (c, tall[c - 1], at["tall"][0]))
        if c <= len(wide) and wide[c - 1] != at["wide"][0]:
            bad.append("chapter %d: the wide figure is on p%d, its caption on p%d"
                       % (c, wide[c - 1], at["wide"][0]))
        # the text after the tall figure, in the chapter, before the figure's page
        after = next(((p, y) for p, y, t in lines
                      if (p, y) > at["title"] and t.startswith("The paragraph after")), None)
        if after and after[0] < at["tall"][0]:
            floated += 1
    if not floated:
        bad.append("no figure floated: the book does not test what it is meant to")
    print("floats: %s (%d pages, %d of %d tall figures floated)"
          % ("ok" if not bad else "%d defects" % len(bad), n_pages, floated, len(chapters)))
    for b in bad[:30]:
        print("  " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
