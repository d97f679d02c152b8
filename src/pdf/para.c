/* Paragraphs: one Pango shaping pass over the whole paragraph, break points
 * from Pango's log attributes and libhyphen, Knuth–Plass to choose the lines,
 * then each line cut from the shaped glyphs and justified by spreading (or
 * shrinking) its spaces. Lines become boxes of positioned glyph runs; an
 * inline image is one more "glyph" of the line, drawn as an image. */
#include "pdf/internal.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>

/* The glyph font of an inline image (its glyph's id is its index in
 * pdf_para.images): none of the fonts pdf_para_font knows. */
#define IMAGE_FONT UINT16_MAX
/* An inline image's greatest height beside text, in ems of its text: a
 * capital's height and a descender's depth, so the line keeps its leading. */
#define IMAGE_EMS 1.2
/* Space above and below an image on a line of its own, in lines. */
#define DISPLAY_GAP 0.35

struct set_image {
    float w, h;
    bool display; /* on a line of its own (pdf_para_opts.image_h) */
};

struct pdf_para_scratch {
    struct pdf_sglyph *g;
    size_t n_g, cap_g;
    int32_t *gat; /* byte → glyph starting a cluster there, or -1 */
    size_t cap_gat;
    bool *hyph;   /* byte → a hyphenation point before it */
    size_t cap_hyph;
    struct pdf_kp_item *items;
    size_t n_items, cap_items;
    size_t *breaks;
    size_t cap_breaks;
    float *gx, *extra;
    size_t cap_gx, cap_extra;
    PangoGlyphString *gs;
    PangoLogAttr *la;
    size_t cap_la, n_la;
    struct pdf_font_info fonts[64];
    size_t n_fonts;
    struct set_image *img; /* per pdf_para.images: the size it is set at */
    size_t cap_img;
    uint32_t missing[64]; /* characters already reported in this chapter */
    size_t n_missing;
};

#define ENSURE(ptr, cap, need)                                                 \
    do {                                                                       \
        if ((need) > (cap)) {                                                  \
            size_t c_ = (cap) ? (cap) : 256;                                   \
            while (c_ < (need))                                                \
                c_ *= 2;                                                       \
            (ptr) = xrealloc((ptr), c_ * sizeof *(ptr));                       \
            (cap) = c_;                                                        \
        }                                                                      \
    } while (0)

static struct pdf_para_scratch *scratch(struct pdf_shaper *sh)
{
    if (!sh->scratch)
        sh->scratch = xcalloc(1, sizeof *sh->scratch);
    return sh->scratch;
}

void pdf_para_scratch_free(struct pdf_para_scratch *s)
{
    if (!s)
        return;
    free(s->g);
    free(s->gat);
    free(s->hyph);
    free(s->items);
    free(s->breaks);
    free(s->gx);
    free(s->extra);
    free(s->la);
    free(s->img);
    if (s->gs)
        pango_glyph_string_free(s->gs);
    free(s);
}

void pdf_shaper_begin_chapter(struct pdf_shaper *sh)
{
    scratch(sh)->n_missing = 0;
}

/* ---- the paragraph's content ---- */

void pdf_para_init(struct pdf_para *p, double size, double lead, enum pdf_align align)
{
    memset(p, 0, sizeof *p);
    p->size = size;
    p->lead = lead;
    p->ascent = (lead + size * (1.069 - 0.293)) / 2;
    p->align = align;
    p->hyphenate = align == PDF_JUSTIFY;
    p->color = PDF_C_TEXT;
}

void pdf_para_reset(struct pdf_para *p)
{
    for (size_t i = 0; i < p->n_links; i++)
        free(p->links[i]);
    p->n_links = 0;
    p->text.len = 0;
    if (p->text.data)
        p->text.data[0] = '\0';
    p->n_spans = p->n_notes = p->n_dests = p->n_srcs = p->n_images = 0;
}

void pdf_para_style(struct pdf_para *p, double size, double lead, enum pdf_align align)
{
    pdf_para_reset(p);
    p->size = size;
    p->lead = lead;
    p->ascent = (lead + size * (1.069 - 0.293)) / 2;
    p->align = align;
    p->hyphenate = align == PDF_JUSTIFY;
    p->balance = false;
    p->color = PDF_C_TEXT;
    p->base_flags = 0;
}

void pdf_para_free(struct pdf_para *p)
{
    pdf_para_reset(p);
    buf_free(&p->text);
    free(p->links);
    free(p->spans);
    free(p->notes);
    free(p->dests);
    free(p->srcs);
    free(p->images);
    memset(p, 0, sizeof *p);
}

void pdf_para_add(struct pdf_para *p, const char *s, size_t len, uint16_t flags, int color,
                  float scale, int link)
{
    if (!len)
        return;
    uint32_t start = (uint32_t)p->text.len;
    buf_put(&p->text, s, len);
    for (size_t i = start; i < p->text.len; i++)
        if (p->text.data[i] == '\t')
            p->text.data[i] = ' ';
    flags |= p->base_flags;
    if (p->n_spans) {
        struct pdf_span *last = &p->spans[p->n_spans - 1];
        if (last->end == start && last->flags == flags && last->color == color &&
            last->scale == scale && last->link == link) {
            last->end = (uint32_t)p->text.len;
            return;
        }
    }
    ENSURE(p->spans, p->cap_spans, p->n_spans + 1);
    p->spans[p->n_spans++] = (struct pdf_span){.start = start, .end = (uint32_t)p->text.len,
                                               .flags = flags, .color = (uint8_t)color,
                                               .scale = scale, .link = link};
}

int pdf_para_link(struct pdf_para *p, const char *attr)
{
    p->links = xgrow(p->links, p->n_links, sizeof *p->links);
    p->links[p->n_links] = xstrdup(attr);
    return (int)p->n_links++;
}

void pdf_para_image(struct pdf_para *p, uint32_t image, double w, double h, uint16_t flags,
                    int color, float scale, int link)
{
    ENSURE(p->images, p->cap_images, p->n_images + 1);
    p->images[p->n_images++] = (struct pdf_para_image){
        .at = (uint32_t)p->text.len, .image = image, .w = (float)w, .h = (float)h};
    pdf_para_add(p, "\xEF\xBF\xBC", 3, flags, color, scale, link); /* U+FFFC */
}

static void mark_add(struct pdf_para_mark **arr, size_t *n, size_t *cap, struct pdf_para_mark m)
{
    ENSURE(*arr, *cap, *n + 1);
    (*arr)[(*n)++] = m;
}

void pdf_para_note(struct pdf_para *p, uint32_t number)
{
    mark_add(&p->notes, &p->n_notes, &p->cap_notes,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len, .value = number});
}

void pdf_para_dest(struct pdf_para *p, const char *dest_name, struct pdf_dlist *d)
{
    mark_add(&p->dests, &p->n_dests, &p->cap_dests,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len,
                                    .value = pdf_dlist_string(d, dest_name)});
}

void pdf_para_src(struct pdf_para *p, uint32_t node, uint32_t off)
{
    mark_add(&p->srcs, &p->n_srcs, &p->cap_srcs,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len, .node = node, .off = off});
}

/* ---- shaping ---- */

static void warn_missing(struct pdf_shaper *sh, struct pdf_para_scratch *s, uint32_t cp,
                         const struct pdf_para_opts *o)
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
    (void)sh;
}

static uint16_t font_index(struct pdf_shaper *sh, struct pdf_para_scratch *s, PangoFont *font)
{
    struct pdf_font_info fi = pdf_shaper_font(sh, font);
    for (size_t i = 0; i < s->n_fonts; i++)
        if (s->fonts[i].face == fi.face && s->fonts[i].size == fi.size)
            return (uint16_t)i;
    if (s->n_fonts < 64)
        s->fonts[s->n_fonts++] = fi;
    return (uint16_t)(s->n_fonts - 1);
}

static void shape_glyphs(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                         double width);
static const struct pdf_span *span_at(const struct pdf_para *p, uint32_t byte, size_t *hint);

const struct pdf_sglyph *pdf_para_shape(struct pdf_shaper *sh, struct pdf_para *p,
                                        const struct pdf_para_opts *o, size_t *n_out)
{
    /* a code block wraps by its own rules: no break opportunities */
    shape_glyphs(sh, p, o, o->width);
    *n_out = scratch(sh)->n_g;
    return scratch(sh)->g;
}

struct pdf_font_info pdf_para_font(struct pdf_shaper *sh, uint16_t font)
{
    return scratch(sh)->fonts[font];
}

/* Shapes one item of the piece that starts at byte base of the paragraph text. */
static void shape_item(struct pdf_shaper *sh, struct pdf_para_scratch *s, const char *text,
                       size_t len, size_t base, PangoItem *item, const struct pdf_para_opts *o)
{
    PangoGlyphString *gs = s->gs;
    pango_shape_with_flags(text + base + item->offset, item->length, text, (int)len,
                           &item->analysis, gs, PANGO_SHAPE_NONE);
    uint16_t fi = font_index(sh, s, item->analysis.font);
    bool rtl = item->analysis.level & 1;
    ENSURE(s->g, s->cap_g, s->n_g + (size_t)gs->num_glyphs);
    for (int k = 0; k < gs->num_glyphs; k++) {
        int i = rtl ? gs->num_glyphs - 1 - k : k;
        PangoGlyphInfo *gi = &gs->glyphs[i];
        if (gi->glyph == PANGO_GLYPH_EMPTY)
            continue;
        uint32_t id = gi->glyph;
        if (id & PANGO_GLYPH_UNKNOWN_FLAG) {
            warn_missing(sh, s, id & ~PANGO_GLYPH_UNKNOWN_FLAG, o);
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
static PangoAttrList *piece_attrs(struct pdf_shaper *sh, const struct pdf_para *p, size_t span0,
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
            pdf_font_desc(sh->fonts, mono ? PDF_MONO : PDF_SERIF, sp->flags & PDF_FF_BOLD,
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
    const struct pdf_span *sp = span_at(p, im->at, span_hint);
    double em = p->size * (sp ? sp->scale : 1.0);
    bool display = display_h > 0 && im->h > 3 * p->lead;
    double k = 1;
    if (im->h > 0)
        k = fmin(1.0, (display ? display_h : em * IMAGE_EMS) / im->h);
    if (width > 0 && im->w * k > width)
        k = width / im->w;
    s->img[i] = (struct set_image){.w = (float)(im->w * k), .h = (float)(im->h * k),
                                   .display = display};
    ENSURE(s->g, s->cap_g, s->n_g + 1);
    s->g[s->n_g++] = (struct pdf_sglyph){.id = (uint32_t)i, .adv = s->img[i].w,
                                         .cluster = im->at, .font = IMAGE_FONT};
}

/* Itemizes and shapes the whole paragraph (each hard line break and each
 * inline image ends a piece); no PangoLayout, whose line breaking we would
 * throw away. Each piece is itemized as a text of its own: pango_itemize
 * counts the characters before its start index on every call, which made a
 * long code block quadratic. Images are sized for a measure of width. */
static void shape_glyphs(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                         double width)
{
    struct pdf_para_scratch *s = scratch(sh);
    const char *text = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    if (!s->gs)
        s->gs = pango_glyph_string_new();
    s->n_g = 0;
    s->n_fonts = 0;
    size_t span0 = 0; /* the first span that can reach the piece (spans are in order) */
    size_t start = 0;
    size_t im = 0, im_hint = 0; /* the next inline image */
    ENSURE(s->img, s->cap_img, p->n_images + 1);
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
            PangoAttrList *attrs = piece_attrs(sh, p, span0, start, end);
            GList *items = pango_itemize(sh->ctx, text + start, 0, (int)(end - start), attrs,
                                         NULL);
            for (GList *l = items; l; l = l->next) {
                shape_item(sh, s, text, len, start, l->data, o);
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
static void shape(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                  double width)
{
    struct pdf_para_scratch *s = scratch(sh);
    const char *text = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    shape_glyphs(sh, p, o, width);
    ENSURE(s->gat, s->cap_gat, len + 1);
    for (size_t b = 0; b <= len; b++)
        s->gat[b] = -1;
    for (size_t i = s->n_g; i-- > 0;)
        s->gat[s->g[i].cluster] = (int32_t)i;
    s->gat[len] = (int32_t)s->n_g;
    /* break opportunities (UAX #14) */
    size_t n_chars = (size_t)g_utf8_strlen(text, (gssize)len);
    ENSURE(s->la, s->cap_la, n_chars + 1);
    pango_get_log_attrs(text, (int)len, -1, pango_context_get_language(sh->ctx), s->la,
                        (int)n_chars + 1);
    s->n_la = n_chars + 1;
}

static const struct pdf_span *span_at(const struct pdf_para *p, uint32_t byte, size_t *hint)
{
    size_t i = *hint < p->n_spans ? *hint : 0;
    if (i < p->n_spans && p->spans[i].start > byte)
        i = 0;
    while (i < p->n_spans && p->spans[i].end <= byte)
        i++;
    *hint = i;
    return i < p->n_spans ? &p->spans[i] : NULL;
}

static void item_add(struct pdf_para_scratch *s, struct pdf_kp_item it)
{
    if (it.type == PDF_KP_BOX && s->n_items && s->items[s->n_items - 1].type == PDF_KP_BOX) {
        s->items[s->n_items - 1].w += it.w;
        return;
    }
    ENSURE(s->items, s->cap_items, s->n_items + 1);
    s->items[s->n_items++] = it;
}

static bool url_break_after(gunichar c)
{
    return c == '/' || c == '.' || c == '_' || c == '-' || c == '?' || c == '&' || c == '=' ||
           c == '#' || c == ':' || c == ',' || c == '(' || c == '[' || c == '>' || c == ')';
}

/* Marks hyphenation points of every word of at least five letters in spans
 * that allow it. */
static void find_hyphens(struct pdf_shaper *sh, struct pdf_para *p, struct pdf_para_scratch *s)
{
    size_t len = p->text.len;
    ENSURE(s->hyph, s->cap_hyph, len + 1);
    memset(s->hyph, 0, len + 1);
    if (!p->hyphenate || !sh->hyph)
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
        const struct pdf_span *sp = span_at(p, (uint32_t)w0, &hint);
        if (!sp || (sp->flags & (PDF_FF_MONO | PDF_FF_NOHYPH | PDF_FF_URL)))
            continue;
        /* a word glued to digits or an underscore is a name, not a word */
        if (i < len && (t[i] == '_' || (t[i] >= '0' && t[i] <= '9')))
            continue;
        if (w0 > 0 && (t[w0 - 1] == '_' || (t[w0 - 1] >= '0' && t[w0 - 1] <= '9')))
            continue;
        pdf_hyphenate(sh->hyph, t + w0, i - w0, s->hyph + w0);
    }
}

/* Glyphs [g0, g1), a word wider than the line: a box per glyph and a break
 * between any two clusters, at a high cost. */
static void break_anywhere(struct pdf_para_scratch *s, size_t g0, size_t g1)
{
    for (size_t k = g0; k < g1; k++) {
        if (k > g0 && s->g[k].cluster != s->g[k - 1].cluster)
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = 1000, .g = (uint32_t)k});
        ENSURE(s->items, s->cap_items, s->n_items + 1);
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
            ENSURE(s->items, s->cap_items, s->n_items + 1);
            s->items[s->n_items++] =
                (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)x, .g = (uint32_t)k0};
            end_line(s, k, W);
            k0 = k;
            x = 0;
            room = W;
        }
        x += s->g[k].adv;
    }
    ENSURE(s->items, s->cap_items, s->n_items + 1);
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
    ENSURE(s->items, s->cap_items, s->n_items + 1);
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
static size_t build_items(struct pdf_shaper *sh, struct pdf_para *p, double indent, double W)
{
    struct pdf_para_scratch *s = scratch(sh);
    const char *t = p->text.data ? p->text.data : "";
    size_t len = p->text.len;
    s->n_items = 0;
    find_hyphens(sh, p, s);
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
        const struct pdf_span *sp = span_at(p, (uint32_t)b, &hint);
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
        if (s->g[g].font == IMAGE_FONT && s->img[s->g[g].id].display) {
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
        if (c == ' ' && !(fl & PDF_FF_MONO && prev == ' ')) {
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = w, .y = w * 0.5f,
                                             .z = w * 0.34f, .g = (uint32_t)g});
        } else if (c == 0xA0 || c == 0x202F || c == ' ') {
            /* a no-break space: stretchable, never a break */
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF,
                                             .g = (uint32_t)g});
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = w, .y = w * 0.5f,
                                             .z = w * 0.34f, .g = (uint32_t)g});
        } else {
            if (b > 0 && prev != ' ' && prev != '\n') {
                if (s->hyph[b] && g > 0 && s->g[g - 1].font != IMAGE_FONT) {
                    const struct pdf_font_info *fi = &s->fonts[s->g[g > 0 ? g - 1 : 0].font];
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .flagged = true,
                                                     .w = fi->hyphen_w, .p = 50,
                                                     .g = (uint32_t)g});
                } else if (breakable && !g_unichar_isspace(prev) &&
                           c != 0x2014 && c != 0x2013 && c != 0x2015) {
                    /* after an explicit hyphen or dash: counts as a hyphenated line.
                     * Never before a dash set close to the word before it
                     * ("Era—The"): a line does not begin with one. */
                    bool dash = prev == '-' || prev == 0x2010 || prev == 0x2013;
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .flagged = dash,
                                                     .p = dash ? 50 : 0, .g = (uint32_t)g});
                } else if ((fl & (PDF_FF_URL | PDF_FF_MONO)) && url_break_after(prev) &&
                           !g_unichar_isspace(c)) {
                    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = 150,
                                                     .g = (uint32_t)g});
                }
            }
            item_add(s, (struct pdf_kp_item){.type = PDF_KP_BOX, .w = w, .g = (uint32_t)g});
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
                ENSURE(s->items, s->cap_items, s->n_items + 1);
                s->items[s->n_items++] =
                    (struct pdf_kp_item){.type = PDF_KP_BOX, .w = (float)indent, .g = 0};
                room -= indent;
            }
            if (old[i].w > GIANT_WORD * W)
                cut_giant_word(s, old[i].g, gend, W, room);
            else
                break_anywhere(s, old[i].g, gend);
        }
        free(old);
    }
    uint32_t end = (uint32_t)s->n_g;
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF, .g = end});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = (float)(W * 1e3), .g = end});
    item_add(s, (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF, .g = end});
    return s->n_items;
}

void pdf_para_measure(struct pdf_shaper *sh, struct pdf_para *p, double avail, double *max_w,
                      double *min_w)
{
    *max_w = *min_w = 0;
    if (!p->text.len)
        return;
    struct pdf_para_scratch *s = scratch(sh);
    bool hy = p->hyphenate;
    p->hyphenate = false;
    shape(sh, p, NULL, avail);
    size_t n = build_items(sh, p, 0, 1e9);
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

/* ---- emitting lines ---- */

struct line_ctx {
    struct pdf_shaper *sh;
    struct pdf_para *p;
    const struct pdf_para_opts *o;
    struct pdf_dlist *d;
    uint32_t text_base; /* the paragraph's text in the pool */
    double baseline;
    double line_y, line_h; /* what a link's rectangle covers: the line's box, or its image */
    size_t span;        /* the span of the last glyph emitted: lines come in order */
    struct link_use *links; /* per link of the paragraph */
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
        return (float)(-size * 0.36);
    if (sp->flags & PDF_FF_SUB)
        return (float)(size * 0.16);
    return 0;
}

/* Inline image glyph g at its position in the line: a figure of its own in
 * the structure (cairo 1.16 carries no alternate text), beside text standing
 * on the baseline, descending below it only as far as the line's box allows. */
static void emit_image(struct line_ctx *lc, size_t g, const struct pdf_span *sp)
{
    struct pdf_para_scratch *s = scratch(lc->sh);
    const struct pdf_para *p = lc->p;
    const struct set_image *si = &s->img[s->g[g].id];
    double y = lc->line_y;
    if (!si->display) {
        double em = p->size * (sp ? sp->scale : 1.0);
        double below = fmin(fmax(si->h - em * 0.95, 0), fmax(p->lead - p->ascent, 0));
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
    struct pdf_para_scratch *s = scratch(lc->sh);
    struct pdf_para *p = lc->p;
    struct pdf_dlist *d = lc->d;
    size_t hint = lc->span;
    size_t i = g0;
    while (i < g1) {
        const struct pdf_span *sp = span_at(p, s->g[i].cluster, &hint);
        int link = sp ? sp->link : -1;
        uint32_t target = 0;
        bool linked = false;
        /* a link: its rectangle spans every glyph of it on this line */
        size_t le = i;
        if (link >= 0) {
            size_t h2 = hint;
            while (le < g1) {
                const struct pdf_span *x = span_at(p, s->g[le].cluster, &h2);
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
                const struct pdf_span *x = span_at(p, s->g[le].cluster, &h2);
                if (x && x->link >= 0)
                    break;
                le++;
            }
        }
        /* runs of one font and one span inside [i, le) */
        while (i < le) {
            size_t h3 = hint;
            const struct pdf_span *cur = span_at(p, s->g[i].cluster, &h3);
            uint16_t font = s->g[i].font;
            if (font == IMAGE_FONT) {
                emit_image(lc, i, cur);
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < le && s->g[j].font == font) {
                const struct pdf_span *x = span_at(p, s->g[j].cluster, &h3);
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
            if (cur && (cur->flags & PDF_FF_STRIKE)) {
                float x1 = s->gx[j - 1] + s->g[j - 1].adv;
                pdf_op_line(d, color, (float)(fi->size * 0.06), s->gx[i],
                            y - (float)(fi->size * 0.28), x1 - s->gx[i], 0);
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
static void lay_piece(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                      struct pdf_dlist *d, struct pdf_para_out *out, struct piece *pc)
{
    struct pdf_para_scratch *s = scratch(sh);
    double W = o->width;
    size_t len = p->text.len;
    shape(sh, p, o, W);
    double indent = pc->first ? o->indent : 0;
    size_t n_items, n_lines = 0;
    if (p->align == PDF_JUSTIFY && p->hyphenate) {
        /* most paragraphs set well without hyphens: look the words up only if not */
        p->hyphenate = false;
        n_items = build_items(sh, p, indent, W);
        p->hyphenate = true;
        ENSURE(s->breaks, s->cap_breaks, n_items + 1);
        n_lines = pdf_kp_break(s->items, n_items, W, PDF_KP_JUSTIFY_FIRST, s->breaks);
    }
    if (!n_lines) {
        n_items = build_items(sh, p, indent, W);
        ENSURE(s->breaks, s->cap_breaks, n_items + 1);
        enum pdf_kp_mode mode = p->align == PDF_JUSTIFY ? PDF_KP_JUSTIFY
                                : p->balance            ? PDF_KP_BALANCED
                                                        : PDF_KP_RAGGED;
        n_lines = pdf_kp_break(s->items, n_items, W, mode, s->breaks);
    }
    if (n_lines == 0) {
        s->breaks[0] = n_items - 1;
        n_lines = 1;
    }
    ENSURE(s->gx, s->cap_gx, s->n_g + 1);
    ENSURE(s->extra, s->cap_extra, s->n_g + 1);
    struct line_ctx lc = {.sh = sh, .p = p, .o = o, .d = d,
                          .text_base = pdf_dlist_text(d, p->text.data, len),
                          .baseline = p->ascent, .links = pc->links};
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
        bool last = bi->type == PDF_KP_PENALTY && bi->p == -PDF_INF;
        /* a display image's line: the image alone, centred, in a box its height */
        const struct set_image *display =
            g1 == g0 + 1 && s->g[g0].font == IMAGE_FONT && s->img[s->g[g0].id].display
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
        double delta = W - nat;
        double x = first ? indent : 0;
        /* a justified line fills the measure; a line too long (an overfull
         * one, the breaker's last resort) shrinks its spaces what they can */
        bool spread = (p->align == PDF_JUSTIFY && !last && delta > 0) || delta < 0;
        if (display) {
            x = (W - display->w) / 2;
        } else if (spread) {
            for (size_t k = si; k < b; k++) {
                const struct pdf_kp_item *it = &s->items[k];
                if (it->type != PDF_KP_GLUE || it->g < g0 || it->g >= g1)
                    continue;
                if (delta > 0 && ys > 0)
                    s->extra[it->g] = (float)(delta * it->y / ys);
                else if (delta < 0 && zs > 0)
                    s->extra[it->g] = (float)(fmax(delta, -zs) * it->z / zs);
            }
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
        lc.line_y = gap_inside ? p->lead * DISPLAY_GAP : 0;
        lc.line_h = display ? display->h : p->lead;
        emit_runs(&lc, g0, g1, text_end);
        if (hyphen && g1 > g0) {
            const struct pdf_font_info *fi = &s->fonts[s->g[g1 - 1].font];
            uint32_t first_g = pdf_dlist_glyphs(d, 1);
            d->glyphs[first_g] = (struct pdf_glyph){.id = fi->hyphen_glyph};
            size_t hint = lc.span;
            const struct pdf_span *sp = span_at(p, s->g[g1 - 1].cluster, &hint);
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
            bx->space = gap_inside ? 0 : (float)(p->lead * DISPLAY_GAP);
            bx->h = (float)(lc.line_y + display->h + p->lead * DISPLAY_GAP);
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
        bx->flags = hyphen ? 0x80 : 0;
        start_item = b + 1;
        pc->marks_to = byte1;
    }
}

/* Where the next window's search starts in each of the paragraph's arrays
 * (spans and marks are in text order). */
struct window_at {
    size_t span, note, dest, src, image;
};

/* Marks of src from byte from up to byte end, moved to start at pos; *i0
 * skips those before from for good. */
static void window_marks(struct pdf_para_mark **dst, size_t *n, size_t *cap,
                         const struct pdf_para_mark *src, size_t n_src, size_t *i0, size_t from,
                         size_t pos, size_t end)
{
    *n = 0;
    while (*i0 < n_src && src[*i0].at < from)
        (*i0)++;
    for (size_t i = *i0; i < n_src && src[i].at <= end; i++) {
        struct pdf_para_mark m = src[i];
        m.at = m.at > pos ? m.at - (uint32_t)pos : 0;
        mark_add(dst, n, cap, m);
    }
}

/* q becomes bytes [pos, end) of p, with p's style, spans, links (shared, not
 * q's to free) and the marks from byte marks_from on. */
static void window_para(struct pdf_para *q, const struct pdf_para *p, size_t pos, size_t end,
                        size_t marks_from, struct window_at *at)
{
    q->text.len = 0;
    buf_put(&q->text, p->text.data + pos, end - pos);
    q->n_spans = 0;
    while (at->span < p->n_spans && p->spans[at->span].end <= pos)
        at->span++;
    for (size_t i = at->span; i < p->n_spans && p->spans[i].start < end; i++) {
        struct pdf_span sp = p->spans[i];
        sp.start = (uint32_t)((sp.start > pos ? sp.start : pos) - pos);
        sp.end = (uint32_t)((sp.end < end ? sp.end : end) - pos);
        ENSURE(q->spans, q->cap_spans, q->n_spans + 1);
        q->spans[q->n_spans++] = sp;
    }
    q->links = p->links;
    q->n_links = p->n_links;
    q->n_images = 0;
    for (size_t i = at->image; i < p->n_images && p->images[i].at < end; i++) {
        if (p->images[i].at < pos) {
            at->image = i + 1;
            continue;
        }
        struct pdf_para_image im = p->images[i];
        im.at -= (uint32_t)pos;
        ENSURE(q->images, q->cap_images, q->n_images + 1);
        q->images[q->n_images++] = im;
    }
    window_marks(&q->notes, &q->n_notes, &q->cap_notes, p->notes, p->n_notes, &at->note,
                 marks_from, pos, end);
    window_marks(&q->dests, &q->n_dests, &q->cap_dests, p->dests, p->n_dests, &at->dest,
                 marks_from, pos, end);
    /* a line's source position counts from the last mark at or before it */
    while (at->src + 1 < p->n_srcs && p->srcs[at->src + 1].at <= pos)
        at->src++;
    q->n_srcs = 0;
    for (size_t i = at->src; i < p->n_srcs && p->srcs[i].at <= end; i++) {
        struct pdf_para_mark m = p->srcs[i];
        if (m.at < pos) {
            m.off += (uint32_t)(pos - m.at);
            m.at = 0;
        } else {
            m.at -= (uint32_t)pos;
        }
        mark_add(&q->srcs, &q->n_srcs, &q->cap_srcs, m);
    }
    q->size = p->size;
    q->lead = p->lead;
    q->ascent = p->ascent;
    q->align = p->align;
    q->hyphenate = p->hyphenate;
    q->balance = p->balance;
    q->color = p->color;
    q->base_flags = p->base_flags;
}

/* A paragraph of more than PARA_WINDOW bytes (a megabyte without a space) is
 * set a window at a time: the lines of the window's first seven eighths
 * stay, the rest (a hundred lines and more, where the end of the window
 * still sways the choice of breaks) are set again with the next window. The
 * memory for shaping and line breaking stays that of one window. */
#define PARA_WINDOW (64 * 1024)

static void lay_windows(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
                        struct pdf_dlist *d, struct pdf_para_out *out, struct link_use *links)
{
    const char *t = p->text.data;
    size_t len = p->text.len;
    struct pdf_para q = {0};
    struct window_at at = {0};
    size_t pos = 0, marks_from = 0;
    bool first = true;
    while (pos < len) {
        size_t end = len - pos > PARA_WINDOW ? pos + PARA_WINDOW : len;
        while (end > pos + 1 && end < len && ((unsigned char)t[end] & 0xC0) == 0x80)
            end--;
        window_para(&q, p, pos, end, marks_from, &at);
        struct piece pc = {.first = first, .final = end == len,
                           .commit_to = (end - pos) / 8 * 7, .links = links};
        lay_piece(sh, &q, o, d, out, &pc);
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

void pdf_para_layout(struct pdf_shaper *sh, struct pdf_para *p, const struct pdf_para_opts *o,
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
        lay_windows(sh, p, o, d, out, links);
    } else {
        struct piece pc = {.first = true, .final = true, .commit_to = SIZE_MAX, .links = links};
        lay_piece(sh, p, o, d, out, &pc);
    }
    free(links);
    out->n_boxes = d->n_boxes - out->box0;
    /* page breaks: never after a first line or before a last one (no orphans,
     * no widows), never after a hyphen */
    for (size_t i = 0; i < out->n_boxes; i++) {
        struct pdf_box *bx = &d->boxes[out->box0 + i];
        bool hy = bx->flags & 0x80;
        bx->flags &= (uint8_t)~0x80;
        if (i + 1 == out->n_boxes)
            bx->penalty = 0;
        else if (o->keep_together || i == 0 || i + 2 == out->n_boxes || hy)
            bx->penalty = PDF_INF;
        else
            bx->penalty = 0;
    }
}
