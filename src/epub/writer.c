/* epub_writer: each chapter rendered and deflated as it comes (on the
 * pipeline's threads), then the OCF package (mimetype first and stored, fixed
 * timestamps, fixed order: same bytes for the same input). */
#include "epub/internal.h"
#include "epub/xmlw.h"
#include "epub/zipsrc.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct entry;
struct epub_writer {
    struct epub_ctx ctx;
    const struct doc_book *book;
    struct epub_options opt;
    struct entry *chapters; /* one per chapter of the series, filled as they come */
};

static void fonts_free(struct epub_ctx *c)
{
    font_files_free(c->fonts, c->n_fonts);
    c->fonts = NULL;
    c->n_fonts = 0;
}

static void fonts_load(struct epub_ctx *c)
{
    c->fonts = font_files_load(&c->n_fonts);
}

char *epub_css(const struct epub_ctx *c, size_t *len)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < c->n_fonts; i++) {
        const struct font_file *f = &c->fonts[i];
        buf_printf(&b,
                   "@font-face {\n  font-family: \"%s\";\n  font-style: %s;\n  font-weight: %s;\n"
                   "  src: url(\"../fonts/%s\");\n}\n",
                   f->family, f->style, f->weight, f->file_name);
    }
    size_t css_len;
    const char *css = res_find("book.css", &css_len);
    buf_put(&b, css, css_len);
    return buf_detach(&b, len);
}

/* ---- the files of the package, deflated in parallel ---- */

/* Text (XHTML, CSS, SVG) takes zlib's level 3: on a 1M-word book it costs 20%
 * less CPU than the default level 6 for a book 7% larger. Fonts, which deflate
 * barely shrinks past level 1 (51% of their size against 48% at level 6) at a
 * third of level 6's time, take level 1. */
#ifndef TEXT_LEVEL
#define TEXT_LEVEL 3
#endif
#define BINARY_LEVEL 1

struct entry {
    char *name;  /* path inside the archive */
    struct zipsrc_entry z;
    bool deflate; /* false: stored (mimetype, PNG/JPEG that deflate cannot shrink) */
    bool binary;  /* deflated at BINARY_LEVEL */
    bool ok;
};

struct entry_list {
    struct entry *items;
    size_t len;
};

static struct entry *entry_add(struct entry_list *l, const char *name, char *data, size_t len,
                               bool deflate)
{
    l->items = xgrow(l->items, l->len, sizeof *l->items);
    struct entry *e = &l->items[l->len++];
    *e = (struct entry){.name = xstrdup(name), .z = {.data = data, .len = len}, .deflate = deflate,
                        .ok = true};
    return e;
}

static void deflate_one(void *ctx, size_t i)
{
    struct entry *e = &((struct entry_list *)ctx)->items[i];
    if (e->deflate && e->ok && !e->z.deflated)
        e->ok = zipsrc_deflate(&e->z, e->binary ? BINARY_LEVEL : TEXT_LEVEL);
}

struct epub_writer *epub_writer_new(const struct doc_book *book, const struct epub_options *opt)
{
    struct epub_writer *w = xcalloc(1, sizeof *w);
    w->opt = *opt;
    w->book = book;
    w->ctx.book = book;
    w->ctx.s = book->series;
    w->ctx.page_source = opt->page_source;
    time_format_iso(opt->modified_epoch, w->ctx.modified);
    if (book->series->date)
        snprintf(w->ctx.date, sizeof w->ctx.date, "%s", book->series->date);
    else
        snprintf(w->ctx.date, sizeof w->ctx.date, "%.10s", w->ctx.modified);
    fonts_load(&w->ctx);
    size_t n = book->series->n_chapters;
    w->chapters = xcalloc(n + 1, sizeof *w->chapters);
    for (size_t i = 0; i < n; i++) {
        char *name = epub_chapter_name(book->series, i);
        w->chapters[i] = (struct entry){.name = xasprintf("EPUB/%s", name), .deflate = true};
        free(name);
    }
    return w;
}

void epub_writer_free(struct epub_writer *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->book->series->n_chapters; i++) {
        free(w->chapters[i].name);
        free(w->chapters[i].z.data);
    }
    free(w->chapters);
    fonts_free(&w->ctx);
    free(w);
}

void epub_writer_add_chapter(struct epub_writer *w, const struct doc_chapter *ch,
                             const struct doc_page_start *pages, size_t n_pages)
{
    struct entry *e = &w->chapters[ch->index];
    free(e->z.data);
    e->z = (struct zipsrc_entry){0};
    e->z.data = epub_chapter_xhtml(ch, w->book, pages, n_pages, &e->z.len);
    if (w->opt.store_only) {
        e->deflate = false;
        e->ok = true;
        return;
    }
    e->ok = zipsrc_deflate(&e->z, TEXT_LEVEL);
}

static int cmp_image_name(const void *a, const void *b)
{
    return strcmp((*(const struct doc_image *const *)a)->book_name,
                  (*(const struct doc_image *const *)b)->book_name);
}

static bool zip_put(zip_t *za, struct entry *e, time_t mtime)
{
    zip_source_t *src;
    if (e->z.deflated) {
        src = zipsrc_new(za, &e->z);
    } else {
        src = zip_source_buffer(za, e->z.data, e->z.len, 1);
        if (src)
            e->z.data = NULL;
    }
    if (!src)
        return false;
    zip_int64_t idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return false;
    }
    if (!e->deflate)
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    return zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) == 0;
}

/* Reads the archive that libzip wrote into memory. */
static char *source_bytes(zip_source_t *src, size_t *len_out)
{
    if (zip_source_open(src) != 0)
        return NULL;
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *bytes = xmalloc(size > 0 ? (size_t)size : 1);
    zip_int64_t got = size > 0 ? zip_source_read(src, bytes, (zip_uint64_t)size) : 0;
    zip_source_close(src);
    if (size < 0 || got != size) {
        free(bytes);
        return NULL;
    }
    *len_out = (size_t)size;
    return bytes;
}

bool epub_writer_finish(struct epub_writer *w, const struct doc_page_start *pages,
                        size_t n_pages, int threads, char **bytes_out, size_t *len_out,
                        struct diag_list *dl)
{
    const struct doc_book *book = w->book;
    const struct series *s = book->series;
    size_t n = s->n_chapters;
    *bytes_out = NULL;
    *len_out = 0;
    w->ctx.pages = pages;
    w->ctx.n_pages = pages ? n_pages : 0;
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        if (!w->chapters[i].ok) {
            diag_add(dl, DIAG_ERROR, s->chapters[i].display_path, 0, 0,
                     "cannot compress the chapter for the EPUB");
            ok = false;
        }
    if (!ok)
        return false;
    /* the package lists images by name: the same order however threads ran */
    const struct doc_image **images = xcalloc(book->n_images + 1, sizeof *images);
    for (size_t i = 0; i < book->n_images; i++)
        images[i] = book->images[i];
    if (book->n_images > 1)
        qsort(images, book->n_images, sizeof *images, cmp_image_name);
    w->ctx.images = images;

    /* Everything else, in the order it goes into the archive. */
    struct entry_list files = {0};
    size_t len;
    const char *container = res_find("container.xml", &len);
    entry_add(&files, "mimetype", xstrdup("application/epub+zip"), 20, false);
    entry_add(&files, "META-INF/container.xml", xstrndup(container, len), len, true);
    char *data = epub_opf(&w->ctx, &len);
    entry_add(&files, "EPUB/package.opf", data, len, true);
    data = epub_nav_page(&w->ctx, &len);
    entry_add(&files, "EPUB/nav.xhtml", data, len, true);
    data = epub_ncx(&w->ctx, &len);
    entry_add(&files, "EPUB/toc.ncx", data, len, true);
    data = epub_css(&w->ctx, &len);
    entry_add(&files, "EPUB/css/book.css", data, len, true);
    if (book->cover_image >= 0) {
        data = epub_cover_page(&w->ctx, &len);
        entry_add(&files, "EPUB/cover.xhtml", data, len, true);
    }
    data = epub_title_page(&w->ctx, &len);
    entry_add(&files, "EPUB/titlepage.xhtml", data, len, true);
    size_t first_chapter = files.len;
    data = epub_colophon_page(&w->ctx, &len);
    entry_add(&files, "EPUB/colophon.xhtml", data, len, true);
    for (size_t i = 0; i < book->n_images && ok; i++) {
        const struct doc_image *img = images[i];
        const char *err = NULL;
        char *bytes;
        if (!file_read_all(img->real_path, &bytes, &len, &err)) {
            diag_add(dl, DIAG_ERROR, img->rel, 0, 0, "image %s", err);
            ok = false;
            break;
        }
        char *full = xasprintf("EPUB/%s", img->book_name);
        entry_add(&files, full, bytes, len, img->is_svg || !strcmp(img->media_type, "image/gif"));
        free(full);
    }
    for (size_t i = 0; i < w->ctx.n_fonts && ok; i++) {
        const struct font_file *f = &w->ctx.fonts[i];
        const char *err = NULL;
        char *bytes;
        file_log_add(w->book->series->inputs, f->path);
        if (!file_read_all(f->path, &bytes, &len, &err)) {
            diag_add(dl, DIAG_ERROR, f->path, 0, 0,
                     "font file %s: install the Debian package %s (fonts/fonts.list)", err,
                     f->package);
            ok = false;
            break;
        }
        char *full = xasprintf("EPUB/fonts/%s", f->file_name);
        entry_add(&files, full, bytes, len, true)->binary = true;
        free(full);
    }
    w->ctx.images = NULL;
    free(images);
    if (ok && w->opt.store_only)
        for (size_t i = 0; i < files.len; i++)
            files.items[i].deflate = false;
    if (ok)
        parallel_for(files.len, threads, deflate_one, &files);

    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &zerr);
    zip_source_keep(out);
    zip_t *za = ok ? zip_open_from_source(out, ZIP_TRUNCATE, &zerr) : NULL;
    if (ok && !za) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot create the EPUB archive: %s",
                 zip_error_strerror(&zerr));
        ok = false;
    }
    /* ZIP stores local time: octavo runs with TZ=UTC (set by the CLI), and DOS
     * dates start in 1980. */
    time_t mtime = (time_t)(w->opt.modified_epoch < 315532800 ? 315532800 : w->opt.modified_epoch);
    bool added = true;
    for (size_t i = 0; ok && i < files.len; i++) {
        if (i == first_chapter)
            for (size_t c = 0; c < n; c++)
                added &= zip_put(za, &w->chapters[c], mtime);
        added &= files.items[i].ok && zip_put(za, &files.items[i], mtime);
    }
    if (za) {
        if (!ok || !added) {
            if (ok)
                diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot add a file to the EPUB archive: %s",
                         zip_strerror(za));
            zip_discard(za);
            ok = false;
        } else if (zip_close(za) != 0) {
            diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot write the EPUB archive: %s",
                     zip_strerror(za));
            zip_discard(za);
            ok = false;
        }
    }
    if (ok) {
        *bytes_out = source_bytes(out, len_out);
        if (!*bytes_out) {
            diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot read back the EPUB archive");
            ok = false;
        }
    }
    zip_source_free(out);
    zip_error_fini(&zerr);
    for (size_t i = 0; i < files.len; i++) {
        free(files.items[i].name);
        free(files.items[i].z.data);
    }
    free(files.items);
    return ok;
}
