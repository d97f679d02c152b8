#!/usr/bin/env python3
"""octavo serve in a real browser, and its safety.

serve_test.py OCTAVO SERIES_DIR WORK [--bench N]

Copies the series into WORK, starts `octavo serve` on it, opens the preview
in headless Chromium (DevTools protocol, tests/serve/cdp.py), opens a chapter
and scrolls it, then edits the chapter file: the page must show the new text
by itself, at the same scroll position. A build that fails must keep the
last good chapter and show the error, naming file:line, on the page. Then
requests that try to leave the book (traversal, encoded dots, absolute paths,
symlinks), other methods and foreign Host headers are refused, and SIGINT
stops the server with status 0, leaving the folder as it was.

With --bench N, only the edit is repeated N times and the time from each
save to the new text on the page is printed (bench/serve.sh)."""
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

FAILED = []
PASSED = [0]


def check(cond, what):
    if cond:
        PASSED[0] += 1
    else:
        FAILED.append(what)
        print("FAIL:", what, flush=True)


def request(port, method, path, host=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    c.putheader("Host", host or f"127.0.0.1:{port}")
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body, dict(r.getheaders())


def listing(root):
    out = []
    for d, dirs, files in os.walk(root):
        for f in dirs + files:
            p = os.path.join(d, f)
            st = os.lstat(p)
            out.append((os.path.relpath(p, root), st.st_size, st.st_mtime_ns))
    return sorted(out)


def start_server(octavo, series, cwd):
    proc = subprocess.Popen([octavo, "serve", series, "--port", "0"], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    deadline = time.time() + 60
    log = []
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        log.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    if not port:
        proc.kill()
        sys.exit("octavo serve did not say where it listens:\n" + "".join(log))
    return proc, port


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        sys.exit(f"{path} does not contain {old!r}")
    # written in place and closed, as an editor's plain save
    t = time.time()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
    return t


FRAME = "document.getElementById('chapter')"
FRAME_TEXT = FRAME + ".contentDocument && " + FRAME + ".contentDocument.body && " + \
    FRAME + ".contentDocument.body.textContent"


def open_chapter(b, port, title_part):
    b.call("Page.enable")
    b.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
    ok = b.wait_for("document.body && document.body.dataset.shown === '1' && "
                    "document.getElementById('contents').contentDocument && "
                    "document.getElementById('contents').contentDocument.querySelectorAll('a').length > 0",
                    timeout=60)
    check(ok, "the preview shows the book (start page and contents)")
    # the reader clicks the chapter in the contents
    href = b.eval("(() => { const a = [...document.getElementById('contents').contentDocument"
                  f".querySelectorAll('a')].find(a => a.textContent.includes({title_part!r}));"
                  " if (!a) return null; a.click(); return a.href; })()")
    check(href, f"the contents list the chapter '{title_part}'")
    loaded = b.wait_for(FRAME + ".contentWindow.location.href === " + repr(href) + " && " +
                        FRAME + ".contentDocument.readyState === 'complete'", timeout=30)
    check(loaded, "clicking the contents opens the chapter beside them")
    return href


def run_checks(browser, port, chapter, times, work):
    print("save → new text on the page: %.0f ms" % times[0])
    # a failed build keeps the page and names file:line on it
    marker = f"LIVE-EDIT-0-{os.getpid()}"
    with open(chapter, encoding="utf-8") as f:
        good = f.read()
    lines = good.split("\n")
    bad_line = len(lines) + 1
    with open(chapter, "w", encoding="utf-8") as f:
        f.write(good + "\n![a figure](images/no-such-figure.png)\n")
    want = f"02-garbage-collection.md:{bad_line}"
    overlay = browser.wait_for(
        "(() => { const p = document.getElementById('diagnostics');"
        " return !p.hidden && p.textContent; })()", timeout=30)
    check(overlay and want in overlay and "no-such-figure.png" in overlay,
          f"the error is shown on the page naming {want} (got {overlay!r})")
    check(browser.eval("document.getElementById('state').textContent") == "build failed",
          "the page says the build failed")
    check(marker in (browser.eval(FRAME_TEXT) or ""), "the last good chapter stays on the page")
    browser.screenshot(os.path.join(work, "failed-build.png"))
    with open(chapter, "w", encoding="utf-8") as f:
        f.write(good)
    cleared = browser.wait_for("document.getElementById('diagnostics').hidden && "
                               "document.getElementById('state').textContent.startsWith('up to date')",
                               timeout=30)
    check(cleared, "fixing the error clears the overlay")
    browser.screenshot(os.path.join(work, "fixed.png"))

    # the PDF follows
    deadline = time.time() + 120
    status = 0
    while time.time() < deadline:
        status, body, headers = request(port, "GET", "/book.pdf")
        if status == 200:
            break
        time.sleep(0.2)
    check(status == 200 and body.startswith(b"%PDF-"), "the PDF is served once typeset")

    # only the book
    status, body, _ = request(port, "GET", "/book/META-INF/container.xml")
    check(status == 200 and b"rootfile" in body, "a file of the book is served")
    for path in ["/book/../series.yaml", "/book/%2e%2e/series.yaml", "/book/%2E%2E%2Fsecret.txt",
                 "/book/EPUB/../../secret.txt", "/book/..%2f..%2fsecret.txt", "/book//etc/passwd",
                 "/book/leak.txt", "/leak.txt", "/series.yaml", "/book/02-garbage-collection.md",
                 "/../../../../etc/passwd", "/book/%00", "/book/EPUB/%2e/nav.xhtml", "/etc/passwd"]:
        status, body, _ = request(port, "GET", path)
        check(status == 404 and b"SECRET" not in body and b"root:" not in body,
              f"GET {path} is refused with 404 (got {status})")
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"]:
        status, _, headers = request(port, method, "/book/META-INF/container.xml")
        check(status == 405, f"{method} is refused with 405 (got {status})")
    status, body, _ = request(port, "HEAD", "/book/META-INF/container.xml")
    check(status == 200 and body == b"", "HEAD is answered without a body")
    status, _, _ = request(port, "GET", "/", host="evil.example")
    check(status == 403, f"a foreign Host header is refused (got {status})")
    # and only on the loopback address
    s = __import__("socket")
    addrs = {a[4][0] for a in s.getaddrinfo(s.gethostname(), None, s.AF_INET)} - {"127.0.0.1", "127.0.1.1"}
    for a in addrs:
        try:
            s.create_connection((a, port), timeout=2).close()
            check(False, f"the server answers on {a}")
        except OSError:
            check(True, "not reachable off the loopback address")


def main():
    octavo, series_src, work = sys.argv[1], sys.argv[2], sys.argv[3]
    bench = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--bench" else 0
    octavo = os.path.abspath(octavo)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    series = os.path.join(work, "series", os.path.basename(series_src.rstrip("/")))
    shutil.copytree(series_src, series)
    chapter = os.path.join(series, "02-garbage-collection.md")
    anchor_text = "Ask a room of seasoned Python developers"
    # a symlink inside the series pointing out of it: never served
    secret = os.path.join(work, "secret.txt")
    with open(secret, "w") as f:
        f.write("SECRET-OUTSIDE-THE-BOOK\n")
    os.symlink(secret, os.path.join(series, "leak.txt"))
    before = listing(work)

    proc, port = start_server(octavo, os.path.relpath(series, work), work)
    browser = None
    try:
        browser = Browser()
        open_chapter(browser, port, "Garbage Collection")
        browser.eval(FRAME + ".contentWindow.scrollTo(0, 1500)")
        y0 = browser.eval(FRAME + ".contentWindow.scrollY")
        check(y0 and y0 > 1000, f"the chapter scrolls (scrollY {y0})")
        shown0 = int(browser.eval("document.body.dataset.shown"))

        times = []
        rounds = bench or 1
        for i in range(rounds):
            marker = f"LIVE-EDIT-{i}-{os.getpid()}"
            prev = anchor_text if i == 0 else f"LIVE-EDIT-{i - 1}-{os.getpid()} " + anchor_text
            t_save = edit(chapter, prev, marker + " " + anchor_text)
            # waits inside the page (a promise on the frame's load), not by polling
            # from here, so the test takes no CPU from the build and the browser
            seen = browser.eval(
                "new Promise((resolve) => { const f = document.getElementById('chapter');"
                " const done = () => (f.contentDocument && f.contentDocument.body &&"
                f" f.contentDocument.body.textContent.includes({marker!r}) &&"
                f" document.body.dataset.shown !== '{shown0 + i}');"
                " if (done()) return resolve(true);"
                " const t = setTimeout(() => resolve(false), 30000);"
                " f.addEventListener('load', function on() { setTimeout(() => { if (done())"
                " { clearTimeout(t); f.removeEventListener('load', on); resolve(true); } }, 0); }); })")
            check(seen, f"the page shows the edit by itself (round {i})")
            # the page notes when the reloaded chapter was there (Date.now(), the same clock)
            loaded_at = int(browser.eval("document.body.dataset.loadedAt") or 0)
            times.append(loaded_at - t_save * 1000.0)
            y = browser.eval(FRAME + ".contentWindow.scrollY")
            check(y is not None and abs(y - y0) <= 2, f"the reader's place is kept (scrollY {y0} → {y})")
            if bench:
                time.sleep(0.3)  # let the PDF typeset start, as it would between saves
        if bench:
            print("save → new text on the page, bundled series' EPUB view, %d saves: "
                  "median %.0f ms, min %.0f ms, max %.0f ms"
                  % (len(times), statistics.median(times), min(times), max(times)))
        else:
            run_checks(browser, port, chapter, times, work)
    finally:
        if browser:
            browser.quit()
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "killed after 120 s"
        err = proc.stderr.read()
    if bench:
        builds = [float(x) for x in re.findall(r"EPUB view rebuilt in (\d+) ms", err)][1:]
        if builds:
            print("of which octavo's EPUB rebuild (in memory): median %.0f ms, min %.0f ms, max %.0f ms"
                  % (statistics.median(builds), min(builds), max(builds)))
        print("load average during the run: %.1f (%d CPUs)" % (os.getloadavg()[0], os.cpu_count()))
        return
    check(rc == 0, f"SIGINT stops octavo serve with status 0 (got {rc}): {err[-500:]}")
    after = [e for e in listing(work) if e[0] not in ("failed-build.png", "fixed.png")]
    changed = {e[0] for e in set(after) ^ set(before)}
    check(changed <= {os.path.relpath(chapter, work)},
          f"nothing is left behind in the folder (changed: {sorted(changed)})")
    try:
        __import__("socket").create_connection(("127.0.0.1", port), timeout=2).close()
        check(False, "the port is closed after stopping")
    except OSError:
        check(True, "the port is closed after stopping")


if __name__ == "__main__":
    main()
    print(f"{PASSED[0]} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)
