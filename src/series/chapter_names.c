/* Every chapter's stable name, from its source file: "02-garbage-collection.md"
 * is "02-garbage-collection" whatever comes before it, so that an edition that
 * inserts, removes or reorders chapters renames no other chapter's file inside
 * the EPUB (where readers' notes and highlights are keyed). */
#include <stdlib.h>
#include <string.h>

#include "series/series.h"

/* Hex digits of the path's hash that mark a name changed on its way from the
 * file name; the full hash only when that still collides (a file named like
 * another's marked name). */
#define NAME_HASH_SHORT 8
#define NAME_HASH_FULL 40

/* Names of the pages octavo makes itself (EPUB/<name>.xhtml): a chapter never
 * takes one ("changes" is the generated changes in this edition). */
static const char *const reserved_names[] = {"nav", "toc", "cover", "titlepage", "colophon",
                                             "changes", "contents", "index", NULL};

static bool reserved(const char *name)
{
    for (const char *const *r = reserved_names; *r; r++)
        if (!strcmp(*r, name))
            return true;
    return false;
}

/* The chapter's path without its ".md". */
static char *stem(const char *file)
{
    size_t n = strlen(file);
    if (n > 3 && !strcmp(file + n - 3, ".md"))
        n -= 3;
    return xstrndup(file, n);
}

static char *name_for(const char *file, size_t hash_hex, bool *clean)
{
    char *st = stem(file);
    char *name = ident_from_path(st, hash_hex, clean);
    if (*clean && reserved(name)) {
        free(name);
        /* "cover" → "cover-1a2b3c4d": as if the name had been changed */
        unsigned char d[20];
        sha1(st, strlen(st), d);
        name = xasprintf("%s-%02x%02x%02x%02x", st, d[0], d[1], d[2], d[3]);
        *clean = false;
    }
    free(st);
    return name;
}

void series_name_chapters(struct series *s)
{
    bool *clean = xcalloc(s->n_chapters + 1, sizeof *clean);
    for (size_t i = 0; i < s->n_chapters; i++) {
        free(s->chapters[i].name);
        s->chapters[i].name = name_for(s->chapters[i].file, NAME_HASH_SHORT, &clean[i]);
    }
    /* Clean names are distinct (distinct files); a marked name may only meet
     * another by a file named after it on purpose: then the marked one takes
     * the full hash, which depends on nothing but its own path. */
    for (size_t i = 0; i < s->n_chapters; i++) {
        if (clean[i])
            continue;
        bool taken = false;
        for (size_t j = 0; j < s->n_chapters && !taken; j++)
            taken = j != i && !strcmp(s->chapters[i].name, s->chapters[j].name);
        if (taken) {
            free(s->chapters[i].name);
            s->chapters[i].name = name_for(s->chapters[i].file, NAME_HASH_FULL, &clean[i]);
        }
    }
    free(clean);
}
