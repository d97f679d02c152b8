/* Unit tests of diagnostics (src/base/diag.c): printing is safe whatever the
 * input holds (one diagnostic, one line, nothing a terminal acts on), and the
 * sort is stable and fast in any order. */
#include <stdlib.h>
#include <time.h>

#include "base/base.h"
#include "check.h"

static char *escaped(const char *s)
{
    struct buf b = BUF_INIT;
    diag_escape(&b, s);
    return buf_detach(&b, NULL);
}

#define CHECK_ESCAPE(in, out)        \
    do {                             \
        char *e_ = escaped(in);      \
        CHECK_STR(e_, out);          \
        free(e_);                    \
    } while (0)

static void test_escape(void)
{
    CHECK_ESCAPE("plain text, ünïcödé, 日本語 — fine", "plain text, ünïcödé, 日本語 — fine");
    CHECK_ESCAPE("a\nfake.md:1: error: spoofed\nz.md", "a\\nfake.md:1: error: spoofed\\nz.md");
    CHECK_ESCAPE("cr\rtab\t", "cr\\rtab\\t");
    CHECK_ESCAPE("\033[2J\033]52;c;ZXZpbA==\a", "\\u{1B}[2J\\u{1B}]52;c;ZXZpbA==\\u{7}");
    CHECK_ESCAPE("del\x7f", "del\\u{7F}");
    CHECK_ESCAPE("c1 \xc2\x9b" "31m", "c1 \\u{9B}31m"); /* U+009B CSI */
    CHECK_ESCAPE("x\xe2\x80\xae" "evil", "x\\u{202E}evil");                  /* RLO */
    CHECK_ESCAPE("\xe2\x81\xa6iso\xe2\x81\xa9", "\\u{2066}iso\\u{2069}"); /* LRI, PDI */
    CHECK_ESCAPE("ls\xe2\x80\xa8ps\xe2\x80\xa9", "ls\\u{2028}ps\\u{2029}");
    CHECK_ESCAPE("zw\xe2\x80\x8bj\xef\xbb\xbf", "zw\\u{200B}j\\u{FEFF}");
    CHECK_ESCAPE("\xd8\x9c", "\\u{61C}");                                /* ALM */
    CHECK_ESCAPE("\xef\xbf\xbe", "\\u{FFFE}");
    CHECK_ESCAPE("bad \xff\xc3", "bad \\xFF\\xC3");                        /* not UTF-8 */
    CHECK_ESCAPE("\xed\xa0\x80", "\\xED\\xA0\\x80");                       /* a surrogate */
    CHECK_ESCAPE("\xc0\xaf", "\\xC0\\xAF");                                /* overlong */
    CHECK_ESCAPE("", "");
}

/* Every printed diagnostic is one line, whatever its file name and message hold. */
static void test_print_one_line(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    diag_add(&dl, DIAG_ERROR, "a\nfake.md:1: error: spoofed\nz.md", 3, 1, "link '%s' is broken",
             "\r\n\033]52;c;x\a\xe2\x80\xae");
    diag_add(&dl, DIAG_WARNING, "ok.md", 0, 0, "%s", "tail\n");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_print(&dl, f, false);
    fclose(f);
    CHECK_STR(text, "a\\nfake.md:1: error: spoofed\\nz.md:3:1: error: link "
                    "'\\r\\n\\u{1B}]52;c;x\\u{7}\\u{202E}' is broken\n"
                    "ok.md: warning: tail\\n\n");
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    CHECK(lines == 2);
    free(text);
    /* colour codes are octavo's own, never the input's */
    f = open_memstream(&text, &len);
    diag_print(&dl, f, true);
    fclose(f);
    CHECK(strstr(text, "\033]52") == NULL);
    CHECK(strstr(text, "\033[1;31m") != NULL);
    free(text);
    diag_list_free(&dl);
}

static void test_sort(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    diag_add(&dl, DIAG_WARNING, "b.md", 2, 0, "first b2");
    diag_add(&dl, DIAG_WARNING, "a.md", 9, 0, "a9");
    diag_add(&dl, DIAG_ERROR, "b.md", 2, 0, "second b2");
    diag_add(&dl, DIAG_WARNING, "a.md", 1, 5, "a1:5");
    diag_add(&dl, DIAG_WARNING, "a.md", 1, 2, "a1:2");
    diag_add(&dl, DIAG_WARNING, "b.md", 2, 0, "third b2");
    diag_sort(&dl);
    const char *want[] = {"a1:2", "a1:5", "a9", "first b2", "second b2", "third b2"};
    CHECK(dl.len == 6);
    for (size_t i = 0; i < 6 && i < dl.len; i++)
        CHECK_STR(dl.items[i].msg, want[i]);
    diag_list_free(&dl);

    /* 100,000 warnings in reverse order, then in order: stays well under a
     * second (insertion sort took seconds); stable for equal places */
    const size_t n = 100000;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            size_t k = pass == 0 ? n - 1 - i : i;
            diag_add(&dl, DIAG_WARNING, "ch.md", (int)(k / 2) + 1, 0, "%zu", k % 2 ? n - i : i);
        }
        clock_t t0 = clock();
        diag_sort(&dl);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        printf("diag_sort of %zu (%s): %.3f s\n", n, pass ? "in order" : "reversed", secs);
        bool sorted = true;
        for (size_t i = 1; i < dl.len; i++)
            sorted &= dl.items[i - 1].line <= dl.items[i].line;
        CHECK(sorted);
        diag_list_free(&dl);
    }
}

int main(void)
{
    test_escape();
    test_print_one_line();
    test_sort();
    return check_summary();
}
