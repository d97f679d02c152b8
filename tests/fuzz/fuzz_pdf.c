/* fuzz_pdf: one chapter typeset to PDF, as `octavo build -f pdf` does it
 * (series_load, doc_book_scan, pdf_typesetter_new / _write / _pages): layout,
 * hyphenation, pagination, tables, code, footnotes, images, drawing on a Cairo
 * PDF surface and the post-processing of the file.
 *
 * The input is the chapter file (front matter included), optionally followed by
 * a FUZZ_SEPARATOR line and an image that is written as images/fig.png,
 * images/fig.jpg and images/fig.svg (beside a valid images/dot.png and
 * images/square.svg), so the chapter can draw a broken, huge or hostile image.
 * The page size is picked from the input's length, so every size is exercised,
 * the small e-reader page (where everything is too wide) among them.
 *
 * Oracles: no crash, leak or UB (sanitizers); layout of any input finishes
 * under libFuzzer's -timeout (no endless page-break loop); the file starts
 * with %PDF- and ends with %%EOF; there is at least one page, every page start
 * names a chapter of the book or the front matter, and the chapters' first
 * pages come in order; every file the book takes lies inside the series. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "fuzz.h"
#include "pdf/pdf.h"
#include "series/series.h"

static const char manifest[] = "title: Fuzzed\n"
                               "author: Fuzz\n"
                               "language: en\n"
                               "edition: \"1\"\n"
                               "chapters:\n"
                               "  - 01-a.md\n"
                               "  - 02-b.md\n";
/* The other chapter, so that cross-chapter links and anchors resolve. */
static const char other_chapter[] = "# B\n\n## Other\n\n<span id=\"raw\">x</span>\n";
static const char *const page_sizes[] = {"a4", "letter", "a5", "6x9", "ereader"};

static void check_pdf(const char *bytes, size_t len, const struct pdf_typesetter *t,
                      size_t n_chapters)
{
    if (len < 16 || memcmp(bytes, "%PDF-", 5) != 0) {
        fprintf(stderr, "fuzz: the PDF does not start with %%PDF-\n");
        abort();
    }
    /* The trailer's %%EOF, followed by at most an end of line. */
    size_t tail = len - 5;
    while (tail > len - 8 && memcmp(bytes + tail, "%%EOF", 5) != 0)
        tail--;
    if (memcmp(bytes + tail, "%%EOF", 5) != 0) {
        fprintf(stderr, "fuzz: the PDF does not end with %%%%EOF\n");
        abort();
    }
    size_t n;
    const struct pdf_page_start *ps = pdf_typesetter_pages(t, &n);
    if (n == 0) {
        fprintf(stderr, "fuzz: the PDF has no page\n");
        abort();
    }
    int last = -1;
    for (size_t i = 0; i < n; i++) {
        if (ps[i].chapter < -1 || ps[i].chapter >= (int)n_chapters || ps[i].chapter < last ||
            !ps[i].label[0] || !memchr(ps[i].label, '\0', sizeof ps[i].label)) {
            fprintf(stderr, "fuzz: page %zu: chapter %d after %d, label '%.16s'\n", i,
                    ps[i].chapter, last, ps[i].label);
            abort();
        }
        last = ps[i].chapter;
    }
    if (last != (int)n_chapters - 1) {
        fprintf(stderr, "fuzz: the last page belongs to chapter %d of %zu\n", last, n_chapters);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool registered;
    if (!registered) {
        registered = true;
        fuzz_init();
        /* fontconfig's process-wide state, so LeakSanitizer sees only real leaks */
        atexit(pdf_cleanup);
    }
    const char *parts[2];
    size_t lens[2];
    size_t n = fuzz_split(data, size, parts, lens, 2);
    struct fuzz_dir dir;
    fuzz_dir_new(&dir);
    fuzz_write(&dir, "series.yaml", manifest, strlen(manifest));
    fuzz_write(&dir, "01-a.md", parts[0], lens[0]);
    fuzz_write(&dir, "02-b.md", other_chapter, strlen(other_chapter));
    if (n == 2) {
        fuzz_write(&dir, "images/fig.png", parts[1], lens[1]);
        fuzz_write(&dir, "images/fig.jpg", parts[1], lens[1]);
        fuzz_write(&dir, "images/fig.svg", parts[1], lens[1]);
    }

    struct diag_list dl = DIAG_LIST_INIT;
    struct series *s = series_load(dir.series, &dl);
    if (!s) {
        fprintf(stderr, "fuzz: the fixed series.yaml did not load\n");
        abort();
    }
    struct doc_book book;
    if (doc_book_scan(&book, s, 1, &dl)) {
        for (size_t i = 0; i < book.n_images; i++)
            fuzz_check_inside("image", book.images[i].real_path, dir.series);
        struct pdf_options po = {.modified_epoch = 1700000000,
                                 .threads = 1,
                                 .page_size = page_sizes[size % 5]};
        struct pdf_typesetter *t = pdf_typesetter_new(&book, &po);
        char *bytes = NULL;
        size_t len = 0;
        if (pdf_typesetter_write(t, &bytes, &len, &dl))
            check_pdf(bytes, len, t, s->n_chapters);
        free(bytes);
        pdf_typesetter_free(t);
    }
    doc_book_free(&book);
    series_free(s);
    diag_list_free(&dl);
    fuzz_dir_free(&dir);
    return 0;
}
