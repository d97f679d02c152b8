"""The pass/fail tally the checkers share (check_pdf.py,
check_inline_images.py, check_raw_tables.py, tests/check/check_test.py): check() counts a result and
names a failure on stderr; the checker prints tally.passed and tally.failed
and exits 1 when anything failed."""
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)
