/* Private to src/pdf: the blocks chapter.c's walker hands to a file of their
 * own (code.c, table.c, figure.c). */
#ifndef OCTAVO_PDF_BLOCKS_H
#define OCTAVO_PDF_BLOCKS_H

#include "pdf/lay.h"

void pdf_lay_code(struct pdf_lay *L, const struct doc_node *n);
/* A GFM table, or a raw HTML <table>; false (nothing laid out) for a raw
 * table whose parts are not caption, thead, tbody, tfoot, tr, th and td. */
bool pdf_lay_table(struct pdf_lay *L, struct doc_node *n);
/* An image alone in its paragraph, with its caption: a figure. */
void pdf_lay_figure(struct pdf_lay *L, struct doc_node *n);

#endif
