/* series.yaml's `series: {name: "…", position: 2}`: which series the book is a
 * volume of. Checked here so that the OPF only ever states what the author said. */
#include "series/membership.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A position is a volume number: whole, or with a fraction for an interleaved
 * volume (Calibre's series_index is a float; EPUB's group-position a number). */
#define POSITION_MAX_WHOLE_DIGITS 6
#define POSITION_MAX_FRACTION_DIGITS 3

/* "002.50" → "2.5"; NULL when text is not such a number. */
static char *position_normalise(const char *text)
{
    size_t whole = 0, frac = 0;
    const char *p = text;
    while (isdigit((unsigned char)p[whole]))
        whole++;
    p += whole;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)p[frac]))
            frac++;
        if (!frac)
            return NULL;
        p += frac;
    }
    if (*p || !whole || whole > POSITION_MAX_WHOLE_DIGITS || frac > POSITION_MAX_FRACTION_DIGITS)
        return NULL;
    const char *w = text;
    while (whole > 1 && *w == '0')
        w++, whole--;
    const char *f = text + (w - text) + whole + 1;
    while (frac && f[frac - 1] == '0')
        frac--;
    return frac ? xasprintf("%.*s.%.*s", (int)whole, w, (int)frac, f)
                : xasprintf("%.*s", (int)whole, w);
}

static const char *key_of(yaml_document_t *doc, yaml_node_pair_t *p)
{
    yaml_node_t *k = yaml_document_get_node(doc, p->key);
    return k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "";
}

bool series_membership_load(yaml_document_t *doc, yaml_node_t *node, const char *file,
                            struct series_membership *out, struct diag_list *dl)
{
    int line = yaml_util_line(node, 0), col = (int)node->start_mark.column + 1;
    if (node->type != YAML_MAPPING_NODE) {
        diag_add(dl, DIAG_ERROR, file, line, col,
                 "'series' must be a mapping such as {name: \"…\", position: 2}");
        return false;
    }
    bool ok = true;
    char *name = NULL, *position = NULL;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        const char *key = key_of(doc, p);
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        int vl = yaml_util_line(v, 0), vc = (int)v->start_mark.column + 1;
        if (!strcmp(key, "name")) {
            free(name);
            name = yaml_util_string(doc, v, file, 0, "series: name", dl);
            if (!name) {
                ok = false;
            } else if (!*name) {
                diag_add(dl, DIAG_ERROR, file, vl, vc, "the series' 'name' is empty");
                ok = false;
            }
        } else if (!strcmp(key, "position")) {
            free(position);
            /* a number, written as one: a quoted "2" is a string in YAML */
            position = v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                           ? position_normalise((const char *)v->data.scalar.value)
                           : NULL;
            if (!position) {
                diag_add(dl, DIAG_ERROR, file, vl, vc,
                         "the series' 'position' must be a number such as 2 or 2.5");
                ok = false;
            }
        } else {
            diag_add(dl, DIAG_WARNING, file, yaml_util_line(k, 0), (int)k->start_mark.column + 1,
                     "unknown key '%s' in 'series' (it takes 'name' and 'position')", key);
        }
    }
    if (ok && !name) {
        diag_add(dl, DIAG_ERROR, file, line, col, "'series' needs a 'name'");
        ok = false;
    }
    if (!ok) {
        free(name);
        free(position);
        return false;
    }
    free(out->name);
    free(out->position);
    out->name = name;
    out->position = position;
    return true;
}

void series_membership_free(struct series_membership *m)
{
    free(m->name);
    free(m->position);
    m->name = m->position = NULL;
}
