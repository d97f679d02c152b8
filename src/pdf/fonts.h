/* Private to src/pdf (fonts.c): the bundled fonts and the per-thread shaper. */
#ifndef OCTAVO_PDF_FONTS_H
#define OCTAVO_PDF_FONTS_H

#include "pdf/style.h"

#include <cairo.h>
#include <pango/pangocairo.h>

enum pdf_face_role { PDF_SERIF, PDF_MONO };
/* A face's height above and depth below the baseline, in ems, as the font
 * itself gives them (its horizontal extents, read through HarfBuzz). */
struct pdf_vmetrics {
    double ascent, descent; /* both positive */
};
struct pdf_fonts {
    struct font_file *files; /* fonts/fonts.list */
    size_t n;
    const char *serif, *mono; /* family names */
    struct pdf_vmetrics serif_v, mono_v; /* of each family's first listed file */
};
/* Reads fonts/fonts.list (compiled in) and the metrics of its faces; an error
 * naming the Debian package for a file that is missing. */
bool pdf_fonts_load(struct pdf_fonts *f, struct diag_list *dl);
void pdf_fonts_free(struct pdf_fonts *f);

/* One per thread: a Pango context on a font map that sees only the listed
 * files, with metrics unhinted and positions unrounded (72 dpi: 1 unit = 1 pt). */
struct pdf_shaper {
    const struct pdf_fonts *fonts;
    const struct pdf_style *st;
    PangoFontMap *fm;
    PangoContext *ctx;
    struct pdf_font_cache *cache;
    size_t n_cache, cap_cache;
    struct pdf_hyphenator *hyph;
};
struct pdf_shaper *pdf_shaper_new(const struct pdf_fonts *fonts, const struct pdf_style *st,
                                  struct pdf_hyphenator *hyph);
void pdf_shaper_free(struct pdf_shaper *sh);
/* The listed file a Pango font comes from (index into fonts->files), its size in
 * points, and the advance of its hyphen. */
struct pdf_font_info {
    int face;
    float size;
    float hyphen_w;
    uint32_t hyphen_glyph;
};
struct pdf_font_info pdf_shaper_font(struct pdf_shaper *sh, PangoFont *font);
/* The baseline of a line lead high set in role at size, from the top of its
 * box: the face's ascent and descent centred in the line. */
double pdf_line_baseline(const struct pdf_fonts *f, enum pdf_face_role role, double size,
                         double lead);
PangoFontDescription *pdf_font_desc(const struct pdf_fonts *f, enum pdf_face_role role,
                                    bool bold, bool italic, double size);

#endif
