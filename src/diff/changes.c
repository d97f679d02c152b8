/* The generated "Changes in this edition" section, as Markdown for the
 * chapter parser: release notes, then every chapter and section the report
 * names, each linked to where it now is, each changed or removed one with its
 * page in the earlier edition's PDF. */
#include "diff/diff.h"

#include <stdlib.h>
#include <string.h>

/* Text as Markdown shows it literally: ASCII punctuation escaped, one line. */
static void put_literal(struct buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n' || c == '\r' || c == '\t')
            buf_putc(b, ' ');
        else if (c < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) && c)
            buf_printf(b, "\\%c", c);
        else
            buf_putc(b, (char)c);
    }
}

/* A link destination in angle brackets, which may hold spaces and parentheses. */
static void put_target(struct buf *b, const char *file, const char *anchor)
{
    buf_putc(b, '<');
    for (const char *s = file; *s; s++) {
        if (*s == '<' || *s == '>' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    if (anchor && *anchor) {
        buf_putc(b, '#');
        for (const char *s = anchor; *s; s++) {
            if (*s == '<' || *s == '>' || *s == '\\')
                buf_putc(b, '\\');
            buf_putc(b, *s);
        }
    }
    buf_putc(b, '>');
}

static const char *old_page(const struct diff_changes *c, const char *file, const char *anchor)
{
    for (size_t i = 0; file && i < c->n_pages; i++)
        if (!strcmp(c->pages[i].file, file) && !strcmp(c->pages[i].anchor, anchor ? anchor : ""))
            return c->pages[i].page;
    return NULL;
}

static void put_label(struct buf *b, const struct diff_changes *c, enum doc_label l)
{
    buf_puts(b, doc_label(c->language, l));
}

static void put_count(struct buf *b, const struct diff_changes *c, enum doc_label many,
                      enum doc_label one, size_t n)
{
    if (n == 1)
        put_label(b, c, one);
    else
        buf_printf(b, doc_label(c->language, many), n);
}

static void put_entry(struct buf *b, const struct diff_changes *c, const struct diff_entry *e)
{
    bool chapter = e->level <= 1;
    buf_puts(b, chapter ? "- " : "  - ");
    if (e->what & DIFF_REMOVED) {
        buf_puts(b, "~~");
        put_literal(b, e->title);
        buf_puts(b, "~~");
    } else {
        buf_putc(b, '[');
        put_literal(b, e->title);
        buf_puts(b, "](");
        put_target(b, diff_book_file(c->new_b, e->new_chapter), chapter ? NULL : e->new_id);
        buf_putc(b, ')');
    }
    buf_puts(b, " — ");
    static const struct { unsigned bit; enum doc_label label; } kinds[] = {
        {DIFF_ADDED, DOC_LABEL_ADDED}, {DIFF_REMOVED, DOC_LABEL_REMOVED},
        {DIFF_MOVED, DOC_LABEL_MOVED}, {DIFF_CHANGED, DOC_LABEL_CHANGED},
    };
    bool first = true;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (e->what & kinds[k].bit) {
            if (!first)
                buf_puts(b, ", ");
            put_label(b, c, kinds[k].label);
            first = false;
        }
    /* how much: the size of what came or went, else the words changed */
    buf_puts(b, " (");
    if (e->what & (DIFF_ADDED | DIFF_REMOVED)) {
        buf_printf(b, doc_label(c->language, DOC_LABEL_WORDS), e->words);
    } else if (e->words_added || e->words_removed) {
        if (e->words_added)
            put_count(b, c, DOC_LABEL_WORDS_ADDED, DOC_LABEL_WORD_ADDED, e->words_added);
        if (e->words_added && e->words_removed)
            buf_puts(b, ", ");
        if (e->words_removed)
            put_count(b, c, DOC_LABEL_WORDS_REMOVED, DOC_LABEL_WORD_REMOVED, e->words_removed);
    } else {
        buf_printf(b, doc_label(c->language, DOC_LABEL_WORDS), e->words);
    }
    /* errata keyed to the pages the reader holds */
    if ((e->what & (DIFF_CHANGED | DIFF_REMOVED)) && e->old_chapter != DIFF_NONE) {
        const char *page =
            old_page(c, diff_book_file(c->old_b, e->old_chapter), chapter ? "" : e->old_id);
        if (page) {
            buf_puts(b, "; ");
            char *lit = xasprintf(doc_label(c->language, DOC_LABEL_OLD_PAGE), page, c->since);
            put_literal(b, lit);
            free(lit);
        }
    }
    buf_puts(b, ")\n");
}

char *diff_changes_markdown(const struct diff_changes *c, size_t *len_out)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "# ");
    put_literal(&b, doc_label(c->language, DOC_LABEL_CHANGES_TITLE));
    buf_puts(&b, "\n\n");
    char *since = xasprintf(doc_label(c->language, DOC_LABEL_CHANGES_SINCE), c->since);
    put_literal(&b, since);
    free(since);
    buf_puts(&b, "\n\n");
    if (c->notes && c->notes[strspn(c->notes, " \t\r\n")]) {
        buf_puts(&b, "## ");
        put_literal(&b, doc_label(c->language, DOC_LABEL_RELEASE_NOTES));
        buf_puts(&b, "\n\n");
        buf_puts(&b, c->notes);
        buf_puts(&b, "\n\n");
    }
    buf_puts(&b, "## ");
    put_literal(&b, doc_label(c->language, DOC_LABEL_CHAPTERS_SECTIONS));
    buf_puts(&b, "\n\n");
    if (!c->report->len)
        put_literal(&b, doc_label(c->language, DOC_LABEL_NO_CHANGES));
    for (size_t i = 0; i < c->report->len; i++)
        put_entry(&b, c, &c->report->items[i]);
    buf_putc(&b, '\n');
    return buf_detach(&b, len_out);
}
