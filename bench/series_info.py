#!/usr/bin/env python3
"""Facts about a series folder, for bench/epub.sh (standard library only).

    series_info.py words DIR          prose words (same rule as gen_series.py)
    series_info.py chapters DIR       chapter files in book order, one a line
    series_info.py epub-name DIR      <slug>-<edition>.epub
    series_info.py pandoc-prep DIR PREP_DIR
        writes PREP_DIR/NNNN-<chapter>.md (front matter turned into a level-1
        heading, the rest byte for byte) and PREP_DIR/metadata.yaml, and
        prints the prepared chapter paths in book order

Only the subset of YAML that series.yaml uses is read: `key: scalar`,
block lists, `[a, b]` flow lists and `{file: x.md, title: "..."}` items.
"""

import os
import re
import sys

WORD_RE = re.compile(r"[A-Za-z0-9]")


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(
            m.group(1), m.group(1)), v[1:-1])
    if len(v) >= 2 and v[0] == v[-1] == "'":
        return v[1:-1].replace("''", "'")
    return re.sub(r"\s+#.*$", "", v)


def split_flow(s):
    """Split 'a, "b, c", d' at top-level commas."""
    out, cur, q = [], "", None
    for ch in s:
        if q:
            cur += ch
            if ch == q:
                q = None
        elif ch in "\"'":
            q = ch
            cur += ch
        elif ch == ",":
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [x.strip() for x in out]


def flow_value(v):
    v = v.strip()
    if v.startswith("[") and v.endswith("]"):
        return [flow_value(x) for x in split_flow(v[1:-1])]
    if v.startswith("{") and v.endswith("}"):
        d = {}
        for part in split_flow(v[1:-1]):
            k, _, val = part.partition(":")
            d[k.strip()] = flow_value(val)
        return d
    return unquote(v)


def parse_yaml(text):
    """A small reader for the flat manifest shapes octavo documents."""
    data, key, item = {}, None, None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#") or raw.strip() == "---":
            continue
        indent = len(raw) - len(raw.lstrip())
        line = raw.strip()
        if indent == 0 and not line.startswith("- "):
            k, _, v = line.partition(":")
            key, item = k.strip(), None
            data[key] = flow_value(v) if v.strip() else []
        elif line.startswith("- ") and key is not None:
            v = line[2:].strip()
            if not isinstance(data[key], list):
                data[key] = []
            m = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", v)
            if m and not v.startswith(("{", "[", '"', "'")):
                item = {m.group(1): flow_value(m.group(2))}
                data[key].append(item)
            else:
                item = None
                data[key].append(flow_value(v))
        elif item is not None:
            k, _, v = line.partition(":")
            item[k.strip()] = flow_value(v)
    return data


def manifest(d):
    path = os.path.join(d, "series.yaml")
    with open(path, encoding="utf-8") as f:
        return parse_yaml(f.read())


def chapters(d):
    """[(file, title_override_or_None)] in book order."""
    m = manifest(d)
    ch = m.get("chapters")
    if not ch:
        return [(f, None) for f in sorted(os.listdir(d)) if f.endswith(".md")]
    out = []
    for c in ch:
        if isinstance(c, dict):
            out.append((c.get("file"), c.get("title")))
        else:
            out.append((c, None))
    return out


def split_front_matter(text):
    """(front_matter_dict, body) for a chapter."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        m = re.search(r"^(---|\.\.\.)\s*$", text[4:], re.M)
        if m:
            fm = text[4:4 + m.start()]
            body = text[4 + m.end():].lstrip("\r\n")
            return parse_yaml(fm), body
    return {}, text


def strip_code(body):
    out, fence = [], None
    for line in body.splitlines():
        m = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append(line)
    return "\n".join(out)


def count_words(d):
    n = 0
    for f, _ in chapters(d):
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            _, body = split_front_matter(fh.read())
        t = strip_code(body)
        t = re.sub(r"\]\([^)\s]*(\s+\"[^\"]*\")?\)", "]", t)   # link targets
        t = re.sub(r"\[\^[^\]]+\]:?", "", t)                     # footnote marks
        t = re.sub(r"<[^>\s]+>", " ", t)                         # raw tags
        t = re.sub(r"(?m)^[\s>]*(?:(?:\d+[.)]|[-*+])\s+)+(?:\[[ xX]\]\s)?",
                   "", t)                                        # list marks
        n += sum(1 for w in t.split() if WORD_RE.search(w))
    return n


def yaml_str(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def pandoc_prep(d, prep):
    """Same chapters for pandoc, with each chapter's title as a `# heading`."""
    m = manifest(d)
    os.makedirs(prep, exist_ok=True)
    paths = []
    for i, (f, override) in enumerate(chapters(d), 1):
        with open(os.path.join(d, f), encoding="utf-8") as fh:
            fm, body = split_front_matter(fh.read())
        title = override or (fm.get("title") if isinstance(fm, dict) else None)
        has_h1 = re.match(r"^\s*# ", body) is not None
        text = ("# %s\n\n%s" % (title, body)) if title and not has_h1 else body
        out = os.path.join(prep, "%04d-%s" % (i, os.path.basename(f)))
        with open(out, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(out)
    meta = []
    authors = m.get("authors") or m.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    for k in ("title", "subtitle", "date", "publisher", "rights", "description"):
        if isinstance(m.get(k), str) and m[k]:
            meta.append("%s: %s" % (k, yaml_str(m[k])))
    meta.append("lang: %s" % yaml_str(m.get("language") or "en"))
    if authors:
        meta.append("author:")
        meta += ["  - %s" % yaml_str(a) for a in authors]
    if isinstance(m.get("tags"), list) and m["tags"]:
        meta.append("subject:")
        meta += ["  - %s" % yaml_str(t) for t in m["tags"]]
    if isinstance(m.get("cover"), str) and m["cover"]:
        meta.append("cover-image: %s" % yaml_str(
            os.path.abspath(os.path.join(d, m["cover"]))))
    with open(os.path.join(prep, "metadata.yaml"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(meta) + "\n")
    return paths


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, d = argv[1], argv[2]
    if cmd == "words":
        print(count_words(d))
    elif cmd == "chapters":
        for f, _ in chapters(d):
            print(f)
    elif cmd == "epub-name":
        slug = os.path.basename(os.path.abspath(d))
        print("%s-%s.epub" % (slug, manifest(d).get("edition") or "1.0.0"))
    elif cmd == "pandoc-prep" and len(argv) == 4:
        for p in pandoc_prep(d, argv[3]):
            print(p)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
