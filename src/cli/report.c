/* How results reach the person at the terminal, or the program reading them. */
#include "cli/cli.h"

#include <stdlib.h>
#include <unistd.h>

bool cli_use_color(void)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(nc && *nc);
}

void cli_report_diagnostics(const char *series_dir, const struct build_result *res,
                            enum diag_format format, const char *what_failed)
{
    /* machine formats on stdout, so that a pipe gets them alone */
    FILE *out = format == DIAG_FORMAT_HUMAN ? stderr : stdout;
    diag_print_as(&res->diags, format, out, cli_use_color());
    fflush(out);
    if (res->ok)
        return;
    /* the folder's name as typed: escaped like every diagnostic, one line */
    struct buf dir = BUF_INIT;
    diag_escape(&dir, series_dir);
    if (res->diags.len == 0)
        fprintf(stderr, "%s: error: cannot build this series\n", buf_cstr(&dir));
    fprintf(stderr, "%s: %zu error(s)%s%s\n", buf_cstr(&dir), diag_count(&res->diags, DIAG_ERROR),
            what_failed ? "; " : "", what_failed ? what_failed : "");
    buf_free(&dir);
}
