/* Images: natural sizes (probed once, before layout) and drawing: JPEG
 * passed through untouched, PNG and GIF as pixels, SVG as
 * vectors through librsvg. */
#include "pdf/image.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#define PX_TO_PT 0.75 /* a CSS pixel: 1/96 inch */
/* Cairo makes no image surface wider or taller than this (pixman's limit):
 * a larger image is decoded scaled down to fit, never dropped. Its pixels
 * are bounded before this by doc/image_check.c's budget. */
#define CAIRO_MAX_SIDE 32767

/* Width, height and components from a JPEG's start-of-frame marker. */
static bool jpeg_size(const unsigned char *b, size_t n, int *w, int *h, int *comps)
{
    size_t i = 2;
    while (i + 9 < n) {
        if (b[i] != 0xFF) {
            i++;
            continue;
        }
        unsigned char m = b[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        size_t seg = (size_t)b[i + 2] << 8 | b[i + 3];
        if ((m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            *h = b[i + 5] << 8 | b[i + 6];
            *w = b[i + 7] << 8 | b[i + 8];
            *comps = b[i + 9];
            return *w > 0 && *h > 0;
        }
        i += 2 + seg;
    }
    return false;
}

static RsvgHandle *svg_open(const char *path)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_file(path, &err);
    if (err)
        g_error_free(err);
    if (h)
        rsvg_handle_set_dpi(h, 96.0);
    return h;
}

static bool svg_size(RsvgHandle *h, double *w, double *h_out)
{
    gdouble pw = 0, ph = 0;
    if (rsvg_handle_get_intrinsic_size_in_pixels(h, &pw, &ph) && pw > 0 && ph > 0) {
        *w = pw;
        *h_out = ph;
        return true;
    }
    gboolean has_vb = FALSE;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
    if (has_vb && vb.width > 0 && vb.height > 0) {
        *w = vb.width;
        *h_out = vb.height;
        return true;
    }
    return false;
}

/* What the PDF knows of each book image, probed on first use: images are met
 * as chapters come, while other chapters are laid out and drawn. */
struct pdf_images {
    const struct doc_book *book;
    pthread_mutex_t mu;
    struct pdf_image_info **items; /* per book image, NULL until probed */
    size_t n;
    struct diag_list diags;
};

struct pdf_images *pdf_images_new(const struct doc_book *book)
{
    struct pdf_images *im = xcalloc(1, sizeof *im);
    im->book = book;
    pthread_mutex_init(&im->mu, NULL);
    return im;
}

void pdf_images_free(struct pdf_images *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->n; i++)
        free(im->items[i]);
    free(im->items);
    diag_list_free(&im->diags);
    pthread_mutex_destroy(&im->mu);
    free(im);
}

void pdf_images_take_diags(struct pdf_images *im, struct diag_list *dl)
{
    pthread_mutex_lock(&im->mu);
    diag_splice(dl, &im->diags);
    pthread_mutex_unlock(&im->mu);
}

static void probe(const struct doc_image *img, struct pdf_image_info *o, struct diag_list *dl)
{
    memset(o, 0, sizeof *o);
    if (img->is_svg) {
        RsvgHandle *h = svg_open(img->real_path);
        double w, hh;
        if (h && svg_size(h, &w, &hh)) {
            o->w = w * PX_TO_PT;
            o->h = hh * PX_TO_PT;
            o->ok = true;
        }
        if (h)
            g_object_unref(h);
    } else if (!strcmp(img->media_type, "image/png") && img->width > 0 && img->height > 0) {
        o->w = img->width * PX_TO_PT;
        o->h = img->height * PX_TO_PT;
        o->ok = true;
    } else if (!strcmp(img->media_type, "image/jpeg")) {
        char *bytes;
        size_t len;
        const char *err;
        int w, h, comps;
        if (file_read_all(img->real_path, &bytes, &len, &err)) {
            if (jpeg_size((unsigned char *)bytes, len, &w, &h, &comps)) {
                o->w = w * PX_TO_PT;
                o->h = h * PX_TO_PT;
                o->ok = true;
                if (comps == 4)
                    diag_add(dl, DIAG_WARNING, img->use_file, img->use_line, 0,
                             "image '%s' is a CMYK JPEG: the PDF carries it unchanged; "
                             "some viewers show it with inverted colours",
                             img->rel);
            }
            free(bytes);
        }
    } else {
        int w = 0, h = 0;
        if (gdk_pixbuf_get_file_info(img->real_path, &w, &h) && w > 0 && h > 0) {
            o->w = w * PX_TO_PT;
            o->h = h * PX_TO_PT;
            o->ok = true;
        }
    }
    if (!o->ok)
        diag_add(dl, DIAG_ERROR, img->use_file, img->use_line, 0,
                 "image '%s' cannot be decoded for the PDF (%s)", img->rel, img->media_type);
}

const struct pdf_image_info *pdf_image_info_at(struct pdf_images *im, size_t i)
{
    const struct doc_image *img = doc_book_image(im->book, i);
    pthread_mutex_lock(&im->mu);
    if (i >= im->n) {
        size_t n = i + 1 > im->n * 2 ? i + 1 : im->n * 2;
        im->items = xrealloc(im->items, n * sizeof *im->items);
        memset(im->items + im->n, 0, (n - im->n) * sizeof *im->items);
        im->n = n;
    }
    if (!im->items[i]) {
        im->items[i] = xmalloc(sizeof **im->items);
        probe(img, im->items[i], &im->diags);
    }
    const struct pdf_image_info *info = im->items[i];
    pthread_mutex_unlock(&im->mu);
    return info;
}


/* ---- drawing ---- */

struct mem_reader {
    const unsigned char *data;
    size_t len, pos;
};

static cairo_status_t read_mem(void *closure, unsigned char *out, unsigned int n)
{
    struct mem_reader *r = closure;
    if (r->pos + n > r->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->pos, n);
    r->pos += n;
    return CAIRO_STATUS_SUCCESS;
}

static void set_unique_id(cairo_surface_t *s, size_t i)
{
    char *id = xasprintf("octavo-image-%zu", i);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)id, strlen(id),
                                free, id);
}

/* NULL when Cairo cannot make the surface (too large, out of memory). */
static cairo_surface_t *pixbuf_surface(GdkPixbuf *pb)
{
    int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
    int nc = gdk_pixbuf_get_n_channels(pb), rs = gdk_pixbuf_get_rowstride(pb);
    bool alpha = gdk_pixbuf_get_has_alpha(pb);
    const guchar *px = gdk_pixbuf_read_pixels(pb);
    cairo_surface_t *s =
        cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    unsigned char *dst = cairo_image_surface_get_data(s);
    int ds = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(dst + (size_t)y * (size_t)ds);
        const guchar *src = px + (size_t)y * (size_t)rs;
        for (int x = 0; x < w; x++) {
            unsigned r = src[x * nc], g = src[x * nc + 1], b = src[x * nc + 2];
            unsigned a = alpha ? src[x * nc + 3] : 255;
            r = r * a / 255;
            g = g * a / 255;
            b = b * a / 255;
            row[x] = a << 24 | r << 16 | g << 8 | b;
        }
    }
    cairo_surface_mark_dirty(s);
    return s;
}

/* An image decoded by gdk-pixbuf, scaled down (keeping its shape) when a side
 * of w x h pixels is past what Cairo takes; NULL on failure. */
static cairo_surface_t *decoded_surface(const char *path, int w, int h)
{
    GError *err = NULL;
    GdkPixbuf *pb;
    if (w > CAIRO_MAX_SIDE || h > CAIRO_MAX_SIDE) {
        double k = (double)CAIRO_MAX_SIDE / (w > h ? w : h);
        int tw = (int)fmax(1.0, floor(w * k)), th = (int)fmax(1.0, floor(h * k));
        pb = gdk_pixbuf_new_from_file_at_scale(path, tw, th, FALSE, &err);
    } else {
        pb = gdk_pixbuf_new_from_file(path, &err);
    }
    if (err)
        g_error_free(err);
    if (!pb)
        return NULL;
    cairo_surface_t *s = pixbuf_surface(pb);
    g_object_unref(pb);
    return s;
}

/* A Cairo surface to draw book image i (JPEG passed through), or an SVG's
 * handle; both NULL on failure. */
static cairo_surface_t *image_surface(const struct doc_book *book, size_t i, bool *is_svg,
                                      void **svg_handle)
{
    const struct doc_image *img = doc_book_image(book, i);
    *is_svg = img->is_svg;
    *svg_handle = NULL;
    if (img->is_svg) {
        *svg_handle = svg_open(img->real_path);
        return NULL;
    }
    cairo_surface_t *s = NULL;
    bool png = !strcmp(img->media_type, "image/png");
    if (!strcmp(img->media_type, "image/gif") ||
        (png && (img->width > CAIRO_MAX_SIDE || img->height > CAIRO_MAX_SIDE))) {
        int w = img->width, h = img->height;
        if (!png && !gdk_pixbuf_get_file_info(img->real_path, &w, &h))
            return NULL;
        s = decoded_surface(img->real_path, w, h);
        if (s)
            set_unique_id(s, i);
        return s;
    }
    char *bytes;
    size_t len;
    const char *err;
    if (!file_read_all(img->real_path, &bytes, &len, &err))
        return NULL;
    if (!strcmp(img->media_type, "image/jpeg")) {
        int w, h, comps;
        if (!jpeg_size((unsigned char *)bytes, len, &w, &h, &comps)) {
            free(bytes);
            return NULL;
        }
        if (w > CAIRO_MAX_SIDE || h > CAIRO_MAX_SIDE) {
            /* too large to pass through: decoded (libjpeg scales while it
             * decodes) and stored as pixels */
            free(bytes);
            s = decoded_surface(img->real_path, w, h);
            if (s)
                set_unique_id(s, i);
            return s;
        }
        /* the pixels are never read: cairo writes the JPEG as it is (DCTDecode) */
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
            cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)bytes, len,
                                        free, bytes) != CAIRO_STATUS_SUCCESS) {
            /* the surface took no ownership of the bytes */
            free(bytes);
            cairo_surface_destroy(s);
            return NULL;
        }
    } else {
        struct mem_reader r = {.data = (unsigned char *)bytes, .len = len};
        s = cairo_image_surface_create_from_png_stream(read_mem, &r);
        free(bytes);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return NULL;
        }
    }
    set_unique_id(s, i);
    return s;
}

bool pdf_image_drawable(const struct doc_book *book, const struct pdf_image_info *info, size_t i)
{
    if (!info->ok)
        return false;
    const struct doc_image *img = doc_book_image(book, i);
    /* an SVG parsed when probed; a JPEG goes into the file as it is */
    if (img->is_svg || !strcmp(img->media_type, "image/jpeg"))
        return true;
    bool is_svg;
    void *svg;
    cairo_surface_t *s = image_surface(book, i, &is_svg, &svg);
    if (svg)
        g_object_unref(svg);
    if (!s)
        return false;
    cairo_surface_destroy(s);
    return true;
}

void pdf_image_cache_clear(struct pdf_image_cache *c)
{
    if (c->surface)
        cairo_surface_destroy(c->surface);
    if (c->svg)
        g_object_unref(c->svg);
    memset(c, 0, sizeof *c);
}

void pdf_image_draw(cairo_t *cr, const struct doc_book *book, size_t i, double x, double y,
                    double w, double h, struct pdf_image_cache *cache, bool again)
{
    struct pdf_image_cache own = {0};
    struct pdf_image_cache *c = cache ? cache : &own;
    if (!c->set || c->index != i) {
        pdf_image_cache_clear(c);
        bool is_svg;
        c->surface = image_surface(book, i, &is_svg, &c->svg);
        c->index = i;
        c->set = true;
    }
    cairo_save(cr);
    if (c->svg) {
        RsvgRectangle vp = {.x = x, .y = y, .width = w, .height = h};
        GError *err = NULL;
        rsvg_handle_render_document(c->svg, cr, &vp, &err);
        if (err)
            g_error_free(err);
    } else if (c->surface && cairo_image_surface_get_width(c->surface) > 0 &&
               cairo_image_surface_get_height(c->surface) > 0) {
        cairo_surface_t *s = c->surface;
        int pw = cairo_image_surface_get_width(s), ph = cairo_image_surface_get_height(s);
        cairo_rectangle(cr, x, y, w, h);
        cairo_clip(cr);
        /* cairo 1.16 lists an image in a page's resources once per use, and
         * a key twice in a dictionary is an error: a second use on the page
         * is wrapped in a form of its own (the image is still stored once) */
        if (again)
            cairo_push_group(cr);
        cairo_translate(cr, x, y);
        cairo_scale(cr, w / pw, h / ph);
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        if (again) {
            cairo_pop_group_to_source(cr);
            cairo_paint(cr);
        }
    }
    cairo_restore(cr);
    if (c == &own)
        pdf_image_cache_clear(&own);
}
