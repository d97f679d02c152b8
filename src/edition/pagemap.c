/* pagemap.tsv: where every chapter, heading and anchor of an edition landed in
 * its PDF, so that a later edition can say "p. 97 in 1.0.0". */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"

#define PAGEMAP_FIELDS 5

void edition_pagemap_add(struct edition_pagemap *pm, const char *chapter_file,
                         const char *anchor, const char *page, int level, const char *title)
{
    pm->items = xgrow(pm->items, pm->len, sizeof *pm->items);
    pm->items[pm->len++] = (struct edition_page_entry){
        .chapter_file = xstrdup(chapter_file),
        .anchor = xstrdup(anchor ? anchor : ""),
        .page = xstrdup(page),
        .level = level,
        .title = xstrdup(title ? title : ""),
    };
}

void edition_pagemap_free(struct edition_pagemap *pm)
{
    for (size_t i = 0; i < pm->len; i++) {
        struct edition_page_entry *e = &pm->items[i];
        free(e->chapter_file);
        free(e->anchor);
        free(e->page);
        free(e->title);
    }
    free(pm->items);
    pm->items = NULL;
    pm->len = 0;
}

static void put_field(struct buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t': buf_puts(b, "\\t"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\\': buf_puts(b, "\\\\"); break;
        default: buf_putc(b, *s);
        }
    }
}

char *edition_pagemap_format(const struct edition_pagemap *pm, size_t *len_out)
{
    struct buf b = BUF_INIT;
    buf_grow(&b, 1);
    for (size_t i = 0; i < pm->len; i++) {
        const struct edition_page_entry *e = &pm->items[i];
        put_field(&b, e->chapter_file);
        buf_putc(&b, '\t');
        put_field(&b, e->anchor);
        buf_putc(&b, '\t');
        put_field(&b, e->page);
        buf_printf(&b, "\t%d\t", e->level);
        put_field(&b, e->title);
        buf_putc(&b, '\n');
    }
    b.data[b.len] = '\0';
    return buf_detach(&b, len_out);
}

/* Undoes put_field on [s, end); false on an unknown escape. */
static bool get_field(const char *s, const char *end, char **out)
{
    struct buf b = BUF_INIT;
    buf_grow(&b, 1);
    bool ok = true;
    for (; s < end && ok; s++) {
        if (*s != '\\') {
            buf_putc(&b, *s);
            continue;
        }
        char c = ++s < end ? *s : '\0';
        switch (c) {
        case 't': buf_putc(&b, '\t'); break;
        case 'n': buf_putc(&b, '\n'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case '\\': buf_putc(&b, '\\'); break;
        default: ok = false;
        }
    }
    b.data[b.len] = '\0';
    *out = buf_detach(&b, NULL);
    if (!ok) {
        free(*out);
        *out = NULL;
    }
    return ok;
}

bool edition_pagemap_read(const char *path, struct edition_pagemap *out, struct diag_list *dl)
{
    out->items = NULL;
    out->len = 0;
    char *data;
    size_t len;
    const char *err;
    if (!file_read_all(path, &data, &len, &err)) {
        diag_add(dl, DIAG_ERROR, path, 0, 0, "%s", err);
        return false;
    }
    int bad_line = 0, line_no = 0;
    int line_dummy, col_dummy;
    if (!utf8_validate(data, len, &line_dummy, &col_dummy)) {
        diag_add(dl, DIAG_ERROR, path, line_dummy, col_dummy, "is not valid UTF-8");
        free(data);
        return false;
    }
    for (const char *p = data, *end = data + len; p < end && !bad_line;) {
        line_no++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *f[PAGEMAP_FIELDS + 1];
        size_t nf = 0;
        f[nf++] = p;
        for (const char *c = p; c < eol && nf <= PAGEMAP_FIELDS; c++)
            if (*c == '\t')
                f[nf++] = c + 1;
        char *fields[PAGEMAP_FIELDS] = {0};
        bool ok = nf == PAGEMAP_FIELDS;
        for (size_t i = 0; ok && i < PAGEMAP_FIELDS; i++) {
            const char *fe = i + 1 < PAGEMAP_FIELDS ? f[i + 1] - 1 : eol;
            ok = get_field(f[i], fe, &fields[i]);
        }
        char *num_end = NULL;
        long level = ok ? strtol(fields[3], &num_end, 10) : -1;
        ok = ok && num_end && *fields[3] && !*num_end && level >= 0 && level <= 6 &&
             *fields[0] && *fields[2] && (level == 1 || *fields[1] != '\0');
        if (ok)
            edition_pagemap_add(out, fields[0], fields[1], fields[2], (int)level, fields[4]);
        else
            bad_line = line_no;
        for (size_t i = 0; i < PAGEMAP_FIELDS; i++)
            free(fields[i]);
        p = eol + 1;
    }
    free(data);
    if (bad_line) {
        diag_add(dl, DIAG_ERROR, path, bad_line, 0,
                 "not a page-map line (chapter, anchor, page, level 0-6, title; tab-separated)");
        edition_pagemap_free(out);
        return false;
    }
    return true;
}
