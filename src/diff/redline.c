/* The redline: a new chapter's model with what changed since the old one
 * marked in place — INS around inserted words, DEL holding deleted ones,
 * line marks on code — for both renderers to draw. */
#include "diff/internal.h"

#include <stdlib.h>
#include <string.h>

/* Two blocks of one kind whose words are at least this alike are one block
 * changed (marked word by word), not one deleted and one inserted. */
#define DIFF_CHANGE_SIMILARITY 0.5

struct redline {
    struct arena *a;
    size_t marks;
};

static struct doc_node *text_node(struct redline *r, const char *s, size_t len, int line)
{
    struct doc_node *n = doc_node_new(r->a, DOC_NODE_TEXT, line, 0);
    n->text = arena_strndup(r->a, s, len);
    n->text_len = len;
    return n;
}

static struct doc_node *mark(struct redline *r, enum doc_node_type type, const char *s,
                             size_t len, int line)
{
    struct doc_node *m = doc_node_new(r->a, type, line, 0);
    doc_node_append(m, text_node(r, s, len, line));
    r->marks++;
    return m;
}

static size_t count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n + (len && s[len - 1] != '\n');
}

static const char *all_marks(struct redline *r, char c, size_t lines)
{
    char *m = arena_alloc(r->a, lines + 1);
    memset(m, c, lines);
    r->marks += lines;
    return m;
}

static const char *tok_text(const struct diff_tok *t, const struct buf *pool)
{
    if (t->node && t->node->type == DOC_NODE_CODE_BLOCK)
        return t->node->text + t->off;
    return pool->data + t->pool_off;
}

/* Tokens [a0, a1) of old text joined by single spaces. Caller frees. */
static char *join_words(const struct diff_tok *t, size_t a0, size_t a1, const struct buf *pool,
                        size_t *len_out)
{
    struct buf b = BUF_INIT;
    for (size_t i = a0; i < a1; i++) {
        if (!t[i].len)
            continue;
        if (b.len && !t[i].glued)
            buf_putc(&b, ' ');
        buf_put(&b, tok_text(&t[i], pool), t[i].len);
    }
    return buf_detach(&b, len_out);
}

/* A deleted block's text as one DEL, or NULL when it has none. */
static struct doc_node *deleted_text(struct redline *r, const struct doc_node *o)
{
    struct diff_toks t = {0};
    struct buf pool = BUF_INIT;
    diff_tokenize(o, &t, &pool, false);
    size_t len;
    char *s = join_words(t.v, 0, t.len, &pool, &len);
    struct doc_node *m = len ? mark(r, DOC_NODE_DEL, s, len, o->line) : NULL;
    free(s);
    buf_free(&pool);
    diff_toks_free(&t);
    return m;
}

/* What stands in the new model for a deleted block: one of the same kind
 * where its container needs that kind (an item, a row, a cell, code), else a
 * paragraph of its deleted text. NULL when it had no text. */
static struct doc_node *deleted_block(struct redline *r, const struct doc_node *o)
{
    struct doc_node *n = NULL, *del;
    switch (o->type) {
    case DOC_NODE_CODE_BLOCK:
        n = doc_node_new(r->a, DOC_NODE_CODE_BLOCK, o->line, o->col);
        n->text = arena_strndup(r->a, o->text, o->text_len);
        n->text_len = o->text_len;
        n->info = o->info ? arena_strdup(r->a, o->info) : NULL;
        n->line_marks = all_marks(r, '-', count_lines(o->text, o->text_len));
        return n;
    case DOC_NODE_TABLE_ROW:
        n = doc_node_new(r->a, DOC_NODE_TABLE_ROW, o->line, o->col);
        n->header = o->header;
        for (const struct doc_node *c = o->first_child; c; c = c->next)
            doc_node_append(n, deleted_block(r, c));
        return n;
    case DOC_NODE_TABLE_CELL:
        n = doc_node_new(r->a, DOC_NODE_TABLE_CELL, o->line, o->col);
        n->header = o->header;
        n->align = o->align;
        if ((del = deleted_text(r, o)))
            doc_node_append(n, del);
        return n;
    case DOC_NODE_ITEM:
        if (!(del = deleted_text(r, o)))
            return NULL;
        n = doc_node_new(r->a, DOC_NODE_ITEM, o->line, o->col);
        doc_node_append(n, doc_node_new(r->a, DOC_NODE_PARAGRAPH, o->line, o->col));
        doc_node_append(n->first_child, del);
        return n;
    default:
        if (!(del = deleted_text(r, o)))
            return NULL;
        n = doc_node_new(r->a, DOC_NODE_PARAGRAPH, o->line, o->col);
        doc_node_append(n, del);
        return n;
    }
}

static void put_deleted(struct redline *r, struct doc_node *parent, struct doc_node *before,
                        const struct doc_node *o)
{
    struct doc_node *d = deleted_block(r, o);
    if (!d)
        return;
    if (before)
        doc_node_insert_before(before, d);
    else
        doc_node_append(parent, d);
}

static void wrap_children(struct redline *r, struct doc_node *x, enum doc_node_type type)
{
    if (!x->first_child)
        return;
    struct doc_node *w = doc_node_new(r->a, type, x->line, x->col);
    while (x->first_child) {
        struct doc_node *c = x->first_child;
        doc_node_unlink(c);
        doc_node_append(w, c);
    }
    doc_node_append(x, w);
    r->marks++;
}

static void mark_inserted(struct redline *r, struct doc_node *root)
{
    struct doc_iter it;
    struct doc_node *x;
    enum doc_event ev;
    doc_iter_init(&it, root);
    while ((ev = doc_iter_next(&it, &x)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER)
            continue;
        if (diff_holds_inlines(x)) {
            wrap_children(r, x, DOC_NODE_INS);
            doc_iter_skip_children(&it);
        } else if (x->type == DOC_NODE_CODE_BLOCK) {
            x->line_marks = all_marks(r, '+', count_lines(x->text, x->text_len));
        } else if (x->type == DOC_NODE_FIGURE) {
            doc_iter_skip_children(&it);
        }
    }
}

/* Adjacent text nodes become one, so no word of the new text spans two. */
static void coalesce_text(struct redline *r, struct doc_node *root)
{
    struct doc_iter it;
    struct doc_node *x;
    enum doc_event ev;
    doc_iter_init(&it, root);
    while ((ev = doc_iter_next(&it, &x)) != DOC_EVENT_DONE) {
        if (ev != DOC_EVENT_ENTER || doc_node_is_leaf(x))
            continue;
        for (struct doc_node *c = x->first_child; c; c = c->next) {
            if (c->type != DOC_NODE_TEXT || !c->next || c->next->type != DOC_NODE_TEXT)
                continue;
            struct buf b = BUF_INIT;
            buf_put(&b, c->text, c->text_len);
            while (c->next && c->next->type == DOC_NODE_TEXT) {
                buf_put(&b, c->next->text, c->next->text_len);
                doc_node_unlink(c->next);
            }
            c->text = arena_strndup(r->a, b.data, b.len);
            c->text_len = b.len;
            buf_free(&b);
        }
    }
}

static bool ascii_edge(const char *s, size_t len, bool last)
{
    return len && (unsigned char)s[last ? len - 1 : 0] < 0x80;
}

/* Word marks inside a block of inline content. */
struct inline_merge {
    struct redline *r;
    struct diff_toks A, B; /* old tokens (text in pool), new ones */
    struct buf pool;
    bool *ins;             /* per new token */
    size_t *del0, *del1;   /* per new token: old tokens deleted just before it */
    size_t tail0, tail1;   /* deleted after the last new token */
};

/* Puts the old tokens [a0, a1) as one DEL before `before` (or at the end of
 * parent), with a space between it and what follows. */
static void put_del_run(struct inline_merge *m, struct doc_node *parent, struct doc_node *before,
                        size_t a0, size_t a1, const char *next, size_t next_len)
{
    size_t len;
    char *s = join_words(m->A.v, a0, a1, &m->pool, &len);
    if (len) {
        struct doc_node *d = mark(m->r, DOC_NODE_DEL, s, len, parent->line);
        bool space = ascii_edge(s, len, true) || ascii_edge(next, next_len, false);
        struct doc_node *gap = text_node(m->r, " ", 1, parent->line);
        if (before) {
            doc_node_insert_before(before, d);
            if (next_len && space)
                doc_node_insert_before(before, gap);
        } else {
            doc_node_append(parent, gap);
            doc_node_append(parent, d);
        }
    }
    free(s);
}

static void put_text(struct inline_merge *m, struct doc_node *before, const char *s, size_t len)
{
    if (len)
        doc_node_insert_before(before, text_node(m->r, s, len, before->line));
}

/* Rebuilds text node x, whose words are new tokens [j0, j1). */
static void mark_text(struct inline_merge *m, struct doc_node *x, size_t j0, size_t j1)
{
    bool any = false;
    for (size_t j = j0; j < j1 && !any; j++)
        any = m->ins[j] || m->del1[j] > m->del0[j];
    if (!any)
        return;
    const char *s = x->text;
    size_t pos = 0;
    for (size_t j = j0; j < j1; j++) {
        const struct diff_tok *t = &m->B.v[j];
        if (m->del1[j] > m->del0[j]) {
            put_text(m, x, s + pos, t->off - pos);
            pos = t->off;
            put_del_run(m, x->parent, x, m->del0[j], m->del1[j], s + t->off, t->len);
        }
        if (m->ins[j]) {
            size_t k = j;
            while (k + 1 < j1 && m->ins[k + 1] && m->del1[k + 1] == m->del0[k + 1])
                k++;
            put_text(m, x, s + pos, t->off - pos);
            size_t end = m->B.v[k].off + m->B.v[k].len;
            doc_node_insert_before(x, mark(m->r, DOC_NODE_INS, s + t->off, end - t->off, x->line));
            pos = end;
            j = k;
        }
    }
    put_text(m, x, s + pos, x->text_len - pos);
    doc_node_unlink(x);
}

static void merge_inline(struct redline *r, const struct doc_node *o, struct doc_node *n)
{
    coalesce_text(r, n);
    struct inline_merge m = {.r = r, .pool = BUF_INIT};
    diff_tokenize(o, &m.A, &m.pool, true);
    diff_tokenize(n, &m.B, NULL, true);
    struct diff_edit *e;
    size_t ne = diff_sequence(m.A.v, m.A.len, m.B.v, m.B.len, &e);
    size_t nb = m.B.len;
    m.ins = xcalloc(nb + 1, sizeof *m.ins);
    m.del0 = xcalloc(nb + 1, sizeof *m.del0);
    m.del1 = xcalloc(nb + 1, sizeof *m.del1);
    size_t d0 = 0, d1 = 0;
    for (size_t k = 0; k < ne; k++) {
        if (e[k].op == DIFF_OP_DEL) {
            if (d1 == d0)
                d0 = e[k].a;
            d1 = e[k].a + 1;
            continue;
        }
        m.del0[e[k].b] = d0;
        m.del1[e[k].b] = d1;
        m.ins[e[k].b] = e[k].op == DIFF_OP_INS;
        d0 = d1 = 0;
    }
    m.tail0 = d0;
    m.tail1 = d1;
    free(e);
    for (size_t j = 0; j < nb;) {
        struct doc_node *x = (struct doc_node *)m.B.v[j].node;
        if (x->type == DOC_NODE_TEXT) {
            size_t k = j;
            while (k < nb && m.B.v[k].node == x)
                k++;
            mark_text(&m, x, j, k);
            j = k;
            continue;
        }
        /* a code span, image or note reference: a token of its own */
        if (m.del1[j] > m.del0[j])
            put_del_run(&m, x->parent, x, m.del0[j], m.del1[j], "a", 1);
        if (m.ins[j]) {
            struct doc_node *w = doc_node_new(r->a, DOC_NODE_INS, x->line, x->col);
            doc_node_insert_before(x, w);
            doc_node_unlink(x);
            doc_node_append(w, x);
            r->marks++;
        }
        j++;
    }
    if (m.tail1 > m.tail0)
        put_del_run(&m, n, NULL, m.tail0, m.tail1, "", 0);
    free(m.ins);
    free(m.del0);
    free(m.del1);
    buf_free(&m.pool);
    diff_toks_free(&m.A);
    diff_toks_free(&m.B);
}

/* Code: the old and new lines interleaved, each marked. */
static void merge_code(struct redline *r, const struct doc_node *o, struct doc_node *n)
{
    struct diff_toks A = {0}, B = {0};
    diff_tokenize(o, &A, NULL, true);
    diff_tokenize(n, &B, NULL, true);
    struct diff_edit *e;
    size_t ne = diff_sequence(A.v, A.len, B.v, B.len, &e);
    struct buf text = BUF_INIT, marks = BUF_INIT;
    size_t changed = 0;
    for (size_t k = 0; k < ne; k++) {
        const struct diff_tok *t = e[k].op == DIFF_OP_DEL ? &A.v[e[k].a] : &B.v[e[k].b];
        buf_put(&text, t->node->text + t->off, t->len);
        buf_putc(&text, '\n');
        buf_putc(&marks, e[k].op == DIFF_OP_KEEP ? ' ' : e[k].op == DIFF_OP_INS ? '+' : '-');
        changed += e[k].op != DIFF_OP_KEEP;
    }
    if (changed) {
        n->text = arena_strndup(r->a, text.data, text.len);
        n->text_len = text.len;
        n->line_marks = arena_strndup(r->a, buf_cstr(&marks), marks.len);
        r->marks += changed;
    }
    buf_free(&text);
    buf_free(&marks);
    free(e);
    diff_toks_free(&A);
    diff_toks_free(&B);
}

static bool holds_blocks(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_DOCUMENT:
    case DOC_NODE_BLOCK_QUOTE:
    case DOC_NODE_LIST:
    case DOC_NODE_ITEM:
    case DOC_NODE_FOOTNOTE_DEF:
    case DOC_NODE_TABLE:
        return true;
    case DOC_NODE_HTML_ELEMENT:
        return !n->inline_element && !diff_holds_inlines(n);
    default:
        return false;
    }
}

static bool same_kind(const struct doc_node *o, const struct doc_node *n)
{
    if (o->type != n->type)
        return false;
    if (o->type == DOC_NODE_LIST)
        return o->ordered == n->ordered;
    if (o->type == DOC_NODE_HTML_ELEMENT)
        return o->tag && n->tag && !strcmp(o->tag, n->tag) && diff_holds_inlines(o) == diff_holds_inlines(n);
    if (o->type == DOC_NODE_TABLE_ROW)
        return o->header == n->header;
    return true;
}

static void merge_blocks(struct redline *r, struct doc_node *nparent, const struct doc_node *oparent);

static void merge_row(struct redline *r, const struct doc_node *o, struct doc_node *n);

static void merge_pair(struct redline *r, const struct doc_node *o, struct doc_node *n)
{
    if (diff_holds_inlines(n) && diff_holds_inlines(o))
        merge_inline(r, o, n);
    else if (n->type == DOC_NODE_CODE_BLOCK)
        merge_code(r, o, n);
    else if (n->type == DOC_NODE_TABLE_ROW)
        merge_row(r, o, n);
    else if (holds_blocks(n))
        merge_blocks(r, n, o);
    else {
        put_deleted(r, n->parent, n, o);
        mark_inserted(r, n);
    }
}

/* Cells pair by position, so a row keeps its columns. */
static void merge_row(struct redline *r, const struct doc_node *o, struct doc_node *n)
{
    const struct doc_node *oc = o->first_child;
    struct doc_node *nc = n->first_child;
    for (; oc && nc; oc = oc->next, nc = nc->next)
        merge_pair(r, oc, nc);
    for (; nc; nc = nc->next)
        mark_inserted(r, nc);
    for (; oc; oc = oc->next)
        put_deleted(r, n, NULL, oc);
}

struct blocks {
    struct doc_node **v;
    struct diff_toks *toks;
    struct diff_tok *sig;
    size_t n;
};

/* The blocks [first, end) (end NULL: to the last). */
static void blocks_of(const struct doc_node *first, const struct doc_node *end, struct blocks *b)
{
    b->n = 0;
    for (const struct doc_node *c = first; c != end; c = c->next)
        b->n++;
    b->v = xcalloc(b->n + 1, sizeof *b->v);
    b->toks = xcalloc(b->n + 1, sizeof *b->toks);
    b->sig = xcalloc(b->n + 1, sizeof *b->sig);
    size_t i = 0;
    for (const struct doc_node *c = first; c != end; c = c->next, i++) {
        b->v[i] = (struct doc_node *)c;
        diff_tokenize(c, &b->toks[i], NULL, false);
        b->sig[i].h = diff_toks_hash(b->toks[i].v, b->toks[i].len);
    }
}

static void blocks_free(struct blocks *b)
{
    for (size_t i = 0; i < b->n; i++)
        diff_toks_free(&b->toks[i]);
    free(b->v);
    free(b->toks);
    free(b->sig);
}

/* A run of old blocks deleted and new blocks inserted between two kept ones:
 * blocks of one kind and alike enough pair up (in order) and are merged;
 * the rest are deleted or inserted. before: the kept new block after the gap. */
static void merge_gap(struct redline *r, struct doc_node *nparent, struct blocks *O,
                      struct blocks *N, const size_t *dels, size_t nd, const size_t *ins,
                      size_t ni, struct doc_node *before)
{
    size_t next_old = 0; /* into dels: old blocks before it are placed */
    for (size_t k = 0; k < ni; k++) {
        size_t j = ins[k], pair = DIFF_NONE;
        for (size_t d = next_old; d < nd && pair == DIFF_NONE; d++) {
            size_t i = dels[d];
            if (same_kind(O->v[i], N->v[j]) &&
                diff_similarity(O->toks[i].v, O->toks[i].len, N->toks[j].v, N->toks[j].len) >=
                    DIFF_CHANGE_SIMILARITY)
                pair = d;
        }
        if (pair == DIFF_NONE) {
            mark_inserted(r, N->v[j]);
            continue;
        }
        for (; next_old < pair; next_old++)
            put_deleted(r, nparent, N->v[j], O->v[dels[next_old]]);
        next_old++;
        merge_pair(r, O->v[dels[pair]], N->v[j]);
    }
    for (; next_old < nd; next_old++)
        put_deleted(r, nparent, before, O->v[dels[next_old]]);
}

/* Merges the old blocks [ofirst, oend) into the new ones [nfirst, nend) of
 * nparent (an end NULL: to the last child). */
static void merge_range(struct redline *r, struct doc_node *nparent, struct doc_node *nfirst,
                        struct doc_node *nend, const struct doc_node *ofirst,
                        const struct doc_node *oend)
{
    struct blocks O, N;
    blocks_of(ofirst, oend, &O);
    blocks_of(nfirst, nend, &N);
    struct diff_edit *e;
    size_t ne = diff_sequence(O.sig, O.n, N.sig, N.n, &e);
    size_t *dels = xcalloc(O.n + 1, sizeof *dels), *ins = xcalloc(N.n + 1, sizeof *ins);
    size_t nd = 0, ni = 0;
    for (size_t k = 0; k <= ne; k++) {
        if (k < ne && e[k].op == DIFF_OP_DEL) {
            dels[nd++] = e[k].a;
        } else if (k < ne && e[k].op == DIFF_OP_INS) {
            ins[ni++] = e[k].b;
        } else {
            if (nd || ni)
                merge_gap(r, nparent, &O, &N, dels, nd, ins, ni, k < ne ? N.v[e[k].b] : nend);
            nd = ni = 0;
        }
    }
    free(dels);
    free(ins);
    free(e);
    blocks_free(&O);
    blocks_free(&N);
}

static void merge_blocks(struct redline *r, struct doc_node *nparent, const struct doc_node *oparent)
{
    merge_range(r, nparent, nparent->first_child, NULL, oparent->first_child, NULL);
}

/* A chapter's sections: a top-level heading and the blocks up to the next
 * (the first: what comes before any heading); the notes, which the model
 * keeps at the end, are a range of their own. */
struct span {
    const struct doc_node *first, *end, *heading;
    size_t match;
};

static struct span *sections_of(const struct doc_node *root, size_t *n_out,
                                const struct doc_node **notes)
{
    const struct doc_node *c = root->first_child;
    *notes = NULL;
    struct span *v = xgrow(NULL, 0, sizeof *v);
    size_t n = 1;
    v[0] = (struct span){.first = c, .match = DIFF_NONE};
    for (; c; c = c->next) {
        if (c->type == DOC_NODE_FOOTNOTE_DEF && !*notes)
            *notes = c;
        if (c->type != DOC_NODE_HEADING || *notes)
            continue;
        v[n - 1].end = c;
        v = xgrow(v, n, sizeof *v);
        v[n++] = (struct span){.first = c, .heading = c, .match = DIFF_NONE};
    }
    v[n - 1].end = *notes;
    *n_out = n;
    return v;
}

static bool same_heading(const struct doc_node *a, const struct doc_node *b, int pass)
{
    if (pass == 0)
        return a->id && b->id && !strcmp(a->id, b->id);
    if (a->level != b->level)
        return false;
    char *x = doc_node_plain_text(a), *y = doc_node_plain_text(b);
    bool same = !strcmp(x, y);
    free(x);
    free(y);
    return same;
}

/* Sections are matched by heading (id, then text) before blocks are: a
 * section that moved keeps its word marks at its new place; what the
 * earlier edition had and this one has not stands where it stood. */
static void merge_chapter(struct redline *r, struct doc_node *nroot, const struct doc_node *oroot)
{
    size_t nn, no;
    const struct doc_node *nnotes, *onotes;
    struct span *N = sections_of(nroot, &nn, &nnotes), *O = sections_of(oroot, &no, &onotes);
    N[0].match = 0;
    O[0].match = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 1; j < nn; j++)
            for (size_t i = 1; i < no && N[j].match == DIFF_NONE; i++)
                if (O[i].match == DIFF_NONE && same_heading(O[i].heading, N[j].heading, pass)) {
                    N[j].match = i;
                    O[i].match = j;
                }
    bool in_order = true;
    for (size_t j = 1, last = 0; j < nn; j++)
        if (N[j].match != DIFF_NONE) {
            in_order &= N[j].match > last;
            last = N[j].match;
        }
    if (in_order) {
        /* nothing moved: one sequence of blocks aligns best */
        free(N);
        free(O);
        merge_blocks(r, nroot, oroot);
        return;
    }
    /* an unmatched old section goes after the new place of its predecessor */
    size_t *after = xcalloc(no + 1, sizeof *after);
    for (size_t i = 0, last = 0; i < no; i++) {
        if (O[i].match != DIFF_NONE)
            last = O[i].match;
        after[i] = last;
    }
    for (size_t j = 0; j < nn; j++) {
        struct doc_node *first = (struct doc_node *)N[j].first, *end = (struct doc_node *)N[j].end;
        if (N[j].match != DIFF_NONE) {
            const struct span *o = &O[N[j].match];
            merge_range(r, nroot, first, end, o->first, o->end);
        } else {
            for (struct doc_node *c = first; c && c != end; c = c->next)
                mark_inserted(r, c);
        }
        for (size_t i = 1; i < no; i++)
            if (O[i].match == DIFF_NONE && after[i] == j)
                for (const struct doc_node *c = O[i].first; c && c != O[i].end; c = c->next)
                    put_deleted(r, nroot, end, c);
    }
    if (nnotes || onotes)
        merge_range(r, nroot, (struct doc_node *)nnotes, NULL, onotes, NULL);
    free(after);
    free(N);
    free(O);
}

size_t diff_redline_chapter(struct doc_chapter *ch, const struct doc_node *old_root)
{
    struct redline r = {.a = ch->arena};
    if (!old_root)
        mark_inserted(&r, ch->root);
    else
        merge_chapter(&r, ch->root, old_root);
    return r.marks;
}

void diff_redline_removed(struct doc_chapter *ch, const struct doc_node *old_root)
{
    struct redline r = {.a = ch->arena};
    if (!ch->root)
        ch->root = doc_node_new(ch->arena, DOC_NODE_DOCUMENT, 1, 1);
    for (const struct doc_node *o = old_root->first_child; o; o = o->next)
        put_deleted(&r, ch->root, NULL, o);
}
