/* The fonts: exactly the files fonts/fonts.list names. Each thread gets a
 * Pango context on a font map whose fontconfig sees those files and nothing
 * else, so the same input sets the same way on any machine. */
#include "pdf/fonts.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pdf_font_cache {
    PangoFont *font;
    struct pdf_font_info info;
};

void pdf_fonts_free(struct pdf_fonts *f)
{
    font_files_free(f->files, f->n);
    memset(f, 0, sizeof *f);
}

static pthread_mutex_t current_config_lock = PTHREAD_MUTEX_INITIALIZER;
static bool current_config_set;

/* fontconfig's current configuration: octavo's fonts and nothing else, for
 * every Pango font map of the process. Made before the first map, which
 * would otherwise start a thread that loads fontconfig's default
 * configuration (every file under /etc/fonts, the cache of every system font
 * folder): so nothing is opened but the series and the bundled font files
 * (tests/hostile, group strace), and no time goes to it. */
static void set_current_config(const struct pdf_fonts *f)
{
    pthread_mutex_lock(&current_config_lock);
    if (!current_config_set) {
        FcConfig *cfg = FcConfigCreate();
        for (size_t i = 0; i < f->n; i++)
            FcConfigAppFontAddFile(cfg, (const FcChar8 *)f->files[i].path);
        /* SVG figures (librsvg) name fonts the book may not have: generic
         * families go to its own */
        char *xml = xasprintf(
            "<fontconfig>"
            "<alias><family>sans-serif</family><prefer><family>%s</family></prefer></alias>"
            "<alias><family>serif</family><prefer><family>%s</family></prefer></alias>"
            "<alias><family>monospace</family><prefer><family>%s</family></prefer></alias>"
            "</fontconfig>",
            f->serif, f->serif, f->mono);
        FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcFalse);
        free(xml);
        FcConfigSetCurrent(cfg);
        FcConfigDestroy(cfg); /* fontconfig holds its own reference */
        current_config_set = true;
    }
    pthread_mutex_unlock(&current_config_lock);
}

/* The ascent and descent the file gives (hhea, or OS/2's typographic metrics
 * when the font asks for them), in ems; false if HarfBuzz cannot read it. */
static bool read_vmetrics(const char *path, struct pdf_vmetrics *out)
{
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    unsigned upem = hb_face_get_upem(face);
    hb_font_extents_t ext = {0};
    bool ok = hb_blob_get_length(blob) > 0 && upem > 0 && hb_font_get_h_extents(font, &ext) &&
              ext.ascender > 0;
    if (ok) {
        /* font units over units per em: Noto Serif's 1069 / 1000 is the
         * double nearest 1.069, the figure that was typed in before */
        out->ascent = (double)ext.ascender / upem;
        out->descent = -(double)ext.descender / upem;
    }
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return ok;
}

double pdf_line_baseline(const struct pdf_fonts *f, enum pdf_face_role role, double size,
                         double lead)
{
    const struct pdf_vmetrics *m = role == PDF_MONO ? &f->mono_v : &f->serif_v;
    return (lead + size * (m->ascent - m->descent)) / 2;
}

bool pdf_fonts_load(struct pdf_fonts *f, struct diag_list *dl)
{
    memset(f, 0, sizeof *f);
    f->files = font_files_load(&f->n);
    bool ok = true;
    for (size_t i = 0; i < f->n; i++) {
        if (access(f->files[i].path, R_OK) != 0) {
            diag_add(dl, DIAG_ERROR, f->files[i].path, 0, 0,
                     "font file missing: install the Debian package %s (fonts/fonts.list)",
                     f->files[i].package);
            ok = false;
        }
    }
    if (f->n == 0) {
        diag_add(dl, DIAG_ERROR, "fonts/fonts.list", 0, 0, "no fonts listed");
        return false;
    }
    f->serif = f->files[0].family;
    f->mono = f->serif;
    size_t mono_file = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (strstr(f->files[i].family, "Mono")) {
            f->mono = f->files[i].family;
            mono_file = i;
            break;
        }
    }
    if (ok) {
        const struct font_file *bad = NULL;
        if (!read_vmetrics(f->files[0].path, &f->serif_v))
            bad = &f->files[0];
        else if (!read_vmetrics(f->files[mono_file].path, &f->mono_v))
            bad = &f->files[mono_file];
        if (bad) {
            diag_add(dl, DIAG_ERROR, bad->path, 0, 0,
                     "not a font HarfBuzz can read (reinstall the Debian package %s)",
                     bad->package);
            ok = false;
        }
    }
    if (ok)
        set_current_config(f);
    return ok;
}

PangoFontDescription *pdf_font_desc(const struct pdf_fonts *f, enum pdf_face_role role,
                                    bool bold, bool italic, double size)
{
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family_static(d, role == PDF_MONO ? f->mono : f->serif);
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    /* the monospaced face has no italic: a slanted one would be synthetic (Type 3) */
    pango_font_description_set_style(d, italic && role != PDF_MONO ? PANGO_STYLE_ITALIC
                                                                   : PANGO_STYLE_NORMAL);
    pango_font_description_set_size(d, (int)(size * PANGO_SCALE + 0.5));
    return d;
}

struct pdf_shaper *pdf_shaper_new(const struct pdf_fonts *fonts, const struct pdf_style *st,
                                  struct pdf_hyphenator *hyph)
{
    struct pdf_shaper *sh = xcalloc(1, sizeof *sh);
    sh->fonts = fonts;
    sh->st = st;
    sh->hyph = hyph;
    /* The font map takes fontconfig's current configuration, which is
     * octavo's fonts alone (set_current_config). A configuration of its own
     * (pango_fc_font_map_set_config) would leak in Pango 1.50 unless taken
     * back before the map is freed, and taking it back clears the map's caches
     * under the threads Pango starts to match fonts in the background: one of
     * them then found its hash table gone (a crash fuzz_pdf found). */
    sh->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    /* 72 dpi: one Pango point is one PDF point */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(sh->fm), 72.0);
    sh->ctx = pango_font_map_create_context(sh->fm);
    pango_context_set_round_glyph_positions(sh->ctx, FALSE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(sh->ctx, fo);
    cairo_font_options_destroy(fo);
    return sh;
}

void pdf_shaper_free(struct pdf_shaper *sh)
{
    if (!sh)
        return;
    for (size_t i = 0; i < sh->n_cache; i++)
        g_object_unref(sh->cache[i].font);
    free(sh->cache);
    g_object_unref(sh->ctx);
    g_object_unref(sh->fm);
    free(sh);
}

struct pdf_font_info pdf_shaper_font(struct pdf_shaper *sh, PangoFont *font)
{
    for (size_t i = 0; i < sh->n_cache; i++)
        if (sh->cache[i].font == font)
            return sh->cache[i].info;
    struct pdf_font_info info = {.face = 0};
    FcPattern *pat = PANGO_IS_FC_FONT(font) ? pango_fc_font_get_pattern(PANGO_FC_FONT(font))
                                            : NULL;
    FcChar8 *file = NULL;
    if (pat && FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch) {
        for (size_t i = 0; i < sh->fonts->n; i++)
            if (!strcmp((const char *)file, sh->fonts->files[i].path))
                info.face = (int)i;
    }
    PangoFontDescription *d = pango_font_describe_with_absolute_size(font);
    info.size = (float)pango_font_description_get_size(d) / PANGO_SCALE;
    pango_font_description_free(d);
    hb_font_t *hb = pango_font_get_hb_font(font);
    hb_codepoint_t g = 0;
    if (hb && hb_font_get_nominal_glyph(hb, '-', &g)) {
        PangoRectangle logical;
        pango_font_get_glyph_extents(font, g, NULL, &logical);
        info.hyphen_glyph = g;
        info.hyphen_w = (float)logical.width / PANGO_SCALE;
    }
    sh->cache = xreserve(sh->cache, &sh->cap_cache, sh->n_cache + 1, sizeof *sh->cache);
    sh->cache[sh->n_cache].font = g_object_ref(font);
    sh->cache[sh->n_cache].info = info;
    return sh->cache[sh->n_cache++].info;
}

void pdf_cleanup(void)
{
    pthread_mutex_lock(&current_config_lock);
    current_config_set = false;
    pthread_mutex_unlock(&current_config_lock);
    FcFini();
}
