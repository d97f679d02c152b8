/* Private to src/pdf: the block context of a chapter's layout (lay.c: node
 * ordinals, pending structure tags, list labels, the spacing between blocks)
 * and inline content (inline.c). Everything that lays out a block builds on
 * these; none of them calls a block's layout. */
#ifndef OCTAVO_PDF_LAY_H
#define OCTAVO_PDF_LAY_H

#include "pdf/chapter.h"

/* The state of laying out one chapter (lay.c; chapter.c's walker and
 * the block files, code.c, table.c and figure.c, add their blocks through it). */

struct pdf_lay {
    const struct pdf_book_ctx *bc;
    const struct pdf_style *st;
    struct pdf_setter *ps;
    const struct doc_chapter *ch;
    struct pdf_chapter_out *out;
    struct pdf_dlist *d;
    struct pdf_para para;
    double left, right;    /* indents of the current container */
    double size, lead;     /* body or note text */
    double space, stretch; /* pending space above the next box */
    double quote_bar;      /* x of the outermost block quote's bar, or 0 */
    int prev;              /* LAY_* : what the last block was */
    bool in_note;
    int pending[32];       /* structure elements opened before their first box */
    size_t n_pending;
    struct {
        bool set, task, checked;
        char text[24];
        double size;
    } label;               /* a list item's label, drawn with its first box */
    size_t n_drawable;
    uint8_t *drawable;     /* per book image: 0 not yet known, 1 drawable, 2 not (inline
                            * images fall back to their alt text) */
    struct diag_list *dl;
};

enum { LAY_NONE, LAY_PARA, LAY_HEADING, LAY_OTHER };
/* A node's number in a full pre-order walk of the chapter, from a map built
 * once per chapter (freed with free() on keys and vals). */
uint32_t pdf_ord(const struct pdf_lay *L, const void *node);
/* A structure element around the boxes that follow (opened with the first of
 * them), and its end. */
void pdf_lay_open_tag(struct pdf_lay *L, enum pdf_tag t);
void pdf_lay_close_tag(struct pdf_lay *L, enum pdf_tag t);
/* Before a block's boxes: flushes pending structure tags and a list label;
 * returns the op mark to pass to pdf_lay_adopt. */
uint32_t pdf_lay_begin(struct pdf_lay *L);
/* After a block appended boxes box0…: they take the pending space and ops from mark. */
void pdf_lay_adopt(struct pdf_lay *L, uint32_t mark, size_t box0, double space_before);
/* Space below the block just added (collapses with the next block's). */
void pdf_lay_after(struct pdf_lay *L, double space);
/* inline.c: builds L->para from the inline nodes first … last (siblings). */
void pdf_lay_inlines(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                     struct doc_node *last);
/* The same, the text in flags (PDF_FF_*) besides its own style. */
void pdf_lay_inlines_styled(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                            struct doc_node *last, uint16_t flags);
/* Phrasing content: text, its styles, links, raw HTML's inline elements. */
bool pdf_node_is_inline(const struct doc_node *n);

#endif
