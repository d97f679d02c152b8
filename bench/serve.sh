#!/usr/bin/env bash
# bench/serve.sh [OCTAVO] [SAVES]: the time from saving a chapter of the
# bundled series to its new text on the page of `octavo serve`, in headless
# Chromium (tests/serve/serve_test.py --bench). Prints the median, the
# fastest and the slowest of SAVES saves (default 10), octavo's own share
# (the EPUB view rebuilt in memory) and the machine's load average, which
# on a shared machine is most of the figure.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
octavo=${1:-$here/build/octavo}
saves=${2:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/octavo-bench-serve.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/tests/serve/serve_test.py" "$octavo" "$here/series/python-memory-model" "$work/run" \
  --bench "$saves" | grep -v '^[0-9]* passed'
