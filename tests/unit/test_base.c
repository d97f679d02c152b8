/* Unit tests of src/base: paths, UTF-8, hashing, identifiers, dates, buffers. */
#include <stdlib.h>

#include "base/base.h"
#include "check.h"

static const char *verdict(const char *ref)
{
    char *norm = NULL;
    static char out[256];
    enum path_verdict v = path_check_relative(ref, &norm);
    const char *names[] = {"ok", "remote", "absolute", "escapes", "bad"};
    snprintf(out, sizeof out, "%s%s%s", names[v], norm ? ":" : "", norm ? norm : "");
    free(norm);
    return out;
}

static void test_paths(void)
{
    CHECK_STR(verdict("images/a.png"), "ok:images/a.png");
    CHECK_STR(verdict("./images/../images/./a.png"), "ok:images/a.png");
    CHECK_STR(verdict("a/b/../../c.png"), "ok:c.png");
    CHECK_STR(verdict("../x.png"), "escapes");
    CHECK_STR(verdict("a/../../x.png"), "escapes");
    CHECK_STR(verdict("%2e%2e/etc/passwd"), "escapes");
    CHECK_STR(verdict("images%2f..%2f..%2fsecret"), "escapes");
    CHECK_STR(verdict("/etc/passwd"), "absolute");
    CHECK_STR(verdict("%2fetc%2fpasswd"), "absolute");
    CHECK_STR(verdict("file:///etc/passwd"), "absolute");
    CHECK_STR(verdict("FILE:/etc/passwd"), "absolute");
    CHECK_STR(verdict("C:\\x.png"), "absolute");
    CHECK_STR(verdict("https://example.org/a.png"), "remote");
    CHECK_STR(verdict("//example.org/a.png"), "remote");
    CHECK_STR(verdict("a%00b.png"), "bad");
    CHECK_STR(verdict("a%zz.png"), "bad");
    CHECK_STR(verdict("a%2"), "bad");
    CHECK_STR(verdict(""), "bad");
    CHECK_STR(verdict("."), "bad");
    CHECK_STR(verdict("a\\b.png"), "bad");
    CHECK_STR(verdict("my%20figure.png"), "ok:my figure.png");
    CHECK_STR(verdict("a.png#frag"), "ok:a.png");
    char *s = url_scheme("JavaScript:alert(1)");
    CHECK_STR(s, "javascript");
    free(s);
    CHECK(url_scheme("no-scheme/here") == NULL);
}

static void test_utf8(void)
{
    int line = 0, col = 0;
    CHECK(utf8_validate("plain", 5, &line, &col));
    CHECK(utf8_validate("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x90\x8D", 14, &line, &col));
    CHECK(!utf8_validate("ab\ncd\xFF", 6, &line, &col));
    CHECK(line == 2 && col == 3);
    CHECK(!utf8_validate("a\0b", 3, &line, &col));
    CHECK(!utf8_validate("\xC0\xAF", 2, &line, &col));         /* overlong */
    CHECK(!utf8_validate("\xED\xA0\x80", 3, &line, &col));     /* surrogate */
    CHECK(!utf8_validate("\xE2\x80", 2, &line, &col));         /* truncated */
    CHECK(!utf8_validate("\xF4\x90\x80\x80", 4, &line, &col)); /* > U+10FFFF */

    /* utf8_plain: what Cairo takes as a label */
    char *p = utf8_plain("a\tb\nc\x01" "d\x7F\xC2\x85" "e \xEF\xBF\xBE\xEF\xB7\x90\xF0\x9F\xBF\xBF \xFF"
                         "caf\xC3\xA9 \xF0\x9F\x90\x8D");
    CHECK_STR(p, "a b c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD" "e \xEF\xBF\xBD\xEF\xBF\xBD"
                 "\xEF\xBF\xBD \xEF\xBF\xBD" "caf\xC3\xA9 \xF0\x9F\x90\x8D");
    free(p);
}

static void test_hash(void)
{
    unsigned char d[20];
    char hex[41];
    sha1("abc", 3, d);
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *long_msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha1(long_msg, strlen(long_msg), d);
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    CHECK_STR(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    char uuid[37];
    /* RFC 9562 / Python's uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org") */
    uuid5(UUID_NAMESPACE_URL, "https://example.org", uuid);
    CHECK_STR(uuid, "0d092af3-c9f8-531f-9cc3-9db40a0750ef");
    /* the bundled series' identifier (manifest.c) may never change: the
     * value octavo 0.1 wrote, and Python's uuid5 of the same name */
    uuid5(UUID_NAMESPACE_URL, "urn:octavo:series:python-memory-model", uuid);
    CHECK_STR(uuid, "89787f3c-94a9-56e7-a9fe-710822ee40aa");
}

static void test_dates(void)
{
    int64_t e = 0;
    CHECK(time_parse_date("2026-11-24", &e));
    char iso[21];
    time_format_iso(e, iso);
    CHECK_STR(iso, "2026-11-24T00:00:00Z");
    CHECK(time_parse_date("2024-02-29", &e));
    CHECK(!time_parse_date("2023-02-29", &e));
    CHECK(!time_parse_date("2026-13-01", &e));
    CHECK(!time_parse_date("2026-1-01", &e));
    CHECK(!time_parse_date("2026-01-01x", &e));
    /* the ends of the range, and before 1970 (Python's calendar.timegm) */
    CHECK(time_parse_date("0001-01-01", &e) && e == -62135596800);
    CHECK(time_parse_date("9999-12-31", &e) && e == 253402214400);
    CHECK(time_parse_date("1969-12-31", &e) && e == -86400);
}

static void test_buf(void)
{
    struct buf b = BUF_INIT;
    CHECK_STR(buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    CHECK(b.len == 3890);
    size_t len;
    char *s = buf_detach(&b, &len);
    CHECK(len == 3890 && !strncmp(s, "0,1,2,", 6));
    CHECK(b.data == NULL && b.len == 0);
    free(s);
}

int main(void)
{
    test_paths();
    test_utf8();
    test_hash();
    test_dates();
    test_buf();
    return check_summary();
}
