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
    /* libxml2 allocates through octavo's wrappers: out of memory ends the
     * process in one place (alloc.c), whichever library ran out */
    xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
    xmlInitParser();
    doc_init();
}

void build_cleanup(void)
{
    xmlCleanupParser();
    pdf_cleanup();
}

/* One rendering of a series into books: the book itself, or its redline. */
struct rendering {
    const char *suffix;       /* after <slug>-<edition> in the file names */
    const char *redline_from; /* a redline's earlier edition, or NULL */
    struct build_file *epub, *pdf;
    size_t words, pages;
    struct doc_page_start *page_starts; /* NULL unless keep_pages */
    bool keep_pages;
    struct build_result *archive_data; /* the book: its sources and page map, for a release */
};

/* The renderers' last steps: the PDF first, whose page starts the EPUB lists. */
static bool finish_renderers(const struct series *s, const struct build_renderers *rd,
                             int jobs, struct rendering *r, struct diag_list *dl)
{
    if (rd->pdf) {
        r->pdf->name = xasprintf("%s-%s%s.pdf", s->slug, s->edition, r->suffix);
        if (!pdf_typesetter_finish(rd->pdf, &r->pdf->bytes, &r->pdf->len, dl))
            return false;
    }
    if (rd->epub) {
        size_t n_pages = 0;
        const struct doc_page_start *pages =
            rd->pdf ? pdf_typesetter_pages(rd->pdf, &n_pages) : NULL;
        r->epub->name = xasprintf("%s-%s%s.epub", s->slug, s->edition, r->suffix);
        if (!epub_writer_finish(rd->epub, pages, n_pages, jobs, &r->epub->bytes,
                                &r->epub->len, dl))
            return false;
    }
    if (rd->pdf) {
        const struct doc_page_start *starts = pdf_typesetter_pages(rd->pdf, &r->pages);
        if (r->keep_pages) {
            r->page_starts = xcalloc(r->pages + 1, sizeof *r->page_starts);
            memcpy(r->page_starts, starts, r->pages * sizeof *starts);
        }
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

/* Every chapter of s (from src, or from its file) through the book and the
 * renderers opt asks for. */
static bool render(const struct series *s, const struct build_options *opt,
                   const struct build_source *src, int64_t epoch, struct rendering *r,
                   struct diag_list *dl)
{
    struct doc_book book = {0};
    struct build_renderers rd = {0};
    bool ok = false;
    int jobs = opt->jobs > 0 ? opt->jobs : 1;
    char *page_source = xasprintf("%s-%s%s.pdf", s->slug, s->edition, r->suffix);
    if (!doc_book_begin(&book, s, dl))
        goto done;
    if (opt->formats & BUILD_PDF) {
        struct pdf_options po = {.modified_epoch = epoch, .page_size = opt->page_size,
                                 .redline_from = r->redline_from};
        rd.pdf = pdf_typesetter_new(&book, &po);
        if (!pdf_typesetter_begin(rd.pdf, dl))
            goto done;
    }
    if (!opt->formats) /* check: what the PDF would warn of without typesetting */
        rd.coverage = pdf_coverage_new(s, dl);
    if (opt->formats & BUILD_EPUB) {
        struct epub_options eo = {.modified_epoch = epoch, .page_source = page_source,
                                  .store_only = opt->preview};
        rd.epub = epub_writer_new(&book, &eo);
    }
    ok = build_pipeline_run(s, &book, opt, &rd, src, dl);
    if (ok) {
        doc_book_finish(&book);
        r->words = book.words;
        ok = finish_renderers(s, &rd, jobs, r, dl);
        struct build_result *res = r->archive_data;
        if (res) {
            res->sources = build_source_files(s, &book, &res->n_sources);
            if (ok && r->page_starts)
                build_page_map(s, &book, r->page_starts, r->pages, &res->pagemap);
        }
    }
done:
    free(page_source);
    pdf_coverage_free(rd.coverage);
    pdf_typesetter_free(rd.pdf);
    epub_writer_free(rd.epub);
    doc_book_free(&book);
    return ok;
}

/* The redline: the book again from merged models. What it says that the book
 * said already is not said twice: only its errors are kept. */
static bool render_redline(struct build_editions *ed, const struct build_options *opt,
                           int64_t epoch, struct build_result *res, struct diag_list *dl)
{
    const struct series *rs;
    const struct build_source *src;
    build_editions_redline(ed, &rs, &src);
    const char *from = build_editions_diff_from(ed);
    char *label = build_earlier_label(from);
    char *suffix = xasprintf("-diff-%s", label);
    char *shown = build_editions_diff_from_label(ed);
    struct rendering r = {.suffix = suffix, .redline_from = shown, .epub = &res->redline_epub,
                          .pdf = &res->redline_pdf};
    struct diag_list rdl = DIAG_LIST_INIT;
    bool ok = render(rs, opt, src, epoch, &r, &rdl);
    for (size_t i = 0; i < rdl.len; i++)
        if (rdl.items[i].level == DIAG_ERROR)
            diag_add(dl, DIAG_ERROR, rdl.items[i].file, rdl.items[i].line, rdl.items[i].col,
                     "%s", rdl.items[i].msg);
    diag_list_free(&rdl);
    free(suffix);
    free(label);
    free(shown);
    return ok;
}

bool build_series(const char *series_dir, const struct build_options *opt,
                  struct build_result *res)
{
    memset(res, 0, sizeof *res);
    struct diag_list *dl = &res->diags;
    double t0 = base_clock_seconds(), t_load = 0, t_chapters = 0;
    struct build_editions *ed = NULL;
    bool ok = false;
    struct file_log *inputs = file_log_new();
    struct series *s = series_load_logged(series_dir, inputs, dl);
    if (!s)
        goto done;
    t_load = base_clock_seconds();
    res->slug = xstrdup(s->slug);
    res->edition = xstrdup(s->edition);
    res->chapters = s->n_chapters;
    if (s->date)
        res->date = xstrdup(s->date);
    int64_t epoch = 0;
    if (!opt->release)
        epoch = build_modified_epoch(s, dl);
    else if (!release_checks(s, &epoch, dl))
        goto done;
    if (!build_editions_open(s, opt, &ed, dl))
        goto done;
    struct rendering book = {.suffix = "", .epub = &res->epub, .pdf = &res->pdf,
                             .keep_pages = true, .archive_data = res};
    ok = render(ed ? build_editions_series(ed) : s, opt, ed ? build_editions_source(ed) : NULL,
                epoch, &book, dl);
    res->words = book.words;
    res->pages = book.pages;
    res->page_starts = book.page_starts;
    t_chapters = base_clock_seconds();
    if (ok && ed && build_editions_diff_from(ed) && opt->formats)
        ok = render_redline(ed, opt, epoch, res, dl);
    if (getenv("OCTAVO_TIMINGS")) {
        double held, waited;
        doc_parse_lock_stats(&held, &waited);
        fprintf(stderr,
                "timings: series.yaml %.3f s, book %.3f s, redline %.3f s; cmark-gfm's "
                "lock held %.3f s, waited for %.3f s\n",
                t_load - t0, t_chapters - t_load, base_clock_seconds() - t_chapters, held, waited);
    }
done:
    build_editions_free(ed);
    series_free(s);
    res->inputs = file_log_take(inputs, &res->n_inputs);
    file_log_free(inputs);
    /* one rule for the exit status: any error fails the build */
    if (opt->strict && diag_count(dl, DIAG_WARNING) > 0)
        for (size_t i = 0; i < dl->len; i++)
            dl->items[i].level = DIAG_ERROR;
    if (diag_count(dl, DIAG_ERROR) > 0)
        ok = false;
    diag_sort(dl);
    if (!ok) {
        struct build_file *files[] = {&res->epub, &res->pdf, &res->redline_epub,
                                      &res->redline_pdf};
        for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
            free(files[i]->bytes);
            files[i]->bytes = NULL;
            files[i]->len = 0;
        }
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
    free(res->redline_epub.name);
    free(res->redline_epub.bytes);
    free(res->redline_pdf.name);
    free(res->redline_pdf.bytes);
    free(res->page_starts);
    free(res->date);
    edition_pagemap_free(&res->pagemap);
    for (size_t i = 0; i < res->n_sources; i++)
        free(res->sources[i]);
    free(res->sources);
    for (size_t i = 0; i < res->n_inputs; i++)
        free(res->inputs[i]);
    free(res->inputs);
    memset(res, 0, sizeof *res);
}
