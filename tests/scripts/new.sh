#!/usr/bin/env bash
# `octavo new`: the scaffold builds clean (--strict, EPUBCheck, Ace), never
# overwrites anything, refuses slugs the series format does not allow, and
# leaves nothing behind when it refuses.
set -u
octavo=$1 work=$2
tools=$(cd "$(dirname "$0")/../tools" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
out=$work.stdout err=$work.stderr  # outside the folder octavo writes into
fail=0 n=0
check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift; n=$((n+1))
  if ! "$@"; then echo "FAIL: $what"; fail=$((fail+1)); fi
}
status() { # status WANT DESCRIPTION COMMAND...
  local want=$1 what=$2; shift 2; n=$((n+1))
  "$@" >"$out" 2>"$err"; local rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL $what: exit $rc, expected $want"; cat "$out" "$err"; fail=$((fail+1)); fi
}

status 0 "new slug" "$octavo" new my-book
check "series.yaml and chapters written" test -f series/my-book/series.yaml -a -f series/my-book/01-first-steps.md -a -f series/my-book/images/pipeline.svg
status 0 "scaffold builds with --strict (zero warnings)" env SOURCE_DATE_EPOCH=1700000000 "$octavo" build --strict series/my-book -o out
check "no diagnostics from the scaffold" test ! -s "$err"
epub=$(ls out/*.epub 2>/dev/null | head -1)
check "EPUBCheck passes" bash "$tools/epubcheck.sh" "$epub"
check "Ace passes" bash "$tools/ace.sh" "$epub"

# never overwrites: an edited chapter survives a second `new`
echo "my words" > series/my-book/01-first-steps.md
status 1 "existing series refused" "$octavo" new my-book
check "existing chapter untouched" grep -qx "my words" series/my-book/01-first-steps.md
check "refusal names the folder" grep -q "series/my-book: error: already exists" "$err"
mkdir -p taken && echo keep > taken/notes.txt
status 1 "non-empty folder refused" "$octavo" new ./taken
check "its file untouched" grep -qx keep taken/notes.txt
check "nothing added to it" test "$(ls -A taken)" = notes.txt
echo data > plainfile
status 1 "a file in the way refused" "$octavo" new ./plainfile
ln -s taken linked
status 1 "a symlink in the way refused" "$octavo" new ./linked
check "symlink target untouched" test "$(ls -A taken)" = notes.txt
mkdir empty-one
status 0 "an empty folder is filled" "$octavo" new ./empty-one
check "empty folder got series.yaml" test -f empty-one/series.yaml

# slugs: lowercase letters, digits and '-'
for bad in My-Book my_book "my book" "caf$(printf '\xc3\xa9')" "" ; do
  status 2 "slug '$bad' rejected" "$octavo" new "$bad"
done
status 2 "bad slug at the end of a path rejected" "$octavo" new ./somewhere/Bad
check "nothing created for a rejected slug" test ! -e somewhere
status 2 "two slugs" "$octavo" new a b
status 2 "unknown option" "$octavo" new --frobnicate x
status 0 "new --help" "$octavo" new --help
check "help has a usage line" grep -q '^Usage: octavo new' "$out"

# options reach series.yaml, escaped for YAML
status 0 "title and author options" "$octavo" new ./deep/path/quoted-1 --title 'He said "hi" \ back' --author 'Ann: B'
status 0 "quoted title builds" env SOURCE_DATE_EPOCH=1700000000 "$octavo" build --strict deep/path/quoted-1 -o out2
check "title kept" grep -qF '<dc:title id="title">He said "hi" \ back</dc:title>' <(unzip -p out2/quoted-1-0.1.0.epub EPUB/package.opf)
check "author kept" grep -qF '>Ann: B</dc:creator>' <(unzip -p out2/quoted-1-0.1.0.epub EPUB/package.opf)

# no hidden temporary folders left anywhere
check "no temporary folders left" test -z "$(find . -name '.*.new-*')"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
