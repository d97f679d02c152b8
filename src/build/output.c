/* Writing a build's files into the output folder: one transaction per series. */
#include "build/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

bool build_write(const struct build_result *res, const char *out_dir, struct diag_list *dl)
{
    if (!dir_make_all(out_dir)) {
        diag_add(dl, DIAG_ERROR, out_dir, 0, 0, "cannot create the output folder");
        return false;
    }
    /* the series' books are one transaction: all of them, or none (the EPUB's
     * page list points into the PDF beside it) */
    const struct build_file *built[] = {&res->epub, &res->pdf, &res->redline_epub,
                                        &res->redline_pdf};
    struct file_out files[sizeof built / sizeof *built];
    char *paths[sizeof built / sizeof *built];
    size_t n = 0;
    for (size_t i = 0; i < sizeof built / sizeof *built; i++) {
        if (!built[i]->bytes)
            continue;
        paths[n] = path_join(out_dir, built[i]->name);
        files[n] = (struct file_out){.path = paths[n], .data = built[i]->bytes,
                                     .len = built[i]->len};
        n++;
    }
    size_t failed = 0;
    const char *err = NULL;
    bool ok = n == 0 || file_replace_all(files, n, &failed, &err);
    if (!ok)
        diag_add(dl, DIAG_ERROR, paths[failed], 0, 0,
                 "%s; every file of this series is left as it was", err);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    return ok;
}
