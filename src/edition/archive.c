/* The archive's folders: which editions of a series it holds, in order of
 * precedence, and which is the newest before another. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edition/edition.h"

char *edition_dir(const char *archive, const char *slug, const char *edition)
{
    return xasprintf("%s/%s/%s", archive, slug, edition);
}

static int by_precedence(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int c = semver_compare(x, y);
    return c ? c : strcmp(x, y);
}

char **edition_list(const char *archive, const char *slug, size_t *n_out)
{
    *n_out = 0;
    char *dir = xasprintf("%s/%s", archive, slug);
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return NULL;
    }
    char **list = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!semver_valid(e->d_name))
            continue;
        char *path = path_join(dir, e->d_name);
        struct stat st;
        /* lstat: a link planted in the archive is not an edition */
        bool is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        free(path);
        if (!is_dir)
            continue;
        list = xgrow(list, n, sizeof *list);
        list[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    free(dir);
    if (n > 1)
        qsort(list, n, sizeof *list, by_precedence);
    *n_out = n;
    return list;
}

void edition_list_free(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

char *edition_newest_before(const char *archive, const char *slug, const char *than)
{
    size_t n;
    char **list = edition_list(archive, slug, &n);
    char *found = NULL;
    for (size_t i = n; i-- > 0 && !found;)
        if (!than || semver_compare(list[i], than) < 0)
            found = xstrdup(list[i]);
    edition_list_free(list, n);
    return found;
}
