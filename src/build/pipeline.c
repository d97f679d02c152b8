/* The build pipeline: every chapter is read, parsed, resolved and
 * link-checked once, then handed — const and resolved — to each renderer.
 *
 * Chapters are parsed on worker threads in any order, but enter the book one
 * at a time in chapter order (the gate), so every choice that depends on the
 * book so far (heading links to earlier chapters, the order of images) is the
 * same however the threads ran. With a PDF, the workers also lay chapters out
 * and this thread draws them in order, then gives each to the EPUB with the
 * places where its print pages begin; the workers never run more than a few
 * chapters ahead of the drawing, so memory holds only the chapters in flight,
 * whatever the book's length. */
#include "build/build.h"
#include "build/internal.h"
#include "doc/doc.h"
#include "epub/epub.h"
#include "pdf/pdf.h"
#include "series/series.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* How many chapters the workers may parse and lay out beyond the one being
 * drawn, per worker: enough to keep them busy while drawing catches up. */
#define CHAPTERS_AHEAD_PER_WORKER 2
#define CHAPTERS_AHEAD_MIN 2

struct run {
    const struct series *s;
    const struct build_options *opt;
    struct doc_book *book;
    struct epub_writer *epub;   /* NULL: no EPUB */
    struct pdf_typesetter *pdf; /* NULL: no PDF */
    const struct build_source *src; /* NULL: chapters from their files */
    struct pdf_coverage *coverage; /* check only, else NULL */
    size_t n;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    size_t entered;  /* chapters entered into the book (the gate) */
    bool model_failed; /* an error in a chapter entered so far */
    struct diag_list *diags;   /* per chapter: what reading and resolving it said */
    struct doc_chapter **held; /* PDF: laid out, waiting to be drawn */
    bool *render;    /* per chapter: no error before it, so it is rendered */
    bool *ready;     /* PDF: chapter i is held (or failed) */
    size_t drawn;    /* PDF: chapters drawn or passed by the drawing thread */
    size_t ahead;
    bool render_failed; /* PDF: a chapter could not be drawn; no more are */
    struct diag_list render_diags; /* what drawing said, in chapter order */
    struct build_progress progress; /* guarded by mu, reported through opt->progress */
};

/* One more chapter done (n_pages of its PDF pages typeset). */
static void report_done(struct run *r, size_t n_pages)
{
    pthread_mutex_lock(&r->mu);
    r->progress.chapters_done++;
    r->progress.pages += n_pages;
    if (r->opt->progress)
        r->opt->progress(r->opt->progress_ctx, &r->progress);
    pthread_mutex_unlock(&r->mu);
}

/* Read, parse, enter into the book in order, lay out: on a worker thread. */
static void process_chapter(void *ctx, size_t i)
{
    struct run *r = ctx;
    if (r->pdf) { /* bounded memory: wait while drawing is far behind */
        pthread_mutex_lock(&r->mu);
        while (i >= r->drawn && i - r->drawn >= r->ahead)
            pthread_cond_wait(&r->cond, &r->mu);
        pthread_mutex_unlock(&r->mu);
    }
    struct doc_chapter *ch = r->src ? r->src->load(r->src->ctx, r->s, i, &r->diags[i])
                                    : doc_chapter_load(r->s, i, &r->diags[i]);

    pthread_mutex_lock(&r->mu);
    while (r->entered != i)
        pthread_cond_wait(&r->cond, &r->mu);
    if (ch && !doc_book_add_chapter(r->book, ch, &r->diags[i]))
        r->model_failed = true;
    if (!ch) {
        doc_book_skip_chapter(r->book, i);
        r->model_failed = true;
    }
    /* decided in chapter order, so a failed build reports the same every time */
    bool sound = ch && !r->model_failed;
    bool render = sound && (r->epub || r->pdf);
    r->render[i] = render;
    r->entered++;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->mu);

    if (r->pdf) {
        if (render)
            pdf_typesetter_layout(r->pdf, ch);
        pthread_mutex_lock(&r->mu);
        r->held[i] = ch;
        r->ready[i] = true;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->mu);
        return;
    }
    if (render && r->epub)
        epub_writer_add_chapter(r->epub, ch, NULL, 0);
    if (sound && r->coverage)
        pdf_coverage_check(r->coverage, ch, &r->diags[i]);
    doc_chapter_free(ch);
    report_done(r, 0);
}

/* Draws chapter i (laid out) and gives it to the EPUB: on one thread, in order. */
static void draw_chapter(struct run *r, size_t i)
{
    pthread_mutex_lock(&r->mu);
    while (!r->ready[i])
        pthread_cond_wait(&r->cond, &r->mu);
    struct doc_chapter *ch = r->held[i];
    r->held[i] = NULL;
    bool render = r->render[i] && !r->render_failed;
    pthread_mutex_unlock(&r->mu);

    size_t n_starts = 0;
    if (render) {
        const struct doc_page_start *starts;
        if (!pdf_typesetter_draw(r->pdf, i, &r->render_diags, &starts, &n_starts))
            r->render_failed = true;
        else if (r->epub)
            epub_writer_add_chapter(r->epub, ch, starts, n_starts);
    }
    doc_chapter_free(ch);
    report_done(r, n_starts);
    pthread_mutex_lock(&r->mu);
    r->drawn = i + 1;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->mu);
}

struct workers {
    struct run *r;
    int threads;
};

static void *run_workers(void *arg)
{
    struct workers *w = arg;
    parallel_for(w->r->n, w->threads, process_chapter, w->r);
    return NULL;
}

bool build_pipeline_run(const struct series *s, struct doc_book *book,
                        const struct build_options *opt, const struct build_renderers *rd,
                        const struct build_source *src, struct diag_list *dl)
{
    size_t n = s->n_chapters;
    struct run r = {
        .s = s, .opt = opt, .book = book, .epub = rd->epub, .pdf = rd->pdf, .src = src,
        .coverage = rd->coverage, .n = n, .progress = {.chapters = n},
        .diags = xcalloc(n + 1, sizeof(struct diag_list)),
        .held = xcalloc(n + 1, sizeof(struct doc_chapter *)),
        .render = xcalloc(n + 1, sizeof(bool)),
        .ready = xcalloc(n + 1, sizeof(bool)),
    };
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cond, NULL);
    int jobs = opt->jobs > 0 ? opt->jobs : 1;
    if (!r.pdf) {
        parallel_for(n, jobs, process_chapter, &r);
    } else if (jobs == 1) {
        r.ahead = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            process_chapter(&r, i);
            draw_chapter(&r, i);
        }
    } else {
        /* drawing takes this thread all along; the workers get the others */
        struct workers w = {.r = &r, .threads = jobs - 1};
        r.ahead = (size_t)w.threads * CHAPTERS_AHEAD_PER_WORKER + CHAPTERS_AHEAD_MIN;
        pthread_t tid;
        bool threaded = pthread_create(&tid, NULL, run_workers, &w) == 0;
        if (!threaded)
            r.ahead = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (!threaded)
                process_chapter(&r, i);
            draw_chapter(&r, i);
        }
        if (threaded)
            pthread_join(tid, NULL);
    }
    /* reading and resolving first, chapter by chapter; then what drawing said */
    for (size_t i = 0; i < n; i++)
        diag_splice(dl, &r.diags[i]);
    diag_splice(dl, &r.render_diags);
    bool ok = !r.model_failed && !r.render_failed;
    free(r.diags);
    free(r.held);
    free(r.render);
    free(r.ready);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cond);
    return ok;
}
