/* fuzz_markdown: one chapter's Markdown → document model → XHTML, the path
 * every chapter takes (doc_chapter_parse, doc_book_add_chapter, epub_chapter_xhtml). The input is the chapter file,
 * front matter included. Oracles: no crash, leak or UB (sanitizers); the
 * XHTML is well-formed, namespace-well-formed and within libxml2's default
 * depth; every image the book takes lies inside the series folder. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "epub/epub.h"
#include "fuzz.h"

static struct series_chapter chapters[2] = {
    {.file = "01-a.md", .display_path = "book/01-a.md", .name = "01-a"},
    {.file = "sub/02-b.md", .display_path = "book/sub/02-b.md", .name = "sub-02-b"},
};
static struct series series = {
    .dir = "book", .slug = "book", .title = "T", .language = "en", .edition = "1",
    .chapters = chapters, .n_chapters = 2,
};
/* The other chapter, so that cross-chapter links and anchors resolve. */
static const char other_chapter[] = "# B\n\n## Other\n\n<span id=\"raw\">x</span>\n";
static struct fuzz_dir dir;

static void cleanup(void)
{
    fuzz_dir_free(&dir);
}

static void setup(void)
{
    if (dir.root)
        return;
    fuzz_init();
    fuzz_dir_new(&dir);
    series.real_dir = dir.series;
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    struct diag_list dl = DIAG_LIST_INIT;
    struct doc_chapter *ch =
        doc_chapter_parse(&series, 0, chapters[0].display_path, (const char *)data, size, &dl);
    struct doc_chapter *other = doc_chapter_parse(&series, 1, chapters[1].display_path,
                                                  other_chapter, strlen(other_chapter), &dl);
    if (ch && other) {
        struct doc_book book;
        doc_book_begin(&book, &series, &dl);
        /* Rendered even after an image error: the page must be sound either way. */
        doc_book_add_chapter(&book, ch, &dl);
        doc_book_add_chapter(&book, other, &dl);
        doc_book_finish(&book);
        for (size_t i = 0; i < book.n_images; i++)
            fuzz_check_inside("image", book.images[i]->real_path, dir.series);
        size_t len;
        char *xhtml = epub_chapter_xhtml(ch, &book, NULL, 0, &len);
        fuzz_check_xml("chapter XHTML", xhtml, len);
        free(xhtml);
        doc_book_free(&book);
    }
    doc_chapter_free(ch);
    doc_chapter_free(other);
    diag_list_free(&dl);
    return 0;
}
