#!/usr/bin/env bash
# The package: `cmake --install` into a fresh prefix installs octavo and its
# man page; `cpack -G DEB` builds a .deb whose Depends name the Debian package
# of every library octavo links, every font it embeds (fonts/fonts.list) and
# the hyphenation patterns; the binary unpacked from the .deb builds the
# bundled series from a folder outside the source tree without opening any
# file of the source or build tree.
set -u
build=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
fail=0 n=0
ok() { n=$((n+1)); }
bad() { n=$((n+1)); fail=$((fail+1)); echo "FAIL: $*"; }
for tool in cpack dpkg-deb dpkg-shlibdeps strace epubcheck qpdf pdffonts; do
  [ "$tool" = epubcheck ] && { [ -f /usr/share/java/epubcheck.jar ] || { echo "missing epubcheck: run scripts/setup.sh --tests"; exit 1; }; continue; }
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/setup.sh --tests"; exit 1; }
done

# 1. cmake --install into a fresh prefix
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; bad "cmake --install"; }
[ -x "$work/prefix/bin/octavo" ] && ok || bad "cmake --install did not install bin/octavo"
[ -f "$work/prefix/share/man/man1/octavo.1" ] && ok || bad "cmake --install did not install the man page"
MANPATH="$work/prefix/share/man" man -P cat octavo 2>/dev/null | grep -q 'octavo new' && ok || bad "man octavo from the installed prefix"

# 2. the .deb
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; bad "cpack -G DEB"; }
deb=$(ls "$work"/deb/octavo_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { bad "no .deb built"; echo "$((n - fail)) passed, $fail failed"; exit 1; }
ok
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
dep_names=$(printf '%s\n' "$depends" | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/[[:space:]]//g' | grep -v '^$')
has_dep() { printf '%s\n' "$dep_names" | grep -qx "$1"; }
mkdir -p "$work/root" && dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/octavo"
[ -x "$bin" ] && ok || bad "the .deb holds no usr/bin/octavo"
[ -f "$work/root/usr/share/man/man1/octavo.1" ] && ok || bad "the .deb holds no man page"
# every library the binary links comes from a package it depends on
for lib in $(readelf -d "$bin" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x86_64|64bit/ {print $NF; exit}')
  [ -n "$path" ] || path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null)
  pkg=${pkg%%:*}
  if [ -z "$pkg" ]; then bad "no Debian package owns $lib ($path)"; continue; fi
  has_dep "$pkg" && ok || bad "$lib comes from $pkg, which Depends does not name"
done
# every font of fonts.list, and the default language's hyphenation patterns
for pkg in $(grep -v '^#' "$src/fonts/fonts.list" | cut -f5 | sort -u) hyphen-en-us; do
  has_dep "$pkg" && ok || bad "Depends lacks $pkg"
done
# and every package it names exists here (the .deb is installable on Debian 12)
for pkg in $dep_names; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' && ok || bad "Depends names $pkg, which is not installed here"
done

# 3. the unpacked binary builds the bundled series from a folder outside the tree
# a folder outside the source tree (the build tree, and so $work, is often inside it)
outside=$(mktemp -d "${TMPDIR:-/tmp}/octavo-package-test.XXXXXX") || exit 1
trap 'rm -rf "$outside"' EXIT
mkdir -p "$outside/series" && cp -r "$src/series/python-memory-model" "$outside/series/"
(cd "$outside" && SOURCE_DATE_EPOCH=1700000000 strace -f -qq -e trace=open,openat -o "$work/strace.log" \
   "$bin" build --strict >"$work/build.out" 2>"$work/build.err")
rc=$?
[ "$rc" = 0 ] && ok || { cat "$work/build.err"; bad "the installed octavo failed to build the bundled series (exit $rc)"; }
epub=$(ls "$outside"/out/*.epub 2>/dev/null | head -1) pdf=$(ls "$outside"/out/*.pdf 2>/dev/null | head -1)
[ -n "$epub" ] && [ -n "$pdf" ] && ok || bad "no EPUB and PDF in $outside/out"
srcreal=$(readlink -f "$src") buildreal=$(readlink -f "$build") workreal=$(readlink -f "$work")
opened_in_tree() { grep -E "\"($srcreal|$buildreal)/" "$work/strace.log" | grep -v "\"$workreal/root/"; }
if opened_in_tree | grep -q .; then
  bad "the installed octavo opened files of the source or build tree:"; opened_in_tree | head
else ok; fi
if [ -n "$epub" ]; then
  bash "$src/tests/tools/epubcheck.sh" "$epub" && ok || bad "EPUBCheck on the installed octavo's EPUB"
fi
if [ -n "$pdf" ]; then
  qpdf --check "$pdf" >/dev/null && ok || bad "qpdf --check on the installed octavo's PDF"
  # every font embedded: pdffonts' "emb" column says yes for each font
  if pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" {bad=1} END {exit bad}'; then ok; else pdffonts "$pdf"; bad "a font is not embedded"; fi
fi
# the scaffold comes from inside the binary too
(cd "$outside" && "$bin" new fresh-book >/dev/null && SOURCE_DATE_EPOCH=1700000000 "$bin" build --strict series/fresh-book -o out-new >/dev/null 2>&1) \
  && ok || bad "octavo new + build with the installed binary"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
