#!/usr/bin/env python3
"""Nothing touches (issue 10): on every page of a PDF, finds what is drawn
and reports two things that touch or come closer than a least gap.

Everything is read from the drawing itself, as poppler renders it to SVG
(`pdftocairo -svg`), never from octavo's internals: the ink of every glyph,
and every path and image, sorted by their shape into
  rules        horizontal lines: a table's (two or more with the same ends);
               the footnote rule (short, at the text block's left edge, with
               only smaller type below it); thematic breaks, the opener's rule
  code bands   tinted rectangles wider than 0.4 of the paper (the bar on
               their left, the hooks of wrapped lines and the pieces a band
               is drawn in joined up)
  quote bars   narrow upright rectangles left of a block quote
  figures      what is left (curves, images, fills), grouped by nearness
  marks        what is left but smaller than a line (task boxes)
Underlines and strike-throughs (a line that starts and ends with the run of
glyphs it crosses) and dotted leaders (dashed lines) belong to their text.

Two least gaps, in parts of the body lead L (the commonest distance between
the baselines of neighbouring lines, measured in the PDF):
  GAP  = 0.25 L between two blocks, or a block and the text outside it: the
         footnote rule and what stands above it, a code band and the table or
         figure below it, a paragraph and a band. A quarter of a line is where
         space between blocks stops reading as space: octavo's own gaps are
         0.43 L (the footnote rule below the last box) or more, ink further.
  INSET = 0.1 L between text and the edge it sits inside: a code line and
         its band's edge, a cell's text and a table rule. Octavo's paddings are
         0.2–0.3 L to the line box, so ink is further still; under a tenth of
         a line the ink reads as touching the edge.
Text that crosses a band's edge, a rule or a figure's edge is reported
whatever the gap.

  check_touch.py BOOK.pdf [--pages FIRST-LAST] [--list] [--all]
Prints each defect (physical page numbers, 1-based) and exits 1 if any;
--list prints what was found on each page, to see how a page was read.
"""
import argparse
import collections
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
G, USE, PATH, IMAGE, SYMBOL, CLIP, PAGE = (SVG + t for t in (
    "g", "use", "path", "image", "symbol", "clipPath", "page"))
XLINK = "{http://www.w3.org/1999/xlink}href"
GAP, INSET = 0.25, 0.1  # in body leads (see above)
EPS = 0.05              # points: what rounding in the PDF and the SVG may move an edge by


# ---- reading the drawing: pdftocairo's SVG, a page at a time ---------------
def matrix(attr):
    """The affine matrix (a, b, c, d, e, f) of an SVG transform attribute."""
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", attr or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "matrix":
            t = tuple(v)
        elif name == "translate":
            t = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            t = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        else:
            raise ValueError("unexpected SVG transform %r" % name)
        m = compose(m, t)
    return m


def compose(p, q):
    a, b, c, d, e, f = p
    A, B, C, D, E, F = q
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D,
            a * E + c * F + e, b * E + d * F + f)


def apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def cubic_extrema(p0, p1, p2, p3):
    """The values a cubic Bézier's coordinate takes at its ends and turning points."""
    vals = [p0, p3]
    a = -p0 + 3 * p1 - 3 * p2 + p3
    b = 2 * (p0 - 2 * p1 + p2)
    c = p1 - p0
    if abs(a) < 1e-12:
        ts = [-c / b] if abs(b) > 1e-12 else []
    else:
        disc = b * b - 4 * a * c
        ts = [] if disc < 0 else [(-b + s * math.sqrt(disc)) / (2 * a) for s in (1, -1)]
    for t in ts:
        if 0 < t < 1:
            u = 1 - t
            vals.append(u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3)
    return vals


def path_geometry(d, m):
    """The subpaths of an SVG path (cairo writes absolute M, L, C and Z only),
    as lists of points under matrix m, and the exact bounding box."""
    tok = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    subs, xs, ys, i, cur = [], [], [], 0, None
    while i < len(tok):
        op = tok[i]
        i += 1
        if op in "ML":
            p = apply(m, float(tok[i]), float(tok[i + 1]))
            i += 2
            if op == "M":
                subs.append([p])
            else:
                subs[-1].append(p)
            xs.append(p[0])
            ys.append(p[1])
            cur = p
        elif op == "C":
            pts = [apply(m, float(tok[i + k]), float(tok[i + k + 1])) for k in (0, 2, 4)]
            i += 6
            xs += cubic_extrema(cur[0], pts[0][0], pts[1][0], pts[2][0])
            ys += cubic_extrema(cur[1], pts[0][1], pts[1][1], pts[2][1])
            subs[-1] += [None, pts[2]]  # None: a curve, never a straight rule or a rectangle
            cur = pts[2]
        elif op in "Zz":
            pass
        else:
            raise ValueError("unexpected SVG path command %r" % op)
    if not xs:
        return [], None
    subs = [s for s in subs if len(s) > 1]  # cairo ends a closed path with a lone moveto
    return subs, (min(xs), min(ys), max(xs), max(ys))


def style(el):
    return dict(kv.split(":", 1) for kv in (el.get("style") or "").split(";") if ":" in kv)


class Item:
    """One thing drawn but a glyph: kind is 'fill', 'stroke' or 'image'."""
    __slots__ = ("kind", "x0", "y0", "x1", "y1", "subs", "width", "dashed", "color")

    def __init__(self, kind, box, **kw):
        self.kind = kind
        self.x0, self.y0, self.x1, self.y1 = box
        self.subs = kw.get("subs")
        self.width = kw.get("width", 0.0)
        self.dashed = kw.get("dashed", False)
        self.color = kw.get("color")


class Glyph:
    """The ink of one glyph, and its baseline."""
    __slots__ = ("x0", "y0", "x1", "y1", "base")
    kind = "glyph"

    def __init__(self, box, base):
        self.x0, self.y0, self.x1, self.y1 = box
        self.base = base


def clip_box(box, clip):
    if clip is None:
        return box
    b = (max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3]))
    return b if b[0] <= b[2] and b[1] <= b[3] else None


def union(boxes):
    boxes = [b for b in boxes if b]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None


def read_pages(pdf, first=None, last=None):
    """Yields (page number, page width, [Item]) for each page, in order."""
    cmd = ["pdftocairo", "-svg"]
    if first:
        cmd += ["-f", str(first), "-l", str(last)]
    proc = subprocess.Popen(cmd + [pdf, "-"], stdout=subprocess.PIPE)
    symbols, images, clips = {}, {}, {}
    width, pno = None, (first or 1) - 1
    parser = ET.XMLPullParser(events=("end",))
    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        if width is None:  # the paper's width, from the root's viewBox (all pages share it)
            m = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', chunk)
            width = float(m.group(1)) if m else None
        parser.feed(chunk)
        for _, el in parser.read_events():
            tag = el.tag
            if tag == SYMBOL:
                symbols[el.get("id")] = union(path_geometry(p.get("d", ""), (1, 0, 0, 1, 0, 0))[1]
                                              for p in el.iter(PATH))
                el.clear()
            elif tag == IMAGE and el.get("id"):
                images[el.get("id")] = (float(el.get("width")), float(el.get("height")))
                el.clear()
            elif tag == CLIP:
                box = union(path_geometry(p.get("d", ""), matrix(p.get("transform")))[1]
                            for p in el.iter(PATH))
                if box:
                    clips[el.get("id")] = box
            elif tag == PAGE:
                pno += 1
                items = []
                walk(el, (1, 0, 0, 1, 0, 0), None, symbols, images, clips, items)
                yield pno, width, items
                el.clear()
    if proc.wait() != 0 or width is None:
        sys.exit("check_touch.py: pdftocairo could not read %s" % pdf)
    parser.close()


def walk(el, m, clip, symbols, images, clips, out):
    """Appends what el's children draw to out: Glyphs and Items, in page
    coordinates (points, y down) under matrix m, cut to the clip box."""
    for c in el:
        tag = c.tag
        tf = c.get("transform")
        cm = compose(m, matrix(tf)) if tf else m
        if tag == USE and cm[1] == 0 and cm[2] == 0 and cm[0] > 0 and cm[3] > 0 \
                and (c.get(XLINK) or "#")[1:] in symbols:
            # a glyph under a scale and a shift (all of them, in practice): the fast way
            b = symbols[c.get(XLINK)[1:]]
            if b is None:
                continue  # a space
            x = cm[0] * float(c.get("x", 0)) + cm[4]
            y = cm[3] * float(c.get("y", 0)) + cm[5]
            box = (x + cm[0] * b[0], y + cm[3] * b[1], x + cm[0] * b[2], y + cm[3] * b[3])
            if clip:
                box = clip_box(box, clip)
            if box:
                out.append(Glyph(box, y))
        elif tag == G:
            cc = clip
            ref = re.match(r"url\(#([^)]+)\)", c.get("clip-path") or "")
            if ref and ref.group(1) in clips:
                b = clips[ref.group(1)]
                corners = [apply(cm, x, y) for x in (b[0], b[2]) for y in (b[1], b[3])]
                box = (min(p[0] for p in corners), min(p[1] for p in corners),
                       max(p[0] for p in corners), max(p[1] for p in corners))
                cc = clip_box(box, clip) if clip else box
            walk(c, cm, cc, symbols, images, clips, out)
        elif tag == USE:
            ref = (c.get(XLINK) or "").lstrip("#")
            x, y = float(c.get("x", 0)), float(c.get("y", 0))
            um = compose(cm, (1, 0, 0, 1, x, y))
            if ref in symbols:
                b = symbols[ref]
                if b is None:
                    continue
            elif ref in images:
                b = (0, 0) + images[ref]
            else:
                continue
            corners = [apply(um, px, py) for px in (b[0], b[2]) for py in (b[1], b[3])]
            box = clip_box((min(p[0] for p in corners), min(p[1] for p in corners),
                            max(p[0] for p in corners), max(p[1] for p in corners)), clip)
            if box and ref in symbols:
                out.append(Glyph(box, apply(um, 0, 0)[1]))
            elif box:
                out.append(Item("image", box))
        elif tag == PATH:
            st = style(c)
            subs, box = path_geometry(c.get("d", ""), cm)
            if not box:
                continue
            if st.get("stroke", "none") != "none":
                w = float(st.get("stroke-width", 1)) * math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]))
                half = w / 2
                flat = all(p is not None and abs(p[1] - box[1]) < EPS for sub in subs for p in sub)
                # a horizontal line (butt caps, as cairo draws rules) grows up and down only
                grow = 0 if flat and "round" not in st.get("stroke-linecap", "butt") else half
                sbox = clip_box((box[0] - grow, box[1] - half, box[2] + grow, box[3] + half), clip)
                if sbox:
                    out.append(Item("stroke", sbox, subs=subs, width=w,
                                    dashed="stroke-dasharray" in st, color=st.get("stroke")))
            if st.get("fill", "rgb(0%,0%,0%)") != "none":
                fbox = clip_box(box, clip)
                if fbox:
                    out.append(Item("fill", fbox, subs=subs, color=st.get("fill")))
        elif tag == IMAGE:
            w, h = float(c.get("width")), float(c.get("height"))
            corners = [apply(cm, px, py) for px in (0, w) for py in (0, h)]
            box = clip_box((min(p[0] for p in corners), min(p[1] for p in corners),
                            max(p[0] for p in corners), max(p[1] for p in corners)), clip)
            if box:
                out.append(Item("image", box))


# ---- what the drawing shows -------------------------------------------------
class Block:
    """A thing with an extent that others must keep clear of."""
    __slots__ = ("kind", "x0", "y0", "x1", "y1", "width", "group", "parts")

    def __init__(self, kind, x0, y0, x1, y1, width=0.0):
        self.kind, self.x0, self.y0, self.x1, self.y1, self.width = kind, x0, y0, x1, y1, width
        self.group = None  # a table's rules: the list they belong to
        self.parts = 1

    def add(self, o):
        self.x0, self.y0 = min(self.x0, o.x0), min(self.y0, o.y0)
        self.x1, self.y1 = max(self.x1, o.x1), max(self.y1, o.y1)
        self.parts += 1


class Line:
    """Glyphs on one baseline, not far apart: the ink of a run of text."""
    __slots__ = ("x0", "y0", "x1", "y1", "base", "glyphs")

    def __init__(self, g):
        self.x0, self.y0, self.x1, self.y1, self.base, self.glyphs = g.x0, g.y0, g.x1, g.y1, g.base, [g]

    def add(self, g):
        self.x0, self.y0 = min(self.x0, g.x0), min(self.y0, g.y0)
        self.x1, self.y1 = max(self.x1, g.x1), max(self.y1, g.y1)
        self.glyphs.append(g)


def text_lines(glyphs, lead):
    """Glyphs joined into runs: the same baseline, less than a lead apart."""
    lines = []
    for g in sorted(glyphs, key=lambda g: (round(g.base, 1), g.x0)):
        last = lines[-1] if lines else None
        if last and abs(last.base - g.base) < 0.1 and g.x0 - last.x1 < lead:
            last.add(g)
        else:
            lines.append(Line(g))
    return lines


def body_measures(pages):
    """The body lead, the commonest distance between neighbouring baselines of
    full lines (20 glyphs or more: text, not labels), and the body's ink
    height, the commonest height of such a line's ink (ascender to descender)."""
    gaps, inks = collections.Counter(), collections.Counter()
    for _, _, items in pages:
        lines = collections.defaultdict(list)
        for i in items:
            if i.kind == "glyph":
                lines[round(i.base, 1)].append(i)
        full = sorted(b for b, gs in lines.items() if len(gs) >= 20)
        gaps.update(round(b - a, 1) for a, b in zip(full, full[1:]) if b - a > 1)
        inks.update(round(max(g.y1 for g in lines[b]) - min(g.y0 for g in lines[b]), 1)
                    for b in full)
    if not gaps:
        sys.exit("check_touch.py: no lines of text found: nothing to measure against")
    return gaps.most_common(1)[0][0], inks.most_common(1)[0][0]


def is_hline(it):
    """A stroke of straight horizontal segments only."""
    return all(p is not None and abs(p[1] - s[0][1]) < EPS for s in it.subs for p in s) and \
        any(len(s) > 1 for s in it.subs)


def is_rect(it):
    """A fill of one axis-aligned rectangle."""
    if len(it.subs) != 1 or any(p is None for p in it.subs[0]):
        return False
    pts = it.subs[0]
    return len(pts) in (4, 5) and all(
        min(abs(p[0] - it.x0), abs(p[0] - it.x1)) < EPS and
        min(abs(p[1] - it.y0), abs(p[1] - it.y1)) < EPS for p in pts)


def light(color):
    """A tint: every channel of an rgb(…%) colour above 80 % (white included)."""
    v = re.findall(r"([\d.]+)%", color or "")
    return len(v) == 3 and all(float(x) > 80 for x in v)


def white(color):
    v = re.findall(r"([\d.]+)%", color or "")
    return len(v) == 3 and all(float(x) > 99.9 for x in v)


def overlap_x(a, b, tol=0.5):
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol


def inside(a, b, tol=EPS):
    return a.x0 >= b.x0 - tol and a.x1 <= b.x1 + tol and a.y0 >= b.y0 - tol and a.y1 <= b.y1 + tol


def near(a, b, d):
    return a.x0 <= b.x1 + d and b.x0 <= a.x1 + d and a.y0 <= b.y1 + d and b.y0 <= a.y1 + d


def is_decoration(r, lines, lead):
    """An underline or a strike-through: it starts and ends with the glyphs of
    one run of text whose baseline is within half a line of it."""
    y = (r.y0 + r.y1) / 2
    for ln in lines:
        if abs(ln.base - y) > 0.5 * lead or ln.x1 < r.x1 - 1.5 or ln.x0 > r.x0 + 1.5:
            continue
        starts = any(abs(g.x0 - r.x0) < 1.5 for g in ln.glyphs)
        ends = any(abs(g.x1 - r.x1) < 1.5 for g in ln.glyphs)
        if starts and ends:
            return True
    return False


def read_page(items, page_w, lead, ink):
    """Sorts a page's items into text lines and blocks (see the module's doc)."""
    glyphs = [i for i in items if i.kind == "glyph"]
    lines = text_lines(glyphs, lead)
    rules, rects, art = [], [], []
    for it in items:
        if it.kind == "glyph":
            continue
        if it.kind == "stroke" and is_hline(it) and it.x1 - it.x0 >= lead:
            if it.dashed:
                continue  # a dotted leader: part of its line of text
            rules.append(it)
        elif it.kind == "fill" and is_rect(it) and it.y1 - it.y0 <= 1.5 and it.x1 - it.x0 >= lead:
            rules.append(it)  # a hairline drawn as a rectangle
        elif it.kind == "fill" and is_rect(it) and not white(it.color):
            rects.append(it)
        else:
            art.append(it)
    rules = [r for r in rules if not is_decoration(r, lines, lead)]

    # code bands: tinted rectangles wider than 0.4 of the paper, with the bar
    # on their left and the pieces above and below them joined up
    bands, bars = [], []
    for r in sorted(rects, key=lambda r: (r.y0, r.x0)):
        if r.x1 - r.x0 >= 0.4 * page_w and light(r.color):
            b = next((b for b in bands if abs(b.x0 - r.x0) < 0.5 and abs(b.x1 - r.x1) < 0.5
                      and r.y0 <= b.y1 + EPS), None)
            if b:
                b.add(r)
            else:
                bands.append(Block("code band", r.x0, r.y0, r.x1, r.y1))
        elif r.x1 - r.x0 <= 3.5:
            bars.append(r)
        else:
            art.append(r)
    quote_bars = []
    for r in bars:
        if any(abs(r.x0 - b.x0) < 0.5 and r.y0 >= b.y0 - EPS and r.y1 <= b.y1 + EPS for b in bands):
            continue  # a band's own bar
        q = next((q for q in quote_bars if abs(q.x0 - r.x0) < 0.5 and r.y0 <= q.y1 + EPS
                  and r.y1 >= q.y0 - EPS), None)
        if q:
            q.add(r)
        else:
            quote_bars.append(Block("block-quote bar", r.x0, r.y0, r.x1, r.y1))

    # figures: the rest, grouped by nearness; what is smaller than a line is a mark
    art = [a for a in art if not any(inside(a, b, 0.5) for b in bands)]  # a wrapped line's hook
    groups = []
    for a in sorted(art, key=lambda a: (a.y0, a.x0)):
        blk = Block("figure" if a.kind != "image" else "image", a.x0, a.y0, a.x1, a.y1)
        for g in [g for g in groups if near(g, blk, 0.25 * lead)]:
            blk.add(g)
            if g.kind == "image":
                blk.kind = "image"
            groups.remove(g)
        groups.append(blk)
    figures = [g for g in groups if g.y1 - g.y0 >= lead or g.x1 - g.x0 >= 2 * lead]
    marks = [g for g in groups if g not in figures]
    rules = [r for r in rules if not any(inside(r, f, 0.5) for f in figures)]
    bands = [b for b in bands if not any(inside(b, f, 0.5) for f in figures)]

    # rules: a table's share their ends; the lowest short one at the left edge
    # with only notes below it is the footnote rule
    blocks = []
    left = min((ln.x0 for ln in lines), default=0)
    for r in sorted(rules, key=lambda r: r.y0):
        blocks.append(Block("rule", r.x0, r.y0, r.x1, r.y1, r.width))
    for b in blocks:
        same = [o for o in blocks if abs(o.x0 - b.x0) < 0.5 and abs(o.x1 - b.x1) < 0.5]
        if len(same) > 1:
            b.kind, b.group = "table rule", same
    standalone = [b for b in blocks if b.kind == "rule"]
    if standalone:
        low = max(standalone, key=lambda b: b.y0)
        below = [o for o in blocks + bands + figures + quote_bars if o.y0 > low.y1]
        notes = [ln.y1 - ln.y0 for ln in lines if ln.y0 > low.y1 and len(ln.glyphs) >= 10]
        if not below and low.x0 - left < 2.0 and low.x1 - low.x0 < 0.5 * page_w and notes \
                and sorted(notes)[len(notes) // 2] < 0.92 * ink:
            low.kind = "footnote rule"  # smaller type below it: the notes
    marks = [Block("mark", m.x0, m.y0, m.x1, m.y1) for m in marks]
    return lines, bands + quote_bars + figures + blocks, marks


# ---- what must not touch -----------------------------------------------------
def describe(b):
    return "the %s at %.1f–%.1f pt" % (b.kind, b.y0, b.y1)


def check_page(pno, lines, blocks, marks, lead, closest):
    """The defects on one page; closest[relation] keeps the least distance
    seen for each kind of neighbours (for the summary)."""
    gap, inset = GAP * lead, INSET * lead
    bad = []

    def seen(rel, d):
        closest[rel] = min(closest.get(rel, d), d)

    # block against block: one above the other, sharing some width
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            if not overlap_x(a, b) or (a.group is not None and a.group is b.group):
                continue
            if inside(a, b, 0.5) or inside(b, a, 0.5):
                continue  # one inside the other (a listing in a quote)
            top, bot = (a, b) if a.y0 <= b.y0 else (b, a)
            d = bot.y0 - top.y1
            seen("%s above %s" % (top.kind, bot.kind), d)
            if d < gap - EPS:
                bad.append("p%d: %s and %s are %.1f pt apart (at least %.1f)"
                           % (pno, describe(top), describe(bot), d, gap))
    # text against blocks: clear of them outside, inset from their edges inside
    for ln in lines + marks:
        what = "text" if isinstance(ln, Line) else "mark"
        for b in blocks:
            if not overlap_x(ln, b) or ln.y1 < b.y0 - gap or ln.y0 > b.y1 + gap:
                continue  # beside it, or clear of it by more than any least gap
            ink = [g for g in getattr(ln, "glyphs", [ln]) if overlap_x(g, b, 0)]
            if not ink:
                continue
            above = max(g.y1 for g in ink) <= b.y0 + EPS
            below = min(g.y0 for g in ink) >= b.y1 - EPS
            if above or below:
                d = b.y0 - max(g.y1 for g in ink) if above else min(g.y0 for g in ink) - b.y1
                if b.kind == "table rule" and not outside_table(b, above):
                    need, rel = inset, "%s by a table rule, in the table" % what
                else:
                    need, rel = gap, "%s %s %s" % (what, "above" if above else "below", b.kind)
                seen(rel, d)
                if d < need - EPS:
                    bad.append(say(pno, ln, what, "is %.1f pt from %s (at least %.1f)"
                                   % (d, describe(b), need)))
            elif all(inside(g, b) for g in ink):
                if b.kind == "code band":
                    d = min(min(g.y0 for g in ink) - b.y0, b.y1 - max(g.y1 for g in ink))
                    seen("%s inside a code band, from its edge" % what, d)
                    if d < inset - EPS:
                        bad.append(say(pno, ln, what, "is %.1f pt inside the edge of %s "
                                       "(at least %.1f)" % (d, describe(b), inset)))
                elif b.kind not in ("figure", "image"):
                    bad.append(say(pno, ln, what, "is drawn over %s" % describe(b)))
            elif not (b.kind in ("figure", "image") and
                      all(inside(g, b, 0.5) or g.y1 <= b.y0 or g.y0 >= b.y1 for g in ink)):
                bad.append(say(pno, ln, what, "crosses %s" % describe(b)))
    return bad


def outside_table(r, above):
    """Text above a table's top rule, or below its bottom rule where the
    table ends on this page (booktabs: the bottom rule weighs what the top
    one does, more than any between); elsewhere it is in the table."""
    rules = sorted(r.group, key=lambda x: x.y0)
    top, bottom = rules[0], rules[-1]
    if r is top and above:
        return True
    ends_here = abs(bottom.width - top.width) < 0.05 and \
        all(x.width < top.width - 0.05 for x in rules[1:-1])
    return r is bottom and not above and ends_here


def say(pno, ln, what, how):
    return "p%d: %s at %.1f–%.1f pt (x %.0f–%.0f) %s" % (pno, what, ln.y0, ln.y1, ln.x0, ln.x1, how)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--pages", help="FIRST-LAST: only these pages")
    ap.add_argument("--list", action="store_true", help="print what was found on each page")
    ap.add_argument("--all", action="store_true", help="print every defect (else the first 40)")
    a = ap.parse_args()
    first = last = None
    if a.pages:
        first, last = (int(x) for x in a.pages.split("-"))
    pages = list(read_pages(a.pdf, first, last))
    lead, ink = body_measures(pages)
    bad, counts, closest = [], collections.Counter(), {}
    for pno, page_w, items in pages:
        lines, blocks, marks = read_page(items, page_w, lead, ink)
        for b in blocks:
            counts[b.kind] += 1
        if a.list:
            print("p%d:" % pno)
            for b in sorted(blocks + marks, key=lambda b: b.y0):
                print("  %-16s x %6.1f–%6.1f  y %6.1f–%6.1f%s" % (
                    b.kind, b.x0, b.x1, b.y0, b.y1, "  (%d pieces)" % b.parts if b.parts > 1 else ""))
        bad += check_page(pno, lines, blocks, marks, lead, closest)
    print("touch: %s (%d pages, body lead %.2f pt, ink %.1f pt; %s)" % (
        "ok" if not bad else "%d defects" % len(bad), len(pages), lead, ink,
        ", ".join("%d %ss" % (n, k) for k, n in sorted(counts.items()))))
    print("  closest (pt; at least %.1f between blocks, %.1f inside one): %s" % (
        GAP * lead, INSET * lead,
        "; ".join("%s %.1f" % (k, v) for k, v in sorted(closest.items(), key=lambda kv: kv[1]))))
    shown = len(bad) if a.all else 40
    for b in bad[:shown]:
        print("  " + b)
    if len(bad) > shown:
        print("  … and %d more (--all prints them)" % (len(bad) - shown))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
