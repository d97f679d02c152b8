/* Which series a verb works on. */
#include "cli/cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
            dirs = xgrow(dirs, n, sizeof *dirs);
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

char **cli_series_dirs(const struct cli_options *opt, size_t *n_out)
{
    if (opt->n_series_dirs == 0) {
        char **dirs = find_all_series(n_out);
        if (*n_out == 0)
            fprintf(stderr, "octavo: no series found (no series/*/series.yaml here)\n");
        return dirs;
    }
    char **dirs = xcalloc(opt->n_series_dirs, sizeof *dirs);
    for (size_t i = 0; i < opt->n_series_dirs; i++)
        dirs[i] = xstrdup(opt->series_dirs[i]);
    *n_out = opt->n_series_dirs;
    return dirs;
}

void cli_series_dirs_free(char **dirs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(dirs[i]);
    free(dirs);
}
