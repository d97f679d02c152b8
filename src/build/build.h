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

/* How far a build is, for a progress line (build_options.progress). */
struct build_progress {
    size_t chapters_done, chapters; /* read and rendered, of the book's */
    size_t pages;                   /* PDF pages typeset so far */
};

struct build_options {
    unsigned formats;      /* BUILD_EPUB | BUILD_PDF; 0: check only, nothing rendered
                              (the characters no bundled font has are still found) */
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
    bool preview;          /* the EPUB's files stored, not deflated: for `octavo
                              serve`, which unzips it at once (a third of the time) */
    /* Called after each chapter (and its pages) is done, one call at a time,
     * from any of the build's threads; NULL: none. */
    void (*progress)(void *ctx, const struct build_progress *p);
    void *progress_ctx;
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
    /* every file the build read (or tried to: a missing image is one), sorted,
     * each once, whether the build succeeded or not: for a depfile */
    char **inputs;
    size_t n_inputs;
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

/* The depfile of a build (--depfile): a Makefile rule per result, its
 * targets (paths, e.g. out/x-1.0.0.epub) depending on every file it read,
 * and an empty rule for each of those, so that a deleted input is no error.
 * Paths are escaped for make (space, '#', ':' behind a backslash, '$'
 * doubled, '%' behind a backslash where it is a target). NULL, with an error in dl naming depfile_path, when a path holds
 * a character make cannot (a line end, a tab, a control character). */
struct build_depfile_rule {
    const char *const *targets;
    size_t n_targets;
    char *const *inputs;
    size_t n_inputs;
};
char *build_depfile(const struct build_depfile_rule *rules, size_t n_rules,
                    const char *depfile_path, struct diag_list *dl);

/* Sets up the libraries the pipeline uses (libxml2, cmark-gfm's extensions).
 * Call once, on the main thread, before any build; build_cleanup at exit. */
void build_init(void);
void build_cleanup(void);

#endif
