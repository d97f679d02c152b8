/* Private to src/pdf: the style, the shaper, the display list and the stages
 * that fill it. Chapters are laid out independently (in parallel) into display
 * lists of positioned glyph runs; the drawer then numbers and draws every page
 * in order on one Cairo surface. */
#ifndef OCTAVO_PDF_INTERNAL_H
#define OCTAVO_PDF_INTERNAL_H

#include "pdf/pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#define PDF_INF 10000 /* a page or line break penalty that forbids the break */

/* ---- style.c: page geometry, sizes and colours ---- */
enum pdf_color {
    PDF_C_TEXT, PDF_C_LINK, PDF_C_MUTED, PDF_C_RULE, PDF_C_CODE_BG, PDF_C_CODE_BAR,
    PDF_C_CODE_TEXT, PDF_C_INLINE_CODE, PDF_C_TABLE_HEAD_BG, PDF_C_QUOTE_BAR,
    /* highlighting, in the order of hl_class (highlight.h) from HL_KEYWORD on */
    PDF_C_HL_FIRST,
    PDF_C__COUNT = PDF_C_HL_FIRST + 32
};

struct pdf_style {
    const char *page_name;
    double page_w, page_h;
    double inner, outer, top, bottom; /* margins; inner is the binding side */
    double text_w, text_h;            /* the text block */
    double body, lead;                /* body size and baseline-to-baseline distance */
    double body_ascent;               /* baseline below the top of a body line box */
    double code, code_lead, code_pad;
    double note, note_lead;
    double table, table_lead, cell_pad;
    double h1, h2, h3, h4;            /* heading sizes */
    double para_indent;               /* first-line indent after a paragraph */
    double list_indent;
    double quote_indent;
    double head_y;                    /* baseline of the running head, from the page top */
    double foot_y;                    /* baseline of a foot folio */
    double colors[PDF_C__COUNT][3];
    bool hl_bold[32];
};
/* Fills st for a page size by name; false if the name is unknown. */
bool pdf_style_init(struct pdf_style *st, const char *page_size);

/* ---- fonts.c: the only fonts octavo uses ---- */
enum pdf_face_role { PDF_SERIF, PDF_MONO };
struct pdf_fonts {
    struct font_file *files; /* fonts/fonts.list */
    size_t n;
    const char *serif, *mono; /* family names */
};
/* Reads fonts/fonts.list (compiled in); an error naming the Debian package for
 * a file that is missing. */
bool pdf_fonts_load(struct pdf_fonts *f, struct diag_list *dl);
void pdf_fonts_free(struct pdf_fonts *f);

/* One per thread: a Pango context on a font map that sees only the listed
 * files, with metrics unhinted and positions unrounded (72 dpi: 1 unit = 1 pt). */
struct pdf_shaper {
    const struct pdf_fonts *fonts;
    const struct pdf_style *st;
    PangoFontMap *fm;
    PangoContext *ctx;
    PangoLayout *layout; /* reused for every paragraph */
    struct pdf_font_cache *cache;
    size_t n_cache, cap_cache;
    struct pdf_hyphenator *hyph;
    struct pdf_para_scratch *scratch; /* para.c's buffers, reused */
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
PangoFontDescription *pdf_font_desc(const struct pdf_fonts *f, enum pdf_face_role role,
                                    bool bold, bool italic, double size);

/* ---- hyphen.c: libhyphen with Debian's patterns for the book's language ---- */
struct pdf_hyphenator;
/* NULL (and a warning) when no dictionary serves lang: the book is set without
 * hyphenation. Read-only once loaded, so threads share it. */
struct pdf_hyphenator *pdf_hyphenator_new(const char *lang, const char *manifest,
                                          struct diag_list *dl);
void pdf_hyphenator_free(struct pdf_hyphenator *h);
/* Breaks allowed inside the word (UTF-8, len bytes): sets ok[i] for a break
 * before byte i. Returns the number of points found. */
int pdf_hyphenate(const struct pdf_hyphenator *h, const char *word, size_t len, bool *ok);

/* ---- dlist.c: display lists ---- */
enum pdf_op_kind {
    PDF_OP_GLYPHS,    /* a run of glyphs in one face, size and colour */
    PDF_OP_RECT,      /* a filled rectangle */
    PDF_OP_FRAME,     /* a stroked rectangle (task boxes) */
    PDF_OP_LINE,      /* a stroked line from (x,y) to (x+w, y+h) */
    PDF_OP_IMAGE,     /* book image a, scaled into w × h */
    PDF_OP_LINK,      /* starts a link over (x,y,w,h) to string a; ends at PDF_OP_LINK_END */
    PDF_OP_LINK_END,
    PDF_OP_DEST,      /* a named destination (string a) */
    PDF_OP_TAG,       /* opens structure element a (enum pdf_tag) */
    PDF_OP_TAG_END,   /* closes structure element a */
    PDF_OP_CONT_MARK, /* a code line's continuation hook in (x,y,w,h) */
    PDF_OP_CHECK,     /* a tick in (x,y,w,h) */
    PDF_OP_DOTS,      /* a leader: dots from x to x+w on baseline y */
};
enum pdf_tag {
    PDF_TAG_P, PDF_TAG_H1, PDF_TAG_H2, PDF_TAG_H3, PDF_TAG_H4, PDF_TAG_L, PDF_TAG_LI,
    PDF_TAG_LBL, PDF_TAG_LBODY, PDF_TAG_TABLE, PDF_TAG_TR, PDF_TAG_TH, PDF_TAG_TD,
    PDF_TAG_FIGURE, PDF_TAG_CAPTION, PDF_TAG_CODE, PDF_TAG_BLOCKQUOTE, PDF_TAG_NOTE,
    PDF_TAG_TOC, PDF_TAG_TOCI, PDF_TAG_SECT, PDF_TAG_DIV,
    PDF_TAG__COUNT
};
const char *pdf_tag_name(enum pdf_tag t);

struct pdf_op {
    uint8_t kind;  /* enum pdf_op_kind */
    uint8_t face;  /* GLYPHS: index into pdf_fonts.files */
    uint8_t color; /* enum pdf_color */
    uint8_t flags; /* PDF_OPF_* */
    float size;    /* GLYPHS: font size; LINE, FRAME: line width */
    float x, y;    /* from the box's top-left; GLYPHS: the first glyph's origin on the baseline */
    float w, h;
    uint32_t a, n; /* GLYPHS: first glyph and count; LINK, DEST: string; IMAGE: image; TAG: tag */
    uint32_t text, text_len; /* GLYPHS: bytes in the text pool */
};
#define PDF_OPF_REACH_UP 1 /* a RECT that also fills the space above its box (code, quote bars) */

struct pdf_glyph {
    uint32_t id;
    float x;          /* from the op's x */
    uint32_t cluster; /* byte offset from the op's text */
};

/* A vertical box: one line, a table row, an image; the page builder stacks them. */
struct pdf_box {
    float space;      /* space above, dropped at the top of a page */
    float stretch;    /* how much that space may grow to fill a page */
    float h;          /* height */
    float x;          /* indent from the text block's left edge */
    uint32_t op0, op1;
    uint32_t note0, n_notes; /* footnote numbers cited in it (chapter.note_refs) */
    int32_t header;   /* a table row: the box index of its header row to repeat, else -1 */
    int16_t penalty;  /* cost of a page break after it: 0 free … PDF_INF forbidden */
    uint8_t flags;    /* PDF_BOXF_* */
    uint32_t src_node, src_off; /* where it starts in the model (pdf_page_start) */
    float bar_x;      /* > 0: a block quote's bar at this x beside it */
};
#define PDF_BOXF_HEADER 1 /* a table header row: repeated, never a page's last box */
#define PDF_BOXF_OPENER 2 /* the chapter opener's head: its space is kept at a page top */
#define PDF_BOXF_BREAK 4  /* a page break is forced before it */
#define PDF_BOXF_CODE 8   /* a line of code: its tint reaches into a page break */

struct pdf_heading_ref {
    int level;       /* 1 chapter, 2, 3 */
    char *text;      /* plain text */
    char *dest;      /* named destination */
    uint32_t page;   /* page index within the chapter */
};

/* A laid-out chapter, or the front matter: pools plus pages of placed boxes. */
struct pdf_dlist {
    struct pdf_op *ops;
    size_t n_ops, cap_ops;
    struct pdf_glyph *glyphs;
    size_t n_glyphs, cap_glyphs;
    struct buf text;
    struct buf strings;    /* NUL-separated link targets and destination names */
    struct pdf_box *boxes; /* the galley, in order */
    size_t n_boxes, cap_boxes;
    uint32_t *note_refs;   /* footnote numbers of pdf_box.note0 … */
    size_t n_note_refs, cap_note_refs;
};
uint32_t pdf_dlist_op(struct pdf_dlist *d, const struct pdf_op *op);
uint32_t pdf_dlist_string(struct pdf_dlist *d, const char *s);
uint32_t pdf_dlist_glyphs(struct pdf_dlist *d, size_t n); /* reserves n, returns the first */
uint32_t pdf_dlist_text(struct pdf_dlist *d, const char *s, size_t len);
void pdf_dlist_note_ref(struct pdf_dlist *d, uint32_t number);
struct pdf_box *pdf_dlist_box(struct pdf_dlist *d); /* appends a zeroed box */
void pdf_dlist_free(struct pdf_dlist *d);
/* Convenience ops (coordinates from the box's top-left). */
void pdf_op_rect(struct pdf_dlist *d, int color, float x, float y, float w, float h, int flags);
void pdf_op_line(struct pdf_dlist *d, int color, float width, float x, float y, float dx,
                 float dy);
void pdf_op_tag(struct pdf_dlist *d, enum pdf_tag t, bool end);
void pdf_op_dest(struct pdf_dlist *d, const char *name);

/* A placed box on a page. */
struct pdf_place {
    uint32_t box;
    float x, y;   /* its top-left, from the text block's top-left */
    float reach;  /* the space above it on this page (for PDF_OPF_REACH_UP) */
    uint8_t flags; /* PDF_PLACEF_* */
};
#define PDF_PLACEF_REPEAT 1 /* a repeated table header: no tags, links or destinations */
#define PDF_PLACEF_FIRST 2  /* the first box of the page */
#define PDF_PLACEF_LAST 4   /* the last body box of the page */
enum pdf_page_kind { PDF_PAGE_BODY, PDF_PAGE_COVER, PDF_PAGE_TITLE, PDF_PAGE_COLOPHON,
                     PDF_PAGE_TOC, PDF_PAGE_BLANK };
struct pdf_page {
    uint32_t place0, n_place;
    uint32_t src_node, src_off;
    float notes_y;  /* the footnote rule's y, or < 0 without notes */
    bool opener;    /* the first page of a chapter or of the contents: no running head */
    uint8_t kind;   /* enum pdf_page_kind */
};

/* ---- para.c: paragraphs (Knuth–Plass over Pango's shaping) ---- */
enum pdf_align { PDF_JUSTIFY, PDF_LEFT, PDF_CENTER, PDF_RIGHT };
enum pdf_font_flags {
    PDF_FF_BOLD = 1, PDF_FF_ITALIC = 2, PDF_FF_MONO = 4, PDF_FF_STRIKE = 8, PDF_FF_SUP = 16,
    PDF_FF_SUB = 32, PDF_FF_NOHYPH = 64, PDF_FF_URL = 128,
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
    double size, lead, ascent;
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
struct pdf_para_scratch;
void pdf_para_scratch_free(struct pdf_para_scratch *s);
/* A shaped glyph, in logical order. */
struct pdf_sglyph {
    uint32_t id;
    float adv, xoff;
    uint32_t cluster; /* byte in the paragraph text */
    uint16_t font;    /* for pdf_para_font */
};
/* Shapes p as one line; the glyphs belong to the shaper until its next use. */
const struct pdf_sglyph *pdf_para_shape(struct pdf_shaper *sh, struct pdf_para *p,
                                        const struct pdf_para_opts *o, size_t *n_out);
struct pdf_font_info pdf_para_font(struct pdf_shaper *sh, uint16_t font);
/* Forgets which missing characters were reported (once per chapter). */
void pdf_shaper_begin_chapter(struct pdf_shaper *sh);
/* Lays p out into line boxes appended to d (penalties set for widows, orphans
 * and hyphens). */
void pdf_para_layout(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                     struct pdf_dlist *d, struct pdf_para_out *out);
/* Natural width (longest line without breaking at spaces) and the widest
 * unbreakable piece, for table columns at most avail wide (inline images
 * wider than that will be set smaller). */
void pdf_para_measure(struct pdf_shaper *sh, struct pdf_para *p, double avail, double *max_w,
                      double *min_w);

/* ---- linebreak.c: Knuth–Plass ---- */
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

/* ---- chapter.c, blocks.c, code.c, table.c: a chapter's model → galley ---- */
struct pdf_image_info {
    double w, h; /* natural size in points */
    bool ok;
};
struct pdf_book_ctx {
    const struct doc_book *book;
    const struct pdf_style *st;
    const struct pdf_fonts *fonts;
    const struct pdf_image_info *images;
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
                        struct doc_chapter *ch, struct pdf_chapter_out *out);
void pdf_chapter_out_free(struct pdf_chapter_out *out);

/* The state of laying out one chapter (chapter.c; code.c, table.c and
 * figure.c add their blocks through it). */
struct pdf_ordmap {
    const void **keys;
    uint32_t *vals;
    size_t cap;
};
struct pdf_lay {
    const struct pdf_book_ctx *bc;
    const struct pdf_style *st;
    struct pdf_shaper *sh;
    struct doc_chapter *ch;
    struct pdf_chapter_out *out;
    struct pdf_dlist *d;
    struct pdf_para para;
    struct pdf_ordmap ords;
    double left, right;    /* indents of the current container */
    double size, lead;     /* body or note text */
    double space, stretch; /* pending space above the next box */
    double quote_bar;      /* x of the outermost block quote's bar, or 0 */
    int prev;              /* LAY_* : what the last block was */
    bool in_note;
    int pending[32];       /* structure elements opened before their first box */
    size_t n_pending;
    struct {
        bool set, task, checked;
        char text[24];
        double size;
    } label;               /* a list item's label, drawn with its first box */
    uint8_t *drawable;     /* per book image: 0 not yet known, 1 drawable, 2 not (inline
                            * images fall back to their alt text) */
    struct diag_list *dl;
};
enum { LAY_NONE, LAY_PARA, LAY_HEADING, LAY_OTHER };
uint32_t pdf_ord(const struct pdf_lay *L, const void *node);
/* Before a block's boxes: flushes pending structure tags and a list label;
 * returns the op mark to pass to pdf_lay_adopt. */
uint32_t pdf_lay_begin(struct pdf_lay *L);
/* After a block appended boxes box0…: they take the pending space and ops from mark. */
void pdf_lay_adopt(struct pdf_lay *L, uint32_t mark, size_t box0, double space_before);
/* Space below the block just added (collapses with the next block's). */
void pdf_lay_after(struct pdf_lay *L, double space);
/* Builds L->para from the inline nodes first … last (siblings). */
void pdf_lay_inlines(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                     struct doc_node *last);
/* The same, the text in flags (PDF_FF_*) besides its own style. */
void pdf_lay_inlines_styled(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                            struct doc_node *last, uint16_t flags);
/* Phrasing content: text, its styles, links, raw HTML's inline elements. */
bool pdf_node_is_inline(const struct doc_node *n);
void pdf_lay_code(struct pdf_lay *L, const struct doc_node *n);
/* A GFM table, or a raw HTML <table>; false (nothing laid out) for a raw
 * table whose parts are not caption, thead, tbody, tfoot, tr, th and td. */
bool pdf_lay_table(struct pdf_lay *L, struct doc_node *n);
void pdf_lay_figure(struct pdf_lay *L, struct doc_node *n);

/* ---- page.c: the page builder ---- */
struct pdf_note_boxes {
    uint32_t box0, n; /* the note's boxes in the galley */
    float h;
};
/* Cuts the galley d (boxes from box0 on) into pages: widows, orphans, keeps,
 * repeated table headers and footnotes at the foot of the page that cites them. */
void pdf_paginate(const struct pdf_style *st, struct pdf_dlist *d, size_t box0, size_t box1,
                  const struct pdf_note_boxes *notes, size_t n_notes,
                  struct pdf_chapter_out *out);

/* ---- front.c: title page, colophon, contents ---- */
struct pdf_toc_entry {
    int level;  /* 1 chapter, 2 section */
    int number; /* a chapter's number */
    const char *text, *dest;
    char page[16];
};
void pdf_front_layout(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                      const struct pdf_toc_entry *toc, size_t n_toc, const char *built,
                      struct pdf_chapter_out *out);

/* ---- draw.c ---- */
struct pdf_drawer;
struct pdf_drawer *pdf_drawer_new(const struct pdf_style *st, const struct pdf_fonts *fonts,
                                  const struct doc_book *book, cairo_surface_t *surface);
void pdf_drawer_free(struct pdf_drawer *dr);
cairo_t *pdf_drawer_cr(struct pdf_drawer *dr);
void pdf_draw_box(struct pdf_drawer *dr, const struct pdf_dlist *d, const struct pdf_box *b,
                  double x, double y, double reach, uint8_t place_flags);
/* Draws a page's boxes with the text block's top-left at (ox, oy). */
void pdf_draw_page_body(struct pdf_drawer *dr, const struct pdf_chapter_out *c,
                        const struct pdf_page *pg, double ox, double oy);
void pdf_draw_tag(struct pdf_drawer *dr, enum pdf_tag t, bool end);
void pdf_draw_close_tags(struct pdf_drawer *dr);
bool pdf_drawer_ok(struct pdf_drawer *dr, const char **err);

/* ---- book.c: drawing the whole book; post.c: the finishing update ---- */
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
/* Draws one page: src's page g->index (NULL for a blank page or the cover);
 * last: the section (a chapter, the front matter) ends with it. Nothing may be
 * left open at a blank page. */
void pdf_book_page(struct pdf_book *b, const struct pdf_gpage *g, const struct pdf_chapter_out *src,
                   size_t head, bool last);
/* Adds the outline, finishes the file and hands its bytes over; false (and an
 * error) if anything failed. Frees b. */
bool pdf_book_finish(struct pdf_book *b, const struct pdf_chapter_out *chapters, size_t n,
                     const struct pdf_page_ranges *ranges, char **bytes_out, size_t *len_out,
                     struct diag_list *dl);
/* Appends the incremental update (post.c); false if the file is not as expected. */
bool pdf_post_update(struct buf *pdf, const struct pdf_page_ranges *r, const char *lang);

/* ---- image.c ---- */
void pdf_images_probe(const struct doc_book *book, struct pdf_image_info *out,
                      struct diag_list *dl);
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

/* ---- names ---- */
/* A named destination for anchor in chapter (ASCII only, as cairo 1.16 needs). */
char *pdf_dest_name(int chapter, const char *anchor);
/* "uri='…'" with ( ) \ ' and non-ASCII percent-encoded. */
char *pdf_uri_attr(const char *url);
/* Lowercase roman numerals. */
void pdf_roman(unsigned n, char out[16]);

#endif
