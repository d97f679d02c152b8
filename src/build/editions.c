/* A build that compares with earlier editions: the book gets a generated
 * "Changes in this edition" chapter at its end, and with --diff-from a
 * redline is rendered from merged models (each chapter against the one it
 * continues; a removed chapter, all deleted, where it stood). Both reach the
 * pipeline as chapter sources. */
#include "build/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The generated chapter's file name, at the series' top level (its links to
 * the chapters are relative to it); another is taken if a chapter has it. */
#define CHANGES_FILE "changes-in-this-edition.md"

struct build_editions {
    const struct series *s;
    struct build_earlier since, from; /* since: the changes chapter's; from: the redline's */
    bool has_since, has_from;
    struct diff_book *book;           /* this edition, as the pipeline reads it */
    pthread_mutex_t mu;
    pthread_cond_t cond;
    size_t taken;                     /* chapters of this edition read so far */
    /* the book: s and the changes chapter */
    struct series book_series;
    struct series_chapter *book_chapters;
    bool with_changes;
    char *changes_file, *changes_name;
    struct build_source source;
    /* the redline: this edition's chapters, removed ones where they stood */
    struct series red_series;
    struct series_chapter *red_chapters;
    size_t *red_new;                  /* per redline chapter: this edition's, or DIFF_NONE */
    size_t *red_old;                  /* per redline chapter: the earlier one it continues */
    struct build_source red_source;
};

static bool same_earlier(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* A series that is s with other chapters (the strings are s's or ed's). */
static void derive(struct series *out, const struct series *s, struct series_chapter *chapters,
                   size_t n)
{
    *out = *s;
    out->chapters = chapters;
    out->n_chapters = n;
}

static bool file_taken(const struct series *s, const char *file)
{
    for (size_t i = 0; i < s->n_chapters; i++)
        if (!strcmp(s->chapters[i].file, file))
            return true;
    return false;
}

/* this edition's chapter i, read and taken for the comparison */
static struct doc_chapter *take(struct build_editions *ed, const struct series *s, size_t i,
                                size_t own, struct diag_list *dl)
{
    struct doc_chapter *ch = doc_chapter_load(s, i, dl);
    if (ch)
        diff_book_set(ed->book, own, ed->s->chapters[own].file, ch->title, ch->root);
    else
        diff_book_set(ed->book, own, ed->s->chapters[own].file, "", NULL);
    pthread_mutex_lock(&ed->mu);
    ed->taken++;
    pthread_cond_broadcast(&ed->cond);
    pthread_mutex_unlock(&ed->mu);
    return ch;
}

static struct doc_chapter *changes_chapter(struct build_editions *ed, const struct series *s,
                                           size_t i, struct diag_list *dl)
{
    /* every other chapter first: workers read ahead in any order */
    pthread_mutex_lock(&ed->mu);
    while (ed->taken < ed->s->n_chapters)
        pthread_cond_wait(&ed->cond, &ed->mu);
    pthread_mutex_unlock(&ed->mu);
    struct diff_report r;
    diff_compare(ed->since.book, ed->book, &r);
    struct diff_old_page *pages = xcalloc(ed->since.pagemap.len + 1, sizeof *pages);
    for (size_t k = 0; k < ed->since.pagemap.len; k++) {
        const struct edition_page_entry *p = &ed->since.pagemap.items[k];
        pages[k] = (struct diff_old_page){.file = p->chapter_file, .anchor = p->anchor,
                                          .page = p->page};
    }
    struct diff_changes c = {.language = s->language, .since = ed->since.edition,
                             .notes = s->changes, .report = &r, .old_b = ed->since.book,
                             .new_b = ed->book, .pages = pages,
                             .n_pages = ed->since.pagemap.len};
    size_t len;
    char *md = diff_changes_markdown(&c, &len);
    struct doc_chapter *ch = doc_chapter_parse(s, i, s->manifest_path, md, len, dl);
    free(md);
    free(pages);
    diff_report_free(&r);
    return ch;
}

static struct doc_chapter *load_book_chapter(void *ctx, const struct series *s, size_t i,
                                             struct diag_list *dl)
{
    struct build_editions *ed = ctx;
    if (i < ed->s->n_chapters)
        return take(ed, s, i, i, dl);
    return changes_chapter(ed, s, i, dl);
}

bool build_editions_open(const struct series *s, const struct build_options *opt,
                         struct build_editions **out, struct diag_list *dl)
{
    *out = NULL;
    const char *archive = opt->archive ? opt->archive : BUILD_DEFAULT_ARCHIVE;
    int jobs = opt->jobs > 0 ? opt->jobs : 1;
    struct build_editions *ed = xcalloc(1, sizeof *ed);
    ed->s = s;
    size_t errors = diag_count(dl, DIAG_ERROR);
    if (s->changes_section || opt->changes_since)
        ed->has_since = build_earlier_open(s, archive, opt->changes_since, jobs, &ed->since, dl);
    if (opt->diff_from) {
        if (ed->has_since && same_earlier(opt->diff_from, ed->since.name))
            ed->has_from = true; /* the same: opened once, ed->from unused */
        else
            ed->has_from = build_earlier_open(s, archive, opt->diff_from, jobs, &ed->from, dl);
    }
    if (diag_count(dl, DIAG_ERROR) > errors) {
        build_editions_free(ed);
        return false;
    }
    if (!ed->has_since && !ed->has_from) {
        build_editions_free(ed);
        return true;
    }
    pthread_mutex_init(&ed->mu, NULL);
    pthread_cond_init(&ed->cond, NULL);
    ed->book = diff_book_new(s->n_chapters);
    size_t n = s->n_chapters;
    ed->with_changes = ed->has_since && s->changes_section;
    ed->book_chapters = xcalloc(n + 2, sizeof *ed->book_chapters);
    memcpy(ed->book_chapters, s->chapters, n * sizeof *s->chapters);
    if (ed->with_changes) {
        ed->changes_file = xstrdup(CHANGES_FILE);
        for (int k = 2; file_taken(s, ed->changes_file); k++) {
            free(ed->changes_file);
            ed->changes_file = xasprintf("changes-in-this-edition-%d.md", k);
        }
        ed->changes_name = xstrndup(ed->changes_file, strlen(ed->changes_file) - strlen(".md"));
        ed->book_chapters[n] = (struct series_chapter){
            .file = ed->changes_file, .display_path = s->manifest_path, .name = ed->changes_name,
            .generated = true};
    }
    derive(&ed->book_series, s, ed->book_chapters, n + ed->with_changes);
    ed->source = (struct build_source){.load = load_book_chapter, .ctx = ed};
    *out = ed;
    return true;
}

const struct series *build_editions_series(const struct build_editions *ed)
{
    return &ed->book_series;
}

const struct build_source *build_editions_source(struct build_editions *ed)
{
    return &ed->source;
}

static const struct build_earlier *redline_from(const struct build_editions *ed)
{
    return ed->from.name ? &ed->from : &ed->since;
}

const char *build_editions_diff_from(const struct build_editions *ed)
{
    if (!ed->has_from)
        return NULL;
    return ed->from.name ? ed->from.name : ed->since.name;
}

char *build_editions_diff_from_label(const struct build_editions *ed)
{
    const struct build_earlier *from = redline_from(ed);
    if (!strcmp(from->name, from->edition))
        return xstrdup(from->name);
    return xasprintf("%s (%s)", from->edition, from->name);
}

/* ---- the redline ---- */

static struct doc_chapter *load_red_chapter(void *ctx, const struct series *s, size_t i,
                                            struct diag_list *dl)
{
    struct build_editions *ed = ctx;
    const struct build_earlier *from = redline_from(ed);
    if (ed->red_chapters[i].generated && ed->red_new[i] == DIFF_NONE &&
        ed->red_old[i] == DIFF_NONE)
        return changes_chapter(ed, s, i, dl);
    struct doc_chapter *old = NULL;
    if (ed->red_old[i] != DIFF_NONE) {
        /* the earlier edition read well once: what it says again is not news */
        struct diag_list quiet = DIAG_LIST_INIT;
        old = doc_chapter_load(from->series, ed->red_old[i], &quiet);
        diag_list_free(&quiet);
    }
    struct doc_chapter *ch;
    if (ed->red_new[i] != DIFF_NONE) {
        ch = doc_chapter_load(s, i, dl);
        if (ch)
            diff_redline_chapter(ch, old ? old->root : NULL);
    } else {
        /* removed: an empty model with the old text, all deleted */
        ch = doc_chapter_parse(s, i, ed->red_chapters[i].display_path, "", 0, dl);
        if (ch && old) {
            ch->title = arena_strdup(ch->arena, old->title);
            diff_redline_removed(ch, old->root);
        }
    }
    doc_chapter_free(old);
    return ch;
}

void build_editions_redline(struct build_editions *ed, const struct series **series_out,
                            const struct build_source **source_out)
{
    const struct build_earlier *from = redline_from(ed);
    const struct series *s = ed->s;
    size_t n_new = s->n_chapters, n_old = diff_book_len(from->book);
    /* every chapter of this edition was read by the book's run */
    size_t *match = diff_match_chapters(from->book, ed->book);
    bool *kept = xcalloc(n_old + 1, sizeof *kept);
    for (size_t j = 0; j < n_new; j++)
        if (match[j] != DIFF_NONE)
            kept[match[j]] = true;
    /* removed chapters go after the new place of their old predecessor */
    size_t *after = xcalloc(n_old + 1, sizeof *after);
    for (size_t i = 0, last = DIFF_NONE; i < n_old; i++) {
        for (size_t j = 0; j < n_new && kept[i]; j++)
            if (match[j] == i)
                last = j;
        after[i] = last;
    }
    size_t cap = n_new + n_old + 2, n = 0;
    ed->red_chapters = xcalloc(cap, sizeof *ed->red_chapters);
    ed->red_new = xcalloc(cap, sizeof *ed->red_new);
    ed->red_old = xcalloc(cap, sizeof *ed->red_old);
    for (size_t j = 0; j <= n_new; j++) {
        size_t anchor = j == 0 ? DIFF_NONE : j - 1;
        for (size_t i = 0; i < n_old; i++) {
            if (kept[i] || after[i] != anchor)
                continue;
            ed->red_chapters[n] = from->series->chapters[i];
            ed->red_chapters[n].generated = true;
            ed->red_new[n] = DIFF_NONE;
            ed->red_old[n++] = i;
        }
        if (j == n_new)
            break;
        ed->red_chapters[n] = s->chapters[j];
        ed->red_new[n] = j;
        ed->red_old[n++] = match[j];
    }
    if (ed->with_changes) {
        ed->red_chapters[n] = ed->book_chapters[n_new];
        ed->red_new[n] = ed->red_old[n] = DIFF_NONE;
        n++;
    }
    free(after);
    free(kept);
    free(match);
    derive(&ed->red_series, s, ed->red_chapters, n);
    ed->red_source = (struct build_source){.load = load_red_chapter, .ctx = ed};
    *series_out = &ed->red_series;
    *source_out = &ed->red_source;
}

void build_editions_free(struct build_editions *ed)
{
    if (!ed)
        return;
    if (ed->book) {
        pthread_mutex_destroy(&ed->mu);
        pthread_cond_destroy(&ed->cond);
    }
    if (ed->has_since)
        build_earlier_close(&ed->since);
    if (ed->from.name || ed->from.book)
        build_earlier_close(&ed->from);
    diff_book_free(ed->book);
    free(ed->book_chapters);
    free(ed->changes_file);
    free(ed->changes_name);
    free(ed->red_chapters);
    free(ed->red_new);
    free(ed->red_old);
    free(ed);
}
