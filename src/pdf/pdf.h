/* pdf: the PDF back-end. Pango lays the book out on Cairo's PDF surface: no
 * LaTeX, no browser. Same lifecycle as every back-end: _new, _write, _free. */
#ifndef OCTAVO_PDF_H
#define OCTAVO_PDF_H

#include "doc/doc.h"

struct pdf_options {
    int64_t modified_epoch; /* the PDF's dates (cairo ignores SOURCE_DATE_EPOCH) */
    int threads;            /* chapters laid out at once */
    const char *page_size;  /* "a4", "letter", "a5", "6x9", "ereader"; NULL: the
                               series' page-size, else A4 */
};

/* The page sizes octavo knows, for --help and error messages: "a4, letter, …". */
const char *pdf_page_size_names(void);
/* True if name (case-insensitive) is one of them. */
bool pdf_page_size_known(const char *name);

struct pdf_typesetter;
/* The typesetter borrows book (and its series) until pdf_typesetter_free. */
struct pdf_typesetter *pdf_typesetter_new(const struct doc_book *book,
                                          const struct pdf_options *opt);
/* Lays out every chapter (in parallel), draws the book and hands the bytes to
 * the caller (*bytes_out, freed with free()). False when an error was added to
 * dl; warnings (a character no bundled font can draw, …) may be added either way. */
bool pdf_typesetter_write(struct pdf_typesetter *t, char **bytes_out, size_t *len_out,
                          struct diag_list *dl);
void pdf_typesetter_free(struct pdf_typesetter *t);

/* Where each page of the PDF begins, for an EPUB page-list (valid after a
 * successful pdf_typesetter_write, until pdf_typesetter_free).
 *
 * chapter: the index of the chapter the page belongs to, or -1 for the front
 * matter (cover, title page, colophon, contents).
 * node: the node at which the page's first line or block begins, as its number
 * in a full pre-order walk of the chapter's resolved model (doc_iter_init on
 * doc_chapter->root, counting every DOC_EVENT_ENTER, skipping nothing; the root
 * DOCUMENT is 0). offset: a byte offset into that node's text when it is a TEXT
 * or CODE_BLOCK node (the page starts in the middle of it), else 0.
 * A chapter's first page has node 0 (the chapter's title). A blank page left so
 * that the next chapter opens on a right-hand page has blank = true and belongs
 * to the chapter before it, with node = UINT32_MAX (its end). */
struct pdf_page_start {
    char label[16]; /* the page label as the PDF shows it: "iii", "42" */
    int chapter;
    uint32_t node;
    uint32_t offset;
    bool blank;
};
const struct pdf_page_start *pdf_typesetter_pages(const struct pdf_typesetter *t,
                                                  size_t *n_out);

/* Frees fontconfig's process-wide state (its default configuration, which
 * Pango loads once). Call at exit, when no typesetter is left. */
void pdf_cleanup(void);

#endif
