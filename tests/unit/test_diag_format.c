/* Unit tests of the machine formats of diagnostics (--diagnostics=json and
 * github, src/base/diag.c): every line is one record, escaped as its reader
 * (a JSON parser, GitHub's runner) expects, whatever the input holds. */
#define _GNU_SOURCE
#include <stdlib.h>

#include "base/base.h"
#include "check.h"

static char *printed(const struct diag_list *dl, enum diag_format format)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    diag_print_as(dl, format, f, false);
    fclose(f);
    return text;
}

static void test_parse(void)
{
    enum diag_format f = DIAG_FORMAT_HUMAN;
    CHECK(diag_format_parse("json", &f) && f == DIAG_FORMAT_JSON);
    CHECK(diag_format_parse("github", &f) && f == DIAG_FORMAT_GITHUB);
    CHECK(diag_format_parse("human", &f) && f == DIAG_FORMAT_HUMAN);
    CHECK(!diag_format_parse("JSON", &f));
    CHECK(!diag_format_parse("", &f));
    CHECK(!diag_format_parse("sarif", &f));
}

static void test_json(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    diag_add(&dl, DIAG_ERROR, "series/x/03 \"gil\".md", 42, 7, "image '%s' not found",
             "fig\\1.png");
    diag_add(&dl, DIAG_WARNING, "series/x/series.yaml", 0, 0, "%s",
             "tab\there\nline\r\x01\x7f" "bad\xff" "rlo\xe2\x80\xae" "nc\xf0\x9f\xbf\xbe" "é");
    char *text = printed(&dl, DIAG_FORMAT_JSON);
    CHECK_STR(text,
              "{\"file\":\"series/x/03 \\\"gil\\\".md\",\"line\":42,\"column\":7,"
              "\"severity\":\"error\",\"message\":\"image 'fig\\\\1.png' not found\"}\n"
              "{\"file\":\"series/x/series.yaml\",\"line\":null,\"column\":null,"
              "\"severity\":\"warning\",\"message\":\"tab\\there\\nline\\r\\u0001\\u007f"
              "bad\\ufffdrlo\\u202enc\\ud83f\\udffeé\"}\n");
    free(text);
    diag_list_free(&dl);
}

static void test_github(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    diag_add(&dl, DIAG_ERROR, "series/a,b/c:d%.md", 3, 9, "100%% broken: a, b\nnext\r");
    diag_add(&dl, DIAG_WARNING, "series/x/series.yaml", 5, 0, "unknown key 'x'");
    diag_add(&dl, DIAG_WARNING, "series/x", 0, 0, "spoof\n::error::fake \033[2J");
    char *text = printed(&dl, DIAG_FORMAT_GITHUB);
    CHECK_STR(text, "::error file=series/a%2Cb/c%3Ad%25.md,line=3,col=9::100%25 broken: a, "
                    "b%0Anext%0D\n"
                    "::warning file=series/x/series.yaml,line=5::unknown key 'x'\n"
                    "::warning file=series/x::spoof%0A::error::fake \\u{1B}[2J\n");
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 3);
    free(text);
    diag_list_free(&dl);
}

int main(void)
{
    test_parse();
    test_json();
    test_github();
    return check_summary();
}
