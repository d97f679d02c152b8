/* epub: the EPUB 3 back-end. Same lifecycle as every back-end: _new, _write, _free. */
#ifndef OCTAVO_EPUB_H
#define OCTAVO_EPUB_H

#include "doc/doc.h"

/* A page of the print (PDF) edition, marked in the EPUB so that readers can
 * cite "p. 42" from either format: a doc-pagebreak marker where the page
 * begins, and an entry in the navigation's page-list. */
struct epub_page_mark {
    const char *label; /* the PDF's page label: "iii", "42" */
    int chapter;       /* chapter index, or -1 for the front matter */
    uint32_t node;     /* the model node the page begins at, numbered by a full
                          pre-order walk of the chapter (the root is 0);
                          UINT32_MAX: after the chapter's end (a blank page) */
    uint32_t offset;   /* byte offset into that node's text (TEXT, CODE_BLOCK) */
};

struct epub_options {
    int64_t modified_epoch; /* dcterms:modified and every ZIP entry's time */
    int threads;            /* chapters rendered at once */
    const struct epub_page_mark *pages; /* in page order, or NULL */
    size_t n_pages;
    const char *page_source; /* the print edition the page marks come from */
};

struct epub_writer;
/* The writer borrows book (and its series) until epub_writer_free. The book is
 * either finished (doc_book_scan: every chapter read once already) or only
 * begun (doc_book_begin): then the writer reads each chapter once, finishing
 * the book as it goes — the fast path when the EPUB is the only output. */
struct epub_writer *epub_writer_new(struct doc_book *book, const struct epub_options *opt);
/* Renders every chapter, assembles the package in memory and hands the bytes
 * to the caller (*bytes_out, freed with free()). False when an error was
 * added to dl; warnings may be added either way. */
bool epub_writer_write(struct epub_writer *w, char **bytes_out, size_t *len_out,
                       struct diag_list *dl);
void epub_writer_free(struct epub_writer *w);

/* The XHTML of one chapter, for golden tests (caller frees). */
char *epub_chapter_xhtml(const struct doc_chapter *ch, const struct doc_book *book,
                         size_t *len_out);
/* The same with the chapter's page marks (sorted by node, then offset). */
char *epub_chapter_xhtml_marked(const struct doc_chapter *ch, const struct doc_book *book,
                                const struct epub_page_mark *marks, size_t n_marks,
                                size_t *len_out);
/* The id of a page's marker: "pg.42" (caller frees). */
char *epub_page_id(const char *label);
/* File name of chapter i inside the package, from its source file and so the
 * same in every edition: "02-garbage-collection.xhtml" (caller frees). */
char *epub_chapter_name(const struct series *s, size_t index);
/* Its manifest id: "ch-02-garbage-collection" (caller frees). */
char *epub_chapter_id(const struct series *s, size_t index);

#endif
