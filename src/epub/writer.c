/* epub_writer: pass 2 (render every chapter, in parallel) and the OCF package
 * (mimetype first and stored, fixed timestamps, fixed order: same bytes for
 * the same input). */
#include "epub/internal.h"
#include "epub/xmlw.h"
#include "epub/zipsrc.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct epub_writer {
    struct epub_ctx ctx;
    struct doc_book *book; /* finished by the single pass when it is not yet */
    struct epub_options opt;
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

struct epub_writer *epub_writer_new(struct doc_book *book, const struct epub_options *opt)
{
    struct epub_writer *w = xcalloc(1, sizeof *w);
    w->opt = *opt;
    w->book = book;
    w->ctx.book = book;
    w->ctx.s = book->series;
    w->ctx.pages = opt->pages;
    w->ctx.n_pages = opt->pages ? opt->n_pages : 0;
    w->ctx.page_source = opt->page_source;
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

/* ---- chapters in parallel ---- */

enum render_mode {
    RENDER_SINGLE_PASS, /* the book is not finished: read, check and render in one go */
    RENDER_FINISHED,    /* the caller scanned the book first: load diagnostics were given */
    RENDER_AGAIN,       /* a chapter with a broken forward anchor: every diagnostic was given */
};

struct render_job {
    struct doc_book *book;
    enum render_mode mode;
    struct entry *chapters;        /* one per chapter, deflated by the worker */
    struct diag_list *diags;       /* one list per chapter, spliced in chapter order */
    struct doc_chapter_info *infos;    /* RENDER_SINGLE_PASS: collected here */
    struct doc_link_checks *checks;    /* RENDER_SINGLE_PASS: forward anchors to check */
    bool *again;                   /* RENDER_AGAIN: which chapters */
    struct epub_page_mark **marks; /* per chapter, the print edition's pages in it */
    size_t *n_marks;
};

static void render_one(void *ctx, size_t i)
{
    struct render_job *job = ctx;
    if (job->mode == RENDER_AGAIN && !job->again[i])
        return;
    struct diag_list quiet = DIAG_LIST_INIT;
    struct diag_list *load_dl = job->mode == RENDER_SINGLE_PASS ? &job->diags[i] : &quiet;
    struct diag_list *resolve_dl = job->mode == RENDER_AGAIN ? &quiet : &job->diags[i];
    struct entry *e = &job->chapters[i];
    struct doc_chapter *ch = doc_chapter_load(job->book->series, i, load_dl);
    if (!ch) {
        if (job->mode != RENDER_SINGLE_PASS)
            diag_add(&job->diags[i], DIAG_ERROR, job->book->series->chapters[i].display_path, 0,
                     0, "chapter changed while the book was being built");
        e->ok = false;
        diag_list_free(&quiet);
        return;
    }
    if (job->mode == RENDER_SINGLE_PASS) {
        doc_chapter_collect(ch, &job->infos[i]);
        e->ok = doc_book_add_images(job->book, i, &job->infos[i], &job->diags[i]);
        job->checks[i].own = &job->infos[i];
        doc_chapter_resolve(ch, job->book, &job->checks[i], resolve_dl);
    } else {
        doc_chapter_resolve(ch, job->book, NULL, resolve_dl);
    }
    diag_list_free(&quiet);
    free(e->z.data);
    e->z = (struct zipsrc_entry){0};
    if (e->ok) {
        e->z.data = epub_chapter_xhtml_marked(ch, job->book, job->marks[i], job->n_marks[i],
                                              &e->z.len);
        e->ok = zipsrc_deflate(&e->z, TEXT_LEVEL);
    }
    doc_chapter_free(ch);
}

/* Renders every chapter. With an unfinished book this is the whole build in one
 * pass: each chapter is parsed once, and the few whose links name an anchor in
 * a later chapter that turns out not to exist are rendered again. */
static bool render_chapters(struct epub_writer *w, struct render_job *job, struct diag_list *dl)
{
    struct doc_book *book = w->book;
    size_t n = book->series->n_chapters;
    bool ok = true;
    job->mode = book->finished ? RENDER_FINISHED : RENDER_SINGLE_PASS;
    if (job->mode == RENDER_SINGLE_PASS) {
        job->infos = xcalloc(n, sizeof *job->infos);
        job->checks = xcalloc(n, sizeof *job->checks);
    }
    parallel_for(n, w->opt.threads, render_one, job);
    for (size_t i = 0; i < n; i++)
        ok &= job->chapters[i].ok;
    if (job->mode == RENDER_SINGLE_PASS) {
        if (ok) {
            doc_book_finish(book, job->infos);
            job->infos = NULL;
            job->again = xcalloc(n, sizeof(bool));
            bool any = false;
            for (size_t i = 0; i < n; i++) {
                job->again[i] = doc_link_checks_report(book, &job->checks[i],
                                                       book->series->chapters[i].display_path,
                                                       &job->diags[i]);
                any |= job->again[i];
            }
            if (any) {
                job->mode = RENDER_AGAIN;
                parallel_for(n, w->opt.threads, render_one, job);
                for (size_t i = 0; i < n; i++)
                    ok &= job->chapters[i].ok;
            }
            free(job->again);
        } else {
            for (size_t i = 0; i < n; i++)
                doc_chapter_info_free(&job->infos[i]);
            free(job->infos);
        }
        for (size_t i = 0; i < n; i++)
            doc_link_checks_free(&job->checks[i]);
        free(job->checks);
    }
    for (size_t i = 0; i < n; i++)
        diag_splice(dl, &job->diags[i]);
    return ok;
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

bool epub_writer_write(struct epub_writer *w, char **bytes_out, size_t *len_out,
                       struct diag_list *dl)
{
    const struct doc_book *book = w->book;
    const struct series *s = book->series;
    size_t n = s->n_chapters;
    *bytes_out = NULL;
    *len_out = 0;

    /* Chapters: render and deflate, every core at once. */
    struct render_job job = {
        .book = w->book,
        .chapters = xcalloc(n, sizeof(struct entry)),
        .diags = xcalloc(n, sizeof(struct diag_list)),
    };
    for (size_t i = 0; i < n; i++) {
        char *name = epub_chapter_name(s, i);
        job.chapters[i] = (struct entry){.name = xasprintf("EPUB/%s", name), .deflate = true,
                                         .ok = true};
        free(name);
    }
    job.marks = xcalloc(n, sizeof *job.marks);
    job.n_marks = xcalloc(n, sizeof *job.n_marks);
    for (size_t p = 0; p < w->ctx.n_pages; p++) {
        const struct epub_page_mark *m = &w->ctx.pages[p];
        if (m->chapter < 0 || (size_t)m->chapter >= n)
            continue;
        size_t c = (size_t)m->chapter;
        job.marks[c] = xrealloc(job.marks[c], (job.n_marks[c] + 1) * sizeof **job.marks);
        job.marks[c][job.n_marks[c]++] = *m;
    }
    bool ok = render_chapters(w, &job, dl);
    for (size_t i = 0; i < n; i++)
        free(job.marks[i]);
    free(job.marks);
    free(job.n_marks);
    free(job.diags);
    if (!ok) {
        for (size_t i = 0; i < n; i++) {
            free(job.chapters[i].name);
            free(job.chapters[i].z.data);
        }
        free(job.chapters);
        return false;
    }

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
        const struct doc_image *img = &book->images[i];
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
    if (ok)
        parallel_for(files.len, w->opt.threads, deflate_one, &files);

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
                added &= zip_put(za, &job.chapters[c], mtime);
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
    for (size_t i = 0; i < n; i++) {
        free(job.chapters[i].name);
        free(job.chapters[i].z.data);
    }
    free(job.chapters);
    return ok;
}
