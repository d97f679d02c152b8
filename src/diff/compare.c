/* The report: which chapters and sections of a book were added, removed,
 * moved or changed between two editions, and by how many words. */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

/* Two unmatched sections of a chapter whose text is at least this alike are
 * one section renamed, not one removed and one added. */
#define DIFF_RENAME_SIMILARITY 0.5

/* A section: a top-level heading and the blocks up to the next one. The
 * first of a chapter (level 1, no id) is what comes before any heading. */
struct section {
    int level;
    char *id, *title;
    struct diff_toks toks; /* heading and own blocks */
    size_t words;
    size_t match;          /* index in the other edition's chapter's sections */
    size_t match_chapter;  /* chapter of the match (another one: moved there) */
    bool moved;
};

struct chapter {
    char *file, *title;
    struct section *sections;
    size_t n_sections;
    size_t match; /* the other edition's chapter, DIFF_NONE */
    bool moved;
};

struct diff_book {
    struct chapter *ch;
    size_t n;
};

struct diff_book *diff_book_new(size_t n_chapters)
{
    struct diff_book *b = xcalloc(1, sizeof *b);
    b->ch = xcalloc(n_chapters + 1, sizeof *b->ch);
    b->n = n_chapters;
    return b;
}

size_t diff_book_len(const struct diff_book *b)
{
    return b->n;
}

const char *diff_book_file(const struct diff_book *b, size_t i)
{
    return b->ch[i].file ? b->ch[i].file : "";
}

static void section_add_block(struct section *s, const struct doc_node *n)
{
    size_t from = s->toks.len;
    diff_tokenize(n, &s->toks, NULL, false);
    for (size_t k = from; k < s->toks.len; k++)
        s->words += s->toks.v[k].words;
}

/* Notes stand at a chapter's end in the model: each counts in the section
 * that first cites it, so adding a section after it changes no other. */
struct note_home {
    int number;
    size_t section;
};

static void cite_notes(const struct doc_node *block, size_t section, struct note_home **homes,
                       size_t *n)
{
    struct doc_iter it;
    struct doc_node *x;
    doc_iter_init(&it, (struct doc_node *)block);
    while (doc_iter_next(&it, &x) != DOC_EVENT_DONE)
        if (x->type == DOC_NODE_FOOTNOTE_REF && it.ev == DOC_EVENT_ENTER) {
            *homes = xgrow(*homes, *n, sizeof **homes);
            (*homes)[(*n)++] = (struct note_home){.number = x->number, .section = section};
        }
}

void diff_book_set(struct diff_book *b, size_t i, const char *file, const char *title,
                   const struct doc_node *root)
{
    struct chapter *c = &b->ch[i];
    c->file = xstrdup(file ? file : "");
    c->title = xstrdup(title ? title : "");
    c->sections = xgrow(NULL, 0, sizeof *c->sections);
    c->sections[0] = (struct section){.level = 1};
    c->n_sections = 1;
    struct note_home *homes = NULL;
    size_t n_homes = 0;
    for (const struct doc_node *n = root ? root->first_child : NULL; n; n = n->next) {
        if (n->type == DOC_NODE_FOOTNOTE_DEF) {
            size_t home = c->n_sections - 1;
            for (size_t k = 0; k < n_homes; k++)
                if (homes[k].number == n->number) {
                    home = homes[k].section;
                    break;
                }
            section_add_block(&c->sections[home], n);
            continue;
        }
        if (n->type == DOC_NODE_HEADING) {
            c->sections = xgrow(c->sections, c->n_sections, sizeof *c->sections);
            c->sections[c->n_sections++] = (struct section){
                .level = n->level, .id = n->id ? xstrdup(n->id) : NULL,
                .title = doc_node_plain_text(n)};
        }
        cite_notes(n, c->n_sections - 1, &homes, &n_homes);
        section_add_block(&c->sections[c->n_sections - 1], n);
    }
    free(homes);
}

void diff_book_free(struct diff_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        for (size_t k = 0; k < b->ch[i].n_sections; k++) {
            free(b->ch[i].sections[k].id);
            free(b->ch[i].sections[k].title);
            diff_toks_free(&b->ch[i].sections[k].toks);
        }
        free(b->ch[i].sections);
        free(b->ch[i].file);
        free(b->ch[i].title);
    }
    free(b->ch);
    free(b);
}

/* Forgets the matches of an earlier comparison. */
static void reset(struct diff_book *b)
{
    for (size_t i = 0; i < b->n; i++) {
        b->ch[i].match = DIFF_NONE;
        b->ch[i].moved = false;
        for (size_t k = 0; k < b->ch[i].n_sections; k++) {
            struct section *s = &b->ch[i].sections[k];
            s->match = s->match_chapter = DIFF_NONE;
            s->moved = false;
        }
    }
}

static bool same_str(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static void match_chapters(const struct diff_book *o, const struct diff_book *n,
                           size_t *new_to_old)
{
    bool *taken = xcalloc(o->n + 1, sizeof *taken);
    for (size_t j = 0; j < n->n; j++) {
        new_to_old[j] = DIFF_NONE;
        for (size_t i = 0; i < o->n; i++)
            if (!taken[i] && same_str(o->ch[i].file, n->ch[j].file)) {
                new_to_old[j] = i;
                taken[i] = true;
                break;
            }
    }
    /* a chapter renamed on disk keeps its title */
    for (size_t j = 0; j < n->n; j++)
        for (size_t i = 0; i < o->n && new_to_old[j] == DIFF_NONE; i++)
            if (!taken[i] && *o->ch[i].title && same_str(o->ch[i].title, n->ch[j].title)) {
                new_to_old[j] = i;
                taken[i] = true;
            }
    free(taken);
}

size_t *diff_match_chapters(const struct diff_book *old_b, const struct diff_book *new_b)
{
    size_t *m = xcalloc(new_b->n + 1, sizeof *m);
    match_chapters(old_b, new_b, m);
    return m;
}

/* Marks moved[k] for the items of seq (old positions, in new order, DIFF_NONE
 * skipped) outside one longest increasing run: those are what moved. */
static void mark_moved(const size_t *seq, size_t n, bool *moved)
{
    size_t *tail = xcalloc(n + 1, sizeof *tail), *prev = xcalloc(n + 1, sizeof *prev);
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        moved[k] = seq[k] != DIFF_NONE;
        if (seq[k] == DIFF_NONE)
            continue;
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (seq[tail[mid]] < seq[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[k] = lo ? tail[lo - 1] : DIFF_NONE;
        tail[lo] = k;
        if (lo == len)
            len++;
    }
    for (size_t k = len ? tail[len - 1] : DIFF_NONE; k != DIFF_NONE; k = prev[k])
        moved[k] = false;
    free(tail);
    free(prev);
}

static void pair(struct chapter *oc, size_t os, struct chapter *nc, size_t ns, size_t oi, size_t ni)
{
    oc->sections[os].match = ns;
    oc->sections[os].match_chapter = ni;
    nc->sections[ns].match = os;
    nc->sections[ns].match_chapter = oi;
}

static bool heading_level_same(const struct section *a, const struct section *b)
{
    return a->level == b->level;
}

static void match_sections(struct chapter *O, size_t oi, struct chapter *N, size_t ni)
{
    struct chapter *oc = &O[oi], *nc = &N[ni];
    pair(oc, 0, nc, 0, oi, ni); /* what comes before the first heading */
    for (int pass = 0; pass < 3; pass++)
        for (size_t j = 1; j < nc->n_sections; j++) {
            struct section *b = &nc->sections[j];
            for (size_t i = 1; i < oc->n_sections && b->match == DIFF_NONE; i++) {
                struct section *a = &oc->sections[i];
                if (a->match != DIFF_NONE)
                    continue;
                bool same = pass == 0 ? same_str(a->id, b->id)
                            : pass == 1 ? heading_level_same(a, b) && same_str(a->title, b->title)
                                        : heading_level_same(a, b) &&
                                              diff_similarity(a->toks.v, a->toks.len, b->toks.v,
                                                              b->toks.len) >= DIFF_RENAME_SIMILARITY;
                if (same)
                    pair(oc, i, nc, j, oi, ni);
            }
        }
}

/* Sections left over in one chapter that stand, by title, in another. */
static void match_moved_sections(struct chapter *O, size_t no, struct chapter *N, size_t nn)
{
    for (size_t nj = 0; nj < nn; nj++)
        for (size_t j = 1; j < N[nj].n_sections; j++) {
            struct section *b = &N[nj].sections[j];
            for (size_t oj = 0; oj < no && b->match == DIFF_NONE; oj++) {
                if (O[oj].match == nj)
                    continue;
                for (size_t i = 1; i < O[oj].n_sections && b->match == DIFF_NONE; i++) {
                    struct section *a = &O[oj].sections[i];
                    if (a->match == DIFF_NONE && heading_level_same(a, b) &&
                        same_str(a->title, b->title)) {
                        pair(&O[oj], i, &N[nj], j, oj, nj);
                        a->moved = b->moved = true;
                    }
                }
            }
        }
}

static void entry(struct diff_report *r, struct diff_entry e)
{
    r->items = xgrow(r->items, r->len, sizeof *r->items);
    r->items[r->len++] = e;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static struct diff_entry section_entry(unsigned what, const struct section *s, size_t oc,
                                       size_t nc, const struct section *old_s)
{
    return (struct diff_entry){
        .what = what,
        .level = s->level,
        .old_chapter = oc,
        .new_chapter = nc,
        .old_id = old_s ? dup_or_null(old_s->id) : NULL,
        .new_id = nc != DIFF_NONE ? dup_or_null(s->id) : NULL,
        .title = xstrdup(s->title ? s->title : ""),
        .words = s->words,
    };
}

/* Words added and removed between two sections; true if they differ at all
 * (a paragraph split in two is a change of no words). */
static bool compare_sections(const struct section *a, const struct section *b, size_t *added,
                             size_t *removed)
{
    *added = *removed = 0;
    if (a->toks.len == b->toks.len &&
        diff_toks_hash(a->toks.v, a->toks.len) == diff_toks_hash(b->toks.v, b->toks.len))
        return false;
    struct diff_edit *e;
    size_t n = diff_sequence(a->toks.v, a->toks.len, b->toks.v, b->toks.len, &e);
    bool changed = false;
    for (size_t k = 0; k < n; k++) {
        if (e[k].op == DIFF_OP_DEL)
            *removed += a->toks.v[e[k].a].words;
        else if (e[k].op == DIFF_OP_INS)
            *added += b->toks.v[e[k].b].words;
        changed |= e[k].op != DIFF_OP_KEEP;
    }
    free(e);
    return changed;
}

static size_t chapter_words(const struct chapter *c)
{
    size_t w = 0;
    for (size_t k = 0; k < c->n_sections; k++)
        w += c->sections[k].words;
    return w;
}

/* The entries of one new chapter matched to an old one: its own, then its
 * sections' in new order, removed ones after their old predecessor. */
static void report_chapter(struct diff_report *r, struct chapter *O, struct chapter *N, size_t nj)
{
    struct chapter *nc = &N[nj];
    size_t oj = nc->match;
    struct chapter *oc = &O[oj];
    size_t first = r->len;
    entry(r, (struct diff_entry){.level = 1, .old_chapter = oj, .new_chapter = nj,
                                 .title = xstrdup(nc->title),
                                 .words = chapter_words(nc)});
    unsigned what = nc->moved ? DIFF_MOVED : 0;
    if (!same_str(oc->title, nc->title))
        what |= DIFF_CHANGED;
    size_t added = 0, removed = 0;
    /* order within the chapter: sections matched here, by old position */
    size_t *seq = xcalloc(nc->n_sections + 1, sizeof *seq);
    bool *moved = xcalloc(nc->n_sections + 1, sizeof *moved);
    for (size_t j = 0; j < nc->n_sections; j++)
        seq[j] = nc->sections[j].match_chapter == oj ? nc->sections[j].match : DIFF_NONE;
    mark_moved(seq, nc->n_sections, moved);
    /* removed sections go after their old predecessor's place here */
    size_t *anchor = xcalloc(oc->n_sections + 1, sizeof *anchor);
    for (size_t i = 0, last = 0; i < oc->n_sections; i++) {
        const struct section *a = &oc->sections[i];
        if (a->match != DIFF_NONE && a->match_chapter == nj)
            last = a->match;
        anchor[i] = last;
    }
    for (size_t j = 0; j < nc->n_sections; j++) {
        const struct section *b = &nc->sections[j];
        size_t a_, r_;
        if (j > 0) {
            unsigned w = 0;
            const struct section *a = NULL;
            if (b->match == DIFF_NONE) {
                w = DIFF_ADDED;
                a_ = b->words;
                r_ = 0;
            } else {
                a = &O[b->match_chapter].sections[b->match];
                if (compare_sections(a, b, &a_, &r_))
                    w |= DIFF_CHANGED;
                if (b->moved || moved[j])
                    w |= DIFF_MOVED;
            }
            if (w) {
                struct diff_entry e = section_entry(w, b, a ? b->match_chapter : DIFF_NONE, nj, a);
                e.words_added = a_;
                e.words_removed = r_;
                entry(r, e);
                added += a_;
                removed += r_;
                what |= DIFF_CHANGED;
            }
        } else if (compare_sections(&oc->sections[0], b, &a_, &r_)) {
            added += a_;
            removed += r_;
            what |= DIFF_CHANGED;
        }
        for (size_t i = 1; i < oc->n_sections; i++) {
            const struct section *a = &oc->sections[i];
            if (anchor[i] != j || a->match != DIFF_NONE)
                continue;
            struct diff_entry e = section_entry(DIFF_REMOVED, a, oj, DIFF_NONE, a);
            e.words_removed = a->words;
            entry(r, e);
            removed += a->words;
            what |= DIFF_CHANGED;
        }
    }
    /* sections that moved out to another chapter count as removed here */
    for (size_t i = 1; i < oc->n_sections; i++)
        if (oc->sections[i].match != DIFF_NONE && oc->sections[i].match_chapter != nj)
            what |= DIFF_CHANGED;
    free(seq);
    free(moved);
    free(anchor);
    if (!what) {
        free(r->items[first].title);
        r->len = first;
        return;
    }
    r->items[first].what = what;
    r->items[first].words_added = added;
    r->items[first].words_removed = removed;
    r->words_added += added;
    r->words_removed += removed;
}

static void report_removed_chapter(struct diff_report *r, struct chapter *c, size_t oj)
{
    size_t w = chapter_words(c);
    entry(r, (struct diff_entry){.what = DIFF_REMOVED, .level = 1, .old_chapter = oj,
                                 .new_chapter = DIFF_NONE,
                                 .title = xstrdup(c->title),
                                 .words = w, .words_removed = w});
    r->words_removed += w;
}

void diff_compare(struct diff_book *old_b, struct diff_book *new_b, struct diff_report *out)
{
    *out = (struct diff_report){0};
    reset(old_b);
    reset(new_b);
    struct chapter *O = old_b->ch, *N = new_b->ch;
    size_t n_old = old_b->n, n_new = new_b->n;
    size_t *new_to_old = xcalloc(n_new + 1, sizeof *new_to_old);
    match_chapters(old_b, new_b, new_to_old);
    for (size_t j = 0; j < n_new; j++) {
        N[j].match = new_to_old[j];
        if (new_to_old[j] != DIFF_NONE)
            O[new_to_old[j]].match = j;
    }
    bool *moved = xcalloc(n_new + 1, sizeof *moved);
    mark_moved(new_to_old, n_new, moved);
    for (size_t j = 0; j < n_new; j++) {
        N[j].moved = moved[j];
        if (N[j].match != DIFF_NONE)
            match_sections(O, N[j].match, N, j);
    }
    match_moved_sections(O, n_old, N, n_new);
    /* a removed chapter goes after the new place of its old predecessor */
    size_t *anchor = xcalloc(n_old + 1, sizeof *anchor);
    for (size_t i = 0, last = DIFF_NONE; i < n_old; i++) {
        if (O[i].match != DIFF_NONE)
            last = O[i].match;
        anchor[i] = last;
    }
    for (size_t i = 0; i < n_old; i++)
        if (O[i].match == DIFF_NONE && anchor[i] == DIFF_NONE)
            report_removed_chapter(out, &O[i], i);
    for (size_t j = 0; j < n_new; j++) {
        if (N[j].match == DIFF_NONE) {
            size_t w = chapter_words(&N[j]);
            entry(out, (struct diff_entry){.what = DIFF_ADDED, .level = 1,
                                           .old_chapter = DIFF_NONE, .new_chapter = j,
                                           .title = xstrdup(N[j].title),
                                           .words = w, .words_added = w});
            out->words_added += w;
        } else {
            report_chapter(out, O, N, j);
        }
        for (size_t i = 0; i < n_old; i++)
            if (O[i].match == DIFF_NONE && anchor[i] == j)
                report_removed_chapter(out, &O[i], i);
    }
    free(anchor);
    free(moved);
    free(new_to_old);
}

void diff_report_free(struct diff_report *r)
{
    for (size_t i = 0; i < r->len; i++) {
        free(r->items[i].old_id);
        free(r->items[i].new_id);
        free(r->items[i].title);
    }
    free(r->items);
    *r = (struct diff_report){0};
}
