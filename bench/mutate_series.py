#!/usr/bin/env python3
"""Make the next edition of a series by revising it, for redline benchmarks.

    python3 bench/mutate_series.py SERIES_DIR [--edition 1.1.0] [--seed S]

Revises SERIES_DIR in place, deterministically (a PRNG seeded with a string),
as an author's second edition would: in about one chapter in three, words
changed in some paragraphs, a paragraph re-wrapped (which is no change), a
new section added, a section removed, a section moved to the chapter's end,
a line of a code block changed; one chapter is added and the last one
removed; series.yaml gets the new edition and release notes. Prints what it
did. Standard library only.
"""

import argparse
import os
import random
import re
import sys

WORDS = """cache allocator arena page buffer lock queue thread region frame
heap pointer object header marker sweep trace epoch slab pool""".split()


def paragraphs(lines):
    """(start, end) line ranges of plain prose paragraphs."""
    out, start = [], None
    body = 0  # past the front matter
    if lines and lines[0] == "---":
        body = lines.index("---", 1) + 1 if "---" in lines[1:] else 0
    fenced = False
    for i, line in enumerate(lines + [""]):
        if i < body:
            continue
        if line.startswith("```"):
            fenced = not fenced
        prose = not fenced and bool(line.strip()) and not re.match(
            r"\s*([#>|`~-]|\d+\.|!\[|\*\s|\[\^)", line)
        if prose and start is None:
            start = i
        elif not prose and start is not None:
            out.append((start, i))
            start = None
    return out


def sections(lines):
    """(start, end) line ranges of level-2 sections."""
    heads = [i for i, l in enumerate(lines) if l.startswith("## ")]
    return [(h, heads[k + 1] if k + 1 < len(heads) else len(lines))
            for k, h in enumerate(heads)]


def revise_chapter(text, rng, name, log):
    lines = text.split("\n")
    paras = paragraphs(lines)
    for (a, b) in rng.sample(paras, min(3, len(paras))):
        words = lines[a].split(" ")
        for _ in range(2):
            k = rng.randrange(len(words))
            if re.fullmatch(r"[a-z]+", words[k]):
                words[k] = rng.choice(WORDS)
        lines[a] = " ".join(words)
        log.append("%s: words changed at line %d" % (name, a + 1))
    if paras:
        a, b = rng.choice(paras)
        words = " ".join(lines[a:b]).split(" ")
        cut = max(1, len(words) // 2)
        lines[a:b] = [" ".join(words[:cut]), " ".join(words[cut:])]
        log.append("%s: paragraph re-wrapped at line %d (no change)" % (name, a + 1))
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and line.strip() and rng.random() < 0.3:
            lines[i] = line + "  # revised"
            log.append("%s: code line %d changed" % (name, i + 1))
            break
    secs = sections(lines)
    if len(secs) >= 2:
        a, b = secs[0]
        moved = lines[a:b]
        del lines[a:b]
        lines += [""] + moved
        log.append("%s: section '%s' moved to the end" % (name, moved[0][3:]))
        secs = sections(lines)
    if len(secs) >= 3:
        a, b = secs[0]
        log.append("%s: section '%s' removed" % (name, lines[a][3:]))
        del lines[a:b]
    title = "Revisited %s" % rng.choice(WORDS)
    lines += ["", "## %s" % title, "",
              "This section is new in this edition: the %s and the %s are measured again."
              % (rng.choice(WORDS), rng.choice(WORDS)), ""]
    log.append("%s: section '%s' added" % (name, title))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("series")
    ap.add_argument("--edition", default="1.1.0")
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    yaml_path = os.path.join(a.series, "series.yaml")
    with open(yaml_path, encoding="utf-8") as f:
        yaml = f.read()
    chapters = re.findall(r"^  - (\S+\.md)$", yaml, re.M)
    if not chapters:
        sys.exit("%s: no chapter list like gen_series.py writes" % yaml_path)
    rng = random.Random("%s:mutate" % a.seed)
    log = []
    for i, name in enumerate(chapters):
        if i % 3 != 0 or i == len(chapters) - 1:
            continue
        path = os.path.join(a.series, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(revise_chapter(text, rng, name, log))
    new = "new-chapter.md"
    with open(os.path.join(a.series, new), "w", encoding="utf-8") as f:
        f.write("# A new chapter\n\nEverything here is new in edition %s.\n\n"
                "## What changed\n\nThe %s and the %s.\n" %
                (a.edition, rng.choice(WORDS), rng.choice(WORDS)))
    gone = chapters[-1]
    os.remove(os.path.join(a.series, gone))
    listing = "".join("  - %s\n" % c for c in chapters[:-1] + [new])
    yaml = re.sub(r"(?ms)^chapters:\n(  - \S+\n?)+", "chapters:\n" + listing, yaml)
    yaml = re.sub(r"(?m)^edition: .*$", "edition: %s" % a.edition, yaml)
    yaml += ("changes: |\n  Revised throughout; a new chapter, and the last one "
             "retired.\n")
    with open(yaml_path, "w", encoding="utf-8") as f:
        f.write(yaml)
    log.append("%s added, %s removed; edition %s" % (new, gone, a.edition))
    print("\n".join(log))


if __name__ == "__main__":
    main()
