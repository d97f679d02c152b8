/* Unit tests of the PDF back-end's pure parts: Knuth–Plass line breaking,
 * hyphenation points, roman numerals, destination names and URIs, page sizes. */
#include "pdf/internal.h"

#include <stdlib.h>
#include <string.h>

#include "../unit/check.h"

/* words of the given widths separated by spaces of width 3 (stretch 1.5, shrink 1) */
static size_t words(struct pdf_kp_item *it, const float *w, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            it[k++] = (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = 3, .y = 1.5f, .z = 1};
        it[k++] = (struct pdf_kp_item){.type = PDF_KP_BOX, .w = w[i]};
    }
    it[k++] = (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF};
    it[k++] = (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = 1e6f};
    it[k++] = (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF};
    return k;
}

static void test_linebreak(void)
{
    struct pdf_kp_item it[64];
    size_t br[64];
    /* everything fits on one line */
    const float a[] = {10, 10, 10};
    size_t n = words(it, a, 3);
    CHECK(pdf_kp_break(it, n, 100, PDF_KP_JUSTIFY, br) == 1);
    CHECK(br[0] == n - 1);
    /* 8 words of 20 into lines of 70: three per line fit exactly with shrink-free spaces
     * (20+3+20+3+20 = 66), so three lines */
    const float b[] = {20, 20, 20, 20, 20, 20, 20, 20};
    n = words(it, b, 8);
    size_t lines = pdf_kp_break(it, n, 70, PDF_KP_JUSTIFY, br);
    CHECK(lines == 3);
    CHECK(br[lines - 1] == n - 1);
    /* a word wider than the line still gives a setting (overfull) */
    const float c[] = {10, 500, 10};
    n = words(it, c, 3);
    CHECK(pdf_kp_break(it, n, 100, PDF_KP_JUSTIFY, br) >= 1);
    /* ragged setting never stretches and still breaks */
    n = words(it, b, 8);
    CHECK(pdf_kp_break(it, n, 70, PDF_KP_RAGGED, br) == 3);
    /* never three hyphenated lines in a row */
    struct pdf_kp_item h[128];
    size_t k = 0;
    for (int i = 0; i < 6; i++) {
        h[k++] = (struct pdf_kp_item){.type = PDF_KP_BOX, .w = 30};
        h[k++] = (struct pdf_kp_item){.type = PDF_KP_PENALTY, .flagged = true, .w = 2, .p = 50};
        h[k++] = (struct pdf_kp_item){.type = PDF_KP_BOX, .w = 30};
        h[k++] = (struct pdf_kp_item){.type = PDF_KP_GLUE, .w = 3, .y = 1.5f, .z = 1};
    }
    h[k++] = (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = PDF_INF};
    h[k++] = (struct pdf_kp_item){.type = PDF_KP_GLUE, .y = 1e6f};
    h[k++] = (struct pdf_kp_item){.type = PDF_KP_PENALTY, .p = -PDF_INF};
    lines = pdf_kp_break(h, k, 62, PDF_KP_JUSTIFY, br);
    int run = 0, worst = 0;
    for (size_t i = 0; i < lines; i++) {
        run = h[br[i]].type == PDF_KP_PENALTY && h[br[i]].flagged ? run + 1 : 0;
        if (run > worst)
            worst = run;
    }
    CHECK(lines > 1);
    CHECK(worst <= 2);
}

static char *hyphenated(const struct pdf_hyphenator *h, const char *word)
{
    size_t len = strlen(word);
    bool ok[128] = {0};
    pdf_hyphenate(h, word, len, ok);
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (ok[i])
            buf_putc(&b, '-');
        buf_putc(&b, word[i]);
    }
    return buf_detach(&b, NULL);
}

static void test_hyphen(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct pdf_hyphenator *h = pdf_hyphenator_new("en-US", "series.yaml", &dl);
    CHECK(h != NULL);
    CHECK(dl.len == 0);
    if (h) {
        char *s = hyphenated(h, "hyphenation");
        CHECK_STR(s, "hy-phen-ation");
        free(s);
        s = hyphenated(h, "typesetting");
        CHECK_STR(s, "type-set-ting");
        free(s);
        s = hyphenated(h, "Typesetting"); /* a capital first letter is fine */
        CHECK_STR(s, "Type-set-ting");
        free(s);
        s = hyphenated(h, "PyTorch"); /* CamelCase names stay whole */
        CHECK_STR(s, "PyTorch");
        free(s);
        s = hyphenated(h, "cat"); /* too short */
        CHECK_STR(s, "cat");
        free(s);
        pdf_hyphenator_free(h);
    }
    /* a language without patterns: a warning, no hyphenation */
    h = pdf_hyphenator_new("xx", "series.yaml", &dl);
    CHECK(h == NULL);
    CHECK(dl.len == 1 && dl.items[0].level == DIAG_WARNING);
    diag_list_free(&dl);
}

static void test_names(void)
{
    char r[16];
    pdf_roman(1, r);
    CHECK_STR(r, "i");
    pdf_roman(4, r);
    CHECK_STR(r, "iv");
    pdf_roman(14, r);
    CHECK_STR(r, "xiv");
    pdf_roman(1999, r);
    CHECK_STR(r, "mcmxcix");
    char *d = pdf_dest_name(2, "reference-counting");
    CHECK_STR(d, "ch3.reference-counting");
    free(d);
    d = pdf_dest_name(0, "caf\xC3\xA9 au lait");
    CHECK_STR(d, "ch1.caf_C3_A9_20au_20lait"); /* ASCII only, as cairo 1.16 needs */
    free(d);
    d = pdf_dest_name(-1, "contents");
    CHECK_STR(d, "front.contents");
    free(d);
    char *u = pdf_uri_attr("https://example.org/a(b)?q='x' y");
    CHECK_STR(u, "uri='https://example.org/a%28b%29?q=%27x%27%20y'");
    free(u);
    struct pdf_style st;
    CHECK(pdf_style_init(&st, "a4") && st.page_w > 595 && st.page_w < 596);
    CHECK(pdf_style_init(&st, "LETTER") && st.page_w == 612);
    CHECK(pdf_style_init(&st, "6x9") && st.page_h == 648);
    CHECK(pdf_style_init(&st, "ereader") && st.inner == st.outer);
    CHECK(!pdf_style_init(&st, "b5"));
    CHECK(pdf_page_size_known("a5") && !pdf_page_size_known("tabloid"));
    /* the text block sits on the baseline grid: a whole number of lines */
    CHECK(pdf_style_init(&st, "a5"));
    double lines = st.text_h / st.lead;
    CHECK(lines - (int)lines < 1e-9);
}

/* The page-start interface on the golden book: one entry per page, in order,
 * with the labels the PDF shows and each chapter's first page at its start. */
static void test_page_starts(void)
{
    doc_init();
    struct diag_list dl = DIAG_LIST_INIT;
    struct series *s = series_load("golden/book", &dl);
    CHECK(s != NULL);
    if (!s)
        return;
    struct doc_book book;
    CHECK(doc_book_scan(&book, s, 2, &dl));
    struct pdf_options opt = {.modified_epoch = 1700000000, .threads = 2};
    struct pdf_typesetter *t = pdf_typesetter_new(&book, &opt);
    char *bytes = NULL;
    size_t len = 0;
    CHECK(pdf_typesetter_write(t, &bytes, &len, &dl));
    CHECK(len > 1000 && bytes && !memcmp(bytes, "%PDF-1.5", 8));
    size_t n;
    const struct pdf_page_start *ps = pdf_typesetter_pages(t, &n);
    CHECK(n >= 8);
    if (n >= 8) {
        CHECK_STR(ps[0].label, "Cover");
        CHECK_STR(ps[1].label, "i");
        CHECK(ps[1].chapter == -1);
        size_t first = 0;
        while (first < n && ps[first].chapter < 0)
            first++;
        CHECK(first < n && !strcmp(ps[first].label, "1"));
        int chapter = -1;
        size_t openers = 0;
        for (size_t i = first; i < n; i++) {
            CHECK(ps[i].chapter >= chapter); /* reading order */
            if (ps[i].blank) {
                CHECK(ps[i].node == UINT32_MAX);
            } else if (ps[i].chapter != chapter) {
                CHECK(ps[i].node == 0 && ps[i].offset == 0); /* an opener */
                openers++;
            }
            chapter = ps[i].chapter;
            char num[16];
            snprintf(num, sizeof num, "%zu", i - first + 1);
            CHECK_STR(ps[i].label, num);
        }
        CHECK(openers == s->n_chapters);
    }
    free(bytes);
    pdf_typesetter_free(t);
    doc_book_free(&book);
    series_free(s);
    diag_list_free(&dl);
}

int main(void)
{
    test_linebreak();
    test_hyphen();
    test_names();
    test_page_starts();
    pdf_cleanup();
    return check_summary();
}
