/* Allocation wrappers: out of memory is not an input error, so it aborts here. */
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
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof small) {
        va_end(ap2);
        va_end(ap);
        return xstrndup(small, (size_t)n);
    }
    buf_grow(&b, (size_t)n + 1);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap2);
    b.len = (size_t)n;
    va_end(ap2);
    va_end(ap);
    return buf_detach(&b, NULL);
}
