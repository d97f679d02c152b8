/* Figures: an image alone in its paragraph, scaled to the text block (never
 * distorted, never up), kept with its caption. */
#include "pdf/blocks.h"
#include "pdf/design.h"
#include "pdf/image.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pdf_lay_figure(struct pdf_lay *L, struct doc_node *n)
{
    const struct pdf_style *st = L->st;
    struct pdf_dlist *d = L->d;
    struct doc_node *img = n->first_child;
    if (!img || img->type != DOC_NODE_IMAGE)
        return;
    struct pdf_para *p = &L->para;
    double avail = st->text_w - L->left - L->right;
    if (img->image_index >= 0) {
        /* a local image that does not decode is an error, never a blank figure */
        size_t i = (size_t)img->image_index;
        const struct pdf_image_info *info = pdf_image_info_at(L->bc->images, i);
        if (info->ok && !pdf_image_drawable(L->bc->book, info, i)) {
            diag_add(L->dl, DIAG_ERROR, L->ch->file, n->line, 0,
                     "image '%s' cannot be decoded for the PDF",
                     doc_book_image(L->bc->book, i)->rel);
            return;
        }
    }
    if (img->image_index < 0 || !pdf_image_info_at(L->bc->images, (size_t)img->image_index)->ok) {
        /* a remote image: a link with its alt text, as in the EPUB */
        pdf_para_style(p, L->size, L->lead, PDF_LEFT);
        pdf_para_src(p, pdf_ord(L, n), 0);
        int link = -1;
        if (img->url) {
            char *attr = pdf_uri_attr(img->url);
            link = pdf_para_link(p, attr);
            free(attr);
        }
        char *alt = doc_node_plain_text(img);
        const char *s = *alt ? alt : (img->url ? img->url : "");
        pdf_para_add(p, s, strlen(s), PDF_FF_URL, PDF_C_TEXT, 1.0f, link);
        free(alt);
        uint32_t mark = pdf_lay_begin(L);
        struct pdf_para_opts o = {.width = avail, .x = L->left, .tag = PDF_TAG_P,
                                  .chapter_file = L->ch->file, .line = n->line, .dl = L->dl};
        struct pdf_para_out out;
        pdf_para_layout(L->ps, p, &o, d, &out);
        pdf_lay_adopt(L, mark, out.box0, L->lead * PDF_PARA_GAP);
        return;
    }
    const struct pdf_image_info *info = pdf_image_info_at(L->bc->images, (size_t)img->image_index);
    double w = info->w, h = info->h;
    double max_h = st->text_h * PDF_IMAGE_MAX_H;
    if (w > avail) {
        h *= avail / w;
        w = avail;
    }
    if (h > max_h) {
        w *= max_h / h;
        h = max_h;
    }
    uint32_t mark = pdf_lay_begin(L);
    pdf_op_tag(d, PDF_TAG_FIGURE, false);
    size_t box0 = d->n_boxes;
    struct pdf_box *b = pdf_dlist_box(d);
    if (img->id || n->id) {
        char *dest = pdf_dest_name((int)L->ch->index, img->id ? img->id : n->id);
        pdf_op_dest(d, dest);
        free(dest);
    }
    pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_IMAGE, .x = (float)((avail - w) / 2),
                                     .y = 0, .w = (float)w, .h = (float)h,
                                     .a = (uint32_t)img->image_index});
    b = &d->boxes[box0];
    b->op1 = (uint32_t)d->n_ops;
    b->h = (float)h;
    b->x = (float)L->left;
    b->src_node = pdf_ord(L, n);
    char *caption = img->title ? xstrdup(img->title) : doc_node_plain_text(img);
    if (*caption) {
        b->penalty = PDF_INF; /* the caption stays with its image */
        pdf_para_style(p, st->note * (L->size / st->body), st->note_lead * (L->size / st->body),
                       PDF_CENTER);
        p->hyphenate = false;
        p->balance = true;
        pdf_para_src(p, pdf_ord(L, img), 0);
        pdf_para_add(p, caption, strlen(caption), PDF_FF_ITALIC, PDF_C_TEXT, 1.0f, -1);
        struct pdf_para_opts o = {.width = avail * PDF_NARROW_W,
                                  .x = L->left + avail * PDF_NARROW_INSET,
                                  .tag = PDF_TAG_CAPTION,
                                  .keep_together = true,
                                  .chapter_file = L->ch->file,
                                  .line = n->line,
                                  .dl = L->dl};
        struct pdf_para_out out;
        pdf_para_layout(L->ps, p, &o, d, &out);
        if (out.n_boxes)
            d->boxes[out.box0].space = (float)(L->lead * PDF_CAPTION_SPACE);
    }
    free(caption);
    struct pdf_box *last = &d->boxes[d->n_boxes - 1];
    if (last->op1 == d->n_ops) {
        pdf_op_tag(d, PDF_TAG_FIGURE, true);
        last->op1 = (uint32_t)d->n_ops;
    }
    pdf_lay_adopt(L, mark, box0, L->lead * PDF_FIGURE_SPACE);
    pdf_lay_after(L, L->lead * PDF_FIGURE_SPACE);
}
