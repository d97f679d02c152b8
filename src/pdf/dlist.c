/* Display lists: growable pools of ops, glyphs and text that a laid-out
 * chapter hands to the drawer, and the galley of boxes the pages are cut from. */
#include "pdf/dlist.h"

#include <stdlib.h>
#include <string.h>

uint32_t pdf_dlist_op(struct pdf_dlist *d, const struct pdf_op *op)
{
    d->ops = xreserve(d->ops, &d->cap_ops, d->n_ops + 1, sizeof *d->ops);
    d->ops[d->n_ops] = *op;
    return (uint32_t)d->n_ops++;
}

uint32_t pdf_dlist_string(struct pdf_dlist *d, const char *s)
{
    if (d->strings.len == 0)
        buf_putc(&d->strings, '\0'); /* offset 0 is the empty string */
    uint32_t at = (uint32_t)d->strings.len;
    buf_put(&d->strings, s, strlen(s) + 1);
    return at;
}

uint32_t pdf_dlist_glyphs(struct pdf_dlist *d, size_t n)
{
    d->glyphs = xreserve(d->glyphs, &d->cap_glyphs, d->n_glyphs + n, sizeof *d->glyphs);
    uint32_t at = (uint32_t)d->n_glyphs;
    d->n_glyphs += n;
    return at;
}

/* Cairo refuses the text of a glyph run that holds a noncharacter (U+FDD0 to
 * U+FDEF, U+xFFFE, U+xFFFF: "input string not valid UTF-8"), which would end
 * the whole PDF. The text only tells a reader what the glyphs say, and each
 * cluster's byte count must stay, so each becomes U+FFFD in place (a
 * four-byte one, U+FFFD and a space). The text is valid UTF-8 already. */
static void replace_noncharacters(unsigned char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        if (s[i] == 0xEF && ((s[i + 1] == 0xB7 && s[i + 2] >= 0x90 && s[i + 2] <= 0xAF) ||
                             (s[i + 1] == 0xBF && s[i + 2] >= 0xBE))) {
            s[i + 1] = 0xBF; /* U+FDD0–U+FDEF, U+FFFE, U+FFFF */
            s[i + 2] = 0xBD;
        } else if (s[i] >= 0xF0 && s[i] <= 0xF4 && i + 3 < len && (s[i + 1] & 0x0F) == 0x0F &&
                   s[i + 2] == 0xBF && s[i + 3] >= 0xBE) {
            memcpy(s + i, "\xEF\xBF\xBD ", 4); /* U+1FFFE … U+10FFFF */
        }
    }
}

uint32_t pdf_dlist_text(struct pdf_dlist *d, const char *s, size_t len)
{
    uint32_t at = (uint32_t)d->text.len;
    buf_put(&d->text, s, len);
    replace_noncharacters((unsigned char *)d->text.data + at, len);
    return at;
}

struct pdf_box *pdf_dlist_box(struct pdf_dlist *d)
{
    d->boxes = xreserve(d->boxes, &d->cap_boxes, d->n_boxes + 1, sizeof *d->boxes);
    struct pdf_box *b = &d->boxes[d->n_boxes++];
    memset(b, 0, sizeof *b);
    b->header = -1;
    b->op0 = b->op1 = (uint32_t)d->n_ops;
    return b;
}

void pdf_dlist_note_ref(struct pdf_dlist *d, uint32_t number)
{
    d->note_refs =
        xreserve(d->note_refs, &d->cap_note_refs, d->n_note_refs + 1, sizeof *d->note_refs);
    d->note_refs[d->n_note_refs++] = number;
}

void pdf_dlist_free(struct pdf_dlist *d)
{
    free(d->ops);
    free(d->glyphs);
    buf_free(&d->text);
    buf_free(&d->strings);
    free(d->boxes);
    free(d->note_refs);
    memset(d, 0, sizeof *d);
}

void pdf_op_rect(struct pdf_dlist *d, int color, float x, float y, float w, float h, int flags)
{
    pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_RECT, .color = (uint8_t)color,
                                     .flags = (uint8_t)flags, .x = x, .y = y, .w = w, .h = h});
}

void pdf_op_line(struct pdf_dlist *d, int color, float width, float x, float y, float dx,
                 float dy)
{
    pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_LINE, .color = (uint8_t)color,
                                     .size = width, .x = x, .y = y, .w = dx, .h = dy});
}

void pdf_op_tag(struct pdf_dlist *d, enum pdf_tag t, bool end)
{
    pdf_dlist_op(d, &(struct pdf_op){.kind = end ? PDF_OP_TAG_END : PDF_OP_TAG, .a = t});
}

void pdf_op_dest(struct pdf_dlist *d, const char *name)
{
    pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_DEST, .a = pdf_dlist_string(d, name)});
}
