/* diff: compares two editions of a book over octavo's own document model (not
 * the Markdown's lines, so a re-wrapped paragraph is no change). Chapters are
 * matched by source file, then by title; sections by heading id, then text;
 * blocks by content. Two products: a report of what was added, removed, moved
 * or changed (the "Changes in this edition" section), and a redline — the new
 * model with DOC_NODE_INS / DOC_NODE_DEL marks at the word level (prose,
 * headings, list items, table cells) and code lines marked in line_marks. */
#ifndef OCTAVO_DIFF_H
#define OCTAVO_DIFF_H

#include "doc/doc.h"

#define DIFF_NONE ((size_t)-1)

/* What a comparison keeps of an edition: per chapter its file, title and
 * sections as hashed tokens, so the models can be freed as soon as they are
 * taken (a 1,000,000-word book needs some 40 MB here, not its models). */
struct diff_book;
struct diff_book *diff_book_new(size_t n_chapters);
/* Takes chapter i (file relative to the series folder); nothing of root is
 * kept. Safe from several threads for different i. */
void diff_book_set(struct diff_book *b, size_t i, const char *file, const char *title,
                   const struct doc_node *root);
size_t diff_book_len(const struct diff_book *b);
const char *diff_book_file(const struct diff_book *b, size_t i);
void diff_book_free(struct diff_book *b);

enum diff_what {
    DIFF_ADDED = 1u,
    DIFF_REMOVED = 2u,
    DIFF_MOVED = 4u,   /* to another place in the book (may come with CHANGED) */
    DIFF_CHANGED = 8u,
};

/* One chapter (level 1) or section (level 2–6) that differs. */
struct diff_entry {
    unsigned what;                    /* enum diff_what bits */
    int level;
    size_t old_chapter, new_chapter;  /* indexes, DIFF_NONE where absent */
    char *old_id, *new_id;            /* section heading ids; NULL for a chapter */
    char *title;                      /* as it now reads (removed: as it read) */
    size_t words_added, words_removed;
    size_t words;                     /* its words now (removed: then) */
};

/* Entries in the new edition's book order; a removed chapter or section
 * stands after what came before it in the earlier edition. */
struct diff_report {
    struct diff_entry *items;
    size_t len;
    size_t words_added, words_removed;
};

/* Compares two editions, every chapter of both set; out is filled (free
 * with diff_report_free). */
void diff_compare(struct diff_book *old_b, struct diff_book *new_b, struct diff_report *out);
void diff_report_free(struct diff_report *r);

/* Where a chapter (anchor "") or a section began in the earlier edition's PDF. */
struct diff_old_page {
    const char *file, *anchor, *page;
};

/* What the generated "Changes in this edition" section says. */
struct diff_changes {
    const char *language;             /* the book's: its labels */
    const char *since;                /* the earlier edition */
    const char *notes;                /* release notes (Markdown), or NULL */
    const struct diff_report *report;
    const struct diff_book *old_b, *new_b;
    const struct diff_old_page *pages; /* the earlier PDF's page map (may be empty) */
    size_t n_pages;
};
/* The section as Markdown for a chapter file at the series' top level (its
 * links to chapters are relative to it), its title as a level-1 heading.
 * Caller frees. */
char *diff_changes_markdown(const struct diff_changes *c, size_t *len_out);

/* For each new chapter, the old chapter it continues (DIFF_NONE: new), by the
 * same matching diff_compare uses. Caller frees. */
size_t *diff_match_chapters(const struct diff_book *old_b, const struct diff_book *new_b);

/* Turns ch's model into a redline against old_root: what ch has and old_root
 * has not is wrapped in INS, what old_root had and ch has not is put back as
 * DEL, changed code lines are marked. old_root NULL: everything is inserted.
 * New nodes come from ch's arena; nothing of old_root is kept. Returns the
 * number of marks made (0: the chapter is unchanged). */
size_t diff_redline_chapter(struct doc_chapter *ch, const struct doc_node *old_root);

/* A chapter that the new edition removed, as a redline: its text, all
 * deleted, in ch (an empty model whose root receives it). */
void diff_redline_removed(struct doc_chapter *ch, const struct doc_node *old_root);

#endif
