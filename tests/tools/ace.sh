#!/usr/bin/env bash
# ace.sh EPUB — run DAISY Ace (accessibility checker) on EPUB, headless, on
# Debian's chromium.
# ace.sh --install — what `scripts/setup.sh --tests` runs, never a test: Ace
#   by `npm ci --ignore-scripts` of the pinned tests/tools/ace-deps/
#   (@daisy/ace-cli 1.4.6 = the puppeteer runner, no Electron, no browser
#   download) into $ACE_DIR (default: <repo>/build/tools/ace).
# A test never installs anything: a missing Ace or chromium fails, saying
# what to run.
#
# Exit codes: 0 = Ace reports zero violations (any impact)
#             1 = Ace reported violations (each one is printed), or Ace's
#                 EPUB parser rejected the file ("Failed to parse EPUB")
#             2 = the tool could not be installed or run (loud message)
# There is deliberately no "skipped" exit code (77): a missing tool is a failure.
#
# Environment:
#   ACE_DIR                 install folder (default <repo>/build/tools/ace)
#   ACE_CHROMIUM            browser binary (default /usr/bin/chromium)
#   ACE_REPORT_DIR          keep Ace's report.json/report.html there (default:
#                           a temp dir removed on exit)
#   ACE_TIMEOUT_MS          per-document timeout passed to Ace (default 240000)
set -u
set -o pipefail

me=ace.sh
die() { echo "$me: ERROR: $*" >&2; exit 2; }

[ $# -eq 1 ] || { echo "usage: $me EPUB | $me --install" >&2; exit 2; }
install=0
if [ "$1" = --install ]; then
    install=1
else
    epub=$1
    [ -f "$epub" ] || die "no such file: $epub"
    epub_abs=$(cd "$(dirname "$epub")" && pwd)/$(basename "$epub")
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deps="$here/ace-deps"
ACE_DIR=${ACE_DIR:-"$here/../../build/tools/ace"}
mkdir -p "$ACE_DIR" || die "cannot create ACE_DIR=$ACE_DIR"
ACE_DIR=$(cd "$ACE_DIR" && pwd)
chromium=${ACE_CHROMIUM:-/usr/bin/chromium}


# --- node ------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node is not installed (Ace 1.4.6 needs Node.js >= 20)"
command -v npm  >/dev/null 2>&1 || die "npm is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]') || die "node does not run"
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: Ace 1.4.6 needs >= 20"

# Serialise installs: CTest may run several ace.sh at once (ctest -j).
exec 9>"$ACE_DIR/.install.lock" || die "cannot open lock in $ACE_DIR"
flock 9 || die "cannot lock $ACE_DIR/.install.lock"

# --- chromium ----------------------------------------------------------------
[ -x "$chromium" ] || die "$chromium is missing: run scripts/setup.sh --tests (it installs Debian's chromium)"

# --- Ace -------------------------------------------------------------------
stamp="$ACE_DIR/.installed"
want=$(cat "$deps/package.json" "$deps/package-lock.json" | sha256sum | cut -d' ' -f1)
ace_js="$ACE_DIR/node_modules/@daisy/ace-cli/bin/ace.js"
if [ "$install" = 0 ] && { [ ! -f "$ace_js" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; }; then
    die "DAISY Ace is not installed in $ACE_DIR (or tests/tools/ace-deps changed): run scripts/setup.sh --tests"
fi
if [ ! -f "$ace_js" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "$me: installing DAISY Ace into $ACE_DIR (npm ci --ignore-scripts)..." >&2
    t0=$(date +%s)
    rm -f "$stamp"
    cp "$deps/package.json" "$deps/package-lock.json" "$ACE_DIR/" || die "cannot copy ace-deps"
    ( cd "$ACE_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROME_DOWNLOAD=1 \
        ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund \
        --loglevel=error ) >"$ACE_DIR/npm.log" 2>&1 \
        || { tail -n 30 "$ACE_DIR/npm.log" >&2; die "npm ci of Ace failed (log: $ACE_DIR/npm.log)"; }
    [ -f "$ace_js" ] || die "npm ci finished but $ace_js is missing"
    echo "$want" >"$stamp"
    echo "$me: Ace installed in $(( $(date +%s) - t0 )) s" >&2
fi

# Wrapper passed to puppeteer as the browser: Ace already adds --no-sandbox
# --disable-setuid-sandbox and headless mode; these make it robust as root in
# a container (small /dev/shm, no GPU) and keep it off the network.
wrapper="$ACE_DIR/chromium-headless-$(printf %s "$chromium" | cksum | cut -d" " -f1).sh"
wrapper_text="#!/bin/sh
exec \"$chromium\" --no-sandbox --headless --disable-gpu --disable-dev-shm-usage \\
  --no-first-run --disable-background-networking --disable-component-update \\
  --disable-sync --disable-default-apps --disable-extensions \"\$@\""
if [ "$(cat "$wrapper" 2>/dev/null)" != "$wrapper_text" ]; then
    { printf '%s\n' "$wrapper_text" >"$wrapper.tmp" && chmod +x "$wrapper.tmp" \
        && mv "$wrapper.tmp" "$wrapper"; } || die "cannot write $wrapper"
fi
flock -u 9
[ "$install" = 0 ] || exit 0

# --- run -------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/octavo-ace.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
out=${ACE_REPORT_DIR:-"$tmp/out"}
mkdir -p "$out" "$tmp/work" "$tmp/home" || die "cannot create $out"

rc=0
( cd "$tmp" && HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" XDG_CACHE_HOME="$tmp/home" \
    PUPPETEER_EXECUTABLE_PATH="$wrapper" PUPPETEER_SKIP_DOWNLOAD=1 \
    NO_COLOR=1 FORCE_COLOR=0 \
    node "$ace_js" --force --lang en --timeout "${ACE_TIMEOUT_MS:-240000}" \
        --outdir "$out" --tempdir "$tmp/work" "$epub_abs" ) >"$tmp/ace.log" 2>&1 || rc=$?

if [ $rc -ne 0 ] || [ ! -s "$out/report.json" ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$tmp/ace.log" >&2
    if grep -q 'Failed to parse EPUB' "$tmp/ace.log"; then
        # Ace's own EPUB parser rejected the file: a problem of the EPUB.
        echo "$me: $epub: Ace could not parse the EPUB (see above)"
        exit 1
    fi
    die "Ace failed (exit $rc) or wrote no report for $epub"
fi

node - "$out/report.json" "$epub" <<'EOF'
const fs = require('fs');
const [file, epub] = process.argv.slice(2);
let r;
try { r = JSON.parse(fs.readFileSync(file, 'utf8')); }
catch (e) { console.error(`ace.sh: ERROR: cannot parse ${file}: ${e.message}`); process.exit(2); }
const outcome = r['earl:result'] && r['earl:result']['earl:outcome'];
const violations = [];
function walk(node, subject) {
  for (const a of node.assertions || []) {
    const subj = (a['earl:testSubject'] && a['earl:testSubject'].url) || subject;
    const res = a['earl:result'] || {};
    if (a['earl:test'] && res['earl:outcome'] === 'fail') {
      const t = a['earl:test'];
      const ptr = res['earl:pointer'] || {};
      violations.push({
        rule: t['dct:title'], impact: t['earl:impact'], file: subj,
        desc: res['dct:description'] || t['dct:description'],
        where: (ptr.css || []).join(' ') || (ptr.cfi || []).join(' '),
        html: res.html, help: t.help && t.help.url,
      });
    }
    walk(a, subj);
  }
}
walk(r, '(package)');
const tool = (r['earl:assertedBy'] && r['earl:assertedBy']['doap:release']) || {};
if (violations.length === 0 && outcome === 'pass') {
  console.log(`ace.sh: ${epub}: Ace ${tool['doap:revision'] || ''} reports no violations`);
  process.exit(0);
}
if (violations.length === 0) {
  console.log(`ace.sh: ${epub}: Ace outcome is "${outcome}" but no violation was found in the report`);
  process.exit(2);
}
const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
violations.sort((a, b) => (order[a.impact] ?? 9) - (order[b.impact] ?? 9));
const stats = {};
for (const v of violations) stats[v.impact] = (stats[v.impact] || 0) + 1;
console.log(`ace.sh: ${epub}: ${violations.length} violation(s): ` +
  Object.entries(stats).map(([k, n]) => `${n} ${k}`).join(', '));
for (const v of violations) {
  const desc = String(v.desc || '').trim().split('\n').join('\n      ');
  console.log(`  [${v.impact}] ${v.rule} in ${v.file}${v.where ? ' at ' + v.where : ''}: ${desc}`);
  if (v.html) console.log(`      html: ${v.html.replace(/\s+/g, ' ').slice(0, 200)}`);
  if (v.help) console.log(`      help: ${v.help}`);
}
process.exit(1);
EOF
