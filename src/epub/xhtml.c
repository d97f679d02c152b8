/* A chapter's model → an XHTML tree, in one switch over enter/exit events. */
#include "epub/epub.h"
#include "epub/internal.h"
#include "epub/xmlw.h"
#include "highlight/highlight.h"

#include <stdlib.h>
#include <string.h>

char *epub_chapter_name(const struct series *s, size_t index)
{
    const struct series_chapter *c = &s->chapters[index];
    if (!c->name) {
        /* a chapter added after series_load without series_name_chapters */
        char *name = ident_from_path(c->file ? c->file : "chapter", 8, NULL);
        char *file = xasprintf("%s.xhtml", name);
        free(name);
        return file;
    }
    return xasprintf("%s.xhtml", c->name);
}

char *epub_chapter_id(const struct series *s, size_t index)
{
    /* a manifest id is an XML name: the prefix gives "02-…" its first letter */
    char *file = epub_chapter_name(s, index);
    char *id = xasprintf("ch-%.*s", (int)(strlen(file) - strlen(".xhtml")), file);
    free(file);
    return id;
}

/* Page marks waiting for a place where a <span> may stand. */
struct marks {
    const struct doc_page_start *items;
    size_t n, next;            /* next: the first mark not yet placed */
    const struct doc_page_start *pending[16];
    size_t n_pending;
};

char *epub_page_id(const char *label)
{
    return xasprintf("pg.%s", label);
}

void epub_put_page_marker(xmlNodePtr parent, const struct doc_page_start *m)
{
    xmlNodePtr span = xmlw_el(parent, "span");
    xmlw_epub_type(span, "pagebreak");
    xmlw_attr(span, "role", "doc-pagebreak");
    char *id = epub_page_id(m->label);
    xmlw_attr(span, "id", id);
    free(id);
    xmlw_attr(span, "aria-label", m->label);
}

/* Elements whose content model has no room for a <span>. */
static bool holds_span(xmlNodePtr el)
{
    static const char *const no[] = {"ul", "ol", "table", "thead", "tbody", "tfoot", "tr",
                                     "dl", "colgroup", NULL};
    for (const char *const *t = no; *t; t++)
        if (!strcmp((const char *)el->name, *t))
            return false;
    return true;
}

static void flush_marks(struct marks *mk, xmlNodePtr cur)
{
    if (!mk->n_pending || !holds_span(cur))
        return;
    for (size_t i = 0; i < mk->n_pending; i++)
        epub_put_page_marker(cur, mk->pending[i]);
    mk->n_pending = 0;
}

static void pend(struct marks *mk, const struct doc_page_start *m)
{
    if (mk->n_pending < sizeof mk->pending / sizeof mk->pending[0])
        mk->pending[mk->n_pending++] = m;
}

/* The first mark at node ord with an offset inside its text, or NULL. */
static const struct doc_page_start *mark_inside(struct marks *mk, uint32_t ord)
{
    if (mk->next < mk->n && mk->items[mk->next].pos.node == ord && mk->items[mk->next].pos.offset > 0)
        return &mk->items[mk->next];
    return NULL;
}

/* Backs an offset up to the start of a UTF-8 character. */
static size_t char_start(const char *text, size_t len, size_t off)
{
    if (off > len)
        off = len;
    while (off > 0 && off < len && utf8_is_continuation((unsigned char)text[off]))
        off--;
    return off;
}

/* A code line wider than the screen wraps; the wrapped part hangs this many
 * columns deeper than the line's own indentation, so that in Python or YAML a
 * wrap never reads as a line of another indentation. */
#define CODE_WRAP_HANG_COLUMNS 2
/* A tab advances to the next multiple of CSS's default tab-size. */
#define CODE_TAB_COLUMNS 8

struct hl_ctx {
    xmlNodePtr code, line; /* line: the open line's <span>, NULL between lines */
    const char *text;      /* the whole block, to measure each line's indentation */
    size_t len;
    struct marks *mk;
    uint32_t ord;
    size_t pos; /* bytes of the block emitted so far */
};

/* Each source line is a block-level <span> with a hanging indent (book.css
 * .cl); the newline stays inside it, so copied text is the author's. */
static xmlNodePtr new_code_line(xmlNodePtr code, const char *text, size_t len, size_t at)
{
    size_t cols = 0;
    for (size_t i = at; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
        cols = text[i] == ' ' ? cols + 1 : (cols / CODE_TAB_COLUMNS + 1) * CODE_TAB_COLUMNS;
    xmlNodePtr line = xmlw_el(code, "span");
    xmlw_attr(line, "class", "cl");
    char style[80];
    size_t hang = cols + CODE_WRAP_HANG_COLUMNS;
    snprintf(style, sizeof style, "padding-left: %zuch; text-indent: -%zuch", hang, hang);
    xmlw_attr(line, "style", style);
    return line;
}

static xmlNodePtr code_line(struct hl_ctx *h, size_t at)
{
    if (!h->line)
        h->line = new_code_line(h->code, h->text, h->len, at);
    return h->line;
}

/* text starts at byte at of the block; a newline ends the open line. */
static void emit_piece(struct hl_ctx *h, const char *css, const char *text, size_t len, size_t at)
{
    while (len) {
        const char *nl = memchr(text, '\n', len);
        size_t seg = nl ? (size_t)(nl - text) + 1 : len;
        xmlNodePtr line = code_line(h, at);
        if (!*css) {
            xmlw_text(line, text, seg);
        } else {
            xmlNodePtr span = xmlw_el(line, "span");
            xmlw_attr(span, "class", css);
            xmlw_text(span, text, seg);
        }
        if (nl)
            h->line = NULL;
        text += seg;
        len -= seg;
        at += seg;
    }
}

static void emit_token(void *ctx, hl_class cls, const char *text, size_t len)
{
    struct hl_ctx *h = ctx;
    const char *css = hl_class_css(cls);
    const struct doc_page_start *m;
    /* a page that begins inside this token splits it there */
    while (h->mk && (m = mark_inside(h->mk, h->ord)) && m->pos.offset < h->pos + len) {
        size_t cut = m->pos.offset > h->pos ? char_start(text, len, m->pos.offset - h->pos) : 0;
        emit_piece(h, css, text, cut, h->pos);
        epub_put_page_marker(code_line(h, h->pos + cut), m);
        h->mk->next++;
        text += cut;
        len -= cut;
        h->pos += cut;
    }
    emit_piece(h, css, text, len, h->pos);
    h->pos += len;
}

/* A redline's mark: <ins> or <del>, opening with words a screen reader says
 * and a screen does not show. */
static xmlNodePtr redline_mark(xmlNodePtr parent, bool inserted, const char *language)
{
    xmlNodePtr el = xmlw_el(parent, inserted ? "ins" : "del");
    xmlw_attr(el, "class", "rl");
    const char *say = doc_label(language, inserted ? DOC_LABEL_INSERTED : DOC_LABEL_DELETED);
    xmlw_attr(xmlw_el_text(el, "span", say), "class", "vh");
    return el;
}

/* A redline's code: whole lines inserted or deleted, without colours (old and
 * new lines interleaved are no program a highlighter could read). */
static void render_marked_lines(xmlNodePtr code, const struct doc_node *n, size_t len,
                                const char *language)
{
    size_t line = 0;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(n->text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - n->text) : len;
        char m = n->line_marks[line];
        xmlNodePtr ln = new_code_line(code, n->text, len, i);
        xmlNodePtr to = m == '+' || m == '-' ? redline_mark(ln, m == '+', language) : ln;
        xmlw_text(to, n->text + i, end - i);
        if (nl)
            xmlw_text(ln, "\n", 1);
        i = end + 1;
    }
}

static xmlNodePtr render_code_block(xmlNodePtr parent, const struct doc_node *n,
                                    struct marks *mk, uint32_t ord, const char *language)
{
    xmlNodePtr pre = xmlw_el(parent, "pre");
    xmlNodePtr code = xmlw_el(pre, "code");
    if (n->info) {
        char *cls = xasprintf("language-%s", n->info);
        xmlw_attr(code, "class", cls);
        free(cls);
    }
    size_t len = n->text_len;
    struct hl_ctx h = {.code = code, .text = n->text, .len = len, .mk = mk, .ord = ord};
    if (n->line_marks)
        render_marked_lines(code, n, len, language);
    else if (!n->highlight || !hl_highlight(n->info, n->text, len, emit_token, &h))
        emit_token(&h, HL_PLAIN, n->text, len);
    while (mk && mark_inside(mk, ord)) /* past the text's end */
        epub_put_page_marker(h.line ? h.line : code, &mk->items[mk->next++]);
    return pre;
}

/* Text with the page marks that fall inside it. */
static void render_text(xmlNodePtr cur, const struct doc_node *n, struct marks *mk, uint32_t ord)
{
    const char *text = n->text;
    size_t len = n->text_len, pos = 0;
    const struct doc_page_start *m;
    while ((m = mark_inside(mk, ord))) {
        size_t cut = char_start(n->text, n->text_len, m->pos.offset);
        if (cut < pos)
            cut = pos;
        xmlw_text(cur, text + pos, cut - pos);
        epub_put_page_marker(cur, m);
        mk->next++;
        pos = cut;
    }
    xmlw_text(cur, text + pos, len - pos);
}

/* HTML forbids a link inside a link (a raw <a> around a Markdown link, a note
 * reference in a link's text): the inner one is then kept as text. */
static bool inside_link(xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (!strcmp((const char *)n->name, "a"))
            return true;
    return false;
}

static char *href_for(const struct series *s, const struct doc_node *n, size_t self)
{
    if (n->link_kind == DOC_LINK_EXTERNAL)
        return xstrdup(n->url);
    if ((size_t)n->target_chapter == self && n->target_anchor)
        return xasprintf("#%s", n->target_anchor);
    char *file = epub_chapter_name(s, (size_t)n->target_chapter);
    char *href = n->target_anchor ? xasprintf("%s#%s", file, n->target_anchor) : xstrdup(file);
    free(file);
    return href;
}

static xmlNodePtr render_image(xmlNodePtr parent, const struct doc_node *n,
                               const struct doc_book *book, bool in_figure)
{
    char *alt = doc_node_plain_text(n);
    if (!n->image_src) {
        /* a remote image: a link with its alt text, never a remote resource;
         * only the text if its URL is not one a reader could follow */
        const char *text = *alt ? alt : n->url;
        bool link = n->link_kind == DOC_LINK_EXTERNAL && !inside_link(parent);
        xmlNodePtr a = link ? xmlw_el(parent, "a") : NULL;
        if (a)
            xmlw_attr(a, "href", n->url);
        xmlw_text(a ? a : parent, text, strlen(text));
        free(alt);
        return a;
    }
    (void)book;
    xmlNodePtr el = xmlw_el(parent, "img");
    xmlw_attr(el, "src", n->image_src);
    xmlw_attr(el, "alt", alt);
    if (n->title && !in_figure)
        xmlw_attr(el, "title", n->title);
    free(alt);
    return el;
}

/* a is the reference's link, or the sup holding it when it cannot be a link:
 * the note's back-link needs the id either way. */
static void ensure_noteref_target(xmlNodePtr a, const struct doc_node *n)
{
    char buf[64];
    snprintf(buf, sizeof buf, "#fn.%d", n->number);
    if (!strcmp((const char *)a->name, "a"))
        xmlw_attr(a, "href", buf);
    if (n->ref_index <= 1)
        snprintf(buf, sizeof buf, "fnref.%d", n->number);
    else
        snprintf(buf, sizeof buf, "fnref.%d.%d", n->number, n->ref_index);
    xmlw_attr(a, "id", buf);
}

static const char *tag_for(const struct doc_node *n)
{
    static const char *const heading[] = {"h1", "h1", "h2", "h3", "h4", "h5", "h6"};
    switch (n->type) {
    case DOC_NODE_PARAGRAPH: return "p";
    case DOC_NODE_HEADING: return heading[n->level >= 1 && n->level <= 6 ? n->level : 6];
    case DOC_NODE_BLOCK_QUOTE: return "blockquote";
    case DOC_NODE_LIST: return n->ordered ? "ol" : "ul";
    case DOC_NODE_ITEM: return "li";
    case DOC_NODE_EMPH: return "em";
    case DOC_NODE_STRONG: return "strong";
    case DOC_NODE_STRIKE: return "del";
    case DOC_NODE_HTML_ELEMENT: return n->tag;
    default: return "span";
    }
}

static bool list_has_tasks(const struct doc_node *list)
{
    for (const struct doc_node *i = list->first_child; i; i = i->next)
        if (i->is_task)
            return true;
    return false;
}

static void build_body(xmlNodePtr section, const struct doc_chapter *ch,
                       const struct doc_book *book, struct marks *mk)
{
    /* One xml parent per open container; NULL-free: a container that makes no
     * element of its own (a tight list's paragraph, a plain link) pushes its parent. */
    size_t cap = 64, depth = 0;
    xmlNodePtr *stack = xmlMalloc(cap * sizeof *stack);
    xmlNodePtr cur = section, notes = NULL, thead = NULL, tbody = NULL;
    struct doc_iter it;
    struct doc_node *n;
    enum doc_event ev;
    doc_iter_init(&it, ch->root);
    while ((ev = doc_iter_next(&it, &n)) != DOC_EVENT_DONE) {
        if (ev == DOC_EVENT_EXIT) {
            if (n->type != DOC_NODE_DOCUMENT)
                cur = stack[--depth];
            continue;
        }
        uint32_t this_ord = n->seq;
        /* a page that begins at this node (not inside its text) */
        while (mk->next < mk->n && mk->items[mk->next].pos.node <= this_ord &&
               !mark_inside(mk, this_ord))
            pend(mk, &mk->items[mk->next++]);
        if (n->type == DOC_NODE_DOCUMENT)
            continue;
        flush_marks(mk, cur);
        xmlNodePtr el = NULL, made = NULL; /* made: the element a leaf became */
        bool container = !doc_node_is_leaf(n);
        switch (n->type) {
        case DOC_NODE_PARAGRAPH:
            if (n->parent && n->parent->type == DOC_NODE_ITEM && n->parent->parent &&
                n->parent->parent->tight && !n->id)
                el = cur; /* tight lists hold their text directly, as in HTML */
            else
                el = xmlw_el(cur, "p");
            break;
        case DOC_NODE_HEADING:
            el = xmlw_el(cur, tag_for(n));
            if (n->id)
                xmlw_attr(el, "id", n->id);
            break;
        case DOC_NODE_LIST:
            el = xmlw_el(cur, tag_for(n));
            if (n->ordered && n->list_start != 1) {
                char num[24];
                snprintf(num, sizeof num, "%d", n->list_start);
                xmlw_attr(el, "start", num);
            }
            if (list_has_tasks(n))
                xmlw_attr(el, "class", "tasks");
            break;
        case DOC_NODE_ITEM:
            el = xmlw_el(cur, "li");
            if (n->is_task) {
                xmlw_attr(el, "class", n->checked ? "task done" : "task");
                /* ✓ and □ are in the embedded JetBrains Mono; ☑ and ☐ are in no embedded font */
                xmlNodePtr box = xmlw_el_text(el, "span", n->checked ? "\xE2\x9C\x93" : "\xE2\x96\xA1");
                xmlw_attr(box, "class", "task-box");
                xmlw_attr(box, "role", "img");
                xmlw_attr(box, "aria-label", doc_label(ch->series->language, n->checked ? DOC_LABEL_TASK_DONE : DOC_LABEL_TASK_TODO));
            }
            break;
        case DOC_NODE_BLOCK_QUOTE:
        case DOC_NODE_EMPH:
        case DOC_NODE_STRONG:
        case DOC_NODE_STRIKE:
            el = xmlw_el(cur, tag_for(n));
            break;
        case DOC_NODE_HTML_ELEMENT:
            el = xmlw_el(cur, n->tag);
            if (n->id)
                xmlw_attr(el, "id", n->id);
            for (const struct doc_attr *a = n->attrs; a && a->name; a++)
                xmlw_attr(el, a->name, a->value);
            break;
        case DOC_NODE_CODE_BLOCK:
            made = render_code_block(cur, n, mk, this_ord, book->series->language);
            break;
        case DOC_NODE_THEMATIC_BREAK:
            made = xmlw_el(cur, "hr");
            break;
        case DOC_NODE_TABLE: {
            xmlNodePtr wrap = xmlw_el(cur, "div");
            xmlw_attr(wrap, "class", "table-wrap");
            /* it scrolls sideways on narrow screens, so keyboards must reach it */
            xmlw_attr(wrap, "tabindex", "0");
            el = xmlw_el(wrap, "table");
            thead = tbody = NULL;
            break;
        }
        case DOC_NODE_TABLE_ROW:
            if (n->header) {
                if (!thead)
                    thead = xmlw_el(cur, "thead");
                el = xmlw_el(thead, "tr");
            } else {
                if (!tbody)
                    tbody = xmlw_el(cur, "tbody");
                el = xmlw_el(tbody, "tr");
            }
            break;
        case DOC_NODE_TABLE_CELL:
            el = xmlw_el(cur, n->header ? "th" : "td");
            if (n->header)
                xmlw_attr(el, "scope", "col");
            if (n->align == DOC_ALIGN_CENTER)
                xmlw_attr(el, "class", "al-c");
            else if (n->align == DOC_ALIGN_RIGHT)
                xmlw_attr(el, "class", "al-r");
            break;
        case DOC_NODE_FIGURE: {
            const struct doc_node *img = n->first_child;
            if (!img->image_src) {
                el = xmlw_el(cur, "p");
                break;
            }
            el = xmlw_el(cur, "figure");
            if (img->image_svg)
                xmlw_attr(el, "class", "svg-figure");
            render_image(el, img, book, true);
            char *caption = img->title ? xstrdup(img->title) : doc_node_plain_text(img);
            if (*caption)
                xmlw_el_text(el, "figcaption", caption);
            free(caption);
            doc_iter_skip_children(&it);
            break;
        }
        case DOC_NODE_FOOTNOTE_DEF: {
            if (!notes) {
                notes = xmlw_el(section, "section");
                xmlw_attr(notes, "class", "footnotes");
                xmlw_attr(notes, "aria-label", doc_label(ch->series->language, DOC_LABEL_NOTES));
                xmlw_el(notes, "hr");
            }
            el = xmlw_el(notes, "aside");
            xmlw_epub_type(el, "footnote");
            xmlw_attr(el, "role", "doc-footnote");
            xmlw_attr(el, "class", "footnote");
            xmlw_attr(el, "id", n->id);
            /* the back-link comes first: Kindle and Apple Books pop up the note
             * (none when the only reference was in the heading taken as title) */
            xmlNodePtr back = xmlw_el(el, n->ref_index > 0 ? "a" : "span");
            char buf[48];
            snprintf(buf, sizeof buf, "#fnref.%d", n->number);
            if (n->ref_index > 0) {
                xmlw_attr(back, "href", buf);
                xmlw_attr(back, "role", "doc-backlink");
            }
            xmlw_attr(back, "class", "backlink");
            snprintf(buf, sizeof buf, "%d.", n->number);
            xmlw_text(back, buf, strlen(buf));
            break;
        }
        case DOC_NODE_TEXT:
            render_text(cur, n, mk, this_ord);
            break;
        case DOC_NODE_SOFTBREAK:
            xmlw_text(cur, "\n", 1);
            break;
        case DOC_NODE_LINEBREAK:
            made = xmlw_el(cur, "br");
            break;
        case DOC_NODE_CODE:
            made = xmlw_el(cur, "code");
            xmlw_text(made, n->text, n->text_len);
            break;
        case DOC_NODE_LINK:
            if ((n->link_kind == DOC_LINK_EXTERNAL || n->link_kind == DOC_LINK_INTERNAL) &&
                !inside_link(cur)) {
                el = xmlw_el(cur, "a");
                char *href = href_for(ch->series, n, ch->index);
                xmlw_attr(el, "href", href);
                free(href);
                if (n->title)
                    xmlw_attr(el, "title", n->title);
                if (n->id)
                    xmlw_attr(el, "id", n->id);
            } else {
                el = n->id ? xmlw_el(cur, "span") : cur; /* kept as text, and an anchor */
            }
            break;
        case DOC_NODE_IMAGE:
            made = render_image(cur, n, book, false);
            doc_iter_skip_children(&it);
            break;
        case DOC_NODE_FOOTNOTE_REF: {
            xmlNodePtr sup = xmlw_el(cur, "sup");
            xmlNodePtr a = sup;
            if (!inside_link(cur)) {
                a = xmlw_el(sup, "a");
                xmlw_epub_type(a, "noteref");
                xmlw_attr(a, "role", "doc-noteref");
                xmlw_attr(a, "class", "noteref");
            }
            ensure_noteref_target(a, n);
            char num[16];
            snprintf(num, sizeof num, "%d", n->number);
            xmlw_text(a, num, strlen(num));
            break;
        }
        case DOC_NODE_INS:
        case DOC_NODE_DEL:
            el = redline_mark(cur, n->type == DOC_NODE_INS, book->series->language);
            break;
        case DOC_NODE_DOCUMENT:
        case DOC_NODE__COUNT:
            break;
        }
        /* an id written in raw HTML goes on the element the node became, as
         * links to it were resolved against every id the chapter has */
        xmlNodePtr own = el && el != cur ? el : made;
        if (n->id && own && !xmlHasProp(own, (const xmlChar *)"id"))
            xmlw_attr(own, "id", n->id);
        if (container) {
            if (depth == cap) {
                cap *= 2;
                stack = xmlRealloc(stack, cap * sizeof *stack);
            }
            stack[depth++] = cur;
            cur = el ? el : cur;
        }
    }
    xmlFree(stack);
    /* pages that begin after the chapter's last node: blank pages before the next chapter */
    while (mk->next < mk->n)
        pend(mk, &mk->items[mk->next++]);
    flush_marks(mk, section);
}

static xmlDocPtr chapter_tree(const struct doc_chapter *ch, const struct doc_book *book,
                              struct marks *mk)
{
    const struct series *s = book->series;
    xmlNodePtr body;
    xmlDocPtr doc = xmlw_page(ch->title, s->language, &body);
    xmlNodePtr section = xmlw_el(body, "section");
    xmlw_epub_type(section, "chapter");
    xmlw_attr(section, "role", "doc-chapter");
    xmlw_attr(section, "aria-labelledby", "chapter.title");
    xmlNodePtr head = xmlw_el(section, "header");
    xmlw_attr(head, "class", "chapter-head");
    /* the chapter's first page begins at its title (node 0, the root) */
    while (mk->next < mk->n && mk->items[mk->next].pos.node == 0 && mk->items[mk->next].pos.offset == 0)
        pend(mk, &mk->items[mk->next++]);
    flush_marks(mk, head);
    /* anchors earlier chapters link to but this one lacks: those links land here */
    const struct doc_chapter_info *info = &book->chapters[ch->index];
    for (size_t i = 0; i < info->n_missing; i++)
        xmlw_attr(xmlw_el(head, "span"), "id", info->missing[i]);
    /* The number is part of the heading: converters (Calibre's AZW3 and MOBI)
     * break the page before an h1, which left a page holding only the number. */
    xmlNodePtr h1 = xmlw_el(head, "h1");
    xmlw_attr(h1, "id", "chapter.title");
    size_t number = series_chapter_number(s, ch->index);
    if (number) { /* a section octavo made (the changes in this edition) has none */
        char num[32];
        snprintf(num, sizeof num, doc_label(s->language, DOC_LABEL_CHAPTER_NUMBER), number);
        xmlw_attr(xmlw_el_text(h1, "span", num), "class", "chapter-number");
        xmlw_el(h1, "br");
    }
    xmlw_text(h1, ch->title, strlen(ch->title));
    if (ch->description) {
        xmlNodePtr d = xmlw_el_text(head, "p", ch->description);
        xmlw_attr(d, "class", "chapter-description");
    }
    build_body(section, ch, book, mk);
    return doc;
}

char *epub_chapter_xhtml(const struct doc_chapter *ch, const struct doc_book *book,
                         const struct doc_page_start *pages, size_t n_pages, size_t *len_out)
{
    struct marks mk = {.items = pages, .n = pages ? n_pages : 0};
    xmlDocPtr doc = chapter_tree(ch, book, &mk);
    char *out = xmlw_dump(doc, len_out);
    xmlFreeDoc(doc);
    return out;
}
