#!/usr/bin/env python3
"""The PDF says what the EPUB says: pdf_text.py EPUB PDF

The words of every chapter page of the EPUB (octavo's XHTML: opener, text,
captions, notes) must come out of `pdftotext PDF` in the same order, up to
hyphenation and line breaks. Allowed besides: the PDF's own pages around
the chapters (title page, contents, colophon), its page furniture (running
heads made of titles and headings, page numbers, marks of wrapped code
lines), and footnotes, which the PDF sets at the foot of a page rather than
where the EPUB puts them (a run of words missing in one place must appear,
as a run, elsewhere). Any other word missing, added or changed fails.
"""
import collections
import difflib
import html
import html.parser
import re
import subprocess
import sys
import zipfile

SKIP = {"script", "style", "head"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "th",
         "tr", "section", "aside", "header", "figure", "figcaption", "dt", "dd", "summary", "br"}
HYPHENS = ("-", "\u2010", "\u00ad")
# page numbers, list item labels (1. a) iv.), bullets, marks of wrapped code
LABELS = r"[0-9]+[.)]?|[ivxlcdm]+[.)]?|[a-zA-Z][.)]|Chapter|[\u2022\u2013\u25e6\u25aa\u2023\u2043\u21aa\u2192\u21b5\u23ce]"


class Words(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.headings, self.in_heading = [], 0, [], 0
        self.in_box = False

    def handle_starttag(self, tag, attrs):
        self.in_box = tag == "span" and "task-box" in (dict(attrs).get("class") or "")
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.parts.append(" ")
        if re.fullmatch(r"h[1-6]", tag):
            self.in_heading += 1
            self.headings.append([])

    def handle_endtag(self, tag):
        if tag == "span":
            self.in_box = False
        if tag in SKIP:
            self.skip -= 1
        if tag in BLOCK:
            self.parts.append(" ")
        if re.fullmatch(r"h[1-6]", tag) and self.in_heading:
            self.in_heading -= 1

    def handle_data(self, data):
        if not self.skip:
            if not self.in_box:  # a task's box is drawn, not text, in the PDF
                self.parts.append(data)
            if self.in_heading:
                self.headings[-1].append(data)


def pdf_words(pdf, vocab):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    words = []
    for line in text.split("\n"):
        toks = line.replace("\f", " ").split()
        if words and toks:
            last, first = words[-1], toks[0]
            # a word broken at the end of a line, hyphenated or not (long code)
            if last.endswith(HYPHENS) and last[:-1] + first in vocab:
                words[-1] = last[:-1] + first
                toks = toks[1:]
            elif last + first in vocab and (last not in vocab or first not in vocab):
                words[-1] = last + first
                toks = toks[1:]
        words.extend(toks)
    # pdftotext itself joins a word hyphenated at a line's end and drops the
    # hyphen, even a word's own ("git-lfs-" "authenticate")
    unhyphenated = {}
    for v in vocab:
        for m in re.finditer("-", v):
            unhyphenated.setdefault(v[:m.start()] + v[m.end():], v)
    return [w if w in vocab else unhyphenated.get(w, w) for w in words]


def squeeze(words):
    """Words run together without hyphens and wrap marks: a long word or code
    line broken over lines in the PDF is the same text."""
    return re.sub(r"[-\u2010\u00ad\u21aa\u2192\u21b5\u23ce]", "", "".join(words))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    epub, pdf = sys.argv[1:]
    z = zipfile.ZipFile(epub)
    opf = z.read("EPUB/package.opf").decode()
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = [items[i] for i in re.findall(r'<itemref idref="([^"]+)"', opf)]
    book, furniture = [], set()
    for page in spine:
        x = z.read("EPUB/" + page).decode()
        if 'epub:type="chapter"' not in x:
            continue
        w = Words()
        w.feed(x)
        w.close()
        book.extend("".join(w.parts).split())
        for h in w.headings:
            furniture.update(" ".join(h).split())
    # the words an SVG figure draws are in the PDF, not in the EPUB's text
    for name in z.namelist():
        if name.endswith(".svg"):
            svg = z.read(name).decode(errors="replace")
            for t in re.findall(r"<(?:text|tspan)\b[^>]*>([^<]*)<", svg):
                furniture.update(html.unescape(t).split())
    title = re.search(r"<dc:title[^>]*>([^<]*)<", opf)
    furniture.update((title.group(1) if title else "").split())
    vocab = set(book)
    got = pdf_words(pdf, vocab)
    sm = difflib.SequenceMatcher(None, book, got, autojunk=False)
    ops = sm.get_opcodes()
    # what lies before the first and after the last word of the chapters is
    # the PDF's front and back matter
    matched = [o for o in ops if o[0] == "equal"]
    if not matched:
        print(f"pdf_text: {pdf}: no chapter text found in the PDF")
        return 1
    first_j, last_j = matched[0][3], matched[-1][4]
    missing, added = collections.Counter(), []
    for op, i1, i2, j1, j2 in ops:
        if op == "replace" and squeeze(book[i1:i2]) == squeeze(
                w for w in got[j1:j2] if w not in furniture and not re.fullmatch(LABELS, w)):
            continue  # a word broken over lines, or over pages (a running head between)
        if op in ("delete", "replace"):
            missing.update(book[i1:i2])
        if op in ("insert", "replace"):
            lo, hi = max(j1, first_j), min(j2, last_j)
            added.extend((j, got[j]) for j in range(lo, hi))
    extra = []
    for j, w in added:
        if missing[w] > 0:
            missing[w] -= 1          # a footnote, moved to the foot of the page
        elif w in furniture or re.fullmatch(LABELS, w) or (
                w.endswith("\u2026") and any(f.startswith(w[:-1]) for f in furniture)):
            continue                 # running heads (cut short), page numbers, list marks…
        else:
            extra.append(j)
    lost = [w for w, n in missing.items() for _ in range(n)]
    for j in extra[:20]:
        print(f"pdf_text: {pdf}: in the PDF, not the EPUB: «{' '.join(got[max(0, j - 6):j])} "
              f"[{got[j]}] {' '.join(got[j + 1:j + 6])}»")
    if lost:
        print(f"pdf_text: {pdf}: in the EPUB, not the PDF ({len(lost)}): "
              f"{' '.join(lost[:60])}")
    print(f"pdf_text: {pdf}: {len(book)} words of chapters; {len(extra)} added, "
          f"{len(lost)} lost")
    return 1 if extra or lost else 0


if __name__ == "__main__":
    sys.exit(main())
