/* Private to src/pdf (dlist.c): display lists, the boxes of a galley and the
 * pages they are placed on. Chapters are laid out independently (in parallel)
 * into display lists of positioned glyph runs; the drawer then numbers and
 * draws every page in order on one Cairo surface. */
#ifndef OCTAVO_PDF_DLIST_H
#define OCTAVO_PDF_DLIST_H

#include "pdf/style.h"

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
#define PDF_BOXF_CODE 8   /* a line of code: its tint reaches into a page break */
#define PDF_BOXF_CHANGED 16 /* a redline's line with a mark: a change bar in the margin */

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

#endif
