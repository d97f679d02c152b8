/* Private to src/pdf (linebreak.c): Knuth–Plass line breaking. */
#ifndef OCTAVO_PDF_LINEBREAK_H
#define OCTAVO_PDF_LINEBREAK_H

#include "pdf/style.h"

enum pdf_kp_type { PDF_KP_BOX, PDF_KP_GLUE, PDF_KP_PENALTY };
struct pdf_kp_item {
    uint8_t type;
    bool flagged;   /* a hyphen */
    float w, y, z;  /* width, stretch, shrink */
    int p;          /* penalty (−PDF_INF forces, PDF_INF forbids) */
    uint32_t g;     /* glyph index it stands at */
};
/* Optimal breaks of items into lines of width line_w; breaks_out receives the
 * index of each line's break item (the last is the final penalty). Returns the
 * number of lines, or 0 if only an overfull setting exists (then greedy). */
enum pdf_kp_mode {
    PDF_KP_RAGGED,   /* lines end where they end, the last one anywhere */
    PDF_KP_JUSTIFY,  /* lines fill the measure */
    PDF_KP_BALANCED, /* ragged, with lines of even length (titles, captions) */
    PDF_KP_JUSTIFY_FIRST, /* justified, first pass only (no hyphens): 0 if it fails */
};
size_t pdf_kp_break(const struct pdf_kp_item *items, size_t n, double line_w,
                    enum pdf_kp_mode mode, size_t *breaks_out);

#endif
