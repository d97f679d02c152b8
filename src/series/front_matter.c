/* Chapter front matter: YAML between "---" lines at the very top of a chapter. */
#include "series/series.h"
#include "series/yaml_util.h"

#include <stdlib.h>
#include <string.h>

/* Length of the line starting at p (without its end), and where the next one starts. */
static size_t line_len(const char *p, const char *end, const char **next)
{
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    size_t n = (size_t)(q - p);
    if (q < end && *q == '\r')
        q++;
    if (q < end && *q == '\n')
        q++;
    *next = q;
    return n;
}

static bool is_fence(const char *p, size_t n, bool closing)
{
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    return (n == 3 && !memcmp(p, "---", 3)) || (closing && n == 3 && !memcmp(p, "...", 3));
}

bool front_matter_parse(const char *file, const char *text, size_t len, struct front_matter *fm,
                        struct diag_list *dl)
{
    memset(fm, 0, sizeof *fm);
    fm->body_line = 1;
    const char *end = text + len, *next;
    size_t skip = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        skip = 3; /* a BOM is tolerated and dropped */
    fm->body_offset = skip;
    const char *p = text + skip;
    size_t n = line_len(p, end, &next);
    if (!is_fence(p, n, false))
        return true;
    const char *yaml_start = next;
    int line = 2;
    for (p = next; p < end; p = next, line++) {
        n = line_len(p, end, &next);
        if (is_fence(p, n, true)) {
            yaml_document_t doc;
            if (!yaml_util_load(file, yaml_start, (size_t)(p - yaml_start), 1, &doc, dl))
                return false;
            fm->body_offset = (size_t)(next - text);
            fm->body_line = line + 1;
            bool ok = true;
            yaml_node_t *root = yaml_document_get_root_node(&doc);
            if (root && root->type == YAML_MAPPING_NODE) {
                for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
                     pr < root->data.mapping.pairs.top; pr++) {
                    yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
                    yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
                    const char *key =
                        k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
                    char **field = !strcmp(key, "title")         ? &fm->title
                                   : !strcmp(key, "description") ? &fm->description
                                   : !strcmp(key, "date")        ? &fm->date
                                                                 : NULL;
                    if (field) {
                        free(*field);
                        *field = yaml_util_string(&doc, v, file, 1, key, dl);
                        ok &= *field != NULL;
                    } else if (!strcmp(key, "tags")) {
                        yaml_util_free_list(fm->tags, fm->n_tags);
                        ok &= yaml_util_string_list(&doc, v, file, 1, key, &fm->tags, &fm->n_tags,
                                                    dl);
                    } else {
                        diag_add(dl, DIAG_WARNING, file, yaml_util_line(k, 1),
                                 (int)k->start_mark.column + 1,
                                 "unknown front matter key '%s'", key);
                    }
                }
            } else if (root && !(root->type == YAML_SCALAR_NODE &&
                                 root->data.scalar.length == 0)) {
                diag_add(dl, DIAG_ERROR, file, yaml_util_line(root, 1), 0,
                         "front matter must be a mapping of keys such as title:");
                ok = false;
            }
            yaml_document_delete(&doc);
            if (!ok)
                front_matter_free(fm);
            return ok;
        }
    }
    /* An opening --- without a closing one is a thematic break, as on GitHub. */
    return true;
}

void front_matter_free(struct front_matter *fm)
{
    free(fm->title);
    free(fm->description);
    free(fm->date);
    yaml_util_free_list(fm->tags, fm->n_tags);
    size_t off = fm->body_offset;
    int line = fm->body_line;
    memset(fm, 0, sizeof *fm);
    fm->body_offset = off;
    fm->body_line = line;
}
