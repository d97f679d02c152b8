/* Writing a build's files: into the output folder, each atomically. */
#include "build/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

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

bool build_write(const struct build_result *res, const char *out_dir, struct diag_list *dl)
{
    if (!make_dirs(out_dir)) {
        diag_add(dl, DIAG_ERROR, out_dir, 0, 0, "cannot create the output folder");
        return false;
    }
    const struct build_file *files[] = {&res->epub, &res->pdf, &res->redline_epub,
                                        &res->redline_pdf};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const struct build_file *f = files[i];
        if (!f->bytes)
            continue;
        char *path = path_join(out_dir, f->name);
        const char *err = NULL;
        bool ok = file_write_atomic(path, f->bytes, f->len, &err);
        if (!ok)
            diag_add(dl, DIAG_ERROR, path, 0, 0, "%s", err);
        free(path);
        if (!ok)
            return false;
    }
    return true;
}
