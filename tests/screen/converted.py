#!/usr/bin/env python3
"""What a Kindle reader sees of a book Calibre converted: the AZW3 or MOBI,
converted back to an EPUB by Calibre, read page by page (standard library only).

usage: converted.py FORMAT BACK.epub
Fails (exit 1) when
  - the hidden navigation shows (display: none, from a class of Calibre's
    stylesheet or a style attribute, is what a Kindle honours; not the
    HTML hidden attribute): the landmarks ("Landmarks", "Start of
    content") or the page-list ("Pages", a list of bare page numbers);
  - a block, or a whole page, holds only a chapter number ("Chapter 4"):
    Calibre breaks the page before each h1, so the number must be inside it.
"""
import html.parser
import re
import sys
import zipfile

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th",
          "section", "header", "body"}
CHAPTER_NUMBER = re.compile(r"^(Chapter|CHAPTER)\s+\d+$")  # as octavo writes it (a table may say "chapter 4")
PAGE_LABEL = re.compile(r"^(\d+|[ivxlcdm]+)$", re.I)
HIDDEN_TEXT = {"landmarks", "start of content", "pages"}
PAGE_LIST_RUN = 3  # this many bare page numbers in a row make a visible page-list


DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)


def hidden_classes(z):
    """Classes whose rule in the book's stylesheets says display: none."""
    found = set()
    for name in z.namelist():
        if name.endswith(".css"):
            css = re.sub(r"/\*.*?\*/", "", z.read(name).decode("utf-8", "replace"), flags=re.S)
            for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
                if DISPLAY_NONE.search(body):
                    found.update(m for sel in selectors.split(",")
                                 for m in re.findall(r"^\s*\.([\w-]+)\s*$", sel))
    return found


class Blocks(html.parser.HTMLParser):
    """Collects the text of every block element a reader sees, innermost first."""

    def __init__(self, hidden):
        super().__init__(convert_charrefs=True)
        self.hidden = hidden
        self.open = []  # every open element: (tag, hides)
        self.stack = []  # [tag, text parts] of the open blocks
        self.blocks = []  # (tag, text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        hides = bool(set((a.get("class") or "").split()) & self.hidden or
                     DISPLAY_NONE.search(a.get("style") or ""))
        self.open.append((tag, hides))
        if tag in BLOCKS and not self.unseen():
            self.stack.append([tag, []])

    def unseen(self):
        return any(h for _, h in self.open)

    def handle_endtag(self, tag):
        was_unseen = self.unseen()
        while self.open:
            t, _ = self.open.pop()
            if t == tag:
                break
        if was_unseen:
            return
        if tag in BLOCKS and self.stack and self.stack[-1][0] == tag:
            t, parts = self.stack.pop()
            text = " ".join("".join(parts).split())
            self.blocks.append((t, text))
            if self.stack:
                self.stack[-1][1].append(" " + "".join(parts) + " ")

    def handle_data(self, data):
        if self.stack and not self.unseen():
            self.stack[-1][1].append(data)


def main(fmt, path):
    problems = []
    with zipfile.ZipFile(path) as z:
        hidden = hidden_classes(z)
        names = sorted(n for n in z.namelist() if n.endswith((".html", ".xhtml", ".htm")))
        for name in names:
            p = Blocks(hidden)
            p.feed(z.read(name).decode("utf-8", "replace"))
            p.close()
            run = 0
            for tag, text in p.blocks:
                if CHAPTER_NUMBER.match(text):
                    problems.append(f"{name}: a <{tag}> holds only '{text}'")
                if text.lower() in HIDDEN_TEXT:
                    problems.append(f"{name}: hidden navigation shows: <{tag}> '{text}'")
                run = run + 1 if tag == "li" and PAGE_LABEL.match(text) else 0
                if run == PAGE_LIST_RUN:
                    problems.append(f"{name}: a visible list of page numbers (the page-list)")
    for p in dict.fromkeys(problems):
        print(f"FAIL {fmt}: {p}")
    print(f"{fmt}: {len(names)} pages read, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
