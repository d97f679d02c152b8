/* Unit tests of src/edition: semantic-version precedence, the archive's
 * listing, the snapshot (deterministic bytes, hostile entries refused), the
 * page map and the manifest read back as written. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "edition/edition.h"

static void test_semver_valid(void)
{
    const char *good[] = {"0.0.0", "1.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1",
                          "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0-alpha+001",
                          "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
                          "1.0.0+21AF26D3----117B344092BD", "1.0.0-x-y-z.--",
                          "99999999999999999999999.999999999999999999.99999999999999999"};
    const char *bad[] = {"", "1", "1.2", "1.2.3.4", "01.1.1", "1.01.1", "1.1.01", "1.2.3-0123",
                         "1.2.3-", "1.2.3+", "1.2.3-alpha..1", "1.2.3-alpha.", "v1.2.3",
                         "1.2.3 ", " 1.2.3", "1.2.3-a_b", "1.2.3+a+b", "1.2.-3", "-1.2.3",
                         "1.2.3-+", "1..3", "1.2.3\n", "a.b.c"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        if (!semver_valid(good[i]))
            fprintf(stderr, "should be valid: %s\n", good[i]);
        CHECK(semver_valid(good[i]));
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (semver_valid(bad[i]))
            fprintf(stderr, "should be invalid: '%s'\n", bad[i]);
        CHECK(!semver_valid(bad[i]));
    }
    CHECK(!semver_valid(NULL));
}

static void test_semver_order(void)
{
    /* semver.org §11's own examples, in increasing precedence */
    const char *order[] = {"1.0.0-alpha",      "1.0.0-alpha.1", "1.0.0-alpha.beta",
                           "1.0.0-beta",       "1.0.0-beta.2",  "1.0.0-beta.11",
                           "1.0.0-rc.1",       "1.0.0",         "1.0.1",
                           "1.1.0",            "1.9.0",         "1.10.0",
                           "1.11.0",           "2.0.0",         "10.0.0",
                           "99999999999999999999.0.0"};
    size_t n = sizeof order / sizeof *order;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = semver_compare(order[i], order[j]);
            int want = (i > j) - (i < j);
            if ((c > 0) - (c < 0) != want)
                fprintf(stderr, "compare %s %s: %d\n", order[i], order[j], c);
            CHECK((c > 0) - (c < 0) == want);
        }
    CHECK(semver_compare("1.0.0+a", "1.0.0+b") == 0);
    CHECK(semver_compare("1.0.0-rc.1+x", "1.0.0-rc.1") == 0);
    CHECK(semver_compare("1.0.0-2", "1.0.0-10") < 0);   /* numeric by value */
    CHECK(semver_compare("1.0.0-10", "1.0.0-a") < 0);   /* numeric below alphanumeric */
    CHECK(semver_compare("1.0.0-B", "1.0.0-a") < 0);    /* ASCII order */
    CHECK(semver_compare("1.0.0-a-b", "1.0.0-a") > 0);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!memcmp(hay + i, needle, m))
            return true;
    return false;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

static char *make_temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/test-edition-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(dir) != NULL);
    return dir;
}

static void rm_rf(const char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
}

static void test_archive_listing(void)
{
    char *root = make_temp_dir();
    char *slug = xasprintf("%s/book", root);
    mkdir(slug, 0755);
    const char *names[] = {"1.10.0", "1.2.0", "1.0.0-rc.1", "1.0.0", "not-a-version", "2.0.0-beta"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *d = xasprintf("%s/%s", slug, names[i]);
        mkdir(d, 0755);
        free(d);
    }
    /* a file and a link named like versions are not editions */
    char *f = xasprintf("%s/3.0.0", slug);
    write_file(f, "x");
    free(f);
    char *l = xasprintf("%s/4.0.0", slug);
    CHECK(symlink("1.0.0", l) == 0);
    free(l);
    size_t n;
    char **list = edition_list(root, "book", &n);
    CHECK(n == 5);
    if (n == 5) {
        CHECK_STR(list[0], "1.0.0-rc.1");
        CHECK_STR(list[1], "1.0.0");
        CHECK_STR(list[2], "1.2.0");
        CHECK_STR(list[3], "1.10.0");
        CHECK_STR(list[4], "2.0.0-beta");
    }
    edition_list_free(list, n);
    char *e = edition_newest_before(root, "book", "1.10.0");
    CHECK_STR(e, "1.2.0");
    free(e);
    e = edition_newest_before(root, "book", NULL);
    CHECK_STR(e, "2.0.0-beta");
    free(e);
    e = edition_newest_before(root, "book", "1.0.0");
    CHECK_STR(e, "1.0.0-rc.1");
    free(e);
    CHECK(edition_newest_before(root, "book", "0.1.0") == NULL);
    CHECK(edition_newest_before(root, "other", NULL) == NULL);
    list = edition_list(root, "other", &n);
    CHECK(list == NULL && n == 0);
    rm_rf(root);
    free(slug);
    free(root);
}

/* A tar with one entry of the given type and name, made with libarchive. */
static char *hostile_tar(const char *dir, const char *entry, unsigned type, const char *link)
{
    char *path = xasprintf("%s/hostile.tar", dir);
    struct archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    CHECK(archive_write_open_filename(a, path) == ARCHIVE_OK);
    const char *entries[] = {"series.yaml", entry};
    for (int i = 0; i < 2; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, entries[i]);
        archive_entry_set_filetype(e, i ? type : AE_IFREG);
        archive_entry_set_perm(e, 0644);
        if (i && link)
            archive_entry_set_symlink(e, link);
        archive_entry_set_size(e, (i && type != AE_IFREG) ? 0 : 2);
        archive_write_header(a, e);
        if (!i || type == AE_IFREG)
            archive_write_data(a, "x\n", 2);
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return path;
}

static size_t count_entries(const char *dir)
{
    char *cmd = xasprintf("find '%s' -mindepth 1 | wc -l", dir);
    FILE *p = popen(cmd, "r");
    size_t n = 0;
    if (p) {
        if (fscanf(p, "%zu", &n) != 1)
            n = 999;
        pclose(p);
    }
    free(cmd);
    return n;
}

static void test_sources(void)
{
    char *root = make_temp_dir();
    char *series = xasprintf("%s/my-book", root);
    mkdir(series, 0755);
    char *img_dir = xasprintf("%s/images", series);
    mkdir(img_dir, 0755);
    char *p;
    write_file(p = xasprintf("%s/series.yaml", series), "title: T\nauthor: A\n");
    free(p);
    write_file(p = xasprintf("%s/01-intro.md", series), "# Intro\n\nText.\n");
    free(p);
    write_file(p = xasprintf("%s/images/fig.svg", series), "<svg/>\n");
    free(p);
    /* a long non-ASCII name needs a pax header: it too must not vary */
    const char *long_name = "images/\xc3\xa9t\xc3\xa9-a-very-long-file-name-that-does-not-fit-in-"
                            "the-hundred-bytes-of-a-ustar-name-field-at-all.svg";
    write_file(p = xasprintf("%s/%s", series, long_name), "<svg/>\n");
    free(p);
    char *files[] = {"series.yaml", (char *)long_name, "images/fig.svg", "01-intro.md",
                     "01-intro.md"};
    struct diag_list dl = DIAG_LIST_INIT;
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    CHECK(edition_sources_write(series, files, 5, 1700000000, &a, &alen, &dl));
    char *files_again[] = {"01-intro.md", "images/fig.svg", "series.yaml", (char *)long_name};
    CHECK(edition_sources_write(series, files_again, 4, 1700000000, &b, &blen, &dl));
    CHECK(alen == blen && alen > 0 && !memcmp(a, b, alen));
    CHECK(dl.len == 0);
    /* no pid, user or host name, and the entries in byte order */
    char *me = getenv("USER");
    CHECK(!me || !*me || !contains(a, alen, me) || !strcmp(me, "root"));
    char pid[32];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    CHECK(!contains(a, alen, pid));
    free(b);
    char *tar = xasprintf("%s/sources.tar", root);
    const char *err;
    CHECK(file_write_atomic(tar, a, alen, &err));
    free(a);

    struct edition_sources src;
    CHECK(edition_sources_extract(tar, "my-book", &src, &dl));
    CHECK(dl.len == 0);
    char *data;
    size_t len;
    char *q = xasprintf("%s/images/fig.svg", src.series_dir);
    CHECK(file_read_all(q, &data, &len, &err) && !strcmp(data, "<svg/>\n"));
    free(data);
    free(q);
    q = xasprintf("%s/%s", src.series_dir, long_name);
    CHECK(file_read_all(q, &data, &len, &err) && !strcmp(data, "<svg/>\n"));
    free(data);
    free(q);
    struct stat st;
    char *extracted_root = xstrdup(src.root);
    CHECK(stat(src.root, &st) == 0 && (st.st_mode & 0777) == 0700);
    edition_sources_remove(&src);
    CHECK(stat(extracted_root, &st) != 0);
    free(extracted_root);

    /* a file outside the series, or a missing one, is an error */
    char *outside[] = {"../x"};
    CHECK(!edition_sources_write(series, outside, 1, 0, &a, &alen, &dl));
    CHECK(dl.len == 1);
    diag_list_free(&dl);
    char *missing[] = {"nope.md"};
    CHECK(!edition_sources_write(series, missing, 1, 0, &a, &alen, &dl));
    CHECK(dl.len == 1);
    diag_list_free(&dl);

    /* hostile snapshots: refused, and nothing left in TMPDIR */
    char *tmpdir = xasprintf("%s/tmp", root);
    mkdir(tmpdir, 0755);
    setenv("TMPDIR", tmpdir, 1);
    struct {
        const char *name;
        unsigned type;
        const char *link;
    } cases[] = {
        {"../escape.md", AE_IFREG, NULL},       {"/etc/passwd-copy", AE_IFREG, NULL},
        {"a/../../x.md", AE_IFREG, NULL},       {"./x.md", AE_IFREG, NULL},
        {"link.md", AE_IFLNK, "/etc/passwd"},   {"dir", AE_IFDIR, NULL},
        {"fifo", AE_IFIFO, NULL},               {"series.yaml", AE_IFREG, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *h = hostile_tar(root, cases[i].name, cases[i].type, cases[i].link);
        CHECK(!edition_sources_extract(h, "my-book", &src, &dl));
        CHECK(dl.len == 1);
        CHECK(src.root == NULL);
        diag_list_free(&dl);
        CHECK(count_entries(tmpdir) == 0);
        unlink(h);
        free(h);
    }
    /* a hard link to a file outside */
    {
        char *h = xasprintf("%s/hard.tar", root);
        struct archive *w = archive_write_new();
        archive_write_set_format_pax_restricted(w);
        archive_write_open_filename(w, h);
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, "series.yaml");
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, "/etc/passwd");
        archive_entry_set_size(e, 0);
        archive_write_header(w, e);
        archive_entry_free(e);
        archive_write_close(w);
        archive_write_free(w);
        CHECK(!edition_sources_extract(h, "my-book", &src, &dl));
        CHECK(dl.len == 1);
        diag_list_free(&dl);
        CHECK(count_entries(tmpdir) == 0);
        free(h);
    }
    /* not a tar at all */
    CHECK(!edition_sources_extract(series, "my-book", &src, &dl));
    diag_list_free(&dl);
    CHECK(count_entries(tmpdir) == 0);
    unsetenv("TMPDIR");
    free(tmpdir);
    free(tar);
    rm_rf(root);
    free(img_dir);
    free(series);
    free(root);
}

static void test_pagemap(void)
{
    struct edition_pagemap pm = {0};
    edition_pagemap_add(&pm, "01-intro.md", "", "1", 1, "Intro");
    edition_pagemap_add(&pm, "01-intro.md", "a-b", "2", 2, "Tabs\tand\\back\nslash");
    edition_pagemap_add(&pm, "01-intro.md", "raw", "iii", 0, "");
    size_t len;
    char *text = edition_pagemap_format(&pm, &len);
    CHECK_STR(text, "01-intro.md\t\t1\t1\tIntro\n"
                    "01-intro.md\ta-b\t2\t2\tTabs\\tand\\\\back\\nslash\n"
                    "01-intro.md\traw\tiii\t0\t\n");
    char *root = make_temp_dir();
    char *path = xasprintf("%s/pagemap.tsv", root);
    const char *err;
    CHECK(file_write_atomic(path, text, len, &err));
    struct edition_pagemap back;
    struct diag_list dl = DIAG_LIST_INIT;
    CHECK(edition_pagemap_read(path, &back, &dl));
    CHECK(back.len == 3);
    if (back.len == 3) {
        CHECK_STR(back.items[1].title, "Tabs\tand\\back\nslash");
        CHECK_STR(back.items[2].page, "iii");
        CHECK(back.items[0].level == 1 && back.items[2].level == 0);
        CHECK_STR(back.items[0].anchor, "");
    }
    edition_pagemap_free(&back);
    const char *bad[] = {"a\tb\t1\n", "a\t\t1\t7\tT\n", "a\t\t1\t2\tT\n", "a\t\t1\tx\tT\n",
                         "a\t\\q\t1\t2\tT\n", "\t\t1\t1\tT\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *t = xasprintf("01.md\t\t1\t1\tOK\n%s", bad[i]);
        CHECK(file_write_atomic(path, t, strlen(t), &err));
        CHECK(!edition_pagemap_read(path, &back, &dl));
        CHECK(dl.len == 1 && dl.items[0].line == 2);
        diag_list_free(&dl);
        free(t);
    }
    free(text);
    edition_pagemap_free(&pm);
    unlink(path);
    free(path);
    rm_rf(root);
    free(root);
}

static void test_manifest(void)
{
    char sum[65];
    edition_sha256("abc", 3, sum);
    CHECK_STR(sum, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    struct edition_manifest m = {.slug = xstrdup("book"), .edition = xstrdup("1.0.0"),
                                 .date = xstrdup("2026-01-02"), .octavo = xstrdup("0.1.0")};
    edition_manifest_add(&m, "book-1.0.0.epub", "abc", 3);
    edition_manifest_add(&m, "a \"quoted\"\\name", "", 0);
    size_t len;
    char *json = edition_manifest_json(&m, &len);
    CHECK_STR(json, "{\"slug\":\"book\",\"edition\":\"1.0.0\",\"date\":\"2026-01-02\","
                    "\"octavo\":\"0.1.0\",\"files\":[{\"name\":\"book-1.0.0.epub\",\"size\":3,"
                    "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"},"
                    "{\"name\":\"a \\\"quoted\\\"\\\\name\",\"size\":0,\"sha256\":"
                    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}\n");
    char *root = make_temp_dir();
    char *path = xasprintf("%s/manifest.json", root);
    const char *err;
    CHECK(file_write_atomic(path, json, len, &err));
    struct edition_manifest back;
    struct diag_list dl = DIAG_LIST_INIT;
    CHECK(edition_manifest_read(path, &back, &dl));
    CHECK_STR(back.octavo, "0.1.0");
    CHECK(back.n_files == 2);
    if (back.n_files == 2) {
        CHECK_STR(back.files[1].name, "a \"quoted\"\\name");
        CHECK(back.files[0].size == 3);
        CHECK_STR(back.files[0].sha256, m.files[0].sha256);
    }
    edition_manifest_free(&back);
    const char *bad[] = {"", "[]", "{\"slug\":1}", "{\"slug\":\"a\",\"edition\":\"1.0.0\"}",
                         "{\"slug\":\"b\",\"edition\":\"1.0.0\",\"date\":\"d\",\"octavo\":\"o\","
                         "\"files\":[{\"name\":\"x\",\"size\":-1,\"sha256\":\"00\"}]}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(file_write_atomic(path, bad[i], strlen(bad[i]), &err));
        CHECK(!edition_manifest_read(path, &back, &dl));
        CHECK(dl.len == 1);
        diag_list_free(&dl);
    }
    free(json);
    edition_manifest_free(&m);
    unlink(path);
    free(path);
    rm_rf(root);
    free(root);
}

int main(void)
{
    test_semver_valid();
    test_semver_order();
    test_archive_listing();
    test_sources();
    test_pagemap();
    test_manifest();
    return check_summary();
}
