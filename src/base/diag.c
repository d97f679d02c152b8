/* Diagnostics as values: stages append, only the CLI prints and decides the exit code. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

void diag_addv(struct diag_list *dl, enum diag_level level, const char *file, int line,
               int col, const char *fmt, va_list ap)
{
    dl->items = xreserve(dl->items, &dl->cap, dl->len + 1, sizeof *dl->items);
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
        dst->items = xreserve(dst->items, &dst->cap, dst->len + 1, sizeof *dst->items);
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

/* Code points a terminal or a log viewer acts on instead of showing: line and
 * paragraph separators, bidi embeddings, overrides and isolates (which reorder
 * what follows, "Trojan Source"), zero-width marks and joiners, the BOM, and
 * noncharacters. Printed as \u{…} like C0/C1 controls, so a diagnostic can
 * neither break into two lines nor hide or reorder its own text. */
static bool diag_cp_unsafe(unsigned cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
           (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

void diag_escape(struct buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), i = 0;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s, len, i, &cp);
        if (!n) {
            buf_printf(b, "\\x%02X", s[i]); /* a byte that is not UTF-8 */
            i++;
            continue;
        }
        if (cp == '\n')
            buf_puts(b, "\\n");
        else if (cp == '\r')
            buf_puts(b, "\\r");
        else if (cp == '\t')
            buf_puts(b, "\\t");
        else if (diag_cp_unsafe(cp))
            buf_printf(b, "\\u{%X}", cp);
        else
            buf_put(b, str + i, n);
        i += n;
    }
}

void diag_print(const struct diag_list *dl, FILE *out, bool color)
{
    struct buf line = BUF_INIT;
    for (size_t i = 0; i < dl->len; i++) {
        const struct diag *d = &dl->items[i];
        const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
        const char *lc = !color ? "" : d->level == DIAG_ERROR ? "\033[1;31m" : "\033[1;35m";
        /* one diagnostic, one line: file names and messages carry input bytes */
        line.len = 0;
        buf_puts(&line, bold);
        diag_escape(&line, d->file);
        if (d->line > 0)
            buf_printf(&line, ":%d", d->line);
        if (d->line > 0 && d->col > 0)
            buf_printf(&line, ":%d", d->col);
        buf_printf(&line, ":%s %s%s:%s ", reset, lc,
                   d->level == DIAG_ERROR ? "error" : "warning", reset);
        diag_escape(&line, d->msg);
        buf_putc(&line, '\n');
        fwrite(line.data, 1, line.len, out);
    }
    buf_free(&line);
}

bool diag_format_parse(const char *name, enum diag_format *out)
{
    static const char *const names[] = {
        [DIAG_FORMAT_HUMAN] = "human", [DIAG_FORMAT_JSON] = "json", [DIAG_FORMAT_GITHUB] = "github"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(name, names[i])) {
            *out = (enum diag_format)i;
            return true;
        }
    }
    return false;
}

static const char *diag_level_name(enum diag_level level)
{
    return level == DIAG_ERROR ? "error" : "warning";
}

/* A JSON string (RFC 8259), quotes included. */
static void diag_json_string(struct buf *b, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), i = 0;
    buf_putc(b, '"');
    while (i < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s, len, i, &cp);
        if (!n) {
            buf_puts(b, "\\ufffd"); /* a byte that is not UTF-8 */
            i++;
            continue;
        }
        if (cp == '"' || cp == '\\')
            buf_printf(b, "\\%c", (char)cp);
        else if (cp == '\n')
            buf_puts(b, "\\n");
        else if (cp == '\r')
            buf_puts(b, "\\r");
        else if (cp == '\t')
            buf_puts(b, "\\t");
        else if (diag_cp_unsafe(cp) && cp > 0xFFFF) /* a surrogate pair */
            buf_printf(b, "\\u%04x\\u%04x", 0xD800 + ((cp - 0x10000) >> 10),
                       0xDC00 + ((cp - 0x10000) & 0x3FF));
        else if (diag_cp_unsafe(cp))
            buf_printf(b, "\\u%04x", cp);
        else
            buf_put(b, str + i, n);
        i += n;
    }
    buf_putc(b, '"');
}

void diag_print_json(const struct diag_list *dl, FILE *out)
{
    struct buf line = BUF_INIT;
    for (size_t i = 0; i < dl->len; i++) {
        const struct diag *d = &dl->items[i];
        line.len = 0;
        buf_puts(&line, "{\"file\":");
        diag_json_string(&line, d->file);
        if (d->line > 0)
            buf_printf(&line, ",\"line\":%d", d->line);
        else
            buf_puts(&line, ",\"line\":null");
        if (d->line > 0 && d->col > 0)
            buf_printf(&line, ",\"column\":%d", d->col);
        else
            buf_puts(&line, ",\"column\":null");
        buf_printf(&line, ",\"severity\":\"%s\",\"message\":", diag_level_name(d->level));
        diag_json_string(&line, d->msg);
        buf_puts(&line, "}\n");
        fwrite(line.data, 1, line.len, out);
    }
    buf_free(&line);
}

/* GitHub's workflow-command escapes: data (the message) needs % CR LF; a
 * property value also : and , which would end it. Line ends become GitHub's
 * %0D %0A (a line break in the annotation); everything else that could act on
 * the runner's log (other controls, bidi overrides) is shown as diag_escape does. */
static void diag_github_escape(struct buf *b, const char *s, bool property)
{
    struct buf safe = BUF_INIT;
    while (*s) {
        size_t run = strcspn(s, "\r\n");
        char *part = xstrndup(s, run);
        safe.len = 0;
        diag_escape(&safe, part);
        free(part);
        for (const char *p = buf_cstr(&safe); *p; p++) {
            if (*p == '%')
                buf_puts(b, "%25");
            else if (property && *p == ':')
                buf_puts(b, "%3A");
            else if (property && *p == ',')
                buf_puts(b, "%2C");
            else
                buf_putc(b, *p);
        }
        s += run;
        if (*s)
            buf_puts(b, *s++ == '\r' ? "%0D" : "%0A");
    }
    buf_free(&safe);
}

void diag_print_github(const struct diag_list *dl, FILE *out)
{
    struct buf line = BUF_INIT;
    for (size_t i = 0; i < dl->len; i++) {
        const struct diag *d = &dl->items[i];
        line.len = 0;
        buf_printf(&line, "::%s file=", diag_level_name(d->level));
        diag_github_escape(&line, d->file, true);
        if (d->line > 0)
            buf_printf(&line, ",line=%d", d->line);
        if (d->line > 0 && d->col > 0)
            buf_printf(&line, ",col=%d", d->col);
        buf_puts(&line, "::");
        diag_github_escape(&line, d->msg, false);
        buf_putc(&line, '\n');
        fwrite(line.data, 1, line.len, out);
    }
    buf_free(&line);
}

void diag_print_as(const struct diag_list *dl, enum diag_format format, FILE *out, bool color)
{
    switch (format) {
    case DIAG_FORMAT_HUMAN:
        diag_print(dl, out, color);
        break;
    case DIAG_FORMAT_JSON:
        diag_print_json(dl, out);
        break;
    case DIAG_FORMAT_GITHUB:
        diag_print_github(dl, out);
        break;
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

/* Stable merge sort, O(n log n) whatever the order: a book with 100,000
 * broken anchors has as many warnings, and insertion sort took seconds when
 * the chapters came in reverse order. */
void diag_sort(struct diag_list *dl)
{
    size_t n = dl->len;
    if (n < 2)
        return;
    struct diag *a = dl->items, *tmp = xmalloc(n * sizeof *tmp), *from = a, *to = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = diag_cmp(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        struct diag *t = from;
        from = to;
        to = t;
    }
    if (from != a)
        memcpy(a, from, n * sizeof *a);
    free(tmp);
}
