/* An earlier edition of the series, opened to compare with: from the archive
 * (its sources snapshot unpacked, its PDF's page map) or from a git revision
 * (the series' folder copied out of the repository), loaded as a series and
 * read chapter by chapter into what the diff keeps. */
#include "build/internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GIT_PREFIX "git:"

struct read_job {
    struct build_earlier *e;
    struct diag_list *diags; /* per chapter */
    bool *failed;
};

static void read_chapter(void *ctx, size_t i)
{
    struct read_job *j = ctx;
    struct doc_chapter *ch = doc_chapter_load(j->e->series, i, &j->diags[i]);
    if (!ch) {
        j->failed[i] = true;
        return;
    }
    diff_book_set(j->e->book, i, j->e->series->chapters[i].file, ch->title, ch->root);
    doc_chapter_free(ch);
}

/* Its chapters, read on jobs threads into e->book; their warnings are the
 * earlier edition's business, not this build's. */
static bool read_chapters(struct build_earlier *e, int jobs, struct diag_list *dl)
{
    size_t n = e->series->n_chapters;
    struct read_job j = {.e = e, .diags = xcalloc(n + 1, sizeof *j.diags),
                         .failed = xcalloc(n + 1, sizeof *j.failed)};
    e->book = diff_book_new(n);
    parallel_for(n, jobs, read_chapter, &j);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (j.failed[i] && ok) {
            const struct diag *d = j.diags[i].len ? &j.diags[i].items[0] : NULL;
            diag_add(dl, DIAG_ERROR, e->series->manifest_path, 0, 0,
                     "edition %s cannot be read: %s%s%s", e->name, d ? d->file : "",
                     d ? ": " : "", d ? d->msg : "a chapter failed");
            ok = false;
        }
        diag_list_free(&j.diags[i]);
    }
    free(j.diags);
    free(j.failed);
    return ok;
}

/* The page map of edition `edition` when the archive holds it. */
static void read_pagemap(struct build_earlier *e, const char *archive, const char *slug,
                         struct diag_list *dl)
{
    char *dir = edition_dir(archive, slug, e->edition);
    char *path = xasprintf("%s/pagemap.tsv", dir);
    if (access(path, F_OK) == 0)
        edition_pagemap_read(path, &e->pagemap, dl);
    free(path);
    free(dir);
}

bool build_earlier_open(const struct series *s, const char *archive, const char *name,
                        int jobs, struct build_earlier *e, struct diag_list *dl)
{
    memset(e, 0, sizeof *e);
    const char *m = s->manifest_path;
    struct diag_list scratch = DIAG_LIST_INIT;
    char *dir = NULL;
    bool ok = false;
    if (name && !strncmp(name, GIT_PREFIX, strlen(GIT_PREFIX))) {
        e->name = xstrdup(name);
        if (!vcs_export_series(s->dir, name + strlen(GIT_PREFIX), &e->vcs, dl))
            goto done;
        dir = xstrdup(e->vcs.series_dir);
    } else {
        if (name && !semver_valid(name)) {
            diag_add(dl, DIAG_ERROR, m, 0, 0,
                     "'%s' is neither an edition (a semantic version such as 1.0.0) nor git:REV",
                     name);
            goto done;
        }
        /* unnamed: the newest edition before this one, if the archive has any */
        e->name = name ? xstrdup(name) : edition_newest_before(archive, s->slug, s->edition);
        if (!e->name)
            goto done;
        if (semver_compare(e->name, s->edition) >= 0) {
            diag_add(dl, DIAG_ERROR, m, 0, 0, "edition %s is not earlier than this one (%s)",
                     e->name, s->edition);
            goto done;
        }
        char *edir = edition_dir(archive, s->slug, e->name);
        char *tar = xasprintf("%s/sources.tar", edir);
        free(edir);
        if (access(tar, F_OK) != 0) {
            diag_add(dl, DIAG_ERROR, m, 0, 0, "edition %s of %s is not in the archive (%s)",
                     e->name, s->slug, archive);
            free(tar);
            goto done;
        }
        bool unpacked = edition_sources_extract(tar, s->slug, &e->src, dl);
        free(tar);
        if (!unpacked)
            goto done;
        dir = xstrdup(e->src.series_dir);
    }
    e->series = series_load(dir, &scratch);
    if (!e->series) {
        const struct diag *d = scratch.len ? &scratch.items[0] : NULL;
        diag_add(dl, DIAG_ERROR, m, 0, 0, "edition %s cannot be read: %s", e->name,
                 d ? d->msg : "its series.yaml is not valid");
        goto done;
    }
    e->edition = xstrdup(e->series->edition);
    read_pagemap(e, archive, s->slug, dl);
    ok = read_chapters(e, jobs, dl);
done:
    diag_list_free(&scratch);
    free(dir);
    if (!ok)
        build_earlier_close(e);
    return ok;
}

void build_earlier_close(struct build_earlier *e)
{
    diff_book_free(e->book);
    series_free(e->series);
    edition_pagemap_free(&e->pagemap);
    if (e->src.root)
        edition_sources_remove(&e->src);
    if (e->vcs.root)
        vcs_export_remove(&e->vcs);
    free(e->name);
    free(e->edition);
    memset(e, 0, sizeof *e);
}

char *build_earlier_label(const char *name)
{
    /* git:feature/x → git-feature-x: a file name */
    char *s = xstrdup(name);
    for (char *p = s; *p; p++)
        if (*p == ':' || *p == '/' || *p == '\\' || *p == ' ' || *p == '~' || *p == '^')
            *p = '-';
    return s;
}
