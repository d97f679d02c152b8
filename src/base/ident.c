/* SHA-1 (FIPS 180-4), only for RFC 4122 name-based UUIDs: a stable book
 * identifier derived from the series' slug. Not used for security. */
#include "base/base.h"

#include <ctype.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

const unsigned char UUID_NAMESPACE_URL[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void sha1(const void *data, size_t len, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    const unsigned char *p = data;
    size_t full = len / 64 * 64;
    for (size_t i = 0; i < full; i += 64)
        sha1_block(h, p + i);
    unsigned char tail[128] = {0};
    size_t rest = len - full;
    memcpy(tail, p + full, rest);
    tail[rest] = 0x80;
    size_t tl = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha1_block(h, tail);
    if (tl == 128)
        sha1_block(h, tail + 64);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

void uuid5(const unsigned char ns[16], const char *name, char out[37])
{
    size_t nl = strlen(name);
    unsigned char *msg = xmalloc(16 + nl);
    memcpy(msg, ns, 16);
    memcpy(msg + 16, name, nl);
    unsigned char d[20];
    sha1(msg, 16 + nl, d);
    free(msg);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
             d[13], d[14], d[15]);
}

void time_format_iso(int64_t epoch, char out[21])
{
    time_t t = (time_t)epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    /* four digits always: strftime's %Y writes the year 1 as "1", which no
     * reader or validator takes in dcterms:modified */
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

bool time_parse_date(const char *s, int64_t *epoch_out)
{
    /* exactly YYYY-MM-DD: sscanf alone takes "2024-+1-01" and " 999-01-01" */
    static const char shape[] = "dddd-dd-dd";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    *epoch_out = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
    return true;
}

const char *res_find(const char *name, size_t *len_out)
{
    for (const struct res_file *r = res_files; r->name; r++) {
        if (strcmp(r->name, name) == 0) {
            if (len_out)
                *len_out = r->len;
            return (const char *)r->data;
        }
    }
    return NULL;
}

/* Names longer than this are cut (and then marked with the hash). */
#define IDENT_CLEAN_MAX 64

char *ident_from_path(const char *path, size_t hash_hex, bool *clean_out)
{
    struct buf b = BUF_INIT;
    bool clean = true;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.') {
            buf_putc(&b, (char)c);
            continue;
        }
        clean = false;
        if (c >= 'A' && c <= 'Z')
            buf_putc(&b, (char)(c - 'A' + 'a'));
        else if (b.len == 0 || b.data[b.len - 1] != '-')
            buf_putc(&b, '-'); /* a run of anything else, '/' too, is one '-' */
    }
    /* a name starts with a letter or digit (never a hidden file) */
    size_t lead = 0;
    while (lead < b.len && !((b.data[lead] >= 'a' && b.data[lead] <= 'z') ||
                             (b.data[lead] >= '0' && b.data[lead] <= '9')))
        lead++;
    if (lead || b.len == 0 || b.len > IDENT_CLEAN_MAX)
        clean = false;
    size_t keep = b.len - lead;
    if (keep > IDENT_CLEAN_MAX)
        keep = IDENT_CLEAN_MAX;
    char *name;
    if (clean) {
        name = xstrndup(b.data, b.len);
    } else {
        unsigned char d[20];
        sha1(path, strlen(path), d);
        char hex[41];
        for (size_t i = 0; i < 20; i++)
            snprintf(hex + 2 * i, 3, "%02x", d[i]);
        if (hash_hex > 40)
            hash_hex = 40;
        while (keep > 0 && b.data[lead + keep - 1] == '-')
            keep--;
        name = keep ? xasprintf("%.*s-%.*s", (int)keep, b.data + lead, (int)hash_hex, hex)
                    : xasprintf("%.*s", (int)hash_hex, hex);
    }
    buf_free(&b);
    if (clean_out)
        *clean_out = clean;
    return name;
}
