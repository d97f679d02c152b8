/* pdf_typesetter: lays the chapters out in parallel while the main thread
 * draws each one as soon as it and the chapters before it are done — a
 * chapter's pages depend on nothing outside it, because every chapter opens on
 * a right-hand page. The contents, which need every page number, are set and
 * drawn last with the cover and title pages, and put back in front when the
 * file is finished (post.c). Memory holds only the chapters in flight. */
#include "pdf/book.h"
#include "pdf/front.h"
#include "pdf/hyphen.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pdf_typesetter {
    const struct doc_book *book;
    struct pdf_options opt;
    struct pdf_page_start *starts;
    size_t n_starts;
};

struct pdf_typesetter *pdf_typesetter_new(const struct doc_book *book,
                                          const struct pdf_options *opt)
{
    struct pdf_typesetter *t = xcalloc(1, sizeof *t);
    t->book = book;
    t->opt = *opt;
    return t;
}

void pdf_typesetter_free(struct pdf_typesetter *t)
{
    if (!t)
        return;
    free(t->starts);
    free(t);
}

const struct pdf_page_start *pdf_typesetter_pages(const struct pdf_typesetter *t, size_t *n_out)
{
    *n_out = t->n_starts;
    return t->starts;
}

/* ---- parallel layout ---- */

struct layout_job {
    const struct pdf_book_ctx *bc;
    struct pdf_hyphenator *hyph;
    struct pdf_chapter_out *outs;
    int threads;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    bool *done;       /* chapter laid out */
    size_t drawn;     /* chapters drawn so far */
    size_t ahead;     /* how far layout may run ahead of drawing */
    bool abort;
    struct pdf_shaper **idle;
    size_t n_idle;
    struct pdf_shaper **all;
    size_t n_all;
};

static struct pdf_shaper *take_shaper(struct layout_job *job)
{
    pthread_mutex_lock(&job->mu);
    struct pdf_shaper *sh = job->n_idle ? job->idle[--job->n_idle] : NULL;
    if (!sh) {
        sh = pdf_shaper_new(job->bc->fonts, job->bc->st, job->hyph);
        job->all = xgrow(job->all, job->n_all, sizeof *job->all);
        job->all[job->n_all++] = sh;
        job->idle = xrealloc(job->idle, job->n_all * sizeof *job->idle);
    }
    pthread_mutex_unlock(&job->mu);
    return sh;
}

static void give_shaper(struct layout_job *job, struct pdf_shaper *sh)
{
    pthread_mutex_lock(&job->mu);
    job->idle[job->n_idle++] = sh;
    pthread_mutex_unlock(&job->mu);
}

static void layout_one(void *ctx, size_t i)
{
    struct layout_job *job = ctx;
    const struct doc_book *book = job->bc->book;
    struct pdf_chapter_out *out = &job->outs[i];
    /* bounded memory: wait while drawing is far behind */
    pthread_mutex_lock(&job->mu);
    while (!job->abort && i >= job->drawn && i - job->drawn >= job->ahead)
        pthread_cond_wait(&job->cond, &job->mu);
    bool skip = job->abort;
    pthread_mutex_unlock(&job->mu);
    if (!skip) {
        /* load diagnostics were reported by the scan */
        struct diag_list again = DIAG_LIST_INIT;
        struct doc_chapter *ch = doc_chapter_load(book->series, i, &again);
        diag_list_free(&again);
        if (!ch) {
            memset(out, 0, sizeof *out);
            diag_add(&out->diags, DIAG_ERROR, book->series->chapters[i].display_path, 0, 0,
                     "chapter changed while the book was being built");
        } else {
            struct diag_list resolve = DIAG_LIST_INIT;
            doc_chapter_resolve(ch, book, NULL, &resolve);
            struct pdf_shaper *sh = take_shaper(job);
            pdf_chapter_layout(job->bc, sh, ch, out);
            give_shaper(job, sh);
            diag_splice(&resolve, &out->diags);
            diag_splice(&out->diags, &resolve);
            doc_chapter_free(ch);
        }
    }
    pthread_mutex_lock(&job->mu);
    job->done[i] = true;
    pthread_cond_broadcast(&job->cond);
    pthread_mutex_unlock(&job->mu);
}

static void *layout_all(void *ctx)
{
    struct layout_job *job = ctx;
    parallel_for(job->bc->book->series->n_chapters, job->threads, layout_one, job);
    return NULL;
}

/* Lays chapter c out on this thread unless a layout thread does it, then waits for it. */
static void wait_for(struct layout_job *job, size_t c, bool threaded)
{
    if (!threaded) {
        layout_one(job, c);
        return;
    }
    pthread_mutex_lock(&job->mu);
    while (!job->done[c])
        pthread_cond_wait(&job->cond, &job->mu);
    pthread_mutex_unlock(&job->mu);
}

/* ---- the whole book ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void gpage_set(struct pdf_gpage *g, int chapter, int index, unsigned folio, bool roman,
                      enum pdf_page_kind kind)
{
    *g = (struct pdf_gpage){.chapter = chapter, .index = index, .folio = folio,
                            .kind = (uint8_t)kind};
    if (kind == PDF_PAGE_COVER)
        snprintf(g->label, sizeof g->label, "Cover");
    else if (roman)
        pdf_roman(folio, g->label);
    else
        snprintf(g->label, sizeof g->label, "%u", folio);
}

static void start_add(struct pdf_typesetter *t, const struct pdf_gpage *g,
                      const struct pdf_chapter_out *src)
{
    t->starts = xgrow(t->starts, t->n_starts, sizeof *t->starts);
    struct pdf_page_start *ps = &t->starts[t->n_starts++];
    memset(ps, 0, sizeof *ps);
    snprintf(ps->label, sizeof ps->label, "%s", g->label);
    ps->chapter = g->chapter;
    if (g->chapter >= 0 && g->kind == PDF_PAGE_BLANK) {
        ps->blank = true;
        ps->node = UINT32_MAX;
    } else if (g->chapter >= 0 && src && g->index > 0) {
        ps->node = src->pages[g->index].src_node;
        ps->offset = src->pages[g->index].src_off;
    }
}

/* A laid-out chapter after drawing: only its headings and page starts stay. */
static void release(struct pdf_chapter_out *o)
{
    pdf_dlist_free(&o->d);
    free(o->places);
    o->places = NULL;
    o->n_places = 0;
}

bool pdf_typesetter_write(struct pdf_typesetter *t, char **bytes_out, size_t *len_out,
                          struct diag_list *dl)
{
    const struct doc_book *book = t->book;
    const struct series *s = book->series;
    size_t n = s->n_chapters;
    *bytes_out = NULL;
    *len_out = 0;
    free(t->starts);
    t->starts = NULL;
    t->n_starts = 0;
    double t0 = now(), cpu0 = thread_cpu();

    const char *size = t->opt.page_size ? t->opt.page_size : s->page_size ? s->page_size : "a4";
    struct pdf_style st;
    if (!pdf_style_init(&st, size)) {
        diag_add(dl, DIAG_ERROR, t->opt.page_size ? "--page-size" : s->manifest_path, 0, 0,
                 "unknown page size '%s' (%s)", size, pdf_page_size_names());
        return false;
    }
    struct pdf_fonts fonts;
    if (!pdf_fonts_load(&fonts, dl)) {
        pdf_fonts_free(&fonts);
        return false;
    }
    size_t errors = diag_count(dl, DIAG_ERROR);
    struct pdf_image_info *images = xcalloc(book->n_images + 1, sizeof *images);
    pdf_images_probe(book, images, dl);
    if (diag_count(dl, DIAG_ERROR) > errors) {
        free(images);
        pdf_fonts_free(&fonts);
        return false;
    }
    struct pdf_hyphenator *hyph = pdf_hyphenator_new(s->language, s->manifest_path, dl);
    struct pdf_book_ctx bc = {.book = book, .st = &st, .fonts = &fonts, .images = images};
    /* drawing takes one core all along; layout gets the others (with one core,
     * this thread lays each chapter out just before drawing it) */
    int threads = t->opt.threads > 1 ? t->opt.threads - 1 : 1;
    struct layout_job job = {.bc = &bc, .hyph = hyph, .threads = threads,
                             .outs = xcalloc(n + 1, sizeof(struct pdf_chapter_out)),
                             .done = xcalloc(n + 1, sizeof(bool)),
                             .ahead = (size_t)threads * 2 + 2};
    pthread_mutex_init(&job.mu, NULL);
    pthread_cond_init(&job.cond, NULL);
    pthread_t layout_thread;
    bool threaded = n > 0 && t->opt.threads > 1 &&
                    pthread_create(&layout_thread, NULL, layout_all, &job) == 0;
    if (!threaded)
        job.ahead = SIZE_MAX;

    /* the main thread draws, chapter by chapter, as they come */
    struct pdf_shaper *sh = pdf_shaper_new(&fonts, &st, hyph);
    struct pdf_book *pb = pdf_book_begin(&bc, sh, t->opt.modified_epoch);
    struct pdf_gpage *pages = NULL;
    size_t n_pages = 0;
    unsigned folio = 1;
    bool ok = true;
    double t_wait = 0;
    for (size_t c = 0; c < n; c++) {
        double w0 = now();
        wait_for(&job, c, threaded);
        t_wait += now() - w0;
        struct pdf_chapter_out *o = &job.outs[c];
        diag_splice(dl, &o->diags);
        if (diag_count(dl, DIAG_ERROR) > errors) {
            ok = false;
            break;
        }
        if (folio % 2 == 0) {
            /* a blank left-hand page: chapters open on the right */
            pages = xgrow(pages, n_pages, sizeof *pages);
            gpage_set(&pages[n_pages], c ? (int)c - 1 : 0, -1, folio++, false, PDF_PAGE_BLANK);
            pdf_book_page(pb, &pages[n_pages], NULL, SIZE_MAX, false);
            start_add(t, &pages[n_pages++], NULL);
        }
        pdf_book_section(pb, PDF_TAG_SECT);
        size_t head = pdf_book_head(pb, book->chapters[c].title);
        for (size_t i = 0; i < o->n_pages; i++) {
            pages = xgrow(pages, n_pages, sizeof *pages);
            gpage_set(&pages[n_pages], (int)c, (int)i, folio++, false, PDF_PAGE_BODY);
            pdf_book_page(pb, &pages[n_pages], o, head, i + 1 == o->n_pages);
            start_add(t, &pages[n_pages++], o);
        }
        release(o);
        pthread_mutex_lock(&job.mu);
        job.drawn = c + 1;
        pthread_cond_broadcast(&job.cond);
        pthread_mutex_unlock(&job.mu);
    }
    if (!ok) {
        pthread_mutex_lock(&job.mu);
        job.abort = true;
        pthread_cond_broadcast(&job.cond);
        pthread_mutex_unlock(&job.mu);
    }
    if (threaded)
        pthread_join(layout_thread, NULL);
    double t1 = now();

    /* the front matter, now that every page number is known; drawn last, it
     * goes to the front of the file when the file is finished */
    struct pdf_chapter_out front = {0};
    size_t chapter_pages = n_pages;
    struct pdf_page_ranges ranges = {0};
    double tf[4] = {now()};
    if (ok) {
        struct pdf_toc_entry *toc = NULL;
        size_t n_toc = 0;
        unsigned start = 1;
        for (size_t c = 0; c < n; c++) {
            const struct pdf_chapter_out *o = &job.outs[c];
            if (start % 2 == 0)
                start++;
            for (size_t i = 0; i < o->n_headings; i++) {
                const struct pdf_heading_ref *h = &o->headings[i];
                if (h->level > 2)
                    continue;
                toc = xgrow(toc, n_toc, sizeof *toc);
                struct pdf_toc_entry *e = &toc[n_toc++];
                *e = (struct pdf_toc_entry){.level = h->level, .number = (int)c + 1,
                                            .text = h->text, .dest = h->dest};
                snprintf(e->page, sizeof e->page, "%u", start + h->page);
            }
            start += (unsigned)o->n_pages;
        }
        char built[21];
        time_format_iso(t->opt.modified_epoch, built);
        built[10] = '\0';
        pdf_front_layout(&bc, sh, toc, n_toc, built, &front);
        free(toc);
        tf[1] = now();

        struct pdf_gpage *fp = xcalloc(front.n_pages + 3, sizeof *fp);
        size_t nf = 0;
        ranges.cover = book->cover_image >= 0 && images[book->cover_image].ok;
        if (ranges.cover)
            gpage_set(&fp[nf++], -1, -1, 0, true, PDF_PAGE_COVER);
        unsigned roman = 1;
        for (size_t i = 0; i < front.n_pages; i++)
            gpage_set(&fp[nf++], -1, (int)i, roman++, true, front.pages[i].kind);
        if (roman % 2 == 0)
            gpage_set(&fp[nf++], -1, -1, roman++, true, PDF_PAGE_BLANK);
        size_t last_drawn = nf - 1;
        while (last_drawn > 0 && fp[last_drawn].kind == PDF_PAGE_BLANK)
            last_drawn--;
        for (size_t i = 0; i < nf; i++) {
            /* the section opens after the cover: no tag may sit on a page whose
             * only drawing covers it whole (cairo's replay fails) */
            if (fp[i].kind != PDF_PAGE_COVER && (i == 0 || fp[i - 1].kind == PDF_PAGE_COVER))
                pdf_book_section(pb, PDF_TAG_DIV);
            pdf_book_page(pb, &fp[i], &front, SIZE_MAX, i == last_drawn);
        }
        tf[2] = now();
        ranges.n_front = nf;
        ranges.n_roman = roman - 1;
        ranges.n_pages = chapter_pages + nf;
        /* the page starts in reading order: the front matter first */
        struct pdf_page_start *chap_starts = t->starts;
        size_t n_chap = t->n_starts;
        t->starts = NULL;
        t->n_starts = 0;
        for (size_t i = 0; i < nf; i++)
            start_add(t, &fp[i], NULL);
        t->starts = xrealloc(t->starts, (t->n_starts + n_chap + 1) * sizeof *t->starts);
        memcpy(t->starts + t->n_starts, chap_starts, n_chap * sizeof *chap_starts);
        t->n_starts += n_chap;
        free(chap_starts);
        free(fp);
    }
    ok = pdf_book_finish(pb, job.outs, n, &ranges, bytes_out, len_out, dl) && ok;
    tf[3] = now();
    if (getenv("OCTAVO_TIMINGS"))
        fprintf(stderr, "pdf: contents %.3f s, front pages %.3f s, finish %.3f s\n",
                tf[1] - tf[0], tf[2] - tf[1], tf[3] - tf[2]);
    if (!ok) {
        free(*bytes_out);
        *bytes_out = NULL;
        *len_out = 0;
        free(t->starts);
        t->starts = NULL;
        t->n_starts = 0;
    }
    if (getenv("OCTAVO_TIMINGS"))
        fprintf(stderr, "pdf: %.3f s for %zu pages (drawing waited %.3f s for layout), "
                        "front matter and finish %.3f s, drawing thread's CPU %.3f s\n",
                now() - t0, ranges.n_pages, t_wait, now() - t1, thread_cpu() - cpu0);
    pdf_shaper_free(sh);
    pdf_chapter_out_free(&front);
    free(pages);
    for (size_t i = 0; i < n; i++)
        pdf_chapter_out_free(&job.outs[i]);
    free(job.outs);
    free(job.done);
    for (size_t i = 0; i < job.n_all; i++)
        pdf_shaper_free(job.all[i]);
    free(job.all);
    free(job.idle);
    pthread_mutex_destroy(&job.mu);
    pthread_cond_destroy(&job.cond);
    pdf_hyphenator_free(hyph);
    free(images);
    pdf_fonts_free(&fonts);
    return ok;
}
