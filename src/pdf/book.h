/* Private to src/pdf (book.c: drawing the whole book; post.c: the finishing update). */
#ifndef OCTAVO_PDF_BOOK_H
#define OCTAVO_PDF_BOOK_H

#include "pdf/chapter.h"

struct pdf_gpage {
    int chapter;    /* -1: front matter */
    int index;      /* into that chapter's (or the front matter's) pages; -1: none */
    unsigned folio; /* the page's number (roman in the front matter) */
    uint8_t kind;   /* enum pdf_page_kind */
    char label[16];
};
struct pdf_page_ranges {
    size_t n_pages; /* in the file */
    size_t n_front; /* drawn last, shown first: the cover and the front matter */
    bool cover;     /* the first of them is the cover */
    size_t n_roman; /* front matter pages numbered i, ii, … (after the cover) */
};
struct pdf_book;
struct pdf_book *pdf_book_begin(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                                int64_t epoch);
/* Opens a section of the structure tree (tag >= 0), or closes every open element. */
void pdf_book_section(struct pdf_book *b, int tag);
/* A running head for a chapter title (a box of the book's own list). */
size_t pdf_book_head(struct pdf_book *b, const char *title);
/* The folios of the body pages drawn so far that have a redline's change
 * bar, in order. */
const unsigned *pdf_book_changed(const struct pdf_book *b, size_t *n_out);
/* Draws one page: src's page g->index (NULL for a blank page or the cover);
 * last: the section (a chapter, the front matter) ends with it. Nothing may be
 * left open at a blank page. */
void pdf_book_page(struct pdf_book *b, const struct pdf_gpage *g, const struct pdf_chapter_out *src,
                   size_t head, bool last);
/* Adds the outline, finishes the file and hands its bytes over; false (and an
 * error) if anything failed. Frees b. */
/* Frees b after a build that stopped before the file was finished. */
void pdf_book_abandon(struct pdf_book *b);
bool pdf_book_finish(struct pdf_book *b, const struct pdf_chapter_out *chapters, size_t n,
                     const struct pdf_page_ranges *ranges, char **bytes_out, size_t *len_out,
                     struct diag_list *dl);
/* Appends the incremental update (post.c); false if the file is not as expected. */
/* isbn: the PDF's ISBN for its document information, or NULL. */
bool pdf_post_update(struct buf *pdf, const struct pdf_page_ranges *r, const char *lang,
                     const char *isbn);

#endif
