/* epub: the EPUB 3 back-end. Same lifecycle as every back-end: _new, _write, _free. */
#ifndef OCTAVO_EPUB_H
#define OCTAVO_EPUB_H

#include "doc/doc.h"

struct epub_options {
    int64_t modified_epoch;  /* dcterms:modified and every ZIP entry's time */
    const char *page_source; /* the print edition page starts come from */
    bool store_only;         /* no entry deflated: a preview unzips the book at once */
};

struct epub_writer;
/* The writer borrows book (and its series) until epub_writer_free. */
struct epub_writer *epub_writer_new(const struct doc_book *book, const struct epub_options *opt);
/* Renders one resolved chapter to XHTML and deflates it. pages: where the
 * print edition's pages begin inside this chapter, in order (a doc-pagebreak
 * marker is placed at each), or NULL. Safe to call from several threads for
 * different chapters. */
void epub_writer_add_chapter(struct epub_writer *w, const struct doc_chapter *ch,
                             const struct doc_page_start *pages, size_t n_pages);
/* Assembles the package from the chapters added (every chapter of the book,
 * which is finished) and hands its bytes to the caller (*bytes_out, freed
 * with free()). pages: every page start of the print edition, for the
 * page-list, or NULL. False when an error was added to dl. */
bool epub_writer_finish(struct epub_writer *w, const struct doc_page_start *pages,
                        size_t n_pages, int threads, char **bytes_out, size_t *len_out,
                        struct diag_list *dl);
void epub_writer_free(struct epub_writer *w);

/* The XHTML of one resolved chapter, with the print edition's page starts in
 * it (sorted; or NULL), for the writer and for golden tests (caller frees). */
char *epub_chapter_xhtml(const struct doc_chapter *ch, const struct doc_book *book,
                         const struct doc_page_start *pages, size_t n_pages, size_t *len_out);
/* The id of a page's marker: "pg.42" (caller frees). */
char *epub_page_id(const char *label);
/* File name of chapter i inside the package, from its source file and so the
 * same in every edition: "02-garbage-collection.xhtml" (caller frees). */
char *epub_chapter_name(const struct series *s, size_t index);
/* Its manifest id: "ch-02-garbage-collection" (caller frees). */
char *epub_chapter_id(const struct series *s, size_t index);

#endif
