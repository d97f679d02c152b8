/* A paragraph's content: its text, the spans of its styles, links, inline
 * images and the marks (footnotes, destinations, source positions) at its
 * bytes; and a window of it, for a paragraph too long to set at once. */
#include "pdf/para_set.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pdf_para_init(struct pdf_para *p, double size, double lead, enum pdf_align align)
{
    memset(p, 0, sizeof *p);
    p->size = size;
    p->lead = lead;
    p->align = align;
    p->hyphenate = align == PDF_JUSTIFY;
    p->color = PDF_C_TEXT;
}

void pdf_para_reset(struct pdf_para *p)
{
    for (size_t i = 0; i < p->n_links; i++)
        free(p->links[i]);
    p->n_links = 0;
    p->text.len = 0;
    if (p->text.data)
        p->text.data[0] = '\0';
    p->n_spans = p->n_notes = p->n_dests = p->n_srcs = p->n_images = 0;
}

void pdf_para_style(struct pdf_para *p, double size, double lead, enum pdf_align align)
{
    pdf_para_reset(p);
    p->size = size;
    p->lead = lead;
    p->align = align;
    p->hyphenate = align == PDF_JUSTIFY;
    p->balance = false;
    p->color = PDF_C_TEXT;
    p->base_flags = 0;
}

void pdf_para_free(struct pdf_para *p)
{
    pdf_para_reset(p);
    buf_free(&p->text);
    free(p->links);
    free(p->spans);
    free(p->notes);
    free(p->dests);
    free(p->srcs);
    free(p->images);
    memset(p, 0, sizeof *p);
}

void pdf_para_add(struct pdf_para *p, const char *s, size_t len, uint16_t flags, int color,
                  float scale, int link)
{
    if (!len)
        return;
    uint32_t start = (uint32_t)p->text.len;
    buf_put(&p->text, s, len);
    for (size_t i = start; i < p->text.len; i++)
        if (p->text.data[i] == '\t')
            p->text.data[i] = ' ';
    flags |= p->base_flags;
    if (p->n_spans) {
        struct pdf_span *last = &p->spans[p->n_spans - 1];
        if (last->end == start && last->flags == flags && last->color == color &&
            last->scale == scale && last->link == link) {
            last->end = (uint32_t)p->text.len;
            return;
        }
    }
    p->spans = xreserve(p->spans, &p->cap_spans, p->n_spans + 1, sizeof *p->spans);
    p->spans[p->n_spans++] = (struct pdf_span){.start = start, .end = (uint32_t)p->text.len,
                                               .flags = flags, .color = (uint8_t)color,
                                               .scale = scale, .link = link};
}

int pdf_para_link(struct pdf_para *p, const char *attr)
{
    p->links = xgrow(p->links, p->n_links, sizeof *p->links);
    p->links[p->n_links] = xstrdup(attr);
    return (int)p->n_links++;
}

void pdf_para_image(struct pdf_para *p, uint32_t image, double w, double h, uint16_t flags,
                    int color, float scale, int link)
{
    p->images = xreserve(p->images, &p->cap_images, p->n_images + 1, sizeof *p->images);
    p->images[p->n_images++] = (struct pdf_para_image){
        .at = (uint32_t)p->text.len, .image = image, .w = (float)w, .h = (float)h};
    pdf_para_add(p, "\xEF\xBF\xBC", 3, flags, color, scale, link); /* U+FFFC */
}

static void mark_add(struct pdf_para_mark **arr, size_t *n, size_t *cap, struct pdf_para_mark m)
{
    *arr = xreserve(*arr, cap, *n + 1, sizeof **arr);
    (*arr)[(*n)++] = m;
}

void pdf_para_note(struct pdf_para *p, uint32_t number)
{
    mark_add(&p->notes, &p->n_notes, &p->cap_notes,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len, .value = number});
}

void pdf_para_dest(struct pdf_para *p, const char *dest_name, struct pdf_dlist *d)
{
    mark_add(&p->dests, &p->n_dests, &p->cap_dests,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len,
                                    .value = pdf_dlist_string(d, dest_name)});
}

void pdf_para_src(struct pdf_para *p, uint32_t node, uint32_t off)
{
    mark_add(&p->srcs, &p->n_srcs, &p->cap_srcs,
             (struct pdf_para_mark){.at = (uint32_t)p->text.len, .node = node, .off = off});
}

const struct pdf_span *pdf_span_at(const struct pdf_para *p, uint32_t byte, size_t *hint)
{
    size_t i = *hint < p->n_spans ? *hint : 0;
    if (i < p->n_spans && p->spans[i].start > byte)
        i = 0;
    while (i < p->n_spans && p->spans[i].end <= byte)
        i++;
    *hint = i;
    return i < p->n_spans ? &p->spans[i] : NULL;
}

/* Marks of src from byte from up to byte end, moved to start at pos; *i0
 * skips those before from for good. */
static void window_marks(struct pdf_para_mark **dst, size_t *n, size_t *cap,
                         const struct pdf_para_mark *src, size_t n_src, size_t *i0, size_t from,
                         size_t pos, size_t end)
{
    *n = 0;
    while (*i0 < n_src && src[*i0].at < from)
        (*i0)++;
    for (size_t i = *i0; i < n_src && src[i].at <= end; i++) {
        struct pdf_para_mark m = src[i];
        m.at = m.at > pos ? m.at - (uint32_t)pos : 0;
        mark_add(dst, n, cap, m);
    }
}

void pdf_para_window(struct pdf_para *q, const struct pdf_para *p, size_t pos, size_t end,
                        size_t marks_from, struct pdf_para_window_at *at)
{
    q->text.len = 0;
    buf_put(&q->text, p->text.data + pos, end - pos);
    q->n_spans = 0;
    while (at->span < p->n_spans && p->spans[at->span].end <= pos)
        at->span++;
    for (size_t i = at->span; i < p->n_spans && p->spans[i].start < end; i++) {
        struct pdf_span sp = p->spans[i];
        sp.start = (uint32_t)((sp.start > pos ? sp.start : pos) - pos);
        sp.end = (uint32_t)((sp.end < end ? sp.end : end) - pos);
        q->spans = xreserve(q->spans, &q->cap_spans, q->n_spans + 1, sizeof *q->spans);
        q->spans[q->n_spans++] = sp;
    }
    q->links = p->links;
    q->n_links = p->n_links;
    q->n_images = 0;
    for (size_t i = at->image; i < p->n_images && p->images[i].at < end; i++) {
        if (p->images[i].at < pos) {
            at->image = i + 1;
            continue;
        }
        struct pdf_para_image im = p->images[i];
        im.at -= (uint32_t)pos;
        q->images = xreserve(q->images, &q->cap_images, q->n_images + 1, sizeof *q->images);
        q->images[q->n_images++] = im;
    }
    window_marks(&q->notes, &q->n_notes, &q->cap_notes, p->notes, p->n_notes, &at->note,
                 marks_from, pos, end);
    window_marks(&q->dests, &q->n_dests, &q->cap_dests, p->dests, p->n_dests, &at->dest,
                 marks_from, pos, end);
    /* a line's source position counts from the last mark at or before it */
    while (at->src + 1 < p->n_srcs && p->srcs[at->src + 1].at <= pos)
        at->src++;
    q->n_srcs = 0;
    for (size_t i = at->src; i < p->n_srcs && p->srcs[i].at <= end; i++) {
        struct pdf_para_mark m = p->srcs[i];
        if (m.at < pos) {
            m.off += (uint32_t)(pos - m.at);
            m.at = 0;
        } else {
            m.at -= (uint32_t)pos;
        }
        mark_add(&q->srcs, &q->n_srcs, &q->cap_srcs, m);
    }
    q->size = p->size;
    q->lead = p->lead;
    q->align = p->align;
    q->hyphenate = p->hyphenate;
    q->balance = p->balance;
    q->color = p->color;
    q->base_flags = p->base_flags;
}
