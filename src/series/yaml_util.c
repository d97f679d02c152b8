/* libyaml helpers: one place that turns YAML errors and type mismatches into diagnostics. */
#include "series/yaml_util.h"

#include <stdlib.h>
#include <string.h>

int yaml_util_line(const yaml_node_t *node, int line_base)
{
    return (int)node->start_mark.line + 1 + line_base;
}

bool yaml_util_load(const char *file, const char *text, size_t len, int line_base,
                    yaml_document_t *doc, struct diag_list *dl)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "octavo: out of memory\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = yaml_parser_load(&parser, doc) != 0;
    if (!ok) {
        const char *what = parser.problem ? parser.problem : "malformed YAML";
        yaml_mark_t mark = parser.problem_mark;
        diag_add(dl, DIAG_ERROR, file, (int)mark.line + 1 + line_base, (int)mark.column + 1,
                 "invalid YAML: %s%s%s", what, parser.context ? " " : "",
                 parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return ok;
}

char *yaml_util_string(yaml_document_t *doc, yaml_node_t *node, const char *file, int line_base,
                       const char *key, struct diag_list *dl)
{
    (void)doc;
    if (!node || node->type != YAML_SCALAR_NODE) {
        diag_add(dl, DIAG_ERROR, file, node ? yaml_util_line(node, line_base) : 0,
                 node ? (int)node->start_mark.column + 1 : 0, "'%s' must be a string", key);
        return NULL;
    }
    return xstrndup((const char *)node->data.scalar.value, node->data.scalar.length);
}

bool yaml_util_string_list(yaml_document_t *doc, yaml_node_t *node, const char *file,
                           int line_base, const char *key, char ***items_out, size_t *n_out,
                           struct diag_list *dl)
{
    *items_out = NULL;
    *n_out = 0;
    if (node->type == YAML_SCALAR_NODE) {
        *items_out = xmalloc(sizeof(char *));
        (*items_out)[0] = yaml_util_string(doc, node, file, line_base, key, dl);
        *n_out = 1;
        return true;
    }
    if (node->type != YAML_SEQUENCE_NODE) {
        diag_add(dl, DIAG_ERROR, file, yaml_util_line(node, line_base),
                 (int)node->start_mark.column + 1, "'%s' must be a string or a list of strings",
                 key);
        return false;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    char **items = xcalloc(n ? n : 1, sizeof(char *));
    size_t k = 0;
    for (yaml_node_item_t *it = node->data.sequence.items.start;
         it < node->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(doc, *it);
        char *s = yaml_util_string(doc, item, file, line_base, key, dl);
        if (!s) {
            yaml_util_free_list(items, k);
            return false;
        }
        items[k++] = s;
    }
    *items_out = items;
    *n_out = k;
    return true;
}

void yaml_util_free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}
