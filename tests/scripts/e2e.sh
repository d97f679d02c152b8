#!/usr/bin/env bash
# Builds a series and checks the EPUB with EPUBCheck or DAISY Ace.
set -eu
octavo=$1 series=$2 work=$3 check=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
SOURCE_DATE_EPOCH=1700000000 "$octavo" build "$series" -o "$work" --strict
book=$(ls "$work"/*.epub)
bash "$here/../tools/$check.sh" "$book"
