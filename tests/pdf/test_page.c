/* The page builder (src/pdf/page.c) on random galleys: whatever it chooses,
 * every box is set once, in order but for floats, on a page it fits; no page
 * ends after a box whose penalty forbids it while a legal break was at hand;
 * a float is set whole at a page's top, in order, never past a heading; a
 * footnote starts on the page that cites it; page starts never go back. */
#include "pdf/page.h"

#include <stdlib.h>
#include <string.h>

#include "../unit/check.h"

#define LEAD 12.0
#define TEXT_H (LEAD * 30)
#define EPS 0.02

struct galley {
    struct pdf_dlist d;
    struct pdf_note_boxes notes[8];
    size_t n_notes, box0;
    size_t group_b0[64], group_b1[64], n_groups;
};

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static struct pdf_box *line(struct pdf_dlist *d, double h, double space, int penalty)
{
    struct pdf_box *b = pdf_dlist_box(d);
    b->h = (float)h;
    b->space = (float)space;
    b->stretch = (float)(space * 0.4);
    b->penalty = (int16_t)penalty;
    b->header = -1;
    b->src_node = (uint32_t)d->n_boxes;
    b->op0 = b->op1 = (uint32_t)d->n_ops;
    return b;
}

/* A box holding tag ops (opened before, closed after its content). */
static void tagged(struct pdf_dlist *d, enum pdf_tag open, enum pdf_tag close)
{
    struct pdf_box *b = &d->boxes[d->n_boxes - 1];
    if ((int)open >= 0)
        pdf_op_tag(d, open, false);
    if ((int)close >= 0)
        pdf_op_tag(d, close, true);
    b = &d->boxes[d->n_boxes - 1];
    b->op1 = (uint32_t)d->n_ops;
}

static void make(struct galley *g, unsigned seed)
{
    memset(g, 0, sizeof *g);
    struct pdf_dlist *d = &g->d;
    /* notes first, as the chapter lays them out */
    g->n_notes = 1 + rnd(&seed) % 7;
    for (size_t n = 1; n < g->n_notes; n++) {
        g->notes[n].box0 = (uint32_t)d->n_boxes;
        g->notes[n].n = 1 + rnd(&seed) % 6;
        for (uint32_t q = 0; q < g->notes[n].n; q++) {
            line(d, LEAD * 0.8, 0, 0);
            g->notes[n].h += (float)(LEAD * 0.8);
        }
    }
    g->box0 = d->n_boxes;
    size_t next_note = 1;
    size_t blocks = 20 + rnd(&seed) % 60;
    for (size_t k = 0; k < blocks; k++) {
        unsigned kind = rnd(&seed) % 10;
        if (kind == 0) { /* a heading, kept with what follows */
            line(d, LEAD * 1.4, LEAD * 1.5, PDF_INF);
            tagged(d, PDF_TAG_H2, PDF_TAG_H2);
        } else if (kind == 1 && g->n_groups < 64) { /* a figure with its caption */
            size_t b0 = d->n_boxes;
            line(d, LEAD * (3 + rnd(&seed) % 20), LEAD * 0.9, PDF_INF);
            tagged(d, PDF_TAG_FIGURE, -1);
            line(d, LEAD * 0.8, LEAD * 0.3, 0);
            tagged(d, -1, PDF_TAG_FIGURE);
            g->group_b0[g->n_groups] = b0;
            g->group_b1[g->n_groups++] = d->n_boxes - 1;
        } else { /* a paragraph: no orphan, no widow, some hyphens */
            size_t n = 1 + rnd(&seed) % 14;
            for (size_t i = 0; i < n; i++) {
                int pen = (i + 1 == n) ? 0 : (i == 0 || i + 2 == n || rnd(&seed) % 7 == 0) ? PDF_INF : 0;
                struct pdf_box *b = line(d, LEAD, i == 0 ? LEAD * 0.4 : 0, pen);
                if (next_note < g->n_notes && rnd(&seed) % 9 == 0) {
                    b->note0 = (uint32_t)d->n_note_refs;
                    b->n_notes = 1;
                    pdf_dlist_note_ref(d, (uint32_t)next_note++);
                }
                tagged(d, i == 0 ? PDF_TAG_P : (enum pdf_tag)-1,
                       i + 1 == n ? PDF_TAG_P : (enum pdf_tag)-1);
            }
        }
    }
}

static void check_galley(unsigned seed)
{
    struct galley g;
    make(&g, seed);
    struct pdf_style st = {.text_h = TEXT_H, .lead = LEAD, .note_lead = LEAD * 0.8,
                           .code_pad = 4};
    struct pdf_chapter_out out;
    memset(&out, 0, sizeof out);
    pdf_paginate(&st, &g.d, g.box0, g.d.n_boxes, g.notes, g.n_notes, &out);
    size_t n = g.d.n_boxes;
    int *page_of = calloc(n, sizeof *page_of);
    for (size_t i = 0; i < n; i++)
        page_of[i] = -1;
    size_t placed = 0, last_flow = 0;
    uint32_t last_src = 0;
    for (size_t p = 0; p < out.n_pages; p++) {
        const struct pdf_page *pg = &out.pages[p];
        if (pg->src_node != UINT32_MAX) {
            CHECK(pg->src_node >= last_src); /* page starts never go back */
            last_src = pg->src_node;
        }
        double body_bottom = 0, notes_top = TEXT_H;
        for (uint32_t k = 0; k < pg->n_place; k++) {
            const struct pdf_place *pl = &out.places[pg->place0 + k];
            const struct pdf_box *b = &g.d.boxes[pl->box];
            CHECK(page_of[pl->box] < 0); /* set once */
            page_of[pl->box] = (int)p;
            placed++;
            if (pl->box >= g.box0) {
                body_bottom = pl->y + b->h > body_bottom ? pl->y + b->h : body_bottom;
                last_flow = pl->box;
            } else if (pl->y < notes_top) {
                notes_top = pl->y;
            }
            CHECK(pl->y + b->h <= TEXT_H + EPS); /* on the page */
        }
        CHECK(body_bottom <= notes_top + EPS); /* notes under the body */
        /* a page ends after a box that allows it: the galley here never
         * leaves a page without a legal break */
        if (p + 1 < out.n_pages && out.pages[p + 1].n_place) {
            bool notes_only = true;
            for (uint32_t k = 0; k < pg->n_place; k++)
                if (out.places[pg->place0 + k].box >= g.box0)
                    notes_only = false;
            if (!notes_only) {
                bool in_group = false;
                for (size_t f = 0; f < g.n_groups; f++)
                    if (last_flow == g.group_b1[f])
                        in_group = true;
                CHECK(in_group || g.d.boxes[last_flow].penalty < PDF_INF);
            }
        }
    }
    CHECK(placed == n); /* every box, notes too */
    /* floats whole, in order, never past a heading; text in order otherwise */
    int last_page = 0;
    for (size_t f = 0; f < g.n_groups; f++) {
        CHECK(page_of[g.group_b0[f]] == page_of[g.group_b1[f]]);
        CHECK(page_of[g.group_b0[f]] >= last_page);
        last_page = page_of[g.group_b0[f]];
        for (size_t i = g.group_b1[f] + 1; i < n; i++) {
            bool heading = g.d.boxes[i].op1 > g.d.boxes[i].op0 &&
                           g.d.ops[g.d.boxes[i].op0].kind == PDF_OP_TAG &&
                           g.d.ops[g.d.boxes[i].op0].a == PDF_TAG_H2;
            if (heading) {
                CHECK(page_of[i] >= page_of[g.group_b1[f]]);
                break;
            }
        }
    }
    /* a note starts on the page that cites it */
    for (size_t i = g.box0; i < n; i++)
        for (uint32_t j = 0; j < g.d.boxes[i].n_notes; j++) {
            uint32_t num = g.d.note_refs[g.d.boxes[i].note0 + j];
            CHECK(page_of[g.notes[num].box0] == page_of[i]);
        }
    free(page_of);
    free(out.places);
    free(out.pages);
    pdf_dlist_free(&g.d);
}

int main(void)
{
    for (unsigned seed = 1; seed <= 300; seed++)
        check_galley(seed);
    return check_summary();
}
