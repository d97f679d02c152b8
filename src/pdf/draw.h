/* Private to src/pdf (draw.c): drawing display lists on a Cairo surface. */
#ifndef OCTAVO_PDF_DRAW_H
#define OCTAVO_PDF_DRAW_H

#include "pdf/chapter.h"

#include <cairo.h>

struct pdf_drawer;
struct pdf_drawer *pdf_drawer_new(const struct pdf_style *st, const struct pdf_fonts *fonts,
                                  const struct doc_book *book, cairo_surface_t *surface);
void pdf_drawer_free(struct pdf_drawer *dr);
cairo_t *pdf_drawer_cr(struct pdf_drawer *dr);
void pdf_draw_box(struct pdf_drawer *dr, const struct pdf_dlist *d, const struct pdf_box *b,
                  double x, double y, double reach, uint8_t place_flags);
/* Draws a page's boxes with the text block's top-left at (ox, oy), and a
 * redline's change bars in the outer margin (right on a recto). True if the
 * page has a change bar. */
bool pdf_draw_page_body(struct pdf_drawer *dr, const struct pdf_chapter_out *c,
                        const struct pdf_page *pg, double ox, double oy, bool recto);
void pdf_draw_tag(struct pdf_drawer *dr, enum pdf_tag t, bool end);
void pdf_draw_close_tags(struct pdf_drawer *dr);
bool pdf_drawer_ok(struct pdf_drawer *dr, const char **err);

#endif
