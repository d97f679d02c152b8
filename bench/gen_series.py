#!/usr/bin/env python3
"""Generate a synthetic but realistic technical book series for benchmarks.

    python3 bench/gen_series.py OUT_DIR --words N --chapters C [--seed S]

Writes OUT_DIR/series.yaml, OUT_DIR/ch0001.md ... (C chapters, about N words
of prose in total), OUT_DIR/images/fig-*.svg|png and OUT_DIR/cover.png.
Standard library only and deterministic: the same arguments always give the
same bytes (every random choice comes from a PRNG seeded with a string).

"Words" are whitespace-separated tokens holding a letter or digit, counted in
everything a reader reads (headings, paragraphs, lists, tables, quotes,
footnotes, image alt text) and not in code blocks; `count_words()` below is
the counter, and bench/series_info.py applies the same rule to any series.
"""

import argparse
import os
import random
import re
import shutil
import struct
import sys
import zlib

# --------------------------------------------------------------------------
# Vocabulary

NOUNS = """allocator buffer|cache_line page_table scheduler thread_pool mutex
hash_map ring_buffer arena garbage_collector reference_count compiler parser
lexer syntax_tree bytecode interpreter register stack_frame heap kernel
system_call file_descriptor socket event_loop coroutine future channel lock
semaphore barrier memory_model instruction pipeline branch_predictor TLB
NUMA_node benchmark profiler flame_graph hot_path invariant checksum index
B-tree write-ahead_log snapshot transaction replica quorum leader partition
shard request response header payload schema serializer codec encoder decoder
string_table symbol linker loader module package dependency build_graph
test_suite fixture regression latency throughput working_set footprint
allocation pointer slice iterator closure trait generic template macro
type_checker borrow_checker lifetime ownership cache_miss prefetcher
vector_unit SIMD_lane queue backlog timeout retry circuit_breaker
configuration feature_flag release manifest free_list page_fault
copy-on-write_page memory_map object_header weak_reference finalizer
generation nursery mark_bit write_barrier safepoint façade""".replace(
    "|", " ").split()
NOUNS = [n.replace("_", " ") for n in NOUNS]

VERBS = """allocate release track reuse flush invalidate serialize schedule batch
compact scan copy move borrow pin map unmap hash sort merge split retry
cancel block wake poll drain fill grow shrink measure profile inline unroll
vectorize cache evict load store fetch commit reject validate parse encode
decode intern promote finalize collect trace mark sweep spill coalesce
prefetch throttle rebalance replicate checkpoint""".split()

ADJECTIVES = """lock-free contiguous amortized bounded unbounded lazy eager
concurrent immutable mutable persistent transient cold hot stale dirty clean
aligned unaligned sparse dense small large predictable naïve deterministic
idempotent asynchronous synchronous thread-local global shared exclusive
incremental generational conservative precise zero-copy fixed-size
variable-length little-endian big-endian reentrant wait-free cache-friendly
short-lived long-lived""".split()

ADVERBS = ["quickly", "rarely", "usually", "often", "eventually",
           "explicitly", "implicitly", "carefully", "silently",
           "predictably", "in practice", "at run time", "at compile time",
           "under load", "on every call", "in the common case"]

CODE_WORDS = ["alloc", "free", "page", "buf", "len", "cap", "node", "ref",
              "arena", "pool", "slot", "span", "obj", "gc", "mark", "sweep",
              "queue", "lock", "epoch", "hash", "table", "iter", "ctx",
              "frame", "heap", "chunk", "block", "count", "size", "flags"]

CODE_SPANS = ["mmap", "munmap", "malloc", "free()", "realloc()", "Vec<u8>",
              "Box<T>", "Arc<Mutex<T>>", "&mut", "std::move", "SIGSEGV",
              "O(n)", "O(1)", "__slots__",
              "sys.getrefcount", "gc.collect()", "PYTHONMALLOC=debug",
              "--jobs=4", "0x7fff0000", "x<y", "a&&b", "*ptr", "p->next",
              "size_t", "uint64_t", "MAP_PRIVATE", "madvise()", "posix_memalign",
              "tracemalloc", "weakref.ref", "#[inline]", "Rc::clone",
              "unsafe{}", "-O2", "perf record", "valgrind"]
CODE_SPANS = [c for c in CODE_SPANS if " " not in c]  # no spaces: trimmable

NAMES = ["Ada Lindqvist", "Tomás Okafor", "Mei Chen", "Rahul Iyer",
         "Jonas Berg", "Amélie Durand", "Kofi Mensah", "Sara Novak"]

TITLES = ["Systems Performance in Practice", "Memory, Measured",
          "The Working Programmer's Guide to Allocators",
          "Concurrency Without Tears", "Inside the Runtime",
          "Fast Paths and Slow Paths"]

EXTERNAL = [
    "https://docs.python.org/3/library/gc.html",
    "https://en.cppreference.com/w/c/memory/malloc",
    "https://doc.rust-lang.org/std/vec/struct.Vec.html",
    "https://man7.org/linux/man-pages/man2/mmap.2.html",
    "https://www.kernel.org/doc/html/latest/admin-guide/mm/index.html",
    "https://github.github.com/gfm/",
    "https://spec.commonmark.org/0.30/",
    "https://www.w3.org/TR/epub-33/",
    "https://example.com/papers/allocators.pdf?v=2&lang=en",
]

SENTENCES = [
    "The {adj} {noun} {verb3} every {noun} it touches.",
    "When the {noun} is {adj}, the {noun} {verb3} {adv}.",
    "{Adv}, a {noun} {verb3} the {nouns} before the {noun} runs.",
    "This is why {code} {verb3} the {noun} instead of the {noun}.",
    "Most {nouns} {verb} {adv}; the {adj} ones do not.",
    "If you {verb} the {noun} too early, the {noun} {verb3} and the {noun} becomes {adj}.",
    "We measured {num} {nouns} per second on a {adj} {noun}, about {pct}% more than with a {adj} {noun}.",
    "Note that the {noun} never {verb3} a {adj} {noun} — it only {verb3} its {nouns}.",
    "In other words, the cost of a {noun} is dominated by the {noun}, not by the {noun}.",
    "A {adj} {noun} is cheaper to {verb} than a {adj} one, but harder to {verb}.",
    "The {noun} keeps a {adj} {noun} so that each {noun} can {verb} without a {noun}.",
    "Consider what happens when two {nouns} {verb} the same {noun} at once.",
    "Each {noun} owns exactly one {noun}, which it {verb3} on exit.",
    "The trade-off is familiar: a {adj} {noun} saves {nouns} but costs {nouns}.",
    "Why does the {noun} {verb} the {noun} at all?",
    "As the {noun} grows past {num} {nouns}, the {noun} starts to {verb} {adv}.",
    "Calling {code} here would {verb} the {noun} twice, which is rarely what you want.",
    "The {noun} and the {noun} disagree about who should {verb} the {noun}.",
    "A {adj} design {verb3} fewer {nouns}, and fewer {nouns} mean a smaller {noun}.",
    "Nothing in the {noun} forces the {noun} to {verb} {adv}, so we add an explicit {noun}.",
    "On a machine with {num} cores the {noun} {verb3} the {noun} roughly {ratio} times faster.",
    "Keep the {noun} {adj}: a {adj} {noun} is the usual cause of a slow {noun}.",
    "The naïve version {verb3} the {noun} on every {noun}; the better one {verb3} it once.",
    "It is tempting to {verb} the {noun} by hand, but {code} already does it {adv}.",
    "Latency & throughput pull in opposite directions when the {noun} is {adj}.",
    "Because the {noun} is {adj}, no {noun} can observe a half-written {noun}.",
    "The first {noun} {verb3} in about {num} ns → the hundredth takes {num} µs.",
]

HEADINGS = [
    "How the {noun} {verb3} {nouns}",
    "{Adj} {nouns}",
    "The cost of a {adj} {noun}",
    "{code} and the {noun}",
    "Why {nouns} {verb}: a closer look",
    "Measuring {nouns}",
    "When to {verb} the {noun}",
    "{Noun} versus {noun}",
    "A {adj} {noun}, step by step",
    "Pitfalls of the {noun}",
]
PHRASES = [  # list items, table cells, alt text: noun phrases and clauses
    "a {adj} {noun} per {noun}",
    "the {noun} {verb3} the {noun}",
    "{verb} the {nouns} {adv}",
    "{adj} {nouns} and {adj} {nouns}",
    "one {noun} for every {noun}",
    "the {adj} {noun} that {verb3} {nouns}",
    "{code} on the {noun}",
    "never {verb} a {adj} {noun}",
    "{num} {nouns} in a {adj} {noun}",
    "the {noun} before the {noun}",
    "{verb} first, {verb} later",
]

DESCRIPTIONS = [
    "How the {noun} {verb3} {nouns}, and what it costs.",
    "What a {adj} {noun} buys you, measured on real {nouns}.",
    "From the {noun} to the {noun}: {nouns} in practice.",
    "Why {nouns} {verb}, and when to {verb} them yourself.",
]

H3_FIXED = ["Example", "Trade-offs", "In practice", "Exercise"]


def pluralize(noun):
    head, _, last = noun.rpartition(" ")
    if last.isupper():
        p = last + "s"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        p = last + "es"
    elif re.search(r"[^aeiou]y$", last):
        p = last[:-1] + "ies"
    else:
        p = last + "s"
    return (head + " " + p) if head else p


def third_person(verb):
    if re.search(r"(s|x|z|ch|sh)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


WORD_RE = re.compile(r"[A-Za-z0-9]")


def count_words(text):
    """Whitespace-separated tokens that hold a letter or a digit."""
    return sum(1 for t in text.split() if WORD_RE.search(t))


def cap(s):
    return s[:1].upper() + s[1:]


def fix_articles(s):
    return re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", lambda m: m.group(1) + "n ", s)


def github_slug(text):
    """GitHub's heading anchor, from the heading's rendered text."""
    s = text.lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def plain_heading(md):
    """Rendered text of a heading written with inline code/emphasis."""
    return re.sub(r"[`*~]", "", md)


# --------------------------------------------------------------------------
# Text generation

class Writer:
    def __init__(self, rng):
        self.rng = rng

    def fill(self, template):
        r = self.rng

        def sub(m):
            k = m.group(1)
            if k == "noun":
                return r.choice(NOUNS)
            if k == "Noun":
                return cap(r.choice(NOUNS))
            if k == "nouns":
                return pluralize(r.choice(NOUNS))
            if k == "verb":
                return r.choice(VERBS)
            if k == "verb3":
                return third_person(r.choice(VERBS))
            if k == "adj":
                return r.choice(ADJECTIVES)
            if k == "Adj":
                return cap(r.choice(ADJECTIVES))
            if k == "adv":
                return r.choice(ADVERBS)
            if k == "Adv":
                return cap(r.choice(ADVERBS))
            if k == "code":
                return "`" + r.choice(CODE_SPANS) + "`"
            if k == "num":
                return str(r.choice([2, 3, 4, 8, 16, 64, 100, 256, 512,
                                     1000, 4096, 65536, r.randint(5, 900)]))
            if k == "pct":
                return str(r.randint(3, 80))
            if k == "ratio":
                return "%d.%d" % (r.randint(1, 9), r.randint(0, 9))
            raise KeyError(k)

        return fix_articles(re.sub(r"\{(\w+)\}", sub, template))

    def sentence(self):
        return self.fill(self.rng.choice(SENTENCES))

    def phrase(self):
        return self.fill(self.rng.choice(PHRASES))

    def item(self):
        """A list item: a capitalised phrase, sometimes a whole sentence."""
        if self.rng.random() < 0.35:
            return self.sentence()
        return cap(self.phrase()) + self.rng.choice(["", "", "."])


def trim_words(sentence, n):
    """Keep the first n words (tokens with a letter/digit) of a sentence."""
    toks = sentence.split()
    out, k = [], 0
    for t in toks:
        if WORD_RE.search(t):
            if k == n:
                break
            k += 1
        out.append(t)
    while out and not WORD_RE.search(out[-1]):
        out.pop()
    if not out:
        return ""
    last = out[-1]
    if last.count("`") % 2 == 0:
        last = last.rstrip(",;:—.?!")
        if last.count("`") % 2 == 1:  # never cut inside a code span
            last += "`"
    out[-1] = last + "."
    return " ".join(out)


# --------------------------------------------------------------------------
# Chapters

class ChapterPlan:
    def __init__(self, index, title, description, sections):
        self.index = index
        self.file = "ch%04d.md" % index
        self.title = title
        self.description = description
        # sections: list of (h2_text, h2_anchor, [(h3_text, h3_anchor), ...])
        self.sections = sections

    def anchors(self):
        out = []
        for h2, a2, subs in self.sections:
            out.append((h2, a2))
            out.extend(subs)
        return out


def plan_chapter(seed, index, words):
    rng = random.Random("%s:plan:%d" % (seed, index))
    w = Writer(rng)
    title = cap(w.fill(rng.choice(HEADINGS)))
    title = "%s" % title
    description = w.fill(rng.choice(DESCRIPTIONS))
    n_sections = max(2, round(words / 900))
    seen = {}

    def anchor(text):
        slug = github_slug(plain_heading(text))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        return slug if n == 0 else "%s-%d" % (slug, n)

    sections = []
    for s in range(n_sections):
        if s == n_sections - 1:
            h2 = "Summary"
        elif s == 0:
            h2 = "Overview"
        else:
            h2 = cap(w.fill(rng.choice(HEADINGS)))
        a2 = anchor(h2)
        subs = []
        for _ in range(0 if h2 == "Summary" else rng.randint(0, 3)):
            h3 = rng.choice(H3_FIXED) if rng.random() < 0.5 else \
                cap(w.fill(rng.choice(HEADINGS)))
            subs.append((h3, anchor(h3)))
        sections.append((h2, a2, subs))
    return ChapterPlan(index, title, description, sections)


class ChapterWriter:
    def __init__(self, seed, plan, plans, n_images):
        self.rng = random.Random("%s:body:%d" % (seed, plan.index))
        self.w = Writer(self.rng)
        self.plan = plan
        self.plans = plans
        self.n_images = n_images
        self.footnotes = []      # (label, text)
        self.words = 0
        self.notes_allowed = True
        self.out = []

    # -- inline decoration ------------------------------------------------
    def link_target(self):
        r = self.rng
        x = r.random()
        others = [p for p in self.plans if p is not self.plan]
        if x < 0.45 and others:
            p = r.choice(others)
            _, a = r.choice(p.anchors())
            return "%s#%s" % (p.file, a)
        if x < 0.55 and others:
            return r.choice(others).file
        if x < 0.75:
            _, a = r.choice(self.plan.anchors())
            return "#" + a
        return r.choice(EXTERNAL)

    def decorate(self, sentence):
        """Add emphasis, strong, strike, links and footnote refs to words."""
        r = self.rng
        toks = sentence.split(" ")
        i = 0
        while i < len(toks):
            t = toks[i]
            m = re.fullmatch(r"([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*)([.,;:?!]?)", t)
            x = r.random()
            if not m or x > (0.04 if self.notes_allowed else 0.034):
                i += 1
                continue
            # span of 1-3 plain words starting here
            j, span = i, r.randint(1, 3)
            while (j + 1 < len(toks) and j - i + 1 < span
                   and re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*", toks[j])
                   and re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]*[.,;:?!]?",
                                    toks[j + 1])):
                j += 1
            last = re.fullmatch(r"(.*?)([.,;:?!]?)", toks[j])
            words = " ".join(toks[i:j] + [last.group(1)])
            punct = last.group(2)
            if x < 0.01:
                new = "*%s*" % words
            elif x < 0.016:
                new = "**%s**" % words
            elif x < 0.018:
                new = "~~%s~~" % words
            elif x < 0.019:
                new = "***%s***" % words
            elif x < 0.034:
                new = "[%s](%s)" % (words, self.link_target())
            else:
                n = len(self.footnotes) + 1
                label = str(n) if r.random() < 0.7 else "note-%d" % n
                text = " ".join(self.w.sentence()
                                for _ in range(r.randint(1, 2)))
                self.footnotes.append((label, text))
                self.words += count_words(text)
                new = "%s[^%s]" % (words, label)
            toks[i:j + 1] = [new + punct]
            i += 1
        return " ".join(toks)

    def prose(self, sentence):
        self.words += count_words(sentence)
        return self.decorate(sentence)

    # -- blocks -----------------------------------------------------------
    def paragraph(self, budget=None):
        r = self.rng
        n = r.randint(3, 8)
        parts = []
        got = 0
        while True:
            s = self.w.sentence()
            c = count_words(s)
            if budget is not None and got + c >= budget:
                s = trim_words(s, budget - got)
                if s:
                    parts.append(s)
                break
            parts.append(s)
            got += c
            if budget is None and len(parts) >= n:
                break
        if r.random() < 0.05:
            url = r.choice(EXTERNAL)
            parts.append("See <%s> for details." % url
                         if r.random() < 0.5 else
                         "The reference is at %s today." % url)
        return " ".join(self.prose(s) for s in parts)

    def bullet_list(self):
        r = self.rng
        items = ["- " + self.prose(self.w.item())
                 for _ in range(r.randint(3, 6))]
        return "\n".join(items)

    def ordered_list(self):
        r = self.rng
        return "\n".join("%d. %s" % (k + 1, self.prose(self.w.item()))
                         for k in range(r.randint(3, 5)))

    def nested_list(self):
        r = self.rng
        lines = []
        ordered_top = r.random() < 0.4
        for k in range(r.randint(2, 4)):
            mark = "%d. " % (k + 1) if ordered_top else "- "
            pad = " " * len(mark)
            lines.append(mark + self.prose(self.w.item()))
            sub_ordered = r.random() < 0.5
            for m in range(r.randint(0, 3)):
                sm = "%d. " % (m + 1) if sub_ordered else "* "
                lines.append(pad + sm + self.prose(self.w.item()))
                if r.random() < 0.3:
                    spad = pad + " " * len(sm)
                    lines.append(spad + "- " + self.prose(self.w.item()))
                    lines.append(spad + "- " + self.prose(self.w.item()))
            if r.random() < 0.2:
                lines.append("")
                lines.append(pad + self.prose(self.w.sentence()))
                lines.append("")
        return "\n".join(lines)

    def task_list(self):
        r = self.rng
        return "\n".join("- [%s] %s" % ("x" if r.random() < 0.5 else " ",
                                        self.prose(self.w.item()))
                         for _ in range(r.randint(3, 6)))

    def quote(self):
        r = self.rng
        paras = []
        if r.random() < 0.3:
            paras.append("**Note:** " + self.paragraph())
        else:
            paras.append(self.paragraph())
        if r.random() < 0.3:
            paras.append(self.paragraph())
        text = "\n>\n".join("> " + p for p in paras)
        if r.random() < 0.15:
            text += "\n>\n>> " + self.prose(self.w.sentence())
        if r.random() < 0.3:
            text += "\n>\n> — " + r.choice(NAMES)
            self.words += 2
        return text

    def table(self):
        r = self.rng
        ncol = r.randint(3, 5)
        heads = ["Operation", "Cost", "Notes", "Allocator", "p50", "p99",
                 "Throughput", "Footprint", "When to use", "Lock-free?"]
        head = r.sample(heads, ncol)
        aligns = [r.choice([":---", "---:", ":---:", "---"]) for _ in head]
        rows = []
        for _ in range(r.randint(3, 7)):
            cells = []
            for c in range(ncol):
                y = r.random()
                if c == 0:
                    cell = "`%s_%s()`" % (r.choice(CODE_WORDS), r.choice(CODE_WORDS))
                elif y < 0.3:
                    cell = "%d.%d ns" % (r.randint(1, 999), r.randint(0, 9))
                elif y < 0.45:
                    cell = "%d MB" % r.randint(1, 4096)
                elif y < 0.55:
                    cell = r.choice(["yes", "no", "—", "n/a"])
                else:
                    cell = cap(self.w.phrase())
                cells.append(cell)
            rows.append("| " + " | ".join(self.prose(c) if not c.startswith("`")
                                           else c for c in cells) + " |")
            self.words += 1  # the first cell's code span
        self.words += count_words(" ".join(head))
        return "\n".join(["| " + " | ".join(head) + " |",
                          "|" + "|".join(aligns) + "|"] + rows)

    def image(self):
        r = self.rng
        k = r.randint(1, self.n_images)
        ext = "png" if k > self.n_images - 2 else "svg"
        alt = cap(self.w.phrase())
        self.words += count_words(alt)
        title = ' "Figure %d"' % k if r.random() < 0.3 else ""
        return "![%s](images/fig-%d.%s%s)" % (alt, k, ext, title)

    def code(self):
        r = self.rng
        lang = r.choice(["python", "c", "rust", "bash", "json", "yaml"])
        body = CODE_GEN[lang](r)
        fence = "~~~" if r.random() < 0.15 else "```"
        return "%s%s\n%s\n%s" % (fence, lang, body, fence)

    def block(self):
        r = self.rng
        x = r.random()
        if x < 0.55:
            return self.paragraph()
        if x < 0.62:
            return self.bullet_list() if r.random() < 0.6 else self.ordered_list()
        if x < 0.66:
            return self.nested_list()
        if x < 0.685:
            return self.task_list()
        if x < 0.735:
            return self.table()
        if x < 0.78:
            return self.quote()
        if x < 0.80:
            return self.image()
        if x < 0.805:
            return "* * *"
        return self.code()

    def write(self, target):
        p = self.plan
        out = self.out
        out.append("---")
        out.append("title: %s" % yaml_str(p.title))
        out.append("description: %s" % yaml_str(p.description))
        out.append("---")
        out.append("")
        intro = self.paragraph()
        out.append(intro)
        out.append("")
        # an image early in every chapter, so each figure is used
        k = (p.index - 1) % self.n_images + 1
        ext = "png" if k > self.n_images - 2 else "svg"
        out.append("![Figure %d: the %s and the %s](images/fig-%d.%s)" % (
            k, self.rng.choice(NOUNS), self.rng.choice(NOUNS), k, ext))
        self.words += count_words(out[-1].split("](")[0])
        out.append("")
        for s, (h2, _, subs) in enumerate(p.sections):
            out.append("## " + h2)
            out.append("")
            self.words += count_words(plain_heading(h2))
            parts = 1 + len(subs)
            for part in range(parts):
                if part > 0:
                    h3 = subs[part - 1][0]
                    out.append("### " + h3)
                    out.append("")
                    self.words += count_words(plain_heading(h3))
                remaining_parts = (parts - part) + sum(
                    1 + len(later[2]) for later in p.sections[s + 1:])
                goal = self.words + (target - self.words) / remaining_parts
                out.append(self.paragraph())  # text right after a heading
                out.append("")
                slack = 350 if remaining_parts == 1 else 40  # exact fill below
                while self.words < goal - slack:
                    out.append(self.block())
                    out.append("")
        # fill up to the exact target with one last paragraph
        rest = target - self.words
        if rest > 0:
            self.notes_allowed = False  # a note would add words past target
            out.append(self.paragraph(budget=rest))
            out.append("")
        for label, text in self.footnotes:
            out.append("[^%s]: %s" % (label, self.decorate_plain(text)))
            out.append("")
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"

    def decorate_plain(self, text):
        return text  # footnote text: counted already, keep it plain


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------
# Code blocks (not counted as words)

def ident(r, n=2):
    return "_".join(r.choice(CODE_WORDS) for _ in range(n))


def gen_python(r):
    f, a, b, v = ident(r), r.choice(CODE_WORDS), ident(r, 1), ident(r)
    lines = [
        "def %s(%s, %s=None):" % (f, a, b),
        '    """Return the %s of every %s."""' % (r.choice(CODE_WORDS), a),
        "    %s = {}" % v,
        "    for i in range(%d):" % r.randint(2, 100),
        "        if %s is not None and i %% %d == 0:" % (b, r.randint(2, 9)),
        "            continue",
        "        %s[i] = %s.get(i, 0) + len(str(i))" % (v, v),
        "    return %s" % v,
    ]
    if r.random() < 0.5:
        lines += ["", "", "print(%s(%r))" % (f, r.choice(CODE_WORDS))]
    return "\n".join(lines)


def gen_c(r):
    t, f, x = ident(r, 1), ident(r), ident(r, 1)
    return "\n".join([
        "#include <stdlib.h>",
        "#include <string.h>",
        "",
        "struct %s {" % t,
        "    size_t len, cap;",
        "    unsigned char *data;",
        "};",
        "",
        "/* Grow the buffer to at least n bytes; 0 on success. */",
        "static int %s(struct %s *%s, size_t n)" % (f, t, x),
        "{",
        "    if (n <= %s->cap)" % x,
        "        return 0;",
        "    size_t cap = %s->cap ? %s->cap * 2 : %d;" % (x, x, r.choice([16, 64, 256])),
        "    while (cap < n && cap < SIZE_MAX / 2)",
        "        cap *= 2;",
        "    void *p = realloc(%s->data, cap);" % x,
        "    if (p == NULL)",
        "        return -1;",
        "    %s->data = p;" % x,
        "    %s->cap = cap;" % x,
        "    return 0;",
        "}",
    ])


def gen_rust(r):
    s, f = cap(r.choice(CODE_WORDS)), ident(r)
    return "\n".join([
        "use std::collections::HashMap;",
        "",
        "#[derive(Debug, Default)]",
        "pub struct %s<'a> {" % s,
        "    entries: HashMap<&'a str, Vec<u8>>,",
        "    hits: u64,",
        "}",
        "",
        "impl<'a> %s<'a> {" % s,
        "    pub fn %s(&mut self, key: &'a str) -> Option<&[u8]> {" % f,
        "        self.hits += 1;",
        "        self.entries.get(key).map(|v| v.as_slice())",
        "    }",
        "}",
    ])


def gen_bash(r):
    return "\n".join([
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        "for n in %s; do" % " ".join(str(r.choice([1, 2, 4, 8, 16])) for _ in range(3)),
        '    ./build/%s --threads "$n" --size %dM > "out-$n.txt"' % (
            ident(r, 1), r.randint(1, 512)),
        "done",
        "grep -h 'p99' out-*.txt | sort -k2 -n | tail -n %d" % r.randint(1, 5),
    ])


def gen_json(r):
    return "\n".join([
        "{",
        '  "name": "%s",' % ident(r),
        '  "version": "%d.%d.%d",' % (r.randint(0, 3), r.randint(0, 20), r.randint(0, 9)),
        '  "limits": { "heap_mb": %d, "threads": %d },' % (r.randint(64, 4096), r.randint(1, 64)),
        '  "features": ["%s", "%s"],' % (ident(r, 1), ident(r, 1)),
        '  "debug": %s' % r.choice(["true", "false", "null"]),
        "}",
    ])


def gen_yaml(r):
    return "\n".join([
        "# %s settings" % r.choice(CODE_WORDS),
        "%s:" % ident(r, 1),
        "  size: %d" % r.randint(1, 1 << 20),
        "  policy: %s" % r.choice(["lru", "fifo", "arc", "clock"]),
        "  shards:",
        "    - id: %d" % r.randint(0, 9),
        '      path: "/var/lib/%s"' % ident(r, 1),
        "    - id: %d" % r.randint(10, 99),
        '      path: "/var/lib/%s"' % ident(r, 1),
    ])


CODE_GEN = {"python": gen_python, "c": gen_c, "rust": gen_rust,
            "bash": gen_bash, "json": gen_json, "yaml": gen_yaml}


# --------------------------------------------------------------------------
# Images

def png_bytes(width, height, row_fn):
    """A valid 8-bit RGB PNG; row_fn(y) returns width*3 bytes."""
    raw = b"".join(b"\x00" + row_fn(y) for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def bar_chart_png(rng, width=240, height=160):
    bars = [rng.randint(10, height - 20) for _ in range(8)]
    colors = [bytes([rng.randint(30, 200), rng.randint(60, 200),
                     rng.randint(120, 255)]) for _ in bars]
    bw = width // len(bars)
    white = b"\xff\xff\xff"

    def row(y):
        out = []
        for i, h in enumerate(bars):
            filled = (height - y) <= h
            px = colors[i] if filled else white
            out.append(px * (bw - 4) + white * 4)
        line = b"".join(out)
        return line + white * (width - len(line) // 3)

    return png_bytes(width, height, row)


def cover_png(rng, width=600, height=900):
    base = [rng.randint(20, 90) for _ in range(3)]

    def row(y):
        t = y / height
        c = bytes(min(255, int(b + 120 * t)) for b in base)
        band = b"\xf0\xe6\xc8"
        if 300 <= y < 420:
            return c * 60 + band * (width - 120) + c * 60
        return c * width

    return png_bytes(width, height, row)


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def diagram_svg(rng, k):
    n = rng.randint(3, 5)
    w, h = 120 + 150 * n, 160
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'viewBox="0 0 %d %d">' % (w, h, w, h),
             '  <title>Figure %d</title>' % k,
             '  <rect width="100%" height="100%" fill="#ffffff"/>']
    for i in range(n):
        x = 20 + 150 * i
        label = xml_escape(rng.choice(NOUNS))
        parts.append('  <rect x="%d" y="50" width="120" height="60" rx="8" '
                     'fill="#dbe9f6" stroke="#1f4e79" stroke-width="2"/>' % x)
        parts.append('  <text x="%d" y="85" font-family="sans-serif" '
                     'font-size="12" text-anchor="middle">%s</text>'
                     % (x + 60, label))
        if i + 1 < n:
            parts.append('  <path d="M%d 80 H%d" stroke="#1f4e79" '
                         'stroke-width="2" marker-end="url(#arrow)"/>'
                         % (x + 120, x + 148))
    parts.insert(3, '  <defs><marker id="arrow" markerWidth="8" '
                    'markerHeight="8" refX="7" refY="4" orient="auto">'
                    '<path d="M0,0 L8,4 L0,8 z" fill="#1f4e79"/></marker></defs>')
    parts.append('  <text x="20" y="30" font-family="sans-serif" '
                 'font-size="14">Figure %d</text>' % k)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------

def write_file(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    kw = {} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": "\n"}
    with open(path, mode, **kw) as f:
        f.write(data)
    return len(data.encode("utf-8")) if isinstance(data, str) else len(data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--words", type=int, default=1_000_000,
                    help="total words of prose (default 1000000)")
    ap.add_argument("--chapters", type=int, default=200,
                    help="number of chapters (default 200)")
    ap.add_argument("--seed", default="1", help="PRNG seed (default 1)")
    ap.add_argument("--title", help="book title (default: picked by seed)")
    ap.add_argument("--edition", default="1.0.0")
    ap.add_argument("--force", action="store_true",
                    help="replace OUT_DIR if it already holds a series")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)

    if a.chapters < 1 or a.words < 50 * a.chapters:
        ap.error("need --chapters >= 1 and at least 50 words per chapter")
    out = a.out_dir
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            ap.error("%s exists and is not empty (use --force)" % out)
        if not os.path.exists(os.path.join(out, "series.yaml")):
            ap.error("%s does not look like a generated series; "
                     "refusing to delete it" % out)
        shutil.rmtree(out)
    slug = os.path.basename(os.path.normpath(out))
    if not re.fullmatch(r"[a-z0-9-]+", slug):
        print("warning: folder name %r is not a valid series slug "
              "(lowercase letters, digits, '-')" % slug, file=sys.stderr)
    os.makedirs(os.path.join(out, "images"), exist_ok=True)

    seed = a.seed
    rng = random.Random("%s:series" % seed)
    n_svg, n_png = 6, 2
    n_images = n_svg + n_png

    per = [a.words // a.chapters + (1 if i < a.words % a.chapters else 0)
           for i in range(a.chapters)]
    plans = [plan_chapter(seed, i + 1, per[i]) for i in range(a.chapters)]

    total_words = total_bytes = 0
    for plan, target in zip(plans, per):
        cw = ChapterWriter(seed, plan, plans, n_images)
        text = cw.write(target)
        total_bytes += write_file(os.path.join(out, plan.file), text)
        total_words += cw.words

    img_bytes = 0
    for k in range(1, n_svg + 1):
        img_bytes += write_file(os.path.join(out, "images", "fig-%d.svg" % k),
                                diagram_svg(random.Random("%s:svg:%d" % (seed, k)), k))
    for k in range(n_svg + 1, n_images + 1):
        img_bytes += write_file(os.path.join(out, "images", "fig-%d.png" % k),
                                bar_chart_png(random.Random("%s:png:%d" % (seed, k))))
    img_bytes += write_file(os.path.join(out, "cover.png"),
                            cover_png(random.Random("%s:cover" % seed)))

    title = a.title or rng.choice(TITLES)
    w = Writer(rng)
    yaml_lines = [
        "title: %s" % yaml_str(title),
        "subtitle: %s" % yaml_str("A synthetic %d-word benchmark edition" % a.words),
        "author: %s" % yaml_str(rng.choice(NAMES)),
        "language: en",
        "edition: %s" % a.edition,
        "date: 2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
        "publisher: %s" % yaml_str("Octavo Bench Press"),
        "rights: %s" % yaml_str("CC BY 4.0"),
        "description: %s" % yaml_str(" ".join(w.sentence() for _ in range(2))),
        "tags:",
    ] + ["  - %s" % t for t in rng.sample(
        ["performance", "memory", "concurrency", "compilers", "systems",
         "benchmarks", "runtimes"], 3)] + [
        "cover: cover.png",
        "chapters:",
    ] + ["  - %s" % p.file for p in plans]
    write_file(os.path.join(out, "series.yaml"), "\n".join(yaml_lines) + "\n")

    if not a.quiet:
        print("wrote %s/series.yaml" % out)
        print("wrote %d chapters (%s .. %s): %d words, %.1f MB of Markdown"
              % (a.chapters, plans[0].file, plans[-1].file, total_words,
                 total_bytes / 1e6))
        print("wrote %d images in %s/images (%d SVG, %d PNG) and cover.png, %.0f kB"
              % (n_images, out, n_svg, n_png, img_bytes / 1e3))
    print("words: %d" % total_words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
