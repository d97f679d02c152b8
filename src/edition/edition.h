/* edition: released editions of a series and the archive that keeps them.
 *
 * <archive>/<slug>/<edition>/ holds
 *   <slug>-<edition>.epub, <slug>-<edition>.pdf  the books as released
 *   sources.tar    the series files the build read (series.yaml, chapters,
 *                  images, cover), paths relative to the series folder, sorted;
 *                  ustar (pax only where ustar cannot say it), mtime = the
 *                  series date at 00:00 UTC, uid/gid 0, no owner names, 0644
 *   pagemap.tsv    one line per chapter start, heading and anchor, book order
 *   manifest.json  slug, edition, date, octavo version, size and SHA-256 of
 *                  every other file
 * An archive is input too: everything read back from it is checked. */
#ifndef OCTAVO_EDITION_H
#define OCTAVO_EDITION_H

#include "base/base.h"

/* ---- semantic versions (semver.org 2.0.0) ---- */
/* True if s is a semantic version: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD],
 * numbers without leading zeros. */
bool semver_valid(const char *s);
/* Precedence (semver.org §11) of two valid versions: <0, 0 or >0. Build
 * metadata is ignored, so 1.0.0+a and 1.0.0+b are equal. Numbers of any
 * length compare by value. */
int semver_compare(const char *a, const char *b);

/* ---- the archive's folders ---- */
/* archive/slug/edition (caller frees). */
char *edition_dir(const char *archive, const char *slug, const char *edition);
/* The editions of slug in archive: every folder of archive/slug whose name is
 * a semantic version, oldest first (precedence; equal ones by name). NULL and
 * *n_out = 0 when there is none. Free with edition_list_free. */
char **edition_list(const char *archive, const char *slug, size_t *n_out);
void edition_list_free(char **list, size_t n);
/* The newest edition of slug in archive whose precedence is lower than
 * than's; NULL if none. than NULL: the newest of all. Caller frees. */
char *edition_newest_before(const char *archive, const char *slug, const char *than);

/* ---- sources.tar ---- */
/* The series snapshot: files[i] (relative paths inside the series, as the
 * build names them) read from series_dir, written in byte order of their
 * names. False, with an error naming the file, when one cannot be read.
 * *bytes_out is freed by the caller. */
bool edition_sources_write(const char *series_dir, char *const *files, size_t n_files,
                           int64_t mtime, char **bytes_out, size_t *len_out,
                           struct diag_list *dl);

/* A snapshot unpacked: root is a fresh private temporary folder (mkdtemp,
 * mode 0700) and series_dir is root/<slug>, the series ready to build. */
struct edition_sources {
    char *root;
    char *series_dir;
};
/* Unpacks tar_path. Refuses (an error naming the entry, nothing left behind)
 * an entry whose path is absolute, has a .. or . component, or is not a
 * regular file (links, devices, folders are refused; folders are made as
 * needed), and a snapshot without series.yaml. */
bool edition_sources_extract(const char *tar_path, const char *slug,
                             struct edition_sources *out, struct diag_list *dl);
/* Removes root and everything in it; frees the strings. */
void edition_sources_remove(struct edition_sources *src);

/* ---- pagemap.tsv ---- */
/* level: 0 an anchor (a raw HTML id), 1 a chapter's start (anchor "") or a
 * level-1 heading inside a chapter, 2–6 a heading. */
struct edition_page_entry {
    char *chapter_file; /* the chapter's file, relative to the series folder */
    char *anchor;       /* "" for the chapter's start */
    char *page;         /* the PDF's page label: "42", "iii" */
    int level;
    char *title;        /* plain text, "" for an anchor */
};
struct edition_pagemap {
    struct edition_page_entry *items;
    size_t len;
};
/* The TSV text: one line per entry, fields separated by tabs; a tab, a line
 * end or a backslash inside a field is written \t, \n, \r, \\. Caller frees. */
char *edition_pagemap_format(const struct edition_pagemap *pm, size_t *len_out);
/* Reads a pagemap.tsv; false (an error with file and line) when malformed. */
bool edition_pagemap_read(const char *path, struct edition_pagemap *out, struct diag_list *dl);
/* Appends an entry (strings copied). */
void edition_pagemap_add(struct edition_pagemap *pm, const char *chapter_file,
                         const char *anchor, const char *page, int level, const char *title);
void edition_pagemap_free(struct edition_pagemap *pm);

/* ---- manifest.json ---- */
struct edition_manifest_file {
    char *name; /* a file of the edition's folder */
    size_t size;
    char sha256[65]; /* lowercase hex */
};
struct edition_manifest {
    char *slug, *edition, *date, *octavo;
    struct edition_manifest_file *files;
    size_t n_files;
};
/* Appends a file's entry: its size and SHA-256 (GLib's GChecksum). */
void edition_manifest_add(struct edition_manifest *m, const char *name, const void *data,
                          size_t len);
/* The JSON text, keys in a fixed order, files in the order added, one line
 * ending in a newline. Caller frees. */
char *edition_manifest_json(const struct edition_manifest *m, size_t *len_out);
/* Reads a manifest.json; false (an error naming the file) when it is not one. */
bool edition_manifest_read(const char *path, struct edition_manifest *out, struct diag_list *dl);
void edition_manifest_free(struct edition_manifest *m);
/* Lowercase hex SHA-256 of data. */
void edition_sha256(const void *data, size_t len, char out[65]);

#endif
