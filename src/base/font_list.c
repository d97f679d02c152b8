/* fonts/fonts.list, compiled into the binary: the fonts both back-ends embed
 * (the EPUB as files and @font-face rules, the PDF through fontconfig). */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

struct font_file *font_files_load(size_t *n_out)
{
    size_t len, n = 0;
    const char *list = res_find("fonts.list", &len);
    struct font_file *files = NULL;
    for (const char *line = list; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t line_len = end ? (size_t)(end - line) : strlen(line);
        if (line_len && line[0] != '#') {
            char *copy = xstrndup(line, line_len);
            char *fields[5] = {0};
            char *save = NULL, *tok = strtok_r(copy, "\t", &save);
            for (int i = 0; i < 5 && tok; i++, tok = strtok_r(NULL, "\t", &save))
                fields[i] = tok;
            if (fields[4]) { /* a line short of a field is not a font */
                files = xrealloc(files, (n + 1) * sizeof *files);
                const char *base = strrchr(fields[3], '/');
                files[n++] = (struct font_file){
                    .family = xstrdup(fields[0]),
                    .style = xstrdup(fields[1]),
                    .weight = xstrdup(fields[2]),
                    .path = xstrdup(fields[3]),
                    .package = xstrdup(fields[4]),
                    .file_name = xstrdup(base ? base + 1 : fields[3]),
                };
            }
            free(copy);
        }
        line = end ? end + 1 : NULL;
    }
    *n_out = n;
    return files;
}

void font_files_free(struct font_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].family);
        free(files[i].style);
        free(files[i].weight);
        free(files[i].path);
        free(files[i].package);
        free(files[i].file_name);
    }
    free(files);
}
