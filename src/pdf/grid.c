/* A table as a grid of cells, from a GFM table or a raw HTML <table> alike:
 * rows in their groups (thead, tbody, tfoot), the header rows, and each cell
 * at its column, colspan and rowspan placed as browsers place them. */
#include "pdf/grid.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPAN 1000   /* the sanitiser's limit on colspan and rowspan */

bool pdf_is_el(const struct doc_node *n, const char *tag)
{
    return n->type == DOC_NODE_HTML_ELEMENT && n->tag && !strcmp(n->tag, tag);
}

static void add_row(struct pdf_grid *g, struct doc_node *node, unsigned group)
{
    g->rows = xreserve(g->rows, &g->cap_rows, g->n_rows + 1, sizeof *g->rows);
    g->rows[g->n_rows++] = (struct pdf_row){.node = node, .cell0 = g->n_cells, .group = group};
}

/* A row without cells takes no room: it is dropped. */
static void end_row(struct pdf_grid *g)
{
    if (g->n_rows && !g->rows[g->n_rows - 1].n_cells)
        g->n_rows--;
}

static size_t span_attr(const struct doc_node *n, const char *name)
{
    if (n->type != DOC_NODE_HTML_ELEMENT || !n->attrs)
        return 1;
    for (const struct doc_attr *a = n->attrs; a->name; a++) {
        if (strcmp(a->name, name))
            continue;
        long v = strtol(a->value, NULL, 10);
        return v < 1 ? 1 : v > MAX_SPAN ? MAX_SPAN : (size_t)v;
    }
    return 1;
}

static void add_cell(struct pdf_grid *g, struct doc_node *node, bool head)
{
    g->cells = xreserve(g->cells, &g->cap_cells, g->n_cells + 1, sizeof *g->cells);
    g->cells[g->n_cells++] = (struct pdf_cell){
        .node = node, .row = g->n_rows - 1, .head = head,
        .colspan = span_attr(node, "colspan"), .rowspan = span_attr(node, "rowspan"),
    };
    g->rows[g->n_rows - 1].n_cells++;
}

static void grid_from_gfm(struct pdf_grid *g, struct doc_node *table)
{
    for (struct doc_node *r = table->first_child; r; r = r->next) {
        if (r->type != DOC_NODE_TABLE_ROW)
            continue;
        add_row(g, r, r->header ? 0 : 1);
        g->rows[g->n_rows - 1].header = r->header;
        for (struct doc_node *x = r->first_child; x; x = x->next)
            if (x->type == DOC_NODE_TABLE_CELL)
                add_cell(g, x, r->header);
        end_row(g);
    }
}

static bool html_row(struct pdf_grid *g, struct doc_node *tr, unsigned group, bool thead, bool foot)
{
    if (!pdf_is_el(tr, "tr"))
        return false;
    add_row(g, tr, group);
    g->rows[g->n_rows - 1].header = thead;
    g->rows[g->n_rows - 1].foot = foot;
    for (struct doc_node *x = tr->first_child; x; x = x->next) {
        if (!pdf_is_el(x, "td") && !pdf_is_el(x, "th"))
            return false;
        add_cell(g, x, pdf_is_el(x, "th"));
    }
    end_row(g);
    return true;
}

/* False for anything but a caption first, then thead, tbody, bare tr and
 * tfoot holding tr of th and td (what the sanitiser lets through). */
static bool grid_from_html(struct pdf_grid *g, struct doc_node *table)
{
    unsigned group = 0;
    bool bare = false; /* the part before was a bare row */
    for (struct doc_node *c = table->first_child; c; c = c->next) {
        if (pdf_is_el(c, "caption") && !g->caption && !g->n_rows) {
            g->caption = c;
            continue;
        }
        bool head = pdf_is_el(c, "thead"), foot = pdf_is_el(c, "tfoot");
        if (head || foot || pdf_is_el(c, "tbody")) {
            group++;
            bare = false;
            for (struct doc_node *tr = c->first_child; tr; tr = tr->next)
                if (!html_row(g, tr, group, head, foot))
                    return false;
        } else if (pdf_is_el(c, "tr")) {
            if (!bare)
                group++;
            bare = true;
            if (!html_row(g, c, group, false, false))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

/* The header: GFM's header row, else <thead>'s rows, else leading rows of <th>
 * only. Rows after it are body rows whatever they hold. */
static void find_header(struct pdf_grid *g, bool html)
{
    size_t h = 0;
    while (h < g->n_rows && g->rows[h].header)
        h++;
    if (!h && html) {
        for (; h < g->n_rows; h++) {
            const struct pdf_row *r = &g->rows[h];
            bool all_th = true;
            for (size_t i = 0; i < r->n_cells && all_th; i++)
                all_th = g->cells[r->cell0 + i].head;
            if (!all_th)
                break;
        }
    }
    g->n_header = h;
    for (size_t r = 0; r < g->n_rows; r++) {
        g->rows[r].header = r < h;
        if (r < h)
            g->rows[r].group = 0;
        else if (!g->rows[r].group)
            g->rows[r].group = 1;
    }
}

/* Places every cell at the first column its row leaves free, past cells that
 * reach down from rows above; a rowspan ends with its row group. */
static void place_cells(struct pdf_grid *g)
{
    size_t *group_end = xcalloc(g->n_rows ? g->n_rows : 1, sizeof *group_end);
    for (size_t r = g->n_rows; r-- > 0;)
        group_end[r] = r + 1 < g->n_rows && g->rows[r + 1].group == g->rows[r].group
                           ? group_end[r + 1] : r;
    size_t *free_from = NULL; /* per column: the first row it is free in */
    size_t n_free = 0;
    g->n_cols = 0;
    for (size_t r = 0; r < g->n_rows && !g->too_wide; r++) {
        const struct pdf_row *row = &g->rows[r];
        size_t col = 0;
        for (size_t i = 0; i < row->n_cells; i++) {
            struct pdf_cell *c = &g->cells[row->cell0 + i];
            while (col < n_free && free_from[col] > r)
                col++;
            if (c->rowspan > group_end[r] - r + 1)
                c->rowspan = group_end[r] - r + 1;
            if (col + c->colspan > MAX_COLS) {
                g->too_wide = true;
                break;
            }
            c->col = col;
            if (col + c->colspan > n_free) {
                free_from = xrealloc(free_from, (col + c->colspan) * sizeof *free_from);
                memset(free_from + n_free, 0, (col + c->colspan - n_free) * sizeof *free_from);
                n_free = col + c->colspan;
            }
            for (size_t k = col; k < col + c->colspan; k++)
                free_from[k] = r + c->rowspan;
            col += c->colspan;
            if (col > g->n_cols)
                g->n_cols = col;
        }
    }
    free(free_from);
    free(group_end);
}

void pdf_grid_free(struct pdf_grid *g)
{
    free(g->rows);
    free(g->cells);
}

bool pdf_grid_build(struct pdf_grid *g, struct doc_node *table)
{
    memset(g, 0, sizeof *g);
    bool html = table->type == DOC_NODE_HTML_ELEMENT;
    if (!html) {
        grid_from_gfm(g, table);
    } else if (!grid_from_html(g, table)) {
        pdf_grid_free(g);
        return false;
    }
    find_header(g, html);
    place_cells(g);
    return true;
}
