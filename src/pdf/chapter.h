/* Private to src/pdf (chapter.c, code.c, table.c, image.c): a chapter's model → galley. */
#ifndef OCTAVO_PDF_CHAPTER_H
#define OCTAVO_PDF_CHAPTER_H

#include "pdf/dlist.h"
#include "pdf/image.h"
#include "pdf/para.h"

struct pdf_book_ctx {
    const struct doc_book *book;
    const struct pdf_style *st;
    const struct pdf_fonts *fonts;
    const struct pdf_image_info *images;
};
struct pdf_chapter_out {
    struct pdf_dlist d;
    struct pdf_place *places;
    size_t n_places;
    struct pdf_page *pages;
    size_t n_pages;
    struct pdf_heading_ref *headings;
    size_t n_headings;
    struct diag_list diags;
    bool ok;
};
void pdf_chapter_layout(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                        struct doc_chapter *ch, struct pdf_chapter_out *out);
void pdf_chapter_out_free(struct pdf_chapter_out *out);

/* The state of laying out one chapter (chapter.c; code.c, table.c and
 * image.c add their blocks through it). */
struct pdf_ordmap {
    const void **keys;
    uint32_t *vals;
    size_t cap;
};
struct pdf_lay {
    const struct pdf_book_ctx *bc;
    const struct pdf_style *st;
    struct pdf_shaper *sh;
    struct doc_chapter *ch;
    struct pdf_chapter_out *out;
    struct pdf_dlist *d;
    struct pdf_para para;
    struct pdf_ordmap ords;
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
    uint8_t *drawable;     /* per book image: 0 not yet known, 1 drawable, 2 not (inline
                            * images fall back to their alt text) */
    struct diag_list *dl;
};
enum { LAY_NONE, LAY_PARA, LAY_HEADING, LAY_OTHER };
uint32_t pdf_ord(const struct pdf_lay *L, const void *node);
/* Before a block's boxes: flushes pending structure tags and a list label;
 * returns the op mark to pass to pdf_lay_adopt. */
uint32_t pdf_lay_begin(struct pdf_lay *L);
/* After a block appended boxes box0…: they take the pending space and ops from mark. */
void pdf_lay_adopt(struct pdf_lay *L, uint32_t mark, size_t box0, double space_before);
/* Space below the block just added (collapses with the next block's). */
void pdf_lay_after(struct pdf_lay *L, double space);
/* Builds L->para from the inline nodes first … last (siblings). */
void pdf_lay_inlines(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                     struct doc_node *last);
/* The same, the text in flags (PDF_FF_*) besides its own style. */
void pdf_lay_inlines_styled(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                            struct doc_node *last, uint16_t flags);
/* Phrasing content: text, its styles, links, raw HTML's inline elements. */
bool pdf_node_is_inline(const struct doc_node *n);
void pdf_lay_code(struct pdf_lay *L, const struct doc_node *n);
/* A GFM table, or a raw HTML <table>; false (nothing laid out) for a raw
 * table whose parts are not caption, thead, tbody, tfoot, tr, th and td. */
bool pdf_lay_table(struct pdf_lay *L, struct doc_node *n);
void pdf_lay_figure(struct pdf_lay *L, struct doc_node *n);

#endif
