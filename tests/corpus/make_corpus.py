#!/usr/bin/env python3
"""Turns the Markdown documentation of Debian packages into octavo series.

    make_corpus.py OCTAVO OUT_DIR

For each package below: every .md (and .md.gz, which dpkg compresses) under its
documentation folder is copied (decompressed) into OUT_DIR/<slug>/ with its
relative path, every image file beside them too, and a series.yaml lists the
chapters in path order. Copies only: nothing is written into the repository.

Then `octavo check` runs on each series. A chapter the contract rejects with
an error (an image the package does not ship, say) is taken out of the series
and *noted*, with octavo's own diagnostic, in OUT_DIR/NOTES.txt: the test
prints that file, and fails if a chapter is left out for any other kind of
error. Exit status: 0, or 1 with a message when a package is not installed
(scripts/setup.sh --tests installs them).
"""
import gzip
import os
import re
import shutil
import subprocess
import sys

# (slug, documentation folder, Debian package, title, author)
PACKAGES = [
    ("docker-docs", "/usr/share/doc/docker-doc", "docker-doc",
     "Docker Engine reference", "The Docker authors"),
    ("nodejs-api", "/usr/share/doc/nodejs/api", "nodejs-doc",
     "Node.js API", "The Node.js contributors"),
    ("git-lfs-docs", "/usr/share/doc/git-lfs", "git-lfs",
     "Git LFS specifications", "The Git LFS authors"),
]
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# The only errors a chapter of real documentation may cause (the contract's
# errors about content octavo cannot take in); any other fails the corpus.
NOTED_ERRORS = re.compile(r"image '[^']*' (not found|is not|has a format|leaves)")


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def copy_package(src, dst):
    chapters = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            if name.endswith(".md.gz"):
                rel = rel[:-3]
                os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
                with gzip.open(path, "rb") as f, open(os.path.join(dst, rel), "wb") as g:
                    g.write(f.read())
            elif name.endswith(".md") or name.lower().endswith(IMAGE_EXT):
                os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
                shutil.copyfile(path, os.path.join(dst, rel))
            else:
                continue
            if rel.endswith(".md"):
                chapters.append(rel)
    return sorted(chapters)


def write_manifest(dst, title, author, package, chapters):
    with open(os.path.join(dst, "series.yaml"), "w", encoding="utf-8") as f:
        f.write(f"title: {yaml_str(title)}\n")
        f.write(f"subtitle: {yaml_str('from the Debian package ' + package)}\n")
        f.write(f"author: {yaml_str(author)}\n")
        f.write("language: en\nedition: 1.0.0\ndate: 2024-01-01\n")
        f.write("chapters:\n")
        for c in chapters:
            f.write(f"  - {yaml_str(c)}\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    octavo, out = sys.argv[1], sys.argv[2]
    missing = [p for _, src, p, _, _ in PACKAGES if not os.path.isdir(src)]
    if missing:
        print("make_corpus: not installed: " + " ".join(missing) +
              " (run scripts/setup.sh --tests)", file=sys.stderr)
        return 1
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    notes, total = [], 0
    for slug, src, package, title, author in PACKAGES:
        dst = os.path.join(out, slug)
        chapters = copy_package(src, dst)
        write_manifest(dst, title, author, package, chapters)
        r = subprocess.run([octavo, "check", dst], capture_output=True, text=True,
                           env=dict(os.environ, NO_COLOR="1"))
        left_out = {}
        for line in r.stderr.splitlines():
            if ": error: " not in line:
                continue
            rel = os.path.relpath(line.split(":", 1)[0], dst)
            if rel not in chapters or not NOTED_ERRORS.search(line):
                print(f"make_corpus: {slug}: an error the corpus does not expect:\n  {line}",
                      file=sys.stderr)
                return 1
            left_out.setdefault(rel, []).append(line.split(": error: ", 1)[1])
        if left_out:
            chapters = [c for c in chapters if c not in left_out]
            write_manifest(dst, title, author, package, chapters)
            for rel, errs in sorted(left_out.items()):
                for e in errs:
                    notes.append(f"{slug}/{rel}: left out ({package} does not ship what it "
                                 f"needs): octavo: error: {e}")
        total += len(chapters)
        print(f"make_corpus: {slug}: {len(chapters)} chapters from {package}"
              + (f", {len(left_out)} left out (see NOTES.txt)" if left_out else ""))
    with open(os.path.join(out, "NOTES.txt"), "w", encoding="utf-8") as f:
        f.write("".join(n + "\n" for n in notes) or "no chapter left out\n")
    print(f"make_corpus: {total} chapters in all")
    for n in notes:
        print("make_corpus: note: " + n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
