#!/usr/bin/env bash
# The real-world corpus (tests/corpus/README): one step per CTest test.
#   corpus.sh setup     OCTAVO SOURCE_DIR WORK   series from Debian packages' docs, built
#   corpus.sh epubcheck WORK                     every EPUB of the corpus: EPUBCheck clean
#   corpus.sh fidelity  WORK                     octavo's text = cmark-gfm's (docs/fidelity.md)
#   corpus.sh pdf-text  WORK                     the PDF's text = the XHTML's, on a sample
set -u
step=$1
here=$(cd "$(dirname "$0")" && pwd)
need() {
  command -v "$1" >/dev/null 2>&1 ||
    { echo "corpus.sh: '$1' is missing: install $2 (scripts/setup.sh --tests)"; exit 1; }
}
case "$step" in
setup)
  octavo=$2 src=$3 work=$4
  need python3 python3
  python3 -c 'import yaml' 2>/dev/null ||
    { echo "corpus.sh: python3-yaml is missing (scripts/setup.sh --tests)"; exit 1; }
  rm -rf "$work" && mkdir -p "$work/out"
  python3 "$here/make_corpus.py" "$octavo" "$work/series" || exit 1
  cp -r "$src/series/python-memory-model" "$work/series/"
  fail=0
  for s in "$work"/series/*/; do
    slug=$(basename "$s")
    # the PDF sample: a corpus series (the whole corpus to PDF would add minutes)
    case "$slug" in git-lfs-docs) f=all ;; *) f=epub ;; esac
    SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$s" -o "$work/out" -f "$f" -q \
      2>"$work/out/$slug.diagnostics" || { echo "corpus.sh: $slug did not build:";
                                            grep ': error: ' "$work/out/$slug.diagnostics"; fail=1; }
    echo "corpus.sh: $slug: $(grep -c ': warning: ' "$work/out/$slug.diagnostics") warnings"
  done
  echo "corpus.sh: chapters left out of the corpus, and why:"
  sed 's/^/  /' "$work/series/NOTES.txt"
  exit $fail ;;
epubcheck)
  work=$2 fail=0
  # EPUBCheck 4.2.6 checks the reading order of cross-references by recursion:
  # the Node.js API (thousands of links) overflows the JVM's default stack
  export EPUBCHECK_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512m"
  for book in "$work"/out/*.epub; do
    bash "$here/../tools/epubcheck.sh" "$book" >"$book.epubcheck" 2>&1 ||
      { echo "corpus.sh: EPUBCheck: $book"; tail -n 30 "$book.epubcheck"; fail=1; }
  done
  ls "$work"/out/*.epub >/dev/null 2>&1 || { echo "corpus.sh: no EPUB (did corpus.setup run?)"; fail=1; }
  exit $fail ;;
fidelity)
  work=$2 fail=0
  need cmark-gfm cmark-gfm
  for s in "$work"/series/*/; do
    slug=$(basename "$s")
    python3 "$here/fidelity.py" "$s" "$work"/out/"$slug"-*.epub || fail=1
  done
  exit $fail ;;
pdf-text)
  work=$2 fail=0
  need pdftotext poppler-utils
  for pdf in "$work"/out/*.pdf; do
    python3 "$here/pdf_text.py" "${pdf%.pdf}.epub" "$pdf" || fail=1
  done
  ls "$work"/out/*.pdf >/dev/null 2>&1 || { echo "corpus.sh: no PDF (did corpus.setup run?)"; fail=1; }
  exit $fail ;;
*)
  echo "usage: corpus.sh setup|epubcheck|fidelity|pdf-text ..." >&2; exit 2 ;;
esac
