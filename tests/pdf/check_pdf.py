#!/usr/bin/env python3
"""Checks a PDF that octavo built from a series, with the tools a reader's
machine has: qpdf --check clean, every font embedded (and only the fonts
fonts/fonts.list names), metadata, an outline entry per chapter, page labels
(roman front matter, arabic from chapter 1), live links, and the text in
reading order (each chapter's opener, and sample sentences from every chapter,
in the order of the Markdown).

usage: check_pdf.py BOOK.pdf SERIES_DIR FONTS_LIST
Prints "N passed, M failed"; exits 1 on any failure."""
import json
import os
import re
import subprocess
import sys

import tally
from tally import check



def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def norm(s):
    """Typography and spacing out of the way: straight quotes, hyphens."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2013", "-"), ("\u2014", "-"), ("\u2026", "..."), ("\u00a0", " "),
                 ("\u00ad", ""), ("\ufb01", "fi"), ("\ufb02", "fl")):
        s = s.replace(a, b)
    s = re.sub(r"\s+", " ", s).strip()
    # poppler joins a word broken at a line end and drops the hyphen, even of a
    # compound ("Three-" + "Layer"): compare without hyphens or space around them
    return re.sub(r"\s*-\s*", "", s)


def series_info(series):
    text = open(os.path.join(series, "series.yaml"), encoding="utf-8").read()
    def key(k):
        m = re.search(r'^%s:\s*"?(.*?)"?\s*$' % k, text, re.M)
        return m.group(1) if m else None
    chapters, overrides = [], {}
    for m in re.finditer(r'^\s+-\s+(?:\{file:\s*)?([\w./-]+\.md)(?:,\s*title:\s*"(.*?)")?',
                         text, re.M):
        chapters.append(m.group(1))
        if m.group(2):
            overrides[m.group(1)] = m.group(2)
    if not chapters:
        chapters = sorted(f for f in os.listdir(series) if f.endswith(".md"))
    return {"title": key("title"), "author": key("author") or key("authors"),
            "chapters": chapters, "overrides": overrides}


def chapter_title(path):
    src = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", src, re.S)
    if m:
        t = re.search(r'^title:\s*"?(.*?)"?\s*$', m.group(1), re.M)
        if t:
            return t.group(1)
    h = re.search(r"^# (.+)$", src, re.M)
    return h.group(1).strip() if h else None


def sample_sentences(path, n=4):
    """Plain sentences (letters, spaces, commas) from the chapter's prose."""
    src = open(path, encoding="utf-8").read()
    src = re.sub(r"^---\n.*?\n---\n", "", src, flags=re.S)
    src = re.sub(r"^```.*?^```", "", src, flags=re.S | re.M)
    paras = []
    for block in re.split(r"\n\s*\n", src):
        first = block.lstrip()[:1]
        if not block.strip() or first in "#|>-*!<[0123456789":
            continue
        paras.append(" ".join(block.split()))
    out = []
    for p in paras:
        for s in re.split(r"(?<=\.)\s+", p):
            if re.fullmatch(r"[A-Za-z][A-Za-z ,]{40,}\.", s) and len(s.split()) >= 8:
                out.append(s)
    if len(out) <= n:
        return out
    step = len(out) / n
    return [out[int(i * step)] for i in range(n)]


def roman(n):
    out = ""
    for v, r in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += r
            n -= v
    return out


def page_labels(ranges, pages):
    """Each page's label as a viewer shows it, from qpdf's /PageLabels ranges."""
    ranges = sorted(ranges, key=lambda r: r["index"])
    out = []
    for p in range(pages):
        cur = None
        for r in ranges:
            if r["index"] <= p:
                cur = r
        if not cur:
            out.append(str(p + 1))
            continue
        lab = cur["label"]
        n = lab.get("/St", 1) + p - cur["index"]
        prefix = lab.get("/P", "")
        prefix = prefix[2:] if prefix.startswith("u:") else prefix
        style = lab.get("/S")
        num = {"/D": str(n), "/r": roman(n), "/R": roman(n).upper()}.get(style, "")
        out.append(prefix + num)
    return out


def find_words(words, needle, start, gap=120):
    """Where needle's words occur in order from start: contiguous, or with one
    gap (a page break's folio, running head or footnotes) anywhere inside."""
    k = len(needle)
    for i in range(start, len(words) - k + 1):
        if words[i] != needle[0]:
            continue
        j = 0
        while j < k and i + j < len(words) and words[i + j] == needle[j]:
            j += 1
        if j == k:
            return i + k
        if j == 0:
            continue
        rest = needle[j:]
        for q in range(i + j, min(len(words) - len(rest) + 1, i + j + gap)):
            if words[q:q + len(rest)] == rest:
                return q + len(rest)
    return -1


def main():
    pdf, series, fonts_list = sys.argv[1], sys.argv[2], sys.argv[3]
    info = series_info(series)

    # qpdf: structure and streams
    r = run("qpdf", "--check", pdf)
    check(r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout
          and "WARNING" not in r.stdout + r.stderr, "qpdf --check: " + r.stdout + r.stderr)

    # fonts: all embedded, all from fonts.list
    allowed = set()
    for line in open(fonts_list, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            allowed.add(os.path.splitext(os.path.basename(line.split("\t")[3]))[0])
    rows = run("pdffonts", pdf).stdout.splitlines()[2:]
    check(len(rows) > 0, "pdffonts lists fonts")
    for row in rows:
        name = row.split()[0].split("+")[-1]
        cols = row.split()
        check("yes" == cols[-5], "font embedded: " + row)
        check(name in allowed, "font %s is in fonts.list" % name)

    # metadata
    meta = {}
    for line in run("pdfinfo", pdf).stdout.splitlines():
        k, _, v = line.partition(":")
        meta[k.strip()] = v.strip()
    check(norm(meta.get("Title", "")) == norm(info["title"] or ""), "Title: %r" % meta.get("Title"))
    if info["author"]:
        first = re.sub(r'^\[?"?|"?,.*$|"?\]$', "", info["author"])
        check(first in meta.get("Author", ""), "Author: %r" % meta.get("Author"))
    check(meta.get("Creator", "").startswith("octavo"), "Creator: %r" % meta.get("Creator"))
    check(bool(meta.get("CreationDate")) and bool(meta.get("ModDate")), "dates")
    check(meta.get("Tagged") == "yes", "tagged")
    pages = int(meta.get("Pages", "0"))

    # outline and page labels
    j = json.loads(run("qpdf", "--json=2", "--json-key=outlines", "--json-key=pagelabels",
                       pdf).stdout)
    titles = [norm(o["title"]) for o in j["outlines"]]
    chapter_titles = []
    for i, ch in enumerate(info["chapters"]):
        t = info["overrides"].get(ch) or chapter_title(os.path.join(series, ch))
        chapter_titles.append(t)
        if t:
            check("%d. %s" % (i + 1, norm(t)) in titles, "outline has chapter %d %r" % (i + 1, t))
    shown = page_labels(j["pagelabels"], pages)
    check("i" in shown and "ii" in shown, "roman labels for the front matter: %s" % shown[:6])
    check("1" in shown and shown.index("1") > shown.index("i"), "arabic labels from chapter 1")
    check(len(set(shown)) == len(shown), "page labels are unique")

    # links
    raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True).stdout
    check(raw.count(b"/Subtype /Link") >= 2 * len(info["chapters"]), "link annotations")
    check(b"/URI" in raw, "external links")
    check(b"/Dests" in raw, "named destinations")

    # text in reading order
    text = run("pdftotext", "-enc", "UTF-8", pdf, "-").stdout
    text = re.sub(r"-\n(?=[a-z])", "", text)
    words = norm(text).split(" ")
    pos = 0
    for i, t in enumerate(chapter_titles):
        if not t:
            continue
        at = find_words(words, ("Chapter %d " % (i + 1) + norm(t)).split(" "), pos)
        check(at >= 0, "chapter %d opener in order: %r" % (i + 1, t))
        if at < 0:
            continue
        pos = at
        for s in sample_sentences(os.path.join(series, info["chapters"][i])):
            at = find_words(words, norm(s).split(" "), pos)
            check(at >= 0, "sentence in order: %r" % s)
            if at >= 0:
                pos = at
    print("%d pages; %d passed, %d failed" % (pages, tally.passed, tally.failed), file=sys.stderr)
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
