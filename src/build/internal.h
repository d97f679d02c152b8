/* Private to src/build. */
#ifndef OCTAVO_BUILD_INTERNAL_H
#define OCTAVO_BUILD_INTERNAL_H

#include "build/build.h"
#include "diff/diff.h"
#include "doc/doc.h"
#include "edition/edition.h"
#include "series/series.h"
#include "vcs/vcs.h"

struct epub_writer;
struct pdf_typesetter;
struct pdf_coverage;

/* The renderers a build feeds; either may be NULL. */
struct build_renderers {
    struct epub_writer *epub;
    struct pdf_typesetter *pdf;
    struct pdf_coverage *coverage; /* check only: the bundled fonts' characters */
};

/* Where the pipeline gets chapter i of s, when not from its file: a chapter
 * octavo generates, or one changed on the way (a redline). load is called
 * from worker threads, for each i once, in any order; it returns a parsed
 * model or NULL with an error in dl. */
struct build_source {
    struct doc_chapter *(*load)(void *ctx, const struct series *s, size_t i,
                                struct diag_list *dl);
    void *ctx;
};

/* Runs every chapter of s through the book (begun) and the renderers (begun),
 * with opt->jobs threads (pipeline.c); src NULL: every chapter from its file.
 * False when an error was added to dl; the book is then incomplete and
 * nothing may be finished. */
bool build_pipeline_run(const struct series *s, struct doc_book *book,
                        const struct build_options *opt, const struct build_renderers *rd,
                        const struct build_source *src, struct diag_list *dl);

/* ---- earlier editions (earlier.c, editions.c) ---- */

/* An earlier version of the series, opened to compare with. */
struct build_earlier {
    char *name;                     /* as named: "1.0.0", "git:v1.0.0" */
    char *edition;                  /* the edition its series.yaml names */
    struct series *series;          /* loaded from a private copy: */
    struct edition_sources src;     /* the archive's snapshot unpacked, or */
    struct vcs_export vcs;          /* the git revision copied out */
    struct edition_pagemap pagemap; /* its PDF's pages, when the archive has it */
    struct diff_book *book;         /* its chapters, as the diff keeps them */
};
/* Opens the edition named (an edition of the archive, or git:REV), or with
 * name NULL the archive's newest edition before s's. False when there is
 * none, or with an error in dl. */
bool build_earlier_open(const struct series *s, const char *archive, const char *name,
                        int jobs, struct build_earlier *e, struct diag_list *dl);
void build_earlier_close(struct build_earlier *e);
/* name as a part of a file name: git:v1.0.0 → git-v1.0.0. Caller frees. */
char *build_earlier_label(const char *name);

/* What a build compares with, and the chapter sources it takes from that. */
struct build_editions;
/* Opens what opt and s ask to compare with: *out NULL when nothing (no
 * earlier edition in the archive and no --diff-from). False on an error. */
bool build_editions_open(const struct series *s, const struct build_options *opt,
                         struct build_editions **out, struct diag_list *dl);
/* The book's series: s, and the "Changes in this edition" chapter last. */
const struct series *build_editions_series(const struct build_editions *ed);
const struct build_source *build_editions_source(struct build_editions *ed);
/* The edition a redline is made against, as named, or NULL for none. */
const char *build_editions_diff_from(const struct build_editions *ed);
/* How the redline names that edition: "1.0.0", or "1.0.0 (git:v1.0.0)".
 * Caller frees. */
char *build_editions_diff_from_label(const struct build_editions *ed);
/* The redline's series (every chapter of the book, each removed one where it
 * stood) and its source; after the book's run, which read this edition. */
void build_editions_redline(struct build_editions *ed, const struct series **series_out,
                            const struct build_source **source_out);
void build_editions_free(struct build_editions *ed);

/* SOURCE_DATE_EPOCH, else the series date, else the newest input's mtime:
 * the same input always gives the same date (epoch.c). */
int64_t build_modified_epoch(const struct series *s, struct diag_list *dl);

/* The page map of a typeset book (archive_data.c): every target of every
 * chapter (doc_chapter_info.targets) on the page that holds it. */
void build_page_map(const struct series *s, const struct doc_book *book,
                    const struct doc_page_start *starts, size_t n_starts,
                    struct edition_pagemap *out);
/* The series' files the book read, relative and sorted (caller frees each
 * and the array). */
char **build_source_files(const struct series *s, const struct doc_book *book, size_t *n_out);

#endif
