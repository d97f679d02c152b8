/* pdf_typesetter: chapters are laid out as they come, on any thread, and
 * drawn in order on one — a chapter's pages depend on nothing outside it,
 * because every chapter opens on a right-hand page. The contents, which need
 * every page number, are set and drawn last with the cover and title pages,
 * and put back in front when the file is finished (post.c). Memory holds only
 * the chapters in flight: the pipeline (src/build) decides how many. */
#include "pdf/book.h"
#include "pdf/front.h"
#include "pdf/hyphen.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pdf_typesetter {
    const struct doc_book *book;
    struct pdf_options opt;
    struct pdf_style st;
    struct pdf_fonts fonts;
    bool begun;
    struct pdf_images *images;
    struct pdf_hyphenator *hyph;
    struct pdf_book_ctx bc;
    struct pdf_chapter_out *outs; /* per chapter: laid out, then drawn */
    /* shapers for layout threads, each used by one thread at a time */
    pthread_mutex_t mu;
    struct pdf_shaper **idle, **all;
    size_t n_idle, n_all;
    /* drawing, on one thread, in chapter order */
    struct pdf_shaper *sh;
    struct pdf_book *pb;
    unsigned folio;
    size_t drawn;
    struct doc_page_start *starts;
    size_t n_starts;
    double t_draw, cpu_draw;
};

/* "Pages with changes since edition 1.0.0: 3, 5, 17–19." Caller frees. */
static char *changed_pages_text(const struct pdf_book *pb, const char *language,
                                const char *from)
{
    size_t n;
    const unsigned *folio = pdf_book_changed(pb, &n);
    struct buf b = BUF_INIT;
    buf_printf(&b, doc_label(language, n ? DOC_LABEL_REDLINE_PAGES : DOC_LABEL_REDLINE_NONE),
               from);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && folio[j + 1] == folio[j] + 1)
            j++;
        buf_printf(&b, "%s%u", i ? ", " : " ", folio[i]);
        if (j > i)
            buf_printf(&b, "\u2013%u", folio[j]); /* an en dash */
        i = j + 1;
    }
    if (n)
        buf_putc(&b, '.');
    return buf_detach(&b, NULL);
}

struct pdf_typesetter *pdf_typesetter_new(const struct doc_book *book,
                                          const struct pdf_options *opt)
{
    struct pdf_typesetter *t = xcalloc(1, sizeof *t);
    t->book = book;
    t->opt = *opt;
    t->folio = 1;
    pthread_mutex_init(&t->mu, NULL);
    t->outs = xcalloc(book->series->n_chapters + 1, sizeof *t->outs);
    return t;
}

void pdf_typesetter_free(struct pdf_typesetter *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->book->series->n_chapters; i++)
        pdf_chapter_out_free(&t->outs[i]);
    free(t->outs);
    if (t->pb) /* a build that stopped before the file was finished */
        pdf_book_abandon(t->pb);
    pdf_shaper_free(t->sh);
    for (size_t i = 0; i < t->n_all; i++)
        pdf_shaper_free(t->all[i]);
    free(t->all);
    free(t->idle);
    pthread_mutex_destroy(&t->mu);
    pdf_hyphenator_free(t->hyph);
    pdf_images_free(t->images);
    if (t->begun)
        pdf_fonts_free(&t->fonts);
    free(t->starts);
    free(t);
}

const struct doc_page_start *pdf_typesetter_pages(const struct pdf_typesetter *t, size_t *n_out)
{
    *n_out = t->n_starts;
    return t->starts;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool pdf_typesetter_begin(struct pdf_typesetter *t, struct diag_list *dl)
{
    const struct doc_book *book = t->book;
    const struct series *s = book->series;
    const char *size = t->opt.page_size ? t->opt.page_size : s->page_size ? s->page_size : "a4";
    if (!pdf_style_init(&t->st, size)) {
        diag_add(dl, DIAG_ERROR, t->opt.page_size ? "--page-size" : s->manifest_path, 0, 0,
                 "unknown page size '%s' (%s)", size, pdf_page_size_names());
        return false;
    }
    t->begun = true;
    bool fonts_ok = pdf_fonts_load(&t->fonts, dl);
    for (size_t i = 0; i < t->fonts.n; i++) /* handed to fontconfig, which opens them */
        file_log_add(s->inputs, t->fonts.files[i].path);
    if (!fonts_ok)
        return false;
    t->images = pdf_images_new(book);
    t->bc = (struct pdf_book_ctx){.book = book, .st = &t->st, .fonts = &t->fonts,
                                  .images = t->images};
    size_t errors = diag_count(dl, DIAG_ERROR);
    if (book->cover_image >= 0) {
        pdf_image_info_at(t->images, (size_t)book->cover_image);
        pdf_images_take_diags(t->images, dl);
    }
    if (diag_count(dl, DIAG_ERROR) > errors)
        return false;
    t->hyph = pdf_hyphenator_new(s->language, s->manifest_path, s->inputs, dl);
    t->sh = pdf_shaper_new(&t->fonts, &t->st, t->hyph);
    t->pb = pdf_book_begin(&t->bc, t->sh, t->opt.modified_epoch);
    return true;
}

static struct pdf_shaper *take_shaper(struct pdf_typesetter *t)
{
    pthread_mutex_lock(&t->mu);
    struct pdf_shaper *sh = t->n_idle ? t->idle[--t->n_idle] : NULL;
    if (!sh) {
        sh = pdf_shaper_new(&t->fonts, &t->st, t->hyph);
        t->all = xgrow(t->all, t->n_all, sizeof *t->all);
        t->all[t->n_all++] = sh;
        t->idle = xrealloc(t->idle, t->n_all * sizeof *t->idle);
    }
    pthread_mutex_unlock(&t->mu);
    return sh;
}

static void give_shaper(struct pdf_typesetter *t, struct pdf_shaper *sh)
{
    pthread_mutex_lock(&t->mu);
    t->idle[t->n_idle++] = sh;
    pthread_mutex_unlock(&t->mu);
}

void pdf_typesetter_layout(struct pdf_typesetter *t, const struct doc_chapter *ch)
{
    struct pdf_shaper *sh = take_shaper(t);
    pdf_chapter_layout(&t->bc, sh, ch, &t->outs[ch->index]);
    give_shaper(t, sh);
}

static void gpage_set(struct pdf_gpage *g, int chapter, int index, unsigned folio, bool roman,
                      enum pdf_page_kind kind)
{
    *g = (struct pdf_gpage){.chapter = chapter, .index = index, .folio = folio,
                            .kind = (uint8_t)kind};
    if (kind == PDF_PAGE_COVER)
        snprintf(g->label, sizeof g->label, "Cover");
    else if (roman)
        pdf_roman(folio, g->label);
    else
        snprintf(g->label, sizeof g->label, "%u", folio);
}

static void start_add(struct pdf_typesetter *t, const struct pdf_gpage *g,
                      const struct pdf_chapter_out *src)
{
    t->starts = xgrow(t->starts, t->n_starts, sizeof *t->starts);
    struct doc_page_start *ps = &t->starts[t->n_starts++];
    memset(ps, 0, sizeof *ps);
    snprintf(ps->label, sizeof ps->label, "%s", g->label);
    ps->chapter = g->chapter;
    if (g->chapter >= 0 && g->kind == PDF_PAGE_BLANK) {
        ps->blank = true;
        ps->pos.node = DOC_POS_END;
    } else if (g->chapter >= 0 && src && g->index > 0) {
        ps->pos.node = src->pages[g->index].src_node;
        ps->pos.offset = src->pages[g->index].src_off;
    }
}

/* A laid-out chapter after drawing: only its headings and page starts stay. */
static void release(struct pdf_chapter_out *o)
{
    pdf_dlist_free(&o->d);
    free(o->places);
    o->places = NULL;
    o->n_places = 0;
}


bool pdf_typesetter_draw(struct pdf_typesetter *t, size_t c, struct diag_list *dl,
                         const struct doc_page_start **starts_out, size_t *n_out)
{
    double t0 = now(), cpu0 = thread_cpu();
    struct pdf_chapter_out *o = &t->outs[c];
    size_t errors = diag_count(dl, DIAG_ERROR);
    diag_splice(dl, &o->diags);
    pdf_images_take_diags(t->images, dl);
    *starts_out = NULL;
    *n_out = 0;
    if (diag_count(dl, DIAG_ERROR) > errors || c != t->drawn)
        return false;
    size_t first = t->n_starts;
    struct pdf_gpage g;
    pdf_book_section(t->pb, PDF_TAG_SECT);
    size_t head = pdf_book_head(t->pb, t->book->chapters[c].title);
    for (size_t i = 0; i < o->n_pages; i++) {
        gpage_set(&g, (int)c, (int)i, t->folio++, false, PDF_PAGE_BODY);
        pdf_book_page(t->pb, &g, o, head, i + 1 == o->n_pages);
        start_add(t, &g, o);
    }
    if (t->folio % 2 == 0 && c + 1 < t->book->series->n_chapters) {
        /* a blank left-hand page, this chapter's last: the next opens on the right */
        gpage_set(&g, (int)c, -1, t->folio++, false, PDF_PAGE_BLANK);
        pdf_book_page(t->pb, &g, NULL, SIZE_MAX, false);
        start_add(t, &g, NULL);
    }
    release(o);
    t->drawn = c + 1;
    *starts_out = t->starts + first;
    *n_out = t->n_starts - first;
    t->t_draw += now() - t0;
    t->cpu_draw += thread_cpu() - cpu0;
    return true;
}

bool pdf_typesetter_finish(struct pdf_typesetter *t, char **bytes_out, size_t *len_out,
                           struct diag_list *dl)
{
    const struct doc_book *book = t->book;
    size_t n = book->series->n_chapters;
    *bytes_out = NULL;
    *len_out = 0;
    if (!t->pb || t->drawn != n)
        return false;
    /* the front matter, now that every page number is known; drawn last, it
     * goes to the front of the file when the file is finished */
    struct pdf_chapter_out front = {0};
    size_t chapter_pages = t->n_starts;
    struct pdf_page_ranges ranges = {0};
    double tf[4] = {now()};
    struct pdf_toc_entry *toc = NULL;
    size_t n_toc = 0;
    unsigned start = 1;
    for (size_t c = 0; c < n; c++) {
        const struct pdf_chapter_out *o = &t->outs[c];
        if (start % 2 == 0)
            start++;
        for (size_t i = 0; i < o->n_headings; i++) {
            const struct pdf_heading_ref *h = &o->headings[i];
            if (h->level > 2)
                continue;
            toc = xgrow(toc, n_toc, sizeof *toc);
            struct pdf_toc_entry *e = &toc[n_toc++];
            *e = (struct pdf_toc_entry){.level = h->level,
                                        .number = (int)series_chapter_number(t->book->series, c),
                                        .text = h->text, .dest = h->dest};
            snprintf(e->page, sizeof e->page, "%u", start + h->page);
        }
        start += (unsigned)o->n_pages;
    }
    char built[21];
    time_format_iso(t->opt.modified_epoch, built);
    built[10] = '\0';
    const char *language = t->book->series->language;
    char *changed = t->opt.redline_from
                        ? changed_pages_text(t->pb, language, t->opt.redline_from)
                        : NULL;
    struct pdf_front_changes fc = {.title = doc_label(language, DOC_LABEL_REDLINE_TITLE),
                                   .text = changed};
    pdf_front_layout(&t->bc, t->sh, toc, n_toc, built, changed ? &fc : NULL, &front);
    free(changed);
    free(toc);
    tf[1] = now();

    struct pdf_gpage *fp = xcalloc(front.n_pages + 3, sizeof *fp);
    size_t nf = 0;
    ranges.cover = book->cover_image >= 0 &&
                   pdf_image_info_at(t->images, (size_t)book->cover_image)->ok;
    if (ranges.cover)
        gpage_set(&fp[nf++], -1, -1, 0, true, PDF_PAGE_COVER);
    unsigned roman = 1;
    for (size_t i = 0; i < front.n_pages; i++)
        gpage_set(&fp[nf++], -1, (int)i, roman++, true, front.pages[i].kind);
    if (roman % 2 == 0)
        gpage_set(&fp[nf++], -1, -1, roman++, true, PDF_PAGE_BLANK);
    size_t last_drawn = nf - 1;
    while (last_drawn > 0 && fp[last_drawn].kind == PDF_PAGE_BLANK)
        last_drawn--;
    for (size_t i = 0; i < nf; i++) {
        /* the section opens after the cover: no tag may sit on a page whose
         * only drawing covers it whole (cairo's replay fails) */
        if (fp[i].kind != PDF_PAGE_COVER && (i == 0 || fp[i - 1].kind == PDF_PAGE_COVER))
            pdf_book_section(t->pb, PDF_TAG_DIV);
        pdf_book_page(t->pb, &fp[i], &front, SIZE_MAX, i == last_drawn);
    }
    tf[2] = now();
    ranges.n_front = nf;
    ranges.n_roman = roman - 1;
    ranges.n_pages = chapter_pages + nf;
    /* the page starts in reading order: the front matter first */
    struct doc_page_start *chap_starts = t->starts;
    size_t n_chap = t->n_starts;
    t->starts = NULL;
    t->n_starts = 0;
    for (size_t i = 0; i < nf; i++)
        start_add(t, &fp[i], NULL);
    t->starts = xrealloc(t->starts, (t->n_starts + n_chap + 1) * sizeof *t->starts);
    memcpy(t->starts + t->n_starts, chap_starts, n_chap * sizeof *chap_starts);
    t->n_starts += n_chap;
    free(chap_starts);
    free(fp);
    bool ok = pdf_book_finish(t->pb, t->outs, n, &ranges, bytes_out, len_out, dl);
    t->pb = NULL;
    tf[3] = now();
    if (getenv("OCTAVO_TIMINGS"))
        fprintf(stderr,
                "pdf: drawing %.3f s (CPU %.3f s) for %zu pages; contents %.3f s, front pages "
                "%.3f s, finish %.3f s\n",
                t->t_draw, t->cpu_draw, ranges.n_pages, tf[1] - tf[0], tf[2] - tf[1],
                tf[3] - tf[2]);
    pdf_chapter_out_free(&front);
    if (!ok) {
        free(*bytes_out);
        *bytes_out = NULL;
        *len_out = 0;
        free(t->starts);
        t->starts = NULL;
        t->n_starts = 0;
    }
    return ok;
}
