/* A chapter's model → a galley of boxes, in one switch over enter/exit events:
 * the opener, headings, paragraphs, lists, quotes and the footnotes (laid out
 * first, so the page builder knows their heights), then pages. */
#include "pdf/blocks.h"
#include "pdf/design.h"
#include "pdf/image.h"
#include "pdf/page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- blocks ---- */

struct frame {
    enum doc_node_type type;
    double left, right, size, lead, quote_bar;
    int blocky;
    uint16_t base_flags;
    int counter, depth;
    bool tight, ordered;
    int tag; /* structure element to close, or -1 */
    bool restore_prev;
};

struct walk {
    struct pdf_lay *L;
    struct frame *stack;
    size_t depth, cap;
    int blocky;      /* inside items, quotes, notes: paragraphs are spaced, not indented */
    int list_depth;
    uint16_t base_flags;
    int note_label;  /* the note whose number starts the next paragraph, or 0 */
    enum pdf_align align;
};

static void lay_paragraph(struct walk *w, struct doc_node *first, struct doc_node *last,
                          const struct doc_node *block)
{
    struct pdf_lay *L = w->L;
    const struct pdf_style *st = L->st;
    struct pdf_para *p = &L->para;
    pdf_para_style(p, L->size, L->lead, w->align);
    p->base_flags = w->base_flags;
    if (block && block->type == DOC_NODE_PARAGRAPH && block->id) {
        char *dest = pdf_dest_name((int)L->ch->index, block->id);
        pdf_para_dest(p, dest, L->d);
        free(dest);
    }
    pdf_para_src(p, pdf_ord(L, block ? block : first), 0);
    if (w->note_label) {
        char buf[48];
        snprintf(buf, sizeof buf, "fnref.%d", w->note_label);
        char *dest = pdf_dest_name((int)L->ch->index, buf);
        char *attr = xasprintf("dest='%s'", dest);
        int link = pdf_para_link(p, attr);
        free(attr);
        free(dest);
        snprintf(buf, sizeof buf, "fn.%d", w->note_label);
        dest = pdf_dest_name((int)L->ch->index, buf);
        pdf_para_dest(p, dest, L->d);
        free(dest);
        snprintf(buf, sizeof buf, "%d.", w->note_label);
        pdf_para_add(p, buf, strlen(buf), PDF_FF_BOLD, PDF_C_LINK, 1.0f, link);
        pdf_para_add(p, "\xC2\xA0", 2, 0, PDF_C_TEXT, 1.0f, -1);
        w->note_label = 0;
    }
    pdf_lay_inlines(L, p, first, last);
    bool indent = L->prev == LAY_PARA && w->blocky == 0;
    double space = L->prev == LAY_PARA && !indent ? L->lead * PDF_PARA_GAP : 0;
    uint32_t mark = pdf_lay_begin(L);
    struct pdf_para_opts o = {
        .width = st->text_w - L->left - L->right,
        .indent = indent ? st->para_indent : 0,
        .x = L->left,
        .tag = PDF_TAG_P,
        /* a large image inside the text gets a line of its own, no taller
         * than a figure (in a footnote, half that) */
        .image_h = st->text_h * (L->in_note ? PDF_NOTE_IMAGE_MAX_H : PDF_IMAGE_MAX_H),
        .chapter_file = L->ch->file,
        .line = block ? block->line : first->line,
        .dl = L->dl,
    };
    struct pdf_para_out out;
    pdf_para_layout(L->ps, p, &o, L->d, &out);
    pdf_lay_adopt(L, mark, out.box0, space);
    /* a paragraph that introduces what follows (ends with a colon) keeps with it a little */
    if (out.n_boxes && p->text.len && p->text.data[p->text.len - 1] == ':')
        L->d->boxes[out.box0 + out.n_boxes - 1].penalty = PDF_PENALTY_LEADS_ON;
    L->prev = LAY_PARA;
}

static void add_heading_ref(struct pdf_lay *L, int level, const char *text, const char *dest,
                            size_t box)
{
    struct pdf_chapter_out *out = L->out;
    out->headings = xgrow(out->headings, out->n_headings, sizeof *out->headings);
    out->headings[out->n_headings++] = (struct pdf_heading_ref){
        .level = level, .text = xstrdup(text), .dest = xstrdup(dest), .page = (uint32_t)box};
}

static void lay_heading(struct walk *w, struct doc_node *n)
{
    struct pdf_lay *L = w->L;
    const struct pdf_style *st = L->st;
    int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
    double size = level <= 1   ? st->h2 * PDF_HEAD_TOP_SCALE
                  : level == 2 ? st->h2
                  : level == 3 ? st->h3
                               : st->h4;
    double before = level <= 2   ? PDF_HEAD2_BEFORE
                    : level == 3 ? PDF_HEAD3_BEFORE
                                 : PDF_HEAD4_BEFORE;
    double after = level <= 2 ? PDF_HEAD2_AFTER : level == 3 ? PDF_HEAD3_AFTER : PDF_HEAD4_AFTER;
    if (L->in_note) {
        size = L->size;
        before = after = PDF_NOTE_HEAD_SPACE;
    }
    struct pdf_para *p = &L->para;
    pdf_para_style(p, size, round(size * PDF_HEAD_LEAD * 4) / 4, PDF_LEFT);
    p->hyphenate = false;
    p->balance = true;
    char *dest = pdf_dest_name((int)L->ch->index, n->id);
    pdf_para_dest(p, dest, L->d);
    pdf_para_src(p, pdf_ord(L, n), 0);
    p->base_flags = PDF_FF_BOLD | (level >= 4 ? PDF_FF_ITALIC : 0);
    pdf_lay_inlines(L, p, n->first_child, n->last_child);
    uint32_t mark = pdf_lay_begin(L);
    enum pdf_tag tag = level <= 1 ? PDF_TAG_H2 : level == 2 ? PDF_TAG_H2
                       : level == 3 ? PDF_TAG_H3 : PDF_TAG_H4;
    struct pdf_para_opts o = {
        .width = st->text_w - L->left - L->right, .x = L->left, .tag = (int)tag,
        .keep_together = true, .chapter_file = L->ch->file, .line = n->line, .dl = L->dl,
    };
    struct pdf_para_out out;
    pdf_para_layout(L->ps, p, &o, L->d, &out);
    pdf_lay_adopt(L, mark, out.box0, L->lead * before);
    if (out.n_boxes) {
        struct pdf_box *b = &L->d->boxes[out.box0 + out.n_boxes - 1];
        b->penalty = PDF_INF; /* a heading never ends a page */
        L->d->boxes[out.box0].stretch = (float)(L->lead * before * PDF_HEAD_STRETCH);
        if (!L->in_note && level <= 3) {
            char *text = doc_node_label(n);
            add_heading_ref(L, level <= 2 ? 2 : 3, text, dest, out.box0);
            free(text);
        }
    }
    free(dest);
    pdf_lay_after(L, L->lead * after);
    L->prev = LAY_HEADING;
}

static void lay_rule(struct pdf_lay *L)
{
    uint32_t mark = pdf_lay_begin(L);
    size_t box0 = L->d->n_boxes;
    struct pdf_box *b = pdf_dlist_box(L->d);
    (void)b;
    double w = L->st->text_w - L->left - L->right;
    pdf_op_line(L->d, PDF_C_RULE, PDF_BREAK_RULE_W, (float)(w * PDF_BREAK_RULE_X),
                (float)(L->lead / 2), (float)(w * PDF_BREAK_RULE_LEN), 0);
    b = &L->d->boxes[box0];
    b->op1 = (uint32_t)L->d->n_ops;
    b->h = (float)L->lead;
    b->x = (float)L->left;
    pdf_lay_adopt(L, mark, box0, L->lead * PDF_BREAK_SPACE);
    pdf_lay_after(L, L->lead * PDF_BREAK_SPACE);
    L->prev = LAY_OTHER;
}

static void push(struct walk *w, const struct doc_node *n, int tag)
{
    w->stack = xreserve(w->stack, &w->cap, w->depth + 1, sizeof *w->stack);
    struct pdf_lay *L = w->L;
    w->stack[w->depth++] = (struct frame){
        .type = n->type, .left = L->left, .right = L->right, .size = L->size, .lead = L->lead,
        .quote_bar = L->quote_bar,
        .blocky = w->blocky, .base_flags = w->base_flags, .counter = n->list_start,
        .tight = n->tight, .ordered = n->ordered, .tag = tag,
    };
    if (tag >= 0)
        pdf_lay_open_tag(L, (enum pdf_tag)tag);
}

static void pop(struct walk *w)
{
    if (!w->depth)
        return;
    struct frame *f = &w->stack[--w->depth];
    struct pdf_lay *L = w->L;
    if (f->tag >= 0)
        pdf_lay_close_tag(L, (enum pdf_tag)f->tag);
    L->left = f->left;
    L->right = f->right;
    L->size = f->size;
    L->lead = f->lead;
    L->quote_bar = f->quote_bar;
    w->blocky = f->blocky;
    w->base_flags = f->base_flags;
}

static struct frame *parent_list(struct walk *w)
{
    for (size_t i = w->depth; i-- > 0;)
        if (w->stack[i].type == DOC_NODE_LIST)
            return &w->stack[i];
    return NULL;
}

static void enter_item(struct walk *w, struct doc_node *n)
{
    struct pdf_lay *L = w->L;
    struct frame *list = parent_list(w);
    bool tight = list ? list->tight : true;
    bool ordered = list && list->ordered;
    int number = ordered ? list->counter++ : 0;
    if (n->prev)
        pdf_lay_after(L, tight ? L->lead * PDF_ITEM_GAP_TIGHT : L->lead * PDF_ITEM_GAP_LOOSE);
    push(w, n, PDF_TAG_LI); /* may move the stack: list is not used after it */
    L->label.set = true;
    L->label.task = n->is_task;
    L->label.checked = n->checked;
    L->label.size = L->size;
    if (ordered)
        snprintf(L->label.text, sizeof L->label.text, "%d.", number);
    else
        snprintf(L->label.text, sizeof L->label.text, "%s",
                 w->list_depth % 2 ? "\xE2\x80\xA2" : "\xE2\x80\x93");
    L->left += L->st->list_indent;
    w->blocky++;
    L->prev = LAY_NONE;
}

static void enter_html_block(struct walk *w, struct doc_node *n)
{
    struct pdf_lay *L = w->L;
    const char *t = n->tag;
    push(w, n, !strcmp(t, "figure") ? PDF_TAG_FIGURE : -1);
    if (!strcmp(t, "dd")) {
        L->left += L->st->list_indent;
        w->blocky++;
    } else if (!strcmp(t, "dt") || !strcmp(t, "summary") || !strcmp(t, "th")) {
        w->base_flags |= PDF_FF_BOLD;
    } else if (!strcmp(t, "figcaption") || !strcmp(t, "caption")) {
        w->base_flags |= PDF_FF_ITALIC;
    } else if (!strcmp(t, "address")) {
        w->base_flags |= PDF_FF_ITALIC;
    }
    L->prev = LAY_NONE;
}

/* Walks the blocks under root (the document, or one footnote). */
static void walk_blocks(struct walk *w, struct doc_node *root)
{
    struct pdf_lay *L = w->L;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    struct doc_node *skip_through = NULL;
    doc_iter_init(&it, root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (n == root)
            continue;
        if (ev == DOC_EVENT_EXIT) {
            switch (n->type) {
            case DOC_NODE_LIST:
                w->list_depth--;
                pop(w);
                pdf_lay_after(L, L->lead * PDF_LIST_SPACE);
                L->prev = LAY_OTHER;
                break;
            case DOC_NODE_ITEM:
            case DOC_NODE_BLOCK_QUOTE:
            case DOC_NODE_HTML_ELEMENT:
                pop(w);
                if (n->type != DOC_NODE_HTML_ELEMENT || !n->inline_element)
                    L->prev = LAY_OTHER;
                if (n->type == DOC_NODE_BLOCK_QUOTE)
                    pdf_lay_after(L, L->lead * PDF_QUOTE_SPACE);
                break;
            default:
                pop(w);
                break;
            }
            continue;
        }
        if (skip_through) {
            /* an inline sibling already set as part of an anonymous paragraph */
            if (n == skip_through)
                skip_through = NULL;
            if (!doc_node_is_leaf(n)) {
                push(w, n, -1);
                doc_iter_skip_children(&it);
            }
            continue;
        }
        if (pdf_node_is_inline(n)) {
            struct doc_node *last = n;
            while (last->next && pdf_node_is_inline(last->next))
                last = last->next;
            lay_paragraph(w, n, last, NULL);
            if (last != n)
                skip_through = last;
            if (!doc_node_is_leaf(n)) {
                push(w, n, -1);
                doc_iter_skip_children(&it);
            }
            continue;
        }
        bool leaf = doc_node_is_leaf(n);
        switch (n->type) {
        case DOC_NODE_PARAGRAPH:
            lay_paragraph(w, n->first_child, n->last_child, n);
            break;
        case DOC_NODE_HEADING:
            lay_heading(w, n);
            break;
        case DOC_NODE_BLOCK_QUOTE:
            pdf_lay_after(L, L->lead * PDF_QUOTE_SPACE);
            push(w, n, PDF_TAG_BLOCKQUOTE);
            if (L->quote_bar <= 0)
                L->quote_bar = L->left + L->st->quote_indent * PDF_QUOTE_BAR_X + 0.01;
            L->left += L->st->quote_indent;
            L->right += L->st->quote_indent * PDF_QUOTE_RIGHT;
            w->blocky++;
            L->prev = LAY_NONE;
            continue;
        case DOC_NODE_LIST:
            pdf_lay_after(L, L->lead * PDF_LIST_SPACE);
            push(w, n, PDF_TAG_L);
            w->list_depth++;
            L->prev = LAY_NONE;
            continue;
        case DOC_NODE_ITEM:
            enter_item(w, n);
            continue;
        case DOC_NODE_CODE_BLOCK:
            pdf_lay_code(L, n);
            L->prev = LAY_OTHER;
            break;
        case DOC_NODE_THEMATIC_BREAK:
            lay_rule(L);
            break;
        case DOC_NODE_TABLE:
            (void)pdf_lay_table(L, n);
            L->prev = LAY_OTHER;
            break;
        case DOC_NODE_FIGURE:
            pdf_lay_figure(L, n);
            L->prev = LAY_OTHER;
            break;
        case DOC_NODE_FOOTNOTE_DEF: /* laid out before the body, with the notes */
            break;
        case DOC_NODE_HTML_ELEMENT:
            /* a raw table is set as a table; one whose parts table.c does not
             * know is walked as the blocks it holds */
            if (!strcmp(n->tag, "table") && pdf_lay_table(L, n)) {
                L->prev = LAY_OTHER;
                break;
            }
            enter_html_block(w, n);
            continue;
        default:
            break;
        }
        if (!leaf) {
            push(w, n, -1);
            doc_iter_skip_children(&it);
        }
    }
}

/* The chapter's opening: sunk, with its number, title and description. */
static void lay_opener(struct pdf_lay *L)
{
    const struct pdf_style *st = L->st;
    struct pdf_para *p = &L->para;
    struct pdf_dlist *d = L->d;
    size_t first_box = d->n_boxes;
    char num[48];
    size_t number = series_chapter_number(L->ch->series, L->ch->index);
    snprintf(num, sizeof num, doc_label(L->ch->series->language, DOC_LABEL_CHAPTER_NUMBER),
             number);
    pdf_para_style(p, st->body * PDF_OPENER_NUMBER_SIZE, st->lead * PDF_OPENER_NUMBER_LEAD,
                   PDF_LEFT);
    p->hyphenate = false;
    pdf_para_add(p, num, strlen(num), PDF_FF_ITALIC, PDF_C_MUTED, 1.0f, -1);
    pdf_para_src(p, 0, 0);
    struct pdf_para_opts o = {.width = st->text_w, .tag = PDF_TAG_P, .keep_together = true,
                              .chapter_file = L->ch->file, .dl = L->dl};
    struct pdf_para_out out;
    uint32_t mark = pdf_lay_begin(L);
    char *dest = pdf_dest_name((int)L->ch->index, NULL);
    pdf_op_dest(d, dest);
    /* anchors earlier chapters link to but this one lacks: those links land here */
    const struct doc_chapter_info *info = &L->bc->book->chapters[L->ch->index];
    for (size_t i = 0; i < info->n_missing; i++) {
        char *alias = pdf_dest_name((int)L->ch->index, info->missing[i]);
        pdf_op_dest(d, alias);
        free(alias);
    }
    /* a section octavo made (the changes in this edition) has no number: its
     * title takes the destinations */
    bool numbered = number > 0;
    if (numbered) {
        pdf_para_layout(L->ps, p, &o, d, &out);
        pdf_lay_adopt(L, mark, out.box0, 0);
    }

    pdf_para_style(p, st->h1, round(st->h1 * PDF_TITLE_LEAD * 4) / 4, PDF_LEFT);
    p->hyphenate = false;
    p->balance = true;
    p->base_flags = PDF_FF_BOLD;
    const char *title = L->ch->title ? L->ch->title : "";
    pdf_para_add(p, title, strlen(title), 0, PDF_C_TEXT, 1.0f, -1);
    o.tag = PDF_TAG_H1;
    if (numbered)
        mark = pdf_lay_begin(L);
    pdf_para_layout(L->ps, p, &o, d, &out);
    pdf_lay_adopt(L, mark, out.box0, st->lead * PDF_OPENER_TITLE_SPACE);
    add_heading_ref(L, 1, title, dest, first_box);
    free(dest);

    if (L->ch->description) {
        pdf_para_style(p, st->body * PDF_OPENER_DESC_SIZE, st->lead * PDF_OPENER_DESC_LEAD,
                       PDF_LEFT);
        p->hyphenate = false;
        pdf_para_add(p, L->ch->description, strlen(L->ch->description), PDF_FF_ITALIC,
                     PDF_C_MUTED, 1.0f, -1);
        o.tag = PDF_TAG_P;
        mark = pdf_lay_begin(L);
        pdf_para_layout(L->ps, p, &o, d, &out);
        pdf_lay_adopt(L, mark, out.box0, st->lead * PDF_OPENER_DESC_SPACE);
    }
    for (size_t i = first_box; i < d->n_boxes; i++)
        d->boxes[i].penalty = PDF_INF;
    if (d->n_boxes > first_box) {
        d->boxes[first_box].flags |= PDF_BOXF_OPENER;
        d->boxes[first_box].space = (float)(st->text_h * PDF_OPENER_SINK);
        d->boxes[first_box].stretch = 0;
        /* a rule under the head */
        struct pdf_box *last = &d->boxes[d->n_boxes - 1];
        if (last->op1 == d->n_ops) {
            pdf_op_line(d, PDF_C_RULE, PDF_OPENER_RULE_W, 0,
                        last->h + (float)(st->lead * PDF_OPENER_RULE_Y),
                        (float)(st->text_w * PDF_OPENER_RULE_LEN), 0);
            last->op1 = (uint32_t)d->n_ops;
        }
    }
    L->space = st->lead * PDF_OPENER_SPACE_AFTER;
    L->prev = LAY_HEADING;
}

void pdf_chapter_layout(const struct pdf_book_ctx *bc, struct pdf_shaper *sh,
                        const struct doc_chapter *ch, struct pdf_chapter_out *out)
{
    memset(out, 0, sizeof *out);
    out->ok = true;
    struct pdf_lay L = {
        .bc = bc, .st = bc->st, .ps = pdf_setter_new(sh), .ch = ch, .out = out, .d = &out->d,
        .size = bc->st->body, .lead = bc->st->lead, .dl = &out->diags,
    };
    pdf_para_init(&L.para, L.size, L.lead, PDF_JUSTIFY);
    struct walk w = {.L = &L, .align = PDF_JUSTIFY};

    /* footnotes first: the page builder needs their heights */
    int max_note = 0;
    for (struct doc_node *c = ch->root->first_child; c; c = c->next)
        if (c->type == DOC_NODE_FOOTNOTE_DEF && c->number > max_note)
            max_note = c->number;
    struct pdf_note_boxes *notes = xcalloc((size_t)max_note + 1, sizeof *notes);
    L.in_note = true;
    L.size = bc->st->note;
    L.lead = bc->st->note_lead;
    for (struct doc_node *c = ch->root->first_child; c; c = c->next) {
        if (c->type != DOC_NODE_FOOTNOTE_DEF || c->number <= 0)
            continue;
        size_t box0 = L.d->n_boxes;
        L.prev = LAY_NONE;
        L.space = 0;
        w.blocky = 1;
        w.note_label = c->number;
        pdf_lay_open_tag(&L, PDF_TAG_NOTE);
        walk_blocks(&w, c);
        pdf_lay_close_tag(&L, PDF_TAG_NOTE);
        struct pdf_note_boxes *nb = &notes[c->number];
        nb->box0 = (uint32_t)box0;
        nb->n = (uint32_t)(L.d->n_boxes - box0);
        for (size_t i = box0; i < L.d->n_boxes; i++)
            nb->h += L.d->boxes[i].h + (i > box0 ? L.d->boxes[i].space : 0);
    }
    L.in_note = false;
    L.size = bc->st->body;
    L.lead = bc->st->lead;
    w.blocky = 0;
    w.note_label = 0;
    L.prev = LAY_NONE;
    L.space = 0;

    size_t body0 = L.d->n_boxes;
    lay_opener(&L);
    walk_blocks(&w, ch->root);
    while (w.depth)
        pop(&w);
    free(w.stack);
    pdf_paginate(bc->st, L.d, body0, L.d->n_boxes, notes, (size_t)max_note + 1, out);

    /* heading refs: box index → page */
    uint32_t *page_of = xcalloc(L.d->n_boxes + 1, sizeof *page_of);
    for (size_t pg = 0; pg < out->n_pages; pg++)
        for (uint32_t k = 0; k < out->pages[pg].n_place; k++) {
            uint32_t b = out->places[out->pages[pg].place0 + k].box;
            if (!page_of[b])
                page_of[b] = (uint32_t)pg + 1;
        }
    for (size_t i = 0; i < out->n_headings; i++) {
        uint32_t b = out->headings[i].page;
        out->headings[i].page = page_of[b] ? page_of[b] - 1 : 0;
    }
    free(page_of);
    free(notes);
    free(L.drawable);
    pdf_para_free(&L.para);
    pdf_setter_free(L.ps);
}

void pdf_chapter_out_free(struct pdf_chapter_out *out)
{
    pdf_dlist_free(&out->d);
    free(out->places);
    free(out->pages);
    for (size_t i = 0; i < out->n_headings; i++) {
        free(out->headings[i].text);
        free(out->headings[i].dest);
    }
    free(out->headings);
    diag_list_free(&out->diags);
    memset(out, 0, sizeof *out);
}
