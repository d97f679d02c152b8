/* build: the one pipeline from a series folder to its books —
 * series.yaml → each chapter read, parsed and resolved once → the renderers.
 * The CLI, the tests and the fuzzers all build through here. */
#ifndef OCTAVO_BUILD_H
#define OCTAVO_BUILD_H

#include "base/base.h"
#include "doc/doc.h"
#include "edition/edition.h"

/* Where released editions are kept when no --archive names another. */
#define BUILD_DEFAULT_ARCHIVE "releases"

enum build_format {
    BUILD_EPUB = 1u << 0,
    BUILD_PDF = 1u << 1,
};

struct build_options {
    unsigned formats;      /* BUILD_EPUB | BUILD_PDF; 0: check only, nothing rendered */
    const char *page_size; /* the PDF's; NULL: the series' page-size, else A4 */
    int jobs;              /* threads, at least 1 */
    bool strict;           /* every warning is an error */
    const char *archive;   /* the editions' archive; NULL: BUILD_DEFAULT_ARCHIVE */
    bool release;          /* a release (octavo release): the edition must be a
                              semantic version and the series have a date, which
                              alone dates the books (SOURCE_DATE_EPOCH is not read) */
    const char *changes_since; /* the "Changes in this edition" compare with this
                                  edition (or git:REV); NULL: the archive's newest
                                  before this one */
    const char *diff_from;     /* also a redline against this edition (or git:REV) */
};

/* One output file, in memory until written. */
struct build_file {
    char *name;  /* the file name: <slug>-<edition>.epub */
    char *bytes; /* NULL when not built */
    size_t len;
};

struct build_result {
    struct diag_list diags; /* every diagnostic, each raised once, sorted by place */
    bool ok;                /* no error (with strict: no warning); the files are built */
    char *slug, *edition;   /* NULL when series.yaml could not be read */
    struct build_file epub, pdf;
    struct build_file redline_epub, redline_pdf; /* --diff-from: <slug>-<edition>-diff-<from> */
    size_t chapters, words, pages;
    /* where each PDF page begins, in reading order (pages of them), or NULL */
    struct doc_page_start *page_starts;
    char *date; /* the series' date, or NULL */
    /* with the PDF: every chapter start, heading and anchor and its page */
    struct edition_pagemap pagemap;
    /* every file of the series the build read (series.yaml, chapters, images,
       cover), relative to the series folder, sorted: an edition's snapshot */
    char **sources;
    size_t n_sources;
};

/* Builds the series in series_dir into memory. Returns result->ok; the
 * caller frees result with build_result_free whatever happened. */
bool build_series(const char *series_dir, const struct build_options *opt,
                  struct build_result *result);
void build_result_free(struct build_result *result);

/* Writes the built files into out_dir (made if missing) as one transaction
 * (file_replace_all): all of them replace the earlier files, or none does and
 * the earlier files stay byte for byte. False when an error was added to dl. */
bool build_write(const struct build_result *result, const char *out_dir, struct diag_list *dl);

/* Sets up the libraries the pipeline uses (libxml2, cmark-gfm's extensions).
 * Call once, on the main thread, before any build; build_cleanup at exit. */
void build_init(void);
void build_cleanup(void);

#endif
