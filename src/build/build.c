/* build_series: a series folder → its books in memory, with every diagnostic.
 * The stages run in one direction: series.yaml, then the chapters through
 * the book and the renderers (pipeline.c), then each renderer's finish. */
#include "build/internal.h"
#include "epub/epub.h"
#include "pdf/pdf.h"
#include "series/series.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

void build_init(void)
{
    LIBXML_TEST_VERSION
    xmlInitParser();
    doc_init();
}

void build_cleanup(void)
{
    xmlCleanupParser();
    pdf_cleanup();
}

/* The renderers' last steps: the PDF first, whose page starts the EPUB lists. */
static bool finish_renderers(const struct series *s, const struct build_renderers *rd,
                             int jobs, struct build_result *res, struct diag_list *dl)
{
    if (rd->pdf) {
        res->pdf.name = xasprintf("%s-%s.pdf", s->slug, s->edition);
        if (!pdf_typesetter_finish(rd->pdf, &res->pdf.bytes, &res->pdf.len, dl))
            return false;
    }
    if (rd->epub) {
        size_t n_pages = 0;
        const struct doc_page_start *pages =
            rd->pdf ? pdf_typesetter_pages(rd->pdf, &n_pages) : NULL;
        res->epub.name = xasprintf("%s-%s.epub", s->slug, s->edition);
        if (!epub_writer_finish(rd->epub, pages, n_pages, jobs, &res->epub.bytes,
                                &res->epub.len, dl))
            return false;
    }
    if (rd->pdf) {
        const struct doc_page_start *starts = pdf_typesetter_pages(rd->pdf, &res->pages);
        res->page_starts = xcalloc(res->pages + 1, sizeof *res->page_starts);
        memcpy(res->page_starts, starts, res->pages * sizeof *starts);
    }
    return true;
}

/* What a release asks beyond a build: a version for an edition and a date,
 * which alone dates the books, so that a release rebuilt later is the same. */
static bool release_checks(const struct series *s, int64_t *epoch, struct diag_list *dl)
{
    bool ok = true;
    if (!semver_valid(s->edition)) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, 0, 0,
                 "edition '%s' is not a semantic version (MAJOR.MINOR.PATCH such as 1.2.0, "
                 "semver.org); a release needs one",
                 s->edition);
        ok = false;
    }
    if (!s->date || !time_parse_date(s->date, epoch)) {
        diag_add(dl, DIAG_ERROR, s->manifest_path, 0, 0,
                 "a release needs a date (date: YYYY-MM-DD in series.yaml)");
        ok = false;
    }
    return ok;
}

bool build_series(const char *series_dir, const struct build_options *opt,
                  struct build_result *res)
{
    memset(res, 0, sizeof *res);
    struct diag_list *dl = &res->diags;
    double t0 = base_clock_seconds(), t_load = 0, t_chapters = 0;
    struct doc_book book = {0};
    struct build_renderers rd = {0};
    bool ok = false, book_begun = false;
    struct series *s = series_load(series_dir, dl);
    if (!s)
        goto done;
    t_load = base_clock_seconds();
    res->slug = xstrdup(s->slug);
    res->edition = xstrdup(s->edition);
    res->chapters = s->n_chapters;
    book_begun = true;
    if (!doc_book_begin(&book, s, dl))
        goto done;
    if (s->date)
        res->date = xstrdup(s->date);
    int64_t epoch = 0;
    if (!opt->release)
        epoch = build_modified_epoch(s, dl);
    else if (!release_checks(s, &epoch, dl))
        goto done;
    int jobs = opt->jobs > 0 ? opt->jobs : 1;
    if (opt->formats & BUILD_PDF) {
        struct pdf_options po = {.modified_epoch = epoch, .page_size = opt->page_size};
        rd.pdf = pdf_typesetter_new(&book, &po);
        if (!pdf_typesetter_begin(rd.pdf, dl))
            goto done;
    }
    char *page_source = xasprintf("%s-%s.pdf", s->slug, s->edition);
    if (opt->formats & BUILD_EPUB) {
        struct epub_options eo = {.modified_epoch = epoch, .page_source = page_source};
        rd.epub = epub_writer_new(&book, &eo);
    }
    ok = build_pipeline_run(s, &book, opt, &rd, dl);
    t_chapters = base_clock_seconds();
    if (ok) {
        doc_book_finish(&book);
        res->words = book.words;
        ok = finish_renderers(s, &rd, jobs, res, dl);
        res->sources = build_source_files(s, &book, &res->n_sources);
        if (ok && res->page_starts)
            build_page_map(s, &book, res->page_starts, res->pages, &res->pagemap);
    }
    free(page_source);
    if (getenv("OCTAVO_TIMINGS")) {
        double held, waited;
        doc_parse_lock_stats(&held, &waited);
        fprintf(stderr,
                "timings: series.yaml %.3f s, chapters %.3f s, finishing %.3f s; cmark-gfm's "
                "lock held %.3f s, waited for %.3f s\n",
                t_load - t0, t_chapters - t_load, base_clock_seconds() - t_chapters, held, waited);
    }
done:
    pdf_typesetter_free(rd.pdf);
    epub_writer_free(rd.epub);
    if (book_begun)
        doc_book_free(&book);
    series_free(s);
    /* one rule for the exit status: any error fails the build */
    if (opt->strict && diag_count(dl, DIAG_WARNING) > 0)
        for (size_t i = 0; i < dl->len; i++)
            dl->items[i].level = DIAG_ERROR;
    if (diag_count(dl, DIAG_ERROR) > 0)
        ok = false;
    diag_sort(dl);
    if (!ok) {
        free(res->epub.bytes);
        free(res->pdf.bytes);
        res->epub.bytes = res->pdf.bytes = NULL;
        res->epub.len = res->pdf.len = 0;
    }
    res->ok = ok;
    return ok;
}

void build_result_free(struct build_result *res)
{
    diag_list_free(&res->diags);
    free(res->slug);
    free(res->edition);
    free(res->epub.name);
    free(res->epub.bytes);
    free(res->pdf.name);
    free(res->pdf.bytes);
    free(res->page_starts);
    free(res->date);
    edition_pagemap_free(&res->pagemap);
    for (size_t i = 0; i < res->n_sources; i++)
        free(res->sources[i]);
    free(res->sources);
    memset(res, 0, sizeof *res);
}
