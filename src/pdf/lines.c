/* Setting a paragraph: Knuth–Plass chooses the lines, then each line is cut
 * from the shaped glyphs and justified by spreading (or shrinking) its
 * spaces. Lines become boxes of positioned glyph runs; an inline image is
 * one more "glyph" of the line, drawn as an image. A paragraph too long to
 * set at once is set a window at a time. */
#include "pdf/design.h"
#include "pdf/para_set.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A box's flag while the paragraph is laid out, cleared before it leaves:
 * the line ends in a hyphen, so no page may end after it. */
#define LINE_HYPHEN 0x80

struct line_ctx {
    struct pdf_setter *ps;
    struct pdf_para *p;
    const struct pdf_para_opts *o;
    struct pdf_dlist *d;
    uint32_t text_base; /* the paragraph's text in the pool */
    double baseline;
    double line_y, line_h; /* what a link's rectangle covers: the line's box, or its image */
    size_t span;        /* the span of the last glyph emitted: lines come in order */
    struct link_use *links; /* per link of the paragraph */
    bool changed;       /* the line holds a redline's mark */
};

/* A link's target goes into the string pool once, and every line the link
 * covers repeats it in an annotation: an autolink of a megabyte over
 * thousands of lines would write gigabytes. Past LINK_BYTES_MAX bytes of
 * repeated target a link stays on the lines it already covers (at least its
 * first); its text is set in full all the same. */
#define LINK_BYTES_MAX (256 * 1024)
struct link_use {
    uint32_t string; /* in the pool, or UINT32_MAX before its first line */
    uint32_t lines;  /* lines annotated so far */
    size_t len;
};

static bool link_line(struct line_ctx *lc, int link, uint32_t *string_out)
{
    struct link_use *u = &lc->links[link];
    if (u->string == UINT32_MAX) {
        u->len = strlen(lc->p->links[link]);
        u->string = pdf_dlist_string(lc->d, lc->p->links[link]);
    } else if ((u->lines + 1) * u->len > LINK_BYTES_MAX) {
        return false;
    }
    u->lines++;
    *string_out = u->string;
    return true;
}

static float span_dy(const struct pdf_span *sp, double size)
{
    if (!sp)
        return 0;
    if (sp->flags & PDF_FF_SUP)
        return (float)(-size * PDF_SUP_RISE);
    if (sp->flags & PDF_FF_SUB)
        return (float)(size * PDF_SUB_DROP);
    return 0;
}

/* Inline image glyph g at its position in the line: a figure of its own in
 * the structure (cairo 1.16 carries no alternate text), beside text standing
 * on the baseline, descending below it only as far as the line's box allows. */
static void emit_image(struct line_ctx *lc, size_t g, const struct pdf_span *sp)
{
    struct pdf_para_scratch *s = &lc->ps->s;
    const struct pdf_para *p = lc->p;
    const struct pdf_set_image *si = &s->img[s->g[g].id];
    double y = lc->line_y;
    if (!si->display) {
        double em = p->size * (sp ? sp->scale : 1.0);
        double below = fmin(fmax(si->h - em * PDF_IMAGE_RISE, 0), fmax(p->lead - lc->baseline, 0));
        y = lc->baseline + span_dy(sp, p->size) + below - si->h;
    }
    pdf_op_tag(lc->d, PDF_TAG_FIGURE, false);
    pdf_dlist_op(lc->d, &(struct pdf_op){.kind = PDF_OP_IMAGE, .x = s->gx[g], .y = (float)y,
                                         .w = si->w, .h = si->h,
                                         .a = p->images[s->g[g].id].image});
    pdf_op_tag(lc->d, PDF_TAG_FIGURE, true);
}

/* Glyph ops for glyphs [g0, g1) of the line, at positions s->gx; an image
 * for an inline image's. */
static void emit_runs(struct line_ctx *lc, size_t g0, size_t g1, uint32_t text_end)
{
    struct pdf_para_scratch *s = &lc->ps->s;
    struct pdf_para *p = lc->p;
    struct pdf_dlist *d = lc->d;
    size_t hint = lc->span;
    size_t i = g0;
    while (i < g1) {
        const struct pdf_span *sp = pdf_span_at(p, s->g[i].cluster, &hint);
        int link = sp ? sp->link : -1;
        uint32_t target = 0;
        bool linked = false;
        /* a link: its rectangle spans every glyph of it on this line */
        size_t le = i;
        if (link >= 0) {
            size_t h2 = hint;
            while (le < g1) {
                const struct pdf_span *x = pdf_span_at(p, s->g[le].cluster, &h2);
                if (!x || x->link != link)
                    break;
                le++;
            }
            float x0 = s->gx[i];
            float x1 = le < g1 ? s->gx[le] : s->gx[le - 1] + s->g[le - 1].adv;
            linked = link_line(lc, link, &target);
            if (linked)
                pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_LINK, .x = x0,
                                                 .y = (float)lc->line_y,
                                                 .w = x1 - x0, .h = (float)lc->line_h,
                                                 .a = target});
        } else {
            /* up to the next link */
            size_t h2 = hint;
            le = i + 1;
            while (le < g1) {
                const struct pdf_span *x = pdf_span_at(p, s->g[le].cluster, &h2);
                if (x && x->link >= 0)
                    break;
                le++;
            }
        }
        /* runs of one font and one span inside [i, le) */
        while (i < le) {
            size_t h3 = hint;
            const struct pdf_span *cur = pdf_span_at(p, s->g[i].cluster, &h3);
            uint16_t font = s->g[i].font;
            if (font == PDF_IMAGE_FONT) {
                emit_image(lc, i, cur);
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < le && s->g[j].font == font) {
                const struct pdf_span *x = pdf_span_at(p, s->g[j].cluster, &h3);
                if (x != cur)
                    break;
                j++;
            }
            uint32_t c0 = s->g[i].cluster;
            uint32_t c1 = j < s->n_g && j < g1 ? s->g[j].cluster : text_end;
            if (j == g1)
                c1 = text_end;
            if (c1 < c0)
                c1 = c0;
            const struct pdf_font_info *fi = &s->fonts[font];
            uint32_t first = pdf_dlist_glyphs(d, j - i);
            for (size_t k = i; k < j; k++) {
                d->glyphs[first + (k - i)] = (struct pdf_glyph){
                    .id = s->g[k].id,
                    .x = s->gx[k] - s->gx[i] + s->g[k].xoff,
                    .cluster = s->g[k].cluster - c0,
                };
            }
            int color = cur ? cur->color : p->color;
            if (cur && cur->link >= 0 && color == PDF_C_TEXT)
                color = PDF_C_LINK;
            float y = (float)lc->baseline + span_dy(cur, p->size);
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_GLYPHS, .face = (uint8_t)fi->face,
                                             .color = (uint8_t)color, .size = fi->size,
                                             .x = s->gx[i], .y = y, .a = first,
                                             .n = (uint32_t)(j - i),
                                             .text = lc->text_base + c0, .text_len = c1 - c0});
            if (cur && (cur->flags & (PDF_FF_INS | PDF_FF_DEL))) {
                /* a redline: underlined or struck in the mark's colour, and
                 * the line gets a change bar */
                bool del = cur->flags & PDF_FF_DEL;
                float x1 = s->gx[j - 1] + s->g[j - 1].adv;
                pdf_op_line(
                    d, del ? PDF_C_DEL : PDF_C_INS, (float)(fi->size * PDF_STRIKE_W), s->gx[i],
                    y + (float)(del ? -fi->size * PDF_STRIKE_Y : fi->size * PDF_UNDERLINE_Y),
                    x1 - s->gx[i], 0);
                lc->changed = true;
            }
            if (cur && (cur->flags & PDF_FF_STRIKE)) {
                float x1 = s->gx[j - 1] + s->g[j - 1].adv;
                pdf_op_line(d, color, (float)(fi->size * PDF_STRIKE_W), s->gx[i],
                            y - (float)(fi->size * PDF_STRIKE_Y), x1 - s->gx[i], 0);
            }
            i = j;
        }
        if (linked)
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_LINK_END});
    }
    lc->span = hint;
}

/* A piece of a paragraph laid out on its own: all of a paragraph up to
 * PARA_WINDOW bytes, else a window of that many bytes. */
struct piece {
    bool first, final;       /* the paragraph's first and last piece */
    size_t commit_to;        /* lines that end past this byte wait for the next window */
    struct link_use *links;  /* per link of the paragraph */
    size_t next;             /* out: where the first line left over starts */
    size_t marks_to;         /* out: marks before this byte are placed */
};

/* Shapes p, breaks it into lines and appends the lines that pc commits as
 * boxes. */
static void lay_piece(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                      struct pdf_dlist *d, struct pdf_para_out *out, struct piece *pc)
{
    struct pdf_para_scratch *s = &ps->s;
    double W = o->width;
    size_t len = p->text.len;
    pdf_para_shape_breaks(ps, p, o, W);
    double indent = pc->first ? o->indent : 0;
    size_t n_items, n_lines = 0;
    if (p->align == PDF_JUSTIFY && p->hyphenate) {
        /* most paragraphs set well without hyphens: look the words up only if not */
        p->hyphenate = false;
        n_items = pdf_para_items(ps, p, indent, W);
        p->hyphenate = true;
        s->breaks = xreserve(s->breaks, &s->cap_breaks, n_items + 1, sizeof *s->breaks);
        n_lines = pdf_kp_break(s->items, n_items, W, PDF_KP_JUSTIFY_FIRST, s->breaks);
    }
    if (!n_lines) {
        n_items = pdf_para_items(ps, p, indent, W);
        s->breaks = xreserve(s->breaks, &s->cap_breaks, n_items + 1, sizeof *s->breaks);
        enum pdf_kp_mode mode = p->align == PDF_JUSTIFY ? PDF_KP_JUSTIFY
                                : p->balance            ? PDF_KP_BALANCED
                                                        : PDF_KP_RAGGED;
        n_lines = pdf_kp_break(s->items, n_items, W, mode, s->breaks);
    }
    if (n_lines == 0) {
        s->breaks[0] = n_items - 1;
        n_lines = 1;
    }
    s->gx = xreserve(s->gx, &s->cap_gx, s->n_g + 1, sizeof *s->gx);
    s->extra = xreserve(s->extra, &s->cap_extra, s->n_g + 1, sizeof *s->extra);
    struct line_ctx lc = {.ps = ps, .p = p, .o = o, .d = d,
                          .text_base = pdf_dlist_text(d, p->text.data, len),
                          .baseline = pdf_line_baseline(ps->sh->fonts, PDF_SERIF, p->size, p->lead),
                          .links = pc->links};
    size_t start_item = 0;
    size_t note_i = 0, dest_i = 0, src_i = 0;
    pc->next = pc->marks_to = len;
    for (size_t li = 0; li < n_lines; li++) {
        size_t b = s->breaks[li];
        /* the line's items: from start_item to b (glue and penalties at its start dropped) */
        size_t si = start_item;
        while (si < b && s->items[si].type != PDF_KP_BOX)
            si++;
        bool first = li == 0;
        size_t g0 = first ? 0 : s->items[si].g;
        if (si == b)
            g0 = s->items[b].g;
        size_t g1 = s->items[b].g;
        if (g1 < g0)
            g1 = g0;
        if (li > 0 && !pc->final &&
            (g1 < s->n_g ? s->g[g1].cluster : (uint32_t)len) > pc->commit_to) {
            /* the window's last lines are set again at the start of the next */
            pc->next = g0 < s->n_g ? s->g[g0].cluster : len;
            break;
        }
        const struct pdf_kp_item *bi = &s->items[b];
        bool hyphen = bi->type == PDF_KP_PENALTY && bi->flagged && bi->w > 0;
        /* the line ends in a hyphen: one added, or one typed ("lock-" / "free") */
        bool ends_hyphen = bi->type == PDF_KP_PENALTY && bi->flagged;
        bool last = bi->type == PDF_KP_PENALTY && bi->p == -PDF_INF;
        /* a display image's line: the image alone, centred, in a box its height */
        const struct pdf_set_image *display =
            g1 == g0 + 1 && s->g[g0].font == PDF_IMAGE_FONT && s->img[s->g[g0].id].display
                ? &s->img[s->g[g0].id]
                : NULL;
        /* natural width and the line's glue */
        double nat = first ? indent : 0, ys = 0, zs = 0;
        for (size_t k = g0; k < g1; k++) {
            nat += s->g[k].adv;
            s->extra[k] = 0;
        }
        if (hyphen)
            nat += bi->w;
        for (size_t k = si; k < b; k++)
            if (s->items[k].type == PDF_KP_GLUE && s->items[k].g >= g0 && s->items[k].g < g1) {
                ys += s->items[k].y;
                zs += s->items[k].z;
            }
        /* letter spacing after every cluster but the line's last (its right edge) */
        double track = 0;
        for (size_t k = g0; k + 1 < g1; k++)
            track += s->track[k];
        double ys_all = ys + track * PDF_LETTER_STRETCH, zs_all = zs + track * PDF_LETTER_SHRINK;
        double delta = W - nat;
        /* letters stretch at most PDF_LETTER_MAX_RATIO times their share; a
         * looser line puts the rest in its spaces (or, with none, ends short) */
        double letter_r = 0, space_delta = delta;
        if (delta > 0 && ys_all > 0) {
            letter_r = fmin(delta / ys_all, PDF_LETTER_MAX_RATIO);
            space_delta = delta - letter_r * track * PDF_LETTER_STRETCH;
        } else if (delta < 0 && zs_all > 0) {
            letter_r = fmax(delta, -zs_all) / zs_all;
            space_delta = fmax(delta, -zs_all) - letter_r * track * PDF_LETTER_SHRINK;
        }
        double x = first ? indent : 0;
        /* a justified line fills the measure; a line too long (an overfull
         * one, the breaker's last resort) shrinks its spaces what they can */
        bool spread = (p->align == PDF_JUSTIFY && !last && delta > 0) || delta < 0;
        /* a line that cannot be filled but by gaping spaces (a long name or
         * URL with a space or two beside it) is set flush left instead, as
         * InDesign's single-word justification does */
        if (delta > 0 && ys > 0 && space_delta / ys > PDF_SPACE_MAX_RATIO)
            spread = false;
        if (display) {
            x = (W - display->w) / 2;
        } else if (spread) {
            for (size_t k = si; k < b; k++) {
                const struct pdf_kp_item *it = &s->items[k];
                if (it->type != PDF_KP_GLUE || it->g < g0 || it->g >= g1)
                    continue;
                if (delta > 0 && ys > 0)
                    s->extra[it->g] = (float)(space_delta * it->y / ys);
                else if (delta < 0 && zs > 0)
                    s->extra[it->g] = (float)(space_delta * it->z / zs);
            }
            for (size_t k = g0; k + 1 < g1 && track > 0; k++)
                s->extra[k] += (float)(letter_r * s->track[k] *
                                       (delta > 0 ? PDF_LETTER_STRETCH : PDF_LETTER_SHRINK));
        } else if (p->align == PDF_CENTER) {
            x += delta / 2;
        } else if (p->align == PDF_RIGHT) {
            x += delta;
        }
        for (size_t k = g0; k < g1; k++) {
            s->gx[k] = (float)x;
            x += s->g[k].adv + s->extra[k];
        }
        if (nat > out->width)
            out->width = nat;
        if (x + (hyphen ? bi->w : 0) - W > out->overrun)
            out->overrun = (float)(x + (hyphen ? bi->w : 0) - W);

        pdf_dlist_box(d);
        size_t box_index = d->n_boxes - 1;
        if (first && pc->first && o->tag >= 0)
            pdf_op_tag(d, (enum pdf_tag)o->tag, false);
        uint32_t byte0 = g0 < s->n_g ? s->g[g0].cluster : (uint32_t)len;
        uint32_t byte1 = last && li == n_lines - 1 ? (uint32_t)len + 1
                         : (g1 < s->n_g ? s->g[g1].cluster : (uint32_t)len);
        if (first)
            byte0 = 0;
        while (dest_i < p->n_dests && p->dests[dest_i].at < byte1) {
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_DEST, .a = p->dests[dest_i].value});
            dest_i++;
        }
        uint32_t text_end = g1 < s->n_g ? s->g[g1].cluster : (uint32_t)len;
        /* a display image's gap above it: the page builder drops a box's space
         * at a page's top, but the paragraph's first box gets the paragraph's */
        bool gap_inside = display && first && pc->first;
        lc.line_y = gap_inside ? p->lead * PDF_DISPLAY_GAP : 0;
        lc.line_h = display ? display->h : p->lead;
        lc.changed = false;
        emit_runs(&lc, g0, g1, text_end);
        if (hyphen && g1 > g0) {
            const struct pdf_font_info *fi = &s->fonts[s->g[g1 - 1].font];
            uint32_t first_g = pdf_dlist_glyphs(d, 1);
            d->glyphs[first_g] = (struct pdf_glyph){.id = fi->hyphen_glyph};
            size_t hint = lc.span;
            const struct pdf_span *sp = pdf_span_at(p, s->g[g1 - 1].cluster, &hint);
            int color = sp ? sp->color : p->color;
            if (sp && sp->link >= 0 && color == PDF_C_TEXT)
                color = PDF_C_LINK;
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_GLYPHS, .face = (uint8_t)fi->face,
                                             .color = (uint8_t)color, .size = fi->size,
                                             .x = (float)x, .y = (float)lc.baseline,
                                             .a = first_g, .n = 1,
                                             .text = pdf_dlist_text(d, "-", 1), .text_len = 1});
            out->n_hyphens++;
        }
        if (li == n_lines - 1 && pc->final && o->tag >= 0)
            pdf_op_tag(d, (enum pdf_tag)o->tag, true);
        struct pdf_box *bx = &d->boxes[box_index];
        bx->op1 = (uint32_t)d->n_ops;
        bx->h = (float)p->lead;
        if (display) {
            /* the text's own spacing around it: a third of a line above and below */
            bx->space = gap_inside ? 0 : (float)(p->lead * PDF_DISPLAY_GAP);
            bx->h = (float)(lc.line_y + display->h + p->lead * PDF_DISPLAY_GAP);
        }
        bx->x = (float)o->x;
        bx->note0 = (uint32_t)d->n_note_refs;
        while (note_i < p->n_notes && p->notes[note_i].at < byte1) {
            pdf_dlist_note_ref(d, p->notes[note_i].value);
            note_i++;
        }
        bx->n_notes = (uint32_t)d->n_note_refs - bx->note0;
        while (src_i + 1 < p->n_srcs && p->srcs[src_i + 1].at <= byte0)
            src_i++;
        if (src_i < p->n_srcs) {
            bx->src_node = p->srcs[src_i].node;
            bx->src_off = p->srcs[src_i].off + (byte0 - p->srcs[src_i].at);
            if (p->srcs[src_i].at > byte0)
                bx->src_off = p->srcs[src_i].off;
        }
        bx->flags = (uint8_t)((ends_hyphen ? LINE_HYPHEN : 0) | (lc.changed ? PDF_BOXF_CHANGED : 0));
        start_item = b + 1;
        pc->marks_to = byte1;
    }
}

/* A paragraph of more than PARA_WINDOW bytes (a megabyte without a space) is
 * set a window at a time: the lines of the window's first seven eighths
 * stay, the rest (a hundred lines and more, where the end of the window
 * still sways the choice of breaks) are set again with the next window. The
 * memory for shaping and line breaking stays that of one window. */
#define PARA_WINDOW (64 * 1024)

static void lay_windows(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                        struct pdf_dlist *d, struct pdf_para_out *out, struct link_use *links)
{
    const char *t = p->text.data;
    size_t len = p->text.len;
    struct pdf_para q = {0};
    struct pdf_para_window_at at = {0};
    size_t pos = 0, marks_from = 0;
    bool first = true;
    while (pos < len) {
        size_t end = len - pos > PARA_WINDOW ? pos + PARA_WINDOW : len;
        while (end > pos + 1 && end < len && utf8_is_continuation((unsigned char)t[end]))
            end--;
        pdf_para_window(&q, p, pos, end, marks_from, &at);
        struct piece pc = {.first = first, .final = end == len,
                           .commit_to = (end - pos) / 8 * 7, .links = links};
        lay_piece(ps, &q, o, d, out, &pc);
        if (pc.next == 0)
            pc.next = end - pos; /* one line filled the window */
        marks_from = pos + pc.marks_to;
        pos += pc.next;
        first = false;
    }
    q.links = NULL;
    q.n_links = 0;
    pdf_para_free(&q);
}

void pdf_para_layout(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                     struct pdf_dlist *d, struct pdf_para_out *out)
{
    memset(out, 0, sizeof *out);
    out->box0 = d->n_boxes;
    size_t len = p->text.len;
    if (len == 0) {
        if (p->n_dests == 0 && p->n_notes == 0)
            return;
        struct pdf_box *bx = pdf_dlist_box(d);
        for (size_t i = 0; i < p->n_dests; i++)
            pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_DEST, .a = p->dests[i].value});
        bx = &d->boxes[d->n_boxes - 1];
        bx->op1 = (uint32_t)d->n_ops;
        bx->x = (float)o->x;
        out->n_boxes = 1;
        return;
    }
    struct link_use *links = NULL;
    if (p->n_links) {
        links = xmalloc(p->n_links * sizeof *links);
        for (size_t i = 0; i < p->n_links; i++)
            links[i] = (struct link_use){.string = UINT32_MAX};
    }
    if (len > PARA_WINDOW) {
        lay_windows(ps, p, o, d, out, links);
    } else {
        struct piece pc = {.first = true, .final = true, .commit_to = SIZE_MAX, .links = links};
        lay_piece(ps, p, o, d, out, &pc);
    }
    free(links);
    out->n_boxes = d->n_boxes - out->box0;
    /* page breaks: never after a first line or before a last one (no orphans,
     * no widows), never after a line ending in a hyphen, added or typed */
    for (size_t i = 0; i < out->n_boxes; i++) {
        struct pdf_box *bx = &d->boxes[out->box0 + i];
        bool hy = bx->flags & LINE_HYPHEN;
        bx->flags &= (uint8_t)~LINE_HYPHEN;
        if (i + 1 == out->n_boxes)
            bx->penalty = 0;
        else if (o->keep_together || i == 0 || i + 2 == out->n_boxes || hy)
            bx->penalty = PDF_INF;
        else
            bx->penalty = 0;
    }
}
