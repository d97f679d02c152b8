/* Private to src/pdf (front.c): title page, colophon, contents. */
#ifndef OCTAVO_PDF_FRONT_H
#define OCTAVO_PDF_FRONT_H

#include "pdf/chapter.h"

struct pdf_toc_entry {
    int level;  /* 1 chapter, 2 section */
    int number; /* a chapter's number */
    const char *text, *dest;
    char page[16];
};
/* A redline's list of the pages with changes, set before the contents. */
struct pdf_front_changes {
    const char *title, *text;
};
void pdf_front_layout(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                      const struct pdf_toc_entry *toc, size_t n_toc, const char *built,
                      const struct pdf_front_changes *changes, struct pdf_chapter_out *out);

#endif
