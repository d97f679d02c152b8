#!/usr/bin/env bash
# One golden fixture per feature: tests/golden/features/CASE.md is built as the
# only chapter of a series, and its EPUB chapter must equal CASE.xhtml byte for
# byte; where CASE.pdf.txt exists, the chapter's text in the PDF (pdftotext,
# from "Chapter 1" on) must equal it too; the build's diagnostics must equal
# CASE.stderr (no file: none). UPDATE_GOLDEN=1 writes the expectations (read
# them before committing). A new feature is a new CASE.md and its expectations.
#   golden-feature.sh OCTAVO CASE.md WORK
set -u
octavo=$(realpath "$1") md=$(realpath "$2") work=$(realpath -m "$3")
case_name=$(basename "$md" .md)
dir=$(dirname "$md")
rm -rf "$work" && mkdir -p "$work/series/$case_name" "$work/out" "$work/unzip"
series="$work/series/$case_name"
cat > "$series/series.yaml" <<EOF
title: "Feature: $case_name"
author: "octavo tests"
language: en
edition: "1.0.0"
date: "2026-01-01"
EOF
cp "$md" "$series/$case_name.md"
[ -d "$dir/images" ] && cp -r "$dir/images" "$series/images"
formats=epub
[ -f "$dir/$case_name.pdf.txt" ] || [ "${UPDATE_GOLDEN:-0}" = 1 ] && formats=all
(cd "$work/series" && SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 "$octavo" build "$case_name" \
  -f "$formats" -o "$work/out" -q 2> "$work/stderr")
rc=$?
chapter="EPUB/$case_name.xhtml"
(cd "$work/unzip" && unzip -q "$work/out/$case_name-1.0.0.epub" "$chapter") 2>/dev/null
pdf_text() {
  pdftotext "$work/out/$case_name-1.0.0.pdf" - | sed -n '/^\f*Chapter 1$/,$p'
}
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$work/unzip/$chapter" "$dir/$case_name.xhtml"
  pdf_text > "$dir/$case_name.pdf.txt"
  if [ -s "$work/stderr" ]; then cp "$work/stderr" "$dir/$case_name.stderr"; else rm -f "$dir/$case_name.stderr"; fi
  echo "golden-feature.sh: $case_name's expectations written"
  exit 0
fi
pass=0 fail=0
check() { # check WHAT COMMAND...
  local what=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $case_name: $what"; fail=$((fail + 1)); fi
}
check "exit status 0 (was $rc)" [ "$rc" = 0 ]
check "the chapter's XHTML equals $case_name.xhtml" diff -u "$dir/$case_name.xhtml" "$work/unzip/$chapter"
if [ -f "$dir/$case_name.stderr" ]; then
  check "the diagnostics equal $case_name.stderr" diff -u "$dir/$case_name.stderr" "$work/stderr"
else
  check "no diagnostics" diff -u /dev/null "$work/stderr"
fi
if [ -f "$dir/$case_name.pdf.txt" ]; then
  pdf_text > "$work/pdf.txt"
  check "the PDF's text equals $case_name.pdf.txt" diff -u "$dir/$case_name.pdf.txt" "$work/pdf.txt"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
