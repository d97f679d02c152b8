/* The only file that includes cmark-gfm: translates its tree, once, into ours. */
#include "doc/doc_internal.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const gfm_extensions[] = {"table", "strikethrough", "autolink", "tasklist",
                                             NULL};

/* cmark-gfm adds its extensions' special characters to a process-global table
 * when a parse starts and removes them when it ends, so two parses at once
 * corrupt each other (autolinks and ~~ silently lost). Parsing is serialised;
 * everything after it runs in parallel. */
static pthread_mutex_t cmark_lock = PTHREAD_MUTEX_INITIALIZER;
/* What the lock costs (OCTAVO_TIMINGS): guarded by cmark_lock itself. */
static struct {
    double held, waited;
} lock_stats;

void doc_parse_lock_stats(double *held, double *waited)
{
    pthread_mutex_lock(&cmark_lock);
    *held = lock_stats.held;
    *waited = lock_stats.waited;
    pthread_mutex_unlock(&cmark_lock);
}

void doc_init(void)
{
    /* cmark-gfm's extension registry is process-global: fill it before threads start. */
    cmark_gfm_core_extensions_ensure_registered();
}

/* A paragraph with inline raw HTML is re-rendered by cmark and parsed as HTML,
 * because a tag and its end tag are separate cmark nodes. */
static bool has_inline_html(cmark_node *para)
{
    cmark_iter *it = cmark_iter_new(para);
    cmark_event_type ev;
    bool found = false;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        found = ev == CMARK_EVENT_ENTER &&
                cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_HTML_INLINE;
    cmark_iter_free(it);
    return found;
}

/* A copy of a string cmark made, in valid UTF-8. The input was checked, but
 * cmark writes the character references &#xFFFE; and &#xFFFF; as the single
 * bytes FE and FF (utf8proc's encoding), which are not UTF-8. */
static char *utf8_copy(struct arena *a, const char *s, size_t *len_out)
{
    size_t len = strlen(s);
    int line, col;
    char *copy;
    if (utf8_validate(s, len, &line, &col)) {
        copy = arena_strndup(a, s, len);
    } else {
        struct buf b = BUF_INIT;
        utf8_repair(&b, s, len);
        len = b.len;
        copy = arena_strndup(a, buf_cstr(&b), len);
        buf_free(&b);
    }
    if (len_out)
        *len_out = len;
    return copy;
}

static const char *lit(struct arena *a, cmark_node *n, size_t *len_out)
{
    const char *s = cmark_node_get_literal(n);
    return utf8_copy(a, s ? s : "", len_out);
}

static enum doc_align align_of(uint8_t a)
{
    switch (a) {
    case 'l': return DOC_ALIGN_LEFT;
    case 'c': return DOC_ALIGN_CENTER;
    case 'r': return DOC_ALIGN_RIGHT;
    default: return DOC_ALIGN_NONE;
    }
}

/* The containers Markdown lets nest without end; the rest (paragraphs,
 * headings, tables, links) cannot hold themselves. */
static bool nests_freely(cmark_node_type t, const char *tname)
{
    switch (t) {
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        return true;
    default:
        return tname && !strcmp(tname, "strikethrough");
    }
}

/* Marks each start tag of inline raw HTML below node with DOC_RAW_HTML_MARK,
 * so that html_import knows the author's elements from cmark's own. */
static void mark_raw_tags(cmark_node *node)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *k = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(k) != CMARK_NODE_HTML_INLINE)
            continue;
        const char *tag = cmark_node_get_literal(k);
        if (!tag || tag[0] != '<' || !((tag[1] >= 'a' && tag[1] <= 'z') ||
                                       (tag[1] >= 'A' && tag[1] <= 'Z')))
            continue; /* an end tag, comment, declaration or processing instruction */
        size_t name = 1 + strspn(tag + 1, "abcdefghijklmnopqrstuvwxyz"
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
        char *marked = xasprintf("%.*s " DOC_RAW_HTML_MARK "%s", (int)name, tag, tag + name);
        cmark_node_set_literal(k, marked);
        free(marked);
    }
    cmark_iter_free(it);
}

/* The inline content of a heading or table cell that holds raw HTML, rendered
 * by cmark and parsed as HTML into n: an <a name="x"></a> in a heading becomes
 * an anchor inside it, as on GitHub, never text. */
static void import_inline_html(struct doc_chapter *ch, struct doc_node *n, cmark_node *cn,
                               int options, cmark_parser *parser, int line,
                               struct diag_list *dl)
{
    /* inside <body>: text first would get libxml2's implied <p> */
    struct buf html = BUF_INIT;
    buf_puts(&html, "<body>");
    mark_raw_tags(cn);
    for (cmark_node *k = cmark_node_first_child(cn); k; k = cmark_node_next(k)) {
        char *part = cmark_render_html(k, options, cmark_parser_get_syntax_extensions(parser));
        buf_puts(&html, part);
        free(part);
    }
    buf_puts(&html, "</body>");
    struct buf clean = BUF_INIT;
    utf8_repair(&clean, buf_cstr(&html), html.len);
    html_import(ch, n, buf_cstr(&clean), clean.len, line, false, dl);
    buf_free(&clean);
    buf_free(&html);
}

static bool is_lone_image(cmark_node *para)
{
    cmark_node *c = cmark_node_first_child(para);
    return c && cmark_node_get_type(c) == CMARK_NODE_IMAGE && !cmark_node_next(c);
}

/* cmark-gfm allocates through octavo's wrappers: one out-of-memory exit
 * (alloc.c) for every library. */
static cmark_mem cmark_mem_x = {xcalloc, xrealloc, free};

struct doc_node *md_import(struct doc_chapter *ch, const char *text, size_t len, int line_base,
                           struct diag_list *dl)
{
    struct arena *a = ch->arena;
    const int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE;
    double t0 = base_clock_seconds();
    pthread_mutex_lock(&cmark_lock);
    double t1 = base_clock_seconds();
    cmark_parser *parser = cmark_parser_new_with_mem(options, &cmark_mem_x);
    for (const char *const *e = gfm_extensions; *e; e++)
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(*e));
    cmark_parser_feed(parser, text, len);
    cmark_node *cdoc = cmark_parser_finish(parser);
    lock_stats.held += base_clock_seconds() - t1;
    lock_stats.waited += t1 - t0;
    pthread_mutex_unlock(&cmark_lock);

    struct doc_node *root = doc_node_new(a, DOC_NODE_DOCUMENT, 1, 1);
    struct doc_node *cur = root;
    int footnote_defs = 0;
    uint8_t *aligns = NULL;
    uint16_t n_aligns = 0;
    int cell_col = 0;
    /* The cmark nodes that opened our current containers: an EXIT pops only its own. */
    cmark_node **open = NULL;
    size_t n_open = 0, cap_open = 0;
    int flattened = 0;

    cmark_iter *it = cmark_iter_new(cdoc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *cn = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(cn);
        if (t == CMARK_NODE_DOCUMENT)
            continue;
        if (ev == CMARK_EVENT_EXIT) {
            if (n_open && open[n_open - 1] == cn) {
                n_open--;
                cur = cur->parent;
            }
            continue;
        }
        int line = cmark_node_get_start_line(cn);
        int col = cmark_node_get_start_column(cn);
        if (line <= 0) { /* autolinks carry no position: use the enclosing block's */
            for (struct doc_node *p = cur; p && line <= 0; p = p->parent)
                line = p->line - line_base, col = p->col;
        }
        line += line_base;
        const char *tname = cmark_node_get_type_string(cn);
        /* Past DOC_MAX_DEPTH such a container is not opened and its content
         * goes into the deepest one; a list keeps its items. */
        if (n_open >= DOC_MAX_DEPTH && nests_freely(t, tname) &&
            !(t == CMARK_NODE_ITEM && cur->type == DOC_NODE_LIST)) {
            if (!flattened++)
                diag_add(dl, DIAG_WARNING, ch->file, line, col,
                         "nesting deeper than %d levels (block quotes, lists, emphasis) is "
                         "flattened; the text is kept",
                         DOC_MAX_DEPTH);
            continue;
        }
        struct doc_node *n = NULL;
        bool container = false;
        switch (t) {
        case CMARK_NODE_BLOCK_QUOTE:
            n = doc_node_new(a, DOC_NODE_BLOCK_QUOTE, line, col);
            container = true;
            break;
        case CMARK_NODE_LIST:
            n = doc_node_new(a, DOC_NODE_LIST, line, col);
            n->ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
            n->list_start = cmark_node_get_list_start(cn);
            n->tight = cmark_node_get_list_tight(cn);
            container = true;
            break;
        case CMARK_NODE_ITEM:
            n = doc_node_new(a, DOC_NODE_ITEM, line, col);
            if (tname && !strcmp(tname, "tasklist")) {
                n->is_task = true;
                n->checked = cmark_gfm_extensions_get_tasklist_item_checked(cn);
            }
            container = true;
            break;
        case CMARK_NODE_CODE_BLOCK: {
            n = doc_node_new(a, DOC_NODE_CODE_BLOCK, line, col);
            n->text = lit(a, cn, &n->text_len);
            const char *info = cmark_node_get_fence_info(cn);
            if (info && *info) {
                char *lang = utf8_copy(a, info, NULL);
                lang[strcspn(lang, " \t{,")] = '\0';
                n->info = lang;
            }
            break;
        }
        case CMARK_NODE_HTML_BLOCK: {
            size_t hl;
            const char *h = cmark_node_get_literal(cn);
            hl = h ? strlen(h) : 0;
            html_import(ch, cur, h ? h : "", hl, line, true, dl);
            continue;
        }
        case CMARK_NODE_PARAGRAPH:
            if (has_inline_html(cn)) {
                mark_raw_tags(cn);
                char *html = cmark_render_html(cn, options,
                                               cmark_parser_get_syntax_extensions(parser));
                struct buf clean = BUF_INIT;
                utf8_repair(&clean, html, strlen(html));
                free(html);
                html_import(ch, cur, buf_cstr(&clean), clean.len, line, false, dl);
                buf_free(&clean);
                cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
                continue;
            }
            n = doc_node_new(a, is_lone_image(cn) ? DOC_NODE_FIGURE : DOC_NODE_PARAGRAPH, line,
                             col);
            container = true;
            break;
        case CMARK_NODE_HEADING:
            n = doc_node_new(a, DOC_NODE_HEADING, line, col);
            n->level = cmark_node_get_heading_level(cn);
            if (has_inline_html(cn)) {
                doc_node_append(cur, n);
                import_inline_html(ch, n, cn, options, parser, line, dl);
                cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
                continue;
            }
            container = true;
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            n = doc_node_new(a, DOC_NODE_THEMATIC_BREAK, line, col);
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            n = doc_node_new(a, DOC_NODE_FOOTNOTE_DEF, line, col);
            n->number = ++footnote_defs; /* cmark orders definitions by first reference */
            container = true;
            break;
        case CMARK_NODE_TEXT:
            n = doc_node_new(a, DOC_NODE_TEXT, line, col);
            n->text = lit(a, cn, &n->text_len);
            break;
        case CMARK_NODE_SOFTBREAK:
            n = doc_node_new(a, DOC_NODE_SOFTBREAK, line, col);
            break;
        case CMARK_NODE_LINEBREAK:
            n = doc_node_new(a, DOC_NODE_LINEBREAK, line, col);
            break;
        case CMARK_NODE_CODE:
            n = doc_node_new(a, DOC_NODE_CODE, line, col);
            n->text = lit(a, cn, &n->text_len);
            break;
        case CMARK_NODE_HTML_INLINE:
            /* paragraphs, headings and table cells holding it were re-parsed
             * whole (import_inline_html); anywhere else it is kept as text */
            n = doc_node_new(a, DOC_NODE_TEXT, line, col);
            n->text = lit(a, cn, &n->text_len);
            diag_add(dl, DIAG_WARNING, ch->file, line, col,
                     "raw HTML '%.40s' is kept as text here", n->text);
            break;
        case CMARK_NODE_EMPH:
            n = doc_node_new(a, DOC_NODE_EMPH, line, col);
            container = true;
            break;
        case CMARK_NODE_STRONG:
            n = doc_node_new(a, DOC_NODE_STRONG, line, col);
            container = true;
            break;
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE: {
            n = doc_node_new(a, t == CMARK_NODE_LINK ? DOC_NODE_LINK : DOC_NODE_IMAGE, line, col);
            const char *u = cmark_node_get_url(cn), *ti = cmark_node_get_title(cn);
            n->url = utf8_copy(a, u ? u : "", NULL);
            n->title = ti && *ti ? utf8_copy(a, ti, NULL) : NULL;
            container = true;
            break;
        }
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            n = doc_node_new(a, DOC_NODE_FOOTNOTE_REF, line, col);
            n->number = atoi(cmark_node_get_literal(cn) ? cmark_node_get_literal(cn) : "0");
            break;
        default:
            if (tname && !strcmp(tname, "table")) {
                n = doc_node_new(a, DOC_NODE_TABLE, line, col);
                n_aligns = cmark_gfm_extensions_get_table_columns(cn);
                aligns = cmark_gfm_extensions_get_table_alignments(cn);
                container = true;
            } else if (tname && (!strcmp(tname, "table_row") || !strcmp(tname, "table_header"))) {
                n = doc_node_new(a, DOC_NODE_TABLE_ROW, line, col);
                n->header = !strcmp(tname, "table_header");
                cell_col = 0;
                container = true;
            } else if (tname && !strcmp(tname, "table_cell")) {
                n = doc_node_new(a, DOC_NODE_TABLE_CELL, line, col);
                n->header = cur->header;
                if (aligns && cell_col < n_aligns)
                    n->align = align_of(aligns[cell_col]);
                cell_col++;
                if (has_inline_html(cn)) {
                    doc_node_append(cur, n);
                    import_inline_html(ch, n, cn, options, parser, line, dl);
                    cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
                    continue;
                }
                container = true;
            } else if (tname && !strcmp(tname, "strikethrough")) {
                n = doc_node_new(a, DOC_NODE_STRIKE, line, col);
                container = true;
            } else if (cmark_node_first_child(cn)) {
                /* An unknown container: keep its content in a neutral span. */
                n = doc_node_new(a, DOC_NODE_HTML_ELEMENT, line, col);
                n->tag = "span";
                n->inline_element = true;
                container = true;
            } else {
                /* An unknown leaf: keep its text, never lose content. */
                n = doc_node_new(a, DOC_NODE_TEXT, line, col);
                n->text = lit(a, cn, &n->text_len);
            }
            break;
        }
        doc_node_append(cur, n);
        if (container) {
            open = xreserve(open, &cap_open, n_open + 1, sizeof *open);
            open[n_open++] = cn;
            cur = n;
        }
    }
    free(open);
    cmark_iter_free(it);
    cmark_node_free(cdoc);
    cmark_parser_free(parser);
    return root;
}
