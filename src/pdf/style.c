/* The book's design in numbers: page sizes, margins, the text block on a
 * baseline grid, type sizes and colours (the highlighting colours are the
 * EPUB stylesheet's, so code looks the same in both books). */
#include "pdf/design.h"
#include "pdf/style.h"
#include "pdf/dlist.h"
#include "highlight/highlight.h"

#include <math.h>
#include <string.h>

struct page_size {
    const char *name;
    double w, h;      /* points */
    double body;      /* body type size */
    double measure;   /* the longest line, in ems of the body size */
    bool two_sided;   /* mirrored margins */
};

static const struct page_size sizes[] = {
    {"a4", 595.276, 841.890, 11.0, 35.0, true},
    {"letter", 612.0, 792.0, 11.0, 35.0, true},
    {"a5", 419.528, 595.276, 10.0, 33.0, true},
    {"6x9", 432.0, 648.0, 10.0, 32.0, true},
    /* a 6-inch e-reader's screen: small margins, no binding */
    {"ereader", 259.2, 345.6, 8.5, 30.0, false},
};

const char *pdf_page_size_names(void)
{
    return "a4, letter, a5, 6x9, ereader";
}

static const struct page_size *find_size(const char *name)
{
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        if (!str_casecmp_ascii(sizes[i].name, name))
            return &sizes[i];
    if (!str_casecmp_ascii(name, "us-letter") || !str_casecmp_ascii(name, "usletter"))
        return &sizes[1];
    return NULL;
}

bool pdf_page_size_known(const char *name)
{
    return name && find_size(name);
}

static void rgb(double out[3], unsigned hex)
{
    out[0] = ((hex >> 16) & 0xFF) / 255.0;
    out[1] = ((hex >> 8) & 0xFF) / 255.0;
    out[2] = (hex & 0xFF) / 255.0;
}

/* Token colours by the class names book.css uses. */
static const struct {
    const char *css;
    unsigned color;
    bool bold;
} hl_colors[] = {
    {"kw", 0x8a1a6a, true}, {"pp", 0x8a1a6a, true}, {"de", 0x8a1a6a, true},
    {"ty", 0x0b5e7a, false}, {"bi", 0x0b5e7a, false}, {"fn", 0x1f4fa8, false},
    {"st", 0x2f6b0a, false}, {"es", 0x2f6b0a, false}, {"nu", 0x8a4a00, false},
    {"co", 0x5c5c5c, false}, {"va", 0x7a3b00, false}, {"ke", 0x7a3b00, false},
    {"pr", 0x5c5c5c, true}, {"ins", 0x1d6b1d, false}, {"del", 0xa31515, false},
    {"hd", 0x1f4fa8, true},
};

bool pdf_style_init(struct pdf_style *st, const char *page_size)
{
    const struct page_size *ps = find_size(page_size ? page_size : "a4");
    if (!ps)
        return false;
    memset(st, 0, sizeof *st);
    st->page_name = ps->name;
    st->page_w = ps->w;
    st->page_h = ps->h;
    st->body = ps->body;
    st->lead = round(ps->body * PDF_LEAD_RATIO * 4) / 4;

    double min_side = ps->two_sided ? ps->w * PDF_SIDE_MIN : ps->w * PDF_SIDE_MIN_SCREEN;
    st->text_w = fmin(ps->measure * ps->body, ps->w - 2 * min_side);
    double side = ps->w - st->text_w;
    st->inner = ps->two_sided ? side * PDF_INNER_SHARE : side / 2;
    st->outer = side - st->inner;
    st->top = ps->two_sided ? ps->h * PDF_TOP : ps->h * PDF_TOP_SCREEN;
    double bottom = ps->two_sided ? ps->h * PDF_BOTTOM : ps->h * PDF_BOTTOM_SCREEN;
    double lines = floor((ps->h - st->top - bottom) / st->lead);
    st->text_h = lines * st->lead;
    st->bottom = ps->h - st->top - st->text_h;
    st->head_y = st->top - st->lead * PDF_HEAD_ABOVE;
    st->foot_y = st->top + st->text_h + st->lead * PDF_FOLIO_BELOW;

    st->code = ps->body * PDF_CODE_SIZE;
    st->code_lead = round(st->code * PDF_LEAD_RATIO * 4) / 4;
    st->code_pad = ps->body * PDF_CODE_PAD;
    st->note = ps->body * PDF_NOTE_SIZE;
    st->note_lead = round(st->note * PDF_SMALL_LEAD_RATIO * 4) / 4;
    st->table = ps->body * PDF_TABLE_SIZE;
    st->table_lead = round(st->table * PDF_SMALL_LEAD_RATIO * 4) / 4;
    st->cell_pad = ps->body * PDF_CELL_PAD;
    st->h1 = ps->body * PDF_H1_SIZE;
    st->h2 = ps->body * PDF_H2_SIZE;
    st->h3 = ps->body * PDF_H3_SIZE;
    st->h4 = ps->body;
    st->para_indent = ps->body * PDF_PARA_INDENT;
    st->list_indent = ps->body * PDF_LIST_INDENT;
    st->quote_indent = ps->body * PDF_QUOTE_INDENT;

    rgb(st->colors[PDF_C_TEXT], 0x1a1a1a);
    rgb(st->colors[PDF_C_LINK], 0x1d3f8a);
    rgb(st->colors[PDF_C_MUTED], 0x5c5c5c);
    rgb(st->colors[PDF_C_RULE], 0x8a8a8a);
    rgb(st->colors[PDF_C_CODE_BG], 0xf4f4f4);
    rgb(st->colors[PDF_C_CODE_BAR], 0x9a9a9a);
    rgb(st->colors[PDF_C_CODE_TEXT], 0x1a1a1a);
    rgb(st->colors[PDF_C_INLINE_CODE], 0x2a2a2a);
    rgb(st->colors[PDF_C_TABLE_HEAD_BG], 0xeeeeee);
    rgb(st->colors[PDF_C_QUOTE_BAR], 0xb0b0b0);
    rgb(st->colors[PDF_C_INS], 0x0a4f8f);
    rgb(st->colors[PDF_C_DEL], 0x9e1414);
    for (int cls = 0; cls < HL__COUNT && cls < 32; cls++) {
        int slot = PDF_C_HL_FIRST + cls;
        rgb(st->colors[slot], 0x1a1a1a);
        const char *css = hl_class_css((hl_class)cls);
        for (size_t i = 0; i < sizeof hl_colors / sizeof *hl_colors; i++) {
            if (!strcmp(css, hl_colors[i].css)) {
                rgb(st->colors[slot], hl_colors[i].color);
                st->hl_bold[cls] = hl_colors[i].bold;
            }
        }
    }
    return true;
}

const char *pdf_tag_name(enum pdf_tag t)
{
    static const char *const names[PDF_TAG__COUNT] = {
        [PDF_TAG_P] = "P",         [PDF_TAG_H1] = "H1",       [PDF_TAG_H2] = "H2",
        [PDF_TAG_H3] = "H3",       [PDF_TAG_H4] = "H4",       [PDF_TAG_L] = "L",
        [PDF_TAG_LI] = "LI",       [PDF_TAG_LBL] = "Lbl",     [PDF_TAG_LBODY] = "LBody",
        [PDF_TAG_TABLE] = "Table", [PDF_TAG_TR] = "TR",       [PDF_TAG_TH] = "TH",
        [PDF_TAG_TD] = "TD",       [PDF_TAG_FIGURE] = "Figure", [PDF_TAG_CAPTION] = "Caption",
        [PDF_TAG_CODE] = "Code",   [PDF_TAG_BLOCKQUOTE] = "BlockQuote", [PDF_TAG_NOTE] = "Note",
        [PDF_TAG_TOC] = "TOC",     [PDF_TAG_TOCI] = "TOCI",   [PDF_TAG_SECT] = "Sect",
        [PDF_TAG_DIV] = "Div",
    };
    return t < PDF_TAG__COUNT ? names[t] : "Span";
}

#define DEST_NAME_MAX 128

char *pdf_dest_name(int chapter, const char *anchor)
{
    struct buf b = BUF_INIT;
    if (chapter < 0)
        buf_puts(&b, "front");
    else
        buf_printf(&b, "ch%d", chapter + 1);
    if (anchor) {
        buf_putc(&b, '.');
        static const char hex[] = "0123456789ABCDEF";
        for (const unsigned char *p = (const unsigned char *)anchor; *p; p++) {
            unsigned char c = *p;
            bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (plain) {
                buf_putc(&b, (char)c);
            } else {
                buf_putc(&b, '_');
                buf_putc(&b, hex[c >> 4]);
                buf_putc(&b, hex[c & 15]);
            }
        }
        /* every link to the anchor repeats its name, and a megabyte heading
         * has thousands of lines in the contents, each a link: a long name
         * keeps its start and ends in a digest of the whole */
        if (b.len > DEST_NAME_MAX) {
            unsigned char digest[20];
            sha1(anchor, strlen(anchor), digest);
            b.len = DEST_NAME_MAX - 2 * 8 - 1;
            buf_putc(&b, '~');
            for (int i = 0; i < 8; i++) {
                buf_putc(&b, hex[digest[i] >> 4]);
                buf_putc(&b, hex[digest[i] & 15]);
            }
        }
    }
    return buf_detach(&b, NULL);
}

char *pdf_uri_attr(const char *url)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "uri='");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        unsigned char c = *p;
        if (c <= 0x20 || c >= 0x7F || c == '(' || c == ')' || c == '\\' || c == '\'') {
            buf_putc(&b, '%');
            buf_putc(&b, hex[c >> 4]);
            buf_putc(&b, hex[c & 15]);
        } else {
            buf_putc(&b, (char)c);
        }
    }
    buf_putc(&b, '\'');
    return buf_detach(&b, NULL);
}

void pdf_roman(unsigned n, char out[16])
{
    static const struct {
        unsigned v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
             {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
    size_t len = 0;
    out[0] = '\0';
    if (n == 0 || n > 3999) {
        snprintf(out, 16, "%u", n);
        return;
    }
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
        while (n >= r[i].v && len + strlen(r[i].s) < 15) {
            memcpy(out + len, r[i].s, strlen(r[i].s));
            len += strlen(r[i].s);
            n -= r[i].v;
        }
    }
    out[len] = '\0';
}
