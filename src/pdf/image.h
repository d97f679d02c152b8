/* Private to src/pdf (image.c): the book's images, probed and drawn. */
#ifndef OCTAVO_PDF_IMAGE_H
#define OCTAVO_PDF_IMAGE_H

#include "pdf/pdf.h"

#include <cairo.h>

struct pdf_image_info {
    double w, h; /* natural size in points */
    bool ok;
};
struct pdf_images;
struct pdf_images *pdf_images_new(const struct doc_book *book);
void pdf_images_free(struct pdf_images *im);
/* Book image i's natural size, probed on first use (thread-safe; the probe's
 * diagnostics wait in the table until pdf_images_take_diags). */
const struct pdf_image_info *pdf_image_info_at(struct pdf_images *im, size_t i);
void pdf_images_take_diags(struct pdf_images *im, struct diag_list *dl);
/* Whether book image i can be drawn: a PNG or GIF decodes (the check is a
 * decoding, so it is done once per image and chapter, for inline images). */
bool pdf_image_drawable(const struct doc_book *book, const struct pdf_image_info *info, size_t i);
/* The image drawn last, kept decoded for the next use (an icon repeated in
 * a paragraph is decoded once); zeroed to start, cleared to free. */
struct pdf_image_cache {
    size_t index;
    cairo_surface_t *surface;
    void *svg;
    bool set;
};
void pdf_image_cache_clear(struct pdf_image_cache *c);
/* Draws book image i scaled into (x, y, w, h); cache may be NULL; again: the
 * image is drawn on this page already. */
void pdf_image_draw(cairo_t *cr, const struct doc_book *book, size_t i, double x, double y,
                    double w, double h, struct pdf_image_cache *cache, bool again);

#endif
