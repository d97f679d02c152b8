/* Front matter: the title page, its verso (the colophon: edition, build date,
 * rights) and the table of contents with dot leaders and page numbers, every
 * entry a link. Laid out into the same display lists as a chapter. */
#include "pdf/front.h"
#include "pdf/design.h"
#include "pdf/page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct front {
    const struct pdf_book_ctx *bc;
    const struct pdf_style *st;
    struct pdf_setter *ps;
    struct pdf_chapter_out *out;
    struct pdf_para p;
};

/* One paragraph as boxes; returns the first box and its height. */
static size_t text_block(struct front *f, const char *text, double size, double lead,
                         enum pdf_align align, uint16_t flags, int color, int tag,
                         double width, double *h_out)
{
    struct pdf_para *p = &f->p;
    pdf_para_style(p, size, lead, align);
    p->hyphenate = false;
    p->balance = align == PDF_CENTER;
    pdf_para_add(p, text, strlen(text), flags, color, 1.0f, -1);
    struct pdf_para_opts o = {.width = width, .tag = tag};
    struct pdf_para_out out;
    pdf_para_layout(f->ps, p, &o, &f->out->d, &out);
    double h = 0;
    for (size_t i = 0; i < out.n_boxes; i++)
        h += f->out->d.boxes[out.box0 + i].h;
    if (h_out)
        *h_out = h;
    return out.box0;
}

static struct pdf_page *new_page(struct front *f, enum pdf_page_kind kind)
{
    struct pdf_chapter_out *o = f->out;
    o->pages = xgrow(o->pages, o->n_pages, sizeof *o->pages);
    struct pdf_page *pg = &o->pages[o->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->kind = (uint8_t)kind;
    pg->notes_y = -1;
    pg->opener = true;
    pg->place0 = (uint32_t)o->n_places;
    return pg;
}

/* Places boxes [b0, n_boxes) one under the other from y; returns the y below them. */
static double stack(struct front *f, size_t b0, double y)
{
    struct pdf_chapter_out *o = f->out;
    for (size_t i = b0; i < o->d.n_boxes; i++) {
        o->places = xgrow(o->places, o->n_places, sizeof *o->places);
        o->places[o->n_places++] =
            (struct pdf_place){.box = (uint32_t)i, .x = o->d.boxes[i].x, .y = (float)y};
        y += o->d.boxes[i].h;
    }
    o->pages[o->n_pages - 1].n_place = (uint32_t)(o->n_places - o->pages[o->n_pages - 1].place0);
    return y;
}

static char *authors(const struct series *s)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < s->n_authors; i++) {
        if (i)
            buf_puts(&b, i + 1 == s->n_authors ? " and " : ", ");
        buf_puts(&b, s->authors[i]);
    }
    return buf_detach(&b, NULL);
}

static void title_page(struct front *f)
{
    const struct pdf_style *st = f->st;
    const struct series *s = f->bc->book->series;
    new_page(f, PDF_PAGE_TITLE);
    double W = st->text_w, h;
    uint32_t dest_op = (uint32_t)f->out->d.n_ops;
    char *dest = pdf_dest_name(-1, "title");
    pdf_op_dest(&f->out->d, dest);
    free(dest);
    size_t b0 = text_block(f, s->title, st->h1 * PDF_BOOK_TITLE_SIZE,
                           round(st->h1 * PDF_BOOK_TITLE_SIZE * PDF_BOOK_TITLE_LEAD), PDF_CENTER,
                           PDF_FF_BOLD, PDF_C_TEXT, PDF_TAG_H1, W, &h);
    f->out->d.boxes[b0].op0 = dest_op;
    double y = stack(f, b0, st->text_h * PDF_BOOK_TITLE_SINK);
    if (s->subtitle) {
        b0 = text_block(f, s->subtitle, st->body * PDF_SUBTITLE_SIZE, st->lead * PDF_SUBTITLE_LEAD,
                        PDF_CENTER, PDF_FF_ITALIC, PDF_C_TEXT, PDF_TAG_P, W * PDF_NARROW_W, &h);
        for (size_t i = b0; i < f->out->d.n_boxes; i++)
            f->out->d.boxes[i].x = (float)(W * PDF_NARROW_INSET);
        y = stack(f, b0, y + st->lead);
    }
    char *who = authors(s);
    b0 = text_block(f, who, st->body * PDF_AUTHOR_SIZE, st->lead * PDF_AUTHOR_LEAD, PDF_CENTER, 0,
                    PDF_C_TEXT, PDF_TAG_P, W, &h);
    stack(f, b0, fmax(y + st->lead * PDF_AUTHOR_GAP, st->text_h * PDF_AUTHOR_SINK));
    free(who);
    if (s->publisher) {
        b0 = text_block(f, s->publisher, st->body, st->lead, PDF_CENTER, PDF_FF_ITALIC,
                        PDF_C_MUTED, PDF_TAG_P, W, &h);
        stack(f, b0, st->text_h - h);
    }
}

static void colophon_page(struct front *f, const char *built)
{
    const struct pdf_style *st = f->st;
    const struct series *s = f->bc->book->series;
    new_page(f, PDF_PAGE_COLOPHON)->opener = true;
    double W = st->text_w, size = st->note, lead = st->note_lead;
    char *who = authors(s);
    char *lines[12] = {0};
    size_t n = 0;
    lines[n++] = s->subtitle ? xasprintf("%s: %s", s->title, s->subtitle) : xstrdup(s->title);
    lines[n++] = xasprintf("by %s", who);
    lines[n++] = s->date ? xasprintf("Edition %s, %s", s->edition, s->date)
                         : xasprintf(doc_label(s->language, DOC_LABEL_EDITION), s->edition);
    if (s->publisher)
        lines[n++] = xasprintf(doc_label(s->language, DOC_LABEL_PUBLISHED_BY), s->publisher);
    if (s->rights)
        lines[n++] = xstrdup(s->rights);
    if (s->credits)
        lines[n++] = xstrdup(s->credits);
    if (s->identifier)
        lines[n++] = xasprintf("Identifier: %s", s->identifier);
    /* every format's ISBN, as a printed copyright page lists them */
    if (s->isbn_epub.written)
        lines[n++] = xasprintf("ISBN %s (EPUB)", s->isbn_epub.written);
    if (s->isbn_pdf.written)
        lines[n++] = xasprintf("ISBN %s (PDF)", s->isbn_pdf.written);
    lines[n++] = xasprintf("Typeset by octavo %s on %s, in Noto Serif and JetBrains Mono.",
                           OCTAVO_VERSION, built);
    free(who);
    /* set from the foot of the page up */
    size_t first = f->out->d.n_boxes;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        double h;
        text_block(f, lines[i], size, lead, PDF_LEFT, i == 0 ? PDF_FF_BOLD : 0, PDF_C_TEXT,
                   PDF_TAG_P, W, &h);
        total += h + (i ? lead * PDF_COLOPHON_GAP : 0);
        free(lines[i]);
    }
    double y = st->text_h - total;
    for (size_t i = first; i < f->out->d.n_boxes; i++) {
        struct pdf_chapter_out *o = f->out;
        o->places = xgrow(o->places, o->n_places, sizeof *o->places);
        o->places[o->n_places++] = (struct pdf_place){.box = (uint32_t)i, .y = (float)y};
        y += o->d.boxes[i].h;
        /* half a line between paragraphs: a paragraph's first box starts with its tag */
        if (i + 1 < o->d.n_boxes && o->d.ops[o->d.boxes[i + 1].op0].kind == PDF_OP_TAG)
            y += lead * PDF_COLOPHON_GAP;
    }
    f->out->pages[f->out->n_pages - 1].n_place =
        (uint32_t)(f->out->n_places - f->out->pages[f->out->n_pages - 1].place0);
}

/* A page number (or label) shaped and moved to end at x_right on the line's baseline. */
static void right_label(struct front *f, const char *label, double size, double lead,
                        uint16_t flags, double x_right)
{
    struct pdf_dlist *d = &f->out->d;
    struct pdf_para lp;
    pdf_para_init(&lp, size, lead, PDF_LEFT);
    lp.hyphenate = false;
    pdf_para_add(&lp, label, strlen(label), flags, PDF_C_TEXT, 1.0f, -1);
    struct pdf_para_opts o = {.width = 1e6, .tag = -1};
    struct pdf_para_out out;
    uint32_t op0 = (uint32_t)d->n_ops;
    pdf_para_layout(f->ps, &lp, &o, d, &out);
    if (out.n_boxes) {
        d->n_boxes = out.box0;
        for (size_t i = op0; i < d->n_ops; i++)
            d->ops[i].x += (float)(x_right - out.width);
    }
    pdf_para_free(&lp);
}

static void toc_pages(struct front *f, const struct pdf_toc_entry *toc, size_t n_toc)
{
    const struct pdf_style *st = f->st;
    struct pdf_dlist *d = &f->out->d;
    size_t galley0 = d->n_boxes;
    /* the heading, as a chapter opener */
    double h;
    char *dest = pdf_dest_name(-1, "contents");
    uint32_t dest_op = (uint32_t)d->n_ops;
    pdf_op_dest(d, dest);
    free(dest);
    size_t b0 = text_block(f, doc_label(f->bc->book->series->language, DOC_LABEL_CONTENTS), st->h1, round(st->h1 * PDF_TITLE_LEAD * 4) / 4, PDF_LEFT,
                           PDF_FF_BOLD, PDF_C_TEXT, PDF_TAG_H1, st->text_w, &h);
    d->boxes[b0].op0 = dest_op;
    d->boxes[b0].flags |= PDF_BOXF_OPENER;
    d->boxes[b0].space = (float)(st->text_h * PDF_OPENER_SINK);
    d->boxes[b0].penalty = PDF_INF;

    double numw = st->body * PDF_TOC_NUMBER_W;
    bool first_entry = true;
    for (size_t i = 0; i < n_toc; i++) {
        const struct pdf_toc_entry *e = &toc[i];
        bool chap = e->level <= 1;
        double size = chap ? st->body : st->body * PDF_TOC_SECTION_SIZE;
        double lead = chap ? st->lead : st->lead * PDF_TOC_SECTION_LEAD;
        /* titles hang after the chapter numbers; sections align with them */
        double indent = st->body * PDF_TOC_INDENT;
        struct pdf_para *p = &f->p;
        pdf_para_style(p, size, lead, PDF_LEFT);
        p->hyphenate = false;
        pdf_para_add(p, e->text, strlen(e->text), chap ? PDF_FF_BOLD : 0, PDF_C_TEXT, 1.0f, -1);
        double width = st->text_w - indent - numw - st->body;
        struct pdf_para_opts o = {.width = width, .x = indent, .tag = -1};
        struct pdf_para_out out;
        uint32_t mark = (uint32_t)d->n_ops;
        if (first_entry)
            pdf_op_tag(d, PDF_TAG_TOC, false);
        pdf_op_tag(d, PDF_TAG_TOCI, false);
        if (chap && e->number > 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", e->number);
            uint32_t lab0 = (uint32_t)d->n_ops;
            right_label(f, num, size, lead, PDF_FF_BOLD, 0);
            /* left-aligned at the text block's edge: undo right_label's alignment */
            float shift = lab0 < d->n_ops ? -d->ops[lab0].x : 0;
            for (size_t q = lab0; q < d->n_ops; q++)
                d->ops[q].x += shift - (float)indent;
        }
        pdf_para_layout(f->ps, p, &o, d, &out);
        if (!out.n_boxes)
            continue;
        struct pdf_box *first = &d->boxes[out.box0];
        first->op0 = mark;
        first->space = (float)(chap ? (first_entry ? st->lead * PDF_TOC_FIRST_GAP
                                                   : st->lead * PDF_TOC_CHAPTER_GAP)
                                    : 0);
        first->stretch = first->space * PDF_TOC_GAP_STRETCH;
        char *attr = xasprintf("dest='%s'", e->dest);
        uint32_t target = pdf_dlist_string(d, attr);
        free(attr);
        /* every line is a link; all of them go into the last line's box (the entry
         * never breaks across pages), placed relative to it */
        double off_last = 0;
        for (size_t k = 0; k + 1 < out.n_boxes; k++) {
            d->boxes[out.box0 + k].penalty = PDF_INF;
            off_last += d->boxes[out.box0 + k].h;
        }
        struct pdf_box *bx = &d->boxes[out.box0 + out.n_boxes - 1];
        bx->penalty = 0;
        /* the line's text ends where its last glyph ends */
        double end = 0;
        for (uint32_t q = bx->op0; q < d->n_ops; q++) {
            const struct pdf_op *op = &d->ops[q];
            if (op->kind == PDF_OP_GLYPHS && op->n) {
                const struct pdf_glyph *g = &d->glyphs[op->a + op->n - 1];
                double gx = op->x + g->x + op->size * PDF_GLYPH_EMS;
                if (gx > end)
                    end = gx;
            }
        }
        double page_x = st->text_w - indent;
        pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_DOTS,
                                         .color = PDF_C_MUTED,
                                         .size = (float)size,
                                         .x = (float)(end + size * PDF_LEADER_GAP),
                                         .y = (float)pdf_line_baseline(f->bc->fonts, PDF_SERIF,
                                                                       p->size, p->lead),
                                         .w = (float)(page_x - numw * PDF_TOC_NUMBER_ROOM - end -
                                                      size * PDF_LEADER_GAP)});
        right_label(f, e->page, size, lead, chap ? PDF_FF_BOLD : 0, page_x);
        double off = 0;
        for (size_t k = 0; k < out.n_boxes; k++) {
            double lh = d->boxes[out.box0 + k].h;
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_LINK, .x = 0,
                                             .y = (float)(off - off_last),
                                             .w = (float)(st->text_w - indent), .h = (float)lh,
                                             .a = target});
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_LINK_END});
            off += lh;
        }
        pdf_op_tag(d, PDF_TAG_TOCI, true);
        if (i + 1 == n_toc)
            pdf_op_tag(d, PDF_TAG_TOC, true);
        bx = &d->boxes[out.box0 + out.n_boxes - 1];
        bx->op1 = (uint32_t)d->n_ops;
        first_entry = false;
    }
    size_t page0 = f->out->n_pages;
    pdf_paginate(st, d, galley0, d->n_boxes, NULL, 0, f->out);
    for (size_t i = page0; i < f->out->n_pages; i++) {
        f->out->pages[i].kind = PDF_PAGE_TOC;
        f->out->pages[i].opener = i == page0;
    }
}

/* A redline's page (or pages) before the contents: which pages of the book
 * have changes marked. */
static void changes_pages(struct front *f, const struct pdf_front_changes *c)
{
    const struct pdf_style *st = f->st;
    struct pdf_dlist *d = &f->out->d;
    size_t galley0 = d->n_boxes;
    double h;
    size_t b0 = text_block(f, c->title, st->h1, round(st->h1 * 1.18 * 4) / 4, PDF_LEFT,
                           PDF_FF_BOLD, PDF_C_TEXT, PDF_TAG_H1, st->text_w, &h);
    d->boxes[b0].flags |= PDF_BOXF_OPENER;
    d->boxes[b0].space = (float)(st->text_h * 0.16);
    d->boxes[b0].penalty = PDF_INF;
    size_t b1 = text_block(f, c->text, st->body, st->lead, PDF_LEFT, 0, PDF_C_TEXT, PDF_TAG_P,
                           st->text_w, &h);
    if (b1 < d->n_boxes)
        d->boxes[b1].space = (float)st->lead;
    size_t page0 = f->out->n_pages;
    pdf_paginate(st, d, galley0, d->n_boxes, NULL, 0, f->out);
    for (size_t i = page0; i < f->out->n_pages; i++) {
        f->out->pages[i].kind = PDF_PAGE_COLOPHON;
        f->out->pages[i].opener = true;
    }
}

void pdf_front_layout(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                      const struct pdf_toc_entry *toc, size_t n_toc, const char *built,
                      const struct pdf_front_changes *changes, struct pdf_chapter_out *out)
{
    memset(out, 0, sizeof *out);
    struct front f = {.bc = bc, .st = bc->st, .ps = pdf_setter_new(sh), .out = out};
    pdf_para_init(&f.p, bc->st->body, bc->st->lead, PDF_LEFT);
    title_page(&f);
    colophon_page(&f, built);
    if (changes)
        changes_pages(&f, changes);
    toc_pages(&f, toc, n_toc);
    pdf_para_free(&f.p);
    pdf_setter_free(f.ps);
}
