/* epub_writer: pass 2 (render every chapter, in parallel) and the OCF package
 * (mimetype first and stored, fixed timestamps, fixed order: same bytes for
 * the same input). */
#include "epub/internal.h"
#include "epub/xmlw.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct epub_writer {
    struct epub_ctx ctx;
    struct epub_options opt;
};

static void fonts_free(struct epub_ctx *c)
{
    for (size_t i = 0; i < c->n_fonts; i++) {
        struct epub_font *f = &c->fonts[i];
        free(f->family);
        free(f->style);
        free(f->weight);
        free(f->path);
        free(f->package);
        free(f->book_name);
    }
    free(c->fonts);
    c->fonts = NULL;
    c->n_fonts = 0;
}

/* fonts/fonts.list, compiled in: family, style, weight, path, package (tab-separated). */
static void fonts_load(struct epub_ctx *c)
{
    size_t len;
    const char *list = res_find("fonts.list", &len);
    for (const char *line = list; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[0] != '#') {
            char *copy = xstrndup(line, n);
            char *fields[5] = {0};
            char *save = NULL, *tok = strtok_r(copy, "\t", &save);
            for (int i = 0; i < 5 && tok; i++, tok = strtok_r(NULL, "\t", &save))
                fields[i] = tok;
            if (fields[4]) {
                c->fonts = xrealloc(c->fonts, (c->n_fonts + 1) * sizeof *c->fonts);
                const char *base = strrchr(fields[3], '/');
                c->fonts[c->n_fonts++] = (struct epub_font){
                    .family = xstrdup(fields[0]),
                    .style = xstrdup(fields[1]),
                    .weight = xstrdup(fields[2]),
                    .path = xstrdup(fields[3]),
                    .package = xstrdup(fields[4]),
                    .book_name = xasprintf("fonts/%s", base ? base + 1 : fields[3]),
                };
            }
            free(copy);
        }
        line = end ? end + 1 : NULL;
    }
}

char *epub_css(const struct epub_ctx *c, size_t *len)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < c->n_fonts; i++) {
        const struct epub_font *f = &c->fonts[i];
        buf_printf(&b,
                   "@font-face {\n  font-family: \"%s\";\n  font-style: %s;\n  font-weight: %s;\n"
                   "  src: url(\"../%s\");\n}\n",
                   f->family, f->style, f->weight, f->book_name);
    }
    size_t css_len;
    const char *css = res_find("book.css", &css_len);
    buf_put(&b, css, css_len);
    return buf_detach(&b, len);
}

struct epub_writer *epub_writer_new(const struct doc_book *book, const struct epub_options *opt)
{
    struct epub_writer *w = xcalloc(1, sizeof *w);
    w->opt = *opt;
    w->ctx.book = book;
    w->ctx.s = book->series;
    time_format_iso(opt->modified_epoch, w->ctx.modified);
    if (book->series->date)
        snprintf(w->ctx.date, sizeof w->ctx.date, "%s", book->series->date);
    else
        snprintf(w->ctx.date, sizeof w->ctx.date, "%.10s", w->ctx.modified);
    fonts_load(&w->ctx);
    return w;
}

void epub_writer_free(struct epub_writer *w)
{
    if (!w)
        return;
    fonts_free(&w->ctx);
    free(w);
}

/* ---- pass 2: chapters in parallel ---- */

struct render_job {
    const struct doc_book *book;
    char **xhtml;
    size_t *len;
    struct diag_list *diags;
    bool *ok;
};

static void render_one(void *ctx, size_t i)
{
    struct render_job *job = ctx;
    /* Load diagnostics were reported by pass 1; only resolution speaks now. */
    struct diag_list again = DIAG_LIST_INIT;
    struct doc_chapter *ch = doc_chapter_load(job->book->series, i, &again);
    diag_list_free(&again);
    if (!ch) {
        diag_add(&job->diags[i], DIAG_ERROR, job->book->series->chapters[i].display_path, 0, 0,
                 "chapter changed while the book was being built");
        job->ok[i] = false;
        return;
    }
    doc_chapter_resolve(ch, job->book, &job->diags[i]);
    job->xhtml[i] = epub_chapter_xhtml(ch, job->book, &job->len[i]);
    job->ok[i] = true;
    doc_chapter_free(ch);
}

/* ---- the ZIP container ---- */

struct zip_out {
    zip_t *za;
    time_t mtime;
    bool ok;
};

/* Adds a file the archive takes ownership of (data is freed by libzip). */
static void zip_put(struct zip_out *z, const char *name, void *data, size_t len, bool compress)
{
    if (!z->ok) {
        free(data);
        return;
    }
    zip_source_t *src = zip_source_buffer(z->za, data, len, 1);
    if (!src) {
        free(data);
        z->ok = false;
        return;
    }
    zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        z->ok = false;
        return;
    }
    zip_set_file_compression(z->za, (zip_uint64_t)idx, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                             compress ? 6 : 0);
    zip_file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0);
}

static void zip_put_copy(struct zip_out *z, const char *name, const char *data, size_t len,
                         bool compress)
{
    zip_put(z, name, xstrndup(data, len), len, compress);
}

static bool read_into_zip(struct zip_out *z, const char *name, const char *path, bool compress,
                          const char **err)
{
    char *data;
    size_t len;
    if (!file_read_all(path, &data, &len, err))
        return false;
    zip_put(z, name, data, len, compress);
    return true;
}

bool epub_writer_write(struct epub_writer *w, char **bytes_out, size_t *len_out,
                       struct diag_list *dl)
{
    const struct doc_book *book = w->ctx.book;
    const struct series *s = book->series;
    size_t n = s->n_chapters;
    *bytes_out = NULL;
    *len_out = 0;

    struct render_job job = {
        .book = book,
        .xhtml = xcalloc(n, sizeof(char *)),
        .len = xcalloc(n, sizeof(size_t)),
        .diags = xcalloc(n, sizeof(struct diag_list)),
        .ok = xcalloc(n, sizeof(bool)),
    };
    parallel_for(n, w->opt.threads, render_one, &job);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        diag_splice(dl, &job.diags[i]);
        ok &= job.ok[i];
    }
    free(job.diags);
    free(job.ok);

    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &zerr);
    zip_source_keep(out);
    struct zip_out z = {.za = zip_open_from_source(out, ZIP_TRUNCATE, &zerr), .ok = true};
    /* ZIP stores local time: octavo runs with TZ=UTC (set by the CLI), and DOS
     * dates start in 1980. */
    z.mtime = (time_t)(w->opt.modified_epoch < 315532800 ? 315532800 : w->opt.modified_epoch);
    if (!z.za) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot create the EPUB archive: %s",
                 zip_error_strerror(&zerr));
        ok = false;
    }
    if (ok) {
        size_t len;
        const char *container = res_find("container.xml", &len);
        zip_put_copy(&z, "mimetype", "application/epub+zip", 20, false);
        zip_put_copy(&z, "META-INF/container.xml", container, len, true);
        char *data = epub_opf(&w->ctx, &len);
        zip_put(&z, "EPUB/package.opf", data, len, true);
        data = epub_nav_page(&w->ctx, &len);
        zip_put(&z, "EPUB/nav.xhtml", data, len, true);
        data = epub_ncx(&w->ctx, &len);
        zip_put(&z, "EPUB/toc.ncx", data, len, true);
        data = epub_css(&w->ctx, &len);
        zip_put(&z, "EPUB/css/book.css", data, len, true);
        if (book->cover_image >= 0) {
            data = epub_cover_page(&w->ctx, &len);
            zip_put(&z, "EPUB/cover.xhtml", data, len, true);
        }
        data = epub_title_page(&w->ctx, &len);
        zip_put(&z, "EPUB/titlepage.xhtml", data, len, true);
        for (size_t i = 0; i < n; i++) {
            char *name = epub_chapter_name(i);
            char *full = xasprintf("EPUB/%s", name);
            zip_put(&z, full, job.xhtml[i], job.len[i], true);
            job.xhtml[i] = NULL;
            free(full);
            free(name);
        }
        data = epub_colophon_page(&w->ctx, &len);
        zip_put(&z, "EPUB/colophon.xhtml", data, len, true);
        for (size_t i = 0; i < book->n_images && ok; i++) {
            const struct doc_image *img = &book->images[i];
            char *full = xasprintf("EPUB/%s", img->book_name);
            const char *err = NULL;
            bool compress = img->is_svg;
            if (!read_into_zip(&z, full, img->real_path, compress, &err)) {
                diag_add(dl, DIAG_ERROR, img->rel, 0, 0, "image %s", err);
                ok = false;
            }
            free(full);
        }
        for (size_t i = 0; i < w->ctx.n_fonts && ok; i++) {
            const struct epub_font *f = &w->ctx.fonts[i];
            char *full = xasprintf("EPUB/%s", f->book_name);
            const char *err = NULL;
            if (!read_into_zip(&z, full, f->path, true, &err)) {
                diag_add(dl, DIAG_ERROR, f->path, 0, 0,
                         "font file %s: install the Debian package %s (fonts/fonts.list)", err,
                         f->package);
                ok = false;
            }
            free(full);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(job.xhtml[i]);
    free(job.xhtml);
    free(job.len);
    if (z.za) {
        if (!ok || !z.ok) {
            zip_discard(z.za);
        } else if (zip_close(z.za) != 0) {
            diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot write the EPUB archive: %s",
                     zip_strerror(z.za));
            zip_discard(z.za);
            ok = false;
        }
    }
    if (ok && !z.ok) {
        diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot add a file to the EPUB archive");
        ok = false;
    }
    if (ok) {
        zip_stat_t st;
        zip_source_stat(out, &st);
        zip_source_open(out);
        zip_source_seek(out, 0, SEEK_END);
        zip_int64_t size = zip_source_tell(out);
        zip_source_seek(out, 0, SEEK_SET);
        char *bytes = xmalloc(size > 0 ? (size_t)size : 1);
        zip_int64_t got = zip_source_read(out, bytes, (zip_uint64_t)size);
        zip_source_close(out);
        if (got != size) {
            free(bytes);
            diag_add(dl, DIAG_ERROR, s->dir, 0, 0, "cannot read back the EPUB archive");
            ok = false;
        } else {
            *bytes_out = bytes;
            *len_out = (size_t)size;
        }
    }
    zip_source_free(out);
    zip_error_fini(&zerr);
    return ok;
}
