/* Inline content → a paragraph: text in its styles, links, footnote
 * references, inline images, line breaks and raw HTML's inline elements,
 * with white space collapsed as HTML collapses it. */
#include "pdf/design.h"
#include "pdf/image.h"
#include "pdf/lay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct istyle {
    uint16_t flags;
    int link;
    int color;
    float scale;
};

bool pdf_node_is_inline(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_TEXT:
    case DOC_NODE_SOFTBREAK:
    case DOC_NODE_LINEBREAK:
    case DOC_NODE_CODE:
    case DOC_NODE_EMPH:
    case DOC_NODE_STRONG:
    case DOC_NODE_STRIKE:
    case DOC_NODE_INS:
    case DOC_NODE_DEL:
    case DOC_NODE_LINK:
    case DOC_NODE_IMAGE:
    case DOC_NODE_FOOTNOTE_REF:
        return true;
    case DOC_NODE_HTML_ELEMENT:
        return n->inline_element;
    default:
        return false;
    }
}

static char *link_attr(const struct pdf_lay *L, const struct doc_node *n)
{
    if (n->link_kind == DOC_LINK_EXTERNAL)
        return pdf_uri_attr(n->url);
    char *dest = pdf_dest_name(n->target_chapter, n->target_anchor);
    char *attr = xasprintf("dest='%s'", dest);
    free(dest);
    (void)L;
    return attr;
}

static void add_ref(struct pdf_lay *L, struct pdf_para *p, const struct doc_node *n,
                    struct istyle st)
{
    char buf[64];
    int ch = (int)L->ch->index;
    /* a marker right after another ("releases.²²²³" read as one number): a
     * superscript comma between them */
    const struct pdf_span *last = p->n_spans ? &p->spans[p->n_spans - 1] : NULL;
    uint16_t sup = (uint16_t)((st.flags & ~PDF_FF_ITALIC) | PDF_FF_SUP);
    if (last && last->end == p->text.len && (last->flags & PDF_FF_SUP) && last->link >= 0)
        pdf_para_add(p, ",", 1, sup, PDF_C_LINK, st.scale * PDF_NOTE_REF_SCALE, -1);
    if (n->ref_index <= 1)
        snprintf(buf, sizeof buf, "fnref.%d", n->number);
    else
        snprintf(buf, sizeof buf, "fnref.%d.%d", n->number, n->ref_index);
    char *dest = pdf_dest_name(ch, buf);
    pdf_para_dest(p, dest, L->d);
    free(dest);
    snprintf(buf, sizeof buf, "fn.%d", n->number);
    dest = pdf_dest_name(ch, buf);
    char *attr = xasprintf("dest='%s'", dest);
    free(dest);
    int link = pdf_para_link(p, attr);
    free(attr);
    if (n->ref_index <= 1)
        pdf_para_note(p, (uint32_t)n->number);
    snprintf(buf, sizeof buf, "%d", n->number);
    pdf_para_add(p, buf, strlen(buf), sup, PDF_C_LINK, st.scale * PDF_NOTE_REF_SCALE, link);
}

/* HTML's white space: a run of spaces and line ends is one space, none at a
 * line's start or at the end. Raw HTML keeps its source's line ends, which
 * would otherwise be hard breaks (in table cells above all); Markdown text,
 * single-spaced, sets as before. The space waits (with the style it was
 * written in) until something visible follows it. */
struct pending_space {
    bool set;
    struct istyle style;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void space_wait(struct pending_space *sp, struct istyle st)
{
    if (!sp->set)
        sp->style = st;
    sp->set = true;
}

static void space_flush(struct pdf_para *p, struct pending_space *sp)
{
    bool line_start = !p->text.len || p->text.data[p->text.len - 1] == ' ' ||
                      p->text.data[p->text.len - 1] == '\n';
    if (sp->set && !line_start)
        pdf_para_add(p, " ", 1, sp->style.flags, sp->style.color, sp->style.scale,
                     sp->style.link);
    sp->set = false;
}

/* A text node's words; where white space was squeezed, a source mark keeps the
 * page-start offsets (which the EPUB's page list uses) true to the node's text. */
static void add_text(struct pdf_lay *L, struct pdf_para *p, const struct doc_node *n,
                     struct istyle st, struct pending_space *sp)
{
    const char *s = n->text;
    size_t len = n->text_len, i = 0, implied = SIZE_MAX;
    while (i < len) {
        size_t j = i;
        while (j < len && !is_space(s[j]))
            j++;
        if (j > i) {
            space_flush(p, sp);
            if (implied != i)
                pdf_para_src(p, pdf_ord(L, n), (uint32_t)i);
            pdf_para_add(p, s + i, j - i, st.flags, st.color, st.scale, st.link);
            implied = j + 1; /* where the next word is if one space follows */
        }
        if (j < len)
            space_wait(sp, st);
        while (j < len && is_space(s[j]))
            j++;
        i = j;
    }
}

/* An image inside text, set in the line like a word (para.c sizes it); false
 * if it cannot be drawn: a remote image (its alt text stands in), or a file
 * that does not decode (an error, found out once per chapter). */
static bool add_image(struct pdf_lay *L, struct pdf_para *p, const struct doc_node *n,
                      struct istyle st)
{
    const struct doc_book *book = L->bc->book;
    if (n->image_index < 0)
        return false;
    size_t i = (size_t)n->image_index;
    const struct pdf_image_info *info = pdf_image_info_at(L->bc->images, i);
    if (i >= L->n_drawable) { /* the book's image table grows as chapters come */
        size_t grown = i + 1 > L->n_drawable * 2 ? i + 1 : L->n_drawable * 2;
        L->drawable = xrealloc(L->drawable, grown);
        memset(L->drawable + L->n_drawable, 0, grown - L->n_drawable);
        L->n_drawable = grown;
    }
    if (!L->drawable[i]) {
        L->drawable[i] = pdf_image_drawable(book, info, i) ? 1 : 2;
        if (L->drawable[i] == 2) /* never silently left out of the PDF */
            diag_add(L->dl, DIAG_ERROR, L->ch->file, n->line, 0,
                     "image '%s' cannot be decoded for the PDF", doc_book_image(book, i)->rel);
    }
    if (L->drawable[i] != 1)
        return false;
    pdf_para_src(p, pdf_ord(L, n), 0);
    pdf_para_image(p, (uint32_t)i, info->w, info->h, st.flags, st.color, st.scale, st.link);
    return true;
}

void pdf_lay_inlines(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                     struct doc_node *last)
{
    pdf_lay_inlines_styled(L, p, first, last, 0);
}

void pdf_lay_inlines_styled(struct pdf_lay *L, struct pdf_para *p, struct doc_node *first,
                            struct doc_node *last, uint16_t flags)
{
    struct istyle stack[64];
    size_t depth = 0, overflow = 0;
    struct istyle cur = {.flags = flags, .link = -1, .color = p->color, .scale = 1.0f};
    struct pending_space sp = {.set = false};
    for (struct doc_node *top = first; top; top = top->next) {
        struct doc_iter it;
        struct doc_node *n;
        enum doc_event ev;
        doc_iter_init(&it, top);
        while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
            if (ev == DOC_EVENT_EXIT) {
                if (overflow)
                    overflow--;
                else if (depth)
                    cur = stack[--depth];
                continue;
            }
            struct istyle next = cur;
            switch (n->type) {
            case DOC_NODE_TEXT:
                add_text(L, p, n, cur, &sp);
                break;
            case DOC_NODE_SOFTBREAK:
                space_wait(&sp, cur);
                break;
            case DOC_NODE_LINEBREAK:
                sp.set = false;
                pdf_para_add(p, "\n", 1, cur.flags, cur.color, cur.scale, cur.link);
                break;
            case DOC_NODE_CODE: {
                space_flush(p, &sp);
                pdf_para_src(p, pdf_ord(L, n), 0);
                /* <code> from raw HTML may span source lines: not hard breaks */
                char *flat = NULL;
                if (memchr(n->text, '\n', n->text_len) || memchr(n->text, '\r', n->text_len)) {
                    flat = xmalloc(n->text_len + 1);
                    for (size_t i = 0; i < n->text_len; i++)
                        flat[i] = n->text[i] == '\n' || n->text[i] == '\r' ? ' ' : n->text[i];
                }
                pdf_para_add(p, flat ? flat : n->text, n->text_len,
                             (uint16_t)(cur.flags | PDF_FF_MONO),
                             cur.link >= 0 ? cur.color : PDF_C_INLINE_CODE,
                             cur.scale * PDF_INLINE_CODE_SCALE, cur.link);
                free(flat);
                break;
            }
            case DOC_NODE_EMPH:
                next.flags |= PDF_FF_ITALIC;
                break;
            case DOC_NODE_STRONG:
                next.flags |= PDF_FF_BOLD;
                break;
            case DOC_NODE_STRIKE:
                next.flags |= PDF_FF_STRIKE;
                break;
            case DOC_NODE_INS:
                next.flags |= PDF_FF_INS;
                next.color = PDF_C_INS;
                break;
            case DOC_NODE_DEL:
                next.flags |= PDF_FF_DEL;
                next.color = PDF_C_DEL;
                break;
            case DOC_NODE_LINK:
                if (n->id) {
                    char *dest = pdf_dest_name((int)L->ch->index, n->id);
                    pdf_para_dest(p, dest, L->d);
                    free(dest);
                }
                if (n->link_kind == DOC_LINK_EXTERNAL || n->link_kind == DOC_LINK_INTERNAL) {
                    char *attr = link_attr(L, n);
                    next.link = pdf_para_link(p, attr);
                    free(attr);
                    if (n->link_kind == DOC_LINK_EXTERNAL)
                        next.flags |= PDF_FF_URL;
                }
                break;
            case DOC_NODE_IMAGE: {
                space_flush(p, &sp);
                if (n->id) {
                    char *dest = pdf_dest_name((int)L->ch->index, n->id);
                    pdf_para_dest(p, dest, L->d);
                    free(dest);
                }
                if (add_image(L, p, n, cur)) {
                    doc_iter_skip_children(&it);
                    break;
                }
                /* one that cannot be drawn (remote, or not decodable): its
                 * description, in brackets */
                char *alt = doc_node_plain_text(n);
                const char *s = *alt ? alt : (n->url ? n->url : "");
                pdf_para_add(p, "[", 1, cur.flags, PDF_C_MUTED, cur.scale, cur.link);
                pdf_para_add(p, s, strlen(s), (uint16_t)(cur.flags | PDF_FF_ITALIC), PDF_C_MUTED,
                             cur.scale, cur.link);
                pdf_para_add(p, "]", 1, cur.flags, PDF_C_MUTED, cur.scale, cur.link);
                free(alt);
                doc_iter_skip_children(&it);
                break;
            }
            case DOC_NODE_FOOTNOTE_REF:
                space_flush(p, &sp);
                add_ref(L, p, n, cur);
                break;
            case DOC_NODE_HTML_ELEMENT:
                if (n->id) {
                    char *dest = pdf_dest_name((int)L->ch->index, n->id);
                    pdf_para_dest(p, dest, L->d);
                    free(dest);
                }
                if (!strcmp(n->tag, "sup")) {
                    next.flags |= PDF_FF_SUP;
                    next.scale *= PDF_SUPSUB_SCALE;
                } else if (!strcmp(n->tag, "sub")) {
                    next.flags |= PDF_FF_SUB;
                    next.scale *= PDF_SUPSUB_SCALE;
                } else if (!strcmp(n->tag, "kbd") || !strcmp(n->tag, "samp")) {
                    next.flags |= PDF_FF_MONO;
                    next.scale *= PDF_INLINE_CODE_SCALE;
                } else if (!strcmp(n->tag, "cite") || !strcmp(n->tag, "dfn") ||
                           !strcmp(n->tag, "var")) {
                    next.flags |= PDF_FF_ITALIC;
                } else if (!strcmp(n->tag, "small")) {
                    next.scale *= PDF_SMALL_SCALE;
                } else if (!strcmp(n->tag, "wbr")) {
                    space_flush(p, &sp);
                    pdf_para_add(p, "\xE2\x80\x8B", 3, cur.flags, cur.color, cur.scale, cur.link);
                }
                break;
            default:
                /* a block inside inline content (raw HTML): its text runs on */
                if (!pdf_node_is_inline(n) && n != top && n->prev)
                    space_wait(&sp, cur);
                break;
            }
            if (!doc_node_is_leaf(n)) {
                if (depth < 64)
                    stack[depth++] = cur;
                else
                    overflow++;
                cur = next;
            }
        }
        if (top == last)
            break;
    }
}
