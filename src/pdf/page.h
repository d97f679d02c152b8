/* Private to src/pdf (page.c): the page builder. */
#ifndef OCTAVO_PDF_PAGE_H
#define OCTAVO_PDF_PAGE_H

#include "pdf/chapter.h"

struct pdf_note_boxes {
    uint32_t box0, n; /* the note's boxes in the galley */
    float h;
};
/* Cuts the galley d (boxes from box0 on) into pages: widows, orphans, keeps,
 * repeated table headers and footnotes at the foot of the page that cites them. */
void pdf_paginate(const struct pdf_style *st, struct pdf_dlist *d, size_t box0, size_t box1,
                  const struct pdf_note_boxes *notes, size_t n_notes,
                  struct pdf_chapter_out *out);

#endif
