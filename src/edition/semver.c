/* Semantic versions (semver.org 2.0.0): validity and precedence (§11), so that
 * an archive knows which edition is newer. Numbers compare as digit strings,
 * never through an integer that could overflow. */
#include <string.h>

#include "edition/edition.h"

static bool is_ident_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '-';
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* A numeric part: digits, no leading zero unless it is "0". */
static bool valid_number(const char *s, size_t n)
{
    return all_digits(s, n) && (n == 1 || s[0] != '0');
}

struct semver_parts {
    const char *num[3];
    size_t num_len[3];
    const char *pre; /* after '-', or NULL */
    size_t pre_len;
};

/* Splits s into its parts; false if s is not a semantic version. */
static bool split(const char *s, struct semver_parts *p)
{
    memset(p, 0, sizeof *p);
    const char *c = s;
    for (int i = 0; i < 3; i++) {
        p->num[i] = c;
        while (*c >= '0' && *c <= '9')
            c++;
        p->num_len[i] = (size_t)(c - p->num[i]);
        if (!valid_number(p->num[i], p->num_len[i]))
            return false;
        if (i < 2 && *c++ != '.')
            return false;
    }
    /* pre-release then build: dot-separated non-empty identifiers */
    for (int part = 0; part < 2 && *c; part++) {
        char lead = part == 0 ? '-' : '+';
        if (*c != lead)
            continue;
        const char *start = ++c;
        for (;;) {
            const char *id = c;
            while (is_ident_char(*c))
                c++;
            size_t n = (size_t)(c - id);
            if (n == 0)
                return false;
            /* numeric pre-release identifiers have no leading zeros (build may) */
            if (part == 0 && all_digits(id, n) && !valid_number(id, n))
                return false;
            if (*c != '.')
                break;
            c++;
        }
        if (part == 0) {
            p->pre = start;
            p->pre_len = (size_t)(c - start);
        }
    }
    return *c == '\0';
}

bool semver_valid(const char *s)
{
    struct semver_parts p;
    return s && split(s, &p);
}

/* Two numbers without leading zeros: the longer is larger. */
static int compare_numbers(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    int c = memcmp(a, b, an);
    return (c > 0) - (c < 0);
}

int semver_compare(const char *a, const char *b)
{
    struct semver_parts x, y;
    if (!split(a, &x) || !split(b, &y))
        return strcmp(a, b); /* not versions: callers check first; stay total */
    for (int i = 0; i < 3; i++) {
        int c = compare_numbers(x.num[i], x.num_len[i], y.num[i], y.num_len[i]);
        if (c)
            return c;
    }
    /* §11.3: a pre-release has lower precedence than the release */
    if (!x.pre || !y.pre)
        return (x.pre == NULL) - (y.pre == NULL);
    const char *p = x.pre, *pe = x.pre + x.pre_len;
    const char *q = y.pre, *qe = y.pre + y.pre_len;
    for (;;) {
        /* §11.4.4: the one with more identifiers is larger if all before are equal */
        if (p >= pe || q >= qe)
            return (p < pe) - (q < qe);
        const char *pi = p, *qi = q;
        while (p < pe && *p != '.')
            p++;
        while (q < qe && *q != '.')
            q++;
        size_t pn = (size_t)(p - pi), qn = (size_t)(q - qi);
        bool pnum = all_digits(pi, pn), qnum = all_digits(qi, qn);
        int c;
        if (pnum && qnum)
            c = compare_numbers(pi, pn, qi, qn);
        else if (pnum != qnum)
            c = pnum ? -1 : 1; /* §11.4.3: numeric identifiers are lower */
        else {
            /* §11.4.2: ASCII order, then the shorter prefix is lower */
            int m = memcmp(pi, qi, pn < qn ? pn : qn);
            c = m ? (m > 0) - (m < 0) : (pn > qn) - (pn < qn);
        }
        if (c)
            return c;
        if (p < pe)
            p++;
        if (q < qe)
            q++;
    }
}
