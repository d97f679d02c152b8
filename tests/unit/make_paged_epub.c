/* make_paged_epub SERIES_DIR OUT.epub: builds a series to EPUB with a made-up
 * print pagination that puts page starts at every awkward place the PDF's can
 * fall (a chapter title, inside a paragraph's text, inside a code block, at a
 * list item and a table row, a blank page after a chapter, front matter), so
 * that EPUBCheck and Ace can check the page-list and the markers. */
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "epub/epub.h"
#include "series/series.h"

struct marks {
    struct doc_page_start *items;
    size_t n;
};

static void add(struct marks *m, int chapter, uint32_t node, uint32_t offset, const char *label)
{
    m->items = realloc(m->items, (m->n + 1) * sizeof *m->items);
    struct doc_page_start *p = &m->items[m->n++];
    *p = (struct doc_page_start){.chapter = chapter, .pos = {.node = node, .offset = offset},
                                 .blank = node == DOC_POS_END};
    snprintf(p->label, sizeof p->label, "%s", label);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make_paged_epub SERIES_DIR OUT.epub\n");
        return 2;
    }
    doc_init();
    struct diag_list dl = DIAG_LIST_INIT;
    struct series *s = series_load(argv[1], &dl);
    struct doc_book book;
    if (!s || !doc_book_begin(&book, s, &dl)) {
        diag_print(&dl, stderr, false);
        return 1;
    }
    struct epub_options eo = {.modified_epoch = 1700000000, .page_source = "test-book-print.pdf"};
    struct epub_writer *w = epub_writer_new(&book, &eo);
    struct marks m = {0};
    add(&m, -1, 0, 0, "i");
    add(&m, -1, 0, 0, "ii");
    add(&m, -1, 0, 0, "iii");
    int page = 1;
    char label[16];
    for (size_t c = 0; c < s->n_chapters; c++) {
        struct doc_chapter *ch = doc_chapter_load(s, c, &dl);
        if (!ch || !doc_book_add_chapter(&book, ch, &dl)) {
            diag_print(&dl, stderr, false);
            return 1;
        }
        size_t first = m.n;
        snprintf(label, sizeof label, "%d", page++);
        add(&m, (int)c, 0, 0, label);
        struct doc_iter it;
        struct doc_node *n;
        enum doc_event ev;
        uint32_t last = 0;
        bool item = false, row = false, code = false;
        doc_iter_init(&it, ch->root);
        while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
            if (ev != DOC_EVENT_ENTER)
                continue;
            uint32_t k = n->seq;
            bool take = false;
            uint32_t off = 0;
            if (n->type == DOC_NODE_ITEM && !item)
                take = item = true;
            else if (n->type == DOC_NODE_TABLE_ROW && !n->header && !row)
                take = row = true;
            else if (n->type == DOC_NODE_CODE_BLOCK && !code && n->text_len > 20)
                take = code = true, off = (uint32_t)(n->text_len / 2);
            else if (n->type == DOC_NODE_TEXT && n->text_len > 40 && k - last > 40)
                take = true, off = (uint32_t)(n->text_len / 2);
            if (take) {
                snprintf(label, sizeof label, "%d", page++);
                add(&m, (int)c, k, off, label);
                last = k;
            }
        }
        if (c % 2 == 0) { /* a blank left-hand page before the next chapter */
            snprintf(label, sizeof label, "%d", page++);
            add(&m, (int)c, DOC_POS_END, 0, label);
        }
        epub_writer_add_chapter(w, ch, m.items + first, m.n - first);
        doc_chapter_free(ch);
    }
    doc_book_finish(&book);
    char *bytes;
    size_t len;
    bool ok = epub_writer_finish(w, m.items, m.n, 2, &bytes, &len, &dl);
    epub_writer_free(w);
    const char *err = NULL;
    if (ok && !file_write_atomic(argv[2], bytes, len, &err)) {
        fprintf(stderr, "%s: %s\n", argv[2], err);
        ok = false;
    }
    if (ok)
        printf("%s: %zu page marks\n", argv[2], m.n);
    free(ok ? bytes : NULL);
    free(m.items);
    doc_book_free(&book);
    series_free(s);
    diag_list_free(&dl);
    return ok ? 0 : 1;
}
