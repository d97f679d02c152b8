/* What an edition's archive keeps besides the books: the page map (every
 * chapter start, heading and anchor → the PDF page it lands on) and the list
 * of the series' files the build read (for the sources snapshot). */
#include "build/internal.h"
#include "edition/edition.h"

#include <stdlib.h>
#include <string.h>

/* (node, offset) order of two places in one chapter. */
static int pos_cmp(struct doc_pos a, struct doc_pos b)
{
    if (a.node != b.node)
        return a.node < b.node ? -1 : 1;
    return (a.offset > b.offset) - (a.offset < b.offset);
}

void build_page_map(const struct series *s, const struct doc_book *book,
                    const struct doc_page_start *starts, size_t n_starts,
                    struct edition_pagemap *out)
{
    size_t p = 0; /* page starts are in reading order, chapters too */
    for (size_t c = 0; c < s->n_chapters; c++) {
        const struct doc_chapter_info *info = &book->chapters[c];
        if (s->chapters[c].generated)
            continue; /* not the author's: no place a later edition refers to */
        /* this chapter's pages: [first, end) */
        while (p < n_starts && starts[p].chapter != (int)c)
            p++;
        size_t first = p, end = p;
        while (end < n_starts && starts[end].chapter == (int)c)
            end++;
        if (first == end)
            continue; /* not typeset (cannot happen in a finished PDF) */
        size_t page = first;
        for (size_t t = 0; t < info->n_targets; t++) {
            const struct doc_target *tg = &info->targets[t];
            struct doc_pos at = {.node = tg->node, .offset = 0};
            /* the last page that begins at or before the target; targets come
             * in node order, so the search only moves forward */
            while (page + 1 < end && !starts[page + 1].blank &&
                   pos_cmp(starts[page + 1].pos, at) <= 0)
                page++;
            edition_pagemap_add(out, s->chapters[c].file, tg->id ? tg->id : "",
                                starts[page].label, tg->level, tg->title ? tg->title : "");
        }
        p = end;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **build_source_files(const struct series *s, const struct doc_book *book, size_t *n_out)
{
    size_t cap = 2 + s->n_chapters + book->n_images + book->n_image_aliases, n = 0;
    char **files = xcalloc(cap, sizeof *files);
    files[n++] = xstrdup("series.yaml");
    for (size_t i = 0; i < s->n_chapters; i++)
        if (!s->chapters[i].generated) /* made by octavo, not read */
            files[n++] = xstrdup(s->chapters[i].file);
    /* every path a chapter wrote for an image, not only the one the book keeps */
    for (size_t i = 0; i < book->n_images; i++)
        files[n++] = xstrdup(book->images[i]->rel);
    for (size_t i = 0; i < book->n_image_aliases; i++)
        files[n++] = xstrdup(book->image_aliases[i].rel);
    if (s->cover)
        files[n++] = xstrdup(s->cover);
    qsort(files, n, sizeof *files, by_name);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w && !strcmp(files[w - 1], files[i]))
            free(files[i]);
        else
            files[w++] = files[i];
    }
    *n_out = w;
    return files;
}
