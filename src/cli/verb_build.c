/* octavo build: each series through the pipeline, its books written, a line
 * per book. */
#include "cli/cli.h"

#include <stdlib.h>

static void human_size(size_t n, char out[32])
{
    if (n >= 1024 * 1024)
        snprintf(out, 32, "%.1f MiB", (double)n / (1024.0 * 1024.0));
    else
        snprintf(out, 32, "%.0f KiB", (double)n / 1024.0);
}

static void print_built(const char *out_dir, const struct build_result *res, double secs)
{
    char size[32];
    const char *s = res->chapters == 1 ? "" : "s";
    if (res->epub.bytes) {
        char *path = path_join(out_dir, res->epub.name);
        human_size(res->epub.len, size);
        printf("built %s (%s, %zu chapter%s, %zu words) in %.2f s\n", path, size, res->chapters,
               s, res->words, secs);
        free(path);
    }
    const struct build_file *red[] = {&res->redline_epub, &res->redline_pdf};
    for (size_t i = 0; i < 2; i++)
        if (red[i]->bytes) {
            char *path = path_join(out_dir, red[i]->name);
            human_size(red[i]->len, size);
            printf("built %s (%s, the changes marked)\n", path, size);
            free(path);
        }
    if (res->pdf.bytes) {
        char *path = path_join(out_dir, res->pdf.name);
        human_size(res->pdf.len, size);
        printf("built %s (%s, %zu pages, %zu chapter%s, %zu words) in %.2f s\n", path, size,
               res->pages, res->chapters, s, res->words, secs);
        free(path);
    }
    fflush(stdout);
}

static bool build_one(const char *dir, const struct cli_options *opt)
{
    double t0 = base_clock_seconds();
    struct build_options bo = {
        .formats = opt->format == CLI_FORMAT_EPUB  ? BUILD_EPUB
                   : opt->format == CLI_FORMAT_PDF ? BUILD_PDF
                                                   : BUILD_EPUB | BUILD_PDF,
        .page_size = opt->page_size,
        .jobs = opt->jobs,
        .strict = opt->strict,
        .archive = opt->archive,
        .changes_since = opt->changes_since,
        .diff_from = opt->diff_from,
    };
    struct build_result res;
    if (build_series(dir, &bo, &res) && !build_write(&res, opt->out_dir, &res.diags))
        res.ok = false;
    cli_report_diagnostics(dir, &res);
    bool ok = res.ok;
    if (ok && !opt->quiet)
        print_built(opt->out_dir, &res, base_clock_seconds() - t0);
    build_result_free(&res);
    return ok;
}

int cli_build(const struct cli_options *opt)
{
    size_t n;
    char **dirs = cli_series_dirs(opt, &n);
    int status = n ? 0 : 1;
    for (size_t i = 0; i < n; i++)
        if (!build_one(dirs[i], opt))
            status = 1;
    cli_series_dirs_free(dirs, n);
    return status;
}
