/* Tables: column widths from the content (each column's widest line and its
 * longest unbreakable word, as browsers do), wrapping cells, booktabs rules,
 * one box per row so a long table breaks between rows, with its header row
 * repeated on every page it continues on. */
#include "pdf/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cell {
    struct doc_node *node;
    double max_w, min_w;
};

static enum pdf_align align_of(const struct doc_node *cell)
{
    switch (cell ? cell->align : DOC_ALIGN_NONE) {
    case DOC_ALIGN_CENTER: return PDF_CENTER;
    case DOC_ALIGN_RIGHT: return PDF_RIGHT;
    default: return PDF_LEFT;
    }
}

static void cell_para(struct pdf_lay *L, struct pdf_para *p, struct doc_node *cell, double size,
                      double lead, bool header)
{
    pdf_para_style(p, size, lead, align_of(cell));
    p->hyphenate = true; /* narrow columns need it */
    p->base_flags = header ? PDF_FF_BOLD : 0;
    if (cell && cell->first_child) {
        pdf_para_src(p, pdf_ord(L, cell), 0);
        pdf_lay_inlines(L, p, cell->first_child, cell->last_child);
    }
}

void pdf_lay_table(struct pdf_lay *L, struct doc_node *n)
{
    const struct pdf_style *st = L->st;
    struct pdf_dlist *d = L->d;
    double scale = L->size / st->body;
    double size = st->table * scale, lead = round(st->table_lead * scale * 4) / 4;
    double pad = st->cell_pad * scale, vpad = pad * 0.55;
    double avail = st->text_w - L->left - L->right;

    size_t n_rows = 0, n_cols = 0;
    for (struct doc_node *r = n->first_child; r; r = r->next) {
        if (r->type != DOC_NODE_TABLE_ROW)
            continue;
        size_t c = 0;
        for (struct doc_node *x = r->first_child; x; x = x->next)
            c += x->type == DOC_NODE_TABLE_CELL;
        n_rows++;
        if (c > n_cols)
            n_cols = c;
    }
    if (!n_rows || !n_cols)
        return;
    struct cell *cells = xcalloc(n_rows * n_cols, sizeof *cells);
    bool *header = xcalloc(n_rows, sizeof *header);
    struct doc_node **row_nodes = xcalloc(n_rows, sizeof *row_nodes);
    size_t ri = 0;
    for (struct doc_node *r = n->first_child; r; r = r->next) {
        if (r->type != DOC_NODE_TABLE_ROW)
            continue;
        row_nodes[ri] = r;
        header[ri] = r->header;
        size_t c = 0;
        for (struct doc_node *x = r->first_child; x; x = x->next)
            if (x->type == DOC_NODE_TABLE_CELL)
                cells[ri * n_cols + c++].node = x;
        ri++;
    }
    /* measure */
    struct pdf_para p;
    pdf_para_init(&p, size, lead, PDF_LEFT);
    double *cmax = xcalloc(n_cols, sizeof *cmax), *cmin = xcalloc(n_cols, sizeof *cmin);
    enum pdf_align *align = xcalloc(n_cols, sizeof *align);
    for (size_t r = 0; r < n_rows; r++) {
        for (size_t c = 0; c < n_cols; c++) {
            struct cell *x = &cells[r * n_cols + c];
            if (!x->node)
                continue;
            cell_para(L, &p, x->node, size, lead, header[r]);
            pdf_para_measure(L->sh, &p, &x->max_w, &x->min_w);
            cmax[c] = fmax(cmax[c], x->max_w + 2 * pad + 0.5); /* 0.5: rounding */
            cmin[c] = fmax(cmin[c], fmin(x->min_w, avail * 0.3) + 2 * pad + 0.5);
            if (r == 0 || align[c] == PDF_LEFT)
                align[c] = align_of(x->node);
        }
    }
    double smax = 0, smin = 0;
    for (size_t c = 0; c < n_cols; c++) {
        cmax[c] = fmax(cmax[c], cmin[c]);
        smax += cmax[c];
        smin += cmin[c];
    }
    double *w = xcalloc(n_cols, sizeof *w);
    double table_w;
    if (smax <= avail) {
        /* fits: a table of some size takes the full measure, a small one its own width */
        double extra = smax >= avail * 0.6 ? avail - smax : 0;
        for (size_t c = 0; c < n_cols; c++)
            w[c] = cmax[c] + extra * cmax[c] / smax;
    } else if (smin <= avail) {
        for (size_t c = 0; c < n_cols; c++)
            w[c] = cmin[c] + (cmax[c] - cmin[c]) * (avail - smin) / (smax - smin);
    } else {
        for (size_t c = 0; c < n_cols; c++)
            w[c] = avail * cmin[c] / smin;
    }
    table_w = 0;
    for (size_t c = 0; c < n_cols; c++)
        table_w += w[c];

    uint32_t mark = pdf_lay_begin(L);
    pdf_op_tag(d, PDF_TAG_TABLE, false);
    size_t box0 = d->n_boxes;
    int32_t header_box = -1;
    uint32_t row_op0 = (uint32_t)d->n_ops;
    for (size_t r = 0; r < n_rows; r++) {
        uint32_t note_mark = (uint32_t)d->n_note_refs;
        pdf_op_tag(d, PDF_TAG_TR, false);
        double x = 0, row_h = 0;
        for (size_t c = 0; c < n_cols; c++) {
            struct cell *cl = &cells[r * n_cols + c];
            cell_para(L, &p, cl->node, size, lead, header[r]);
            if (cl->node)
                p.align = align[c];
            size_t b0 = d->n_boxes;
            struct pdf_para_opts o = {
                .width = fmax(w[c] - 2 * pad, 1), .tag = header[r] ? PDF_TAG_TH : PDF_TAG_TD,
                .chapter_file = L->ch->file, .line = cl->node ? cl->node->line : 0, .dl = L->dl,
            };
            struct pdf_para_out out;
            if (p.text.len == 0) {
                /* an empty cell still is a cell */
                pdf_op_tag(d, (enum pdf_tag)o.tag, false);
                pdf_op_tag(d, (enum pdf_tag)o.tag, true);
            } else {
                pdf_para_layout(L->sh, &p, &o, d, &out);
            }
            double y = vpad;
            for (size_t b = b0; b < d->n_boxes; b++) {
                struct pdf_box *bx = &d->boxes[b];
                for (uint32_t k = bx->op0; k < bx->op1; k++) {
                    d->ops[k].x += (float)(x + pad);
                    d->ops[k].y += (float)y;
                }
                y += bx->h;
            }
            d->n_boxes = b0; /* the lines live on in the row's box */
            row_h = fmax(row_h, y + vpad);
            x += w[c];
        }
        pdf_op_tag(d, PDF_TAG_TR, true);
        /* rules: booktabs, with hairlines between body rows */
        bool last = r + 1 == n_rows;
        if (header[r]) {
            pdf_op_line(d, PDF_C_TEXT, 0.8f, 0, 0, (float)table_w, 0);
            pdf_op_line(d, PDF_C_TEXT, 0.5f, 0, (float)row_h, (float)table_w, 0);
        } else if (r == 0) {
            pdf_op_line(d, PDF_C_TEXT, 0.8f, 0, 0, (float)table_w, 0);
        }
        if (!header[r]) {
            if (last)
                pdf_op_line(d, PDF_C_TEXT, 0.8f, 0, (float)row_h, (float)table_w, 0);
            else
                pdf_op_line(d, PDF_C_RULE, 0.25f, 0, (float)row_h, (float)table_w, 0);
        }
        if (last)
            pdf_op_tag(d, PDF_TAG_TABLE, true);
        struct pdf_box *bx = pdf_dlist_box(d);
        bx->op0 = row_op0;
        bx->op1 = (uint32_t)d->n_ops;
        bx->h = (float)row_h;
        bx->x = (float)L->left;
        bx->note0 = note_mark;
        bx->n_notes = (uint32_t)d->n_note_refs - note_mark;
        bx->src_node = pdf_ord(L, row_nodes[r]);
        if (header[r]) {
            bx->flags |= PDF_BOXF_HEADER;
            bx->penalty = PDF_INF;
            if (header_box < 0)
                header_box = (int32_t)(d->n_boxes - 1);
        } else {
            bx->header = header_box;
        }
        row_op0 = (uint32_t)d->n_ops;
    }
    pdf_lay_adopt(L, mark, box0, L->lead * 0.8);
    pdf_lay_after(L, L->lead * 0.8);
    pdf_para_free(&p);
    free(cells);
    free(header);
    free(row_nodes);
    free(cmax);
    free(cmin);
    free(align);
    free(w);
}
