/* Code blocks: highlighted with the EPUB's lexer and colours, set in the
 * monospaced face on a tinted band, one box per line so a long listing breaks
 * across pages; a line wider than the measure wraps with a hook in the margin
 * and never runs past it. */
#include "highlight/highlight.h"
#include "pdf/blocks.h"
#include "pdf/design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAB_WIDTH 4

struct code_ctx {
    struct pdf_para *p;
    const struct pdf_style *st;
    size_t col; /* for tab expansion */
};

static void add_expanded(struct code_ctx *c, const char *s, size_t len, uint16_t flags, int color)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            c->col = 0;
        } else if (s[i] == '\t') {
            pdf_para_add(c->p, s + start, i - start, flags, color, 1.0f, -1);
            size_t n = TAB_WIDTH - c->col % TAB_WIDTH;
            pdf_para_add(c->p, "        ", n, flags, color, 1.0f, -1);
            c->col += n;
            start = i + 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c->col++;
        }
    }
    pdf_para_add(c->p, s + start, len - start, flags, color, 1.0f, -1);
}

static void emit_token(void *ctx, hl_class cls, const char *text, size_t len)
{
    struct code_ctx *c = ctx;
    int k = (int)cls;
    uint16_t flags = PDF_FF_MONO | (k < 32 && c->st->hl_bold[k] ? PDF_FF_BOLD : 0);
    int color = cls == HL_PLAIN || k >= 32 ? PDF_C_CODE_TEXT : PDF_C_HL_FIRST + k;
    add_expanded(c, text, len, flags, color);
}

struct code_lines {
    struct pdf_lay *L;
    struct pdf_para *p;
    const struct pdf_sglyph *g;
    size_t n_g;
    double W, pad, ascent, lead;
    uint32_t text_base, node;
    size_t n_boxes;
    size_t span; /* the span of the last glyph emitted: lines come in order, so the
                  * search for a glyph's span goes on from here, never from the start */
};

/* A band of tint (and the bar at its left) over a box of height h. */
static void band(struct code_lines *cl, double h)
{
    struct pdf_dlist *d = cl->L->d;
    float x0 = (float)(-cl->pad) - PDF_CODE_BAR_W;
    pdf_op_rect(d, PDF_C_CODE_BG, x0, 0, (float)(cl->W + 2 * cl->pad) + PDF_CODE_BAR_W, (float)h,
                0);
    pdf_op_rect(d, PDF_C_CODE_BAR, x0, 0, PDF_CODE_BAR_W, (float)h, 0);
}

static struct pdf_box *line_box(struct code_lines *cl, double h, uint32_t flags)
{
    struct pdf_lay *L = cl->L;
    struct pdf_box *b = pdf_dlist_box(L->d);
    b->h = (float)h;
    b->x = (float)(L->left + cl->pad + PDF_CODE_BAR_W);
    b->flags = (uint8_t)flags;
    cl->n_boxes++;
    return b;
}

/* May a wrapped code line end before glyph k? After a space, after / . _ ,
 * ( or [ (not inside a run such as "__" or "..", nor in a number's decimal
 * point), or between camel-case parts: where a reader expects a name or a
 * path to go on. */
static bool code_break_before(const char *t, const struct pdf_sglyph *g, size_t k)
{
    if (g[k].cluster == g[k - 1].cluster)
        return false;
    unsigned char pc = (unsigned char)t[g[k - 1].cluster], c = (unsigned char)t[g[k].cluster];
    if (pc == ' ')
        return c != ' ';
    if (c == ' ' || c == pc)
        return false;
    if (pc == '.' && c >= '0' && c <= '9')
        return false;
    if (pc == '/' || pc == '.' || pc == '_' || pc == ',' || pc == '(' || pc == '[')
        return true;
    return pc >= 'a' && pc <= 'z' && c >= 'A' && c <= 'Z';
}

/* One visual line: glyphs [g0, g1). */
static void emit_line(struct code_lines *cl, size_t g0, size_t g1, bool continued,
                      uint32_t byte0, uint32_t byte1, char mark)
{
    struct pdf_dlist *d = cl->L->d;
    size_t bi = d->n_boxes;
    line_box(cl, cl->lead, PDF_BOXF_CODE);
    band(cl, cl->lead);
    if (continued)
        pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_CONT_MARK,
                                         .color = PDF_C_MUTED,
                                         .size = PDF_HOOK_W,
                                         .x = (float)(-cl->pad * PDF_HOOK_X),
                                         .y = (float)(cl->ascent - cl->p->size * PDF_HOOK_RISE),
                                         .w = (float)(cl->pad * PDF_HOOK_LEN),
                                         .h = (float)(cl->p->size * PDF_HOOK_H)});
    double x = 0;
    size_t i = g0;
    size_t hint = cl->span;
    const char *t = cl->p->text.data;
    while (i < g1) {
        uint16_t font = cl->g[i].font;
        /* a run of one font and one colour; a space has no ink and takes any
         * colour, so a blank between two tokens of a colour does not cut their
         * run and a line's indent joins its first token (each run costs the
         * PDF a text object) */
        int color = -1;
        size_t j = i;
        while (j < g1 && cl->g[j].font == font) {
            uint32_t c = cl->g[j].cluster;
            while (hint < cl->p->n_spans && cl->p->spans[hint].end <= c)
                hint++;
            int cj = hint < cl->p->n_spans ? cl->p->spans[hint].color : PDF_C_CODE_TEXT;
            if (t[c] != ' ') {
                if (color < 0)
                    color = cj;
                else if (cj != color)
                    break;
            }
            j++;
        }
        if (color < 0)
            color = PDF_C_CODE_TEXT;
        uint32_t c0 = cl->g[i].cluster;
        uint32_t c1 = j < g1 ? cl->g[j].cluster : byte1;
        if (c1 < c0)
            c1 = c0;
        struct pdf_font_info fi = pdf_para_font(cl->L->ps, font);
        uint32_t first = pdf_dlist_glyphs(d, j - i);
        double rx = x;
        for (size_t k = i; k < j; k++) {
            d->glyphs[first + (k - i)] = (struct pdf_glyph){
                .id = cl->g[k].id, .x = (float)(rx - x + cl->g[k].xoff),
                .cluster = cl->g[k].cluster - c0};
            rx += cl->g[k].adv;
        }
        pdf_dlist_op(d, &(struct pdf_op){.kind = PDF_OP_GLYPHS, .face = (uint8_t)fi.face,
                                         .color = (uint8_t)color,
                                         .size = fi.size, .x = (float)x,
                                         .y = (float)cl->ascent, .a = first,
                                         .n = (uint32_t)(j - i),
                                         .text = cl->text_base + c0, .text_len = c1 - c0});
        x = rx;
        i = j;
    }
    cl->span = hint;
    if (mark == '+' || mark == '-') {
        /* a redline's line: underlined or struck, with a change bar */
        bool del = mark == '-';
        double size = cl->p->size;
        pdf_op_line(d, del ? PDF_C_DEL : PDF_C_INS, (float)(size * PDF_STRIKE_W), 0,
                    (float)(cl->ascent + (del ? -size * PDF_STRIKE_Y : size * PDF_UNDERLINE_Y)),
                    (float)x, 0);
        d->boxes[bi].flags |= PDF_BOXF_CHANGED;
    }
    struct pdf_box *b = &d->boxes[bi];
    b->op1 = (uint32_t)d->n_ops;
    b->src_node = cl->node;
    b->src_off = byte0;
}

void pdf_lay_code(struct pdf_lay *L, const struct doc_node *n)
{
    const struct pdf_style *st = L->st;
    double scale = L->size / st->body;
    double size = st->code * scale, lead = round(st->code_lead * scale * 4) / 4;
    /* first: a list label is shaped with the same shaper as the code */
    uint32_t mark = pdf_lay_begin(L);
    struct pdf_para *p = &L->para;
    pdf_para_style(p, size, lead, PDF_LEFT);
    p->hyphenate = false;
    size_t len = n->text_len;
    struct code_ctx cc = {.p = p, .st = st};
    bool colour = n->highlight && !n->line_marks;
    if (n->line_marks) {
        /* a redline's old and new lines together: coloured by their marks */
        for (size_t b = 0, line = 0; b <= len; line++) {
            const char *nl = memchr(n->text + b, '\n', len - b);
            size_t e = nl ? (size_t)(nl - n->text) : len;
            char m = n->line_marks[line];
            add_expanded(&cc, n->text + b, e - b + (nl != NULL), PDF_FF_MONO,
                         m == '+' ? PDF_C_INS : m == '-' ? PDF_C_DEL : PDF_C_CODE_TEXT);
            b = e + 1;
        }
    } else if (!colour || !hl_highlight(n->info, n->text, len, emit_token, &cc)) {
        add_expanded(&cc, n->text, len, PDF_FF_MONO, PDF_C_CODE_TEXT);
    }
    struct pdf_para_opts o = {.chapter_file = L->ch->file, .line = n->line, .dl = L->dl};
    size_t n_g = 0;
    const struct pdf_sglyph *g = pdf_para_shape(L->ps, p, &o, &n_g);
    struct code_lines cl = {
        .L = L, .p = p, .g = g, .n_g = n_g, .pad = st->code_pad * scale,
        .lead = lead, .ascent = pdf_line_baseline(L->bc->fonts, PDF_MONO, size, lead),
        .node = pdf_ord(L, n),
    };
    cl.W = st->text_w - L->left - L->right - 2 * cl.pad - PDF_CODE_BAR_W;
    const char *t = p->text.data ? p->text.data : "";
    size_t tl = p->text.len;
    cl.text_base = pdf_dlist_text(L->d, t, tl);

    size_t box0 = L->d->n_boxes;
    pdf_op_tag(L->d, PDF_TAG_CODE, false);
    double pad_v = cl.pad * PDF_CODE_PAD_V;
    struct pdf_box *top = line_box(&cl, pad_v, 0);
    band(&cl, pad_v);
    top = &L->d->boxes[box0];
    top->op1 = (uint32_t)L->d->n_ops;
    top->src_node = cl.node;

    /* logical lines, then wrapping */
    size_t gi = 0;
    size_t b = 0;
    size_t line_no = 0;
    size_t n_marks = n->line_marks ? strlen(n->line_marks) : 0;
    while (b <= tl) {
        char line_mark = line_no < n_marks ? n->line_marks[line_no] : ' ';
        line_no++;
        size_t e = b;
        while (e < tl && t[e] != '\n')
            e++;
        size_t g0 = gi;
        while (gi < n_g && g[gi].cluster < e)
            gi++;
        size_t g1 = gi;
        /* wrap [g0, g1) at the measure */
        size_t s = g0;
        bool continued = false;
        do {
            double x = 0;
            size_t k = s, last_break = SIZE_MAX;
            while (k < g1 && x + g[k].adv <= cl.W + 0.01) {
                if (k > s && code_break_before(t, g, k))
                    last_break = k;
                x += g[k].adv;
                k++;
            }
            if (k < g1) {
                if (k > s && code_break_before(t, g, k))
                    last_break = k;
                if (last_break != SIZE_MAX && last_break > s + (k - s) / 3)
                    k = last_break;
                /* no place a reader expects: between two clusters, never inside one */
                while (k > s + 1 && g[k].cluster == g[k - 1].cluster)
                    k--;
                if (k == s)
                    k = s + 1;
                while (k < g1 && g[k].cluster == g[k - 1].cluster)
                    k++;
            }
            uint32_t byte0 = s < n_g ? g[s].cluster : (uint32_t)b;
            if (s == g0)
                byte0 = (uint32_t)b;
            uint32_t byte1 = k < g1 ? g[k].cluster : (uint32_t)e;
            emit_line(&cl, s, k, continued, byte0, byte1, line_mark);
            continued = true;
            s = k;
        } while (s < g1);
        b = e + 1;
    }
    struct pdf_box *bottom = line_box(&cl, pad_v, 0);
    band(&cl, pad_v);
    pdf_op_tag(L->d, PDF_TAG_CODE, true);
    bottom = &L->d->boxes[L->d->n_boxes - 1];
    bottom->op1 = (uint32_t)L->d->n_ops;
    bottom->src_node = cl.node;
    bottom->src_off = (uint32_t)n->text_len;

    /* breaks: keep two lines together at either end */
    size_t nb = L->d->n_boxes - box0;
    for (size_t i = 0; i < nb; i++) {
        struct pdf_box *bx = &L->d->boxes[box0 + i];
        bool ok = i >= 2 && i + 3 < nb;
        bx->penalty = ok ? 0 : PDF_INF;
    }
    L->d->boxes[box0 + nb - 1].penalty = 0;
    pdf_lay_adopt(L, mark, box0, L->lead * PDF_CODE_SPACE);
    pdf_lay_after(L, L->lead * PDF_CODE_SPACE);
}
