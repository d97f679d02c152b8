/* octavo's entry point: the only place that prints diagnostics, writes the
 * output files and decides the exit status. */
#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/base.h"
#include "cli/options.h"
#include "cli/verbs.h"
#include "doc/doc.h"
#include "epub/epub.h"
#include "pdf/pdf.h"
#include "series/series.h"

static bool use_color(void)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(nc && *nc);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SOURCE_DATE_EPOCH, else the series date, else the newest input's mtime:
 * the same input always gives the same date. */
static int64_t modified_epoch(const struct series *s, struct diag_list *dl)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!*end && !errno && v >= 0 && v < 253402300800LL)
            return (int64_t)v;
        diag_add(dl, DIAG_WARNING, "SOURCE_DATE_EPOCH", 0, 0,
                 "'%s' is not a number of seconds; ignored", sde);
    }
    int64_t e;
    if (s->date && time_parse_date(s->date, &e))
        return e;
    return s->newest_mtime;
}

static bool make_dirs(const char *path)
{
    char *p = xstrdup(path);
    bool ok = true;
    for (char *q = p + 1; ok; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                ok = false;
            *q = c;
            if (!c)
                break;
        }
    }
    free(p);
    return ok;
}

static void human_size(size_t n, char out[32])
{
    if (n >= 1024 * 1024)
        snprintf(out, 32, "%.1f MiB", (double)n / (1024.0 * 1024.0));
    else
        snprintf(out, 32, "%.0f KiB", (double)n / 1024.0);
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
    int c = strcmp(x->file, y->file);
    if (!c)
        c = (x->line > y->line) - (x->line < y->line);
    if (!c)
        c = (x->col > y->col) - (x->col < y->col);
    if (!c)
        c = (int)x->level - (int)y->level;
    return c ? c : strcmp(x->msg, y->msg);
}

/* Moves src's diagnostics to dst, leaving out those dst already has (found by
 * binary search: a chapter of 100,000 broken links has as many warnings). */
static void splice_unique(struct diag_list *dst, struct diag_list *src)
{
    size_t had = dst->len;
    const struct diag **seen = xcalloc(had + 1, sizeof *seen);
    for (size_t i = 0; i < had; i++)
        seen[i] = &dst->items[i];
    qsort(seen, had, sizeof *seen, diag_cmp);
    /* decided before any is added: adding may move dst's items under seen */
    bool *is_new = xcalloc(src->len + 1, sizeof *is_new);
    for (size_t i = 0; i < src->len; i++) {
        const struct diag *d = &src->items[i];
        is_new[i] = !bsearch(&d, seen, had, sizeof *seen, diag_cmp);
    }
    free(seen);
    for (size_t i = 0; i < src->len; i++) {
        const struct diag *d = &src->items[i];
        if (is_new[i])
            diag_add(dst, d->level, d->file, d->line, d->col, "%s", d->msg);
    }
    free(is_new);
    diag_list_free(src);
}

/* Builds one series; returns false if it had errors (nothing written then). */
static bool build_series(const char *dir, const struct cli_options *opt, bool color)
{
    double t0 = now_seconds();
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_book book = {0};
    char *bytes = NULL, *pdf_bytes = NULL;
    size_t len = 0, pdf_len = 0, pdf_pages = 0;
    struct diag_list pdf_dl = DIAG_LIST_INIT;
    struct epub_page_mark *marks = NULL;
    bool ok = false;
    struct series *s = series_load(dir, &dl);
    if (!s)
        goto done;
    double t_load = now_seconds();
    bool want_epub = opt->format != CLI_FORMAT_PDF, want_pdf = opt->format != CLI_FORMAT_EPUB;
    /* The EPUB alone needs no separate scan: the writer reads each chapter once.
     * The PDF needs every chapter's anchors and titles before it lays any out. */
    if (!(want_pdf ? doc_book_scan(&book, s, opt->jobs, &dl) : doc_book_begin(&book, s, &dl)))
        goto done;
    double t_scan = now_seconds();
    int64_t epoch = modified_epoch(s, &dl);
    ok = true;
    if (want_pdf) {
        struct pdf_options po = {.modified_epoch = epoch, .threads = opt->jobs,
                                 .page_size = opt->page_size};
        struct pdf_typesetter *pt = pdf_typesetter_new(&book, &po);
        ok = pdf_typesetter_write(pt, &pdf_bytes, &pdf_len, &pdf_dl);
        const struct pdf_page_start *ps = pdf_typesetter_pages(pt, &pdf_pages);
        /* the EPUB learns where the PDF's pages begin (labels copied: the
         * typesetter goes before the EPUB is written) */
        if (ok && want_epub && ps) {
            marks = xcalloc(pdf_pages ? pdf_pages : 1, sizeof *marks);
            for (size_t i = 0; i < pdf_pages; i++)
                marks[i] = (struct epub_page_mark){
                    .label = xstrdup(ps[i].label),
                    .chapter = ps[i].chapter,
                    .node = ps[i].node,
                    .offset = ps[i].offset,
                };
        }
        pdf_typesetter_free(pt);
    }
    double t_pdf = now_seconds();
    if (ok && want_epub) {
        char *source = xasprintf("%s-%s.pdf", s->slug, s->edition);
        struct epub_options eo = {.modified_epoch = epoch, .threads = opt->jobs,
                                  .pages = marks, .n_pages = marks ? pdf_pages : 0,
                                  .page_source = source};
        struct epub_writer *w = epub_writer_new(&book, &eo);
        ok = epub_writer_write(w, &bytes, &len, &dl);
        epub_writer_free(w);
        free(source);
    }
    if (marks) {
        for (size_t i = 0; i < pdf_pages; i++)
            free((char *)marks[i].label);
        free(marks);
        marks = NULL;
    }
    /* both back-ends resolve the same links: say each warning once */
    splice_unique(&dl, &pdf_dl);
    if (getenv("OCTAVO_TIMINGS"))
        fprintf(stderr, "timings: series.yaml %.3f s, scan %.3f s, pdf %.3f s, epub %.3f s\n",
                t_load - t0, t_scan - t_load, t_pdf - t_scan, now_seconds() - t_pdf);
    if (ok && opt->strict && diag_count(&dl, DIAG_WARNING) > 0) {
        for (size_t i = 0; i < dl.len; i++)
            dl.items[i].level = DIAG_ERROR;
        ok = false;
    }
    if (ok && !make_dirs(opt->out_dir)) {
        diag_add(&dl, DIAG_ERROR, opt->out_dir, 0, 0, "cannot create the output folder");
        ok = false;
    }
    char *epub_path = xasprintf("%s/%s-%s.epub", opt->out_dir, s->slug, s->edition);
    char *pdf_path = xasprintf("%s/%s-%s.pdf", opt->out_dir, s->slug, s->edition);
    const char *err = NULL;
    if (ok && want_epub && !file_write_atomic(epub_path, bytes, len, &err)) {
        diag_add(&dl, DIAG_ERROR, epub_path, 0, 0, "%s", err);
        ok = false;
    }
    if (ok && want_pdf && !file_write_atomic(pdf_path, pdf_bytes, pdf_len, &err)) {
        diag_add(&dl, DIAG_ERROR, pdf_path, 0, 0, "%s", err);
        ok = false;
    }
    if (ok && !opt->quiet) {
        diag_sort(&dl);
        diag_print(&dl, stderr, color);
        diag_list_free(&dl);
        char size[32];
        double secs = now_seconds() - t0;
        if (want_epub) {
            human_size(len, size);
            printf("built %s (%s, %zu chapter%s, %zu words) in %.2f s\n", epub_path, size,
                   s->n_chapters, s->n_chapters == 1 ? "" : "s", book.words, secs);
        }
        if (want_pdf) {
            human_size(pdf_len, size);
            printf("built %s (%s, %zu pages, %zu chapter%s, %zu words) in %.2f s\n", pdf_path,
                   size, pdf_pages, s->n_chapters, s->n_chapters == 1 ? "" : "s", book.words,
                   secs);
        }
        fflush(stdout);
    }
    free(epub_path);
    free(pdf_path);
done:
    diag_sort(&dl);
    diag_print(&dl, stderr, color);
    if (!ok && s == NULL && dl.len == 0)
        fprintf(stderr, "%s: error: cannot build this series\n", dir);
    if (!ok)
        fprintf(stderr, "%s: %zu error(s); nothing written\n", dir,
                diag_count(&dl, DIAG_ERROR));
    diag_list_free(&dl);
    diag_list_free(&pdf_dl);
    free(bytes);
    free(pdf_bytes);
    if (s)
        doc_book_free(&book);
    series_free(s);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every folder under series/ that holds a series.yaml, sorted by name. */
static char **find_all_series(size_t *n_out)
{
    *n_out = 0;
    DIR *d = opendir("series");
    if (!d)
        return NULL;
    char **dirs = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *path = xasprintf("series/%s", e->d_name);
        char *yaml = xasprintf("%s/series.yaml", path);
        struct stat st;
        if (stat(yaml, &st) == 0 && S_ISREG(st.st_mode)) {
            dirs = xrealloc(dirs, (n + 1) * sizeof *dirs);
            dirs[n++] = path;
        } else {
            free(path);
        }
        free(yaml);
    }
    closedir(d);
    if (n > 1)
        qsort(dirs, n, sizeof *dirs, cmp_str);
    *n_out = n;
    return dirs;
}

int main(int argc, char **argv)
{
    /* ZIP entries carry local time: UTC makes them the same on every machine. */
    setenv("TZ", "UTC", 1);
    tzset();
    if (argc > 1 && !strcmp(argv[1], "new"))
        return verb_new(argc - 1, argv + 1);
    struct cli_options opt;
    enum cli_parse_result pr = cli_parse(argc, argv, &opt);
    if (pr == CLI_PARSE_USAGE_ERROR) {
        cli_options_free(&opt);
        return 2;
    }
    if (pr == CLI_PARSE_EXIT_OK) {
        if (opt.help)
            cli_print_help();
        else
            printf("octavo %s\n", OCTAVO_VERSION);
        cli_options_free(&opt);
        return 0;
    }
    LIBXML_TEST_VERSION
    xmlInitParser();
    doc_init();
    bool color = use_color();
    int status = 0;
    if (opt.n_series_dirs == 0) {
        size_t n;
        char **dirs = find_all_series(&n);
        if (n == 0) {
            fprintf(stderr, "octavo: no series found (no series/*/series.yaml here)\n");
            status = 1;
        }
        for (size_t i = 0; i < n; i++) {
            if (!build_series(dirs[i], &opt, color))
                status = 1;
            free(dirs[i]);
        }
        free(dirs);
    } else {
        for (size_t i = 0; i < opt.n_series_dirs; i++)
            if (!build_series(opt.series_dirs[i], &opt, color))
                status = 1;
    }
    cli_options_free(&opt);
    xmlCleanupParser();
    pdf_cleanup();
    return status;
}
