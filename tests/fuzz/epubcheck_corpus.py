#!/usr/bin/env python3
"""The schema oracle the fuzzers lack: builds every Markdown input of a
corpus as a chapter, packs the ones that build into books of many chapters,
and runs EPUBCheck on each book (a JVM start per book, not per input). Prints
every input whose XHTML EPUBCheck rejects, with the message.

    epubcheck_corpus.py OCTAVO EPUBCHECK_SH WORK CORPUS_DIR... [--per-book N]

The test suite runs it over corpus/markdown and regressions/markdown; run
it by hand over a fuzzer's working corpus (tests/fuzz/README). An input it
reports is a bug to fix and a file for regressions/markdown/.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_IMAGES = os.path.join(HERE, "..", "golden", "book", "images")


def new_series(path, chapters):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, "images"))
    with open(os.path.join(path, "series.yaml"), "w") as f:
        f.write("title: Corpus\nauthor: Fuzz\n")
    # the images fuzz_markdown's series holds, so chapters that use them build
    for name in ("dot.png", "square.svg"):
        shutil.copy(os.path.join(GOLDEN_IMAGES, name), os.path.join(path, "images", name))
    for i, data in enumerate(chapters):
        with open(os.path.join(path, "%04d.md" % (i + 1)), "wb") as f:
            f.write(data)


def build(octavo, series, out):
    r = subprocess.run([octavo, "build", series, "-o", out, "-f", "epub", "-q"],
                       capture_output=True, timeout=120)
    return r.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("octavo")
    ap.add_argument("epubcheck")
    ap.add_argument("work")
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--per-book", type=int, default=300)
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    inputs = []
    for d in a.corpus:
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                inputs.append((os.path.join(d, name), f.read()))
    work = os.path.abspath(a.work)
    series = os.path.join(work, "corpus")
    out = os.path.join(work, "out")
    good, crashed = [], 0
    for path, data in inputs:
        new_series(series, [data])
        status = build(a.octavo, series, out)
        if status == 0:
            good.append((path, data))
        elif status != 1:
            crashed += 1
            print("octavo exited with %d (a crash?) on %s" % (status, path))
    print("%d of %d inputs build on their own" % (len(good), len(inputs)))
    bad = 0
    for start in range(0, len(good), a.per_book):
        part = good[start:start + a.per_book]
        new_series(series, [d for _, d in part])
        if build(a.octavo, series, out) != 0:
            print("a book of %d chapters from %s on does not build" % (len(part), part[0][0]))
            continue
        r = subprocess.run(["bash", a.epubcheck, os.path.join(out, "corpus-1.0.0.epub")],
                           capture_output=True, text=True)
        for line in (r.stdout + r.stderr).splitlines():
            m = re.search(r"EPUB/ch(\d+)\.xhtml\((-?\d+),(-?\d+)\): (.*)", line)
            if m and line.startswith(("ERROR", "FATAL", "WARNING")):
                bad += 1
                print("%s: %s" % (part[int(m.group(1)) - 1][0], m.group(4)))
            elif line.startswith(("ERROR", "FATAL", "WARNING")):
                bad += 1
                print(line)
    print("%d EPUBCheck message(s)" % bad)
    return 1 if bad or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
