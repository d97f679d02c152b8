// octavo serve: keeps the open chapter in step with the series folder. The
// server sends a status event after every build; a new good build reloads the
// chapter where the reader was, a failed one leaves it and shows the errors.
'use strict';
(function () {
  const chapter = document.getElementById('chapter');
  const contents = document.getElementById('contents');
  const state = document.getElementById('state');
  const panel = document.getElementById('diagnostics');
  const list = document.getElementById('diag-list');
  const toggle = document.getElementById('diag-toggle');
  const pdfLink = document.getElementById('pdf-link');
  let shownBook = -1;     // the build the frames show
  let restoreY = null;    // where to put the chapter after a reload
  let panelDismissed = false;
  let lastDiagKey = '';

  // The chapter in the shell's address (#EPUB/ch002.xhtml), so reloading
  // the preview itself comes back to the same chapter.
  function chapterFromHash() {
    const h = decodeURIComponent(location.hash.slice(1));
    return h && !h.includes('..') ? '/book/' + h : null;
  }

  // A reader's margins around the page (the book's stylesheet leaves them to
  // the reading system); set on the shown document, never in the served file.
  function margins(frame, padding) {
    const root = frame.contentDocument && frame.contentDocument.documentElement;
    if (root) root.style.padding = padding;
  }

  chapter.addEventListener('load', () => {
    margins(chapter, '0.5em 2.5em 2em');
    const w = chapter.contentWindow;
    if (restoreY !== null && w) { w.scrollTo(0, restoreY); restoreY = null; }
    try {
      const p = w.location.pathname;
      if (p.startsWith('/book/')) history.replaceState(null, '', '#' + p.slice(6) + w.location.hash);
    } catch (e) { /* not ours */ }
    document.body.dataset.shown = String(shownBook);
    document.body.dataset.loadedAt = String(Date.now());
  });

  // Links in the contents open in the chapter frame (the contents are the
  // book's own navigation document, which names no target).
  contents.addEventListener('load', () => {
    margins(contents, '0 0.8em');
    const doc = contents.contentDocument;
    if (!doc) return;
    doc.addEventListener('click', (ev) => {
      const a = ev.target.closest && ev.target.closest('a[href]');
      if (!a) return;
      ev.preventDefault();
      chapter.src = a.href;
    });
  });

  function esc(s) {
    return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  }

  function where(d) {
    let w = d.file;
    if (d.line !== null) w += ':' + d.line;
    if (d.column !== null) w += ':' + d.column;
    return w;
  }

  function showDiagnostics(st) {
    const seen = new Set();
    const all = [];
    for (const d of st.diagnostics.concat(st.pdfDiagnostics)) {
      const k = where(d) + '\u0000' + d.severity + '\u0000' + d.message;
      if (!seen.has(k)) { seen.add(k); all.push(d); }
    }
    const key = JSON.stringify(all);
    if (key !== lastDiagKey) { panelDismissed = false; lastDiagKey = key; }
    list.innerHTML = all.map((d) =>
      '<li class="' + esc(d.severity) + '"><span class="where">' + esc(where(d)) +
      '</span>: <span class="sev">' + esc(d.severity) + '</span>: ' + esc(d.message) + '</li>').join('');
    const errors = all.some((d) => d.severity === 'error');
    panel.classList.toggle('errors', errors);
    document.getElementById('diag-title').textContent = !st.ok
      ? 'The build failed: the pages show the last good build'
      : all.length + (all.length === 1 ? ' diagnostic' : ' diagnostics');
    panel.hidden = all.length === 0 || panelDismissed;
    toggle.hidden = all.length === 0;
    toggle.textContent = all.length + (all.length === 1 ? ' diagnostic' : ' diagnostics');
  }

  function showState(st) {
    const building = st.building.epub || st.building.pdf;
    state.className = !st.ok ? 'failed' : building ? 'building' : '';
    state.textContent = !st.ok ? 'build failed' : st.building.epub ? 'building' :
      st.building.pdf ? 'up to date (typesetting the PDF)' : 'up to date';
    pdfLink.textContent = st.pdf ? 'PDF' : 'PDF (being typeset)';
  }

  function onStatus(st) {
    showState(st);
    showDiagnostics(st);
    if (st.book === 0 || st.book === shownBook) return;
    const first = shownBook < 0;
    shownBook = st.book;
    if (st.nav) {
      if (first) contents.src = st.nav; else contents.contentWindow.location.reload();
    }
    if (first) {
      chapter.src = chapterFromHash() || st.start || st.nav;
      return;
    }
    const w = chapter.contentWindow;
    restoreY = w ? w.scrollY : 0;
    w.location.reload();
  }

  document.getElementById('diag-close').addEventListener('click', () => {
    panelDismissed = true; panel.hidden = true;
  });
  toggle.addEventListener('click', () => { panelDismissed = false; panel.hidden = false; });

  const events = new EventSource('/_octavo/events');
  events.addEventListener('status', (ev) => onStatus(JSON.parse(ev.data)));
  events.addEventListener('error', () => { state.textContent = 'disconnected (is octavo serve running?)'; state.className = 'failed'; });
})();
