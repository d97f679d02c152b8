/* Raw HTML in Markdown: parsed by libxml2's HTML parser (which repairs unclosed
 * and misnested tags), then sanitised into model nodes. Scripts, styles, frames,
 * forms and event handlers are dropped with a warning; nothing is pasted as text. */
#define _GNU_SOURCE /* memmem */
#include "doc/doc_internal.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum html_action { HTML_MAP, HTML_GENERIC, HTML_DROP, HTML_UNWRAP };

struct html_rule {
    const char *tag;
    enum html_action action;
    enum doc_node_type type; /* HTML_MAP */
    bool inline_element;     /* HTML_GENERIC */
    const char *parents;     /* HTML_GENERIC: space-separated tags it must sit in, or NULL */
};

static const struct html_rule rules[] = {
    {"p", HTML_MAP, DOC_NODE_PARAGRAPH, false, NULL},
    {"em", HTML_MAP, DOC_NODE_EMPH, true, NULL},
    {"i", HTML_MAP, DOC_NODE_EMPH, true, NULL},
    {"strong", HTML_MAP, DOC_NODE_STRONG, true, NULL},
    {"b", HTML_MAP, DOC_NODE_STRONG, true, NULL},
    {"del", HTML_MAP, DOC_NODE_STRIKE, true, NULL},
    {"s", HTML_MAP, DOC_NODE_STRIKE, true, NULL},
    {"strike", HTML_MAP, DOC_NODE_STRIKE, true, NULL},
    {"code", HTML_MAP, DOC_NODE_CODE, true, NULL},
    {"tt", HTML_MAP, DOC_NODE_CODE, true, NULL},
    {"pre", HTML_MAP, DOC_NODE_CODE_BLOCK, false, NULL},
    {"a", HTML_MAP, DOC_NODE_LINK, true, NULL},
    {"img", HTML_MAP, DOC_NODE_IMAGE, true, NULL},
    {"ul", HTML_MAP, DOC_NODE_LIST, false, NULL},
    {"ol", HTML_MAP, DOC_NODE_LIST, false, NULL},
    {"li", HTML_MAP, DOC_NODE_ITEM, false, NULL},
    {"blockquote", HTML_MAP, DOC_NODE_BLOCK_QUOTE, false, NULL},
    {"h1", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"h2", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"h3", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"h4", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"h5", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"h6", HTML_MAP, DOC_NODE_HEADING, false, NULL},
    {"hr", HTML_MAP, DOC_NODE_THEMATIC_BREAK, false, NULL},
    {"br", HTML_MAP, DOC_NODE_LINEBREAK, true, NULL},
    {"span", HTML_GENERIC, 0, true, NULL},
    {"sup", HTML_GENERIC, 0, true, NULL},
    {"sub", HTML_GENERIC, 0, true, NULL},
    {"kbd", HTML_GENERIC, 0, true, NULL},
    {"abbr", HTML_GENERIC, 0, true, NULL},
    {"mark", HTML_GENERIC, 0, true, NULL},
    {"small", HTML_GENERIC, 0, true, NULL},
    {"cite", HTML_GENERIC, 0, true, NULL},
    {"q", HTML_GENERIC, 0, true, NULL},
    {"dfn", HTML_GENERIC, 0, true, NULL},
    {"var", HTML_GENERIC, 0, true, NULL},
    {"samp", HTML_GENERIC, 0, true, NULL},
    {"time", HTML_GENERIC, 0, true, NULL},
    {"u", HTML_GENERIC, 0, true, NULL},
    {"ins", HTML_GENERIC, 0, true, NULL},
    {"bdi", HTML_GENERIC, 0, true, NULL},
    {"bdo", HTML_GENERIC, 0, true, NULL},
    {"wbr", HTML_GENERIC, 0, true, NULL},
    {"div", HTML_GENERIC, 0, false, NULL},
    {"section", HTML_GENERIC, 0, false, NULL},
    {"article", HTML_GENERIC, 0, false, NULL},
    {"header", HTML_GENERIC, 0, false, NULL},
    {"footer", HTML_GENERIC, 0, false, NULL},
    {"address", HTML_GENERIC, 0, false, NULL},
    {"figure", HTML_GENERIC, 0, false, NULL},
    {"figcaption", HTML_GENERIC, 0, false, "figure"},
    {"dl", HTML_GENERIC, 0, false, NULL},
    {"dt", HTML_GENERIC, 0, false, "dl"},
    {"dd", HTML_GENERIC, 0, false, "dl"},
    {"details", HTML_GENERIC, 0, false, NULL},
    {"summary", HTML_GENERIC, 0, false, "details"},
    {"table", HTML_GENERIC, 0, false, NULL},
    {"caption", HTML_GENERIC, 0, false, "table"},
    {"thead", HTML_GENERIC, 0, false, "table"},
    {"tbody", HTML_GENERIC, 0, false, "table"},
    {"tfoot", HTML_GENERIC, 0, false, "table"},
    {"tr", HTML_GENERIC, 0, false, "table thead tbody tfoot"},
    {"th", HTML_GENERIC, 0, false, "tr"},
    {"td", HTML_GENERIC, 0, false, "tr"},
    /* active or foreign content: dropped whole */
    {"script", HTML_DROP, 0, false, NULL},
    {"style", HTML_DROP, 0, false, NULL},
    {"iframe", HTML_DROP, 0, false, NULL},
    {"frame", HTML_DROP, 0, false, NULL},
    {"frameset", HTML_DROP, 0, false, NULL},
    {"object", HTML_DROP, 0, false, NULL},
    {"embed", HTML_DROP, 0, false, NULL},
    {"applet", HTML_DROP, 0, false, NULL},
    {"form", HTML_DROP, 0, false, NULL},
    {"input", HTML_DROP, 0, false, NULL},
    {"button", HTML_DROP, 0, false, NULL},
    {"select", HTML_DROP, 0, false, NULL},
    {"textarea", HTML_DROP, 0, false, NULL},
    {"noscript", HTML_DROP, 0, false, NULL},
    {"template", HTML_DROP, 0, false, NULL},
    {"link", HTML_DROP, 0, false, NULL},
    {"meta", HTML_DROP, 0, false, NULL},
    {"base", HTML_DROP, 0, false, NULL},
    {"title", HTML_DROP, 0, false, NULL},
    {"svg", HTML_DROP, 0, false, NULL},
    {"math", HTML_DROP, 0, false, NULL},
    {"canvas", HTML_DROP, 0, false, NULL},
    {"video", HTML_DROP, 0, false, NULL},
    {"audio", HTML_DROP, 0, false, NULL},
    {"dialog", HTML_DROP, 0, false, NULL},
    {"col", HTML_DROP, 0, false, NULL},
    {"colgroup", HTML_DROP, 0, false, NULL},
    {NULL, HTML_UNWRAP, 0, false, NULL},
};

static const struct html_rule *rule_for(const char *tag)
{
    const struct html_rule *r = rules;
    while (r->tag && strcmp(r->tag, tag) != 0)
        r++;
    return r;
}

/* Attributes any kept element may carry; the rest are dropped. */
static bool attr_allowed(const char *tag, const char *name)
{
    static const char *const global[] = {"id", "class", "title", "lang", "dir", NULL};
    for (const char *const *g = global; *g; g++)
        if (!strcmp(*g, name))
            return true;
    /* only names XML takes as they are: "data-x:y" would need a namespace */
    if (!strncmp(name, "data-", 5) &&
        !name[strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_.")])
        return true;
    /* ARIA attributes are typed and checked by name: the two any text may use */
    if (!strcmp(name, "aria-label") || !strcmp(name, "aria-hidden"))
        return true;
    if ((!strcmp(tag, "td") || !strcmp(tag, "th")) &&
        (!strcmp(name, "colspan") || !strcmp(name, "rowspan")))
        return true;
    if (!strcmp(tag, "th") && !strcmp(name, "scope"))
        return true;
    if (!strcmp(tag, "time") && !strcmp(name, "datetime"))
        return true;
    if ((!strcmp(tag, "q") || !strcmp(tag, "ins")) && !strcmp(name, "cite"))
        return true;
    if (!strcmp(tag, "details") && !strcmp(name, "open"))
        return true;
    return false;
}

static bool word_in(const char *words, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = words; (p = strstr(p, w)); p += n)
        if ((p == words || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

static bool one_of(const char *value, const char *words)
{
    return *value && !strchr(value, ' ') && word_in(words, value);
}

/* The values the XHTML schema accepts for the attributes that have a type. */
static bool attr_value_ok(const char *name, const char *v)
{
    size_t digits = strspn(v, "0123456789");
    if (!strcmp(name, "colspan") || !strcmp(name, "rowspan"))
        return digits && digits <= 4 && !v[digits] && atoi(v) >= 1 && atoi(v) <= 1000;
    if (!strcmp(name, "scope"))
        return one_of(v, "row col rowgroup colgroup");
    if (!strcmp(name, "dir"))
        return one_of(v, "ltr rtl auto");
    if (!strcmp(name, "aria-hidden"))
        return one_of(v, "true false");
    if (!strcmp(name, "open"))
        return !*v || !strcmp(v, "open");
    if (!strcmp(name, "datetime")) /* a date, the form every reader knows */
        return strlen(v) == 10 && strspn(v, "0123456789-") == 10 && v[4] == '-' && v[7] == '-';
    if (!strcmp(name, "lang")) { /* empty, or letters and digits in subtags */
        for (const char *p = v; *p; p++)
            if (!isalnum((unsigned char)*p) && !(*p == '-' && p > v && p[1] && p[1] != '-'))
                return false;
        return strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") >= (*v ? 2 : 0);
    }
    if (!strcmp(name, "cite")) /* a URL with nothing a URL may not hold */
        for (const unsigned char *p = (const unsigned char *)v; *p; p++)
            if (*p <= ' ' || strchr("\"<>\\^`{|}", *p) || *p == 0x7F)
                return false;
    return true;
}

struct html_ctx {
    struct doc_chapter *ch;
    struct diag_list *dl;
    int line;
    bool all_raw; /* an HTML block: everything is the author's raw HTML */
    bool warned_attr;
    bool warned_depth;
};

static const char *attr(struct arena *a, xmlNode *x, const char *name)
{
    xmlChar *v = xmlGetProp(x, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *s = arena_strdup(a, (const char *)v);
    xmlFree(v);
    return s;
}

static bool is_inline_context(const struct doc_node *n)
{
    switch (n->type) {
    case DOC_NODE_DOCUMENT:
    case DOC_NODE_BLOCK_QUOTE:
    case DOC_NODE_ITEM:
    case DOC_NODE_FOOTNOTE_DEF:
    case DOC_NODE_LIST: /* its items; children_fit let in nothing else */
        return false;
    case DOC_NODE_HTML_ELEMENT: /* a summary holds phrasing content, as a paragraph does */
        return n->inline_element || !strcmp(n->tag, "summary");
    default:
        return true;
    }
}

static bool parent_ok(const struct doc_node *cur, const char *parents)
{
    if (!parents)
        return true;
    if (cur->type != DOC_NODE_HTML_ELEMENT)
        return false;
    size_t tl = strlen(cur->tag);
    for (const char *p = parents; *p;) {
        size_t n = strcspn(p, " ");
        if (n == tl && !strncmp(p, cur->tag, n))
            return true;
        p += n;
        while (*p == ' ')
            p++;
    }
    return false;
}

static struct doc_node *make_element(struct html_ctx *c, struct doc_node *cur, xmlNode *x,
                                     const struct html_rule *r)
{
    struct arena *a = c->ch->arena;
    const char *tag = (const char *)x->name;
    struct doc_node *n = doc_node_new(a, r->action == HTML_MAP ? r->type : DOC_NODE_HTML_ELEMENT,
                                      c->line, 0);
    n->tag = arena_strdup(a, tag);
    n->inline_element = r->inline_element;
    n->raw_html = c->all_raw || cur->raw_html ||
                  xmlHasProp(x, (const xmlChar *)DOC_RAW_HTML_MARK) != NULL;
    n->id = attr(a, x, "id");
    bool named_anchor = !strcmp(tag, "a") && !n->id;
    if (named_anchor) /* <a name="x">, the older spelling of an anchor GitHub honours */
        n->id = attr(a, x, "name");
    size_t n_attrs = 0;
    for (xmlAttr *at = x->properties; at; at = at->next)
        n_attrs++;
    struct doc_attr *attrs = arena_alloc(a, (n_attrs + 1) * sizeof *attrs);
    size_t k = 0;
    for (xmlAttr *at = x->properties; at; at = at->next) {
        const char *name = (const char *)at->name;
        bool mapped_attr = r->action == HTML_MAP &&
                           (!strcmp(name, "href") || !strcmp(name, "src") ||
                            !strcmp(name, "alt") || !strcmp(name, "title") ||
                            !strcmp(name, "start") || !strcmp(name, "class") ||
                            !strcmp(name, "id") || !strcmp(name, "width") ||
                            !strcmp(name, "height"));
        if (mapped_attr || (named_anchor && !strcmp(name, "name")) ||
            !strcmp(name, DOC_RAW_HTML_MARK))
            continue;
        if (r->action == HTML_GENERIC && attr_allowed(tag, name)) {
            if (!strcmp(name, "id"))
                continue; /* carried in n->id, checked for uniqueness */
            const char *value = attr(a, x, name);
            if (!attr_value_ok(name, value ? value : "")) {
                diag_add(c->dl, DIAG_WARNING, c->ch->file, c->line, 0,
                         "raw HTML: attribute %s=\"%.40s\" on <%s> is not valid; dropped", name,
                         value ? value : "", tag);
                continue;
            }
            attrs[k].name = arena_strdup(a, name);
            attrs[k].value = value ? value : "";
            k++;
            continue;
        }
        bool handler = !strncasecmp(name, "on", 2);
        diag_add(c->dl, DIAG_WARNING, c->ch->file, c->line, 0,
                 "raw HTML: %s attribute '%s' on <%s> dropped",
                 handler ? "event-handler" : "unsupported", name, tag);
    }
    n->attrs = attrs;
    switch (n->type) {
    case DOC_NODE_LINK:
        n->url = attr(a, x, "href");
        n->title = attr(a, x, "title");
        break;
    case DOC_NODE_IMAGE: {
        n->url = attr(a, x, "src");
        if (!n->url)
            n->url = "";
        n->title = attr(a, x, "title");
        const char *alt = attr(a, x, "alt");
        if (alt && *alt) {
            struct doc_node *t = doc_node_new(a, DOC_NODE_TEXT, c->line, 0);
            t->text = alt;
            t->text_len = strlen(alt);
            doc_node_append(n, t);
        }
        break;
    }
    case DOC_NODE_HEADING:
        n->level = tag[1] - '0';
        break;
    case DOC_NODE_LIST: {
        n->ordered = !strcmp(tag, "ol");
        const char *start = attr(a, x, "start");
        n->list_start = start ? atoi(start) : 1;
        n->tight = false;
        break;
    }
    case DOC_NODE_CODE:
    case DOC_NODE_CODE_BLOCK: {
        xmlChar *content = xmlNodeGetContent(x);
        const char *s = content ? (const char *)content : "";
        n->text = arena_strdup(a, s);
        n->text_len = strlen(s);
        xmlFree(content);
        const char *cls = attr(a, x, "class");
        if (!cls && x->children && x->children->type == XML_ELEMENT_NODE)
            cls = attr(a, x->children, "class");
        if (cls && !strncmp(cls, "language-", 9))
            n->info = arena_strndup(a, cls + 9, strcspn(cls + 9, " "));
        break;
    }
    default:
        break;
    }
    return n;
}

static bool whitespace_only(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* Elements whose children HTML fixes (a list holds items, a row cells, a
 * definition list groups of dt then dd, a table its parts in order, a
 * details its summary first): one holding anything else would make the page
 * invalid, so it is unwrapped instead and its content kept. */
static bool children_fit(xmlNode *x)
{
    const char *tag = (const char *)x->name, *allowed = NULL;
    if (!strcmp(tag, "ul") || !strcmp(tag, "ol"))
        allowed = "li";
    else if (!strcmp(tag, "tr"))
        allowed = "td th";
    else if (!strcmp(tag, "thead") || !strcmp(tag, "tbody") || !strcmp(tag, "tfoot"))
        allowed = "tr";
    else if (!strcmp(tag, "table"))
        allowed = "caption thead tbody tr tfoot";
    else if (!strcmp(tag, "dl"))
        allowed = "dt dd";
    bool details = !strcmp(tag, "details");
    if (!allowed && !details)
        return true;
    int stage = 0;   /* table: the part seen last, 1 (caption) to 5 (tfoot) */
    char group = 0;  /* dl: 't' in a run of dt, 'd' in a run of dd */
    size_t seen = 0;
    for (xmlNode *k = x->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            if ((allowed || (details && !seen)) && k->content &&
                !whitespace_only((const char *)k->content))
                return false;
            continue;
        }
        const char *name = (const char *)k->name;
        if (k->type != XML_ELEMENT_NODE || rule_for(name)->action == HTML_DROP)
            continue; /* comments, and what is dropped anyway */
        seen++;
        if (details) {
            if (seen == 1 && strcmp(name, "summary"))
                return false;
            continue;
        }
        if (!word_in(allowed, name))
            return false;
        /* what is unwrapped out of a table's part would land in the table */
        if (word_in("thead tbody tfoot tr", name) && !children_fit(k))
            return false;
        if (!strcmp(tag, "table")) {
            /* caption, thead, then tbody elements or tr elements, then tfoot */
            int want = !strcmp(name, "caption") ? 1
                       : !strcmp(name, "thead") ? 2
                       : !strcmp(name, "tbody") ? 3
                       : !strcmp(name, "tr")    ? 4
                                                : 5;
            bool repeats = want == 3 || want == 4;
            if (want < stage || (want == stage && !repeats) || (stage == 3 && want == 4))
                return false;
            stage = want;
        } else if (!strcmp(tag, "dl")) {
            if (!strcmp(name, "dd") && !group)
                return false;
            group = name[1];
        }
    }
    return group != 't' && !(details && !seen);
}

/* Past DOC_MAX_DEPTH an element that could nest again is unwrapped (its
 * content kept), as md_import flattens Markdown; an element that must sit in
 * its parent (li, tr, td, dt, summary…) stays, since its parent stayed. */
static bool too_deep(struct html_ctx *c, const struct doc_node *cur, const struct html_rule *r)
{
    bool structural = r->parents || (r->action == HTML_MAP && r->type == DOC_NODE_ITEM);
    if (structural || r->action == HTML_DROP || !doc_node_too_deep(cur))
        return false;
    if (!c->warned_depth) {
        c->warned_depth = true;
        diag_add(c->dl, DIAG_WARNING, c->ch->file, c->line, 0,
                 "raw HTML nested deeper than %d levels is flattened; the text is kept",
                 DOC_MAX_DEPTH);
    }
    return true;
}

static bool is_inline_xml(const xmlNode *x)
{
    if (!x)
        return false;
    if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
        return !whitespace_only((const char *)x->content);
    const struct html_rule *r = x->type == XML_ELEMENT_NODE ? rule_for((const char *)x->name)
                                                            : NULL;
    return r && r->inline_element && r->action != HTML_DROP;
}

/* White space between two pieces of phrasing content (<code>a</code>
 * <code>b</code> in a cell) separates words, even in a block: kept. */
static bool between_inlines(const xmlNode *x)
{
    return is_inline_xml(x->prev) && is_inline_xml(x->next);
}

/* Walks the parsed tree without recursion; xmlNode._private remembers which
 * model node an element opened, so leaving it restores the parent. */
static void convert(struct html_ctx *c, struct doc_node *parent, xmlNode *first)
{
    struct doc_node *cur = parent;
    xmlNode *x = first;
    while (x) {
        bool descend = false;
        if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)x->content;
            if (s && *s && !(doc_node_holds_blocks(cur) && whitespace_only(s) &&
                             !between_inlines(x))) {
                struct doc_node *t = doc_node_new(c->ch->arena, DOC_NODE_TEXT, c->line, 0);
                t->text = arena_strdup(c->ch->arena, s);
                t->text_len = strlen(s);
                t->raw_html = c->all_raw || cur->raw_html;
                doc_node_append(cur, t);
            }
        } else if (x->type == XML_ELEMENT_NODE) {
            const char *tag = (const char *)x->name;
            const struct html_rule *r = rule_for(tag);
            bool block = !r->inline_element;
            xmlChar *cls = xmlGetProp(x, (const xmlChar *)"class");
            bool note_ref = !strcmp(tag, "sup") && cls && !strcmp((const char *)cls, "footnote-ref");
            bool deep = false; /* unwrapped only because it lies too deep */
            xmlFree(cls);
            if (note_ref) {
                /* cmark's rendering of [^label] in a paragraph we re-parsed */
                xmlChar *num = xmlNodeGetContent(x);
                struct doc_node *n = doc_node_new(c->ch->arena, DOC_NODE_FOOTNOTE_REF, c->line, 0);
                n->number = num ? atoi((const char *)num) : 0;
                xmlFree(num);
                doc_node_append(cur, n);
            } else if (r->action == HTML_DROP) {
                diag_add(c->dl, DIAG_WARNING, c->ch->file, c->line, 0,
                         "raw HTML: <%s> dropped", tag);
            } else if (r->action == HTML_UNWRAP || (deep = too_deep(c, cur, r)) ||
                       (block && is_inline_context(cur) && r->type != DOC_NODE_LINEBREAK) ||
                       (r->action == HTML_MAP && r->type == DOC_NODE_ITEM &&
                        cur->type != DOC_NODE_LIST) ||
                       (r->action == HTML_GENERIC && !parent_ok(cur, r->parents)) ||
                       /* only first: content unwrapped into its parent may precede it */
                       ((!strcmp(tag, "summary") || !strcmp(tag, "figcaption")) &&
                        cur->first_child) ||
                       !children_fit(x) ||
                       (r->action == HTML_MAP && r->type == DOC_NODE_LINK &&
                        !xmlHasProp(x, (const xmlChar *)"href"))) {
                bool anchor_only = !deep && r->action == HTML_MAP && r->type == DOC_NODE_LINK;
                if (anchor_only) {
                    /* <a id="x"></a>: an anchor, kept as a span carrying the id */
                    struct doc_node *n = make_element(c, cur, x, rule_for("span"));
                    n->tag = "span"; /* not <a>, which links may not hold */
                    doc_node_append(cur, n);
                    cur = n;
                    x->_private = n;
                } else if (!deep && (r->action != HTML_UNWRAP ||
                                     (strcmp(tag, "html") && strcmp(tag, "body") &&
                                      strcmp(tag, "head")))) {
                    diag_add(c->dl, DIAG_WARNING, c->ch->file, c->line, 0,
                             "raw HTML: <%s> %s; its content is kept", tag,
                             r->action == HTML_UNWRAP ? "is not supported"
                                                      : "is misplaced here");
                }
                descend = true;
            } else {
                struct doc_node *n = make_element(c, cur, x, r);
                doc_node_append(cur, n);
                bool leaf = doc_node_is_leaf(n);
                if (!leaf && n->type != DOC_NODE_IMAGE) {
                    cur = n;
                    x->_private = n;
                    descend = true;
                }
            }
        }
        if (descend && x->children) {
            x = x->children;
            continue;
        }
        /* leave x and every ancestor that has no next sibling */
        for (;;) {
            if (x->_private) {
                cur = cur->parent ? cur->parent : cur;
                x->_private = NULL;
            }
            if (x->next) {
                x = x->next;
                break;
            }
            x = x->parent;
            if (!x || x == first->parent) {
                x = NULL;
                break;
            }
            if (descend)
                descend = false;
        }
    }
}

/* libxml2 closes elements left open at the end of input without a word, so
 * unclosed tags are found here: a stack of open elements over the raw text.
 * Void elements and those whose end tag HTML makes optional are not counted. */
static bool tags_balanced(const char *s, size_t len)
{
    static const char *const exempt[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
        "tfoot", "option", "optgroup", "colgroup", "rt", "rp", "caption", "html", "head", "body",
        NULL,
    };
    char stack[64][16];
    size_t depth = 0;
    bool ok = true;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '<')
            continue;
        if (i + 3 < len && !strncmp(s + i, "<!--", 4)) {
            const char *end = memmem(s + i, len - i, "-->", 3);
            if (!end)
                return false;
            i = (size_t)(end - s) + 2;
            continue;
        }
        bool closing = i + 1 < len && s[i + 1] == '/';
        size_t j = i + 1 + closing, n = 0;
        char name[16];
        while (j < len && n < sizeof name - 1 &&
               ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                (s[j] >= '0' && s[j] <= '9')))
            name[n++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] + 32 : s[j]), j++;
        name[n] = '\0';
        if (!n)
            continue;
        const char *gt = memchr(s + j, '>', len - j);
        if (!gt)
            return false;
        bool self_closing = gt > s + j && gt[-1] == '/';
        bool skip = self_closing;
        for (const char *const *e = exempt; *e && !skip; e++)
            skip = !strcmp(*e, name);
        if (!strcmp(name, "script") || !strcmp(name, "style")) {
            /* raw text: jump to its end tag */
            char endtag[24];
            snprintf(endtag, sizeof endtag, "</%s", name);
            const char *end = NULL;
            for (size_t k = (size_t)(gt - s); k + strlen(endtag) <= len && !end; k++)
                if (!strncasecmp(s + k, endtag, strlen(endtag)))
                    end = s + k;
            if (!end)
                return false;
            i = (size_t)(end - s);
            continue;
        }
        i = (size_t)(gt - s);
        if (skip)
            continue;
        if (!closing) {
            if (depth < 64)
                memcpy(stack[depth], name, n + 1);
            depth++;
        } else if (depth > 64 || (depth > 0 && !strcmp(stack[depth - 1], name))) {
            depth--; /* past the names kept, an end tag is taken on trust */
        } else {
            ok = false; /* a stray or misnested end tag */
            if (depth > 0)
                depth--;
        }
    }
    return ok && depth == 0;
}

void html_import(struct doc_chapter *ch, struct doc_node *parent, const char *html, size_t len,
                 int line, bool all_raw, struct diag_list *dl)
{
    if (len > INT32_MAX)
        len = INT32_MAX;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return;
    /* libxml2 drops a space between two inline elements ("<b>x</b> <code>y")
     * as "ignorable": a word join GitHub never makes. Every space is text. */
    ctxt->sax->ignorableWhitespace = ctxt->sax->characters;
    /* XML_PARSE_HUGE: past 256 levels libxml2 would stop and silently drop the
     * rest of the block; the model flattens deep nesting itself (too_deep). */
    htmlDocPtr hdoc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
                                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                             HTML_PARSE_NONET | HTML_PARSE_NODEFDTD |
                                             XML_PARSE_HUGE);
    struct html_ctx c = {.ch = ch, .dl = dl, .line = line, .all_raw = all_raw};
    if (hdoc) {
        if (!tags_balanced(html, len))
            diag_add(dl, DIAG_WARNING, ch->file, line, 0,
                     "raw HTML is malformed (unclosed or misnested tags) and was repaired");
        xmlNode *root = xmlDocGetRootElement(hdoc);
        for (xmlNode *sec = root ? root->children : NULL; sec; sec = sec->next) {
            if (sec->type != XML_ELEMENT_NODE)
                continue;
            if (!strcmp((const char *)sec->name, "head")) {
                for (xmlNode *h = sec->children; h; h = h->next)
                    if (h->type == XML_ELEMENT_NODE)
                        diag_add(dl, DIAG_WARNING, ch->file, line, 0, "raw HTML: <%s> dropped",
                                 (const char *)h->name);
            } else if (sec->children) {
                convert(&c, parent, sec->children);
            }
        }
        xmlFreeDoc(hdoc);
    }
    htmlFreeParserCtxt(ctxt);
}
