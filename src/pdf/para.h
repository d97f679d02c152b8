/* Private to src/pdf (para.c, shape.c, items.c, lines.c): paragraphs, Knuth–Plass
 * over Pango's shaping. */
#ifndef OCTAVO_PDF_PARA_H
#define OCTAVO_PDF_PARA_H

#include "pdf/dlist.h"
#include "pdf/fonts.h"

enum pdf_align { PDF_JUSTIFY, PDF_LEFT, PDF_CENTER, PDF_RIGHT };
enum pdf_font_flags {
    PDF_FF_BOLD = 1, PDF_FF_ITALIC = 2, PDF_FF_MONO = 4, PDF_FF_STRIKE = 8, PDF_FF_SUP = 16,
    PDF_FF_SUB = 32, PDF_FF_NOHYPH = 64, PDF_FF_URL = 128,
    PDF_FF_INS = 256, PDF_FF_DEL = 512, /* a redline's marks: underlined, struck */
};
struct pdf_span {
    uint32_t start, end; /* bytes of the paragraph text */
    uint16_t flags;      /* PDF_FF_* */
    uint8_t color;
    float scale;         /* of the paragraph's size */
    int32_t link;        /* into pdf_para.links, or -1 */
};
struct pdf_para_mark {
    uint32_t at;       /* byte */
    uint32_t value;    /* footnote number, or string index */
    uint32_t node, off;/* model position (source marks) */
};
/* An image set in the line like a word: U+FFFC in the text stands for it. */
struct pdf_para_image {
    uint32_t at;      /* byte of its U+FFFC */
    uint32_t image;   /* index into doc_book.images */
    float w, h;       /* natural size in points */
};
struct pdf_para {
    struct buf text;
    struct pdf_span *spans;
    size_t n_spans, cap_spans;
    struct pdf_para_image *images; /* in text order */
    size_t n_images, cap_images;
    char **links; /* link targets, already as cairo link attributes ("dest='…'" / "uri='…'") */
    size_t n_links;
    struct pdf_para_mark *notes, *dests, *srcs;
    size_t n_notes, n_dests, n_srcs;
    size_t cap_notes, cap_dests, cap_srcs;
    /* the paragraph's base style */
    double size, lead; /* its baseline: the serif's (pdf_line_baseline) */
    enum pdf_align align;
    bool hyphenate;
    bool balance;  /* ragged lines of even length (titles, captions) */
    int color;
    uint16_t base_flags;
};
void pdf_para_init(struct pdf_para *p, double size, double lead, enum pdf_align align);
void pdf_para_reset(struct pdf_para *p);
/* Empties p and gives it a base style. */
void pdf_para_style(struct pdf_para *p, double size, double lead, enum pdf_align align);
void pdf_para_free(struct pdf_para *p);
/* Appends text in the given flags/colour/link (spans merge when equal). */
void pdf_para_add(struct pdf_para *p, const char *s, size_t len, uint16_t flags, int color,
                  float scale, int link);
int pdf_para_link(struct pdf_para *p, const char *attr); /* takes a copy */
/* Appends book image `image` of natural size w × h (points) as an inline
 * image, in the given style (its scale sizes it, its link covers it). */
void pdf_para_image(struct pdf_para *p, uint32_t image, double w, double h, uint16_t flags,
                    int color, float scale, int link);
void pdf_para_note(struct pdf_para *p, uint32_t number);
void pdf_para_dest(struct pdf_para *p, const char *dest_name, struct pdf_dlist *d);
void pdf_para_src(struct pdf_para *p, uint32_t node, uint32_t off);

struct pdf_para_out {
    size_t box0, n_boxes; /* the line boxes appended to the galley */
    float width;          /* the widest line (for tables, shrink-to-fit) */
    float overrun;        /* how far the longest line as set runs past the measure, or 0 */
    size_t n_hyphens;
};
struct pdf_para_opts {
    double width;        /* the measure */
    double indent;       /* first-line indent */
    double x;            /* box indent */
    int tag;             /* structure element around it, or -1 */
    bool keep_together;  /* no page break inside */
    double image_h;      /* > 0: an inline image taller than three lines is set on a
                          * line of its own, at most this high; else at the text's height */
    const char *chapter_file; /* for missing-glyph warnings */
    int line;
    struct diag_list *dl;
};
/* What sets paragraphs: a shaper and the buffers of shaping and line
 * breaking, reused from paragraph to paragraph. One per chapter (and thread):
 * a character none of the fonts has is reported once per setter. */
struct pdf_setter;
struct pdf_setter *pdf_setter_new(struct pdf_shaper *sh);
void pdf_setter_free(struct pdf_setter *ps);
/* A shaped glyph, in logical order. */
struct pdf_sglyph {
    uint32_t id;
    float adv, xoff;
    uint32_t cluster; /* byte in the paragraph text */
    uint16_t font;    /* for pdf_para_font */
};
/* Shapes p as one line; the glyphs belong to the setter until its next use. */
const struct pdf_sglyph *pdf_para_shape(struct pdf_setter *ps, struct pdf_para *p,
                                        const struct pdf_para_opts *o, size_t *n_out);
struct pdf_font_info pdf_para_font(struct pdf_setter *ps, uint16_t font);
/* Lays p out into line boxes appended to d (penalties set for widows, orphans
 * and hyphens). */
void pdf_para_layout(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                     struct pdf_dlist *d, struct pdf_para_out *out);
/* Natural width (longest line without breaking at spaces) and the widest
 * unbreakable piece, for table columns at most avail wide (inline images
 * wider than that will be set smaller). */
void pdf_para_measure(struct pdf_setter *ps, struct pdf_para *p, double avail, double *max_w,
                      double *min_w);

#endif
