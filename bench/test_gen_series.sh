#!/usr/bin/env bash
# Checks bench/gen_series.py: deterministic output, Markdown that pandoc
# renders without warnings, valid images, the requested word count (±5%),
# and cross-chapter links whose anchors exist under GitHub's rules.
#   bash bench/test_gen_series.sh            # 7 chapters, 20,000 words
#   WORDS=1000000 CHAPTERS=200 bash bench/test_gen_series.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORDS=${WORDS:-20000}
CHAPTERS=${CHAPTERS:-7}
for tool in python3 pandoc file; do
    command -v "$tool" >/dev/null || { echo "test_gen_series: needs $tool" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/octavo-gen-test.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT
a="$tmp/a/gen-test"
b="$tmp/b/gen-test"
fail=0
ok()  { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }

python3 bench/gen_series.py "$a" --words "$WORDS" --chapters "$CHAPTERS" --seed 7
python3 bench/gen_series.py "$b" --words "$WORDS" --chapters "$CHAPTERS" --seed 7 -q >/dev/null
if diff -r "$a" "$b" >/dev/null; then ok "same arguments give the same bytes"; else bad "output differs between two runs"; fi
python3 bench/gen_series.py "$b" --words "$WORDS" --chapters "$CHAPTERS" --seed 8 -q --force >/dev/null
if ! diff -rq "$a" "$b" >/dev/null; then ok "another seed gives another series"; else bad "seed ignored"; fi

# pandoc renders every chapter, and warns about nothing
warn="$tmp/pandoc-warnings.txt"
: >"$warn"
for f in "$a"/ch*.md; do
    pandoc -f gfm -t html5 --resource-path="$a" "$f" -o /dev/null 2>>"$warn" || bad "pandoc failed on $f"
done
if [ -s "$warn" ]; then bad "pandoc warnings:"; head -20 "$warn"; else ok "pandoc -f gfm renders all chapters without warnings"; fi

# images
for p in "$a"/images/*.png "$a"/cover.png; do
    if file -b "$p" | grep -q '^PNG image data'; then :; else bad "$p: $(file -b "$p")"; fi
done
ok "PNG files: $(file -b "$a/cover.png")"
if python3 - "$a" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
for f in glob.glob(sys.argv[1] + "/images/*.svg"):
    ET.parse(f)
EOF
then ok "SVG files are well-formed XML"; else bad "SVG not well-formed"; fi

# word counts: the generator's own, series_info's, and pandoc's plain text
gen_words=$(python3 bench/gen_series.py "$b" --words "$WORDS" --chapters "$CHAPTERS" --seed 7 -q --force | sed -n 's/^words: //p')
info_words=$(python3 bench/series_info.py words "$a")
printf 'function CodeBlock(el) return {} end\n' >"$tmp/nocode.lua"
pandoc -f gfm -t plain --wrap=none --lua-filter="$tmp/nocode.lua" "$a"/ch*.md >"$tmp/plain.txt"
pandoc_words=$(python3 - "$tmp/plain.txt" <<'EOF'
import re, sys
t = re.sub(r"\[\d+\]", " ", open(sys.argv[1], encoding="utf-8").read())  # note marks
t = re.sub(r"(?m)^\s*(\d+\.|-|\[[ x]\])\s", " ", t)                        # list marks
print(sum(1 for w in t.split() if re.search(r"[A-Za-z0-9]", w)))
EOF
)
for pair in "generator:$gen_words" "series_info:$info_words" "pandoc-plain:$pandoc_words"; do
    name=${pair%%:*}; n=${pair#*:}
    if python3 -c "import sys; sys.exit(0 if abs($n - $WORDS) <= 0.05 * $WORDS else 1)"; then
        ok "words by $name: $n (asked $WORDS)"
    else
        bad "words by $name: $n, more than 5% off $WORDS"
    fi
done

# every link to a heading resolves to an id pandoc gives that heading
# (pandoc's gfm_auto_identifiers follow GitHub's anchor rules)
for f in "$a"/ch*.md; do
    pandoc -f gfm -t json "$f" -o "$tmp/$(basename "$f" .md).json"
done
if python3 - "$a" "$tmp" <<'EOF'
import glob, json, os, re, sys
src, tmp = sys.argv[1], sys.argv[2]
ids = {}
def walk(x, acc):
    if isinstance(x, dict):
        if x.get("t") == "Header":
            acc.add(x["c"][1][0])
        for v in x.values():
            walk(v, acc)
    elif isinstance(x, list):
        for v in x:
            walk(v, acc)
for j in glob.glob(tmp + "/ch*.json"):
    acc = set()
    walk(json.load(open(j)), acc)
    ids[os.path.basename(j)[:-5] + ".md"] = acc
bad = n = 0
for f in sorted(glob.glob(src + "/ch*.md")):
    me = os.path.basename(f)
    for target in re.findall(r"\]\(((?:ch\d+\.md)?(?:#[^)\s]+)?)\)", open(f).read()):
        if not target:
            continue
        n += 1
        file, _, anchor = target.partition("#")
        file = file or me
        if file not in ids or (anchor and anchor not in ids[file]):
            bad += 1
            print("  %s: dangling %s" % (me, target))
print("  %d internal links checked" % n)
sys.exit(1 if bad else 0)
EOF
then ok "all chapter and heading links resolve"; else bad "dangling links"; fi

if [ "$fail" = 0 ]; then echo "test_gen_series: all checks passed"; else echo "test_gen_series: FAILED"; fi
exit "$fail"
