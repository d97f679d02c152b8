/* The progress line of a long build: "series/x: 3/7 chapters, 120 pages",
 * rewritten in place on stderr. Only where a person watches (a terminal, no
 * --quiet), and only after a second, so quick builds print nothing extra. */
#include "cli/cli.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* A build shorter than this shows no progress line. */
#define PROGRESS_AFTER_SECONDS 1.0
/* The line is rewritten at most this often. */
#define PROGRESS_EVERY_SECONDS 0.1

struct cli_progress {
    const char *series_dir;
    double t0, last;
    bool shown;
};

struct cli_progress *cli_progress_new(const struct cli_options *opt, const char *series_dir)
{
    if (opt->quiet || !isatty(STDERR_FILENO))
        return NULL;
    struct cli_progress *pr = xcalloc(1, sizeof *pr);
    pr->series_dir = series_dir;
    pr->t0 = base_clock_seconds();
    return pr;
}

void cli_progress_update(void *ctx, const struct build_progress *p)
{
    struct cli_progress *pr = ctx;
    double now = base_clock_seconds();
    if (!pr || now - pr->t0 < PROGRESS_AFTER_SECONDS || now - pr->last < PROGRESS_EVERY_SECONDS)
        return;
    pr->last = now;
    pr->shown = true;
    /* \r and erase-to-end-of-line: the line is rewritten, never scrolled */
    fprintf(stderr, "\r\033[K%s: %zu/%zu chapters", pr->series_dir, p->chapters_done,
            p->chapters);
    if (p->pages)
        fprintf(stderr, ", %zu pages typeset", p->pages);
    fflush(stderr);
}

void cli_progress_free(struct cli_progress *pr)
{
    if (!pr)
        return;
    if (pr->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    free(pr);
}
