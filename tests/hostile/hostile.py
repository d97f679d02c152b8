#!/usr/bin/env python3
"""Hostile and pathological series, generated at test time and built by octavo.

    hostile.py run OCTAVO WORK GROUP [--format all|epub] [--sanitized] [--epubcheck SCRIPT]
                                     [--only NAME...]
    hostile.py list

Every case is a series folder written under WORK (big inputs are made here,
never committed), built with `octavo build -f all` (EPUB and PDF; --format
epub for the EPUB alone) under a limit on CPU time
and a ceiling on peak memory (also enforced with RLIMIT_AS in the normal
build), and checked: the exit status, the diagnostics, no partial or
temporary file, an earlier book untouched after an error, and for a book that
was built: a sound ZIP whose XML files are all well-formed and at most 256
elements deep (what libxml2-based e-readers accept), with EPUBCheck on the
cases that say so. Two groups are not series: `strace` proves that no file
outside the series is opened for reading, `concurrent` that two builds of one
series writing the same book stay atomic.

Python 3 standard library only. The limits are for the normal build;
--sanitized (ASan+UBSan) multiplies them (SLOWDOWN, MEMORY_FACTOR).
"""
import argparse
import base64
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import xml.parsers.expat
import zipfile
import zlib

# What octavo builds (--format): "all", the EPUB and the PDF, or "epub".
FORMAT = "all"
SLOWDOWN = 4        # time limits under ASan+UBSan
MEMORY_FACTOR = 4   # memory ceilings under ASan+UBSan
MAX_XML_DEPTH = 256  # libxml2's default limit, which e-readers built on it keep
DEFAULT_SECONDS = 10
DEFAULT_MB = 512
YAML = "title: T\nauthor: A\n"


# ---- small image files -------------------------------------------------------

def png(width, height):
    """A valid 1-bit greyscale PNG."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\0" + b"\xff" * ((width + 7) // 8)
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


def jpeg():
    """A valid 8×8 grey baseline JPEG: one block, every coefficient zero, coded
    with one-symbol Huffman tables."""
    def seg(marker, body):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body
    one_code = bytes([1] + [0] * 15) + b"\x00"
    return (b"\xff\xd8" + seg(0xDB, b"\x00" + b"\x01" * 64) +
            seg(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00") +
            seg(0xC4, b"\x00" + one_code) + seg(0xC4, b"\x10" + one_code) +
            seg(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x3f" + b"\xff\xd9")


def jpeg_big(width, height):
    """A valid grey baseline JPEG of any size up to 65,535 a side: every block
    all zero, two bits each with the one-symbol tables of jpeg(), so a
    40,000 x 1,000 picture is 156 KB."""
    def seg(marker, body):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body
    one_code = bytes([1] + [0] * 15) + b"\x00"
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    bits = 2 * blocks
    data = b"\x00" * (bits // 8) + (bytes([0xFF >> (bits % 8)]) if bits % 8 else b"")
    return (b"\xff\xd8" + seg(0xDB, b"\x00" + b"\x01" * 64) +
            seg(0xC0, b"\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00") +
            seg(0xC4, b"\x00" + one_code) + seg(0xC4, b"\x10" + one_code) +
            seg(0xDA, b"\x01\x01\x00\x00\x3f\x00") + data + b"\xff\xd9")


def png_declared(width, height):
    """A PNG whose header declares width x height over one tiny IDAT: what a
    decompression bomb looks like before anything is decoded."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(body, head=""):
    return (head + '<svg %s xmlns:xlink="http://www.w3.org/1999/xlink" width="20" '
            'height="20" viewBox="0 0 20 20">%s</svg>\n' % (SVG_NS, body)).encode()


def billion_laughs():
    ents = '<!ENTITY lol0 "lol">\n' + "".join(
        '<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
    return svg("<text>&lol9;</text>", '<?xml version="1.0"?>\n<!DOCTYPE svg [\n%s]>\n' % ents)


# ---- the cases ----------------------------------------------------------------

class Case:
    """A series to build and what must happen. files: path in the series →
    bytes or str; outside: path beside the series folder → content; links:
    path in the series → symlink target."""

    def __init__(self, group, name, chapters=None, yaml=YAML, files=None, outside=None,
                 links=None, exit=0, stderr=(), no_stderr=(), epubcheck=False,
                 contains=(), absent=(), seconds=DEFAULT_SECONDS, mb=DEFAULT_MB,
                 upstream=None, args=(), env=None, pdf_images=0):
        self.group, self.name = group, name
        self.files = {"series.yaml": yaml}
        for i, text in enumerate(chapters or []):
            self.files["%02d.md" % (i + 1)] = text
        self.files.update(files or {})
        self.outside, self.links = outside or {}, links or {}
        self.exit, self.stderr, self.no_stderr = exit, stderr, no_stderr
        self.epubcheck, self.contains, self.absent = epubcheck, contains, absent
        self.seconds, self.mb, self.upstream = seconds, mb, upstream
        # extra command-line arguments; environment changes (None unsets)
        self.args, self.env = list(args), env or {}
        self.pdf_images = pdf_images  # image XObjects the PDF must hold at least


CASES = []


def case(group, name, *chapters, **kw):
    CASES.append(Case(group, name, list(chapters), **kw))


N = 50000
FLAT = "flattened; the text is kept"

# Nesting 50,000 deep: nothing recurses, and the XHTML stays within 256 levels.
# (The texts are made when a case runs, so the runner stays small.)
case("nesting", "quote-50k", lambda: "# Q\n\n" + "> " * N + "deep\n",
     stderr=[FLAT], contains=["deep"])
case("nesting", "list-50k", lambda: "# L\n\n" + "- " * N + "deep\n",
     stderr=[FLAT], contains=["deep"])
case("nesting", "ordered-list-50k", lambda: "# L\n\n" + "1. " * N + "deep\n",
     stderr=[FLAT], contains=["deep"])
case("nesting", "quote-list-50k", lambda: "# M\n\n" + "> 1. - " * (N // 3) + "*deep*\n",
     stderr=[FLAT], contains=["deep"])
case("nesting", "emphasis-50k", lambda: "# E\n\n" + "*" * N + "deep" + "*" * N + "\n",
     stderr=[FLAT], contains=["deep"])
case("nesting", "strong-emphasis-runs",
     lambda: "# E\n\n" + "*a **a " * 65000 + "b" + " a** a*" * 65000 + "\n", stderr=[FLAT])
case("nesting", "html-block-50k",
     lambda: "# H\n\n" + "<div>" * N + "deep" + "</div>" * N + "\n\nafter\n",
     stderr=[FLAT], contains=["deep", "after"])
case("nesting", "html-inline-50k",
     lambda: "# H\n\ntext " + "<span>" * N + "deep" + "</span>" * N + " tail\n",
     stderr=[FLAT], contains=["deep", "tail"])
case("nesting", "html-mixed-50k",
     lambda: "# H\n\n" + "<blockquote><ul><li><em>" * (N // 4) + "deep\n",
     stderr=[FLAT, "malformed"], contains=["deep"])
case("nesting", "brackets-50k", lambda: "# B\n\n" + "[" * N + "a" + "]" * N + "\n")

# Big inputs: time and memory grow no faster than the input.
case("big", "paragraph-5mb", lambda: "# P\n\n" + "word " * (1 << 20) + "\n", mb=1024)
case("big", "table-500-columns",
     lambda: "# T\n\n" + "|".join("c%d" % i for i in range(500)) + "\n" +
     "|".join("---" for i in range(500)) + "\n" +
     ("|".join("x%d" % i for i in range(500)) + "\n") * 300, mb=1024)
case("big", "footnotes-100k",
     lambda: "# N\n\n" + "".join("t[^%d] " % i for i in range(100000)) + "\n\n" +
     "".join("[^%d]: note %d\n" % (i, i) for i in range(100000)), mb=1536,
     # 15.3–17 s of CPU measured this round (the limit of 15 failed in a CI
     # run); the limit guards against a hang or a quadratic page builder
     seconds=40)
case("big", "line-1mb",
     lambda: "# L\n\n" + "x" * (1 << 20) + "\n\n`" + "y" * (1 << 20) + "`\n\n## " +
     "z" * (1 << 20) + "\n\n<https://example.org/" + "u" * (1 << 20) + ">\n")
case("big", "code-200k-lines",
     lambda: "# C\n\n```python\n" +
     "".join("x%d = f'{y}' + \"s\"  # c %d\n" % (i, i) for i in range(200000)) + "```\n",
     mb=1536)
case("big", "code-unterminated-200k",
     lambda: "# C\n\n```c\n\"" + "x /* \\\n" * 200000 + "```\n")
case("big", "headings-50k-same", lambda: "# H\n\n" + "## Same\n\n" * N,
     contains=["same-49999"])
case("big", "links-100k-broken", lambda: "# L\n\n" + "[x](#nope) " * 100000 + "\n")
case("big", "definitions-50k",
     lambda: "# R\n\n" + "".join("[%d]: /u%d\n" % (i, i) for i in range(N)) + "[0] " * N + "\n")

# Images: huge, empty, truncated, and SVGs that are not self-contained.
VALID_IMAGES = {"images/wide.png": png(30000, 2), "images/a.jpg": jpeg(), "images/a.gif": GIF,
                "images/a.svg": svg('<defs><g id="g"><rect width="5" height="5"/></g></defs>'
                                    '<use href="#g"/><use xlink:href="#g"/>'
                                    '<rect style="fill:url(#g)" width="1" height="1"/>')}
case("images", "valid-and-30000-wide", "# I\n\n![wide](images/wide.png)\n\n![jpeg](images/a.jpg) "
     "![gif](images/a.gif)\n\n![svg](images/a.svg \"An SVG\")\n",
     yaml=YAML + "cover: images/wide.png\n", files=VALID_IMAGES, epubcheck=True)
# Inside text: a thousand images in one paragraph, and some in a paragraph of
# a megabyte, which the PDF sets in windows (each image drawn once).
INLINE = ["a.jpg", "a.gif", "a.svg", "wide.png", "tall.png"]
case("images", "inline-1000-and-1mb-paragraph",
     lambda: "# I\n\n" + " ".join("w%d ![i%d](images/%s)" % (i, i, INLINE[i % 5])
                                  for i in range(1000)) + "\n\n" +
     " ".join("word%d ![late](images/%s)" % (i, INLINE[i // 25000 % 5]) if i % 25000 == 0
              else "word%d" % i for i in range(1, 150000)) + "\n",
     files=dict(VALID_IMAGES, **{"images/tall.png": png(2, 30000)}), no_stderr=[": error:"],
     contains=["word149999"])
BAD_IMAGES = [
    ("png-zero-byte", "x.png", b"", "is not a PNG, JPEG, GIF or SVG image"),
    ("jpeg-zero-byte", "x.jpg", b"", "is not a PNG, JPEG, GIF or SVG image"),
    ("svg-zero-byte", "x.svg", b"", "is not a PNG, JPEG, GIF or SVG image"),
    ("png-truncated", "x.png", png(64, 64)[:45], "is a truncated or damaged PNG file"),
    ("png-header-only", "x.png", png(64, 64)[:20], "is not a PNG, JPEG, GIF or SVG image"),
    ("jpeg-truncated", "x.jpg", jpeg()[:-40], "is a truncated JPEG file"),
    ("jpeg-header-only", "x.jpg", jpeg()[:30], "is a damaged JPEG file (no frame header)"),
    ("gif-truncated", "x.gif", GIF[:-10], "is a truncated GIF file"),
    ("svg-truncated", "x.svg", svg("<rect/>")[:60], "is not a well-formed SVG file"),
    ("svg-not-svg", "x.svg", b"<html><body>an <svg> inside</body></html>",
     "is not a well-formed SVG file"),
    ("svg-wrong-root", "x.svg", b'<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>',
     "is not an SVG image"),
    ("svg-external-file", "x.svg", svg('<image href="../../outside/secret.png" width="5" '
                                       'height="5"/>'), "refers to something outside it"),
    ("svg-external-xlink", "x.svg", svg('<image xlink:href="http://example.org/x.png"/>'),
     "refers to something outside it"),
    ("svg-external-css", "x.svg", svg('<style>rect { fill: url("other.svg#p") }</style><rect/>'),
     "refers to something outside it"),
    ("svg-css-import", "x.svg", svg("<style>@import url(x.css);</style>"),
     "loads an external stylesheet"),
    ("svg-stylesheet-pi", "x.svg", svg("", '<?xml-stylesheet href="http://example.org/x.css"?>'),
     "loads an external stylesheet"),
    ("svg-billion-laughs", "x.svg", billion_laughs(), "has a <!DOCTYPE>"),
    ("svg-external-entity", "x.svg", svg("<text>&x;</text>", '<!DOCTYPE svg [<!ENTITY x SYSTEM '
                                         '"file:///etc/passwd">]>'), "has a <!DOCTYPE>"),
    ("svg-public-dtd", "x.svg", svg("<rect/>", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                                    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'),
     "has a <!DOCTYPE>"),
    ("svg-script", "x.svg", svg("<script>alert(1)</script>"), "holds a script"),
    ("svg-handler", "x.svg", svg('<rect onclick="alert(1)"/>'), "holds a script"),
    ("svg-deep", "x.svg", svg("<g>" * 1000 + "</g>" * 1000), "is not a well-formed SVG file"),
]
for name, file, data, message in BAD_IMAGES:
    case("images", name, "# I\n\n![picture](images/%s)\n" % file, files={"images/" + file: data},
         outside={"outside/secret.png": png(1, 1)}, exit=1,
         stderr=["01.md:3:1: error: image 'images/%s' %s" % (file, message)])
case("images", "html-image-javascript", "# I\n\n<img src=\"javascript:alert(1)\" alt=\"x\">\n",
     exit=1, stderr=["01.md:3: error: image 'javascript:alert(1)' is not a file in the series"])
case("images", "cover-truncated", "# C\n", yaml=YAML + "cover: cover.png\n",
     files={"cover.png": png(10, 10)[:40]}, exit=1,
     stderr=["series.yaml:3: error: cover 'cover.png' is a truncated or damaged PNG file"])

# Encodings: handled, or an error naming the line and column.
case("encoding", "control-characters",
     "---\ntitle: \"Ctl \\x01 \\u000b\"\ndescription: \"\\uFFFE\"\n---\n"
     "C0 \x01 \x08 \x0b \x0c \x1f, &#1; &#x0B; &#xFFFE; \ufffe \uffff in text, "
     "<span title=\"&#1;\">raw &#2;</span>, [link](http://example.org/%01 \"t\x02\")\n\n"
     "```c\nchar c = '\x01';\n```\n",
     yaml="title: \"T\\x01\"\nauthor: \"A\\x0b\"\ndescription: \"\\uFFFE\"\n", epubcheck=True)
case("encoding", "bom-crlf-cr",
     "\ufeff---\r\ntitle: CRLF front matter\r\n---\r\nText\r\nmore\r\n",
     "# CR only\r\rText\rmore\r", yaml="\ufefftitle: T\r\nauthor: A\r\n",
     no_stderr=["warning"], contains=["CRLF front matter", "CR only"])
case("encoding", "invalid-utf8-chapter", b"# T\n\nok \xe2\x82 bad\n", exit=1,
     stderr=["01.md:3:4: error: invalid UTF-8"])
case("encoding", "invalid-utf8-front-matter", b"---\ntitle: \xff\n---\n# T\n", exit=1,
     stderr=["01.md:2:8: error: invalid UTF-8"])
case("encoding", "overlong-and-surrogate", b"# T\n\n\xc0\xaf and \xed\xa0\x80\n", exit=1,
     stderr=["01.md:3:1: error: invalid UTF-8"])
case("encoding", "invalid-utf8-series-yaml", "# T\n", yaml=b"title: T\nauthor: \xc3\x28\n",
     exit=1, stderr=["series.yaml:2:9: error: invalid UTF-8"])
case("encoding", "nul-series-yaml", "# T\n", yaml=b"title: T\x00\nauthor: A\n", exit=1,
     stderr=["series.yaml:1:9: error: invalid UTF-8"])
case("encoding", "utf16-le-chapter", b"\xff\xfe" + "# T\n".encode("utf-16-le"),
     exit=1, stderr=["01.md:1:1: error: file is UTF-16; save it as UTF-8"])
case("encoding", "utf16-be-chapter", b"\xfe\xff" + "# T\n".encode("utf-16-be"), exit=1,
     stderr=["01.md:1:1: error: file is UTF-16; save it as UTF-8"])
case("encoding", "utf16-no-bom-chapter", "# T\n".encode("utf-16-le"), exit=1,
     stderr=["01.md:1:1: error: file looks like UTF-16 without a byte-order mark"])
case("encoding", "utf16-series-yaml", "# T\n", yaml=YAML.encode("utf-16"), exit=1,
     stderr=["series.yaml:1:1: error: file is UTF-16; save it as UTF-8"])

# Paths (beyond tests/cases/image-*, chapter-symlink-out): every way out is
# an error for images, chapters and the cover, and plain text for links.
SECRET = {"outside/secret.png": png(1, 1), "outside/x.md": "# X\n",
          "outside/series.yaml": YAML}
OUT = "leads outside the series folder"
case("paths", "image-folder-symlink", "# I\n\n![x](images/secret.png)\n", outside=SECRET,
     links={"images": "../outside"}, exit=1,
     stderr=["01.md:3:1: error: image 'images/secret.png' " + OUT])
case("paths", "image-percent-slash", "# I\n\n![x](images%2f..%2f..%2foutside%2fsecret.png)\n",
     outside=SECRET, exit=1, stderr=["error: image 'images%2f..%2f..%2foutside%2fsecret.png' "
                                     "leaves the series folder"])
case("paths", "image-backslash", "# I\n\n![x](..\\outside\\secret.png)\n", outside=SECRET,
     exit=1, stderr=["is not valid"])
case("paths", "image-sibling-prefix", "# I\n\n![x](../paths-image-sibling-prefix-private/s.png)\n",
     outside={"paths-image-sibling-prefix-private/s.png": png(1, 1)}, exit=1,
     stderr=["leaves the series folder"])
case("paths", "chapter-folder-symlink", "# A\n", yaml=YAML + "chapters: [01.md, part/x.md]\n",
     outside=SECRET, links={"part": "../outside"}, exit=1,
     stderr=["series.yaml:3:19: error: chapter 'part/x.md' " + OUT])
case("paths", "chapter-dotdot", "# A\n", yaml=YAML + "chapters: [../outside/x.md]\n",
     outside=SECRET, exit=1, stderr=["is outside the series folder"])
case("paths", "chapter-absolute", "# A\n", yaml=YAML + "chapters: [/etc/hostname]\n", exit=1,
     stderr=["is outside the series folder"])
case("paths", "chapter-file-url", "# A\n", yaml=YAML + "chapters: ['file:///etc/hostname']\n",
     exit=1, stderr=["is outside the series folder"])
case("paths", "chapter-percent", "# A\n", yaml=YAML + "chapters: ['%2e%2e/outside/x.md']\n",
     outside=SECRET, exit=1, stderr=["is outside the series folder"])
case("paths", "chapter-sibling-prefix", "# A\n",
     yaml=YAML + "chapters: [../paths-chapter-sibling-prefix-private/x.md]\n",
     outside={"paths-chapter-sibling-prefix-private/x.md": "# X\n"}, exit=1,
     stderr=["is outside the series folder"])
case("paths", "chapter-symlink-sibling-prefix", "# A\n", yaml=YAML + "chapters: [01.md, x.md]\n",
     outside={"paths-chapter-symlink-sibling-prefix-private/x.md": "# X\n"},
     links={"x.md": "../paths-chapter-symlink-sibling-prefix-private/x.md"}, exit=1,
     stderr=["chapter 'x.md' " + OUT])
case("paths", "cover-dotdot", "# A\n", yaml=YAML + "cover: ../outside/secret.png\n",
     outside=SECRET, exit=1, stderr=["series.yaml:3: error: cover '../outside/secret.png' is "
                                     "outside the series folder"])
case("paths", "cover-absolute", "# A\n", yaml=YAML + "cover: /etc/passwd\n", exit=1,
     stderr=["cover '/etc/passwd' is outside the series folder"])
case("paths", "cover-symlink", "# A\n", yaml=YAML + "cover: c.png\n", outside=SECRET,
     links={"c.png": "../outside/secret.png"}, exit=1, stderr=["cover 'c.png' " + OUT])
case("paths", "cover-file-url", "# A\n", yaml=YAML + "cover: file:///etc/passwd\n", exit=1,
     stderr=["cover 'file:///etc/passwd' is outside the series folder"])
case("paths", "series-yaml-symlink", "# A\n", outside=SECRET,
     links={"series.yaml": "../outside/series.yaml"}, exit=1, stderr=["series.yaml " + OUT])
case("paths", "links-outside",
     "# Links\n\n[a](../paths-links-outside-private/x.md) [b](/etc/passwd) "
     "[c](file:///etc/passwd) [d](%2e%2e/%2e%2e/etc/passwd) [e](outlink/x.md) [f](02.md)\n\n"
     "[g](javascript:alert(1)) [h](JaVaScRiPt:alert(1)) [i](vbscript:x) "
     "[j](data:text/html;base64,PHNjcmlwdD4=) [k](jav&#x61;script:alert(1))\n\n"
     "<a href=\"javascript:alert(1)\">l</a> <a href=\"file:///etc/passwd\">m</a> "
     "<a href=\"../../etc/passwd\">n</a>\n",
     "# Two\n", outside={"paths-links-outside-private/x.md": "# X\n", **SECRET},
     links={"outlink": "../outside"}, epubcheck=True,
     stderr=["link to '../paths-links-outside-private/x.md' leaves the series folder",
             "link to '/etc/passwd' leaves the series folder",
             "link with unsafe or local scheme 'file:' dropped",
             "link to '%2e%2e/%2e%2e/etc/passwd' leaves the series folder",
             "link to 'outlink/x.md', which is not a chapter",
             "link with unsafe or local scheme 'javascript:' dropped",
             "link with unsafe or local scheme 'vbscript:' dropped",
             "link with unsafe or local scheme 'data:' dropped"],
     absent=["javascript:", "vbscript:", "file:", "etc/passwd", "data:"])

# Raw HTML that must be dropped or repaired, leaving well-formed XHTML that
# EPUBCheck accepts.
case("html", "dropped-and-repaired",
     "# Active content\n\n<script>alert(1)</script>\n\n<style>@import url(x.css)</style>\n\n"
     "<iframe src=\"https://example.org\"></iframe><frameset></frameset>\n\n"
     "<object data=\"x.swf\"><embed src=\"x.swf\"></object>\n\n"
     "<form action=\"/x\"><input name=q><button onclick=\"x()\">Go</button><select><option>1"
     "</select><textarea>t</textarea></form>\n\n<noscript>n</noscript><template>t</template>"
     "\n\n<base href=\"http://example.org/\"><meta http-equiv=\"refresh\" content=\"0;url=x\">"
     "<link rel=\"stylesheet\" href=\"x.css\">\n\n<svg><script>alert(1)</script></svg> "
     "<math><mi>x</mi></math> <video src=\"x\"></video> <audio src=x></audio> <canvas></canvas>\n",
     "# Handlers and attributes\n\n<div onclick=\"x()\" ONMOUSEOVER=\"y()\" style=\"color:red\" "
     "class=\"c\" data-x:y=\"1\" xmlns:evil=\"urn:x\" xml:lang=\"fr\" aria-label=\"a\">"
     "text</div>\n\n"
     "<p>Image <img src=\"images/ok.svg\" onerror=\"x()\" alt=\"ok\"> and "
     "<a href=\"#top\" onclick=\"x()\" target=\"_blank\">link</a></p>\n\n"
     "<span id=\"dup\">a</span> <span id=\"dup\">b</span> <span id=\"fn.1\">c</span> "
     "<span id=\"has space\">d</span>\n",
     "# Broken markup\n\n<p>Unclosed <em>emphasis and <strong>strong\n\n"
     "<b><i>misnested</b></i> and stray </div></span> end tags\n\n"
     "<span><p>block in inline</p></span> <li>item outside a list</li> <td>cell outside</td>\n\n"
     "<table><tr><td>a<td>b<tr><th>c</table> <dl><dd>d</dl> <ul><p>p in ul</p></ul>\n\n"
     "<!-- comment --> <![CDATA[cdata]]> <?php echo 1 ?> &bogus; &#0; &#x110000;\n\n"
     "<details><summary>S</summary><details><summary>T</summary>x</details></details>\n\n"
     "<div><div><div>unclosed divs\n",
     # what EPUBCheck rejected in the fuzzers' corpus (tests/fuzz/epubcheck_corpus.py)
     "---\ntitle: \"  \"\n---\n## \n\n##\n\n<details><p>no summary</p></details> "
     "<details>text first<summary>S</summary></details> <details><summary>S<p>p</p></summary>"
     "</details>\n\n<dl><dd>dd first</dd></dl> <dl><dt>dt last</dt></dl> <ul><p>p in ul</p></ul>\n\n"
     "<table>text in table<tr><td>x</td></tr></table> <table><thead><tr><th>h</th></tr>text"
     "</thead></table> <table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr>"
     "</tbody></table>\n\n<table><tr><td colspan=\"x\" rowspan=\"99999\">c</td>"
     "<th scope=\"bogus\">h</th></tr></table> <span dir=\"up\" lang=\"!!\" aria-beall=\"1\" "
     "aria-hidden=\"maybe\">s</span> <time datetime=\"yesterday\">t</time>\n\n"
     "<span id=\"a&lt;b\">i</span> <span id=\"q&quot;r\">j</span> <h2 id=\"p&lt;/x\">Raw id</h2>"
     " [to raw](#a<b)\n\n<sup class=\"footnote-ref\">9</sup> <sup class=\"footnote-ref\">"
     "2000000000</sup> <sup class=\"footnote-ref\">x</sup> &#xFFFE; &#xFFFF; text\n\n"
     "### Heading &#xFFFE; with &#1; odd characters\n\n[host](https://example.org%3Ex/) "
     "[tick](https://example.org/`a`) [quote](<https://example.org/\"a b\">) "
     "[port](http://example.org:80x/) [v6](http://[::1]:8080/a) ![remote](https://exa mple/x.png)\n",
     files={"images/ok.svg": svg('<rect width="5" height="5"/>')}, no_stderr=[": error:"],
     epubcheck=True,
     stderr=["01.md:3: warning: raw HTML: <script> dropped",
             "01.md:11: warning: raw HTML: <form> dropped",
             "02.md:3: warning: raw HTML: event-handler attribute 'onclick' on <div> dropped",
             "02.md:3: warning: raw HTML: unsupported attribute 'style' on <div> dropped",
             "03.md:3: warning: raw HTML is malformed"],
     absent=["<script", "onclick", "<iframe", "<form", "javascript:", "style="])

# cmark's own pathological inputs (cmark/test/pathological_tests.py), with
# GFM's extensions switched on as octavo does.
CMARK = {  # made when the case runs, so the runner stays small
    "emph-closers": lambda: "a_ " * 65000,
    "emph-openers": lambda: "_a " * 65000,
    "emph-3-openers": lambda: "a***" * 65000,
    "link-closers": lambda: "a]" * 65000,
    "link-openers": lambda: "[a" * 65000,
    "mismatched-openers": lambda: "*a_ " * 50000,
    "openers-multiple-of-3": lambda: "a**b" + "c* " * 50000,
    "link-openers-emph-closers": lambda: "[ a_" * 50000,
    "paren-bracket": lambda: "[ (](" * 80000,
    "backticks": lambda: "".join("e" + "`" * i for i in range(1, 5000)),
    "unclosed-links-a": lambda: "[a](<b" * 30000,
    "unclosed-links-b": lambda: "[a](b" * 30000,
    "unclosed-comments": lambda: "</" + "<!--" * 300000,
    "underscores": lambda: "_" * 100000,
    "autolink-at": lambda: "a@" * 100000 + "b.com",
    "autolink-www": lambda: "www." * 100000,
    "strikethrough": lambda: "~~a " * 65000,
    "footnote-refs-undefined": lambda: "[^a] " * 100000,
    "footnote-chain": lambda: "[^1]\n\n" + "".join("[^%d]: see [^%d]\n" % (i, i + 1)
                                          for i in range(1, 20000)),
    "task-lists": lambda: "- [ ] a\n" * 100000,
    "html-open-tags": lambda: "<a " * 100000,
    "html-many-attributes": lambda: "x <span " + "a=b " * 100000 + ">y</span>",
    "table-500-columns-rows": lambda: "|" + "a|" * 500 + "\n|" + "-|" * 500 + "\n" +
                              ("|" + "b|" * 500 + "\n") * 300,
}
# backticks is 12.5 MB of inline code: shaping it costs 9.4–10.7 s of CPU,
# linearly (perf: Pango's script iterator, octavo's KP items, HarfBuzz; no
# hot spot), at 60c5257 as now; 10 s failed a fresh-clone CI run. The limit
# guards against a hang or a quadratic path, not this.
CMARK_SECONDS = {"backticks": 25}
for name, body in CMARK.items():
    case("cmark", name, (lambda body=body: "# T\n\n" + body() + "\n"),
         **({"seconds": CMARK_SECONDS[name]} if name in CMARK_SECONDS else {}))
# Quadratic in Debian 12's cmark-gfm 0.29.0.gfm.6, fixed upstream: skipped
# (and reported) when the installed version is older than the fix.
case("cmark-upstream", "image-brackets", lambda: "# T\n\n" + "![[]()" * 160000 + "\n",
     upstream=("0.29.0.gfm.7", "CVE-2023-22486, quadratic handle_close_bracket"))
case("cmark-upstream", "table-rows-wider-than-header", lambda: "# T\n\n|" + "a|" * 10 + "\n|" +
     "-|" * 10 + "\n" + ("|" + "b|" * 3000 + "\n") * 300,
     upstream=("0.29.0.gfm.7", "CVE-2023-22483, quadratic cmark_llist_append in tables"))


# ---- the manifest: bounded, every wrong value an error that fails the build ----
# (also chapter front matter, which goes through the same YAML loader)

def laughs(levels, width=10):
    """YAML's billion laughs: each anchor a list of `width` uses of the one before."""
    y = YAML + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels):
        y += "l%d: &l%d [%s]\n" % (i, i, ", ".join(["*l%d" % (i - 1)] * width))
    return y


ALIASES = "aliases expand to too much"
DEEP = "nested more than 32 levels deep"
case("manifest", "alias-laughs", "# A\n", yaml=laughs(9) + "tags: *l8\n", exit=1,
     stderr=["series.yaml:6:", ALIASES], seconds=1)
case("manifest", "alias-laughs-unused", "# A\n", yaml=laughs(9), exit=1,
     stderr=["series.yaml:", ALIASES], seconds=1)
# one 64 KiB scalar used 100,000 times (the 320 KB manifest that took a gigabyte)
case("manifest", "alias-big-scalar", "# A\n",
     yaml=lambda: YAML + "s: &s " + "x" * 65536 + "\ntags: [" + ", ".join(["*s"] * 100000) + "]\n",
     exit=1, stderr=["series.yaml:4:", ALIASES], seconds=1)
case("manifest", "alias-chapters", "# A\n",
     yaml=lambda: YAML + "c: &c [01.md]\nchapters: [" + ", ".join(["*c"] * 20000) + "]\n",
     exit=1, stderr=["series.yaml:4:", ALIASES], seconds=1)
case("manifest", "alias-a-few-fine", "# A\n",
     yaml="title: &t A title\nauthor: &a Ann\npublisher: *a\ndescription: *t\n")
case("manifest", "nesting-flow-100k", "# A\n",
     yaml=lambda: YAML + "x: " + "[" * 100000 + "]" * 100000 + "\n",
     exit=1, stderr=["series.yaml:3:", DEEP], seconds=1)
case("manifest", "nesting-flow-unclosed", "# A\n", yaml=lambda: YAML + "x: " + "{a: " * 100000,
     exit=1, stderr=["series.yaml:3:", DEEP], seconds=1)
case("manifest", "nesting-block-1000", "# A\n",
     yaml=lambda: YAML + "x:\n" + "".join("  " * i + "- \n" for i in range(1, 1000)),
     exit=1, stderr=["series.yaml:", DEEP], seconds=1)
case("manifest", "front-matter-laughs",
     "---\n" + laughs(9)[len(YAML):] + "tags: *l8\n---\n# A\n", exit=1,
     stderr=["01.md:5:", ALIASES], seconds=1)
case("manifest", "front-matter-deep", lambda: "---\nx: " + "[" * 100000 + "\n---\n# A\n",
     exit=1, stderr=["01.md:2:", DEEP], seconds=1)
# a wrong type for any key fails the build (a chapter title as a list exited 0)
for key in ("title", "subtitle", "author", "language", "identifier", "edition", "date",
            "publisher", "rights", "description", "tags", "cover", "chapters", "credits",
            "level", "page-size"):
    case("manifest", "type-%s-mapping" % key, "# A\n",
         yaml=("title: T\n" if key != "title" else "") +
              ("author: A\n" if key != "author" else "") + "%s: {a: b}\n" % key,
         exit=1, stderr=["series.yaml:"])
case("manifest", "chapter-title-list", "# A\n",
     yaml=YAML + "chapters:\n  - file: 01.md\n    title: [a, b]\n", exit=1,
     stderr=["series.yaml:5:12: error: 'title' must be a string"])
case("manifest", "chapter-title-list-strict", "# A\n",
     yaml=YAML + "chapters:\n  - file: 01.md\n    title: [a, b]\n", exit=1, args=["--strict"],
     stderr=["series.yaml:5:12: error: 'title' must be a string"])
case("manifest", "chapter-file-list", "# A\n",
     yaml=YAML + "chapters:\n  - file: [01.md]\n", exit=1, stderr=["series.yaml:4:"])
case("manifest", "author-in-list-mapping", "# A\n",
     yaml="title: T\nauthors: [A, {b: c}]\n", exit=1, stderr=["series.yaml:2:"])
case("manifest", "front-matter-title-list", "---\ntitle: [a, b]\n---\n# A\n", exit=1,
     stderr=["01.md:2:"])
# dates: exactly YYYY-MM-DD, a four-digit year the package document carries
for name, date in (("plus-month", "2024-+1-01"), ("short-month", "2024-1-01"),
                   ("five-digit-year", "02024-01-01"), ("trailing", "2024-01-01x"),
                   ("spaces", "'2024-01- 1'"), ("year-zero", "0000-01-01"),
                   ("day-zero", "2024-01-00"), ("not-leap", "2100-02-29"),
                   ("with-time", "2024-01-01T10:00:00Z")):
    case("manifest", "date-" + name, "# A\n", yaml=YAML + "date: %s\n" % date, exit=1,
         stderr=["series.yaml:3: error: date"])
case("manifest", "date-year-1", "# A\n", yaml=YAML + "date: 0001-01-01\n",
     env={"SOURCE_DATE_EPOCH": None}, epubcheck=True)
case("manifest", "date-year-9999", "# A\n", yaml=YAML + "date: 9999-12-31\n",
     env={"SOURCE_DATE_EPOCH": None}, epubcheck=True)
# editions: a short version string of safe characters
case("manifest", "edition-nul", "# A\n", yaml=YAML + 'edition: "1.0\\0/../../x"\n', exit=1,
     stderr=["series.yaml:3:10: error: 'edition' holds a NUL character"])
case("manifest", "edition-long", "# A\n", yaml=YAML + "edition: %s\n" % ("1" * 300), exit=1,
     stderr=["series.yaml:3: error: edition"])
case("manifest", "edition-65", "# A\n", yaml=YAML + "edition: %s\n" % ("1" * 65), exit=1,
     stderr=["series.yaml:3: error: edition"])
case("manifest", "edition-dot", "# A\n", yaml=YAML + "edition: .hidden\n", exit=1,
     stderr=["series.yaml:3: error: edition"])
case("manifest", "edition-slash", "# A\n", yaml=YAML + "edition: 1/2\n", exit=1,
     stderr=["series.yaml:3: error: edition"])
case("manifest", "title-nul", "# A\n", yaml='title: "T\\0hidden"\nauthor: A\n', exit=1,
     stderr=["series.yaml:1:8: error: 'title' holds a NUL character"])


# ---- diagnostics: what they quote from input is escaped, one line each -------
SPOOF = "a\nfake.md:1: error: spoofed\nz.md"
case("encoding", "diagnostic-spoof-file-name",
     yaml=YAML + 'chapters: ["a\\nfake.md:1: error: spoofed\\nz.md"]\n',
     files={SPOOF: "# A\n\n[x](#nope-\x1b]52;c;ZXZpbA==\x07-\u202eevil)\n"},
     stderr=["a\\nfake.md:1: error: spoofed\\nz.md:3:1: warning: link to "
             "'#nope-\\u{1B}]52;c;ZXZpbA==\\u{7}-\\u{202E}evil'"],
     no_stderr=["\x1b", "\x07", "\u202e", "\nfake.md:1: error: spoofed"])

# ---- linear: what grows with the number of chapters or diagnostics -----------

def broken_anchors(first, second, n):
    """Two chapters with n/2 links each to anchors the other lacks: n warnings,
    listed in series.yaml in the order given (diagnostics arrive reversed when
    the later file comes first)."""
    half = n // 2
    return dict(
        yaml=YAML + "chapters: [%s, %s]\n" % (first, second),
        files={"01.md": lambda: "# One\n\n" + "".join("[a](02.md#nope-%d)\n" % i
                                                       for i in range(half)),
               "02.md": lambda: "# Two\n\n" + "".join("[b](01.md#nope-%d)\n" % i
                                                       for i in range(half))})


BROKEN = "no heading or anchor"
case("linear", "anchors-100k-in-order", stderr=[BROKEN], seconds=20, mb=1024,
     **broken_anchors("01.md", "02.md", 100000))
case("linear", "anchors-100k-reversed", stderr=[BROKEN], seconds=20, mb=1024,
     **broken_anchors("02.md", "01.md", 100000))
# 100,000 chapters, each listed twice: 100,000 "listed twice" errors, found
# by a hash set (a scan of every earlier chapter took 24 s)
CHAPTERS = ["c%06d.md" % i for i in range(100000)]
case("linear", "chapters-100k-twice",
     yaml=lambda: YAML + "chapters:\n" + "".join("  - %s\n" % c for c in CHAPTERS * 2),
     files={c: "# C\n" for c in CHAPTERS}, exit=1, stderr=["is listed twice"], seconds=10,
     mb=1024)

# ---- SVG: embedded only after an allow-list pass; anything else refuses it ---
# The bypass families of the old deny-list: url() in any attribute, case and
# CSS escapes; animation that rewrites a link; foreignObject; nested data:
# documents; namespaces; xml:base. (Also tests/fuzz/corpus/svg.)

def b64(data):
    return base64.b64encode(data).decode()


OUT = "refers to something outside it"
NESTED_SVG = svg('<script>alert(1)</script>')
SVG_BYPASSES = [
    ("fill-url", '<rect fill="url(http://example.org/p.svg#g)" width="5" height="5"/>', OUT),
    ("stroke-url-upper", '<rect stroke="URL(other.svg#g)" width="5" height="5"/>', OUT),
    ("filter-url", '<rect filter="url(\'f.svg#blur\')" width="5" height="5"/>', OUT),
    ("mask-url", '<rect mask="Url( other.svg#m )" width="5" height="5"/>', OUT),
    ("marker-url", '<path marker-end="url(m.svg#a)" d="M0 0L5 5"/>', OUT),
    ("clip-path-url", '<rect clip-path="url(x.svg#c)" width="5" height="5"/>', OUT),
    ("style-url-mixed-case", '<rect style="fill: uRl(x.svg#p)" width="5" height="5"/>', OUT),
    ("style-url-escaped", '<rect style="fill: \\75 rl(x.svg#p)" width="5" height="5"/>', OUT),
    ("style-url-escaped-6", '<rect style="fill: \\000075\\000072l(x.svg)" width="5"/>', OUT),
    ("style-url-escaped-char", '<rect style="fill: u\\rl(x.svg)" width="5"/>', OUT),
    ("style-url-comment", '<rect style="fill: u/**/rl(x.svg)" width="5"/>',
     "uses the CSS function 'rl()'"),
    ("style-element-escaped", '<style>rect { fill: \\55 RL(http://x.org/a.svg#p) }</style>'
     '<rect width="5" height="5"/>', OUT),
    ("style-element-cdata", '<style><![CDATA[rect { fill: url(x.svg#p) }]]></style><rect/>', OUT),
    ("style-image-set", '<style>rect { fill: image-set("x.png" 1x) }</style><rect/>',
     "uses the CSS function 'image-set()'"),
    ("style-font-face", '<style>@font-face { font-family: x; src: local(x) }</style>',
     "has a CSS rule '@font-face'"),
    ("style-import-escaped", '<style>@\\69mport "x.css";</style>', "loads an external stylesheet"),
    ("style-javascript", '<rect style="fill: red; background: javascript:alert(1)"/>',
     "uses the CSS function 'alert()'"),
    ("style-javascript-bare", '<style>rect { background: javascript:x }</style><rect/>',
     "has CSS that can run code"),
    ("style-url-data", '<rect style="fill: url(data:image/svg+xml;base64,%s)"/>' % b64(NESTED_SVG),
     OUT),
    ("set-href-javascript", '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/>'
     '<title>x</title><rect id="x" width="5" height="5"/></a>', "animates the attribute 'href'"),
    ("set-xlink-href", '<a xlink:href="#x" xlink:title="x"><set attributeName="xlink:href" '
     'to="http://example.org/"/><rect id="x" width="5" height="5"/></a>',
     "animates the attribute 'xlink:href'"),
    ("animate-href-values", '<use href="#g"><animate attributeName="href" '
     'values="#g;other.svg#g" dur="1s"/></use><g id="g"/>', "animates the attribute 'href'"),
    ("animate-fill-url", '<rect width="5" height="5"><animate attributeName="fill" '
     'to="url(http://example.org/p.svg#g)" dur="1s"/></rect>', OUT),
    ("set-onload", '<rect width="5"><set attributeName="onclick" to="alert(1)"/></rect>',
     "animates the attribute 'onclick'"),
    ("set-style", '<rect width="5"><set attributeName="style" to="fill:url(x.svg)"/></rect>',
     "animates the attribute 'style'"),
    ("foreign-object-iframe", '<foreignObject width="20" height="20"><iframe '
     'xmlns="http://www.w3.org/1999/xhtml" src="http://example.org/"/></foreignObject>',
     "has the element <foreignObject>"),
    ("foreign-object-object", '<foreignObject width="20" height="20"><body '
     'xmlns="http://www.w3.org/1999/xhtml"><object data="x.swf"/></body></foreignObject>',
     "has the element <foreignObject>"),
    ("xhtml-element", '<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="http://x.org/"/>',
     "has the element <iframe> outside the SVG namespace"),
    ("script-other-namespace", '<x:script xmlns:x="http://example.org/">alert(1)</x:script>',
     "holds a script"),
    ("image-data-svg", '<image href="data:image/svg+xml;base64,%s" width="5" height="5"/>'
     % b64(NESTED_SVG), OUT),
    ("image-data-svg-as-png", '<image href="data:image/png;base64,%s" width="5" height="5"/>'
     % b64(NESTED_SVG), OUT),
    ("image-data-html", '<image href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>',
     OUT),
    ("use-data", '<use href="data:image/svg+xml,%%3Csvg%%3E%%3C/svg%%3E#x"/>', OUT),
    ("a-javascript", '<a href="javascript:alert(1)"><title>t</title><rect width="5"/></a>', OUT),
    ("a-xlink-javascript", '<a xlink:href=" javascript:alert(1)" xlink:title="t"><rect/></a>',
     OUT),
    ("a-no-title", '<a href="#r"><rect id="r" width="5"/></a>', "has a link (<a>) without a title"),
    ("href-space-fragment", '<use href=" #g"/><g id="g"/>', OUT),
    ("use-external", '<use href="other.svg#g"/>', OUT),
    ("fe-image", '<filter id="f"><feImage href="http://example.org/x.png"/></filter>',
     "has the element <feImage>"),
    ("xml-base", '<g xml:base="http://example.org/"><use href="#g"/></g>',
     "has the attribute 'xml:base'"),
    ("handler-uppercase", '<rect ONCLICK="alert(1)" width="5"/>', "holds a script"),
    ("handler-namespaced", '<rect xmlns:ev="http://www.w3.org/2001/xml-events" '
     'ev:event="click" width="5"/>', "has the attribute 'event' in the namespace"),
    ("unknown-attribute", '<rect src="http://example.org/x.png" width="5"/>',
     "has the attribute 'src'"),
    ("processing-instruction", '<?php echo 1; ?><rect/>', "has a processing instruction"),
    ("tref", '<text><tref href="other.svg#t"/></text>', "has the element <tref>"),
    ("cursor", '<cursor href="http://example.org/c.png"/>', "has the element <cursor>"),
]
for name, body, message in SVG_BYPASSES:
    case("svg", name, "# I\n\n![picture](images/x.svg)\n", files={"images/x.svg": svg(body)},
         exit=1, stderr=["01.md:3:1: error: image 'images/x.svg' %s" % message])

# What drawings use stays: gradients, patterns, filters, clip paths, markers,
# local url(#…) in every spelling, CSS with @media, animation of presentation,
# an editor's own namespaces and metadata, a raster image as a data: URI.
SVG_ALLOWED = svg(
    '<title>A drawing</title><desc>Every allowed family</desc>'
    '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about=""/></rdf:RDF></metadata>'
    '<style>rect.a { fill: URL( "#grad" ); stroke: \\75 rl(#grad) }'
    ' @media (prefers-color-scheme: dark) { .a { opacity: 0.9 } }'
    ' g:not(.b) > rect:nth-child(2) { fill: rgb(10, 20, 30) }</style>'
    '<defs><linearGradient id="grad" gradientTransform="rotate(45)"><stop offset="0" '
    'stop-color="#fff"/><stop offset="1" style="stop-color: hsl(0, 50%%, 50%%)"/></linearGradient>'
    '<pattern id="pat" width="4" height="4" patternUnits="userSpaceOnUse">'
    '<circle cx="2" cy="2" r="1"/></pattern>'
    '<filter id="blur"><feGaussianBlur in="SourceGraphic" stdDeviation="0.5"/></filter>'
    '<clipPath id="clip"><rect width="10" height="10"/></clipPath>'
    '<marker id="m" markerWidth="2" markerHeight="2" refX="1" refY="1"><circle cx="1" cy="1" '
    'r="1"/></marker><g id="g"><rect class="a" width="5" height="5"/></g></defs>'
    '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:label="Layer" '
    'transform="translate(1 1) scale(0.5)" clip-path="url(#clip)" data-name="layer">'
    '<rect fill="url(#pat)" filter="url(\'#blur\')" width="8" height="8"/>'
    '<use href="#g"/><use xlink:href="#g" x="10"/>'
    '<path d="M0 0 L5 5" stroke="black" marker-end="url(#m)"/>'
    '<rect width="3" height="3" aria-label="A square (small)"><animate attributeName="opacity" '
    'from="0" to="1" dur="2s"/><set attributeName="fill" to="url(#grad)" begin="1s"/></rect>'
    '<image href="data:image/png;base64,%s" width="2" height="2"/>'
    '<a href="#g"><title>The group</title><text x="1" y="15" font-family="Noto Serif">Text (with brackets)</text></a>'
    '</g>' % b64(png(2, 2)))
case("svg", "allowed-families", "# I\n\n![A drawing](images/ok.svg)\n",
     files={"images/ok.svg": SVG_ALLOWED}, no_stderr=[": error:", ": warning:"], epubcheck=True)


# ---- image budget: bounded before decoding; too large for Cairo is scaled ----
BOMB = "more than the 50 megapixels octavo decodes"
case("budget", "png-declares-100k-square", "# I\n\n![bomb](images/x.png)\n",
     files={"images/x.png": png_declared(100000, 100000)}, exit=1,
     stderr=["01.md:3:1: error: image 'images/x.png' declares 100000 x 100000 pixels", BOMB],
     seconds=2)
case("budget", "png-bomb-20k-square", "# I\n\nText.\n\n![bomb](images/x.png)\n",
     files={"images/x.png": lambda: png(20000, 20000)}, exit=1,
     stderr=["01.md:5:1: error: image 'images/x.png' declares 20000 x 20000 pixels", BOMB],
     seconds=2, mb=128)
case("budget", "png-declares-zero", "# I\n\n![empty](images/x.png)\n",
     files={"images/x.png": png_declared(0, 10)}, exit=1,
     stderr=["01.md:3:1: error: image 'images/x.png' declares an empty picture"])
case("budget", "jpeg-declares-65k", "# I\n\n![bomb](images/x.jpg)\n",
     files={"images/x.jpg": jpeg_big(65000, 65000)[:2000] + b"\xff\xd9"}, exit=1,
     stderr=["01.md:3:1: error: image 'images/x.jpg' declares 65000 x 65000 pixels"])
case("budget", "cover-bomb", "# I\n", yaml=YAML + "cover: c.png\n",
     files={"c.png": png_declared(60000, 60000)}, exit=1,
     stderr=["series.yaml:3: error: cover 'c.png' declares 60000 x 60000 pixels"])
# past Cairo's 32,767 px: scaled down for the PDF, never dropped (the PDF
# showed the alt text, exit 0, no warning)
case("budget", "png-40000-wide", "# I\n\n![wide](images/w.png)\n\nInline ![w](images/w.png) too.\n",
     files={"images/w.png": png(40000, 3)}, no_stderr=[": error:", ": warning:"], pdf_images=1,
     epubcheck=True)
case("budget", "png-40000-tall", "# I\n\n![tall](images/t.png)\n",
     files={"images/t.png": png(3, 40000)}, no_stderr=[": error:", ": warning:"], pdf_images=1)
# a huge JPEG ended the build: "cannot draw the PDF: invalid matrix", and leaked
case("budget", "jpeg-40000-wide", "# I\n\n![wide](images/w.jpg)\n\nInline ![w](images/w.jpg).\n",
     files={"images/w.jpg": lambda: jpeg_big(40000, 1000)}, no_stderr=[": error:", ": warning:"],
     pdf_images=1, mb=1024, seconds=20, epubcheck=True)
# whole chunks, but pixels that do not decode: an error at the image's line
# (the figure was left blank, the inline image became its alt text, exit 0);
# under ASan this is the error path LeakSanitizer checks (the PDF's book
# leaked its setter when an image error stopped it)
def png_undecodable():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", b"not a zlib stream") + chunk(b"IEND", b""))


UNDECODABLE = png_undecodable()
case("budget", "png-undecodable-figure", "# I\n\nText.\n\n![bad](images/b.png)\n",
     files={"images/b.png": UNDECODABLE}, exit=1,
     stderr=["01.md:5: error: image 'images/b.png' cannot be decoded for the PDF"])
case("budget", "png-undecodable-inline", "# I\n\nText ![bad](images/b.png) inline.\n",
     files={"images/b.png": UNDECODABLE}, exit=1,
     stderr=["01.md:3: error: image 'images/b.png' cannot be decoded for the PDF"])
case("budget", "jpeg-60000-tall", "# I\n\n![tall](images/t.jpg)\n",
     files={"images/t.jpg": lambda: jpeg_big(16, 60000)}, no_stderr=[": error:", ": warning:"],
     pdf_images=1, mb=1024, seconds=20)


# ---- running a case -----------------------------------------------------------

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def xml_depth_problem(name, data):
    """None if data is well-formed XML at most MAX_XML_DEPTH deep."""
    depth = [0, 0]

    def start(tag, attrs):
        depth[0] += 1
        depth[1] = max(depth[1], depth[0])

    def end(tag):
        depth[0] -= 1

    p = xml.parsers.expat.ParserCreate(namespace_separator=" ")  # checks prefixes too
    p.StartElementHandler, p.EndElementHandler = start, end
    try:
        p.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        return "%s is not well-formed XML: %s" % (name, e)
    if depth[1] > MAX_XML_DEPTH:
        return "%s is %d elements deep (limit %d)" % (name, depth[1], MAX_XML_DEPTH)
    return None


def check_book(book, c, problems):
    try:
        z = zipfile.ZipFile(book)
    except zipfile.BadZipFile as e:
        problems.append("the EPUB is not a ZIP: %s" % e)
        return
    with z:
        names = z.namelist()
        if not names or names[0] != "mimetype" or z.getinfo("mimetype").compress_type != 0:
            problems.append("mimetype is not the first, stored entry")
        bad = z.testzip()
        if bad:
            problems.append("damaged entry %s" % bad)
        pages = b""
        for n in names:
            if n.endswith((".xhtml", ".opf", ".ncx", ".svg", ".xml")):
                data = z.read(n)
                problem = xml_depth_problem(n, data)
                if problem:
                    problems.append(problem)
                if n.endswith(".xhtml"):
                    pages += data
    for text in c.contains:
        if text.encode() not in pages:
            problems.append("the book lost %r" % text)
    for text in c.absent:
        if text.encode() in pages:
            problems.append("the book holds %r" % text)


def check_pdf(pdf, problems):
    """A whole PDF: the header, at least one page, and the end of a
    cross-reference table (what a reader looks for first). qpdf, pdffonts and
    pdftotext check the bundled and golden books in tests/pdf; here the
    inputs are too many and too big for them."""
    with open(pdf, "rb") as f:
        data = f.read()
    if not data.startswith(b"%PDF-1."):
        problems.append("the PDF does not start with a PDF header")
    elif not data.rstrip().endswith(b"%%EOF") or b"startxref" not in data[-64:]:
        problems.append("the PDF has no trailer: cut short?")
    elif not re.search(rb"/Type\s*/Page\b", data):
        problems.append("the PDF has no page")


def run_octavo(octavo, args, seconds, mb, sanitized, env_changes=None):
    """Runs octavo; returns (exit status or 'timeout', stderr, CPU seconds, peak MB).
    The limit is on CPU time, which a busy machine does not stretch as it does
    the wall clock; a run is killed after three times the limit on the clock."""
    def limit():
        if not sanitized:  # ASan reserves terabytes of address space
            import resource
            cap = mb * 2 * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    t0 = time.monotonic()
    env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1700000000")
    for k, v in (env_changes or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    p = subprocess.Popen([octavo] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         preexec_fn=limit, env=env)
    err = []
    reader = threading.Thread(target=lambda: err.append(p.stderr.read()))
    reader.start()
    status, usage = None, None
    deadline = t0 + 3 * seconds
    while status is None:
        pid, st, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
        elif time.monotonic() > deadline:
            p.kill()
            _, st, usage = os.wait4(p.pid, 0)
            status = "timeout"
        else:
            time.sleep(0.01)
    p.returncode = 0  # reaped above
    reader.join()
    cpu = usage.ru_utime + usage.ru_stime
    if cpu > seconds:
        status = "timeout"
    return status, err[0].decode("utf-8", "replace"), cpu, usage.ru_maxrss // 1024


def version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", v))


def cmark_version():
    try:
        return subprocess.run(["pkg-config", "--modversion", "libcmark-gfm"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def run_case(c, octavo, work, sanitized, epubcheck):
    root = os.path.join(work, c.name)
    shutil.rmtree(root, ignore_errors=True)
    slug = "%s-%s" % (c.group, c.name)
    series = os.path.join(root, slug)
    os.makedirs(series)
    for rel, data in c.files.items():
        if rel not in c.links:  # big texts are made here and dropped at once
            write(os.path.join(series, rel), data() if callable(data) else data)
    for rel, data in c.outside.items():
        write(os.path.join(root, rel), data)
    for rel, target in c.links.items():
        os.makedirs(os.path.dirname(os.path.join(series, rel)), exist_ok=True)
        os.symlink(target, os.path.join(series, rel))
    out = os.path.join(root, "out")
    os.makedirs(out)
    book = os.path.join(out, slug + "-1.0.0.epub")
    pdf = os.path.join(out, slug + "-1.0.0.pdf")
    books = [book] + ([pdf] if FORMAT == "all" else [])
    earlier = b"an earlier good book"
    for b in books:
        write(b, earlier)
    seconds = c.seconds * (SLOWDOWN if sanitized else 1)
    mb = c.mb * (MEMORY_FACTOR if sanitized else 1)
    status, err, secs, peak = run_octavo(octavo, ["build", series, "-o", out, "-f", FORMAT] +
                                         c.args, seconds, mb, sanitized, c.env)
    problems = []
    if status == "timeout":
        problems.append("took more than %d s of CPU time" % seconds)
    elif status != c.exit:
        problems.append("exit status %s, expected %d" % (status, c.exit))
    if peak > mb:
        problems.append("peak memory %d MB, limit %d MB" % (peak, mb))
    for s in c.stderr:
        if s not in err:
            problems.append("missing diagnostic: %s" % s)
    for s in c.no_stderr:
        if s in err:
            problems.append("unexpected diagnostic: %s" % s)
    for line in err.splitlines():
        if not re.search(r": (error|warning): |: \d+ error\(s\); nothing written$", line):
            problems.append("diagnostic not in file:line form: %s" % line[:200])
            break
    leftovers = [n for n in os.listdir(out) if n.startswith(".")]
    if leftovers:
        problems.append("temporary file left behind: %s" % leftovers[0])
    if status == 1 and c.exit == 1:
        for b in books:
            with open(b, "rb") as f:
                if f.read() != earlier:
                    problems.append("a failed build touched the earlier %s" % b[-4:])
        if len(os.listdir(out)) != len(books):
            problems.append("a failed build wrote a file")
    if status == 0 and c.exit == 0:
        check_book(book, c, problems)
        if FORMAT == "all":
            check_pdf(pdf, problems)
            if c.pdf_images:
                with open(pdf, "rb") as f:
                    n = f.read().count(b"/Subtype /Image")
                if n < c.pdf_images:
                    problems.append("the PDF holds %d image(s), expected %d" % (n, c.pdf_images))
        if c.epubcheck and epubcheck and not problems:
            r = subprocess.run(["bash", epubcheck, book], capture_output=True, text=True)
            if r.returncode != 0:
                problems.append("EPUBCheck: " + (r.stdout + r.stderr).strip()[-2000:])
    if not problems:
        shutil.rmtree(root, ignore_errors=True)  # big inputs: keep only failures
    return problems, secs, peak, err


# ---- strace: nothing outside the series is opened for reading ------------------

def allowed_outside(path, fonts):
    # /usr/share/hyphen/: Debian's hyphenation patterns for the book's language
    prefixes = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/share/zoneinfo/",
                "/usr/share/hyphen/",
                "/usr/share/locale/", "/proc/", "/sys/devices/system/cpu/", "/dev/")
    return (path in fonts or path.startswith(prefixes) or
            path in ("/etc/ld.so.cache", "/etc/ld.so.preload", "/etc/localtime"))


def run_strace(octavo, work, sanitized, fonts_list):
    """Two series full of references out of the folder (one that builds, with
    the links as plain text, and one that fails on its images, cover and an
    SVG's reference) under strace: every file octavo opens for reading must be
    inside the series, or be a font octavo embeds, or belong to the system."""
    shutil.rmtree(work, ignore_errors=True)
    fonts = set()
    with open(fonts_list) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(fields) >= 4:
                fonts.add(fields[3])
    decoys = {"outside/secret.png": png(1, 1), "outside/x.md": "# X\n",
              "strace-sibling-private/secret.png": png(1, 1)}
    builds = Case("strace", "builds",
                  ["# A\n\n[a](../outside/x.md) [b](/etc/passwd) [c](file:///etc/passwd) "
                   "[d](outlink/x.md) [e](../strace-sibling-private/secret.png) "
                   "[f](%2e%2e/outside/x.md) <a href=\"../../etc/shadow\">g</a>\n\n"
                   "![ok](images/ok.svg)\n"],
                  files={"images/ok.svg": svg('<rect width="5" height="5"/>')},
                  links={"outlink": "../outside"})
    fails = Case("strace", "fails",
                 ["# A\n\n![a](../outside/secret.png) ![b](/etc/passwd) "
                  "![c](file:///etc/passwd) ![d](images/link.png) ![e](outimg/secret.png) "
                  "![f](../strace-sibling-private/secret.png) ![g](%2e%2e/outside/secret.png) "
                  "![h](images/ext.svg) <img src=\"../../outside/secret.png\" alt=\"i\">\n"],
                 yaml=YAML + "cover: cover.png\n",
                 files={"images/ext.svg": svg('<image href="../../outside/secret.png"/>')},
                 links={"images/link.png": "../../outside/secret.png", "outimg": "../outside",
                        "cover.png": "../strace-sibling-private/secret.png"})
    # LeakSanitizer cannot run under ptrace; the other groups look for leaks
    strace_env = dict(os.environ, NO_COLOR="1",
                      ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    problems = []
    for c, want in ((builds, 0), (fails, 1)):
        root = os.path.join(work, c.name)
        series = os.path.join(root, "strace-sibling")
        for rel, data in c.files.items():
            if rel not in c.links:
                write(os.path.join(series, rel), data)
        for rel, data in decoys.items():
            write(os.path.join(root, rel), data)
        for rel, target in c.links.items():
            os.makedirs(os.path.dirname(os.path.join(series, rel)), exist_ok=True)
            os.symlink(target, os.path.join(series, rel))
        log = os.path.join(root, "strace.log")
        r = subprocess.run(["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,creat",
                            "-o", log, octavo, "build", series, "-o", os.path.join(root, "out"),
                            "-f", FORMAT], capture_output=True, text=True,
                           env=strace_env, timeout=60 * (SLOWDOWN if sanitized else 1))
        if r.returncode != want:
            problems.append("%s: exit status %d, expected %d\n%s" % (c.name, r.returncode, want,
                                                                    r.stderr[-1000:]))
        real_series = os.path.realpath(series) + "/"
        opened = 0
        with open(log) as f:
            for line in f:
                m = re.search(r'open(?:at2?)?\((?:AT_FDCWD, |\d+, )?"([^"]*)", ([A-Z_|]+)', line)
                if not m or "= -1" in line:
                    continue
                path, flags = m.group(1), m.group(2)
                if "O_WRONLY" in flags or "O_RDWR" in flags or "O_CREAT" in flags:
                    continue
                # the output folder itself, opened to fsync it after the renames
                if "O_DIRECTORY" in flags and \
                        os.path.realpath(path) == os.path.realpath(os.path.join(root, "out")):
                    continue
                opened += 1
                real = os.path.realpath(path)
                if real.startswith(real_series) or real == real_series[:-1]:
                    continue
                if not allowed_outside(path, fonts) and not allowed_outside(real, fonts):
                    problems.append("%s: opened %s (%s) for reading" % (c.name, path, flags))
        if opened == 0:
            problems.append("%s: strace saw no open at all" % c.name)
    if not problems:
        shutil.rmtree(work, ignore_errors=True)
    return problems


# ---- two builds of one series at once ------------------------------------------

def run_concurrent(octavo, work, sanitized, rounds=6):
    """Two builds of the same series into the same folder, again and again,
    while a reader keeps opening the books: whenever a file exists it is a
    whole EPUB or PDF; afterwards no temporary file is left."""
    shutil.rmtree(work, ignore_errors=True)
    series = os.path.join(work, "concurrent")
    write(os.path.join(series, "series.yaml"), YAML)
    for i in range(8):
        write(os.path.join(series, "%02d.md" % i), "# Chapter %d\n\n" % i +
              "Some text with *emphasis*. " * 3000 + "\n\n```python\nx = 1\n```\n")
    out = os.path.join(work, "out")
    book = os.path.join(out, "concurrent-1.0.0.epub")
    pdf = os.path.join(out, "concurrent-1.0.0.pdf")
    books = [book] + ([pdf] if FORMAT == "all" else [])
    problems, seen, stop = [], [0], threading.Event()

    def whole(path, data):
        if path == book:
            return data.startswith(b"PK") and b"PK\x05\x06" in data[-100:]
        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")

    def reader():
        while not stop.is_set():
            for path in books:
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    continue
                seen[0] += 1
                if not whole(path, data):
                    problems.append("a reader saw a partial %s (%d bytes)" % (path[-4:],
                                                                              len(data)))
                    stop.set()
    t = threading.Thread(target=reader)
    t.start()
    env = dict(os.environ, NO_COLOR="1")
    try:
        for _ in range(rounds):
            procs = [subprocess.Popen([octavo, "build", series, "-o", out, "-f", FORMAT, "-q"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
                     for _ in range(2)]
            for p in procs:
                _, err = p.communicate(timeout=60 * (SLOWDOWN if sanitized else 1))
                if p.returncode != 0:
                    problems.append("a build failed: " + err.decode()[-500:])
            if problems:
                break
    finally:
        stop.set()
        t.join()
    if not all(os.path.exists(b) for b in books):
        problems.append("no book written")
    else:
        c = Case("concurrent", "final", [])
        check_book(book, c, problems)
        if FORMAT == "all":
            check_pdf(pdf, problems)
    names = [os.path.basename(b) for b in books]
    left = [n for n in os.listdir(out) if n not in names] if os.path.isdir(out) else []
    if left:
        problems.append("left behind: %s" % ", ".join(left))
    if seen[0] == 0:
        problems.append("the reader never saw the book")
    if not problems:
        shutil.rmtree(work, ignore_errors=True)
    return problems


# ---- one transaction per series: all books replaced, or none ------------------

def run_transaction(octavo, work, sanitized):
    """The books of a series are replaced together or not at all: a PDF name
    held by a folder, a disk that fills after the EPUB (injected with
    OCTAVO_TEST_FAIL_WRITE, and a real small tmpfs when the suite may mount
    one), SIGTERM, SIGINT and SIGHUP in the middle of writing
    (OCTAVO_TEST_PAUSE_WRITE holds the build after its first temporary file).
    Each time: exit 1 (or death by the signal), the earlier EPUB and PDF back
    byte for byte, no temporary file left, the reason said. Also the command
    line: two series with one output name, and "--"."""
    shutil.rmtree(work, ignore_errors=True)
    series = os.path.join(work, "tx")
    write(os.path.join(series, "series.yaml"), YAML)
    write(os.path.join(series, "01.md"), "# One\n\n" + "Some text. " * 2000 + "\n")
    problems = []
    env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1700000000")
    limit = 60 * (SLOWDOWN if sanitized else 1)
    names = ["tx-1.0.0.epub", "tx-1.0.0.pdf"]
    old = {names[0]: b"an earlier EPUB\n", names[1]: b"an earlier PDF\n"}

    def build(out, extra_env=None, args=()):
        return subprocess.run([octavo, "build", series, "-o", out] + list(args),
                              capture_output=True, text=True, timeout=limit,
                              env=dict(env, **(extra_env or {})))

    def prepare(out):
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        for n, data in old.items():
            write(os.path.join(out, n), data)

    def unchanged(what, out, expect_files=names):
        for n in names:
            path = os.path.join(out, n)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    if f.read() != old[n]:
                        problems.append("%s: the earlier %s was not put back" % (what, n))
        left = sorted(set(os.listdir(out)) - set(expect_files))
        if left:
            problems.append("%s: left behind: %s" % (what, ", ".join(left)))

    # a good build first: the sizes the failures are placed by
    good = os.path.join(work, "good")
    r = build(good)
    if r.returncode != 0:
        return ["the series does not build: " + r.stderr[-500:]]
    epub_size = os.path.getsize(os.path.join(good, names[0]))

    # the PDF's name is held by a folder: the EPUB, already renamed, goes back
    out = os.path.join(work, "folder")
    prepare(out)
    os.remove(os.path.join(out, names[1]))
    os.makedirs(os.path.join(out, names[1]))
    r = build(out)
    if r.returncode != 1 or "tx-1.0.0.pdf: error: cannot be written: a folder has that name" \
            not in r.stderr:
        problems.append("folder: exit %d, %s" % (r.returncode, r.stderr.strip()[-300:]))
    unchanged("folder", out)

    # the disk fills after the EPUB, and before it
    for what, after in (("full-after-epub", epub_size + 100), ("full-at-epub", 1000)):
        out = os.path.join(work, what)
        prepare(out)
        r = build(out, {"OCTAVO_TEST_FAIL_WRITE": str(after)})
        if r.returncode != 1 or "the disk is full" not in r.stderr:
            problems.append("%s: exit %d, %s" % (what, r.returncode, r.stderr.strip()[-300:]))
        unchanged(what, out)

    # a real small disk: a tmpfs with room for the new EPUB but not the PDF
    mnt = os.path.join(work, "tmpfs")
    os.makedirs(mnt)
    room = (epub_size + sum(len(d) for d in old.values()) + 4095) // 4096 * 4096 + 8192
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d" % room, "tmpfs", mnt],
                       capture_output=True, text=True)
    if m.returncode != 0:
        print("note: no tmpfs (mount: %s); the injected write failure stands in"
              % m.stderr.strip()[:120])
    else:
        try:
            for n, data in old.items():
                write(os.path.join(mnt, n), data)
            r = build(mnt)
            if r.returncode != 1 or "the disk is full" not in r.stderr:
                problems.append("tmpfs: exit %d, %s" % (r.returncode, r.stderr.strip()[-300:]))
            unchanged("tmpfs", mnt)
            print("tmpfs of %d KiB: %s" % (room // 1024, r.stderr.strip().splitlines()[0]
                                           if r.stderr.strip() else "(no message)"))
        finally:
            subprocess.run(["umount", mnt])

    # signals in the middle of writing
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        what = "signal-" + sig.name
        out = os.path.join(work, what)
        prepare(out)
        p = subprocess.Popen([octavo, "build", series, "-o", out], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=dict(env, OCTAVO_TEST_PAUSE_WRITE="1"))
        deadline = time.monotonic() + limit
        tmp = []
        while time.monotonic() < deadline and not tmp and p.poll() is None:
            tmp = [n for n in os.listdir(out) if "octavo-tmp" in n]
            time.sleep(0.05)
        if not tmp:
            problems.append("%s: no temporary file appeared" % what)
        elif not tmp[0].startswith(".") or tmp[0].endswith((".epub", ".pdf")):
            problems.append("%s: the temporary %s could be taken for a book" % (what, tmp[0]))
        p.send_signal(sig)
        try:
            p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        p.stderr.close()
        if p.returncode != -sig:
            problems.append("%s: exit %s, expected death by the signal" % (what, p.returncode))
        unchanged(what, out)

    # two series with one output name: an error before anything is written
    twin = os.path.join(work, "elsewhere", "tx")
    write(os.path.join(twin, "series.yaml"), YAML)
    write(os.path.join(twin, "01.md"), "# Twin\n")
    out = os.path.join(work, "twins")
    r = subprocess.run([octavo, "build", series, twin, "-o", out], capture_output=True,
                       text=True, timeout=limit, env=env)
    if r.returncode != 1 or "may not share an output name" not in r.stderr:
        problems.append("twins: exit %d, %s" % (r.returncode, r.stderr.strip()[-300:]))
    if os.path.exists(out) and os.listdir(out):
        problems.append("twins: wrote %s" % ", ".join(os.listdir(out)))

    # "--" ends the options: a series folder named like an option
    dash = os.path.join(work, "-f")
    write(os.path.join(dash, "series.yaml"), YAML)
    write(os.path.join(dash, "01.md"), "# Dash\n")
    r = subprocess.run([octavo, "build", "-o", "dashed", "-f", "epub", "--", "-f"],
                       capture_output=True, text=True, timeout=limit, env=env, cwd=work)
    if r.returncode != 0 or not os.path.exists(os.path.join(work, "dashed", "-f-1.0.0.epub")):
        problems.append("--: exit %d, %s" % (r.returncode, r.stderr.strip()[-300:]))
    if not problems:
        shutil.rmtree(work, ignore_errors=True)
    return problems


# ---- command line ----------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    r = sub.add_parser("run")
    r.add_argument("octavo")
    r.add_argument("work")
    r.add_argument("group")
    r.add_argument("--format", choices=("all", "epub"), default="all",
                   help="what octavo builds: EPUB and PDF (default), or the EPUB alone")
    r.add_argument("--sanitized", action="store_true")
    r.add_argument("--epubcheck", help="tests/tools/epubcheck.sh, for cases that ask for it")
    r.add_argument("--fonts-list", help="fonts/fonts.list (strace group)")
    r.add_argument("--only", nargs="*")
    a = ap.parse_args()
    global FORMAT
    if a.cmd == "run":
        FORMAT = a.format
    if a.cmd == "list":
        for g in sorted({c.group for c in CASES} | {"strace", "concurrent", "transaction"}):
            print(g)
        return 0
    octavo = os.path.realpath(a.octavo)
    work = os.path.realpath(a.work)
    os.makedirs(work, exist_ok=True)
    t0 = time.monotonic()
    if a.group == "strace":
        problems = run_strace(octavo, work, a.sanitized, a.fonts_list)
    elif a.group == "concurrent":
        problems = run_concurrent(octavo, work, a.sanitized)
    elif a.group == "transaction":
        problems = run_transaction(octavo, work, a.sanitized)
    else:
        problems = []
        cases = [c for c in CASES if c.group == a.group and (not a.only or c.name in a.only)]
        if not cases:
            print("no case in group %s" % a.group)
            return 1
        skipped = 0
        installed = cmark_version()
        for c in cases:
            if c.upstream and installed and version_tuple(installed) < version_tuple(c.upstream[0]):
                print("skip %-36s cmark-gfm %s has %s (fixed in %s)" %
                      (c.name, installed, c.upstream[1], c.upstream[0]))
                skipped += 1
                continue
            p, secs, peak, err = run_case(c, octavo, os.path.join(work, c.group), a.sanitized,
                                          a.epubcheck)
            print("%s %-36s %6.2f s CPU %5d MB" % ("ok  " if not p else "FAIL", c.name, secs,
                                                   peak))
            for x in p:
                print("     " + x)
            if p:
                print("     --- stderr (last lines):\n" + "\n".join(
                    "     " + l for l in err.splitlines()[-8:]))
                problems += ["%s: %s" % (c.name, x) for x in p]
            sys.stdout.flush()
        if skipped == len(cases):
            print("all %d case(s) skipped: a known upstream bug" % skipped)
            return 77
    for p in problems if a.group in ("strace", "concurrent", "transaction") else []:
        print("FAIL " + p)
    print("%s: %s in %.1f s" % (a.group, "FAILED" if problems else "passed",
                                time.monotonic() - t0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
