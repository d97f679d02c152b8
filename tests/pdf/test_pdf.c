/* Unit tests of the PDF back-end's pure parts: Knuth–Plass line breaking,
 * hyphenation points, roman numerals, destination names and URIs, page sizes. */
#include "pdf/fonts.h"
#include "pdf/hyphen.h"
#include "pdf/linebreak.h"
#include "pdf/para.h"

#include <stdlib.h>
#include <string.h>

#include "../unit/check.h"
#include "build/build.h"

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
    /* no setting within tolerance: the last pass takes the less loose of two
     * loose first lines ("40 10 10" at 11x its stretch rather than "40 10" at
     * 31x), though both are past TeX's badness cap of 10000 */
    const float d[] = {40, 10, 10, 80};
    n = words(it, d, 4);
    lines = pdf_kp_break(it, n, 100, PDF_KP_JUSTIFY, br);
    CHECK(lines == 2);
    CHECK(br[0] == 5); /* the space after the third word */
}

/* Every line as set stays inside its measure, whatever the alignment: random
 * paragraphs of words, long words, URLs and an indented first line, at
 * measures from a narrow table cell's to the ereader page's. */
static void test_line_lengths(void)
{
    static const char *const vocab[] = {
        "a", "of", "the", "reference", "counting", "garbage", "collector", "generation",
        "interpreter", "free-threaded", "PyObject_GC_UnTrack()", "—", "immortalization",
        "https://docs.python.org/3/library/asyncio-dev.html#debug-mode", "x", "tp_traverse",
        "supercalifragilisticexpialidocious", "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "incomprehensibilities", "(see", "below),", "2023", "GIL.", "i.e.", "non-atomic",
    };
    struct diag_list dl = DIAG_LIST_INIT;
    struct pdf_style st;
    struct pdf_fonts fonts;
    CHECK(pdf_style_init(&st, "ereader"));
    if (!pdf_fonts_load(&fonts, &dl)) {
        CHECK(!"fonts");
        diag_list_free(&dl);
        return;
    }
    struct pdf_hyphenator *hy = pdf_hyphenator_new("en-US", "series.yaml", NULL, &dl);
    struct pdf_shaper *sh = pdf_shaper_new(&fonts, &st, hy);
    struct pdf_setter *ps = pdf_setter_new(sh);
    struct pdf_dlist d = {0};
    struct pdf_para p;
    pdf_para_init(&p, st.body, st.lead, PDF_LEFT);
    unsigned seed = 12345;
    int bad = 0;
    for (int trial = 0; trial < 2000; trial++) {
        enum pdf_align align = (enum pdf_align)(trial % 4);
        pdf_para_style(&p, st.body, st.lead, align);
        p.balance = trial % 7 == 3 && align != PDF_JUSTIFY;
        int n = 3 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = vocab[(seed >> 16) % (sizeof vocab / sizeof *vocab)];
            if (i)
                pdf_para_add(&p, " ", 1, 0, PDF_C_TEXT, 1.0f, -1);
            uint16_t fl = (seed >> 8) % 5 == 0 ? PDF_FF_ITALIC : (seed >> 8) % 5 == 1 ? PDF_FF_BOLD : 0;
            pdf_para_add(&p, w, strlen(w), fl, PDF_C_TEXT, 1.0f, -1);
        }
        double width = 40 + (trial * 37) % (int)(st.text_w - 40);
        struct pdf_para_opts o = {
            .width = width, .indent = trial % 3 == 0 ? st.para_indent : 0, .tag = -1};
        struct pdf_para_out out;
        pdf_para_layout(ps, &p, &o, &d, &out);
        if (out.overrun > 0.01 && bad++ < 5)
            fprintf(stderr, "trial %d (align %d, width %.1f, indent %.1f): a line %.2f pt too long\n",
                    trial, (int)align, width, o.indent, out.overrun);
        d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;
    }
    CHECK(bad == 0);
    /* a justified paragraph whose indented first line starts with a long word:
     * one a little wider than the room beside the indent, one wider than the
     * line, one wider than three lines (cut like a browser's overflow-wrap) */
    static const char *const first[] = {"incomprehensibilities", "Mississippi’s",
                                        "Pneumonoultramicroscopicsilicovolcanoconiosis",
                                        "https://docs.python.org/3/library/asyncio-dev.html"};
    bad = 0;
    for (size_t f = 0; f < sizeof first / sizeof *first; f++) {
        for (double width = 30; width < st.text_w; width += 3) {
            pdf_para_style(&p, st.body, st.lead, PDF_JUSTIFY);
            pdf_para_add(&p, first[f], strlen(first[f]), 0, PDF_C_TEXT, 1.0f, -1);
            static const char rest[] = " and the words that follow it to fill a line or two.";
            pdf_para_add(&p, rest, strlen(rest), 0, PDF_C_TEXT, 1.0f, -1);
            struct pdf_para_opts o = {.width = width, .indent = st.para_indent, .tag = -1};
            struct pdf_para_out out;
            pdf_para_layout(ps, &p, &o, &d, &out);
            if (out.overrun > 0.01 && bad++ < 5)
                fprintf(stderr, "indented %s at width %.1f: a line %.2f pt too long\n", first[f],
                        width, out.overrun);
            d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;
        }
    }
    CHECK(bad == 0);
    pdf_para_free(&p);
    pdf_dlist_free(&d);
    pdf_setter_free(ps);
    pdf_shaper_free(sh);
    pdf_hyphenator_free(hy);
    pdf_fonts_free(&fonts);
    diag_list_free(&dl);
}

/* The IMAGE ops of boxes [box0, d->n_boxes): their count, and each one's
 * image index in order into ids (up to cap). */
static size_t image_ops(const struct pdf_dlist *d, size_t box0, uint32_t *ids, size_t cap)
{
    size_t n = 0;
    for (size_t b = box0; b < d->n_boxes; b++)
        for (uint32_t k = d->boxes[b].op0; k < d->boxes[b].op1; k++)
            if (d->ops[k].kind == PDF_OP_IMAGE) {
                if (n < cap)
                    ids[n] = d->ops[k].a;
                n++;
            }
    return n;
}

/* Inline images are set in the line: at the text's height beside it, never
 * wider than the measure, a tall one on a line of its own when the paragraph
 * allows it, each drawn once and in order, also in a paragraph long enough
 * to be set in windows. */
static void test_inline_images(void)
{
    struct diag_list dl = DIAG_LIST_INIT;
    struct pdf_style st;
    struct pdf_fonts fonts;
    CHECK(pdf_style_init(&st, "ereader"));
    if (!pdf_fonts_load(&fonts, &dl)) {
        CHECK(!"fonts");
        diag_list_free(&dl);
        return;
    }
    struct pdf_shaper *sh = pdf_shaper_new(&fonts, &st, NULL);
    struct pdf_setter *ps = pdf_setter_new(sh);
    struct pdf_dlist d = {0};
    struct pdf_para p;
    struct pdf_para_out out;
    pdf_para_init(&p, st.body, st.lead, PDF_JUSTIFY);
    struct pdf_para_opts o = {.width = st.text_w, .tag = PDF_TAG_P};

    /* an icon (12 pt), a badge (66 × 23 pt), a 30,000-pixel-wide strip */
    pdf_para_add(&p, "An icon ", 8, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_image(&p, 0, 12, 12, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_add(&p, ", a badge ", 10, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_image(&p, 1, 66, 23.25, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_add(&p, " and a strip ", 13, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_image(&p, 2, 22500, 1.5, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_add(&p, " in one paragraph.", 18, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_layout(ps, &p, &o, &d, &out);
    uint32_t ids[8];
    CHECK(image_ops(&d, out.box0, ids, 8) == 3 && ids[0] == 0 && ids[1] == 1 && ids[2] == 2);
    CHECK(out.overrun <= 0.01);
    for (size_t b = out.box0; b < d.n_boxes; b++) {
        CHECK(d.boxes[b].h == (float)p.lead); /* the leading stays */
        for (uint32_t k = d.boxes[b].op0; k < d.boxes[b].op1; k++) {
            const struct pdf_op *op = &d.ops[k];
            if (op->kind != PDF_OP_IMAGE)
                continue;
            CHECK(op->h <= st.body * 1.2 + 1e-3 && op->w <= st.text_w + 1e-3);
            CHECK(op->x >= 0 && op->x + op->w <= st.text_w + 0.01);
            CHECK(op->y >= 0 && op->y + op->h <= p.lead + 1e-3); /* inside the line's box */
            if (op->a == 1) /* scaled down, its shape kept */
                CHECK(op->h > st.body && op->w / op->h > 2.83f && op->w / op->h < 2.85f);
        }
    }
    d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;

    /* taller than three lines: a line of its own where the paragraph allows it */
    pdf_para_style(&p, st.body, st.lead, PDF_JUSTIFY);
    pdf_para_add(&p, "Before ", 7, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_image(&p, 7, 300, 180, 0, PDF_C_TEXT, 1.0f, -1);
    pdf_para_add(&p, " after.", 7, 0, PDF_C_TEXT, 1.0f, -1);
    o.image_h = st.text_h * 0.62;
    pdf_para_layout(ps, &p, &o, &d, &out);
    CHECK(out.n_boxes == 3);
    if (out.n_boxes == 3) {
        const struct pdf_box *b = &d.boxes[out.box0 + 1];
        CHECK(image_ops(&d, out.box0 + 1, ids, 1) == 1);
        float w = (float)st.text_w, h = 180 * w / 300;
        CHECK(b->h > h && b->h < h + st.lead);
        for (uint32_t k = b->op0; k < b->op1; k++)
            if (d.ops[k].kind == PDF_OP_IMAGE) /* as wide as the measure, its shape kept */
                CHECK(d.ops[k].w > w - 0.01f && d.ops[k].h > h - 0.01f && d.ops[k].h < h + 0.01f);
    }
    CHECK(out.overrun <= 0.01);
    d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;
    o.image_h = 0; /* elsewhere (a heading, a table cell): at the text's height */
    pdf_para_layout(ps, &p, &o, &d, &out);
    CHECK(out.n_boxes == 1 && image_ops(&d, out.box0, ids, 1) == 1);
    d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;

    /* a thousand in one paragraph, then a paragraph of a megabyte, set in
     * windows: each image once, in order */
    for (int big = 0; big < 2; big++) {
        pdf_para_style(&p, st.body, st.lead, PDF_JUSTIFY);
        size_t n = 0;
        char word[32];
        for (uint32_t i = 0; big ? p.text.len < (1u << 20) : i < 1000; i++) {
            int len = snprintf(word, sizeof word, "word%u ", i);
            pdf_para_add(&p, word, (size_t)len, 0, PDF_C_TEXT, 1.0f, -1);
            if (!big || i % 9973 == 0) {
                pdf_para_image(&p, (uint32_t)n++, 12, 12, 0, PDF_C_TEXT, 1.0f, -1);
                pdf_para_add(&p, " ", 1, 0, PDF_C_TEXT, 1.0f, -1);
            }
        }
        pdf_para_layout(ps, &p, &o, &d, &out);
        uint32_t *all = xmalloc(n * sizeof *all);
        size_t got = image_ops(&d, out.box0, all, n);
        CHECK(got == n);
        bool in_order = true;
        for (size_t i = 0; i < got && i < n; i++)
            in_order &= all[i] == i;
        CHECK(in_order);
        CHECK(out.overrun <= 0.01);
        free(all);
        d.n_boxes = d.n_ops = d.n_glyphs = d.text.len = d.strings.len = 0;
    }
    pdf_para_free(&p);
    pdf_dlist_free(&d);
    pdf_setter_free(ps);
    pdf_shaper_free(sh);
    pdf_fonts_free(&fonts);
    diag_list_free(&dl);
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
    struct pdf_hyphenator *h = pdf_hyphenator_new("en-US", "series.yaml", NULL, &dl);
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
    h = pdf_hyphenator_new("xx", "series.yaml", NULL, &dl);
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
    struct build_options opt = {.formats = BUILD_PDF, .jobs = 2};
    struct build_result res;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    CHECK(build_series("golden/book", &opt, &res));
    CHECK(res.pdf.len > 1000 && res.pdf.bytes && !memcmp(res.pdf.bytes, "%PDF-1.5", 8));
    size_t n = res.pages;
    const struct doc_page_start *ps = res.page_starts;
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
                CHECK(ps[i].pos.node == DOC_POS_END);
            } else if (ps[i].chapter != chapter) {
                CHECK(ps[i].pos.node == 0 && ps[i].pos.offset == 0); /* an opener */
                openers++;
            }
            chapter = ps[i].chapter;
            char num[24];
            snprintf(num, sizeof num, "%zu", i - first + 1);
            CHECK_STR(ps[i].label, num);
        }
        CHECK(openers == res.chapters);
    }
    build_result_free(&res);
}

int main(void)
{
    build_init();
    test_linebreak();
    test_line_lengths();
    test_inline_images();
    test_hyphen();
    test_names();
    test_page_starts();
    build_cleanup();
    return check_summary();
}
