/* Diagnostics as values: stages append, only the CLI prints and decides the exit code. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

void diag_addv(struct diag_list *dl, enum diag_level level, const char *file, int line,
               int col, const char *fmt, va_list ap)
{
    if (dl->len == dl->cap) {
        dl->cap = dl->cap ? dl->cap * 2 : 8;
        dl->items = xrealloc(dl->items, dl->cap * sizeof *dl->items);
    }
    struct buf msg = BUF_INIT;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    buf_grow(&msg, n > 0 ? (size_t)n : 0);
    vsnprintf(msg.data, msg.cap, fmt, ap);
    msg.len = n > 0 ? (size_t)n : 0;
    dl->items[dl->len++] = (struct diag){
        .level = level,
        .file = xstrdup(file ? file : "octavo"),
        .line = line,
        .col = col,
        .msg = buf_detach(&msg, NULL),
    };
}

void diag_add(struct diag_list *dl, enum diag_level level, const char *file, int line,
              int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(dl, level, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_splice(struct diag_list *dst, struct diag_list *src)
{
    for (size_t i = 0; i < src->len; i++) {
        if (dst->len == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 8;
            dst->items = xrealloc(dst->items, dst->cap * sizeof *dst->items);
        }
        dst->items[dst->len++] = src->items[i];
    }
    free(src->items);
    *src = (struct diag_list)DIAG_LIST_INIT;
}

size_t diag_count(const struct diag_list *dl, enum diag_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < dl->len; i++)
        n += dl->items[i].level == level;
    return n;
}

void diag_print(const struct diag_list *dl, FILE *out, bool color)
{
    for (size_t i = 0; i < dl->len; i++) {
        const struct diag *d = &dl->items[i];
        const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
        const char *lc = !color ? "" : d->level == DIAG_ERROR ? "\033[1;31m" : "\033[1;35m";
        fprintf(out, "%s%s", bold, d->file);
        if (d->line > 0)
            fprintf(out, ":%d", d->line);
        if (d->line > 0 && d->col > 0)
            fprintf(out, ":%d", d->col);
        fprintf(out, ":%s %s%s:%s %s\n", reset, lc,
                d->level == DIAG_ERROR ? "error" : "warning", reset, d->msg);
    }
}

void diag_list_free(struct diag_list *dl)
{
    for (size_t i = 0; i < dl->len; i++) {
        free(dl->items[i].file);
        free(dl->items[i].msg);
    }
    free(dl->items);
    *dl = (struct diag_list)DIAG_LIST_INIT;
}

static int diag_cmp(const void *a, const void *b)
{
    const struct diag *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

void diag_sort(struct diag_list *dl)
{
    /* insertion sort: stable, and lists are short and nearly sorted already */
    for (size_t i = 1; i < dl->len; i++) {
        struct diag d = dl->items[i];
        size_t j = i;
        while (j > 0 && diag_cmp(&dl->items[j - 1], &d) > 0) {
            dl->items[j] = dl->items[j - 1];
            j--;
        }
        dl->items[j] = d;
    }
}
