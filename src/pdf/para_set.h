/* What the files that set a paragraph (shape.c, items.c, lines.c, para.c)
 * share: the setter's scratch buffers, reused from paragraph to paragraph,
 * and the steps each file offers the next. */
#ifndef OCTAVO_PDF_PARA_SET_H
#define OCTAVO_PDF_PARA_SET_H

#include "pdf/linebreak.h"
#include "pdf/para.h"

/* The glyph font of an inline image (its glyph's id is its index in
 * pdf_para.images): none of the fonts pdf_para_font knows. */
#define PDF_IMAGE_FONT UINT16_MAX

struct pdf_set_image {
    float w, h;
    bool display; /* on a line of its own (pdf_para_opts.image_h) */
};

struct pdf_para_scratch {
    struct pdf_sglyph *g;
    size_t n_g, cap_g;
    int32_t *gat; /* byte → glyph starting a cluster there, or -1 */
    size_t cap_gat;
    bool *hyph;   /* byte → a hyphenation point before it */
    size_t cap_hyph;
    struct pdf_kp_item *items;
    size_t n_items, cap_items;
    size_t *breaks;
    size_t cap_breaks;
    float *gx, *extra;
    size_t cap_gx, cap_extra;
    float *track; /* per glyph: the advance that letter spacing may follow it by (0: none) */
    size_t cap_track;
    PangoGlyphString *gs;
    PangoLogAttr *la;
    size_t cap_la, n_la;
    struct pdf_font_info fonts[64];
    size_t n_fonts;
    struct pdf_set_image *img; /* per pdf_para.images: the size it is set at */
    size_t cap_img;
    uint32_t missing[64]; /* characters already reported in this chapter */
    size_t n_missing;
};

struct pdf_setter {
    struct pdf_shaper *sh;
    struct pdf_para_scratch s;
};

/* The span holding byte (hint: where the last search ended; spans are in order). */
const struct pdf_span *pdf_span_at(const struct pdf_para *p, uint32_t byte, size_t *hint);

/* shape.c: shapes p (its images sized for a measure of width) and finds its
 * break opportunities, into the scratch. */
void pdf_para_shape_breaks(struct pdf_setter *ps, struct pdf_para *p,
                           const struct pdf_para_opts *o, double width);
/* items.c: boxes, glue and penalties for the shaped paragraph; returns the
 * number of items. */
size_t pdf_para_items(struct pdf_setter *ps, struct pdf_para *p, double indent, double W);

/* para.c: a window of a long paragraph (lines.c sets one at a time). Where
 * the next window's search starts in each of the paragraph's arrays (spans
 * and marks are in text order). */
struct pdf_para_window_at {
    size_t span, note, dest, src, image;
};

/* q becomes bytes [pos, end) of p, with p's style, spans, links (shared, not
 * q's to free) and the marks from byte marks_from on. */
void pdf_para_window(struct pdf_para *q, const struct pdf_para *p, size_t pos, size_t end,
                     size_t marks_from, struct pdf_para_window_at *at);

#endif
