/* fuzz_pdf: one chapter typeset to PDF through the pipeline `octavo build -f
 * pdf` runs (build_series with the PDF only): layout,
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
 * pages come in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "fuzz.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool registered;
    if (!registered) {
        registered = true;
        fuzz_init();
        /* fontconfig's process-wide state, so LeakSanitizer sees only real leaks */
        atexit(build_cleanup);
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

    struct build_options bo = {.formats = BUILD_PDF, .jobs = 1,
                               .page_size = page_sizes[size % 5]};
    struct build_result res;
    if (build_series(dir.series, &bo, &res))
        fuzz_check_pdf(res.pdf.bytes, res.pdf.len, res.page_starts, res.pages, res.chapters);
    else if (diag_count(&res.diags, DIAG_ERROR) == 0) {
        fprintf(stderr, "fuzz: a build failed without an error\n");
        abort();
    }
    build_result_free(&res);
    fuzz_dir_free(&dir);
    return 0;
}
