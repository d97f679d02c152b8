/* UTF-8 validation (with the position of the first bad byte) and XML escaping. */
#include "base/base.h"

#include <ctype.h>
#include <string.h>

bool utf8_validate(const char *str, size_t len, int *line_out, int *col_out)
{
    const unsigned char *s = (const unsigned char *)str;
    int line = 1;
    size_t line_start = 0;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t need = 0;
        unsigned min = 0;
        if (c == '\n') {
            line++;
            line_start = i + 1;
            i++;
            continue;
        }
        if (c == 0)
            goto bad;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            goto bad;
        }
        if (len - i <= need)
            goto bad;
        unsigned cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return true;
bad:
    *line_out = line;
    *col_out = (int)(i - line_start) + 1;
    return false;
}

/* Bytes in the valid UTF-8 sequence at s[i] (no NUL), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned c = s[i];
    if (c < 0x80)
        return c ? 1 : 0;
    size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                  : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (!need || len - i <= need)
        return 0;
    unsigned cp = c & (0x3Fu >> need);
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i + k] & 0x3F);
    }
    static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need + 1;
}

void utf8_repair(struct buf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        size_t start = i, n;
        while (i < len && (n = utf8_seq_len(s, len, i)))
            i += n;
        buf_put(b, str + start, i - start);
        if (i < len) {
            buf_puts(b, "\xEF\xBF\xBD");
            i++;
        }
    }
}

/* The code point of the valid sequence of n bytes at s. */
static unsigned utf8_code_point(const unsigned char *s, size_t n)
{
    if (n == 1)
        return s[0];
    unsigned cp = s[0] & (0x3Fu >> (n - 1));
    for (size_t k = 1; k < n; k++)
        cp = cp << 6 | (s[k] & 0x3F);
    return cp;
}

char *utf8_plain(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), i = 0;
    struct buf b = BUF_INIT;
    while (i < len) {
        size_t n = utf8_seq_len(s, len, i);
        unsigned cp = n ? utf8_code_point(s + i, n) : 0;
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            buf_putc(&b, ' ');
        } else if (!n || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
                   (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            buf_puts(&b, "\xEF\xBF\xBD");
        } else {
            buf_put(&b, str + i, n);
        }
        i += n ? n : 1;
    }
    return buf_detach(&b, NULL);
}

void xml_escape(struct buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            buf_put(b, s + start, i - start);
            buf_puts(b, rep);
            start = i + 1;
        }
    }
    buf_put(b, s + start, len - start);
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int str_casecmp_ascii(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}
