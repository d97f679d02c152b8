#!/usr/bin/env python3
"""The fidelity test: octavo's text against GitHub's.

    fidelity.py SERIES_DIR EPUB

For every chapter of the series, the text of octavo's XHTML (from the EPUB)
must equal the text of cmark-gfm's own HTML rendering of the same Markdown
(the `cmark-gfm` command with GitHub's extensions: what GitHub shows), word
for word, once the deliberate differences listed in docs/fidelity.md are
taken out. Each of them is marked below with "fidelity.md:" and its name.
Any other difference fails, printed with its context.
"""
import difflib
import html.parser
import os
import re
import subprocess
import sys
import zipfile

import yaml

CMARK = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink",
         "-e", "tasklist", "-e", "footnotes"]
# fidelity.md: active and foreign content. octavo drops these with their
# content (and a warning); cmark-gfm --unsafe passes them through.
DROPPED = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
           "form", "input", "button", "select", "textarea", "noscript", "template", "link",
           "meta", "base", "title", "svg", "math", "canvas", "video", "audio", "dialog",
           "col", "colgroup", "head"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "pre", "blockquote",
         "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "section", "aside",
         "header", "footer", "figure", "figcaption", "dl", "dt", "dd", "details", "summary",
         "hr", "br", "article", "address", "nav"}
# fidelity.md: smart punctuation. Compared as the ASCII it was made from.
TYPOGRAPHIC = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                             "\u2014": "---", "\u2013": "--", "\u2026": "..."})


class Text(html.parser.HTMLParser):
    """Words of an HTML page, the main text and the footnotes apart."""

    def __init__(self, side):
        super().__init__(convert_charrefs=True)
        self.side = side
        self.main, self.notes = [], []
        self.cur = self.main
        self.skip = []          # [tag, depth] of an element being left out
        self.note_tag = None    # the element holding the current footnote, and its depth
        self.note_depth = 0
        self.in_notes_section = 0
        self.depth = 0
        self.h1_dropped = side != "cmark-title"

    def out(self, s):
        self.cur.append(s)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if self.skip:
            if tag == self.skip[-1][0] and tag not in VOID:
                self.skip[-1][1] += 1
            return
        if tag not in VOID:
            self.depth += 1
        leave_out = tag in DROPPED
        if self.side == "octavo":
            # fidelity.md: the chapter opener; task boxes; figure captions;
            # the note's number before its text
            leave_out |= (tag == "header" and "chapter-head" in cls) or \
                ("task-box" in cls) or tag == "figcaption" or \
                (tag == "a" and "backlink" in cls)
            if tag == "aside" and "footnote" in cls:
                self.note_tag, self.note_depth = "aside", 1
                self.cur = []
                self.notes.append(self.cur)
                return
            if self.note_tag == tag:
                self.note_depth += 1
        else:
            leave_out |= tag == "a" and "footnote-backref" in cls
            # fidelity.md: the chapter title, when octavo takes the first
            # level-1 heading as the title
            if tag == "h1" and not self.h1_dropped and self.depth == 1:
                self.h1_dropped = True
                leave_out = True
            if tag == "section" and "footnotes" in cls:
                self.in_notes_section = self.depth
            if self.in_notes_section and tag == "li" and self.depth == self.in_notes_section + 2:
                self.cur = []
                self.notes.append(self.cur)
            if tag == "img":
                # fidelity.md: a remote image becomes a link with its alt text
                src = a.get("src") or ""
                if re.match(r"(?i)https?:", src):
                    self.out(" " + (a.get("alt") or src) + " ")
        if leave_out:
            if tag not in VOID:
                self.skip.append([tag, 1])
                self.depth -= 1
            return
        if tag in BLOCK:
            self.out(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip[-1][0]:
                self.skip[-1][1] -= 1
                if self.skip[-1][1] == 0:
                    self.skip.pop()
            return
        if tag in VOID:
            return
        if tag in BLOCK:
            self.out(" ")
        if self.side == "octavo" and self.note_tag == tag:
            self.note_depth -= 1
            if self.note_depth == 0:
                self.note_tag = None
                self.cur = self.main
        if self.side != "octavo" and self.in_notes_section and self.depth == self.in_notes_section:
            self.in_notes_section = 0
            self.cur = self.main
        self.depth -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out(data)

    def words(self):
        return ("".join(self.main).split(), ["".join(n).split() for n in self.notes])


def front_matter(md):
    """(front matter text or None, body) as octavo splits them."""
    lines = md.split("\n")
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                return "\n".join(lines[1:i]), "\n".join(lines[i + 1:])
    return None, md


def core(word):
    """A word without the brackets, quotes and sentence punctuation around it."""
    return word.lstrip("([{\"'\u201c\u2018").rstrip(")]}\"'.,;:!?\u201d\u2019")


def literal(word):
    """A word smart punctuation must leave alone (as src/doc/typography.c):
    its core stays as written, quotes around it may curl."""
    w = core(word)
    return bool(re.match(r"-[A-Za-z0-9]|--[A-Za-z0-9]", w) or
                re.search(r"[/\\_=$@<>|~`]|::|:/|\(\)", w) or
                (len(w) > 4 and w.startswith("www.")))


def compare(name, ref, got, problems):
    if ref == got:
        return
    a = [w.translate(TYPOGRAPHIC) for w in ref]
    b = [w.translate(TYPOGRAPHIC) for w in got]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                r, g = ref[i1 + k], got[j1 + k]
                # an apostrophe after code (`f()`'s) is prose's
                if r != g and literal(r) and core(r).replace("'s", "\u2019s") != core(g):
                    problems.append(f"{name}: smart punctuation changed '{r}' into '{g}'")
            continue
        ctx = " ".join(a[max(0, i1 - 8):i1])
        problems.append(f"{name}: after «{ctx}»\n    GitHub: «{' '.join(a[i1:i2])[:300]}»"
                        f"\n    octavo: «{' '.join(b[j1:j2])[:300]}»")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    series_dir, epub = sys.argv[1:]
    with open(os.path.join(series_dir, "series.yaml"), encoding="utf-8") as f:
        manifest = yaml.safe_load(f)
    chapters = manifest.get("chapters")
    if chapters is None:
        chapters = sorted(n for n in os.listdir(series_dir) if n.endswith(".md"))
    chapters = [c["file"] if isinstance(c, dict) else c for c in chapters]
    z = zipfile.ZipFile(epub)
    opf = z.read("EPUB/package.opf").decode()
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = [items[i] for i in re.findall(r'<itemref idref="([^"]+)"', opf)]
    pages = [p for p in spine
             if 'epub:type="chapter"' in z.read("EPUB/" + p).decode(errors="replace")]
    if len(pages) != len(chapters):
        sys.exit(f"fidelity: {len(chapters)} chapters but {len(pages)} chapter pages in {epub}")
    problems, words = [], 0
    for chapter, page in zip(chapters, pages):
        with open(os.path.join(series_dir, chapter), encoding="utf-8", errors="replace") as f:
            md = f.read().replace("\0", "\ufffd")
        fm, body = front_matter(md)
        fm_title = None
        if fm is not None:
            try:
                meta = yaml.safe_load(fm)
                fm_title = meta.get("title") if isinstance(meta, dict) else None
            except yaml.YAMLError:
                pass
        cm = subprocess.run(CMARK, input=body, capture_output=True, text=True, check=True).stdout
        ref = Text("cmark" if fm_title else "cmark-title")
        ref.feed(cm)
        ref.close()
        got = Text("octavo")
        got.feed(z.read("EPUB/" + page).decode())
        got.close()
        (rm, rn), (gm, gn) = ref.words(), got.words()
        words += len(rm)
        name = os.path.join(os.path.basename(os.path.normpath(series_dir)), chapter)
        compare(name, rm, gm, problems)
        # fidelity.md: footnotes, placed where octavo places them, compared
        # in order of first reference, as both number them
        compare(name + " (footnotes)", [w for n in rn for w in n], [w for n in gn for w in n],
                problems)
    for p in problems:
        print(p)
    print(f"fidelity: {os.path.basename(os.path.normpath(series_dir))}: {len(chapters)} chapters, "
          f"{words} words, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
