/* doc: our own document model. md_import.c is the only file that sees
 * cmark-gfm, html_import.c the only one that parses raw HTML; heading ids,
 * footnote numbers, cross-chapter links and the table of contents are passes
 * over this model, so every back-end renders the same book. */
#ifndef OCTAVO_DOC_H
#define OCTAVO_DOC_H

#include "base/base.h"
#include "series/series.h"

enum doc_node_type {
    /* blocks */
    DOC_NODE_DOCUMENT,
    DOC_NODE_PARAGRAPH,
    DOC_NODE_HEADING,
    DOC_NODE_BLOCK_QUOTE,
    DOC_NODE_LIST,
    DOC_NODE_ITEM,
    DOC_NODE_CODE_BLOCK,
    DOC_NODE_THEMATIC_BREAK,
    DOC_NODE_TABLE,
    DOC_NODE_TABLE_ROW,
    DOC_NODE_TABLE_CELL,
    DOC_NODE_FIGURE, /* a paragraph holding one image: the image and its caption */
    DOC_NODE_FOOTNOTE_DEF,
    /* raw HTML that survived sanitising: a generic element (block or inline) */
    DOC_NODE_HTML_ELEMENT,
    /* inlines */
    DOC_NODE_TEXT,
    DOC_NODE_SOFTBREAK,
    DOC_NODE_LINEBREAK,
    DOC_NODE_CODE,
    DOC_NODE_EMPH,
    DOC_NODE_STRONG,
    DOC_NODE_STRIKE,
    DOC_NODE_LINK,
    DOC_NODE_IMAGE,
    DOC_NODE_FOOTNOTE_REF,
    /* a redline's marks (src/diff): inline containers holding what was
     * inserted, or what was deleted, since an earlier edition */
    DOC_NODE_INS,
    DOC_NODE_DEL,
    DOC_NODE__COUNT
};

enum doc_link_kind {
    DOC_LINK_UNRESOLVED, /* before doc_chapter_resolve() */
    DOC_LINK_EXTERNAL,   /* http(s), mailto: kept as written */
    DOC_LINK_INTERNAL,   /* a chapter of this book (target_chapter, target_anchor) */
    DOC_LINK_PLAIN,      /* dropped: rendered as its text only */
};

enum doc_align { DOC_ALIGN_NONE, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT };

struct doc_attr {
    const char *name, *value;
};

struct doc_node {
    enum doc_node_type type;
    struct doc_node *parent, *first_child, *last_child, *prev, *next;
    int line, col; /* in the chapter file, 1-based */

    const char *text; /* TEXT, CODE, CODE_BLOCK: the literal (text_len bytes) */
    size_t text_len;
    const char *info;  /* CODE_BLOCK: language, or NULL */
    bool highlight;    /* CODE_BLOCK: set in syntax colours (doc_code_blocks) */
    const char *url;   /* LINK href, IMAGE src as written */
    const char *title; /* LINK, IMAGE title, or NULL */
    const char *id;    /* HEADING anchor, HTML_ELEMENT id, FOOTNOTE_DEF "fn.N" */
    int level;         /* HEADING 1–6 */
    int number;        /* FOOTNOTE_REF / FOOTNOTE_DEF: note number in the chapter */
    int ref_index;     /* FOOTNOTE_REF: 1 for the first reference to the note, 2…;
                          FOOTNOTE_DEF: the references before it (0: no back-link) */
    int list_start;    /* LIST */
    bool ordered, tight; /* LIST */
    bool is_task, checked; /* ITEM */
    bool header;           /* TABLE_ROW / TABLE_CELL of the header */
    enum doc_align align;  /* TABLE_CELL */
    const char *tag;       /* HTML_ELEMENT: lowercase element name */
    const struct doc_attr *attrs; /* HTML_ELEMENT: sanitised, NULL-name terminated */
    bool inline_element;   /* HTML_ELEMENT: phrasing content */
    bool raw_html;         /* written in raw HTML (an element or text inside one):
                              typography leaves it as written */

    enum doc_link_kind link_kind; /* LINK */
    int target_chapter;           /* LINK (INTERNAL): chapter index */
    const char *target_anchor;    /* LINK (INTERNAL): id, or NULL for the chapter start */
    int image_index;              /* IMAGE: index into doc_book.images, -1 if remote;
                                     meaningful once the book is finished */
    const char *image_src;        /* IMAGE: its file name in the book, NULL if remote */
    bool image_svg;               /* IMAGE: an SVG */
    const char *line_marks;       /* CODE_BLOCK in a redline: per line of text,
                                     ' ' kept, '+' inserted, '-' deleted; else NULL */
    uint32_t seq; /* the node's number in a full pre-order walk of the resolved
                     chapter (doc_iter from the root, every ENTER counted, the
                     root DOCUMENT is 0): what a doc_pos names */
};

/* Enter/exit walk without recursion, so deep nesting never blows the C stack. */
enum doc_event { DOC_EVENT_ENTER, DOC_EVENT_EXIT, DOC_EVENT_DONE };
struct doc_iter {
    struct doc_node *root, *cur;
    enum doc_event ev;
    bool skip;
};
void doc_iter_init(struct doc_iter *it, struct doc_node *root);
enum doc_event doc_iter_next(struct doc_iter *it, struct doc_node **node_out);
/* Skips the children of the node just entered: the next event is its EXIT. */
void doc_iter_skip_children(struct doc_iter *it);
bool doc_node_is_leaf(const struct doc_node *n);
/* Building and editing a model (the importers, and the diff's redline). */
struct doc_node *doc_node_new(struct arena *a, enum doc_node_type type, int line, int col);
void doc_node_append(struct doc_node *parent, struct doc_node *child);
void doc_node_insert_before(struct doc_node *sibling, struct doc_node *n);
void doc_node_unlink(struct doc_node *n);
/* Concatenated text of a subtree (TEXT and CODE literals, spaces for breaks),
 * as it now reads: a redline's deletions are left out. Caller frees. */
char *doc_node_plain_text(const struct doc_node *n);
/* The same without white space at either end: a heading as the contents, the
 * outline and the chapter title show it (an anchor before its text leaves a
 * space there). Caller frees. */
char *doc_node_label(const struct doc_node *n);

/* A place in a resolved chapter: a node (its seq) and a byte offset into its
 * text (TEXT, CODE_BLOCK; 0 for any other node). Both renderers speak of page
 * starts in these terms, so the EPUB can mark where the PDF's pages begin. */
struct doc_pos {
    uint32_t node;
    uint32_t offset;
};
/* doc_pos.node of a place after a chapter's last node (a blank page). */
#define DOC_POS_END UINT32_MAX

/* Where a page of the print edition (the PDF) begins. */
struct doc_page_start {
    char label[16]; /* the page label as the PDF shows it: "iii", "42" */
    int chapter;    /* chapter index, or -1 for the front matter */
    struct doc_pos pos;
    bool blank;     /* a blank left-hand page before the next chapter: belongs
                       to the chapter before it, at DOC_POS_END */
};

struct doc_heading {
    int level; /* 2 or 3 (1 is the chapter title) */
    char *text, *id;
};

struct doc_image_ref {
    char *url; /* as written */
    int line, col;
    bool has_alt;
};

/* A place in a chapter a reader can be sent to, for the page map of an
 * edition: the chapter's start, a heading, an anchor (a raw HTML id). */
struct doc_target {
    uint32_t node; /* where it begins: the number, in a full pre-order walk of
                      the chapter (the root is 0, as doc_node.seq), of its first
                      leaf (a heading's first text), where a page would start */
    int level;     /* 1 the chapter's start (id NULL) or a level-1 heading,
                      2–6 a heading, 0 an anchor */
    char *id;      /* the anchor, NULL for the chapter's start */
    char *title;   /* plain text; NULL for an anchor */
};

/* What the book needs to know of a chapter without keeping its model. */
struct doc_chapter_info {
    struct doc_target *targets; /* in book order, the chapter's start first */
    size_t n_targets;
    char *title, *description;
    struct doc_heading *headings;
    size_t n_headings;
    char **anchors; /* every id a link may target, sorted */
    size_t n_anchors;
    struct doc_image_ref *images;
    size_t n_images;
    size_t words;
    bool has_code, has_tables, has_footnotes;
    /* Anchors that links in earlier chapters named but this chapter does not
     * have, sorted: renderers put them at the chapter's start, so those links
     * land there (see doc_book_add_chapter). */
    char **missing;
    size_t n_missing;
};

struct doc_image {
    char *rel;        /* normalised path inside the series */
    char *real_path;  /* resolved, inside the series */
    const char *media_type;
    char *book_name;  /* file name in the book, e.g. "images/fig.svg" */
    bool is_svg;
    bool is_cover;
    int width, height; /* pixels, 0 if unknown */
    char *use_file;    /* where it is first used (a chapter, or series.yaml for */
    int use_line;      /* the cover), for the diagnostics of later stages */
};

struct doc_image_alias {
    char *rel; /* a normalised path some chapter wrote */
    int index; /* into doc_book.images */
};

struct doc_forward; /* links to a later chapter's anchors, checked when it comes (links.c) */

struct doc_book {
    const struct series *series;
    struct doc_chapter_info *chapters; /* series->n_chapters of them; chapter i's
                                          is filled when it is added */
    struct doc_image **images;         /* in the order they were met; stable
                                          addresses (doc_book_image) */
    size_t n_images;
    struct doc_image_alias *image_aliases;
    size_t n_image_aliases;
    struct _GHashTable *image_by_rel;  /* alias rel → index + 1 (GLib; keys are the aliases') */
    struct _GHashTable *image_by_real; /* real_path → index + 1 (keys are the images') */
    int cover_image; /* index into images, or -1 */
    bool all_images_have_alt;
    size_t words;
    size_t n_added;  /* chapters added so far, in order */
    bool *failed;    /* per chapter: it could not be read or parsed */
    struct doc_forward *forward; /* per chapter */
    void *lock;      /* guards the image table: renderers read it while later
                        chapters are added */
};

/* A chapter's model, owned by its arena. */
struct doc_chapter {
    const struct series *series;
    size_t index;
    const char *file; /* display path, for diagnostics */
    struct arena *arena;
    struct doc_node *root;
    const char *title, *description; /* in the arena */
    bool title_from_heading;         /* the first H1 was taken as the title and removed */
};

/* Reads, validates and parses chapter index of the series, assigns heading ids
 * and footnote numbers. NULL when an error was added to dl. Free with
 * doc_chapter_free. Safe to call from several threads for different chapters
 * once doc_init() has run. */
struct doc_chapter *doc_chapter_load(const struct series *s, size_t index, struct diag_list *dl);
void doc_chapter_free(struct doc_chapter *ch);
/* Builds a model from Markdown in memory (for tests and fuzzers). */
struct doc_chapter *doc_chapter_parse(const struct series *s, size_t index, const char *file,
                                      const char *text, size_t len, struct diag_list *dl);

/* Fills info from a loaded chapter (caller frees with doc_chapter_info_free). */
void doc_chapter_collect(const struct doc_chapter *ch, struct doc_chapter_info *info);
void doc_chapter_info_free(struct doc_chapter_info *info);

/* Book-wide state is built as the chapters come, so that each is read,
 * parsed and resolved once and never kept longer than its renderers need it:
 *   doc_book_begin        the cover; empty tables for the series' chapters
 *   doc_book_add_chapter  a parsed chapter, in chapter order, one at a time:
 *                         its info is collected, its images checked and
 *                         entered, the links earlier chapters made to its
 *                         anchors checked, and its own links and images
 *                         resolved (so that it is ready to render)
 *   doc_book_skip_chapter a chapter that could not be parsed (an error was given)
 *   doc_book_finish       book-wide totals, once every chapter was added
 * A link to an anchor of a later chapter keeps its anchor; when that chapter
 * comes and has no such anchor, the link is warned about and the anchor is
 * listed in its info's missing, which the renderers place at the chapter's
 * start. Every choice depends on chapter order only, never on timing.
 * Returns false when an error was added to dl. */
bool doc_book_begin(struct doc_book *book, const struct series *s, struct diag_list *dl);
bool doc_book_add_chapter(struct doc_book *book, struct doc_chapter *ch, struct diag_list *dl);
void doc_book_skip_chapter(struct doc_book *book, size_t index);
void doc_book_finish(struct doc_book *book);
void doc_book_free(struct doc_book *book);
/* Image i of the table; safe while other threads add chapters. */
const struct doc_image *doc_book_image(const struct doc_book *book, size_t i);

/* Words the book itself says, in its language (English when octavo does not
 * know it). Some are printf formats, as their names say. */
enum doc_label {
    DOC_LABEL_INSERTED,          /* announced before a redline's insertion */
    DOC_LABEL_DELETED,
    DOC_LABEL_CHANGES_TITLE,     /* the generated "Changes in this edition" */
    DOC_LABEL_CHANGES_SINCE,     /* %s: the earlier edition */
    DOC_LABEL_RELEASE_NOTES,
    DOC_LABEL_CHAPTERS_SECTIONS,
    DOC_LABEL_ADDED,
    DOC_LABEL_REMOVED,
    DOC_LABEL_MOVED,
    DOC_LABEL_CHANGED,
    DOC_LABEL_WORDS_ADDED,       /* %zu */
    DOC_LABEL_WORDS_REMOVED,     /* %zu */
    DOC_LABEL_WORD_ADDED,        /* the same for one word */
    DOC_LABEL_WORD_REMOVED,
    DOC_LABEL_WORDS,             /* %zu: a chapter's or section's size */
    DOC_LABEL_OLD_PAGE,          /* %1$s: page label, %2$s: edition */
    DOC_LABEL_NO_CHANGES,
    DOC_LABEL_REDLINE_TITLE,     /* the redline's list of changed pages */
    DOC_LABEL_REDLINE_PAGES,     /* %s: the earlier edition */
    DOC_LABEL_REDLINE_NONE,      /* %s: the earlier edition */
    /* the book's own furniture, in both formats */
    DOC_LABEL_CHAPTER_NUMBER,    /* %zu: "Chapter 3" */
    DOC_LABEL_CONTENTS,
    DOC_LABEL_NOTES,
    DOC_LABEL_COVER,
    DOC_LABEL_COVER_OF,          /* %s: the title (the cover's alt text) */
    DOC_LABEL_TITLE_PAGE,
    DOC_LABEL_COLOPHON,
    DOC_LABEL_START_OF_CONTENT,
    DOC_LABEL_PAGES,             /* the page-list's heading */
    DOC_LABEL_EDITION,           /* %s */
    DOC_LABEL_PUBLISHED_BY,      /* %s */
    DOC_LABEL_TASK_DONE,         /* a checked task box, for screen readers */
    DOC_LABEL_TASK_TODO,
    DOC_LABEL__COUNT
};
const char *doc_label(const char *language, enum doc_label label);

/* cmark-gfm parses behind one process-wide lock (its extensions keep global
 * state): the seconds parsers held it and waited for it so far. */
void doc_parse_lock_stats(double *held, double *waited);

/* Must run once, on the main thread, before any chapter is parsed. */
void doc_init(void);

/* text with typographic quotes, dashes and ellipses, as the series' chapters
 * get them (as written with smart-punctuation: false). Caller frees. */
char *doc_smarten(const struct series *series, const char *text);

/* GitHub's heading anchor for text (lowercase, punctuation other than - and _
 * dropped, spaces to -). Caller frees. */
char *doc_slugify(const char *text);

#endif
