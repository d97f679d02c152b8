#!/usr/bin/env bash
# epubcheck.sh EPUB — validate EPUB with EPUBCheck (Debian package `epubcheck`,
# 4.2.6 on Debian 12) run as `java -jar /usr/share/java/epubcheck.jar`
# (/usr/bin/epubcheck relies on binfmt/jarwrapper and does not start in
# containers).  A missing jar or java fails, saying what to install.
#
# Passes only with zero FATAL, zero ERROR and zero WARNING messages.  Three
# independent signals are checked, so that JVM noise or a crash cannot pass:
#   * the message lines FATAL(...) / ERROR(...) / WARNING(...) (stderr),
#   * the summary line "Messages: N fatals / N errors / N warnings / N infos"
#     (stdout; must be present),
#   * the exit code (with --failonwarnings, non-zero on any warning).
# Not used: -q (it hides the summary line, which is needed as a crash guard),
# -u (USAGE/INFO advice: never counted as problems).
#
# Exit codes: 0 = clean; 1 = EPUBCheck reported problems (printed);
#             2 = the tool could not be installed or run (loud message).
# There is deliberately no "skipped" exit code (77).
#
# Environment: EPUBCHECK_JAR (default /usr/share/java/epubcheck.jar),
#              JAVA (default: java on PATH),
#              EPUBCHECK_JAVA_OPTS (default "-XX:TieredStopAtLevel=1
#                -XX:+UseSerialGC": a short run; about half the CPU time of
#                the JVM defaults on a 2-core machine).
set -u
set -o pipefail

me=epubcheck.sh
die() { echo "$me: ERROR: $*" >&2; exit 2; }

[ $# -eq 1 ] || { echo "usage: $me EPUB" >&2; exit 2; }
epub=$1
[ -f "$epub" ] || die "no such file: $epub"

jar=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
java=${JAVA:-java}
read -r -a jopts <<<"${EPUBCHECK_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
jopts+=(-Djava.awt.headless=true)


if [ ! -f "$jar" ] || ! command -v "$java" >/dev/null 2>&1; then
    [ "$jar" = /usr/share/java/epubcheck.jar ] || [ -f "$jar" ] \
        || die "EPUBCHECK_JAR=$jar does not exist"
    die "EPUBCheck ($jar) or Java ('$java') is missing: run scripts/setup.sh --tests (it installs Debian's epubcheck and default-jre-headless)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/octavo-epubcheck.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# --failonwarnings exists since EPUBCheck 4.0; probe the help text anyway so a
# different jar (EPUBCHECK_JAR) without it still runs (the warnings are then
# caught by the output checks below).
flags=(--locale en)
"$java" "${jopts[@]}" -jar "$jar" --help >"$tmp/help" 2>&1
grep -q -- '--failonwarnings' "$tmp/help" && flags+=(--failonwarnings)
version=$(grep -m1 -o 'EPUBCheck v[0-9][0-9.]*' "$tmp/help")
[ -n "$version" ] || { cat "$tmp/help" >&2; die "cannot run $java -jar $jar"; }

rc=0
"$java" "${jopts[@]}" -jar "$jar" "${flags[@]}" "$epub" \
    >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?

# Message lines may be on either stream; JVM noise ("Picked up ...",
# "OpenJDK ... warning", "WARNING: ..." without a parenthesis) is ignored.
grep -h -E '^(FATAL|ERROR|WARNING)\(' "$tmp/err" "$tmp/out" >"$tmp/msgs"
nmsg=$(grep -c . "$tmp/msgs")
summary=$(grep -h -m1 -E '^Messages: [0-9]+ fatals? / [0-9]+ errors? / [0-9]+ warnings?' "$tmp/out" "$tmp/err" | head -n1)

if [ -z "$summary" ]; then
    echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"
    die "$version did not complete on $epub (exit $rc, no 'Messages:' summary line)"
fi
read -r nfatal nerror nwarn < <(echo "$summary" | sed -E 's#^Messages: ([0-9]+) fatals? / ([0-9]+) errors? / ([0-9]+) warnings?.*#\1 \2 \3#')

if [ "$rc" -eq 0 ] && [ "$nmsg" -eq 0 ] && [ "$nfatal" -eq 0 ] && [ "$nerror" -eq 0 ] && [ "$nwarn" -eq 0 ]; then
    echo "$me: $epub: $version: no errors or warnings"
    exit 0
fi

echo "$me: $epub: $version: $summary (exit $rc)"
if [ "$nmsg" -gt 0 ]; then
    cat "$tmp/msgs"
else
    echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"
fi
exit 1
