/* libyaml helpers: one place that turns YAML errors and type mismatches into diagnostics. */
#include "series/yaml_util.h"

#include <stdlib.h>
#include <string.h>

int yaml_util_line(const yaml_node_t *node, int line_base)
{
    return (int)node->start_mark.line + 1 + line_base;
}

/* Limits on what one YAML document may make libyaml and octavo do. A manifest
 * or front matter is a few levels deep and uses an alias or two; these keep
 * a hostile one from costing more than a small, fixed amount. Aliases are the
 * "billion laughs" of YAML: libyaml shares the anchored node, but every
 * reader of the tree walks it again at each use, so what is bounded is the
 * expanded size, nodes and scalar bytes, counted once per use. */
#define YAML_MAX_DEPTH 32            /* nested sequences and mappings */
#define YAML_MAX_ANCHORS 256         /* distinct &anchors */
#define YAML_MAX_ALIAS_NODES 10000   /* nodes reached through *aliases, expanded */
#define YAML_MAX_ALIAS_BYTES (1024 * 1024) /* scalar bytes reached through *aliases */

struct yaml_anchor {
    char *name;
    size_t nodes, bytes; /* the anchored node's size, expanded */
};

/* A collection being read: where its anchor goes when it ends, and its size so far. */
struct yaml_open {
    char *anchor_copy; /* its anchor (the start event's is gone by its end), or NULL */
    size_t nodes, bytes;
};

static void yaml_limit_error(struct diag_list *dl, const char *file, int line_base,
                             const yaml_mark_t *mark, const char *what)
{
    diag_add(dl, DIAG_ERROR, file, (int)mark->line + 1 + line_base, (int)mark->column + 1,
             "invalid YAML: %s", what);
}

/* Walks the event stream once, before any tree is built, and stops at the
 * first limit passed: depth, anchors, alias expansion. Deep nesting costs
 * libyaml time quadratic in the depth (its simple-key stack), so stopping
 * early is what keeps "[[[[…" under a second. False with an error. */
static bool yaml_within_limits(const char *file, const char *text, size_t len, int line_base,
                               struct diag_list *dl)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "octavo: out of memory\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    struct yaml_open open[YAML_MAX_DEPTH + 1];
    struct yaml_anchor anchors[YAML_MAX_ANCHORS];
    size_t depth = 0, n_anchors = 0, alias_nodes = 0, alias_bytes = 0;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break; /* a syntax error: yaml_util_load reports it */
        size_t nodes = 0, bytes = 0;        /* what this event adds to its parent */
        const unsigned char *anchor = NULL; /* a scalar's anchor */
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == YAML_MAX_DEPTH) {
                yaml_limit_error(dl, file, line_base, &ev.start_mark,
                                 "nested more than 32 levels deep");
                ok = false;
                break;
            }
            {
                const unsigned char *a = ev.type == YAML_SEQUENCE_START_EVENT
                                             ? ev.data.sequence_start.anchor
                                             : ev.data.mapping_start.anchor;
                open[depth++] = (struct yaml_open){
                    .anchor_copy = a ? xstrdup((const char *)a) : NULL, .nodes = 1};
            }
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                struct yaml_open *o = &open[--depth];
                nodes = o->nodes;
                bytes = o->bytes;
                anchor = (const unsigned char *)o->anchor_copy;
            }
            break;
        case YAML_SCALAR_EVENT:
            nodes = 1;
            bytes = ev.data.scalar.length;
            anchor = ev.data.scalar.anchor;
            break;
        case YAML_ALIAS_EVENT: {
            const char *name = (const char *)ev.data.alias.anchor;
            const struct yaml_anchor *a = NULL;
            for (size_t i = n_anchors; i-- > 0 && !a;) /* the latest definition counts */
                if (!strcmp(anchors[i].name, name))
                    a = &anchors[i];
            nodes = a ? a->nodes : 1;
            bytes = a ? a->bytes : 0;
            alias_nodes += nodes;
            alias_bytes += bytes;
            if (alias_nodes > YAML_MAX_ALIAS_NODES || alias_bytes > YAML_MAX_ALIAS_BYTES) {
                yaml_limit_error(dl, file, line_base, &ev.start_mark,
                                 "aliases expand to too much (more than 10,000 nodes or 1 MiB)");
                ok = false;
            }
            break;
        }
        default:
            break;
        }
        if (ok && anchor) {
            if (n_anchors == YAML_MAX_ANCHORS) {
                yaml_limit_error(dl, file, line_base, &ev.start_mark, "more than 256 anchors");
                ok = false;
            } else {
                anchors[n_anchors++] = (struct yaml_anchor){
                    .name = xstrdup((const char *)anchor), .nodes = nodes, .bytes = bytes};
            }
        }
        if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
            free((char *)anchor);
        if (ok && depth > 0 && (nodes || bytes)) {
            open[depth - 1].nodes += nodes;
            open[depth - 1].bytes += bytes;
        }
        yaml_event_delete(&ev);
    }
    while (depth > 0)
        free(open[--depth].anchor_copy);
    for (size_t i = 0; i < n_anchors; i++)
        free(anchors[i].name);
    yaml_parser_delete(&parser);
    return ok;
}

bool yaml_util_load(const char *file, const char *text, size_t len, int line_base,
                    yaml_document_t *doc, struct diag_list *dl)
{
    if (!yaml_within_limits(file, text, len, line_base, dl))
        return false;
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
    const char *value = (const char *)node->data.scalar.value;
    if (memchr(value, '\0', node->data.scalar.length)) {
        /* "\0" in a quoted scalar: C strings would silently cut the value there */
        diag_add(dl, DIAG_ERROR, file, yaml_util_line(node, line_base),
                 (int)node->start_mark.column + 1, "'%s' holds a NUL character", key);
        return NULL;
    }
    return xstrndup(value, node->data.scalar.length);
}

bool yaml_util_string_list(yaml_document_t *doc, yaml_node_t *node, const char *file,
                           int line_base, const char *key, char ***items_out, size_t *n_out,
                           struct diag_list *dl)
{
    *items_out = NULL;
    *n_out = 0;
    if (node->type == YAML_SCALAR_NODE) {
        char *one = yaml_util_string(doc, node, file, line_base, key, dl);
        if (!one)
            return false;
        *items_out = xmalloc(sizeof(char *));
        (*items_out)[0] = one;
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
