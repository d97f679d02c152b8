/* Allocation wrappers: out of memory is not an input error, so it aborts here,
 * the one place it does: libxml2 (xmlMemSetup, build.c) and cmark-gfm
 * (md_import.c) allocate through these too. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

static void *oom(size_t size)
{
    fprintf(stderr, "octavo: out of memory (%zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    return p ? p : oom(size);
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    return p ? p : oom(count * size);
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    return p ? p : oom(size);
}

void *xgrow(void *ptr, size_t n, size_t elem)
{
    if (n & (n - 1))
        return ptr; /* between two powers of two: there is room */
    size_t cap = n ? 2 * n : 1;
    if (elem && cap > SIZE_MAX / elem)
        oom(SIZE_MAX);
    return xrealloc(ptr, cap * elem);
}

void *xreserve(void *ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ptr;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            oom(SIZE_MAX);
        c *= 2;
    }
    if (elem && c > SIZE_MAX / elem)
        oom(SIZE_MAX);
    *cap = c;
    return xrealloc(ptr, c * elem);
}

char *xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *out;
    if ((size_t)n < sizeof small) {
        out = xstrndup(small, (size_t)n);
    } else {
        out = xmalloc((size_t)n + 1);
        vsnprintf(out, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);
    return out;
}
