/* A shaped paragraph as Knuth–Plass items: boxes, glue and penalties from
 * Pango's break opportunities and libhyphen's hyphenation points; words too
 * wide for the measure, display images; and the natural and narrowest
 * widths of a paragraph (table columns). */
#include "pdf/design.h"
#include "pdf/hyphen.h"
#include "pdf/para_set.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void item_add(struct pdf_para_scratch *s, struct pdf_kp_item it)
{
    struct pdf_kp_item *last = s->n_items ? &s->items[s->n_items - 1] : NULL;
    if (it.type != PDF_KP_BOX && last && last->type == PDF_KP_BOX && it.g > 0 &&
        s->track[it.g - 1] > 0) {
        /* letter spacing goes between letters, not before a place a line may
         * end (where it would move the line's end off the margin) */
        last->y -= s->track[it.g - 1] * PDF_LETTER_STRETCH;
        last->z -= s->track[it.g - 1] * PDF_LETTER_SHRINK;
        s->track[it.g - 1] = 0;
    }
    if (it.type == PDF_KP_BOX && s->n_items && s->items[s->n_items - 1].type == PDF_KP_BOX) {
        s->items[s->n_items - 1].w += it.w;
        s->items[s->n_items - 1].y += it.y;
        s->items[s->n_items - 1].z += it.z;
        return;
    }
    s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
    s->items[s->n_items++] = it;
}

/* In code and URLs, a line may end between prev and c only where a reader
 * expects a name or an address to go on: after / . _ - : or a comma (not
 * inside a run such as "__" or "::", nor at a decimal point), after a URL's
 * ? & = #, or between camel-case parts. */
static bool code_break_between(gunichar prev, gunichar c, bool url)
{
    if (g_unichar_isspace(c) || c == prev)
        return false;
    if (prev == '.' && g_unichar_isdigit(c))
        return false;
    if (prev == '/' || prev == '.' || prev == '_' || prev == '-' || prev == ',')
        return true;
    if (prev == ':' && c != '/') /* a C++ or Rust path ("py::" / "buffer"), not "https:" */
        return true;
    if (url && (prev == '?' || prev == '&' || prev == '=' || prev == '#'))
        return true;
    return g_unichar_islower(prev) && g_unichar_isupper(c);
}

/* Marks hyphenation points of every word of at least five letters in spans
 * that allow it. */
static void find_hyphens(struct pdf_setter *ps, struct pdf_para *p, struct pdf_para_scratch *s)
{
    size_t len = p->text.len;
    s->hyph = xreserve(s->hyph, &s->cap_hyph, len + 1, sizeof *s->hyph);
    memset(s->hyph, 0, len + 1);
    if (!p->hyphenate || !ps->sh->hyph)
        return;
    const char *t = p->text.data;
    size_t hint = 0;
    size_t i = 0;
    while (i < len) {
        gunichar c = g_utf8_get_char(t + i);
        if (!g_unichar_isalpha(c)) {
            i = (size_t)(g_utf8_next_char(t + i) - t);
            continue;
        }
        size_t w0 = i;
        while (i < len && g_unichar_isalpha(g_utf8_get_char(t + i)))
            i = (size_t)(g_utf8_next_char(t + i) - t);
        const struct pdf_span *sp = pdf_span_at(p, (uint32_t)w0, &hint);
        if (!sp || (sp->flags & (PDF_FF_MONO | PDF_FF_NOHYPH | PDF_FF_URL)))
            continue;
        /* a word glued to digits or an underscore is a name, not a word */
        if (i < len && (t[i] == '_' || (t[i] >= '0' && t[i] <= '9')))
            continue;
        if (w0 > 0 && (t[w0 - 1] == '_' || (t[w0 - 1] >= '0' && t[w0 - 1] <= '9')))
            continue;
        pdf_hyphenate(ps->sh->hyph, t + w0, i - w0, s->hyph + w0);
    }
}

/* Glyphs [g0, g1), a word wider than the line: a box per glyph, and a break
 * where a reader expects one: at a hyphenation point (with a hyphen) in
 * prose, after / . _ and the like or between camel-case parts in a name or
 * address; only where there is none, between any two graphemes, at a high
 * cost. */
static void break_anywhere(struct pdf_setter *ps, const struct pdf_para *p,
                           struct pdf_para_scratch *s, size_t g0, size_t g1)
{
    const char *t = p->text.data;
    uint32_t b0 = s->g[g0].cluster, b1 = g1 < s->n_g ? s->g[g1].cluster : (uint32_t)p->text.len;
    size_t hint = 0;
    const struct pdf_span *sp = pdf_span_at(p, b0, &hint);
    bool prose = sp && !(sp->flags & (PDF_FF_MONO | PDF_FF_URL | PDF_FF_NOHYPH));
    if (prose && ps->sh->hyph) {
        for (uint32_t i = b0; i < b1;) {
            if (!g_unichar_isalpha(g_utf8_get_char(t + i))) {
                i = (uint32_t)(g_utf8_next_char(t + i) - t);
                continue;
            }
            uint32_t w0 = i;
            while (i < b1 && g_unichar_isalpha(g_utf8_get_char(t + i)))
                i = (uint32_t)(g_utf8_next_char(t + i) - t);
            pdf_hyphenate(ps->sh->hyph, t + w0, i - w0, s->hyph + w0);
        }
    }
    size_t ci = (size_t)g_utf8_pointer_to_offset(t, t + b0); /* character index of byte at */
    uint32_t at = b0;
    for (size_t k = g0; k < g1; k++) {
        s->track[k] = 0;
        uint32_t bk = s->g[k].cluster;
        if (k > g0 && bk != s->g[k - 1].cluster) {
            for (; at < bk; at = (uint32_t)(g_utf8_next_char(t + at) - t))
                ci++;
            gunichar prev = g_utf8_get_char(g_utf8_prev_char(t + bk)), c = g_utf8_get_char(t + bk);
            struct pdf_kp_item pen = {.type = PDF_KP_PENALTY, .g = (uint32_t)k};
            if (prose && s->hyph[bk] && s->g[k - 1].font != PDF_IMAGE_FONT) {
                pen.flagged = true;
                pen.w = s->fonts[s->g[k - 1].font].hyphen_w;
                pen.p = PDF_PENALTY_HYPHEN;
            } else if (code_break_between(prev, c, true)) {
                pen.flagged = prev == '-';
                pen.p = PDF_PENALTY_NAME;
            } else if (ci < s->n_la && s->la[ci].is_cursor_position) {
                pen.p = PDF_PENALTY_ANYWHERE;
            } else {
                pen.p = PDF_INF;
            }
            if (pen.p < PDF_INF)
                item_add(s, pen);
        }
        s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
        s->items[s->n_items++] =
            (struct pdf_kp_item){.type = PDF_KP_BOX, .w = s->g[k].adv, .g = (uint32_t)k};
    }
}

/* A line's end like a hard line break's, before glyph g. */
static void end_line(struct pdf_para_scratch *s, size_t g, double W)
{
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF, .g = (uint32_t)g});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = (float)(W * 1e3), .g = (uint32_t)g});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF, .g = (uint32_t)g});
}

/* Glyphs [g0, g1), a word wider than GIANT_WORD lines: breaks between every
 * two clusters would cost the line breaker time in proportion to the word
 * times the line. Like a browser's overflow-wrap, the word starts a line of
 * its own (the line before ends short) and is cut wherever a line is full;
 * its last piece runs on into what follows. room: the first line's width. */
#define GIANT_WORD 3
static void cut_giant_word(struct pdf_para_scratch *s, size_t g0, size_t g1, double W,
                           double room)
{
    for (size_t k = g0; k < g1; k++)
        s->track[k] = 0;
    if (s->n_items) {
        struct pdf_kp_item *prev = &s->items[s->n_items - 1];
        bool at_start = prev->type == PDF_KP_PENALTY && prev->p <= -PDF_INF;
        bool indent_box = prev->type == PDF_KP_BOX;
        size_t at = g0;
        if (prev->type == PDF_KP_GLUE || (prev->type == PDF_KP_PENALTY && !at_start)) {
            /* the space or break before the word: the line ends there (before
             * the space, which would otherwise count in the line's width) */
            at = prev->g;
            s->n_items--;
        }
        if (!at_start && !indent_box && s->n_items)
            end_line(s, at, W);
    }
    double x = 0;
    size_t k0 = g0;
    for (size_t k = g0; k < g1; k++) {
        if (k > k0 && s->g[k].cluster != s->g[k - 1].cluster && x + s->g[k].adv > room) {
            s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
            s->items[s->n_items++] =
                (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)x, .g = (uint32_t)k0};
            end_line(s, k, W);
            k0 = k;
            x = 0;
            room = W;
        }
        x += s->g[k].adv;
    }
    s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
    s->items[s->n_items++] =
        (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)x, .g = (uint32_t)k0};
}

/* A display image (glyph g): a line of its own. The line before it ends where
 * it ends, before the space that led to the image; an indent before it is
 * dropped (the image is centred). Returns the number of items with the image,
 * so that a forced break after it that ends the paragraph can be dropped. */
static size_t image_line(struct pdf_para_scratch *s, size_t g, double W)
{
    size_t at = g;
    if (s->n_items) {
        struct pdf_kp_item *prev = &s->items[s->n_items - 1];
        if (prev->type == PDF_KP_GLUE) {
            at = prev->g;
            s->n_items--;
        } else if (prev->type == PDF_KP_BOX && s->n_items == 1 && g == 0) {
            s->n_items = 0; /* the first line's indent */
        }
    }
    if (s->n_items && !(s->items[s->n_items - 1].type == PDF_KP_PENALTY &&
                        s->items[s->n_items - 1].p <= -PDF_INF))
        end_line(s, at, W);
    s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
    s->items[s->n_items++] =
        (struct pdf_kp_item){.type = PDF_KP_BOX, .w = s->g[g].adv, .g = (uint32_t)g};
    end_line(s, g + 1, W);
    return s->n_items;
}

/* The width box i takes at the end of a line: its own and that of the hyphen
 * a break right after it adds. */
static double box_span(const struct pdf_kp_item *it, size_t n, size_t i)
{
    double w = it[i].w;
    if (i + 1 < n && it[i + 1].type == PDF_KP_PENALTY && it[i + 1].p < PDF_INF)
        w += it[i + 1].w;
    return w;
}

/* Boxes, glue and penalties for the shaped paragraph; returns the number of items. */
size_t pdf_para_items(struct pdf_setter *ps, struct pdf_para *p, double indent, double W)
{
    struct pdf_para_scratch *s = &ps->s;
    const char *t = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    s->n_items = 0;
    find_hyphens(ps, p, s);
    s->track = xreserve(s->track, &s->cap_track, s->n_g + 1, sizeof *s->track);
    memset(s->track, 0, (s->n_g + 1) * sizeof *s->track);
    int n_attrs = (int)s->n_la;
    const PangoLogAttr *la = s->la;
    if (indent > 0)
        item_add(s, (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)indent, .g = 0});
    size_t hint = 0;
    size_t ci = 0;
    gunichar prev = 0;
    size_t image_end = SIZE_MAX; /* items up to a display image's forced break after it */
    for (size_t b = 0; b < len; ci++) {
        gunichar c = g_utf8_get_char(t + b);
        size_t next = (size_t)(g_utf8_next_char(t + b) - t);
        int32_t g = s->gat[b];
        const struct pdf_span *sp = pdf_span_at(p, (uint32_t)b, &hint);
        uint16_t fl = sp ? sp->flags : 0;
        if (c == '\n') {
            /* a hard line break: end the line unstretched */
            uint32_t at = (uint32_t)(g >= 0 ? g : s->gat[next] >= 0 ? s->gat[next] : 0);
            if (g < 0) {
                size_t k = next;
                while (k < len && s->gat[k] < 0)
                    k++;
                at = (uint32_t)s->gat[k];
            }
            if (s->n_items != image_end) { /* an image's line has ended already */
                item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF, .g = at});
                item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = (float)(W * 1e3),
                                                 .g = at});
                item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF,
                                                 .g = at});
            }
            prev = c;
            b = next;
            continue;
        }
        if (g < 0) { /* inside a cluster (a ligature): no break here */
            prev = c;
            b = next;
            continue;
        }
        if (s->g[g].font == PDF_IMAGE_FONT && s->img[s->g[g].id].display) {
            image_end = image_line(s, (size_t)g, W);
            prev = c;
            b = next;
            continue;
        }
        float w = 0;
        size_t ge = (size_t)g + 1;
        while (ge < s->n_g && s->g[ge].cluster == s->g[g].cluster)
            ge++;
        for (size_t k = (size_t)g; k < ge; k++)
            w += s->g[k].adv;
        bool breakable = (int)ci < n_attrs && la[ci].is_line_break;
        bool mono = fl & PDF_FF_MONO;
        float stretch = mono ? 0 : w * PDF_SPACE_STRETCH_EMS, shrink = mono ? 0 : w * PDF_SPACE_SHRINK_EMS;
        if (c == ' ' && !(mono && prev == ' ')) {
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = w, .y = stretch,
                                             .z = shrink, .g = (uint32_t)g});
        } else if (c == 0xA0 || c == 0x202F || c == ' ') {
            /* a no-break space: stretchable (but in code), never a break */
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF,
                                             .g = (uint32_t)g});
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = w, .y = stretch,
                                             .z = shrink, .g = (uint32_t)g});
        } else {
            /* a footnote marker stays on its word's line */
            bool marker = (fl & PDF_FF_SUP) && ((c >= '0' && c <= '9') || c == ',');
            if (b > 0 && prev != ' ' && prev != '\n' && !marker) {
                if (s->hyph[b] && g > 0 && s->g[g - 1].font != PDF_IMAGE_FONT) {
                    const struct pdf_font_info *fi = &s->fonts[s->g[g > 0 ? g - 1 : 0].font];
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY,
                                                     .flagged = true,
                                                     .w = fi->hyphen_w,
                                                     .p = PDF_PENALTY_HYPHEN,
                                                     .g = (uint32_t)g});
                } else if (breakable && !(fl & (PDF_FF_URL | PDF_FF_MONO)) &&
                           !g_unichar_isspace(prev) && c != 0x2014 && c != 0x2013 &&
                           c != 0x2015 && !(c == prev && g_unichar_ispunct(c))) {
                    /* after an explicit hyphen or dash: counts as a hyphenated line.
                     * Never before a dash set close to the word before it
                     * ("Era—The"): a line does not begin with one. */
                    bool dash = prev == '-' || prev == 0x2010 || prev == 0x2013;
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .flagged = dash,
                                                     .p = dash ? PDF_PENALTY_HYPHEN : 0, .g = (uint32_t)g});
                } else if ((fl & (PDF_FF_URL | PDF_FF_MONO)) &&
                           code_break_between(prev, c, fl & PDF_FF_URL)) {
                    /* after a name's or an address's own hyphen the line reads
                     * as a hyphenated one: it counts as one */
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .flagged = prev == '-',
                                                     .p = PDF_PENALTY_URL, .g = (uint32_t)g});
                }
            }
            bool tracked = !mono && s->g[g].font != PDF_IMAGE_FONT && !g_unichar_isspace(c);
            if (tracked)
                s->track[ge - 1] = w;
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_BOX, .w = w,
                                             .y = tracked ? w * PDF_LETTER_STRETCH : 0,
                                             .z = tracked ? w * PDF_LETTER_SHRINK : 0,
                                             .g = (uint32_t)g});
        }
        prev = c;
        b = next;
    }
    if (s->n_items == image_end)
        s->n_items -= 3; /* the paragraph ends with the image's line: no empty line after it */
    /* a word wider than the line (with the hyphen a break after it adds) may
     * break anywhere, at a high cost */
    bool too_wide = false;
    for (size_t i = 0; i < s->n_items && !too_wide; i++)
        too_wide = s->items[i].type == PDF_KP_BOX && box_span(s->items, s->n_items, i) > W;
    if (too_wide) {
        size_t n = s->n_items;
        struct pdf_kp_item *old = xmalloc(n * sizeof *old);
        memcpy(old, s->items, n * sizeof *old);
        s->n_items = 0;
        for (size_t i = 0; i < n; i++) {
            if (old[i].type != PDF_KP_BOX || box_span(old, n, i) <= W) {
                item_add(s, old[i]);
                continue;
            }
            size_t gend = i + 1 < n ? old[i + 1].g : s->n_g;
            double room = W;
            if (i == 0 && indent > 0) {
                /* the first word's box holds the indent: it stays a box of its own */
                s->items = xreserve(s->items, &s->cap_items, s->n_items + 1, sizeof *s->items);
                s->items[s->n_items++] =
                    (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)indent, .g = 0};
                room -= indent;
            }
            if (old[i].w > GIANT_WORD * W)
                cut_giant_word(s, old[i].g, gend, W, room);
            else
                break_anywhere(ps, p, s, old[i].g, gend);
        }
        free(old);
    }
    uint32_t end = (uint32_t)s->n_g;
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF, .g = end});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = (float)(W * 1e3), .g = end});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF, .g = end});
    return s->n_items;
}

void pdf_para_measure(struct pdf_setter *ps, struct pdf_para *p, double avail, double *max_w,
                      double *min_w)
{
    *max_w = *min_w = 0;
    if (!p->text.len)
        return;
    struct pdf_para_scratch *s = &ps->s;
    bool hy = p->hyphenate;
    p->hyphenate = false;
    pdf_para_shape_breaks(ps, p, NULL, avail);
    size_t n = pdf_para_items(ps, p, 0, 1e9);
    p->hyphenate = hy;
    double line = 0, piece = 0;
    for (size_t i = 0; i < n; i++) {
        const struct pdf_kp_item *it = &s->items[i];
        if (it->type == PDF_KP_BOX) {
            line += it->w;
            piece += it->w;
        } else if (it->type == PDF_KP_GLUE) {
            if (piece > *min_w)
                *min_w = piece;
            piece = 0;
            line += it->w;
        } else if (it->p < PDF_INF) {
            if (piece > *min_w)
                *min_w = piece;
            piece = 0;
            if (it->p == -PDF_INF) {
                if (line > *max_w)
                    *max_w = line;
                line = 0;
            }
        }
    }
    if (piece > *min_w)
        *min_w = piece;
    if (line > *max_w)
        *max_w = line;
}
