/* Private to src/pdf (style.c): the book's design in numbers (page geometry,
 * sizes, colours), and the names the PDF gives destinations, links and folios. */
#ifndef OCTAVO_PDF_STYLE_H
#define OCTAVO_PDF_STYLE_H

#include "pdf/pdf.h"

#define PDF_INF 10000 /* a page or line break penalty that forbids the break */

enum pdf_color {
    PDF_C_TEXT, PDF_C_LINK, PDF_C_MUTED, PDF_C_RULE, PDF_C_CODE_BG, PDF_C_CODE_BAR,
    PDF_C_CODE_TEXT, PDF_C_INLINE_CODE, PDF_C_TABLE_HEAD_BG, PDF_C_QUOTE_BAR,
    PDF_C_INS, PDF_C_DEL, /* a redline's insertions and deletions, and its change bars */
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


/* ---- names ---- */
/* A named destination for anchor in chapter (ASCII only, as cairo 1.16 needs). */
char *pdf_dest_name(int chapter, const char *anchor);
/* "uri='…'" with ( ) \ ' and non-ASCII percent-encoded. */
char *pdf_uri_attr(const char *url);
/* Lowercase roman numerals. */
void pdf_roman(unsigned n, char out[16]);

#endif
