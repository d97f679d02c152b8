/* Private to src/pdf (chapter.c): a chapter's model → galley, the entry point
 * of a chapter's layout and what it hands back. */
#ifndef OCTAVO_PDF_CHAPTER_H
#define OCTAVO_PDF_CHAPTER_H

#include "pdf/dlist.h"
#include "pdf/image.h"
#include "pdf/para.h"

struct pdf_book_ctx {
    const struct doc_book *book;
    const struct pdf_style *st;
    const struct pdf_fonts *fonts;
    struct pdf_images *images;
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
                        const struct doc_chapter *ch, struct pdf_chapter_out *out);
void pdf_chapter_out_free(struct pdf_chapter_out *out);

#endif
