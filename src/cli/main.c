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
#include "doc/doc.h"
#include "epub/epub.h"
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

/* Builds one series; returns false if it had errors (nothing written then). */
static bool build_series(const char *dir, const struct cli_options *opt, bool color)
{
    double t0 = now_seconds();
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_book book = {0};
    char *bytes = NULL;
    size_t len = 0;
    bool ok = false;
    struct series *s = series_load(dir, &dl);
    if (!s)
        goto done;
    double t_load = now_seconds();
    /* The EPUB alone needs no separate scan: the writer reads each chapter once. */
    if (!doc_book_begin(&book, s, &dl))
        goto done;
    double t_scan = now_seconds();
    struct epub_options eo = {.modified_epoch = modified_epoch(s, &dl), .threads = opt->jobs};
    struct epub_writer *w = epub_writer_new(&book, &eo);
    ok = epub_writer_write(w, &bytes, &len, &dl);
    epub_writer_free(w);
    if (getenv("OCTAVO_TIMINGS"))
        fprintf(stderr, "timings: series.yaml %.3f s, cover %.3f s, chapters and package %.3f s\n",
                t_load - t0, t_scan - t_load, now_seconds() - t_scan);
    if (ok && opt->strict && diag_count(&dl, DIAG_WARNING) > 0) {
        for (size_t i = 0; i < dl.len; i++)
            dl.items[i].level = DIAG_ERROR;
        ok = false;
    }
    if (ok) {
        char *path = xasprintf("%s/%s-%s.epub", opt->out_dir, s->slug, s->edition);
        const char *err = NULL;
        if (!make_dirs(opt->out_dir)) {
            diag_add(&dl, DIAG_ERROR, opt->out_dir, 0, 0, "cannot create the output folder");
            ok = false;
        } else if (!file_write_atomic(path, bytes, len, &err)) {
            diag_add(&dl, DIAG_ERROR, path, 0, 0, "%s", err);
            ok = false;
        }
        if (ok && !opt->quiet) {
            char size[32];
            human_size(len, size);
            diag_sort(&dl);
            diag_print(&dl, stderr, color);
            diag_list_free(&dl);
            printf("built %s (%s, %zu chapter%s, %zu words) in %.2f s\n", path, size,
                   s->n_chapters, s->n_chapters == 1 ? "" : "s", book.words, now_seconds() - t0);
            fflush(stdout);
        }
        free(path);
    }
done:
    diag_sort(&dl);
    diag_print(&dl, stderr, color);
    if (!ok && s == NULL && dl.len == 0)
        fprintf(stderr, "%s: error: cannot build this series\n", dir);
    if (!ok)
        fprintf(stderr, "%s: %zu error(s); nothing written\n", dir,
                diag_count(&dl, DIAG_ERROR));
    diag_list_free(&dl);
    free(bytes);
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
    return status;
}
