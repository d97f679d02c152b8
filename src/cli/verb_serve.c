/* octavo serve: the live preview of one series (src/serve). */
#include "cli/cli.h"
#include "serve/serve.h"

#include <stdlib.h>

int cli_serve(const struct cli_options *opt)
{
    size_t n;
    char **dirs = cli_series_dirs(opt, &n);
    if (n != 1) {
        if (n > 1)
            fprintf(stderr, "octavo serve: %zu series here; name the one to show "
                            "(octavo serve series/NAME)\n", n);
        cli_series_dirs_free(dirs, n);
        return n ? 2 : 1;
    }
    struct serve_options so = {
        .series_dir = dirs[0],
        .port = opt->port,
        .page_size = opt->page_size,
        .jobs = opt->jobs,
        .quiet = opt->quiet,
    };
    int status = serve_run(&so);
    cli_series_dirs_free(dirs, n);
    return status;
}
