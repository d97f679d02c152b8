/* Identifiers: SHA-1 digests (GLib's GChecksum), RFC 4122 name-based UUIDs
 * (libuuid: a stable book identifier derived from the series' slug), dates
 * (the C library's timegm) and names for files. Not used for security. */
#define _DEFAULT_SOURCE /* timegm */
#include "base/base.h"

#include <ctype.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uuid/uuid.h>

const unsigned char UUID_NAMESPACE_URL[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

void sha1(const void *data, size_t len, unsigned char out[20])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA1);
    /* g_checksum_update takes a gssize: feed a huge input in pieces */
    const unsigned char *p = data;
    while (len > 0) {
        size_t n = len > (size_t)G_MAXSSIZE ? (size_t)G_MAXSSIZE : len;
        g_checksum_update(c, p, (gssize)n);
        p += n;
        len -= n;
    }
    gsize out_len = 20;
    g_checksum_get_digest(c, out, &out_len);
    g_checksum_free(c);
}

void uuid5(const unsigned char ns[16], const char *name, char out[37])
{
    uuid_t ns_uuid, u;
    memcpy(ns_uuid, ns, 16);
    uuid_generate_sha1(u, ns_uuid, name, strlen(name));
    uuid_unparse_lower(u, out);
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
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    *epoch_out = (int64_t)timegm(&tm);
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
