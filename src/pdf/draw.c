/* The drawer: replays display lists on the Cairo PDF surface — glyph runs with
 * their text (so copy and search work, ligatures included), rules, tints,
 * images, links, named destinations and structure tags, kept strictly nested
 * because one misnested tag shuts a Cairo context down. */
#include "pdf/draw.h"
#include "pdf/design.h"
#include "pdf/fonts.h"
#include "pdf/image.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

struct sfont {
    int face;
    float size;
    cairo_scaled_font_t *sf;
};

struct pdf_drawer {
    cairo_t *cr;
    const struct pdf_style *st;
    const struct pdf_fonts *fonts;
    const struct doc_book *book;
    cairo_font_face_t **faces;
    cairo_font_options_t *fo;
    struct sfont *sfonts;
    size_t n_sfonts;
    cairo_glyph_t *cg;
    cairo_text_cluster_t *cc;
    size_t cap_g;
    int tags[256]; /* open structure elements */
    size_t n_tags;
    size_t n_links_open;
    struct buf attr;
    int color;                    /* the source colour set last, or -1 */
    cairo_scaled_font_t *font;    /* the font set last */
    struct pdf_image_cache image; /* the image drawn last, still decoded */
    uint32_t *image_page;         /* per book image: the page it was drawn on last */
    size_t n_image_page;
    uint32_t page;                /* the page being drawn, from 1 */
};

struct pdf_drawer *pdf_drawer_new(const struct pdf_style *st, const struct pdf_fonts *fonts,
                                  const struct doc_book *book, cairo_surface_t *surface)
{
    struct pdf_drawer *dr = xcalloc(1, sizeof *dr);
    dr->cr = cairo_create(surface);
    dr->color = -1;
    dr->st = st;
    dr->fonts = fonts;
    dr->book = book;
    dr->faces = xcalloc(fonts->n, sizeof *dr->faces);
    for (size_t i = 0; i < fonts->n; i++) {
        FcPattern *pat = FcPatternCreate();
        FcPatternAddString(pat, FC_FILE, (const FcChar8 *)fonts->files[i].path);
        FcPatternAddInteger(pat, FC_INDEX, 0);
        dr->faces[i] = cairo_ft_font_face_create_for_pattern(pat);
        FcPatternDestroy(pat);
    }
    /* librsvg sets the text of SVG figures with this thread's default Pango
     * font map, which takes fontconfig's current configuration: the book's
     * fonts alone, generic families mapped to them (fonts.c) */
    dr->fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(dr->fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(dr->fo, CAIRO_HINT_STYLE_NONE);
    return dr;
}

void pdf_drawer_free(struct pdf_drawer *dr)
{
    if (!dr)
        return;
    pdf_image_cache_clear(&dr->image);
    free(dr->image_page);
    for (size_t i = 0; i < dr->n_sfonts; i++)
        cairo_scaled_font_destroy(dr->sfonts[i].sf);
    free(dr->sfonts);
    for (size_t i = 0; i < dr->fonts->n; i++)
        cairo_font_face_destroy(dr->faces[i]);
    free(dr->faces);
    cairo_font_options_destroy(dr->fo);
    pango_cairo_font_map_set_default(NULL); /* the map librsvg made for this thread */
    free(dr->cg);
    free(dr->cc);
    buf_free(&dr->attr);
    cairo_destroy(dr->cr);
    free(dr);
}

cairo_t *pdf_drawer_cr(struct pdf_drawer *dr)
{
    return dr->cr;
}

static cairo_scaled_font_t *scaled_font(struct pdf_drawer *dr, int face, float size)
{
    for (size_t i = 0; i < dr->n_sfonts; i++)
        if (dr->sfonts[i].face == face && dr->sfonts[i].size == size)
            return dr->sfonts[i].sf;
    cairo_matrix_t fm, ctm;
    cairo_matrix_init_scale(&fm, size, size);
    cairo_matrix_init_identity(&ctm);
    cairo_scaled_font_t *sf = cairo_scaled_font_create(
        dr->faces[face < (int)dr->fonts->n ? face : 0], &fm, &ctm, dr->fo);
    dr->sfonts = xgrow(dr->sfonts, dr->n_sfonts, sizeof *dr->sfonts);
    dr->sfonts[dr->n_sfonts++] = (struct sfont){.face = face, .size = size, .sf = sf};
    return sf;
}

static void set_color(struct pdf_drawer *dr, int c)
{
    if (dr->color == c)
        return;
    dr->color = c;
    const double *rgb = dr->st->colors[c < PDF_C__COUNT ? c : 0];
    cairo_set_source_rgb(dr->cr, rgb[0], rgb[1], rgb[2]);
}

/* ---- structure tags ---- */

void pdf_draw_tag(struct pdf_drawer *dr, enum pdf_tag t, bool end)
{
    if (!end) {
        if (dr->n_tags == sizeof dr->tags / sizeof *dr->tags)
            return;
        dr->tags[dr->n_tags++] = (int)t;
        cairo_tag_begin(dr->cr, pdf_tag_name(t), NULL);
        return;
    }
    /* close only what is open: the match and anything left open inside it */
    size_t j = dr->n_tags;
    while (j > 0 && dr->tags[j - 1] != (int)t)
        j--;
    if (j == 0)
        return;
    while (dr->n_tags >= j) {
        cairo_tag_end(dr->cr, pdf_tag_name((enum pdf_tag)dr->tags[dr->n_tags - 1]));
        dr->n_tags--;
    }
}

void pdf_draw_close_tags(struct pdf_drawer *dr)
{
    while (dr->n_links_open) {
        cairo_tag_end(dr->cr, CAIRO_TAG_LINK);
        dr->n_links_open--;
    }
    while (dr->n_tags) {
        cairo_tag_end(dr->cr, pdf_tag_name((enum pdf_tag)dr->tags[dr->n_tags - 1]));
        dr->n_tags--;
    }
}

/* ---- ops ---- */

static void draw_glyphs(struct pdf_drawer *dr, const struct pdf_dlist *d, const struct pdf_op *op,
                        double x, double y)
{
    if (op->n == 0)
        return;
    if (op->n > dr->cap_g) {
        dr->cap_g = op->n * 2;
        dr->cg = xrealloc(dr->cg, dr->cap_g * sizeof *dr->cg);
        dr->cc = xrealloc(dr->cc, dr->cap_g * sizeof *dr->cc);
    }
    const struct pdf_glyph *g = &d->glyphs[op->a];
    size_t nc = 0;
    bool ok = g[0].cluster == 0;
    for (uint32_t i = 0; i < op->n; i++) {
        dr->cg[i].index = g[i].id;
        dr->cg[i].x = x + op->x + g[i].x;
        dr->cg[i].y = y + op->y;
        if (i == 0 || g[i].cluster != g[i - 1].cluster) {
            if (i > 0 && g[i].cluster < g[i - 1].cluster)
                ok = false;
            dr->cc[nc++] = (cairo_text_cluster_t){.num_bytes = 0, .num_glyphs = 1};
        } else {
            dr->cc[nc - 1].num_glyphs++;
        }
    }
    if (ok) {
        /* bytes of each cluster: up to the next cluster's start, the last to the end */
        size_t k = 0;
        for (uint32_t i = 0; i < op->n; k++) {
            uint32_t start = g[i].cluster;
            i += (uint32_t)dr->cc[k].num_glyphs;
            uint32_t end = i < op->n ? g[i].cluster : op->text_len;
            if (end < start) {
                ok = false;
                break;
            }
            dr->cc[k].num_bytes = (int)(end - start);
        }
    }
    cairo_scaled_font_t *sf = scaled_font(dr, op->face, op->size);
    if (sf != dr->font) {
        cairo_set_scaled_font(dr->cr, sf);
        dr->font = sf;
    }
    set_color(dr, op->color);
    if (ok && op->text_len)
        cairo_show_text_glyphs(dr->cr, d->text.data + op->text, (int)op->text_len, dr->cg,
                               (int)op->n, dr->cc, (int)nc, 0);
    else
        cairo_show_glyphs(dr->cr, dr->cg, (int)op->n);
}

static void draw_check(cairo_t *cr, double x, double y, double w, double h)
{
    cairo_move_to(cr, x + w * 0.2, y + h * 0.52);
    cairo_line_to(cr, x + w * 0.42, y + h * 0.78);
    cairo_line_to(cr, x + w * 0.85, y + h * 0.22);
    cairo_stroke(cr);
}

/* ↪ drawn, not typed: it marks a wrapped code line without entering the text. */
static void draw_hook(cairo_t *cr, double x, double y, double w, double h)
{
    double r = h * 0.35;
    cairo_new_path(cr);
    cairo_move_to(cr, x + r, y);
    cairo_arc_negative(cr, x + r, y + r, r, -M_PI / 2, M_PI / 2);
    cairo_line_to(cr, x + w, y + 2 * r);
    cairo_stroke(cr);
    cairo_move_to(cr, x + w - h * 0.28, y + 2 * r - h * 0.22);
    cairo_line_to(cr, x + w, y + 2 * r);
    cairo_line_to(cr, x + w - h * 0.28, y + 2 * r + h * 0.22);
    cairo_stroke(cr);
}

static void draw_dots(struct pdf_drawer *dr, double x0, double x1, double y, double size)
{
    /* one dashed stroke with round caps: dots on a grid from the right edge */
    double step = size * PDF_DOT_STEP;
    double n = floor((x1 - x0) / step - 0.3);
    if (n < 1)
        return;
    double dash[2] = {0, step};
    cairo_t *cr = dr->cr;
    cairo_save(cr);
    cairo_set_line_width(cr, size * PDF_DOT_SIZE);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x1 - step * n, y - size * PDF_DOT_RISE);
    cairo_line_to(cr, x1 - step * 0.5, y - size * PDF_DOT_RISE);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A book image; pdf_image_draw must know whether the page shows it already
 * (an icon repeated in the text). */
static void draw_image(struct pdf_drawer *dr, const struct pdf_op *op, double x, double y)
{
    if (!doc_book_image(dr->book, op->a))
        return;
    if (op->a >= dr->n_image_page) { /* the book's image table grows as chapters come */
        size_t n = op->a + 1 > dr->n_image_page * 2 ? op->a + 1 : dr->n_image_page * 2;
        dr->image_page = xrealloc(dr->image_page, n * sizeof *dr->image_page);
        memset(dr->image_page + dr->n_image_page, 0,
               (n - dr->n_image_page) * sizeof *dr->image_page);
        dr->n_image_page = n;
    }
    bool again = dr->image_page[op->a] == dr->page;
    dr->image_page[op->a] = dr->page;
    pdf_image_draw(dr->cr, dr->book, op->a, x + op->x, y + op->y, op->w, op->h, &dr->image,
                   again);
}

static const char *link_attrs(struct pdf_drawer *dr, const char *target, double x, double y,
                              double w, double h)
{
    dr->attr.len = 0;
    buf_printf(&dr->attr, "%s rect=[%.2f %.2f %.2f %.2f]", target, x, y, w, h);
    return buf_cstr(&dr->attr);
}

/* A code listing's tint and bar: a box's full-height rectangles in those colours. */
static bool is_band(const struct pdf_op *op, const struct pdf_box *b)
{
    return op->kind == PDF_OP_RECT && (op->color == PDF_C_CODE_BG || op->color == PDF_C_CODE_BAR) &&
           op->y == 0 && op->h == b->h && !(op->flags & PDF_OPF_REACH_UP);
}

/* How far a listing's tint runs on past a page break that cuts it. */
static double code_run_on(const struct pdf_drawer *dr)
{
    return dr->st->code_pad * PDF_CODE_PAD_V;
}

/* band_h > 0: the box's band rectangles reach band_h down (over the boxes
 * below it on the page); < 0: they are drawn with a box above; 0: as they are.
 * bar_reach: how far a block quote's bar reaches up, over the space above the
 * box (that space when the box above is in the same quote, else none: the bar
 * starts with the quote, clear of what stands above it). */
static void draw_box(struct pdf_drawer *dr, const struct pdf_dlist *d, const struct pdf_box *b,
                     double x, double y, double reach, uint8_t place_flags, double band_h,
                     double bar_reach)
{
    cairo_t *cr = dr->cr;
    bool repeat = place_flags & PDF_PLACEF_REPEAT;
    if (b->bar_x > 0) {
        set_color(dr, PDF_C_QUOTE_BAR);
        double bx = x - b->x + b->bar_x;
        cairo_rectangle(cr, bx, y - bar_reach, PDF_QUOTE_BAR_W, b->h + bar_reach);
        cairo_fill(cr);
    }
    if ((b->flags & PDF_BOXF_CODE) && (place_flags & (PDF_PLACEF_FIRST | PDF_PLACEF_LAST))) {
        /* a listing cut by a page break: its tint runs a little past the cut */
        for (uint32_t i = b->op0; i < b->op1; i++) {
            const struct pdf_op *op = &d->ops[i];
            if (op->kind != PDF_OP_RECT)
                continue;
            set_color(dr, op->color);
            double ext = code_run_on(dr);
            if (place_flags & PDF_PLACEF_FIRST)
                cairo_rectangle(cr, x + op->x, y + op->y - ext, op->w, ext);
            if (place_flags & PDF_PLACEF_LAST)
                cairo_rectangle(cr, x + op->x, y + op->y + op->h, op->w, ext);
            cairo_fill(cr);
        }
    }
    for (uint32_t i = b->op0; i < b->op1; i++) {
        const struct pdf_op *op = &d->ops[i];
        switch ((enum pdf_op_kind)op->kind) {
        case PDF_OP_GLYPHS:
            draw_glyphs(dr, d, op, x, y);
            break;
        case PDF_OP_RECT: {
            double up = (op->flags & PDF_OPF_REACH_UP) ? reach : 0;
            double h = op->h;
            if (band_h != 0 && is_band(op, b)) {
                if (band_h < 0)
                    break;
                h = band_h;
            }
            set_color(dr, op->color);
            cairo_rectangle(cr, x + op->x, y + op->y - up, op->w, h + up);
            cairo_fill(cr);
            break;
        }
        case PDF_OP_FRAME:
            set_color(dr, op->color);
            cairo_set_line_width(cr, op->size);
            cairo_rectangle(cr, x + op->x, y + op->y, op->w, op->h);
            cairo_stroke(cr);
            break;
        case PDF_OP_CHECK:
            set_color(dr, op->color);
            cairo_set_line_width(cr, op->size);
            draw_check(cr, x + op->x, y + op->y, op->w, op->h);
            break;
        case PDF_OP_CONT_MARK:
            set_color(dr, op->color);
            cairo_set_line_width(cr, op->size);
            draw_hook(cr, x + op->x, y + op->y, op->w, op->h);
            break;
        case PDF_OP_LINE:
            set_color(dr, op->color);
            cairo_set_line_width(cr, op->size);
            cairo_move_to(cr, x + op->x, y + op->y);
            cairo_line_to(cr, x + op->x + op->w, y + op->y + op->h);
            cairo_stroke(cr);
            break;
        case PDF_OP_DOTS:
            set_color(dr, op->color);
            draw_dots(dr, x + op->x, x + op->x + op->w, y + op->y, op->size);
            break;
        case PDF_OP_IMAGE:
            draw_image(dr, op, x, y);
            break;
        case PDF_OP_LINK:
            if (repeat)
                break;
            cairo_tag_begin(cr, CAIRO_TAG_LINK,
                            link_attrs(dr, d->strings.data + op->a, x + op->x, y + op->y, op->w,
                                       op->h));
            dr->n_links_open++;
            break;
        case PDF_OP_LINK_END:
            if (repeat || !dr->n_links_open)
                break;
            cairo_tag_end(cr, CAIRO_TAG_LINK);
            dr->n_links_open--;
            break;
        case PDF_OP_DEST: {
            if (repeat)
                break;
            dr->attr.len = 0;
            buf_printf(&dr->attr, "name='%s' x=%.2f y=%.2f", d->strings.data + op->a,
                       x + op->x, fmax(0, y + op->y - dr->st->lead));
            cairo_tag_begin(cr, CAIRO_TAG_DEST, buf_cstr(&dr->attr));
            cairo_tag_end(cr, CAIRO_TAG_DEST);
            break;
        }
        case PDF_OP_TAG:
            if (!repeat)
                pdf_draw_tag(dr, (enum pdf_tag)op->a, false);
            break;
        case PDF_OP_TAG_END:
            if (!repeat)
                pdf_draw_tag(dr, (enum pdf_tag)op->a, true);
            break;
        }
    }
}

void pdf_draw_box(struct pdf_drawer *dr, const struct pdf_dlist *d, const struct pdf_box *b,
                  double x, double y, double reach, uint8_t place_flags)
{
    draw_box(dr, d, b, x, y, reach, place_flags, 0, reach);
}

/* The x of a placed box's code band, or NAN without one. */
static double band_x(const struct pdf_dlist *d, const struct pdf_place *pl)
{
    const struct pdf_box *b = &d->boxes[pl->box];
    for (uint32_t i = b->op0; i < b->op1; i++)
        if (d->ops[i].kind == PDF_OP_RECT && d->ops[i].color == PDF_C_CODE_BG)
            return is_band(&d->ops[i], b) ? pl->x + d->ops[i].x : NAN;
    return NAN;
}

/* A change bar: this far outside the text block, this wide (points). */
#define CHANGE_BAR_GAP 7.0
#define CHANGE_BAR_W 1.6

bool pdf_draw_page_body(struct pdf_drawer *dr, const struct pdf_chapter_out *c,
                        const struct pdf_page *pg, double ox, double oy, bool recto)
{
    bool changed = false;
    dr->page++;
    /* the lines of a listing that follow each other on the page share one
     * tint and one bar, not two fills (and two colour changes) a line */
    uint32_t band_end = 0; /* places before this one have their band drawn */
    double body_bottom = 0, notes_top = INFINITY; /* what is drawn above the notes' rule, and below */
    for (uint32_t k = 0; k < pg->n_place; k++) {
        const struct pdf_place *pl = &c->places[pg->place0 + k];
        const struct pdf_box *b = &c->d.boxes[pl->box];
        double band_h = 0;
        if (k < band_end) {
            band_h = -1;
        } else {
            double bx = band_x(&c->d, pl);
            if (!isnan(bx)) {
                uint32_t m = k + 1;
                double bottom = pl->y + b->h;
                while (m < pg->n_place) {
                    const struct pdf_place *q = &c->places[pg->place0 + m];
                    if (fabs(q->y - bottom) > 0.01 || band_x(&c->d, q) != bx)
                        break;
                    bottom += c->d.boxes[q->box].h;
                    m++;
                }
                if (m > k + 1) {
                    band_h = bottom - pl->y;
                    band_end = m;
                }
            }
        }
        const struct pdf_box *prev = k > 0 ? &c->d.boxes[c->places[pg->place0 + k - 1].box] : NULL;
        double bar_reach = prev && prev->bar_x == b->bar_x ? pl->reach : 0;
        draw_box(dr, &c->d, b, ox + pl->x, oy + pl->y, pl->reach, pl->flags, band_h, bar_reach);
        if (pg->notes_y >= 0 && pl->y > pg->notes_y) {
            notes_top = fmin(notes_top, pl->y);
        } else {
            bool run_on = (b->flags & PDF_BOXF_CODE) && (pl->flags & PDF_PLACEF_LAST);
            body_bottom = fmax(body_bottom, pl->y + b->h + (run_on ? code_run_on(dr) : 0));
        }
        if (b->flags & PDF_BOXF_CHANGED) {
            double bx = recto ? ox + dr->st->text_w + CHANGE_BAR_GAP
                              : ox - CHANGE_BAR_GAP - CHANGE_BAR_W;
            set_color(dr, PDF_C_DEL);
            cairo_rectangle(dr->cr, bx, oy + pl->y, CHANGE_BAR_W, b->h);
            cairo_fill(dr->cr);
            changed = true;
        }
    }
    if (pg->notes_y >= 0) {
        /* The page builder puts the rule PDF_NOTE_RULE_Y of the separation up
         * from the notes, below the body's last box. A listing's tint run on
         * past a cut at this page's foot is drawn in that separation: the rule
         * then keeps the same proportions between the tint and the notes
         * rather than touch the tint. (Better, the builder would count the
         * run-on and keep the whole separation.) */
        double rule_y = pg->notes_y;
        if (isfinite(notes_top) && notes_top > body_bottom) {
            double above = (notes_top - rule_y) * (1 - PDF_NOTE_RULE_Y) / PDF_NOTE_RULE_Y;
            if (rule_y - body_bottom < above - 0.01)
                rule_y = body_bottom + (notes_top - body_bottom) * (1 - PDF_NOTE_RULE_Y);
        }
        set_color(dr, PDF_C_RULE);
        cairo_set_line_width(dr->cr, PDF_NOTE_RULE_W);
        cairo_move_to(dr->cr, ox, oy + rule_y);
        cairo_line_to(dr->cr, ox + dr->st->text_w * PDF_NOTE_RULE_LEN, oy + rule_y);
        cairo_stroke(dr->cr);
    }
    return changed;
}

bool pdf_drawer_ok(struct pdf_drawer *dr, const char **err)
{
    cairo_status_t s = cairo_status(dr->cr);
    *err = cairo_status_to_string(s);
    return s == CAIRO_STATUS_SUCCESS;
}
