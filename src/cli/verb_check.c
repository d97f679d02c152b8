/* octavo check: every diagnostic a build would report, nothing rendered and
 * nothing written; the exit status a build would have. */
#include "cli/cli.h"

#include <stdlib.h>
#include <time.h>

static bool check_one(const char *dir, const struct cli_options *opt)
{
    double t0 = base_clock_seconds();
    struct build_options bo = {.formats = 0, .page_size = opt->page_size, .jobs = opt->jobs,
                               .strict = opt->strict};
    struct build_result res;
    build_series(dir, &bo, &res);
    cli_report_diagnostics(dir, &res, opt->diagnostics, NULL);
    bool ok = res.ok;
    if (ok && !opt->quiet) {
        /* on stderr: stdout is the diagnostics' own in the machine formats */
        size_t w = diag_count(&res.diags, DIAG_WARNING);
        fprintf(stderr, "checked %s (%zu chapter%s): %zu warning%s in %.2f s\n", dir,
                res.chapters, res.chapters == 1 ? "" : "s", w, w == 1 ? "" : "s",
                base_clock_seconds() - t0);
    }
    build_result_free(&res);
    return ok;
}

int cli_check(const struct cli_options *opt)
{
    size_t n;
    char **dirs = cli_series_dirs(opt, &n);
    int status = n ? 0 : 1;
    for (size_t i = 0; i < n; i++)
        if (!check_one(dirs[i], opt))
            status = 1;
    cli_series_dirs_free(dirs, n);
    return status;
}
