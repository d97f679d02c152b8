#!/usr/bin/env python3
"""Checks a PDF octavo typeset for the typographic defects of issue 10, from
its text layer (`pdftotext -tsv`) and the series' Markdown:

  markers   no line starts with a footnote marker; adjacent markers are kept
            apart (a marker reading "1011" in a chapter of 20 notes is two run
            together)
  code      spaces inside inline code are one character of the code font wide
            (they never stretch or shrink with the line)
  breaks    a word of the text is broken at a line end only with a hyphen, or
            without one after / _ . or between camel-case parts
  widows    no paragraph's last line alone at the top of a page (widow), no
            first line alone at the foot of one (orphan), no page ending in a
            line that ends in a hyphen
  pages     pages (chapter ends left out) ending more than two lines short:
            at most --short-max per cent of them; none less than three-quarters
            full unless the next page starts with a heading

  check_typo.py BOOK.pdf SERIES_DIR [--checks markers,code,breaks,widows,pages]
                [--short-max 5]
Prints each defect found (physical page numbers, 1-based) and exits 1 if any.
"""
import argparse
import collections
import glob
import os
import re
import statistics
import subprocess
import sys

PUNCT = "()[]{}<>,;:!?\"'`*“”‘’«»…"
HYPHENS = "-\u2010\u2011\u00ad"


def read_tsv(pdf):
    out = subprocess.run(["pdftotext", "-tsv", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []  # page -> list of lines; line -> list of words (x0, y0, x1, y1, text)
    lines = collections.OrderedDict()
    for row in out.splitlines()[1:]:
        c = row.split("\t", 11)
        if len(c) < 12:
            continue
        if c[0] == "1":
            pages.append(collections.OrderedDict())
        elif c[0] == "5" and c[11].strip():
            x, y, w, h = map(float, c[6:10])
            key = (int(c[2]), int(c[3]), int(c[4]))  # block, paragraph, line
            pages[-1].setdefault(key, []).append((x, y, x + w, y + h, c[11]))
    return [list(p.items()) for p in pages]


def body_height(pages):
    heights = collections.Counter(round(w[3] - w[1], 2) for p in pages for _, l in p
                                  for w in l for _ in w[4])
    return heights.most_common(1)[0][0]


def markdown(series):
    files = sorted(glob.glob(os.path.join(series, "*.md")))
    return {f: open(f, encoding="utf-8").read() for f in files}


def core(word):
    return word.strip(PUNCT)


# ---- markers ----------------------------------------------------------------
def check_markers(pages, hb, md):
    bad = []
    defs = max([len(re.findall(r"^\[\^[^\]]+\]:", t, re.M)) for t in md.values()] + [0])
    for pno, page in enumerate(pages, 1):
        words = [w for _, l in page for w in l]
        tall = [w for w in words if abs((w[3] - w[1]) - hb) < 0.5]
        for m in words:
            if (m[3] - m[1]) >= 0.8 * hb or not re.fullmatch(r"[0-9,\u2009 ]+", m[4]):
                continue
            # the body words of its visual line (pdftotext puts a raised marker on a line of its own)
            line = [w for w in tall if min(w[3], m[3]) - max(w[1], m[1]) >= 0.5 * (m[3] - m[1])]
            if not line or m[3] >= min(w[3] for w in line) - 1.0:
                continue  # not raised above body text: a table cell, a note's own number
            if not any(w[2] <= m[0] + 0.5 for w in line):
                bad.append("p%d: a line starts with the footnote marker %r: %s"
                           % (pno, m[4], " ".join(w[4] for w in sorted(line)[:6])))
            for n in re.findall(r"[0-9]+", m[4]):
                if defs and int(n) > defs:
                    bad.append("p%d: marker %r reads as %s, more notes than any chapter has "
                               "(%d): markers run together" % (pno, m[4], n, defs))
    return bad


# ---- code spaces ------------------------------------------------------------
def check_code(pages, md):
    spans = set()
    for text in md.values():
        text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)  # fenced blocks
        for m in re.finditer(r"(?<!`)`([^`\n]+)`(?!`)", text):
            toks = m.group(1).strip().split()
            if len(toks) >= 2 and "  " not in m.group(1).strip():
                spans.add(tuple(toks))
    by_first = collections.defaultdict(list)
    for s in spans:
        by_first[s[0]].append(s)
    bad, seen = [], 0
    for pno, page in enumerate(pages, 1):
        for _, words in page:
            for i, w in enumerate(words):
                for s in by_first.get(w[4].lstrip(PUNCT), ()):
                    if i + len(s) > len(words):
                        continue
                    ws = words[i:i + len(s)]
                    if any(ws[k][4] != s[k] for k in range(1, len(s) - 1)):
                        continue
                    if not ws[-1][4].startswith(s[-1]):
                        continue
                    if len({round(x[1], 1) for x in ws}) != 1:
                        continue
                    # the code font's pitch, from the words wholly inside the span
                    inner = [x for k, x in enumerate(ws) if x[4] == s[k] and len(x[4]) >= 1]
                    pitches = [(x[2] - x[0]) / len(x[4]) for x in inner]
                    if not pitches or max(pitches) - min(pitches) > 0.05:
                        continue  # not one monospaced run: prose that happens to match
                    pitch = statistics.median(pitches)
                    seen += 1
                    for a, b in zip(ws, ws[1:]):
                        gap = b[0] - a[2]
                        if abs(gap - pitch) > 0.2:
                            bad.append("p%d: a space inside `%s` is %.2f pt, the code font's "
                                       "is %.2f pt" % (pno, " ".join(s), gap, pitch))
                            break
    return bad, seen


# ---- breaks -----------------------------------------------------------------
def check_breaks(pages, md):
    tokens, code = set(), set()
    for text in md.values():
        for m in re.finditer(r"(?<!`)`([^`\n]+)`(?!`)", text):
            code.update(core(t) for t in m.group(1).split())
        for t in re.split(r"\s+", re.sub(r"[`*]", " ", text)):
            t = core(t)
            if t:
                tokens.add(t)
                tokens.update(core(x) for x in re.split(r"[(\[{]", t) if core(x))
    bad = []
    for pno, page in enumerate(pages, 1):
        for (k0, w0), (k1, w1) in zip(page, page[1:]):
            if k0[:2] != k1[:2]:
                continue  # another block or paragraph
            a, b = core(w0[-1][4]), core(w1[0][4])
            if not a or not b or a[-1] in HYPHENS:
                continue
            if a.isdigit() and b.isdigit():
                continue  # two numbers, e.g. page numbers in the contents ("… 20", "… 22"):
                # a digit run offers no break opportunity, so it cannot be one word broken
            joined = a + b
            if joined not in tokens or (a in tokens and b in tokens):
                continue
            # after / . _ or a dash (not inside a run such as "__"), or camelCase
            ok = (a[-1] in "/._\u2014\u2013" and b[0] != a[-1]) or (a[-1].islower() and b[0].isupper())
            ok |= "://" in joined and a[-1] in "?&=#"  # a URL's query
            parts = re.split(r"(?<=[/._:])|(?<=[a-z])(?=[A-Z])", joined)
            if not ok and joined in code and max(len(x) for x in parts) > 10:
                # a name in code with a part too long for a narrow table cell
                # and no place a reader expects a break in it: unavoidable
                continue
            if not ok:
                bad.append("p%d: %r broken without a hyphen as %r / %r" % (pno, joined, a, b))
    return bad


# ---- widows, orphans, a hyphen at a page end ---------------------------------
# a list item's bullet or number (a line may also start with an em dash or a hyphen)
LIST_MARKER = re.compile(r"[\u2022\u2013\u25e6\u25aa]|\(?[0-9]+[.)]|\(?[a-z][.)]")


def visual_lines(page, hb):
    """The page's lines of body type, in order: words whose height is the
    body's, with any raised or lowered word (a footnote marker) that overlaps
    them; each line is (top, bottom, words sorted by x). Running heads, notes,
    captions and code blocks are set smaller and are left out."""
    words = [w for _, l in page for w in l]
    body = sorted((w for w in words if abs((w[3] - w[1]) - hb) < 0.3), key=lambda w: (w[3], w[0]))
    lines = []
    for w in body:
        if lines and abs(lines[-1][1] - w[3]) < 0.3 * hb:
            lines[-1][2].append(w)
        else:
            lines.append([w[1], w[3], [w]])
    for w in words:
        if abs((w[3] - w[1]) - hb) >= 0.3:
            mid = (w[1] + w[3]) / 2
            for l in lines:
                if l[0] < mid < l[1]:
                    l[2].append(w)
                    break
    return [(t, b, sorted(ws)) for t, b, ws in lines]


def source_text(md):
    """The words of the Markdown, lower-cased, one paragraph, list item or
    heading a line, each word between spaces: a line break inside a paragraph
    falls between words that follow each other on one of its lines (a one-line
    list item that ends at the margin is not a paragraph going on into the
    next item)."""
    out = []
    item = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
    for text in md.values():
        blocks, cur = [], []
        for line in text.splitlines():
            line = re.sub(r"^(\s*>)+", "", line)
            m = item.match(line)
            if not line.strip() or m or line.lstrip().startswith("#"):
                blocks.append(cur)
                cur = []
                line = line[m.end():] if m else line
            cur.append(line)
        blocks.append(cur)
        for b in blocks:
            t = re.sub(r"\]\([^)]*\)|\[\^[^\]]*\]", " ", " ".join(b))  # link targets, note refs
            out.append(" %s " % " ".join(re.findall(r"\w+", t.lower())))
    return "\n".join(out)


def check_widows(pages, hb, md):
    """A paragraph crossing a page break is one whose last line on the page is
    justified (ends at a measure's right edge, a quarter point close) and goes
    on at the same left edge (less a first line's indent) at the top of the
    next page, with nothing but the running head above it, and the last words
    of the one and the first of the other follow each other in one paragraph
    of the Markdown. Its line at the top is its last if it is short and nothing
    goes on after it, or it ends a sentence; its line at the foot is its first
    if a gap, an indent, a list marker or a short line ending a sentence comes
    before it."""
    lines = [visual_lines(p, hb) for p in pages]
    source = source_text(md)
    # the measures' right edges (body, block quote, ...) on odd and even pages:
    # where many lines end, to a tenth of a point
    edges = {}
    for k in (0, 1):
        ends = collections.Counter(round(l[2][-1][2], 1) for pl in lines[k::2] for l in pl)
        edges[k] = [x for x, n in ends.items() if n >= max(20, 0.02 * sum(ends.values()))]
    lead = statistics.median([b[1] - a[1] for pl in lines for a, b in zip(pl, pl[1:])
                              if 0.8 * hb < b[1] - a[1] < 1.5 * hb] or [hb])
    # the text block's left edge on odd and even pages (their margins differ)
    left = {k: collections.Counter(round(l[2][0][0], 1) for pl in lines[k::2] for l in pl)
            .most_common(1)[0][0] if any(lines[k::2]) else 0 for k in (0, 1)}
    inset = lambda page, x: x - left[page % 2]  # page: 0-based
    # a paragraph's first-line indent: a line set in from the lines above and below it
    steps = collections.Counter(round(b[2][0][0] - a[2][0][0], 1) for pl in lines
                                for a, b, c in zip(pl, pl[1:], pl[2:])
                                if b[2][0][0] - a[2][0][0] > 3 and abs(c[2][0][0] - a[2][0][0]) < 0.5
                                and b[1] - a[1] < 1.3 * hb and c[1] - b[1] < 1.3 * hb)
    indent = steps.most_common(1)[0][0] if steps else None

    def text_x0(l):  # where the text starts: after a list marker
        ws = l[2]
        return ws[1][0] if len(ws) > 1 and LIST_MARKER.fullmatch(ws[0][4]) else ws[0][0]

    def full(l, page):  # reaches a measure's right edge, spaces no wider than a column gap
        ws = l[2]
        gaps = [b[0] - a[2] for a, b in zip(ws, ws[1:])]
        return (any(abs(ws[-1][2] - e) <= 0.25 for e in edges[page % 2]) and len(ws) >= 3
                and max(gaps) < 0.6 * hb)

    def goes_on(a, b, pa, pb):  # line b (page pb) is the line after a (page pa), same paragraph
        d = inset(pa, text_x0(a)) - inset(pb, b[2][0][0])  # (a first line is indented)
        return ((abs(d) <= 1.0 or (indent is not None and abs(d - indent) <= 1.0))
                and not LIST_MARKER.fullmatch(b[2][0][4]))

    def sentence_end(l):
        return l[2][-1][4].rstrip("\"')\u201d\u2019*")[-1:] in ".!?:"

    def starts_para(pl, i, page):  # line i of the page's lines pl opens its paragraph
        if i == 0:
            return False  # cannot tell: the paragraph may come from the page before
        p, l = pl[i - 1], pl[i]
        return (l[1] - p[1] > 1.3 * lead or LIST_MARKER.fullmatch(l[2][0][4]) is not None
                or l[2][0][0] > text_x0(p) + 3
                or (not full(p, page) and sentence_end(p)))

    bad, crossing = [], 0
    for i in range(len(pages) - 1):
        pl, nl = lines[i], lines[i + 1]
        if not pl or not nl:
            continue
        last, first = pl[-1], nl[0]
        if not (full(last, i) and goes_on(last, first, i, i + 1)):
            continue  # the paragraph ends on this page (or this is no paragraph)
        words = [w for _, l in pages[i + 1] for w in l]
        top = min(w[1] for w in words)
        if any(w[3] <= first[0] + 0.5 and (w[1] > top + 2 or w[3] - w[1] > hb - 0.3) for w in words):
            continue  # more than a running head (small, on the top line) above it: a heading,
            # a chapter's title, a table: a new paragraph
        # the two lines' words follow each other in one paragraph of the source
        # (leaving out raised footnote markers)
        a, b = (re.findall(r"\w+", " ".join(w[4] for w in l[2] if w[3] > l[1] - 0.2 * hb).lower())
                for l in (last, first))
        if a and b and " %s " % " ".join(a[-3:] + b[:3]) not in source and \
                " %s " % " ".join(a[-3:-1] + [a[-1] + b[0]] + b[1:3]) not in source:
            continue  # (or a word hyphenated across the break)
        crossing += 1
        after = nl[1] if len(nl) > 1 else None
        # a short line ends its paragraph if nothing goes on after it, or it ends
        # a sentence (a task list's next item has no bullet in the text layer)
        ends_here = not full(first, i + 1) and (after is None or after[1] - first[1] > 1.3 * lead
                                                or not goes_on(first, after, i + 1, i + 1)
                                                or sentence_end(first))
        text = lambda l: " ".join(w[4] for w in l[2])[:60]
        if ends_here:
            bad.append("p%d: widow: the last line of a paragraph alone at the top: %s"
                       % (i + 2, text(first)))
        if starts_para(pl, len(pl) - 1, i):
            bad.append("p%d: orphan: the first line of a paragraph alone at the foot: %s"
                       % (i + 1, text(last)))
        word = last[2][-1][4]
        if word[-1:] in "-\u2010" and len(word) > 1 and first[2][0][4][:1].isalpha():
            bad.append("p%d: the page ends in a hyphen: %s / %s" % (i + 1, word, first[2][0][4]))
    return bad, crossing


# ---- pages ------------------------------------------------------------------
def check_pages(pages, hb, short_max):
    lead = []
    for page in pages:
        ys = sorted({round(w[3], 1) for _, l in page for w in l if abs((w[3] - w[1]) - hb) < 0.3})
        lead += [b - a for a, b in zip(ys, ys[1:]) if 0.8 * hb < b - a < 1.5 * hb]
    lead = statistics.median(lead) if lead else hb

    def first_height(page):
        words = page[0][1] if page else []
        return max(w[3] - w[1] for w in words) if words else 0

    def starts_chapter(page):  # a level-1 title ("Chapter 3" may stand above it), or an empty page
        return not page or any(w[3] - w[1] >= 1.6 * hb for _, l in page[:3] for w in l)

    started = False
    bottoms = {}
    for i, page in enumerate(pages):
        if page and starts_chapter(page):
            started = True
        if not started or not page or i + 1 >= len(pages) or starts_chapter(pages[i + 1]):
            continue
        bottoms[i] = max(w[3] for _, l in page for w in l)
    if not bottoms:
        return [], 0
    full = statistics.median(bottoms.values())
    top = statistics.median(min(w[1] for _, l in pages[i] for w in l) for i in bottoms)
    bad, short = [], []
    for i, b in sorted(bottoms.items()):
        if b < full - 2 * lead - 0.5:
            short.append(i)
        heading_next = first_height(pages[i + 1]) >= 1.25 * hb
        if b < top + 0.75 * (full - top) and not heading_next:
            bad.append("p%d: ends %.0f pt short (%.1f lines), less than three-quarters full"
                       % (i + 1, full - b, (full - b) / lead))
    pct = 100.0 * len(short) / len(bottoms)
    if pct > short_max:
        bad.append("%.1f %% of %d pages end more than two lines short (at most %.1f %%): pages %s"
                   % (pct, len(bottoms), short_max, " ".join("%d" % (i + 1) for i in short[:40])))
    return bad, len(bottoms)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("series")
    ap.add_argument("--checks", default="markers,code,breaks,widows,pages")
    ap.add_argument("--short-max", type=float, default=5.0)
    a = ap.parse_args()
    pages = read_tsv(a.pdf)
    md = markdown(a.series)
    hb = body_height(pages)
    failed = False
    for name in a.checks.split(","):
        if name == "markers":
            bad, note = check_markers(pages, hb, md), ""
        elif name == "code":
            bad, seen = check_code(pages, md)
            note = " (%d code spans with spaces found)" % seen
            if not seen:
                bad = ["no inline code span with a space found in the PDF: nothing checked"]
        elif name == "breaks":
            bad, note = check_breaks(pages, md), ""
        elif name == "widows":
            bad, crossing = check_widows(pages, hb, md)
            note = " (%d paragraphs found crossing a page)" % crossing
            if not crossing:
                bad = ["no paragraph found crossing a page: nothing checked"]
        elif name == "pages":
            bad, n = check_pages(pages, hb, a.short_max)
            note = " (%d pages)" % n
        else:
            sys.exit("check_typo.py: unknown check %r" % name)
        print("%s: %s%s" % (name, "ok" if not bad else "%d defects" % len(bad), note))
        for b in bad[:30]:
            print("  " + b)
        failed |= bool(bad)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
