/* epub: the EPUB 3 back-end. Same lifecycle as every back-end: _new, _write, _free. */
#ifndef OCTAVO_EPUB_H
#define OCTAVO_EPUB_H

#include "doc/doc.h"

struct epub_options {
    int64_t modified_epoch; /* dcterms:modified and every ZIP entry's time */
    int threads;            /* chapters rendered at once */
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
/* File name of chapter i inside the package, e.g. "ch001.xhtml" (static storage is
 * not used: caller frees). */
char *epub_chapter_name(size_t index);

#endif
