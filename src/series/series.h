/* series: series.yaml and chapter front matter → struct series, checked against
 * the contract (../shared/SERIES-FORMAT.md) with file:line diagnostics. */
#ifndef OCTAVO_SERIES_H
#define OCTAVO_SERIES_H

#include "base/base.h"

struct series_chapter {
    char *file;           /* normalised path relative to the series folder */
    char *display_path;   /* series dir + file, for diagnostics */
    char *real_path;      /* realpath, checked to be inside the series */
    char *title_override; /* {file: …, title: …} in series.yaml, or NULL */
    char *name; /* stable across editions, from file: "02-garbage-collection"
                   ([a-z0-9._-], unique in the series; series_name_chapters) */
    bool generated;       /* made by octavo, not read from the series (the "Changes in
                             this edition" section, a redline's removed chapter): no
                             chapter number */
};

/* An ISBN of one format of the book. */
struct series_isbn {
    char *written; /* as in series.yaml (hyphens kept), for the colophon; NULL: none */
    char *digits;  /* the 13 (or 10) characters, for urn:isbn: */
};

/* The series a book is a volume of (series.yaml's `series` key). */
struct series_membership {
    char *name;     /* NULL: the book belongs to no series */
    char *position; /* its volume number, normalised ("2", "2.5"), or NULL */
};

struct series {
    char *dir;           /* as given on the command line */
    char *real_dir;      /* realpath of dir */
    char *slug;          /* the folder's name */
    char *manifest_path; /* dir/series.yaml, for diagnostics */
    char *title, *subtitle;
    char **authors;
    size_t n_authors;
    char *language, *identifier, *edition, *date;
    char *publisher, *rights, *description;
    char *credits; /* extension: a line for the title page and colophon */
    char *level;   /* extension: the reader level, e.g. Advanced */
    char *page_size; /* extension: the PDF's page size (a4, letter, a5, 6x9, ereader) */
    char *changes;        /* release notes (Markdown) for the "Changes in this edition"
                             section, or NULL */
    int changes_line;     /* where they start in series.yaml */
    bool changes_section; /* changes-section: false turns that section off */
    char **tags;
    size_t n_tags;
    bool straight_punctuation; /* smart-punctuation: false: quotes, dashes and dots as typed */
    struct series_isbn isbn_epub, isbn_pdf; /* isbn: {epub: …, pdf: …} */
    char *cover;          /* normalised relative path, or NULL */
    char *cover_real;     /* realpath of the cover, or NULL */
    int cover_line;
    struct series_membership member_of;
    struct series_chapter *chapters;
    size_t n_chapters;
    int64_t newest_mtime; /* newest mtime of series.yaml and the chapters */
    struct file_log *inputs; /* borrowed: where every file the build reads is noted, or NULL */
};

/* Loads and checks dir/series.yaml and the chapter list. Returns NULL when an
 * error was added to dl; warnings may be added either way. Free with series_free. */
struct series *series_load(const char *dir, struct diag_list *dl);
/* series_load, noting in inputs (kept as s->inputs) every file read from here
 * on: series.yaml, the folder when it is listed, then the chapters, images,
 * cover, fonts and hyphenation patterns the renderers read. */
struct series *series_load_logged(const char *dir, struct file_log *inputs, struct diag_list *dl);
void series_free(struct series *s);
/* Gives every chapter its name (series_load does; call it again after adding
 * a chapter: the others keep theirs). */
void series_name_chapters(struct series *s);

/* The longest ISBN: 13 characters without hyphens. */
#define ISBN_MAX_CHARS 13
/* Checks an ISBN-13 (978/979, check digit mod 10) or ISBN-10 (check digit mod
 * 11, X for 10) written with optional hyphens or spaces; out gets its digits.
 * False with *why (static text) when it is not one. */
bool series_isbn_normalize(const char *written, char out[ISBN_MAX_CHARS + 1], const char **why);
/* The number a reader sees for chapter index (1, 2, …, counting only the
 * series' own chapters), or 0 for a generated one. */
size_t series_chapter_number(const struct series *s, size_t index);

struct front_matter {
    char *title, *description, *date;
    char **tags;
    size_t n_tags;
    size_t body_offset; /* where the Markdown starts in the file */
    int body_line;      /* its 1-based line number */
};
/* Splits YAML front matter (between --- lines at the top) off a chapter's text.
 * A chapter without front matter gets an empty one. False when an error was added. */
bool front_matter_parse(const char *file, const char *text, size_t len, struct front_matter *fm,
                        struct diag_list *dl);
void front_matter_free(struct front_matter *fm);

#endif
