/* pdf: the PDF back-end. Pango lays the book out on Cairo's PDF surface: no
 * LaTeX, no browser. Same lifecycle as every back-end: _new, _write, _free. */
#ifndef OCTAVO_PDF_H
#define OCTAVO_PDF_H

#include "doc/doc.h"

struct pdf_options {
    int64_t modified_epoch; /* the PDF's dates (cairo ignores SOURCE_DATE_EPOCH) */
    const char *page_size;  /* "a4", "letter", "a5", "6x9", "ereader"; NULL: the
                               series' page-size, else A4 */
    const char *redline_from; /* a redline against this earlier edition: a page
                                 before the contents lists the pages with changes */
};

/* The page sizes octavo knows, for --help and error messages: "a4, letter, …". */
const char *pdf_page_size_names(void);
/* True if name (case-insensitive) is one of them. */
bool pdf_page_size_known(const char *name);

struct pdf_typesetter;
/* The typesetter borrows book (and its series) until pdf_typesetter_free.
 * Its life: _begin; _layout for every chapter (any thread, any order);
 * _draw for every chapter in order, each once it is laid out (one thread);
 * _finish. */
struct pdf_typesetter *pdf_typesetter_new(const struct doc_book *book,
                                          const struct pdf_options *opt);
/* The page size, fonts, hyphenation patterns and the file's start. False
 * when an error was added to dl. */
bool pdf_typesetter_begin(struct pdf_typesetter *t, struct diag_list *dl);
/* Lays out one resolved chapter (the book's info for it is in). Safe to call
 * from several threads for different chapters. */
void pdf_typesetter_layout(struct pdf_typesetter *t, const struct doc_chapter *ch);
/* Draws laid-out chapter c, the next in order; gives its diagnostics to dl
 * and points *starts_out at where its pages begin (valid until the next
 * call). False when an error was added (the chapter is not drawn). */
bool pdf_typesetter_draw(struct pdf_typesetter *t, size_t c, struct diag_list *dl,
                         const struct doc_page_start **starts_out, size_t *n_out);
/* Sets the front matter (contents with page numbers), finishes the file and
 * hands its bytes to the caller (*bytes_out, freed with free()). False when
 * an error was added to dl. */
bool pdf_typesetter_finish(struct pdf_typesetter *t, char **bytes_out, size_t *len_out,
                           struct diag_list *dl);
void pdf_typesetter_free(struct pdf_typesetter *t);

/* Where each page of the PDF begins, in reading order (the front matter, at
 * chapter -1, first), valid after a successful pdf_typesetter_finish until
 * pdf_typesetter_free. A chapter's first page begins at node 0 (its title). */
const struct doc_page_start *pdf_typesetter_pages(const struct pdf_typesetter *t,
                                                  size_t *n_out);

/* The characters the bundled fonts can draw (coverage.c), for checking a
 * book without typesetting it (`octavo check`); also says, as the typesetter
 * would, when the series' language has no hyphenation patterns. NULL, with
 * an error in dl, when a font file is missing. */
struct pdf_coverage;
struct pdf_coverage *pdf_coverage_new(const struct series *s, struct diag_list *dl);
/* Warns, as the typesetter would, of each character of the chapter that no
 * bundled font maps (once a chapter, at its first place). Thread-safe. */
void pdf_coverage_check(const struct pdf_coverage *cov, const struct doc_chapter *ch,
                        struct diag_list *dl);
void pdf_coverage_free(struct pdf_coverage *cov);

/* Frees fontconfig's process-wide state (its default configuration, which
 * Pango loads once). Call at exit, when no typesetter is left. */
void pdf_cleanup(void);

#endif
