/* Drawing the book: every page in order on one Cairo PDF surface, with its
 * running head (the book's title on a left-hand page, the chapter's on a
 * right-hand one), folio and page label (roman in the front matter, arabic
 * from chapter 1), then the outline and the metadata. */
#include "pdf/book.h"
#include "pdf/design.h"
#include "pdf/draw.h"
#include "pdf/front.h"
#include "pdf/page.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- heads and folios ---- */

struct snippets {
    struct pdf_dlist d;
    struct pdf_setter *ps;
    const struct pdf_style *st;
    const struct pdf_fonts *fonts;
};

/* One line of small text, cut to width with an ellipsis; returns its box. */
static size_t snippet(struct snippets *sn, const char *text, double width, uint16_t flags,
                      enum pdf_align align)
{
    const struct pdf_style *st = sn->st;
    struct pdf_para p;
    double size = st->body * PDF_HEAD_SIZE;
    pdf_para_init(&p, size, st->lead, align);
    p.hyphenate = false;
    size_t full = strlen(text);
    /* no more characters fit on the line than this many of a fifth of an em:
     * a title of a megabyte is cut here once, not laid out whole and then
     * shortened eight bytes at a time */
    size_t len = utf8_prefix_len(text, full, (size_t)(width / (size * PDF_NARROWEST_EMS)) + 1);
    for (;;) {
        pdf_para_reset(&p);
        pdf_para_add(&p, text, len, flags, PDF_C_MUTED, 1.0f, -1);
        if (len < full)
            pdf_para_add(&p, "\xE2\x80\xA6", 3, flags, PDF_C_MUTED, 1.0f, -1);
        size_t ops0 = sn->d.n_ops, glyphs0 = sn->d.n_glyphs, text0 = sn->d.text.len;
        struct pdf_para_opts o = {.width = width, .tag = -1};
        struct pdf_para_out out;
        pdf_para_layout(sn->ps, &p, &o, &sn->d, &out);
        if (out.n_boxes <= 1 || len == 0) {
            pdf_para_free(&p);
            return out.n_boxes ? out.box0 : SIZE_MAX;
        }
        sn->d.n_boxes = out.box0;
        sn->d.n_ops = ops0;
        sn->d.n_glyphs = glyphs0;
        sn->d.text.len = text0;
        /* drop the last word */
        size_t cut = len;
        while (cut > 0 && text[cut - 1] != ' ')
            cut--;
        while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ',' || text[cut - 1] == ':'))
            cut--;
        if (cut == 0 || cut >= len)
            cut = len > 8 ? len - 8 : 0;
        while (cut > 0 && utf8_is_continuation((unsigned char)text[cut]))
            cut--;
        len = cut;
    }
}

/* ---- metadata ---- */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_put(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static char *joined(char **items, size_t n, const char *sep)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(&b, sep);
        buf_puts(&b, items[i]);
    }
    return buf_detach(&b, NULL);
}

/* Cairo refuses a string with a control character or a noncharacter in it
 * (CAIRO_STATUS_INVALID_STRING, which ends the whole PDF), and a series'
 * metadata and headings may hold any (a YAML "\x01", a &#xFFFE; reference). */
static void set_meta(cairo_surface_t *s, cairo_pdf_metadata_t what, const char *value)
{
    char *plain = utf8_plain(value);
    cairo_pdf_surface_set_metadata(s, what, plain);
    free(plain);
}

static int add_outline(cairo_surface_t *s, int parent, const char *title, const char *attr)
{
    char *plain = utf8_plain(title);
    int id = cairo_pdf_surface_add_outline(s, parent, plain, attr, 0);
    free(plain);
    return id;
}

static void set_metadata(cairo_surface_t *s, const struct series *sr, int64_t epoch)
{
    set_meta(s, CAIRO_PDF_METADATA_TITLE, sr->title);
    char *who = joined(sr->authors, sr->n_authors, ", ");
    set_meta(s, CAIRO_PDF_METADATA_AUTHOR, who);
    free(who);
    const char *subject = sr->description ? sr->description : sr->subtitle;
    if (subject)
        set_meta(s, CAIRO_PDF_METADATA_SUBJECT, subject);
    if (sr->n_tags) {
        char *kw = joined(sr->tags, sr->n_tags, ", ");
        set_meta(s, CAIRO_PDF_METADATA_KEYWORDS, kw);
        free(kw);
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "octavo " OCTAVO_VERSION);
    char iso[21];
    time_format_iso(epoch, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
}


static void draw_snippet(struct pdf_drawer *dr, struct snippets *sn, size_t box, double x,
                         double baseline)
{
    if (box == SIZE_MAX)
        return;
    const struct pdf_box *b = &sn->d.boxes[box];
    double ascent =
        pdf_line_baseline(sn->fonts, PDF_SERIF, sn->st->body * PDF_HEAD_SIZE, sn->st->lead);
    pdf_draw_box(dr, &sn->d, b, x, baseline - ascent, 0, 0);
}

static void folio(struct pdf_drawer *dr, struct snippets *sn, const char *label, double x,
                  double baseline, double width, enum pdf_align align)
{
    size_t n_ops = sn->d.n_ops, n_boxes = sn->d.n_boxes, n_glyphs = sn->d.n_glyphs;
    size_t text = sn->d.text.len;
    size_t box = snippet(sn, label, width, 0, align);
    draw_snippet(dr, sn, box, x, baseline);
    sn->d.n_ops = n_ops;
    sn->d.n_boxes = n_boxes;
    sn->d.n_glyphs = n_glyphs;
    sn->d.text.len = text;
}

struct pdf_book {
    const struct pdf_book_ctx *bc;
    cairo_surface_t *surface;
    struct pdf_drawer *dr;
    struct snippets sn;
    struct buf pdf;
    size_t book_head, contents_head;
    size_t pages;
    unsigned *changed; /* folios of the body pages with a redline's change bar */
    size_t n_changed;
};

struct pdf_book *pdf_book_begin(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                                int64_t epoch)
{
    const struct pdf_style *st = bc->st;
    const struct series *sr = bc->book->series;
    struct pdf_book *b = xcalloc(1, sizeof *b);
    b->bc = bc;
    b->surface = cairo_pdf_surface_create_for_stream(write_buf, &b->pdf, st->page_w, st->page_h);
    cairo_pdf_surface_restrict_to_version(b->surface, CAIRO_PDF_VERSION_1_5);
    set_metadata(b->surface, sr, epoch);
    b->dr = pdf_drawer_new(st, bc->fonts, bc->book, b->surface);
    b->sn = (struct snippets){.ps = pdf_setter_new(sh), .st = st, .fonts = bc->fonts};
    b->book_head = snippet(&b->sn, sr->title, st->text_w * PDF_HEAD_W, PDF_FF_ITALIC, PDF_CENTER);
    b->contents_head =
        snippet(&b->sn, doc_label(sr->language, DOC_LABEL_CONTENTS), st->text_w * PDF_HEAD_W,
                PDF_FF_ITALIC, PDF_CENTER);
    /* Cairo's structure tree needs one root, or qpdf finds the file damaged */
    cairo_tag_begin(pdf_drawer_cr(b->dr), "Document", NULL);
    return b;
}

void pdf_book_section(struct pdf_book *b, int tag)
{
    if (tag >= 0)
        pdf_draw_tag(b->dr, (enum pdf_tag)tag, false);
    else
        pdf_draw_close_tags(b->dr);
}

void pdf_book_page(struct pdf_book *b, const struct pdf_gpage *g, const struct pdf_chapter_out *src,
                   size_t head, bool last)
{
    const struct pdf_style *st = b->bc->st;
    struct pdf_drawer *dr = b->dr;
    bool recto = g->folio % 2 == 1;
    double ox = recto ? st->inner : st->outer;
    if (g->kind == PDF_PAGE_COVER) {
        const struct doc_book *book = b->bc->book;
        const struct pdf_image_info *info = pdf_image_info_at(b->bc->images, (size_t)book->cover_image);
        double w = info->w, h = info->h;
        double scale = fmin(st->page_w / w, st->page_h / h);
        w *= scale;
        h *= scale;
        /* untagged (cairo 1.16 has no Artifact): a structure element around a
         * drawing that covers the whole page breaks cairo's replay of the page */
        pdf_image_draw(pdf_drawer_cr(dr), book, (size_t)book->cover_image, (st->page_w - w) / 2,
                       (st->page_h - h) / 2, w, h, NULL, false);
    } else if (g->kind != PDF_PAGE_BLANK && g->index >= 0 && src) {
        const struct pdf_page *pg = &src->pages[g->index];
        if (pdf_draw_page_body(dr, src, pg, ox, st->top, recto) && g->kind == PDF_PAGE_BODY) {
            b->changed = xgrow(b->changed, b->n_changed, sizeof *b->changed);
            b->changed[b->n_changed++] = g->folio;
        }
        bool body = g->kind == PDF_PAGE_BODY || g->kind == PDF_PAGE_TOC;
        if (body && !pg->opener) {
            if (g->kind == PDF_PAGE_TOC)
                head = b->contents_head;
            else if (!recto)
                head = b->book_head;
            draw_snippet(dr, &b->sn, head, ox + st->text_w * PDF_HEAD_INSET, st->head_y);
            folio(dr, &b->sn, g->label, ox, st->head_y, st->text_w, recto ? PDF_RIGHT : PDF_LEFT);
        } else if (body) {
            folio(dr, &b->sn, g->label, ox, st->foot_y, st->text_w, PDF_CENTER);
        }
    }
    /* a section ends on its last page: cairo never replays the tags of a page
     * with nothing drawn on it (a blank page) */
    if (last)
        pdf_draw_close_tags(dr);
    cairo_show_page(pdf_drawer_cr(dr));
    b->pages++;
}

const unsigned *pdf_book_changed(const struct pdf_book *b, size_t *n_out)
{
    *n_out = b->n_changed;
    return b->changed;
}

size_t pdf_book_head(struct pdf_book *b, const char *title)
{
    return snippet(&b->sn, title ? title : "", b->bc->st->text_w * PDF_HEAD_W, PDF_FF_ITALIC,
                   PDF_CENTER);
}

static void outline(cairo_surface_t *s, const struct pdf_chapter_out *chapters, size_t n,
                    const char *contents,
                    const struct series *sr)
{
    char *dest = pdf_dest_name(-1, "contents");
    char *attr = xasprintf("dest='%s'", dest);
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, contents, attr, 0);
    free(attr);
    free(dest);
    for (size_t c = 0; c < n; c++) {
        const struct pdf_chapter_out *o = &chapters[c];
        int chap = CAIRO_PDF_OUTLINE_ROOT, h2 = -1;
        for (size_t i = 0; i < o->n_headings; i++) {
            const struct pdf_heading_ref *h = &o->headings[i];
            attr = xasprintf("dest='%s'", h->dest);
            if (h->level == 1) {
                size_t number = series_chapter_number(sr, c);
                char *title = number ? xasprintf("%zu. %s", number, h->text) : xstrdup(h->text);
                chap = add_outline(s, CAIRO_PDF_OUTLINE_ROOT, title, attr);
                free(title);
                h2 = -1;
            } else if (h->level == 2) {
                h2 = add_outline(s, chap, h->text, attr);
            } else {
                add_outline(s, h2 >= 0 ? h2 : chap, h->text, attr);
            }
            free(attr);
        }
    }
}

bool pdf_book_finish(struct pdf_book *b, const struct pdf_chapter_out *chapters, size_t n,
                     const struct pdf_page_ranges *ranges, char **bytes_out, size_t *len_out,
                     struct diag_list *dl)
{
    const struct series *sr = b->bc->book->series;
    cairo_t *cr = pdf_drawer_cr(b->dr);
    pdf_draw_close_tags(b->dr);
    cairo_tag_end(cr, "Document");
    outline(b->surface, chapters, n, doc_label(sr->language, DOC_LABEL_CONTENTS), sr);
    const char *err = NULL;
    bool ok = pdf_drawer_ok(b->dr, &err);
    if (!ok)
        diag_add(dl, DIAG_ERROR, sr->dir, 0, 0, "cannot draw the PDF: %s", err);
    pdf_drawer_free(b->dr);
    cairo_surface_finish(b->surface);
    if (ok && cairo_surface_status(b->surface) != CAIRO_STATUS_SUCCESS) {
        diag_add(dl, DIAG_ERROR, sr->dir, 0, 0, "cannot write the PDF: %s",
                 cairo_status_to_string(cairo_surface_status(b->surface)));
        ok = false;
    }
    cairo_surface_destroy(b->surface);
    pdf_dlist_free(&b->sn.d);
    pdf_setter_free(b->sn.ps);
    if (ranges->n_pages == 0) {
        ok = false; /* the typesetter stopped at an error it has reported */
    } else if (ok && !pdf_post_update(&b->pdf, ranges, sr->language, sr->isbn_pdf.digits)) {
        diag_add(dl, DIAG_ERROR, sr->dir, 0, 0,
                 "cannot put the front matter first: cairo wrote an unexpected file");
        ok = false;
    }
    if (ok)
        *bytes_out = buf_detach(&b->pdf, len_out);
    buf_free(&b->pdf);
    free(b->changed);
    free(b);
    return ok;
}

void pdf_book_abandon(struct pdf_book *b)
{
    pdf_drawer_free(b->dr);
    cairo_surface_finish(b->surface);
    cairo_surface_destroy(b->surface);
    pdf_dlist_free(&b->sn.d);
    pdf_setter_free(b->sn.ps); /* leaked when a chapter's image error stopped the PDF */
    buf_free(&b->pdf);
    free(b->changed);
    free(b);
}
