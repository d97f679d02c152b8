/* Paths inside a series: every reference an author writes is checked lexically
 * first and then against the real path, so octavo never opens a file outside. */
#include "base/base.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl && dir[dl - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

char *url_scheme(const char *ref)
{
    if (!isalpha((unsigned char)ref[0]))
        return NULL;
    size_t i = 1;
    while (isalnum((unsigned char)ref[i]) || ref[i] == '+' || ref[i] == '-' || ref[i] == '.')
        i++;
    if (ref[i] != ':')
        return NULL;
    char *s = xstrndup(ref, i);
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

enum path_verdict path_check_relative(const char *ref, char **norm_out)
{
    *norm_out = NULL;
    if (!ref || !*ref)
        return PATH_BAD;
    char *scheme = url_scheme(ref);
    if (scheme) {
        /* A one-letter "scheme" is a drive letter (C:\...), absolute for us. */
        bool abs = strcmp(scheme, "file") == 0 || strlen(scheme) == 1;
        free(scheme);
        return abs ? PATH_ABSOLUTE : PATH_REMOTE;
    }
    if (ref[0] == '/' && ref[1] == '/')
        return PATH_REMOTE;
    size_t n = strcspn(ref, "?#");
    struct buf dec = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (ref[i] == '%') {
            if (i + 2 >= n) {
                buf_free(&dec);
                return PATH_BAD;
            }
            int h = hexval((unsigned char)ref[i + 1]), l = hexval((unsigned char)ref[i + 2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0)) {
                buf_free(&dec);
                return PATH_BAD;
            }
            buf_putc(&dec, (char)(h * 16 + l));
            i += 2;
        } else {
            buf_putc(&dec, ref[i]);
        }
    }
    const char *p = buf_cstr(&dec);
    if (p[0] == '/') {
        buf_free(&dec);
        return PATH_ABSOLUTE;
    }
    if (strchr(p, '\\') || dec.len == 0) {
        buf_free(&dec);
        return PATH_BAD;
    }
    /* Lexical normalisation with a stack of component starts. */
    struct buf out = BUF_INIT;
    size_t stack[PATH_MAX / 2];
    size_t depth = 0;
    enum path_verdict verdict = PATH_OK;
    while (*p) {
        size_t len = strcspn(p, "/");
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* empty or "." component */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (depth == 0) {
                verdict = PATH_ESCAPES;
                break;
            }
            out.len = stack[--depth];
            if (out.data)
                out.data[out.len] = '\0';
        } else {
            if (depth == sizeof stack / sizeof stack[0]) {
                verdict = PATH_BAD;
                break;
            }
            stack[depth++] = out.len;
            if (out.len)
                buf_putc(&out, '/');
            buf_put(&out, p, len);
        }
        p += len;
        if (*p == '/')
            p++;
    }
    buf_free(&dec);
    if (verdict == PATH_OK && out.len == 0)
        verdict = PATH_BAD;
    if (verdict != PATH_OK) {
        buf_free(&out);
        return verdict;
    }
    *norm_out = buf_detach(&out, NULL);
    return PATH_OK;
}

bool path_resolve_inside(const char *root_real, const char *rel, char **real_out,
                         const char **err_out)
{
    *real_out = NULL;
    char *full = path_join(root_real, rel);
    char *real = realpath(full, NULL);
    free(full);
    if (!real) {
        *err_out = errno == ENOENT || errno == ENOTDIR ? "not found" : "cannot be resolved";
        return false;
    }
    size_t rl = strlen(root_real);
    if (strncmp(real, root_real, rl) != 0 || real[rl] != '/') {
        free(real);
        *err_out = "leads outside the series folder";
        return false;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(real);
        *err_out = "is not a regular file";
        return false;
    }
    *real_out = real;
    return true;
}
