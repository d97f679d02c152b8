#!/usr/bin/env bash
# A progress line on a terminal for a build that takes over a second; none
# when stderr is not a terminal, none with --quiet.
set -u
octavo=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
command -v script >/dev/null || { echo "script(1) is missing: run scripts/setup.sh --tests"; exit 1; }
fail=0 n=0
ok() { n=$((n+1)); }
bad() { n=$((n+1)); fail=$((fail+1)); echo "FAIL: $*"; }
# a series long enough that a build takes well over a second on any machine
# (the bundled one takes 0.8 s on an idle one): 200,000 generated words, -j1, the PDF
python3 "$src/bench/gen_series.py" long --words 200000 --chapters 20 -q >/dev/null ||
  { echo "gen_series.py failed"; exit 1; }
series="$work/long"
script -qec "$octavo build '$series' -o tty-out -j1" /dev/null > tty.txt 2>&1
grep -qE '[0-9]+/20 chapters' tty.txt && ok || bad "no progress line on a terminal: $(head -c 300 tty.txt)"
grep -qE 'pages typeset' tty.txt && ok || bad "the progress line does not count pages"
grep -q $'\r\033\[K' tty.txt && ok || bad "the progress line is not rewritten in place"
grep -q '^built .*\.pdf' <(tr '\r' '\n' < tty.txt | sed 's/\x1b\[K//g') && ok || bad "the summary lines are missing"
script -qec "$octavo build '$series' -o tty-out -j1 --quiet" /dev/null > quiet.txt 2>&1
grep -q 'chapters' quiet.txt && bad "progress despite --quiet: $(head -c 200 quiet.txt)" || ok
"$octavo" build "$series" -o pipe-out -j1 > out.txt 2> err.txt
[ ! -s err.txt ] && ok || bad "progress (or something) on a stderr that is not a terminal: $(head -c 200 err.txt)"
# a quick build shows nothing
series="$src/series/python-memory-model"
script -qec "$octavo build '$series' -o tty-out -f epub" /dev/null > quick.txt 2>&1
secs=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' quick.txt | head -1)
if awk -v s="${secs:-9}" 'BEGIN { exit !(s < 0.9) }'; then
  grep -qE '[0-9]+/7 chapters' quick.txt && bad "progress for a build under a second: $(head -c 200 quick.txt)" || ok
fi
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
