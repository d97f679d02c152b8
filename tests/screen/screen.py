#!/usr/bin/env python3
"""Every reader's screen: opens each page of an unzipped EPUB in headless
Chromium (Debian's chromium, driven over the DevTools protocol through a pipe,
standard library only) at e-reader and tablet sizes, in light and dark
schemes and with the page colours a reader may impose, and fails when

  - an element is wider than the page or scrolls sideways (scrollWidth >
    clientWidth anywhere): on a paginated reader that content is unreachable;
  - the cover image does not fit the screen whole;
  - text has less than WCAG AA contrast (4.5:1) with what is behind it.

usage: screen.py [--shots DIR] EPUB_DIR [EPUB_DIR ...]
Prints one line per failure and a tally; exit 0 clean, 1 failures, 2 the
browser could not be run (it names what to install).
"""
import base64
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

# The screens: an e-reader (6", portrait) and a small tablet (landscape).
VIEWPORTS = [(600, 800), (1024, 768)]
# The page colours a reader may impose over the book's own (None: the book's).
# A dark system scheme with a white page is the case that once made
# near-black code slabs on white, and a light scheme under a reader's night
# mode the case that makes dark-on-black text.
READER_PAGES = {
    None: None,
    "white": ("#ffffff", "#000000"),
    "black": ("#000000", "#ffffff"),
}
COMBINATIONS = [("light", None), ("dark", None), ("dark", "white"), ("light", "black"),
                ("dark", "black")]
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text
# A box may be tinted (a code block's light grey on white is 1.1:1), never a
# slab of another brightness than the page around it.
MAX_SLAB_CONTRAST = 1.6
MAX_REPORTED = 12  # problems printed per page and setting; the rest counted

PROBE = r"""
(async () => {
  await document.fonts.ready;
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const out = {overflow: [], contrast: [], slab: [], cover: null};
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
    const t = (el.textContent || el.getAttribute('alt') || '').replace(/\s+/g, ' ').trim();
    return s + (t ? ' "' + t.slice(0, 60) + '"' : '');
  };
  // Report the culprits, not every box around them: scroll containers that
  // scroll sideways (the root included), and the outermost box whose right
  // edge passes the page's.
  const past = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > vw + 0.5; };
  for (const el of document.querySelectorAll('body, body *')) {
    const st = getComputedStyle(el);
    const scroller = el === document.body || st.overflowX !== 'visible';
    if (scroller && el.clientWidth > 0 && el.scrollWidth > el.clientWidth)
      out.overflow.push(describe(el) + ': scrollWidth ' + el.scrollWidth + ' > clientWidth ' + el.clientWidth);
    else if (past(el) && !(el.parentElement && past(el.parentElement)) && st.position !== 'fixed')
      out.overflow.push(describe(el) + ': right edge ' + Math.round(el.getBoundingClientRect().right) + ' px > page ' + vw + ' px');
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth)
    out.overflow.push('the page scrolls sideways: ' + root.scrollWidth + ' px > ' + root.clientWidth + ' px');
  // contrast of every text run with the colour painted behind it
  const rgba = (c) => { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1); };
  const canvas = (() => { // what the browser paints behind a transparent root
    const cs = getComputedStyle(document.documentElement).colorScheme || '';
    return matchMedia('(prefers-color-scheme: dark)').matches && /dark/.test(cs) ? [18, 18, 18, 1] : [255, 255, 255, 1];
  })();
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const b = rgba(getComputedStyle(e).backgroundColor);
      if (b[3] > 0) layers.push(b);
      if (b[3] >= 1) break;
    }
    let c = canvas;
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  };
  // a box painted in a colour far from the page's own: a dark slab on a
  // white page, a bright one on a black page (images carry their own colours)
  const page = backdrop(document.body);
  for (const el of document.querySelectorAll('body *')) {
    if (el.localName === 'img' || el.localName === 'svg' || el.closest('svg') || !el.getClientRects().length) continue;
    const b = rgba(getComputedStyle(el).backgroundColor);
    if (b[3] === 0) continue;
    const bg = backdrop(el), l1 = lum(bg), l2 = lum(page);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio > MAX_SLAB_CONTRAST)
      out.slab.push(describe(el).slice(0, 60) + ': background rgb(' + bg.slice(0, 3).map(Math.round).join(', ') +
                    ') on a page of rgb(' + page.slice(0, 3).map(Math.round).join(', ') + ') (' + ratio.toFixed(1) + ':1)');
  }
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement, st = getComputedStyle(el);
    if (st.visibility === 'hidden' || el.closest('[hidden]') || !el.getClientRects().length) continue;
    const bg = backdrop(el), fg = over(rgba(st.color), bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < MIN_CONTRAST) {
      const key = st.color + '/' + bg.join(',') + '/' + el.className;
      if (seen.has(key)) continue;
      seen.add(key);
      out.contrast.push(describe(el).slice(0, 90) + ': ' + st.color + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(', ') +
                        ') is ' + ratio.toFixed(2) + ':1');
    }
  }
  const cover = document.querySelector('[epub\\:type~="cover"] img, section.cover img, img[role="doc-cover"]');
  if (cover) {
    const r = cover.getBoundingClientRect();
    out.cover = {left: r.left, top: r.top, right: r.right, bottom: r.bottom, vw, vh,
                 scrollHeight: document.documentElement.scrollHeight, complete: cover.complete && cover.naturalWidth > 0};
  }
  return JSON.stringify(out);
})()
""".replace("MIN_CONTRAST", repr(MIN_CONTRAST)).replace("MAX_SLAB_CONTRAST", repr(MAX_SLAB_CONTRAST))


class Browser:
    """Chromium with --remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4."""

    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix="octavo-screen-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        fds = {3: to_chrome_r, 4: from_chrome_w}

        def child_fds():
            # copied out of the way first: either end may itself be fd 3 or 4
            high = {t: fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for t, fd in fds.items()}
            for target, fd in high.items():
                os.dup2(fd, target)

        self.proc = subprocess.Popen(
            [exe, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--allow-file-access-from-files", "--hide-scrollbars",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_message(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error'].get('message')}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session):
        for i, m in enumerate(self.events):
            if m.get("method") == method and m.get("sessionId") == session:
                del self.events[: i + 1]
                return m
        while True:
            m = self._read_message()
            if m.get("method") == method and m.get("sessionId") == session:
                self.events.clear()
                return m

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def spine_pages(epub_dir):
    """The XHTML files of the spine, in reading order, via META-INF/container.xml."""
    import xml.etree.ElementTree as ET
    root = pathlib.Path(epub_dir)
    container = ET.parse(root / "META-INF/container.xml").getroot()
    ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
          "o": "http://www.idpf.org/2007/opf"}
    opf_path = root / container.find(".//c:rootfile", ns).get("full-path")
    opf = ET.parse(opf_path).getroot()
    items = {i.get("id"): i.get("href") for i in opf.find("o:manifest", ns)}
    return [opf_path.parent / items[r.get("idref")] for r in opf.find("o:spine", ns)]


def main(argv):
    shots = None
    if len(argv) >= 2 and argv[0] == "--shots":
        shots = pathlib.Path(argv[1])
        shots.mkdir(parents=True, exist_ok=True)
        argv = argv[2:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not exe:
        print("ERROR: chromium not found: install Debian's chromium (scripts/setup.sh --tests)",
              file=sys.stderr)
        return 2
    pages = [(pathlib.Path(d).resolve().name, p) for d in argv for p in spine_pages(d)]
    browser = Browser(exe)
    failures = checked = 0
    try:
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        sess = browser.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        browser.call("Page.enable", session=sess)
        browser.call("Emulation.setScrollbarsHidden", session=sess, hidden=True)
        # one load per page; the screen and the colours change under it, as
        # a reader's settings do
        for book, page in pages:
            label = f"{book}/{page.name}"
            browser.call("Page.navigate", session=sess, url=page.resolve().as_uri())
            browser.wait_event("Page.loadEventFired", sess)
            for width, height in VIEWPORTS:
                browser.call("Emulation.setDeviceMetricsOverride", session=sess, width=width,
                             height=height, deviceScaleFactor=1, mobile=False)
                for scheme, reader_page in COMBINATIONS:
                    browser.call("Emulation.setEmulatedMedia", session=sess, media="screen",
                                 features=[{"name": "prefers-color-scheme", "value": scheme}])
                    css = ""
                    if reader_page:
                        bg, fg = READER_PAGES[reader_page]
                        css = (f"html, body {{ background-color: {bg} !important; "
                               f"color: {fg} !important; }}")
                    browser.call("Runtime.evaluate", session=sess, expression=(
                        "(() => { let s = document.getElementById('octavo-reader-page');"
                        "if (!s) { s = document.createElement('style'); s.id = 'octavo-reader-page';"
                        "document.head.appendChild(s); }"
                        f"s.textContent = {json.dumps(css)}; }})()"))
                    res = browser.call("Runtime.evaluate", session=sess, expression=PROBE,
                                       awaitPromise=True, returnByValue=True)
                    if "exceptionDetails" in res:
                        raise RuntimeError(f"{label}: {res['exceptionDetails']}")
                    found = json.loads(res["result"]["value"])
                    checked += 1
                    problems = [f"wider than the page: {o}" for o in found["overflow"]]
                    problems += [f"low contrast: {c}" for c in found["contrast"]]
                    problems += [f"a slab unlike the page: {c}" for c in found["slab"]]
                    cov = found["cover"]
                    if cov:
                        if not cov["complete"]:
                            problems.append("the cover image did not load")
                        elif (cov["left"] < 0 or cov["top"] < 0 or cov["right"] > cov["vw"] + 0.5
                              or cov["bottom"] > cov["vh"] + 0.5 or cov["scrollHeight"] > cov["vh"]):
                            problems.append(
                                "the cover does not fit the screen: image at "
                                f"({cov['left']:.0f},{cov['top']:.0f})-({cov['right']:.0f},{cov['bottom']:.0f}), "
                                f"page {cov['scrollHeight']} px tall, screen {cov['vw']}x{cov['vh']}")
                    where = f"{width}x{height} {scheme}" + (f" {reader_page} page" if reader_page else "")
                    for p in problems[:MAX_REPORTED]:
                        print(f"FAIL {label} at {where}: {p}")
                    if len(problems) > MAX_REPORTED:
                        print(f"FAIL {label} at {where}: … and {len(problems) - MAX_REPORTED} more")
                    failures += bool(problems)
                    if shots and reader_page in (None, "white") and width == VIEWPORTS[0][0]:
                        shot = browser.call("Page.captureScreenshot", session=sess, format="png")
                        tag = scheme + (f"-{reader_page}" if reader_page else "")
                        name = f"{label.replace('/', '-')[:-6]}-{width}x{height}-{tag}.png"
                        (shots / name).write_bytes(base64.b64decode(shot["data"]))
    except (RuntimeError, OSError) as e:
        print(f"ERROR: could not drive chromium: {e}", file=sys.stderr)
        return 2
    finally:
        browser.close()
    print(f"{checked - failures} passed, {failures} failed "
          f"({len(pages)} pages x {len(VIEWPORTS)} screens x {len(COMBINATIONS)} colour settings)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
