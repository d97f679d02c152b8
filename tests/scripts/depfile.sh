#!/usr/bin/env bash
# --depfile: every output and every input read, escaped for make, written even
# when the build fails; GNU make reads it back and rebuilds exactly when an
# input changes.
set -u
octavo=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail=0 n=0
ok() { n=$((n+1)); }
bad() { n=$((n+1)); fail=$((fail+1)); echo "FAIL: $*"; }
export SOURCE_DATE_EPOCH=1700000000
# a parent folder make finds hard to name: space, $, #, :, %
odd='odd dir $x#1:%'
mkdir -p "$odd" && cp -r "$src/series/python-memory-model" "$odd/pmm"
"$octavo" build "$odd/pmm" -o "out dir" --depfile "deps dir.d" -q 2>err.txt && ok || { cat err.txt; bad "build with --depfile"; }
[ -s "deps dir.d" ] && ok || bad "no depfile written"
# make's own view: the prerequisites it reads for the EPUB (the books are
# named after the series' edition, whatever it is now)
ed=$(sed -n 's/^edition: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$odd/pmm/series.yaml" | head -n 1)
printf 'out\\ dir/pmm-%s.epub out\\ dir/pmm-%s.pdf:\n\t@echo REBUILD\n-include deps\\ dir.d\n' "$ed" "$ed" > Makefile
prereqs=$(cat "deps dir.d")
for f in series.yaml 01-memory-architecture.md 07-capability-building.md cover.png images/flywheel.svg images/gil-vs-nogil.png; do
  # a prerequisite line ( path \) or the last one ( path), and its empty rule (path:)
  printf '%s\n' "$prereqs" | grep -qE "^ .*/pmm/$f( \\\\)?\$" &&
    printf '%s\n' "$prereqs" | grep -qE "/pmm/$f:\$" && ok || bad "the depfile lacks $f"
done
printf '%s' "$prereqs" | grep -qF ' odd\ dir\ $$x\#1\:%/pmm/series.yaml' && ok || bad "special characters not escaped for make: $(head -3 'deps dir.d')"
grep -v '^#' "$src/fonts/fonts.list" | cut -f4 | while read -r font; do
  grep -qF "$font" "deps dir.d" || echo "missing font $font"
done | grep -q . && bad "a font of fonts.list is not in the depfile" || ok
grep -qE '^ /usr/share/hyphen/hyph_en[_A-Z]*\.dic' "deps dir.d" && ok || bad "the hyphenation patterns are not in the depfile"
grep -qF "out\\ dir/pmm-$ed.epub out\\ dir/pmm-$ed.pdf:" "deps dir.d" && ok || bad "the outputs are not the targets"
out=$(make 2>&1); [ -z "$out" ] || [[ "$out" == *"up to date"* ]] || [[ "$out" == *"Nothing to be done"* ]] && ok || bad "make rebuilds right after a build: $out"
sleep 1; touch "$odd/pmm/images/flywheel.svg"
make 2>&1 | grep -q REBUILD && ok || bad "make does not rebuild after an image changed"
"$octavo" build "$odd/pmm" -o "out dir" --depfile "deps dir.d" -q 2>/dev/null
rm "$odd/pmm/images/flywheel.svg"
make 2>&1 | grep -q REBUILD && ok || bad "make does not rebuild (or stops) when an input is deleted"

# a failing build still writes its depfile, with what it read up to the failure
mkdir -p broken && cp -r "$src/tests/check/glyphs" broken/glyphs
printf '\n![gone](images/nope.png)\n' >> broken/glyphs/02-b.md
"$octavo" build broken/glyphs -o out2 --depfile broken.d -q 2>err.txt; rc=$?
[ "$rc" = 1 ] && ok || bad "a broken build exits $rc"
[ ! -e out2/glyphs-1.0.0.epub ] && ok || bad "a broken build wrote its book"
[ -s broken.d ] && ok || bad "no depfile for a failed build"
grep -q '^out2/glyphs-1.0.0.epub out2/glyphs-1.0.0.pdf:' broken.d && ok || bad "failed build's depfile lacks the targets"
for f in series.yaml 01-a.md 02-b.md images/nope.png; do
  grep -qF "broken/glyphs/$f" broken.d && ok || bad "failed build's depfile lacks $f"
done
# series.yaml unreadable: the depfile names it (and itself as the target)
mkdir -p bad-yaml/x && printf 'title: [unclosed\n' > bad-yaml/x/series.yaml
"$octavo" build bad-yaml/x --depfile bad.d -q 2>/dev/null; rc=$?
[ "$rc" = 1 ] && grep -qF 'bad-yaml/x/series.yaml' bad.d && grep -q '^bad\.d:' bad.d && ok || bad "bad series.yaml: exit $rc, depfile: $(cat bad.d 2>/dev/null)"
# two series, one depfile: a rule each
"$octavo" build "$odd/pmm" broken/glyphs -o out3 --depfile two.d -q 2>/dev/null
[ "$(grep -c '^out3/' two.d)" = 2 ] && ok || bad "two series give two rules: $(grep '^out3' two.d)"
# --depfile is build's alone
"$octavo" check "$odd/pmm" --depfile x.d >/dev/null 2>&1; [ $? = 2 ] && [ ! -e x.d ] && ok || bad "check --depfile is not a usage error"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
