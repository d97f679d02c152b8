/* The page builder. A chapter's galley (its boxes, in order) is cut into pages
 * by choosing, over the whole chapter, the set of page breaks of least total
 * cost: Knuth and Plass's method applied to pages (as in Plass's thesis),
 * rather than TeX's page-at-a-time greedy builder, so that a page may give up
 * a line for the page after it. A page's cost grows with the square of the
 * space it leaves empty (after its block gaps have stretched) and with the
 * penalty of its break; a page more than PDF_SHORT_PAGE_LINES short, and one
 * less than PDF_PAGE_FULL_MIN full before anything but a chapter's section
 * heading, cost far more. A break is never taken after a box whose penalty
 * forbids it (a paragraph's first line, a line before its last, a hyphenated
 * line, a heading, an image above its caption, a table header).
 *
 * Footnotes go to the foot of the page that cites them, at least their first
 * two lines there; one that does not fit whole is split and continues at the
 * foot of the next page (and the next), as TeX splits an insertion.
 *
 * A figure or a table that fits on a page may float: the text after it fills
 * the page it would leave short, and it heads the next page. It never passes
 * a heading (the end of its section) or another float, so floats keep their
 * order; it moves with its caption, and only where the structure tags around
 * it are the same at both places (not out of a list item or a quotation). A
 * table's header row is repeated at the top of a page it continues on.
 *
 * Candidate pages are explored forward from each page end (a node) found so
 * far; a node is a way to end a page: the boxes set so far and the float
 * waiting for the next page's top. Of the ways to reach a node only the
 * cheapest is kept, with the footnotes it leaves waiting. */
#include "pdf/page.h"
#include "pdf/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01 /* pt: a box that overshoots the text block by less still fits */

struct group {        /* a figure or table, with what the builder needs to float it */
    uint32_t b0, b1;  /* its boxes [b0, b1] */
    double h;         /* its height at a page's top (its own first space dropped) */
    double stretch;
    double after;     /* the space above the box after it, where it heads a page */
    int depth;        /* structure depth around it */
    bool floats;      /* it may float */
};

struct pnode {
    double cost;      /* of the pages up to here */
    int32_t prev;     /* the node of the page before; -1 at the chapter's start */
    int32_t next_at;  /* the next node with the same end */
    uint32_t end;     /* in-flow boxes before this are set */
    int32_t pending;  /* a group waiting to head the next page, or -1 */
    bool done;        /* explored */
    /* the page that ends here (none at the chapter's start) */
    int32_t top;      /* the group heading it, or -1 */
    uint32_t a;       /* its in-flow boxes are [a, end), less group skip */
    int32_t skip;
    bool forced;      /* cut where no legal break was left */
    uint32_t nh, nq;  /* after it, notes seq[nh…] wait, nq lines of the first set */
};

struct builder {
    const struct pdf_style *st;
    struct pdf_dlist *d;
    size_t box0, box1;
    const struct pdf_note_boxes *notes;
    size_t n_notes;
    uint32_t *seq;       /* the notes cited, in the order of their first citation */
    size_t n_seq;
    uint32_t *tail;      /* tail[i - box0]: how many of seq boxes [box0, i) cite */
    int *depth;          /* depth[i - box0]: structure tags open before box i */
    int *low;            /* low[i - box0]: the fewest open inside box i */
    int16_t *inner;      /* inner[i - box0]: the innermost tag open before box i, or -1 */
    uint8_t *heading;    /* heading[i - box0]: the level of a heading's box, else 0 */
    int32_t *group_at;   /* group_at[i - box0]: the group box i begins, else -1 */
    struct group *groups;
    size_t n_groups;
    struct pnode *nodes;
    size_t n_nodes;
    int32_t *at;         /* at[i - box0]: the first node ending at i, else -1 */
    struct pdf_chapter_out *out;
    size_t page0;
};

/* ---- what the galley holds ---- */

static const struct pdf_box *box(const struct builder *b, size_t i)
{
    return &b->d->boxes[i];
}

/* The notes in the order of their first citation; each box's structure depth;
 * headings; figures and tables and whether each may float. */
static void survey(struct builder *b)
{
    const struct pdf_dlist *d = b->d;
    size_t n = b->box1 - b->box0;
    bool *seen = xcalloc(b->n_notes + 1, sizeof *seen);
    b->seq = xcalloc(b->n_notes + 1, sizeof *b->seq);
    b->tail = xcalloc(n + 1, sizeof *b->tail);
    b->depth = xcalloc(n + 1, sizeof *b->depth);
    b->low = xcalloc(n + 1, sizeof *b->low);
    b->inner = xcalloc(n + 1, sizeof *b->inner);
    int16_t stack[64]; /* the tags open; deeper ones are not told apart */
    b->heading = xcalloc(n + 1, sizeof *b->heading);
    b->group_at = xcalloc(n + 1, sizeof *b->group_at);
    int depth = 0, open_depth = -1;
    uint32_t open_kind = 0;
    for (size_t i = b->box0; i < b->box1; i++) {
        const struct pdf_box *bx = box(b, i);
        size_t k = i - b->box0;
        b->tail[k] = (uint32_t)b->n_seq;
        b->group_at[k] = -1;
        for (uint32_t j = 0; j < bx->n_notes; j++) {
            uint32_t num = d->note_refs[bx->note0 + j];
            if (num < b->n_notes && !seen[num] && b->notes[num].n) {
                seen[num] = true;
                b->seq[b->n_seq++] = num;
            }
        }
        b->depth[k] = depth;
        b->inner[k] = depth > 0 && depth <= 64 ? stack[depth - 1] : -1;
        int low = depth;
        for (uint32_t o = bx->op0; o < bx->op1; o++) {
            const struct pdf_op *op = &d->ops[o];
            if (op->kind == PDF_OP_TAG) {
                if (op->a >= PDF_TAG_H1 && op->a <= PDF_TAG_H4 && !b->heading[k])
                    b->heading[k] = (uint8_t)(op->a - PDF_TAG_H1 + 1);
                if ((op->a == PDF_TAG_FIGURE || op->a == PDF_TAG_TABLE) && open_depth < 0) {
                    open_depth = depth;
                    open_kind = op->a;
                    b->groups = xgrow(b->groups, b->n_groups, sizeof *b->groups);
                    b->groups[b->n_groups++] = (struct group){.b0 = (uint32_t)i, .b1 = (uint32_t)i,
                                                              .depth = b->depth[k]};
                    b->group_at[k] = (int32_t)(b->n_groups - 1);
                }
                if (depth >= 0 && depth < 64)
                    stack[depth] = (int16_t)op->a;
                depth++;
            } else if (op->kind == PDF_OP_TAG_END) {
                depth--;
                if (depth < low)
                    low = depth;
                if (open_depth >= 0 && depth == open_depth && op->a == open_kind) {
                    b->groups[b->n_groups - 1].b1 = (uint32_t)i;
                    open_depth = -1;
                }
            }
        }
        b->low[k] = low;
    }
    b->tail[n] = (uint32_t)b->n_seq;
    b->depth[n] = depth;
    b->inner[n] = depth > 0 && depth <= 64 ? stack[depth - 1] : -1;
    if (open_depth >= 0)
        b->n_groups--; /* never closed: not a block to move */
    for (size_t g = 0; g < b->n_groups; g++) {
        struct group *gr = &b->groups[g];
        size_t k0 = gr->b0 - b->box0, k1 = gr->b1 - b->box0;
        bool ok = gr->b0 > b->box0 && b->depth[k1 + 1] == gr->depth;
        for (size_t i = gr->b0; i <= gr->b1; i++) {
            const struct pdf_box *bx = box(b, i);
            size_t k = i - b->box0;
            if (b->low[k] < gr->depth || bx->n_notes || b->heading[k])
                ok = false;
            gr->h += (i > gr->b0 ? bx->space : 0) + bx->h;
            if (i > gr->b0)
                gr->stretch += bx->stretch;
        }
        gr->after = gr->b1 + 1 < b->box1 ? box(b, gr->b1 + 1)->space : 0;
        gr->floats = ok && gr->h <= b->st->text_h;
        b->group_at[k0] = (int32_t)g;
    }
    free(seen);
}

/* The header row repeated above in-flow box i where it heads a page (a table
 * going on from the page before), or -1. */
static int32_t repeated_header(const struct builder *b, size_t i)
{
    const struct pdf_box *bx = box(b, i);
    return bx->header >= 0 && !(bx->flags & PDF_BOXF_HEADER) && (size_t)bx->header < i
               ? bx->header
               : -1;
}

/* ---- footnotes at a page's foot ---- */

/* The height of lines [q0, q1) of note num, set together. */
static double note_lines_h(const struct builder *b, uint32_t num, uint32_t q0, uint32_t q1)
{
    const struct pdf_note_boxes *nb = &b->notes[num];
    double h = 0;
    for (uint32_t q = q0; q < q1 && q < nb->n; q++)
        h += (q > q0 ? box(b, nb->box0 + q)->space : 0) + box(b, nb->box0 + q)->h;
    return h;
}

/* Which waiting notes a page's foot holds. */
struct foot {
    uint32_t je, part; /* seq[nh, je) are set whole (the first from line nq), and part lines of seq[je] */
    double h;          /* their height, 0 with none */
    bool split;        /* a note is left unfinished */
    uint32_t nh, nq;   /* what waits for the next page: seq[nh…], nq lines of the first set */
};

/* Sets the notes seq[nh, t) (the first from its line nq) in order into room;
 * a page without body (notes alone) takes its first line whatever its height.
 * A note is not started with one line alone. */
static struct foot fill_foot(const struct builder *b, uint32_t nh, uint32_t nq, uint32_t t,
                             double room, bool body)
{
    struct foot f = {.je = nh};
    for (; f.je < t; f.je++) {
        uint32_t num = b->seq[f.je], q0 = f.je == nh ? nq : 0;
        const struct pdf_note_boxes *nb = &b->notes[num];
        double h = f.h;
        uint32_t q = q0;
        for (; q < nb->n; q++) {
            const struct pdf_box *bx = box(b, nb->box0 + q);
            double add = (q > q0 ? bx->space : 0) + bx->h;
            bool forced = !body && f.je == nh && q == q0;
            if (h + add > room + EPS && !forced)
                break;
            h += add;
        }
        if (q < nb->n) {
            /* a note is not split to leave one line alone on either page */
            if (nb->n - q == 1 && q > q0)
                q--;
            if (q - q0 == 1 && q0 == 0 && nb->n > 1)
                q = q0;
            if (q == q0 && !body && f.je == nh)
                q = q0 + 1; /* a page of notes alone takes a line whatever */
            f.part = q - q0;
            f.h += note_lines_h(b, num, q0, q);
            f.split = true;
            break;
        }
        f.h = h;
    }
    f.nh = f.je < t ? f.je : t;
    f.nq = f.je < t ? (f.je == nh ? nq : 0) + f.part : 0;
    return f;
}

/* Whether every note first cited on the page (seq[t0, t)) starts on it: whole,
 * or its first two lines. */
static bool foot_starts_new(const struct builder *b, const struct foot *f, uint32_t t0, uint32_t t)
{
    if (f->je >= t)
        return true;
    if (f->je + 1 < t && t - 1 >= t0)
        return false; /* a note after the unfinished one is new and unstarted */
    if (f->je < t0)
        return true;
    uint32_t n = b->notes[b->seq[f->je]].n;
    return f->part >= (n < 2 ? n : 2);
}

/* ---- the cost of a page ---- */

struct run {          /* a page being filled */
    double used;      /* body height so far */
    double stretch;   /* how far its gaps may grow */
    bool body;        /* it holds a box */
    int32_t top, skip;
    uint32_t a;       /* its first in-flow box */
    int base;         /* with a group skipped: the structure depth to end at */
};

/* The note separation above a foot that holds notes. */
static double note_sep(const struct builder *b)
{
    return b->st->note_lead * PDF_NOTE_SEPARATION;
}

/* The space a page's last box needs below it above the footnote rule: a
 * listing cut at the foot lets its tint run on (draw.c), and the notes keep
 * their whole separation under that. */
static double run_on_below(const struct builder *b, uint32_t last)
{
    return last != UINT32_MAX && (box(b, last)->flags & PDF_BOXF_CODE)
               ? b->st->code_pad * PDF_CODE_PAD_V
               : 0;
}

/* A page's cost by its emptiness: what its gaps cannot fill, in lines, squared. */
static double empty_cost(const struct builder *b, double spare, double stretch, uint32_t end)
{
    const struct pdf_style *st = b->st;
    double left = fmax(0, spare - fmax(0, stretch));
    double lines = left / st->lead;
    double cost = PDF_EMPTY_LINE_COST * lines * lines;
    if (stretch > 0 && spare > 0)
        cost += PDF_STRETCH_COST * fmin(1, spare / stretch);
    if (lines > PDF_SHORT_PAGE_LINES + EPS)
        cost += PDF_SHORT_PAGE_COST;
    bool section_next = end < b->box1 && b->heading[end - b->box0] &&
                        b->heading[end - b->box0] <= 2;
    if (spare > st->text_h * (1 - PDF_PAGE_FULL_MIN) && !section_next)
        cost += PDF_EMPTY_PAGE_COST;
    return cost;
}

/* The node ending at end with group pending waiting, made if new. */
static int32_t node_at(struct builder *b, uint32_t end, int32_t pending)
{
    size_t k = end - b->box0;
    for (int32_t i = b->at[k]; i >= 0; i = b->nodes[i].next_at)
        if (b->nodes[i].pending == pending)
            return i;
    b->nodes = xgrow(b->nodes, b->n_nodes, sizeof *b->nodes);
    b->nodes[b->n_nodes] = (struct pnode){.cost = INFINITY, .prev = -1, .next_at = b->at[k],
                                          .end = end, .pending = pending, .top = -1, .skip = -1};
    b->at[k] = (int32_t)b->n_nodes;
    return (int32_t)b->n_nodes++;
}

/* Ends the page r, begun at node from, before in-flow box end. Returns false
 * when a note it cites cannot start on it (nor on any longer page). */
static bool consider(struct builder *b, int32_t from, const struct run *r, uint32_t end,
                     bool forced)
{
    const struct pdf_style *st = b->st;
    const struct pnode s = b->nodes[from];
    uint32_t t0 = b->tail[s.end - b->box0], t = b->tail[end - b->box0];
    double sep = t > s.nh ? note_sep(b) + run_on_below(b, end > r->a ? end - 1 : UINT32_MAX) : 0;
    struct foot f = fill_foot(b, s.nh, s.nq, t, st->text_h - r->used - sep, r->body);
    if (!forced && !foot_starts_new(b, &f, t0, t))
        return false;
    double spare = st->text_h - r->used - (f.h > 0 ? f.h + sep : 0);
    double cost;
    bool chapter_end = end == b->box1 && r->skip < 0;
    if (chapter_end) {
        /* the chapter's last page is as long as it is; notes still waiting
         * make pages of their own */
        double waiting = 0;
        for (uint32_t j = f.nh; j < b->n_seq; j++)
            waiting += note_lines_h(b, b->seq[j], j == f.nh ? f.nq : 0, b->notes[b->seq[j]].n);
        cost = ceil(waiting / st->text_h) * PDF_NOTES_PAGE_COST;
    } else {
        /* a page of a float alone ends where the page before it did */
        int pen = end > r->a ? box(b, end - 1)->penalty : 0;
        cost = (pen < PDF_INF ? pen : 0) + empty_cost(b, spare, r->stretch, end);
    }
    if (f.split)
        cost += PDF_NOTE_SPLIT_COST;
    if (r->skip >= 0)
        cost += PDF_FLOAT_COST;
    if (forced)
        cost += PDF_FORCED_COST;
    cost += s.cost;
    int32_t to = node_at(b, end, r->skip);
    struct pnode *n = &b->nodes[to];
    if (cost < n->cost) {
        n->cost = cost;
        n->prev = from;
        n->top = r->top;
        n->a = r->a;
        n->skip = r->skip;
        n->forced = forced;
        n->nh = f.nh;
        n->nq = f.nq;
    }
    return true;
}

/* ---- exploring the pages that start at a node ---- */

/* The gap above in-flow box i on page r. */
static double gap_on(const struct builder *b, const struct run *r, size_t i)
{
    const struct pdf_box *bx = box(b, i);
    if (!r->body)
        return (bx->flags & PDF_BOXF_OPENER) ? bx->space : 0;
    if (r->top >= 0 && i == r->a)
        return fmax(bx->space, b->groups[r->top].after);
    return bx->space;
}

/* Whether a float that stood at structure depth base may head the page that
 * begins with box k (index from box0): where it stood, or inside a paragraph
 * there (a figure in a paragraph is good structure; in a list or a table
 * between its rows it is not). */
static bool after_float_ok(const struct builder *b, int base, size_t k)
{
    return b->depth[k] == base || (b->depth[k] == base + 1 && b->inner[k] == PDF_TAG_P);
}

/* Fills page r from in-flow box i0 on, ending it wherever it may end; with a
 * group skipped (r->skip), the text after it (no heading, no other float)
 * until the structure depth it stood at. Returns the last box tried, or
 * SIZE_MAX when not one fitted. */
static size_t walk(struct builder *b, int32_t from, struct run r, size_t i0, bool *any)
{
    const struct pdf_style *st = b->st;
    bool skipping = r.skip >= 0;
    size_t last = SIZE_MAX;
    for (size_t i = i0; i < b->box1; i++) {
        const struct pdf_box *bx = box(b, i);
        size_t k = i - b->box0;
        if (skipping && (b->heading[k] || b->group_at[k] >= 0))
            break;
        int32_t g = b->group_at[k];
        if (!skipping && g >= 0 && b->groups[g].floats && r.body) {
            /* the float may go to the next page's top, the text after it filling this one */
            struct run rf = r;
            rf.skip = g;
            rf.base = b->groups[g].depth;
            walk(b, from, rf, b->groups[g].b1 + 1, any);
        }
        if (skipping && b->low[k] < r.base)
            break; /* it closes what the float stood in */
        double used = r.used + gap_on(b, &r, i) + bx->h;
        if (r.body && used > st->text_h + EPS)
            break;
        if (r.body)
            r.stretch += bx->stretch;
        r.used = used;
        r.body = true;
        last = i;
        bool end_here = i + 1 == b->box1;
        bool legal = end_here || (bx->penalty < PDF_INF && !(bx->flags & PDF_BOXF_HEADER));
        if (skipping)
            legal = legal && after_float_ok(b, r.base, k + 1);
        if (legal) {
            if (!consider(b, from, &r, (uint32_t)(i + 1), false))
                break;
            *any = true;
        }
        if (end_here)
            break;
    }
    return last;
}

static void explore(struct builder *b, int32_t from)
{
    const struct pnode s = b->nodes[from];
    struct run r = {.top = s.pending, .skip = -1, .a = s.end};
    bool any = false;
    if (s.pending >= 0) {
        const struct group *g = &b->groups[s.pending];
        r.used = g->h;
        r.stretch = g->stretch;
        r.body = true;
        /* a page of the float alone */
        consider(b, from, &r, s.end, false);
        any = true;
    }
    if (s.pending < 0 && s.end < b->box1) {
        int32_t header = repeated_header(b, s.end);
        if (header >= 0) {
            r.used = box(b, (size_t)header)->h;
            r.body = true;
        }
    }
    size_t last = walk(b, from, r, s.end, &any);
    if (!any) {
        /* no legal break before the page is full: cut where it is full */
        if (last == SIZE_MAX)
            last = s.end;
        for (size_t i = s.end; i <= last && i < b->box1; i++) {
            r.used += gap_on(b, &r, i) + box(b, i)->h;
            if (r.body)
                r.stretch += box(b, i)->stretch;
            r.body = true;
        }
        consider(b, from, &r, (uint32_t)(last + 1), true);
    }
}

/* ---- setting the chosen pages ---- */

static void place(struct builder *b, uint32_t bi, double x, double y, double reach,
                  uint8_t flags)
{
    struct pdf_chapter_out *o = b->out;
    o->places = xgrow(o->places, o->n_places, sizeof *o->places);
    o->places[o->n_places++] = (struct pdf_place){.box = bi, .x = (float)x, .y = (float)y,
                                                  .reach = (float)reach, .flags = flags};
}

struct seg {
    uint32_t b0, b1; /* boxes [b0, b1) */
};

/* The gap above box i of segment s on a page headed by group top (segment 0),
 * body: something is placed above it. */
static double seg_gap(const struct builder *b, const struct seg *segs, size_t s, int32_t top,
                      uint32_t i, bool body)
{
    if (top >= 0 && s == 0)
        return i > segs[0].b0 ? box(b, i)->space : 0;
    struct run r = {.body = body, .top = top, .a = top >= 0 && s == 1 ? segs[1].b0 : UINT32_MAX};
    return gap_on(b, &r, i);
}

/* Sets a page: its body (segments, in order) from the top, stretched to fill
 * unless it is the chapter's last, and its notes from seq[nh…] (line nq on)
 * up to t at its foot. Returns where the notes stop. */
static struct foot emit_page(struct builder *b, const struct seg *segs, size_t n_segs,
                             uint32_t nh, uint32_t nq, uint32_t t, bool stretch_body,
                             int32_t top)
{
    struct pdf_chapter_out *o = b->out;
    const struct pdf_style *st = b->st;
    o->pages = xgrow(o->pages, o->n_pages, sizeof *o->pages);
    struct pdf_page *pg = &o->pages[o->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->place0 = (uint32_t)o->n_places;
    pg->opener = o->n_pages - 1 == b->page0;
    pg->notes_y = -1;
    /* a page's start in the model is its first in-flow box (a float heading it
     * stands earlier in the text, on the page before); a page of a float alone
     * starts where the text goes on */
    uint32_t src = UINT32_MAX;
    for (size_t s = top >= 0 ? 1 : 0; s < n_segs && src == UINT32_MAX; s++)
        if (segs[s].b0 < segs[s].b1)
            src = segs[s].b0;
    if (src == UINT32_MAX && top >= 0 && segs[n_segs - 1].b1 < b->box1)
        src = segs[n_segs - 1].b1;
    pg->src_node = src != UINT32_MAX ? box(b, src)->src_node : UINT32_MAX;
    pg->src_off = src != UINT32_MAX ? box(b, src)->src_off : 0;

    /* body: natural heights, then what is left spread over the stretchable gaps */
    uint32_t first = UINT32_MAX, last = UINT32_MAX;
    for (size_t s = 0; s < n_segs; s++)
        if (segs[s].b0 < segs[s].b1) {
            first = first == UINT32_MAX ? segs[s].b0 : first;
            last = segs[s].b1 - 1;
        }
    int32_t header = first != UINT32_MAX ? repeated_header(b, first) : -1;
    bool repeat = header >= 0;
    double used = repeat ? box(b, (size_t)header)->h : 0, stretch = 0;
    bool body = repeat;
    for (size_t s = 0; s < n_segs; s++)
        for (uint32_t i = segs[s].b0; i < segs[s].b1; i++) {
            used += seg_gap(b, segs, s, top, i, body) + box(b, i)->h;
            if (body)
                stretch += box(b, i)->stretch;
            body = true;
        }
    uint32_t last_flow = n_segs && segs[n_segs - 1].b0 < segs[n_segs - 1].b1 &&
                                 !(top >= 0 && n_segs == 1)
                             ? segs[n_segs - 1].b1 - 1
                             : UINT32_MAX;
    double run_on = run_on_below(b, last_flow);
    double sep = t > nh ? note_sep(b) + run_on : 0;
    struct foot f = fill_foot(b, nh, nq, t, st->text_h - used - sep, first != UINT32_MAX);
    double spare = st->text_h - used - (f.h > 0 ? f.h + sep : 0);
    double factor = stretch_body && spare > 0 && stretch > 0 ? fmin(1.0, spare / stretch) : 0;

    double y = 0;
    if (repeat) {
        place(b, (uint32_t)header, box(b, (size_t)header)->x, 0, 0,
              PDF_PLACEF_REPEAT | PDF_PLACEF_FIRST);
        y += box(b, (size_t)header)->h;
    }
    bool placed_any = repeat;
    for (size_t s = 0; s < n_segs; s++)
        for (uint32_t i = segs[s].b0; i < segs[s].b1; i++) {
            const struct pdf_box *bx = box(b, i);
            double gap = seg_gap(b, segs, s, top, i, placed_any);
            if (placed_any)
                gap += bx->stretch * factor;
            y += gap;
            uint8_t flags = 0;
            if (!placed_any)
                flags |= PDF_PLACEF_FIRST;
            if (i == last)
                flags |= PDF_PLACEF_LAST;
            place(b, i, bx->x, y, placed_any ? gap : 0, flags);
            placed_any = true;
            y += bx->h;
        }
    if (f.h > 0) {
        double ny = st->text_h - f.h;
        pg->notes_y = (float)(ny - (sep - run_on) * PDF_NOTE_RULE_Y);
        for (uint32_t j = nh; j <= f.je && j < t; j++) {
            const struct pdf_note_boxes *nb = &b->notes[b->seq[j]];
            uint32_t q0 = j == nh ? nq : 0;
            uint32_t q1 = j == f.je ? q0 + f.part : nb->n;
            for (uint32_t q = q0; q < q1; q++) {
                const struct pdf_box *bx = box(b, nb->box0 + q);
                if (q > q0)
                    ny += bx->space;
                place(b, nb->box0 + q, bx->x, ny, 0, 0);
                ny += bx->h;
            }
        }
    }
    pg->n_place = (uint32_t)(o->n_places - pg->place0);
    return f;
}

/* The pages of the cheapest way to the chapter's end, in order. */
static void emit(struct builder *b, int32_t last)
{
    size_t n = 0;
    for (int32_t i = last; b->nodes[i].prev >= 0; i = b->nodes[i].prev)
        n++;
    int32_t *path = xcalloc(n + 1, sizeof *path);
    size_t k = n;
    for (int32_t i = last; b->nodes[i].prev >= 0; i = b->nodes[i].prev)
        path[--k] = i;
    uint32_t nh = 0, nq = 0;
    for (size_t p = 0; p < n; p++) {
        const struct pnode *nd = &b->nodes[path[p]];
        struct seg segs[3];
        size_t ns = 0;
        if (nd->top >= 0)
            segs[ns++] = (struct seg){b->groups[nd->top].b0, b->groups[nd->top].b1 + 1};
        if (nd->skip >= 0) {
            segs[ns++] = (struct seg){nd->a, b->groups[nd->skip].b0};
            segs[ns++] = (struct seg){b->groups[nd->skip].b1 + 1, nd->end};
        } else {
            segs[ns++] = (struct seg){nd->a, nd->end};
        }
        bool chapter_last = p + 1 == n && nd->nh >= b->n_seq;
        struct foot f = emit_page(b, segs, ns, nh, nq, b->tail[nd->end - b->box0],
                                  !chapter_last, nd->top);
        nh = f.nh;
        nq = f.nq;
    }
    /* notes still waiting after the chapter's last line: pages of notes alone */
    while (nh < b->n_seq) {
        struct foot f = emit_page(b, NULL, 0, nh, nq, (uint32_t)b->n_seq, false, -1);
        nh = f.nh;
        nq = f.nq;
    }
    free(path);
}

void pdf_paginate(const struct pdf_style *st, struct pdf_dlist *d, size_t box0, size_t box1,
                  const struct pdf_note_boxes *notes, size_t n_notes,
                  struct pdf_chapter_out *out)
{
    struct builder b = {.st = st, .d = d, .box0 = box0, .box1 = box1, .notes = notes,
                        .n_notes = notes ? n_notes : 0, .out = out, .page0 = out->n_pages};
    if (box1 > box0) {
        survey(&b);
        size_t n = box1 - box0;
        b.at = xcalloc(n + 1, sizeof *b.at);
        for (size_t i = 0; i <= n; i++)
            b.at[i] = -1;
        int32_t start = node_at(&b, (uint32_t)box0, -1);
        b.nodes[start].cost = 0;
        /* in order of their ends; at one end, a node with a float waiting
         * first (its page of the float alone may end at the same place) */
        for (size_t k = 0; k <= n; k++) {
            for (int pass = 0; pass < 2; pass++)
                for (int32_t i = b.at[k]; i >= 0; i = b.nodes[i].next_at) {
                    if ((b.nodes[i].pending >= 0) != (pass == 0) || b.nodes[i].done ||
                        isinf(b.nodes[i].cost) || (k == n && b.nodes[i].pending < 0))
                        continue;
                    b.nodes[i].done = true;
                    explore(&b, i);
                }
        }
        int32_t last = -1;
        for (int32_t i = b.at[n]; i >= 0; i = b.nodes[i].next_at)
            if (b.nodes[i].pending < 0)
                last = i;
        if (last >= 0)
            emit(&b, last);
        free(b.at);
        free(b.nodes);
        free(b.groups);
        free(b.seq);
        free(b.tail);
        free(b.depth);
        free(b.low);
        free(b.inner);
        free(b.heading);
        free(b.group_at);
    }
    if (out->n_pages == b.page0) {
        /* an empty chapter still has its page */
        out->pages = xgrow(out->pages, out->n_pages, sizeof *out->pages);
        memset(&out->pages[out->n_pages], 0, sizeof *out->pages);
        out->pages[out->n_pages].opener = true;
        out->pages[out->n_pages].notes_y = -1;
        out->pages[out->n_pages].place0 = (uint32_t)out->n_places;
        out->n_pages++;
    }
}
