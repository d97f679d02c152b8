/* libxml2 tree helpers: every page octavo writes is built as a tree, so it is
 * well-formed and escaped by construction. */
#include "epub/xmlw.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

xmlDocPtr xmlw_page(const char *title, const char *lang, xmlNodePtr *body_out)
{
    size_t len;
    const char *tpl = res_find("page.xhtml", &len);
    xmlDocPtr doc = xmlReadMemory(tpl, (int)len, "page.xhtml", "utf-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!doc) {
        fprintf(stderr, "octavo: templates/page.xhtml is not well-formed\n");
        abort();
    }
    xmlNodePtr html = xmlDocGetRootElement(doc);
    xmlw_attr(html, "lang", lang);
    xmlSetNsProp(html, xmlSearchNsByHref(doc, html, (const xmlChar *)XML_XML_NAMESPACE),
                 (const xmlChar *)"lang", (const xmlChar *)lang);
    for (xmlNodePtr n = html->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "head")) {
            for (xmlNodePtr h = n->children; h; h = h->next)
                if (h->type == XML_ELEMENT_NODE && !strcmp((const char *)h->name, "title"))
                    xmlNodeSetContent(h, NULL), xmlw_text(h, title, strlen(title));
        } else if (!strcmp((const char *)n->name, "body")) {
            *body_out = n;
        }
    }
    return doc;
}

xmlNodePtr xmlw_el(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = xmlNewDocNode(parent->doc, parent->ns, (const xmlChar *)name, NULL);
    xmlAddChild(parent, n);
    return n;
}

/* How many bytes the character at s[i] takes: positive if XML 1.0 allows it,
 * negative (the bytes to replace) if not. XML has no place for C0 controls
 * other than tab, LF and CR, nor for U+FFFE and U+FFFF, though they are valid
 * UTF-8 that Markdown passes on (a stray byte, &#1;, a YAML "\x01"); and
 * libxml2's HTML parser can hand back a byte that is not UTF-8 at all. */
static int xml_char_len(const unsigned char *s, size_t n, size_t i)
{
    uint32_t cp = 0;
    size_t len = utf8_decode(s, n, i, &cp);
    if (!len || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
        return -1;
    return cp == 0xFFFE || cp == 0xFFFF ? -(int)len : (int)len;
}

/* Every text and attribute value of every page comes through here, so this is
 * where characters XML cannot carry become U+FFFD. Returns text when it is
 * clean, else a cleaned copy held in tmp; *len is updated. */
static const char *xml_chars(const char *text, size_t *len, struct buf *tmp)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = *len, i = 0;
    int k;
    while (i < n && (k = xml_char_len(s, n, i)) > 0)
        i += (size_t)k;
    if (i == n)
        return text;
    buf_put(tmp, text, i);
    while (i < n) {
        k = xml_char_len(s, n, i);
        if (k > 0)
            buf_put(tmp, s + i, (size_t)k);
        else
            buf_puts(tmp, "\xEF\xBF\xBD");
        i += (size_t)(k > 0 ? k : -k);
    }
    *len = tmp->len;
    return buf_cstr(tmp);
}

void xmlw_text(xmlNodePtr parent, const char *text, size_t len)
{
    if (!len)
        return;
    struct buf tmp = BUF_INIT;
    text = xml_chars(text, &len, &tmp);
    xmlNodePtr t = xmlNewDocTextLen(parent->doc, (const xmlChar *)text, (int)len);
    buf_free(&tmp);
    if (!t) {
        fprintf(stderr, "octavo: out of memory\n");
        abort();
    }
    /* Linked by hand: xmlAddChild merges text into a text node before it, and
     * measures the whole merged text each time, which is quadratic in a
     * paragraph of many text nodes (130,000 flattened emphases took 40 s). */
    t->parent = parent;
    t->prev = parent->last;
    if (parent->last)
        parent->last->next = t;
    else
        parent->children = t;
    parent->last = t;
}

xmlNodePtr xmlw_el_text(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlw_el(parent, name);
    xmlw_text(n, text, strlen(text));
    return n;
}

void xmlw_attr(xmlNodePtr node, const char *name, const char *value)
{
    struct buf tmp = BUF_INIT;
    size_t len = strlen(value);
    xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)xml_chars(value, &len, &tmp));
    buf_free(&tmp);
}

void xmlw_epub_type(xmlNodePtr node, const char *value)
{
    xmlNsPtr ns = xmlSearchNs(node->doc, node, (const xmlChar *)"epub");
    if (!ns)
        ns = xmlSearchNs(node->doc, xmlDocGetRootElement(node->doc), (const xmlChar *)"epub");
    xmlSetNsProp(node, ns, (const xmlChar *)"type", (const xmlChar *)value);
}

char *xmlw_dump(xmlDocPtr doc, size_t *len_out)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &size, "utf-8");
    if (!mem) {
        fprintf(stderr, "octavo: out of memory serialising XML\n");
        abort();
    }
    char *out = xstrndup((const char *)mem, (size_t)size);
    xmlFree(mem);
    *len_out = (size_t)size;
    return out;
}
