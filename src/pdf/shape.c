/* Shaping a paragraph: one Pango shaping pass over the whole paragraph (no
 * PangoLayout), its glyphs in logical order, inline images as glyphs of
 * their own, and its break opportunities (UAX #14). */
#include "pdf/design.h"
#include "pdf/para_set.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pdf_setter *pdf_setter_new(struct pdf_shaper *sh)
{
    struct pdf_setter *ps = xcalloc(1, sizeof *ps);
    ps->sh = sh;
    return ps;
}

void pdf_setter_free(struct pdf_setter *ps)
{
    if (!ps)
        return;
    struct pdf_para_scratch *s = &ps->s;
    free(s->g);
    free(s->gat);
    free(s->hyph);
    free(s->items);
    free(s->breaks);
    free(s->gx);
    free(s->extra);
    free(s->track);
    free(s->la);
    free(s->img);
    if (s->gs)
        pango_glyph_string_free(s->gs);
    free(ps);
}

static void warn_missing(struct pdf_para_scratch *s, uint32_t cp, const struct pdf_para_opts *o)
{
    if (!o || !o->dl)
        return;
    for (size_t i = 0; i < s->n_missing; i++)
        if (s->missing[i] == cp)
            return;
    if (s->n_missing < 64)
        s->missing[s->n_missing++] = cp;
    /* the character itself only when it is one a terminal shows */
    char utf8[12] = {0};
    if (g_unichar_isprint((gunichar)cp)) {
        utf8[0] = ' ';
        utf8[1] = '\'';
        int n = g_unichar_to_utf8((gunichar)cp, utf8 + 2);
        utf8[2 + n] = '\'';
    }
    diag_add(o->dl, DIAG_WARNING, o->chapter_file ? o->chapter_file : "", o->line, 0,
             "character U+%04X%s is in none of the bundled fonts (fonts/fonts.list); "
             "the PDF shows a box",
             cp, utf8);
}

static uint16_t font_index(struct pdf_setter *ps, struct pdf_para_scratch *s, PangoFont *font)
{
    struct pdf_font_info fi = pdf_shaper_font(ps->sh, font);
    for (size_t i = 0; i < s->n_fonts; i++)
        if (s->fonts[i].face == fi.face && s->fonts[i].size == fi.size)
            return (uint16_t)i;
    if (s->n_fonts < 64)
        s->fonts[s->n_fonts++] = fi;
    return (uint16_t)(s->n_fonts - 1);
}

static void shape_glyphs(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                         double width);

const struct pdf_sglyph *pdf_para_shape(struct pdf_setter *ps, struct pdf_para *p,
                                        const struct pdf_para_opts *o, size_t *n_out)
{
    /* a code block wraps by its own rules: no break opportunities */
    shape_glyphs(ps, p, o, o->width);
    *n_out = ps->s.n_g;
    return ps->s.g;
}

struct pdf_font_info pdf_para_font(struct pdf_setter *ps, uint16_t font)
{
    return ps->s.fonts[font];
}

/* Shapes one item of the piece that starts at byte base of the paragraph text. */
static void shape_item(struct pdf_setter *ps, struct pdf_para_scratch *s, const char *text,
                       size_t len, size_t base, PangoItem *item, const struct pdf_para_opts *o)
{
    PangoGlyphString *gs = s->gs;
    pango_shape_with_flags(text + base + item->offset, item->length, text, (int)len,
                           &item->analysis, gs, PANGO_SHAPE_NONE);
    uint16_t fi = font_index(ps, s, item->analysis.font);
    bool rtl = item->analysis.level & 1;
    s->g = xreserve(s->g, &s->cap_g, s->n_g + (size_t)gs->num_glyphs, sizeof *s->g);
    for (int k = 0; k < gs->num_glyphs; k++) {
        int i = rtl ? gs->num_glyphs - 1 - k : k;
        PangoGlyphInfo *gi = &gs->glyphs[i];
        if (gi->glyph == PANGO_GLYPH_EMPTY)
            continue;
        uint32_t id = gi->glyph;
        if (id & PANGO_GLYPH_UNKNOWN_FLAG) {
            warn_missing(s, id & ~PANGO_GLYPH_UNKNOWN_FLAG, o);
            id = 0; /* .notdef: the box a reader can see */
        }
        s->g[s->n_g++] = (struct pdf_sglyph){
            .id = id,
            .adv = (float)gi->geometry.width / PANGO_SCALE,
            .xoff = (float)gi->geometry.x_offset / PANGO_SCALE,
            .cluster = (uint32_t)(base + (size_t)item->offset + (size_t)gs->log_clusters[i]),
            .font = fi,
        };
    }
}

#define FONT_FLAGS (PDF_FF_MONO | PDF_FF_BOLD | PDF_FF_ITALIC)
/* no programming ligatures: a reader must see == and -> as typed */
#define MONO_FEATURES "liga 0, calt 0"

/* Pango attributes for the spans over bytes [start, end) of the text, with
 * indices from start. Every attribute ends a Pango item, and a highlighted
 * code line has a span per token: neighbouring monospaced spans in the same
 * font (they differ only in colour) share one attribute, so a line is shaped
 * in one piece. Monospaced text has no ligatures or kerning to join across
 * the seam; other text keeps an item per span. */
static PangoAttrList *piece_attrs(struct pdf_setter *ps, const struct pdf_para *p, size_t span0,
                                  size_t start, size_t end)
{
    PangoAttrList *attrs = pango_attr_list_new();
    /* HarfBuzz caches a shaping plan only for features over the whole text:
     * a piece all in the monospaced face (a line of code) gets them so */
    bool all_mono = true;
    for (size_t i = span0; i < p->n_spans && p->spans[i].start < end && all_mono; i++)
        all_mono = p->spans[i].end <= start || (p->spans[i].flags & PDF_FF_MONO);
    if (all_mono)
        pango_attr_list_insert(attrs, pango_attr_font_features_new(MONO_FEATURES));
    for (size_t i = span0; i < p->n_spans && p->spans[i].start < end; i++) {
        const struct pdf_span *sp = &p->spans[i];
        if (sp->end <= start)
            continue;
        size_t last = i;
        while ((sp->flags & PDF_FF_MONO) && last + 1 < p->n_spans &&
               p->spans[last + 1].start < end && p->spans[last + 1].start == p->spans[last].end &&
               (p->spans[last + 1].flags & FONT_FLAGS) == (sp->flags & FONT_FLAGS) &&
               p->spans[last + 1].scale == sp->scale)
            last++;
        uint32_t sp_end = p->spans[last].end;
        i = last;
        guint a0 = (guint)((sp->start > start ? sp->start : start) - start);
        guint a1 = (guint)((sp_end < end ? sp_end : end) - start);
        bool mono = sp->flags & PDF_FF_MONO;
        PangoFontDescription *d =
            pdf_font_desc(ps->sh->fonts, mono ? PDF_MONO : PDF_SERIF, sp->flags & PDF_FF_BOLD,
                          sp->flags & PDF_FF_ITALIC, p->size * sp->scale);
        PangoAttribute *a = pango_attr_font_desc_new(d);
        pango_font_description_free(d);
        a->start_index = a0;
        a->end_index = a1;
        pango_attr_list_insert(attrs, a);
        if (mono && !all_mono) {
            a = pango_attr_font_features_new(MONO_FEATURES);
            a->start_index = a0;
            a->end_index = a1;
            pango_attr_list_insert(attrs, a);
        }
    }
    return attrs;
}

/* A line of code or a table cell of megabytes would be shaped in one piece,
 * with HarfBuzz's and Pango's buffers at some forty bytes a character: a
 * line longer than SHAPE_PIECE bytes is shaped in pieces, cut after a space
 * if there is one near the end, else between two characters (never before a
 * combining mark). Kerning across the cut is lost; nothing else. */
#define SHAPE_PIECE (64 * 1024)

static size_t piece_end(const char *text, size_t start)
{
    size_t cut = start + SHAPE_PIECE;
    for (size_t i = cut; i > cut - SHAPE_PIECE / 4; i--)
        if (text[i - 1] == ' ')
            return i;
    while (cut > start + 1) {
        if (((unsigned char)text[cut] & 0xC0) != 0x80) {
            gunichar c = g_utf8_get_char(text + cut);
            if (!g_unichar_ismark(c) && c != 0x200D && !(c >= 0xFE00 && c <= 0xFE0F))
                break;
        }
        cut--;
    }
    return cut;
}

/* Sizes inline image i for a measure of width and appends its glyph. Beside
 * text it is scaled down (never up) to the height of a capital and a
 * descender; taller than three lines and allowed a line of its own
 * (display_h > 0), it is scaled down to display_h instead. Never wider than
 * the measure. */
static void image_glyph(struct pdf_para_scratch *s, const struct pdf_para *p, size_t i,
                        double width, double display_h, size_t *span_hint)
{
    const struct pdf_para_image *im = &p->images[i];
    const struct pdf_span *sp = pdf_span_at(p, im->at, span_hint);
    double em = p->size * (sp ? sp->scale : 1.0);
    bool display = display_h > 0 && im->h > 3 * p->lead;
    double k = 1;
    if (im->h > 0)
        k = fmin(1.0, (display ? display_h : em * PDF_IMAGE_EMS) / im->h);
    if (width > 0 && im->w * k > width)
        k = width / im->w;
    s->img[i] = (struct pdf_set_image){.w = (float)(im->w * k), .h = (float)(im->h * k),
                                   .display = display};
    s->g = xreserve(s->g, &s->cap_g, s->n_g + 1, sizeof *s->g);
    s->g[s->n_g++] = (struct pdf_sglyph){.id = (uint32_t)i, .adv = s->img[i].w,
                                         .cluster = im->at, .font = PDF_IMAGE_FONT};
}

/* Itemizes and shapes the whole paragraph (each hard line break and each
 * inline image ends a piece); no PangoLayout, whose line breaking we would
 * throw away. Each piece is itemized as a text of its own: pango_itemize
 * counts the characters before its start index on every call, which made a
 * long code block quadratic. Images are sized for a measure of width. */
static void shape_glyphs(struct pdf_setter *ps, struct pdf_para *p, const struct pdf_para_opts *o,
                         double width)
{
    struct pdf_para_scratch *s = &ps->s;
    const char *text = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    if (!s->gs)
        s->gs = pango_glyph_string_new();
    s->n_g = 0;
    s->n_fonts = 0;
    size_t span0 = 0; /* the first span that can reach the piece (spans are in order) */
    size_t start = 0;
    size_t im = 0, im_hint = 0; /* the next inline image */
    s->img = xreserve(s->img, &s->cap_img, p->n_images + 1, sizeof *s->img);
    while (start <= len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        while (im < p->n_images && p->images[im].at < start)
            im++;
        bool image = im < p->n_images && p->images[im].at < end;
        if (image)
            end = p->images[im].at;
        bool cut = end - start > SHAPE_PIECE;
        if (cut) {
            end = piece_end(text, start);
            image = false;
        }
        if (end > start) {
            while (span0 < p->n_spans && p->spans[span0].end <= start)
                span0++;
            PangoAttrList *attrs = piece_attrs(ps, p, span0, start, end);
            GList *items = pango_itemize(ps->sh->ctx, text + start, 0, (int)(end - start), attrs,
                                         NULL);
            for (GList *l = items; l; l = l->next) {
                shape_item(ps, s, text, len, start, l->data, o);
                pango_item_free(l->data);
            }
            g_list_free(items);
            pango_attr_list_unref(attrs);
        }
        if (image) {
            image_glyph(s, p, im, width, o ? o->image_h : 0, &im_hint);
            start = end + 3; /* past its U+FFFC */
            im++;
        } else {
            start = cut ? end : end + 1;
        }
    }
}

/* Shapes p (its images sized for a measure of width) and finds its break
 * opportunities. */
void pdf_para_shape_breaks(struct pdf_setter *ps, struct pdf_para *p,
                           const struct pdf_para_opts *o, double width)
{
    struct pdf_para_scratch *s = &ps->s;
    const char *text = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    shape_glyphs(ps, p, o, width);
    s->gat = xreserve(s->gat, &s->cap_gat, len + 1, sizeof *s->gat);
    for (size_t b = 0; b <= len; b++)
        s->gat[b] = -1;
    for (size_t i = s->n_g; i-- > 0;)
        s->gat[s->g[i].cluster] = (int32_t)i;
    s->gat[len] = (int32_t)s->n_g;
    /* break opportunities (UAX #14) */
    size_t n_chars = (size_t)g_utf8_strlen(text, (gssize)len);
    s->la = xreserve(s->la, &s->cap_la, n_chars + 1, sizeof *s->la);
    pango_get_log_attrs(text, (int)len, -1, pango_context_get_language(ps->sh->ctx), s->la,
                        (int)n_chars + 1);
    s->n_la = n_chars + 1;
}
