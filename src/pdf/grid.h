/* Private to src/pdf (grid.c, table.c): a table as a grid of cells, from a
 * GFM table or a raw HTML <table> alike. */
#ifndef OCTAVO_PDF_GRID_H
#define OCTAVO_PDF_GRID_H

#include "pdf/pdf.h"

#define MAX_COLS 1024   /* past this no page holds a grid */

struct pdf_cell {
    struct doc_node *node; /* a TABLE_CELL, <td> or <th> */
    size_t row, col, colspan, rowspan;
    bool head;             /* a header cell: bold, tagged TH */
    double max_w, min_w;   /* natural width, widest unbreakable piece */
    double h;              /* laid out, with its padding */
    size_t op0, op1;       /* its ops while the rows are put together */
    size_t note0, note1;   /* the footnotes it cites (d->note_refs) */
};

struct pdf_row {
    struct doc_node *node;
    size_t cell0, n_cells;
    unsigned group; /* 0: the header; then each thead, tbody, tfoot or run of bare rows */
    bool header;    /* one of the leading header rows */
    bool foot;      /* in <tfoot> */
    double h;
};

struct pdf_grid {
    struct pdf_row *rows;
    size_t n_rows, cap_rows;
    struct pdf_cell *cells;
    size_t n_cells, cap_cells;
    size_t n_cols;
    size_t n_header;          /* the leading header rows */
    struct doc_node *caption; /* <caption> */
    bool too_wide;            /* more than MAX_COLS columns */
};

/* Reads table into g (zeroed first): rows, cells, the header rows and each
 * cell's column (colspan and rowspan placed as browsers place them). False,
 * g freed, for a raw table whose parts are not caption, thead, tbody, tfoot,
 * tr, th and td. */
bool pdf_grid_build(struct pdf_grid *g, struct doc_node *table);
void pdf_grid_free(struct pdf_grid *g);
/* Whether n is raw HTML element tag. */
bool pdf_is_el(const struct doc_node *n, const char *tag);

#endif
