/* References a chapter makes to files: paths relative to the chapter,
 * checked to stay in the series, and the images the book has entered. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

enum path_verdict doc_ref_path(const char *chapter_file, const char *ref, char **norm_out)
{
    *norm_out = NULL;
    char *scheme = url_scheme(ref);
    if (scheme || ref[0] == '/') {
        free(scheme);
        return path_check_relative(ref, norm_out);
    }
    const char *slash = strrchr(chapter_file, '/');
    if (!slash)
        return path_check_relative(ref, norm_out);
    /* The chapter's folder is already normalised, so only ref can climb out. */
    char *joined = xasprintf("%.*s/%s", (int)(slash - chapter_file), chapter_file, ref);
    enum path_verdict v = path_check_relative(joined, norm_out);
    free(joined);
    return v;
}

int doc_book_find_image(const struct doc_book *book, const char *rel)
{
    for (size_t i = 0; i < book->n_image_aliases; i++)
        if (!strcmp(book->image_aliases[i].rel, rel))
            return book->image_aliases[i].index;
    return -1;
}
