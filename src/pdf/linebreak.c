/* Knuth–Plass line breaking (Knuth & Plass 1981; tex.web §813ff) over boxes,
 * glue and penalties, in up to three passes: without hyphens, with hyphens,
 * and a last one that accepts loose lines, or an overfull one, rather than
 * fail. No emergency stretch: it let the optimum spread slack over every line
 * of a paragraph (a loose paragraph) rather than leave one line loose. Never more than two hyphenated lines in a row, unless the last
 * pass needs a third to keep a line inside the measure. */
#include "pdf/linebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LINE_PENALTY 10.0
#define DOUBLE_HYPHEN_DEMERITS 3000.0
#define FINAL_HYPHEN_DEMERITS 5000.0
#define ADJ_DEMERITS 10000.0
#define MAX_HYPHEN_RUN 2
#define RUNT_DEMERITS 4000.0
/* the last pass's badness of a loose line grows on past 10000 (TeX's cap)
 * up to this, a line stretched about 20 times its stretch */
#define LAST_PASS_BAD_MAX 1e6
/* the last pass's price of a third hyphen in a row: more than the loosest
 * line costs ((LAST_PASS_BAD_MAX)^2), so only an overfull line is worse */
#define HYPHEN_RUN_DEMERITS 1e13
/* per unit of adjustment ratio squared between a line and the one before:
 * neighbouring lines of even colour (TeX's four fitness classes only catch
 * the jumps from very loose to tight) */
#define JUMP_DEMERITS 6000.0

struct node {
    size_t pos;  /* the break item, or SIZE_MAX for the paragraph's start */
    size_t prev; /* index of the node before, or SIZE_MAX */
    double tw, ty, tz; /* totals after the break (discarded glue skipped) */
    double demerits;
    int fitness;
    int hyph_run;
    float r; /* the adjustment ratio of the line ending here */
};

struct kp {
    const struct pdf_kp_item *it;
    size_t n;
    double W;
    double rho;        /* the largest adjustment ratio accepted */
    bool hyphens, last_pass, justify, balance;
    struct node *nodes;
    size_t n_nodes, cap_nodes;
    size_t *active;
    size_t n_active, cap_active;
    double sw, sy, sz;
};

static size_t node_add(struct kp *k, struct node nd)
{
    k->nodes = xreserve(k->nodes, &k->cap_nodes, k->n_nodes + 1, sizeof *k->nodes);
    k->nodes[k->n_nodes] = nd;
    return k->n_nodes++;
}

static void active_add(struct kp *k, size_t node)
{
    k->active = xreserve(k->active, &k->cap_active, k->n_active + 1, sizeof *k->active);
    k->active[k->n_active++] = node;
}

static bool is_flagged(const struct kp *k, size_t b)
{
    return k->it[b].type == PDF_KP_PENALTY && k->it[b].flagged;
}

static void totals_after(const struct kp *k, size_t b, double *tw, double *ty, double *tz)
{
    double w = k->sw, y = k->sy, z = k->sz;
    for (size_t j = b; j < k->n; j++) {
        const struct pdf_kp_item *x = &k->it[j];
        if (x->type == PDF_KP_BOX)
            break;
        if (x->type == PDF_KP_GLUE) {
            w += x->w;
            y += x->y;
            z += x->z;
        } else if (x->p == -PDF_INF && j > b) {
            break;
        }
    }
    *tw = w;
    *ty = y;
    *tz = z;
}

static void try_break(struct kp *k, size_t b)
{
    const struct pdf_kp_item *bi = &k->it[b];
    double pw = bi->type == PDF_KP_PENALTY ? bi->w : 0;
    int p = bi->type == PDF_KP_PENALTY ? bi->p : 0;
    bool flagged = is_flagged(k, b);
    bool forced = p <= -PDF_INF;
    struct {
        double d;
        size_t from;
        double r;
    } best[4][MAX_HYPHEN_RUN + 1];
    for (int f = 0; f < 4; f++)
        for (int h = 0; h <= MAX_HYPHEN_RUN; h++)
            best[f][h].d = INFINITY;
    bool any = false;
    size_t keep = 0;
    for (size_t ai = 0; ai < k->n_active; ai++) {
        size_t an = k->active[ai];
        struct node *a = &k->nodes[an];
        double L = k->sw - a->tw + pw;
        double r;
        if (L < k->W && !k->justify) {
            /* ragged: a line may end short by a quarter of the measure at badness 100;
             * the last line by any amount */
            r = forced && !k->balance ? 0 : (k->W - L) / (k->W * 0.25);
        } else if (L < k->W) {
            double y = k->sy - a->ty;
            r = y > 0 ? (k->W - L) / y : INFINITY;
        } else if (L > k->W) {
            /* a ragged line keeps its spaces as they are (only a justified one
             * shrinks them): too long is too long */
            double z = k->justify ? k->sz - a->tz : 0;
            r = z > 0 ? (k->W - L) / z : -INFINITY;
        } else {
            r = 0;
        }
        bool deactivate = r < -1 || forced;
        bool feasible = r >= -1 && r <= k->rho;
        double bad = fmin(100.0 * fabs(r * r * r), 10000.0);
        bool rescue = false;
        if (!feasible && k->last_pass && r < -1 && !any && k->n_active - ai == 1 && keep == 0) {
            feasible = rescue = true; /* an overfull line rather than no setting at all */
            bad = 1e6;
        }
        if (!feasible && k->last_pass && r > k->rho) {
            feasible = true; /* a line with nothing to stretch, short of the measure */
            bad = LAST_PASS_BAD_MAX;
        } else if (feasible && k->last_pass && r > 1) {
            /* past TeX's cap of 10000 a looser line still costs more: a line
             * at 50x its stretch is not as good as one at 3x */
            bad = fmin(100.0 * r * r * r, LAST_PASS_BAD_MAX);
        }
        if (feasible) {
            int hr = flagged ? a->hyph_run + 1 : 0;
            double extra = 0;
            if (hr > MAX_HYPHEN_RUN && k->last_pass) {
                /* a third hyphen in a row rather than an overfull line (a long
                 * word in a narrow measure) or no setting at all */
                hr = MAX_HYPHEN_RUN;
                extra = rescue ? 0 : HYPHEN_RUN_DEMERITS;
            }
            if (hr <= MAX_HYPHEN_RUN) {
                double d = LINE_PENALTY + bad;
                d = d * d + extra;
                if (p > 0)
                    d += (double)p * p;
                else if (p > -PDF_INF)
                    d -= (double)p * p;
                bool a_hyph = a->pos != SIZE_MAX && is_flagged(k, a->pos);
                if (flagged && a_hyph)
                    d += DOUBLE_HYPHEN_DEMERITS;
                if (forced && a_hyph)
                    d += FINAL_HYPHEN_DEMERITS;
                if (forced && k->justify && L < k->W * 0.12 && a->pos != SIZE_MAX)
                    d += RUNT_DEMERITS; /* a last line of a syllable or two */
                int fc = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
                if (abs(fc - a->fitness) > 1 && a->pos != SIZE_MAX)
                    d += ADJ_DEMERITS;
                double rc = fmax(-1.0, fmin(r, 2.0));
                if (a->pos != SIZE_MAX && !forced && k->justify)
                    d += JUMP_DEMERITS * (rc - a->r) * (rc - a->r);
                d += a->demerits;
                if (d < best[fc][hr].d) {
                    best[fc][hr].d = d;
                    best[fc][hr].from = an;
                    best[fc][hr].r = fmax(-1.0, fmin(r, 2.0));
                    any = true;
                }
            }
        }
        if (!deactivate)
            k->active[keep++] = an;
    }
    k->n_active = keep;
    if (!any)
        return;
    double tw, ty, tz;
    totals_after(k, b, &tw, &ty, &tz);
    for (int f = 0; f < 4; f++) {
        for (int h = 0; h <= MAX_HYPHEN_RUN; h++) {
            if (best[f][h].d == INFINITY)
                continue;
            struct node nd = {.pos = b, .prev = best[f][h].from, .tw = tw, .ty = ty, .tz = tz,
                              .demerits = best[f][h].d, .fitness = f, .hyph_run = h,
                              .r = (float)best[f][h].r};
            active_add(k, node_add(k, nd));
        }
    }
}

static size_t run_pass(struct kp *k, size_t *breaks_out)
{
    k->n_nodes = k->n_active = 0;
    k->sw = k->sy = k->sz = 0;
    active_add(k, node_add(k, (struct node){.pos = SIZE_MAX, .prev = SIZE_MAX, .fitness = 1}));
    for (size_t i = 0; i < k->n && k->n_active; i++) {
        const struct pdf_kp_item *x = &k->it[i];
        if (x->type == PDF_KP_BOX) {
            k->sw += x->w;
            k->sy += x->y; /* letter spacing */
            k->sz += x->z;
        } else if (x->type == PDF_KP_GLUE) {
            if (i > 0 && k->it[i - 1].type == PDF_KP_BOX)
                try_break(k, i);
            k->sw += x->w;
            k->sy += x->y;
            k->sz += x->z;
        } else if (x->p < PDF_INF && (k->hyphens || !x->flagged)) {
            try_break(k, i);
        }
    }
    /* the best node at the final break */
    size_t best = SIZE_MAX;
    for (size_t ai = 0; ai < k->n_active; ai++) {
        size_t an = k->active[ai];
        if (k->nodes[an].pos != k->n - 1)
            continue;
        if (best == SIZE_MAX || k->nodes[an].demerits < k->nodes[best].demerits)
            best = an;
    }
    if (best == SIZE_MAX)
        return 0;
    size_t lines = 0;
    for (size_t nd = best; nd != SIZE_MAX && k->nodes[nd].pos != SIZE_MAX; nd = k->nodes[nd].prev)
        lines++;
    size_t i = lines;
    for (size_t nd = best; nd != SIZE_MAX && k->nodes[nd].pos != SIZE_MAX; nd = k->nodes[nd].prev)
        breaks_out[--i] = k->nodes[nd].pos;
    return lines;
}

size_t pdf_kp_break(const struct pdf_kp_item *items, size_t n, double line_w,
                    enum pdf_kp_mode mode, size_t *breaks_out)
{
    bool mode_first_only = mode == PDF_KP_JUSTIFY_FIRST;
    bool justify = mode == PDF_KP_JUSTIFY || mode_first_only;
    struct kp k = {.it = items, .n = n, .W = line_w, .justify = justify,
                   .balance = mode == PDF_KP_BALANCED};
    size_t lines = 0;
    bool any_hyphen = false;
    for (size_t i = 0; i < n; i++)
        any_hyphen |= items[i].type == PDF_KP_PENALTY && items[i].flagged;
    /* pass 1: no hyphens, pretolerance 100 */
    k.rho = justify ? 1.0 : 1e9;
    k.hyphens = !justify;
    lines = run_pass(&k, breaks_out);
    if (!lines && justify && mode_first_only) {
        free(k.nodes);
        free(k.active);
        return 0;
    }
    if (!lines && justify) {
        /* pass 2: with hyphens, tolerance 200 */
        k.hyphens = true;
        k.rho = 1.26;
        if (any_hyphen)
            lines = run_pass(&k, breaks_out);
    }
    if (!lines) {
        k.rho = 1e9;
        k.hyphens = true;
        k.last_pass = true;
        lines = run_pass(&k, breaks_out);
    }
    free(k.nodes);
    free(k.active);
    return lines;
}
