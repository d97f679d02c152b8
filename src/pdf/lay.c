/* The block context of a chapter's layout: node ordinals (a page start's
 * position in the model), structure tags opened before their first box, a
 * list item's label drawn with its first box, and the space between blocks
 * (collapsing, as CSS margins do). */
#include "pdf/lay.h"
#include "pdf/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- node ordinals: a node's number in a full pre-order walk (doc_pos) ---- */

uint32_t pdf_ord(const struct pdf_lay *L, const void *node)
{
    (void)L;
    return ((const struct doc_node *)node)->seq;
}

/* ---- structure tags, labels and spacing ---- */

void pdf_lay_open_tag(struct pdf_lay *L, enum pdf_tag t)
{
    if (L->n_pending < sizeof L->pending / sizeof *L->pending)
        L->pending[L->n_pending++] = (int)t;
}

void pdf_lay_close_tag(struct pdf_lay *L, enum pdf_tag t)
{
    if (L->n_pending && L->pending[L->n_pending - 1] == (int)t) {
        L->n_pending--; /* it never held a box */
        return;
    }
    struct pdf_dlist *d = L->d;
    if (d->n_boxes && d->boxes[d->n_boxes - 1].op1 == d->n_ops) {
        pdf_op_tag(d, t, true);
        d->boxes[d->n_boxes - 1].op1 = (uint32_t)d->n_ops;
    } else {
        struct pdf_box *b = pdf_dlist_box(d);
        pdf_op_tag(d, t, true);
        b = &d->boxes[d->n_boxes - 1];
        b->op1 = (uint32_t)d->n_ops;
        b->x = (float)L->left;
    }
}

static void emit_label(struct pdf_lay *L)
{
    struct pdf_dlist *d = L->d;
    double size = L->label.size > 0 ? L->label.size : L->size;
    double ascent = pdf_line_baseline(L->bc->fonts, PDF_SERIF, size, L->lead);
    if (L->label.task) {
        float s = (float)(size * PDF_TASK_BOX);
        float x = (float)(-size * PDF_TASK_BOX_X), y = (float)(ascent - s * PDF_TASK_BOX_RISE);
        pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_FRAME,
                                         .color = PDF_C_TEXT,
                                         .size = (float)(size * PDF_TASK_FRAME_W),
                                         .x = x,
                                         .y = y,
                                         .w = s,
                                         .h = s});
        if (L->label.checked)
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_CHECK,
                                             .color = PDF_C_TEXT,
                                             .size = (float)(size * PDF_TASK_TICK_W),
                                             .x = x,
                                             .y = y,
                                             .w = s,
                                             .h = s});
        return;
    }
    struct pdf_para lp;
    pdf_para_init(&lp, size, L->lead, PDF_LEFT);
    lp.hyphenate = false;
    pdf_para_add(&lp, L->label.text, strlen(L->label.text), 0, PDF_C_TEXT, 1.0f, -1);
    struct pdf_para_opts o = {.width = 1e6, .tag = -1};
    struct pdf_para_out out;
    uint32_t op0 = (uint32_t)d->n_ops;
    pdf_para_layout(L->ps, &lp, &o, d, &out);
    if (out.n_boxes) {
        d->n_boxes = out.box0; /* keep the ops, drop the box */
        float shift = (float)(-out.width - size * PDF_LABEL_GAP);
        for (size_t i = op0; i < d->n_ops; i++)
            d->ops[i].x += shift;
    }
    pdf_para_free(&lp);
}

uint32_t pdf_lay_begin(struct pdf_lay *L)
{
    uint32_t mark = (uint32_t)L->d->n_ops;
    for (size_t i = 0; i < L->n_pending; i++)
        pdf_op_tag(L->d, (enum pdf_tag)L->pending[i], false);
    L->n_pending = 0;
    if (L->label.set) {
        emit_label(L);
        L->label.set = false;
    }
    return mark;
}

void pdf_lay_adopt(struct pdf_lay *L, uint32_t mark, size_t box0, double space_before)
{
    struct pdf_dlist *d = L->d;
    if (box0 >= d->n_boxes) {
        if (mark == d->n_ops)
            return;
        struct pdf_box *b = pdf_dlist_box(d);
        b->op0 = mark;
        b->op1 = (uint32_t)d->n_ops;
        b->x = (float)L->left;
        box0 = d->n_boxes - 1;
    }
    struct pdf_box *b = &d->boxes[box0];
    b->op0 = mark;
    double sp = fmax(L->space, space_before);
    b->space = (float)sp;
    b->stretch = (float)(sp * PDF_SPACE_STRETCH);
    L->space = 0;
    if (L->quote_bar > 0)
        for (size_t i = box0; i < d->n_boxes; i++)
            d->boxes[i].bar_x = (float)L->quote_bar;
}

void pdf_lay_after(struct pdf_lay *L, double space)
{
    if (space > L->space)
        L->space = space;
}
