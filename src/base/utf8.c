/* UTF-8, in one place: decoding one sequence (every other function here and
 * diag.c's escaping build on it), validation with the position of the first
 * bad byte, repair, and plain one-line labels. */
#include "base/base.h"

#include <string.h>

size_t utf8_decode(const unsigned char *s, size_t len, size_t i, uint32_t *cp_out)
{
    unsigned c = s[i];
    size_t need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                  : c >= 0xF0 && c <= 0xF4 ? 3 : SIZE_MAX;
    if (need == SIZE_MAX || len - i <= need)
        return 0;
    uint32_t cp = need ? c & (0x3Fu >> need) : c;
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i + k] & 0x3F);
    }
    static const uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *cp_out = cp;
    return need + 1;
}

bool utf8_validate(const char *str, size_t len, int *line_out, int *col_out)
{
    const unsigned char *s = (const unsigned char *)str;
    int line = 1;
    size_t line_start = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s, len, i, &cp);
        if (!n || cp == 0) {
            *line_out = line;
            *col_out = (int)(i - line_start) + 1;
            return false;
        }
        if (cp == '\n') {
            line++;
            line_start = i + 1;
        }
        i += n;
    }
    return true;
}

void utf8_repair(struct buf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        size_t start = i, n;
        uint32_t cp = 0;
        while (i < len && (n = utf8_decode(s, len, i, &cp)) && cp)
            i += n;
        buf_put(b, str + start, i - start);
        if (i < len) {
            buf_puts(b, "\xEF\xBF\xBD");
            i++;
        }
    }
}

char *utf8_plain(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), i = 0;
    struct buf b = BUF_INIT;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s, len, i, &cp);
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

size_t utf8_prefix_len(const char *s, size_t len, size_t max_chars)
{
    size_t i = 0;
    for (size_t n = 0; n < max_chars && i < len; n++) {
        i++;
        while (i < len && utf8_is_continuation((unsigned char)s[i]))
            i++;
    }
    return i;
}
