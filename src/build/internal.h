/* Private to src/build. */
#ifndef OCTAVO_BUILD_INTERNAL_H
#define OCTAVO_BUILD_INTERNAL_H

#include "build/build.h"
#include "doc/doc.h"

struct epub_writer;
struct pdf_typesetter;

/* The renderers a build feeds; either may be NULL. */
struct build_renderers {
    struct epub_writer *epub;
    struct pdf_typesetter *pdf;
};

/* Runs every chapter of s through the book (begun) and the renderers (begun),
 * with opt->jobs threads (pipeline.c). False when an error was added to dl;
 * the book is then incomplete and nothing may be finished. */
bool build_pipeline_run(const struct series *s, struct doc_book *book,
                        const struct build_options *opt, const struct build_renderers *rd,
                        struct diag_list *dl);

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
