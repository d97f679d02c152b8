/* Tables, from a GFM table or a raw HTML <table> alike: a grid of cells
 * (colspan and rowspan placed as browsers place them), column widths from the
 * content (each column's widest line and its longest unbreakable word, as
 * browsers do), wrapping cells, booktabs rules, one box per row (per band of
 * rows a rowspan joins) so a long table breaks between rows, with its header
 * rows repeated on every page it continues on. A table no grid can hold (too
 * many columns, a row taller than a page, a word wider than its column) is set
 * row by row instead, each row a paragraph. */
#include "pdf/blocks.h"
#include "pdf/design.h"
#include "pdf/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* between cells set on one line (a no-break space before the bar would tie
 * it to a long word, making a piece wider than the measure) */
#define SEPARATOR " | "

/* Where a link to id lands: in p at the text so far, or an op in d now. */
static void para_dest(struct pdf_lay *L, struct pdf_para *p, const char *id)
{
    char *dest = pdf_dest_name((int)L->ch->index, id);
    pdf_para_dest(p, dest, L->d);
    free(dest);
}

static void op_dest(struct pdf_lay *L, const char *id, float y)
{
    char *dest = pdf_dest_name((int)L->ch->index, id);
    pdf_op_dest(L->d, dest);
    L->d->ops[L->d->n_ops - 1].y = y;
    free(dest);
}

/* ---- a cell's content: one paragraph ---- */

static enum pdf_align align_of(const struct doc_node *cell)
{
    switch (cell ? cell->align : DOC_ALIGN_NONE) {
    case DOC_ALIGN_CENTER: return PDF_CENTER;
    case DOC_ALIGN_RIGHT: return PDF_RIGHT;
    default: return PDF_LEFT;
    }
}

/* Bold or italic from the blocks around n inside root (a heading, a nested
 * header cell, a caption). */
static uint16_t flags_within(const struct doc_node *n, const struct doc_node *root)
{
    uint16_t f = 0;
    for (const struct doc_node *a = n->parent; a && a != root; a = a->parent) {
        if (a->type == DOC_NODE_HEADING || pdf_is_el(a, "th") || pdf_is_el(a, "dt") ||
            pdf_is_el(a, "summary"))
            f |= PDF_FF_BOLD;
        else if (pdf_is_el(a, "caption") || pdf_is_el(a, "figcaption"))
            f |= PDF_FF_ITALIC;
    }
    return f;
}

struct flow {
    struct pdf_para *p;
    uint16_t flags;
    bool want_break; /* a block began or ended since the last text */
    bool glued;      /* a label or a separator: what follows stays on its line */
};

static void flow_line(struct flow *f)
{
    struct pdf_para *p = f->p;
    if (f->want_break && !f->glued && p->text.len && p->text.data[p->text.len - 1] != '\n')
        pdf_para_add(p, "\n", 1, f->flags, p->color, 1.0f, -1);
    f->want_break = f->glued = false;
}

/* Appends what node holds to p. A cell is one paragraph, so its blocks
 * (paragraphs, list items, code, a nested table's rows) each start a line:
 * list items with their bullet or number, a nested table's cells with a
 * separator. A walk, not recursion: nesting is as deep as raw HTML made it. */
static void add_flow(struct pdf_lay *L, struct pdf_para *p, struct doc_node *node,
                     uint16_t flags)
{
    if (!node || !node->first_child)
        return;
    struct flow f = {.p = p, .flags = flags};
    struct {
        int next;
        bool ordered;
    } lists[16];
    size_t n_lists = 0, deeper = 0;
    struct doc_node *skip_through = NULL, *n;
    struct doc_iter it;
    enum doc_event ev;
    doc_iter_init(&it, node);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (n == node)
            continue;
        if (ev == DOC_EVENT_EXIT) {
            if (pdf_node_is_inline(n))
                continue;
            if (n->type == DOC_NODE_LIST) {
                if (deeper)
                    deeper--;
                else if (n_lists)
                    n_lists--;
            }
            f.want_break = true;
            continue;
        }
        if (skip_through) {
            /* an inline sibling already set with the run before it */
            if (n == skip_through)
                skip_through = NULL;
            doc_iter_skip_children(&it);
            continue;
        }
        if (pdf_node_is_inline(n)) {
            struct doc_node *last = n;
            while (last->next && pdf_node_is_inline(last->next))
                last = last->next;
            flow_line(&f);
            pdf_lay_inlines_styled(L, p, n, last, (uint16_t)(flags | flags_within(n, node)));
            if (last != n)
                skip_through = last;
            doc_iter_skip_children(&it);
            continue;
        }
        f.want_break = true;
        if (n->id && n->type != DOC_NODE_FOOTNOTE_DEF)
            para_dest(L, p, n->id);
        switch (n->type) {
        case DOC_NODE_LIST:
            if (n_lists < sizeof lists / sizeof *lists) {
                lists[n_lists].next = n->list_start;
                lists[n_lists].ordered = n->ordered;
                n_lists++;
            } else {
                deeper++;
            }
            break;
        case DOC_NODE_ITEM: {
            char label[32];
            if (n_lists && lists[n_lists - 1].ordered)
                snprintf(label, sizeof label, "%d.\xC2\xA0", lists[n_lists - 1].next++);
            else
                snprintf(label, sizeof label, "%s\xC2\xA0",
                         n_lists % 2 ? "\xE2\x80\xA2" : "\xE2\x80\x93");
            flow_line(&f);
            pdf_para_add(p, label, strlen(label), flags, p->color, 1.0f, -1);
            f.glued = true;
            break;
        }
        case DOC_NODE_CODE_BLOCK: {
            flow_line(&f);
            size_t len = n->text_len;
            while (len && (n->text[len - 1] == '\n' || n->text[len - 1] == '\r'))
                len--;
            pdf_para_src(p, pdf_ord(L, n), 0);
            pdf_para_add(p, n->text, len, (uint16_t)(flags | PDF_FF_MONO), PDF_C_CODE_TEXT,
                         0.88f, -1);
            f.want_break = true;
            break;
        }
        case DOC_NODE_TABLE_CELL:
        case DOC_NODE_HTML_ELEMENT:
            /* a nested table: its rows on lines, its cells apart */
            if (n->prev && (n->type == DOC_NODE_TABLE_CELL || pdf_is_el(n, "td") ||
                            pdf_is_el(n, "th"))) {
                f.want_break = false;
                pdf_para_add(p, SEPARATOR, strlen(SEPARATOR), flags, PDF_C_MUTED, 1.0f, -1);
                f.glued = true;
            }
            break;
        default:
            break;
        }
    }
}

static void cell_para(struct pdf_lay *L, struct pdf_para *p, const struct pdf_cell *c, double size,
                      double lead)
{
    pdf_para_style(p, size, lead, align_of(c->node));
    p->hyphenate = true; /* narrow columns need it */
    p->base_flags = c->head ? PDF_FF_BOLD : pdf_is_el(c->node, "caption") ? PDF_FF_ITALIC : 0;
    if (c->node->id)
        para_dest(L, p, c->node->id);
    if (c->node->first_child) {
        pdf_para_src(p, pdf_ord(L, c->node), 0);
        add_flow(L, p, c->node, 0);
    }
}

/* ---- a table too wide for a grid: row by row ---- */

/* Each row one paragraph, its cells apart: 500 columns read as a list. */
static void lay_rows(struct pdf_lay *L, const struct doc_node *table, const struct pdf_grid *g,
                     double size, double lead, double avail)
{
    struct pdf_dlist *d = L->d;
    struct pdf_para p;
    pdf_para_init(&p, size, lead, PDF_LEFT);
    uint32_t mark = pdf_lay_begin(L);
    if (table->id)
        op_dest(L, table->id, 0);
    size_t box0 = d->n_boxes;
    struct pdf_para_opts o = {.width = avail, .x = L->left, .tag = PDF_TAG_P,
                              .chapter_file = L->ch->file, .line = table->line, .dl = L->dl};
    struct pdf_para_out out;
    if (g->caption) {
        pdf_para_style(&p, size, lead, PDF_LEFT);
        p.base_flags = PDF_FF_ITALIC;
        pdf_para_src(&p, pdf_ord(L, g->caption), 0);
        if (g->caption->id)
            para_dest(L, &p, g->caption->id);
        add_flow(L, &p, g->caption, 0);
        if (p.text.len)
            pdf_para_layout(L->ps, &p, &o, d, &out);
    }
    for (size_t r = 0; r < g->n_rows; r++) {
        const struct pdf_row *row = &g->rows[r];
        pdf_para_style(&p, size, lead, PDF_LEFT);
        p.hyphenate = true;
        pdf_para_src(&p, pdf_ord(L, row->node), 0);
        if (row->node->id)
            para_dest(L, &p, row->node->id);
        for (size_t i = 0; i < row->n_cells; i++) {
            const struct pdf_cell *c = &g->cells[row->cell0 + i];
            if (i)
                pdf_para_add(&p, SEPARATOR, strlen(SEPARATOR), 0, PDF_C_MUTED, 1.0f, -1);
            if (c->node->id)
                para_dest(L, &p, c->node->id);
            add_flow(L, &p, c->node, c->head ? PDF_FF_BOLD : 0);
        }
        if (!p.text.len)
            continue;
        o.line = row->node->line;
        size_t first = d->n_boxes;
        pdf_para_layout(L->ps, &p, &o, d, &out);
        if (first > box0 && first < d->n_boxes) {
            d->boxes[first].space = (float)(lead * PDF_ROW_GAP);
            d->boxes[first].stretch = (float)(lead * PDF_ROW_GAP_STRETCH);
        }
    }
    pdf_lay_adopt(L, mark, box0, L->lead * PDF_TABLE_SPACE);
    pdf_lay_after(L, L->lead * PDF_TABLE_SPACE);
    pdf_para_free(&p);
}

/* ---- column widths ---- */

/* Spreads what a spanning cell needs beyond its columns' sum over them, in
 * proportion to what they have (evenly when they have nothing). */
static void widen(double *cols, size_t col, size_t span, double need)
{
    double have = 0;
    for (size_t k = col; k < col + span; k++)
        have += cols[k];
    if (need <= have)
        return;
    for (size_t k = col; k < col + span; k++)
        cols[k] += (need - have) * (have > 0 ? cols[k] / have : 1.0 / (double)span);
}

/* ---- rows: heights, bands, rules ---- */

struct span_ref {
    size_t last, cell; /* a spanning cell's last row, and the cell */
};

static int by_last_row(const void *a, const void *b)
{
    const struct span_ref *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return x->cell < y->cell ? -1 : x->cell > y->cell;
}

/* Each row as tall as its tallest cell; a cell spanning rows adds what the
 * rows it spans lack to the last of them, in the order those rows come. */
static void row_heights(struct pdf_grid *g)
{
    for (size_t r = 0; r < g->n_rows; r++)
        g->rows[r].h = 0;
    struct span_ref *spanning = xmalloc((g->n_cells ? g->n_cells : 1) * sizeof *spanning);
    size_t n = 0;
    for (size_t i = 0; i < g->n_cells; i++) {
        const struct pdf_cell *c = &g->cells[i];
        if (c->rowspan == 1)
            g->rows[c->row].h = fmax(g->rows[c->row].h, c->h);
        else
            spanning[n++] = (struct span_ref){.last = c->row + c->rowspan - 1, .cell = i};
    }
    qsort(spanning, n, sizeof *spanning, by_last_row);
    for (size_t k = 0; k < n; k++) {
        const struct pdf_cell *c = &g->cells[spanning[k].cell];
        size_t last = spanning[k].last;
        double above = 0;
        for (size_t r = c->row; r < last; r++)
            above += g->rows[r].h;
        g->rows[last].h = fmax(g->rows[last].h, c->h - above);
    }
    free(spanning);
}

/* The last row of the band starting at r0: the header is one band; a cell
 * spanning rows keeps them in one box, as a page may not cut through it. */
static size_t band_end(const struct pdf_grid *g, size_t r0)
{
    size_t end = r0 < g->n_header ? g->n_header - 1 : r0;
    for (size_t r = r0; r <= end; r++) {
        const struct pdf_row *row = &g->rows[r];
        for (size_t i = 0; i < row->n_cells; i++) {
            size_t last = r + g->cells[row->cell0 + i].rowspan - 1;
            if (last > end)
                end = last;
        }
    }
    return end;
}

static bool any_rowspan(const struct pdf_grid *g)
{
    for (size_t i = 0; i < g->n_cells; i++)
        if (g->cells[i].rowspan > 1)
            return true;
    return false;
}

/* A band of spanned rows taller than half a page would run past its foot: its
 * cells then span one row each (their text in the first, the rest left empty). */
static void fit_bands(struct pdf_grid *g, double limit)
{
    if (!any_rowspan(g))
        return;
    row_heights(g);
    bool changed = false;
    for (size_t r0 = 0, end; r0 < g->n_rows; r0 = end + 1) {
        end = band_end(g, r0);
        double h = 0;
        for (size_t r = r0; r <= end; r++)
            h += g->rows[r].h;
        if (end == r0 || r0 < g->n_header || h <= limit)
            continue;
        for (size_t i = g->rows[r0].cell0; i < g->rows[end].cell0 + g->rows[end].n_cells; i++)
            g->cells[i].rowspan = 1;
        changed = true;
    }
    if (changed)
        row_heights(g);
}

/* A rule under row r, left out beneath cells that reach on into the next row. */
static void rule_under(struct pdf_dlist *d, const struct pdf_grid *g, size_t r0, size_t r,
                       const double *xs, bool *covered, int color, float width, float y)
{
    bool any = false;
    memset(covered, 0, g->n_cols * sizeof *covered);
    for (size_t i = g->rows[r0].cell0; i < g->rows[r].cell0 + g->rows[r].n_cells; i++) {
        const struct pdf_cell *c = &g->cells[i];
        if (c->row + c->rowspan - 1 > r) {
            for (size_t k = c->col; k < c->col + c->colspan; k++)
                covered[k] = true;
            any = true;
        }
    }
    if (!any) {
        pdf_op_line(d, color, width, 0, y, (float)xs[g->n_cols], 0);
        return;
    }
    for (size_t a = 0; a < g->n_cols;) {
        if (covered[a]) {
            a++;
            continue;
        }
        size_t b = a;
        while (b < g->n_cols && !covered[b])
            b++;
        pdf_op_line(d, color, width, (float)xs[a], y, (float)(xs[b] - xs[a]), 0);
        a = b;
    }
}

static void rules_for_row(struct pdf_dlist *d, const struct pdf_grid *g, size_t r0, size_t r,
                          const double *xs, bool *covered, float y, float pad)
{
    const struct pdf_row *row = &g->rows[r];
    float table_w = (float)xs[g->n_cols], bottom = y + (float)row->h;
    if (r == 0)
        pdf_op_line(d, PDF_C_TEXT, PDF_RULE_TOP_W, 0, y, table_w, 0);
    if (r + 1 == g->n_rows) {
        pdf_op_line(d, PDF_C_TEXT, PDF_RULE_TOP_W, 0, bottom, table_w, 0);
    } else if (row->header && !g->rows[r + 1].header) {
        pdf_op_line(d, PDF_C_TEXT, PDF_RULE_MID_W, 0, bottom, table_w, 0);
    } else if (row->header) {
        /* between header rows: a short rule under each heading of several columns */
        for (size_t i = 0; i < row->n_cells; i++) {
            const struct pdf_cell *c = &g->cells[row->cell0 + i];
            if (c->colspan > 1 && c->rowspan == 1)
                pdf_op_line(d, PDF_C_TEXT, PDF_RULE_SPAN_W, (float)xs[c->col] + pad, bottom,
                            (float)(xs[c->col + c->colspan] - xs[c->col]) - 2 * pad, 0);
        }
    } else if (!row->foot && g->rows[r + 1].foot) {
        pdf_op_line(d, PDF_C_TEXT, PDF_RULE_MID_W, 0, bottom, table_w, 0);
    } else {
        rule_under(d, g, r0, r, xs, covered, PDF_C_RULE, PDF_RULE_ROW_W, bottom);
    }
}

/* ---- the table ---- */

struct table {
    struct pdf_lay *L;
    struct pdf_grid g;
    struct pdf_para p;
    double size, lead, pad, vpad, avail;
    double *cmax, *cmin;    /* per column: natural and least width, padding in */
    double smax, smin;      /* their sums */
    enum pdf_align *align;  /* per column */
    double *xs;             /* column edges: n_cols + 1 */
    struct pdf_op *cell_ops; /* the cells' ops, each at its column, top at 0 */
    double overfull;         /* the most a cell's line runs past its measure */
};

static void table_free(struct table *t)
{
    pdf_para_free(&t->p);
    free(t->cmax);
    free(t->cmin);
    free(t->align);
    free(t->xs);
    free(t->cell_ops);
    pdf_grid_free(&t->g);
}

/* Each column's natural and least width; a cell spanning columns widens them
 * as much as it needs beyond what single cells asked for. */
static void measure_columns(struct table *t)
{
    struct pdf_grid *g = &t->g;
    double pad2 = 2 * t->pad + 0.5; /* 0.5: rounding */
    t->cmax = xcalloc(g->n_cols, sizeof *t->cmax);
    t->cmin = xcalloc(g->n_cols, sizeof *t->cmin);
    t->align = xcalloc(g->n_cols, sizeof *t->align);
    for (size_t c = 0; c < g->n_cols; c++)
        t->align[c] = PDF_LEFT;
    for (size_t i = 0; i < g->n_cells; i++) {
        struct pdf_cell *x = &g->cells[i];
        cell_para(t->L, &t->p, x, t->size, t->lead);
        pdf_para_measure(t->L->ps, &t->p, fmax(t->avail - 2 * t->pad, 1), &x->max_w, &x->min_w);
        if (x->colspan > 1)
            continue;
        size_t c = x->col;
        t->cmax[c] = fmax(t->cmax[c], x->max_w + pad2);
        t->cmin[c] = fmax(t->cmin[c], fmin(x->min_w, t->avail * PDF_COL_MIN_SHARE) + pad2);
        if (t->align[c] == PDF_LEFT) /* the first cell that has an alignment */
            t->align[c] = align_of(x->node);
    }
    for (size_t i = 0; i < g->n_cells; i++) {
        const struct pdf_cell *x = &g->cells[i];
        if (x->colspan == 1)
            continue;
        widen(t->cmax, x->col, x->colspan, x->max_w + pad2);
        widen(t->cmin, x->col, x->colspan, fmin(x->min_w, t->avail * PDF_COL_MIN_SHARE) + pad2);
    }
    for (size_t c = 0; c < g->n_cols; c++) {
        t->cmax[c] = fmax(t->cmax[c], t->cmin[c]);
        t->smax += t->cmax[c];
        t->smin += t->cmin[c];
    }
}

static void column_edges(struct table *t)
{
    size_t n = t->g.n_cols;
    double avail = t->avail, smax = t->smax, smin = t->smin;
    t->xs = xcalloc(n + 1, sizeof *t->xs);
    for (size_t c = 0; c < n; c++) {
        double w;
        if (smax <= avail) {
            /* fits: a table of some size takes the full measure, a small one its own width */
            double extra = smax >= avail * PDF_TABLE_FILL ? avail - smax : 0;
            w = t->cmax[c] + (smax > 0 ? extra * t->cmax[c] / smax : 0);
        } else if (smin <= avail) {
            w = t->cmin[c] + (t->cmax[c] - t->cmin[c]) * (avail - smin) / (smax - smin);
        } else {
            w = avail * t->cmin[c] / smin;
        }
        t->xs[c + 1] = t->xs[c] + w;
    }
}

/* Lays every cell out at its column, top at 0, and keeps its ops aside (the
 * lines' boxes are dropped) to be put into the boxes of its rows; sets each
 * cell's height. The footnotes the cells cite stay in d, in cell order. */
static void lay_cells(struct table *t)
{
    struct pdf_lay *L = t->L;
    struct pdf_dlist *d = L->d;
    struct pdf_grid *g = &t->g;
    size_t ops0 = d->n_ops;
    for (size_t i = 0; i < g->n_cells; i++) {
        struct pdf_cell *cl = &g->cells[i];
        cell_para(L, &t->p, cl, t->size, t->lead);
        if (cl->colspan == 1)
            t->p.align = t->align[cl->col];
        size_t b0 = d->n_boxes;
        double x = t->xs[cl->col], cw = t->xs[cl->col + cl->colspan] - x;
        struct pdf_para_opts o = {
            .width = fmax(cw - 2 * t->pad, 1), .tag = cl->head ? PDF_TAG_TH : PDF_TAG_TD,
            .chapter_file = L->ch->file, .line = cl->node->line, .dl = L->dl,
        };
        struct pdf_para_out out;
        cl->op0 = d->n_ops - ops0;
        cl->note0 = d->n_note_refs;
        if (t->p.text.len == 0) {
            /* an empty cell still is a cell */
            pdf_op_tag(d, (enum pdf_tag)o.tag, false);
            if (cl->node->id)
                op_dest(L, cl->node->id, 0);
            pdf_op_tag(d, (enum pdf_tag)o.tag, true);
        } else {
            pdf_para_layout(L->ps, &t->p, &o, d, &out);
            t->overfull = fmax(t->overfull, out.width - o.width);
        }
        double y = t->vpad;
        for (size_t b = b0; b < d->n_boxes; b++) {
            struct pdf_box *bx = &d->boxes[b];
            for (uint32_t k = bx->op0; k < bx->op1; k++) {
                d->ops[k].x += (float)(x + t->pad);
                d->ops[k].y += (float)y;
            }
            y += bx->h;
        }
        d->n_boxes = b0;
        cl->op1 = d->n_ops - ops0;
        cl->note1 = d->n_note_refs;
        cl->h = y + t->vpad;
    }
    size_t n_ops = d->n_ops - ops0;
    t->cell_ops = xmalloc((n_ops ? n_ops : 1) * sizeof *t->cell_ops);
    memcpy(t->cell_ops, d->ops + ops0, n_ops * sizeof *t->cell_ops);
    d->n_ops = ops0;
}

/* The caption above the table: over its width, or over a wider part of the
 * measure when the table is narrow; it stays with the first rows. */
static void lay_caption(struct table *t, double table_w)
{
    struct pdf_lay *L = t->L;
    struct pdf_para *p = &t->p;
    struct pdf_cell cap = {.node = t->g.caption};
    double cap_max = 0, cap_min = 0;
    for (int pass = 0; pass < 2; pass++) {
        cell_para(L, p, &cap, t->size, t->lead);
        p->align = PDF_CENTER;
        p->hyphenate = false;
        p->balance = true;
        if (!p->text.len)
            return;
        if (!pass) {
            pdf_para_measure(L->ps, p, t->avail, &cap_max, &cap_min);
            continue;
        }
        double cw = fmin(t->avail, fmax(table_w, fmin(cap_max + 1, t->avail * PDF_TABLE_FILL)));
        struct pdf_para_opts o = {.width = cw, .x = L->left, .tag = PDF_TAG_CAPTION,
                                  .keep_together = true, .chapter_file = L->ch->file,
                                  .line = cap.node->line, .dl = L->dl};
        struct pdf_para_out out;
        pdf_para_layout(L->ps, p, &o, L->d, &out);
        if (out.n_boxes)
            L->d->boxes[out.box0 + out.n_boxes - 1].penalty = PDF_INF;
    }
}

/* The rows' boxes: each band of rows one box, its cells' ops moved in, the
 * rules drawn; the header band repeats where the table goes on to a page. */
static void lay_bands(struct table *t, bool repeat, bool after_caption)
{
    struct pdf_lay *L = t->L;
    struct pdf_dlist *d = L->d;
    const struct pdf_grid *g = &t->g;
    bool *covered = xcalloc(g->n_cols ? g->n_cols : 1, sizeof *covered);
    int32_t header_box = -1;
    size_t first_box = d->n_boxes;
    for (size_t r0 = 0, end; r0 < g->n_rows; r0 = end + 1) {
        end = band_end(g, r0);
        uint32_t op0 = (uint32_t)d->n_ops;
        double y = 0;
        for (size_t r = r0; r <= end; r++) {
            const struct pdf_row *row = &g->rows[r];
            if (row->node->id)
                op_dest(L, row->node->id, (float)y);
            pdf_op_tag(d, PDF_TAG_TR, false);
            for (size_t i = row->cell0; i < row->cell0 + row->n_cells; i++) {
                for (size_t k = g->cells[i].op0; k < g->cells[i].op1; k++) {
                    struct pdf_op op = t->cell_ops[k];
                    op.y += (float)y;
                    pdf_dlist_op(d, &op);
                }
            }
            pdf_op_tag(d, PDF_TAG_TR, true);
            rules_for_row(d, g, r0, r, t->xs, covered, (float)y, (float)t->pad);
            y += row->h;
        }
        if (end + 1 == g->n_rows)
            pdf_op_tag(d, PDF_TAG_TABLE, true);
        const struct pdf_row *last = &g->rows[end];
        struct pdf_box *bx = pdf_dlist_box(d);
        bx->op0 = op0;
        bx->op1 = (uint32_t)d->n_ops;
        bx->h = (float)y;
        bx->x = (float)L->left;
        bx->note0 = (uint32_t)g->cells[g->rows[r0].cell0].note0;
        bx->n_notes = (uint32_t)(g->cells[last->cell0 + last->n_cells - 1].note1 - bx->note0);
        bx->src_node = pdf_ord(L, g->rows[r0].node);
        if (r0 == 0 && after_caption)
            bx->space = (float)(t->lead * PDF_BAND_GAP);
        if (r0 < g->n_header) {
            bx->penalty = PDF_INF; /* never a page's last box */
            if (repeat) {
                bx->flags |= PDF_BOXF_HEADER;
                header_box = (int32_t)(d->n_boxes - 1);
            }
        } else {
            bx->header = header_box;
        }
    }
    /* no page holds only one or two rows of a table's body beside its header,
     * nor leaves them alone to the next */
    size_t n_body = 0;
    for (size_t i = first_box; i < d->n_boxes; i++)
        if (!(d->boxes[i].flags & PDF_BOXF_HEADER) && d->boxes[i].penalty < PDF_INF)
            n_body++;
    for (size_t i = first_box, k = 0; i < d->n_boxes; i++) {
        struct pdf_box *bx = &d->boxes[i];
        if ((bx->flags & PDF_BOXF_HEADER) || bx->penalty >= PDF_INF)
            continue;
        if (k + 1 < PDF_TABLE_ROWS_KEPT || (k + PDF_TABLE_ROWS_KEPT >= n_body && k + 1 < n_body))
            bx->penalty = PDF_INF;
        k++;
    }
    free(covered);
}

/* The tallest band of rows after the header. */
static double tallest_band(const struct pdf_grid *g)
{
    double tallest = 0;
    for (size_t r0 = 0, end; r0 < g->n_rows; r0 = end + 1) {
        end = band_end(g, r0);
        double h = 0;
        for (size_t r = r0; r <= end; r++)
            h += g->rows[r].h;
        if (r0 >= g->n_header && h > tallest)
            tallest = h;
    }
    return tallest;
}

bool pdf_lay_table(struct pdf_lay *L, struct doc_node *n)
{
    const struct pdf_style *st = L->st;
    struct pdf_dlist *d = L->d;
    double scale = L->size / st->body;
    struct table t = {
        .L = L, .size = st->table * scale, .lead = round(st->table_lead * scale * 4) / 4,
        .pad = st->cell_pad * scale, .avail = st->text_w - L->left - L->right,
    };
    t.vpad = t.pad * PDF_CELL_PAD_V;
    struct pdf_grid *g = &t.g;
    if (!pdf_grid_build(g, n))
        return false;
    if (!g->n_rows || (!g->n_cols && !g->too_wide)) {
        bool caption_only = g->caption != NULL;
        pdf_grid_free(g);
        return !caption_only; /* an empty table shows nothing; a caption, as a block */
    }
    pdf_para_init(&t.p, t.size, t.lead, PDF_LEFT);

    /* a grid whose columns would be narrower than a short word, or squeezed
     * far below the least their words need, is not legible: row by row then */
    bool grid = !g->too_wide;
    if (grid) {
        measure_columns(&t);
        grid = t.smin <= t.avail || (t.smin <= t.avail * PDF_TABLE_SQUEEZE &&
                                     t.avail / (double)g->n_cols >= t.size * PDF_COL_MIN_EMS);
    }
    uint32_t note_mark = (uint32_t)d->n_note_refs;
    bool repeat = false;
    if (grid) {
        column_edges(&t);
        lay_cells(&t);
        row_heights(g);
        double header_h = 0;
        for (size_t r = 0; r < g->n_header; r++)
            header_h += g->rows[r].h;
        /* a header repeats when there is a body to continue and room for both;
         * else its rows are rows like the others (bold still, and ruled off) */
        repeat = g->n_header && g->n_header < g->n_rows && header_h <= st->text_h / 3;
        if (!repeat)
            g->n_header = 0;
        fit_bands(g, st->text_h * PDF_BAND_MAX_H);
        /* a row taller than a page would run past its foot, a line far wider
         * than its cell (a word no break fits in) into the next: row by row then */
        if (tallest_band(g) + (repeat ? header_h : 0) > st->text_h || t.overfull > t.pad) {
            grid = false;
            d->n_note_refs = note_mark; /* cited again as the rows are set */
        }
    }
    if (!grid) {
        lay_rows(L, n, g, t.size, t.lead, t.avail);
        table_free(&t);
        return true;
    }

    uint32_t mark = pdf_lay_begin(L);
    pdf_op_tag(d, PDF_TAG_TABLE, false);
    if (n->id)
        op_dest(L, n->id, 0);
    size_t box0 = d->n_boxes;
    if (g->caption)
        lay_caption(&t, t.xs[g->n_cols]);
    lay_bands(&t, repeat, d->n_boxes > box0);
    pdf_lay_adopt(L, mark, box0, L->lead * PDF_TABLE_SPACE);
    pdf_lay_after(L, L->lead * PDF_TABLE_SPACE);
    table_free(&t);
    return true;
}
