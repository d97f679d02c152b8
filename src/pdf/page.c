/* The page builder: fills each page with boxes from the galley and, when the
 * next box (with the footnotes it cites) does not fit, breaks at the best legal
 * place on the page: never after a box whose penalty forbids it (a first line,
 * a line before a last one, a hyphenated line, a heading, an image above its
 * caption, a table header). Footnotes go to the foot of the page that cites
 * them; one too long for the space left there is split, as TeX splits an
 * insertion, and continues at the foot of the next page (and the next). A
 * table's header row is repeated at the top of a page it continues on. */
#include "pdf/page.h"
#include "pdf/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct builder {
    const struct pdf_style *st;
    struct pdf_dlist *d;
    const struct pdf_note_boxes *notes;
    size_t n_notes;
    bool *placed;      /* a note already on an earlier page */
    bool *on_page;     /* a note counted for the page being filled */
    struct pdf_chapter_out *out;
    double *used_after; /* page height used after each box of the page */
    double *notes_after;
    size_t cap_used;
    size_t page0; /* the first page this run makes */
    /* notes cited but not yet (wholly) set, in order: queue[head, tail), the
     * first of them from its line head_q on. Each note enters once. */
    uint32_t *queue;
    size_t head, tail;
    uint32_t head_q;
};

static void place(struct builder *b, uint32_t box, double x, double y, double reach,
                  uint8_t flags)
{
    struct pdf_chapter_out *o = b->out;
    o->places = xgrow(o->places, o->n_places, sizeof *o->places);
    o->places[o->n_places++] = (struct pdf_place){.box = box, .x = (float)x, .y = (float)y,
                                                  .reach = (float)reach, .flags = flags};
}

static double note_h(const struct builder *b, uint32_t num)
{
    return num < b->n_notes ? b->notes[num].h : 0;
}

/* The height of lines [q0, q1) of note num, set together. */
static double note_lines_h(const struct builder *b, uint32_t num, uint32_t q0, uint32_t q1)
{
    const struct pdf_note_boxes *nb = &b->notes[num];
    double h = 0;
    for (uint32_t q = q0; q < q1 && q < nb->n; q++)
        h += (q > q0 ? b->d->boxes[nb->box0 + q].space : 0) + b->d->boxes[nb->box0 + q].h;
    return h;
}

/* The height of note num from its line q0 on. */
static double note_rest_h(const struct builder *b, uint32_t num, uint32_t q0)
{
    return note_lines_h(b, num, q0, b->notes[num].n);
}

/* The height of the notes waiting in the queue, or cap if that is less. */
static double waiting_h(const struct builder *b, double cap)
{
    double h = 0;
    for (size_t i = b->head; i < b->tail && h < cap; i++)
        h += note_rest_h(b, b->queue[i], i == b->head ? b->head_q : 0);
    return fmin(h, cap);
}

/* The first lines of note num that a page must hold if the note starts on it
 * (a note split after its first line would leave that line alone). */
static double note_head_h(const struct builder *b, uint32_t num)
{
    return note_lines_h(b, num, 0, 2);
}

/* The space a box needs at the top of a page. */
static double gap_at(const struct pdf_box *bx, bool first)
{
    if (first)
        return (bx->flags & PDF_BOXF_OPENER) ? bx->space : 0;
    return bx->space;
}

/* Puts boxes [a, k] on a new page. */
static void emit_page(struct builder *b, size_t a, size_t k, bool last_page)
{
    struct pdf_chapter_out *o = b->out;
    struct pdf_dlist *d = b->d;
    const struct pdf_style *st = b->st;
    o->pages = xgrow(o->pages, o->n_pages, sizeof *o->pages);
    struct pdf_page *pg = &o->pages[o->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->place0 = (uint32_t)o->n_places;
    pg->opener = o->n_pages - 1 == b->page0;
    /* a page of carried notes alone, after the chapter's last box, begins at its end */
    pg->src_node = a <= k ? d->boxes[a].src_node : UINT32_MAX;
    pg->src_off = a <= k ? d->boxes[a].src_off : 0;
    pg->notes_y = -1;

    /* the notes this page's lines cite join the queue of notes waiting for a foot */
    for (size_t i = a; a <= k && i <= k; i++) {
        const struct pdf_box *bx = &d->boxes[i];
        for (uint32_t j = 0; j < bx->n_notes; j++) {
            uint32_t num = d->note_refs[bx->note0 + j];
            if (num >= b->n_notes || b->placed[num] || !b->notes[num].n)
                continue;
            b->placed[num] = true;
            b->queue[b->tail++] = num;
        }
    }
    double sep = b->head < b->tail ? st->note_lead * PDF_NOTE_SEPARATION : 0;

    /* body: natural heights, then spread what is left over the stretchable gaps */
    double used = 0, stretch = 0;
    bool body = a <= k;
    const struct pdf_box *first = body ? &d->boxes[a] : NULL;
    bool repeat = body && first->header >= 0 && !(first->flags & PDF_BOXF_HEADER) &&
                  (size_t)first->header < a;
    if (repeat)
        used += d->boxes[first->header].h;
    for (size_t i = a; body && i <= k; i++) {
        const struct pdf_box *bx = &d->boxes[i];
        used += gap_at(bx, i == a) + bx->h;
        if (i > a)
            stretch += bx->stretch;
    }
    /* the queued note lines that fit under the body; the rest waits */
    double room = st->text_h - used - sep, notes_total = 0;
    size_t j_end = b->head; /* queue[head, j_end) fit whole (the first from head_q) */
    uint32_t part = 0;      /* lines of queue[j_end] that fit as well */
    for (; j_end < b->tail; j_end++) {
        uint32_t num = b->queue[j_end], q0 = j_end == b->head ? b->head_q : 0;
        const struct pdf_note_boxes *nb = &b->notes[num];
        uint32_t q = q0;
        double h = notes_total;
        for (; q < nb->n; q++) {
            const struct pdf_box *bx = &d->boxes[nb->box0 + q];
            double add = (q > q0 ? bx->space : 0) + bx->h;
            /* a page of notes alone takes its first line whatever its height */
            bool forced = !body && j_end == b->head && q == q0;
            if (h + add > room + 0.01 && !forced)
                break;
            h += add;
        }
        if (q < nb->n) {
            /* a note's first line alone is not worth starting here */
            if (q - q0 == 1 && q0 == 0 && nb->n > 1 && body)
                q = q0;
            part = q - q0;
            notes_total += note_lines_h(b, num, q0, q);
            break;
        }
        notes_total = h;
    }
    if (notes_total == 0)
        sep = 0;
    double spare = st->text_h - used - notes_total - sep;
    double factor = 0;
    if (!last_page && spare > 0 && stretch > 0)
        factor = fmin(1.0, spare / stretch);

    double y = 0;
    if (repeat) {
        place(b, (uint32_t)first->header, d->boxes[first->header].x, 0, 0,
              PDF_PLACEF_REPEAT | PDF_PLACEF_FIRST);
        y += d->boxes[first->header].h;
    }
    for (size_t i = a; body && i <= k; i++) {
        const struct pdf_box *bx = &d->boxes[i];
        double gap = gap_at(bx, i == a) + (i > a ? bx->stretch * factor : 0);
        y += gap;
        uint8_t flags = 0;
        if (i == a && !repeat)
            flags |= PDF_PLACEF_FIRST;
        if (i == k)
            flags |= PDF_PLACEF_LAST;
        place(b, (uint32_t)i, bx->x, y, i == a ? 0 : gap, flags);
        y += bx->h;
    }
    if (notes_total > 0) {
        double ny = st->text_h - notes_total;
        pg->notes_y = (float)(ny - sep * PDF_NOTE_RULE_Y);
        for (size_t j = b->head; j <= j_end && j < b->tail; j++) {
            const struct pdf_note_boxes *nb = &b->notes[b->queue[j]];
            uint32_t q0 = j == b->head ? b->head_q : 0;
            uint32_t q1 = j == j_end ? q0 + part : nb->n;
            for (uint32_t q = q0; q < q1; q++) {
                const struct pdf_box *bx = &d->boxes[nb->box0 + q];
                if (q > q0)
                    ny += bx->space;
                place(b, nb->box0 + q, bx->x, ny, 0, 0);
                ny += bx->h;
            }
        }
    }
    /* what is left waits for the next page's foot */
    if (j_end < b->tail) {
        b->head_q = (j_end == b->head ? b->head_q : 0) + part;
        b->head = j_end;
    } else {
        b->head = b->tail;
        b->head_q = 0;
    }
    pg->n_place = (uint32_t)(o->n_places - pg->place0);
}

void pdf_paginate(const struct pdf_style *st, struct pdf_dlist *d, size_t box0, size_t box1,
                  const struct pdf_note_boxes *notes, size_t n_notes,
                  struct pdf_chapter_out *out)
{
    struct builder b = {.st = st, .d = d, .notes = notes, .n_notes = n_notes, .out = out,
                        .page0 = out->n_pages};
    b.placed = xcalloc(n_notes + 1, sizeof *b.placed);
    b.on_page = xcalloc(n_notes + 1, sizeof *b.on_page);
    b.queue = xcalloc(n_notes + 1, sizeof *b.queue);
    const double eps = 0.01;
    size_t a = box0;
    while (a < box1) {
        /* fill from a; notes carried from the page before keep at most half
         * of this one (what does not fit waits for the page after) */
        double used = 0, nh = 0;
        if (b.head < b.tail)
            nh = waiting_h(&b, st->text_h * PDF_NOTES_CARRIED_MAX) +
                 st->note_lead * PDF_NOTE_SEPARATION;
        size_t i = a;
        const struct pdf_box *fb = &d->boxes[a];
        if (fb->header >= 0 && !(fb->flags & PDF_BOXF_HEADER) && (size_t)fb->header < a)
            used += d->boxes[fb->header].h;
        size_t n_on_page = 0;
        uint32_t *counted = NULL;
        bool overflow = false;
        for (; i < box1; i++) {
            const struct pdf_box *bx = &d->boxes[i];
            double add_notes = 0;
            for (uint32_t j = 0; j < bx->n_notes; j++) {
                uint32_t num = d->note_refs[bx->note0 + j];
                if (num < n_notes && !b.placed[num] && !b.on_page[num])
                    add_notes += note_h(&b, num);
            }
            double sep = (nh == 0 && add_notes > 0) ? st->note_lead * PDF_NOTE_SEPARATION : 0;
            double need = used + gap_at(bx, i == a) + bx->h;
            bool split_note = false;
            if (i > a && need + nh + add_notes + sep > st->text_h + eps) {
                /* A long note (more than a third of a page) would leave a hole
                 * wherever its citation goes: the line stays here if the note's
                 * first two lines fit, and the note is split. */
                uint32_t first_new = UINT32_MAX;
                for (uint32_t j = 0; j < bx->n_notes && first_new == UINT32_MAX; j++) {
                    uint32_t num = d->note_refs[bx->note0 + j];
                    if (num < n_notes && !b.placed[num] && !b.on_page[num] && notes[num].n)
                        first_new = num;
                }
                /* So would a note whose line, moved on, leaves this page more
                 * than PDF_SHORT_PAGE_LINES short: TeX splits an insertion rather
                 * than leave a page short, and so does this. */
                double short_by = st->text_h - used - nh;
                bool long_note = add_notes > st->text_h / 3 || short_by > PDF_SHORT_PAGE_LINES * st->lead;
                if (first_new != UINT32_MAX && long_note &&
                    need + nh + sep + note_head_h(&b, first_new) <= st->text_h + eps) {
                    split_note = true;
                } else {
                    overflow = true;
                    break;
                }
            }
            used = need;
            nh += add_notes + sep;
            for (uint32_t j = 0; j < bx->n_notes; j++) {
                uint32_t num = d->note_refs[bx->note0 + j];
                if (num < n_notes && !b.placed[num] && !b.on_page[num]) {
                    b.on_page[num] = true;
                    counted = xgrow(counted, n_on_page, sizeof *counted);
                    counted[n_on_page++] = num;
                }
            }
            if (i - a + 1 > b.cap_used) {
                b.cap_used = b.cap_used ? b.cap_used * 2 : 256;
                while (b.cap_used < i - a + 1)
                    b.cap_used *= 2;
                b.used_after = xrealloc(b.used_after, b.cap_used * sizeof *b.used_after);
                b.notes_after = xrealloc(b.notes_after, b.cap_used * sizeof *b.notes_after);
            }
            b.used_after[i - a] = used;
            b.notes_after[i - a] = split_note ? st->text_h - used : nh;
            if (split_note) {
                /* the page is full: break at the best place up to this line */
                i++;
                overflow = true;
                break;
            }
            if (bx->flags & PDF_BOXF_BREAK && i > a)
                break;
        }
        for (size_t j = 0; j < n_on_page; j++)
            b.on_page[counted[j]] = false;
        free(counted);
        size_t k = i - 1; /* the page's last box */
        if (overflow) {
            /* the best legal break on the page: low penalty, little empty space */
            double best = INFINITY;
            size_t best_k = SIZE_MAX;
            for (size_t c = i; c-- > a;) {
                const struct pdf_box *bx = &d->boxes[c];
                double empty = st->text_h - b.used_after[c - a] - b.notes_after[c - a];
                if (empty > st->text_h * PDF_PAGE_EMPTY_MAX && best_k != SIZE_MAX)
                    break;
                if (bx->penalty >= PDF_INF || (bx->flags & PDF_BOXF_HEADER))
                    continue;
                double lines = empty / st->lead;
                double cost = bx->penalty + PDF_EMPTY_LINE_COST * lines * lines;
                if (cost < best) {
                    best = cost;
                    best_k = c;
                }
            }
            if (best_k != SIZE_MAX)
                k = best_k;
        }
        emit_page(&b, a, k, k + 1 >= box1 && b.head == b.tail);
        a = k + 1;
    }
    /* notes still carried after the chapter's last line: pages of notes alone */
    while (b.head < b.tail && box1 > 0)
        emit_page(&b, box1, box1 - 1, false); /* each takes at least one line */
    if (out->n_pages == b.page0) {
        /* an empty chapter still has its page */
        out->pages = xgrow(out->pages, out->n_pages, sizeof *out->pages);
        memset(&out->pages[out->n_pages], 0, sizeof *out->pages);
        out->pages[out->n_pages].opener = true;
        out->pages[out->n_pages].notes_y = -1;
        out->pages[out->n_pages].place0 = (uint32_t)out->n_places;
        out->n_pages++;
    }
    free(b.placed);
    free(b.on_page);
    free(b.used_after);
    free(b.notes_after);
    free(b.queue);
}
