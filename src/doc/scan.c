/* Pass 1 over every chapter, in parallel: parse, collect what the book needs,
 * free the model. Memory stays bounded by the chapters in flight. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

struct scan_job {
    const struct series *s;
    struct doc_chapter_info *infos;
    struct diag_list *diags; /* one list per chapter: printed in chapter order */
    bool *ok;
};

static void scan_one(void *ctx, size_t i)
{
    struct scan_job *job = ctx;
    struct doc_chapter *ch = doc_chapter_load(job->s, i, &job->diags[i]);
    if (!ch) {
        job->ok[i] = false;
        return;
    }
    doc_chapter_collect(ch, &job->infos[i]);
    job->ok[i] = true;
    doc_chapter_free(ch);
}

bool doc_book_scan(struct doc_book *book, const struct series *s, int threads,
                   struct diag_list *dl)
{
    size_t n = s->n_chapters;
    struct scan_job job = {
        .s = s,
        .infos = xcalloc(n, sizeof(struct doc_chapter_info)),
        .diags = xcalloc(n, sizeof(struct diag_list)),
        .ok = xcalloc(n, sizeof(bool)),
    };
    parallel_for(n, threads, scan_one, &job);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        diag_splice(dl, &job.diags[i]);
        ok &= job.ok[i];
    }
    free(job.diags);
    free(job.ok);
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            doc_chapter_info_free(&job.infos[i]);
        free(job.infos);
        memset(book, 0, sizeof *book);
        return false;
    }
    return doc_book_init(book, s, job.infos, dl);
}
