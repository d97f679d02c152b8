#!/usr/bin/env python3
"""octavo check reports what octavo build reports, writes nothing, exits as
build does; --diagnostics=json and github are what their readers expect.

check_test.py OCTAVO WORK SERIES_DIR...

For every series: `check --diagnostics=json` and `build -f all
--diagnostics=json` give the same diagnostics (as sets of lines; the PDF's
own warnings, such as a character no bundled font has, included) and the
same exit status; check creates, changes and removes no file (the series
and the working folder are compared before and after); every JSON line
parses and has the five fields; every github line is a well-formed
workflow command whose properties hold no raw ':' or ','."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pdf"))
import tally  # noqa: E402  (the pass/fail tally the checkers share)
from tally import check  # noqa: E402


def listing(root):
    out = set()
    for d, dirs, files in os.walk(root):
        for f in dirs + files:
            p = os.path.join(d, f)
            st = os.lstat(p)
            out.add((p, st.st_size, st.st_mtime_ns))
    return out


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    return p.returncode, p.stdout, p.stderr


def main():
    octavo, work, series = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    os.makedirs(work, exist_ok=True)
    for s in series:
        s = os.path.abspath(s)
        name = os.path.basename(s)
        cwd = os.path.join(work, name)
        os.makedirs(cwd, exist_ok=True)
        before = listing(s) | listing(cwd)
        rc_c, out_c, err_c = run([octavo, "check", s, "--diagnostics=json"], cwd)
        after = listing(s) | listing(cwd)
        check(before == after, f"{name}: check wrote nothing (changed: {sorted(p for p, *_ in before ^ after)})")
        rc_b, out_b, err_b = run([octavo, "build", s, "-f", "all", "-o", "out", "--diagnostics=json"], cwd)
        check(rc_c == rc_b, f"{name}: check exits {rc_c}, build {rc_b}")
        lines_c = set(out_c.splitlines())
        lines_b = {l for l in out_b.splitlines() if not l.startswith("built ")}
        # A missing character is reported once a chapter, where first met: the
        # typesetter shapes a footnote before the paragraph that cites it, check
        # walks in reading order, so only its line may differ (file and message
        # must not).
        def loosen(lines):
            out = set()
            for l in lines:
                try:
                    d = json.loads(l)
                except ValueError:
                    out.add(l)
                    continue
                if "is in none of the bundled fonts" in d["message"]:
                    d["line"] = "any"
                out.add(json.dumps(d, sort_keys=True))
            return out
        lines_c = loosen(lines_c)
        lines_b = loosen(lines_b)
        check(lines_c == lines_b, f"{name}: check and build differ:\n  only check: "
              f"{sorted(lines_c - lines_b)}\n  only build: {sorted(lines_b - lines_c)}")
        for line in set(out_c.splitlines()):
            try:
                d = json.loads(line)
                ok = set(d) == {"file", "line", "column", "severity", "message"} and \
                    d["severity"] in ("error", "warning") and \
                    (d["line"] is None or isinstance(d["line"], int))
            except ValueError:
                ok = False
            check(ok, f"{name}: not a diagnostic in JSON: {line!r}")
        rc_g, out_g, _ = run([octavo, "check", s, "--diagnostics=github"], cwd)
        check(rc_g == rc_c, f"{name}: --diagnostics=github changes the exit status")
        check(len(out_g.splitlines()) == len(out_c.splitlines()), f"{name}: one annotation a diagnostic")
        for line in out_g.splitlines():
            m = re.fullmatch(r"::(error|warning) file=([^,:]+)(,line=\d+(,col=\d+)?)?::(.*)", line)
            check(m is not None, f"{name}: not a GitHub annotation: {line!r}")
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
