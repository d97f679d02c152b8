/* ISBNs (`isbn: {epub: …, pdf: …}`): ISBN-13 and ISBN-10, hyphens and spaces
 * allowed as printed, the check digit verified: a mistyped ISBN in a book's
 * metadata is hard to take back once the book is out. */
#include <string.h>

#include "series/series.h"

#define ISBN13_DIGITS 13
#define ISBN10_DIGITS 10

bool series_isbn_normalize(const char *written, char out[ISBN_MAX_CHARS + 1], const char **why)
{
    size_t n = 0;
    for (const char *p = written; *p; p++) {
        char c = *p;
        if (c == '-' || c == ' ')
            continue;
        if (c == 'x')
            c = 'X';
        if (!((c >= '0' && c <= '9') || c == 'X') || n == ISBN_MAX_CHARS) {
            *why = "is not an ISBN-13 or ISBN-10 (digits, with hyphens or spaces)";
            return false;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    const char *x = strchr(out, 'X');
    if (n == ISBN13_DIGITS) {
        if (x) {
            *why = "is not an ISBN-13 (only digits)";
            return false;
        }
        if (strncmp(out, "978", 3) && strncmp(out, "979", 3)) {
            *why = "is not an ISBN-13 (it begins with 978 or 979)";
            return false;
        }
        /* weights 1, 3, 1, 3, …; the sum with the check digit is a multiple of 10 */
        int sum = 0;
        for (size_t i = 0; i < ISBN13_DIGITS; i++)
            sum += (out[i] - '0') * (i % 2 ? 3 : 1);
        if (sum % 10) {
            *why = "has a wrong check digit";
            return false;
        }
        return true;
    }
    if (n == ISBN10_DIGITS) {
        if (x && x != out + ISBN10_DIGITS - 1) {
            *why = "is not an ISBN-10 (X is only the check digit)";
            return false;
        }
        /* weights 10, 9, …, 1 (X is 10); the sum is a multiple of 11 */
        int sum = 0;
        for (size_t i = 0; i < ISBN10_DIGITS; i++)
            sum += (out[i] == 'X' ? 10 : out[i] - '0') * (int)(ISBN10_DIGITS - i);
        if (sum % 11) {
            *why = "has a wrong check digit";
            return false;
        }
        return true;
    }
    *why = "is not an ISBN-13 or ISBN-10 (13 or 10 digits)";
    return false;
}
